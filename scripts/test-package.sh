#!/usr/bin/env bash
# The package, tested as an administrator meets it: the standalone binary links no Swift
# library and runs with the Swift toolchain hidden; the .deb installs with dpkg, then
# `mail-doctor --version`, `man mail-doctor`, the bash completion and the MCP server work from
# the installed files; `dpkg -r` removes every file it installed. Needs root (dpkg, unshare).
#   scripts/test-package.sh [release|debug]
set -euo pipefail
cd "$(dirname "$0")/.."
config=${1:-release}
fail() { echo "test-package: FAIL: $*" >&2; exit 1; }
pass() { echo "test-package: ok: $*" >&2; }

deb=$(scripts/package-deb.sh "$config")
binary=.build/static/$config/mail-doctor
helper=.build/static/$config/mail-doctor-mcp
toolchain=$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")

# Outputs are captured before they are searched: with pipefail, `cmd | grep -q` can fail when
# grep stops reading early, which would skip a failure or invent one.
# 1. No Swift library is linked; only system libraries remain.
libraries=$(ldd "$binary" "$helper")
if grep -Ei 'swift|Foundation|dispatch|BlocksRuntime' <<<"$libraries"; then fail "a binary links Swift libraries"; fi
if grep -q "$toolchain" <<<"$libraries"; then fail "a binary links something from $toolchain"; fi
# A chat turn loads no HTTP library: libcurl is the MCP helper's alone.
if grep -q curl <<<"$(ldd "$binary")"; then fail "mail-doctor links libcurl"; fi
pass "ldd lists no Swift library"

# 2. It runs where there is no Swift: the toolchain's folder hidden under an empty tmpfs.
hidden=$(unshare -m sh -c "mount -t tmpfs none '$toolchain' && ls -A '$toolchain' | wc -l && \
    '$binary' --version && '$binary' explain --rules rules --format json 'Connection refused'")
[ "$(head -1 <<<"$hidden")" = 0 ] || fail "the toolchain was not hidden"
grep -q '"causes"' <<<"$hidden" || fail "explain did not run without the toolchain: $hidden"
pass "runs with $toolchain hidden"

# 3. dpkg installs it; the installed files work.
grep -q "Depends: .*libc6 (>= " <<<"$(dpkg-deb --info "$deb")" || fail "the control file names no versioned libc6 dependency"
dpkg -i "$deb" >/dev/null
files=$(dpkg -L mail-doctor)
version=$(/usr/bin/mail-doctor --version)
[ "$version" = "$("$binary" --version)" ] || fail "installed version $version"
command -v man >/dev/null || (apt-get install -y -qq man-db >/dev/null 2>&1 || true)
grep -q "Exit status" <<<"$(MANPAGER=cat man mail-doctor 2>/dev/null)" || fail "man mail-doctor shows no exit status"
answer=$(cd / && /usr/bin/mail-doctor explain --format json "(535, b'5.7.8 Username and Password not accepted')")
grep -q '"causes"' <<<"$answer" || fail "the installed binary did not find its rules"
turn=$(cd / && echo '{"lang":"ar","state":null,"error":"(535, b\u00275.7.8 Username and Password not accepted\u0027)"}' | /usr/bin/mail-doctor step)
grep -q '"state"' <<<"$turn" || fail "a chat turn of the installed binary gave: $turn"
completion=$(bash -c 'source /usr/share/bash-completion/completions/mail-doctor
    COMP_WORDS=(mail-doctor dia); COMP_CWORD=1; COMP_LINE="mail-doctor dia"; COMP_POINT=${#COMP_LINE}
    _mail-doctor mail-doctor dia mail-doctor 2>/dev/null || "$(complete -p mail-doctor | sed "s/.*-F \([^ ]*\).*/\1/")" mail-doctor dia mail-doctor
    printf "%s\n" "${COMPREPLY[@]}"')
grep -qx diagnose <<<"$completion" || fail "bash completion of 'mail-doctor dia' gave: $completion"
[ -s /usr/share/zsh/vendor-completions/_mail-doctor ] && [ -s /usr/share/fish/vendor_completions.d/mail-doctor.fish ] \
    || fail "zsh or fish completion missing"
init='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}'
grep -q '"serverInfo"' <<<"$(echo "$init" | (cd / && /usr/bin/mail-doctor mcp))" \
    || fail "the MCP server did not start from the installed schemas"
pass "installed: --version, man, explain, a chat turn, bash completion, mcp"

# 4. dpkg -r removes everything it installed.
dpkg -r mail-doctor >/dev/null
for file in $files; do
    if [ -f "$file" ]; then fail "$file is left after dpkg -r"; fi
done
if dpkg -s mail-doctor >/dev/null 2>&1; then fail "dpkg still lists mail-doctor"; fi
if [ -e /usr/bin/mail-doctor ]; then fail "/usr/bin/mail-doctor is left"; fi
pass "dpkg -r removed every file"
