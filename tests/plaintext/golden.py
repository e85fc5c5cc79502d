#!/usr/bin/env python3
"""The samples of the plain reader against their golden native trees.

  golden.py            compare (fails on any difference)
  golden.py --update   rewrite tests/plaintext/golden/ from the reader

The samples are read from the source root with relative names, so the
trees hold no path of the machine that made them.
"""
import difflib
import os
import subprocess
import sys

ROOT = os.environ.get("RECTO_SOURCE_ROOT", ".")
RECTO = os.environ.get("RECTO", "recto")
GOLDEN = os.path.join(ROOT, "tests", "plaintext", "golden")
# sample, what its diagnostics must mention
SAMPLES = [("bilingual-article.txt", None),
           ("arabic-cp1256.txt", "windows-1256"),
           ("persian-utf16.txt", None)]


def main():
    update = "--update" in sys.argv
    failed = 0
    for name, must in SAMPLES:
        p = subprocess.run([RECTO, "-f", "plain", "-t", "native",
                            os.path.join("samples", name)],
                           cwd=ROOT, capture_output=True)
        err = p.stderr.decode("utf-8", "replace")
        if p.returncode != 0:
            print("FAIL %s: exit %d: %s" % (name, p.returncode, err))
            failed += 1
            continue
        if must and must not in err:
            print("FAIL %s: diagnostics do not mention %s: %s" % (
                name, must, err))
            failed += 1
        path = os.path.join(GOLDEN, name + ".native")
        if update:
            os.makedirs(GOLDEN, exist_ok=True)
            with open(path, "wb") as f:
                f.write(p.stdout)
            print("wrote %s" % os.path.relpath(path, ROOT))
            continue
        want = open(path, "rb").read().decode("utf-8")
        got = p.stdout.decode("utf-8")
        if want != got:
            print("FAIL %s differs from its golden tree:" % name)
            sys.stdout.writelines(list(difflib.unified_diff(
                want.splitlines(True), got.splitlines(True),
                "golden", "now"))[:60])
            failed += 1
        else:
            print("ok   %s" % name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
