# Shared by the end-to-end tests: run with CODETRACE (the built binary) and SOURCE_DIR set.
set -u
: "${CODETRACE:?set CODETRACE to the codetrace binary}"
: "${SOURCE_DIR:?set SOURCE_DIR to the repository root}"
WORK=$(mktemp -d /tmp/codetrace-e2e-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
FAILURES=0

fail() { echo "FAIL: $*" >&2; FAILURES=$((FAILURES + 1)); }
pass() { echo "ok: $*"; }

expect_eq() {  # expected actual what
  if [ "$1" = "$2" ]; then pass "$3"; else fail "$3: expected [$1], got [$2]"; fi
}
expect_contains() {  # file needle what
  if grep -qF -- "$2" "$1"; then pass "$3"; else fail "$3: [$2] not in $1"; echo "--- $1:" >&2; head -20 "$1" >&2; fi
}
expect_same_file() {  # expected actual what
  if cmp -s "$1" "$2"; then pass "$3"; else fail "$3: $2 differs from $1"; diff "$1" "$2" | head -20 >&2; fi
}
# Copies a sample out of the repository so that git does not list its files and no commit is recorded.
copy_sample() {  # name -> prints the copy's path
  cp -r "$SOURCE_DIR/samples/$1" "$WORK/$1"
  echo "$WORK/$1"
}
# The hook backends to run a tracer test under: the default one, and on Python 3.11+ (where the
# default is the PEP 523 frame evaluator or sys.monitoring) the profile hook too, which must pass
# the same checks.
hook_backends() {
  if "$CODETRACE" --version | grep -Eq 'Python 3\.(1[1-9])'; then echo "default setprofile"; else echo "default"; fi
}
use_backend() {  # default | setprofile
  if [ "$1" = setprofile ]; then export CODETRACE_HOOK=setprofile; else unset CODETRACE_HOOK; fi
}
finish() {
  if [ "$FAILURES" -ne 0 ]; then echo "$FAILURES check(s) failed" >&2; exit 1; fi
  echo "all checks passed"
}
