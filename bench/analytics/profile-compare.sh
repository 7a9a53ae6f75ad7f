#!/usr/bin/env bash
# Column profiling: Steward vs DuckDB SUMMARIZE vs pandas describe() + scipy ks_2samp, on one Parquet file of
# ROWS rows x 20 numeric + 5 string columns. Reproducible: fixed seed, same file for every tool.
#
#   bench/analytics/profile-compare.sh [ROWS] [MEMORY_ROWS]
#
# ROWS defaults to 10,000,000. MEMORY_ROWS (default ROWS/5) is a second, smaller file profiled with the
# `steward analyze profile` CLI under /usr/bin/time to show peak memory does not grow with the row count.
# Needs: dotnet, /usr/bin/time, and Debian's python3-pandas python3-scipy
#   (apt-get update && apt-get install -y time python3-pandas python3-scipy).
# Work files go to ${WORK:-/tmp/steward-profile-compare} (about 190 bytes per row for the Parquet file plus 180 bytes
# per row of raw arrays for pandas).
set -euo pipefail

ROWS="${1:-10000000}"
MEMORY_ROWS="${2:-$((ROWS / 5))}"
WORK="${WORK:-/tmp/steward-profile-compare}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"

for tool in /usr/bin/time /usr/bin/python3; do
  [ -x "$tool" ] || { echo "missing $tool (apt-get install -y time python3-pandas python3-scipy)" >&2; exit 2; }
done
/usr/bin/python3 -c 'import pandas, scipy' 2>/dev/null || { echo "missing python3-pandas / python3-scipy" >&2; exit 2; }

echo "building (Release)..." >&2
dotnet build -c Release bench/Steward.Benchmarks -v quiet -nologo >/dev/null
dotnet build -c Release src/Steward.Cli -v quiet -nologo >/dev/null
BENCH=(dotnet bench/Steward.Benchmarks/bin/Release/net10.0/Steward.Benchmarks.dll profile-compare)
STEWARD=(dotnet src/Steward.Cli/bin/Release/net10.0/steward.dll)

mkdir -p "$WORK"
if [ ! -f "$WORK/$ROWS/data.parquet" ]; then
  "${BENCH[@]}" generate --rows "$ROWS" --out "$WORK/$ROWS"
fi
if [ ! -f "$WORK/$MEMORY_ROWS/data.parquet" ]; then
  "${BENCH[@]}" generate --rows "$MEMORY_ROWS" --out "$WORK/$MEMORY_ROWS" --no-numpy
fi

echo "Steward (in-process, both halves in parallel + merge + drift) and DuckDB SUMMARIZE..." >&2
"${BENCH[@]}" run --file "$WORK/$ROWS/data.parquet" | tee "$WORK/steward-duckdb.json"

echo "steward analyze profile (CLI) under /usr/bin/time..." >&2
cli() {
  /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "${STEWARD[@]}" analyze profile --data "$1" -o "$WORK/statistics.json"
  read -r seconds kb < "$WORK/time.txt"
  echo "{\"rows\": $2, \"cli_seconds\": $seconds, \"cli_peak_rss_mb\": $((kb / 1024))}"
}
cli "$WORK/$ROWS/data.parquet" "$ROWS" | tee "$WORK/cli-large.json"
cli "$WORK/$MEMORY_ROWS/data.parquet" "$MEMORY_ROWS" | tee "$WORK/cli-small.json"

echo "pandas + scipy reference..." >&2
/usr/bin/python3 bench/analytics/pandas_reference.py "$WORK/$ROWS/np" | tee "$WORK/pandas.json"

/usr/bin/python3 - "$WORK" <<'PY'
import json, os, sys
w = sys.argv[1]
sd = json.load(open(os.path.join(w, "steward-duckdb.json")))
pd_ = json.load(open(os.path.join(w, "pandas.json")))
big = json.load(open(os.path.join(w, "cli-large.json")))
small = json.load(open(os.path.join(w, "cli-small.json")))
s, d = sd["steward_seconds"], sd["duckdb_summarize_seconds"]
p = pd_["pandas_describe_ks_seconds"]
print()
print(f"rows: {sd['rows']:,}  (20 numeric + 5 string columns, {sd['row_groups']} row groups, {sd['processors']} cores)")
print(f"Steward profile+drift (in-process):  {s:8.2f} s   peak working set {sd['steward_peak_working_set_mb']:.0f} MB")
print(f"steward analyze profile (CLI):       {big['cli_seconds']:8.2f} s   peak RSS {big['cli_peak_rss_mb']} MB"
      f"  ({small['rows']:,} rows: {small['cli_seconds']:.2f} s, {small['cli_peak_rss_mb']} MB)")
print(f"DuckDB SUMMARIZE:                    {d:8.2f} s   Steward/DuckDB = {s / d:.2f}x time")
print(f"pandas describe + ks_2samp:          {p:8.2f} s   (+{pd_['pandas_load_seconds']:.2f} s load)   pandas/Steward = {p / s:.1f}x")
PY
