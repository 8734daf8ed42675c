#!/usr/bin/env bash
# Regenerates Flock's protocol code (`make proto`). DO NOT EDIT the output; change proto/ and rerun.
#
#   scripts/gen-proto.sh [C_DIR] [SWIFT_DIR] [FIXTURES_DIR] [DESCRIPTOR_C_DIR] [SAMPLES_DIR]
#
# 1. protoc-c --c_out for every .proto under proto/ (and for codegen/proto's descriptor.proto,
#    the C code fl-codegen decodes descriptor sets with);
# 2. protoc --descriptor_set_out --include_imports --include_source_info for proto/;
# 3. fl-codegen (swift build --product fl-codegen, reused when up to date) arranges the C output
#    into the C targets (.c in the target, .h under include/, umbrella header, module map) and
#    renders the Swift sources and the test fixtures from the descriptor set.
# 4. the same for fl-codegen's test samples (codegen/Tests/FlockCodegenTests/Protos → SAMPLES_DIR,
#    modules CFlockCodegenSamples and FlockCodegenSamples).
# Everything is generated into a temporary folder first; only when all steps succeeded are the
# old outputs deleted (no stale files survive) and the new ones moved in.
#
# Tools are overridable: PROTOC, PROTOC_C, SWIFT, FL_CODEGEN (a built fl-codegen to use as is).
set -euo pipefail
cd "$(dirname "$0")/.."

C_DIR=${1:-Sources/CFlockProto}
SWIFT_DIR=${2:-Sources/FlockProto/Generated}
FIXTURES_DIR=${3:-Tests/FlockProtoTests/Generated}
DESCRIPTOR_C_DIR=${4:-codegen/Sources/CFlockDescriptor}
SAMPLES_DIR=${5:-codegen/Tests/Samples}
SAMPLE_PROTO_ROOT=codegen/Tests/FlockCodegenTests/Protos
PROTOC=${PROTOC:-protoc}
PROTOC_C=${PROTOC_C:-protoc-c}
SWIFT=${SWIFT:-swift}

for tool in "$PROTOC" "$PROTOC_C"; do
  command -v "$tool" >/dev/null || { echo "gen-proto: $tool not found; run scripts/install-deps.sh" >&2; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mapfile -t PROTOS < <(cd proto && find . -name '*.proto' | sed 's|^\./||' | LC_ALL=C sort)
[ ${#PROTOS[@]} -gt 0 ] || { echo "gen-proto: no .proto files under proto/" >&2; exit 1; }

mapfile -t SAMPLE_PROTOS < <(cd "$SAMPLE_PROTO_ROOT" && find . -name '*.proto' | sed 's|^\./||' | LC_ALL=C sort)

mkdir -p "$tmp/protoc-c" "$tmp/descriptor-protoc-c" "$tmp/samples-protoc-c" "$tmp/out/c" "$tmp/out/descriptor-c" \
  "$tmp/out/swift" "$tmp/out/fixtures" "$tmp/out/samples/CFlockCodegenSamples" "$tmp/out/samples/FlockCodegenSamples"
"$PROTOC_C" -I proto --c_out="$tmp/protoc-c" "${PROTOS[@]}"
"$PROTOC_C" -I codegen/proto --c_out="$tmp/descriptor-protoc-c" google/protobuf/descriptor.proto
"$PROTOC" -I proto --include_imports --include_source_info --descriptor_set_out="$tmp/fl.protoset" "${PROTOS[@]}"
"$PROTOC_C" -I "$SAMPLE_PROTO_ROOT" --c_out="$tmp/samples-protoc-c" "${SAMPLE_PROTOS[@]}"
"$PROTOC" -I "$SAMPLE_PROTO_ROOT" --include_imports --include_source_info --descriptor_set_out="$tmp/samples.protoset" "${SAMPLE_PROTOS[@]}"

if [ -z "${FL_CODEGEN:-}" ]; then
  bin=$("$SWIFT" build --show-bin-path)
  FL_CODEGEN="$bin/fl-codegen"
  # Rebuild only when a codegen source is newer than the binary (keeps `make check-proto` fast).
  if [ ! -x "$FL_CODEGEN" ] || [ -n "$(find codegen/Sources Package.swift -newer "$FL_CODEGEN" -print -quit)" ]; then
    "$SWIFT" build --product fl-codegen >&2
  fi
fi

"$FL_CODEGEN" c --protoc-c-out "$tmp/protoc-c" --out "$tmp/out/c" --module "$(basename "$C_DIR")"
"$FL_CODEGEN" c --protoc-c-out "$tmp/descriptor-protoc-c" --out "$tmp/out/descriptor-c" --module "$(basename "$DESCRIPTOR_C_DIR")"
"$FL_CODEGEN" swift --descriptor-set "$tmp/fl.protoset" --out "$tmp/out/swift" --fixtures-out "$tmp/out/fixtures"
"$FL_CODEGEN" c --protoc-c-out "$tmp/samples-protoc-c" --out "$tmp/out/samples/CFlockCodegenSamples" --module CFlockCodegenSamples
"$FL_CODEGEN" swift --descriptor-set "$tmp/samples.protoset" --out "$tmp/out/samples/FlockCodegenSamples" \
  --c-module CFlockCodegenSamples

replace() { # replace DEST with SRC (DEST holds generated files only)
  rm -rf "$2"
  mkdir -p "$(dirname "$2")"
  cp -R "$1" "$2"
}
replace "$tmp/out/c" "$C_DIR"
replace "$tmp/out/descriptor-c" "$DESCRIPTOR_C_DIR"
replace "$tmp/out/swift" "$SWIFT_DIR"
replace "$tmp/out/fixtures" "$FIXTURES_DIR"
replace "$tmp/out/samples" "$SAMPLES_DIR"
