#!/usr/bin/env bash
# Git work trees and URLs: git lists the files, the commit is recorded in every record, and a URL
# is cloned shallow into the cache and reused.
. "$(dirname "$0")/lib.sh"
repo="$WORK/repo"
cp -r "$SOURCE_DIR/samples/shop" "$repo"
printf 'generated/\n' > "$repo/.gitignore"
mkdir -p "$repo/generated" && printf 'def ignored():\n    """Should never appear in output."""\n' > "$repo/generated/gen.py"
git -C "$repo" init -q && git -C "$repo" add -A && \
  git -C "$repo" -c user.name=t -c user.email=t@example.com commit -qm init
sha=$(git -C "$repo" rev-parse HEAD)
"$CODETRACE" qa "$repo" -o "$WORK/local.jsonl" 2>/dev/null
expect_eq 0 $? "qa on a git work tree"
expect_contains "$WORK/local.jsonl" "\"commit\":\"$sha\"" "commit recorded"
if grep -q 'generated/gen.py' "$WORK/local.jsonl"; then fail "ignored file analysed"; else pass "git-ignored file left out"; fi
"$CODETRACE" qa "file://$repo" --cache-dir "$WORK/cache" -o "$WORK/url.jsonl" 2>/dev/null
expect_eq 0 $? "qa on a git URL"
expect_contains "$WORK/url.jsonl" "\"repo\":\"file://$repo\"" "URL is the repo field"
expect_contains "$WORK/url.jsonl" "\"commit\":\"$sha\"" "clone's commit recorded"
expect_eq 1 "$(ls "$WORK/cache" | wc -l | tr -d ' ')" "one clone in the cache"
"$CODETRACE" qa "file://$repo" --cache-dir "$WORK/cache" -o "$WORK/url2.jsonl" 2>/dev/null
expect_same_file "$WORK/url.jsonl" "$WORK/url2.jsonl" "cached clone reused with the same output"
finish
