#!/usr/bin/env bash
# Starts PGlite (PostgreSQL 18 compiled to WebAssembly, with pgvector) as a PostgreSQL wire server on 127.0.0.1,
# in the background, for the Rag.Connectors.Postgres tests.
#
#   usage: start-pglite.sh [port]          (default port 54329)
#   stdout: the Npgsql connection string to export as RAG_TEST_POSTGRES (nothing else goes to stdout)
#   files:  pglite.pid (server pid, for stop-pglite.sh) and pglite.log, beside this script
#
# PGlite is one single-user backend: every wire connection shares one session, and the socket server interleaves
# connections message by message outside transactions. The connection string therefore pins Npgsql to ONE pooled
# connection (Maximum Pool Size=1); clients must share one NpgsqlDataSource. -m 4 only leaves room for a reconnect or psql.
set -euo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${1:-54329}"
cd "$dir"

if [[ -f pglite.pid ]] && kill -0 "$(cat pglite.pid)" 2>/dev/null; then
  echo "PGlite already running (pid $(cat pglite.pid)); run stop-pglite.sh first" >&2
  exit 1
fi

npm ci --no-audit --no-fund --loglevel=error >&2

: > pglite.log
node node_modules/@electric-sql/pglite-socket/dist/scripts/server.js \
  --host 127.0.0.1 --port "$port" -m 4 --extensions @electric-sql/pglite-pgvector:vector >> pglite.log 2>&1 &
echo $! > pglite.pid

for _ in $(seq 1 120); do
  if ! kill -0 "$(cat pglite.pid)" 2>/dev/null; then
    echo "PGlite exited during start-up:" >&2
    cat pglite.log >&2
    exit 1
  fi
  if grep -q "listening" pglite.log && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Password=postgres;Database=postgres;SSL Mode=Disable;Maximum Pool Size=1;Timeout=120;Command Timeout=300"
    exit 0
  fi
  sleep 0.5
done

echo "PGlite did not accept connections on 127.0.0.1:$port within 60 s:" >&2
cat pglite.log >&2
kill "$(cat pglite.pid)" 2>/dev/null || true
exit 1
