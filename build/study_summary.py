"""Markdown tables of build/study.sh's results (artifacts/study/*.json), as docs/benchmarks.md shows them."""
import glob
import json
import math
import os
import sys

folder = sys.argv[1] if len(sys.argv) > 1 else "artifacts/study"


def load(path):
    with open(path) as f:
        return json.load(f)


def arm(doc, name):
    return next((a for a in doc["arms"] if a["name"] == name), None)


def ap(doc, name):
    return arm(doc, name)["average_precision"]["values"]


def paired(doc, name):
    d = [a - b for a, b in zip(ap(doc, name), ap(doc, "none"))]
    mean = sum(d) / len(d)
    se = math.sqrt(sum((x - mean) ** 2 for x in d) / (len(d) - 1) / len(d)) if len(d) > 1 else 0.0
    return mean, se


def mean(values):
    return sum(values) / len(values)


autos = sorted(glob.glob(os.path.join(folder, "auto-*.json")))
if autos:
    print("| dataset | classifier | none | weighted | SMOTE | auto | auto − none (paired ± s.e.) | auto − best of none/weighted/SMOTE | auto's choices (seeds in order) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for path in autos:
        doc = load(path)
        dataset = os.path.basename(path)[len("auto-"):-len(".json")].rsplit("-", 1)[0]
        means = {n: mean(ap(doc, n)) for n in ("none", "weighted", "smote", "auto")}
        best = max(means["none"], means["weighted"], means["smote"])
        d, se = paired(doc, "auto")
        choices = ", ".join(c["method"] if c["ratio"] == 0 else f"{c['method']}@{c['ratio']:g}" for c in arm(doc, "auto")["choices"])
        print(f"| {dataset} | {doc['classifier']} | {means['none']:.4f} | {means['weighted']:.4f} | {means['smote']:.4f} | {means['auto']:.4f} | {d:+.4f} ± {se:.4f} | {means['auto'] - best:+.4f} | {choices} |")
    print()

studies = sorted(glob.glob(os.path.join(folder, "positives-*.json")))
if studies:
    docs = [load(p) for p in studies]
    arms = [a["name"] for a in docs[0]["arms"] if a["name"] != "none"]
    print("| dataset | classifier | training positives | seeds | none AP | " + " | ".join(f"{a} − none" for a in arms) + " |")
    print("|---|---|---|---|---|" + "---|" * len(arms))
    key = lambda d: (d["dataset"], d["classifier"], d["max_train_positives"])
    for doc in sorted(docs, key=key):
        cells = []
        for a in arms:
            if arm(doc, a) is None:
                cells.append("")
                continue
            d, se = paired(doc, a)
            mark = "**" if abs(d) > 2 * se and se > 0 else ""
            cells.append(f"{mark}{d:+.4f} ± {se:.4f}{mark}")
        print(f"| {doc['dataset']} | {doc['classifier']} | {doc['max_train_positives']} | {len(ap(doc, 'none'))} | {mean(ap(doc, 'none')):.4f} | " + " | ".join(cells) + " |")
    print()
    print("Bold: the paired difference is more than two standard errors from 0.")
