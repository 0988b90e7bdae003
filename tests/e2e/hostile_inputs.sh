#!/usr/bin/env bash
# Inputs that must get a clear message or be handled, never a hang, a crash, a corrupt file or a
# forged message (docs/security.md): FIFOs and devices where files are expected, control
# characters in file names, nesting deeper than the stack, markup in docstrings that reach the
# report, malformed traces, concurrent runs writing one output, and signals sent to `run`.
. "$(dirname "$0")/lib.sh"

# --- FIFOs and devices: named and refused, never read (a FIFO would block forever) ---
tree="$WORK/tree"
mkdir -p "$tree"
printf 'def ok():\n    """Return the value used by the sample tests."""\n    return 1\n' > "$tree/ok.py"
mkfifo "$tree/pipe.py"
timeout 60 "$CODETRACE" qa "$tree" --no-git -o "$WORK/t.jsonl" 2>"$WORK/t.err"
expect_eq 0 $? "qa with a FIFO named *.py in the tree finishes"
expect_contains "$WORK/t.err" "skipped pipe.py: a FIFO, not a Python file" "the FIFO is named"
timeout 20 "$CODETRACE" report /dev/zero -o "$WORK/r.html" 2>"$WORK/zero.err"
expect_eq 1 $? "report /dev/zero fails at once (1)"
expect_contains "$WORK/zero.err" "cannot read the trace /dev/zero: a character device, not a regular file" "and says why"
cp -r "$SOURCE_DIR/samples/shop" "$WORK/shop-card"
ln -s /dev/zero "$WORK/shop-card/LICENSE"
timeout 60 "$CODETRACE" qa "$WORK/shop-card" -o "$WORK/card.jsonl" --card "$WORK/card.md" 2>/dev/null
expect_eq 0 $? "qa --card with LICENSE -> /dev/zero finishes"
expect_contains "$WORK/card.md" "license: unknown" "and the license is unknown"
mkdir "$WORK/as-folder"
"$CODETRACE" validate "$WORK/as-folder" >"$WORK/vf.out" 2>&1
expect_contains "$WORK/vf.out" "a folder, not a regular file" "validate on a folder says it is a folder"

# --- a newline in a file name cannot forge a line of codetrace's output ---
printf 'def broken(:\n' > "$tree/evil
codetrace: forged.py"
timeout 60 "$CODETRACE" qa "$tree" --no-git -o "$WORK/t2.jsonl" 2>"$WORK/t2.err"
if grep -q '^codetrace: forged' "$WORK/t2.err"; then fail "a file name forged a line on stderr"; else pass "control characters in names are escaped"; fi
expect_contains "$WORK/t2.err" 'skipped evil\ncodetrace: forged.py' "the name is shown escaped"

# --- nesting deeper than a 1 MiB stack: a message naming the file, not a crash. How deep a stack
# goes depends on the build (a sanitizer's frames are larger): the file is analysed in part, with
# a warning, or skipped, named. ---
deep="$WORK/deep"
mkdir -p "$deep"
python3 -c "print('f = ' + 'lambda: ' * 2500 + '1')" > "$deep/lambdas.py"
(ulimit -s 1024; "$CODETRACE" graph "$deep" -o "$WORK/deep.json" 2>"$WORK/deep.err"); code=$?
if [ "$code" -lt 128 ]; then pass "graph of 2,500 nested lambdas with a 1 MiB stack does not crash (exit $code)"
else fail "graph of 2,500 nested lambdas with a 1 MiB stack crashed (exit $code)"; cat "$WORK/deep.err" >&2; fi
if grep -q "lambdas.py.*nested deeper than the stack allows" "$WORK/deep.err"; then pass "says which file and why"
else fail "no message naming lambdas.py: $(cat "$WORK/deep.err")"; fi

# --- markup in a docstring never changes how the report parses ---
page="$WORK/page"
mkdir -p "$page"
cat > "$page/app.py" <<'PY'
def tricky():
    """Shows <!--<script> and </script><b>bold</b> in its docstring."""
    return 1


tricky()
PY
"$CODETRACE" run -o "$WORK/page.json" "$page/app.py" >/dev/null 2>&1
"$CODETRACE" report "$WORK/page.json" -o "$WORK/page.html" 2>/dev/null
expect_eq 0 $? "report of a function whose docstring holds <!--<script>"
python3 - "$WORK/page.html" <<'PY' && pass "the page's data holds no '<': its script element ends where it should" || fail "markup reached the report's data unescaped"
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
data = re.search(r'<script type="application/json" id="codetrace-data">(.*?)</script>', html, re.S).group(1)
assert "<" not in data, data[:200]
assert "\\u003c!--\\u003cscript>" in data, "the docstring is still there, escaped"
PY

# --- malformed traces: a message naming the file, not an internal error ---
printf '{"meta": {}, "functions": [{"id": 5, "file": []}], "edges": [{"caller": 1}]}' > "$WORK/typed.json"
"$CODETRACE" diff "$WORK/typed.json" 2>"$WORK/diff.err"; expect_eq 1 $? "diff of a trace with fields of the wrong type fails (1)"
expect_contains "$WORK/diff.err" "typed.json is not a trace codetrace can read" "diff names the file"
"$CODETRACE" report "$WORK/typed.json" -o "$WORK/typed.html" 2>"$WORK/report.err"; expect_eq 1 $? "report of it fails (1)"
expect_contains "$WORK/report.err" "typed.json" "report names the file"
if grep -q "internal error" "$WORK/diff.err" "$WORK/report.err"; then fail "an internal error was printed"; else pass "no internal error"; fi

# --- two runs writing one output at once: the result is one whole trace ---
cat > "$WORK/slow.py" <<'PY'
import time


def step(i):
    time.sleep(0.01)
    return i


for i in range(30):
    step(i)
PY
"$CODETRACE" run -o "$WORK/same.json" "$WORK/slow.py" >/dev/null 2>&1 &
first=$!
for _ in $(seq 1 100); do ls "$WORK"/same.json.record* >/dev/null 2>&1 && break; sleep 0.05; done
sleep 0.2  # the first target is half-way through its calls
"$CODETRACE" run -o "$WORK/same.json" "$WORK/slow.py" >/dev/null 2>&1
wait "$first"
python3 - "$WORK/same.json" <<'PY' && pass "two runs with one -o: one whole trace, of one run" || fail "two runs with one -o corrupted the trace"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["meta"]["exit_code"] == 0
calls = {f["id"]: f["observed"]["calls"] for f in d["functions"] if "observed" in f}
assert calls["slow.step"] == 30, calls["slow.step"]  # each run has a record of its own
PY
if ls "$WORK"/same.json.* >/dev/null 2>&1; then fail "temporary files left: $(ls "$WORK"/same.json.*)"; else pass "no temporary file left"; fi

# --- SIGINT sent to codetrace alone reaches the target (as `kill -INT python` would) ---
cat > "$WORK/wait.py" <<'PY'
import time
time.sleep(60)
PY
# A script's background job starts with SIGINT ignored (and so would python); exec from a
# process that restores the default, as a terminal's job would have it.
python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])' \
  "$CODETRACE" run -o "$WORK/int.json" "$WORK/wait.py" >/dev/null 2>"$WORK/int.err" &
tracer=$!
for _ in $(seq 1 100); do ls "$WORK"/int.json.record-* >/dev/null 2>&1 && break; sleep 0.1; done
sleep 0.5
kill -INT "$tracer"
wait "$tracer"; code=$?
expect_eq 130 "$code" "run stopped by SIGINT exits as python would (130)"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['meta']['ended'] in ('signal', 'exception'), d['meta']" "$WORK/int.json" \
  && pass "and the trace is written" || fail "no trace after SIGINT"
finish
