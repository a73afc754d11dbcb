#!/usr/bin/env bash
# Benchmarks (not run by CI). Usage:
#   build/bench.sh             peak, encoder, GEMM and MLP benchmarks
#   build/bench.sh peak|encoder|gemm|mlp
# Results go to the console and to BenchmarkDotNet.Artifacts/; record them in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build test/MLNet.Gan.Benchmarks -c Release -nologo -v quiet
run() { dotnet test/MLNet.Gan.Benchmarks/bin/Release/net10.0/MLNet.Gan.Benchmarks.dll "$@"; }
what="${1:-all}"
case "$what" in
  all) run peak; run encoder; run gemm; run mlp ;;
  *) run "$@" ;;
esac
