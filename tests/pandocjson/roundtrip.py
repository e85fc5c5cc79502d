#!/usr/bin/env python3
"""recto -t json | recto -f json is the identity on the native AST.

Every sample, every seed of $RECTO_SHARED/corpus/seeds (read as plain
text) and every writer fixture is written as pandoc JSON, read back, and
its native dump compared with the original's.  Positions and the source
record (file name, format) are not part of pandoc's JSON and are left out
of the comparison; everything else must be equal.

    roundtrip.py local MKDOC     samples and fixtures
    roundtrip.py seeds           the shared seeds (77 when absent)
    roundtrip.py errors          bad input refused; .json told apart by content
    roundtrip.py pandoc MKDOC    pandoc's JSON of the samples read, recto's
                                 read by pandoc (77 without pandoc)
"""
import os
import re
import shutil
import tempfile
import subprocess
import sys

RECTO = os.environ["RECTO"]
ROOT = os.environ["RECTO_SOURCE_ROOT"]
SHARED = os.environ.get("RECTO_SHARED", "")
API = ["1.23", "1.22"]


def run(args, data=None):
    p = subprocess.run([RECTO] + args, input=data, capture_output=True)
    if p.returncode != 0:
        raise RuntimeError("recto %s: exit %d: %s" % (
            " ".join(args), p.returncode, p.stderr.decode(errors="replace")))
    return p.stdout


POS = re.compile(rb', "pos": \[\d+, \d+, \d+\]|"pos": \[\d+, \d+, \d+\](, )?')
DROP = re.compile(rb'\n  "source": \{[^\n]*\},?|,\n  "root": \{\}')


def strip(native):
    """The native dump without positions and the source record (text, not
    parsed: the dump puts one node per line, and trees may be deep)."""
    return DROP.sub(b"", POS.sub(b"", native))


def first_difference(a, b):
    al, bl = a.split(b"\n"), b.split(b"\n")
    for i, (x, y) in enumerate(zip(al, bl)):
        if x != y:
            return "line %d: %s != %s" % (i + 1, x.decode()[:200], y.decode()[:200])
    if len(al) != len(bl):
        return "%d lines != %d" % (len(al), len(bl))
    return None


def check(name, native):
    """Native dump in; the dump read from native, written as pandoc JSON
    and read back must equal it.  Returns failure messages."""
    bad = []
    want = strip(native)
    for api in API:
        try:
            pj = run(["-f", "native", "-t", "json", "-O",
                      "pandoc-api-version=" + api, "-"], native)
            back = run(["-f", "json", "-t", "native", "-"], pj)
            d = first_difference(want, strip(back))
        except RuntimeError as e:
            d = str(e).strip()
        if d:
            bad.append("%s (API %s): %s" % (name, api, d))
    return bad


def errors():
    """Bad input: exit 4 and one line naming <stdin>:line:column."""
    bad = [
        (b'{"pandoc-api-version":[1,23],"meta":{},"blocks":[', "1:"),
        (b'{"meta":{},"blocks":[]}', "pandoc-api-version"),
        (b'{"pandoc-api-version":[1,17],"meta":{},"blocks":[]}', "1.17"),
        (b'{"pandoc-api-version":[1,23,1],"meta":{},\n"blocks":[{"t":"Nope"}]}',
         ":2:11:"),
        (b'{"pandoc-api-version":[1,23,1],"meta":{},"blocks":[{"t":"Para","c":[{"t":"Str","c":1}]}]}',
         "Str"),
        (b'{"pandoc-api-version":[1,22],"meta":{},"blocks":[{"t":"Header","c":[9,["",[],[]],[]]}]}',
         "level"),
        (b'{"pandoc-api-version":[1,22],"meta":{},"blocks":[{"t":"Para","c":[{"t":"Para","c":[]}]}]}',
         "cannot contain"),
    ]
    fails = 0
    for data, want in bad:
        p = subprocess.run([RECTO, "-f", "json", "-t", "native", "-"],
                           input=data, capture_output=True)
        err = p.stderr.decode()
        if p.returncode != 4 or want not in err or p.stdout or err.count("\n") != 1:
            print("FAIL %r: exit %d, %r" % (data[:60], p.returncode, err))
            fails += 1
    # .json files are told apart by their content
    with tempfile.TemporaryDirectory() as tmp:
        kinds = {
            "json": b'{"pandoc-api-version":[1,22,2,1],"meta":{},"blocks":[{"t":"Para","c":[{"t":"Str","c":"x"}]}]}',
            "native": b'{"recto-native": 1, "blocks": []}',
            "csljson": b'[{"id": "k", "type": "book", "title": "T"}]',
        }
        for fmt, data in kinds.items():
            path = os.path.join(tmp, fmt + ".json")
            with open(path, "wb") as f:
                f.write(data)
            p = subprocess.run([RECTO, "--verbose", path, "-t", "native"],
                               capture_output=True)
            if p.returncode or ("reading as %s " % fmt) not in p.stderr.decode():
                print("FAIL %s.json: exit %d, %s" % (fmt, p.returncode,
                                                     p.stderr.decode()))
                fails += 1
    print("pandoc JSON errors and detection: %d failures" % fails)
    return 1 if fails else 0


def with_pandoc(mkdoc):
    """pandoc's JSON of every sample reads (its block kinds as recto's
    own reading has them, warned about when not), and recto's JSON (API
    1.22, the installed pandoc's) of every sample and fixture reads in
    pandoc."""
    if not shutil.which("pandoc"):
        print("pandoc is not installed; skipped")
        return 77
    fails = 0
    samples = os.path.join(ROOT, "samples")
    for f in sorted(os.listdir(samples)):
        if not f.endswith(".md"):
            continue
        path = os.path.join(samples, f)
        pj = subprocess.run(["pandoc", "-f", "markdown", "-t", "json", path],
                            capture_output=True, cwd=samples).stdout
        p = subprocess.run([RECTO, "-f", "json", "-t", "native", "-"],
                           input=pj, capture_output=True, cwd=samples)
        if p.returncode:
            print("FAIL pandoc's JSON of %s: %s" % (f, p.stderr.decode()))
            fails += 1
            continue
        theirs = re.findall(rb'^    \{"type": "(\w+)"', p.stdout, re.M)
        ours = re.findall(rb'^    \{"type": "(\w+)"',
                          run([path, "-t", "native"]), re.M)
        if theirs != ours:
            print("note: %s: top-level blocks differ from recto's reading "
                  "(pandoc %d, recto %d); see the differential suite" % (
                      f, len(theirs), len(ours)))
    docs = [(f, run([os.path.join(samples, f), "-t", "json", "-O",
                     "pandoc-api-version=1.22"]))
            for f in sorted(os.listdir(samples)) if f.endswith((".md", ".txt"))]
    for fx in ["rich", "edge", "book", "empty"]:
        docs.append(("fixture " + fx, subprocess.run(
            [mkdoc, fx, "json", "pandoc-api-version=1.22"],
            capture_output=True).stdout))
    for name, data in docs:
        p = subprocess.run(["pandoc", "-f", "json", "-t", "native"],
                           input=data, capture_output=True)
        if p.returncode:
            print("FAIL pandoc cannot read recto's JSON of %s: %s" % (
                name, p.stderr.decode()[:300]))
            fails += 1
    print("pandoc JSON with pandoc: %d failures" % fails)
    return 1 if fails else 0


def main():
    mode = sys.argv[1]
    if mode == "errors":
        return errors()
    if mode == "pandoc":
        return with_pandoc(sys.argv[2])
    cases = []
    if mode == "local":
        mkdoc = sys.argv[2]
        samples = os.path.join(ROOT, "samples")
        for f in sorted(os.listdir(samples)):
            if f.endswith((".md", ".txt")):
                cases.append((f, run([os.path.join(samples, f), "-t", "native"])))
            elif f.endswith((".bib", ".json")):
                cases.append((f, run([os.path.join(samples, f), "-t", "native"])))
        names = subprocess.run([mkdoc, "list"], capture_output=True,
                               text=True).stdout.split()
        for fx in names or ["rich", "edge", "book", "deep", "empty"]:
            p = subprocess.run([mkdoc, fx, "native"], capture_output=True)
            if p.returncode:
                print("fixture %s: mkdoc failed" % fx)
                return 1
            cases.append(("fixture " + fx, p.stdout))
    else:
        seeds = os.path.join(SHARED, "corpus", "seeds")
        if not SHARED or not os.path.isdir(seeds):
            print("no shared corpus; skipped")
            return 77
        for f in sorted(os.listdir(seeds)):
            cases.append((f, run(["-f", "plain", os.path.join(seeds, f),
                                  "-t", "native"])))
    failures = []
    for name, native in cases:
        failures += check(name, native)
    for f in failures:
        print("FAIL", f)
    print("pandoc JSON round trip: %d of %d documents identical (x%d API "
          "versions)" % (len(cases) - len({f.split(" (API")[0] for f in failures}),
                         len(cases), len(API)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
