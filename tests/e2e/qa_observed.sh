#!/usr/bin/env bash
# codetrace qa --trace: observed calls written back as Python (predict_output, predict_input,
# observed_raise) and --verify, which evaluates each again in a child Python and keeps only those
# that give the recorded outcome. Fixture: tests/fixtures/qa/observed (calc/ops.py, main.py).
. "$(dirname "$0")/lib.sh"
src="$WORK/src"
cp -r "$SOURCE_DIR/tests/fixtures/qa/observed" "$src"
(cd "$src" && "$CODETRACE" run --values -o "$WORK/t.json" --dataset "$WORK/calls.jsonl" main.py >/dev/null 2>&1)
expect_eq 0 $? "the driver runs under the tracer"
"$CODETRACE" qa "$src" --no-git --private --trace "$WORK/t.json" -o "$WORK/all.jsonl" 2>"$WORK/err"
expect_eq 0 $? "qa --trace exits 0"
"$CODETRACE" qa "$src" --no-git --private --trace "$WORK/t.json" --verify -o "$WORK/v.jsonl" 2>"$WORK/verr"
expect_eq 0 $? "qa --trace --verify exits 0"
python3 - "$WORK/all.jsonl" "$WORK/v.jsonl" "$WORK/err" "$WORK/verr" <<'PY' && pass "calls as Python; --verify keeps exactly the repeatable ones" || fail "observed calls"
import json, re, sys
every = [json.loads(l) for l in open(sys.argv[1])]
verified = [json.loads(l) for l in open(sys.argv[2])]
def calls(records):
    return {(p["question_type"], p["call"]["expression"]): p for p in records if "call" in p}
a, v = calls(every), calls(verified)
out = {e: p["answer"] for (k, e), p in a.items() if k == "predict_output"}
# Arguments in the signature's order: positional while they can be, defaults left out, *args and
# **kwargs spread as passed; a receiver written back exactly; operators and properties as such.
assert out["scale([1, 2])"] == "[2, 4]", out
assert out["scale([1, 2], 3, 'x', offset=1, mode='a')"] == "[4, 7, 'x', 'mode']", out
assert out["total(1, 2, 3)"] == "6" and out["ratio(1, 3)"] == "Fraction(1, 3)", out
assert out["Money(250) + Money(100)"] == "Money(350)" and out["Money(250).euros"] == "2.5", out
assert out["Money(300).split(3)"] == "[Money(100), Money(100), Money(100)]" and out["Money.parse('1.50')"] == "Money(150)", out
assert not any("stamp" in e for e in out), "a function that reads the clock is not asked about"
assert not any("remember" in e for e in out), "nor one that changes module state (SEEN.append)"
assert not any("countdown" in e for e in out), "nor a generator (its first yield is not a result)"
assert not any("Box" in e for e in out), "nor a method whose receiver cannot be written back"
assert not any("self=" in p["question"] or " at 0x" in p["question"] for p in every), "no receivers by name, no addresses"
q = {p["question"]: p for p in every}
po = q["What does `scale([1, 2])` return?"]
assert po["answer_source"] == "trace" and po["symbol"] == "calc.ops.scale" and po["path"] == "calc/ops.py", po
assert po["call"] == {"module": "calc.ops", "expression": "scale([1, 2])", "result": "[2, 4]", "caller": "main.<module>", "call_line": 3}, po["call"]
assert "def scale(values, factor=2, *extra, offset=0, **options):" in po["context"], po["context"]
pi = q["Which arguments in place of `??` make `scale(??)` return `[2, 4]`?"]
assert pi["question_type"] == "predict_input" and pi["answer"] == "scale([1, 2])", pi
assert ("predict_input", "Money(250) + Money(100)") not in a, "no input question for an operator"
# Unverified: calls whose outcome depends on chance one call away or the hash seed are written...
e = "shuffled([0, 1, 2, 3, 4, 5, 6, 7])"
assert ("predict_output", e) in a and "verified" not in a[("predict_output", e)], e
assert any(e.startswith("tags(") for k, e in a), "the set of strings was observed"
# ...and --verify drops them and keeps the rest, marked.
assert ("predict_output", e) not in v, e
assert not any(e.startswith("tags(") for k, e in v), "a set's order depends on the hash seed"
assert all(p["verified"] is True for p in v.values()), "kept calls say verified"
assert len(v) == len(a) - 4, (len(v), len(a))
raised = [p for (k, e), p in a.items() if k == "observed_raise"]
for p in raised:
    assert p["question"] == "What happens when `parse('')` runs?" and p["answer"] == "It raises `ValueError: empty text`.", p
    assert p["call"]["raised"] == "ValueError: empty text" and ("observed_raise", "parse('')") in v, p
# The summaries count what was written.
written = sum(1 for p in every if p["answer_source"] == "trace")
assert re.search(r"; %d from the trace\)" % written, open(sys.argv[3]).read()), open(sys.argv[3]).read()
assert re.search(r"%d of %d observed calls verified \(%d gave another result, 0 timed out\)" % (len(v), len(a), len(a) - len(v)),
                 open(sys.argv[4]).read()), open(sys.argv[4]).read()
PY
# Evaluated again, each in a fresh interpreter, every kept call gives its recorded outcome.
python3 - "$WORK/v.jsonl" "$src" <<'PY' && pass "every verified call gives its recorded outcome in a fresh interpreter" || fail "re-evaluation"
import json, subprocess, sys
program = """
import importlib, json, sys
c = json.loads(sys.argv[1])
ns = importlib.import_module(c["module"]).__dict__
try:
    print(json.dumps(["result", repr(eval(c["expression"], ns))]))
except Exception as e:
    print(json.dumps(["raised", "%s: %s" % (type(e).__name__, e)]))
"""
n = 0
for p in map(json.loads, open(sys.argv[1])):
    if "call" not in p:
        continue
    c = p["call"]
    run = subprocess.run([sys.executable, "-c", program, json.dumps(c)], cwd=sys.argv[2], capture_output=True, text=True, timeout=60)
    got = json.loads(run.stdout)
    want = ["raised", c["raised"]] if "raised" in c else ["result", c["result"]]
    assert got == want, (c, got, run.stderr)
    n += 1
assert n >= 15, n
PY
# call_sequence (qa --calls): what one call called directly among the project's functions, in
# order; one question per distinct sequence; none when the code does not name a callee.
"$CODETRACE" qa "$src" --no-git --private --calls "$WORK/calls.jsonl" --kinds call_sequence -o "$WORK/seq.jsonl" 2>"$WORK/err"
expect_eq 0 $? "qa --calls exits 0"
"$CODETRACE" qa "$src" --no-git --private --calls "$WORK/calls.jsonl" --kinds call_sequence --verify -o "$WORK/seqv.jsonl" 2>"$WORK/verr"
expect_eq 0 $? "qa --calls --verify exits 0"
python3 - "$WORK/seq.jsonl" "$WORK/seqv.jsonl" "$WORK/verr" <<'PY' && pass "call_sequence: the observed direct calls, in order, verified by running them again" || fail "call_sequence"
import json, sys
every = {r["call"]["expression"]: r for r in map(json.loads, open(sys.argv[1]))}
verified = {r["call"]["expression"]: r for r in map(json.loads, open(sys.argv[2]))}
r = every["checkout([1, 2])"]
assert r["question"] == "When `checkout([1, 2])` runs, which of the project's functions does `checkout` call directly, in order?", r
assert r["answer"] == "1. `calc.ops.total`\n2. `calc.ops.Money.__init__`", r["answer"]
assert r["call"]["calls"] == ["calc.ops.total", "calc.ops.Money.__init__"] and r["question_type"] == "call_sequence", r["call"]
assert "def checkout(amounts, discount=None):" in r["context"], r["context"]
# The discount branch calls one more; `checkout([4, 5])` went the first way again: not asked.
assert every["checkout([1, 2], 3)"]["call"]["calls"] == ["calc.ops.total", "calc.ops.Money.__init__", "calc.ops.Money.split"], every
assert "checkout([4, 5])" not in every, every.keys()
assert every["Money(250) + Money(100)"]["answer"] == "1. `calc.ops.Money.__init__`", every
assert not any(e.startswith("twice(") for e in every), "Money.__add__ through `+`: the code does not name it"
assert every["shuffled([0, 1, 2, 3, 4, 5, 6, 7])"]["answer"] == "1. `calc.ops._pick`", every
assert every["shout(['a', 'b'])"]["answer"] == "1. `calc.ops.shout.loud`", every  # a generator is called once, however often resumed
# --verify runs each again under a profile function: the chance-dependent result is dropped.
assert set(verified) == set(every) - {"shuffled([0, 1, 2, 3, 4, 5, 6, 7])"} and all(r["verified"] for r in verified.values()), verified.keys()
assert "%d of %d observed calls verified" % (len(verified), len(every)) in open(sys.argv[3]).read()
PY
"$CODETRACE" validate "$WORK/seqv.jsonl" --root "$src" >"$WORK/val.txt" 2>&1
expect_eq 0 $? "validate passes on the call_sequence records"
python3 -c 'import json, sys; r = json.loads(open(sys.argv[1]).readline()); r["answer"] = r["answer"].replace("1.", "2."); open(sys.argv[2], "w").write(json.dumps(r) + "\n")' "$WORK/seqv.jsonl" "$WORK/seqbad.jsonl"
"$CODETRACE" validate "$WORK/seqbad.jsonl" --root "$src" >"$WORK/val.txt" 2>&1
expect_eq 3 $? "validate fails a call_sequence answer that is not its call's calls"
expect_contains "$WORK/val.txt" "must list its call's" "and says why"
# A call sequence whose recorded calls differ from what the code does now is dropped.
python3 - "$WORK/calls.jsonl" "$WORK/calls-edited.jsonl" <<'PY'
import json, sys
with open(sys.argv[2], "w") as out:
    for r in map(json.loads, open(sys.argv[1])):
        if r["function"] == "calc.ops.checkout" and r["args"] and "discount" in r["args"] and r["args"]["discount"] == "3":
            r["calls"] = [c for c in r["calls"] if not c.endswith("split")] + ["calc.ops.total"]
        out.write(json.dumps(r) + "\n")
PY
"$CODETRACE" qa "$src" --no-git --private --calls "$WORK/calls-edited.jsonl" --kinds call_sequence --verify -o "$WORK/seqe.jsonl" 2>/dev/null
python3 -c 'import json, sys; e = [json.loads(l)["call"]["expression"] for l in open(sys.argv[1])]; assert "checkout([1, 2])" in e and "checkout([1, 2], 3)" not in e, e' "$WORK/seqe.jsonl" \
  && pass "--verify drops a call sequence that is not what the call does" || fail "an edited call sequence was kept"
printf '{"pid": 1}\n' >"$WORK/bad.jsonl"
"$CODETRACE" qa "$src" --no-git --calls "$WORK/bad.jsonl" -o "$WORK/x.jsonl" 2>"$WORK/err"
expect_eq 1 $? "--calls with a file that is not a call dataset: exit 1"
expect_contains "$WORK/err" "bad.jsonl:1: not a call record" "the error names the file and line"
# validate --model reports what baselines get right on predict_output (no model, no verdict).
"$CODETRACE" validate "$WORK/v.jsonl" --root "$src" --model --json >"$WORK/model.json"
python3 - "$WORK/v.jsonl" "$WORK/model.json" <<'PY' && pass "validate --model: the identity and constant baselines of predict_output" || fail "predict_output baselines"
import json, sys
records = [r for r in map(json.loads, open(sys.argv[1])) if r["question_type"] == "predict_output"]
m = {x["name"]: x for x in json.load(open(sys.argv[2]))["models"]}["predict_output"]
f = m["figures"]
assert m["learnable"] is None and m["score"] is None, m
assert [b["name"] for b in m["baselines"]] == ["identity", "function_constant", "global_constant"], m
assert f["records"] == len(records) and f["functions"] == len({r["symbol"] for r in records}), (f, len(records))
# `total(7)` returns its argument; `ratio(1, 3)` and `ratio(2, 6)` give one answer, so each is the
# other's usual answer; overall, with the record itself left out, no answer is commoner than another.
n = len(records)
assert f["identity"] == 1 / n and f["function_constant"] == 2 / n and f["global_constant"] == 0, (f, n)
PY
"$CODETRACE" qa "$src" --no-git --verify -o "$WORK/x.jsonl" 2>"$WORK/err"
expect_eq 2 $? "--verify without --trace is a usage error"
"$CODETRACE" qa "$src" --no-git --trace "$WORK/t.json" --verify --python "$WORK/nowhere/python3" -o "$WORK/x.jsonl" 2>"$WORK/err"
expect_eq 1 $? "--verify with a missing interpreter: exit 1"
expect_contains "$WORK/err" "nowhere/python3" "the error names it"
finish
