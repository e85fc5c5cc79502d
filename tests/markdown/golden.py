#!/usr/bin/env python3
"""Golden tests of the Markdown reader: each golden/NAME.md, read from
standard input (so the source recorded is "-"), must give golden/NAME.native
byte for byte through `recto -f markdown -t native`.  Then each must be
stable through the writer: md1 = recto(NAME.md), md2 = recto(md1).

usage: golden.py GOLDEN_DIR [--update]
  --update rewrites the .native files from the current reader (check the
  differences before committing them).
"""
import os
import subprocess
import sys


def recto(args, data):
    return subprocess.run([os.environ["RECTO"], "-q"] + args, input=data,
                          capture_output=True, timeout=60)


def main():
    golden = sys.argv[1]
    update = "--update" in sys.argv[2:]
    names = sorted(n[:-3] for n in os.listdir(golden) if n.endswith(".md"))
    if not names:
        print("no golden files")
        return 1
    failures = 0
    for name in names:
        with open(os.path.join(golden, name + ".md"), "rb") as f:
            source = f.read()
        r = recto(["-f", "markdown", "-t", "native"], source)
        expected_path = os.path.join(golden, name + ".native")
        if r.returncode != 0:
            failures += 1
            print("FAIL %s: exit %d %s" % (name, r.returncode,
                                           r.stderr.decode(errors="replace")))
            continue
        if update:
            with open(expected_path, "wb") as f:
                f.write(r.stdout)
        elif not os.path.exists(expected_path):
            failures += 1
            print("FAIL %s: no %s.native (run with --update)" % (name, name))
            continue
        with open(expected_path, "rb") as f:
            expected = f.read()
        ok = r.stdout == expected
        if not ok:
            got = r.stdout.decode(errors="replace").splitlines()
            want = expected.decode(errors="replace").splitlines()
            for i, (a, b) in enumerate(zip(got, want)):
                if a != b:
                    print("  %s.native line %d:\n  got:      %s\n  expected: %s"
                          % (name, i + 1, a, b))
                    break
            else:
                print("  %s.native: %d lines, expected %d"
                      % (name, len(got), len(want)))
        md1 = recto(["-f", "markdown", "-t", "markdown"], source)
        md2 = recto(["-f", "markdown", "-t", "markdown"], md1.stdout)
        if md1.returncode or md2.returncode or md1.stdout != md2.stdout:
            ok = False
            print("  %s: not stable through the writer" % name)
        print("%-4s %s" % ("ok" if ok else "FAIL", name))
        failures += not ok
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
