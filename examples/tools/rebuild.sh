#!/usr/bin/env bash
# Refreshes the example's plugin and archives from tests/fixtures/proto (run that folder's build.sh first to rebuild them).
set -euo pipefail
cd "$(dirname "$0")"
src=../../tests/fixtures/proto
cp "$src/tool.wasm" plugins/demo_tool.wasm
cp "$src/out/index.txt" index.txt
cp "$src/out/dist/demo-1.2.5.tar.gz" "$src/out/dist/demo-2.0.0.tar.gz" dist/
(cd dist && sha256sum demo-1.2.5.tar.gz demo-2.0.0.tar.gz > SHASUMS256.txt)
