#!/usr/bin/env python3
"""Compares codetrace's comment lexer with Python's tokenize module, file by file.

Usage: check_comments.py DUMP_COMMENTS_BINARY PYTHON_FILE_OR_FOLDER...
Exits 1 and lists the differences when any file disagrees. Files that tokenize rejects are skipped.
"""
import os
import subprocess
import sys
import tokenize


def python_files(paths):
    for path in paths:
        if os.path.isfile(path):
            yield path
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", "site-packages"))
            for name in sorted(files):
                if name.endswith(".py"):
                    yield os.path.join(folder, name)


def tokenize_comments(path):
    found = []
    with open(path, "rb") as handle:
        for token in tokenize.tokenize(handle.readline):
            if token.type == tokenize.COMMENT:
                found.append((token.start[0], token.string[1:].strip(" \t\f\r\v")))  # ASCII, as codetrace trims
    return found


def main():
    binary, paths = sys.argv[1], sys.argv[2:]
    expected, checked = {}, []
    for path in python_files(paths):
        try:
            expected[path] = tokenize_comments(path)
            checked.append(path)
        except (tokenize.TokenError, SyntaxError, UnicodeDecodeError, LookupError):
            pass
    actual = {path: [] for path in checked}
    for start in range(0, len(checked), 200):
        out = subprocess.run([binary] + checked[start:start + 200], check=True, stdout=subprocess.PIPE).stdout
        for line in out.decode("utf-8", "replace").splitlines():
            path, number, text = line.split("\t", 2)
            actual[path].append((int(number), text))
    bad = [p for p in checked if expected[p] != actual[p]]
    comments = sum(len(v) for v in expected.values())
    print(f"{len(checked)} files, {comments} comments: {len(checked) - len(bad)} files agree with tokenize")
    for path in bad[:20]:
        missing = sorted(set(expected[path]) - set(actual[path]))[:3]
        extra = sorted(set(actual[path]) - set(expected[path]))[:3]
        print(f"  {path}: missing {missing} extra {extra}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
