#!/usr/bin/env python3
"""Turn the VM console logs of `make check` into one line per test.

Reads LOGS/console-check.log (KUnit KTAP printed at boot, then the kselftest
programs between "### HARNESS BEGIN/END" markers written by harness/init),
LOGS/console-ramfs.log (the ramfs boot test) and LOGS/vm-MODE.status (QEMU's
exit status, 124 on timeout), and with the modes debian,debian-reboot,debian-off
(in --modes or in a --base spec) the consoles of the distribution boot
(harness/debian/checks.sh prints "### HARNESS RESULT PASS|FAIL name detail"
per check), reported as MODE:name.

Prints "PASS  name" / "FAIL  name" lines, then "N passed, N failed" alone on
the last line. Exits 1 when anything failed, and a failure is also: a kernel
splat anywhere in a console, a truncated result set, a kselftest program that
never ran or never finished, no KUnit result of the required suite, no
kselftest case at all, a missing done marker, a VM that timed out.
"""
import argparse
import os
import re
import sys

TIMESTAMP = re.compile(r"^\[\s*\d+\.\d+\] ?")
MARK = "### HARNESS "
RESULT = re.compile(r"^(not ok|ok) (\d+)(?: -)? ?([^#]*?)\s*(?:#\s*(\S+)\s*(.*))?$")
PLAN = re.compile(r"^1\.\.(\d+)")

SPLATS = re.compile(
    r"BUG:|WARNING:|Oops|kernel BUG at|general protection fault|KASAN|UBSAN:"
    r"|inconsistent lock state|possible recursive locking|possible circular locking"
    r"|suspicious RCU usage|INFO: task .* blocked for more than|soft lockup"
    r"|hard LOCKUP|detected stalls?|Kernel panic|Call Trace:"
)
# Boot messages that contain a pattern above but are not splats.
NOT_SPLATS = re.compile(r"^kasan: |KernelAddressSanitizer initialized")


class Results:
    def __init__(self):
        self.lines = []  # (ok, name, note)
        self.label = ""  # "[BASE] " before every name

    def add(self, ok, name, note=""):
        self.lines.append((ok, self.label + name, note))

    def failed(self):
        return sum(1 for ok, _, _ in self.lines if not ok)


def read_console(path):
    """Return [(is_kernel, text)]: kernel lines are those with a printk
    timestamp, and everything before /init's first marker."""
    if not os.path.exists(path):
        return None
    out, in_init = [], False
    with open(path, errors="replace") as f:
        for raw in f:
            line = raw.rstrip("\r\n").replace("\r", "")
            if line.startswith(MARK):
                in_init = True
            m = TIMESTAMP.match(line)
            if m:
                out.append((True, line[m.end():]))
            else:
                out.append((not in_init, line))
    return out


def parse_directive(directive, rest):
    d = (directive or "").upper()
    if d == "SKIP":
        return False, "skipped: " + rest.strip()
    if d == "TODO":
        return False, "todo: " + rest.strip()
    return True, ""


def parse_ktap(lines, res, problems, suite_prefix):
    """Nested KUnit KTAP; report suite.case for results one level below the
    top. Deeper levels (parameterised cases) only count for plan checks."""
    stack = []  # levels: dict(indent, plan, count, name)
    required = 0
    started = False
    for is_kernel, text in lines:
        if not is_kernel:
            continue
        indent = len(text) - len(text.lstrip(" "))
        body = text.strip()
        if body in ("KTAP version 1", "TAP version 14"):
            if not started and indent != 0:
                continue
            started = True
            while stack and stack[-1]["indent"] >= indent:
                lvl = stack.pop()
                problems.append(f"KUnit: KTAP level '{lvl['name']}' ended without a result")
            stack.append(dict(indent=indent, plan=None, count=0, name="", failed=0))
            continue
        if not stack:
            continue
        lvl = next((l for l in reversed(stack) if l["indent"] == indent), None)
        if lvl is None:
            continue
        if body.startswith("# Subtest:"):
            lvl["name"] = body.split(":", 1)[1].strip()
            continue
        m = PLAN.match(body)
        if m and lvl["plan"] is None:
            lvl["plan"] = int(m.group(1))
            continue
        m = RESULT.match(body)
        if not m:
            continue
        ok, name = m.group(1) == "ok", m.group(3).strip()
        d_ok, note = parse_directive(m.group(4), m.group(5) or "")
        ok = ok and d_ok
        # the result closes the child level (its subtests), if any
        child_failed = 0
        while stack[-1] is not lvl:
            child = stack.pop()
            child_failed += child["failed"]
            if child["plan"] is not None and child["plan"] != child["count"]:
                problems.append(f"KUnit: '{child['name'] or name}' planned {child['plan']} "
                                f"results, printed {child['count']} (truncated?)")
        lvl["count"] += 1
        depth = stack.index(lvl)
        if depth == 1:  # a case inside a suite
            suite = lvl["name"] or "?"
            res.add(ok, f"kunit:{suite}.{name}", note)
            if suite.startswith(suite_prefix):
                required += 1
            if not ok:
                lvl["failed"] += 1
        elif depth == 0:  # a suite
            if not ok and not child_failed:
                res.add(False, f"kunit:{name}", note or "suite failed")
    if not started:
        problems.append("KUnit: no KTAP output at all on the console")
        return
    for lvl in stack:
        if lvl["plan"] is not None and lvl["plan"] != lvl["count"]:
            problems.append(f"KUnit: '{lvl['name'] or 'top level'}' planned {lvl['plan']} "
                            f"results, printed {lvl['count']} (truncated?)")
        elif lvl["plan"] is None and lvl["indent"] == 0:
            problems.append(f"KUnit: KTAP level '{lvl['name'] or 'top level'}' has no plan")
        if lvl["indent"] != 0:
            problems.append(f"KUnit: KTAP level '{lvl['name']}' ended without a result")
    if required == 0:
        problems.append(f"KUnit: no case of a '{suite_prefix}*' suite ran")


def parse_kselftests(lines, res, problems, expected):
    ran, cases = set(), 0
    cur = None
    for is_kernel, text in lines:
        if text.startswith(MARK + "BEGIN "):
            if cur:
                problems.append(f"kselftest {cur['name']}: no end marker")
            cur = dict(name=text.split()[3], plan=None, count=0)
            ran.add(cur["name"])
            continue
        if text.startswith(MARK + "END "):
            if not cur:
                problems.append(f"stray end marker: {text}")
                continue
            rc = re.search(r"rc=(\d+)", text)
            rc = int(rc.group(1)) if rc else -1
            prog = cur["name"].split(":", 1)[1]
            if cur["count"] == 0:
                res.add(False, f"kselftest:{prog}", f"no TAP result, exit status {rc}")
            else:
                if cur["plan"] is None:
                    problems.append(f"kselftest {prog}: no TAP plan")
                elif cur["plan"] != cur["count"]:
                    problems.append(f"kselftest {prog}: planned {cur['plan']} results, "
                                    f"printed {cur['count']} (truncated?)")
                if rc != 0:
                    res.add(False, f"kselftest:{prog}", f"exit status {rc}")
            cur = None
            continue
        if not cur or is_kernel:
            continue
        m = PLAN.match(text)
        if m and cur["plan"] is None:
            cur["plan"] = int(m.group(1))
            continue
        m = RESULT.match(text)
        if m:
            ok = m.group(1) == "ok"
            d_ok, note = parse_directive(m.group(4), m.group(5) or "")
            prog = cur["name"].split(":", 1)[1]
            res.add(ok and d_ok, f"kselftest:{prog}:{m.group(3).strip()}", note)
            cur["count"] += 1
            cases += 1
    if cur:
        problems.append(f"kselftest {cur['name']}: started but never finished (no end marker)")
    for name in expected:
        if name not in ran:
            problems.append(f"kselftest {name}: listed in kselftest-list.txt but never ran")
    if cases == 0:
        problems.append("kselftest: no test case result at all")


def parse_debian(mode, lines, res, boots):
    """The distribution boot: one result per RESULT line; the system state
    and failed units are kept to compare with the baseline boot."""
    info = dict(state=None, failed=None, results=0, passed=0, summary=None)
    for _, text in lines:
        # the check script and the kernel share the console: find the mark
        i = text.find(MARK)
        if i < 0:
            continue
        words = text[i + len(MARK):].split(None, 3)
        if words[:1] == ["RESULT"] and len(words) >= 3:
            res.add(words[1] == "PASS", f"{mode}:{words[2]}",
                    words[3] if len(words) > 3 and words[1] != "PASS" else "")
            info["results"] += 1
            info["passed"] += words[1] == "PASS"
        elif words[:1] == ["SUMMARY"] and len(words) >= 3:
            info["summary"] = (words[1], words[2])
        elif words[:1] == ["SYSTEM-STATE"]:
            info["state"] = words[1] if len(words) > 1 else ""
        elif words[:1] == ["FAILED-UNITS"]:
            info["failed"] = text[i + len(MARK):].split()[1:]
    boots[mode] = info
    return info


def compare_debian_boots(boots, res):
    """A degraded boot passes only with the failed units of the baseline."""
    base = boots.get("debian-off")
    for mode in ("debian", "debian-reboot"):
        b = boots.get(mode)
        if not b or b["state"] is None or b["failed"] is None:
            if b and b["results"]:
                res.add(False, f"{mode}:boot-state-as-baseline", "no SYSTEM-STATE or FAILED-UNITS line")
            continue
        if b["state"] == "running":
            res.add(True, f"{mode}:boot-state-as-baseline")
        elif not base or base["failed"] is None:
            res.add(False, f"{mode}:boot-state-as-baseline", f"state {b['state']}, no baseline")
        else:
            extra = sorted(set(b["failed"] or []) - set(base["failed"]))
            res.add(not extra, f"{mode}:boot-state-as-baseline",
                    f"state {b['state']}, failed units not failed in the baseline: {' '.join(extra)}")


def find_splats(lines):
    return [(i + 1, t) for i, (_, t) in enumerate(lines)
            if SPLATS.search(t) and not NOT_SPLATS.search(t)]


def vm_status(logs, mode, problems):
    path = os.path.join(logs, f"vm-{mode}.status")
    try:
        st = dict(kv.split("=", 1) for kv in open(path).read().split())
    except OSError:
        problems.append(f"VM {mode}: no status file {path} (did the VM run?)")
        return
    if st.get("rc") == "124":
        problems.append(f"VM {mode}: timed out after {st.get('seconds')}s")
    elif st.get("rc") != "0":
        problems.append(f"VM {mode}: QEMU exited with status {st.get('rc')}")


def collect(res, logs, kselftest_list, modes, extras, kunit_suite):
    """Add the results of one kernel base: its VM consoles and lint files."""
    consoles = []
    expected = []
    if os.path.exists(kselftest_list):
        expected = [l.strip() for l in open(kselftest_list) if l.strip()]

    boots = {}
    for mode in filter(None, modes.split(",")):
        path = os.path.join(logs, f"console-{mode}.log")
        problems = []
        lines = read_console(path)
        vm_status(logs, mode, problems)
        if lines is None:
            problems.append(f"no console log {path}")
            lines = []
        done = any(t == MARK + "DONE" for _, t in lines)
        if mode == "check":
            if not expected:
                problems.append(f"no kselftest list {kselftest_list}")
            parse_ktap(lines, res, problems, kunit_suite)
            parse_kselftests(lines, res, problems, expected)
        elif mode == "ramfs":
            rootfs = [t.split()[-1] for _, t in lines if t.startswith(MARK + "ROOTFS ")]
            setuid = [t.split()[-1] for _, t in lines if t.startswith(MARK + "SETUID ")]
            why = []
            if rootfs != ["ramfs"]:
                why.append(f"root filesystem is {rootfs[0] if rootfs else 'not reported'}")
            if setuid != ["rc=0"]:
                why.append(f"setuid exec {setuid[0] if setuid else 'not reported'}")
            if not done:
                why.append("no done marker")
            res.add(not why, "boot: /init runs on a ramfs root with a setuid binary", ", ".join(why))
        elif mode.startswith("debian"):
            done = any(t.endswith(MARK + "DONE") for _, t in lines)
            info = parse_debian(mode, lines, res, boots)
            if info["results"] == 0:
                problems.append(f"console {mode}: no check result at all")
            # a result line that kernel messages broke on the console
            got = (str(info["passed"]), str(info["results"] - info["passed"]))
            if info["summary"] is None:
                problems.append(f"console {mode}: no SUMMARY line")
            elif info["summary"] != got:
                problems.append(f"console {mode}: the checks printed {info['summary'][0]} passed, "
                                f"{info['summary'][1]} failed, {got[0]} and {got[1]} were read")
        if not done:
            problems.append(f"console {mode}: no '{MARK}DONE' marker (/init did not finish)")
        splats = find_splats(lines)
        if splats:
            problems.append(f"console {mode}: kernel splat, {len(splats)} line(s):\n"
                            + "\n".join(f"    {path}:{n}: {t}" for n, t in splats[:40]))
        for p in problems:
            res.add(False, f"harness:{mode}", p)
        consoles.append(path)

    compare_debian_boots(boots, res)

    for path in extras:
        if not os.path.exists(path):
            res.add(False, "harness:extra", f"no results file {path}")
            continue
        lines = [l.rstrip("\n") for l in open(path) if l.strip()]
        if not lines:
            res.add(False, "harness:extra", f"empty results file {path}")
        for line in lines:
            verdict, _, rest = line.partition(" ")
            name, _, note = rest.partition(" ")
            res.add(verdict == "PASS", name, note if verdict != "PASS" else "")
    return consoles


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--logs", default="build/7.3/logs")
    ap.add_argument("--kselftest-list", default="build/7.3/kselftest/kselftest-list.txt")
    ap.add_argument("--kunit-suite", default="brute",
                    help="prefix of the KUnit suite(s) that must have run")
    ap.add_argument("--modes", default="check,ramfs")
    ap.add_argument("--extra", action="append", default=[],
                    help="file of 'PASS name' / 'FAIL name details' lines "
                         "(the lint results), all required")
    ap.add_argument("--base", action="append", default=[],
                    help="BASE:LOGS:KSELFTEST_LIST:MODES:EXTRA,...  the results "
                         "of one kernel base, each line named [BASE] (repeat "
                         "for each base; replaces --logs, --kselftest-list, "
                         "--modes and --extra)")
    args = ap.parse_args()

    res = Results()
    consoles = []
    if not args.base:
        consoles += collect(res, args.logs, args.kselftest_list, args.modes,
                            args.extra, args.kunit_suite)
    for spec in args.base:
        base, logs, ksft, modes, extras = spec.split(":", 4)
        res.label = f"[{base}] "
        consoles += collect(res, logs, ksft, modes, list(filter(None, extras.split(","))),
                            args.kunit_suite)
    res.label = ""

    for ok, name, note in res.lines:
        print(f"{'PASS' if ok else 'FAIL'}  {name}" + (f"  ({note})" if note else ""))
    failed = res.failed()
    if failed:
        for path in consoles:
            print(f"console log: {path}")
    print(f"{len(res.lines) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
