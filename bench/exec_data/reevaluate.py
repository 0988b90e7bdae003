"""Evaluates every observed call of a `codetrace qa --trace` file again, each in a fresh
interpreter of its own, and counts those whose result has the recorded repr (or that raise the
recorded exception) and, for call_sequence, that call the recorded functions of the root directly,
in order. Independent of codetrace's own --verify: it reads only the JSONL.

    python3 reevaluate.py QA.jsonl ROOT [--python PYTHON] [--kinds predict_output,...]
"""
import argparse
import json
import os
import subprocess
import sys

PROGRAM = r"""
import importlib, json, os, sys
case = json.loads(sys.stdin.read())
sys.path.insert(0, case["root"])
for name in [n for n in sys.modules if n == case["top"] or n.startswith(case["top"] + ".")]:
    del sys.modules[name]  # the analysed copy, not a module of the same name this Python holds
namespace = importlib.import_module(case["module"]).__dict__
root = os.path.join(os.path.abspath(case["root"]), "")
target, calls, resumed = [], [], []

def name_of(code):
    for module in list(sys.modules.values()):
        if os.path.abspath(getattr(module, "__file__", None) or "/nowhere") == os.path.abspath(code.co_filename):
            return module.__name__ + "." + code.co_qualname.replace("<locals>.", "")

def watch(frame, event, arg):
    if event != "call" or not frame.f_code.co_filename.startswith(root):
        return
    if not target:
        if name_of(frame.f_code) == case["symbol"]:
            target.append(frame)
    elif frame.f_back is target[0]:
        if frame.f_code.co_flags & 0x2A0:  # generator, coroutine, async generator: "call" at every resumption
            if any(f is frame for f in resumed):
                return
            resumed.append(frame)
        calls.append(name_of(frame.f_code))

try:
    if case["symbol"]:
        sys.setprofile(watch)
    value = eval(case["expression"], namespace)
    sys.setprofile(None)
    got = {"result": repr(value)}
except Exception as e:
    sys.setprofile(None)
    message = str(e)
    got = {"raised": type(e).__name__ + (": " + message if message else "")}
if case["symbol"]:
    got["calls"] = calls
print(json.dumps(got))
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("qa")
    parser.add_argument("root")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--kinds", default="predict_output,predict_input,observed_raise,call_sequence")
    args = parser.parse_args()
    kinds = set(args.kinds.split(","))
    args.root = os.path.abspath(args.root)  # the child runs in /tmp
    total = agreed = 0
    for line in open(args.qa, encoding="utf-8"):
        record = json.loads(line)
        call = record.get("call")
        if not call or record["question_type"] not in kinds:
            continue
        total += 1
        sequence = record["question_type"] == "call_sequence"
        case = {"root": args.root, "module": call["module"], "top": call["module"].split(".")[0], "expression": call["expression"],
                "symbol": record["symbol"] if sequence else None}
        run = subprocess.run([args.python, "-I", "-c", PROGRAM], input=json.dumps(case), capture_output=True, text=True,
                             timeout=60, cwd="/tmp")
        try:
            got = json.loads(run.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            got = {"error": run.stderr.strip()[-300:]}
        want = {"raised": call["raised"]} if "raised" in call else {"result": call["result"]}
        if sequence:
            want["calls"] = call["calls"]
        if got == want:
            agreed += 1
        else:
            print("differs: %s %s\n  recorded %s\n  now      %s" % (record["path"], call["expression"][:200], want, got))
    print("%d of %d observed calls give the recorded outcome again (%.1f %%)" % (agreed, total, 100.0 * agreed / max(total, 1)))
    return 0 if agreed == total else 1


if __name__ == "__main__":
    sys.exit(main())
