#!/usr/bin/env bash
# Writes Debian's machine-readable copyright file: Mail Doctor itself, and every Swift package
# linked into the static binary with the licence that package states. Apache-2.0 refers to
# /usr/share/common-licenses; any other licence text is quoted in full.
set -euo pipefail
cd "$(dirname "$0")/.."
bundled=""
others=""
for checkout in .build/checkouts/*/; do
    name=$(basename "$checkout")
    file=$(ls "$checkout"LICENSE* "$checkout"COPYING* 2>/dev/null | head -1 || true)
    [ -n "$file" ] || continue
    if grep -q "Apache License" "$file" && ! grep -qi "MIT License\|Permission is hereby granted" "$file"; then
        bundled+=" $name (Apache-2.0),"
    else
        bundled+=" $name (see below),"
        others+=$'\n'"License: $name"$'\n'$(sed -e 's/^[[:space:]]*$/./' -e 's/^/ /' "$file")$'\n'
    fi
done
cat <<HEAD
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: mail-doctor
Source: https://mail-doctor.example.org

Files: *
Copyright: 2026 The Mail Doctor developers
License: all-rights-reserved
 No licence has been granted for Mail Doctor itself yet; its developers keep
 all rights.
Comment: /usr/bin/mail-doctor also contains, linked statically, the Swift
 runtime, standard library, Foundation and Dispatch (Apache-2.0 with the Runtime
 Library Exception; Foundation's ICU data under the Unicode License) and these
 Swift packages:${bundled%,}.
 The Apache License 2.0 is in /usr/share/common-licenses/Apache-2.0.

Files: usr/share/mail-doctor/rules/data/public_suffix_list.dat
Copyright: The Public Suffix List contributors (https://publicsuffix.org)
License: MPL-2.0
 This Source Code Form is subject to the terms of the Mozilla Public License,
 v. 2.0. The full text is in /usr/share/common-licenses/MPL-2.0 and at
 https://mozilla.org/MPL/2.0/. The list is shipped unmodified; its source is
 named in rules/data/README.md.
HEAD
printf '%s' "$others"
