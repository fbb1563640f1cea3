#!/usr/bin/env bash
# Peak memory of reading (and chunking) one hostile file, against the same process reading a small seed:
#   tests/Rag.Fuzz/measure-memory.sh <hostile-folder> [work-folder]
# <hostile-folder> holds one sub-folder per fuzz target (make-hostile-files.py writes one). Each file runs alone in a fresh
# `Rag.Fuzz replay` process (uninstrumented; the reader, then the chunker, as the ingestor runs them, with its default
# 2-minute per-file limit) under /usr/bin/time; growth is over the largest peak RSS of replaying that target's seeds.
# Prints a Markdown table: size, outcome (Read, Rejected, TIMEOUT at the 2-minute limit, FINDING, or killed at 150 s), seconds, peak RSS, growth.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
hostile="$(cd "$1" && pwd)"
work="${2:-${TMPDIR:-/tmp}/rag-fuzz}"
plain="$work/plain"
if [ ! -f "$plain/Rag.Fuzz.dll" ]; then
  dotnet publish "$here/Rag.Fuzz.csproj" -c Release -o "$plain" >/dev/null
fi

peak() { # target file -> "outcome seconds rss_kib"
  local log
  log="$(mktemp)"
  /usr/bin/time -f "%M %e" -o "$log.time" timeout 150 dotnet "$plain/Rag.Fuzz.dll" replay "$1" "$2" >"$log" 2>&1 || true
  local outcome rss seconds
  outcome="$(awk 'NR==1 {print $1}' "$log")"
  # The last line is "<max RSS KiB> <seconds>" (a line before it reports a non-zero exit status).
  read -r rss seconds < <(tail -n 1 "$log.time")
  echo "${outcome:-killed} $seconds $rss"
  rm -f "$log" "$log.time"
}

declare -A baseline
for target_dir in "$hostile"/*/; do
  target="$(basename "$target_dir")"
  baseline[$target]=0
  for seed in "$here/corpus/$target"/*; do
    read -r _ _ rss <<<"$(peak "$target" "$seed")"
    if [ "$rss" -gt "${baseline[$target]}" ]; then baseline[$target]="$rss"; fi
  done
done

echo "| Target | File | Size (MiB) | Outcome | Time (s) | Peak RSS (MiB) | Seed peak RSS (MiB) | Growth (MiB) |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
for file in "$hostile"/*/*; do
  target="$(basename "$(dirname "$file")")"
  read -r outcome seconds rss <<<"$(peak "$target" "$file")"
  size=$(stat -L -c %s "$file")
  printf '| %s | %s | %.1f | %s | %s | %d | %d | %d |\n' "$target" "$(basename "$file")" "$(echo "$size / 1048576" | bc -l)" \
    "$outcome" "$seconds" $((rss / 1024)) $((baseline[$target] / 1024)) $(((rss - baseline[$target]) / 1024))
done
