#!/usr/bin/env python3
"""Converted word-processor documents are valid.

    valid.py FIXTURE_DIR [corpus]

Every fixture of FIXTURE_DIR (mkfixtures.py) is converted to EPUB, DocBook
and TEI; each EPUB must pass EPUBCheck with no error and no warning, each
DocBook file DocBook 5.0 (jing) and each TEI file tei_all (jing).  With
"corpus", pandoc's DOCX and ODT test documents of ../shared are converted
and validated too.  The validators see all the books of one format in one
run (jing, and EPUBCheck in one JVM: see tests/epub/EpubCheckBatch.java).

Exit status: 0 valid, 1 invalid or a conversion failed, 77 when jing or
the schemas are absent."""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.environ["RECTO_SOURCE_ROOT"], "tests",
                                "epub"))
import epubcheck as ec  # noqa: E402  (EPUBCheck, run as the epub suite does)

SKIP = 77
DOCBOOK50 = "/usr/share/xml/docbook/schema/rng/5.0/docbook.rng"


def jing(schema, files):
    """The files jing finds invalid, with its messages."""
    if not files:
        return []
    p = subprocess.run(["jing", schema] + files, capture_output=True,
                       text=True)
    return [l for l in p.stdout.splitlines() if ": error:" in l]


def corpus(shared):
    base = os.path.join(shared, "conformance", "pandoc")
    found = []
    for top, dirs, names in sorted(os.walk(base)):
        dirs.sort()
        found += [os.path.join(top, n) for n in sorted(names)
                  if n.endswith((".docx", ".odt"))]
    return found


def main():
    recto = os.environ["RECTO"]
    shared = os.environ.get("RECTO_SHARED", "")
    tei_all = os.path.join(shared, "schemas", "tei_all.rng")
    if not shutil.which("jing") or not os.path.exists(DOCBOOK50) or \
            not os.path.exists(tei_all) or not shutil.which("java") or \
            not os.path.exists(ec.JAR):
        print("SKIP: jing, EPUBCheck or a schema is absent")
        return SKIP
    fixtures = sorted(os.path.join(sys.argv[1], n)
                      for n in os.listdir(sys.argv[1])
                      if n.endswith((".docx", ".odt")))
    inputs = fixtures
    if len(sys.argv) > 2 and sys.argv[2] == "corpus":
        if not os.path.isdir(shared):
            print("SKIP: no ../shared")
            return SKIP
        inputs = corpus(shared)
    failures = 0
    outs = {"docbook": [], "tei": [], "epub": []}
    with tempfile.TemporaryDirectory() as tmp:
        for k, path in enumerate(inputs):
            for fmt in outs:
                out = os.path.join(tmp, "%d-%s.%s" % (
                    k, os.path.basename(path), fmt))
                p = subprocess.run([recto, "-q", path, "-t", fmt, "-o", out],
                                   capture_output=True, text=True)
                if p.returncode != 0:
                    print("FAIL %s -> %s: exit %d: %s" % (
                        path, fmt, p.returncode, p.stderr.strip()))
                    failures += 1
                else:
                    outs[fmt].append(out)
        bad = 0
        for out, problems, _ in ec.epubcheck_many(outs["epub"]):
            if problems:
                bad += 1
                print("FAIL %s: %s" % (os.path.basename(out),
                                       "\n  ".join(problems[:10])))
        failures += bad
        print("epub: %d files, %d with problems" % (len(outs["epub"]), bad))
        for fmt, schema in (("docbook", DOCBOOK50), ("tei", tei_all)):
            errors = jing(schema, outs[fmt])
            for e in errors[:40]:
                print("FAIL " + e)
            failures += len(errors)
            print("%s: %d files, %d errors" % (fmt, len(outs[fmt]),
                                                len(errors)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
