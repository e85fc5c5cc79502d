#!/usr/bin/env python3
"""Validate the DocBook or TEI writer's output against its schemas.

    validate.py docbook|tei MKDOC

Writes every fixture (through MKDOC, see mkdoc.c), every document in
samples/ (through the command line, $RECTO; found at run time, so new
samples are picked up without touching meson.build) and every seed text
of ../shared/corpus/seeds/ (as plain text, when ../shared is there),
checks that each output is well-formed XML, and validates them all with
jing:

    docbook: DocBook 5.0 (the system's docbook5-xml) and 5.1 (../shared)
    tei:     tei_all.rng (../shared; the test is skipped without it)

Exit status: 0 valid, 1 invalid or a conversion failed, 77 skipped.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import xml.parsers.expat

SKIP = 77
DOCBOOK50 = "/usr/share/xml/docbook/schema/rng/5.0/docbook.rng"

# (fixture, options) pairs; "random-N" are documents of random structure
# (any nesting the model allows); "deep" is only checked for
# well-formedness: jing needs minutes for its 40000 levels.
FIXTURES = [
    ("rich", []),
    ("rich", ["book=true"]),
    ("rich", ["citation-style=numeric", "citation-text=style"]),
    ("edge", []),
    ("book", []),
    ("empty", []),
] + [("random-%d" % k, []) for k in range(1, 41)]
NOT_DOCUMENTS = (".bib", ".json", ".png", ".jpg", ".jpeg", ".gif", ".css",
                 ".yaml", ".yml")


def well_formed(path):
    parser = xml.parsers.expat.ParserCreate()
    try:
        with open(path, "rb") as f:
            parser.ParseFile(f)
    except xml.parsers.expat.ExpatError as e:
        return str(e)
    return None


def run(cmd, out_path):
    with open(out_path, "wb") as out:
        p = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE)
    return p.returncode, p.stderr.decode("utf-8", "replace")


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("docbook", "tei"):
        print(__doc__)
        return 2
    fmt, mkdoc = sys.argv[1], sys.argv[2]
    recto = os.environ.get("RECTO")
    src = os.environ.get("RECTO_SOURCE_ROOT", ".")
    shared = os.environ.get("RECTO_SHARED", os.path.join(src, "..", "shared"))
    jing = shutil.which("jing")
    if not jing:
        print("SKIP: jing is not installed")
        return SKIP
    if fmt == "docbook":
        schemas = [DOCBOOK50]
        s51 = os.path.join(shared, "schemas", "docbook-5.1", "docbook.rng")
        if os.path.exists(s51):
            schemas.append(s51)
        if not os.path.exists(DOCBOOK50):
            print("SKIP: no DocBook 5.0 schema at " + DOCBOOK50)
            return SKIP
    else:
        tei_all = os.path.join(shared, "schemas", "tei_all.rng")
        if not os.path.exists(tei_all):
            print("SKIP: ../shared/schemas/tei_all.rng is absent")
            return SKIP
        schemas = [tei_all]

    failures = 0
    outputs = []
    tmp = tempfile.mkdtemp(prefix="recto-validate-")
    try:
        for k, (name, opts) in enumerate(FIXTURES + [("deep", [])]):
            out = os.path.join(tmp, "fixture-%d-%s.%s" % (k, name, fmt))
            rc, err = run([mkdoc, name, fmt] + opts, out)
            if rc != 0:
                print("FAIL: fixture %s %s: exit %d\n%s" % (name, opts, rc, err))
                failures += 1
                continue
            problem = well_formed(out)
            if problem:
                print("FAIL: fixture %s %s: not well-formed: %s"
                      % (name, opts, problem))
                failures += 1
            elif name != "deep":
                outputs.append((out, "fixture %s %s" % (name, " ".join(opts))))

        samples = os.path.join(src, "samples")
        bib = os.path.join(samples, "references.bib")
        names = sorted(os.listdir(samples)) if os.path.isdir(samples) else []
        for name in names:
            path = os.path.join(samples, name)
            if (not os.path.isfile(path) or name.startswith("README")
                    or name.lower().endswith(NOT_DOCUMENTS)):
                continue
            for with_bib in (False, True):
                if with_bib and not os.path.exists(bib):
                    continue
                out = os.path.join(tmp, "%s%s.%s"
                                   % (name, ".bib" if with_bib else "", fmt))
                cmd = [recto, "-q", "-t", fmt, path, "-o", out]
                if with_bib:
                    cmd += ["--bibliography", bib]
                p = subprocess.run(cmd, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)
                if p.returncode == 6 and not with_bib:
                    print("note: no reader for %s, not checked" % name)
                    break
                if p.returncode != 0:
                    print("FAIL: %s: exit %d\n%s" % (
                        " ".join(cmd), p.returncode,
                        p.stderr.decode("utf-8", "replace")))
                    failures += 1
                    continue
                problem = well_formed(out)
                if problem:
                    print("FAIL: %s: not well-formed: %s" % (name, problem))
                    failures += 1
                else:
                    outputs.append((out, "sample %s%s" % (
                        name, " with references.bib" if with_bib else "")))

        # The seed texts (PDF extractions), read as plain text.
        seeds = os.path.join(shared, "corpus", "seeds")
        for name in sorted(os.listdir(seeds)) if os.path.isdir(seeds) else []:
            if not name.endswith(".txt"):
                continue
            out = os.path.join(tmp, "seed-%s.%s" % (name, fmt))
            cmd = [recto, "-q", "-f", "plain", "-t", fmt,
                   os.path.join(seeds, name), "-o", out]
            p = subprocess.run(cmd, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
            problem = None if p.returncode == 0 else "exit %d: %s" % (
                p.returncode, p.stderr.decode("utf-8", "replace"))
            problem = problem or well_formed(out)
            if problem:
                print("FAIL: seed %s: %s" % (name, problem))
                failures += 1
            else:
                outputs.append((out, "seed " + name))

        files = [o for o, _ in outputs]
        label = dict(outputs)
        for schema in schemas:
            p = subprocess.run([jing, schema] + files, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
            report = p.stdout.decode("utf-8", "replace").strip()
            if p.returncode != 0 or report:
                failures += 1
                print("FAIL: jing %s:" % os.path.relpath(schema, src))
                for line in report.splitlines()[:40]:
                    path = line.split(":", 1)[0]
                    print("  [%s] %s" % (label.get(path, "?"), line))
            else:
                print("ok: %d outputs valid against %s"
                      % (len(files), os.path.basename(os.path.dirname(schema))
                         + "/" + os.path.basename(schema)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
