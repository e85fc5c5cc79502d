#!/usr/bin/env python3
"""Golden files: the text entries (package, navigation, content files) of
the fixture EPUBs, compared byte for byte with tests/epub/golden/.

  golden.py EPUB_TEST          compare
  RECTO_UPDATE_GOLDEN=1 ...    rewrite the golden files after a change
                               that was checked by hand
"""
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

FIXTURES = ("persian", "english", "pages")
TEXT = (".opf", ".xhtml", ".xml")


def main():
    here = os.path.join(os.environ.get("RECTO_SOURCE_ROOT", "."), "tests",
                        "epub", "golden")
    update = os.environ.get("RECTO_UPDATE_GOLDEN") == "1"
    tmp = tempfile.mkdtemp(prefix="recto-golden-")
    failures = 0
    try:
        env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
        subprocess.run([sys.argv[1], "write", tmp], check=True, env=env)
        for fx in FIXTURES:
            with zipfile.ZipFile(os.path.join(tmp, fx + ".epub")) as z:
                names = [n for n in z.namelist() if n.endswith(TEXT)]
                gold_dir = os.path.join(here, fx)
                if update:
                    shutil.rmtree(gold_dir, ignore_errors=True)
                want = set()
                for root, _, files in os.walk(gold_dir):
                    for f in files:
                        want.add(os.path.relpath(os.path.join(root, f),
                                                 gold_dir))
                for name in names:
                    data = z.read(name)
                    path = os.path.join(gold_dir, name)
                    if update:
                        os.makedirs(os.path.dirname(path), exist_ok=True)
                        with open(path, "wb") as f:
                            f.write(data)
                        continue
                    want.discard(name)
                    if not os.path.exists(path):
                        print("FAIL: %s: %s is new" % (fx, name))
                        failures += 1
                        continue
                    with open(path, "rb") as f:
                        gold = f.read()
                    if gold != data:
                        failures += 1
                        print("FAIL: %s: %s differs from the golden file" %
                              (fx, name))
                        a = gold.decode("utf-8", "replace").splitlines()
                        b = data.decode("utf-8", "replace").splitlines()
                        for i, (x, y) in enumerate(zip(a, b)):
                            if x != y:
                                print("  line %d\n  - %s\n  + %s" %
                                      (i + 1, x[:300], y[:300]))
                                break
                    else:
                        print("ok: %s: %s" % (fx, name))
                for name in sorted(want):
                    print("FAIL: %s: %s is missing" % (fx, name))
                    failures += 1
        if update:
            print("golden files rewritten in " + here)
        return 1 if failures else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
