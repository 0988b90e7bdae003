#!/usr/bin/env python3
"""Figures of a `codetrace qa` output that say whether a model can learn from it:

    python3 bench/qa_stats.py OUT.jsonl [OUT2.jsonl ...]

- kinds: records per question_type;
- body in context: function/method records whose context holds more than the `def` header (a
  statement after the header);
- answer readable in context: records whose answer (normalised whitespace, at least 20
  characters) stands in their own context, or whose docstring/comment source text does;
- filler: inputs/outputs answered from the signature alone, and location questions;
- questions with two answers: one question text, different answers;
- context size: median and 95th percentile of lines."""
import collections
import json
import re
import statistics
import sys


def norm(text):
    return re.sub(r"\s+", " ", text).strip().lower()


def has_body(context):
    lines = context.splitlines()
    for i, line in enumerate(lines):
        if re.match(r"\s*(async\s+)?def\s", line):
            depth = 0
            for j in range(i, len(lines)):
                depth += lines[j].count("(") - lines[j].count(")")
                if depth <= 0 and lines[j].rstrip().endswith(":"):
                    rest = [l for l in lines[j + 1:] if l.strip()]
                    return bool(rest) and rest[0].strip() != "..."
            return False
    return False


def main(paths):
    rows = [json.loads(line) for path in paths for line in open(path, encoding="utf-8")]
    kinds = collections.Counter(r["question_type"] for r in rows)
    functions = [r for r in rows if r["symbol_kind"] in ("function", "method") and r["question_type"] not in ("example",)]
    body = sum(has_body(r["context"]) for r in functions)
    readable = [r for r in rows if len(norm(r["answer"])) >= 20 and norm(r["answer"]) in norm(r["context"])]
    filler = [r for r in rows if r["question_type"] == "location"
              or (r["question_type"] in ("inputs", "outputs") and r["answer_source"] == "signature")]
    answers = collections.defaultdict(set)
    for r in rows:
        answers[r["question"]].add(r["answer"])
    conflicting = [q for q, a in answers.items() if len(a) > 1]
    sizes = sorted(len(r["context"].splitlines()) for r in rows)
    print(f"records: {len(rows)}")
    print("kinds: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    print(f"function/method questions with the body in context: {body}/{len(functions)} = {100 * body / max(1, len(functions)):.1f} %")
    print(f"answers readable in their own context: {len(readable)} ({100 * len(readable) / max(1, len(rows)):.2f} %)")
    for r in readable[:5]:
        print(f"  e.g. {r['question_type']} {r['symbol']}: {r['answer'][:80]!r}")
    print(f"filler (signature copies, location): {len(filler)} ({100 * len(filler) / max(1, len(rows)):.1f} %)")
    print(f"questions with two or more answers: {len(conflicting)}")
    for q in conflicting[:5]:
        print(f"  e.g. {q[:100]!r}")
    if sizes:
        print(f"context lines: median {statistics.median(sizes)}, 95th percentile {sizes[int(0.95 * (len(sizes) - 1))]}, max {sizes[-1]}")


if __name__ == "__main__":
    main(sys.argv[1:])
