#!/usr/bin/env bash
# make cuda: compiles the CUDA backend (Sources/CFlockTrain/cuda/*.cu) into
# .build/cuda/libflocktrain_cuda.so where nvcc exists. The engine dlopens it at run time
# ($FL_TRAIN_CUDA_LIB, beside the executable, or .build/cuda/) and otherwise runs on the CPU,
# saying why in its backend description.
# Needs: nvcc, cuBLAS and NCCL (headers and libraries). Overrides: NVCC, CUDA_ARCH (e.g.
# "-arch=sm_90"), CUDA_INCLUDE / CUDA_LIBDIR (extra -I / -L folders, e.g. NCCL's).
set -euo pipefail
cd "$(dirname "$0")/.."
NVCC=${NVCC:-$(command -v nvcc || true)}
if [ -z "$NVCC" ] && [ -x /usr/local/cuda/bin/nvcc ]; then NVCC=/usr/local/cuda/bin/nvcc; fi
if [ -z "$NVCC" ]; then
  echo "make cuda: nvcc not found; the CUDA library is not built and the engine trains on the CPU"
  exit 0
fi
OUT=.build/cuda
mkdir -p "$OUT"
EXTRA_I=(); EXTRA_L=()
for d in ${CUDA_INCLUDE:-}; do EXTRA_I+=("-I$d"); done
for d in ${CUDA_LIBDIR:-}; do EXTRA_L+=("-L$d" "-Xlinker" "-rpath=$d"); done
ARCH=${CUDA_ARCH:--arch=native}
set -x
"$NVCC" -O3 -std=c++17 $ARCH -shared -Xcompiler -fPIC,-fvisibility=hidden \
  "${EXTRA_I[@]}" Sources/CFlockTrain/cuda/backend_cuda.cu \
  "${EXTRA_L[@]}" -lcublas -lnccl -o "$OUT/libflocktrain_cuda.so.tmp"
mv "$OUT/libflocktrain_cuda.so.tmp" "$OUT/libflocktrain_cuda.so"
set +x
echo "make cuda: built $OUT/libflocktrain_cuda.so (the engine picks it up from there, or set FL_TRAIN_CUDA_LIB)"
