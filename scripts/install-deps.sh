#!/usr/bin/env bash
# Installs everything Flock needs on Debian 12, idempotently:
#   - the C libraries and tools (apt), skipped when already present;
#   - a Python virtual environment in .venv with grpcio (interop tests, the example client).
# Usage: scripts/install-deps.sh [--bench]   (--bench adds PyTorch (CPU) for `make bench-train`)
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  pkg-config
  libprotobuf-c-dev protobuf-c-compiler protobuf-compiler
  libssl-dev libzip-dev libnghttp2-dev zlib1g-dev
  libopenblas-dev libnifti2-dev
  unzip p7zip-full libarchive-tools curl openssl
  python3-venv
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

VENV=.venv
PY_PACKAGES=(grpcio==1.76.0 grpcio-tools==1.76.0 numpy)
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import grpc, grpc_tools, numpy" 2>/dev/null; then
  echo "install-deps: installing ${PY_PACKAGES[*]} into $VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "${PY_PACKAGES[@]}"
fi
if [ "${1:-}" = "--bench" ] && ! "$VENV/bin/python" -c "import torch" 2>/dev/null; then
  echo "install-deps: installing PyTorch (CPU) into $VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check torch
fi
