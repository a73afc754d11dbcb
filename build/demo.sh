#!/usr/bin/env bash
# The main job: does GAN augmentation of the rare class help a FastTree classifier?
# Runs `mlnet-gan compare` on give_me_some_credit (150,000 loans, 6.7 % serious delinquency,
# missing values kept): arms none, weighted, smote, ctgan, tvae; 3 seeds; 300 epochs; each arm is
# one ML.NET pipeline (FeaturizeForTrees, FastTree, wrapped by WithAugmentation) scored on the same
# untouched test rows; also writes the synthetic-data audit (HTML) of the CTGAN arm's rows on the
# first seed; then the audit of realistic synthetic positives — TVAE with fit's column rules, integers
# rounded, as `fit`/`sample` make them — on the first seed's split. About 6 minutes on 2 cores with AVX-512.
# MLNET_GAN_DATA / MLNET_GAN_LABEL / MLNET_GAN_POSITIVE point it at another CSV; MLNET_GAN_EPOCHS
# and MLNET_GAN_SEEDS shorten it; MLNET_GAN_CLASSIFIER=xgboost|lightgbm changes the classifier.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${MLNET_GAN_DATA:-$root/../shared/data/give_me_some_credit.csv.gz}"
label="${MLNET_GAN_LABEL:-SeriousDlqin2yrs}"
positive="${MLNET_GAN_POSITIVE:-1}"
out="${MLNET_GAN_OUT:-$root/artifacts/demo}"
mkdir -p "$out"
seeds="${MLNET_GAN_SEEDS:-0,1,2}"

"$root/build/mlnet-gan" compare --data "$data" --label "$label" --positive "$positive" \
  --arms none,weighted,smote,ctgan,tvae --classifier "${MLNET_GAN_CLASSIFIER:-fasttree}" --seeds "$seeds" --epochs "${MLNET_GAN_EPOCHS:-300}" \
  --json "$out/compare.json" --report "$out/ctgan-audit.html"
"$root/build/mlnet-gan" compare --data "$data" --label "$label" --positive "$positive" \
  --arms tvae --column-rules --round-integers --classifier "${MLNET_GAN_CLASSIFIER:-fasttree}" --seeds "${seeds%%,*}" --epochs "${MLNET_GAN_EPOCHS:-300}" \
  --json "$out/realistic.json" --report "$out/realistic-tvae-audit.html"
echo "Results: $out/compare.json; the audit of the CTGAN arm's synthetic rows: $out/ctgan-audit.html;"
echo "the audit of realistic synthetic positives (TVAE, column rules, rounded): $out/realistic-tvae-audit.html"
