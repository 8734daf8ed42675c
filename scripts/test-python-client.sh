#!/usr/bin/env bash
# The third-party Python client (examples/python-client) in a real federation on 127.0.0.1:
#   fl-provision makes a project with two clients; fl-server and a Swift fl-client (site-1) start
#   from their kits; examples/python-client/flock_client.py joins with the site-2 kit; a Python admin
#   driver (drive_run.py, generated Admin stubs) runs 2 rounds of an app whose config_train.json
#   makes site-1 train through an external trainer (flock_client.py --external-trainer) with the
#   same numpy linear model as site-2, and checks run_1/mmar_server/fl_state.json has both sites'
#   updates in every round, then shuts everything down.
# Builds nothing: run it after `swift build` (make test does) and scripts/install-deps.sh.
# Usage: scripts/test-python-client.sh
#   env: FLOCK_BIN (default .build/debug), PYTHON (default .venv/bin/python), TEST_TIMEOUT (240 s),
#        FLOCK_KEEP_TEST_DIRS=1 keeps the temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd -P)
BIN=$(cd "${FLOCK_BIN:-.build/debug}" 2>/dev/null && pwd -P) || BIN=""
PYTHON=${PYTHON:-.venv/bin/python}
[[ "$PYTHON" = /* ]] || PYTHON="$REPO/$PYTHON"
LIMIT=${TEST_TIMEOUT:-240}
T0=$(date +%s)

for p in fl-provision fl-server fl-client; do
  [ -n "$BIN" ] && [ -x "$BIN/$p" ] || { echo "test-python-client: FAILED: no $p in ${FLOCK_BIN:-.build/debug}; run 'swift build' first (or set FLOCK_BIN)"; exit 1; }
done
"$PYTHON" -c "import grpc, grpc_tools, numpy" 2>/dev/null || { echo "test-python-client: FAILED: $PYTHON lacks grpcio/grpcio-tools/numpy; run scripts/install-deps.sh"; exit 1; }

WORK=$(mktemp -d /tmp/flock-pyclient.XXXXXX)
PY_PID=""
cleanup() {
  [ "$BASHPID" = "$$" ] || return 0   # only the script itself cleans up, never a forked child
  for kit in site-1 server; do
    [ -x "$WORK/ws/$kit/startup/stop_fl.sh" ] && timeout 30 "$WORK/ws/$kit/startup/stop_fl.sh" >/dev/null 2>&1 || true
  done
  if [ -n "$PY_PID" ] && kill -0 "$PY_PID" 2>/dev/null; then kill "$PY_PID" 2>/dev/null || true; fi
  if [ -n "${FLOCK_KEEP_TEST_DIRS:-}" ]; then echo "test-python-client: kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
fail() {
  echo "test-python-client: FAILED: $*"
  for log in ws/server/log.txt ws/site-1/log.txt ws/site-2/log.txt; do
    [ -f "$WORK/$log" ] && { echo "---- last lines of $log"; tail -n 25 "$WORK/$log"; }
  done
  exit 1
}

free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
FED_PORT=$(free_port); ADMIN_PORT=$(free_port)
while [ "$ADMIN_PORT" = "$FED_PORT" ]; do ADMIN_PORT=$(free_port); done
ADMIN=admin@lead.org

echo "test-python-client: provisioning in $WORK (fed_learn_port $FED_PORT, admin_port $ADMIN_PORT)"
cat > "$WORK/project.yml" <<EOF
name: pyclient
server:
  org: lead
  cn: localhost
  fed_learn_port: $FED_PORT
  admin_port: $ADMIN_PORT
  admin_storage: transfer
  min_num_clients: 1
  max_num_clients: 10
fl_clients:
  - org: org-1
    client_name: site-1
  - org: org-2
    client_name: site-2
admin_clients:
  - org: lead
    email: $ADMIN
EOF
timeout 60 "$BIN/fl-provision" -p "$WORK/project.yml" -o "$WORK" > "$WORK/provision.out" 2>&1 || { cat "$WORK/provision.out"; fail "fl-provision"; }
for kit in server site-1 site-2 "$ADMIN"; do
  pw=$(sed -n "s/^===> password: \([^ ]*\) for $kit\.zip.*/\1/p" "$WORK/provision.out")
  [ -n "$pw" ] || fail "no password printed for $kit.zip"
  timeout 60 "$BIN/fl-provision" unpack "$WORK/packages/$kit.zip" -d "$WORK/ws/$kit" -P "$pw" > "$WORK/unpack.out" 2>&1 || { cat "$WORK/unpack.out"; fail "unpack $kit.zip"; }
done

# The app: the phantom app's layout, 2 rounds, both sites needed, cross-site validation on, and an
# external trainer for the Swift site that trains the Python client's model.
APP="$WORK/app"
mkdir -p "$APP/config" "$APP/resources"
cp examples/python-client/flock_client.py "$APP/resources/"
cat > "$APP/config/config_fed_server.json" <<EOF
{"servers": [{"min_num_clients": 2, "max_num_clients": 10, "wait_after_min_clients": 0,
              "heart_beat_timeout": 60, "start_round": 0, "num_rounds": 2}],
 "aggregator": {"name": "ModelAggregator", "args": {}},
 "cross_site_validate": true}
EOF
echo '{"client": {"local_epochs": 2, "update_kind": "weights", "cross_site_validate": true}}' > "$APP/config/config_fed_client.json"
echo "{\"trainer\": {\"command\": [\"$PYTHON\", \"resources/flock_client.py\", \"--external-trainer\"]}}" > "$APP/config/config_train.json"

echo "test-python-client: starting fl-server, fl-client site-1 and the Python client site-2"
export FLOCK_HOME="$BIN" FLOCK_RESTART_DELAY=1
"$WORK/ws/server/startup/start.sh" > /dev/null || fail "start.sh of the server"
"$WORK/ws/site-1/startup/start.sh" > /dev/null || fail "start.sh of site-1"
timeout "$LIMIT" "$PYTHON" -u examples/python-client/flock_client.py --workspace "$WORK/ws/site-2" > "$WORK/ws/site-2/log.txt" 2>&1 &
PY_PID=$!

timeout "$LIMIT" "$PYTHON" -u examples/python-client/drive_run.py --admin-workspace "$WORK/ws/$ADMIN" --admin "$ADMIN" \
  --admin-port "$ADMIN_PORT" --app "$APP" --server-workspace "$WORK/ws/server" --clients site-1,site-2 --rounds 2 \
  --timeout "$((LIMIT - 30))" || fail "the admin driver (exit $?)"

# After `shutdown client` the Python client quits and exits by itself.
for _ in $(seq 1 100); do kill -0 "$PY_PID" 2>/dev/null || break; sleep 0.2; done
kill -0 "$PY_PID" 2>/dev/null && fail "the Python client did not exit within 20 s of 'shutdown client'"
wait "$PY_PID" || fail "the Python client exited with status $?"
PY_PID=""
grep -q "validated" "$WORK/ws/site-2/log.txt" || fail "the Python client never answered a VALIDATE task"
grep -q "linear external trainer: train round 1" "$WORK/ws/site-1/log.txt" || fail "site-1's external trainer did not train round 1"
echo "test-python-client: passed in $(( $(date +%s) - T0 )) s"
