#!/usr/bin/env python3
"""recto's Markdown reader against the installed pandoc's.

Cases: the input of every command block of $RECTO_SHARED/conformance/
pandoc/command/*.md whose command reads Markdown (`-f markdown...`, or no
reader and no input file), and the other pandoc-Markdown documents of
$RECTO_SHARED/conformance/pandoc/.  Each is read by `pandoc -f markdown
-t json` (pandoc's default extensions: what its Markdown is) and by
`recto -f markdown -t json`; both ASTs are normalised (recto's
carrier Divs and Spans unwrapped, attributes other than heading ids
dropped) and compared per construct family, and the letters of their
text (letters and digits of any script, as a multiset) are compared.

A case loses text when pandoc's reading has letters recto's lacks.  The
test fails when a case loses text and known.txt does not list it with a
reason; it prints the agreement per family, the overall figures and the
text-loss cases.  It skips (77) without pandoc, without $RECTO_SHARED,
and in the sanitizer build (RECTO_SANITIZED=1): it measures, it does not
look for memory errors.

    differential.py [--write-readme FILE]
"""
import collections
import concurrent.futures
import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import unicodedata

RECTO = os.environ.get("RECTO", "recto")
SHARED = os.environ.get("RECTO_SHARED", "")
HERE = os.path.dirname(os.path.abspath(__file__))
WORKERS = 2


# ---- the cases ----

OPTS_WITH_VALUE = {
    "-t", "-w", "--to", "--write", "-o", "--output", "-L", "--lua-filter",
    "-F", "--filter", "--columns", "-M", "--metadata", "-V", "--variable",
    "--bibliography", "--csl", "--template", "--id-prefix",
    "--shift-heading-level-by", "--wrap", "--reference-location",
    "--number-offset", "--tab-stop", "--top-level-division",
    "--citation-abbreviations", "--resource-path", "--data-dir",
    "--extract-media", "--highlight-style", "--syntax-definition",
    "--markdown-headings", "--email-obfuscation", "--title-prefix",
    "--default-image-extension", "--track-changes", "--dpi",
    "--metadata-file", "--reference-doc", "--toc-depth", "--slide-level",
    "--ipynb-output", "--abbreviations", "--html-q-tags",
    "--indented-code-classes", "--eol", "--split-level", "--chunk-template",
    "--epub-subdirectory", "-d", "--defaults"}


def reads_markdown(cmd):
    """Whether a `% pandoc ...` command reads its standard input as
    pandoc's Markdown."""
    try:
        args = shlex.split(cmd)[1:]
    except ValueError:
        return False
    fmt = None
    k = 0
    while k < len(args):
        a = args[k]
        if a in ("-f", "-r", "--from", "--read"):
            fmt = args[k + 1] if k + 1 < len(args) else ""
            k += 2
            continue
        m = re.match(r"^(?:--from|--read)=(.*)", a)
        if m:
            fmt = m.group(1)
        elif a.startswith("-f") and len(a) > 2:
            fmt = a[2:]
        elif a in OPTS_WITH_VALUE:
            k += 1
        elif not a.startswith("-"):
            return False  # an input file: not this block's text
        k += 1
    return fmt is None or re.match(r"^markdown([+-]|$)", fmt) is not None


def command_cases(cmd_dir):
    cases = []
    for path in sorted(glob.glob(os.path.join(cmd_dir, "*.md"))):
        name = os.path.basename(path)
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.read().split("\n")
        i = n = 0
        while i < len(lines):
            m = re.match(r"^(`{3,}|~{3,})\s*$", lines[i])
            if not (m and i + 1 < len(lines) and lines[i + 1].startswith("% pandoc")):
                i += 1
                continue
            fence, cmd = m.group(1), lines[i + 1][2:]
            j = i + 2
            text = []
            while j < len(lines) and lines[j] not in ("^D", fence):
                text.append(lines[j])
                j += 1
            has_input = j < len(lines) and lines[j] == "^D"
            while j < len(lines) and lines[j] != fence:
                j += 1
            n += 1
            if has_input and reads_markdown(cmd):
                cases.append(("%s#%d" % (name, n), "\n".join(text) + "\n"))
            i = j + 1
    return cases


DOCUMENTS = ["testsuite.txt", "markdown-reader-more.txt",
             "markdown-citations.txt", "pipe-tables.txt", "writer.markdown"]


def document_cases(root):
    cases = []
    for name in DOCUMENTS:
        path = os.path.join(root, name)
        if os.path.exists(path):
            with open(path, encoding="utf-8", errors="replace") as f:
                cases.append((name, f.read()))
    return cases


# ---- normalising and measuring an AST ----

def classes(attr):
    return attr[1] if isinstance(attr, list) and len(attr) == 3 else []


def attr_value(attr, key):
    for k, v in (attr[2] if isinstance(attr, list) and len(attr) == 3 else []):
        if k == key:
            return v
    return None


def repeated_notes(blocks):
    """recto's model refers to a note once more by its marker (a
    recto-note-ref span) where pandoc repeats the note: the note there."""
    notes = {}

    def visit(el):
        if el["t"] == "Span" and classes(el["c"][0])[:1] == ["recto-wrap"]:
            inner = [x for x in el["c"][1] if x.get("t") == "Note"]
            marker = attr_value(el["c"][0], "recto-marker")
            if inner and marker is not None:
                notes.setdefault(marker, inner[0])
    walk(blocks, visit)

    def swap(v):
        if isinstance(v, list):
            return [swap(x) for x in v]
        if isinstance(v, dict):
            if v.get("t") == "Span" and \
                    classes(v["c"][0])[:1] == ["recto-note-ref"]:
                note = notes.get(attr_value(v["c"][0], "recto-marker"))
                if note is not None:
                    return note
            return {k: swap(x) for k, x in v.items()}
        return v
    return swap(blocks) if notes else blocks


def normalise(blocks):
    """recto's carriers out: recto-wrap Divs/Spans give their content,
    recto-only kinds that pandoc has no counterpart for go (page breaks,
    bibliography entries, unused note definitions, which recto keeps and
    pandoc drops), the bibliography becomes the {#refs} div that placed
    it, recto's figures become pandoc 2's implicit figures."""
    out = []
    for el in blocks:
        if not isinstance(el, dict):
            out.append(el)
            continue
        t, c = el.get("t"), el.get("c")
        if t in ("Div", "Span"):
            cls = classes(c[0])
            first = cls[0] if cls else ""
            # raw HTML: recto keeps the tags as written (for its Markdown
            # writer) beside what it read them into; compared is the latter
            if "raw-html-read" in cls:
                continue
            if "raw-html-copy" in cls:
                out.extend(normalise(c[1]))
                continue
            if "raw-html-wrap" in cls and first != "recto-wrap":
                c = [[c[0][0], [x for x in cls if x != "raw-html-wrap"],
                      c[0][2]], c[1]]
                el = {"t": t, "c": c}
            if first in ("recto-wrap", "recto-item", "recto-def", "recto-term",
                         "recto-line", "recto-caption"):
                out.extend(normalise(c[1]))
                continue
            if first == "recto-bibliography":
                # the {#refs} div: pandoc (without --citeproc) keeps it
                # empty of entries, with the blocks it holds
                out.append({"t": "Div", "c": [["refs", [], []],
                                              normalise(c[1])]})
                continue
            if first in ("recto-page-break",
                         "recto-bib-entry", "recto-note-def",
                         "recto-note-ref", "orphan-note"):
                continue
            if first == "recto-figure":
                caption = [b for b in c[1] if isinstance(b, dict) and b.get("t") == "Div"
                           and classes(b["c"][0])[:1] == ["recto-caption"]]
                rest = [b for b in c[1] if b not in caption]
                out.extend(normalise(rest))
                continue
        out.append(normalise_children(el))
    return out


def normalise_children(el):
    t, c = el.get("t"), el.get("c")
    if c is None:
        return el
    return {"t": t, "c": normalise_any(c)}


def normalise_any(v):
    if isinstance(v, list):
        if v and all(isinstance(x, dict) and "t" in x for x in v):
            return normalise(v)
        return [normalise_any(x) for x in v]
    if isinstance(v, dict):
        if "t" in v:
            return normalise_children(v)
        return {k: normalise_any(x) for k, x in v.items()}
    return v


def is_letter(ch):
    return unicodedata.category(ch)[0] in "LN"


TAG = re.compile(r"<[^>]*>")


def letters_of(s):
    return [ch for ch in s if is_letter(ch)]


def walk(v, visit, depth=0):
    """Visit every element (dict with "t") in document order."""
    stack = [v]
    while stack:
        x = stack.pop()
        if isinstance(x, dict):
            if "t" in x:
                visit(x)
                c = x.get("c")
                if x["t"] == "Cite":
                    stack.append(c[1])  # the text; the items repeat it
                elif c is not None:
                    stack.append(c)
            else:
                stack.extend(reversed(list(x.values())))
        elif isinstance(x, list):
            stack.extend(reversed(x))


def text_letters(v):
    """The letters of the text under v: Str, code, math; raw HTML with
    its tags taken out."""
    out = []

    def visit(el):
        t, c = el["t"], el.get("c")
        if t == "Str" or t == "MetaString":
            out.extend(letters_of(c))
        elif t in ("Code", "CodeBlock", "Math"):
            out.extend(letters_of(c[1]))
        elif t in ("RawBlock", "RawInline"):
            text = c[1]
            if c[0] == "html":
                text = TAG.sub(" ", text)
            out.extend(letters_of(text))
    walk(v, visit)
    return out


def plain(v):
    return "".join(text_letters(v))


FAMILIES = [
    ("blocks", "block structure (kinds and order of blocks)"),
    ("headings", "headings (levels and text)"),
    ("heading-ids", "heading identifiers"),
    ("emphasis", "emphasis, strong, strikeout, small caps, underline"),
    ("sub-super", "subscript and superscript"),
    ("links", "links (targets and text)"),
    ("images", "images and implicit figures"),
    ("code", "inline code"),
    ("code-blocks", "code blocks (text and language)"),
    ("lists", "bullet and ordered lists (items, start, style)"),
    ("definition-lists", "definition lists"),
    ("tables", "tables (rows, columns, cells' text)"),
    ("block-quotes", "block quotes"),
    ("notes", "notes"),
    ("citations", "citations (keys, modes)"),
    ("math", "TeX math"),
    ("raw", "what stays raw: HTML no reader maps, raw attributes"),
    ("divs-spans", "fenced divs and bracketed spans"),
    ("line-blocks", "line blocks"),
    ("smart", "smart punctuation (quotes, dashes, ellipses)"),
    ("breaks", "hard line breaks"),
    ("metadata", "metadata (keys)"),
]

BLOCK_TAGS = {"Para": "P", "Plain": "P", "Header": "H", "CodeBlock": "Code",
              "BlockQuote": "Quote", "BulletList": "UL", "OrderedList": "OL",
              "DefinitionList": "DL", "Table": "Table", "HorizontalRule": "HR",
              "LineBlock": "Lines", "Div": "Div", "RawBlock": "Raw",
              "Figure": "P"}
SMART = "\u2018\u2019\u201c\u201d\u2013\u2014\u2026"


def placed_bibliography(blocks):
    """Empty bibliographies that end the document out: recto always
    places one (at the end where no {#refs} div does), pandoc's Markdown
    only where the div is written."""
    while blocks and isinstance(blocks[-1], dict) and \
            blocks[-1].get("t") == "Div" and \
            blocks[-1]["c"][0][0] == "refs" and not blocks[-1]["c"][1]:
        blocks = blocks[:-1]
    return blocks


def signatures(doc):
    """Per family, what the AST holds in document order."""
    sig = collections.defaultdict(list)
    blocks = placed_bibliography(
        normalise(repeated_notes(doc.get("blocks", []))))

    def visit(el):
        t, c = el["t"], el.get("c")
        if t in BLOCK_TAGS:
            sig["blocks"].append(BLOCK_TAGS[t] + (str(c[0]) if t == "Header" else ""))
        if t == "Header":
            sig["headings"].append((c[0], plain(c[2])))
            sig["heading-ids"].append(c[1][0])
        elif t in ("Emph", "Strong", "Strikeout", "SmallCaps", "Underline"):
            sig["emphasis"].append((t, plain(c)))
        elif t in ("Subscript", "Superscript"):
            sig["sub-super"].append((t, plain(c)))
        elif t == "Link":
            sig["links"].append((c[2][0], plain(c[1])))
        elif t == "Image":
            sig["images"].append((c[2][0], plain(c[1])))
        elif t == "Code":
            sig["code"].append(c[1])
        elif t == "CodeBlock":
            sig["code-blocks"].append((c[1].rstrip("\n"), (classes(c[0]) or [""])[0]))
        elif t == "BulletList":
            sig["lists"].append(("UL", len(c)))
        elif t == "OrderedList":
            sig["lists"].append(("OL", len(c[1]), c[0][0], c[0][1]["t"]))
        elif t == "DefinitionList":
            sig["definition-lists"].append(tuple(len(d[1]) for d in c))
        elif t == "Table":
            rows = []
            for part in [c[3]] + [b for b in c[4]] + [c[5]]:
                rs = part[1] if len(part) == 2 else part[2] + part[3]
                for r in rs:
                    rows.append(tuple(plain(cell[4]) for cell in r[1]))
            sig["tables"].append((len(c[2]), tuple(rows)))
        elif t == "BlockQuote":
            sig["block-quotes"].append(plain(c))
        elif t == "Note":
            sig["notes"].append(plain(c))
        elif t == "Cite":
            sig["citations"].append(tuple((x["citationId"], x["citationMode"]["t"])
                                          for x in c[0]))
        elif t == "Math":
            sig["math"].append((c[0]["t"], c[1].strip()))
        elif t in ("RawBlock", "RawInline"):
            sig["raw"].append(c[0])
        elif t in ("Div", "Span"):
            sig["divs-spans"].append((t, tuple(classes(c[0]))))
        elif t == "LineBlock":
            sig["line-blocks"].append(len(c))
        elif t == "Quoted":
            sig["smart"].append(c[0]["t"])
        elif t == "Str":
            sig["smart"].extend(ch for ch in c if ch in SMART)
        elif t == "LineBreak":
            sig["breaks"].append(1)
    walk(blocks, visit)
    meta = {k: v for k, v in doc.get("meta", {}).items()
            if k != "references" and not k.startswith("recto-")}
    sig["metadata"] = sorted(meta)
    # an unused note definition is out of the structure, not of the text
    orphans = []
    walk(doc.get("blocks", []), lambda el: orphans.append(el) if el["t"] == "Div"
         and classes(el["c"][0])[:1] == ["orphan-note"] else None)
    sig["text"] = collections.Counter(text_letters(blocks) + text_letters(
        list(meta.values())) + text_letters(orphans))
    return sig


# ---- raw HTML and TeX as compared ----
#
# recto reads raw HTML into the model (the text of every HTML block reaches
# every output); pandoc keeps it raw.  What recto read is compared with
# what pandoc's HTML reader reads from the same HTML: each stretch of
# pandoc's blocks or inlines from a raw HTML tag to the tag that closes it
# (one tag when it closes nothing) is written out by pandoc as HTML and
# read back with `pandoc -f html+raw_html` (which keeps comments and tags
# it does not know raw, as recto does).  What a raw attribute marks
# (```{=html}, `x`{=tex}) stays raw on both sides.  Raw TeX, which only a LaTeX
# writer uses and recto has none, is kept by recto as text: pandoc's raw
# TeX counts as the text it holds.

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "param", "source", "track", "wbr"}
TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>")
TEX = ("tex", "latex", "context")


def tag_depth(html):
    """Elements opened less elements closed in a piece of raw HTML."""
    depth = 0
    for close, name, empty in TAG_NAME.findall(
            re.sub(r"<!--.*?-->", "", html, flags=re.S)):
        if name.lower() not in VOID and not empty:
            depth += -1 if close else 1
    return depth


def is_raw_html(el):
    return el.get("t") in ("RawBlock", "RawInline") and el["c"][0] == "html"


RAW_ATTRIBUTE = re.compile(
    r"^ {0,3}(`{3,}|~{3,})[ \t]*\{=\w+\}[ \t]*\n(.*?)\n {0,3}\1|`([^`]+)`\{=\w+\}",
    re.M | re.S)


def raw_attributes(text):
    """What raw attributes mark as raw in a document's text."""
    return {(m.group(2) or m.group(3) or "").strip()
            for m in RAW_ATTRIBUTE.finditer(text)}


def html_runs(items, marked):
    """[i, j) stretches of items from a raw HTML tag to the tag that closes
    what it opened (HTML a raw attribute marks excepted)."""
    runs = []
    i = 0
    while i < len(items):
        if not is_raw_html(items[i]) or items[i]["c"][1].strip() in marked:
            i += 1
            continue
        depth, j = tag_depth(items[i]["c"][1]), i + 1
        while depth > 0 and j < len(items):
            if is_raw_html(items[j]):
                depth += tag_depth(items[j]["c"][1])
            j += 1
        runs.append((i, j))
        i = j
    return runs


def through_html(blocks, api, cwd):
    """pandoc's blocks written as HTML and read back by pandoc."""
    doc = json.dumps({"pandoc-api-version": api, "meta": {}, "blocks": blocks})
    h = subprocess.run(["pandoc", "-f", "json", "-t", "html"],
                       input=doc.encode(), capture_output=True, timeout=120,
                       cwd=cwd)
    r = subprocess.run(["pandoc", "-f", "html+raw_html", "-t", "json"],
                       input=h.stdout, capture_output=True, timeout=120,
                       cwd=cwd)
    return json.loads(r.stdout)["blocks"] if r.returncode == 0 else []


def raw_inline(el):
    """A block of raw HTML alone, as the inline it was."""
    c = el["c"] if el["t"] in ("Plain", "Para") else []
    if el["t"] == "RawBlock":
        return [{"t": "RawInline", "c": el["c"]}]
    return c


def html_read(v, api, cwd, marked):
    """pandoc's AST with its raw HTML as pandoc's HTML reader reads it and
    its raw TeX as text."""
    if isinstance(v, list):
        v = [html_read(x, api, cwd, marked) for x in v]
        if not (v and all(isinstance(x, dict) and "t" in x for x in v)):
            return v
        for i, j in reversed(html_runs(v, marked)):
            if v[i]["t"] == "RawBlock":
                read = through_html(v[i:j], api, cwd)
                read = [{"t": "RawBlock", "c": b["c"][0]["c"]}
                        if b["t"] == "Plain" and len(b["c"]) == 1
                        and is_raw_html(b["c"][0]) else b for b in read]
            else:
                read = [x for b in through_html([{"t": "Plain", "c": v[i:j]}],
                                                api, cwd)
                        for x in raw_inline(b)]
            v[i:j] = read
        return v
    if isinstance(v, dict):
        if "t" not in v:
            return {k: html_read(x, api, cwd, marked) for k, x in v.items()}
        t, c = v["t"], v.get("c")
        if t in ("RawBlock", "RawInline") and c[0] in TEX and \
                c[1].strip() not in marked:
            text = {"t": "Str", "c": c[1]}
            return {"t": "Para", "c": [text]} if t == "RawBlock" else text
        return v if c is None else {"t": t, "c": html_read(c, api, cwd, marked)}
    return v


def has_raw(v):
    found = []
    walk(v, lambda el: found.append(1) if el["t"] in (
        "RawBlock", "RawInline") else None)
    return bool(found)


# ---- running ----

def read_both(case, cwd):
    """Both readings, from the directory pandoc's tests run in (cases name
    their bibliography files relative to it), then pandoc's AST back
    through recto's JSON reader and writer, and pandoc's reading as
    compared (raw HTML and TeX as html_read gives them)."""
    name, text = case
    data = text.encode("utf-8")
    p = subprocess.run(["pandoc", "-f", "markdown", "-t", "json"], input=data,
                       capture_output=True, timeout=120, cwd=cwd)
    if p.returncode:
        return name, None, None, "pandoc failed", None, None
    r = subprocess.run([RECTO, "-q", "-f", "markdown", "-t", "json", "-O",
                        "pandoc-api-version=1.22", "-"], input=data,
                       capture_output=True, timeout=120, cwd=cwd)
    # pandoc's own AST through recto's JSON reader and writer
    j = subprocess.run([RECTO, "-q", "-f", "json", "-t", "json", "-O",
                        "pandoc-api-version=1.22", "-"], input=p.stdout,
                       capture_output=True, timeout=120, cwd=cwd)
    through = json.loads(j.stdout) if j.returncode == 0 else j.stderr.decode(
        errors="replace").strip().split("\n")[-1]
    pd = json.loads(p.stdout)
    if r.returncode:
        return name, pd, None, "recto failed: %s" % (
            r.stderr.decode(errors="replace").strip().split("\n")[-1]), through, pd
    rd = json.loads(r.stdout)
    if has_raw(pd["blocks"]):
        compared = dict(pd, blocks=html_read(pd["blocks"], pd["pandoc-api-version"],
                                             cwd, raw_attributes(text)))
    else:
        compared = pd
    return name, pd, rd, None, through, compared


def load_known():
    known = {}
    path = os.path.join(HERE, "known.txt")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                case, _, reason = line.partition(" ")
                known[case] = reason.strip()
    return known


def main():
    if os.environ.get("RECTO_SANITIZED") == "1":
        print("sanitizer build: the differential test runs in the plain build")
        return 77
    if not shutil.which("pandoc"):
        print("pandoc is not installed; skipped")
        return 77
    root = os.path.join(SHARED, "conformance", "pandoc")
    if not SHARED or not os.path.isdir(os.path.join(root, "command")):
        print("no %s; skipped" % root)
        return 77
    version = subprocess.run(["pandoc", "--version"], capture_output=True,
                             text=True).stdout.split("\n")[0]
    cases = command_cases(os.path.join(root, "command")) + document_cases(root)
    args = sys.argv[1:]
    readme = None
    if "--write-readme" in args:
        k = args.index("--write-readme")
        readme = args[k + 1]
        del args[k:k + 2]
    only = args
    if only:  # a few cases by name, to look at them
        cases = [c for c in cases if c[0] in only]
    with concurrent.futures.ThreadPoolExecutor(WORKERS) as ex:
        results = list(ex.map(lambda c: read_both(c, root), cases))

    known = load_known()
    agree = collections.Counter()
    present = collections.Counter()
    all_agree = 0
    compared = 0
    losses = []
    errors = []
    unreadable = []
    through_bad = []
    through_same = 0
    for name, pd, rd, err, through, pd_compared in results:
        if pd is not None and not (err and "[io.read]" in err):
            if isinstance(through, str):
                through_bad.append((name, "recto -f json failed: " + through))
            else:
                ps_, ts_ = signatures(pd), signatures(through)
                diff = [f for f, _ in FAMILIES + [("text", "")]
                        if ps_[f] != ts_[f]]
                lost = ps_["text"] - ts_["text"]
                if lost:
                    through_bad.append((name, "recto -f json loses %d letters" %
                                        sum(lost.values())))
                elif not diff:
                    through_same += 1
                else:
                    print("note: %s: pandoc's JSON read and written by recto "
                          "differs in %s" % (name, ", ".join(diff)))
        if err and "[io.read]" in err and ".bib" in err:
            unreadable.append(name)  # names a file the shared copy lacks
            continue
        if err:
            errors.append((name, err))
            if pd is not None and err.startswith("recto"):
                losses.append((name, sum(signatures(pd)["text"].values()), ""))
            continue
        compared += 1
        ps, rs = signatures(pd_compared), signatures(rd)
        ps["text"] = signatures(pd)["text"]  # the letters of pandoc's own reading
        ok = True
        for fam, _ in FAMILIES:
            if ps[fam] or rs[fam]:
                present[fam] += 1
                if ps[fam] == rs[fam]:
                    agree[fam] += 1
                else:
                    ok = False
        all_agree += ok
        lost = ps["text"] - rs["text"]
        if lost:
            sample = "".join(sorted(lost.elements()))[:40]
            losses.append((name, sum(lost.values()), sample))

    print("pandoc: %s; %d cases (%d command blocks reading Markdown, %d "
          "documents)" % (version, len(cases), len(cases) - len(
              document_cases(root)), len(document_cases(root))))
    print("%-18s %9s  %s" % ("family", "agree", "what is compared"))
    for fam, what in FAMILIES:
        if present[fam]:
            print("%-18s %4d/%-4d  %s (%d%%)" % (fam, agree[fam], present[fam], what,
                                                100 * agree[fam] // present[fam]))
    print("structure agrees in every family: %d of %d cases (%d%%)" % (
        all_agree, compared, 100 * all_agree // max(compared, 1)))
    text_ok = compared - len([x for x in losses if x[2]])
    print("no letter lost against pandoc: %d of %d cases" % (text_ok, compared))
    if unreadable:
        print("not compared: %d cases whose bibliography file is not in the "
              "shared copy (%s)" % (len(unreadable), ", ".join(unreadable)))
    for name, err in errors:
        print("error %s: %s" % (name, err))
    print("pandoc's JSON through recto's JSON reader and writer: %d of %d "
          "cases the same in every family and letter" % (
              through_same, compared))
    for name, why in through_bad:
        print("FAIL %s: %s" % (name, why))
    unlisted = []
    for name, count, sample in losses:
        reason = known.get(name)
        print("%s %s: %d letters lost (%s)%s" % (
            "known" if reason else "LOSS", name, count, sample,
            " - " + reason if reason else ""))
        if not reason:
            unlisted.append(name)
    stale = [] if only else sorted(set(known) - {x[0] for x in losses})
    for name in stale:
        print("note: %s is listed in known.txt but loses no text now" % name)
    if readme:
        write_readme(readme, version,
                     cases, agree, present, all_agree, compared, text_ok)
    if unlisted:
        print("FAIL: %d cases lose text against pandoc and are not in "
              "known.txt" % len(unlisted))
        return 1
    if through_bad:
        print("FAIL: %d cases of pandoc's JSON fail or lose text through "
              "recto's JSON reader" % len(through_bad))
        return 1
    return 0


def write_readme(path, version, cases, agree, present, all_agree, compared,
                 text_ok):
    with open(path) as f:
        s = f.read()
    rows = ["| family | what is compared | agree | of | % |",
            "| --- | --- | --- | --- | --- |"]
    for fam, what in FAMILIES:
        if present[fam]:
            rows.append("| %s | %s | %d | %d | %d |" % (
                fam, what, agree[fam], present[fam],
                100 * agree[fam] // present[fam]))
    rows.append("| **every family** | | %d | %d | %d |" % (
        all_agree, compared, 100 * all_agree // max(compared, 1)))
    rows.append("| **no letter lost** | | %d | %d | %d |" % (
        text_ok, compared, 100 * text_ok // max(compared, 1)))
    table = "\n".join(rows)
    s = re.sub(r"<!-- figures -->.*<!-- /figures -->",
               "<!-- figures -->\nMeasured with %s over %d cases.\n\n%s\n<!-- /figures -->"
               % (version, len(cases), table), s, flags=re.S)
    with open(path, "w") as f:
        f.write(s)


if __name__ == "__main__":
    sys.exit(main())
