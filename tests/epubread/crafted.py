"""An EPUB 2 written here, with what the conformance books lack: notes
in another file than their references, a page list in the NCX (by ids
and by CFIs: before an element, inside a text, one whose id assertion
no longer holds), creators
with opf:role, a calibre series, a note referenced twice, links between
files, an image.

    crafted.py             # read it and check (needs no ../shared)
    crafted.py --write F   # write it to F (the fuzz seed)
"""
import io
import os
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "html"))
from model import Checker, counts, meta, native, nodes, text  # noqa

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")
OPF = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="bookid">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
<dc:title>Crafted Book</dc:title>
<dc:creator opf:role="aut">Ana Author</dc:creator>
<dc:creator opf:role="edt">Ed Editor</dc:creator>
<dc:contributor opf:role="ill">Ila Illustrator</dc:contributor>
<dc:language>en</dc:language>
<dc:identifier id="bookid">urn:isbn:9780000000000</dc:identifier>
<dc:publisher>Our Press</dc:publisher>
<dc:date>2020-01-02</dc:date>
<dc:rights>Ours</dc:rights>
<meta name="calibre:series" content="Crafted Series"/>
<meta name="calibre:series_index" content="2"/>
</metadata>
<manifest>
<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
<item id="c1" href="text/one.xhtml" media-type="application/xhtml+xml"/>
<item id="c2" href="text/two.xhtml" media-type="application/xhtml+xml"/>
<item id="n" href="text/notes.xhtml" media-type="application/xhtml+xml"/>
<item id="img" href="img/dot.png" media-type="image/png"/>
</manifest>
<spine toc="ncx"><itemref idref="c1"/><itemref idref="c2"/><itemref idref="n" linear="no"/></spine>
</package>"""
NCX = """<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
<head/><docTitle><text>Crafted Book</text></docTitle>
<navMap><navPoint id="p1"><navLabel><text>One</text></navLabel><content src="text/one.xhtml"/></navPoint></navMap>
<pageList>
<pageTarget id="pg1" type="normal" value="1"><navLabel><text>1</text></navLabel><content src="text/one.xhtml#start"/></pageTarget>
<pageTarget id="pg2" type="normal" value="2"><navLabel><text>2</text></navLabel><content src="text/two.xhtml#p2"/></pageTarget>
<pageTarget id="pg3" type="normal" value="3"><navLabel><text>3</text></navLabel><content src="content.opf#epubcfi(/6/4!/4/4[p2]/1:7)"/></pageTarget>
<pageTarget id="pg1a" type="normal" value="2"><navLabel><text>1a</text></navLabel><content src="content.opf#epubcfi(/6/4!/4/2)"/></pageTarget>
<pageTarget id="pgx" type="normal" value="9"><navLabel><text>9</text></navLabel><content src="content.opf#epubcfi(/6/4!/4/4[moved])"/></pageTarget>
</pageList>
</ncx>"""
XHTML = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title></head>
<body>%s</body></html>"""
ONE = XHTML % """<h1 id="start">One</h1>
<p>First claim<a href="notes.xhtml#n1" id="r1">1</a>, see <a href="two.xhtml#p2">the next chapter</a>.</p>
<p><img src="../img/dot.png" alt="a dot"/></p>"""
TWO = XHTML % """<h1>Two</h1>
<p id="p2">Second claim<a href="notes.xhtml#n2" id="r2">2</a> and the first again<a href="notes.xhtml#n1" id="r1b">1</a>&#160;too.</p>"""
NOTES = XHTML % """<h1>Notes</h1>
<p id="n1"><a href="one.xhtml#r1">1</a> The first note.</p>
<p id="n2"><a href="two.xhtml#r2">2</a> The second note.</p>"""
CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""


def book():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        for name, data in (("META-INF/container.xml", CONTAINER),
                           ("OPS/content.opf", OPF), ("OPS/toc.ncx", NCX),
                           ("OPS/text/one.xhtml", ONE),
                           ("OPS/text/two.xhtml", TWO),
                           ("OPS/text/notes.xhtml", NOTES),
                           ("OPS/img/dot.png", PNG)):
            z.writestr(name, data)
    return buf.getvalue()


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--write":
        with open(sys.argv[2], "wb") as f:
            f.write(book())
        return 0
    ck = Checker()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "crafted.epub")
        with open(path, "wb") as f:
            f.write(book())
        d = native(path, tmp)
        if d is None:
            return 1
        c = counts(d)
        ck.eq("notes in another file", c["note"], 2)
        ck.eq("a note referenced twice stays one note", c["note_ref"], 1)
        ck.eq("NCX page list, by id and by CFI", [
            n.get("label") for n in nodes(d) if n["type"] == "page_break"],
            ["1", "1a", "2", "3"])
        before = [kids[k - 1].get("text") for n in nodes(d)
                  for kids in [n.get("children", [])]
                  for k in range(1, len(kids))
                  if kids[k].get("type") == "page_break" and
                  kids[k].get("label") == "3"]
        ck.eq("a CFI's character offset splits the text", before,
              ["Second "])
        ck.eq("authors", meta(d, "author"), {"list": [{"string":
                                                        "Ana Author"}]})
        ck.eq("editors", meta(d, "editor"), {"list": [{"string":
                                                        "Ed Editor"}]})
        ck.true("contributor with role",
                "ill" in str(d["meta"].get("contributor")))
        ck.eq("series", (meta(d, "series"), meta(d, "series-position")),
              ("Crafted Series", "2"))
        ck.eq("identifier", meta(d, "identifier"), "urn:isbn:9780000000000")
        links = [n["url"] for n in nodes(d) if n["type"] == "link"]
        ck.eq("link across files", links, ["#p2"])
        ck.true("HTML entity under an XHTML 1.1 DOCTYPE", "\u00a0too" in
                text(d))
        ck.true("note text, back-link gone", "The first note." in text(d)
                and "1 The first" not in text(d))
        out = os.path.join(tmp, "again.epub")
        from model import run
        status, _ = run([path, "-t", "epub", "-o", out])
        with zipfile.ZipFile(out) as z:
            images = [n for n in z.namelist() if n.endswith(".png")]
        ck.eq("image carried into the EPUB written", len(images), 1)
    return ck.status()


if __name__ == "__main__":
    sys.exit(main())
