"""Structured benchmark inputs: TEI, DocBook, XHTML and DOCX (for gen.py).

One seeded draw of chapters, sections and blocks (the same kinds of
content as the Markdown input: English paragraphs with emphasis, code,
links, footnotes and citations; Persian and Arabic paragraphs; lists;
tables with captions; block quotes; page breaks; a bibliography) is
rendered in each vocabulary the way its usual producers write it:
recto's and GROBID's TEI, DocBook 5, pandoc's HTML5 (footnote-ref links
and a footnotes section, doc-biblioref citations), and Word's
WordprocessingML (styles, numbering, footnotes.xml, right-to-left
paragraphs with w:bidi and w:lang).
"""

import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

import gen as G

LANGS = {"en": "en", "fa": "fa", "ar": "ar"}


class Content:
    """The abstract document.  Inline parts: str, ("i", s), ("b", s),
    ("code", s), ("a", url, s), ("note", parts), ("cite", key, label).
    Blocks: ("p", lang, parts), ("list", ordered, [parts]), ("table",
    head, rows, caption), ("quote", parts), ("h3", s), ("pb", n)."""

    def __init__(self, g, pools, refs):
        self.g, self.p, self.refs = g, pools, refs
        self.link = 0
        self.page = 0
        self.since_page = 0

    def cite(self):
        key, fam, _giv, year, _t, _fa = self.g.pick(self.refs)
        return ("cite", key, "%s %d" % (fam, year))

    def note(self):
        s = self.g.pick(self.p.en)
        parts = [s[:-1]]
        if self.g.chance(0.4):
            parts += [" ", self.cite()]
        parts.append(".")
        return ("note", parts)

    def inline_en(self, sentence):
        g, w = self.g, sentence[:-1].split(" ")
        i = g.n(0, len(w) - 1)
        r = g.n(0, 9)
        before, word, after = " ".join(w[:i]), w[i], " ".join(w[i + 1:])
        parts = [before + " "] if before else []
        if r == 0:
            parts.append(("i", word))
        elif r == 1:
            parts.append(("b", word))
        elif r == 2:
            parts.append(("code", word))
        elif r == 3:
            self.link += 1
            parts.append(("a", "https://example.org/catalogue/%d" % self.link,
                          word))
        elif r == 4:
            parts += [word + " ", self.cite()]
        elif r == 5:
            parts += [word, self.note()]
        else:
            parts.append(word)
        parts.append((" " + after if after else "") + ".")
        if g.chance(0.15):
            parts.append(self.note())
        return parts

    def para_en(self):
        parts = []
        for k in range(self.g.n(3, 7)):
            if k:
                parts.append(" ")
            parts += self.inline_en(self.g.pick(self.p.en))
        return ("p", "en", parts)

    def para_fa(self):
        g = self.g
        parts = [" ".join(g.pick(self.p.fa) for _ in range(g.n(3, 6)))]
        if g.chance(0.5):
            parts += [" ", self.cite()]
        if g.chance(0.3):
            parts.append(self.note())
        return ("p", "fa", parts)

    def para_ar(self):
        g = self.g
        return ("p", "ar", [" ".join(g.pick(self.p.ar)
                                     for _ in range(g.n(2, 5)))])

    def table(self):
        g = self.g
        cols = g.n(3, 5)
        head = [g.pick(G.EN_WORDS).capitalize() for _ in range(cols)]
        rows = []
        for _ in range(g.n(3, 12)):
            row = []
            for _ in range(cols):
                k = g.n(0, 3)
                row.append(str(g.n(1, 9999)) if k == 0 else
                           " ".join(g.words(G.FA_WORDS if k == 1
                                            else G.EN_WORDS, 1, 4)))
            rows.append(row)
        return ("table", head, rows,
                " ".join(g.words(G.EN_WORDS, 3, 6)).capitalize())

    def blist(self):
        g = self.g
        return ("list", g.chance(0.4),
                [[" ".join(g.words(G.EN_WORDS, 2, 10))]
                 for _ in range(g.n(2, 6))])

    def quote(self):
        return ("quote", self.inline_en(self.g.pick(self.p.en)))

    def heading3(self):
        return ("h3", " ".join(self.g.words(G.EN_WORDS, 2, 4)))

    def block(self, k):
        return G.S_draw_block(self, k)

    def chapter(self, n):
        """(title, [(section title, lang, blocks)])."""
        g, secs = self.g, []
        for s in range(g.n(2, 4)):
            if g.chance(0.3):
                title, lang = " ".join(g.words(G.FA_WORDS, 2, 4)), "fa"
            else:
                title = "%d.%d %s" % (n, s + 1, " ".join(g.words(G.EN_WORDS,
                                                                 2, 5)))
                lang = "en"
            blocks = []
            for _ in range(g.n(4, 9)):
                blocks.append(self.block(g.n(0, 19)))
                self.since_page += 1
                if self.since_page >= 6:
                    self.page += 1
                    self.since_page = 0
                    blocks.append(("pb", self.page + 1))
            secs.append((title, lang, blocks))
        return ("Chapter %d: %s" % (n, " ".join(g.words(G.EN_WORDS, 2, 5))),
                secs)


def x(s):
    return escape(s)


# --- the renderers -----------------------------------------------------
# Each has head(refs), chapter(n, title, sections) and tail(refs); text
# is generated chapter by chapter until the size is reached.

class Tei:
    # inline markup: i, b and code take the text; a the address and the
    # text; cite the key and the label by name
    INLINE = {"i": "<emph>%s</emph>", "b": '<hi rend="bold">%s</hi>',
              "code": "<code>%s</code>", "a": "<ref target=%s>%s</ref>",
              "cite": '<ref type="bibr" target="#%(key)s">%(label)s</ref>'}

    def __init__(self):
        self.note = 0

    def inl(self, parts):
        out = []
        for p in parts:
            if isinstance(p, str):
                out.append(x(p))
            elif p[0] == "a":
                out.append(self.INLINE["a"] % (quoteattr(p[1]), x(p[2])))
            elif p[0] == "cite":
                out.append(self.INLINE["cite"] % {"key": p[1], "label": x(p[2])})
            elif p[0] == "note":
                self.note += 1
                out.append(self.footnote(self.inl(p[1])))
            else:
                out.append(self.INLINE[p[0]] % x(p[1]))
        return "".join(out)

    def footnote(self, body):
        return '<note place="foot" n="%d">%s</note>' % (self.note, body)

    def block(self, b):
        k = b[0]
        if k == "p":
            lang = ' xml:lang="%s"' % b[1] if b[1] != "en" else ""
            return "<p%s>%s</p>" % (lang, self.inl(b[2]))
        if k == "list":
            return '<list rend="%s">%s</list>' % (
                "numbered" if b[1] else "bulleted",
                "".join("<item>%s</item>" % self.inl(i) for i in b[2]))
        if k == "table":
            rows = ['<row role="label">%s</row>' % "".join(
                "<cell>%s</cell>" % x(c) for c in b[1])]
            rows += ["<row>%s</row>" % "".join("<cell>%s</cell>" % x(c)
                                               for c in r) for r in b[2]]
            return "<table><head>%s</head>%s</table>" % (x(b[3]), "".join(rows))
        if k == "quote":
            return "<quote><p>%s</p></quote>" % self.inl(b[1])
        if k == "h3":
            return '<p rend="heading">%s</p>' % x(b[1])
        return '<pb n="%d"/>' % b[1]

    def head(self, refs):
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">\n'
                "<teiHeader><fileDesc><titleStmt><title>A benchmark catalogue"
                " of sources and notes</title><author>Sara Karimi</author>"
                "<author>Henry Thorne</author></titleStmt><publicationStmt>"
                "<date when=\"2024-06-01\">2024-06-01</date></publicationStmt>"
                "<sourceDesc><p>Generated for the benchmark.</p></sourceDesc>"
                "</fileDesc></teiHeader>\n<text><body>\n")

    # the skeleton: chapters, sections, the bibliography (named fields)
    CHAPTER = ('<div type="chapter"><head>%(title)s</head>\n', "</div>\n")
    SECTION = ('<div type="section"%(lang)s><head>%(title)s</head>\n',
               "</div>\n")
    LANG_FA = ' xml:lang="fa"'
    BIBLIOGRAPHY = ('</body><back><div type="bibliography"><listBibl>\n',
                    "</listBibl></div></back></text></TEI>\n")
    ENTRY = ('<biblStruct xml:id="%(key)s"%(lang)s><monogr><title level="m">'
             "%(title)s</title><author><persName><forename>%(given)s"
             "</forename><surname>%(family)s</surname></persName></author>"
             "<imprint><publisher>Northfield Press</publisher>"
             '<date when="%(year)d">%(year)d</date></imprint></monogr>'
             "</biblStruct>\n")

    def chapter(self, n, title, secs):
        out = [self.CHAPTER[0] % {"n": n, "title": x(title)}]
        for k, (st, lang, blocks) in enumerate(secs):
            out.append(self.SECTION[0] % {
                "n": n, "k": k, "title": x(st),
                "lang": self.LANG_FA if lang == "fa" else ""})
            out += [self.block(b) + "\n" for b in blocks]
            out.append(self.SECTION[1])
        out.append(self.CHAPTER[1])
        return "".join(out)

    def tail(self, refs):
        out = [self.BIBLIOGRAPHY[0]]
        for key, fam, giv, year, title, fa in refs:
            out.append(self.ENTRY % {
                "key": key, "lang": self.LANG_FA if fa else "",
                "title": x(title), "given": x(giv), "family": x(fam),
                "year": year})
        out.append(self.BIBLIOGRAPHY[1])
        return "".join(out) + self.end()

    def end(self):
        return ""


class DocBook(Tei):
    INLINE = {"i": "<emphasis>%s</emphasis>",
              "b": '<emphasis role="bold">%s</emphasis>',
              "code": "<literal>%s</literal>",
              "a": "<link xlink:href=%s>%s</link>",
              "cite": '<citation><biblioref linkend="%(key)s"/></citation>'}

    def footnote(self, body):
        return "<footnote><para>%s</para></footnote>" % body

    def block(self, b):
        k = b[0]
        if k == "p":
            lang = ' xml:lang="%s"' % b[1] if b[1] != "en" else ""
            return "<para%s>%s</para>" % (lang, self.inl(b[2]))
        if k == "list":
            tag = "orderedlist" if b[1] else "itemizedlist"
            return "<%s>%s</%s>" % (tag, "".join(
                "<listitem><para>%s</para></listitem>" % self.inl(i)
                for i in b[2]), tag)
        if k == "table":
            cols = len(b[1])
            row = lambda r: "<row>%s</row>" % "".join(  # noqa: E731
                "<entry>%s</entry>" % x(c) for c in r)
            return ('<table><title>%s</title><tgroup cols="%d"><thead>%s</thead>'
                    "<tbody>%s</tbody></tgroup></table>" % (
                        x(b[3]), cols, row(b[1]), "".join(row(r) for r in b[2])))
        if k == "quote":
            return "<blockquote><para>%s</para></blockquote>" % self.inl(b[1])
        if k == "h3":
            return "<bridgehead>%s</bridgehead>" % x(b[1])
        return '<anchor role="pagebreak" xml:id="page-%d" xreflabel="%d"/>' % (
            b[1], b[1])

    def head(self, refs):
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<article xmlns="http://docbook.org/ns/docbook" '
                'xmlns:xlink="http://www.w3.org/1999/xlink" version="5.0" '
                'xml:lang="en">\n<info><title>A benchmark catalogue of sources'
                " and notes</title><author><personname>Sara Karimi</personname>"
                "</author><pubdate>2024-06-01</pubdate></info>\n")

    CHAPTER = ("<section><title>%(title)s</title>\n", "</section>\n")
    SECTION = ("<section%(lang)s><title>%(title)s</title>\n", "</section>\n")
    BIBLIOGRAPHY = ("<bibliography>\n", "</bibliography>\n</article>\n")
    ENTRY = ('<biblioentry xml:id="%(key)s"%(lang)s><title>%(title)s</title>'
             "<author><personname><firstname>%(given)s</firstname><surname>"
             "%(family)s</surname></personname></author><publisher>"
             "<publishername>Northfield Press</publishername></publisher>"
             "<pubdate>%(year)d</pubdate></biblioentry>\n")


class Xhtml(Tei):
    """pandoc's HTML5 shape, as XHTML."""

    def __init__(self):
        super().__init__()
        self.notes = []

    INLINE = {"i": "<em>%s</em>", "b": "<strong>%s</strong>",
              "code": "<code>%s</code>", "a": "<a href=%s>%s</a>",
              "cite": '<a role="doc-biblioref" href="#ref-%(key)s">%(label)s</a>'}

    def footnote(self, body):
        n = self.note
        self.notes.append(
            '<li id="fn%d"><p>%s<a href="#fnref%d" class="footnote-back"'
            ' role="doc-backlink">\u21a9\ufe0e</a></p></li>\n' % (n, body, n))
        return ('<a href="#fn%d" class="footnote-ref" id="fnref%d" '
                'role="doc-noteref"><sup>%d</sup></a>' % (n, n, n))

    def block(self, b):
        k = b[0]
        if k == "p":
            lang = ' lang="%s" dir="rtl"' % b[1] if b[1] != "en" else ""
            return "<p%s>%s</p>" % (lang, self.inl(b[2]))
        if k == "list":
            tag = "ol" if b[1] else "ul"
            return "<%s>%s</%s>" % (tag, "".join("<li>%s</li>" % self.inl(i)
                                                 for i in b[2]), tag)
        if k == "table":
            return ("<table><caption>%s</caption><thead><tr>%s</tr></thead>"
                    "<tbody>%s</tbody></table>" % (
                        x(b[3]), "".join("<th>%s</th>" % x(c) for c in b[1]),
                        "".join("<tr>%s</tr>" % "".join("<td>%s</td>" % x(c)
                                                        for c in r)
                                for r in b[2])))
        if k == "quote":
            return "<blockquote><p>%s</p></blockquote>" % self.inl(b[1])
        if k == "h3":
            return "<h3>%s</h3>" % x(b[1])
        return ('<span role="doc-pagebreak" id="page%d" aria-label="%d"></span>'
                % (b[1], b[1]))

    def head(self, refs):
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
                '<html xmlns="http://www.w3.org/1999/xhtml" lang="en" '
                'xml:lang="en">\n<head><meta charset="utf-8"/><title>A '
                "benchmark catalogue of sources and notes</title>"
                '<meta name="author" content="Sara Karimi"/></head>\n<body>\n'
                "<header><h1 class=\"title\">A benchmark catalogue of sources "
                "and notes</h1></header>\n")

    CHAPTER = ('<section id="chapter-%(n)d" class="level1"><h1>%(title)s'
               "</h1>\n", "</section>\n")
    SECTION = ('<section id="s%(n)d-%(k)d" class="level2"%(lang)s><h2>'
               "%(title)s</h2>\n", "</section>\n")
    LANG_FA = ' lang="fa" dir="rtl"'
    BIBLIOGRAPHY = ('<section id="references" role="doc-bibliography">'
                    "<h1>References</h1>\n", "</section>\n")
    ENTRY = ('<div id="ref-%(key)s" class="csl-entry"%(lang)s>%(family)s, '
             "%(given)s. %(year)d. <em>%(title)s</em>. Northfield Press.</div>\n")

    def end(self):
        return ('<section id="footnotes" class="footnotes footnotes-end-of-'
                'document" role="doc-endnotes"><hr/><ol>\n'
                + "".join(self.notes) + "</ol></section>\n</body>\n</html>\n")


W = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
     'relationships"')


class Docx(Tei):
    """Word's shapes: styled paragraphs and runs, footnotes in their own
    part, numbering for lists, hyperlinks through relationships."""

    def __init__(self):
        super().__init__()
        self.notes = []
        self.links = []

    def run(self, text, props="", rtl=False):
        if rtl:
            props += "<w:rtl/>"
        return '<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>' % (
            "<w:rPr>%s</w:rPr>" % props if props else "", x(text))

    def inl(self, parts, rtl=False):
        out = []
        for p in parts:
            if isinstance(p, str):
                out.append(self.run(p, rtl=rtl))
            elif p[0] == "i":
                out.append(self.run(p[1], "<w:i/>"))
            elif p[0] == "b":
                out.append(self.run(p[1], "<w:b/>"))
            elif p[0] == "code":
                out.append(self.run(p[1], '<w:rStyle w:val="VerbatimChar"/>'))
            elif p[0] == "a":
                self.links.append(p[1])
                out.append('<w:hyperlink r:id="rIdL%d">%s</w:hyperlink>' % (
                    len(self.links), self.run(p[2], '<w:rStyle w:val="Hyperlink"/>')))
            elif p[0] == "cite":
                out.append(self.run("(%s)" % p[2], rtl=rtl))
            else:
                self.note += 1
                self.notes.append(
                    '<w:footnote w:id="%d"><w:p><w:pPr><w:pStyle '
                    'w:val="FootnoteText"/></w:pPr><w:r><w:rPr><w:rStyle '
                    'w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
                    "%s</w:p></w:footnote>" % (self.note, self.inl(p[1])))
                out.append('<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/>'
                           '</w:rPr><w:footnoteReference w:id="%d"/></w:r>'
                           % self.note)
        return "".join(out)

    def para(self, style, body, lang="en"):
        ppr = '<w:pStyle w:val="%s"/>' % style if style else ""
        if lang != "en":
            ppr += '<w:bidi/><w:rPr><w:lang w:bidi="%s"/></w:rPr>' % (
                "fa-IR" if lang == "fa" else "ar-SA")
        return "<w:p>%s%s</w:p>" % ("<w:pPr>%s</w:pPr>" % ppr if ppr else "",
                                    body)

    def block(self, b):
        k = b[0]
        if k == "p":
            return self.para(None, self.inl(b[2], b[1] != "en"), b[1])
        if k == "list":
            num = 2 if b[1] else 1
            return "".join(
                '<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr>'
                '<w:ilvl w:val="0"/><w:numId w:val="%d"/></w:numPr></w:pPr>%s'
                "</w:p>" % (num, self.inl(i)) for i in b[2])
        if k == "table":
            cell = lambda c: ("<w:tc><w:p>%s</w:p></w:tc>"  # noqa: E731
                              % self.run(c))
            rows = ['<w:tr><w:trPr><w:tblHeader/></w:trPr>%s</w:tr>' %
                    "".join(cell(c) for c in b[1])]
            rows += ["<w:tr>%s</w:tr>" % "".join(cell(c) for c in r)
                     for r in b[2]]
            return (self.para("TableCaption", self.run(b[3]))
                    + '<w:tbl><w:tblPr><w:tblStyle w:val="Table"/></w:tblPr>'
                    "<w:tblGrid>%s</w:tblGrid>%s</w:tbl>" % (
                        '<w:gridCol w:w="2000"/>' * len(b[1]), "".join(rows)))
        if k == "quote":
            return self.para("BlockText", self.inl(b[1]))
        if k == "h3":
            return self.para("Heading3", self.run(b[1]))
        return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'

    def head(self, refs):
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                "<w:document %s><w:body>\n" % W
                + self.para("Title", self.run("A benchmark catalogue of "
                                              "sources and notes")) + "\n")

    def chapter(self, n, title, secs):
        out = [self.para("Heading1", self.run(title)) + "\n"]
        for st, lang, blocks in secs:
            out.append(self.para("Heading2", self.run(st, rtl=lang == "fa"),
                                 lang) + "\n")
            out += [self.block(b) + "\n" for b in blocks]
        return "".join(out)

    def tail(self, refs):
        out = [self.para("Heading1", self.run("References"))]
        for key, fam, giv, year, title, fa in refs:
            out.append(self.para("Bibliography", self.run(
                "%s, %s. %d. %s. Northfield Press." % (fam, giv, year, title),
                rtl=fa), "fa" if fa else "en"))
        out.append("<w:sectPr/></w:body></w:document>\n")
        return "\n".join(out)

    STYLES = ("Title", "Heading1", "Heading2", "Heading3", "BlockText",
              "ListParagraph", "TableCaption", "Bibliography", "FootnoteText")

    def package(self, document):
        """The zip bytes around document.xml."""
        def style(sid):
            level = sid[-1] if sid.startswith("Heading") else None
            return ('<w:style w:type="paragraph" w:styleId="%s"><w:name w:val="%s"/>'
                    "%s</w:style>" % (sid, ("heading " + level) if level else sid,
                                      '<w:pPr><w:outlineLvl w:val="%d"/></w:pPr>'
                                      % (int(level) - 1) if level else ""))
        styles = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  "<w:styles %s>%s" % (W, "".join(style(s) for s in self.STYLES))
                  + "".join('<w:style w:type="character" w:styleId="%s">'
                            '<w:name w:val="%s"/></w:style>' % (s, s)
                            for s in ("VerbatimChar", "Hyperlink",
                                      "FootnoteReference"))
                  + "</w:styles>")
        numbering = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     "<w:numbering %s>" % W + "".join(
                         '<w:abstractNum w:abstractNumId="%d"><w:lvl w:ilvl="0">'
                         '<w:start w:val="1"/><w:numFmt w:val="%s"/><w:lvlText '
                         'w:val="%s"/></w:lvl></w:abstractNum>' % (k, fmt, text)
                         for k, fmt, text in ((1, "bullet", "\u2022"),
                                              (2, "decimal", "%1.")))
                     + "".join('<w:num w:numId="%d"><w:abstractNumId w:val="%d"/>'
                               "</w:num>" % (k, k) for k in (1, 2))
                     + "</w:numbering>")
        footnotes = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     "<w:footnotes %s>" % W
                     + '<w:footnote w:type="separator" w:id="-1"><w:p><w:r>'
                     "<w:separator/></w:r></w:p></w:footnote>"
                     + "".join(self.notes) + "</w:footnotes>")
        rel = ('<Relationship Id="%s" Type="http://schemas.openxmlformats.org/'
               'officeDocument/2006/relationships/%s" Target="%s"%s/>')
        rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
                '2006/relationships">'
                + rel % ("rIdS", "styles", "styles.xml", "")
                + rel % ("rIdN", "numbering", "numbering.xml", "")
                + rel % ("rIdF", "footnotes", "footnotes.xml", "")
                + "".join(rel % ("rIdL%d" % (k + 1), "hyperlink", x(u),
                                 ' TargetMode="External"')
                          for k, u in enumerate(self.links))
                + "</Relationships>")
        ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
              'content-types"><Default Extension="rels" ContentType="application/'
              'vnd.openxmlformats-package.relationships+xml"/><Default '
              'Extension="xml" ContentType="application/xml"/>'
              '<Override PartName="/word/document.xml" ContentType="application/'
              'vnd.openxmlformats-officedocument.wordprocessingml.document.main'
              '+xml"/>' + "".join(
                  '<Override PartName="/word/%s.xml" ContentType="application/'
                  'vnd.openxmlformats-officedocument.wordprocessingml.%s+xml"/>'
                  % (p, p) for p in ("styles", "numbering", "footnotes"))
              + "</Types>")
        pkg_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    '<Relationships xmlns="http://schemas.openxmlformats.org/'
                    'package/2006/relationships">' + rel % (
                        "rId1", "officeDocument", "word/document.xml", "")
                    + "</Relationships>")
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, text in (("[Content_Types].xml", ct),
                               ("_rels/.rels", pkg_rels),
                               ("word/document.xml", document),
                               ("word/_rels/document.xml.rels", rels),
                               ("word/styles.xml", styles),
                               ("word/numbering.xml", numbering),
                               ("word/footnotes.xml", footnotes)):
                z.writestr(zipfile.ZipInfo(name, (2024, 6, 1, 0, 0, 0)),
                           text.encode(), zipfile.ZIP_DEFLATED)
        return buf.getvalue()


RENDERERS = {"tei": Tei, "docbook": DocBook, "xhtml": Xhtml, "docx": Docx}


def generate(kind, size, fp):
    """size bytes (about) of kind: the XML file, or for docx a package
    whose word/document.xml is about size bytes."""
    g = G.Gen(G.SEED + 2)
    pools = G.Pools(g)
    refs = G.S_make_refs(g, 300)
    c = Content(g, pools, refs)
    r = RENDERERS[kind]()
    parts = [r.head(refs)]
    total = len(parts[0].encode())
    n = 0
    while total < size:
        n += 1
        title, secs = c.chapter(n)
        chunk = r.chapter(n, title, secs)
        total += len(chunk.encode())
        parts.append(chunk)
    parts.append(r.tail(refs))
    text = "".join(parts)
    fp.write(r.package(text) if kind == "docx" else text.encode())
