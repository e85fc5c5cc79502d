#!/usr/bin/env python3
"""The DOCX and ODT fixtures read as their truth says.

    truth.py FIXTURE_DIR

FIXTURE_DIR holds what mkfixtures.py wrote: the documents and truth.json.
Each document is read by $RECTO into the native format and its notes,
comments, citations (and the items linked to an entry), entries,
headings (and their levels), tables and cells, page breaks, links,
images, title, language and direction are compared with the truth.  The
options are checked too: docx.comments=drop leaves no comment,
docx.changes=reject and =all keep what a tracked change deleted (=all
marking both sides).

Exit status: 0 as the truth says, 1 otherwise."""
import json
import os
import subprocess
import sys


def read(recto, path, *options):
    cmd = [recto, path, "-t", "native"]
    for o in options:
        cmd += ["-O", o]
    p = subprocess.run(cmd, capture_output=True)
    if p.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (path, p.returncode,
                                                p.stderr.decode()))
    return json.loads(p.stdout)


def count(doc):
    c = {"notes": 0, "comments": 0, "cites": 0, "items": 0, "entries": 0,
         "headings": 0, "heading_levels": [], "tables": 0, "cells": 0,
         "page_breaks": 0, "links": 0, "images": 0, "lists": 0,
         "list_starts": [], "text": [], "classes": []}

    def walk(x):
        if isinstance(x, list):
            for v in x:
                walk(v)
            return
        if not isinstance(x, dict):
            return
        t = x.get("type")
        key = {"note": "notes", "annotation": "comments", "cite": "cites",
               "bib_entry": "entries", "table": "tables", "cell": "cells",
               "page_break": "page_breaks", "link": "links",
               "image": "images", "list": "lists"}.get(t)
        if key:
            c[key] += 1
        if t == "heading":
            c["headings"] += 1
            c["heading_levels"].append(x.get("level", 1))
        if t == "cite":
            c["items"] += sum(1 for i in x.get("items", [])
                              if i.get("resolved"))
        if t == "list" and x.get("kind") == "ordered":
            c["list_starts"].append(x.get("start", 1))
        if t == "text":
            c["text"].append(x.get("text", ""))
        if x.get("classes"):
            c["classes"].append(x["classes"])
        for k in ("children", "blocks"):
            walk(x.get(k, []))

    walk(doc.get("blocks", []))
    c["text"] = "".join(c["text"])
    return c


def check(name, want, doc, problems):
    got = count(doc)
    for k in ("notes", "comments", "cites", "items", "entries", "headings",
              "heading_levels", "tables", "cells", "page_breaks", "links",
              "images", "lists"):
        if k in want and got[k] != want[k]:
            problems.append("%s: %s %r, expected %r" % (name, k, got[k],
                                                        want[k]))
    if "list_starts" in want:
        starts = [s for s in want["list_starts"] if s is not None]
        if got["list_starts"] != starts:
            problems.append("%s: ordered lists start at %r, expected %r"
                            % (name, got["list_starts"], starts))
    if doc.get("lang") != want["lang"]:
        problems.append("%s: lang %r" % (name, doc.get("lang")))
    if doc.get("dir") != want["dir"]:
        problems.append("%s: dir %r" % (name, doc.get("dir")))
    title = doc.get("meta", {}).get("title", {}).get("string")
    if title != want["title"]:
        problems.append("%s: title %r" % (name, title))
    for s in want.get("absent", []):
        if s in got["text"]:
            problems.append("%s: %r is generated, not text" % (name, s))
    return got


def main():
    recto = os.environ.get("RECTO", "recto")
    base = sys.argv[1]
    with open(os.path.join(base, "truth.json"), encoding="utf-8") as f:
        truth = json.load(f)
    problems = []
    for name in sorted(truth):
        path = os.path.join(base, name)
        want = truth[name]
        got = check(name, want, read(recto, path), problems)
        if want["comments"]:
            dropped = count(read(recto, path, "docx.comments=drop"))
            if dropped["comments"]:
                problems.append("%s: docx.comments=drop kept %d"
                                % (name, dropped["comments"]))
        if "inserted" in want:
            ins, dele = want["inserted"], want["deleted"]
            if ins not in got["text"] or dele in got["text"]:
                problems.append("%s: changes not accepted by default" % name)
            rej = count(read(recto, path, "docx.changes=reject"))
            if ins in rej["text"] or dele not in rej["text"]:
                problems.append("%s: docx.changes=reject" % name)
            both = count(read(recto, path, "docx.changes=all"))
            if ins not in both["text"] or dele not in both["text"] or \
                    "insertion" not in both["classes"] or \
                    "deletion" not in both["classes"]:
                problems.append("%s: docx.changes=all" % name)
        print("%s: %d notes, %d comments, %d citations (%d items linked), "
              "%d entries, %d headings, %d tables (%d cells), %d page breaks"
              % (name, got["notes"], got["comments"], got["cites"],
                 got["items"], got["entries"], got["headings"],
                 got["tables"], got["cells"], got["page_breaks"]))
    for p in problems:
        print("FAIL " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
