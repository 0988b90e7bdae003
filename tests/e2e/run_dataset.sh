#!/usr/bin/env bash
# codetrace run --dataset: one record per call of the code in scope, consistent with the trace
# (counts, callers, call sites, the calls each made in order), with values and exceptions; and
# the per-function call sequences with static marks. On every hook backend.
. "$(dirname "$0")/lib.sh"
shop=$(copy_sample shop)
cp "$SOURCE_DIR/tests/fixtures/run/values.py" "$WORK/values.py"
for backend in $(hook_backends); do
  use_backend "$backend"
  (cd "$shop" && "$CODETRACE" run --values --dataset "$WORK/calls.jsonl" -o "$WORK/t.json" main.py data/orders.csv "$WORK/report.json" >/dev/null 2>"$WORK/err")
  expect_eq 0 $? "$backend: run --dataset exits 0"
  expect_contains "$WORK/err" "call sequences to" "$backend: the summary names the files"
  python3 - "$WORK/calls.jsonl" "$WORK/calls.sequences.jsonl" "$WORK/t.json" <<'PY' && pass "$backend: call records agree with the trace" || fail "$backend: shop dataset"
import json, sys
calls = [json.loads(l) for l in open(sys.argv[1])]
sequences = {s["function"]: s for s in map(json.loads, open(sys.argv[2]))}
trace = json.load(open(sys.argv[3]))
fields = ["pid", "call", "function", "file", "line", "caller", "call_line", "parent_call", "depth", "thread", "args", "arg_types",
          "result", "raised", "result_type", "exception", "calls", "duration_ns", "returned"]
assert all(list(c) == fields for c in calls), [list(c) for c in calls if list(c) != fields][:1]
assert [c["call"] for c in calls] == sorted(c["call"] for c in calls), "records in call order"
# One record per observed call of each function in scope.
observed = {f["id"]: f["observed"]["calls"] for f in trace["functions"]
            if f.get("observed") and "<" not in f["id"] and f.get("kind") != "class"}
per_function = {}
for c in calls:
    per_function[c["function"]] = per_function.get(c["function"], 0) + 1
for fid, n in observed.items():
    if n and not fid.endswith(">"):
        assert per_function.get(fid) == n, (fid, n, per_function.get(fid))
by_call = {c["call"]: c for c in calls}
main = [c for c in calls if c["function"] == "main.main"]
assert len(main) == 1 and main[0]["caller"] == "main.<module>" and main[0]["call_line"] == 34, main
assert main[0]["calls"] == ["shop.io.loader.load_data", "shop.utils.timed.wrapper", "shop.io.writer.save_results"], main[0]["calls"]
assert main[0]["args"] == {"argv": "None"} and main[0]["result"] == "0" and main[0]["result_type"] == "int", main[0]
tax = [c for c in calls if c["function"] == "shop.pricing.tax.tax"]
assert tax and tax[0]["arg_types"] == {"amount": "float", "country": "str"} and tax[0]["result_type"] == "float", tax[0]
parent = by_call[tax[0]["parent_call"]]
assert parent["function"] == "shop.pricing.cart.Cart.total" and "shop.pricing.tax.tax" in parent["calls"], parent
assert tax[0]["depth"] == parent["depth"] + 1 and tax[0]["caller"] == parent["function"], (tax[0], parent)
assert all(c["returned"] and c["exception"] is None for c in calls), "every call returned"
seq = sequences["main.main"]
assert seq["calls"] == main[0]["calls"] and seq["static"] == [True, True, True], seq
assert sequences["shop.pricing.tax.tax"]["observed_calls"] == len(tax)
PY
  "$CODETRACE" run --values --no-static --dataset "$WORK/v.jsonl" -o "$WORK/v.json" "$WORK/values.py" >/dev/null 2>&1
  expect_eq 0 $? "$backend: values fixture runs"
  "$CODETRACE" run --no-static --dataset "$WORK/n.jsonl" -o "$WORK/n.json" "$WORK/values.py" >/dev/null 2>&1
  python3 - "$WORK/n.jsonl" "$WORK/n.json" <<'PY' && pass "$backend: without --values, no values and the exception still named" || fail "$backend: dataset without values"
import json, sys
calls = [json.loads(l) for l in open(sys.argv[1])]
assert all(c["args"] is None and c["result"] is None for c in calls), calls[0]
meta = json.load(open(sys.argv[2]))["meta"]
fail = [c for c in calls if c["function"] == "values.fail"][0]
hidden = meta["hook_backend"] == "setprofile"
assert fail["exception"] == ("?" if hidden else "ValueError"), fail
PY
  python3 - "$WORK/v.jsonl" "$WORK/v.json" <<'PY' && pass "$backend: an escaping exception is in the record" || fail "$backend: exception record"
import json, sys
calls = [json.loads(l) for l in open(sys.argv[1])]
fail = [c for c in calls if c["function"] == "values.fail"]
assert len(fail) == 1 and fail[0]["result"] is None and fail[0]["raised"] is not None, fail
# The profile hook (also what --values uses on 3.11) cannot see which exception unwinds a frame;
# the other backends name it.
meta = json.load(open(sys.argv[2]))["meta"]
hidden = meta["hook_backend"] == "setprofile"
assert fail[0]["exception"] == ("?" if hidden else "ValueError"), (fail[0], meta["hook_backend"])
assert len([c for c in calls if c["function"] == "values.tax"]) == 8, "every call, values for the first five"
assert sum(c["args"] is not None for c in calls if c["function"] == "values.tax") == 5
assert all(c["exception"] is None for c in calls if c["function"] != "values.fail"), calls
PY
done
unset CODETRACE_HOOK
finish
