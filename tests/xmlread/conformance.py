#!/usr/bin/env python3
"""The TEI and DocBook documents of ../shared/conformance/ read with the
counts their README gives, and converted to every format.

    conformance.py counts | tei | docbook | epub | markdown

counts    each document read (to the native format): notes, citations,
          citation items resolved, bibliography entries, as below;
tei       each converted to TEI and validated with jing (tei_all.rng);
docbook   each converted to DocBook and validated with jing (5.0, 5.1);
epub      each converted to EPUB and checked with EPUBCheck (0 errors, 0
          warnings), all in one JVM (tests/epub/EpubCheckBatch.java);
markdown  each converted to Markdown, which reads back with the same
          notes, citations and entries.

Where the README's count differs from the figure here, the reason is
given beside it (the README counts elements with grep).
Exit status: 0 pass, 1 fail, 77 skipped (../shared, jing or EPUBCheck
absent).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "epub"))
import epubcheck as ec  # noqa: E402

SKIP = 77
RECTO = os.environ["RECTO"]
SHARED = os.environ.get("RECTO_SHARED", "")
DOCBOOK50 = "/usr/share/xml/docbook/schema/rng/5.0/docbook.rng"
JAR = os.environ.get("EPUBCHECK_JAR", "/usr/share/java/epubcheck.jar")

# path under conformance/: (notes, citations, items resolved, entries)
EXPECTED = {
    # 3 <note place="foot"> in the file, two of them inside comments
    "tei/teic-oddintro-2020.xml": (1, 0, 0, 0),
    "tei/teic-tcw-editing.xml": (1, 0, 0, 4),
    # 16 notes: 7 in the text, 9 in the header's manuscript descriptions
    # (kept at the start of the text); 53 of the 57 <bibl> are in a
    # <listBibl>, the other 4 stay text where they stand
    "tei/teic-testall.xml": (16, 0, 0, 53),
    # 28 bibr refs, 20 with a target, all resolved; 28 <biblStruct>, one
    # of them the paper's own description in the header (metadata)
    "tei/grobid-N18-3011.tei.xml": (2, 28, 20, 27),
    # 79 bibr refs, 62 with a target; 58 <biblStruct>, one in the header
    "tei/grobid-2020.acl-main.207.tei.xml": (3, 79, 62, 57),
    "tei/local-minimal.xml": (0, 0, 0, 0),
    "tei/local-note-and-citation.xml": (1, 1, 1, 1),
    "pandoc/writer.tei": (5, 0, 0, 0),
    # the bibliography has 4 <bibliomixed> (the README says 5)
    "docbook/docbook-howto.xml": (6, 4, 4, 4),
    "docbook/xsltng-bibliography.009.xml": (0, 2, 2, 3),
    "docbook/xsltng-bibliolist.004.xml": (0, 0, 0, 9),
    "docbook/xsltng-book.001.xml": (1, 0, 0, 0),
    # 4 footnotes and a footnoteref that repeats one: still 4 notes
    "docbook/xsltng-footnote.001.xml": (4, 0, 0, 0),
    "docbook/xsltng-footnote.002.xml": (5, 0, 0, 0),
    "docbook/xsltng-footnote.003.xml": (13, 0, 0, 0),
    "docbook/xsltng-footnote.004.xml": (3, 0, 0, 0),
    "docbook/xsltng-guide-references.xml": (0, 0, 0, 23),
    "pandoc/docbook-reader.docbook": (5, 0, 0, 0),
    "pandoc/docbook-chapter.docbook": (0, 0, 0, 0),
    "pandoc/docbook-xref.docbook": (0, 0, 0, 0),
    "pandoc/writer.docbook5": (5, 0, 0, 0),
}

FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what)


def recto(args):
    env = dict(os.environ, RECTO_PLUGIN_CACHE="")
    return subprocess.run([RECTO] + args, capture_output=True, env=env)


def count(node, c):
    if isinstance(node, list):
        for x in node:
            count(x, c)
    elif isinstance(node, dict):
        t = node.get("type")
        if t == "note":
            c[0] += 1
        elif t == "cite":
            c[1] += 1
            c[2] += sum(1 for i in node.get("items", []) if i.get("resolved"))
        elif t == "bib_entry":
            c[3] += 1
        for v in node.values():
            count(v, c)


def counts_of_native(data):
    c = [0, 0, 0, 0]
    count(json.loads(data)["blocks"], c)
    return tuple(c)


def case_counts(root, tmp):
    for rel, want in sorted(EXPECTED.items()):
        p = recto(["-q", os.path.join(root, rel), "-t", "native"])
        check(p.returncode == 0, "%s reads: %s" % (rel, p.stderr[-300:]))
        if p.returncode:
            continue
        got = counts_of_native(p.stdout)
        print("%s: %d notes, %d citations (%d items resolved), %d entries"
              % ((rel,) + got))
        check(got == want, "%s: notes, citations, items, entries %r, "
              "expected %r" % (rel, got, want))
    # cross references resolved to their target's text, none dangling
    p = recto(["-q", os.path.join(root, "pandoc/docbook-xref.docbook"),
               "-t", "markdown"])
    text = p.stdout.decode()
    for label in ("[The Second Chapter](#ch02)", "[Chapter the Third](#ch03)",
                  "[Later Part](#part01)", "[An Example Book](#book01)"):
        check(label in text, "xref resolved: %s" % label)
    check(b"dangling" not in p.stderr, "no dangling xref: %r" % p.stderr)


def convert_all(root, tmp, fmt):
    outs = []
    for rel in sorted(EXPECTED):
        out = os.path.join(tmp, rel.replace("/", "_") + "." + fmt)
        p = recto(["-q", os.path.join(root, rel), "-t", fmt, "-o", out])
        check(p.returncode == 0, "%s to %s: %s" % (rel, fmt, p.stderr[-300:]))
        if p.returncode == 0:
            outs.append((rel, out))
    return outs


def jing(schema, outs):
    p = subprocess.run(["jing", schema] + [o for _, o in outs],
                       capture_output=True, text=True)
    problems = [l for l in p.stdout.splitlines() if l.strip()]
    for l in problems[:20]:
        print(l)
    check(p.returncode == 0 and not problems,
          "jing %s: %d problems" % (os.path.basename(schema), len(problems)))


def case_tei(root, tmp):
    schema = os.path.join(SHARED, "schemas", "tei_all.rng")
    if not shutil.which("jing") or not os.path.exists(schema):
        print("SKIP: jing or tei_all.rng absent")
        return SKIP
    jing(schema, convert_all(root, tmp, "tei"))


def case_docbook(root, tmp):
    if not shutil.which("jing") or not os.path.exists(DOCBOOK50):
        print("SKIP: jing or the DocBook 5.0 schema absent")
        return SKIP
    outs = convert_all(root, tmp, "docbook")
    jing(DOCBOOK50, outs)
    s51 = os.path.join(SHARED, "schemas", "docbook-5.1", "docbook.rng")
    if os.path.exists(s51):
        jing(s51, outs)


def case_epub(root, tmp):
    if not shutil.which("java") or not os.path.exists(JAR):
        print("SKIP: EPUBCheck absent")
        return SKIP
    outs = convert_all(root, tmp, "epub")
    results = ec.epubcheck_many([o for _, o in outs])
    for (rel, _), (_, problems, _) in zip(outs, results):
        for l in problems[:5]:
            print(rel + ": " + l)
        check(not problems, "EPUBCheck %s: %d problems" % (rel, len(problems)))


def case_markdown(root, tmp):
    for rel, want in sorted(EXPECTED.items()):
        md = os.path.join(tmp, rel.replace("/", "_") + ".md")
        p = recto(["-q", os.path.join(root, rel), "-o", md])
        check(p.returncode == 0, "%s to markdown: %s" % (rel, p.stderr[-300:]))
        if p.returncode:
            continue
        p = recto(["-q", md, "-t", "native"])
        check(p.returncode == 0, "%s: the Markdown reads back" % rel)
        if p.returncode == 0:
            got = counts_of_native(p.stdout)
            check(got == want, "%s through Markdown: %r, expected %r"
                  % (rel, got, want))


CASES = {"counts": case_counts, "tei": case_tei, "docbook": case_docbook,
         "epub": case_epub, "markdown": case_markdown}


def main():
    root = os.path.join(SHARED, "conformance")
    if not SHARED or not os.path.isdir(root):
        print("SKIP: ../shared/conformance is absent")
        return SKIP
    with tempfile.TemporaryDirectory(prefix="recto-conf-") as tmp:
        rc = CASES[sys.argv[1]](root, tmp)
    if FAILURES:
        print("%d checks failed" % len(FAILURES))
        return 1
    return rc or 0


if __name__ == "__main__":
    sys.exit(main())
