#!/usr/bin/env bash
# What a hostile repository, a planted file or a forking target must not be able to do
# (docs/security.md): run a command through git, make codetrace read outside the root, make it
# replace a device or write through a planted symlink, or mix a forked child's calls into the
# parent's record.
. "$(dirname "$0")/lib.sh"

# --- git: the folder's own .git/config runs nothing (core.fsmonitor, core.hooksPath) ---
repo="$WORK/evil-git"
mkdir -p "$repo/pkg" && printf 'def f():\n    """Return the answer to everything here."""\n    return 42\n' > "$repo/pkg/a.py"
git -C "$repo" init -q && git -C "$repo" add -A && git -C "$repo" -c user.name=t -c user.email=t@example.com commit -qm init
git -C "$repo" config core.fsmonitor "touch $WORK/PWNED-fsmonitor; false"
git -C "$repo" config core.hooksPath "$WORK/hooks"
mkdir -p "$WORK/hooks" && printf '#!/bin/sh\ntouch %s/PWNED-hook\n' "$WORK" > "$WORK/hooks/post-index-change" && chmod +x "$WORK/hooks/post-index-change"
"$CODETRACE" qa "$repo" -o "$WORK/git.jsonl" 2>"$WORK/git.err"
expect_eq 0 $? "qa on a repository with a hostile .git/config"
"$CODETRACE" graph "$repo" -o "$WORK/git-graph.json" 2>/dev/null
printf 'import pkg.a\npkg.a.f()\n' > "$repo/main.py"
(cd "$repo" && "$CODETRACE" run -o "$WORK/git-trace.json" main.py >/dev/null 2>&1)
if ls "$WORK"/PWNED-* >/dev/null 2>&1; then fail "git ran a command from the analysed folder's config: $(ls "$WORK"/PWNED-*)"
else pass "git ran no command from the folder's config (qa, graph, run)"; fi
expect_contains "$WORK/git.jsonl" '"path":"pkg/a.py"' "git still listed the files"

# --- symlinks: nothing outside the root is read; links to folders never make the walk endless ---
outside="$WORK/outside" tree="$WORK/linked"
mkdir -p "$outside/secret_pkg" "$tree/pkg"
printf 'def leaked():\n    """OUTSIDE-SECRET-TEXT must never be read."""\n' > "$outside/secret.py"
cp "$outside/secret.py" "$outside/secret_pkg/mod.py"
printf 'def kept():\n    """Compute the value that the linked file provides."""\n    return 1\n' > "$tree/pkg/real.py"
ln -s "$outside/secret.py" "$tree/x.py"              # a file link that leaves the root
ln -s "$outside/secret_pkg" "$tree/pkg/ext"          # a folder link that leaves the root
ln -s / "$tree/rootfs"                               # a link to /
ln -s real.py "$tree/pkg/alias.py"                   # a file link inside the root: read
mkdir -p "$tree/fan"                                 # 2^20 paths if folder links were followed
prev="$tree/fan"
for i in $(seq 1 20); do mkdir "$prev/d"; ln -s d "$prev/l1"; ln -s d "$prev/l2"; prev="$prev/d"; done
timeout 60 "$CODETRACE" qa "$tree" --no-git -o "$WORK/links.jsonl" --symbols "$WORK/links-symbols.jsonl" 2>"$WORK/links.err"
expect_eq 0 $? "qa on a tree of hostile links finishes"
if grep -q OUTSIDE-SECRET "$WORK/links.jsonl" "$WORK/links-symbols.jsonl"; then fail "text from outside the root reached the output"
else pass "no text from outside the root in the Q&A or the symbols"; fi
expect_contains "$WORK/links.err" "skipped x.py: symlink to a file outside the root" "a file link leaving the root is named"
expect_contains "$WORK/links.err" "skipped pkg/ext: symlink to a folder outside the root" "a folder link leaving the root is named"
expect_contains "$WORK/links.err" "skipped rootfs: symlink to a folder outside the root" "a link to / is named, not walked"
expect_contains "$WORK/links.jsonl" '"path":"pkg/alias.py"' "a file link inside the root is read"
git -C "$tree" init -q && git -C "$tree" add -A
timeout 60 "$CODETRACE" qa "$tree" -o "$WORK/links-git.jsonl" 2>"$WORK/links-git.err"
if grep -q OUTSIDE-SECRET "$WORK/links-git.jsonl"; then fail "git-listed link read outside the root"; else pass "git-listed links: nothing outside the root"; fi
expect_contains "$WORK/links-git.err" "skipped x.py: symlink to a file outside the root" "a git-listed link leaving the root is named"
# report re-reads only the files a trace names, even when its root is "/".
python3 - "$WORK/slash-trace.json" <<'PY'
import json, sys
json.dump({"meta": {"root": "/", "static": False}, "functions": [{"id": "m.f", "kind": "function", "file": "etc/no-such.py", "line": 1}],
           "edges": []}, open(sys.argv[1], "w"))
PY
timeout 60 "$CODETRACE" report "$WORK/slash-trace.json" -o "$WORK/slash.html" 2>"$WORK/slash.err"
expect_eq 0 $? "report on a trace whose root is / finishes at once"

# --- outputs: devices and FIFOs are written, never replaced; planted temp names are not followed ---
sample=$(copy_sample shop)
mkfifo "$WORK/out.fifo"
timeout 60 cat "$WORK/out.fifo" > "$WORK/fifo-content" &
reader=$!
timeout 60 "$CODETRACE" graph "$sample" -o "$WORK/out.fifo" 2>/dev/null
expect_eq 0 $? "graph -o FIFO"
if [ -p "$WORK/out.fifo" ]; then wait "$reader"; else kill "$reader" 2>/dev/null; fi
if [ -p "$WORK/out.fifo" ]; then pass "the FIFO is still a FIFO"; else fail "-o replaced the FIFO with a file"; fi
expect_contains "$WORK/fifo-content" '"edges"' "the graph went through the FIFO"
# A device of our own (as root): the same as /dev/null, without risking the machine's /dev/null.
if [ "$(id -u)" = 0 ] && mknod -m 666 "$WORK/null-device" c 1 3 2>/dev/null && : > "$WORK/null-device" 2>/dev/null; then
  "$CODETRACE" graph "$sample" -o "$WORK/null-device" 2>/dev/null
  expect_eq 0 $? "graph -o a character device"
  if [ -c "$WORK/null-device" ]; then pass "-o DEVICE leaves the device a device"; else fail "-o DEVICE replaced the device with a file"; fi
fi
printf 'precious\n' > "$WORK/victim"
ln -s "$WORK/victim" "$WORK/planted.jsonl.partial"
"$CODETRACE" qa "$sample" -o "$WORK/planted.jsonl" 2>/dev/null
expect_eq "precious" "$(cat "$WORK/victim")" "a symlink planted at FILE.partial is not written through"
expect_contains "$WORK/planted.jsonl" '"symbol"' "the output was still written"
ln -s "$WORK/victim" "$WORK/trace.json.record"
(cd "$sample" && "$CODETRACE" run -o "$WORK/trace.json" main.py data/orders.csv "$WORK/out.json" >/dev/null 2>&1)
expect_eq "precious" "$(cat "$WORK/victim")" "a symlink planted at FILE.record is not written through"
if ls "$WORK"/trace.json.record-* >/dev/null 2>&1; then fail "a record file was left behind"; else pass "no record file left behind"; fi

# --- fork: each process records into its own record; the trace has both processes' calls ---
cp "$SOURCE_DIR/tests/fixtures/run/forks.py" "$WORK/forks.py"
for backend in $(hook_backends); do
  use_backend "$backend"
  for run in 1 2 3 4 5; do
    timeout 60 "$CODETRACE" run -o "$WORK/fork.json" --no-static "$WORK/forks.py" >/dev/null 2>"$WORK/fork.err"
    code=$?
    python3 - "$WORK/fork.json" <<'PY' >"$WORK/fork.check" 2>&1 && [ "$code" = 0 ] || { fail "fork ($backend, run $run): exit $code, $(cat "$WORK/fork.check" "$WORK/fork.err")"; continue 2; }
import json, sys
d = json.load(open(sys.argv[1]))
edges = {(e["caller"], e["callee"]): e["observed"] for e in d["edges"]}
want = {"forks.before": 1, "forks.in_child": 1, "forks.first_seen_in_child": 1, "forks.in_parent": 2, "forks.first_seen_in_parent": 1,
        "forks.in_grandchild": 1}
got = {callee: edges.get(("forks.main", callee)) for callee in want}
assert got == want, got
assert d["meta"]["processes"] == 3, d["meta"]["processes"]
PY
  done
  pass "fork ($backend): the child's, the grandchild's and the parent's calls exact in 5 runs"
  cp "$SOURCE_DIR/tests/fixtures/run/pool.py" "$WORK/pool.py"
  for run in 1 2 3; do
    timeout 120 "$CODETRACE" run -o "$WORK/pool.json" --no-static "$WORK/pool.py" >"$WORK/pool.out" 2>"$WORK/pool.err"
    code=$?
    python3 - "$WORK/pool.json" <<'PY' >"$WORK/pool.check" 2>&1 && [ "$code" = 0 ] || { fail "pool ($backend, run $run): exit $code, $(cat "$WORK/pool.check" "$WORK/pool.err")"; continue 2; }
import json, sys
d = json.load(open(sys.argv[1]))
square = {(e["caller"], e["callee"]): e["observed"] for e in d["edges"] if "pool.square" in (e["caller"], e["callee"])}
assert square == {("multiprocessing.pool.mapstar", "pool.square"): 50}, square
assert d["meta"]["processes"] == 3, d["meta"]["processes"]
PY
  done
  expect_contains "$WORK/pool.out" "40425" "pool ($backend): the target's output is right"
  pass "pool ($backend): 50 calls in two forked workers, exact in 3 runs"
  if ls "$WORK"/fork.json.record-* >/dev/null 2>&1; then fail "fork: record files left behind"; fi
done
unset CODETRACE_HOOK
finish
