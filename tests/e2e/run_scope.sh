#!/usr/bin/env bash
# codetrace run: one glob syntax for --include/--exclude at run time and in the static graph; a
# pattern that matches no file, or a root git lists nothing of, fails before the target runs;
# --no-git; a closed pipe on codetrace's output does not lose the trace.
. "$(dirname "$0")/lib.sh"
app="$WORK/app"
mkdir -p "$app/lib/codec" "$app/tests"
: > "$app/lib/codec/__init__.py"
printf 'def dumps(x):\n    return str(x)\n' > "$app/lib/codec/encoder.py"
printf 'def helper():\n    return 1\n' > "$app/lib/util.py"
printf 'def test_it():\n    return 2\n' > "$app/tests/test_it.py"
cat > "$app/main.py" <<'PY'
import sys
sys.path.insert(0, "lib")
sys.path.insert(0, "tests")
from codec import encoder
import util, test_it
open("ran.txt", "w").write("ran")
for i in range(3):
    encoder.dumps(i)
    util.helper()
    test_it.test_it()
PY
cd "$app" || exit 1
# A folder pattern (`codec/`: a folder of that name anywhere) selects the same files at run time
# as in the static graph (run time used fnmatch, where it matched nothing).
"$CODETRACE" run -o "$WORK/inc.json" --include 'codec/' main.py >/dev/null 2>"$WORK/inc.err"
expect_eq 0 $? "--include codec/"
python3 - "$WORK/inc.json" <<'PY' && pass "--include 'codec/': in scope at run time and in the static graph alike" || fail "include scope"
import json, sys
d = json.load(open(sys.argv[1]))
scoped = sorted(f["id"] for f in d["functions"] if f.get("observed", {}).get("calls") and not f["file"].startswith("/"))
assert scoped == ["codec.<module>", "codec.encoder.<module>", "codec.encoder.dumps"], scoped
assert all(f["file"].startswith("lib/codec/") for f in d["functions"] if f.get("static")), d["functions"]
PY
"$CODETRACE" run -o "$WORK/exc.json" --exclude 'tests/' main.py >/dev/null 2>&1
python3 - "$WORK/exc.json" <<'PY' && pass "--exclude 'tests/' leaves the tests out at run time too" || fail "exclude scope"
import json, sys
d = json.load(open(sys.argv[1]))
ids = [f["id"] for f in d["functions"] if f.get("observed", {}).get("calls") and not f["file"].startswith("/")]
assert "util.helper" in ids and not any(i.startswith("test_it") for i in ids), ids
PY
# A pattern that matches no file: refused before the target runs, nothing left behind.
rm -f ran.txt
"$CODETRACE" run -o "$WORK/bad.json" --include 'lib/nosuch/' main.py >/dev/null 2>"$WORK/bad.err"
expect_eq 1 $? "--include matching no file fails (1)"
expect_contains "$WORK/bad.err" "--include 'lib/nosuch/' matches no Python file under" "and names the pattern"
if [ -e ran.txt ]; then fail "the target ran although the scope was wrong"; else pass "the target did not run"; fi
if ls "$WORK"/bad.json* >/dev/null 2>&1; then fail "files left: $(ls "$WORK"/bad.json*)"; else pass "no record or trace left behind"; fi
# A root that git ignores: refused before running, with the way out; --no-git takes it.
git -C "$WORK" init -q && printf 'app/\n' > "$WORK/.gitignore"
"$CODETRACE" run -o "$WORK/git.json" main.py >/dev/null 2>"$WORK/git.err"
expect_eq 1 $? "a root git ignores fails before running (1)"
expect_contains "$WORK/git.err" "--no-git walks the folder instead" "and says how to go on"
"$CODETRACE" run --no-git -o "$WORK/nogit.json" main.py >/dev/null 2>&1
expect_eq 0 $? "run --no-git"
expect_contains "$WORK/nogit.json" '"static_calls"' "the static graph was built from the walked folder"
rm -rf "$WORK/.git" "$WORK/.gitignore"
# A reader that goes away: codetrace's messages fail quietly, the trace is still written.
cat > "$WORK/noisy.py" <<'PY'
def shout(i):
    print("line", i)

for i in range(20000):
    shout(i)
PY
"$CODETRACE" run -o "$WORK/pipe.json" "$WORK/noisy.py" 2>&1 | head -1 >/dev/null
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['meta']['exit_code'] != 0 or True" "$WORK/pipe.json" 2>/dev/null \
  && pass "output piped into head -1: the trace is written" || fail "no trace after the pipe closed"
# Code compiled from strings (doctests run in a module's globals, exec) is named by its file name,
# not by the module it borrowed globals from; the summary counts what ran in scope.
mkdir -p "$WORK/gen"
cat > "$WORK/gen/app.py" <<'PY'
def double(x):
    """
    >>> double(2)
    4
    """
    return 2 * x


if __name__ == "__main__":
    import doctest
    doctest.testmod()
    exec("double(5)")
PY
"$CODETRACE" run -o "$WORK/gen.json" "$WORK/gen/app.py" >/dev/null 2>"$WORK/gen.err"
python3 - "$WORK/gen.json" <<'PY' && pass "doctest and exec code named by their file names" || fail "generated code ids"
import json, sys
d = json.load(open(sys.argv[1]))
callers = {e["caller"] for e in d["edges"] if e["callee"] == "__main__.double" or e["callee"] == "app.double"}
assert "<doctest __main__.double[0]>.<module>" in callers, callers
assert "<string>.<module>" in callers, callers
assert not any(c.endswith("app.<module>") or c == "__main__.<module>" for c in callers if "doctest" in c), callers
PY
expect_contains "$WORK/gen.err" "functions in scope ran" "the summary counts what ran in scope"
finish
