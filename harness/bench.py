#!/usr/bin/env python3
"""Turn the consoles of the bench boots into the table of `make bench`.

Each console has "BENCH-INFO brute on|off" and lines
"BENCH <op> <round> <ns per op> <count>" from harness/bench/brute-bench.c.
Per operation and per kernel (Brute on, Brute off) the table gives the
median over every round of every boot and the spread ((max - min) / median),
then the ratio of the medians.  Exits non-zero when a boot failed or a hot
path misses its budget.
"""
import argparse
import re
import statistics
import sys

# (operation, label, budget of the on/off ratio or None)
OPS = [
    ("exec", "exec of a static binary, no record", 1.01),
    ("exec-setuid", "exec of a setuid binary with a record", 1.01),
    ("fork", "fork + exit + wait", 1.01),
    ("accept", "TCP accept between two network namespaces", 1.01),
    ("crash", "exec + one counted crash + wait", None),
    ("exec-blocked", "exec of a blocked file (refused)", None),
    ("sweep-100", "sweep of 100 processes (off: kill(2) of each)", None),
    ("sweep-1000", "sweep of 1,000 processes (off: kill(2) of each)", None),
    ("sweep-5000", "sweep of 5,000 processes (off: kill(2) of each)", None),
]
SPLAT = re.compile(r"(WARNING:|BUG:|Kernel panic|Oops|general protection"
                   r"|INFO: task .* blocked|rcu: INFO|soft lockup)")


def fmt_ns(ns):
    if ns >= 10_000_000:
        return f"{ns / 1e6:.1f} ms"
    if ns >= 10_000:
        return f"{ns / 1e3:.1f} us"
    return f"{ns:.0f} ns"


def parse(path, samples, errors):
    state = None
    done = False
    with open(path, errors="replace") as f:
        for line in f:
            if SPLAT.search(line):
                errors.append(f"{path}: {line.strip()}")
            m = re.search(r"BENCH-INFO brute (on|off)", line)
            if m:
                state = m.group(1)
            m = re.search(r"BENCH (\S+) (\d+) (\d+) (\d+)\s*$", line)
            if m and state:
                samples.setdefault((m.group(1), state), []).append(
                    int(m.group(3)))
            m = re.search(r"### HARNESS BENCH rc=(\d+)", line)
            if m:
                done = m.group(1) == "0"
            if "brute-bench:" in line:
                errors.append(f"{path}: {line.strip()}")
    if not done:
        errors.append(f"{path}: the benchmark did not finish (see the log)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", help="write the table here too (markdown)")
    ap.add_argument("consoles", nargs="+")
    args = ap.parse_args()

    samples, errors = {}, []
    for path in args.consoles:
        parse(path, samples, errors)

    rows = ["| operation | Brute off | Brute on | on / off |",
            "|---|---|---|---|"]
    missed = []
    for op, label, budget in OPS:
        cells, med = [], {}
        for state in ("off", "on"):
            vals = samples.get((op, state))
            if not vals:
                cells.append("n/a")
                continue
            med[state] = statistics.median(vals)
            spread = (max(vals) - min(vals)) / med[state] * 100
            cells.append(f"{fmt_ns(med[state])} ±{spread:.2f}% "
                         f"(n={len(vals)})")
        if "on" in med and "off" in med:
            ratio = med["on"] / med["off"]
            verdict = ""
            if budget:
                ok = ratio <= budget
                verdict = " ok" if ok else f" MISSED (budget {budget:.2f})"
                if not ok:
                    missed.append(f"{op}: {ratio:.4f}")
            if op.startswith("sweep-"):
                n = int(op.split("-")[1])
                verdict += f", {fmt_ns(med['on'] / n)} per process"
            cells.append(f"{ratio:.4f}{verdict}")
        else:
            cells.append("n/a")
        if "on" not in med:
            errors.append(f"no measurement of {op} with Brute")
        rows.append(f"| {label} | " + " | ".join(cells) + " |")

    table = "\n".join(rows)
    print(table)
    if args.out:
        with open(args.out, "w") as f:
            f.write(table + "\n")
    for e in errors:
        print(f"ERROR: {e}")
    for m in missed:
        print(f"MISSED: {m}")
    ok = not errors and not missed
    print("bench: " + ("all budgets met" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
