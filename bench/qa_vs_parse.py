#!/usr/bin/env python3
"""Speed and memory of `codetrace qa` against the floor of any ast-based tool.

Three commands run side by side, alternating, N times each:
  loop (python3)   - a plain Python loop of ast.parse over every .py file under ROOT, run by the
                     python3 program of the interpreter that codetrace embeds;
  loop (embedded)  - the same loop run by that interpreter's shared libpython, the very library
                     codetrace links (a 3-line launcher built here with cc: Py_BytesMain).
                     Debian's python3 program is linked statically and built with more
                     optimisation, so the library runs the same loop ~20 % slower;
  codetrace qa     - `codetrace qa ROOT --tests --private --no-git` over the same files
                     (with --command graph: `codetrace graph ROOT --no-git`, the call graph;
                     --jobs 1,2 measures `graph -j 1` and `graph -j 2` side by side, and the
                     first one listed is the one the ratio is given for).
It prints median wall times, the ratios (target: qa <= 1.5x the loop run by the embedded
interpreter, graph <= 2x the loop), CPU times, and codetrace's peak RSS (target: qa < 1 GiB,
graph <= 1.5 GB).

--callgrind counts instructions instead (valgrind; repeatable on a noisy machine), per thread for
codetrace. Use a small ROOT with it (e.g. the stdlib's asyncio folder).

Usage: bench/qa_vs_parse.py [--codetrace build/codetrace] [--python /usr/bin/python3] [--root DIR]
                            [-n 5] [--callgrind] [--command qa|graph] [--jobs N[,N...]]
ROOT defaults to the interpreter's standard library.
"""
import argparse
import glob
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

from embedding import LAUNCHER, build_embedded

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


def instructions(cmd, workdir, name):
    out = os.path.join(workdir, f"callgrind.{name}")
    subprocess.run(["valgrind", "--tool=callgrind", "--separate-threads=yes", f"--callgrind-out-file={out}"] + cmd,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    per_thread = []
    for path in sorted(glob.glob(out + "*")):
        with open(path) as f:
            for line in f:
                if line.startswith("totals:"):
                    per_thread.append(int(line.split()[1]))
    return per_thread


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--codetrace", default="build/codetrace")
    ap.add_argument("--python", default="/usr/bin/python3", help="the interpreter codetrace embeds")
    ap.add_argument("--root")
    ap.add_argument("-n", type=int, default=5)
    ap.add_argument("--callgrind", action="store_true")
    ap.add_argument("--command", choices=["qa", "graph"], default="qa", help="which codetrace job to measure")
    ap.add_argument("--jobs", help="graph only: comma-separated -j values to measure side by side (default: codetrace's own)")
    args = ap.parse_args()
    python = os.path.realpath(args.python)
    root = args.root or subprocess.check_output(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], text=True).strip()
    workdir = tempfile.mkdtemp()
    embedded = build_embedded(python, workdir, "python-embedded", LAUNCHER)
    out = os.path.join(workdir, "qa.jsonl")
    commands = {
        "loop (python3)": [python, "-c", PARSE_LOOP, root],
        "loop (embedded)": [embedded, "-c", PARSE_LOOP, root],
    }
    if args.command == "qa":
        commands["codetrace qa"] = [args.codetrace, "qa", root, "--tests", "--private", "--no-git", "--no-progress", "-o", out]
    else:
        # Under callgrind, one process: the helpers' instructions would be counted apart.
        jobs = ["1"] if args.callgrind else (args.jobs.split(",") if args.jobs else [None])
        for j in jobs:
            name = "codetrace graph" + (f" -j {j}" if j else "")
            commands[name] = [args.codetrace, "graph", root, "--no-git", "--no-progress", "-o", out] + (["-j", j] if j else [])
    ours = [name for name in commands if name.startswith("codetrace")]
    target_ratio, target_memory = ("1.5", "< 1 GiB") if args.command == "qa" else ("2", "<= 1.5 GB")
    print(f"root: {root}")
    if args.callgrind:
        counts = {name: instructions(cmd, workdir, name.split()[-1].strip("()")) for name, cmd in commands.items()}
        for name, per_thread in counts.items():
            threads = " + ".join(f"{n / 1e6:.0f}M" for n in per_thread)
            print(f"{name:16} {sum(per_thread) / 1e6:8.0f}M instructions ({threads} by thread)")
        qa, emb, py = (counts[ours[0]], counts["loop (embedded)"], counts["loop (python3)"])
        print(f"codetrace / loop (embedded): {sum(qa) / sum(emb):.2f}x all threads, "
              f"{qa[0] / sum(emb):.2f}x its parsing thread; / loop (python3): {sum(qa) / sum(py):.2f}x")
        return
    times = {name: [] for name in commands}
    cpu = {name: [] for name in commands}
    rss, summary = 0, ""
    for _ in range(args.n):
        for name, cmd in commands.items():
            t, c, peak, r = timed(cmd)
            times[name].append(t)
            cpu[name].append(c)
            if name in ours:
                rss = max(rss, peak)
                summary = r.stderr.strip().splitlines()[-1]
    print(f"codetrace: {summary}")
    for name in commands:
        runs = ", ".join(f"{x:.2f}" for x in times[name])
        print(f"{name:20} median wall {statistics.median(times[name]):6.3f} s, CPU {statistics.median(cpu[name]):6.3f} s"
              f"  (runs: {runs})")
    for name in ours:
        q = statistics.median(times[name])
        print(f"ratio {name} / loop (embedded): {q / statistics.median(times['loop (embedded)']):.2f}x wall "
              f"(target <= {target_ratio}x); / loop (python3): {q / statistics.median(times['loop (python3)']):.2f}x wall; "
              f"CPU / loop (embedded): {statistics.median(cpu[name]) / statistics.median(cpu['loop (embedded)']):.2f}x")
    print(f"codetrace peak RSS: {rss / 1024:.0f} MiB = {rss * 1024 / 1e9:.2f} GB (target {target_memory}); "
          f"{sum(1 for _ in open(out))} output lines")


if __name__ == "__main__":
    main()
