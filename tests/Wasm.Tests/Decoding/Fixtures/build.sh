#!/bin/sh
# Rebuilds the decoder/validator test fixtures from their WAT sources (needs wabt's wat2wasm).
set -e
cd "$(dirname "$0")"
for f in *.wat; do
  wat2wasm --enable-extended-const --debug-names -o "${f%.wat}.wasm" "$f"
done
