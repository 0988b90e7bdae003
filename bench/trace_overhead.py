#!/usr/bin/env python3
"""Overhead of `codetrace run` against plain Python, cProfile and the floor of any setprofile tracer.

Two workloads, each run by five commands side by side, alternating, N times:
  python3            - the interpreter codetrace embeds, as a program (statically linked on Debian);
  embedded           - the same interpreter's shared libpython, through a Py_BytesMain launcher
                       (codetrace runs the target on this library: the fair untraced baseline);
  cProfile           - `python3 -m cProfile -o FILE`;
  no-op hook         - the launcher with an empty C profile hook (PyEval_SetProfile): the floor of
                       any setprofile-based tracer;
  codetrace run      - `codetrace run --no-static -o FILE` (edges mode);
  run --events       - the same with `--events FILE` (the timeline as Chrome trace JSON).
Workloads: `calls` (recursive fib plus many small method calls) and `difflib` (a copy of the
stdlib's pure-Python difflib, so that it is in scope, comparing two large texts).

Prints median wall times, ratios (targets on 3.11: codetrace <= 1.15x the no-op hook and
<= 0.75x cProfile) and codetrace's peak RSS for two workload sizes (flat = memory does not grow
with the number of calls).

Usage: bench/trace_overhead.py [--codetrace build/codetrace] [--python /usr/bin/python3] [-n 5] [--scale 3]
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from embedding import LAUNCHER, build_embedded

CALLS = r"""
import sys

class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def norm1(self):
        return abs(self.x) + abs(self.y)
    def moved(self, dx):
        return Point(self.x + dx, self.y)

def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)

def walk(n):
    p, total = Point(0, 1), 0
    for i in range(n):
        p = p.moved(1)
        total += p.norm1()
    return total

scale = int(sys.argv[1]) if len(sys.argv) > 1 else 1
print(fib(24 + scale), walk(300000 * scale))
"""

DIFFLIB = r"""
import sys
import mydifflib
scale = int(sys.argv[1]) if len(sys.argv) > 1 else 1
a = [f"line {i} {'x' * (i % 7)}" for i in range(3000 * scale)]
b = [l if i % 11 else l + " changed" for i, l in enumerate(a)]
print(sum(1 for _ in mydifflib.unified_diff(a, b, lineterm="")))
"""

NOOP_HOOK = r"""
#include <Python.h>
#include <frameobject.h>
static int noop(PyObject *obj, PyFrameObject *frame, int what, PyObject *arg) { return 0; }
int main(int argc, char **argv) {
  PyConfig config;
  PyConfig_InitPythonConfig(&config);
  PyConfig_SetBytesArgv(&config, argc, argv);
  Py_InitializeFromConfig(&config);
  PyConfig_Clear(&config);
  PyEval_SetProfile(noop, NULL);
  return Py_RunMain();
}
"""

def timed(cmd, cwd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(cmd)}\n{result.stderr}")
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def instructions(cmd, cwd):
    """Instructions of a command and every process it starts (callgrind)."""
    out = os.path.join(cwd, "callgrind.out")
    for old in [f for f in os.listdir(cwd) if f.startswith("callgrind.out")]:
        os.remove(os.path.join(cwd, old))
    subprocess.run(["valgrind", "--tool=callgrind", "--trace-children=yes", f"--callgrind-out-file={out}.%p"] + cmd,
                   cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    total = 0
    for name in os.listdir(cwd):
        if name.startswith("callgrind.out"):
            with open(os.path.join(cwd, name)) as f:
                for line in f:
                    if line.startswith("totals:") or line.startswith("summary:"):
                        total += int(line.split()[1])
                        break
    return total


def peak_rss(cmd, cwd):
    """Peak RSS (KiB) of one run, measured in a fresh child so earlier runs do not mask it."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
             "stderr=subprocess.DEVNULL, check=True); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    return int(subprocess.check_output([sys.executable, "-c", probe] + cmd, cwd=cwd, text=True))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--codetrace", default="build/codetrace")
    ap.add_argument("--python", default="/usr/bin/python3", help="the interpreter codetrace embeds")
    ap.add_argument("-n", type=int, default=5)
    ap.add_argument("--scale", default="3", help="workload size (calls: ~3.5 M Python calls at 3)")
    ap.add_argument("--callgrind", action="store_true",
                    help="count instructions instead (valgrind, repeatable; all processes; use --scale 1)")
    args = ap.parse_args()
    python = os.path.realpath(args.python)
    codetrace = os.path.realpath(args.codetrace)
    workdir = tempfile.mkdtemp()
    embedded = build_embedded(python, workdir, "python-embedded", LAUNCHER)
    noop = build_embedded(python, workdir, "python-noop-hook", NOOP_HOOK)
    stdlib = subprocess.check_output([python, "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"],
                                     text=True).strip()
    shutil.copy(os.path.join(stdlib, "difflib.py"), os.path.join(workdir, "mydifflib.py"))
    for name, text in (("calls.py", CALLS), ("diff.py", DIFFLIB)):
        with open(os.path.join(workdir, name), "w") as f:
            f.write(text)
    trace = os.path.join(workdir, "trace.json")
    for workload in ("calls.py", "diff.py"):
        commands = {
            "python3": [python, workload, args.scale],
            "embedded": [embedded, workload, args.scale],
            "cProfile": [python, "-m", "cProfile", "-o", os.path.join(workdir, "prof.out"), workload, args.scale],
            "no-op hook": [noop, workload, args.scale],
            "codetrace run": [codetrace, "run", "--no-static", "-o", trace, workload, args.scale],
            "run --events": [codetrace, "run", "--no-static", "-o", trace, "--events", trace + ".events", workload, args.scale],
        }
        if args.callgrind:
            counts = {name: instructions(cmd, workdir) for name, cmd in commands.items()}
            print(f"workload {workload}, instructions (callgrind, all processes):")
            for name, n in counts.items():
                print(f"  {name:14} {n / 1e6:9.0f} M  {n / counts['embedded']:5.2f}x untraced")
            ct = counts["codetrace run"]
            print(f"  codetrace / no-op hook: {ct / counts['no-op hook']:.2f}x; codetrace / cProfile: {ct / counts['cProfile']:.2f}x; "
                  f"--events / edges mode: {counts['run --events'] / ct:.2f}x")
            continue
        times = {name: [] for name in commands}
        for _ in range(args.n):
            for name, cmd in commands.items():
                times[name].append(timed(cmd, workdir)[0])
        med = {name: statistics.median(t) for name, t in times.items()}
        print(f"workload {workload} (embedded: {python})")
        for name in commands:
            runs = ", ".join(f"{x:.2f}" for x in times[name])
            print(f"  {name:14} median {med[name]:6.3f} s  {med[name] / med['embedded']:5.2f}x untraced  (runs: {runs})")
        ct = med["codetrace run"]
        print(f"  codetrace / no-op hook: {ct / med['no-op hook']:.2f}x (target <= 1.15x); "
              f"codetrace / cProfile: {ct / med['cProfile']:.2f}x (target <= 0.75x); "
              f"--events / edges mode: {med['run --events'] / ct:.2f}x (target <= 2x)")
        small = peak_rss([codetrace, "run", "--no-static", "-o", trace, workload, "1"], workdir)
        large = peak_rss([codetrace, "run", "--no-static", "-o", trace, workload, "3"], workdir)
        print(f"  codetrace peak RSS: {small / 1024:.0f} MiB at scale 1, {large / 1024:.0f} MiB at scale 3")


if __name__ == "__main__":
    main()
