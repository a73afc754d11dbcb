"""Prints the lowest version a packed package accepts of one dependency (from its .nuspec): the
version a consumer check restores, so the check runs on the minimum the package names."""
import re
import sys
import zipfile

package, dependency = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(package) as archive:
    spec = archive.read(next(n for n in archive.namelist() if n.endswith(".nuspec"))).decode("utf-8")
match = re.search(r'<dependency id="' + re.escape(dependency) + r'" version="\[?([0-9][0-9.]*)', spec)
if not match:
    sys.exit(f"{package} declares no dependency on {dependency}")
print(match.group(1))
