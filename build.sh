#!/usr/bin/env bash
# Steward build entry point.
#   ./build.sh test    install what the tests need (PostgreSQL; Node.js and npm) when missing, npm ci the JavaScript
#                      SDK the compatibility tests use, start a throwaway PostgreSQL on a free port, run the whole
#                      test suite on SQLite and PostgreSQL (including the real AWS CLI, boto3 and JavaScript SDK
#                      scenarios against a real server), stop it.
#   ./build.sh build   compile everything (Release).
#   ./build.sh run     run the server from source (same as: dotnet run --project src/Steward.Cli -- serve).
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

ensure_postgres() {
  if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/initdb" ]; then
    echo "build.sh: installing PostgreSQL (Debian package postgresql)"
    apt_install postgresql
  fi
}

ensure_node() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "build.sh: installing Node.js and npm (Debian packages nodejs npm) for the JavaScript SDK compatibility tests"
    apt_install nodejs npm
  fi
}

# The real-client compatibility tests (tests/compat) use @aws-sdk/client-sagemaker at the version package-lock.json pins.
install_compat_clients() {
  ensure_node
  echo "build.sh: npm ci in tests/compat/js"
  (cd tests/compat/js && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

PG_DIR=""
PG_USER_CMD=()
start_postgres() {
  local bin; bin="$(pg_bin)"
  PG_DIR="$(mktemp -d -t steward-pg.XXXXXX)"
  if [ "$(id -u)" -eq 0 ]; then
    # initdb refuses to run as root: the cluster belongs to the postgres system user.
    chown postgres "$PG_DIR"
    PG_USER_CMD=(runuser -u postgres --)
  fi
  "${PG_USER_CMD[@]}" "$bin/initdb" -D "$PG_DIR/data" -A trust -U steward --no-sync -E UTF8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log"; exit 1; }
  local port; port="$(free_port)"
  "${PG_USER_CMD[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null \
    || { cat "$PG_DIR/server.log"; exit 1; }
  export STEWARD_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=steward;Database=postgres;Pooling=true;Maximum Pool Size=50"
  echo "build.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

stop_postgres() {
  if [ -n "$PG_DIR" ] && [ -d "$PG_DIR/data" ]; then
    "${PG_USER_CMD[@]}" "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}

run_tests() {
  ensure_postgres
  start_postgres
  trap stop_postgres EXIT
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  install_compat_clients
  dotnet build Steward.slnx -c Release -nologo -v quiet -clp:ErrorsOnly
  local results; results="$(mktemp -d -t steward-tests.XXXXXX)"
  # Each real-client scenario (AWS CLI, boto3, JavaScript SDK) writes its check counts here for the summary.
  export STEWARD_COMPAT_RESULTS="$results/compat"
  local status=0
  # One project at a time keeps the two cores for the tests inside each project.
  for project in tests/*/*.csproj; do
    echo "build.sh: testing $project"
    dotnet test "$project" -c Release --no-build -nologo -v quiet --logger "console;verbosity=minimal" \
      --logger "trx;LogFilePrefix=$(basename "$project" .csproj)" --results-directory "$results" | tee "$results/$(basename "$project").log" || status=1
  done
  python3 - "$results" <<'PY' || status=1
import sys, glob, json, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find(".//{*}Counters")
    if c is None: continue
    passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    skipped += int(c.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
runs = [json.load(open(f)) for f in sorted(glob.glob(sys.argv[1] + "/compat/*.json"))]
if runs:
    by_client = {}
    for r in runs:
        c = by_client.setdefault(r["client"], [0, 0, []])
        c[0] += r["passed"]; c[1] += r["failed"]; c[2].append(r["provider"])
    parts = [f"{name} {p} passed, {f} failed ({', '.join(providers)})" for name, (p, f, providers) in sorted(by_client.items())]
    print("real SageMaker clients: " + "; ".join(parts))
    if any(r["failed"] for r in runs):
        sys.exit(1)
PY
  rm -rf "$results"
  return $status
}

case "${1:-test}" in
  test) run_tests ;;
  build) dotnet build Steward.slnx -c Release -nologo ;;
  run) shift; exec dotnet run --project src/Steward.Cli -- serve "$@" ;;
  *) echo "usage: ./build.sh [test|build|run]" >&2; exit 2 ;;
esac
