#!/usr/bin/env bash
# Copies the example plugin from the fixtures (rebuild them first with tests/fixtures/build.sh wasi).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cp "$here/../../tests/fixtures/wasi/steps.wasm" "$here/steps.wasm"
