#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Builds the initramfs of the bindguard kernel test VM: static busybox, the files to test, the
# shared libraries their ELF executables need (found with ldd), chosen kernel modules, and /init.
#
# Usage: mkinitramfs.sh -o OUT.cpio.gz --build-dir DIR [options] FILE_OR_DIR...
#   -o, --output FILE      the gzip'd newc cpio to write
#   --build-dir DIR        the host build dir; the guest gets BUILD_DIR and BINDGUARD from it
#   --command CMD          test command the guest runs from /bindguard (default: tests/run.sh integration)
#   --bins "PROG..."       extra host programs to include with their libraries (e.g. bash)
#   --host-files "PATH..." host files or dirs copied to the same path (data that programs open
#                          or dlopen, which ldd cannot see: terminfo, iconv modules)
#   --modules-dir DIR      unpacked lib/modules/RELEASE of the guest kernel (with modules.dep)
#   --modules "NAME..."    kernel modules the guest loads before the tests (dependencies follow)
#   --exclude PATH         leave PATH out of the copied files (repeatable; e.g. the kernel cache)
# Each FILE_OR_DIR is copied to /bindguard/<its base name>; the test command runs there.
set -eu

die() { echo "mkinitramfs: $*" >&2; exit 1; }

here=$(cd "$(dirname "$0")" && pwd)
output=""
build_dir=""
command="tests/run.sh integration"
bins=""
host_files=""
modules_dir=""
modules=""
excludes=()

while [ $# -gt 0 ]; do
	case "$1" in
	-o | --output) output=${2:?}; shift 2 ;;
	--build-dir) build_dir=${2:?}; shift 2 ;;
	--command) command=${2:?}; shift 2 ;;
	--bins) bins=$2; shift 2 ;;
	--host-files) host_files=$2; shift 2 ;;
	--modules-dir) modules_dir=$2; shift 2 ;;
	--modules) modules=$2; shift 2 ;;
	--exclude) excludes+=("$2"); shift 2 ;;
	--) shift; break ;;
	-*) die "unknown option $1 (see the usage at the top of $0)" ;;
	*) break ;;
	esac
done
[ -n "$output" ] || die "missing -o OUTPUT"
[ -n "$build_dir" ] || die "missing --build-dir DIR"
[ $# -gt 0 ] || die "nothing to copy into the guest: pass the build and tests dirs"
for tool in cpio gzip ldd; do
	command -v "$tool" >/dev/null || die "$tool not found: run make deps"
done
busybox=$(command -v busybox) || die "busybox not found: run make deps"

stage=$(mktemp -d "${TMPDIR:-/tmp}/bindguard-initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT

# A merged-/usr layout like Debian 12's, so host paths such as /lib64/ld-linux-x86-64.so.2 and
# /bin/bash resolve the same way in the guest.
mkdir -p "$stage"/usr/{bin,sbin,lib,lib64} "$stage"/{dev,proc,sys,run,root,etc,mnt,bindguard,kernel-test}
mkdir -p "$stage"/tmp "$stage"/var/tmp
chmod 1777 "$stage"/tmp "$stage"/var/tmp
ln -s ../run "$stage/var/run"
for d in bin sbin lib lib64; do ln -s "usr/$d" "$stage/$d"; done

is_elf() {
	[ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ]
}

declare -A libs=()
# Records the shared libraries ldd says $1 needs.
collect_libs() {
	local out line path
	if ! out=$(ldd "$1" 2>&1); then
		# Static executables and foreign ELF files have nothing to add.
		case "$out" in
		*"not a dynamic executable"* | *"statically linked"*) return 0 ;;
		*) die "ldd $1 failed: $out" ;;
		esac
	fi
	while read -r line; do
		case "$line" in
		*"=> not found"*) die "$1 needs ${line%% *}, which the host does not have" ;;
		*"=> "/*) path=${line#*=> }; path=${path%% (*} ;;
		/*) path=${line%% (*} ;;
		*) continue ;; # linux-vdso.so.1, statically linked
		esac
		libs[$path]=1
	done <<<"$out"
}

# Copies host program $1 (a name on PATH or a path) to the same path in the guest, and links
# the path PATH finds it under (e.g. /usr/sbin/ip -> /bin/ip) to it there as well.
add_program() {
	local path real
	path=$(command -v "$1") || die "program '$1' asked for in the guest is not on this host"
	real=$(realpath "$path")
	[ -f "$real" ] || die "'$1' resolves to $real, which is not a file"
	mkdir -p "$stage$(dirname "$real")"
	cp "$real" "$stage$real"
	if [ "$path" != "$real" ] && [ ! -e "$stage$path" ]; then
		mkdir -p "$stage$(dirname "$path")"
		ln -s "$real" "$stage$path"
	fi
	if is_elf "$real"; then collect_libs "$real"; fi
}

# The files under test, each to /bindguard/<base name>, minus the excluded paths.
declare -A seen=()
guest_build=""
build_real=$(realpath -m "$build_dir")
for src in "$@"; do
	[ -e "$src" ] || die "$src does not exist (has the project been built?)"
	real=$(realpath "$src")
	base=$(basename "$real")
	[ -z "${seen[$base]:-}" ] || die "two inputs are named $base; the guest copies both to /bindguard/$base"
	seen[$base]=1
	[ "$real" != "$build_real" ] || guest_build="/bindguard/$base"
	tar_excludes=()
	for ex in "${excludes[@]}"; do
		ex=$(realpath -m "$ex")
		case "$ex" in "$real"/*) tar_excludes+=("--exclude=$base/${ex#"$real"/}") ;; esac
	done
	tar -C "$(dirname "$real")" --anchored "${tar_excludes[@]}" -cf - "$base" |
		tar -C "$stage/bindguard" -xf - || die "cannot copy $src"
done
if [ -z "$guest_build" ]; then
	guest_build="/bindguard/$(basename "$build_real")"
	echo "mkinitramfs: warning: the build dir $build_dir is not among the copied files" >&2
fi

# Every ELF executable under test brings its libraries.
nexec=0
while IFS= read -r -d '' f; do
	if is_elf "$f"; then
		collect_libs "$f"
		nexec=$((nexec + 1))
	fi
done < <(find "$stage/bindguard" -type f -perm /111 -print0)

for prog in $bins; do add_program "$prog"; done

# Host data at the same path; any ELF in it (an iconv module, say) brings its libraries too.
for path in $host_files; do
	[ -e "$path" ] || die "host file $path asked for in the guest does not exist"
	real=$(realpath "$path")
	mkdir -p "$stage$(dirname "$real")"
	tar -C "$(dirname "$real")" -cf - "$(basename "$real")" | tar -C "$stage$(dirname "$real")" -xf - ||
		die "cannot copy $path"
	while IFS= read -r -d '' f; do
		if is_elf "$f"; then collect_libs "$f"; fi
	done < <(find "$real" -type f -print0)
done

cp -L "$busybox" "$stage/usr/bin/busybox"
collect_libs "$busybox"
# Applets fill in only where no real program was copied.
while read -r applet; do
	case "$applet" in linuxrc | "") continue ;; esac
	[ -e "$stage/$applet" ] || [ -L "$stage/$applet" ] || ln -s /usr/bin/busybox "$stage/$applet"
done < <("$busybox" --list-full)

for lib in "${!libs[@]}"; do
	mkdir -p "$stage$(dirname "$lib")"
	cp -L "$lib" "$stage$lib"
done

# Kernel modules: the closure over modules.dep, and a modules.dep with just those lines.
loaded_modules=""
if [ -n "$modules" ]; then
	[ -f "$modules_dir/modules.dep" ] || die "no modules.dep in '$modules_dir' (run tests/kernel/fetch-kernel.sh)"
	release=$(basename "$(realpath "$modules_dir")")
	guest_modules="$stage/lib/modules/$release"
	mkdir -p "$guest_modules"
	declare -A want=()
	for m in $modules; do
		key=$(awk -F: -v m="${m//-/_}" '{ n = $1; sub(/.*\//, "", n); sub(/\.ko(\..*)?$/, "", n);
			gsub(/-/, "_", n); if (n == m) { print $1; exit } }' "$modules_dir/modules.dep")
		if [ -z "$key" ]; then
			grep -q "/${m//-/_}\.ko\|/${m//_/-}\.ko" "$modules_dir/modules.builtin" 2>/dev/null ||
				die "kernel module $m is neither in modules.dep nor built in"
			echo "mkinitramfs: $m is built into the kernel"
			continue
		fi
		want[$key]=1
		loaded_modules="$loaded_modules $m"
	done
	# modules.dep lists a module's dependencies; follow them until nothing new turns up.
	while :; do
		added=0
		for key in "${!want[@]}"; do
			# shellcheck disable=SC2013 # the dependencies are words on one line
			for dep in $(grep "^$key:" "$modules_dir/modules.dep" | cut -d: -f2); do
				[ -n "${want[$dep]:-}" ] || { want[$dep]=1; added=1; }
			done
		done
		[ "$added" -eq 1 ] || break
	done
	for key in "${!want[@]}"; do
		mkdir -p "$guest_modules/$(dirname "$key")"
		cp "$modules_dir/$key" "$guest_modules/$key"
		grep "^$key:" "$modules_dir/modules.dep" >>"$guest_modules/modules.dep"
	done
fi

install -m 755 "$here/init" "$stage/init"
install -m 755 "$here/features.sh" "$stage/kernel-test/features.sh"
# The host's users and groups, so tests that name one (nobody, daemon...) see the same ones.
for f in passwd group; do
	if [ -r "/etc/$f" ]; then cp "/etc/$f" "$stage/etc/$f"; fi
done
[ -s "$stage/etc/passwd" ] || echo 'root:x:0:0:root:/root:/bin/sh' >"$stage/etc/passwd"
[ -s "$stage/etc/group" ] || echo 'root:x:0:' >"$stage/etc/group"
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$stage/etc/hosts"
# Lets the kernel hand /init a console before devtmpfs is up; needs root, so it is optional.
mknod -m 600 "$stage/dev/console" c 5 1 2>/dev/null || true

sh_quote() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}
{
	echo "KERNEL_TEST_CMD=$(sh_quote "$command")"
	echo "KERNEL_TEST_ROOT=/bindguard"
	echo "KERNEL_TEST_MODULES=$(sh_quote "${loaded_modules# }")"
	echo "BUILD_DIR=$(sh_quote "$guest_build")"
	echo "BINDGUARD=$(sh_quote "$guest_build/bindguard")"
} >"$stage/etc/bindguard-kernel-test.env"

mkdir -p "$(dirname "$output")"
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
	gzip -1 >"$output.tmp" || die "cannot write $output"
mv "$output.tmp" "$output"
echo "mkinitramfs: $output: $(du -h "$output" | cut -f1) (gzip), $nexec ELF executables," \
	"${#libs[@]} shared libraries, modules:${loaded_modules:- none}"
