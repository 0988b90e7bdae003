#!/usr/bin/env bash
# codetrace run traces asyncio tasks and thread pools: a coroutine awaited through several
# suspensions is called once and resumed apart; calls on pool threads are recorded too.
. "$(dirname "$0")/lib.sh"
cp "$SOURCE_DIR/tests/fixtures/run/concurrency.py" "$WORK/concurrency.py"
for backend in $(hook_backends); do
  use_backend "$backend"
  "$CODETRACE" run -o "$WORK/t.$backend.json" "$WORK/concurrency.py" >"$WORK/out" 2>"$WORK/err"
  expect_eq 0 $? "$backend: run exits 0"
  expect_contains "$WORK/out" "14 55" "$backend: the target's own output"
  python3 - "$WORK/t.$backend.json" <<'PY' && pass "$backend: coroutines once each, resumes apart, pool threads" || fail "$backend: concurrency trace"
import json, sys
d = json.load(open(sys.argv[1]))
f = {x["id"]: x["observed"] for x in d["functions"]}
assert f["concurrency.fetch"]["calls"] == 4, f["concurrency.fetch"]
assert f["concurrency.fetch"]["resumes"] >= 8, f["concurrency.fetch"]
assert f["concurrency.square"]["calls"] == 10, f["concurrency.square"]
assert f["concurrency.gather_all"]["calls"] == 1, f["concurrency.gather_all"]
edges = {(e["caller"], e["callee"]): e for e in d["edges"]}
assert edges[("concurrency.fetch", "concurrency.square")]["observed"] == 4
assert d["meta"]["threads"] >= 2, d["meta"]
names = [t["name"] for t in d["meta"]["thread_list"]]
assert any(n.startswith("ThreadPoolExecutor-") for n in names), names
PY
done
unset CODETRACE_HOOK
finish
