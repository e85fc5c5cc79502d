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


def case_list_start_max(tmp):
    # The writer's item counter overflowed: "999999999." then "0.".
    doc = ('{"recto-native": 1, "meta": {}, "blocks": [{"type": "list", '
           '"kind": "ordered", "start": 2147483647, "tight": true, '
           '"children": [%s]}]}' % ", ".join(
               '{"type": "item", "children": [{"type": "plain", "children": '
               '[{"type": "text", "text": "%s"}]}]}' % t for t in "ab"))
    rc, out, err = recto(tmp, "list.native", doc.encode(), "-t", "markdown")
    lines = out.decode().split("\n")
    assert rc == 0, err
    assert lines[:2] == ["999999999. a", "999999999. b"], lines


def case_yaml_depth(tmp):
    # Block style indents every level: 8,000 levels wrote 64 MB.
    depth = 8000
    src = "---\nx: %s1%s\n---\n\nText.\n" % ("{a: " * depth, "}" * depth)
    rc, out, err = recto(tmp, "deep.md", src.encode(), "-t", "markdown")
    assert rc == 0, err
    assert len(out) < 4 * len(src), (len(out), len(src))
    # and it reads back to the same depth
    rc, back, err = recto(tmp, "back.md", out, "-t", "markdown")
    assert rc == 0 and back == out, err


def case_table_columns(tmp):
    cols = 20000
    src = "|%s\n|%s\n|%s\n" % ("a|" * cols, "-|" * cols, "b|" * cols)
    rc, out, err = recto(tmp, "wide.md", src.encode(), "-t", "native")
    assert rc == 4 and not out, (rc, err)
    assert "wide.md:2:1:" in err and "20000 table columns" in err, err
    assert err.count("\n") == 1, err
    src = "|%s\n|%s\n" % ("a|" * 1000, "-|" * 1000)
    rc, out, err = recto(tmp, "ok.md", src.encode(), "-t", "native")
    assert rc == 0, err


def case_emphasis_openers(tmp):
    src = "Intro.\n\n" + "*a _b " * 600000 + "\n"
    rc, out, err = recto(tmp, "emph.md", src.encode(), "-t", "native")
    assert rc == 4 and not out, (rc, err)
    assert "emph.md:3:1:" in err and "emphasis openers" in err, err
    # the same count split into paragraphs is read
    src = ("*a _b " * 1000 + "\n\n") * 600
    rc, out, err = recto(tmp, "paras.md", src.encode(), "-t", "native")
    assert rc == 0, err


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
