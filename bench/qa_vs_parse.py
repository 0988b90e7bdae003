#!/usr/bin/env python3
"""Speed and memory of `codetrace qa` against the floor of any ast-based tool.

Runs, side by side and alternating, N times each:
  parse  - a plain Python loop of ast.parse over every .py file under ROOT, run by the same
           interpreter that codetrace embeds (pass it as --python);
  qa     - `codetrace qa ROOT --tests --private --no-git` over the same files (tests and private
           members included, so both sides read every file).
Prints the medians, the ratio qa/parse (target <= 1.5) and codetrace's peak RSS (target < 1 GiB).

Usage: bench/qa_vs_parse.py --codetrace build/codetrace --python /usr/bin/python3 [--root DIR] [-n 5]
ROOT defaults to the interpreter's standard library.
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

PARSE_LOOP = r"""
import ast, os, sys
root = sys.argv[1]
skip = {'site-packages', 'dist-packages', '__pycache__'}
count = 0
for d, dirs, files in os.walk(root):
    dirs[:] = sorted(x for x in dirs if x not in skip and not x.startswith('.'))
    for f in sorted(files):
        if f.endswith('.py'):
            path = os.path.join(d, f)
            try:
                with open(path, 'rb') as fh:
                    ast.parse(fh.read(), path)
                count += 1
            except (SyntaxError, ValueError):
                pass
print(count)
"""


def timed(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(cmd)}\n{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, after.ru_maxrss, result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--codetrace", default="build/codetrace")
    ap.add_argument("--python", default="/usr/bin/python3", help="the interpreter codetrace embeds")
    ap.add_argument("--root")
    ap.add_argument("-n", type=int, default=5)
    args = ap.parse_args()
    root = args.root or subprocess.check_output(
        [args.python, "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], text=True).strip()
    out = os.path.join(tempfile.mkdtemp(), "qa.jsonl")
    parse_times, qa_times, parse_cpu, qa_cpu, rss = [], [], [], [], 0
    summary = ""
    for _ in range(args.n):
        t, cpu, _, r = timed([args.python, "-c", PARSE_LOOP, root])
        parse_times.append(t)
        parse_cpu.append(cpu)
        parsed = r.stdout.strip()
        t, cpu, peak, r = timed([args.codetrace, "qa", root, "--tests", "--private", "--no-git", "--no-progress", "-o", out])
        qa_times.append(t)
        qa_cpu.append(cpu)
        rss = max(rss, peak)
        summary = r.stderr.strip().splitlines()[-1]
    lines = sum(1 for _ in open(out, encoding="utf-8"))
    p, q = statistics.median(parse_times), statistics.median(qa_times)
    print(f"root: {root} ({parsed} files parsed by the loop)")
    print(f"codetrace: {summary}")
    print(f"ast.parse loop  median {p:.3f} s  (runs: {', '.join(f'{x:.2f}' for x in parse_times)})")
    print(f"codetrace qa    median {q:.3f} s  (runs: {', '.join(f'{x:.2f}' for x in qa_times)})")
    print(f"ratio qa / ast.parse loop: {q / p:.2f}x wall (target <= 1.5x); "
          f"CPU time {statistics.median(qa_cpu) / statistics.median(parse_cpu):.2f}x "
          f"(codetrace overlaps parsing with Q&A on a second thread)")
    print(f"codetrace peak RSS: {rss / 1024:.0f} MiB (target < 1024 MiB); {lines} records")


if __name__ == "__main__":
    main()
