# SPDX-License-Identifier: GPL-2.0
# bash completion for bindguard(8): commands, each command's options, and
# the values of the options that take a fixed set, files or users.
# `make check-man` checks that every option of every --help is listed here.
# shellcheck disable=SC2207 # COMPREPLY=($(compgen ...)) is the completion idiom

_bindguard_options()
{
	case $1 in
	trace)
		echo "-p --pid -c --comm -P --port -4 --ipv4 -6 --ipv6 -x --exposed --errors --ok
			-j --json -T --timestamp -d --duration -o --output -b --ringbuf-size
			-v --verbose --backend --hooks --cgroup --hints -h --help" ;;
	enforce)
		echo "--policy -m --mode -s --scope --rewrite-to --dual-stack-to --allow-port --allow-protocol
			--allow-comm --allow-user --allow-cgroup --host-netns-only --cgroup --pin
			--pin-dir -j --json -o --output -T --timestamp -d --duration -b --ringbuf-size
			-v --verbose --backend -h --help" ;;
	status)
		echo "-j --json --pin-dir -h --help" ;;
	disable)
		echo "--pin-dir -h --help" ;;
	log)
		echo "--pin-dir -j --json -o --output -T --timestamp -d --duration --no-follow
			--journal -h --help" ;;
	allow)
		echo "-f --for -c --comm -l --list -r --remove --windows --pin-dir -h --help" ;;
	audit)
		echo "-j --json -t --tcp -u --udp -4 --ipv4 -6 --ipv6 --all-netns --wslconfig
			--windows --no-windows --no-color -h --help" ;;
	top)
		echo "--once -b --batch -n --iterations -d --delay --all-netns --no-bpf --backend -h --help" ;;
	esac
}

_bindguard()
{
	local cur prev words cword command i
	_init_completion -s || return

	command=
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		trace | enforce | status | disable | log | allow | audit | top)
			command=${words[i]}
			break
			;;
		esac
	done

	case $prev in
	-o | --output | --policy | --wslconfig)
		_filedir
		return
		;;
	--pin-dir)
		_filedir -d
		return
		;;
	-m | --mode)
		COMPREPLY=($(compgen -W "log rewrite deny" -- "$cur"))
		return
		;;
	-s | --scope)
		[[ $command == enforce ]] || return
		COMPREPLY=($(compgen -W "wildcard non-loopback" -- "$cur"))
		return
		;;
	--backend)
		COMPREPLY=($(compgen -W "auto fentry tracepoint hooks" -- "$cur"))
		return
		;;
	--allow-protocol)
		COMPREPLY=($(compgen -W "tcp udp other" -- "$cur"))
		return
		;;
	--allow-user)
		COMPREPLY=($(compgen -u -- "$cur"))
		return
		;;
	-p | --pid)
		[[ ${command:-trace} == trace ]] || return
		_pids
		return
		;;
	-c | --comm | --allow-comm)
		_pnames
		return
		;;
	--cgroup | --allow-cgroup | -P | --port | --allow-port | --rewrite-to | --dual-stack-to | \
		-f | --for | -d | --duration | \
		--delay | -b | --ringbuf-size | -n | --iterations)
		[[ $prev == -b && $command == top ]] || return
		;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_bindguard_options "${command:-trace}") \
			$([[ -z $command ]] && echo "-V --version")" -- "$cur"))
		return
	fi
	if [[ -z $command ]]; then
		COMPREPLY=($(compgen -W "trace enforce status disable log allow audit top help" -- "$cur"))
	fi
} &&
	complete -F _bindguard bindguard
