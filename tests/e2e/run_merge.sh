#!/usr/bin/env bash
# codetrace run merges observed calls with the static graph (an edge only static, one only
# observed, one both), and codetrace diff reports them.
. "$(dirname "$0")/lib.sh"
mkdir -p "$WORK/merge" && cp "$SOURCE_DIR/tests/fixtures/run/merge/app.py" "$WORK/merge/"
"$CODETRACE" run -o "$WORK/trace.json" "$WORK/merge/app.py" 2>"$WORK/err"
expect_eq 0 $? "run exits 0"
python3 - "$WORK/trace.json" <<'PY' && pass "each edge has the right status" || fail "edge statuses"
import json, sys
d = json.load(open(sys.argv[1]))
edges = {(e["caller"], e["callee"]): e for e in d["edges"]}
both = edges[("app.main", "app.direct")]
assert both["status"] == "both" and both["static"] and both["observed"] == 1, both
assert both["static_sites"][0]["line"] == 17 and both["observed_sites"] == [{"line": 17, "count": 1}], both
static_only = edges[("app.main", "app.never_called")]
assert static_only["status"] == "static_only" and static_only["observed"] == 0, static_only
observed_only = edges[("app.main", "app.dynamic_target")]
assert observed_only["status"] == "observed_only" and not observed_only["static"], observed_only
assert observed_only["observed_sites"] == [{"line": 20, "count": 1}], observed_only
f = {x["id"]: x for x in d["functions"]}
assert f["app.never_called"]["observed"]["calls"] == 0 and f["app.never_called"]["static"]
assert f["app.main"]["line"] == 16 and f["app.main"]["end_line"] == 20, f["app.main"]
PY
"$CODETRACE" diff "$WORK/trace.json" -o "$WORK/diff.txt"
expect_eq 0 $? "diff exits 0"
expect_contains "$WORK/diff.txt" "app.main -> app.dynamic_target  x1" "diff lists what the static graph missed"
expect_contains "$WORK/diff.txt" '      line 20: getattr(__import__(__name__), "dynamic_" + "target")()' "with the line it ran at"
expect_contains "$WORK/diff.txt" "app.main -> app.never_called  line 19" "diff lists what never ran"
"$CODETRACE" diff "$WORK/trace.json" --format json -o "$WORK/diff.json"
python3 - "$WORK/diff.json" <<'PY' && pass "diff --format json: counts and recall" || fail "diff json"
import json, sys
d = json.load(open(sys.argv[1]))
assert (d["both"], d["observed_only"]) == (2, 1), d  # <module> -> main, main -> direct; the getattr call
assert d["static_only"] == 1, d
assert abs(d["recall"] - 2 / 3) < 1e-9, d
PY
# Static edges keep how the graph found them: through an annotation, through a protocol call.
mkdir -p "$WORK/via"
cat >"$WORK/via/shop.py" <<'PY'
import copy

class Item:
    def cost(self):
        return 1
    def __len__(self):
        return 0

def load():
    return copy.copy([Item()])

def total(items: "list[Item]"):
    return sum(i.cost() for i in items)

def size(item: Item):
    return len(item)

total(load())
size(Item())
PY
"$CODETRACE" run -o "$WORK/via.json" "$WORK/via/shop.py" 2>/dev/null
python3 - "$WORK/via.json" <<'PY' && pass "static edges say via: annotation and protocol" || fail "via and protocol in the trace"
import json, sys
d = json.load(open(sys.argv[1]))
edges = {(e["caller"], e["callee"]): e for e in d["edges"]}
cost = [e for (caller, callee), e in edges.items() if callee == "shop.Item.cost"]
assert len(cost) == 1 and cost[0].get("via") == "annotation" and cost[0]["status"] == "both", cost
length = edges[("shop.size", "shop.Item.__len__")]
assert length.get("protocol") is True and "via" not in length, length
assert "via" not in edges[("shop.<module>", "shop.total")], edges[("shop.<module>", "shop.total")]
PY
# --c-calls: calls into C functions are boundary edges, named as the static graph names them.
"$CODETRACE" run --c-calls -o "$WORK/c.json" "$WORK/merge/app.py" 2>/dev/null
python3 - "$WORK/c.json" "$WORK/trace.json" <<'PY' && pass "--c-calls records calls into builtins" || fail "--c-calls"
import json, sys
edges = {(e["caller"], e["callee"]): e for e in json.load(open(sys.argv[1]))["edges"]}
e = edges[("app.main", "builtins.getattr")]
assert e["status"] == "both" and e["observed"] == 1 and e["boundary"], e
assert e["observed_sites"] == [{"line": 20, "count": 1}], e
assert edges[("app.main", "builtins.__import__")]["observed"] == 1
plain = {(e["caller"], e["callee"]): e for e in json.load(open(sys.argv[2]))["edges"]}
assert plain[("app.main", "builtins.getattr")]["observed"] == 0  # without --c-calls: static only
PY
echo '{"not": "a trace"}' > "$WORK/bad.json"
"$CODETRACE" diff "$WORK/bad.json" 2>"$WORK/bad.err"
expect_eq 1 $? "diff of a file that is not a trace fails"
expect_contains "$WORK/bad.err" 'bad.json is not a trace written by `codetrace run`' "and names the file"
"$CODETRACE" run --no-static -o "$WORK/nostatic.json" "$WORK/merge/app.py" 2>/dev/null
"$CODETRACE" diff "$WORK/nostatic.json" 2>"$WORK/nostatic.err"
expect_eq 1 $? "diff of a --no-static trace fails"
expect_contains "$WORK/nostatic.err" "--no-static" "and says why"
# diff explains each missed edge (the call-site line and the analyser's reason) and lists the
# functions that never ran.
mkdir -p "$WORK/dispatch"
cat > "$WORK/dispatch/app.py" <<'PY'
class Handler:
    def visit_a(self):
        return 1


def dispatch(h, name):
    return getattr(h, "visit_" + name)()


def unused():
    return 0


dispatch(Handler(), "a")
PY
"$CODETRACE" run -o "$WORK/dispatch.json" "$WORK/dispatch/app.py" >/dev/null 2>&1
"$CODETRACE" diff "$WORK/dispatch.json" >"$WORK/dispatch.txt"
expect_contains "$WORK/dispatch.txt" 'line 7: return getattr(h, "visit_" + name)()' "diff shows a missed edge's source line"
expect_contains "$WORK/dispatch.txt" 'unresolved: the result of builtins.getattr() is not followed' "and the static analyser's reason"
expect_contains "$WORK/dispatch.txt" "functions that never ran (1):" "diff lists the functions that never ran"
expect_contains "$WORK/dispatch.txt" "  app.unused" "by id"
finish
