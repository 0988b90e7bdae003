#!/usr/bin/env bash
# Deep recursion runs under every backend as it does under python: the PEP 523 frame evaluator
# (3.11) makes each Python call recurse in C, so it widens the stacks. Calls deeper than the
# shadow stack (4,096 frames) are not counted but are reported as dropped.
. "$(dirname "$0")/lib.sh"
cp "$SOURCE_DIR/tests/fixtures/run/deep.py" "$WORK/deep.py"
for backend in $(hook_backends); do
  use_backend "$backend"
  "$CODETRACE" run --no-static -o "$WORK/t.json" "$WORK/deep.py" >"$WORK/out" 2>"$WORK/err"
  expect_eq 0 $? "$backend: run exits 0"
  expect_contains "$WORK/out" "main 30000" "$backend: 30,000 frames deep on the main thread"
  expect_contains "$WORK/out" "thread 30000" "$backend: 30,000 frames deep on a thread"
  python3 - "$WORK/t.json" "$backend" <<'PY' && pass "$backend: every call counted or reported dropped, the backend named" || fail "$backend: deep trace"
import json, sys
d = json.load(open(sys.argv[1]))
f = {x["id"]: x for x in d["functions"]}
calls, dropped = f["deep.down"]["observed"]["calls"], d["meta"]["dropped_calls"]["too_deep"]
assert calls > 2 * 4000 and calls + dropped == 2 * 30001, (calls, dropped)
backend, version = d["meta"]["hook_backend"], d["meta"]["python_version"]
major, minor = map(int, version.split(".")[:2])
expected = "setprofile" if sys.argv[2] == "setprofile" or (major, minor) < (3, 11) else (
    "eval-frame" if (major, minor) == (3, 11) else "sys.monitoring")
assert backend == expected, (backend, version)
PY
done
unset CODETRACE_HOOK
finish
