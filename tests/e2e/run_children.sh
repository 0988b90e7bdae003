#!/usr/bin/env bash
# Python children started with sys.executable (subprocess, spawn and forkserver pools) are traced
# in processes of their own and merged: exact counts, a pid on every edge, event and dataset
# record; --no-children leaves them untraced and sys.executable as it was.
. "$(dirname "$0")/lib.sh"

cp "$SOURCE_DIR/tests/fixtures/run/children.py" "$SOURCE_DIR/tests/fixtures/run/children_helper.py" "$WORK/"
for backend in $(hook_backends); do
  use_backend "$backend"
  for run in 1 2 3; do
    timeout 120 "$CODETRACE" run -o "$WORK/children.json" --events "$WORK/events.json" --dataset "$WORK/calls.jsonl" \
      "$WORK/children.py" >"$WORK/children.out" 2>"$WORK/children.err"
    code=$?
    python3 - "$WORK" <<'PY' >"$WORK/children.check" 2>&1 && [ "$code" = 0 ] || { fail "children ($backend, run $run): exit $code, $(cat "$WORK/children.check" "$WORK/children.err")"; continue 2; }
import json, sys
work = sys.argv[1]
d = json.load(open(work + "/children.json"))
procs = d["meta"]["process_list"]
pids = [p["pid"] for p in procs]
assert len(pids) == len(set(pids)) and all(pids), pids
assert d["meta"]["processes"] == len(procs)
target = procs[0]
assert target["started_by"] == "run" and target["parent"] is None, target
# every process was recorded by the backend the run chose (CODETRACE_HOOK reaches the children)
assert all("hook_backend" not in p and p.get("hook_installed", True) for p in procs), procs
by_pid = {p["pid"]: p for p in procs}
edges = {(e["caller"], e["callee"]): e for e in d["edges"] if e["observed"]}
# the subprocess and the one it started: 5 + 3 calls of work(), in two processes, each exec'd
helper = edges[("children_helper.main.<genexpr@12>", "children_helper.work")]
assert helper["observed"] == 8, helper["observed"]
assert len(helper["pids"]) == 2 and all(by_pid[p]["started_by"] == "exec" for p in helper["pids"]), helper["pids"]
outer, inner = sorted(helper["pids"], key=lambda p: by_pid[p]["command"].endswith("nest"), reverse=True)
assert by_pid[outer]["parent"] == target["pid"] and by_pid[inner]["parent"] == outer, (by_pid[outer], by_pid[inner])
# the spawn and the forkserver pools: 10 + 10 calls of square(), none in the target
square = edges[("multiprocessing.pool.mapstar", "children.square")]
assert square["observed"] == 20, square["observed"]
assert target["pid"] not in square["pids"] and len(square["pids"]) >= 2, square["pids"]
assert edges[("children.main", "children.run_helper")]["pids"] == [target["pid"]]
# the timeline and the dataset: every event and call names a process of the trace
events = json.load(open(work + "/events.json"))["traceEvents"]
assert {e["pid"] for e in events} <= set(pids), {e["pid"] for e in events} - set(pids)
assert sum(1 for e in events if e["ph"] == "X" and e["name"] == "children_helper.work") == 8
names = {e["pid"]: e["args"]["name"] for e in events if e["name"] == "process_name"}
assert names[target["pid"]] == "target" and names[outer].endswith("children_helper.py 5 nest"), names
calls = [json.loads(line) for line in open(work + "/calls.jsonl")]
assert sorted(c["pid"] for c in calls if c["function"] == "children_helper.work") == sorted([outer] * 5 + [inner] * 3)
assert all(c["pid"] in by_pid for c in calls)
PY
    grep -q "^executable .*record-children-.*/python3$" "$WORK/children.out" && grep -q "pools 285 285" "$WORK/children.out" ||
      { fail "children ($backend): the target's output changed: $(cat "$WORK/children.out")"; continue 2; }
  done
  pass "children ($backend): subprocess, nested subprocess, spawn and forkserver workers exact with pids in 3 runs"
done
unset CODETRACE_HOOK
if ls -d "$WORK"/children.json.record-* >/dev/null 2>&1; then fail "records or the children's folder left behind: $(ls -d "$WORK"/children.json.record-*)"
else pass "children: no record or folder left behind"; fi

# --no-children: the children run as before, untraced
timeout 120 "$CODETRACE" run --no-children -o "$WORK/alone.json" "$WORK/children.py" >"$WORK/alone.out" 2>"$WORK/alone.err"
expect_eq 0 $? "--no-children: the target exits 0"
expect_contains "$WORK/alone.out" "pools 285 285" "--no-children: the target still runs"
python3 - "$WORK/alone.json" <<'PY' && pass "--no-children: only the target is traced" || fail "--no-children traced a child"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["meta"]["processes"] == 1, d["meta"]["process_list"]
assert not any(e["callee"] in ("children_helper.work", "children.square") and e["observed"] for e in d["edges"])
PY
if grep -q "^executable .*children-" "$WORK/alone.out"; then fail "--no-children: sys.executable was changed: $(head -1 "$WORK/alone.out")"
else pass "--no-children: sys.executable is the interpreter's own"; fi
finish
