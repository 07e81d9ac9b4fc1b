#!/usr/bin/env bash
# The test command: builds everything and runs every test project (spec suite included).
set -euo pipefail
cd "$(dirname "$0")"
# npm peers and oracles the tests run on Node 20 (Extism's JS runtime, IC agent libraries, noble curves).
[ -d tests/node/node_modules ] || npm ci --prefix tests/node --no-audit --no-fund --loglevel=error
dotnet build PluginHost.sln -c Release --nologo -v q
dotnet test PluginHost.sln -c Release --no-build --nologo -v q
