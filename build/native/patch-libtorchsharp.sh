#!/usr/bin/env bash
# Makes TorchSharp's native library load on GCC-12-era systems (Debian 12), in a build output folder
# (never the NuGet cache): libLibTorchSharp.so 0.107.0 asks for GLIBCXX_3.4.32 (GCC 13's libstdc++)
# for one symbol, std::ios_base_library_init(), an initialisation hook that older libstdc++ does not
# need. In a copy: that version requirement is marked weak, the symbol loses its version, and a tiny
# library beside it (libmlnetgan_glibcxx_shim.so, listed as needed; found through the library's
# $ORIGIN run path) defines it empty. Idempotent; does nothing where libstdc++ has GLIBCXX_3.4.32.
# Usage: build/native/patch-libtorchsharp.sh FOLDER   (the folder that holds libLibTorchSharp.so)
set -euo pipefail
dir="${1:?usage: patch-libtorchsharp.sh FOLDER}"
lib="$dir/libLibTorchSharp.so"
shim=libmlnetgan_glibcxx_shim.so
symbol=_ZSt21ios_base_library_initv
[ -f "$lib" ] || exit 0
# (outputs are read whole before grep: with pipefail, grep -q closing a pipe early reads as failure)
versions="$(readelf -V "$lib" 2>/dev/null || true)"
grep -q "GLIBCXX_3.4.32" <<<"$versions" || exit 0
libstdcxx="$(ldconfig -p | awk '/libstdc\+\+\.so\.6 .*x86-64/ { print $NF; exit }' || true)"
if [ -n "$libstdcxx" ] && grep -q "GLIBCXX_3.4.32" "$libstdcxx"; then
  exit 0 # a current libstdc++: the library loads as it is
fi
dynamic="$(readelf -d "$lib")"
if grep -q "$shim" <<<"$dynamic"; then
  exit 0 # patched already
fi
for tool in patchelf cc python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "patch-libtorchsharp: '$tool' is needed to make TorchSharp load with this system's libstdc++ (no GLIBCXX_3.4.32); on Debian: apt-get install patchelf gcc python3" >&2
    exit 1
  fi
done
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
printf 'void %s(void) {}\n' "$symbol" | cc -shared -fPIC -x c -o "$tmp/$shim" -
cp "$lib" "$tmp/lib.so"
python3 "$here/elf_weak_version.py" "$tmp/lib.so" GLIBCXX_3.4.32 >/dev/null
patchelf --clear-symbol-version "$symbol" --add-needed "$shim" "$tmp/lib.so"
# replace, never write through: the output copy may be a hard link into the NuGet cache
mv -f "$tmp/$shim" "$dir/$shim"
mv -f "$tmp/lib.so" "$lib"
echo "patch-libtorchsharp: $lib patched to load without GLIBCXX_3.4.32"
