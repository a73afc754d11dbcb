#!/usr/bin/env bash
# Installs what the tests need (skipping what is present), builds Release, runs every test project
# and ends with one line "N passed, N failed" counted from the TRX results.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# Debian packages the tests use (XGBoost's C API for the classifier, Chromium for the report test;
# patchelf, a C compiler and Python to let TorchSharp's native library load on Debian 12's libstdc++,
# see build/native/patch-libtorchsharp.sh). npm fetches the report's charting library (Vega-Lite) at
# build time when Node.js is not already there.
apt_packages=(libxgboost0 chromium patchelf)
command -v npm >/dev/null || apt_packages+=(nodejs npm)
command -v cc >/dev/null || apt_packages+=(gcc)
command -v python3 >/dev/null || apt_packages+=(python3)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "dotnet (the .NET 10 SDK) is not on PATH" >&2; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build MLNet.Gan.sln -c Release -nologo -v quiet

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
status=0
for project in test/*.Tests/*.csproj; do
  name="$(basename "$project" .csproj)"
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" || status=1
  if [ ! -f "$results/$name.trx" ]; then
    echo "error: $name produced no test results (crashed or did not start)" >&2
    status=1
  fi
done

# The packages as users get them: dotnet pack (the library, the XGBoost and TorchSharp add-ons, the
# mlnet-gan tool without libtorch), built apart from bin/ and obj/ so the tested build is untouched;
# the tool installed from the local folder and run: info, a short fit and sample. One check.
package_check() {
  local dir="$results/packages"
  dotnet pack MLNet.Gan.sln -c Release -nologo -v quiet -o "$dir/feed" -p:WithoutLibTorch=true \
    -p:UseArtifactsOutput=true -p:ArtifactsPath="$dir/artifacts" >/dev/null &&
  for id in MLNet.Gan MLNet.Gan.XGBoost MLNet.Gan.TorchSharp MLNet.Gan.Tool; do
    [ -f "$dir/feed/$id.0.6.0.nupkg" ] && [ -f "$dir/feed/$id.0.6.0.snupkg" ] || { echo "missing package $id" >&2; return 1; }
  done &&
  python3 -c 'import sys, zipfile; names = zipfile.ZipFile(sys.argv[1]).namelist(); sys.exit(0 if {"README.md", "lib/net10.0/MLNet.Gan.xml"} <= set(names) else 1)' "$dir/feed/MLNet.Gan.0.6.0.nupkg" &&
  dotnet tool install MLNet.Gan.Tool --version 0.6.0 --tool-path "$dir/tool" --add-source "$dir/feed" >/dev/null &&
  "$dir/tool/mlnet-gan" info &&
  "$dir/tool/mlnet-gan" fit --data ../shared/data/german_credit.csv.gz --label class --epochs 2 --model "$dir/model.zip" &&
  "$dir/tool/mlnet-gan" sample --model "$dir/model.zip" --rows 100 --out "$dir/rows.parquet" &&
  [ -s "$dir/rows.parquet" ] &&
  consumer_check "$dir"
}

# A project outside the repository, as a user writes it: the README program (examples/CreditRisk) on the
# packed MLNet.Gan and the ML.NET version the package names as its minimum, restored from the local
# packages and the usual feed, built and run.
consumer_check() {
  local dir="$1/consumer" mlnet
  mlnet="$(python3 build/nuspec_dependency.py "$1/feed/MLNet.Gan.0.6.0.nupkg" Microsoft.ML)" &&
  mkdir -p "$dir" && cp examples/CreditRisk/Program.cs "$dir/" &&
  rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/mlnet.gan/0.6.0" && # this build's package, not one cached by an earlier run
  printf '%s\n' '<Project Sdk="Microsoft.NET.Sdk">' \
    '  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>' \
    '  <ItemGroup>' \
    '    <PackageReference Include="MLNet.Gan" Version="0.6.0" />' \
    "    <PackageReference Include=\"Microsoft.ML\" Version=\"$mlnet\" />" \
    "    <PackageReference Include=\"Microsoft.ML.FastTree\" Version=\"$mlnet\" />" \
    '    <PackageReference Include="Microsoft.ML.OnnxConverter" Version="0.24.0" />' \
    '  </ItemGroup>' '</Project>' >"$dir/Consumer.csproj" &&
  printf '%s\n' '<configuration><packageSources><clear />' "<add key=\"local\" value=\"$1/feed\" />" \
    '<add key="nuget.org" value="https://api.nuget.org/v3/index.json" /></packageSources></configuration>' >"$dir/NuGet.config" &&
  (cd "$dir" && dotnet run -c Release -- "$root/../shared/data/give_me_some_credit.csv.gz" >"$dir/output.txt") &&
  grep -q "Test rows: 45,000; average precision 0." "$dir/output.txt" && [ -s "$dir/model.onnx" ] &&
  echo "consumer project: the README program ran on the packed MLNet.Gan with Microsoft.ML $mlnet" &&
  generated_check "$1"
}

# compare --code writes a project that reproduces the best arm: built on the packed package and run, it
# must print the average precision compare measured for that arm.
generated_check() {
  local dir="$1/generated" expected actual
  "$1/tool/mlnet-gan" compare --data ../shared/data/german_credit.csv.gz --label class --arms none,smote --ratio 0.6 --seeds 0 \
    --code "$dir" --onnx "$1/best.onnx" >/dev/null 2>"$1/compare.txt" &&
  expected="$(sed -n 's/.*which scored average precision \([0-9.]*\);.*/\1/p' "$1/compare.txt")" &&
  cp "$1/consumer/NuGet.config" "$dir/" &&
  (cd "$dir" && dotnet run -c Release >"$dir/output.txt") &&
  actual="$(sed -n 's/.*average precision \([0-9.]*\),.*/\1/p' "$dir/output.txt")" &&
  [ -n "$expected" ] && [ "$expected" = "$actual" ] && [ -s "$1/best.onnx" ] &&
  echo "generated project: compare --code's program reproduced the best arm's average precision ($actual)"
}
if package_check; then
  echo "package check: passed (dotnet pack, tool installed from the local packages, info, fit, sample; the README program in a project outside the repository; compare --code's generated project)"
  package_passed=1 package_failed=0
else
  echo "package check: FAILED" >&2
  package_passed=0 package_failed=1
fi

passed=$package_passed
failed=$package_failed
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx")"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  e="$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")"
  t="$(sed -n 's/.* timeout="\([0-9]*\)".*/\1/p' <<<"$counters")"
  a="$(sed -n 's/.* aborted="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
