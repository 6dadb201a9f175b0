# SPDX-License-Identifier: GPL-2.0
# `make install` puts the binary, bindguard(8), the bash completion, the
# systemd unit and the example policy under $(DESTDIR)$(PREFIX) (the
# example also in $(DESTDIR)/etc/bindguard, never over one that is there);
# `make uninstall` takes back exactly what install put there.
# `make check-man` fails when an option of a --help is missing from the man
# page or the completion, or when the page does not lint clean.

DESTDIR ?=
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
UNITDIR ?= $(PREFIX)/lib/systemd/system
DOCDIR ?= $(PREFIX)/share/doc/bindguard
SYSCONFDIR ?= /etc

INSTALL_ENV = DESTDIR='$(DESTDIR)' PREFIX='$(PREFIX)' SBINDIR='$(SBINDIR)' MANDIR='$(MANDIR)' \
	BASHCOMPDIR='$(BASHCOMPDIR)' UNITDIR='$(UNITDIR)' DOCDIR='$(DOCDIR)' \
	SYSCONFDIR='$(SYSCONFDIR)' BINARY='$(OUTPUT)/bindguard'

.PHONY: check-man

install: $(OUTPUT)/bindguard
	$(Q)$(INSTALL_ENV) scripts/install.sh install

uninstall:
	$(Q)$(INSTALL_ENV) scripts/install.sh uninstall

# mandoc lints mdoc best; groff (always there for man) is the fallback.
check-man: $(OUTPUT)/bindguard
	$(Q)scripts/check-man.py $(OUTPUT)/bindguard man/bindguard.8 completions/bindguard.bash
	$(Q)if command -v mandoc >/dev/null 2>&1; then \
		mandoc -T lint -W warning man/bindguard.8; \
	else \
		out=$$(groff -mandoc -ww -z man/bindguard.8 2>&1); \
		if [ -n "$$out" ]; then echo "$$out" >&2; exit 1; fi; \
	fi
	$(Q)echo "check-man: man/bindguard.8 lints clean"
