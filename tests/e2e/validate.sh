#!/usr/bin/env bash
# codetrace validate: passes on what codetrace writes for the sample (Q&A in every format, the
# trace, the call dataset and sequences, with --root and --model); each check fails on a copy
# broken on purpose; --fix writes a copy that passes; a missing file is a clear error.
. "$(dirname "$0")/lib.sh"
shop=$(copy_sample shop)
cd "$WORK" || exit 1
"$CODETRACE" qa "$shop" --no-git --callgraph -o qa.jsonl 2>/dev/null
"$CODETRACE" qa "$shop" --no-git --format chat -o chat.jsonl 2>/dev/null
"$CODETRACE" qa "$shop" --no-git --format alpaca -o alpaca.jsonl 2>/dev/null
(cd "$shop" && "$CODETRACE" run --values --dataset "$WORK/calls.jsonl" -o "$WORK/trace.json" main.py data/orders.csv "$WORK/report.json" >/dev/null 2>&1)
# A second run of the same code (its unit test) for the next-callee model to be tested on.
printf 'import sys\nsys.path.insert(0, sys.argv[1])\nfrom tests.test_cart import test_total_includes_tax\ntest_total_includes_tax()\n' >drive.py
"$CODETRACE" run --root "$shop" --dataset calls2.jsonl -o trace2.json drive.py "$shop" >/dev/null 2>&1
expect_eq 0 $? "the second run succeeds"

"$CODETRACE" validate qa.jsonl chat.jsonl alpaca.jsonl trace.json calls.jsonl calls.sequences.jsonl calls2.jsonl --root "$shop" --model >report.txt 2>err.txt
expect_eq 0 $? "validate passes on codetrace's own output for the sample"
expect_contains report.txt "validate: all checks passed" "the report says so"
grep -q "FAIL\|^  skip" report.txt && fail "no check fails or is skipped: $(grep 'FAIL\|^  skip' report.txt | head -3)" || pass "every check ran and passed"
"$CODETRACE" validate qa.jsonl calls.jsonl calls2.jsonl --root "$shop" --model --json >report.json
python3 - report.json <<'PY' && pass "--model: the next-callee predictor is learnable; the sample's Q&A are too few to tell" || fail "model figures"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["ok"], r
m = {x["name"]: x for x in r["models"]}
assert m["qa_retrieval"]["skipped"].startswith("too few held-out records to tell"), m["qa_retrieval"]
assert m["qa_retrieval"]["learnable"] is None and m["predict_output"]["skipped"], m
nc = m["next_call"]
f = nc["figures"]
assert nc["learnable"] is True and nc["score"] == {"name": "accuracy", "value": f["accuracy"]}, nc
assert nc["baselines"] == [{"name": "most_frequent_callee", "score": f["baseline_accuracy"]}], nc
assert f["test_calls"] > 0 and f["accuracy"] >= 2 * f["baseline_accuracy"] and f["accuracy"] >= f["baseline_accuracy"] + 0.05, f
PY

# Q&A retrieval on code nobody here wrote (a copy of the standard library's email package): with
# each symbol's name hidden, the answer is still found from question and context, far above the
# name lookup on the masked questions and the shuffled control.
cp -r "$(python3 -c 'import email, os; print(os.path.dirname(email.__file__))')" "$WORK/email"
"$CODETRACE" qa "$WORK/email" --no-git -o email.jsonl 2>/dev/null
"$CODETRACE" validate email.jsonl --root "$WORK/email" --model --json >email.json
expect_eq 0 $? "validate --model passes on the email package's Q&A"
python3 - email.json <<'PY' && pass "--model --json: masked retrieval, name lookup and control, named, with the verdict" || fail "masked retrieval figures"
import json, sys
m = {x["name"]: x for x in json.load(open(sys.argv[1]))["models"]}["qa_retrieval"]
f = m["figures"]
assert m["learnable"] is True and m["score"] == {"name": "masked_top1", "value": f["masked_top1"]}, m
assert [b["name"] for b in m["baselines"]] == ["masked_name_lookup_top1", "control_top1"], m
assert f["test_records"] >= 20 and f["masked_name_lookup_top1"] == 0, f
assert f["masked_top1"] >= 2 * f["control_top1"] and f["name_lookup_top1"] > f["masked_top1"], f
assert "name masked" in m["summary"] and "which symbol" not in m["task"], m
PY

# Breaks one thing in a copy of a file; validate must fail that check (exit 3) and name the line.
broken() {  # check file python-edit
  local check=$1 file=$2 edit=$3
  rm -f "bad.$file"
  python3 -c "$edit" "$file" "bad.$file" || { fail "$check: the edit did not apply"; return; }
  "$CODETRACE" validate "bad.$file" --root "$shop" >out.txt 2>&1
  local code=$?
  if [ "$code" -eq 3 ] && grep -q "FAIL  $check" out.txt; then pass "$check fails on a broken copy"
  else fail "$check on a broken copy (exit $code): $(grep -E 'FAIL|ERROR' out.txt | head -2)"; fi
}
JSONL='import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
'
SAVE='
with open(sys.argv[2], "w") as out:
    out.writelines(json.dumps(r) + "\n" for r in rows)'
broken schema qa.jsonl "$JSONL"'del rows[3]["answer_source"]'"$SAVE"
broken traceable qa.jsonl "$JSONL"'rows[5]["start_line"] += 1'"$SAVE"
broken answer_not_empty qa.jsonl "$JSONL"'rows[2]["answer"] = "  "'"$SAVE"
broken answer_not_restating qa.jsonl "$JSONL"'rows[2]["answer"] = "It is " + rows[2]["symbol"].split(".")[-1]'"$SAVE"
broken trivial_docstring qa.jsonl "$JSONL"'r = next(r for r in rows if r["answer_source"] == "docstring" and r["question_type"] == "purpose"); r["answer"] = "Does it."'"$SAVE"
broken exact_duplicate qa.jsonl "$JSONL"'rows.append(dict(rows[7]))'"$SAVE"
broken one_answer qa.jsonl "$JSONL"'c = dict(rows[7]); c["answer"] = "A different answer altogether, about something else."; c["id"] = "0123456789abcdef"; rows.append(c)'"$SAVE"
broken near_duplicate qa.jsonl "$JSONL"'r = max(rows, key=lambda r: len(r["answer"])); c = dict(r); c["answer"] = c["answer"] + " Indeed."; c["id"] = "0123456789abcdef"; rows.append(c)'"$SAVE"
broken no_secrets qa.jsonl "$JSONL"'rows[4]["answer"] += " Use the key AKIAIOSFODNN7REALKEY1."'"$SAVE"
broken no_personal_data qa.jsonl "$JSONL"'rows[4]["context"] += "  # ask jane.doe@gmail.com"'"$SAVE"
broken schema calls.jsonl 'import sys; lines = open(sys.argv[1]).readlines(); lines[1] = lines[1][:20] + "\n"; open(sys.argv[2], "w").writelines(lines)'
broken consistent calls.jsonl "$JSONL"'rows[3]["parent_call"] = rows[3]["call"] + 5'"$SAVE"
broken traceable calls.jsonl "$JSONL"'rows[0]["line"] = 9999'"$SAVE"
TRACE='import json, sys
t = json.load(open(sys.argv[1]))
'
TSAVE='
json.dump(t, open(sys.argv[2], "w"))'
broken edges_known trace.json "$TRACE"'e = next(e for e in t["edges"] if not e.get("boundary")); e["callee"] = "shop.nowhere.ghost"'"$TSAVE"
broken counts trace.json "$TRACE"'e = next(e for e in t["edges"] if e["status"] == "both"); e["observed"] += 1'"$TSAVE"
broken static_agrees trace.json "$TRACE"'e = next(e for e in t["edges"] if e["status"] == "both" and not e.get("boundary")); e["static"] = False; e["status"] = "observed_only"'"$TSAVE"
broken traceable trace.json "$TRACE"'f = next(f for f in t["functions"] if f["id"] == "shop.pricing.tax.tax"); f["line"] += 2'"$TSAVE"

# A run whose static graph covered some files only: its static marks cannot be compared with a
# graph of the whole root, so that check is skipped, not failed.
(cd "$shop" && "$CODETRACE" run --include 'shop/pricing/*' -o "$WORK/limited.json" main.py data/orders.csv "$WORK/limited-out.json" >/dev/null 2>&1)
"$CODETRACE" validate limited.json --root "$shop" >out.txt 2>&1
expect_eq 0 $? "a trace made with --include passes"
expect_contains out.txt "skip  static_agrees: the trace's static graph covered only the files of its --include/--exclude" "and says why static marks are not compared"

# --fix: a copy without the failing records, which then passes.
python3 -c "$JSONL"'rows.append(dict(rows[7])); rows[4]["answer"] += " token ghp_abcdefghijklmnopqrstuvwxyz0123456789"'"$SAVE" qa.jsonl dirty.jsonl
mkdir -p fixed
"$CODETRACE" validate dirty.jsonl --root "$shop" --fix fixed >out.txt 2>&1
expect_eq 3 $? "the dirty copy fails"
expect_eq "$(( $(wc -l <qa.jsonl) - 1 ))" "$(wc -l <fixed/dirty.jsonl)" "--fix drops the duplicate and the record with the token"
"$CODETRACE" validate fixed/dirty.jsonl --root "$shop" >out.txt 2>&1
expect_eq 0 $? "the cleaned copy passes"

"$CODETRACE" validate nowhere.jsonl >out.txt 2>err.txt
expect_eq 1 $? "a missing file: exit 1"
expect_contains err.txt "nowhere.jsonl" "the error names the file"
printf 'not json at all\n' >junk.jsonl
"$CODETRACE" validate junk.jsonl >out.txt 2>err.txt
expect_eq 1 $? "a file codetrace does not write: exit 1"
expect_contains err.txt "junk.jsonl is not a file codetrace writes" "and says so"
finish
