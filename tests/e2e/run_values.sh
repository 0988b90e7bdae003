#!/usr/bin/env bash
# codetrace run --values: arguments and results of the first calls of each function (repeats
# passed over), as
# truncated reprs; secrets redacted; a failing repr is recorded and never raises into the target.
. "$(dirname "$0")/lib.sh"
cp "$SOURCE_DIR/tests/fixtures/run/values.py" "$WORK/values.py"
for backend in $(hook_backends); do
  use_backend "$backend"
  "$CODETRACE" run --values --values-length 80 -o "$WORK/v.json" "$WORK/values.py" >/dev/null 2>"$WORK/err"
  expect_eq 0 $? "$backend: a failing __repr__ never reaches the target (exit 0)"
  python3 - "$WORK/v.json" "$backend" <<'PY' && pass "$backend: values sampled, truncated, redacted" || fail "$backend: values"
import json, sys
d = json.load(open(sys.argv[1]))
s = {f["id"]: f["observed"].get("samples", []) for f in d["functions"]}
tax = s["values.tax"]
assert len(tax) == 5, tax  # the first five of eight calls
assert tax[1] == {"args": {"amount": "10", "rate": "0.2"}, "result": "2.0", "caller": "values.<module>", "call_line": 32}, tax[1]
login = s["values.login"][0]
assert login["args"] == {"user": "'ann'", "password": "<redacted>", "api_key": "<redacted>"}, login
assert login["result"] == "<redacted>", login  # it takes a password: what it returns may be one
connect = s["values.connect"][0]
assert connect["args"] == {"options": "{'user': 'ann', 'password': '<redacted>', 'timeout': 3}"}, connect
send = s["values.send"][0]
assert send["args"]["headers"].startswith("{'Authorization': 'Bearer <redacted>', 'Accept': "), send
assert send["args"]["dsn"] == "<redacted>", send  # named like a secret
assert s["values.read_setting"][0]["result"] == "<redacted>", s["values.read_setting"]  # `return password`
assert s["values.check"][0]["args"] == {"value": "'<redacted>'"}, s["values.check"]  # a JWT
assert "hunter2" not in open(sys.argv[1]).read() and "abc.def" not in open(sys.argv[1]).read()
weird = s["values.weird"]
assert weird[0]["args"]["x"] == "<repr failed: RuntimeError>", weird
assert weird[1]["args"]["x"].endswith("...") and len(weird[1]["args"]["x"]) == 83, weird[1]
assert [w["args"]["x"] for w in weird[2:]] == ["7", "8"], weird  # repeated arguments are sampled once
fail = s["values.fail"][0]
assert fail["args"] == {"code": "'XMAS'"} and "raised" in fail, fail
if "monitoring" in d["meta"]["hook_backend"]:
    assert fail["raised"] == "ValueError: unknown code XMAS", fail
assert "values.<module>" not in s or s["values.<module>"] == [], s.get("values.<module>")
PY
done
unset CODETRACE_HOOK
"$CODETRACE" run -o "$WORK/plain.json" "$WORK/values.py" >/dev/null 2>&1
if grep -q '"samples"' "$WORK/plain.json"; then fail "no values without --values"; else pass "no values without --values"; fi
finish
