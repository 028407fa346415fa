#!/usr/bin/env bash
# The Python side of the comparisons: Debian's PyTorch with OpenBLAS as the system BLAS.
# Debian builds python3-torch against the generic libblas.so.3 (torch.__config__.show() says
# BLAS_INFO=generic); with libopenblas0-pthread installed, Debian's alternatives point
# libblas.so.3 at OpenBLAS, ~13x faster matrix products than the reference BLAS.
# Run as root: bash benchmarks/python-setup.sh
set -euo pipefail
apt-get update
apt-get install -y python3-torch python3-torchvision python3-torchaudio libopenblas0-pthread
/usr/bin/python3 - <<'PY'
import torch
x = torch.randn(256, 256)
x @ x   # loads the BLAS
blas = sorted({line.split()[-1] for line in open('/proc/self/maps') if 'blas' in line and '.so' in line})
print('torch', torch.__version__, 'BLAS loaded:', ', '.join(blas) or 'none')
if not any('openblas' in path for path in blas):
    raise SystemExit('PyTorch does not run on OpenBLAS: check update-alternatives --display libblas.so.3-x86_64-linux-gnu')
PY
