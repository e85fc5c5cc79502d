#!/usr/bin/env python3
"""Compare recto's reading of pandoc's DOCX and ODT test documents with
the installed pandoc's own reading.

    pandoc_compare.py [FILE...]

Without arguments: every .docx of ../shared/conformance/pandoc/docx/, every
.odt of ../shared/conformance/pandoc/odt/ and
../shared/conformance/pandoc/mendeley_citations.docx.  For each file both
readings are walked and compared:

  letters   every letter pandoc reads (text, code, math, metadata) is
            read by recto too: for each letter, recto's count is at least
            pandoc's;
  notes, tables, headings
            the same number in both.

Where recto reads more than pandoc, the difference is by design and
counted, not failed: comments (pandoc drops them by default), citations
as structure (pandoc keeps only their text), page breaks (pandoc has no
node for them), the title paragraph (both put it in the metadata).  A
reference manager's bibliography field becomes entries in recto: its
rendered text is compared with the entries' fields.

Exit status: 0 all agree, 1 a difference, 77 when ../shared or pandoc is
absent.
"""
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile

SKIP = 77


def letters_of(text, into):
    for ch in text:
        if unicodedata.category(ch).startswith("L"):
            into[ch] += 1


def pandoc_counts(ast):
    c = {"notes": 0, "tables": 0, "headings": 0,
         "letters": collections.Counter()}

    def walk(x):
        if isinstance(x, dict):
            t = x.get("t")
            if t == "Note":
                c["notes"] += 1
            elif t == "Table":
                c["tables"] += 1
            elif t == "Header":
                c["headings"] += 1
            if t in ("Str", "Code", "Math", "CodeBlock", "RawInline",
                     "RawBlock", "MetaString"):
                v = x.get("c")
                v = v[-1] if isinstance(v, list) else v
                if t == "Math":  # TeX's command words are not letters
                    v = re.sub(r"\\[A-Za-z]+", " ", v)
                letters_of(v, c["letters"])
            elif t == "Image":
                walk(x["c"][1])  # the alt text; not the target
                return
            elif t == "Link":
                walk(x["c"][1])
                return
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(ast.get("blocks", []))
    walk(ast.get("meta", {}))
    return c


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Fields whose result recto does not copy as text: generated (tables of
# contents, indexes, page numbers) or replaced by entries (bibliographies
# of reference managers).
GENERATED = ("TOC", "INDEX", "PAGE", "PAGEREF", "NUMPAGES", "SECTIONPAGES",
             "ADDIN ZOTERO_BIBL", "ADDIN EN.REFLIST",
             "ADDIN MENDELEY BIBLIOGRAPHY")


def generated_letters(path):
    """The letters of the results of GENERATED fields in a DOCX."""
    found = collections.Counter()
    try:
        with zipfile.ZipFile(path) as z:
            root = ET.fromstring(z.read("word/document.xml"))
    except (KeyError, zipfile.BadZipFile, ET.ParseError):
        return found
    stack = []  # [code, in_result]

    def generated():
        return any(f[1] and f[0].strip().upper().startswith(GENERATED)
                   for f in stack)

    def walk(e):
        tag = e.tag
        if tag == W + "fldSimple":
            stack.append([e.get(W + "instr", ""), True])
            for c in e:
                walk(c)
            stack.pop()
            return
        if tag == W + "fldChar":
            kind = e.get(W + "fldCharType")
            if kind == "begin":
                stack.append(["", False])
            elif kind == "separate" and stack:
                stack[-1][1] = True
            elif kind == "end" and stack:
                stack.pop()
        elif tag == W + "instrText" and stack and not stack[-1][1]:
            stack[-1][0] += e.text or ""
        elif tag == W + "t" and generated():
            letters_of(e.text or "", found)
        for c in e:
            walk(c)

    walk(root)
    return found


ENTRY_FIELDS = ("title", "container-title", "collection-title", "publisher",
                "publisher-place", "edition", "volume", "issue", "page",
                "number", "note", "DOI", "URL", "ISBN", "ISSN")


def recto_counts(doc):
    c = {"notes": 0, "tables": 0, "headings": 0, "comments": 0, "cites": 0,
         "pages": 0, "entries": 0, "letters": collections.Counter()}

    def names(lst):
        for n in lst or []:
            if isinstance(n, dict):
                for v in n.values():
                    if isinstance(v, str):
                        letters_of(v, c["letters"])

    def walk(x):
        if isinstance(x, dict):
            t = x.get("type")
            if t == "note":
                c["notes"] += 1
            elif t == "table":
                c["tables"] += 1
            elif t == "heading":
                c["headings"] += 1
            elif t == "annotation":
                c["comments"] += 1
                # pandoc drops comments: what they hold is not compared
                saved = {k: c[k] for k in ("notes", "tables", "headings")}
                for ch in x.get("children", []):
                    walk(ch)
                c.update(saved)
                return
            elif t == "cite":
                c["cites"] += 1
            elif t == "page_break":
                c["pages"] += 1
            elif t == "bib_entry":
                c["entries"] += 1
                e = x.get("entry", {})
                for f in ENTRY_FIELDS:
                    if isinstance(e.get(f), str):
                        letters_of(e[f], c["letters"])
                for role in ("author", "editor", "translator"):
                    names(e.get(role))
            if t in ("text", "code", "code_block", "math", "raw_inline",
                     "raw_block") and isinstance(x.get("text"), str):
                letters_of(x["text"], c["letters"])
            if t == "image":
                for ch in x.get("children", []):
                    walk(ch)
                return
            for k, v in x.items():
                if k in ("children", "blocks", "meta", "entry", "items") or \
                        isinstance(v, (dict, list)):
                    if k in ("attrs", "source", "pos"):
                        continue
                    walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(doc.get("blocks", []))
    meta = doc.get("meta", {})

    def walk_meta(m):
        if isinstance(m, dict):
            for k, v in m.items():
                if k == "string" and isinstance(v, str):
                    letters_of(v, c["letters"])
                else:
                    walk_meta(v)
        elif isinstance(m, list):
            for v in m:
                walk_meta(v)
        if isinstance(m, dict) and "blocks" in m:
            walk(m["blocks"])
    walk_meta(meta)
    return c


def inputs(shared):
    base = os.path.join(shared, "conformance", "pandoc")
    files = []
    for sub, ext in (("docx", ".docx"), ("odt", ".odt")):
        for top, dirs, names in sorted(os.walk(os.path.join(base, sub))):
            dirs.sort()
            files += [os.path.join(top, f) for f in sorted(names)
                      if f.endswith(ext)]
    m = os.path.join(base, "mendeley_citations.docx")
    if os.path.exists(m):
        files.append(m)
    return files


def main():
    recto = os.environ.get("RECTO", "recto")
    shared = os.environ.get("RECTO_SHARED", "")
    files = sys.argv[1:] or (inputs(shared) if os.path.isdir(shared) else [])
    if not files:
        print("SKIP: ../shared/conformance/pandoc is absent")
        return SKIP
    if not shutil.which("pandoc"):
        print("SKIP: pandoc is not installed")
        return SKIP
    failures = 0
    totals = collections.Counter()
    for path in files:
        name = os.path.relpath(path, os.path.dirname(os.path.dirname(path)))
        fmt = "odt" if path.endswith(".odt") else "docx"
        p = subprocess.run(["pandoc", "-f", fmt, "-t", "json", path],
                           capture_output=True)
        if p.returncode != 0:
            totals["pandoc-unreadable"] += 1
            continue  # pandoc's own error cases: nothing to compare with
        ref = pandoc_counts(json.loads(p.stdout))
        r = subprocess.run([recto, "-f", fmt, "-t", "native", path],
                           capture_output=True)
        if r.returncode != 0:
            print("FAIL %s: recto exit %d: %s" % (
                name, r.returncode, r.stderr.decode("utf-8", "replace")
                .strip().splitlines()[-1:]))
            failures += 1
            continue
        got = recto_counts(json.loads(r.stdout))
        totals["files"] += 1
        problems = []
        lost = {ch: n - got["letters"][ch]
                for ch, n in ref["letters"].items()
                if got["letters"][ch] < n}
        if lost and fmt == "docx":
            # what generated fields held is not text of the document
            gen = generated_letters(path)
            if all(gen[ch] >= n for ch, n in lost.items()):
                totals["generated-letters"] += sum(lost.values())
                totals["generated-files"] += 1
                lost = {}
        totals["letters-pandoc"] += sum(ref["letters"].values())
        totals["letters-recto"] += sum(got["letters"].values())
        if lost:
            problems.append("letters lost: %s" % "".join(
                "%s×%d " % kv for kv in sorted(lost.items())[:20]))
            totals["letters-lost"] += sum(lost.values())
        for k in ("notes", "tables", "headings"):
            if ref[k] != got[k]:
                problems.append("%s: pandoc %d, recto %d" % (k, ref[k],
                                                             got[k]))
            else:
                totals[k + "-equal"] += 1
        for k in ("comments", "cites", "pages", "entries"):
            totals["recto-" + k] += got[k]
        if problems:
            failures += 1
            print("FAIL %s: %s" % (name, "; ".join(problems)))
    print("files read: %d; letters: pandoc %d, recto %d, lost %d; "
          "notes equal in %d, tables in %d, headings in %d; recto reads "
          "more: %d comments, %d citations, %d entries, %d page breaks"
          % (totals["files"], totals["letters-pandoc"],
             totals["letters-recto"], totals["letters-lost"],
             totals["notes-equal"], totals["tables-equal"],
             totals["headings-equal"], totals["recto-comments"],
             totals["recto-cites"], totals["recto-entries"],
             totals["recto-pages"]))
    if totals["generated-files"]:
        print("by design not copied as text: %d letters of generated "
              "fields (tables of contents, indexes, page numbers, "
              "bibliographies made entries) in %d file(s)"
              % (totals["generated-letters"], totals["generated-files"]))
    if totals["pandoc-unreadable"]:
        print("pandoc itself could not read %d file(s)" %
              totals["pandoc-unreadable"])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
