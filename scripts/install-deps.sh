#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Installs what building and testing bindguard needs on Debian 12 / Ubuntu.
# Idempotent: when every package is present it installs nothing and says so.
set -eu

# Build: compilers and libraries (libnftables and json-c: audit reads the
# firewall).  Tests: cmocka, nftables and iptables (rulesets loaded into test
# namespaces), iproute2 (test namespaces), python3 (a real dev server,
# check-man.py) and nodejs (Node's listen(port) is the dual-stack :: bind that
# enforce must keep reachable), util-linux (setpriv), valgrind and clang's
# sanitizer runtime, mandoc (man page lint), clang-format (the format stage;
# clang does not pull it in), for the second-kernel run (make test-kernel)
# qemu, a static busybox and cpio, and for make deb / its test dpkg-dev,
# debhelper and lintian (no fakeroot: debian/control says
# Rules-Requires-Root: no).
PACKAGES="make gcc clang llvm pkg-config libbpf-dev libelf-dev zlib1g-dev \
libinih-dev libmnl-dev libcap-ng-dev libncurses-dev libnftables-dev libjson-c-dev \
libcmocka-dev nftables iptables iproute2 python3 nodejs procps util-linux valgrind \
libclang-rt-14-dev \
mandoc clang-format qemu-system-x86 busybox-static cpio dpkg-dev debhelper lintian"

# bpftool: Debian ships it as its own package; Ubuntu in linux-tools-common
# plus the per-kernel linux-tools-* (the Makefile finds a working one).
if [ -r /etc/os-release ] && grep -qi '^ID=ubuntu' /etc/os-release; then
	PACKAGES="$PACKAGES linux-tools-common linux-tools-generic"
else
	PACKAGES="$PACKAGES bpftool"
fi

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	echo "install-deps: all build and test dependencies are present"
	exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing:$missing"
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
