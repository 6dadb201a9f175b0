#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# `make install` / `make uninstall` (mk/install.mk sets the variables).
# Install records every file and every directory it creates in
# $DOCDIR/install-manifest; uninstall takes back exactly those, and leaves
# directories that were there before, /etc/bindguard/policy.conf, and an
# example in /etc that has been edited since.
set -eu

action=${1:-}
: "${DESTDIR:=}" "${PREFIX:?}" "${SBINDIR:?}" "${MANDIR:?}" "${BASHCOMPDIR:?}" "${UNITDIR:?}"
: "${DOCDIR:?}" "${SYSCONFDIR:?}"

manifest=$DOCDIR/install-manifest
example=$SYSCONFDIR/bindguard/policy.conf.example

say() { printf '  %-8s %s\n' "$1" "$2"; }

# Creates dir and its missing parents, noting each one created.
make_dir() {
	[ -d "$DESTDIR$1" ] && return 0
	if [ "$1" = / ] || [ "$1" = . ]; then
		mkdir -p "$DESTDIR/"
		return 0
	fi
	make_dir "$(dirname "$1")"
	# 0755 whatever the umask: a completion or man page root alone can read is none
	install -d -m 0755 "$DESTDIR$1"
	echo "dir $1" >>"$new_manifest"
}

# install_file MODE SOURCE DEST [KIND]: KIND "conffile" is removed only if
# unchanged.
install_file() {
	make_dir "$(dirname "$3")"
	install -m "$1" "$2" "$DESTDIR$3"
	echo "${4:-file} $3" >>"$new_manifest"
	say INSTALL "$DESTDIR$3"
}

do_install() {
	: "${BINARY:?}"
	new_manifest=$(mktemp)
	unit=$(mktemp)
	log_unit=$(mktemp)
	trap 'rm -f "$new_manifest" "$unit" "$log_unit"' EXIT
	sed "s|@SBINDIR@|$SBINDIR|g" packaging/bindguard-enforce.service >"$unit"
	sed "s|@SBINDIR@|$SBINDIR|g" packaging/bindguard-log.service >"$log_unit"

	# the /etc example as the last install left it (compared before the
	# copy in $DOCDIR is replaced): an upgrade replaces it too
	example_unedited=false
	if [ -e "$DESTDIR$example" ] && cmp -s "$DESTDIR$example" "$DESTDIR$DOCDIR/policy.conf.example"; then
		example_unedited=true
	fi

	install_file 0755 "$BINARY" "$SBINDIR/bindguard"
	install_file 0644 man/bindguard.8 "$MANDIR/man8/bindguard.8"
	install_file 0644 completions/bindguard.bash "$BASHCOMPDIR/bindguard"
	install_file 0644 "$unit" "$UNITDIR/bindguard-enforce.service"
	install_file 0644 "$log_unit" "$UNITDIR/bindguard-log.service"
	install_file 0644 packaging/policy.conf.example "$DOCDIR/policy.conf.example"
	# /etc is the administrator's: an example only where none is, and
	# never a policy.conf, which would switch enforcement on at boot.
	if [ -e "$DESTDIR$example" ] && ! $example_unedited; then
		say KEEP "$DESTDIR$example (edited since it was installed)"
	else
		install_file 0644 packaging/policy.conf.example "$example" conffile
	fi

	# A reinstall keeps what the first install created.
	if [ -f "$DESTDIR$manifest" ]; then
		cat "$DESTDIR$manifest" >>"$new_manifest"
	fi
	echo "file $manifest" >>"$new_manifest"
	sort -u -o "$new_manifest" "$new_manifest"
	install -m 0644 "$new_manifest" "$DESTDIR$manifest"
	[ -n "$DESTDIR" ] || [ ! -d /run/systemd/system ] ||
		echo "  run 'systemctl daemon-reload'; the service starts once /etc/bindguard/policy.conf exists"
}

remove_file() {
	if [ -e "$DESTDIR$1" ] || [ -L "$DESTDIR$1" ]; then
		rm -f "$DESTDIR$1"
		say REMOVE "$DESTDIR$1"
	fi
}

# An /etc example goes only if it is still the one installed.
remove_conffile() {
	[ -e "$DESTDIR$1" ] || return 0
	if cmp -s "$DESTDIR$1" "$DESTDIR$DOCDIR/policy.conf.example" ||
		cmp -s "$DESTDIR$1" packaging/policy.conf.example; then
		remove_file "$1"
	else
		say KEEP "$DESTDIR$1 (changed since it was installed)"
	fi
}

do_uninstall() {
	list=$(mktemp)
	trap 'rm -f "$list"' EXIT
	if [ -f "$DESTDIR$manifest" ]; then
		cp "$DESTDIR$manifest" "$list"
	else
		# Installed before there was a manifest: the files, and only our
		# own directories.
		echo "no $DESTDIR$manifest: removing the files bindguard installs" >&2
		cat >"$list" <<-EOF
			file $SBINDIR/bindguard
			file $MANDIR/man8/bindguard.8
			file $BASHCOMPDIR/bindguard
			file $UNITDIR/bindguard-enforce.service
			file $UNITDIR/bindguard-log.service
			file $DOCDIR/policy.conf.example
			conffile $example
			dir $DOCDIR
			dir $SYSCONFDIR/bindguard
		EOF
	fi
	# conffiles first: they are compared with the example in $DOCDIR
	grep '^conffile ' "$list" | while read -r _ path; do remove_conffile "$path"; done
	grep '^file ' "$list" | while read -r _ path; do remove_file "$path"; done
	# deepest first; a directory that is not empty is not ours alone
	grep '^dir ' "$list" | sort -r | while read -r _ path; do
		if [ -d "$DESTDIR$path" ] && rmdir "$DESTDIR$path" 2>/dev/null; then
			say RMDIR "$DESTDIR$path"
		fi
	done
}

case $action in
install) do_install ;;
uninstall) do_uninstall ;;
*)
	echo "usage: $0 install|uninstall (run by make install / make uninstall)" >&2
	exit 2
	;;
esac
