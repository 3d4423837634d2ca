#!/usr/bin/env bash
# Builds the Debian package of Mail Doctor (Odoo itself ships as a .deb on Debian and Ubuntu):
#   scripts/package-deb.sh [release|debug]   ->  .build/deb/mail-doctor_<version>_<arch>.deb
# The binaries are the standalone ones (scripts/build-standalone.sh); Depends are the Debian
# packages, with minimum versions, of the shared libraries they still link (glibc, libstdc++,
# zlib, and libcurl for the MCP helper), so the control file says what they really need.
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

# Depends, with the minimum versions the binaries need (the newest GLIBC_ symbol they use, for
# example), from dpkg-shlibdeps, the tool Debian's own packages use; it wants a debian/control.
shlibs=$(mktemp -d)
mkdir -p "$shlibs/debian"
printf 'Source: mail-doctor\n\nPackage: mail-doctor\nArchitecture: any\n' > "$shlibs/debian/control"
depends=$(cd "$shlibs" && dpkg-shlibdeps -O -e"$OLDPWD/$binary" -e"$OLDPWD/$built/mail-doctor-mcp" 2>/dev/null \
    | sed -n 's/^shlibs:Depends=//p')
rm -rf "$shlibs"
[ -n "$depends" ] || { echo "package-deb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }

install -d "$stage/DEBIAN"
installed=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@DEPENDS@/$depends/" -e "s/@SIZE@/$installed/" \
    packaging/control > "$stage/DEBIAN/control"
# xz for a release package; a debug one (the test's) is only compressed quickly.
compression=$([ "$config" = release ] && echo "-Zxz" || echo "-Zgzip -z1")
# shellcheck disable=SC2086
dpkg-deb --root-owner-group $compression --build "$stage" "$work/" >&2
echo "$work/mail-doctor_${version}_${arch}.deb"
