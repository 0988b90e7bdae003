#!/usr/bin/env bash
# codetrace run: the target behaves as under `python` (argv, output, exit code) and the trace is
# written however it ends, with what ran before the end.
. "$(dirname "$0")/lib.sh"
fixture="$SOURCE_DIR/tests/fixtures/run/endings.py"
cp "$fixture" "$WORK/endings.py"
check_trace() {  # how expected_code expected_ended
  local how=$1 code=$2 ended=$3 trace="$WORK/trace.$1.json"
  "$CODETRACE" run -o "$trace" --timeout 5 "$WORK/endings.py" "$how" >"$WORK/out.$how" 2>"$WORK/err.$how"
  expect_eq "$code" $? "'$how': codetrace exits like python ($code)"
  python3 - "$trace" "$ended" "$code" <<'PY' && pass "'$how': trace written, ended $ended, calls recorded" || fail "'$how': trace content"
import json, sys
d = json.load(open(sys.argv[1]))
m = d["meta"]
assert m["ended"] == sys.argv[2], m
assert m["exit_code"] == int(sys.argv[3]), m
edges = {(e["caller"], e["callee"]): e for e in d["edges"]}
e = edges[("endings.main", "endings.work")]
assert e["status"] == "both" and e["observed"] == 1, e
assert edges[("endings.work.<genexpr@14>", "endings.leaf")]["observed"] == 5
# A generator resumed three times is called once.
f = {x["id"]: x for x in d["functions"]}
assert f["endings.numbers"]["observed"]["calls"] == 1, f["endings.numbers"]
assert f["endings.numbers"]["observed"]["resumes"] >= 2, f["endings.numbers"]
# Times: self <= inclusive <= the whole run.
t = f["endings.main"]["observed"]
assert 0 < t["self_ns"] <= t["inclusive_ns"] <= m["duration_s"] * 1e9, (t, m["duration_s"])
# The thread's call was recorded too.
assert edges[("endings.in_thread", "endings.leaf")]["observed"] == 1
assert m["threads"] >= 2, m
names = [t["name"] for t in m["thread_list"]]
assert names[0] == "MainThread" and "helper" in names, names
PY
}
for backend in $(hook_backends); do
use_backend "$backend"
echo "backend: $backend"
check_trace normal 0 exit
expect_contains "$WORK/out.normal" "argv ['normal']" "sys.argv is the target's"
check_trace exit3 3 exit
check_trace raise 1 exception
expect_contains "$WORK/trace.raise.json" '"exception": "ValueError: boom"' "meta names the exception that ended it"
expect_contains "$WORK/err.raise" "ValueError: boom" "an unhandled exception prints its traceback"
check_trace os_exit 5 exit
check_trace kill 137 signal
check_trace sigint 130 signal
expect_contains "$WORK/trace.sigint.json" '"exception": "KeyboardInterrupt"' "Ctrl-C: the KeyboardInterrupt is named"
check_trace sigterm 143 signal
check_trace hang 143 timeout
check_trace segv 139 signal
python3 - "$WORK/trace.segv.json" <<'PY' && pass "'segv': the crash has its Python stack and a native backtrace" || fail "'segv': crash report"
import json, sys
crash = json.load(open(sys.argv[1]))["meta"]["crash"]
assert crash["signal"] == 11, crash
assert crash["python_stack"][-2:] == ["endings.main", "endings.<module>"], crash["python_stack"]
# The native frames name the interpreter's own functions (libpython exports them).
assert any("PyEval_EvalCode" in f or "_PyEval_EvalFrameDefault" in f for f in crash["native_backtrace"]), crash["native_backtrace"]
PY
done
unset CODETRACE_HOOK
"$CODETRACE" run -o "$WORK/missing.json" "$WORK/no_such.py" 2>"$WORK/err.missing"
expect_eq 1 $? "a missing script is an error before the target starts"
expect_contains "$WORK/err.missing" "no_such.py" "the message names the file"
# A target with a syntax error: Python's own message and exit code, and still a trace.
mkdir -p "$WORK/syntax" && printf 'def f(:\n    pass\n' > "$WORK/syntax/broken.py"
"$CODETRACE" run -o "$WORK/syntax.json" "$WORK/syntax/broken.py" 2>"$WORK/err.syntax"
expect_eq 1 $? "a target with a syntax error exits 1, as under python"
expect_contains "$WORK/err.syntax" "skipped broken.py:1: SyntaxError" "the static analysis names the file"
expect_contains "$WORK/syntax.json" '"ended": "exception"' "the trace says an exception ended it"
# -m runs a module with the current folder in scope.
(cd "$WORK" && "$CODETRACE" run -o "$WORK/trace.m.json" -m endings normal >/dev/null 2>&1)
expect_eq 0 $? "-m module runs"
expect_contains "$WORK/trace.m.json" '"endings.main"' "-m traces the module's functions"
finish
