"""The native AST reduced to what a round trip through an XML format
must keep, so that two documents can be compared.

What TEI and DocBook cannot carry, and is therefore left out here:
  - source positions and the source record (file, format, encoding);
  - how text was broken into text nodes and soft breaks (white space is
    normalised: the XML formats reflow it);
  - the children of a citation (the writers print citation syntax such
    as "[@key, p. 33]" as the style's text) and the prefix, suffix,
    locator and mode of its items (TEI's <ref target> and DocBook's
    <biblioref> keep only which entries are cited);
  - whether a citation item was resolved, and how many times an entry
    was cited (recomputed on reading); items whose key resolved to no
    entry (the writers print them as text: there is nothing to point to);
  - an entry's raw source text when it is structured (BibTeX source),
    and its language when it is the document's (inherited in XML);
  - list tightness (a plain block and a paragraph are alike) and the
    delimiter style of ordered lists;
  - a title the writers make up from the file name when there is none;
  - table column widths;
  - classes and attributes of spans and divs (the writers keep some as
    @rend or @role, not all);
  - metadata other than title, subtitle and the authors' names;
  - the title of links and images;
  - an entry's direction (TEI has none: it follows the language);
  - a div with nothing but a language, around one block (the writers
    put the language on the block);
  - whether a bibliography's heading is inside it or just before it,
    and that heading's level (a bibliography after a section's text is
    written inside that section);
  - absolute heading levels (a division's depth is its level: headings
    are compared by their depth, a level skipped counting as none);
  - a raw HTML block the Markdown reader parsed (class raw-html-read):
    the writers write the parsed copy beside it (raw-html-copy), which is
    what comes back; the copy's wrapper and any div that opens with a
    heading are written as divisions, which come back as the heading and
    what follows it;
  - a note's marker when it is a plain number: a note named by a label
    ("[^why-this]") has none, and the writers number every note.
"""
import json
import re

DROP_KEYS = {"pos", "source", "resolved", "cited", "tight", "delim",
             "classes", "attrs", "id", "title"}
INLINE_TEXT = {"text", "soft_break", "space"}


def _text_of(children):
    out = []
    for c in children:
        t = c.get("type")
        if t == "text":
            out.append(c.get("text", ""))
        elif t in ("soft_break", "line_break"):
            out.append(" ")
    return "".join(out)


def _hoist(blocks):
    """A heading inside a bibliography goes before it, without level."""
    out = []
    for b in blocks:
        if isinstance(b, dict) and b.get("type") == "bibliography":
            kids = b.get("children", [])
            if kids and kids[0].get("type") == "heading":
                out.append(dict(kids[0], level=None))
                b = dict(b, children=kids[1:])
        elif isinstance(b, dict) and b.get("type") == "heading" and \
                blocks.index(b) + 1 < len(blocks) and \
                isinstance(blocks[blocks.index(b) + 1], dict) and \
                blocks[blocks.index(b) + 1].get("type") == "bibliography":
            b = dict(b, level=None)
        if isinstance(b, dict) and isinstance(b.get("children"), list):
            b = dict(b, children=_hoist(b["children"]))
        out.append(b)
    return out


def _unwrap(node):
    """The blocks of a list, with the divs the XML formats write as
    divisions (or not at all) replaced by their children."""
    out = []
    for c in node:
        if isinstance(c, dict) and c.get("type") == "div":
            kids = c.get("children") or []
            if "raw-html-copy" in (c.get("classes") or "").split() or (
                    kids and isinstance(kids[0], dict) and
                    kids[0].get("type") == "heading"):
                out.extend(_unwrap(kids))
                continue
        out.append(c)
    return out


def norm(node):
    if isinstance(node, list):
        node = _unwrap(node)
        out = []
        buf = []

        def flush():
            if buf:
                s = re.sub(r"\s+", " ", "".join(buf))
                if s.strip():
                    out.append({"type": "text", "text": s})
                buf.clear()
        for c in node:
            if isinstance(c, dict) and c.get("type") in ("text",
                                                         "soft_break"):
                buf.append(c.get("text", " "))
                continue
            flush()
            if isinstance(c, dict) and c.get("type") == "raw_block" and \
                    "raw-html-read" in (c.get("classes") or "").split():
                continue
            out.append(norm(c))
        flush()
        # white space at the edges of a block is layout
        if out and isinstance(out[0], dict) and out[0].get("type") == "text":
            out[0]["text"] = out[0]["text"].lstrip()
            if not out[0]["text"]:
                out.pop(0)
        if out and isinstance(out[-1], dict) and \
                out[-1].get("type") == "text":
            out[-1]["text"] = out[-1]["text"].rstrip()
            if not out[-1]["text"]:
                out.pop()
        return out
    if not isinstance(node, dict):
        return node
    t = node.get("type")
    res = {}
    if t == "plain":
        node = dict(node, type="paragraph")
    kids = node.get("children")
    if t == "div" and not node.get("classes") and not node.get("id") and \
            isinstance(kids, list) and len(kids) == 1 and \
            isinstance(kids[0], dict):
        inner = dict(kids[0])
        for k in ("lang", "dir"):
            if k in node and k not in inner:
                inner[k] = node[k]
        return norm(inner)
    if t == "heading" and node.get("level"):
        node = dict(node, level=LEVELS[0].get(id(node), node["level"]))
    for k, v in node.items():
        if k in DROP_KEYS:
            continue
        if t == "cite" and k == "children":
            continue
        if t == "note" and k == "marker" and str(v).isascii() and \
                str(v).isdigit():
            continue
        if t == "cite" and k == "items":
            v = [{"key": i.get("key")} for i in v if i.get("resolved")]
        if t == "table" and k == "columns":
            v = [{kk: vv for kk, vv in col.items() if kk != "width"}
                 for col in v]
        if k == "entry" and isinstance(v, dict):
            v = {kk: vv for kk, vv in v.items() if
                 (kk not in DROP_KEYS or kk == "title") and kk != "dir" and
                 not (kk == "raw" and v.get("title")) and
                 not (kk == "language" and vv == DOC_LANG[0])}
        res[k] = norm(v)
    return res


def meta_of(doc):
    m = doc.get("meta", {})
    keep = {}
    for k in ("title", "subtitle"):
        if k in m:
            keep[k] = re.sub(r"\s+", " ", json.dumps(m[k], sort_keys=True))
    return keep


DOC_LANG = [None]
LEVELS = [{}]


def _levels(node, found):
    """Each heading's depth, as the XML formats nest divisions: a heading
    opens inside the nearest earlier heading of a lower level."""
    stack = found.setdefault("stack", [])
    if isinstance(node, list):
        for c in node:
            _levels(c, found)
    elif isinstance(node, dict):
        if node.get("type") == "heading" and node.get("level"):
            while stack and stack[-1] >= node["level"]:
                stack.pop()
            stack.append(node["level"])
            found.setdefault("depths", {})[id(node)] = len(stack)
        for v in node.values():
            _levels(v, found)


def reduce(doc, like=None):
    """like: the original, for what the writers invent when it is absent."""
    DOC_LANG[0] = doc.get("lang")
    found = {}
    blocks = _hoist(doc.get("blocks", []))
    _levels(blocks, found)
    LEVELS[0] = found.get("depths", {})
    meta = meta_of(doc)
    if like is not None and "title" not in like.get("meta", {}):
        meta.pop("title", None)
    return {"lang": doc.get("lang"), "meta": meta,
            "blocks": norm(blocks)}
