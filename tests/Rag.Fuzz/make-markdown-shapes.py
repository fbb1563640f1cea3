#!/usr/bin/env python3
"""Markdown shapes that can make a parser grow faster than the file, N repetitions of each (docs/reliability.md, "Markdown shapes"):

    python3 tests/Rag.Fuzz/make-markdown-shapes.py <shape> <n> <out.md>
    /usr/bin/time -f "%e s %M KB" dotnet <work>/plain/Rag.Fuzz.dll replay md <out.md>
"""
import sys


def refdefs(n): return ''.join(f'[l{i}]: http://x/{i}\n' for i in range(n))


def refdefs_blank(n): return ''.join(f'[l{i}]: http://x/{i}\n\n' for i in range(n))


def open_brackets(n): return '[a ' * n + '\n'


def stars_open(n): return '*a ' * n + '\n'


def unders_open(n): return '_a ' * n + '\n'


def emph_closers(n): return 'a_ ' * n + '\n'


def backtick_lines(n): return ''.join('`'*((i%50)+1)+'a\n' for i in range(n))


def pipe_rows(n): return '|a|b|\n|-|-|\n' + ''.join(f'|{i}|x|\n' for i in range(n))


def quotes_lines(n): return ''.join('> ' * 200 + 'a\n' for i in range(n//200+1))


def unclosed_link_a(n): return '[a](<b' * n + '\n'


def html_block_deep(n): return '<div>' * n + '\n'


def setext(n): return ''.join('a\n=\n' for i in range(n))


def same_ref(n): return ''.join('[a]: /u\n\n' for i in range(n))


SHAPES = {name: f for name, f in dict(globals()).items() if callable(f)}

if __name__ == "__main__":
    name, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(path, "w") as f:
        f.write(SHAPES[name](n))
