#!/usr/bin/env bash
# codetrace run --events writes the timeline as Chrome Trace Event JSON: one complete event per
# call of the code in scope, on its thread, nested in time; calls in flight when the target is
# killed are closed at its death; past --events-limit, events are counted, not kept.
. "$(dirname "$0")/lib.sh"
cp "$SOURCE_DIR/tests/fixtures/run/endings.py" "$WORK/endings.py"
"$CODETRACE" run -o "$WORK/t.json" --events "$WORK/ev.json" "$WORK/endings.py" normal >/dev/null 2>&1
expect_eq 0 $? "run --events exits 0"
python3 - "$WORK/ev.json" "$WORK/t.json" <<'PY' && pass "events: one per call, on their threads, nested" || fail "events content"
import json, sys
d = json.load(open(sys.argv[1]))
calls = [e for e in d["traceEvents"] if e["ph"] == "X"]
for e in calls:
    assert set(e) == {"name", "ph", "ts", "dur", "pid", "tid"} and e["dur"] >= 0, e
leaf = [e for e in calls if e["name"] == "endings.leaf"]
assert len(leaf) == 8, len(leaf)  # 5 from work's generator, 2 from numbers, 1 on the thread
assert len({e["tid"] for e in leaf}) == 2, leaf
work = next(e for e in calls if e["name"] == "endings.work")
inside = [e for e in leaf if work["ts"] <= e["ts"] and e["ts"] + e["dur"] <= work["ts"] + work["dur"] + 0.001]
assert len(inside) == 5, (work, leaf)
assert d["otherData"]["dropped_events"] == 0
meta = json.load(open(sys.argv[2]))["meta"]
assert meta["events"]["written"] == d["otherData"]["events"], meta
PY
"$CODETRACE" run -o "$WORK/k.json" --events "$WORK/kev.json" "$WORK/endings.py" kill >/dev/null 2>&1
expect_eq 137 $? "a killed target still gives its timeline"
python3 - "$WORK/kev.json" <<'PY' && pass "the calls it died in are closed at its death" || fail "killed timeline"
import json, sys
d = json.load(open(sys.argv[1]))
main = [e for e in d["traceEvents"] if e.get("name") == "endings.main"]
assert len(main) == 1 and main[0]["dur"] > 0, main
PY
"$CODETRACE" run -o "$WORK/l.json" --events "$WORK/lev.json" --events-limit 3 "$WORK/endings.py" normal >/dev/null 2>&1
python3 - "$WORK/lev.json" <<'PY' && pass "--events-limit keeps that many and counts the rest" || fail "events limit"
import json, sys
d = json.load(open(sys.argv[1]))
assert len([e for e in d["traceEvents"] if e["ph"] == "X"]) == 3
assert d["otherData"]["dropped_events"] > 0, d["otherData"]
PY
"$CODETRACE" run -o "$WORK/g.json" --events "$WORK/gev.json" "$WORK/endings.py" normal >/dev/null 2>&1
"$CODETRACE" run -o "$WORK/g.json" --events "$WORK/gev.json.gz" "$WORK/endings.py" normal >/dev/null 2>&1
python3 - "$WORK/gev.json" "$WORK/gev.json.gz" <<'PY' && pass "--events FILE.gz: the same timeline, gzip-compressed" || fail "gzip timeline"
import gzip, json, sys
plain = json.load(open(sys.argv[1]))
packed = json.load(gzip.open(sys.argv[2]))
names = lambda d: sorted(e["name"] for e in d["traceEvents"] if e["ph"] == "X")
assert names(plain) == names(packed) and len(names(packed)) > 5, (names(plain), names(packed))
PY
finish
