#!/usr/bin/env bash
# Dataset cards and splits: qa --split writes train/validation/test files split by module, the
# same every run, together holding exactly the pairs of the unsplit output; --card writes a
# README.md with the Hugging Face YAML header whose splits and counts match the files; the
# license is read from the source; run --dataset --card describes the call records.
. "$(dirname "$0")/lib.sh"
shop=$(copy_sample shop)
printf 'MIT License\n\nCopyright (c) 2026 Shop\n\nPermission is hereby granted, free of charge, to any person...\n' >"$shop/LICENSE"
cd "$WORK" || exit 1
mkdir -p out again
"$CODETRACE" qa "$shop" --no-git -o all.jsonl 2>/dev/null
"$CODETRACE" qa "$shop" --no-git --split --card out/README.md -o out/qa.jsonl 2>err.txt
expect_eq 0 $? "qa --split --card exits 0"
expect_contains err.txt "split by module" "the summary names the splits"
"$CODETRACE" qa "$shop" --no-git --split -o again/qa.jsonl 2>/dev/null
for s in train validation test; do
  cmp -s "out/qa.$s.jsonl" "again/qa.$s.jsonl" && pass "$s: the same in a second run" || fail "$s differs between runs"
done
python3 - all.jsonl out <<'PY' && pass "the splits partition the pairs by module; the card matches the files" || fail "splits and card"
import json, sys
everything = sorted(open(sys.argv[1]).read().splitlines())
parts = {s: open(f"{sys.argv[2]}/qa.{s}.jsonl").read().splitlines() for s in ("train", "validation", "test")}
assert sorted(sum(parts.values(), [])) == everything, "the splits hold exactly the pairs"
paths = {s: {json.loads(l)["path"] for l in lines} for s, lines in parts.items()}
assert all(paths[s] for s in paths), {s: len(p) for s, p in paths.items()}
assert not (paths["train"] & paths["test"] or paths["train"] & paths["validation"] or paths["test"] & paths["validation"]), paths
card = open(f"{sys.argv[2]}/README.md").read()
assert card.startswith("---\n") and card.count("\n---\n") >= 1, card[:100]
header = card.split("\n---\n", 1)[0]
assert "license: mit\n" in header and "task_categories:\n- question-answering" in header, header
assert 'source_repo: "shop"' in header and 'generator: "codetrace ' in header, header
for s, lines in parts.items():
    assert f'  - split: {s}\n    path: "qa.{s}.jsonl"' in header, s
    assert f"  - name: {s}\n    num_examples: {len(lines)}" in header, (s, len(lines))
assert "  - name: question\n    dtype: string" in header and "  - name: start_line\n    dtype: int64" in header
try:
    import yaml
    meta = yaml.safe_load(header[4:])
    assert meta["license"] == "mit" and [c["split"] for c in meta["configs"][0]["data_files"]] == ["train", "validation", "test"], meta
except ImportError:
    pass
PY
"$CODETRACE" qa "$shop" --no-git --split 2>err.txt >/dev/null
expect_eq 2 $? "--split without -o is a usage error"

(cd "$shop" && "$CODETRACE" run --values --dataset "$WORK/out/calls.jsonl" --card "$WORK/out/CALLS.md" -o "$WORK/t.json" main.py data/orders.csv "$WORK/r.json" >/dev/null 2>&1)
expect_eq 0 $? "run --dataset --card exits 0"
python3 - out/CALLS.md out/calls.jsonl <<'PY' && pass "the call dataset's card lists its file and count" || fail "run card"
import sys
card, n = open(sys.argv[1]).read(), sum(1 for _ in open(sys.argv[2]))
header = card.split("\n---\n", 1)[0]
assert '  - split: train\n    path: "calls.jsonl"' in header and f"num_examples: {n}\n" in header, header
assert "license: mit" in header and "| `calls` | list of strings |" in card, card
PY
"$CODETRACE" run --card x.md -o t2.json "$shop/main.py" >/dev/null 2>err.txt
expect_eq 2 $? "--card without --dataset is a usage error"
finish
