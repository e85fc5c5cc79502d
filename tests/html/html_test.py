"""The HTML/XHTML reader.

    html_test.py conformance   # ../shared: pandoc's HTML reader test and
                               # HTML5 writer output (exit 77 without it)
    html_test.py mapping       # documents written here: semantics, lang/dir
    html_test.py hostile       # refused with one line and exit 4, or read
                               # without running or fetching anything
    html_test.py streamed      # XHTML read while converted gives what
                               # the same document parsed whole gives
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import Checker, counts, meta, native, nodes, run, text  # noqa


def conformance(ck, tmp):
    shared = os.environ.get("RECTO_SHARED", "")
    base = os.path.join(shared, "conformance", "pandoc")
    if not os.path.isdir(base):
        print("skip: no conformance material")
        return 77
    d = native(os.path.join(base, "html-reader.html"), tmp)
    c = counts(d)
    ck.eq("html-reader headings", c["heading"], 39)
    ck.eq("html-reader tables", c["table"], 20)
    ck.eq("html-reader links", c["link"], 31)
    ck.eq("html-reader lists", c["list"], 41)
    ck.eq("html-reader title", meta(d, "title"), "Pandoc Test Suite")
    d = native(os.path.join(base, "writer.html5"), tmp)
    c = counts(d)
    ck.eq("writer.html5 notes", c["note"], 5)
    ck.eq("writer.html5 note references left", c["note_ref"], 0)
    ck.true("writer.html5 back-links dropped", "\u21a9" not in text(d))
    ck.eq("writer.html5 authors", len(d["meta"]["author"]["list"]), 2)
    return ck.status()


MAPPING = """<!DOCTYPE html>
<html lang="fa" dir="rtl"><head><title>Doc</title>
<meta name="author" content="A. Writer"><meta name="keywords" content="x, y">
<script>document.write("script text")</script><style>p {}</style></head>
<body>
<h1 id="top">Heading</h1>
<p onclick="evil()">One<a href="#n1" epub:type="noteref">1</a> and
<a href="#n2" role="doc-noteref">2</a> and again<a href="#n1" epub:type="noteref">1</a>,
<a href="#r1" role="doc-biblioref">(Doe 2000)</a>,
<a href="#ref-poe2002" role="doc-biblioref">(Poe 2002)</a>,
<a href="javascript:alert(1)">kept text</a> <span lang="en" dir="ltr">English</span>.</p>
<span epub:type="pagebreak" role="doc-pagebreak" aria-label="12"></span>
<p>Untyped<a href="#footnote-1" id="footnote-1-ref">[1]</a>.</p>
<table><caption>Cap</caption><thead><tr><th colspan="2">H</th></tr></thead>
<tbody><tr><td rowspan="2">a</td><td>b</td></tr><tr><td>c</td></tr></tbody></table>
<dl><dt>T</dt><dd>D</dd></dl>
<template><p>template text</p></template>
<aside epub:type="footnote" id="n1"><p>First note.</p></aside>
<aside role="doc-endnote" id="n2"><p>Second note.</p></aside>
<div class="notes"><p id="footnote-1"><a href="#footnote-1-ref">[1]</a> Third note.</p></div>
<section role="doc-bibliography"><h2>References</h2>
<ul><li id="r1">Doe, J. 2000. A book.</li><li id="ref-roe_002E2001">Roe 2001.</li></ul></section>
<div id="refs" class="references csl-bib-body" role="doc-bibliography">
<div id="ref-poe2002" class="csl-entry" role="listitem">Poe, E. 2002. <em>Tales</em>.</div>
</div>
<div epub:type="pagebreak" title="13">13</div>
</body></html>
"""


def mapping(ck, tmp):
    path = os.path.join(tmp, "m.html")
    with open(path, "w", encoding="utf-8") as f:
        f.write(MAPPING)
    d = native(path, tmp)
    c = counts(d)
    ck.eq("notes", c["note"], 3)
    ck.eq("second reference to a note", c["note_ref"], 1)
    ck.eq("citations", c["cite"], 2)
    ck.eq("entries (pandoc's div.csl-entry among them)", c["bib_entry"], 3)
    ck.eq("page breaks", c["page_break"], 2)
    ck.eq("table cells", c["cell"], 4)
    ck.eq("definition items", c["def_item"], 1)
    t = text(d)
    ck.eq("language and direction of <html>", (d.get("lang"), d.get("dir")),
          ("fa", "rtl"))
    ck.true("space after a note reference kept", "and again" in t)
    ck.true("script, style and template ignored",
            "script text" not in t and "template text" not in t and
            "p {}" not in t)
    ck.true("javascript: link dropped, its text kept",
            "kept text" in t and not any(
                n["type"] == "link" and "javascript" in n.get("url", "")
                for n in nodes(d)))
    ck.true("page number not kept as text", "13" not in t)
    ck.true("note text kept", "Third note." in t and "First note." in t)
    ck.true("no back-link bracket left", "[]" not in t)
    spans = [n for n in nodes(d) if n.get("lang") == "en"]
    ck.true("lang/dir on a span", bool(spans) and spans[0].get("dir") == "ltr")
    for cite in [n for n in nodes(d) if n["type"] == "cite"]:
        ck.eq("citation resolved", cite["items"][0].get("resolved"), True)
    keys = sorted(e.get("entry", {}).get("id", "")
                  for e in nodes(d) if e["type"] == "bib_entry")
    ck.eq("entry keys (recto's ref- ids decoded)", keys,
          ["poe2002", "r1", "roe.2001"])
    return ck.status()


# Notes in every order and shape the first reading must keep: a body
# before its reference, untyped notes found by their back-links, a link
# back and forth that is no note (a table of contents), a note holding its
# own reference, a reference to nothing, repeated ids, loose text between
# blocks, a block holding both references and notes, white space and a
# comment after the notes.
STREAMED = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"
 xmlns:epub="http://www.idpf.org/2007/ops" lang="en"><head><title>S</title>
<meta name="author" content="A. Writer"/></head>
<body>
<aside id="n0" epub:type="footnote"><p>Early note.</p></aside>
<p>Early<a href="#n0" epub:type="noteref">0</a>, untyped<a href="#u1"
 id="r1">1</a>, again<a href="#u1">1</a>, and
<a role="doc-biblioref" href="#ref-doe2000">Doe 2000</a>.</p>
<p>Text<a id="r2" href=" #u2 ">[2]</a>; contents <a id="t1"
 href="#sec">Section heading words</a>.</p>
loose <em>text</em> between blocks
<h2 id="sec">Section <a href="#t1">back</a></h2>
<div><p id="self">Self<a href="#self" role="doc-noteref">s</a></p></div>
<p>Nowhere<a href="#missing" role="doc-noteref">9</a>; ids <span
 id="d">x</span><span id="d">y</span><a href="#d" id="rd">d</a>.</p>
<span role="doc-pagebreak" aria-label="12"></span>
<div class="wrap"><p>Inside<a href="#w1" class="footnote-ref"
 id="wr1">3</a></p><ol><li id="w1"><p>Wrapped note.<a href="#wr1"
 role="doc-backlink">&#8617;</a></p></li></ol></div>
<p id="d">later</p>
<section role="doc-bibliography"><ul><li id="ref-doe2000">Doe 2000.</li>
</ul></section>
<section class="footnotes" role="doc-endnotes"><hr/><ol>
<li id="u1"><p>Untyped note <a href="#r1">back</a></p></li>
<li id="u2"><p>Second <a href="#r2">&#8617;</a></p></li></ol></section>
<!-- end -->
</body></html>
"""


def streamed(ck, tmp):
    docs = {"notes": STREAMED,
            # a fragment written with a character reference: read whole
            "escaped": STREAMED.replace('href="#n0"', 'href="&#35;n0"')}
    for name, xhtml in docs.items():
        read = {}
        for ext, content in (("xhtml", xhtml),
                             ("html", xhtml.replace(
                                 '<?xml version="1.0" encoding="UTF-8"?>',
                                 ""))):
            path = os.path.join(tmp, "%s.%s" % (name, ext))
            with open(path, "w", encoding="utf-8") as f:
                f.write(content)
            read[ext] = native(path, tmp)
        x, h = read["xhtml"], read["html"]
        ck.eq("%s: notes" % name, counts(x)["note"], 4)
        ck.eq("%s: blocks as parsed whole" % name, x["blocks"], h["blocks"])
        ck.eq("%s: metadata as parsed whole" % name, x["meta"], h["meta"])
    return ck.status()


def hostile(ck, tmp):
    def write(name, content):
        path = os.path.join(tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(content)
        return path

    deep = "<div>" * 100000 + "x" + "</div>" * 100000
    cases = [
        ("deep.html", "<html><body>%s</body></html>" % deep),
        ("deep.xhtml", '<?xml version="1.0"?><html xmlns="http://www.w3.org/'
         '1999/xhtml"><body>%s</body></html>' % deep),
        ("bomb.xhtml", '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a0 "lol">'
         + "".join('<!ENTITY a%d "%s">' % (i, ("&a%d;" % (i - 1)) * 10)
                   for i in range(1, 10))
         + ']><html xmlns="http://www.w3.org/1999/xhtml"><body><p>&a9;</p>'
         "</body></html>"),
        ("broken.xhtml", '<?xml version="1.0"?><html xmlns="http://www.w3.org/'
         '1999/xhtml"><body><p>open</body></html>'),
    ]
    for name, content in cases:
        path = write(name, content)
        out = path + ".native"
        status, lines = run([path, "-t", "native", "-o", out], expect=None)
        ck.true("%s refused with exit 4 and one line" % name,
                status == 4 and len(lines) == 1 and name in lines[0] and
                not os.path.exists(out), "exit %d: %s" % (status, lines))
    # Past libxml2's 10 MB lookahead limit (a limit for one token, not
    # for a document): read whole.
    para = "<p>" + "word " * 200 + "</p>\n"
    path = write("large.xhtml", '<?xml version="1.0"?><html xmlns="http://'
                 'www.w3.org/1999/xhtml"><body>%s<p>LAST</p></body></html>'
                 % (para * (11 * 1024 * 1024 // len(para))))
    d = native(path, tmp)
    ck.true("an 11 MB XHTML document read to its end",
            d is not None and "LAST" in text(d))
    # The host decoded the input: a stale encoding declaration is ignored.
    path = os.path.join(tmp, "latin1-declared.xhtml")
    with open(path, "wb") as f:
        f.write('<?xml version="1.0" encoding="ISO-8859-1"?><html xmlns='
                '"http://www.w3.org/1999/xhtml"><body><p>caf\u00e9</p>'
                '</body></html>'.encode("utf-8"))
    d = native(path, tmp)
    ck.true("UTF-8 under a stale encoding declaration",
            d is not None and "caf\u00e9" in text(d))
    # External entities and DTDs are never read: the secret stays out.
    secret = write("secret.txt", "SECRET-CONTENT")
    path = write("xxe.xhtml", '<?xml version="1.0"?><!DOCTYPE html SYSTEM '
                 '"%s" [<!ENTITY x SYSTEM "%s">]><html xmlns="http://www.w3'
                 '.org/1999/xhtml"><body><p>a&x;b</p></body></html>'
                 % (secret, secret))
    d = native(path, tmp)
    ck.true("external entity not read", d is not None and
            "SECRET" not in text(d))
    return ck.status()


def main():
    ck = Checker()
    with tempfile.TemporaryDirectory() as tmp:
        return {"conformance": conformance, "mapping": mapping,
                "hostile": hostile, "streamed": streamed}[sys.argv[1]](
                    ck, tmp)


if __name__ == "__main__":
    sys.exit(main())
