#!/usr/bin/env bash
# codetrace qa --trace: Q&A drawn from a traced run (answer_source "trace"): what a call
# returned or raised (the call written as Python, where it was made in `call`), and which
# functions ran below a function. tests/e2e/qa_observed.sh covers the calls and --verify.
# The pairs pass validate; a missing or wrong trace is a clear error.
. "$(dirname "$0")/lib.sh"
shop=$(copy_sample shop)
(cd "$shop" && "$CODETRACE" run --values -o "$WORK/trace.json" main.py data/orders.csv "$WORK/report.json" >/dev/null 2>&1)
"$CODETRACE" qa "$shop" --no-git --trace "$WORK/trace.json" -o "$WORK/qa.jsonl" 2>"$WORK/err"
expect_eq 0 $? "qa --trace exits 0"
expect_contains "$WORK/err" "from the trace)" "the summary counts the observed pairs"
python3 - "$WORK/qa.jsonl" <<'PY' && pass "observed returns with their call sites, and what runs below main" || fail "trace Q&A"
import json, sys
pairs = [json.loads(l) for l in open(sys.argv[1])]
trace = [p for p in pairs if p["answer_source"] == "trace"]
assert trace and all(p["question_type"] in ("predict_output", "predict_input", "observed_calls", "observed_raise") for p in trace), trace[:2]
q = {p["question"]: p for p in trace}
tax = q["What does `tax(56.07, 'DE')` return?"]
assert tax["answer"] == "10.65", tax["answer"]
assert tax["call"] == {"module": "shop.pricing.tax", "expression": "tax(56.07, 'DE')", "result": "10.65",
                       "caller": "shop.pricing.cart.Cart.total", "call_line": 75}, tax["call"]
item = q["What does `Item(sku='SKU-1', name='Espresso beans 1kg', unit_price=24.9, quantity=2).subtotal()` return?"]
assert item["answer"] == "49.8", item  # a dataclass receiver is written back exactly
assert tax["path"] == "shop/pricing/tax.py" and tax["symbol"] == "shop.pricing.tax.tax" and tax["symbol_kind"] == "function", tax
runs = q["Which functions run when `main.main` is called?"]["answer"]
for f in ("shop.io.loader.load_data", "shop.processing.price_order", "shop.pricing.tax.vat_rate", "shop.io.writer.save_results"):
    assert "`" + f + "`" in runs, (f, runs)
assert not any(" at 0x" in p["question"] + p["answer"] for p in trace), "object addresses are never asked about"
assert all("self=" not in p["question"] for p in trace), "a method's receiver is left out"
PY
"$CODETRACE" validate "$WORK/qa.jsonl" --root "$shop" >"$WORK/report" 2>&1
expect_eq 0 $? "the observed pairs pass validate"

# An exception that escaped a call, on a backend that sees which one.
mkdir -p "$WORK/vals" && cp "$SOURCE_DIR/tests/fixtures/run/values.py" "$WORK/vals/"
CODETRACE_HOOK= "$CODETRACE" run --values -o "$WORK/v.json" "$WORK/vals/values.py" >/dev/null 2>&1
"$CODETRACE" qa "$WORK/vals" --no-git --trace "$WORK/v.json" -o "$WORK/v.jsonl" 2>/dev/null
python3 - "$WORK/v.jsonl" "$WORK/v.json" <<'PY' && pass "observed raises where the hook names the exception" || fail "observed raise"
import json, sys
pairs = {p["question"]: p for p in map(json.loads, open(sys.argv[1])) if p["answer_source"] == "trace"}
backend = json.load(open(sys.argv[2]))["meta"]["hook_backend"]
raise_q = "What happens when `fail('XMAS')` runs?"
if backend == "setprofile":  # it cannot see which exception unwound the call: no pair rather than a vague one
    assert raise_q not in pairs, pairs[raise_q]
else:
    assert pairs[raise_q]["answer"] == "It raises `ValueError: unknown code XMAS`.", pairs[raise_q]
assert pairs["What does `tax(10)` return?"]["answer"] == "2.0", pairs.keys()  # rate=0.2 is the default
assert not any("redacted" in q for q in pairs), "redacted values are not asked about"
PY

"$CODETRACE" qa "$shop" --no-git --trace "$WORK/none.json" -o "$WORK/x.jsonl" 2>"$WORK/err"
expect_eq 1 $? "a missing trace: exit 1"
expect_contains "$WORK/err" "none.json" "the error names it"
"$CODETRACE" qa "$shop" --no-git --trace "$WORK/qa.jsonl" -o "$WORK/x.jsonl" 2>"$WORK/err"
expect_eq 1 $? "a file that is not a trace: exit 1"
expect_contains "$WORK/err" "is not a trace" "and says so"
finish
