#!/usr/bin/env bash
# Lists every public type or member that a packed library added (RS0016) in its PublicAPI.Unshipped.txt,
# after a change to the public surface was made on purpose. Review the diff: it is the API change.
# Usage: build/public-api.sh [project ...]   (default: the three packed libraries)
set -euo pipefail
cd "$(dirname "$0")/.."
projects=("$@")
((${#projects[@]})) || projects=(src/MLNet.Gan src/MLNet.Gan.XGBoost src/MLNet.Gan.TorchSharp)
for project in "${projects[@]}"; do
  log="$(mktemp)"
  dotnet build "$project" -c Release -nologo -p:TreatWarningsAsErrors=false >"$log" 2>&1 || true
  python3 - "$log" "$project/PublicAPI.Unshipped.txt" <<'PY'
import re, sys
log, unshipped = sys.argv[1], sys.argv[2]
added = set()
for line in open(log, encoding="utf-8"):
    added.update(re.findall(r"RS0016: Symbol '(.*?)' is not part of the declared public API", line))
lines = [l.rstrip("\n") for l in open(unshipped, encoding="utf-8")]
body = sorted(set(l for l in lines[1:] if l) | added)
open(unshipped, "w", encoding="utf-8").write("\n".join([lines[0] if lines else "#nullable enable"] + body) + "\n")
print(f"{unshipped}: {len(added)} added")
PY
  rm -f "$log"
done
