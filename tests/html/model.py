"""Counting what a native document holds (shared by the HTML and EPUB
reader tests)."""
import collections
import json
import os
import subprocess
import sys


def run(args, expect=0):
    """Run recto; return (status, stderr lines)."""
    p = subprocess.run([os.environ["RECTO"]] + args, capture_output=True,
                       text=True)
    if expect is not None and p.returncode != expect:
        sys.stdout.write("recto %s: exit %d\n%s" % (" ".join(args),
                                                   p.returncode, p.stderr))
    return p.returncode, p.stderr.splitlines()


def native(path, tmp, fmt=None):
    """The document read from path, as native JSON (a dict), or None."""
    out = os.path.join(tmp, os.path.basename(path) + ".native")
    args = ([] if fmt is None else ["-f", fmt]) + [path, "-t", "native",
                                                    "-o", out]
    status, _ = run(args)
    if status:
        return None
    with open(out, encoding="utf-8") as f:
        return json.load(f)


def nodes(doc):
    """Every node of the blocks, in document order."""
    stack = list(reversed(doc["blocks"]))
    while stack:
        n = stack.pop()
        if isinstance(n, dict):
            if "type" in n:
                yield n
            for key in ("children", "items", "blocks"):
                if isinstance(n.get(key), list):
                    stack.extend(reversed(n[key]))


def counts(doc):
    return collections.Counter(n["type"] for n in nodes(doc))


def text(doc):
    """All text of the blocks, concatenated."""
    return "".join(n.get("text", "") for n in nodes(doc)
                   if n["type"] in ("text", "code", "code_block"))


def meta(doc, key):
    v = doc["meta"].get(key)
    if isinstance(v, dict) and "string" in v:
        return v["string"]
    return v


class Checker:
    def __init__(self):
        self.failures = 0

    def eq(self, what, got, want):
        ok = got == want
        self.failures += not ok
        print("%s %s: %r%s" % ("ok  " if ok else "FAIL", what, got,
                               "" if ok else " (expected %r)" % (want,)))

    def true(self, what, cond, detail=""):
        self.failures += not cond
        print("%s %s%s" % ("ok  " if cond else "FAIL", what,
                           (": " + detail) if detail else ""))

    def status(self):
        return 1 if self.failures else 0
