#!/usr/bin/python3
"""Reference values for Steward.Analytics tests, computed with scikit-learn and SciPy.

Run once with Debian's interpreter and commit the output:

    apt-get install -y python3-sklearn python3-pandas python3-scipy
    /usr/bin/python3 tests/Steward.Analytics.Tests/Fixtures/generate_reference_values.py

It writes reference-values.json next to this script: the generated inputs (so the C# tests use exactly the
same data) and the values scikit-learn / SciPy compute on them. Data are drawn from a fixed seed.
"""
import json
import os

import numpy as np
import scipy
import sklearn
from scipy import stats
from scipy.spatial import distance
from sklearn import metrics

rng = np.random.RandomState(20240601)
out = {
    "generator": "tests/Steward.Analytics.Tests/Fixtures/generate_reference_values.py",
    "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__},
}


def r(x, d=4):
    return [round(float(v), d) for v in x]


def binary_case(name, n, ties, with_scores=True):
    y = (rng.rand(n) < 0.4).astype(int)
    score = np.clip(0.35 * y + rng.rand(n) * 0.65, 0, 1)
    score = np.round(score, 2 if ties else 4)
    pred = (score > 0.5).astype(int)
    rank_by = score if with_scores else pred
    tn, fp, fn, tp = metrics.confusion_matrix(y, pred, labels=[0, 1]).ravel()
    case = {
        "name": name,
        "label": y.tolist(),
        "prediction": pred.tolist(),
        "probability": score.tolist() if with_scores else None,
        "threshold": 0.5,
        "expected": {
            "accuracy": metrics.accuracy_score(y, pred),
            "precision": metrics.precision_score(y, pred, zero_division=0),
            "recall": metrics.recall_score(y, pred, zero_division=0),
            "f1": metrics.f1_score(y, pred, zero_division=0),
            "f0_5": metrics.fbeta_score(y, pred, beta=0.5, zero_division=0),
            "f2": metrics.fbeta_score(y, pred, beta=2, zero_division=0),
            "auc": metrics.roc_auc_score(y, rank_by),
            "au_prc": metrics.average_precision_score(y, rank_by),
            "true_positive_rate": tp / (tp + fn),
            "true_negative_rate": tn / (tn + fp),
            "false_positive_rate": fp / (fp + tn),
            "false_negative_rate": fn / (fn + tp),
            "confusion_matrix": {"tp": int(tp), "fp": int(fp), "fn": int(fn), "tn": int(tn)},
        },
    }
    return case


out["binary"] = [
    binary_case("binary-500-scores", 500, ties=False),
    binary_case("binary-300-tied-scores", 300, ties=True),
    binary_case("binary-60-labels-only", 60, ties=False, with_scores=False),
]

classes = np.array(["cat", "dog", "emu", "owl"])
ya = rng.choice(4, size=300, p=[0.4, 0.3, 0.2, 0.1])
noise = rng.rand(300)
ypred = np.where(noise < 0.7, ya, rng.choice(4, size=300))
ypred[:5] = 3  # a class that is sometimes predicted wrongly
yl, pl = classes[ya], classes[ypred]
labels = sorted(set(yl) | set(pl))
out["multiclass"] = {
    "label": yl.tolist(),
    "prediction": pl.tolist(),
    "classes": labels,
    "expected": {
        "accuracy": metrics.accuracy_score(yl, pl),
        "weighted_precision": metrics.precision_score(yl, pl, average="weighted", zero_division=0),
        "weighted_recall": metrics.recall_score(yl, pl, average="weighted", zero_division=0),
        "weighted_f1": metrics.f1_score(yl, pl, average="weighted", zero_division=0),
        "weighted_f0_5": metrics.fbeta_score(yl, pl, beta=0.5, average="weighted", zero_division=0),
        "weighted_f2": metrics.fbeta_score(yl, pl, beta=2, average="weighted", zero_division=0),
        "confusion_matrix": metrics.confusion_matrix(yl, pl, labels=labels).tolist(),
    },
}

y = np.round(rng.normal(50, 12, 400), 3)
y[:3] = 0.0  # exercise MAPE's epsilon
yhat = np.round(y + rng.normal(0, 4, 400), 3)
out["regression"] = {
    "label": y.tolist(),
    "prediction": yhat.tolist(),
    "expected": {
        "mae": metrics.mean_absolute_error(y, yhat),
        "mse": metrics.mean_squared_error(y, yhat),
        "rmse": float(np.sqrt(metrics.mean_squared_error(y, yhat))),
        "r2": metrics.r2_score(y, yhat),
        "mape": metrics.mean_absolute_percentage_error(y, yhat),
    },
}


def sturges_js(a, b):
    edges = np.histogram_bin_edges(np.concatenate([a, b]), bins="sturges")
    pa = np.histogram(a, edges)[0] / len(a)
    pb = np.histogram(b, edges)[0] / len(b)
    return float(distance.jensenshannon(pa, pb))


def drift_case(name, n, m, shift, integers=False):
    a = rng.normal(0, 1, n)
    b = rng.normal(shift, 1.1, m)
    if integers:
        a, b = np.round(a * 3), np.round(b * 3)
    else:
        a, b = np.round(a, 4), np.round(b, 4)
    ks = stats.ks_2samp(a, b)
    return {
        "name": name,
        "reference": r(a),
        "current": r(b),
        "expected": {
            "ks_statistic": float(ks.statistic),
            "ks_p_value": float(ks.pvalue),
            "wasserstein": float(stats.wasserstein_distance(a, b)),
            "wasserstein_normalized": float(stats.wasserstein_distance(a, b) / max(np.std(a), 0.001)),
            "jensenshannon_sturges": sturges_js(a, b),
        },
    }


out["drift"] = [
    drift_case("exact-unequal-300-250", 300, 250, 0.2),
    drift_case("exact-equal-400", 400, 400, 0.1),
    drift_case("exact-ties-integers-500-450", 500, 450, 0.3, integers=True),
    drift_case("asymptotic-12000-11000", 12000, 11000, 0.03),
]

ref = {"a": 120, "b": 60, "c": 15, "d": 5}
cur = {"a": 100, "b": 70, "c": 25, "d": 5}
keys = sorted(ref)
k = sum(cur.values()) / sum(ref.values())
out["categorical"] = {
    "reference": ref,
    "current": cur,
    "expected": {
        "evidently_chisquare_p_value": float(stats.chisquare([cur[x] for x in keys], [ref[x] * k for x in keys])[1]),
        "jensenshannon": float(distance.jensenshannon([ref[x] for x in keys], [cur[x] for x in keys])),
    },
}

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference-values.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1, default=float)
    f.write("\n")
print("wrote", path)
