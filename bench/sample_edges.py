#!/usr/bin/env python3
"""Draw a fixed-seed random sample of call-graph edges to check by hand.

    python3 bench/sample_edges.py --seed 16029 jinja2.json:/copies/jinja2 click.json:/copies/click

Each argument is a `codetrace graph --format json` output and the root it was made from. From
each graph it draws `--per-graph` edges (the sorted edge list, one row per edge with its first
call site) and prints the call site's line under each, so that the reader can judge whether a
run of the code could make the edge. `--via annotation` draws only edges marked so. The same
seed and graphs give the same sample.
"""
import argparse
import json
import linecache
import os
import random


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("graphs", nargs="+", metavar="GRAPH.json:ROOT")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--per-graph", type=int, default=20)
    parser.add_argument("--via", help="only edges with this `via` (e.g. annotation)")
    args = parser.parse_args()
    for spec in args.graphs:
        path, root = spec.rsplit(":", 1)
        graph = json.load(open(path))
        rows = sorted(
            (e["caller"], e["callee"], e["sites"][0]["file"], e["sites"][0]["line"])
            for e in graph["edges"]
            if e.get("sites") and not e.get("guess") and (args.via is None or e.get("via") == args.via)
        )
        sample = random.Random(args.seed).sample(rows, min(args.per_graph, len(rows)))
        print(f"## {path}: {len(sample)} of {len(rows)} edges")
        for caller, callee, file, line in sample:
            text = linecache.getline(os.path.join(root, file), line).strip()
            print(f"{file}:{line}  {caller} -> {callee}\n    {text[:150]}")


if __name__ == "__main__":
    main()
