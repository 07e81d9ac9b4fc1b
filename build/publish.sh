#!/usr/bin/env bash
# Publishes PluginHost as it is installed: OUT/pluginhost is the launcher (Native AOT: runs `pluginhost wasm run`
# itself, starting in ~20 ms) and OUT/lib the CLI on the .NET runtime (ReadyToRun: less JIT at start-up), to which the
# launcher hands every other command.
# Needs the .NET 10 SDK and a C toolchain for Native AOT (gcc or clang; Debian: apt-get install clang zlib1g-dev).
set -euo pipefail
out=${1:?usage: build/publish.sh OUT_DIR}
cd "$(dirname "$0")/.."
case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64 | arm64) rid=linux-arm64 ;;
  *) echo "build/publish.sh: no Native AOT runtime identifier for $(uname -m)" >&2; exit 2 ;;
esac
dotnet publish src/Nodes/PluginHost.Nodes.csproj -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "$out/lib" --nologo -v q
dotnet publish src/Launcher/PluginHost.Launcher.csproj -c Release -r "$rid" -o "$out" --nologo -v q
echo "published: $out/pluginhost (launcher, $rid) and $out/lib (CLI)"
