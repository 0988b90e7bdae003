#!/usr/bin/env python3
"""Scores `codetrace graph` against PyCG's micro-benchmark, edge by edge.

The benchmark is public (repository vitsalis/PyCG, folder micro-benchmark/snippets): 119 small
programs in 18 categories, each with a hand-written callgraph.json mapping every caller to its
callees. Get it yourself; it is not part of this repository.

For each program this runs `codetrace graph DIR --format json --no-git`, maps codetrace's names
to PyCG's convention, and compares the edge sets:
  pkg.mod.<module>  -> pkg.mod          (module-level code)
  builtins.len      -> <builtin>.len    builtins.str.join -> <**PyStr**>.join (and PyDict, PyList, ...)
  X.<lambda@LINE>   -> X.<lambdaN>      (numbered per enclosing scope in source order)
  X.<listcomp@LINE> -> X                (PyCG has no comprehension scopes: their calls are X's)
  a package prefix (when the program folder itself has __init__.py) is dropped.
Prints precision and recall over all edges, overall and per category.

Usage: bench/pycg_score.py --codetrace build/codetrace --snippets PATH/TO/micro-benchmark/snippets [--details]
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

TYPE_NAMES = {"str": "PyStr", "dict": "PyDict", "list": "PyList", "set": "PySet", "tuple": "PyTuple",
              "int": "PyInt", "float": "PyFloat", "bytes": "PyBytes", "bool": "PyBool", "complex": "PyComplex"}


def package_prefix(folder):
    parts = []
    while os.path.isfile(os.path.join(folder, "__init__.py")):
        parts.insert(0, os.path.basename(folder))
        folder = os.path.dirname(folder)
    return ".".join(parts)


def name_mapper(graph, prefix):
    lambdas = collections.defaultdict(list)
    for node in graph["nodes"]:
        m = re.match(r"^(.*)\.<lambda@(\d+)(?::(\d+))?>$", node["id"])
        if m:
            lambdas[m.group(1)].append((int(m.group(2)), int(m.group(3) or 0), node["id"]))
    renamed = {}
    for parent, items in lambdas.items():
        for number, (_, _, node_id) in enumerate(sorted(items), 1):
            renamed[node_id] = f"{parent}.<lambda{number}>"

    def convert(name):
        name = re.sub(r"\.<(listcomp|setcomp|dictcomp|genexpr)@[\d:]+>", "", name)
        name = renamed.get(name, name)
        for old, new in sorted(renamed.items(), key=lambda kv: -len(kv[0])):  # names nested in lambdas
            if name.startswith(old + "."):
                name = new + name[len(old):]
        if name.endswith(".<module>"):
            name = name[: -len(".<module>")]
        if prefix and name.startswith(prefix + "."):
            name = name[len(prefix) + 1:]
        elif prefix and name == prefix:
            name = "__init__"
        m = re.match(r"^builtins\.(\w+)\.(\w+)$", name)
        if m and m.group(1) in TYPE_NAMES:
            return f"<**{TYPE_NAMES[m.group(1)]}**>.{m.group(2)}"
        if name.startswith("builtins."):
            return "<builtin>." + name[len("builtins."):]
        return name

    return convert


def edges_of_truth(path):
    with open(path) as f:
        truth = json.load(f)
    return {(caller, callee) for caller, callees in truth.items() for callee in callees}


def edges_of_codetrace(binary, folder, out):
    result = subprocess.run([binary, "graph", folder, "--format", "json", "--no-git", "--no-progress", "-o", out],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        return set(), result.stderr.strip()
    with open(out) as f:
        graph = json.load(f)
    convert = name_mapper(graph, package_prefix(folder))
    edges = {(convert(e["caller"]), convert(e["callee"])) for e in graph["edges"]
             if not re.search(r"<(listcomp|setcomp|dictcomp|genexpr)@", e["callee"])}
    return edges, ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--codetrace", default="build/codetrace")
    ap.add_argument("--snippets", required=True)
    ap.add_argument("--details", action="store_true", help="list every missing and extra edge")
    args = ap.parse_args()
    out = os.path.join(tempfile.mkdtemp(), "graph.json")
    per_category = collections.defaultdict(lambda: [0, 0, 0])  # true positives, found, expected
    programs = 0
    for category in sorted(os.listdir(args.snippets)):
        cat_dir = os.path.join(args.snippets, category)
        if not os.path.isdir(cat_dir):
            continue
        for test in sorted(os.listdir(cat_dir)):
            folder = os.path.join(cat_dir, test)
            truth_file = os.path.join(folder, "callgraph.json")
            if not os.path.isfile(truth_file):
                continue
            programs += 1
            truth = edges_of_truth(truth_file)
            found, error = edges_of_codetrace(args.codetrace, folder, out)
            counts = per_category[category]
            counts[0] += len(truth & found)
            counts[1] += len(found)
            counts[2] += len(truth)
            if args.details and (error or truth != found):
                print(f"{category}/{test}:{' ' + error if error else ''}")
                for e in sorted(truth - found):
                    print(f"  missing {e[0]} -> {e[1]}")
                for e in sorted(found - truth):
                    print(f"  extra   {e[0]} -> {e[1]}")
    total = [sum(c[i] for c in per_category.values()) for i in range(3)]
    pct = lambda a, b: 100.0 * a / b if b else 100.0
    print(f"{'category':14} {'precision':>9} {'recall':>7}  edges (found / expected)")
    for category, (tp, found, expected) in sorted(per_category.items()):
        print(f"{category:14} {pct(tp, found):8.1f}% {pct(tp, expected):6.1f}%  {found} / {expected}")
    print(f"{'all':14} {pct(total[0], total[1]):8.1f}% {pct(total[0], total[2]):6.1f}%  "
          f"{total[1]} / {total[2]} over {programs} programs")


if __name__ == "__main__":
    sys.exit(main())
