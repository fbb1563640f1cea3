# Scaling curve of the SQLite store: p50 latency against chunk count, today's implementation vs the new defaults.
# Input: the TSV written by `Rag.Benchmarks.dll store --sizes ... --tsv docs/plots/store-curve.tsv`.
# Run from the repository root: gnuplot docs/plots/store-curve.gp
set terminal pngcairo size 900,520 font ",10"
set output "docs/plots/store-curve.png"
set datafile separator "\t"
set key autotitle columnhead top left
set logscale xy
set xlabel "chunks"
set ylabel "p50 latency (ms), log scale"
set grid
set title "SQLite store, top-10 p50 (today: float32 + bm25() in SQL; new: int8 + in-memory BM25)"
plot "docs/plots/store-curve.tsv" using 1:7 with linespoints lw 2 dt 2 lc rgb "#c0392b" title "keyword today", \
     "" using 1:9 with linespoints lw 2 lc rgb "#c0392b" title "keyword new", \
     "" using 1:11 with linespoints lw 2 dt 2 lc rgb "#2c3e50" title "hybrid today", \
     "" using 1:13 with linespoints lw 2 lc rgb "#2c3e50" title "hybrid new", \
     "" using 1:2 with linespoints lw 2 dt 2 lc rgb "#27ae60" title "vector today", \
     "" using 1:4 with linespoints lw 2 lc rgb "#27ae60" title "vector new"
