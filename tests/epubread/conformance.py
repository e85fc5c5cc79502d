"""The EPUB reader on the conformance books of ../shared (exit 77 without
them).

    conformance.py counts     # notes, references, entries, page breaks,
                              # language, direction, spine order
    conformance.py validate   # each book to EPUB, DocBook, TEI, Markdown:
                              # EPUBCheck 0/0, jing (DocBook 5.0, 5.1, TEI)
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "html"))
sys.path.insert(0, os.path.join(HERE, "..", "epub"))
from model import Checker, counts, meta, native, nodes, run, text  # noqa
import epubcheck as ec  # noqa: E402

SKIP = 77
SHARED = os.environ.get("RECTO_SHARED", "")
BOOKS = {
    "wasteland": "conformance/epub/wasteland.epub",
    "pandoc-wasteland": "conformance/pandoc/wasteland.epub",
    "georgia-cfi": "conformance/epub/georgia-cfi.epub",
    "epub30-spec": "conformance/epub/epub30-spec.epub",
    "regime-anticancer-arabic": "conformance/epub/regime-anticancer-arabic.epub",
    "israelsailing": "conformance/epub/israelsailing.epub",
    "childrens-literature": "conformance/epub/childrens-literature.epub",
    "hefty-water": "conformance/epub/hefty-water.epub",
    "epub2_no_cover": "conformance/pandoc/epub2_no_cover.epub",
    "features": "conformance/pandoc/features.epub",
    "formatting": "conformance/pandoc/formatting.epub",
}


def path_of(name):
    return os.path.join(SHARED, BOOKS[name])


def S_text_with_pages(doc):
    """The text with each page break as [label]."""
    out = []

    def walk(n):
        if isinstance(n, dict):
            if n.get("type") == "text":
                out.append(n.get("text", ""))
            elif n.get("type") == "page_break":
                out.append("[%s]" % n.get("label"))
            for k, v in n.items():
                if k != "text":
                    walk(v)
        elif isinstance(n, list):
            for v in n:
                walk(v)
    walk(doc)
    return "".join(out)


def counts_test(ck, tmp):
    d = {name: native(path_of(name), tmp) for name in BOOKS}
    for name, doc in d.items():
        ck.true("%s read" % name, doc is not None)
    if any(doc is None for doc in d.values()):
        return 1
    c = {name: counts(doc) for name, doc in d.items()}
    ck.eq("wasteland notes", c["wasteland"]["note"], 50)
    ck.eq("pandoc's wasteland notes", c["pandoc-wasteland"]["note"], 20)
    ck.eq("georgia distinct notes", c["georgia-cfi"]["note"], 15)
    ck.eq("georgia references", c["georgia-cfi"]["note"] +
          c["georgia-cfi"]["note_ref"], 24)
    # its page list addresses pages by CFI, mostly inside paragraphs
    geo = d["georgia-cfi"]
    ck.eq("georgia page breaks from the CFI page list",
          [n.get("label") for n in nodes(geo) if n["type"] == "page_break"],
          [str(p) for p in range(752, 759)])
    ck.true("georgia page 752 starts after 'Bryan' (the CFI's offset)",
            "Bryan" in S_text_with_pages(geo).split("[752]")[0][-12:])
    ck.eq("epub30-spec notes (escaped example markup)",
          c["epub30-spec"]["note"], 0)
    ck.true("epub30-spec example markup stays text",
            'epub:type="footnote"' in text(d["epub30-spec"]))
    ck.true("epub30-spec references are bibliographies",
            c["epub30-spec"]["bibliography"] >= 1 and
            c["epub30-spec"]["bib_entry"] >= 50,
            "%d bibliographies, %d entries" % (
                c["epub30-spec"]["bibliography"],
                c["epub30-spec"]["bib_entry"]))
    ar = d["regime-anticancer-arabic"]
    ck.eq("arabic language and direction", (ar.get("lang"), ar.get("dir")),
          ("ar", "rtl"))
    ck.eq("arabic untyped footnote pair", c["regime-anticancer-arabic"]["note"],
          1)
    he = d["israelsailing"]
    ck.eq("hebrew language and direction", (he.get("lang"), he.get("dir")),
          ("he", "rtl"))
    # spine order: "chapter one" .. "chapter ten" in the book's order
    ordinals = ["ראשון", "שני", "שלישי", "רביעי", "חמישי", "שישי",
                "שביעי", "שמיני", "תשיעי", "עשירי"]
    chapters = ["".join(c.get("text", "") for c in h.get("children", []))
                for h in nodes(he) if h["type"] == "heading" and
                h.get("level") == 5]
    ck.eq("hebrew spine order", chapters, ["פרק " + o for o in ordinals])
    ck.eq("hebrew images carried", c["israelsailing"]["image"], 7)
    ch = d["childrens-literature"]
    ck.eq("children's literature page breaks", c["childrens-literature"]
          ["page_break"], 92)
    labels = [n.get("label") for n in nodes(ch) if n["type"] == "page_break"]
    ck.true("page labels kept", "169" in labels)
    t = text(ch)
    ck.true("page numbers never as text", "170BIBLIOGRAPHY" not in t and
            " 169 " not in t)
    ck.true("children's literature bibliography",
            c["childrens-literature"]["bib_entry"] > 0)
    heads = ["".join(x.get("text", "") for x in h.get("children", [])).strip()
             for h in nodes(d["formatting"]) if h["type"] == "heading"]
    order = [next((k for k, h in enumerate(heads) if h == want), -1)
             for want in ("EPUB Style Sheets", "Multi-Column Layouts",
                          "Lists")]
    ck.true("formatting: spine order, not manifest order (003 before 002)",
            -1 not in order and order == sorted(order), str(order))
    ck.eq("EPUB 2 title", meta(d["epub2_no_cover"], "title"),
          "Pandoc EPUB Test")
    ck.eq("hefty-water headings", c["hefty-water"]["heading"] > 0, True)
    return ck.status()


DOCBOOK50 = "/usr/share/xml/docbook/schema/rng/5.0/docbook.rng"


def jing(schema, files):
    p = subprocess.run(["jing", schema] + files, capture_output=True,
                       text=True)
    return [l for l in (p.stdout + p.stderr).splitlines()
            if not l.startswith("[warning]")]


def validate_test(ck, tmp):
    if not shutil.which("jing") or not os.path.exists(
            "/usr/share/java/epubcheck.jar"):
        print("skip: jing or EPUBCheck missing")
        return SKIP
    outs = {"epub": [], "docbook": [], "tei": []}
    for name in BOOKS:
        for fmt, ext in (("epub", "epub"), ("docbook", "dbk"),
                         ("tei", "tei.xml"), ("markdown", "md")):
            out = os.path.join(tmp, "%s.%s" % (name, ext))
            status, lines = run([path_of(name), "-t", fmt, "-o", out])
            ck.true("%s to %s" % (name, fmt), status == 0, "; ".join(lines[:2]))
            if status == 0 and fmt in outs:
                outs[fmt].append(out)
    bad = jing(DOCBOOK50, outs["docbook"])
    ck.true("DocBook 5.0 valid", not bad, "; ".join(bad[:3]))
    db51 = os.path.join(SHARED, "schemas", "docbook-5.1", "docbook.rng")
    if os.path.exists(db51):
        bad = jing(db51, outs["docbook"])
        ck.true("DocBook 5.1 valid", not bad, "; ".join(bad[:3]))
    tei = os.path.join(SHARED, "schemas", "tei_all.rng")
    if os.path.exists(tei):
        bad = jing(tei, outs["tei"])
        ck.true("TEI valid", not bad, "; ".join(bad[:3]))
    for path, problems, _ in ec.epubcheck_many(outs["epub"]):
        ck.true("EPUBCheck %s" % os.path.basename(path), not problems,
                "; ".join(problems[:3]))
    return ck.status()


def main():
    if not os.path.isdir(os.path.join(SHARED, "conformance", "epub")):
        print("skip: no conformance material")
        return SKIP
    ck = Checker()
    with tempfile.TemporaryDirectory() as tmp:
        return {"counts": counts_test, "validate": validate_test}[
            sys.argv[1]](ck, tmp)


if __name__ == "__main__":
    sys.exit(main())
