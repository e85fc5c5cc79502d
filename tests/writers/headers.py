#!/usr/bin/env python3
"""TEI and DocBook headers for archivists: identifiers, date and licence
kept with or without a publisher, respStmt and othercredit for the roles
of people, the source's description, and with -O record-conversion=true
the conversion recorded (revisionDesc, revhistory) at SOURCE_DATE_EPOCH.
Every output is validated with jing (TEI against ../shared's tei_all,
DocBook against 5.0 and, when ../shared has it, 5.1).

Exit 77 (skip) when jing or ../shared is missing."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
RECTO = os.environ["RECTO"]
SHARED = os.environ.get("RECTO_SHARED", "")
DOCBOOK50 = "/usr/share/xml/docbook/schema/rng/5.0/docbook.rng"
FAILURES = []

ARCHIVE = """---
title: Letters from the Archive
author: Leila Karimi
identifier:
- scheme: ISBN-13
  text: 978-3-16-148410-0
- scheme: DOI
  text: https://doi.org/10.5555/archive.1
- urn:example:letters
rights: CC BY-SA 4.0
date: 2024-05-02
editor: Omid Naderi
translator: Jane Roe
contributor:
- role: ill
  text: Sam Lee
- role: annotator
  text: Ana Diaz
source: Letters, manuscript, Tehran, 1925.
---
# Letter one

Dear friend.
"""

PUBLISHED = """---
title: Printed
publisher: Harbour Press
isbn: 0-306-40615-2
rights: All rights reserved.
---
Text.
"""


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what, file=sys.stderr)


def convert(tmp, src, out, *extra):
    p = subprocess.run([RECTO, src, "-o", out] + list(extra), cwd=tmp,
                       capture_output=True, text=True,
                       env=dict(os.environ, SOURCE_DATE_EPOCH="1700000000"))
    check(p.returncode == 0 and not p.stderr,
          "%s: %d %s" % (out, p.returncode, p.stderr))
    with open(os.path.join(tmp, out), encoding="utf-8") as f:
        return f.read()


def jing(schema, paths):
    p = subprocess.run(["jing", schema] + paths, capture_output=True,
                       text=True)
    errors = [l for l in (p.stdout + p.stderr).splitlines()
              if "error" in l and not l.startswith("[warning]")]
    check(p.returncode == 0 and not errors,
          "jing %s: %s" % (os.path.basename(schema), errors[:5]))


def main():
    tei_all = os.path.join(SHARED, "schemas", "tei_all.rng")
    if not shutil.which("jing") or not os.path.exists(tei_all):
        print("jing or ../shared is missing: skipped")
        return SKIP
    tmp = tempfile.mkdtemp(prefix="recto-headers-")
    try:
        for name, text in [("archive.md", ARCHIVE),
                           ("published.md", PUBLISHED)]:
            with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
                f.write(text)
        tei = convert(tmp, "archive.md", "archive.tei.xml",
                      "-O", "record-conversion=true")
        pub = tei.split("<publicationStmt>")[1].split("</publicationStmt>")[0]
        check("<publisher>" not in pub and "<authority>" in pub,
              "no publisher: an authority stands first")
        for want in ['<date when="2024-05-02">2024-05-02</date>',
                     '<idno type="ISBN">9783161484100</idno>',
                     '<idno type="DOI">10.5555/archive.1</idno>',
                     '<idno>urn:example:letters</idno>',
                     "<availability><licence>CC BY-SA 4.0</licence>"
                     "</availability>"]:
            check(want in pub, "%s kept without a publisher" % want)
        for role, name in [("translator", "Jane Roe"),
                           ("illustrator", "Sam Lee"),
                           ("annotator", "Ana Diaz")]:
            check(re.search(r"<respStmt><resp>%s</resp><name><persName>%s"
                            % (role, name), tei), "respStmt %s" % role)
        check("<editor><persName>Omid Naderi</persName></editor>" in tei,
              "the editor")
        check("<bibl>Letters, manuscript, Tehran, 1925.</bibl>" in tei,
              "the source's description in sourceDesc")
        check('<change when="2023-11-14T22:13:20Z">Converted from markdown '
              '(archive.md) by recto' in tei,
              "revisionDesc dated by SOURCE_DATE_EPOCH")
        plain = convert(tmp, "archive.md", "plain.tei.xml")
        check("<revisionDesc>" not in plain,
              "no revisionDesc unless asked")
        tei2 = convert(tmp, "published.md", "published.tei.xml")
        check(re.search(r"<publisher>Harbour Press</publisher>\s*"
                        r'<idno type="ISBN">0306406152</idno>\s*'
                        r"<availability><licence>All rights reserved.",
                        tei2), "with a publisher: %s" % tei2[:1500])
        jing(tei_all, [os.path.join(tmp, f) for f in
                       ("archive.tei.xml", "plain.tei.xml",
                        "published.tei.xml")])

        dbk = convert(tmp, "archive.md", "archive.dbk",
                      "-O", "record-conversion=true")
        for want in ['<biblioid class="isbn">9783161484100</biblioid>',
                     '<biblioid class="doi">10.5555/archive.1</biblioid>',
                     '<biblioid class="other" otherclass="identifier">'
                     'urn:example:letters</biblioid>',
                     "<legalnotice><para>CC BY-SA 4.0</para></legalnotice>",
                     '<othercredit class="translator"><personname>Jane Roe',
                     '<othercredit class="other" otherclass="illustrator">'
                     '<personname>Sam Lee',
                     '<othercredit class="other" otherclass="annotator">',
                     "<revhistory><revision><date>2023-11-14T22:13:20Z</date>"
                     "<revremark>Converted from markdown (archive.md)"]:
            check(want in dbk, "%s in DocBook info" % want)
        dbk2 = convert(tmp, "published.md", "published.dbk")
        check('<biblioid class="isbn">0306406152</biblioid>' in dbk2 and
              "<revhistory>" not in dbk2, "a plain isbn, no revhistory")
        paths = [os.path.join(tmp, f) for f in ("archive.dbk",
                                                "published.dbk")]
        jing(DOCBOOK50, paths)
        db51 = os.path.join(SHARED, "schemas", "docbook-5.1", "docbook.rng")
        if os.path.exists(db51):
            jing(db51, paths)
    finally:
        shutil.rmtree(tmp)
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
