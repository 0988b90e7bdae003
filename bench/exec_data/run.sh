#!/usr/bin/env bash
# Execution-grounded Q&A on real code nobody here wrote: copies of the stdlib's textwrap,
# fractions, statistics and json, exercised by driver.py and by the stdlib's own test_json and
# test_textwrap (Debian: libpython3.11-testsuite). Prints the counts `qa --trace --calls --verify`
# reports and re-evaluates every kept call in a fresh interpreter (reevaluate.py).
#   bench/exec_data/run.sh [BUILD_DIR] [WORK_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
codetrace=$(cd "${1:-$here/../../build}" && pwd)/codetrace
work=${2:-/tmp/codetrace-exec-data}
stdlib=$(/usr/bin/python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
rm -rf "$work" && mkdir -p "$work/src"
cp "$stdlib"/{textwrap,fractions,statistics}.py "$work/src/"
cp -r "$stdlib/json" "$work/src/" && rm -rf "$work/src/json/__pycache__"
cp "$here/driver.py" "$work/src/"
cd "$work/src"
"$codetrace" run --values --no-git -o "$work/driver.json" --dataset "$work/driver.calls.jsonl" driver.py
if [ -d "$stdlib/test/test_json" ]; then
  "$codetrace" run --values --no-git -o "$work/tests.json" --dataset "$work/tests.calls.jsonl" -m unittest test.test_json test.test_textwrap
  traces=(--trace "$work/driver.json" --trace "$work/tests.json" --calls "$work/driver.calls.jsonl" --calls "$work/tests.calls.jsonl")
else
  echo "no $stdlib/test/test_json (apt-get install libpython3.11-testsuite): the driver only" >&2
  traces=(--trace "$work/driver.json" --calls "$work/driver.calls.jsonl")
fi
"$codetrace" qa --no-git "${traces[@]}" --verify . -o "$work/qa.jsonl"
python3 - "$work/qa.jsonl" <<'PY'
import collections, json, sys
kinds = collections.Counter((r["question_type"], r.get("verified", False)) for r in map(json.loads, open(sys.argv[1])) if r["answer_source"] == "trace")
for (kind, verified), n in sorted(kinds.items()):
    print("%-16s verified=%-5s %d" % (kind, verified, n))
PY
python3 "$here/reevaluate.py" "$work/qa.jsonl" "$work/src" --python /usr/bin/python3
