#!/usr/bin/env bash
# make demo: a whole federated run on this machine, the way a real deployment goes.
#   1. provision a project (server on localhost, two hospitals, one admin) with fl-provision;
#   2. unpack each kit into its own workspace with fl-provision unpack;
#   3. start the server and both clients with their kits' startup/start.sh;
#   4. drive fl-admin --script: check_status, set_run_number, upload_folder, deploy, start;
#   5. follow the rounds (round, global Dice, per-site loss), show cross-site validation, shut down.
# Each hospital trains on the built-in synthetic CT phantom, shifted per site (non-IID data).
# Safe to run again: the previous demo's processes are stopped and its folder replaced.
# Env: DEMO_DIR (default ./demo-workspace), DEMO_ROUNDS (default 5), DEMO_EPOCHS (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
DEMO=${DEMO_DIR:-$REPO/demo-workspace}
ROUNDS=${DEMO_ROUNDS:-5}
EPOCHS=${DEMO_EPOCHS:-2}
ADMIN=admin@lead.example
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

scripts/install-deps.sh
say "Building Flock"
swift build 2>&1 | grep -E "error|warning: unre|Compiling|Build complete" | grep -v "^\[" | tail -3 || true
BIN=$(swift build --show-bin-path)
export FLOCK_HOME=$BIN
for b in fl-provision fl-server fl-client fl-admin; do
  [ -x "$BIN/$b" ] || { echo "demo: $BIN/$b was not built" >&2; exit 1; }
done

# A previous demo still running? Stop it, then start over.
if [ -d "$DEMO/ws" ]; then
  for ws in "$DEMO"/ws/*; do [ -x "$ws/startup/stop_fl.sh" ] && "$ws/startup/stop_fl.sh" >/dev/null 2>&1 || true; done
fi
rm -rf "$DEMO"
mkdir -p "$DEMO"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
FED_PORT=$(free_port); ADMIN_PORT=$(free_port)
while [ "$ADMIN_PORT" = "$FED_PORT" ]; do ADMIN_PORT=$(free_port); done

say "1. Provisioning project 'demo' (fl-provision)"
cat > "$DEMO/project.yml" <<YML
name: demo
server:
  org: lead
  cn: localhost
  fed_learn_port: $FED_PORT
  admin_port: $ADMIN_PORT
  admin_storage: transfer
  min_num_clients: 2
  max_num_clients: 10
fl_clients:
  - org: hospital-a
    client_name: hospital-a
  - org: hospital-b
    client_name: hospital-b
admin_clients:
  - org: lead
    email: $ADMIN
    roles: [project_admin]
YML
"$BIN/fl-provision" -p "$DEMO/project.yml" -o "$DEMO" | tee "$DEMO/passwords.txt"

say "2. Unpacking each kit into its own workspace (fl-provision unpack)"
for kit in server hospital-a hospital-b "$ADMIN"; do
  pw=$(grep "for $kit.zip" "$DEMO/passwords.txt" | sed 's/.*password: \([^ ]*\) .*/\1/')
  "$BIN/fl-provision" unpack "$DEMO/packages/$kit.zip" -d "$DEMO/ws/$kit" -P "$pw" >/dev/null
  echo "  $DEMO/ws/$kit/startup"
done

say "3. Starting the server and the two hospitals (startup/start.sh)"
"$DEMO/ws/server/startup/start.sh"
"$DEMO/ws/hospital-a/startup/start.sh"
"$DEMO/ws/hospital-b/startup/start.sh"

# The app every site trains: the built-in phantom U-Net, with this demo's rounds and epochs.
APP="$DEMO/ws/$ADMIN/transfer/segmentation_ct_phantom"
mkdir -p "$(dirname "$APP")"
cp -r examples/apps/segmentation_ct_phantom "$APP"
python3 - "$APP/config" "$ROUNDS" "$EPOCHS" <<'PY'
import json, sys
cfg, rounds, epochs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = json.load(open(f"{cfg}/config_fed_server.json")); s["servers"][0]["num_rounds"] = rounds
json.dump(s, open(f"{cfg}/config_fed_server.json", "w"), indent=2)
c = json.load(open(f"{cfg}/config_fed_client.json")); c["client"]["local_epochs"] = epochs
json.dump(c, open(f"{cfg}/config_fed_client.json", "w"), indent=2)
PY

admin() { "$DEMO/ws/$ADMIN/startup/fl_admin.sh" --user "$ADMIN" --yes "$@"; }
wait_for_clients() {
  for _ in $(seq 1 120); do
    if admin --script <(echo "check_status server") 2>/dev/null | grep -q "Registered clients: 2"; then return 0; fi
    sleep 1
  done
  echo "demo: the hospitals did not register within 120 s; see $DEMO/ws/*/log.txt" >&2; exit 1
}

say "4. Operating the federation (startup/fl_admin.sh --script)"
wait_for_clients
cat > "$DEMO/operate.txt" <<CMDS
check_status server
check_status client
set_run_number 1
upload_folder segmentation_ct_phantom
deploy segmentation_ct_phantom server
deploy segmentation_ct_phantom client
start server
start client
CMDS
admin --script "$DEMO/operate.txt"

say "5. Training: $ROUNDS rounds of federated averaging"
STATE="$DEMO/ws/server/run_1/mmar_server/fl_state.json"
python3 - "$STATE" <<'PY'
import json, os, sys, time
state, shown, deadline = sys.argv[1], -1, time.time() + 600
while time.time() < deadline:
    try:
        s = json.load(open(state))
    except (OSError, ValueError):
        time.sleep(0.5); continue
    for r in s["history"][shown + 1:]:
        sites = sorted(r["participants"])
        dice = [r["globalValidation"][x]["mean_dice"] for x in sites if "mean_dice" in r["globalValidation"].get(x, {})]
        loss = ", ".join(f"{x} {r['trainMetrics'][x].get('loss', float('nan')):.3f}" for x in sites)
        g = f"global Dice (model of round {r['round'] - 1}) {sum(dice)/len(dice):.3f}" if dice else "global Dice: not measured yet (first round starts from scratch)"
        print(f"  round {r['round'] + 1}/{s['numRounds']}: {g}; training loss {loss}; {r['seconds']:.1f} s", flush=True)
        shown = r["round"]
    if s.get("finished"):
        final = [m["mean_dice"] for m in s.get("finalGlobalValidation", {}).values() if "mean_dice" in m]
        if final:
            print(f"  final global model (after round {s['lastCompletedRound'] + 1}): mean Dice {sum(final)/len(final):.3f} on the sites' validation data")
        break
    time.sleep(0.5)
else:
    sys.exit("demo: the run did not finish within 10 minutes")
PY

say "6. Cross-site validation (validate all)"
admin --script <(echo "validate all")

say "7. Shutting down: clients first, then the server"
admin --script <(printf 'shutdown client\nshutdown server\n')
sleep 2

SERVER="$DEMO/ws/server/run_1"
say "Done"
cat <<EOF2
  Global model:          $SERVER/mmar_server/models/FL_global_model.safetensors
  Best global model:     $SERVER/mmar_server/models/FL_global_model_best.safetensors
  Metrics per round:     $SERVER/mmar_server/metrics.csv
  Plot (open in a browser): $SERVER/mmar_server/metrics.svg
  Cross-site validation: $SERVER/cross_validation/cross_site_validation.json
  Logs:                  $DEMO/ws/server/log.txt, $DEMO/ws/hospital-a/log.txt, $DEMO/ws/hospital-b/log.txt
  Admin audit log:       $DEMO/ws/server/admin_audit.log
EOF2
