#!/usr/bin/env python3
"""The PDF reader beside the plain reader on the same documents.

    pdfcompare.py [--detail] [NAME...]

For each PDF of ../shared/corpus/dev-pdf/ (or those whose name starts
with a NAME), reads the PDF with `recto -f pdf` and pdftotext's text of
the same file (../shared/corpus/dev/) with `recto -f plain`, and prints
one row per reader: headings, notes, citations, bibliography entries and
page furniture left in the body.

Both readers are measured the same way, by content (the two number their
lines differently, so an annotation's line numbers cannot be used):

  headings   with an annotation (annotations/dev/NAME.json): recall over
             its headings and precision over what was found (numbering
             ignored, as in corpus.py dev); else the count found
  notes      with an annotation: its notes whose opening words are those
             of a note found; else the count found
  citations  with an annotation: per citation key, as many as annotated
             or found, whichever is less; else the count found
  entries    bibliography entries found (/ annotated)
  furniture  lines left in the body text: the annotated furniture lines,
             else the lines that open or close three or more pages of the
             extraction in the same form (digits aside), and bare numbers
             there; "left" when a body block is, begins or ends with it,
             or (a line of 8 characters or more) when the body prints it
             more often than the extraction does outside its furniture;
             as many fewer as the extraction prints the same line outside
             its furniture (a figure's axis numbers beside page numbers)

A row of the PDF reader is marked "<" on each column where it does worse
than the plain reader.  Prints only; exits 77 when ../shared is absent,
1 when recto fails on a document.
"""
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from corpus import bare, meta_string, plain, walk  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
SHARED = os.environ.get("RECTO_SHARED") or os.path.join(
    os.path.dirname(ROOT), "shared")
PDFS = os.path.join(SHARED, "corpus", "dev-pdf")
TEXTS = os.path.join(SHARED, "corpus", "dev")
RECTO = os.environ.get("RECTO") or os.path.join(ROOT, "build", "core",
                                                "recto")


def stem(name):
    """A file name as the two folders share it: en-arxiv-1503.07589.pdf
    and en-1503.07589v1.txt are one document."""
    s = os.path.splitext(name)[0].replace("arxiv-", "")
    return re.sub(r"v\d+$", "", s)


def text_for(pdf):
    for t in sorted(os.listdir(TEXTS)):
        if t.endswith(".txt") and stem(t) == stem(pdf):
            return t
    return None


def annotation(pdf, txt):
    folder = os.path.join(HERE, "annotations", "dev")
    for name in (os.path.splitext(pdf)[0], os.path.splitext(txt)[0]):
        path = os.path.join(folder, name + ".json")
        if os.path.exists(path):
            return json.load(open(path, encoding="utf-8"))
    return None


def hkey(s):
    """A heading as compared: numbering aside (bare), a chapter's label
    too where the PDF prints it on its title's line ("فصل 1- مقدمه"; the
    extraction's line of its own is numbering), and without what
    pdftotext's text and the PDF's differ in: zero-width joiners, spaces
    and parentheses (pdftotext moves them around a Latin run in
    right-to-left text: "پلن( )dailplanنویسی"), raised digits (the PDF
    reader keeps them raised, pdftotext prints "12 C" for "¹²C"), and the
    lam-alef ligature, which pdftotext spells alef-lam.

    >>> [CHAPTER.sub("", s) for s in ("Chapter 3 Data", "Chapter 12",
    ...                               "Chapter 2.1 Data", "Chapter 2. Data")]
    ['Data', 'Chapter 12', 'Chapter 2.1 Data', 'Data']
    """
    s = bare(CHAPTER.sub("", s.strip()))
    s = re.sub(r"[\s()\u200c]+", "", s.translate(RAISED))
    return lamalef(s)


# "Chapter 3 ", "فصل ۲- " before a title on the same line; the whole
# number, never its last digits ("Chapter 12") nor a section's ("2.1")
CHAPTER = re.compile(r"^(?:chapter|فصل|الفصل)\s*[\d\u06f0-\u06f9\u0660-\u0669]+"
                     r"(?![\d\u06f0-\u06f9\u0660-\u0669]|\.\d)"
                     r"\s*[-\u2013.:]?\s*(?=\S)", re.I)


# superscript digits as digits
RAISED = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077"
                       "\u2078\u2079", "0123456789")


def lamalef(s):
    return s.replace("\u0644\u0627", "\u0627\u0644")


def squash(s):
    return re.sub(r"\s+", " ", s).strip()


def words(s):
    """Letters and digits only, lower case: how note openings compare
    (hyphenation and spacing differ between the two readers)."""
    return re.sub(r"[\W_]+", "", s).lower()


def read(fmt, path):
    p = subprocess.run([RECTO, "-f", fmt, "-t", "native", path],
                       capture_output=True)
    if p.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (
            path, p.returncode, p.stderr.decode("utf-8", "replace")[:300]))
    return json.loads(p.stdout.decode("utf-8"))


def furniture_guess(lines_by_page):
    """Lines that open or close pages in a repeated form."""
    def form(s):
        return re.sub(r"[\d\u06f0-\u06f9\u0660-\u0669]+", "#", squash(s))
    edges = []
    for page in lines_by_page:
        body = [l for l in page if l.strip()]
        edges.append(set(squash(l) for l in body[:1] + body[-1:]))
    count = {}
    for e in edges:
        for f in set(form(l) for l in e):
            count[f] = count.get(f, 0) + 1
    out = []
    for e in edges:
        for l in sorted(e):
            if (count[form(l)] >= 3 and len(l) > 3) or re.fullmatch(
                    r"[\d\u06f0-\u06f9\u0660-\u0669]{1,4}", l):
                out.append(l)
    return out


def measure(doc, ann, furniture, source, source_lines):
    nodes = walk(doc["blocks"], [])
    r = {}
    found = [hkey(plain(n)) for n, _ in nodes if n["type"] == "heading"]
    titles = [hkey(v) for v in (meta_string(doc.get("meta", {}), key)
                                for key in ("title", "subtitle")) if v]
    notes = [words(plain({"children": n.get("children", [])}))
             for n, _ in nodes if n["type"] == "note"]
    cites = [n for n, _ in nodes if n["type"] == "cite"]
    entries = sum(1 for n, _ in nodes if n["type"] == "bib_entry")
    if ann:
        want = [hkey(h) for h in ann["headings"]]
        ok = set(want) | set(hkey(h) for h in ann["headings_optional"])
        # a title printed over several lines: the annotation may hold
        # its first line (the longest heading it starts with)
        found += [max((k for k in ok if t.startswith(k)), key=len, default=t)
                  for t in titles]
        hit = len(set(want) & set(found))
        r["h"] = (hit / len(want) if want else 1.0,
                  sum(1 for h in found if h in ok) / len(found)
                  if found else 1.0)
        r["h_missed"] = [h for h in want if h not in found]
        r["h_extra"] = [h for h in found if h not in ok]
        got = 0
        for opening in ann["note_openings"]:
            got += any(n.startswith(opening) for n in notes)
        r["notes"] = (got, len(ann["note_openings"]))
        keys = {}
        for _, key in ann["citations"]:
            keys[key] = keys.get(key, 0) + 1

        def cites_key(c, key):
            toks = re.findall(r"\w+", plain(c))
            return key in toks or any(
                key == i.get("key", "") or key in re.findall(
                    r"\w+", i.get("key", "")) for i in c.get("items", []))
        r["cites"] = (sum(min(k, sum(1 for c in cites if cites_key(c, key)))
                          for key, k in keys.items()),
                      len(ann["citations"]))
        r["entries"] = (entries, ann.get("entries"))
    else:
        r["h"] = len(found + titles)
        r["notes"] = (len(notes), None)
        r["cites"] = (len(cites), None)
        r["entries"] = (entries, None)
    blocks = [lamalef(squash(plain(n))) for n, in_note in nodes
              if not in_note and n["type"] in ("paragraph", "heading",
                                                "plain")]
    joined = re.sub(r"\s+", "", "".join(blocks))
    left = []
    for f in sorted(set(furniture)):
        n = furniture.count(f)
        f = lamalef(squash(f))
        hits = sum(1 for b in blocks
                   if b == f or b.startswith(f + " ") or b.endswith(" " + f))
        # the extraction prints the same line as text too (a figure's
        # axis numbers beside the page numbers): as many are no furniture
        hits = max(0, hits - max(0, source_lines.count(f) - n))
        if len(f) >= 8:
            # printed across blocks, more often than the text itself
            # prints it outside the page furniture
            bare_f = re.sub(r"\s+", "", f)
            hits = max(hits, joined.count(bare_f) -
                       (source.count(bare_f) - n))
        left += [f] * min(n, hits)
    r["furniture"] = (len(left), len(furniture))
    r["f_left"] = left
    return r


def openings(ann, txt_lines):
    """The first words of each annotated note (from its line in the
    extraction, its marker dropped)."""
    out = []
    for note_line, _ in ann["notes"]:
        s = txt_lines[note_line - 1]
        s = re.sub(r"^[\s\d\u00b9\u00b2\u00b3\u2070-\u2079*†‡.)]+", "", s)
        out.append(words(s)[:24])
    return out


def cell(pair):
    a, b = pair
    return "%d/%s" % (a, "-" if b is None else b)


def row(name, reader, r, worse):
    h = r["h"]
    hs = "%.2f %.2f" % h if isinstance(h, tuple) else "%d" % h
    cols = [hs, cell(r["notes"]), cell(r["cites"]), cell(r["entries"]),
            "%d/%d" % r["furniture"]]
    marks = [" <" if w else "" for w in worse]
    print("%-24s %-5s %-12s %-10s %-10s %-10s %s" % (
        (name[:24], reader) + tuple(c + m for c, m in zip(cols, marks))))


def worse_columns(p, t, annotated):
    """Where the PDF reader's figures are below the plain reader's."""
    if annotated:
        h = p["h"][0] < t["h"][0] or (p["h"][0] == t["h"][0] and
                                      p["h"][1] < t["h"][1])
        return [h, p["notes"][0] < t["notes"][0],
                p["cites"][0] < t["cites"][0],
                abs(p["entries"][0] - (t["entries"][1] or 0)) >
                abs(t["entries"][0] - (t["entries"][1] or 0)),
                p["furniture"][0] > t["furniture"][0]]
    return [p["h"] < t["h"], p["notes"][0] < t["notes"][0],
            p["cites"][0] < t["cites"][0],
            p["entries"][0] < t["entries"][0],
            p["furniture"][0] > t["furniture"][0]]


def main(argv):
    detail = "--detail" in argv
    only = [a for a in argv if not a.startswith("--")]
    if not os.path.isdir(PDFS) or not os.path.isdir(TEXTS):
        print("no ../shared/corpus/dev-pdf: skipped")
        return 77
    print("%-24s %-5s %-12s %-10s %-10s %-10s %s" % (
        "document", "read", "h rec prec", "notes", "cites", "entries",
        "furn left"))
    status = 0
    for pdf in sorted(os.listdir(PDFS)):
        if not pdf.endswith(".pdf") or (only and not any(
                pdf.startswith(o) for o in only)):
            continue
        txt = text_for(pdf)
        if not txt:
            print("%-24s no extraction in dev/" % pdf[:-4])
            continue
        with open(os.path.join(TEXTS, txt), encoding="utf-8") as f:
            raw = f.read()
        lines = raw.split("\n")
        ann = annotation(pdf, txt)
        if ann:
            ann = dict(ann, note_openings=openings(ann, lines))
            furniture = [t for _, t in ann["furniture_lines"]]
        else:
            furniture = furniture_guess(
                [p.split("\n") for p in raw.split("\f")])
        try:
            source = re.sub(r"\s+", "", lamalef(raw))
            source_lines = [lamalef(squash(l)) for l in lines]
            p = measure(read("pdf", os.path.join(PDFS, pdf)), ann, furniture,
                        source, source_lines)
            t = measure(read("plain", os.path.join(TEXTS, txt)), ann,
                        furniture, source, source_lines)
        except RuntimeError as e:
            print("FAIL", e)
            status = 1
            continue
        name = pdf[:-4] + ("" if ann else " *")
        row(name, "pdf", p, worse_columns(p, t, bool(ann)))
        row("", "plain", t, [False] * 5)
        if detail:
            for reader, r in (("pdf", p), ("plain", t)):
                print("  %s: headings missed %s extra %s; furniture left %s"
                      % (reader, r.get("h_missed"), r.get("h_extra"),
                         r["f_left"]))
    print("* no annotation: counts found; furniture from repeated page "
          "edges of the extraction")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
