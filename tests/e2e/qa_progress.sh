#!/usr/bin/env bash
# Progress (files done / total) goes to stderr only when stderr is a terminal.
. "$(dirname "$0")/lib.sh"
shop=$(copy_sample shop)
"$CODETRACE" qa "$shop" -o "$WORK/a.jsonl" 2>"$WORK/plain"
if grep -q "files$\|/[0-9]* files" "$WORK/plain"; then fail "progress shown on a pipe"; else pass "no progress on a pipe"; fi
if ! command -v script >/dev/null; then echo "skipped: no 'script' to give the program a terminal"; finish; exit 0; fi
script -qec "'$CODETRACE' qa '$shop' -o '$WORK/b.jsonl'" "$WORK/typescript" >/dev/null
expect_eq 0 $? "qa under a terminal exits 0"
expect_contains "$WORK/typescript" "codetrace: 12/12 files" "progress counter shown on a terminal"
expect_same_file "$WORK/a.jsonl" "$WORK/b.jsonl" "same records with and without a terminal"
script -qec "'$CODETRACE' qa '$shop' --no-progress -o '$WORK/c.jsonl'" "$WORK/typescript.quiet" >/dev/null
expect_eq 0 $? "qa --no-progress under a terminal exits 0"
if grep -q "/12 files" "$WORK/typescript.quiet"; then fail "--no-progress still shows the counter"; else pass "--no-progress hides the counter on a terminal"; fi
expect_same_file "$WORK/a.jsonl" "$WORK/c.jsonl" "same records with --no-progress"
finish
