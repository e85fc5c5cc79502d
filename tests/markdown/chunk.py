#!/usr/bin/env python3
"""Big Markdown inputs are parsed in pieces cut before top-level "# "
headings: the document must be the same as when the input is parsed whole.

Each input is converted with -O markdown.chunk=0 (whole) and with tiny
pieces (markdown.chunk=1 and =1000), to native and to Markdown, and the
outputs must be byte-identical.  Inputs: samples/*.md, pandoc's test
documents and the CommonMark spec examples (when ../shared is there), a
generated bench input and a few hand-made traps (notes mentioned across
headings, fences and HTML blocks left open, divs around headings).

usage: chunk.py
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

RECTO = os.environ.get("RECTO", "recto")
ROOT = os.environ.get("RECTO_SOURCE_ROOT",
                      os.path.join(os.path.dirname(__file__), "..", ".."))
SHARED = os.environ.get("RECTO_SHARED", os.path.join(ROOT, "..", "shared"))

TRAPS = [
    # a note mentioned before and after a cut, defined in between
    "# A\n\ntext[^a] and [^b]\n\n[^a]: first\n\n# B\n\nagain [^A]\n\n"
    "# C\n\n[^b]: second\n\n# D\n\nlast[^c]\n\n[^c]: third\n",
    # a fence left open across headings
    "# A\n\n```\ncode\n\n# not a heading\n\n    ```\n\n# still code\n"
    "```\n\n# B\n\ntext\n",
    # HTML blocks that blank lines do not end
    "# A\n\n<!-- open\n\n# in comment\n\n-->\n\n# B\n\n<pre>\n\n# in pre\n"
    "</pre>\n\n# C\n\n<div>\n\n# D\n\n<?php\n\n# E\n?>\n\n# F\n",
    # divs around headings, and one closed inside a list item
    "# A\n\n::: note\n\n# in div\n\n:::\n\n# B\n\n::: x\n\n- a\n\n  :::\n\n"
    "# C\n\ntext\n",
    # a note label cmark folds, and a definition whose text starts later
    "# A\n\nsee[^Big_Note]\n\n# B\n\n[^big_note]: x\n\n# C\n\n[^n]:\n"
    "    body[^n]\n\n# D\n\nend\n",
    # lists, tables and code that end at the cut
    "# A\n\n- a\n\n  b\n\n# B\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
    "# C\n\n    indented\n\n# D\n\n> quote\n> ```\n\n# E\n",
]


def convert(src, fmt, chunk):
    proc = subprocess.run([RECTO, "-q", "-f", "markdown", "-t", fmt,
                           "-O", "markdown.chunk=%d" % chunk, src, "-o", "-"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return proc.returncode, proc.stdout, proc.stderr


def first_diff(a, b):
    la, lb = a.splitlines(), b.splitlines()
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return "line %d:\n  whole:  %r\n  pieces: %r" % (i + 1, x, y)
    return "lengths %d and %d lines" % (len(la), len(lb))


def check(path):
    bad = 0
    for fmt in ("native", "markdown"):
        whole = convert(path, fmt, 0)
        for chunk in (1, 1000):
            got = convert(path, fmt, chunk)
            if got != whole:
                print("FAIL %s -t %s chunk=%d: %s" % (
                    path, fmt, chunk,
                    first_diff(whole[1], got[1]) if whole[1] != got[1]
                    else "exit or messages differ"))
                bad += 1
    return bad


def spec_docs(tmp):
    spec = os.path.join(SHARED, "conformance", "commonmark", "spec.json")
    if not os.path.exists(spec):
        print("no ../shared/conformance/commonmark/spec.json: skipped")
        return []
    with open(spec, encoding="utf-8") as f:
        examples = [e["markdown"] for e in json.load(f)]
    docs = []
    # all of them (reference definitions: parsed whole), and those without
    # (cut before every example)
    for name, keep in (("spec-all", lambda m: True),
                       ("spec-norefs", lambda m: "]:" not in m)):
        parts = ["# Example %d\n\n%s" % (i + 1, m)
                 for i, m in enumerate(examples) if keep(m)]
        path = os.path.join(tmp, name + ".md")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n\n".join(parts))
        docs.append(path)
    return docs


def main():
    bad = 0
    files = sorted(glob.glob(os.path.join(ROOT, "samples", "*.md")))
    pandoc = os.path.join(SHARED, "conformance", "pandoc")
    if os.path.isdir(pandoc):
        files += sorted(glob.glob(os.path.join(pandoc, "*.txt")))
        files += [os.path.join(pandoc, "writer.markdown")]
    else:
        print("no ../shared/conformance/pandoc: skipped")
    with tempfile.TemporaryDirectory() as tmp:
        files += spec_docs(tmp)
        gen = os.path.join(tmp, "bench.md")
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen.py"),
                        "markdown", "1", gen], check=True)
        files.append(gen)
        for i, t in enumerate(TRAPS):
            path = os.path.join(tmp, "trap%d.md" % (i + 1))
            with open(path, "w", encoding="utf-8") as f:
                f.write(t)
            files.append(path)
        for path in files:
            bad += check(path)
    print("%d inputs, %d failures" % (len(files), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
