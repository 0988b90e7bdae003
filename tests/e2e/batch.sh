#!/usr/bin/env bash
# codetrace batch: three local repositories, one broken: the broken one fails alone with its log,
# the others give qa, graph (and a trace where the list asks), shards in list order; a second run
# skips what is done; two halves of the list done apart (--part) and copied together give the
# same shards as one batch.
. "$(dirname "$0")/lib.sh"
shop=$(copy_sample shop)
mkdir -p "$WORK/tiny" "$WORK/broken"
printf 'def f():\n    """Return one, always, for the tests."""\n    return 1\n\nprint(f())\n' >"$WORK/tiny/t.py"
printf '\000\001 not python' >"$WORK/broken/x.py"
cat >"$WORK/list.txt" <<LIST
# two good repositories and a broken one
$shop | run main.py data/orders.csv $WORK/report.json
$WORK/broken
$WORK/tiny
LIST
cd "$WORK" || exit 1
"$CODETRACE" batch list.txt --out out --jobs 2 --shard-size 50 >stdout.txt 2>stderr.txt
expect_eq 1 $? "a failed repository: exit 1"
expect_contains stdout.txt "3 repositories: 2 done (0 from an earlier run), 1 failed" "the summary counts them"
expect_contains stdout.txt "failed: $WORK/broken" "and names the broken one"
python3 - out <<'PY' && pass "per repository: qa, graph, trace, log, status; shards in list order" || fail "batch outputs"
import glob, json, os, sys
out = sys.argv[1]
summary = json.load(open(f"{out}/summary.json"))
repos = {os.path.basename(r["source"]): r for r in summary["repositories"]}
assert [os.path.basename(r["source"]) for r in summary["repositories"]][0].startswith("shop"), summary
assert repos["broken"]["ok"] is False and repos["tiny"]["ok"] and repos["shop"]["ok"], repos
shop = f"{out}/repos/{repos['shop']['name']}"
for f in ("qa.jsonl", "graph.json", "trace.json", "calls.jsonl", "log.txt", "status.json"):
    assert os.path.getsize(f"{shop}/{f}") > 0, f
assert "binary file" in open(f"{out}/repos/{repos['broken']['name']}/log.txt").read()
shards = sorted(glob.glob(f"{out}/shards/qa-*.jsonl"))
lines = [l for s in shards for l in open(s)]
assert len(shards) > 1 and all(sum(1 for _ in open(s)) <= 50 for s in shards), shards
expected = list(open(f"{shop}/qa.jsonl")) + list(open(f"{out}/repos/{repos['tiny']['name']}/qa.jsonl"))
assert lines == expected, "shards hold the repositories' pairs in list order"
assert summary["qa_pairs"] == len(lines) and summary["call_records"] == sum(1 for _ in open(f"{shop}/calls.jsonl"))
PY
cp -r out/shards shards.first
"$CODETRACE" batch list.txt --out out --shard-size 50 >stdout2.txt 2>stderr2.txt
expect_contains stderr2.txt "skip   $shop" "a second run skips a finished repository"
expect_contains stdout2.txt "2 done (2 from an earlier run), 1 failed" "and tries the failed one again"
diff -r shards.first out/shards >/dev/null && pass "the shards are the same after resuming" || fail "shards changed on resume"

"$CODETRACE" batch list.txt --out partA --part 0/2 --shard-size 50 >/dev/null 2>&1
"$CODETRACE" batch list.txt --out partB --part 1/2 --shard-size 50 >/dev/null 2>&1
mkdir -p merged/repos && cp -r partA/repos/* partB/repos/* merged/repos/
"$CODETRACE" batch list.txt --out merged --shard-size 50 >stdout3.txt 2>stderr3.txt
expect_contains stdout3.txt "2 done (2 from an earlier run)" "merged halves: nothing is done twice"
# Q&A is deterministic; call records hold each run's own timings, so only their number is compared.
diff <(cat shards.first/qa-*.jsonl) <(cat merged/shards/qa-*.jsonl) >/dev/null && [ "$(ls shards.first)" = "$(ls merged/shards)" ] \
  && [ "$(cat shards.first/calls-*.jsonl | wc -l)" = "$(cat merged/shards/calls-*.jsonl | wc -l)" ] \
  && pass "two halves merged give the same shards" || fail "merged shards differ"
printf '%s | walk main.py\n' "$shop" >bad-list.txt
"$CODETRACE" batch bad-list.txt --out x >/dev/null 2>err.txt
expect_eq 1 $? "a malformed list: exit 1"
expect_contains err.txt "bad-list.txt:1" "the error names the line"

# A folder with spaces in its name; a line repeated; credentials in a URL never written anywhere.
mkdir -p "$WORK/with space" && cp "$WORK/tiny/t.py" "$WORK/with space/"
cat >"$WORK/list2.txt" <<LIST
$WORK/with space
$WORK/tiny
$WORK/with space
LIST
"$CODETRACE" batch list2.txt --out out2 --timeout 30 >stdout4.txt 2>stderr4.txt
expect_contains stderr4.txt "list2.txt:3: $WORK/with space repeats line 1; left out" "a repeated line is left out, with a warning"
python3 - out2 <<'PY' && pass "a folder with spaces is one source; the repeat adds no records" || fail "spaces or duplicates"
import glob, json, sys
summary = json.load(open(f"{sys.argv[1]}/summary.json"))
assert [r["ok"] for r in summary["repositories"]] == [True, True], summary
assert summary["repositories"][0]["source"].endswith("/with space"), summary
lines = [l for s in sorted(glob.glob(f"{sys.argv[1]}/shards/qa-*.jsonl")) for l in open(s)]
assert len(lines) == len(set(lines)) and summary["qa_pairs"] == len(lines), "duplicate records in the shards"
PY
printf 'https://user:SECRETTOKEN123@127.0.0.1:9/repo.git?private_token=OTHERSECRET456\n' >list4.txt
"$CODETRACE" batch list4.txt --out out4 --timeout 30 >stdout5.txt 2>stderr5.txt
expect_eq 1 $? "a URL that cannot be cloned fails its repository (1)"
[ -f out4/summary.json ] || fail "no summary for the URL batch"
if grep -rq "SECRETTOKEN123\|OTHERSECRET456" out4 stdout5.txt stderr5.txt || ls out4/repos | grep -q SECRET; then
  fail "URL credentials written into the batch's folders, logs, status or summary"
else pass "URL credentials appear in no folder name, log, status, summary or message"; fi

# A batch killed (SIGKILL, no chance to clean up) leaves no step or traced target running.
mkdir -p "$WORK/sleeper"
marker="codetrace-batch-sleeper-$$"
printf 'import time\n\ndef nap():\n    """Sleep long enough for the batch to be killed."""\n    time.sleep(120)\n\nnap()\n' >"$WORK/sleeper/nap.py"
printf '%s | run nap.py\n' "$WORK/sleeper" >list3.txt
# Every process of a batch is a fork of it (no exec): they all show its command line.
"$CODETRACE" batch list3.txt --out "$marker" >/dev/null 2>&1 &
batch=$!
for _ in $(seq 1 300); do ls "$marker"/repos/*/trace.json.record* >/dev/null 2>&1 && break; sleep 0.1; done
ls "$marker"/repos/*/trace.json.record* >/dev/null 2>&1 || fail "the traced target never started"
kill -KILL "$batch"
for _ in $(seq 1 50); do pgrep -f "$marker" >/dev/null || break; sleep 0.1; done
if pgrep -f "$marker" >/dev/null; then fail "a killed batch left processes running: $(pgrep -af "$marker")"; pkill -KILL -f "$marker"
else pass "a killed batch leaves nothing running"; fi
finish
