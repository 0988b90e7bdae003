#!/usr/bin/env bash
# Call-site lines: a class instantiated (through the interpreter's __init__ shim), a key
# function called back by sorted(), a comprehension, on both backends.
. "$(dirname "$0")/lib.sh"
cp "$SOURCE_DIR/tests/fixtures/run/sites.py" "$WORK/sites.py"
for backend in $(hook_backends); do
  use_backend "$backend"
  "$CODETRACE" run -o "$WORK/t.json" "$WORK/sites.py" >/dev/null 2>&1
  expect_eq 0 $? "$backend: run exits 0"
  python3 - "$WORK/t.json" <<'PY' && pass "$backend: call sites on their lines" || fail "$backend: call sites"
import json, sys
d = json.load(open(sys.argv[1]))
edges = {(e["caller"], e["callee"]): e for e in d["edges"]}
sites = {k: e["observed_sites"] for k, e in edges.items() if e["observed"]}
major, minor = map(int, d["meta"]["python_version"].split(".")[:2])
if (major, minor) >= (3, 12):  # PEP 709: the list comprehension runs inline in main
    assert sites[("sites.main", "sites.Point.__init__")] == [{"line": 14, "count": 3}, {"line": 15, "count": 1}], sites
    assert not any("<listcomp@" in e["caller"] + e["callee"] for e in d["edges"]), "an inlined comprehension shows"
else:
    assert sites[("sites.main", "sites.Point.__init__")] == [{"line": 15, "count": 1}], sites
    assert sites[("sites.main.<listcomp@14>", "sites.Point.__init__")] == [{"line": 14, "count": 3}], sites
assert all(e["status"] == "both" for k, e in edges.items() if k[1] == "sites.Point.__init__"), edges
assert sites[("sites.main", "sites.key")] == [{"line": 16, "count": 4}], sites
PY
done
unset CODETRACE_HOOK
finish
