#!/usr/bin/env bash
# codetrace graph --jobs N: helper processes parse shares of the files, and the graph, the
# skipped-file messages and the exit code are the same for any N.
. "$(dirname "$0")/lib.sh"
tree="$WORK/tree"
mkdir -p "$tree/pkg"
: > "$tree/pkg/__init__.py"
# 90 modules calling each other across files (each helper has some of the callees), a class
# hierarchy across files (every third class derives from Base), one file with a syntax error
# and one that is not UTF-8.
for i in $(seq 0 89); do
  next=$(( (i + 1) % 90 ))
  base=object
  if [ $((i % 3)) = 0 ]; then base=Base; fi
  cat > "$tree/pkg/m$i.py" <<PY
from pkg import m$next
from pkg.base import Base

class C$i($base):
    def run(self, n):
        return m$next.f$next(n)

def f$i(n):
    return C$i().step(n)
PY
done
cat > "$tree/pkg/base.py" <<'PY'
class Base:
    def step(self, n):
        return self.run(n - 1) if n else 0
    def helper(self):
        return 1
PY
printf 'def broken(:\n    pass\n' > "$tree/pkg/bad_syntax.py"
printf 'x = "caf\xe9"\n' > "$tree/pkg/latin1.py"
# An invalid escape: Python 3.12+ warns when parsing it; that is not codetrace's to print.
printf 'import re\nPATTERN = re.compile("\\d+")\n' > "$tree/pkg/escapes.py"
for jobs in 1 2 3; do
  "$CODETRACE" graph "$tree" --no-git -j "$jobs" -o "$WORK/graph.json" 2>"$WORK/err.$jobs"
  expect_eq 0 $? "graph -j $jobs exits 0"
  mv "$WORK/graph.json" "$WORK/graph.$jobs.json"
done
expect_same_file "$WORK/graph.1.json" "$WORK/graph.2.json" "-j 2 writes the same graph as -j 1"
expect_same_file "$WORK/graph.1.json" "$WORK/graph.3.json" "-j 3 writes the same graph as -j 1"
grep "^codetrace: skipped" "$WORK/err.1" > "$WORK/skipped.1"
expect_eq 2 "$(wc -l < "$WORK/skipped.1")" "two files are skipped"
expect_same_file "$WORK/err.1" "$WORK/err.2" "-j 2 writes the same messages as -j 1"
expect_same_file "$WORK/err.1" "$WORK/err.3" "-j 3 writes the same messages as -j 1"
if grep -q "Warning" "$WORK/err.2"; then fail "Python's warnings about the analysed code are printed"; else pass "no Python warnings on stderr"; fi
expect_contains "$WORK/err.2" "skipped pkg/bad_syntax.py:1" "the broken file is named"
expect_contains "$WORK/graph.2.json" '{"caller":"pkg.m89.C89.run","callee":"pkg.m0.f0"' "a call into a module another process parsed"
expect_contains "$WORK/graph.2.json" '{"caller":"pkg.base.Base.step","callee":"pkg.m87.C87.run"' "self in a base class reaches a subclass parsed elsewhere"
# A helper that dies is tested in tests/unit/test_facts_collector.cpp (the fault is a parameter there).
"$CODETRACE" graph "$tree" --no-git -j 0 2>/dev/null; expect_eq 2 $? "-j 0 is a usage error"
finish
