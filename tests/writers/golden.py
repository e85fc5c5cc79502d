#!/usr/bin/env python3
"""Compare DocBook and TEI output with the golden files, byte for byte.

    golden.py MKDOC [--update]

The golden files in tests/writers/golden/ are the fixtures of fixtures.c
(written through MKDOC) and a few small samples (through $RECTO), in both
formats, so that any change to the writers shows in review as a diff of
these files.  After an intended change, regenerate them with --update
(from the build directory: python3 ../tests/writers/golden.py
tests/writers/mkdoc --update, with RECTO set) and review the diff.
"""
import difflib
import os
import subprocess
import sys

# (golden file stem, how to make it)
CASES = [
    ("rich", ("mkdoc", "rich", [])),
    ("edge", ("mkdoc", "edge", [])),
    ("book", ("mkdoc", "book", [])),
    ("rich-numeric", ("mkdoc", "rich", ["citation-style=numeric",
                                        "citation-text=style"])),
    ("taqrir-ar", ("sample", "taqrir-ar.md", [])),
    ("persian-utf16", ("sample", "persian-utf16.txt", [])),
]
FORMATS = [("docbook", "dbk"), ("tei", "tei")]


def produce(mkdoc, recto, src, how, fmt):
    kind, name, opts = how
    if kind == "mkdoc":
        cmd = [mkdoc, name, fmt] + opts
    else:
        path = os.path.join(src, "samples", name)
        if not os.path.exists(path):
            return None, "sample %s is absent" % name
        cmd = [recto, "-q", "-t", fmt, path, "-o", "-"]
        for o in opts:
            cmd += ["-O", o]
    # Run from the source root so that file names in the output (TEI
    # sourceDesc keeps the base name only) do not depend on where.
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       cwd=src)
    if p.returncode != 0:
        return None, "%s: exit %d: %s" % (" ".join(cmd), p.returncode,
                                          p.stderr.decode("utf-8", "replace"))
    return p.stdout, None


def main():
    args = [a for a in sys.argv[1:] if a != "--update"]
    update = "--update" in sys.argv[1:]
    if len(args) != 1:
        print(__doc__)
        return 2
    mkdoc = os.path.abspath(args[0])
    recto = os.environ.get("RECTO")
    src = os.environ.get("RECTO_SOURCE_ROOT", ".")
    golden_dir = os.path.join(src, "tests", "writers", "golden")
    failures = 0
    for stem, how in CASES:
        for fmt, ext in FORMATS:
            got, err = produce(mkdoc, recto, src, how, fmt)
            if err:
                print("FAIL: %s.%s: %s" % (stem, ext, err))
                failures += 1
                continue
            path = os.path.join(golden_dir, "%s.%s" % (stem, ext))
            if update:
                os.makedirs(golden_dir, exist_ok=True)
                with open(path, "wb") as f:
                    f.write(got)
                print("wrote %s" % os.path.relpath(path, src))
                continue
            try:
                with open(path, "rb") as f:
                    want = f.read()
            except OSError:
                print("FAIL: %s is missing (run with --update)" % path)
                failures += 1
                continue
            if got == want:
                print("ok: %s.%s" % (stem, ext))
                continue
            failures += 1
            print("FAIL: %s.%s differs from the golden file:" % (stem, ext))
            diff = difflib.unified_diff(
                want.decode("utf-8", "replace").splitlines(),
                got.decode("utf-8", "replace").splitlines(),
                "golden/%s.%s" % (stem, ext), "output", lineterm="", n=2)
            for k, line in enumerate(diff):
                if k >= 60:
                    print("  ...")
                    break
                print("  " + line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
