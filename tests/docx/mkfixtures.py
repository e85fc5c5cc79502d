#!/usr/bin/env python3
"""Write DOCX and ODT documents whose truth is known.

    mkfixtures.py OUTDIR

Writes OUTDIR/persian.docx, OUTDIR/english.docx, OUTDIR/arabic.odt and
OUTDIR/truth.json: for each document the counts a faithful reading must
find (notes, comments, citations and their items, bibliography entries,
headings, tables and cells, page breaks), its language and direction,
and the letters of its text.  Every part is written here as a string, so
the fixtures hold only text of our own.  Output is deterministic.
"""
import json
import os
import struct
import sys
import zipfile
import zlib

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
STAMP = (2024, 1, 1, 0, 0, 0)


def png_1x1():
    """A valid 1x1 grey PNG."""
    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
            chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b""))


def esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def write_zip(path, parts, first=None):
    with zipfile.ZipFile(path, "w") as z:
        names = list(parts)
        if first:
            names.remove(first)
            info = zipfile.ZipInfo(first, STAMP)
            info.compress_type = zipfile.ZIP_STORED
            z.writestr(info, parts[first])
        for name in names:
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            data = parts[name]
            z.writestr(info, data.encode("utf-8") if isinstance(data, str)
                       else data)


def letters(texts):
    return sum(1 for t in texts for ch in t if ch.isalpha())


# ---------------------------------------------------------------- DOCX ---

def xml_part(root, body, extra_ns=""):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<%s xmlns:w="%s" xmlns:r="%s"%s>%s</%s>'
            % (root, W, R, extra_ns, body, root))


def content_types(extra):
    over = "".join('<Override PartName="/%s" ContentType="%s"/>' % (p, t)
                   for p, t in extra)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default '
            'Extension="xml" ContentType="application/xml"/><Default '
            'Extension="png" ContentType="image/png"/>' + over + '</Types>')


CT = "application/vnd.openxmlformats-officedocument."
PARTS = {
    "document": ("word/document.xml",
                 CT + "wordprocessingml.document.main+xml", "officeDocument"),
    "styles": ("word/styles.xml", CT + "wordprocessingml.styles+xml", "styles"),
    "numbering": ("word/numbering.xml", CT + "wordprocessingml.numbering+xml",
                  "numbering"),
    "footnotes": ("word/footnotes.xml", CT + "wordprocessingml.footnotes+xml",
                  "footnotes"),
    "endnotes": ("word/endnotes.xml", CT + "wordprocessingml.endnotes+xml",
                 "endnotes"),
    "comments": ("word/comments.xml", CT + "wordprocessingml.comments+xml",
                 "comments"),
}
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def docx(path, body, styles, core, notes=None, endnotes=None, comments=None,
         numbering=None, links=(), images=()):
    parts = {}
    rels = []
    types = [(PARTS["document"][0], PARTS["document"][1])]
    for key, content in (("styles", styles), ("numbering", numbering),
                         ("footnotes", notes), ("endnotes", endnotes),
                         ("comments", comments)):
        if content is None:
            continue
        part, ctype, rel = PARTS[key]
        parts[part] = content
        types.append((part, ctype))
        rels.append((key, REL + rel, part[5:], ""))
    for rid, url in links:
        rels.append((rid, REL + "hyperlink", esc(url), ' TargetMode="External"'))
    for rid, name, data in images:
        rels.append((rid, REL + "image", "media/" + name, ""))
        parts["word/media/" + name] = data
    types.append(("docProps/core.xml",
                  "application/vnd.openxmlformats-package.core-properties+xml"))
    parts["[Content_Types].xml"] = content_types(types)
    parts["_rels/.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s" '
        'Target="word/document.xml"/><Relationship Id="rId2" Type="http://'
        'schemas.openxmlformats.org/package/2006/relationships/metadata/'
        'core-properties" Target="docProps/core.xml"/></Relationships>'
        % (PKG, REL + "officeDocument"))
    parts["word/_rels/document.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="%s">%s</Relationships>'
        % (PKG, "".join('<Relationship Id="%s" Type="%s" Target="%s"%s/>' % r
                        for r in rels)))
    parts["word/document.xml"] = xml_part(
        "w:document", "<w:body>%s<w:sectPr/></w:body>" % body,
        ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
        'wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/'
        'drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/'
        'drawingml/2006/picture"')
    parts["docProps/core.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
        'package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/'
        'elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">%s'
        '</cp:coreProperties>' % core)
    # Word writes [Content_Types].xml first; so do we.
    write_zip(path, parts, first="[Content_Types].xml")


def run(text, rpr="", tag="w:t"):
    return '<w:r>%s<%s xml:space="preserve">%s</%s></w:r>' % (
        "<w:rPr>%s</w:rPr>" % rpr if rpr else "", tag, esc(text), tag)


def para(content, ppr=""):
    return "<w:p>%s%s</w:p>" % ("<w:pPr>%s</w:pPr>" % ppr if ppr else "",
                                content)


def field(instr_pieces, shown_runs):
    """A complex field: its code split over several runs, as Word does."""
    code = "".join('<w:r><w:instrText xml:space="preserve">%s</w:instrText>'
                   '</w:r>' % esc(p) for p in instr_pieces)
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>' + code +
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + shown_runs +
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def note_part(root, kind, notes):
    sep = ('<w:%s w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r>'
           '</w:p></w:%s><w:%s w:type="continuationSeparator" w:id="0"><w:p>'
           '<w:r><w:continuationSeparator/></w:r></w:p></w:%s>'
           % (kind, kind, kind, kind))
    body = "".join('<w:%s w:id="%d">%s</w:%s>' % (kind, nid, paras, kind)
                   for nid, paras in notes)
    return xml_part(root, sep + body)


STYLE_BASE = ('<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="en-US"/>'
              '</w:rPr></w:rPrDefault></w:docDefaults>'
              '<w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
              '<w:name w:val="Normal"/></w:style>')


def style(kind, sid, name, based=None, ppr="", rpr=""):
    return ('<w:style w:type="%s" w:styleId="%s"><w:name w:val="%s"/>%s%s%s'
            '</w:style>' % (kind, sid, esc(name),
                            '<w:basedOn w:val="%s"/>' % based if based else "",
                            "<w:pPr>%s</w:pPr>" % ppr if ppr else "",
                            "<w:rPr>%s</w:rPr>" % rpr if rpr else ""))


def persian(out):
    fa = '<w:rtl/><w:lang w:bidi="fa-IR"/>'
    rtl_p = "<w:bidi/>"

    def fp(text, extra=""):
        return para(run(text, fa), rtl_p + extra)

    styles = xml_part("w:styles", STYLE_BASE
        # Localised heading styles: the first by its outline level, the
        # second inherits its direction from the first (basedOn) and has
        # its own level, the third is known only by its name.
        + style("paragraph", "a1", "عنوان ۱", "Normal",
                '<w:bidi/><w:outlineLvl w:val="0"/>', fa)
        + style("paragraph", "a2", "عنوان 2", "a1", '<w:outlineLvl w:val="1"/>')
        + style("paragraph", "a3", "سرفصل ۳", "Normal")
        + style("paragraph", "a4", "نقل قول", "Normal", "<w:bidi/>", fa)
        + style("character", "a5", "Footnote Reference", None, "",
                '<w:vertAlign w:val="superscript"/>'))

    citation1 = {
        "citationID": "c1",
        "properties": {"formattedCitation": "(رضایی ۱۴۰۰، ۱۲)",
                       "plainCitation": "(رضایی ۱۴۰۰، ۱۲)"},
        "citationItems": [{
            "id": 101, "uris": ["http://zotero.org/users/1/items/AAAA1111"],
            "itemData": {"id": 101, "type": "book",
                         "title": "نگاهی به نثر معاصر",
                         "author": [{"family": "رضایی", "given": "مینا"}],
                         "publisher": "نشر نمونه", "publisher-place": "تهران",
                         "language": "fa",
                         "issued": {"date-parts": [["1400"]]}},
            "locator": "12", "label": "page", "prefix": "نک."}],
        "schema": "https://github.com/citation-style-language/schema/raw/"
                  "master/csl-citation.json"}
    citation2 = {
        "citationID": "c2",
        "properties": {"formattedCitation": "(رضایی ۱۴۰۰؛ Farahani 2019)"},
        "citationItems": [
            {"id": 101, "uris": ["http://zotero.org/users/1/items/AAAA1111"],
             "itemData": citation1["citationItems"][0]["itemData"]},
            {"id": 102, "uris": ["http://zotero.org/users/1/items/BBBB2222"],
             "itemData": {"id": 102, "type": "article-journal",
                          "title": "Notes on Persian typesetting",
                          "container-title": "Journal of Sample Studies",
                          "volume": "4", "page": "10-20",
                          "author": [{"family": "Farahani", "given": "Sara"}],
                          "issued": {"date-parts": [[2019, 5]]}},
             "suffix": "و جاهای دیگر"}]}
    code1 = " ADDIN ZOTERO_ITEM CSL_CITATION " + json.dumps(
        citation1, ensure_ascii=False) + " "
    code2 = " ADDIN ZOTERO_ITEM CSL_CITATION " + json.dumps(
        citation2, ensure_ascii=False) + " "

    cell = lambda text, tcpr="": ('<w:tc>%s%s</w:tc>' % (
        "<w:tcPr>%s</w:tcPr>" % tcpr if tcpr else "", fp(text) if text
        else "<w:p/>"))
    table = ('<w:tbl><w:tblPr><w:bidiVisual/></w:tblPr><w:tblGrid>'
             '<w:gridCol w:w="3000"/><w:gridCol w:w="3000"/>'
             '<w:gridCol w:w="3000"/></w:tblGrid>'
             '<w:tr><w:trPr><w:tblHeader/></w:trPr>' + cell("نام")
             + cell("سال") + cell("جای نشر") + '</w:tr>'
             '<w:tr>' + cell("کتاب نخست", '<w:vMerge w:val="restart"/>')
             + cell("۱۴۰۰ و ۱۴۰۱", '<w:gridSpan w:val="2"/>') + '</w:tr>'
             '<w:tr>' + cell("", '<w:vMerge/>') + cell("۱۴۰۲")
             + cell("شیراز") + '</w:tr></w:tbl>')

    body = "".join([
        para(run("درباره‌ی نثر فارسی", fa), '<w:pStyle w:val="a1"/>'),
        para(run("این نوشته نمونه‌ای است برای آزمودن خواندن اسناد.", fa)
             + '<w:r><w:rPr><w:rStyle w:val="a5"/></w:rPr>'
               '<w:footnoteReference w:id="1"/></w:r>'
             + run(" متن ادامه دارد", fa)
             + '<w:r><w:rPr><w:rStyle w:val="a5"/></w:rPr>'
               '<w:footnoteReference w:customMarkFollows="1" w:id="2"/>'
               '</w:r>' + run("*", fa + '<w:vertAlign w:val="superscript"/>')
             + run(" و یک یادداشت پایانی", fa)
             + '<w:r><w:endnoteReference w:id="1"/></w:r>' + run(".", fa),
             rtl_p),
        para(run("به گفته‌ی پژوهشگران ", fa)
             + field([code1[:40], code1[40:]], run("(رضایی ۱۴۰۰، ۱۲)", fa))
             + run(" و نیز ", fa)
             + field([code2], run("(رضایی ۱۴۰۰؛ Farahani 2019)", fa))
             + run(".", fa), rtl_p),
        para(run("بخش دوم", fa), '<w:pStyle w:val="a2"/>'),
        para('<w:commentRangeStart w:id="0"/>' + run("این جمله نظر دارد", fa)
             + '<w:commentRangeEnd w:id="0"/>'
             + '<w:r><w:commentReference w:id="0"/></w:r>'
             + '<w:ins w:id="10" w:author="ویراستار" w:date="2024-01-01T00:00:00Z">'
             + run(" و این افزوده شد", fa) + '</w:ins>'
             + '<w:del w:id="11" w:author="ویراستار" w:date="2024-01-01T00:00:00Z">'
             + run(" و این حذف شد", fa, "w:delText") + '</w:del>'
             + run(".", fa), rtl_p),
        para(run("پیوند به ", fa)
             + '<w:hyperlink r:id="rIdLink1">'
             + run("وبگاه نمونه", fa + '<w:rStyle w:val="Hyperlink"/>')
             + '</w:hyperlink>' + run(" و ", fa)
             + run("متن پررنگ", fa + "<w:b/><w:bCs/>")
             + run(" و ", fa) + run("متن کج", fa + "<w:i/><w:iCs/>")
             + run(" and an English word", '<w:lang w:val="en-GB"/>'),
             rtl_p),
        para(run("سطر نخست صفحه", fa) + '<w:r><w:br w:type="page"/></w:r>'
             + '<w:r><w:lastRenderedPageBreak/></w:r>'
             + run("سطر صفحه‌ی بعد", fa), rtl_p),
        table,
        para(run("بخش سوم", fa), '<w:pStyle w:val="a3"/>' + rtl_p),
        para(run("این بند با سبک نقل قول است و جهت را از سبک می‌گیرد.",
                 '<w:rtl/>'), '<w:pStyle w:val="a4"/>'),
        para('<w:r><w:lastRenderedPageBreak/></w:r>'
             + run("بند آخر پیش از کتاب‌نامه", fa), rtl_p),
        # ZOTERO_BIBL: the rendered list stands for the bibliography.
        '<w:p><w:pPr><w:bidi/></w:pPr>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
        'xml:space="preserve"> ADDIN ZOTERO_BIBL {"uncited":[],"omitted":[],'
        '"custom":[]} CSL_BIBLIOGRAPHY </w:instrText></w:r><w:r><w:fldChar '
        'w:fldCharType="separate"/></w:r>' + run("رضایی، مینا. ۱۴۰۰.", fa)
        + '</w:p>' + para(run("Farahani, Sara. 2019.", "")
                          + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'),
    ])
    note = lambda text: para(
        '<w:r><w:rPr><w:rStyle w:val="a5"/></w:rPr><w:footnoteRef/></w:r>'
        + run(" " + text, fa), rtl_p)
    footnotes = note_part("w:footnotes", "footnote", [
        (1, note("یادداشت نخست با شماره‌ی خودکار.")),
        (2, para(run("*", fa) + run(" یادداشت دوم با نشانه‌ی ستاره.", fa),
                 rtl_p))])
    endnotes = note_part("w:endnotes", "endnote", [
        (1, para('<w:r><w:endnoteRef/></w:r>'
                 + run(" یادداشت پایانی کتاب.", fa), rtl_p))])
    comments = xml_part("w:comments",
        '<w:comment w:id="0" w:author="ویراستار" w:date="2024-01-01T00:00:00Z"'
        ' w:initials="و">' + para('<w:r><w:annotationRef/></w:r>'
                                  + run("این جمله روشن‌تر شود.", fa), rtl_p)
        + '</w:comment>')
    core = ('<dc:title>درباره‌ی نثر فارسی</dc:title><dc:creator>مینا رضایی'
            '</dc:creator><dc:language>fa-IR</dc:language><dc:subject>نمونه'
            '</dc:subject><dcterms:created xsi:type="dcterms:W3CDTF">'
            '2024-01-01T00:00:00Z</dcterms:created>')
    docx(os.path.join(out, "persian.docx"), body, styles, core, footnotes,
         endnotes, comments, links=[("rIdLink1", "https://example.org/نمونه")])
    return {"notes": 3, "comments": 1, "cites": 2, "items": 3, "entries": 2,
            "headings": 3, "heading_levels": [1, 2, 3], "tables": 1,
            "cells": 7, "page_breaks": 2, "links": 1, "lang": "fa-IR",
            "dir": "rtl", "inserted": "و این افزوده شد",
            "deleted": "و این حذف شد", "title": "درباره‌ی نثر فارسی"}


def english(out):
    styles = xml_part("w:styles", STYLE_BASE
        + style("paragraph", "Heading1", "heading 1", "Normal",
                '<w:outlineLvl w:val="0"/>')
        + style("paragraph", "Heading2", "heading 2", "Heading1",
                '<w:outlineLvl w:val="1"/>')
        + style("paragraph", "Title", "Title", "Normal")
        + style("character", "VerbatimChar", "Verbatim Char", None, "",
                '<w:rFonts w:ascii="Consolas"/>')
        + style("paragraph", "ListParagraph", "List Paragraph", "Normal"))
    lvl = lambda ilvl, fmt, text, start=1: (
        '<w:lvl w:ilvl="%d"><w:start w:val="%d"/><w:numFmt w:val="%s"/>'
        '<w:lvlText w:val="%s"/></w:lvl>' % (ilvl, start, fmt, text))
    numbering = xml_part("w:numbering",
        '<w:abstractNum w:abstractNumId="0">' + lvl(0, "bullet", "\u2022")
        + lvl(1, "bullet", "o") + '</w:abstractNum>'
        '<w:abstractNum w:abstractNumId="1">' + lvl(0, "decimal", "%1.", 3)
        + lvl(1, "lowerLetter", "%2)") + '</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride '
        'w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>')
    item = lambda text, num, ilvl=0: para(run(text), (
        '<w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="%d"/>'
        '<w:numId w:val="%d"/></w:numPr>' % (ilvl, num)))
    endnote_xml = (
        '<EndNote><Cite><Author>Whitlock</Author><Year>2018</Year>'
        '<RecNum>7</RecNum><Pages>45</Pages><DisplayText>(Whitlock, 2018, '
        'p. 45)</DisplayText><record><rec-number>7</rec-number>'
        '<ref-type name="Journal Article">17</ref-type><contributors>'
        '<authors><author>Whitlock, Ann</author><author>Benning, Carl'
        '</author></authors></contributors><titles><title>Margins of the '
        'printed page</title><secondary-title>Sample Review</secondary-'
        'title></titles><periodical><full-title>Sample Review</full-title>'
        '</periodical><pages>40-52</pages><volume>12</volume><number>3'
        '</number><dates><year>2018</year></dates></record></Cite>'
        '<Cite><Author>Orme</Author><Year>2011</Year><RecNum>9</RecNum>'
        '<record><rec-number>9</rec-number><ref-type name="Book">6'
        '</ref-type><contributors><authors><author>Orme, Dale</author>'
        '</authors></contributors><titles><title>Drafts and Proofs</title>'
        '</titles><dates><year>2011</year></dates><publisher>Example Press'
        '</publisher><pub-location>Leeds</pub-location></record></Cite>'
        '</EndNote>')
    image = ('<w:r><w:drawing><wp:inline><wp:extent cx="9525" cy="9525"/>'
             '<wp:docPr id="1" name="Picture 1" descr="A grey dot"/>'
             '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.'
             'org/drawingml/2006/picture"><pic:pic><pic:blipFill><a:blip '
             'r:embed="rIdImg1"/></pic:blipFill></pic:pic></a:graphicData>'
             '</a:graphic></wp:inline></w:drawing></w:r>')
    body = "".join([
        para(run("Working Draft"), '<w:pStyle w:val="Title"/>'),
        field([" TOC \\o \"1-3\" \\h "], run("Contents 1")),
        para(run("Introduction"), '<w:pStyle w:val="Heading1"/>'),
        para(run("Plain words, ") + run("bold", "<w:b/>") + run(", ")
             + run("italic", "<w:i/>") + run(", ")
             + run("underlined", '<w:u w:val="single"/>') + run(", ")
             + run("struck", "<w:strike/>") + run(", H")
             + run("2", '<w:vertAlign w:val="subscript"/>') + run("O, x")
             + run("2", '<w:vertAlign w:val="superscript"/>') + run(", ")
             + run("Small Caps", "<w:smallCaps/>") + run(" and ")
             + run("code_span()", '<w:rStyle w:val="VerbatimChar"/>')
             + run(".")),
        para(run("As shown before ")
             + field([" ADDIN EN.CITE ", endnote_xml],
                     run("(Whitlock et al., 2018, p. 45; Orme, 2011)"))
             + run(". Page ") + field([" PAGE "], run("3"))
             + run(" of the draft.")),
        para('<w:bookmarkStart w:id="0" w:name="target"/>'
             + run("Methods") + '<w:bookmarkEnd w:id="0"/>',
             '<w:pStyle w:val="Heading2"/>'),
        item("First bullet", 1), item("Nested bullet", 1, 1),
        item("Second bullet", 1),
        item("Third step", 2), item("Fourth step", 2),
        item("Restarted at one", 3),
        para(run("See ") + field([" REF target \\h "], run("Methods"))
             + run(" and ") + image + run(".")),
        '<w:sdt><w:sdtPr><w:alias w:val="Abstract"/></w:sdtPr><w:sdtContent>'
        + para(run("Text inside a content control.")) +
        '</w:sdtContent></w:sdt>',
        para(run("Last words") + '<w:r><w:br w:type="page"/></w:r>'),
        para(run("After the break.")),
    ])
    core = ('<dc:title>Working Draft</dc:title><dc:creator>Ann Whitlock'
            '</dc:creator><dc:language>en-GB</dc:language>')
    docx(os.path.join(out, "english.docx"), body, styles, core,
         numbering=numbering, images=[("rIdImg1", "image1.png", png_1x1())])
    return {"notes": 0, "comments": 0, "cites": 1, "items": 2, "entries": 2,
            "headings": 2, "heading_levels": [1, 2], "tables": 0, "cells": 0,
            "page_breaks": 1, "links": 1, "images": 1, "lists": 4,
            "list_starts": [None, 3, 1], "lang": "en-GB", "dir": "ltr",
            "title": "Working Draft", "absent": ["Contents 1"]}


# ----------------------------------------------------------------- ODT ---

ODF_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
}


def odf(root, body):
    ns = "".join(' xmlns:%s="%s"' % kv for kv in ODF_NS.items())
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<office:%s%s '
            'office:version="1.3">%s</office:%s>' % (root, ns, body, root))


def arabic(out):
    tp = lambda attrs: '<style:text-properties %s/>' % attrs
    ar = 'style:language-complex="ar" style:country-complex="EG"'
    auto = ('<office:automatic-styles>'
            '<style:style style:name="P1" style:family="paragraph" '
            'style:parent-style-name="Standard"><style:paragraph-properties '
            'style:writing-mode="rl-tb"/>' + tp(ar) + '</style:style>'
            '<style:style style:name="P2" style:family="paragraph" '
            'style:parent-style-name="Standard"><style:paragraph-properties '
            'fo:break-before="page" style:writing-mode="rl-tb"/></style:style>'
            '<style:style style:name="T1" style:family="text">'
            + tp('fo:font-weight="bold" style:font-weight-complex="bold"')
            + '</style:style><style:style style:name="T2" style:family="text">'
            + tp('fo:font-style="italic" style:font-style-complex="italic"')
            + '</style:style><style:style style:name="T3" '
            'style:family="text">' + tp('style:text-position="super 58%"')
            + '</style:style><style:style style:name="T4" style:family="text">'
            + tp('fo:language="en" fo:country="GB"') + '</style:style>'
            '<text:list-style style:name="L1"><text:list-level-style-number'
            ' text:level="1" style:num-format="1" style:num-suffix="."/>'
            '<text:list-level-style-bullet text:level="2" text:bullet-char='
            '"•"/></text:list-style></office:automatic-styles>')
    p = lambda text, st="P1": '<text:p text:style-name="%s">%s</text:p>' % (
        st, text)
    note = lambda nid, cls, label, text: (
        '<text:note text:id="%s" text:note-class="%s"><text:note-citation%s>'
        '%s</text:note-citation><text:note-body>%s</text:note-body>'
        '</text:note>' % (nid, cls, ' text:label="%s"' % label
                          if not label.isdigit() else "", label, p(text)))
    cell = lambda text, attrs="": ('<table:table-cell office:value-type='
                                   '"string"%s>%s</table:table-cell>'
                                   % (attrs, p(text)))
    body = "".join([
        '<text:h text:style-name="Heading_20_1" text:outline-level="1">'
        'مقدمة في الكتابة</text:h>',
        p('هذا نص تجريبي مكتوب لاختبار القراءة' + note(
            "ftn1", "footnote", "1", "حاشية أولى في أسفل الصفحة.")
          + ' وفيه كلمة <text:span text:style-name="T1">عريضة</text:span>'
          + ' وأخرى <text:span text:style-name="T2">مائلة</text:span>'
          + ' ورقم<text:span text:style-name="T3">٢</text:span>'
          + note("ftn2", "footnote", "*", "حاشية بعلامة نجمة.")
          + ' <text:span text:style-name="T4">and English</text:span>.'),
        p('يذكر الباحث ذلك<text:bibliography-mark text:identifier='
          '"Hasan2015" text:bibliography-type="book" text:author="حسن، '
          'سليم" text:title="فن التحرير" text:year="2015" text:publisher='
          '"دار المثال" text:address="القاهرة">[Hasan2015]'
          '</text:bibliography-mark> بوضوح'
          + note("edn1", "endnote", "i", "تعليق ختامي.") + '.'),
        '<text:h text:style-name="Heading_20_2" text:outline-level="2">'
        'القسم الثاني</text:h>',
        p('<office:annotation><dc:creator>المحرر</dc:creator><dc:date>'
          '2024-01-01T00:00:00</dc:date><text:p>راجع هذه الجملة.</text:p>'
          '</office:annotation>جملة عليها تعليق.'),
        '<text:list text:style-name="L1"><text:list-item>' + p("البند الأول")
        + '</text:list-item><text:list-item>' + p("البند الثاني")
        + '<text:list><text:list-item>' + p("بند فرعي")
        + '</text:list-item></text:list></text:list-item></text:list>',
        p('نهاية الصفحة الأولى<text:soft-page-break/>بداية الثانية'),
        '<table:table table:name="جدول1"><table:table-column '
        'table:number-columns-repeated="3"/><table:table-header-rows>'
        '<table:table-row>' + cell("الاسم") + cell("السنة") + cell("المكان")
        + '</table:table-row></table:table-header-rows><table:table-row>'
        + cell("الكتاب الأول", ' table:number-rows-spanned="2"')
        + cell("٢٠١٥ و٢٠١٦", ' table:number-columns-spanned="2"')
        + '<table:covered-table-cell/></table:table-row><table:table-row>'
        '<table:covered-table-cell/>' + cell("٢٠١٧") + cell("الإسكندرية")
        + '</table:table-row></table:table>',
        p('صفحة جديدة بفاصل صريح.', "P2"),
        p('<draw:frame draw:name="صورة1" svg:width="1cm" svg:height="1cm">'
          '<draw:image xlink:href="Pictures/dot.png" xlink:type="simple"/>'
          '<svg:desc>نقطة رمادية</svg:desc></draw:frame>'),
        '<text:h text:outline-level="2">المراجع</text:h>',
        '<text:bibliography text:name="المراجع"><text:bibliography-source/>'
        '<text:index-body>' + p("حسن، سليم. فن التحرير. ٢٠١٥.")
        + '</text:index-body></text:bibliography>',
    ])
    content = odf("document-content", auto + '<office:body><office:text>'
                  + body + '</office:text></office:body>')
    styles = odf("document-styles",
                 '<office:styles><style:style style:name="Standard" '
                 'style:family="paragraph"><style:paragraph-properties '
                 'style:writing-mode="rl-tb"/>' + tp(ar)
                 + '</style:style><style:style style:name="Heading_20_1" '
                 'style:display-name="Heading 1" style:family="paragraph" '
                 'style:parent-style-name="Standard" style:default-outline-'
                 'level="1"/></office:styles>')
    meta = odf("document-meta",
               '<office:meta><dc:title>مقدمة في الكتابة</dc:title>'
               '<meta:initial-creator>سليم حسن</meta:initial-creator>'
               '<dc:language>ar-EG</dc:language></office:meta>')
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.3"><manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        + "".join('<manifest:file-entry manifest:full-path="%s" '
                  'manifest:media-type="%s"/>' % kv for kv in (
                      ("content.xml", "text/xml"), ("styles.xml", "text/xml"),
                      ("meta.xml", "text/xml"),
                      ("Pictures/dot.png", "image/png")))
        + '</manifest:manifest>')
    write_zip(os.path.join(out, "arabic.odt"), {
        "mimetype": "application/vnd.oasis.opendocument.text",
        "content.xml": content, "styles.xml": styles, "meta.xml": meta,
        "Pictures/dot.png": png_1x1(), "META-INF/manifest.xml": manifest,
    }, first="mimetype")
    return {"notes": 3, "comments": 1, "cites": 1, "items": 1, "entries": 1,
            "headings": 3, "heading_levels": [1, 2, 2], "tables": 1,
            "cells": 7, "page_breaks": 2, "images": 1, "lang": "ar-EG",
            "dir": "rtl", "title": "مقدمة في الكتابة"}


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: mkfixtures.py OUTDIR\n")
        return 2
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    truth = {"persian.docx": persian(out), "english.docx": english(out),
             "arabic.odt": arabic(out)}
    with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
