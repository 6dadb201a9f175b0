#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetches one of Debian 12's cloud kernel packages (6.1, or 6.12 from bookworm-updates/backports)
# into a cache dir and unpacks it there, never on the host.
#
# Usage: fetch-kernel.sh CACHE_DIR [SERIES | PACKAGE]
#   SERIES 6.1 (default): the linux-image-6.1.*-cloud-amd64 that linux-image-cloud-amd64 depends
#   on (else the newest such name apt knows); 6.12: the newest
#   linux-image-6.12.*+deb12-cloud-amd64-unsigned apt knows.  Or a package name of either form.
# Leaves in CACHE_DIR: vmlinuz, modules/ (with a modules.dep made by busybox depmod)
# and kernel.txt ("package version release"), all pointing into CACHE_DIR/PACKAGE/.
set -eu

die() { echo "fetch-kernel: $*" >&2; exit 1; }

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	die "usage: fetch-kernel.sh CACHE_DIR [PACKAGE]"
fi
cache=$1
pkg=${2:-}
series=6.1
case "$pkg" in
6.1 | 6.12) series=$pkg; pkg="" ;;
linux-image-6.12.*) series=6.12 ;;
esac
if [ "$series" = 6.12 ]; then
	name_re='^linux-image-6\.12\.[0-9]+\+deb12-cloud-amd64-unsigned$'
else
	name_re='^linux-image-6\.1\.[0-9.]*-[0-9]+-cloud-amd64$'
fi

command -v apt-get >/dev/null || die "apt-get not found: this needs a Debian host"
command -v busybox >/dev/null || die "busybox not found: run make deps"

# The package the cloud meta-package points at, when that is a 6.1 kernel.
resolve_package() {
	local dep=""
	[ "$series" != 6.1 ] ||
		dep=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null |
			sed -n 's/^ *Depends: //p' | grep -E "$name_re" | head -n 1) || true
	if [ -z "$dep" ]; then
		dep=$(apt-cache pkgnames "linux-image-$series." 2>/dev/null |
			grep -E "$name_re" | sort -V | tail -n 1) || true
	fi
	printf '%s' "$dep"
}

if [ -z "$pkg" ]; then
	pkg=$(resolve_package)
	if [ -z "$pkg" ] && [ "$(id -u)" -eq 0 ]; then
		echo "fetch-kernel: apt knows no $series cloud kernel yet; running apt-get update"
		apt-get update -qq
		pkg=$(resolve_package)
	fi
	if [ -z "$pkg" ]; then
		# Offline, or lists missing: reuse what an earlier run unpacked.
		[ -r "$cache/kernel.txt" ] ||
			die "no $series cloud kernel known to apt (run apt-get update) and nothing cached in $cache"
		echo "fetch-kernel: apt knows no $series cloud kernel; using the cached $(cut -d' ' -f1 "$cache/kernel.txt")"
		exit 0
	fi
fi
echo "$pkg" | grep -Eq "$name_re" || die "'$pkg' is not a Debian 12 $series cloud kernel package"

mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
root="$cache/$pkg"

if [ ! -f "$root/.unpacked" ]; then
	deb=""
	for f in "$cache/${pkg}"_*_amd64.deb; do
		if [ -f "$f" ]; then deb=$f; fi
	done
	if [ -z "$deb" ]; then
		echo "fetch-kernel: downloading $pkg"
		# As root apt's download sandbox user (_apt) cannot write a root-owned dir.
		sandbox=()
		[ "$(id -u)" -ne 0 ] || sandbox=(-o APT::Sandbox::User=root)
		(cd "$cache" && apt-get "${sandbox[@]}" download -q "$pkg") ||
			die "apt-get download $pkg failed (network? run apt-get update)"
		for f in "$cache/${pkg}"_*_amd64.deb; do
			if [ -f "$f" ]; then deb=$f; fi
		done
		[ -n "$deb" ] || die "apt-get download $pkg left no .deb in $cache"
	fi
	echo "fetch-kernel: unpacking $(basename "$deb")"
	rm -rf "$root"
	mkdir -p "$root"
	dpkg-deb -x "$deb" "$root" || die "cannot unpack $deb"
	release=$(ls "$root/lib/modules")
	if [ -z "$release" ] || [ ! -f "$root/boot/vmlinuz-$release" ]; then
		die "$deb has no boot/vmlinuz-* matching lib/modules/*"
	fi
	# The package leaves depmod to its postinst; busybox depmod works on the unpacked tree.
	busybox depmod -b "$root" "$release" || die "busybox depmod failed on $root"
	version=$(dpkg-deb -f "$deb" Version)
	echo "$pkg $version $release" >"$root/.unpacked"
	# Keep one kernel in the cache: drop what earlier package versions left.
	for old in "$cache"/linux-image-*; do
		case "$old" in "$root" | "$deb") continue ;; esac
		rm -rf "$old"
	done
fi

read -r _ version release <"$root/.unpacked"
ln -sfn "$pkg/boot/vmlinuz-$release" "$cache/vmlinuz"
ln -sfn "$pkg/lib/modules/$release" "$cache/modules"
cp "$root/.unpacked" "$cache/kernel.txt"
echo "fetch-kernel: $pkg $version (uname -r $release) in $cache"
