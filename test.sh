#!/usr/bin/env bash
# The test command: builds everything and runs every test project.
set -euo pipefail
cd "$(dirname "$0")"
# npm peers and oracles the tests run on Node 20 (Extism's JS runtime, IC agent libraries, noble curves).
[ -d tests/node/node_modules ] || npm ci --prefix tests/node --no-audit --no-fund --loglevel=error
# Tests that read ../shared (real third-party plugins, conformance suites) skip when it is absent; say so up front.
[ -d ../shared ] || [ "${CI:-}" = true ] || echo "note: ../shared not found beside the repository: the tests reading real third-party plugins and conformance suites are skipped (CI requires them)"
dotnet build PluginHost.sln -c Release --nologo -v q
dotnet test PluginHost.sln -c Release --no-build --nologo -v q
