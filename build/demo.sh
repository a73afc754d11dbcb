#!/usr/bin/env bash
# The main job, end to end on real data: train the CTGAN on give_me_some_credit (150,000 loans,
# 6.7 % serious delinquency, missing values kept and modelled), then generate synthetic delinquent
# borrowers. Override the data with MLNET_GAN_DATA and the epochs with MLNET_GAN_EPOCHS.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${MLNET_GAN_DATA:-$root/../shared/data/give_me_some_credit.csv.gz}"
label="${MLNET_GAN_LABEL:-SeriousDlqin2yrs}"
epochs="${MLNET_GAN_EPOCHS:-10}"
out="${MLNET_GAN_OUT:-$root/artifacts/demo}"
mkdir -p "$out"

"$root/build/mlnet-gan" fit --data "$data" --label "$label" --epochs "$epochs" --seed 0 --model "$out/model.zip"
"$root/build/mlnet-gan" sample --model "$out/model.zip" --rows 10000 --condition "$label=1" --seed 1 --out "$out/synthetic_positives.csv"
echo
echo "First synthetic delinquent borrowers ($out/synthetic_positives.csv):"
head -n 6 "$out/synthetic_positives.csv" | column -s, -t 2>/dev/null || head -n 6 "$out/synthetic_positives.csv"
