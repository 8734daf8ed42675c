#!/usr/bin/env bash
# RPC transport benchmark: streams MIB MiB (1 MiB messages) over mutual TLS on loopback, server->client
# (ServerStream) and client->server (ClientStream), for
#   - FlockRPC: `flock-interop serve` + `flock-interop bench` (release build),
#   - grpcio:   Tests/Interop/interop_server.py + interop_client.py --bench (Python, same machine),
# alternating RUNS rounds, and reports the medians beside `openssl speed -evp aes-128-gcm` (16 KiB
# blocks, one core) measured in the same run. Writes the `## RPC transport` section of BENCHMARKS.md.
# Usage: scripts/bench-rpc.sh   (env: BENCH_MIB=1024, BENCH_RUNS=3, PYTHON=.venv/bin/python, NO_WRITE=1)
set -euo pipefail
cd "$(dirname "$0")/.."
MIB=${BENCH_MIB:-1024}
RUNS=${BENCH_RUNS:-3}
PYTHON=${PYTHON:-.venv/bin/python}
SWIFT=${SWIFT:-swift}

[ -x "$PYTHON" ] || scripts/install-deps.sh
WORK=$(mktemp -d /tmp/flock-bench-rpc.XXXXXX)
PIDS=()
cleanup() {
  exec 3>&- 2>/dev/null || true
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

Tests/Interop/make-certs.sh "$WORK/certs" >/dev/null
mkdir -p "$WORK/gen"
"$PYTHON" -m grpc_tools.protoc -I proto --python_out="$WORK/gen" --grpc_python_out="$WORK/gen" fl/testing/v1/interop.proto
echo "bench-rpc: building flock-interop (release)"
$SWIFT build -c release --product flock-interop 2>&1 | tail -1
BIN="$($SWIFT build -c release --show-bin-path)/flock-interop"
C="$WORK/certs"

start_server() { # NAME CMD...: stdin on fd 3 (closing it stops the server); sets PORT
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
  echo "bench-rpc: $name did not start:"; cat "$WORK/$name.out"; return 1
}
stop_server() {
  exec 3>&-
  wait "${PIDS[-1]}" 2>/dev/null || true
  unset 'PIDS[-1]'
}
field() { sed -n "s/^$1 \([0-9.]*\)$/\1/p" "$2" | tail -1; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "bench-rpc: openssl speed -evp aes-128-gcm"
OPENSSL_MBPS=$(openssl speed -seconds 2 -evp aes-128-gcm 2>/dev/null | awk '/^AES-128-GCM/ {v=$(NF-1)} END {sub(/k$/, "", v); printf "%.0f", v * 1000 / 1e6}')
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

F_DOWN=(); F_UP=(); G_DOWN=(); G_UP=(); F_SRSS=(); F_CRSS=(); G_CRSS=(); F_SCPU=(); F_CCPU=()
for r in $(seq 1 "$RUNS"); do
  start_server flock "$BIN" serve --cert "$C/server.pem" --key "$C/server.key" --ca "$C/ca.pem"
  "$BIN" bench --port "$PORT" --cert "$C/client.pem" --key "$C/client.key" --ca "$C/ca.pem" --server-name localhost \
    --mib "$MIB" > "$WORK/flock-client.out"
  stop_server
  F_DOWN+=("$(field DOWNLOAD_MBPS "$WORK/flock-client.out")"); F_UP+=("$(field UPLOAD_MBPS "$WORK/flock-client.out")")
  F_CRSS+=("$(field CLIENT_PEAK_RSS_MIB "$WORK/flock-client.out")"); F_SRSS+=("$(field SERVER_PEAK_RSS_MIB "$WORK/flock.out")")
  F_CCPU+=("$(field CLIENT_CPU_S "$WORK/flock-client.out")"); F_SCPU+=("$(field SERVER_CPU_S "$WORK/flock.out")")

  start_server grpcio "$PYTHON" Tests/Interop/interop_server.py "$WORK/gen" "$C"
  "$PYTHON" Tests/Interop/interop_client.py "$WORK/gen" "$C" "$PORT" --mib "$MIB" --bench > "$WORK/grpcio-client.out"
  stop_server
  G_DOWN+=("$(field DOWNLOAD_MBPS "$WORK/grpcio-client.out")"); G_UP+=("$(field UPLOAD_MBPS "$WORK/grpcio-client.out")")
  G_CRSS+=("$(field CLIENT_PEAK_RSS_MIB "$WORK/grpcio-client.out")")
  echo "bench-rpc: round $r: FlockRPC down ${F_DOWN[-1]} up ${F_UP[-1]} MB/s (server RSS ${F_SRSS[-1]} MiB, client ${F_CRSS[-1]} MiB); grpcio down ${G_DOWN[-1]} up ${G_UP[-1]} MB/s"
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

FD=$(median "${F_DOWN[@]}"); FU=$(median "${F_UP[@]}"); GD=$(median "${G_DOWN[@]}"); GU=$(median "${G_UP[@]}")
RD=$(awk -v a="$FD" -v b="$GD" 'BEGIN {printf "%.1f", a / b}'); RU=$(awk -v a="$FU" -v b="$GU" 'BEGIN {printf "%.1f", a / b}')
# CPU-seconds per GiB moved per end (each end sends MIB and receives MIB), and the rate that
# would give with one dedicated core per end (what each end gets on an idle 2-core machine).
SCPU=$(median "${F_SCPU[@]}"); CCPU=$(median "${F_CCPU[@]}")
CPG=$(awk -v s="$SCPU" -v c="$CCPU" -v m="$MIB" 'BEGIN {printf "%.2f", (s > c ? s : c) / (2 * m / 1024)}')
CEIL=$(awk -v x="$CPG" 'BEGIN {printf "%.0f", 1073.741824 / x}')
MAXRSS=$(printf '%s\n' "${F_SRSS[@]}" "${F_CRSS[@]}" | sort -n | tail -1)
MET=$(awk -v fd="$FD" -v fu="$FU" -v rd="$RD" -v ru="$RU" 'BEGIN {print (fd >= 2000 && fu >= 2000 && rd >= 3 && ru >= 3) ? "MET" : "NOT met"}')
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
GRPC_VERSION=$("$PYTHON" -c 'import grpc; print(grpc.__version__)')
join() { local IFS=", "; echo "$*"; }

SECTION="$WORK/section.md"
cat > "$SECTION" <<EOF
## RPC transport

Produced by \`make bench-rpc\` (scripts/bench-rpc.sh) on $(date -u +%Y-%m-%d) at commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources Package.swift || echo "+changes").
Machine: $(nproc) CPUs (nproc) shared with other work, $CPU, Linux $(uname -r); $(openssl version | cut -d' ' -f1-2);
load average $LOAD_BEFORE before, $LOAD_AFTER after.

Transfer: $MIB MiB as 1 MiB \`fl.testing.v1.Chunk\` messages over mutual TLS (TLS 1.3, AES-128-GCM) on
127.0.0.1, one HTTP/2 stream each way; client and server run on the same $(nproc) cores. Median of $RUNS
alternating rounds (FlockRPC, then grpcio $GRPC_VERSION Python server + client doing the same transfer).

| | server -> client MB/s | client -> server MB/s | rounds (down / up) |
| --- | ---: | ---: | --- |
| FlockRPC (\`flock-interop\`, release) | $FD | $FU | $(join "${F_DOWN[@]}") / $(join "${F_UP[@]}") |
| grpcio $GRPC_VERSION (Python) | $GD | $GU | $(join "${G_DOWN[@]}") / $(join "${G_UP[@]}") |
| FlockRPC / grpcio | ${RD}x | ${RU}x | |
| \`openssl speed -evp aes-128-gcm\` (16 KiB blocks, 1 core) | $OPENSSL_MBPS | | |

FlockRPC peak RSS (VmHWM): server $(join "${F_SRSS[@]}") MiB, client $(join "${F_CRSS[@]}") MiB (max $MAXRSS MiB for
a $MIB MiB stream: bounded, nothing buffers the whole stream). grpcio client: $(join "${G_CRSS[@]}") MiB.

CPU cost (load-independent): server $(join "${F_SCPU[@]}") s, client $(join "${F_CCPU[@]}") s of CPU for the
whole run (each end sends $MIB MiB and receives $MIB MiB); the busier end spends **$CPG CPU-seconds per GiB**
moved, i.e. about **$CEIL MB/s** per direction if each end had one otherwise idle core to itself.

Target (at least 2000 MB/s each way and at least 3x grpcio in the same run): **$MET**.
EOF
if [ -f "$WORK/notes.md" ]; then cat "$WORK/notes.md" >> "$SECTION"; fi
if [ -f scripts/bench-rpc-notes.md ]; then echo >> "$SECTION"; cat scripts/bench-rpc-notes.md >> "$SECTION"; fi
cat "$SECTION"

if [ -z "${NO_WRITE:-}" ]; then
  # Replace the section (up to the next "## " heading) or append it.
  awk -v f="$SECTION" '
    /^## RPC transport/ { while ((getline l < f) > 0) print l; print ""; skip = 1; done = 1; next }
    skip && /^## / { skip = 0 }
    !skip { print }
    END { if (!done) { print ""; while ((getline l < f) > 0) print l } }
  ' BENCHMARKS.md | cat -s > "$WORK/BENCHMARKS.md"
  cp "$WORK/BENCHMARKS.md" BENCHMARKS.md
  echo "bench-rpc: wrote the RPC transport section of BENCHMARKS.md"
fi
