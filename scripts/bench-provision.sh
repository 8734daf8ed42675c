#!/usr/bin/env bash
# Benchmarks fl-provision: 1 server + 100 clients + 5 admins, AES-256 and ZipCrypto packages,
# EC P-256 (default) and RSA-2048 keys; three runs each, median wall time reported.
# Usage: scripts/bench-provision.sh [--no-write]   (default: also updates the
# "## Provisioning" section of BENCHMARKS.md). CONFIG=debug|release (default release).
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG="${CONFIG:-release}"
SWIFT="${SWIFT:-swift}"
RUNS=3

"$SWIFT" build -c "$CONFIG" --product fl-provision >/dev/null
BIN="$("$SWIFT" build -c "$CONFIG" --show-bin-path)/fl-provision"

WORK="$(mktemp -d -t flockprov-bench-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

make_project() {  # $1 = file, $2 = extra top-level line
  {
    echo "name: bench"
    echo "$2"
    echo "server:"
    echo "  org: lead"
    echo "  cn: fl.bench.example"
    echo "  fed_learn_port: 8002"
    echo "  admin_port: 8003"
    echo "  min_num_clients: 2"
    echo "  max_num_clients: 100"
    echo "fl_clients:"
    for i in $(seq 1 100); do
      echo "  - org: hospital-$i"
      echo "    client_name: site-$i"
    done
    echo "admin_clients:"
    for i in $(seq 1 5); do
      echo "  - org: lead"
      echo "    email: admin$i@bench.example"
    done
  } > "$1"
}

# Median wall time (seconds) of RUNS fresh provisionings; $1 = project, $2.. = extra flags.
measure() {
  local project="$1"; shift
  local times=()
  for r in $(seq 1 "$RUNS"); do
    local out="$WORK/out-$r-$RANDOM"
    local start end
    start=$(date +%s.%N)
    "$BIN" -p "$project" -o "$out" "$@" > "$WORK/passwords.txt" 2> "$WORK/stderr.txt"
    end=$(date +%s.%N)
    local n
    n=$(ls "$out/packages" | wc -l)
    [ "$n" = 106 ] || { echo "bench-provision: expected 106 packages, got $n" >&2; exit 1; }
    times+=("$(echo "$end - $start" | bc)")
    rm -rf "$out"
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}

make_project "$WORK/ec.yml" ""
make_project "$WORK/rsa.yml" "key_algorithm: rsa-2048"

ec_aes=$(measure "$WORK/ec.yml")
ec_zc=$(measure "$WORK/ec.yml" --zip-encryption zipcrypto)
rsa_aes=$(measure "$WORK/rsa.yml")

# Growing: add one client to a provisioned project.
out="$WORK/grow"
"$BIN" -p "$WORK/ec.yml" -o "$out" > /dev/null 2>&1
sed -i 's/^admin_clients:$/  - org: newcomer\n    client_name: site-101\nadmin_clients:/' "$WORK/ec.yml"
start=$(date +%s.%N)
"$BIN" -p "$WORK/ec.yml" -o "$out" > /dev/null 2>&1
end=$(date +%s.%N)
grow=$(echo "$end - $start" | bc)

cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//') ($(nproc) cores)"
section="## Provisioning

\`scripts/bench-provision.sh\` (\`make bench-provision\`): \`fl-provision -p project.yml -o OUT\` for 1 server +
100 clients + 5 admins (106 signed, encrypted packages), fresh output folder, median of $RUNS runs,
$CONFIG build, on $cpu, $(date -u +%Y-%m-%d).

| keys | package encryption | wall time |
|---|---|---|
| EC P-256 (default) | AES-256 (default) | $(printf '%.2f' "$ec_aes") s |
| EC P-256 | ZipCrypto (\`--zip-encryption zipcrypto\`) | $(printf '%.2f' "$ec_zc") s |
| RSA-2048 (\`key_algorithm: rsa-2048\`) | AES-256 | $(printf '%.2f' "$rsa_aes") s |

Growing that project by one client (a second run, existing root CA, 1 new package): $(printf '%.2f' "$grow") s."

echo "$section"
if [ "${1:-}" != "--no-write" ]; then
  python3 - "$section" <<'PY'
import pathlib, re, sys
section = sys.argv[1].rstrip() + "\n"
path = pathlib.Path("BENCHMARKS.md")
text = path.read_text() if path.exists() else "# Benchmarks\n\nResults of `make bench`; each section names the command that produced it.\n"
pattern = re.compile(r"^## Provisioning\n.*?(?=^## |\Z)", re.S | re.M)
if pattern.search(text):
    text = pattern.sub(lambda m: section + "\n", text).rstrip() + "\n"
else:
    text = text.rstrip() + "\n\n" + section
path.write_text(text)
PY
  echo "bench-provision: updated BENCHMARKS.md"
fi
