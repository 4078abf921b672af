#!/usr/bin/env python3
"""Summarises a system-wide `perf record -g` for one process (stdlib only).

  perf_summary.py PERF_DATA PID [TOP]

`perf report --pid` is unreliable with this container's perf (6.1 on a 6.18 kernel: samples of other
processes leak in), so this reads `perf script` and keeps the samples whose pid is PID. Prints, as
Markdown: self time by shared object; self and inclusive time by Swift module (the module is read
from the mangled name, so the statically linked NIO, AsyncHTTPClient, Hummingbird and project code
are told apart inside the binary); the top symbols by self time; and the top symbols by inclusive time.
"""
import collections
import os
import re
import subprocess
import sys

# Swift standard-type substitutions (`$sSS` String, `$sSa` Array, ...) and `$ss` (module Swift).
STDLIB_SUBST = re.compile(r"^\$s(S[a-zA-Z]|s)")
MODULE = re.compile(r"^\$s(\d+)([A-Za-z_][A-Za-z0-9_]*)")


def module_of(symbol, dso):
    base = os.path.basename(dso)
    if symbol.startswith("$s"):
        if STDLIB_SUBST.match(symbol):
            return "Swift stdlib (specialised into the binary)" if base != "libswiftCore.so" else "Swift stdlib (libswiftCore)"
        m = MODULE.match(symbol)
        if m:
            n = int(m.group(1))
            name = (m.group(1) + m.group(2))[len(m.group(1)):][:n]
            return name
    if base.startswith("[kernel") or base == "[unknown]":
        return base
    if base == "libswiftCore.so":
        return "Swift runtime (retain/release, metadata, casts)"
    if base in ("unified-crm",):
        if symbol.startswith(("c_nio_", "llhttp", "CNIO")):
            return "NIO C shims (llhttp, atomics)"
        if symbol.startswith(("sqlite3", "_sqlite")):
            return "sqlite"
        return "unified-crm (other C/C++)"
    return base


def samples(perf_data, pid):
    """Yields each sample of PID as a list of (symbol, dso) frames, leaf first."""
    proc = subprocess.Popen(["perf", "script", "-i", perf_data, "-F", "pid,tid,ip,sym,dso", "--no-inline"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, errors="replace")
    frames, keep = [], False
    for line in proc.stdout:
        if not line.strip():
            if keep and frames:
                yield frames
            frames, keep = [], False
            continue
        if not line.startswith(("\t", " " * 8)):
            head = [w for w in line.split() if "/" in w]
            keep = bool(head) and head[0].split("/")[0] == str(pid)
            frames = []
            continue
        if keep:
            m = re.match(r"\s*[0-9a-f]+\s+(.*?)\s+\((.*)\)\s*$", line)
            if m:
                sym = re.sub(r"\+0x[0-9a-f]+$", "", m.group(1))
                frames.append((sym, m.group(2)))
    if keep and frames:
        yield frames
    proc.wait()


def short(symbol, width=110):
    if not symbol.startswith("$s"):
        return symbol if len(symbol) <= width else symbol[: width - 1] + "…"
    try:
        out = subprocess.run(["swift", "demangle", "--simplified", "--compact", symbol],
                             capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        out = ""
    text = out or symbol
    return text if len(text) <= width else text[: width - 1] + "…"


def main():
    perf_data, pid = sys.argv[1], sys.argv[2]
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 25
    self_dso, self_mod, incl_mod = collections.Counter(), collections.Counter(), collections.Counter()
    self_sym, incl_sym = collections.Counter(), collections.Counter()
    total = 0
    for frames in samples(perf_data, pid):
        total += 1
        sym, dso = frames[0]
        self_dso[os.path.basename(dso)] += 1
        self_mod[module_of(sym, dso)] += 1
        self_sym[(sym, os.path.basename(dso))] += 1
        for m in {module_of(s, d) for s, d in frames}:
            incl_mod[m] += 1
        for s in {(s, os.path.basename(d)) for s, d in frames}:
            incl_sym[s] += 1
    if not total:
        sys.exit(f"no samples of pid {pid} in {perf_data}")
    pct = lambda n: f"{100 * n / total:5.1f}%"
    print(f"{total} samples of pid {pid}.\n")
    print("Self time by shared object:\n\n| shared object | self |\n|---|---|")
    for k, n in self_dso.most_common(12):
        print(f"| {k} | {pct(n)} |")
    print("\nBy Swift module (from the mangled name; inclusive = in the stack at all):\n\n| module | self | inclusive |\n|---|---|---|")
    for k, n in self_mod.most_common(20):
        print(f"| {k} | {pct(n)} | {pct(incl_mod[k])} |")
    print(f"\nTop {top} symbols by self time:\n\n| self | symbol | object |\n|---|---|---|")
    for (s, d), n in self_sym.most_common(top):
        print(f"| {pct(n)} | `{short(s)}` | {d} |")
    print(f"\nTop {top} symbols by inclusive time (excluding thread entry/event-loop frames above 90%):\n\n| inclusive | symbol | object |\n|---|---|---|")
    shown = 0
    for (s, d), n in incl_sym.most_common(top * 3):
        if n / total > 0.9:
            continue
        print(f"| {pct(n)} | `{short(s)}` | {d} |")
        shown += 1
        if shown >= top:
            break


if __name__ == "__main__":
    main()
