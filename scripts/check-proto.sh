#!/usr/bin/env bash
# `make check-proto`: regenerates the protocol code into a temporary folder and fails, printing
# the difference, when the committed generated files are stale. Reuses a built fl-codegen.
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

PAIRS=(
  "Sources/CFlockProto:$tmp/CFlockProto"
  "Sources/FlockProto/Generated:$tmp/Generated"
  "Tests/FlockProtoTests/Generated:$tmp/FixturesGenerated"
  "codegen/Sources/CFlockDescriptor:$tmp/CFlockDescriptor"
  "codegen/Tests/Samples:$tmp/Samples"
)
scripts/gen-proto.sh "$tmp/CFlockProto" "$tmp/Generated" "$tmp/FixturesGenerated" "$tmp/CFlockDescriptor" "$tmp/Samples"

status=0
for pair in "${PAIRS[@]}"; do
  committed=${pair%%:*}
  fresh=${pair#*:}
  if ! diff -ru "$committed" "$fresh"; then status=1; fi
done
if [ $status -ne 0 ]; then
  echo "check-proto: the generated protocol code is stale; run make proto and commit the result" >&2
  exit 1
fi
echo "check-proto: generated code is up to date"
