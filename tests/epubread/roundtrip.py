"""recto's own EPUB, read back, gives the document it came from.

    roundtrip.py samples       # every document in samples/
    roundtrip.py conformance   # the conformance books (read, written,
                               # read again); exit 77 without ../shared

For each document: its native AST (A), then A written as EPUB and read
back (B).  A and B must be equal once what EPUB cannot carry is set
aside; these are the listed differences:

  - positions and provenance (each reading has its own);
  - ids of the shapes the EPUB writer makes for targets (h-N, page-N,
    cite-N, fnN, bibliography...), which it renames when taken;
  - a citation's text is the citation style's rendering, and its items
    keep their keys only (prefix, locator, label and mode are in that
    text, with the language and direction of the style);
  - bibliography entries come back as their rendered text (raw), in the
    style's order, under the heading the writer gave the bibliography;
  - the text's own heading just before a bibliography heads
    bibliography.xhtml, with its id, and so comes back inside the
    bibliography (the writer's own title has no id);
  - an ordered list's delimiter ("1." or "1)"): HTML has none;
  - a raw HTML block the Markdown reader parsed (class raw-html-read):
    the writer writes the parsed copy beside it, which is what comes back;
  - a note's id (the label of a named note, "[^scope]"): the writer
    names every note by its number;
  - a table column's width beyond the whole percent the writer writes;
  - an image's url: the image is carried under its name in the book;
  - a link to "doi:X" is written as https://doi.org/X (EPUB readers
    resolve no doi: scheme);
  - quoted text: the writer prints the quotation marks of the language;
  - direction the writer finds in the text (Latin text in a right-to-left
    book is isolated left to right) comes back said;
  - "ltr" said of a whole document in a left-to-right language (the
    default);
  - the language of a list item's or cell's text: the writer isolates it
    by direction only;
  - the metadata an EPUB package has no place for (only title,
    subtitle, authors, date, language, direction, keywords, abstract as
    text, identifier are compared).

Then the counting test: notes, later references to them, citations, citation items, entries,
headings, page breaks and letters of A and B are equal."""
import json
import os
import re
import sys
import tempfile
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "html"))
from model import Checker, native, run  # noqa

SKIP = 77
MADE_ID = re.compile(
    r"^(h-\d+|doc-\d+|page-.+|cite-\d+|fn\d+|fnref\d+|bibliography)(-\d+)?$")
META_KEYS = ("title", "subtitle", "date", "keywords", "identifier")
NOT_DOCUMENTS = (".bib", ".json", ".png", ".jpg", ".css", ".yaml")


def text_of(n):
    """Plain text of a subtree (notes included)."""
    out = []

    def walk(x):
        if isinstance(x, dict):
            if x.get("type") in ("paragraph", "plain", "heading"):
                out.append(" ")
            if x.get("type") in ("text", "code", "code_block", "math"):
                out.append(x.get("text", ""))
            elif x.get("type") in ("soft_break", "line_break"):
                out.append(" ")
            for k in ("children",):
                for c in x.get(k, []):
                    walk(c)
        elif isinstance(x, list):
            for c in x:
                walk(c)
    walk(n)
    return " ".join("".join(out).split())


def meta_text(v):
    if isinstance(v, dict):
        if "string" in v:
            return v["string"]
        if "list" in v:
            return [meta_text(x) for x in v["list"]]
        if "map" in v:
            m = v["map"]
            return meta_text(m.get("name")) if "name" in m else {
                k: meta_text(x) for k, x in m.items()}
        for key in ("inlines", "blocks"):
            if key in v:
                return text_of(v[key])
    return v


def authors(meta):
    a = meta_text(meta.get("author"))
    if isinstance(a, str):
        a = [a]
    return [x if isinstance(x, str) else x.get("name") for x in (a or [])]


def unresolved(cite):
    """A citation none of whose items found an entry: the writers print
    it as its text, with nothing to link to."""
    return not any(i.get("resolved") for i in cite.get("items", []))


def normalize(doc, source):
    """The comparable form of a document; source: (ids, page labels,
    identifier) of the document as first read."""
    _, labels, identifier = source

    def node(n, lang, dir_):
        t = n["type"]
        out = {"type": t}
        # language and direction as they apply, not where they are said
        lang_here = n.get("lang", lang)
        dir_here = n.get("dir", dir_)
        for k, v in n.items():
            if k in ("pos", "children", "type", "items", "entry"):
                continue
            if k == "id" and (MADE_ID.match(v) or t == "note"):
                continue
            if k == "delim" or (k == "url" and t == "image"):
                continue
            if k == "url" and t == "link" and v.startswith("doi:"):
                v = "https://doi.org/" + v[4:]
            if k == "columns":
                v = [dict(c, width=round(c["width"] * 100)) if "width" in c
                     else c for c in v]
            if (k == "lang" and v == lang) or (k == "dir" and v == dir_):
                continue
            if k == "label" and t == "page_break" and not labels:
                continue
            # the writers number every note; a note named by a label
            # has no printed marker of its own
            if k == "marker" and t == "note" and str(v).isdigit():
                continue
            out[k] = v
        if t == "cite" and not unresolved(n):
            # the style's text, in the style's language
            return {"type": t, "keys": [i["key"] for i in n.get("items", [])]}
        if t == "cite" or (t == "span" and "citation" in
                           (n.get("classes") or "").split()):
            # nothing to link to: written as its text (in a span that
            # says it was a citation)
            return {"type": "text", "text": text_of(n)}
        if t == "bib_entry":
            out["entry"] = n.get("entry", {}).get("id")
            return out
        if t == "quoted":
            return {"type": "text", "text": text_of(n)}
        kids = [node(c, lang_here, dir_here) for c in n.get("children", [])]
        if t == "bibliography":
            kids = sorted((k for k in kids if k["type"] == "bib_entry"),
                          key=lambda k: k.get("entry") or "")
        if kids:
            out["children"] = merge(kids)
        return out

    def merge(kids):
        """Adjacent text, soft breaks and quoted text as one string."""
        out = []
        for k in kids:
            if k["type"] == "raw_block" and \
                    "raw-html-read" in (k.get("classes") or "").split():
                continue
            if k["type"] in ("text", "soft_break"):
                s = k.get("text", " ")
                if out and out[-1]["type"] == "text":
                    out[-1]["text"] += s
                    continue
                k = {"type": "text", "text": s}
            out.append(k)
        for k in out:
            if k["type"] == "text":
                k["text"] = strip_quotes(" ".join(k["text"].split(" ")))
        return [k for k in out if k["type"] != "text" or k["text"].strip()]

    meta = doc.get("meta", {})
    m = {k: meta_text(meta.get(k)) for k in META_KEYS if k in meta}
    if not identifier:
        m.pop("identifier", None)  # the writer makes one
    m["author"] = authors(meta)
    if "abstract" in meta:
        m["abstract"] = " ".join(str(meta_text(meta["abstract"])).split())
    lang, direction = doc.get("lang"), doc.get("dir")
    if direction == "ltr" and (lang or "").split("-")[0] not in RTL:
        direction = None  # the default of a left-to-right language
    return {"lang": lang, "dir": direction, "meta": m,
            "blocks": merge([node(b, doc.get("lang"), doc.get("dir"))
                             for b in doc["blocks"]])}


RTL = ("ar", "fa", "he", "ur", "ps", "sd", "yi", "ckb", "dv", "ug")
QUOTES = "\"'“”‘’«»‹›„‚"


def strip_quotes(s):
    return "".join(ch for ch in s if ch not in QUOTES)


def source_facts(doc):
    """Ids, whether page breaks have labels, whether there is an
    identifier: what the writer may add where the source had none."""
    found, labels = set(), [False]

    def walk(x):
        if isinstance(x, dict):
            if isinstance(x.get("id"), str):
                found.add(x["id"])
            if x.get("type") == "page_break" and x.get("label"):
                labels[0] = True
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
    walk(doc["blocks"])
    return found, labels[0], "identifier" in doc.get("meta", {})


def counts(doc):
    c = {"notes": 0, "refs": 0, "cites": 0, "items": 0, "entries": 0, "headings": 0,
         "pages": 0}
    letters = [0]

    def walk(x, in_cite):
        """in_cite: inside a citation or a bibliography, whose text is
        the style's."""
        if isinstance(x, dict):
            t = x.get("type")
            if t == "bibliography":
                c["entries"] += sum(1 for k in x.get("children", [])
                                    if k.get("type") == "bib_entry")
                return
            if t == "note":
                c["notes"] += 1
            elif t == "note_ref":
                c["refs"] += 1
            elif t == "cite" and unresolved(x):
                for v in x.get("children", []):
                    walk(v, in_cite)
                return
            elif t == "cite":
                c["cites"] += 1
                c["items"] += len(x.get("items", []))
            elif t == "heading":
                c["headings"] += 1
            elif t == "page_break":
                c["pages"] += 1
            elif t in ("text", "code", "code_block") and not in_cite:
                letters[0] += sum(1 for ch in x.get("text", "")
                                  if unicodedata.category(ch)[0] in "LN")
            for k in ("children",):
                for v in x.get(k, []):
                    walk(v, in_cite or t == "cite")
        elif isinstance(x, list):
            for v in x:
                walk(v, in_cite)
    walk(doc["blocks"], False)
    c["letters"] = letters[0]
    return c


def first_difference(a, b, path="doc"):
    if type(a) != type(b):
        return "%s: %r != %r" % (path, a, b)
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k == "dir" and k not in a:
                continue  # the writer isolates text by its script
            if k == "lang" and k not in b and a.get("type") == "plain":
                continue  # the writer gives an item's text its dir only
            if k not in a or k not in b:
                return "%s.%s: only in %s" % (path, k,
                                             "A" if k in a else "B")
            d = first_difference(a[k], b[k], "%s.%s" % (path, k))
            if d:
                return d
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, "%s[%d]" % (path, i))
            if d:
                return d
        if len(a) != len(b):
            return "%s: %d items != %d" % (path, len(a), len(b))
        return None
    return None if a == b else "%s: %r != %r" % (path, a, b)


def hoist_bib_headings(x):
    """A bibliography whose first child is a heading with an id (the
    text's, not the writer's title): that heading goes before it."""
    if isinstance(x, list):
        out = []
        for b in x:
            if isinstance(b, dict) and b.get("type") == "bibliography":
                kids = b.get("children", [])
                if kids and kids[0].get("type") == "heading" and \
                        kids[0].get("id"):
                    out.append(kids[0])
                    b = dict(b, children=kids[1:])
            out.append(hoist_bib_headings(b))
        return out
    if isinstance(x, dict) and isinstance(x.get("children"), list):
        return dict(x, children=hoist_bib_headings(x["children"]))
    return x


def check(ck, tmp, name, path, fmt=None):
    a = native(path, tmp, fmt)
    if a is None:
        ck.true("%s read" % name, False)
        return
    epub = os.path.join(tmp, name + ".epub")
    status, lines = run(([] if fmt is None else ["-f", fmt]) +
                        [path, "-t", "epub", "-o", epub])
    if status:
        ck.true("%s written as EPUB" % name, False, "; ".join(lines[:2]))
        return
    b = native(epub, tmp)
    if b is None:
        ck.true("%s read back" % name, False)
        return
    b = dict(b, blocks=hoist_bib_headings(b["blocks"]))
    ca, cb = counts(a), counts(b)
    ck.true("%s counts" % name, ca == cb, "%s != %s" % (ca, cb)
            if ca != cb else str(ca))
    facts = source_facts(a)
    d = first_difference(normalize(a, facts), normalize(b, facts))
    ck.true("%s same document" % name, d is None, d or "")


def main():
    ck = Checker()
    with tempfile.TemporaryDirectory() as tmp:
        if sys.argv[1] == "samples":
            root = os.path.join(os.environ["RECTO_SOURCE_ROOT"], "samples")
            for f in sorted(os.listdir(root)):
                if f.endswith(NOT_DOCUMENTS) or f == "README.md":
                    continue
                check(ck, tmp, f, os.path.join(root, f),
                      "plain" if f.endswith(".txt") else None)
        else:
            shared = os.environ.get("RECTO_SHARED", "")
            base = os.path.join(shared, "conformance", "epub")
            if not os.path.isdir(base):
                print("skip: no conformance material")
                return SKIP
            books = [os.path.join(base, f) for f in sorted(os.listdir(base))
                     if f.endswith(".epub")]
            books.append(os.path.join(shared, "conformance", "pandoc",
                                      "wasteland.epub"))
            for path in books:
                # the book as read is the document; it goes out and back
                first = os.path.join(tmp, "first-" + os.path.basename(path))
                status, _ = run([path, "-t", "epub", "-o", first])
                if status:
                    ck.true("%s written" % path, False)
                    continue
                check(ck, tmp, os.path.basename(path), first)
    return ck.status()


if __name__ == "__main__":
    sys.exit(main())
