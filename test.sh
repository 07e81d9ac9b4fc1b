#!/usr/bin/env bash
# The test command: builds everything and runs every test project (spec suite included).
set -euo pipefail
cd "$(dirname "$0")"
dotnet build PluginHost.sln -c Release --nologo -v q
dotnet test PluginHost.sln -c Release --no-build --nologo -v q
