#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need, builds, runs
# `swift test`, and checks the rules with the built binary. Used by .ci/run and by developers.
set -euo pipefail
cd "$(dirname "$0")/.."

# tmux runs the interactive diagnosis in a real terminal (capture-pane reads the screen).
need_apt=()
command -v tmux >/dev/null || need_apt+=(tmux)
# dnsmasq is the real DNS server of the probe tests (records given as flags).
command -v dnsmasq >/dev/null || [ -x /usr/sbin/dnsmasq ] || need_apt+=(dnsmasq)
# Headless Chromium lays out the Arabic docs (rendered by markdown-it) to check what a reader
# sees; DejaVu has the Arabic glyphs.
command -v chromium >/dev/null || need_apt+=(chromium)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt+=(fonts-dejavu-core)
# The package test: man-db for `man mail-doctor`, bash-completion's loader, and libcurl's
# development files, which the static MCP helper links (the MCP SDK's FoundationNetworking).
command -v man >/dev/null || need_apt+=(man-db)
[ -e /usr/share/bash-completion/bash_completion ] || need_apt+=(bash-completion)
[ -e /usr/include/x86_64-linux-gnu/curl/curl.h ] || [ -e /usr/include/curl/curl.h ] || need_apt+=(libcurl4-openssl-dev)
# dpkg-shlibdeps computes the package's Depends.
command -v dpkg-shlibdeps >/dev/null || need_apt+=(dpkg-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
fi

# Python's jsonschema validates the JSON outputs against schemas/ (a real validator, not ours).
if ! python3 -c "import jsonschema" 2>/dev/null; then
    python3 -m pip install --quiet jsonschema
fi
# aiosmtpd runs the real SMTP peers; cryptography makes their certificates at start-up.
python3 -c "import aiosmtpd, cryptography" 2>/dev/null || python3 -m pip install --quiet aiosmtpd cryptography
# The official MCP client drives `mail-doctor mcp` (pinned: its API changes between majors).
python3 -c "import mcp" 2>/dev/null || python3 -m pip install --quiet "mcp==2.3.0"
# dnslib and PyYAML serve the OpenSPF RFC 7208 suite's zones (Tests/Peers/zones.py); pyspf with
# dnspython and checkdmarc are the peers of the differential test (asked on loopback only).
python3 -c "import dnslib, yaml" 2>/dev/null || python3 -m pip install --quiet dnslib pyyaml
python3 -c "import spf, dns.resolver, checkdmarc" 2>/dev/null ||
    python3 -m pip install --quiet "pyspf==2.0.14" "dnspython>=2.6" "checkdmarc==6.0.4"
# dkimpy signs the header tests' messages; authheaders (with authres and pyspf) writes the
# Authentication-Results a receiver would (Tests/Peers/receiver.py, on loopback only).
python3 -c "import dkim, authres, authheaders" 2>/dev/null ||
    python3 -m pip install --quiet "dkimpy==1.1.8" "authres==1.2.0" "authheaders==0.16.3"
# markdown-it-py renders the docs as CommonMark for the right-to-left layout test.
python3 -c "import markdown_it" 2>/dev/null || python3 -m pip install --quiet markdown-it-py

# The loopback peers (SMTP, TLS, DNS, SNTP, HTTP, the Odoo XML-RPC stand-in) and the
# black-hole namespace; stopped whatever happens.
scripts/peers.sh start
trap 'scripts/peers.sh stop >/dev/null 2>&1 || true' EXIT

# The code follows .swift-format (the toolchain's swift-format); `swift format -i -r Sources
# Tests Benchmarks Package.swift` fixes what this refuses.
swift format lint --strict --recursive --parallel Sources Tests Benchmarks Package.swift
swift build --build-tests
# The knowledge base must lint clean, strictly, with the binary users run.
.build/debug/mail-doctor lint --strict
# Serial: several tests assert that a probe ends within its timeout, which only means
# something when other tests are not starving the two cores' cooperative threads.
# The watchdog turns a hung test into a failure within minutes, not a CI timeout; the whole
# suite takes about a minute here.
timeout --kill-after=30 900 swift test --skip-build --no-parallel "$@"

# The Debian package, built from a standalone (--static-swift-stdlib) build, installed with
# dpkg, used without the Swift toolchain, and removed. Debug keeps CI inside its time budget;
# `make deb` builds the release package the same way. Skipped when tests are filtered.
if [ $# -eq 0 ]; then
    scripts/test-package.sh debug
fi
