#!/usr/bin/env bash
# make bench-fl: federated rounds on loopback, Flock vs the peers, in one run.
#
# Workload (the peers' harnesses in /work/shared/reference/peers, see their README.md): one float32
# array of 1/16/128 MiB, client "training" = w + noise (Flock: the pass-through trainer,
# client.benchmark_model_mb), FedAvg, 3 rounds, 2 and 8 clients, everything on 127.0.0.1.
# Flock: real fl-server / fl-client processes from kits provisioned by fl-provision (mTLS), driven
# by flock-bench-fl (generated Admin client). Median round time = median of the server's
# fl_state.json history[].seconds (round start to global model written, its fsync overlapping the next round); server peak RSS = VmHWM of
# fl-server. Then single 1 GiB x 2 and 3 GiB x 2 runs (2 rounds: the second is a full round, global
# model down and updates up), then the Flower legacy gRPC and NVFlare simulator matrices.
# Writes the "## Federated rounds" section of BENCHMARKS.md (other sections are kept).
#
# Environment:
#   FLOCK_BENCH_QUICK=1   Flock only, 1 and 16 MiB x 2 and 8 clients (for iterations); BENCHMARKS.md
#                         is not touched unless FLOCK_BENCH_WRITE=1
#   FLOCK_BENCH_PEERS=0   skip the peers (the section says so)
#   FLOCK_BENCH_LARGE=0   skip the 1 GiB / 3 GiB runs
#   FLOCK_BENCH_SIZES / FLOCK_BENCH_CLIENTS   override Flock's matrix
#   PEERS_DIR             the peers' harnesses (default /work/shared/reference/peers)
#   FLOCK_BENCH_NO_BUILD=1  use .build/release as built (e.g. while a debug build holds .build's lock)
set -u
cd "$(dirname "$0")/.."
REPO="$PWD"
QUICK="${FLOCK_BENCH_QUICK:-0}"
PEERS="${FLOCK_BENCH_PEERS:-1}"
LARGE="${FLOCK_BENCH_LARGE:-1}"
if [ "$QUICK" = 1 ]; then
  PEERS=0; LARGE=0
  SIZES="${FLOCK_BENCH_SIZES:-1 16}"
else
  SIZES="${FLOCK_BENCH_SIZES:-1 16 128}"
fi
CLIENTS="${FLOCK_BENCH_CLIENTS:-2 8}"
PEERS_DIR="${PEERS_DIR:-/work/shared/reference/peers}"
RES="$(mktemp -d /tmp/flock-bench-fl.XXXXXX)"
WORK="${FLOCK_BENCH_WORK:-/tmp}"
export FLWR_TELEMETRY_ENABLED=0
echo "bench-fl: results in $RES"

load_avg() { cut -d' ' -f1-3 /proc/loadavg; }
echo "load_start=$(load_avg)" > "$RES/facts"

if [ "${FLOCK_BENCH_NO_BUILD:-0}" = 1 ]; then
  BIN="$REPO/.build/release"   # the caller built it (swift build -c release) from this tree
else
  echo "=== swift build -c release"
  swift build -c release 2>&1 | tail -3
  BIN="$(swift build -c release --show-bin-path)"
fi
for p in fl-server fl-client fl-provision flock-bench-fl; do
  [ -x "$BIN/$p" ] || { echo "bench-fl: $BIN/$p missing: the release build failed" >&2; exit 1; }
done

flock_run() { # mb clients rounds label
  echo "=== flock ${1} MiB x ${2} clients, ${3} rounds"
  "$BIN/flock-bench-fl" --bin "$BIN" --repo "$REPO" --mb "$1" --clients "$2" --rounds "$3" \
    --work "$WORK" --out "$RES/flock.jsonl" --timeout 1500 --label "$4" | cut -c1-400
  sleep 1
}

for mb in $SIZES; do
  for n in $CLIENTS; do flock_run "$mb" "$n" 3 matrix; done
done

if [ "$LARGE" = 1 ]; then
  # Disk: per run the server holds global model + accumulator + 2 spools, each client 2 models.
  for mb in 1024 3072; do
    need_gb=$(( mb * 9 / 1024 + 2 ))
    free_gb=$(df -BG --output=avail "$WORK" | tail -1 | tr -dc 0-9)
    if [ "$free_gb" -lt "$need_gb" ]; then
      echo "{\"framework\":\"flock\",\"mb\":$mb,\"clients\":2,\"label\":\"large\",\"ok\":false,\"error\":\"skipped: $free_gb GB free in $WORK, $need_gb GB needed\"}" >> "$RES/flock.jsonl"
      continue
    fi
    flock_run "$mb" 2 2 large
  done
fi

# --- Peers ------------------------------------------------------------------------------------
peer_note() { echo "$1" >> "$RES/peer_notes"; echo "bench-fl: $1"; }
if [ "$PEERS" = 1 ]; then
  if [ ! -d "$PEERS_DIR" ]; then
    peer_note "peers not run: $PEERS_DIR does not exist"
  else
    cp -r "$PEERS_DIR" "$RES/peers"
    rm -rf "$RES/peers/results"; mkdir -p "$RES/peers/results/logs"
    if [ ! -x /tmp/peers-venv/bin/python ] || ! /tmp/peers-venv/bin/python -c 'import flwr' 2>/dev/null; then
      echo "=== installing Flower 1.42 into /tmp/peers-venv"
      { python3 -m venv /tmp/peers-venv && /tmp/peers-venv/bin/pip install -q 'flwr==1.42.*' numpy psutil; } > "$RES/pip-flower.log" 2>&1 \
        || peer_note "Flower could not be installed from PyPI (see pip log): $(tail -2 "$RES/pip-flower.log" | tr '\n' ' ')"
    fi
    if [ ! -x /tmp/nvflare-venv/bin/python ] || ! /tmp/nvflare-venv/bin/python -c 'import nvflare' 2>/dev/null; then
      echo "=== installing NVFlare 2.9 into /tmp/nvflare-venv"
      { python3 -m venv /tmp/nvflare-venv && /tmp/nvflare-venv/bin/pip install -q 'nvflare==2.9.*' numpy psutil; } > "$RES/pip-nvflare.log" 2>&1 \
        || peer_note "NVFlare could not be installed from PyPI (see pip log): $(tail -2 "$RES/pip-nvflare.log" | tr '\n' ' ')"
    fi
    if /tmp/peers-venv/bin/python -c 'import flwr' 2>/dev/null; then
      echo "=== Flower 1.42 legacy gRPC matrix (insecure, the peers' default)"
      (cd "$RES/peers" && SIZES="1 16 128" CLIENTS="2 8" ./run_flower_matrix.sh) 2>&1 | tee "$RES/flower.log" | grep -E '^===' || true
      [ -s "$RES/peers/results/flower_legacy.jsonl" ] || peer_note "Flower ran but wrote no results (see $RES/flower.log)"
    fi
    if /tmp/nvflare-venv/bin/python -c 'import nvflare' 2>/dev/null; then
      echo "=== NVFlare 2.9 simulator matrix"
      (cd "$RES/peers" && SIZES="1 16 128" CLIENTS="2 8" ./run_nvflare_sim_matrix.sh) 2>&1 | tee "$RES/nvflare.log" | grep -E '^===' || true
      [ -s "$RES/peers/results/nvflare_sim.jsonl" ] || peer_note "NVFlare ran but wrote no results (see $RES/nvflare.log)"
    fi
  fi
else
  peer_note "peers not run in this invocation (FLOCK_BENCH_QUICK=1 or FLOCK_BENCH_PEERS=0)"
fi
echo "load_end=$(load_avg)" >> "$RES/facts"

WRITE=1
[ "$QUICK" = 1 ] && WRITE="${FLOCK_BENCH_WRITE:-0}"
CMD="make bench-fl"; [ "$QUICK" = 1 ] && CMD="FLOCK_BENCH_QUICK=1 $CMD"
[ "${FLOCK_BENCH_NO_BUILD:-0}" = 1 ] && CMD="FLOCK_BENCH_NO_BUILD=1 $CMD (release binaries built beforehand from the same commit)"
python3 scripts/bench-fl-report.py "$RES" "$CMD" "$WRITE"
