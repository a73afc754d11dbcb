#!/usr/bin/env bash
# After a deliberate change to a packed library's public surface: lists every public type or member it
# added (RS0016) in PublicAPI.Unshipped.txt and drops every one it removed (RS0017) from both API files.
# Review the diff: it is the API change.
# Usage: build/public-api.sh [project ...]   (default: the three packed libraries)
set -euo pipefail
cd "$(dirname "$0")/.."
projects=("$@")
((${#projects[@]})) || projects=(src/MLNet.Gan src/MLNet.Gan.XGBoost src/MLNet.Gan.TorchSharp)
for project in "${projects[@]}"; do
  log="$(mktemp)"
  dotnet build "$project" -c Release -nologo -p:TreatWarningsAsErrors=false >"$log" 2>&1 || true
  python3 - "$log" "$project" <<'PY'
import re, sys
log, project = sys.argv[1], sys.argv[2]
added, removed = set(), set()
for line in open(log, encoding="utf-8"):
    added.update(re.findall(r"RS0016: Symbol '(.*?)' is not part of the declared public API", line))
    removed.update(re.findall(r"RS0017: Symbol '(.*?)' is part of the declared API, but is either not public or could not be found", line))
for name, extra in (("PublicAPI.Shipped.txt", set()), ("PublicAPI.Unshipped.txt", added)):
    path = f"{project}/{name}"
    lines = [l.rstrip("\n") for l in open(path, encoding="utf-8")]
    body = sorted((set(l for l in lines[1:] if l) | extra) - removed)
    open(path, "w", encoding="utf-8").write("\n".join([lines[0] if lines else "#nullable enable"] + body) + "\n")
print(f"{project}: {len(added)} added, {len(removed)} removed")
PY
  rm -f "$log"
done
