#!/usr/bin/env bash
# Broken input never stops the run: each bad file is named with its line and reason, the good
# files still produce records, and the exit code is 0 because something was produced.
. "$(dirname "$0")/lib.sh"
broken=$(copy_sample broken)
ln -s "$broken/no-such-file.py" "$broken/dangling.py"
mkdir "$broken/pkg" && ln -s .. "$broken/pkg/loop"
"$CODETRACE" qa "$broken" -o "$WORK/out.jsonl" 2>"$WORK/stderr"
expect_eq 0 $? "exit code 0 when records were produced"
expect_contains "$WORK/stderr" "skipped syntax_error.py:4: SyntaxError" "syntax error named with its line"
expect_contains "$WORK/stderr" "skipped py2_print.py:5: SyntaxError: Missing parentheses in call to 'print'" "Python 2 print named"
expect_contains "$WORK/stderr" "skipped binary.py: binary file" "binary file named"
expect_contains "$WORK/stderr" "skipped latin1_undeclared.py:1: not valid UTF-8 (byte 0xE9)" "undeclared latin-1 named"
expect_contains "$WORK/stderr" "skipped dangling.py: broken symlink" "broken symlink named"
expect_contains "$WORK/stderr" "skipped pkg/loop: symlink loop" "symlink loop named"
expect_contains "$WORK/stderr" "2 of 6 files analysed, 6 skipped" "summary counts"
expect_contains "$WORK/out.jsonl" '"symbol":"good.greet"' "good file produced records"
expect_contains "$WORK/out.jsonl" 'Return the price with the café surcharge applied to it.' "latin-1 file with a coding line is decoded to UTF-8"
# A folder where nothing parses: an error, not an empty success.
mkdir "$WORK/allbad" && cp "$broken/syntax_error.py" "$WORK/allbad/"
"$CODETRACE" qa "$WORK/allbad" -o "$WORK/none.jsonl" 2>"$WORK/stderr2"
expect_eq 1 $? "exit code 1 when nothing was produced"
expect_contains "$WORK/stderr2" "no Q&A pairs were produced" "says nothing was produced"
if [ -e "$WORK/none.jsonl" ] || ls "$WORK"/none.jsonl.partial* >/dev/null 2>&1; then fail "an empty output was left behind"
else pass "nothing produced: no file left under the output's name"; fi
finish
