#!/usr/bin/env bash
# The profile hook and returns it never sees (a target that turns the hook off inside a
# function and on again): a later call is credited to its real caller (the frame below it),
# never to a frame that has ended.
. "$(dirname "$0")/lib.sh"
cp "$SOURCE_DIR/tests/fixtures/run/lost_returns.py" "$WORK/lost_returns.py"
for backend in $(hook_backends); do
  use_backend "$backend"
  "$CODETRACE" run -o "$WORK/t.json" --no-static "$WORK/lost_returns.py" >/dev/null 2>"$WORK/err"
  expect_eq 0 $? "$backend: the target runs"
  python3 - "$WORK/t.json" <<'PY' && pass "$backend: after() is main's call, not the ended lost()'s" || fail "$backend: lost returns"
import json, sys
d = json.load(open(sys.argv[1]))
edges = {(e["caller"], e["callee"]): e["observed"] for e in d["edges"] if not e.get("boundary")}
assert edges.get(("lost_returns.main", "lost_returns.after")) == 2, edges
assert ("lost_returns.lost", "lost_returns.after") not in edges, edges
assert edges.get(("lost_returns.main", "lost_returns.lost")) == 1, edges
PY
done
unset CODETRACE_HOOK
finish
