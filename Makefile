# Flock — targets, in the order a developer meets them:
#   make deps          install system packages and the Python venv (idempotent)
#   make proto         regenerate protoc-c C code and the Swift wrappers from proto/ (DO NOT EDIT output)
#   make check-proto   regenerate into a temp dir and fail if the committed code is stale
#   make build         debug build of every target
#   make test          the README's test command: deps, check-proto, check-config (docs vs code), swift test,
#                      fuzz-short, the fault drills, grpcio interop, the third-party Python client against a real server
#   make drills        the fault drills (docs/drills.md; root: tmpfs, network namespaces, libfaketime)
#   make fuzz          every libFuzzer target 60 s (FUZZ_SECONDS); fuzz-short: 10 s each, part of make test
#   make demo          provision, start, and train a few rounds on the built-in phantom data
#   make bench         every benchmark below; results land in BENCHMARKS.md
#   make bench-rpc | bench-train | bench-fl | bench-provision | bench-load
#   make cuda          build the CUDA training library where nvcc exists
#   make clean
SHELL := /bin/bash
SWIFT ?= swift
PROTOC ?= protoc
PROTOC_C ?= protoc-c
PYTHON ?= .venv/bin/python
CONFIG ?= debug

PROTO_FILES := $(shell find proto -name '*.proto' | LC_ALL=C sort)
GEN_C_DIR := Sources/CFlockProto
GEN_SWIFT_DIR := Sources/FlockProto/Generated
GEN_FIXTURES_DIR := Tests/FlockProtoTests/Generated

.PHONY: fuzz fuzz-short deps proto check-proto build build-release test test-swift drills test-interop test-python-client check-config test-demo demo bench bench-rpc bench-train bench-fl bench-provision bench-load cuda clean

deps:
	@scripts/install-deps.sh

proto:
	@PROTOC="$(PROTOC)" PROTOC_C="$(PROTOC_C)" SWIFT="$(SWIFT)" scripts/gen-proto.sh "$(GEN_C_DIR)" "$(GEN_SWIFT_DIR)" "$(GEN_FIXTURES_DIR)"

check-proto:
	@PROTOC="$(PROTOC)" PROTOC_C="$(PROTOC_C)" SWIFT="$(SWIFT)" scripts/check-proto.sh

build:
	$(SWIFT) build -c $(CONFIG)

build-release:
	$(SWIFT) build -c release

test: deps check-proto check-config test-swift fuzz-short drills test-interop test-python-client test-demo

test-swift:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

drills:
	@SWIFT="$(SWIFT)" scripts/drills.sh

test-interop:
	@scripts/test-interop.sh

test-python-client:
	@scripts/test-python-client.sh

# libFuzzer targets (fuzz/, docs/fuzzing.md): fail on any crash and say where the input was saved.
FUZZ_SECONDS ?= 60
fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) SWIFT="$(SWIFT)" scripts/fuzz.sh

fuzz-short:
	@FUZZ_SECONDS=10 SWIFT="$(SWIFT)" scripts/fuzz.sh

check-config:
	@python3 scripts/check-config-reference.py --self-test

demo:
	@scripts/demo.sh

# The demo in short (2 rounds, 1 epoch) in a temporary folder, so it cannot rot.
test-demo:
	@d=$$(mktemp -d /tmp/flock-demo.XXXXXX); DEMO_DIR=$$d/demo DEMO_ROUNDS=2 DEMO_EPOCHS=1 scripts/demo.sh > $$d/demo.log 2>&1 \
	  && { grep -E "round [0-9]+/|final global" $$d/demo.log; rm -rf $$d; echo "test-demo: passed"; } \
	  || { tail -40 $$d/demo.log; echo "test-demo: FAILED (log: $$d/demo.log)"; exit 1; }

bench: bench-provision bench-rpc bench-train bench-fl bench-load

bench-provision:
	@scripts/bench-provision.sh

bench-rpc:
	@scripts/bench-rpc.sh

bench-train:
	@scripts/bench-train.sh

bench-fl:
	@scripts/bench-fl.sh

# 1,000 simulated clients (own mTLS connection each) against one fl-server for 60 s; release build.
bench-load:
	@scripts/bench-load.sh

cuda:
	@scripts/build-cuda.sh

clean:
	rm -rf .build .build-* .scratch
