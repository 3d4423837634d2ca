#!/usr/bin/env bash
# Builds the Debian package of Mail Doctor (Odoo itself ships as a .deb on Debian and Ubuntu):
#   scripts/package-deb.sh [release|debug]   ->  .build/deb/mail-doctor_<version>_<arch>.deb
# The binaries are the standalone ones (scripts/build-standalone.sh); Depends are the Debian
# packages of the shared libraries they still link (glibc, libstdc++, zlib, and libcurl for
# the MCP helper), found with dpkg -S, so the control file says what they really need.
set -euo pipefail
cd "$(dirname "$0")/.."
config=${1:-release}
built=$(scripts/build-standalone.sh "$config")
binary=$built/mail-doctor
version=$("$binary" --version)
arch=$(dpkg --print-architecture)
work=.build/deb
stage=$work/mail-doctor_${version}_${arch}
rm -rf "$stage"
BUILT=$built PREFIX=/usr DESTDIR=$stage scripts/install.sh

# Debian's copyright file: ours, and every library linked into the static binary.
install -d "$stage/usr/share/doc/mail-doctor"
scripts/debian-copyright.sh > "$stage/usr/share/doc/mail-doctor/copyright"
sed "s/@VERSION@/$version/" packaging/changelog.Debian | gzip -9n > "$stage/usr/share/doc/mail-doctor/changelog.Debian.gz"
chmod 0644 "$stage/usr/share/doc/mail-doctor/"*

# The package that holds each shared library the binaries load directly (NEEDED): their own
# dependencies are those packages' business.
depends=$(for program in "$binary" "$built/mail-doctor-mcp"; do
    for soname in $(readelf -d "$program" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
        library=$(ldd "$program" | awk -v name="$soname" '$1 == name && $3 ~ /^\// {print $3}')
        [ -n "$library" ] || continue
        dpkg -S "$library" 2>/dev/null || dpkg -S "$(readlink -f "$library")" 2>/dev/null || true
    done
done | cut -d: -f1 | sort -u | paste -sd, | sed 's/,/, /g')

install -d "$stage/DEBIAN"
installed=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@DEPENDS@/$depends/" -e "s/@SIZE@/$installed/" \
    packaging/control > "$stage/DEBIAN/control"
# xz for a release package; a debug one (the test's) is only compressed quickly.
compression=$([ "$config" = release ] && echo "-Zxz" || echo "-Zgzip -z1")
# shellcheck disable=SC2086
dpkg-deb --root-owner-group $compression --build "$stage" "$work/" >&2
echo "$work/mail-doctor_${version}_${arch}.deb"
