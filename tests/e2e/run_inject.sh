#!/usr/bin/env bash
# Decorator injection: --inject GLOB wraps matching functions and methods as their module is
# imported, the target can use @codetrace.record itself, every call keeps its arguments by name
# and its result or exception, and the wrappers are invisible in the call graph.
. "$(dirname "$0")/lib.sh"
cp -r "$SOURCE_DIR/tests/fixtures/run/inject" "$WORK/app"
for backend in $(hook_backends); do
  use_backend "$backend"
  (cd "$WORK/app" && "$CODETRACE" run --inject 'pricing.rules.Cart.*' --inject 'pricing.rules.vat' -o "$WORK/t.json" app.py) >/dev/null 2>"$WORK/err"
  expect_eq 0 $? "$backend: run --inject exits 0"
  python3 - "$WORK/t.json" <<'PY' && pass "$backend: recorded calls and transparent wrappers" || fail "$backend: inject"
import json, sys
d = json.load(open(sys.argv[1]))
rec = {f["id"]: f["observed"].get("recorded") for f in d["functions"]}
assert rec["app.discount"] == [
    {"args": {"total": "50", "code": "'XMAS'"}, "result": "45.0"},
    {"args": {"total": "50", "code": "'NOPE'"}, "raised": "KeyError: 'NOPE'"}], rec["app.discount"]
assert rec["pricing.rules.vat"] == [{"args": {"amount": "100", "kind": "'std'"}, "result": "20.0"}], rec["pricing.rules.vat"]
add = rec["pricing.rules.Cart.add"][0]
assert add["args"]["price"] == "10.0" and add["args"]["qty"] == "2" and add["result"] == "1", add
assert rec["pricing.rules.Cart.unit"] == [{"args": {}, "result": "'EUR'"}]  # a staticmethod stays one
assert rec["pricing.rules.untouched"] is None  # not matched by the globs
edges = {(e["caller"], e["callee"]): e for e in d["edges"]}
assert edges[("app.main", "pricing.rules.vat")]["observed_sites"] == [{"line": 13, "count": 1}]
assert edges[("app.main", "app.discount")]["status"] == "both"
assert not any("codetrace" in e["caller"] + e["callee"] for e in d["edges"] if e["observed"]), "a wrapper shows"
PY
done
unset CODETRACE_HOOK
finish
