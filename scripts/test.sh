#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need, builds, runs
# `swift test`, and checks the rules with the built binary. Used by .ci/run and by developers.
set -euo pipefail
cd "$(dirname "$0")/.."

# tmux runs the interactive diagnosis in a real terminal (capture-pane reads the screen).
need_apt=()
command -v tmux >/dev/null || need_apt+=(tmux)
if [ ${#need_apt[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
fi

# Python's jsonschema validates the JSON outputs against schemas/ (a real validator, not ours).
if ! python3 -c "import jsonschema" 2>/dev/null; then
    python3 -m pip install --quiet jsonschema
fi

swift build --build-tests
# The knowledge base must lint clean, strictly, with the binary users run.
.build/debug/mail-doctor lint --strict
swift test --skip-build "$@"
