#!/usr/bin/env bash
# Regenerates PublicAPI.Unshipped.txt of every project under src/ from the current public surface.
#
# The PublicApiAnalyzers code fix is not available from the command line, so this script:
#   1. resets each PublicAPI.Unshipped.txt to the '#nullable enable' header (PublicAPI.Shipped.txt is left alone),
#   2. builds each project with RS0016/RS0017 as plain warnings and a SARIF log per project,
#   3. writes the exact API names that RS0016 reports (the analyzer's own 'APIName' property) back, sorted ordinally.
# Re-runnable: run it after a merge or an intended API change, then review the diff of PublicAPI.Unshipped.txt.
# A symbol removed from PublicAPI.Shipped.txt (after a release) is a breaking change: mark it '*REMOVED*' by hand.
#
# Usage: eng/update-public-api.sh [project.csproj ...]   (default: every src/**/*.csproj)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -gt 0 ]; then
  projects=("$@")
else
  mapfile -t projects < <(find src -name '*.csproj' | sort)
fi

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT

for project in "${projects[@]}"; do
  printf '#nullable enable\n' > "$(dirname "$project")/PublicAPI.Unshipped.txt"
done

for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  echo "== $name"
  # ErrorLog is a global property, so it would flow to referenced projects; RagApiLogDirectory makes it per project.
  dotnet build "$project" -c Release -nologo -v:q \
    -p:TreatWarningsAsErrors=false -p:WarningsAsErrors= -p:RagApiLogDirectory="$logs/" >/dev/null || {
      echo "build of $project failed (an error other than RS0016/RS0017); rerun 'dotnet build $project' to see it" >&2
      exit 1
    }
done

for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  sarif="$logs/$name.sarif"
  if [ ! -f "$sarif" ]; then
    echo "no compiler log for $name: was it compiled?" >&2
    exit 1
  fi
  python3 - "$sarif" "$(dirname "$project")/PublicAPI.Unshipped.txt" <<'PY'
import json, sys
sarif, target = sys.argv[1], sys.argv[2]
names = set()
for run in json.load(open(sarif, encoding="utf-8"))["runs"]:
    for result in run.get("results", []):
        if result.get("ruleId") == "RS0016":
            names.add(result["properties"]["customProperties"]["APIName"])
with open(target, "w", encoding="utf-8", newline="\n") as f:
    f.write("#nullable enable\n")
    for name in sorted(names, key=lambda n: n.encode("utf-8")):
        f.write(name + "\n")
print(f"   {len(names)} symbols -> {target}")
PY
done
