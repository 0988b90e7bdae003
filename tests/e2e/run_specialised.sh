#!/usr/bin/env bash
# Calls the specialising interpreter inlines after a few runs (BINARY_SUBSCR_GETITEM, also on its
# first run in already quickened code and on classes older than the hook, property and
# __getattribute__ fast paths, generators, calls with defaults, class instantiation, super()) are
# all recorded, with the right caller, on every hook backend: 100 runs each, 100 calls counted; a
# generator closed before it ran is not a call.
. "$(dirname "$0")/lib.sh"
cp "$SOURCE_DIR/tests/fixtures/run/specialised.py" "$WORK/specialised.py"
for backend in $(hook_backends); do
  use_backend "$backend"
  "$CODETRACE" run --no-static -o "$WORK/s.json" "$WORK/specialised.py" >/dev/null 2>"$WORK/err"
  expect_eq 0 $? "$backend: the target runs"
  python3 - "$WORK/s.json" <<'PY' >"$WORK/check" 2>&1 && pass "$backend: every specialised call recorded with its caller" || fail "$backend: $(cat "$WORK/check")"
import json, sys
d = json.load(open(sys.argv[1]))
edges = {(e["caller"], e["callee"]): e["observed"] for e in d["edges"]}
want = {
    ("specialised.main", "specialised.Box.__getitem__"): 100,
    ("specialised.Box.__getitem__", "specialised.helper"): 100,
    ("specialised.main", "specialised.Box.size"): 100,
    ("specialised.Box.size", "specialised.helper"): 100,
    ("specialised.main", "specialised.Watched.__getattribute__"): 100,
    ("specialised.main", "specialised.Box.method"): 100,
    ("specialised.main", "specialised.with_default"): 100,
    ("specialised.main", "specialised.Box.__init__"): 101,
    ("specialised.main", "specialised.Child.greet"): 100,
    ("specialised.Child.greet", "specialised.Base.greet"): 100,
    ("specialised.main", "specialised.numbers"): 1,
    ("specialised.numbers", "specialised.helper"): 100,
    ("specialised.main", "specialised.echo"): 1,
    ("specialised.echo", "specialised.helper"): 100,
    ("specialised.warm_subscripts", "specialised.Fresh.__getitem__"): 100,
    ("specialised.Fresh.__getitem__", "specialised.helper"): 100,
    ("specialised.warm_subscripts", "os._Environ.__getitem__"): 100,
}
wrong = {k: (edges.get(k), v) for k, v in want.items() if edges.get(k) != v}
assert not wrong, "got, wanted: " + repr(wrong)
# Nothing is credited to a caller that did not make the call.
assert ("specialised.main", "specialised.helper") not in edges, edges.get(("specialised.main", "specialised.helper"))
assert ("specialised.warm_subscripts", "specialised.helper") not in edges, edges.get(("specialised.warm_subscripts", "specialised.helper"))
# A generator closed before it ran was not called.
assert ("specialised.never_started", "specialised.numbers") not in edges, edges.get(("specialised.never_started", "specialised.numbers"))
PY
done
unset CODETRACE_HOOK
finish
