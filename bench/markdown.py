#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Renders one `make bench` run (results.json) as the Markdown tables of the
README's Performance section, so that every number there comes from one run.

Usage: bench/markdown.py build/bench/results.json > build/bench/results.md"""
import json
import sys

TITLES = {
    "trace": "`trace`",
    "fentry": "`trace --backend fentry`",
    "tracepoint": "`trace --backend tracepoint`",
    "json": "`trace --json`",
    "hooks": "`trace --hooks`",
    "enforce": "`enforce --mode rewrite`",
    "bpftrace": "bpftrace",
    "floor": "empty BPF programs (floor)",
}


def rng(s, digits=2, unit="×"):
    """median (min–max) of a summary, or a dash"""
    if not s:
        return "–"
    return f"{s['median']:.{digits}f}{unit} ({s['min']:.{digits}f}–{s['max']:.{digits}f})"


def num(n):
    """1 234 567: thousands apart, as the rest of the README writes them"""
    return f"{round(n):,}".replace(",", "\u202f")


def workload_title(w):
    proto, port, threads = w.split(":")
    return (f"{proto.upper()} {'port 0' if port == '0' else 'fixed port'}, "
            f"{threads} thread{'s' if threads != '1' else ''}")


def per_bind(res, out):
    modes = []
    for e in res["per_bind"].values():
        for m in e["ratio"]:
            if m not in modes:
                modes.append(m)
    modes.sort(key=lambda m: (m == "floor", list(TITLES).index(m) if m in TITLES else 99))
    out.append("| load | nothing attached | " + " | ".join(TITLES.get(m, m) for m in modes) + " |")
    out.append("|---|---:|" + "---|" * len(modes))
    for w, e in res["per_bind"].items():
        none = e["none_ns_per_cycle"]["median"] / 1000
        cells = [rng(e["ratio"].get(m)) for m in modes]
        out.append(f"| {workload_title(w)} | {none:.2f} µs | " + " | ".join(cells) + " |")


def ratio_line(section, none_key, unit, title):
    """One bullet: a loop's time with nothing attached, then each mode's ratio."""
    if not section.get(none_key):
        return None
    parts = [f"nothing attached {section[none_key]['median']:.0f} ns per {unit}"]
    for m, s in section.items():
        if m != none_key:
            parts.append(f"{TITLES.get(m, m)} {rng(s)}")
    return f"- {title}: " + "; ".join(parts) + "."


def syscall(res, out):
    line = ratio_line(res["syscall"], "none_ns_per_call", "call",
                      "Unrelated syscalls (`getppid` in a loop)")
    if line:
        out.append(line)


def uring(res, out):
    line = ratio_line(res.get("uring", {}), "none_ns_per_op", "operation",
                      "io_uring completions (`NOP`s, 32 per `io_uring_enter`)")
    if line:
        out.append(line)


def cpu(res, out):
    for m, e in res.get("cpu", {}).items():
        t = e.get("tracer_cpu_ns_per_event")
        g = e.get("generator_cpu_ratio")
        if t:
            out.append(f"- {TITLES.get(m, m)}: the tracer's own CPU {t['median']:.0f} ns per event "
                       f"({t['min']:.0f}–{t['max']:.0f}); the generator's CPU per cycle "
                       f"{rng(g)} of nothing attached.")
    f = res.get("format_ns_per_event") or {}
    if f:
        out.append("- Formatting alone (`bench/formatbench`: stream, format, write to /dev/null): "
                   + ", ".join(f"{k} {v:.0f} ns per event" for k, v in f.items()) + ".")
    b = res.get("bpf_ns_per_bind") or {}
    if b:
        out.append("- BPF programs' run time per bind (`kernel.bpf_stats_enabled`): "
                   + ", ".join(f"{TITLES.get(k, k)} {v:.0f} ns" for k, v in b.items()) + ".")


def delivery(res, out):
    for m, d in res.get("delivery", {}).items():
        out.append(f"- {TITLES.get(m, m)} received {num(d['received'])} of {num(d['expected'])} events "
                   f"(lost {d['lost']}, reported dropped {d['reported_dropped']}).")
    t = res.get("throughput") or {}
    if t.get("rate_none"):
        out.append(f"- Full speed ({workload_title(t['workload'])}, 3 s): nothing attached "
                   f"{num(t['rate_none']['median'])} binds/s; "
                   + "; ".join(f"{TITLES.get(m, m)} {num(v['rate']['median'])} binds/s, "
                               f"{v['delivery']['lost']} of {num(v['delivery']['expected'])} events lost"
                               for m, v in t.items() if isinstance(v, dict) and "rate" in v) + ".")


def startup(res, out):
    for m, s in res.get("startup", {}).items():
        lat = res.get("latency", {}).get(m, {})
        line = (f"- {TITLES.get(m, m)}: exec to ready {rng(s.get('ready_ms'), 1, ' ms')}, "
                f"to the first event {rng(s.get('first_event_ms'), 1, ' ms')}")
        if lat.get("max_ms"):
            line += (f"; one bind to its line on stdout {lat['median_ms']['median']:.2f} ms median, "
                     f"{lat['max_ms']['max']:.2f} ms worst")
        if s.get("idle_wakeups_per_s"):
            line += f"; idle, it wakes up {rng(s['idle_wakeups_per_s'], 1, '')} times a second"
        out.append(line + ".")
    for m, e in res.get("memory", {}).items():
        vals = [f"{k.replace('_mb', '').replace('_', ' ')} {v['median']:.1f} MB"
                for k, v in e.items() if v]
        out.append(f"- {TITLES.get(m, m)} memory: " + ", ".join(vals) + ".")


def guest(res, out):
    if not res.get("guest"):
        return
    out.append("| kernel (QEMU, TCG) | backend | `getppid` vs nothing | TCP bind cycle vs nothing "
               "| BPF run time per bind |")
    out.append("|---|---|---:|---:|---:|")
    for g in res["guest"]:
        out.append(f"| {g['kernel']} | `{g['backend']}` | {g['getppid_ratio']:.2f}× | "
                   f"{g['cycle_ratio']:.2f}× | {g['bpf_ns_per_bind']:.0f} emulated ns |")


def targets(res, out):
    out.append("| target | measured | |")
    out.append("|---|---|---|")
    for t in res["targets"]:
        verdict = {True: "met", False: "**not met**", None: "not measurable", "n/a": "n/a here"}[t["met"]]
        out.append(f"| {t['target']}: {t['goal']} | {t['measured']} | {verdict} |")


def main():
    with open(sys.argv[1]) as f:
        res = json.load(f)
    m = res["meta"]
    out = [f"<!-- generated by bench/markdown.py from one `make bench` run -->",
           f"Kernel {m.get('kernel')}, {m.get('cpus')} CPUs ({m.get('cpu_model')}), "
           f"{m.get('bindguard')}, {m.get('bpftrace')}; `trace` picked the "
           f"`{m.get('trace_backend') or '?'}` backend; {m.get('rounds')} paired rounds; other load "
           f"on the machine {m.get('load_before')} % before, {m.get('load_after')} % after; "
           f"{m.get('seconds')} s.", ""]
    out += ["**Per bind cycle** (socket → bind → close), relative to nothing attached, "
            "median (min–max) over rounds:", ""]
    per_bind(res, out)
    if m.get("floor_tracepoints"):
        out += ["", "The floor: empty programs on the syscall tracepoints `trace` uses here ("
                + ", ".join(f"`{t}`" for t in m["floor_tracepoints"].split()) + ")."]
    out.append("")
    syscall(res, out)
    uring(res, out)
    cpu(res, out)
    delivery(res, out)
    startup(res, out)
    out.append("")
    guest(res, out)
    out.append("")
    targets(res, out)
    print("\n".join(out))


if __name__ == "__main__":
    main()
