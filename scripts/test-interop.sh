#!/usr/bin/env bash
# FlockRPC interoperability with stock gRPC (Python grpcio), both directions, over mutual TLS:
#   1. a grpcio client (stubs generated now by grpc_tools.protoc from proto/) calls the Swift
#      flock-interop server: unary, 256 MiB server stream, 256 MiB client stream, bidi echo,
#      an expiring deadline, a cancellation the server observes, an unknown method;
#   2. the Swift flock-interop client runs the same cases against a grpcio server.
# Certificates are made fresh by Tests/Interop/make-certs.sh.
# Usage: scripts/test-interop.sh   (env: CONFIG=debug|release, INTEROP_MIB=256, PYTHON=.venv/bin/python)
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG=${CONFIG:-debug}
MIB=${INTEROP_MIB:-256}
PYTHON=${PYTHON:-.venv/bin/python}
SWIFT=${SWIFT:-swift}

[ -x "$PYTHON" ] || scripts/install-deps.sh
WORK=$(mktemp -d /tmp/flock-interop.XXXXXX)
PIDS=()
cleanup() {
  exec 3>&- 2>/dev/null || true
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "interop: certificates and Python stubs in $WORK"
Tests/Interop/make-certs.sh "$WORK/certs"
mkdir -p "$WORK/gen"
"$PYTHON" -m grpc_tools.protoc -I proto --python_out="$WORK/gen" --grpc_python_out="$WORK/gen" fl/testing/v1/interop.proto

echo "interop: building flock-interop ($CONFIG)"
$SWIFT build -c "$CONFIG" --product flock-interop 2>&1 | tail -1
BIN="$($SWIFT build -c "$CONFIG" --show-bin-path)/flock-interop"
C="$WORK/certs"

# start_server NAME CMD...: runs CMD with stdin on fd 3 (closing it stops the server), waits for
# its "LISTENING <port>" line and sets PORT.
start_server() {
  local name=$1; shift
  rm -f "$WORK/$name.in"; mkfifo "$WORK/$name.in"
  "$@" < "$WORK/$name.in" > "$WORK/$name.out" 2>&1 &
  PIDS+=($!)
  exec 3> "$WORK/$name.in"
  PORT=""
  for _ in $(seq 1 300); do
    PORT=$(sed -n 's/^LISTENING \([0-9]*\)$/\1/p' "$WORK/$name.out")
    [ -n "$PORT" ] && return 0
    sleep 0.1
  done
  echo "interop: $name did not start:"; cat "$WORK/$name.out"; return 1
}

stop_server() { # NAME
  exec 3>&-
  wait "${PIDS[-1]}" 2>/dev/null || true
  unset 'PIDS[-1]'
}

status=0
echo "== grpcio client -> FlockRPC server"
start_server swift-server "$BIN" serve --cert "$C/server.pem" --key "$C/server.key" --ca "$C/ca.pem"
"$PYTHON" Tests/Interop/interop_client.py "$WORK/gen" "$C" "$PORT" --mib "$MIB" || status=1
stop_server

echo "== FlockRPC client -> grpcio server"
start_server py-server "$PYTHON" Tests/Interop/interop_server.py "$WORK/gen" "$C"
"$BIN" client --port "$PORT" --cert "$C/client.pem" --key "$C/client.key" --ca "$C/ca.pem" --server-name localhost --mib "$MIB" || status=1
stop_server

if [ $status -eq 0 ]; then echo "interop: all cases passed"; else echo "interop: FAILED"; fi
exit $status
