#!/usr/bin/env python3
"""Hostile XML for the TEI and DocBook readers: each is refused with one
line naming the file and exit 4, nothing outside the input is read, and
no output file is left behind.

    hostile.py

  external entity   <!ENTITY x SYSTEM "file:...">, &x; in the text
  network entity    <!ENTITY x SYSTEM "http://127.0.0.1:9/">
  external DTD      <!DOCTYPE ... SYSTEM "local.dtd"> defining an entity
  parameter entity  <!ENTITY % p SYSTEM "local.dtd"> %p; in the subset
  entity bomb       nested entities, 10^9 letters ("billion laughs")
  quadratic bomb    a 100 KB entity used 10^4 times: 1 GB of text claimed
                    by a 130 KB file, in one text node
  deep nesting      10^5 nested elements
  late error        20,000 paragraphs, then a tag that does not close: its
                    line and column are named
"""
import os
import subprocess
import sys
import tempfile

RECTO = os.environ["RECTO"]
FAILURES = []
SECRET = "TOPSECRET-FROM-OUTSIDE"
LATE_LINES = 20000
TEI_OPEN = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>'
TEI_CLOSE = "</p></body></text></TEI>\n"
DB_OPEN = ('<article xmlns="http://docbook.org/ns/docbook" version="5.0">'
           "<title>T</title><para>")
DB_CLOSE = "</para></article>\n"


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what)


def doc(fmt, subset, body, root_dtd=None):
    open_, close = (TEI_OPEN, TEI_CLOSE) if fmt == "tei" else (DB_OPEN,
                                                               DB_CLOSE)
    root = "TEI" if fmt == "tei" else "article"
    head = '<?xml version="1.0"?>\n'
    if root_dtd:
        head += '<!DOCTYPE %s SYSTEM "%s">\n' % (root, root_dtd)
    elif subset:
        head += "<!DOCTYPE %s [\n%s]>\n" % (root, subset)
    return head + open_ + body + close


def cases(tmp):
    secret = os.path.join(tmp, "secret.txt")
    with open(secret, "w") as f:
        f.write(SECRET + "\n")
    with open(os.path.join(tmp, "local.dtd"), "w") as f:
        f.write('<!ENTITY secret "%s">\n' % SECRET)
    lol = '<!ENTITY lol0 "lol">\n' + "".join(
        '<!ENTITY lol%d "%s">\n' % (k, ("&lol%d;" % (k - 1)) * 10)
        for k in range(1, 10))
    return [
        ("external-entity",
         '<!ENTITY x SYSTEM "file://%s">\n' % secret, "a &x; b", None),
        ("network-entity",
         '<!ENTITY x SYSTEM "http://127.0.0.1:9/x">\n', "a &x; b", None),
        ("external-dtd", None, "a &secret; b", "local.dtd"),
        ("parameter-entity",
         '<!ENTITY % p SYSTEM "local.dtd">\n%p;\n', "a &secret; b", None),
        ("billion-laughs", lol, "&lol9;", None),
        ("quadratic-bomb", '<!ENTITY a "%s">\n' % ("A" * 100000),
         "&a;" * 10000, None),
        ("deep-nesting", None, "<hi>" * 100000 + "</hi>" * 100000, None),
        ("late-error", None, "a</p>\n" + "<p>b</p>\n" * LATE_LINES +
         "<p><hi>c</p>", None),
    ]


def main():
    with tempfile.TemporaryDirectory(prefix="recto-hostile-") as tmp:
        for fmt, ext in (("tei", "tei.xml"), ("docbook", "dbk")):
            for name, subset, body, dtd in cases(tmp):
                if fmt == "docbook":
                    body = body.replace("hi>", "emphasis>").replace(
                        "p>", "para>")
                path = os.path.join(tmp, "%s.%s" % (name, ext))
                with open(path, "w") as f:
                    f.write(doc(fmt, subset, body, dtd))
                out = os.path.join(tmp, name + ".native")
                env = dict(os.environ, RECTO_PLUGIN_CACHE="")
                p = subprocess.run([RECTO, os.path.basename(path), "-o",
                                    os.path.basename(out)], cwd=tmp,
                                   capture_output=True, env=env, timeout=120)
                err = p.stderr.decode("utf-8", "replace")
                lines = err.strip().splitlines()
                what = "%s %s" % (fmt, name)
                check(p.returncode == 4, "%s: exit 4, got %d: %r"
                      % (what, p.returncode, err[:300]))
                check(len(lines) == 1 and lines[0].startswith(
                    "recto: %s" % os.path.basename(path)) and
                      "error:" in lines[0],
                      "%s: one line naming the file: %r" % (what, err[:300]))
                check(SECRET not in err and SECRET.encode() not in p.stdout,
                      "%s: nothing outside the input is read" % what)
                check(not os.path.exists(out), "%s: no output file" % what)
                if name == "late-error":
                    where = ":%d:" % (LATE_LINES + 3)
                    check(bool(lines) and where in lines[0],
                          "%s: line and column named (%s): %r"
                          % (what, where, err[:300]))
                print("%s: %s" % (what, lines[0] if lines else "(nothing)"))
    if FAILURES:
        print("%d checks failed" % len(FAILURES))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
