#!/usr/bin/env python3
"""recto's own TEI and DocBook read back give the document they came from.

    roundtrip.py samples|seeds tei|docbook

Every document of samples/ (read by its extension) or every seed text of
../shared/corpus/seeds/ (read as plain text) is converted to the native
AST, written in FORMAT, read back by FORMAT's reader, and the two ASTs
are compared after astnorm.reduce, which leaves out exactly what the XML
formats cannot carry (listed in astnorm.py).  A document that declares no
language is compared as the languages transform leaves it, as the writers
get it.
Exit status: 0 same, 1 a difference, 77 (seeds) when ../shared is absent.
"""
import difflib
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import astnorm  # noqa: E402

RECTO = os.environ["RECTO"]
NOT_DOCUMENTS = (".bib", ".json", ".png", ".jpg", ".jpeg", ".gif", ".css",
                 ".yaml", ".yml")
EXT = {"tei": "tei.xml", "docbook": "dbk"}


def recto(args):
    env = dict(os.environ, RECTO_PLUGIN_CACHE="")
    return subprocess.run([RECTO, "-q"] + args, capture_output=True, env=env)


def inputs(which):
    if which == "samples":
        root = os.path.join(os.environ.get("RECTO_SOURCE_ROOT", "."),
                            "samples")
        return [(os.path.join(root, n), []) for n in sorted(os.listdir(root))
                if not n.lower().endswith(NOT_DOCUMENTS)]
    root = os.path.join(os.environ.get("RECTO_SHARED", ""), "corpus", "seeds")
    if not os.path.isdir(root):
        return None
    return [(os.path.join(root, n), ["-f", "plain"])
            for n in sorted(os.listdir(root))]


def main():
    which, fmt = sys.argv[1], sys.argv[2]
    docs = inputs(which)
    if docs is None:
        print("SKIP: ../shared/corpus/seeds is absent")
        return 77
    failures = 0
    with tempfile.TemporaryDirectory(prefix="recto-rt-") as tmp:
        for path, opts in docs:
            name = os.path.basename(path)
            a = recto(opts + [path, "-t", "native"])
            out = os.path.join(tmp, name + "." + EXT[fmt])
            w = recto(opts + [path, "-t", fmt, "-o", out])
            b = recto([out, "-t", "native"])
            if a.returncode or w.returncode or b.returncode:
                print("FAIL: %s: exit %d, %d, %d: %s" % (
                    name, a.returncode, w.returncode, b.returncode,
                    (a.stderr + w.stderr + b.stderr)[-400:]))
                failures += 1
                continue
            orig = json.loads(a.stdout)
            if not orig.get("lang"):
                # a document that declares no language is written to TEI
                # and DocBook with the languages the transform finds (README)
                a = recto(opts + [path, "-t", "native", "--transform",
                                  "languages"])
                orig = json.loads(a.stdout)
            back = json.loads(b.stdout)
            ra = json.dumps(astnorm.reduce(orig), indent=1, sort_keys=True,
                            ensure_ascii=False).splitlines()
            rb = json.dumps(astnorm.reduce(back, orig), indent=1,
                            sort_keys=True, ensure_ascii=False).splitlines()
            diff = list(difflib.unified_diff(ra, rb, "original",
                                             "through " + fmt, lineterm=""))
            if diff:
                print("FAIL: %s through %s differs:" % (name, fmt))
                print("\n".join(diff[:60]))
                failures += 1
            else:
                print("%s: same through %s" % (name, fmt))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
