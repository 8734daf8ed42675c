#!/usr/bin/env bash
# make bench-load: the bounded 1,000-client load test (loopback only, stops by itself).
#
# flock-load provisions a project (max_num_clients >= N), issues N client certificates from its
# root CA, starts one release fl-server on 127.0.0.1, and simulates N clients in one process, each
# with its own mTLS connection and certificate (CN = client name): Register, the admin request
# stream (DEPLOY -> DownloadApp, START, CHECK_STATUS), Heartbeat at the server's interval, and the
# GetTask loop (TRAIN with a small global model -> simulated training -> SubmitUpdate; WAIT ->
# retry_after_ms), for a fixed window; then every client quits and the server shuts down.
# Writes the "## 1,000-client load" section of BENCHMARKS.md (other sections are kept).
#
# Environment:
#   FLOCK_LOAD_CLIENTS (1000)  FLOCK_LOAD_DURATION (60 s)  FLOCK_LOAD_TRAIN_MS (1000)  FLOCK_LOAD_MODEL_KB (4)
#   FLOCK_BENCH_NO_BUILD=1   use .build/release as built (e.g. while a debug build holds .build's lock)
#   FLOCK_BENCH_WRITE=0      print the section without touching BENCHMARKS.md
set -u
cd "$(dirname "$0")/.."
REPO="$PWD"
CLIENTS="${FLOCK_LOAD_CLIENTS:-1000}"
DURATION="${FLOCK_LOAD_DURATION:-60}"
TRAIN_MS="${FLOCK_LOAD_TRAIN_MS:-1000}"
MODEL_KB="${FLOCK_LOAD_MODEL_KB:-4}"
WRITE="${FLOCK_BENCH_WRITE:-1}"
RES="$(mktemp -d /tmp/flock-bench-load.XXXXXX)"
echo "bench-load: results in $RES"

if [ "${FLOCK_BENCH_NO_BUILD:-0}" = 1 ]; then
  BIN="$REPO/.build/release"
else
  echo "=== swift build -c release"
  swift build -c release 2>&1 | tail -3
  BIN="$(swift build -c release --show-bin-path)"
fi
for p in fl-server fl-provision flock-load; do
  [ -x "$BIN/$p" ] || { echo "bench-load: $BIN/$p missing: the release build failed" >&2; exit 1; }
done

echo "=== flock-load: $CLIENTS clients, ${DURATION} s window"
"$BIN/flock-load" --bin "$BIN" --clients "$CLIENTS" --duration "$DURATION" --train-ms "$TRAIN_MS" --model-kb "$MODEL_KB" \
  --work "$RES" --out "$RES/load.json" 2>&1 | tee "$RES/load.log"
code=${PIPESTATUS[0]}
[ -s "$RES/load.json" ] || { echo "bench-load: flock-load wrote no result (exit $code)" >&2; exit 1; }

CMD="make bench-load"
[ "$CLIENTS" != 1000 ] || [ "$DURATION" != 60 ] && CMD="FLOCK_LOAD_CLIENTS=$CLIENTS FLOCK_LOAD_DURATION=$DURATION $CMD"
[ "${FLOCK_BENCH_NO_BUILD:-0}" = 1 ] && CMD="FLOCK_BENCH_NO_BUILD=1 $CMD (release binaries built beforehand from the same commit)"
python3 scripts/bench-load-report.py "$RES/load.json" "$CMD" "$WRITE"
exit "$code"
