#!/usr/bin/env bash
# make drills: the fault drills of docs/drills.md (Tests/EndToEndTests/DrillTests.swift) with the
# real binaries: server killed mid-upload and while saving, client killed while receiving, disk full,
# clock-skewed clients (libfaketime), a network cut (network namespace + veth pair).
# Needs root (tmpfs mounts, netns); installs faketime and iproute2 when missing. A missing
# prerequisite fails the drills: they never skip under this script.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT="${SWIFT:-swift}"

if [ "$(id -u)" != 0 ]; then
  echo "drills: the fault drills need root (tmpfs mounts, network namespaces); run make drills as root" >&2
  exit 1
fi
missing=()
for p in faketime iproute2 util-linux python3; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "drills: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

"$SWIFT" build --build-tests   # a no-op after make test-swift
start=$(date +%s)
FLOCK_DRILLS=1 "$SWIFT" test --skip-build --filter DrillTests
echo "drills: passed in $(( $(date +%s) - start )) s"
