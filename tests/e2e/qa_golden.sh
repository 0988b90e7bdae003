#!/usr/bin/env bash
# codetrace qa on samples/shop matches the golden records byte for byte, in every format and for
# the --symbols table, and
# a second run gives identical output. UPDATE_GOLDEN=1 rewrites the golden files instead.
. "$(dirname "$0")/lib.sh"
shop=$(copy_sample shop)
for format in jsonl chat alpaca; do
  out="$WORK/shop.$format.jsonl"
  name=$([ "$format" = jsonl ] && echo shop.qa.jsonl || echo "shop.$format.jsonl")
  "$CODETRACE" qa "$shop" --format "$format" -o "$out" 2>"$WORK/stderr"
  expect_eq 0 $? "qa --format $format exits 0"
  golden="$SOURCE_DIR/tests/golden/$name"
  if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then cp "$out" "$golden"; echo "updated $golden"; continue; fi
  expect_same_file "$golden" "$out" "$format output matches $golden"
done
"$CODETRACE" qa "$shop" -o "$WORK/again.jsonl" --symbols "$WORK/symbols.jsonl" 2>/dev/null
if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then cp "$WORK/symbols.jsonl" "$SOURCE_DIR/tests/golden/shop.symbols.jsonl"; fi
expect_contains "$WORK/symbols.jsonl" '"func_name":"shop.pricing.tax.vat_rate"' "symbol table names functions"
expect_contains "$WORK/symbols.jsonl" '"style":"numpy"' "NumPy docstring style detected"
expect_contains "$WORK/symbols.jsonl" '"style":"epydoc"' "Epydoc docstring style detected"
expect_contains "$WORK/symbols.jsonl" '"style":"rest"' "reST docstring style detected"
expect_contains "$WORK/symbols.jsonl" '"style":"google"' "Google docstring style detected"
expect_contains "$WORK/symbols.jsonl" '"decorators":["timed"]' "decorators recorded"
expect_same_file "$SOURCE_DIR/tests/golden/shop.symbols.jsonl" "$WORK/symbols.jsonl" "--symbols output matches the golden symbol table"
expect_same_file "$WORK/shop.jsonl.jsonl" "$WORK/again.jsonl" "two runs are byte-identical"
expect_contains "$WORK/stderr" "1 test files left out" "test files are left out and counted"
"$CODETRACE" qa "$shop" --tests -o "$WORK/tests.jsonl" 2>/dev/null
expect_contains "$WORK/tests.jsonl" '"path":"tests/test_cart.py"' "--tests includes the test files"
# --callgraph adds call-context questions from the same parse; --graph also writes the graph.
"$CODETRACE" qa "$shop" --callgraph --graph "$WORK/qa.graph.json" -o "$WORK/calls.jsonl" 2>"$WORK/calls.err"
expect_eq 0 $? "qa --callgraph --graph exits 0"
expect_contains "$WORK/calls.jsonl" '"question":"Which functions does `main.main` call?"' "calls question"
if grep -q '"question_type":"callers"' "$WORK/calls.jsonl"; then fail "callers questions by default"; else pass "no callers questions by default (not answerable from a function's own code)"; fi
"$CODETRACE" qa "$shop" --callgraph --kinds calls,callers -o "$WORK/callers.jsonl" 2>/dev/null
expect_contains "$WORK/callers.jsonl" '"answer":"`shop.io.loader.load_data` is called from:\n- `main.main` (in `main.py`)"' "--kinds callers: the caller and its file"
if grep -v '"question_type":"call' "$WORK/callers.jsonl" | grep -q .; then fail "--kinds wrote other kinds"; else pass "--kinds writes only the kinds named"; fi
"$CODETRACE" qa "$shop" --kinds purpose,nonsense -o "$WORK/bad.jsonl" 2>"$WORK/bad.err"
expect_eq 2 $? "--kinds with an unknown kind: usage error"
expect_contains "$WORK/bad.err" "nonsense" "the error names the unknown kind"
expect_contains "$WORK/calls.jsonl" '"answer_source":"callgraph"' "answer source is the call graph"
expect_contains "$WORK/qa.graph.json" '"callee":"shop.io.loader.load_data"' "the graph written from the same parse"
expect_contains "$WORK/calls.err" "call graph written to $WORK/qa.graph.json" "summary names the graph file"
if grep -q '"question_type":"calls"' "$WORK/shop.jsonl.jsonl"; then fail "call questions without --callgraph"; else pass "no call questions without --callgraph"; fi
# No reST/Sphinx role, directive, double-backtick literal or Epydoc markup reaches an answer.
python3 - "$SOURCE_DIR"/tests/golden/*.jsonl <<'PY' && pass "golden answers hold no reST, Sphinx or Epydoc markup" || fail "markup in golden answers"
import json, re, sys
markup = re.compile(r":[a-z]+(:[a-z]+)?:`|(^|\n)\.\. [a-z-]+::|(?<!`)``(?!`)|(?<![A-Za-z])[CLIB]\{[^}]*\}|@(param|type|return|rtype)\b")
bad = []
for path in sys.argv[1:]:
    for line in open(path, encoding="utf-8"):
        record = json.loads(line)
        answer = record.get("answer") or (record.get("messages") or [{}, {}])[1].get("content", "")
        if markup.search(answer):
            bad.append((path, answer[:80]))
assert not bad, bad[:5]
PY
finish
