#!/usr/bin/env python3
"""Replays auto's recorded inner fold scores (compare's JSON, "choices") through the one-standard-error
rule as it stands (AugmentationSelection.OneStandardErrorChoice) and as it stood before 2026-12-07,
when the second step could pick a candidate near the best that did not clear the baseline.
Usage: build/tools/replay_auto_rule.py artifacts/study/auto-….json"""
import json
import math
import sys


def paired_se(a, b):
    d = [x - y for x, y in zip(a, b)]
    n = len(d)
    if n < 2:
        return 0.0
    m = sum(d) / n
    return math.sqrt(sum((x - m) ** 2 for x in d) / (n - 1) / n)


def choose(ranked, require_baseline):
    """ranked: [(name, ratio, folds)] in the order auto scores them (none, weighted, then each generator by ratio)."""
    mean = lambda c: sum(c[2]) / len(c[2])
    baseline = None
    best = ranked[0]
    for c in ranked:
        if c[1] == 0 and (baseline is None or mean(c) > mean(baseline)):
            baseline = c
        if mean(c) > mean(best):
            best = c
    if best[1] == 0 or mean(best) - mean(baseline) <= paired_se(best[2], baseline[2]):
        return baseline
    for c in ranked:
        if c is best:
            return best
        clears = mean(c) - mean(baseline) > paired_se(c[2], baseline[2])
        if c[1] > 0 and (clears or not require_baseline) and mean(best) - mean(c) <= paired_se(best[2], c[2]):
            return c
    return best


def label(c):
    return c[0] if c[1] == 0 else f"{c[0]}@{c[1]:g}"


doc = json.load(open(sys.argv[1]))
auto = next(a for a in doc["arms"] if a["name"] == "auto")
for seed, choice in zip(doc["seeds"], auto["choices"]):
    ranked = []
    for key, folds in choice["inner_fold_average_precision"].items():
        name, _, ratio = key.partition("@")
        ranked.append((name, float(ratio or 0), folds))
    old, new = choose(ranked, require_baseline=False), choose(ranked, require_baseline=True)
    recorded = choice["method"] if choice["ratio"] == 0 else f"{choice['method']}@{choice['ratio']:g}"
    print(f"seed {seed}: recorded {recorded}; rule before {label(old)}; rule now {label(new)}"
          + ("" if old is new else "  <- changed"))
