#!/usr/bin/env bash
# Augmentation studies (not run by CI; hours on 2 cores). Usage:
#   build/study.sh auto [gmsc|taiwan5] [fasttree|xgboost]   auto against none, weighted, smote: 5 seeds (docs/benchmarks.md "Auto augmentation")
#   build/study.sh positives [gmsc|taiwan|bank] [fasttree|xgboost] [N …]
#       where augmentation should matter: keep N training positives (100, 300, 1000), 10 paired seeds
#       (STUDY_SEEDS=0,1,2,3,4 for fewer),
#       arms none, weighted, smote, ctgan, tvae, scores (STUDY_ARMS=none,scores for some; docs/benchmarks.md "Few training positives")
#   build/study.sh privacy [ε …]   ε ∈ {1, 3, 10, inf} for the tvae arm (PRIVACY_ARM=ctgan for ctgan) on
#       give_me_some_credit, seeds 0,1,2 (STUDY_SEEDS), with the audit of the first seed (fidelity, detection,
#       membership inference) (docs/benchmarks.md "Differential privacy")
#   build/study.sh summary     the tables of docs/benchmarks.md from artifacts/study/*.json
# The tool is built once and copied, so editing sources while a study runs does not disturb it.
# JSON goes to artifacts/study/; compare's own tables to the console.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="$root/../shared/data"
out="$root/artifacts/study"
mkdir -p "$out"
tool=""
cli() {
  if [ -z "$tool" ]; then
    "$root/build/mlnet-gan" info >/dev/null
    tool="$(mktemp -d)"
    cp -r "$root/src/MLNet.Gan.Cli/bin/Release/net10.0/." "$tool/"
  fi
  dotnet "$tool/mlnet-gan.dll" "$@"
}

# dataset → compare's data options (the taiwan codes are discrete; bank's call duration is dropped:
# it is known only after the call whose outcome is the label)
data_options() {
  case "$1" in
    gmsc) options=(--data "$data/give_me_some_credit.csv.gz" --label SeriousDlqin2yrs --positive 1) ;;
    taiwan|taiwan5) options=(--data "$data/taiwan_default.csv.gz" --label "default payment next month" --positive 1 --drop ID
                             --discrete SEX,EDUCATION,MARRIAGE,PAY_0,PAY_2,PAY_3,PAY_4,PAY_5,PAY_6)
                    if [ "$1" = taiwan5 ]; then options+=(--positive-rate 0.05); fi ;;
    bank) options=(--data "$data/bank_additional_full.csv.gz" --label y --positive yes --drop duration) ;;
    *) echo "unknown dataset '$1' (gmsc, taiwan, taiwan5, bank)" >&2; exit 2 ;;
  esac
}

what="${1:-}"
case "$what" in
  auto)
    for dataset in ${2:-taiwan5 gmsc}; do
      for classifier in ${3:-fasttree xgboost}; do
        data_options "$dataset"
        cli compare "${options[@]}" --arms none,weighted,smote,auto --seeds 0,1,2,3,4 \
          --classifier "$classifier" --json "$out/auto-$dataset-$classifier.json"
      done
    done ;;
  positives)
    for dataset in ${2:-gmsc taiwan bank}; do
      for classifier in ${3:-fasttree xgboost}; do
        for n in ${4:-100 300 1000}; do
          data_options "$dataset"
          arms="${STUDY_ARMS:-none,weighted,smote,ctgan,tvae,scores}"
          cli compare "${options[@]}" --arms "$arms" --seeds "${STUDY_SEEDS:-0,1,2,3,4,5,6,7,8,9}" \
            --classifier "$classifier" --max-train-positives "$n" --json "$out/positives-$dataset-$classifier-$n.json"
        done
      done
    done ;;
  privacy)
    data_options gmsc
    arm="${PRIVACY_ARM:-tvae}"
    for epsilon in ${2:-1 3 10 inf}; do
      budget=(); if [ "$epsilon" != inf ]; then budget=(--epsilon "$epsilon"); fi
      cli compare "${options[@]}" --arms "none,$arm" --seeds "${STUDY_SEEDS:-0,1,2}" --column-rules --round-integers "${budget[@]}" \
        --json "$out/privacy-gmsc-$arm-$epsilon.json" --report "$out/privacy-audit-gmsc-$arm-$epsilon.html"
    done ;;
  summary) python3 "$root/build/study_summary.py" "$out" ;;
  *) sed -n '2,11p' "$0"; exit 2 ;;
esac
