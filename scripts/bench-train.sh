#!/usr/bin/env bash
# make bench-train: builds the engine's bench program from Sources/CFlockTrain (the package's
# flags: -O2), then compares training speed with PyTorch on the CPU in the same run and measures
# the Dice reached on the phantom. Results: the "## Training engine" section of BENCHMARKS.md.
# Usage: scripts/bench-train.sh [--threads N] [--steps N] [--rounds N] [--epochs N]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --bench
CC=${CC:-$(command -v clang || echo cc)}
OUT=.build/bench-train
mkdir -p "$OUT"
$CC -O2 -ISources/CFlockTrain/include -ISources/CFlockTrain -I/usr/include/nifti \
  -I/usr/include/x86_64-linux-gnu/openblas-pthread \
  -o "$OUT/bench-train" scripts/bench-train.c Sources/CFlockTrain/*.c \
  -lopenblas -lnifti2 -lznz -lz -lm -ldl -lpthread
.venv/bin/python scripts/bench-train.py "$OUT/bench-train" "$@"
