#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Checks the package `make deb` built: its files and units, lintian, then
# installs it with dpkg into a scratch root (never the real system), checks
# that installing enables and starts nothing and that upgrading stops
# nothing, removes and purges it, and checks that nothing of it is left.  Maintainer scripts run chrooted in the
# scratch root, where systemd's helpers are fakes that note each call.
# Usage: tests/package/deb-test.sh PATH/bindguard_VERSION_ARCH.deb
set -u
cd "$(dirname "$0")/../.."
deb=${1:?usage: $0 PACKAGE.deb}
passed=0 failed=0 skipped=0
root="" extracted=""

cleanup() {
	[ -z "$root" ] || rm -rf "$root"
	[ -z "$extracted" ] || rm -rf "$extracted"
}
trap cleanup EXIT

check() {
	local what=$1
	shift
	if "$@"; then
		echo "ok - $what"
		passed=$((passed + 1))
	else
		echo "not ok - $what"
		failed=$((failed + 1))
	fi
}

# The files the package must hold (without the leading dot).
expected_files() {
	echo /usr/sbin/bindguard
	echo /usr/share/man/man8/bindguard.8.gz
	echo /usr/share/bash-completion/completions/bindguard
	echo /usr/share/doc/bindguard/examples/policy.conf.example
	echo /etc/bindguard/policy.conf.example
	echo /usr/share/doc/bindguard/copyright
	for unit in packaging/*.service; do
		echo "/lib/systemd/system/${unit##*/}"
	done
}

# --- the package as built ---------------------------------------------------

version=$(sed -n 's/^VERSION := //p' Makefile)
check "version is the Makefile's ($version)" \
	test "$(dpkg-deb -f "$deb" Version)" = "$version"
extracted=$(mktemp -d "/tmp/bindguard-deb-x.$$.XXXXXX")
dpkg-deb -x "$deb" "$extracted"
while read -r f; do
	check "holds $f" test -f "$extracted$f"
done < <(expected_files)
check "the binary is executable and runs" \
	sh -c "'$extracted/usr/sbin/bindguard' --version | grep -q '$version'"
check "units name the installed binary (no @PLACEHOLDER@ left)" \
	sh -c "! grep -lE '@[A-Z_]+@' '$extracted'/lib/systemd/system/*.service &&
		grep -q '^ExecStart=/usr/sbin/bindguard ' '$extracted'/lib/systemd/system/bindguard-enforce.service"
check "no policy.conf shipped (it would switch enforcement on at boot)" \
	test ! -e "$extracted/etc/bindguard/policy.conf"
check "the example is a conffile, as bindguard(8) says" \
	sh -c "dpkg-deb -I '$deb' conffiles | grep -qx /etc/bindguard/policy.conf.example"
check "lintian reports no errors" lintian --allow-root --fail-on error "$deb"

# --- installed into a scratch root -----------------------------------------

scratch_skeleton() {
	mkdir -p "$root"/var/lib/dpkg/{info,updates,triggers} "$root"/bin "$root"/usr/bin \
		"$root"/run/systemd/system "$root"/tmp "$root"/dev
	mknod -m 0666 "$root"/dev/null c 1 3
	: >"$root"/var/lib/dpkg/status
	: >"$root"/var/lib/dpkg/available
	cp "$(command -v busybox)" "$root"/bin/busybox
	ln -s busybox "$root"/bin/sh
	# systemd's helpers: note the call; nothing is installed or enabled yet
	for tool in deb-systemd-helper deb-systemd-invoke systemctl; do
		cat >"$root/usr/bin/$tool" <<-'FAKE'
			#!/bin/sh
			echo "${0##*/} $*" >>/maint.log
			case "$*" in
			*debian-installed* | *was-enabled* | *is-enabled*) exit 1 ;;
			esac
			exit 0
		FAKE
		chmod 0755 "$root/usr/bin/$tool"
	done
	: >"$root"/maint.log
}

# What is in the scratch root, but dpkg's own records and the call log.
tree_listing() {
	(cd "$root" && find . -path ./var/lib/dpkg -prune -o ! -path ./maint.log -printf '%p %M %U\n' |
		sort)
}

scratch_dpkg() {
	dpkg --root="$root" --force-depends --force-not-root --path-include='/*' "$@" \
		>>"$root.dpkg.log" 2>&1
}

if [ "$(id -u)" -ne 0 ] || ! command -v busybox >/dev/null; then
	echo "not ok - install into a scratch root # SKIP needs root (chroot) and busybox-static"
	skipped=$((skipped + 1))
else
	root=$(mktemp -d "/tmp/bindguard-deb-root.$$.XXXXXX")
	scratch_skeleton
	before=$(tree_listing)
	check "dpkg installs it into the scratch root" scratch_dpkg --install "$deb"
	check "dpkg has it as installed" \
		sh -c "dpkg --root='$root' -s bindguard 2>/dev/null | grep -q '^Status: install ok installed'"
	while read -r f; do
		check "installed $f" test -f "$root$f"
	done < <(expected_files)
	check "the maintainer scripts ran (systemd's helpers were asked)" test -s "$root"/maint.log
	check "installing enables and starts no unit" \
		sh -c "! grep -E ' (enable|start|restart|try-restart|reload|reload-or-restart) ' '$root/maint.log'"
	: >"$root"/maint.log
	check "dpkg upgrades it (the same package again)" scratch_dpkg --install "$deb"
	check "upgrading stops, starts and enables no unit (a pinned policy stays)" \
		sh -c "test -s '$root/maint.log' &&
			! grep -E ' (enable|start|stop|restart|try-restart|reload|reload-or-restart) ' '$root/maint.log'"
	: >"$root"/maint.log
	check "dpkg removes it" scratch_dpkg --remove bindguard
	check "removing stops each unit" \
		sh -c "for u in packaging/*.service; do grep -qx \"deb-systemd-invoke stop \${u##*/}\" '$root/maint.log' || exit 1; done"
	check "dpkg purges it" scratch_dpkg --purge bindguard
	check "dpkg no longer knows it" \
		sh -c "! dpkg --root='$root' -s bindguard 2>/dev/null | grep -q '^Status: install'"
	after=$(tree_listing)
	check "nothing of it is left in the scratch root" test "$before" = "$after"
	if [ "$failed" -gt 0 ]; then
		echo "# dpkg's output:"
		sed 's/^/#   /' "$root.dpkg.log"
		echo "# left over:"
		diff <(echo "$before") <(echo "$after") | sed 's/^/#   /'
	fi
	rm -f "$root.dpkg.log"
fi

echo "deb: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
