#!/usr/bin/env bash
# Builds the mail-doctor binary that runs on a server without Swift: the Swift runtime,
# Foundation and the other Swift libraries linked in statically (--static-swift-stdlib), so it
# needs only glibc and the C libraries a Debian or Ubuntu server has. Also builds the MCP
# server's helper (mail-doctor-mcp), which links libcurl through the MCP SDK's
# FoundationNetworking (the build needs libcurl's development files). Prints the folder.
#   scripts/build-standalone.sh [release|debug]
set -euo pipefail
cd "$(dirname "$0")/.."
config=${1:-release}
# A scratch folder of its own: the ordinary build (and its tests) stay dynamic and incremental.
# --no-export-dynamic: SwiftPM exports every symbol of an executable (so that tests can link
# against it); nothing links against these, and the 40,000-entry dynamic symbol table cost a
# chat turn half a millisecond (the runtime's start-up dladdr scans it).
for product in mail-doctor mail-doctor-mcp; do
    swift build -c "$config" --static-swift-stdlib --scratch-path .build/static --product "$product" \
        -Xlinker --no-export-dynamic >&2
done
echo ".build/static/$config"
