#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Fails when an option that `bindguard CMD --help` lists is missing from
that command's section of the man page (or, given, from the bash
completion's list for that command), so that both stay true.

Usage: scripts/check-man.py BINDGUARD MANPAGE [COMPLETION]
Options the page documents but --help does not are reported, not fatal
(an option may be accepted and left out of the short help on purpose).
"""
import re
import subprocess
import sys

COMMANDS = ["trace", "enforce", "status", "disable", "allow", "audit", "top"]
# Long options: "--name" at a word start; short: "-x," as in "-j, --json".
LONG_RE = re.compile(r"(?:^|[\s\[/(`])--([a-z0-9][a-z0-9-]*)(?![A-Za-z0-9_])")
SHORT_RE = re.compile(r"(?:^|\s)-([A-Za-z0-9]),")
MAN_LONG_RE = re.compile(r"\bFl -([a-z0-9][a-z0-9-]*)(?![A-Za-z0-9_])")
MAN_SHORT_RE = re.compile(r"\bFl ([A-Za-z0-9])(?=\s|$)")


def help_text(binary, args):
    run = subprocess.run([binary] + args, capture_output=True, text=True, timeout=30)
    if run.returncode != 0 or not run.stdout.strip():
        sys.exit(f"check-man: `bindguard {' '.join(args)}` failed (exit {run.returncode}): "
                 f"{run.stderr.strip()}")
    return run.stdout


def man_sections(page):
    """Text of each `.Ss NAME` subsection, and of the global part."""
    sections, name, lines = {}, "global", []
    for line in page.splitlines():
        m = re.match(r"\.S[sh] (.*)", line)
        if m:
            sections.setdefault(name, []).extend(lines)
            name, lines = m.group(1).strip(), []
            if name == "Global options":
                name = "global"
        else:
            lines.append(line)
    sections.setdefault(name, []).extend(lines)
    return {k: "\n".join(v) for k, v in sections.items()}


def completion_lists(text):
    """The option words `_bindguard_options` echoes for each command."""
    return {m.group(1): m.group(2) for m in
            re.finditer(r"^\t(\w+)\)\n\t\techo \"([^\"]*)\" ;;", text, re.M)}


def options(text, long_re, short_re):
    return set(long_re.findall(text)), set(short_re.findall(text))


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__.strip())
    binary, man_path = sys.argv[1], sys.argv[2]
    with open(man_path, encoding="utf-8") as f:
        sections = man_sections(f.read())
    completion = {}
    if len(sys.argv) == 4:
        with open(sys.argv[3], encoding="utf-8") as f:
            completion = completion_lists(f.read())
    missing, extra = [], []
    checks = [("global", ["--help"])] + [(c, [c, "--help"]) for c in COMMANDS]
    for name, args in checks:
        if name not in sections:
            missing.append(f"{name}: no `.Ss {name}` section")
            continue
        h_long, h_short = options(help_text(binary, args), LONG_RE, SHORT_RE)
        if name == "global":
            h_long.add("version")
            h_short.add("V")
        m_long, m_short = options(sections[name], MAN_LONG_RE, MAN_SHORT_RE)
        missing += [f"{name}: --{o}" for o in sorted(h_long - m_long)]
        missing += [f"{name}: -{o}" for o in sorted(h_short - m_short)]
        if name != "global" and completion:
            words = set(completion.get(name, "").split())
            missing += [f"{sys.argv[3]}: {name}: --{o}" for o in sorted(h_long)
                        if f"--{o}" not in words]
            missing += [f"{sys.argv[3]}: {name}: -{o}" for o in sorted(h_short)
                        if f"-{o}" not in words]
        if name != "global":
            extra += [f"{name}: --{o}" for o in sorted(m_long - h_long - {"help"})]
    for e in extra:
        print(f"check-man: note: documented but not in --help: {e}")
    if missing:
        for m in missing:
            print(f"check-man: missing: {m}", file=sys.stderr)
        sys.exit(1)
    print(f"check-man: every option of every --help is in {' and '.join(sys.argv[2:])}")


if __name__ == "__main__":
    main()
