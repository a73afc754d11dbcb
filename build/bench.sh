#!/usr/bin/env bash
# Benchmarks (not run by CI). Usage:
#   build/bench.sh                  peak, encoder, training throughput (JSON), GEMM and MLP
#   build/bench.sh --json OUT.json  training/sampling throughput, encoder fit and peak memory per dataset
#   build/bench.sh fidelity [taiwan|frauds|tvae|tvae-seeds]   fidelity against the reference protocol (~10 min)
#   build/bench.sh engines         the managed and TorchSharp engines side by side: training and sampling rows/s (~3 min)
#   build/bench.sh fidelity engines   taiwan_default fidelity at 100 epochs trained by each engine (~15 min)
#   build/bench.sh series [STEPS]  the sequence GAN against GARCH(1,1)-t on the S&P 500 and the European indices (~6 min)
#   build/bench.sh series-seeds sp500|eu FIRST LAST [CHECKPOINT-PATHS]   the GAN's defaults on training seeds FIRST..LAST,
#                                  8 fresh samples of 5 paths each: how often the result holds (~1.5 min per seed)
#   build/bench.sh series-backtest FIRST LAST   the GAN out of sample on the S&P 500 (fitted on days 1–12,000, tested on
#                                  12,001–17,055): 1- and 10-day VaR/ES backtests and unconditional facts beside GARCH, per seed (~6–10 min per seed)
#   build/bench.sh series-refit SEED EVERY DIR [THREADS]   the GAN and GARCH refitted every EVERY days on the S&P 500's test days,
#                                  beside both fitted once: 1-day VaR/ES backtests; each block's GAN saved in DIR, so a stopped run
#                                  goes on where it stopped (~5 min per block; 21 blocks of 250 days; THREADS
#                                  default 2, and 1 runs two seeds side by side)
#   build/bench.sh series-fhs FIRST LAST DIR [THREADS]   the GAN's one-day VaR/ES with its own innovation law and with
#                                  filtered historical simulation on its filter, chosen per seed on the validation days
#                                  9,601–12,000, then the test days beside GARCH; models kept in DIR (~7 min a fit)
#   build/bench.sh anomaly         the TVAE anomaly detector beside ML.NET's RandomizedPca on card fraud, PaySim and
#                                  give_me_some_credit, 5 seeds (~15 min)
#   build/bench.sh anomaly-critic  CTGAN's critic as an anomaly score on card fraud and PaySim, 5 seeds (~8 min)
#   build/bench.sh dcgan-digits [EPOCHS] [SEED] [LOSS]   the class-conditional DCGAN on the UCI digits (70 % to fit, 30 % held out),
#                                  graded by a CNN: accuracy, Fréchet distance, precision/recall, train-on-synthetic (~2 min)
#   build/bench.sh dcgan-fashion [EPOCHS] [SEED] [MODEL|-] [LOSS]   the default DCGAN on Fashion-MNIST's 60,000 training images, graded on
#                                  its 10,000 test images; MODEL saves the model, or grades a saved one (needs dataset-fashion-mnist; ~25 min)
#   build/bench.sh dcgan-steps [SIDE] [STEPS] [LOSS]   the DCGAN step on SIDE×SIDE images and each layer's forward and backward
#   build/bench.sh dcgan-torch [STEPS] [ROUNDS]  our DCGAN step beside the same step in libtorch 2.10 (TorchSharp-cpu, oneDNN)
#   build/bench.sh few-images [DIGIT] [FIRST] [LAST] [EPOCHS] [LOSS] [N,N,…]   keep 10, 30 or 100 images (or the Ns given) of one digit: none, shifts or the
#                                  DCGAN's images before a classifier, paired seeds (~20 min for 10 seeds)
#   build/bench.sh onnx            the README model (CTGAN augmentation + FastTree on give_me_some_credit) exported with
#                                  ConvertToOnnx and scored by ONNX Runtime on the 45,000 test rows beside ML.NET (~2 min)
#   build/bench.sh audit           nearest-neighbour search 20,000 × 200,000 rows; audit sanity figures on give_me_some_credit
#   build/bench.sh path [--no-engines]   on the SIMD path in force (DOTNET_PreferredVectorBitWidth=256 or =128 to force
#                                  AVX2 or 128-bit): peak, GEMM and the MLP step against libtorch (best of 3 rounds), then the engines (~3 min)
#   build/bench.sh shape M N K [a|at] [b|bt]   one GEMM (op(A) M×K, op(B) K×N; at/bt: stored transposed) on 1 and 2 threads
#   build/bench.sh cardinality     CTGAN with and without a 20,000-value categorical column, 200,000 rows (~2 min)
#   build/bench.sh pytorch         our CTGAN (AVX-512, AVX2 and 128-bit paths) beside the same network in PyTorch 1.13
#                                  (build/ctgan_pytorch.py on Debian's python3-torch with OpenBLAS), same encoded rows (~6 min)
#   build/bench.sh formats         Parquet (Parquet.Net, ParquetSharp) and CSV read/write times (~20 s)
#   build/bench.sh peak|encoder|gemm|mlp
# Results go to the console (and BenchmarkDotNet.Artifacts/); record them in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build test/MLNet.Gan.Benchmarks -c Release -nologo -v quiet >/dev/null
run() { dotnet test/MLNet.Gan.Benchmarks/bin/Release/net10.0/MLNet.Gan.Benchmarks.dll "$@"; }
what="${1:-all}"
case "$what" in
  all) run peak; run encoder; run --json artifacts/bench.json; run gemm; run mlp ;;
  pytorch)
    if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
      echo "bench.sh pytorch needs Debian's PyTorch: apt-get install python3-torch libopenblas0-pthread" >&2; exit 1
    fi
    for data in taiwan_default give_me_some_credit_50k; do
      folder="$(mktemp -d)"
      run export-encoded "$data" "$folder"
      run train-ctgan "$data"
      /usr/bin/python3 build/ctgan_pytorch.py "$folder" --epochs 4 --threads 2
      DOTNET_PreferredVectorBitWidth=256 run train-ctgan "$data"
      DOTNET_PreferredVectorBitWidth=128 run train-ctgan "$data"
      rm -rf "$folder"
    done ;;
  dcgan-fashion)
    if [ ! -d /usr/share/datasets/fashion-mnist ]; then
      echo "bench.sh dcgan-fashion needs Debian's dataset-fashion-mnist: apt-get install dataset-fashion-mnist" >&2; exit 1
    fi
    run "$@" ;;
  --json) mkdir -p "$(dirname "${2:?--json needs a file}")"; run --json "$2" ;;
  *) run "$@" ;;
esac
