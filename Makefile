# Mail Doctor for Odoo servers: a standalone binary (no Swift needed where it runs), installed
# the way administrators expect, or as a Debian package. See README, "Install on a server".
#   make                       build the standalone binaries (.build/static/release/)
#   make install PREFIX=/usr/local [DESTDIR=...]
#   make deb                   .build/deb/mail-doctor_<version>_<arch>.deb
#   make uninstall PREFIX=/usr/local
PREFIX ?= /usr/local
DESTDIR ?=
CONFIG ?= release

.PHONY: all install uninstall deb test-package
all:
	scripts/build-standalone.sh $(CONFIG)

install:
	PREFIX=$(PREFIX) DESTDIR=$(DESTDIR) CONFIG=$(CONFIG) scripts/install.sh

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/mail-doctor $(DESTDIR)$(PREFIX)/share/man/man1/mail-doctor.1.gz \
	    $(DESTDIR)$(PREFIX)/lib/mail-doctor/mail-doctor-mcp \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions/mail-doctor \
	    $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_mail-doctor \
	    $(DESTDIR)$(PREFIX)/share/zsh/vendor-completions/_mail-doctor \
	    $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/mail-doctor.fish
	rm -rf $(DESTDIR)$(PREFIX)/share/mail-doctor
	-rmdir $(DESTDIR)$(PREFIX)/lib/mail-doctor

deb:
	scripts/package-deb.sh $(CONFIG)

# The packaging test that scripts/test.sh runs: build, install with dpkg, use, remove.
test-package:
	scripts/test-package.sh $(CONFIG)
