# SPDX-License-Identifier: GPL-2.0
# `make deb` builds bindguard_VERSION_ARCH.deb (and the source package)
# with Debian's own tooling (dpkg-buildpackage, debhelper: debian/) in
# $(OUTPUT)/deb/, from a copy of the tree (dpkg-buildpackage writes next to
# the tree it builds), and runs lintian on both.  `make test-deb` installs
# it into a scratch root, checks it and removes it (tests/package/deb-test.sh).

DEB_ARCH := $(shell dpkg --print-architecture 2>/dev/null)
DEB_DIR := $(OUTPUT)/deb
DEB_SRC := $(DEB_DIR)/bindguard-$(VERSION)
DEB_FILE := $(DEB_DIR)/bindguard_$(VERSION)_$(DEB_ARCH).deb
DEB_CHANGES := $(DEB_DIR)/bindguard_$(VERSION)_$(DEB_ARCH).changes

.PHONY: deb test-deb

# The package's build must not see this make's -j jobserver or command-line
# variables through MAKEFLAGS (debian/rules sets O=build itself).
# The copy: the files git knows and the new ones it does not ignore (what
# a commit would hold), or outside git everything but build output.
deb:
	$(Q)v=$$(dpkg-parsechangelog -S Version); [ "$$v" = "$(VERSION)" ] || \
		{ echo "deb: debian/changelog is at $$v, the Makefile at $(VERSION): add an entry for $(VERSION) to debian/changelog" >&2; exit 2; }
	$(call msg,COPY,$(DEB_SRC))
	$(Q)rm -rf $(DEB_SRC) $(DEB_DIR)/bindguard_* $(DEB_DIR)/bindguard-dbgsym_* && mkdir -p $(DEB_SRC)
	$(Q)if git rev-parse --git-dir >/dev/null 2>&1; then \
		git ls-files -z --cached --others --exclude-standard | \
			xargs -0 sh -c 'for f; do [ -e "$$f" ] && printf "%s\0" "$$f"; done' sh; \
	else \
		find . -path ./.git -prune -o -path './build*' -prune -o -path './$(OUTPUT)' -prune \
			-o ! -type d -print0; \
	fi | tar -c --null -T - | tar -x -C $(DEB_SRC)
	$(call msg,DPKG,$(DEB_FILE))
	$(Q)cd $(DEB_SRC) && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES -u O -u V \
		dpkg-buildpackage --no-sign >../build.log 2>&1 || \
		{ tail -n 40 ../build.log; echo "deb: dpkg-buildpackage failed; log in $(DEB_DIR)/build.log" >&2; exit 1; }
	$(call msg,LINTIAN,$(DEB_CHANGES))
	$(Q)lintian --allow-root --fail-on error $(DEB_CHANGES)
	$(Q)echo "deb: $(DEB_FILE)"

test-deb: deb
	$(Q)tests/package/deb-test.sh $(DEB_FILE)
