#!/usr/bin/env python3
"""Markdown -> recto -> Markdown is stable after one pass: md1 is recto's
Markdown of a source, md2 is recto's Markdown of md1, and md1 == md2.

usage: roundtrip.py samples | pandoc

samples: every samples/*.md of the source tree;
pandoc:  ../shared/conformance/pandoc/*.txt, writer.markdown and the
         CommonMark spec.txt (exit 77 without ../shared),
         with the notes of testsuite.txt counted (5, as in pandoc's AST).
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

RECTO = os.environ.get("RECTO", "recto")


def convert(src, dst, fmt="markdown"):
    proc = subprocess.run([RECTO, "-q", "-f", "markdown", "-t", fmt, src,
                           "-o", dst], stderr=subprocess.PIPE)
    if proc.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (src, proc.returncode,
                                                proc.stderr.decode()))


def stable(path, tmp):
    md1 = os.path.join(tmp, "md1.md")
    md2 = os.path.join(tmp, "md2.md")
    convert(path, md1)
    convert(md1, md2)
    with open(md1, "rb") as a, open(md2, "rb") as b:
        one, two = a.read(), b.read()
    if one != two:
        lines1 = one.decode("utf-8", "replace").splitlines()
        lines2 = two.decode("utf-8", "replace").splitlines()
        for i, (x, y) in enumerate(zip(lines1, lines2)):
            if x != y:
                print("  first difference at line %d:\n  md1: %r\n  md2: %r"
                      % (i + 1, x, y))
                break
        else:
            print("  md1 has %d lines, md2 %d" % (len(lines1), len(lines2)))
        return False, one
    return True, one


def count_native(path, tmp):
    """Cites, citation items and notes of path, from recto's native dump."""
    out = os.path.join(tmp, "doc.json")
    convert(path, out, "native")
    with open(out, encoding="utf-8") as f:
        doc = json.load(f)
    counts = {"cite": 0, "items": 0, "note": 0}
    stack = list(doc.get("blocks", []))
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        kind = node.get("type")
        if kind in counts:
            counts[kind] += 1
        if kind == "cite":
            counts["items"] += len(node.get("items", []))
        stack.extend(node.get("children", []))
    return counts


def main():
    what = sys.argv[1] if len(sys.argv) > 1 else "samples"
    root = os.environ.get("RECTO_SOURCE_ROOT", ".")
    if what == "samples":
        files = sorted(glob.glob(os.path.join(root, "samples", "*.md")))
        if not files:
            print("no samples/*.md")
            return 1
    else:
        shared = os.environ.get("RECTO_SHARED", "")
        pdir = os.path.join(shared, "conformance", "pandoc")
        if not shared or not os.path.isdir(pdir):
            print("no ../shared/conformance/pandoc: skipped")
            return 77
        files = sorted(glob.glob(os.path.join(pdir, "*.txt")) +
                       [os.path.join(pdir, "writer.markdown")])
        # the CommonMark spec itself: a large real Markdown document
        spec = os.path.join(shared, "conformance", "commonmark", "spec.txt")
        if os.path.exists(spec):
            files.append(spec)
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            ok, md1 = stable(path, tmp)
            name = os.path.basename(path)
            if ok and name == "testsuite.txt":
                # every note of pandoc's suite is still a note: 2 [^x] and
                # 3 ^[...] in the source, 5 definitions written
                notes = md1.count(b"\n[^")
                if notes != 5:
                    print("  testsuite.txt: %d note definitions, not 5"
                          % notes)
                    ok = False
            if ok and name == "markdown-citations.txt":
                # pandoc's AST of it has 16 Cite (21 citations) and 3 Note
                got = count_native(path, tmp)
                want = {"cite": 16, "items": 21, "note": 3}
                if got != want:
                    print("  markdown-citations.txt: %r, not %r" % (got, want))
                    ok = False
            print("%-4s %s" % ("ok" if ok else "FAIL", name))
            failed += not ok
    print("%d of %d stable" % (len(files) - failed, len(files)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
