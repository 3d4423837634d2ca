#!/usr/bin/env bash
# Installs Mail Doctor where an administrator expects it:
#   bin/mail-doctor                               the standalone binary (no Swift needed)
#   lib/mail-doctor/mail-doctor-mcp               the MCP server `mail-doctor mcp` starts
#   share/mail-doctor/rules, share/mail-doctor/schemas
#   share/man/man1/mail-doctor.1.gz               generated from the command declarations
#   bash, zsh and fish completions where those shells look
# Usage: PREFIX=/usr/local [DESTDIR=/staging] [CONFIG=release] scripts/install.sh
# `make install` runs it; scripts/package-deb.sh runs it with PREFIX=/usr into a staging root.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${PREFIX:-/usr/local}
root=${DESTDIR:-}${prefix}
built=${BUILT:-$(scripts/build-standalone.sh "${CONFIG:-release}")}
binary=$built/mail-doctor

generated=$(mktemp -d)
trap 'rm -rf "$generated"' EXIT
# The man page comes from the command declarations, through swift-argument-parser's
# generate-manual (the tool behind its generate-manual plugin), run on the binary shipped.
swift build --product generate-manual >&2
"$(swift build --show-bin-path)/generate-manual" "$binary" --output-directory "$generated" \
    --authors "The Mail Doctor developers" >&2
for shell in bash zsh fish; do
    "$binary" --generate-completion-script "$shell" > "$generated/completion.$shell"
done

install -d "$root/bin" "$root/share/mail-doctor" "$root/share/man/man1"
# Stripped, as Debian ships binaries: a third of the size, the same behaviour.
install -s -m 0755 "$binary" "$root/bin/mail-doctor"
install -D -s -m 0755 "$built/mail-doctor-mcp" "$root/lib/mail-doctor/mail-doctor-mcp"
rm -rf "$root/share/mail-doctor/rules" "$root/share/mail-doctor/schemas"
cp -R rules schemas "$root/share/mail-doctor/"
find "$root/share/mail-doctor" -type d -exec chmod 0755 {} + && find "$root/share/mail-doctor" -type f -exec chmod 0644 {} +
gzip -9n < "$generated/mail-doctor.1" > "$root/share/man/man1/mail-doctor.1.gz"
chmod 0644 "$root/share/man/man1/mail-doctor.1.gz"
# bash-completion loads share/bash-completion/completions/<command> on demand; Debian's zsh
# reads vendor-completions under /usr and site-functions under /usr/local; fish reads
# vendor_completions.d.
zsh_dir=$([ "$prefix" = /usr ] && echo share/zsh/vendor-completions || echo share/zsh/site-functions)
install -D -m 0644 "$generated/completion.bash" "$root/share/bash-completion/completions/mail-doctor"
install -D -m 0644 "$generated/completion.zsh" "$root/$zsh_dir/_mail-doctor"
install -D -m 0644 "$generated/completion.fish" "$root/share/fish/vendor_completions.d/mail-doctor.fish"
echo "installed mail-doctor $("$binary" --version) in $root" >&2
