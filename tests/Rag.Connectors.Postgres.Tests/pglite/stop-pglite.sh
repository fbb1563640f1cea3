#!/usr/bin/env bash
# Stops the PGlite server started by start-pglite.sh (by its recorded pid); does nothing when none runs.
set -euo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ -f "$dir/pglite.pid" ]]; then
  pid="$(cat "$dir/pglite.pid")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$dir/pglite.pid"
fi
