#!/usr/bin/env python3
"""Validate EPUBs written by recto with EPUBCheck: 0 errors, 0 warnings.

  epubcheck.py fixtures EPUB_TEST   documents built with the node API, and
                                    tests/epub/inputs/*.native through the CLI
  epubcheck.py samples              every file in samples/ the CLI can read
  epubcheck.py seeds                ../shared/corpus/seeds/*.txt (-f plain)

Exit 77 (skip) when EPUBCheck or the shared material is missing, or when
no input of the group can be read yet.  EPUBCheck 4 checks one book per
run and a JVM's start costs more than a small book: the books of a group
are checked in one JVM (EpubCheckBatch.java, run as a source file when a
JDK is there; else a JVM per book).
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

JAR = os.environ.get("EPUBCHECK_JAR", "/usr/share/java/epubcheck.jar")
SKIP = 77
PROBLEM = re.compile(r"^(FATAL|ERROR|WARNING)\(")


def epubcheck(path):
    """(path, list of problem lines, summary line)."""
    proc = subprocess.run(["java", "-jar", JAR, path], capture_output=True,
                          text=True, timeout=600)
    lines = (proc.stdout + proc.stderr).splitlines()
    problems = [l for l in lines if PROBLEM.match(l)]
    summary = next((l for l in lines if l.startswith("Messages:")), "")
    if proc.returncode != 0 and not problems:
        problems = ["epubcheck exited with %d" % proc.returncode] + lines[-5:]
    return path, problems, summary


BATCH = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                     "EpubCheckBatch.java")


def S_summary(problems):
    return "Messages: %d fatals / %d errors / %d warnings" % tuple(
        sum(1 for p in problems if p.startswith(k))
        for k in ("FATAL", "ERROR", "WARNING"))


def epubcheck_many(paths):
    """epubcheck() of every path, in one JVM (EpubCheckBatch.java, which
    needs a JDK to run as a source file), else one JVM per book."""
    if not paths:
        return []
    proc = subprocess.run(["java", "-cp", JAR, BATCH] + list(paths),
                          capture_output=True, text=True, timeout=3600)
    books, current = {}, None
    for line in proc.stdout.splitlines():
        if line.startswith("== ") and line[3:] in paths:
            current = books.setdefault(line[3:], [])
        elif current is not None:
            current.append(line)
    if proc.returncode != 0 or len(books) != len(set(paths)):
        return [epubcheck(p) for p in paths]
    results = []
    for path in paths:
        problems = [l for l in books[path] if PROBLEM.match(l)]
        results.append((path, problems, S_summary(problems)))
    return results


def convert(recto, src, out, extra=()):
    """Run the CLI; returns (ok, skipped_reason)."""
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    proc = subprocess.run([recto, *extra, "-t", "epub", "-o", out, src],
                          capture_output=True, text=True, env=env,
                          timeout=300)
    if proc.returncode == 0 and os.path.exists(out):
        return True, None
    err = proc.stderr.strip()
    if proc.returncode == 2 and "format" in err:
        return False, err.splitlines()[-1] if err else "no reader"
    print("FAIL: %s: exit %d\n%s" % (src, proc.returncode, err))
    return False, None


def input_extensions(recto):
    """The extensions the CLI's readers claim (from --list-formats)."""
    proc = subprocess.run([recto, "--list-formats"], capture_output=True,
                          text=True)
    exts, reading = set(), False
    for line in proc.stdout.splitlines():
        if line.startswith("Input formats"):
            reading = True
        elif not line.strip():
            reading = False
        elif reading:
            exts.update(w[1:].lower() for w in line.split()
                        if w.startswith(".") and len(w) > 1)
    return exts


def check_all(paths):
    failures = 0
    for path, problems, summary in epubcheck_many(paths):
        name = os.path.basename(path)
        if problems:
            failures += 1
            print("FAIL: %s: %s" % (name, summary))
            for p in problems[:20]:
                print("    " + p)
        else:
            print("ok: %s: %s" % (name, summary))
    return failures


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    if not shutil.which("java") or not os.path.exists(JAR):
        print("EPUBCheck is not available")
        return SKIP
    group = sys.argv[1]
    recto = os.environ.get("RECTO")
    source_root = os.environ.get("RECTO_SOURCE_ROOT", ".")
    tmp = tempfile.mkdtemp(prefix="recto-epubcheck-")
    try:
        epubs, errors, skipped = [], 0, []
        if group == "fixtures":
            subprocess.run([sys.argv[2], "write", tmp], check=True)
            epubs += sorted(glob.glob(os.path.join(tmp, "*.epub")))
            inputs = sorted(glob.glob(os.path.join(source_root, "tests",
                                                   "epub", "inputs",
                                                   "*.native")))
            for k, src in enumerate(inputs):
                out = os.path.join(tmp, "cli-%d.epub" % k)
                ok, why = convert(recto, src, out)
                errors += not ok and why is None
                if ok:
                    epubs.append(out)
        elif group in ("samples", "seeds"):
            if group == "samples":
                inputs = [p for p in sorted(glob.glob(os.path.join(
                    source_root, "samples", "*")))
                    if os.path.isfile(p) and
                    not os.path.basename(p).upper().startswith("README")]
                extra = ()
            else:
                shared = os.environ.get("RECTO_SHARED", "")
                seeds = os.path.join(shared, "corpus", "seeds")
                if not shared or not os.path.isdir(seeds):
                    print("../shared is absent")
                    return SKIP
                inputs = sorted(glob.glob(os.path.join(seeds, "*.txt")))
                extra = ("-f", "plain")
            readable = input_extensions(recto)
            for k, src in enumerate(inputs):
                ext = os.path.splitext(src)[1][1:].lower()
                if not extra and ext not in readable:
                    skipped.append("%s (no reader for .%s)" %
                                   (os.path.basename(src), ext))
                    continue
                out = os.path.join(tmp, "%03d-%s.epub" %
                                   (k, os.path.basename(src)))
                ok, why = convert(recto, src, out, extra)
                if ok:
                    epubs.append(out)
                elif why:
                    skipped.append("%s (%s)" % (os.path.basename(src), why))
                else:
                    errors += 1
        else:
            print(__doc__)
            return 2
        for s in skipped:
            print("skipped: " + s)
        if not epubs and not errors:
            print("nothing to check")
            return SKIP
        errors += check_all(epubs)
        print("%d EPUB(s) checked, %d failure(s), %d input(s) skipped" %
              (len(epubs), errors, len(skipped)))
        return 1 if errors else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
