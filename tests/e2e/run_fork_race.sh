#!/usr/bin/env bash
# A fork while the parent runs on: the child's record starts from the forking thread's stack as it
# was at the fork (copied in pthread_atfork's prepare handler), not from the shared record the
# parent keeps changing, so every child's call has its real caller (fixture: fork_race.py, 60
# forks, the parent recursing right after each).
. "$(dirname "$0")/lib.sh"
cp "$SOURCE_DIR/tests/fixtures/run/fork_race.py" "$WORK/fork_race.py"
for backend in $(hook_backends); do
  use_backend "$backend"
  for run in 1 2; do
    "$CODETRACE" run -o "$WORK/t.json" --no-static "$WORK/fork_race.py" >/dev/null 2>"$WORK/err"
    code=$?
    python3 - "$WORK/t.json" <<'PY' >"$WORK/check" 2>&1 && [ "$code" = 0 ] || { fail "$backend, run $run: exit $code, $(cat "$WORK/check" "$WORK/err")"; continue 2; }
import json, sys
d = json.load(open(sys.argv[1]))
callers = {e["caller"]: e["observed"] for e in d["edges"] if e["callee"] == "fork_race.child_work"}
assert callers == {"fork_race.main": 60}, callers
assert d["meta"]["processes"] == 61, d["meta"]["processes"]
PY
  done
  pass "$backend: 60 children, each child_work() credited to main"
done
unset CODETRACE_HOOK
finish
