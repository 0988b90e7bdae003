#!/usr/bin/env bash
# codetrace run honours a virtual environment (--venv or $VIRTUAL_ENV) so that the target's
# dependencies import, and refuses one made for another Python version with a clear message.
. "$(dirname "$0")/lib.sh"
"$PYTHON" -m venv --without-pip "$WORK/venv" || { fail "cannot make a venv with $PYTHON"; finish; }
site=$("$WORK/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
printf 'def hello():\n    return "hello from the venv"\n' > "$site/fancylib.py"
mkdir -p "$WORK/app" && printf 'import fancylib\nprint(fancylib.hello())\n' > "$WORK/app/uses.py"
"$CODETRACE" run -o "$WORK/t1.json" --venv "$WORK/venv" "$WORK/app/uses.py" >"$WORK/out1" 2>/dev/null
expect_eq 0 $? "--venv: the target imports the venv's package"
expect_contains "$WORK/out1" "hello from the venv" "and runs it"
VIRTUAL_ENV="$WORK/venv" "$CODETRACE" run -o "$WORK/t2.json" "$WORK/app/uses.py" >"$WORK/out2" 2>/dev/null
expect_eq 0 $? "\$VIRTUAL_ENV is honoured the same way"
env -u VIRTUAL_ENV "$CODETRACE" run -o "$WORK/t3.json" "$WORK/app/uses.py" >/dev/null 2>"$WORK/err3"
expect_eq 1 $? "without the venv the import fails, as under python"
expect_contains "$WORK/err3" "No module named 'fancylib'" "with Python's own message"
mkdir -p "$WORK/other" && printf 'home = /nowhere\nversion = 2.7.18\n' > "$WORK/other/pyvenv.cfg"
"$CODETRACE" run -o "$WORK/t4.json" --venv "$WORK/other" "$WORK/app/uses.py" 2>"$WORK/err4"
expect_eq 1 $? "a venv of another Python version is refused"
expect_contains "$WORK/err4" "is for Python 2.7, but codetrace embeds Python" "with a message naming both versions"
if [ -e "$WORK/t4.json" ]; then fail "no trace when the target never started"; else pass "no trace when the target never started"; fi
finish
