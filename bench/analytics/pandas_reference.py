#!/usr/bin/python3
"""pandas + SciPy reference for bench/analytics/profile-compare.sh.

Loads the columns written by `Steward.Benchmarks profile-compare generate` (raw float64 arrays, string columns as
category codes -> pandas Categorical, the representation most favourable to pandas), then times what a pandas user
runs to profile and compare: DataFrame.describe(include="all") plus scipy.stats.ks_2samp per numeric column between
the first and second half of the rows (NaN dropped). Prints one JSON object. Needs Debian's python3-pandas and
python3-scipy (pyarrow is not packaged for Debian 12, hence the raw arrays instead of the Parquet file).
"""
import json
import os
import sys
import time

import numpy as np
import pandas as pd
from scipy import stats

directory = sys.argv[1]
with open(os.path.join(directory, "columns.json")) as f:
    meta = json.load(f)

t0 = time.perf_counter()
columns = {}
for name in meta["numeric"]:
    columns[name] = np.fromfile(os.path.join(directory, name + ".f64"), dtype="<f8")
for name, categories in meta["strings"].items():
    codes = np.fromfile(os.path.join(directory, name + ".i32"), dtype="<i4")
    columns[name] = pd.Categorical.from_codes(codes, categories=categories)
df = pd.DataFrame(columns)
t1 = time.perf_counter()

summary = df.describe(include="all")
half = len(df) // 2
ks = {}
for name in meta["numeric"]:
    values = df[name].to_numpy()
    a, b = values[:half], values[half:]
    ks[name] = stats.ks_2samp(a[~np.isnan(a)], b[~np.isnan(b)]).pvalue
t2 = time.perf_counter()

print(json.dumps({
    "rows": len(df),
    "pandas_load_seconds": round(t1 - t0, 3),
    "pandas_describe_ks_seconds": round(t2 - t1, 3),
    "pandas": pd.__version__,
    "columns_described": int(summary.shape[1]),
    "ks_columns": len(ks),
}))
