#!/usr/bin/env python3
"""A pure-Python reference for `codetrace run`'s observed edges: runs a script under
sys.setprofile (and threading.setprofile) in this interpreter, counts caller -> callee calls the
way codetrace names them (docs/trace-format.md), and compares them with a trace written by
`codetrace run --no-static` of the same script.

    python3 bench/reference_edges.py --root DIR --trace trace.json [--show 20] -- script.py args...

It prints how many edges agree exactly, differ in count, or are only on one side. A generator's or
coroutine's resumption is not a call, nor is running a module or class body (as in codetrace);
importlib's frozen modules are one name (it renames them when imported). Give both runs the same
PYTHONHASHSEED and seed what is random. Only edges with an end in the root are
compared, as codetrace records only those. The run must be deterministic for counts to agree."""
import argparse
import collections
import dis
import json
import os
import runpy
import sys
import threading

WRAPPED = ("<lambda>", "<listcomp>", "<setcomp>", "<dictcomp>", "<genexpr>")


def clean_qualname(qualname, line):
    parts = [p for p in qualname.split(".") if p != "<locals>"]
    return ".".join(p[:-1] + "@%d>" % line if p in WRAPPED else p for p in parts)


def module_of(root, relative):
    stem = relative[:-3] if relative.endswith(".py") else relative
    parts = stem.split("/")
    folders, last = parts[:-1], parts[-1]
    first = len(folders)
    while first > 0 and os.path.isfile(os.path.join(root, *folders[:first], "__init__.py")):
        first -= 1
    name = ".".join(folders[first:])
    if last == "__init__":
        return name or last
    return (name + "." if name else "") + last


class Reference:
    def __init__(self, root):
        self.root = root.rstrip("/")
        self.names = {}        # code -> (id, in_root)
        self.first_offset = {}  # generator code -> offset of its first RESUME
        self.edges = collections.Counter()

    def name(self, frame):
        code = frame.f_code
        known = self.names.get(code)
        if known:
            return known
        file = code.co_filename
        if not file.startswith("<"):
            file = os.path.realpath(file)
        qual = clean_qualname(code.co_qualname, code.co_firstlineno)
        in_root = file.startswith(self.root + "/")
        if in_root:
            module = module_of(self.root, file[len(self.root) + 1:])
        elif file.startswith("<") and not file.startswith("<frozen "):
            module = file
        else:
            module = frame.f_globals.get("__name__", "")
        known = ((module + "." if module else "") + qual, in_root)
        self.names[code] = known
        return known

    def resumed(self, frame):
        code = frame.f_code
        if not code.co_flags & (0x20 | 0x80 | 0x200):  # generator, coroutine, async generator
            return False
        if code not in self.first_offset:
            self.first_offset[code] = next(i.offset for i in dis.get_instructions(code) if i.opname == "RESUME")
        return frame.f_lasti != self.first_offset[code]

    def profile(self, frame, event, arg):
        if event != "call" or frame.f_back is None or self.resumed(frame):
            return
        callee, callee_in = self.name(frame)
        caller, caller_in = self.name(frame.f_back)
        if not frame.f_code.co_flags & 0x2 or not (callee_in or caller_in):
            return  # a module or class body (no CO_NEWLOCALS) runs once: not a call of the graph
        self.edges[(caller, callee)] += 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--trace", required=True, help="codetrace run --no-static's trace of the same run")
    ap.add_argument("--show", type=int, default=15)
    ap.add_argument("target", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    target = [t for t in a.target if t != "--"]
    ref = Reference(os.path.realpath(a.root))
    sys.argv = target
    sys.path.insert(0, os.path.dirname(os.path.abspath(target[0])))
    threading.setprofile(ref.profile)
    sys.setprofile(ref.profile)
    try:
        runpy.run_path(target[0], run_name="__main__")
    except SystemExit:
        pass
    finally:
        sys.setprofile(None)
        threading.setprofile(None)
    trace = json.load(open(a.trace))
    same_name = lambda n: n.replace("_frozen_importlib_external.", "importlib._bootstrap_external.").replace("_frozen_importlib.", "importlib._bootstrap.")
    observed = collections.Counter()
    for e in trace["edges"]:
        if e["observed"]:
            observed[(same_name(e["caller"]), same_name(e["callee"]))] += e["observed"]
    ref_edges = collections.Counter()
    for (caller, callee), n in ref.edges.items():
        ref_edges[(same_name(caller), same_name(callee))] += n
    keys = set(observed) | set(ref_edges)
    same = [k for k in keys if observed.get(k) == ref_edges.get(k)]
    count = [k for k in keys if k in observed and k in ref_edges and observed[k] != ref_edges[k]]
    trace_only = [k for k in keys if k not in ref_edges]
    ref_only = [k for k in keys if k not in observed]
    calls_ref, calls_trace = sum(ref_edges.values()), sum(observed.values())
    print(f"edges: reference {len(ref_edges)} ({calls_ref} calls), trace {len(observed)} ({calls_trace} calls)")
    print(f"  same count {len(same)}, different count {len(count)}, only in the trace {len(trace_only)}, only in the reference {len(ref_only)}")
    for title, ks in (("different count", count), ("only in the trace", trace_only), ("only in the reference", ref_only)):
        for k in sorted(ks, key=lambda k: -(observed.get(k, 0) + ref_edges.get(k, 0)))[: a.show]:
            print(f"  {title}: {k[0]} -> {k[1]}: trace {observed.get(k, 0)}, reference {ref_edges.get(k, 0)}")
    sys.stdout.flush()
    os._exit(0)  # the target's threads and atexit handlers ran under the reference already


if __name__ == "__main__":
    main()
