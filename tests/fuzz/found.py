#!/usr/bin/env python3
"""What fuzzing and hostile inputs found, checked through the CLI.

usage: found.py CASE
Each case failed before its fix; the crashing inputs themselves are in
regressions/ and replayed by the fuzz targets.
"""
import os
import subprocess
import sys
import tempfile

RECTO = os.environ["RECTO"]


def recto(tmp, name, data, *args):
    path = os.path.join(tmp, name)
    with open(path, "wb") as f:
        f.write(data)
    out = os.path.join(tmp, "out")
    if os.path.exists(out):
        os.remove(out)
    p = subprocess.run([RECTO, *args, "-o", out, path], capture_output=True,
                       env=dict(os.environ, RECTO_PLUGIN_CACHE=""))
    text = open(out, "rb").read() if os.path.exists(out) else b""
    return p.returncode, text, p.stderr.decode("utf-8", "replace")


def case_plain_superscripts(tmp):
    # Twenty superscript digits overflowed the note number.
    rc, out, err = recto(tmp, "sup.txt", ("Text" + "\u00b2" * 20 + "\n").encode(),
                         "-t", "markdown")
    assert rc == 0, err
    assert out.decode().count("\u00b2") == 20, out


CASES = {name[5:].replace("_", "-"): fn for name, fn in globals().items()
         if name.startswith("case_")}


def main():
    case = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        try:
            CASES[case](tmp)
        except AssertionError as e:
            print("FAIL:", case, e, file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
