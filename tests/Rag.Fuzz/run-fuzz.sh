#!/usr/bin/env bash
# Coverage-guided fuzzing of the document readers and the chunker with SharpFuzz and AFL++.
#   tests/Rag.Fuzz/run-fuzz.sh <target|all> <seconds-per-target> [work-folder]
# Targets: txt md html csv json jsonl code pdf docx docx-xml chunker. Publishes tests/Rag.Fuzz into <work>/bin, instruments the
# assemblies under test there (never the normal build output), runs afl-fuzz on each target for the given time starting
# from corpus/<target>, and prints executions, paths, crashes and hangs per target. Every finding is replayed outside
# AFL, uninstrumented: a crash counts when it reproduces, a hang when it still takes longer than FUZZ_HANG_MS (10 s), so
# a loaded machine does not fail the run. Exit status 1 on a confirmed crash or hang; findings stay in
# <work>/out/<target>/default/{crashes,hangs}. Needs afl-fuzz (Debian: apt-get install afl++) and the .NET SDK.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
targets_all=(txt md html csv json jsonl code pdf docx docx-xml chunker)
if [ "$#" -lt 2 ]; then
  echo "usage: $0 <target|all> <seconds-per-target> [work-folder]" >&2
  exit 2
fi
if [ "$1" = all ]; then targets=("${targets_all[@]}"); else IFS=, read -r -a targets <<<"$1"; fi
seconds="$2"
work="$(mkdir -p "${3:-${TMPDIR:-/tmp}/rag-fuzz}" && cd "${3:-${TMPDIR:-/tmp}/rag-fuzz}" && pwd)"
timeout_ms="${FUZZ_TIMEOUT_MS:-10000}"
hang_ms="${FUZZ_HANG_MS:-10000}"
command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found (Debian: apt-get install afl++)" >&2; exit 2; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
bin="$work/bin"     # instrumented, for afl-fuzz
plain="$work/plain" # the same build uninstrumented, for replaying findings
if [ ! -f "$bin/.instrumented" ]; then
  rm -rf "$bin" "$plain"
  echo "== publish tests/Rag.Fuzz to $plain"
  dotnet publish "$here/Rag.Fuzz.csproj" -c Release -o "$plain" >/dev/null
  cp -r "$plain" "$bin"
  sharpfuzz="$(command -v sharpfuzz || true)"
  if [ -z "$sharpfuzz" ]; then
    # Same version as the SharpFuzz package in Directory.Packages.props.
    dotnet tool install --tool-path "$work/tools" SharpFuzz.CommandLine --version 2.3.0 >/dev/null
    sharpfuzz="$work/tools/sharpfuzz"
  fi
  # The code under test: the SDK and connectors, and the parsers they call (Markdig, AngleSharp, PdfPig, Open XML SDK).
  for dll in "$bin"/Rag.dll "$bin"/Rag.Abstractions.dll "$bin"/Rag.Connectors.Pdf.dll "$bin"/Rag.Connectors.OpenXml.dll \
    "$bin"/Markdig.dll "$bin"/AngleSharp.dll "$bin"/UglyToad.PdfPig*.dll "$bin"/DocumentFormat.OpenXml*.dll; do
    [ -f "$dll" ] || continue
    echo "== instrument $(basename "$dll")"
    "$sharpfuzz" "$dll" >/dev/null
  done
  touch "$bin/.instrumented"
fi

# AFL++ runs a .NET program that it did not compile: skip its binary and CPU-governor checks, and give the runtime
# time to start. Running as root (CI containers) is fine.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
export AFL_FORKSRV_INIT_TMOUT="${AFL_FORKSRV_INIT_TMOUT:-60000}" AFL_QUIET=1

dotnet="$(command -v dotnet)"
stat() { sed -n "s/^$1 *: *//p" "$2" | head -n 1; }
failed=0
printf '%-9s %8s %10s %7s %7s %9s %7s %9s\n' target seconds execs paths crashes confirmed hangs confirmed
for target in "${targets[@]}"; do
  [ -d "$here/corpus/$target" ] || { echo "unknown target: $target (one of: ${targets_all[*]})" >&2; exit 2; }
  out="$work/out/$target"
  rm -rf "$out"
  mkdir -p "$work/out"
  FUZZ_FINDINGS_LOG="$work/findings-$target.log" afl-fuzz -i "$here/corpus/$target" -o "$out" -t "${timeout_ms}+" -m none -V "$seconds" -- "$dotnet" "$bin/Rag.Fuzz.dll" "$target" \
    >"$work/afl-$target.log" 2>&1 || afl_failed=1
  if [ "${afl_failed:-0}" -ne 0 ] && [ ! -f "$out/default/fuzzer_stats" ]; then
    # AFL++ itself could not start here (shared memory, core_pattern, a sandbox): say so loudly, and still run every
    # seed through the uninstrumented target, so a reader that crashes on its own corpus fails the run.
    echo "WARNING: afl-fuzz could not run $target on this machine; replaying its seed corpus instead. AFL++ said:" >&2
    tail -n 15 "$work/afl-$target.log" >&2
    if ! "$dotnet" "$plain/Rag.Fuzz.dll" replay "$target" "$here/corpus/$target" >>"$work/replay-$target.log" 2>&1; then
      echo "$target: a seed failed on replay, see $work/replay-$target.log" >&2
      failed=1
    fi
    afl_failed=0
    continue
  fi
  afl_failed=0
  stats="$out/default/fuzzer_stats"
  crashes="$(find "$out/default/crashes" -type f -name 'id:*' | wc -l)"
  hangs="$(find "$out/default/hangs" -type f -name 'id:*' | wc -l)"
  # Findings are confirmed outside AFL, uninstrumented: a crash when the replay reports a finding or the process dies
  # (a crash that does not reproduce stays listed, in $work/findings-<target>.log with the exception AFL saw); a hang
  # when the replay still takes longer than FUZZ_HANG_MS.
  confirmed=0
  for crash in "$out"/default/crashes/id:*; do
    [ -f "$crash" ] || continue
    rc=0
    timeout $(((hang_ms / 1000) * 3)) "$dotnet" "$plain/Rag.Fuzz.dll" replay "$target" "$crash" >>"$work/replay-$target.log" 2>&1 || rc=$?
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ]; then confirmed=$((confirmed + 1)); fi
  done
  slow=0
  for hang in "$out"/default/hangs/id:*; do
    [ -f "$hang" ] || continue
    start=$(date +%s%N)
    timeout $(((hang_ms / 1000) * 3)) "$dotnet" "$plain/Rag.Fuzz.dll" replay "$target" "$hang" >>"$work/replay-$target.log" 2>&1 || true
    if [ $((($(date +%s%N) - start) / 1000000)) -gt "$hang_ms" ]; then slow=$((slow + 1)); fi
  done
  printf '%-9s %8s %10s %7s %7s %9s %7s %9s\n' "$target" "$(stat run_time "$stats")" "$(stat execs_done "$stats")" \
    "$(stat corpus_count "$stats")" "$crashes" "$confirmed" "$hangs" "$slow"
  if [ "$confirmed" -gt 0 ] || [ "$slow" -gt 0 ]; then failed=1; fi
done
if [ "$failed" -ne 0 ]; then
  echo "findings: replay with: dotnet $plain/Rag.Fuzz.dll replay <target> $work/out/<target>/default/crashes" >&2
fi
exit "$failed"
