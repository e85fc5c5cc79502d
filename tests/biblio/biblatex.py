#!/usr/bin/env python3
"""recto's BibTeX/BibLaTeX reader against the installed pandoc's.

Cases: the BibTeX input of every biblatex-*.md / bibtex-*.md block of
$RECTO_SHARED/conformance/pandoc/command/ (each `% pandoc -f biblatex -t
markdown -s`).  Each is read by `pandoc -f biblatex -t csljson` and by
`recto -f bibtex -t csljson`, and every CSL field recto's entries model is
compared entry by entry.  Fields pandoc writes that the model has no place
for are counted apart (the first list of deliberate differences in
README.md).  pandoc turns English titles into sentence case; recto keeps
titles as written, so titles are compared without letter case.

The test fails when an entry pandoc reads is missing from recto's reading,
or when agreement on the modelled fields falls below the floor set here
(so that a regression shows); it prints the figures.  Skips (77) without
pandoc, without $RECTO_SHARED, and in the sanitizer build.

    biblatex.py [CASE...]
"""
import collections
import concurrent.futures
import glob
import json
import os
import re
import shutil
import subprocess
import sys

RECTO = os.environ.get("RECTO", "recto")
SHARED = os.environ.get("RECTO_SHARED", "")

# The CSL variables of recto_bib_entry (include/recto/biblio.h).
MODELLED = ["type", "author", "editor", "translator", "title",
            "container-title", "collection-title", "collection-number",
            "publisher", "publisher-place", "edition", "volume", "issue",
            "page", "number", "issued", "accessed", "DOI", "URL", "ISBN",
            "ISSN", "note", "language"]
CASELESS = {"title", "container-title", "collection-title"}
# Agreement on modelled fields below this fails the test (percent).
FLOOR = 90


def cases(cmd_dir, only):
    out = []
    for path in sorted(glob.glob(os.path.join(cmd_dir, "biblatex-*.md")) +
                       glob.glob(os.path.join(cmd_dir, "bibtex-*.md"))):
        name = os.path.basename(path)
        if only and name not in only:
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for k, m in enumerate(re.finditer(
                r"^% pandoc -f (?:biblatex|bibtex)[^\n]*\n(.*?)\n\^D\n", text,
                re.S | re.M)):
            out.append(("%s#%d" % (name, k + 1), m.group(1) + "\n"))
    return out


def read_both(case):
    name, bib = case
    data = bib.encode("utf-8")
    p = subprocess.run(["pandoc", "-f", "biblatex", "-t", "csljson"],
                       input=data, capture_output=True, timeout=120)
    r = subprocess.run([RECTO, "-q", "-f", "bibtex", "-t", "csljson", "-"],
                       input=data, capture_output=True, timeout=120)
    theirs = json.loads(p.stdout) if p.returncode == 0 else None
    ours = json.loads(r.stdout) if r.returncode == 0 and r.stdout.strip() else []
    return name, theirs, ours, r.stderr.decode(errors="replace")


def norm(field, v):
    if field == "language" and isinstance(v, str):
        return v.split("-")[0].lower()
    if field in CASELESS and isinstance(v, str):
        return v.casefold()
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, dict) and "date-parts" in v:
        return {"date-parts": [[int(x) for x in part] for part in v["date-parts"]],
                **{k: x for k, x in v.items() if k not in ("date-parts",)}}
    return v


def main():
    if os.environ.get("RECTO_SANITIZED") == "1":
        print("sanitizer build: this comparison runs in the plain build")
        return 77
    if not shutil.which("pandoc"):
        print("pandoc is not installed; skipped")
        return 77
    cmd_dir = os.path.join(SHARED, "conformance", "pandoc", "command")
    if not SHARED or not os.path.isdir(cmd_dir):
        print("no %s; skipped" % cmd_dir)
        return 77
    todo = cases(cmd_dir, sys.argv[1:])
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        results = list(ex.map(read_both, todo))
    agree = collections.Counter()
    present = collections.Counter()
    unmodelled = collections.Counter()
    missing = []
    diffs = []
    entries = entries_ok = 0
    for name, theirs, ours, err in results:
        if theirs is None:
            continue
        by_id = {e.get("id"): e for e in ours}
        for t in theirs:
            entries += 1
            o = by_id.get(t.get("id"))
            if o is None:
                missing.append("%s: entry %s" % (name, t.get("id")))
                continue
            ok = True
            if "collection-number" in t and "number" not in t:
                # recto keeps a series number as the entry's number
                t = dict(t, number=t.pop("collection-number"))
            for field in MODELLED:
                a, b = t.get(field), o.get(field)
                if a is None and b is None:
                    continue
                present[field] += 1
                if norm(field, a) == norm(field, b):
                    agree[field] += 1
                else:
                    ok = False
                    diffs.append("%s %s %s: pandoc %s, recto %s" % (
                        name, t.get("id"), field, json.dumps(a, ensure_ascii=False)[:80],
                        json.dumps(b, ensure_ascii=False)[:80]))
            entries_ok += ok
            for field in t:
                if field not in MODELLED and field != "id":
                    unmodelled[field] += 1
    total_a, total_p = sum(agree.values()), sum(present.values())
    print("pandoc -f biblatex vs recto -f bibtex: %d cases, %d entries" % (
        len(todo), entries))
    for field in MODELLED:
        if present[field]:
            print("  %-18s %4d/%-4d" % (field, agree[field], present[field]))
    print("modelled fields agree: %d of %d (%d%%); entries agreeing on every "
          "modelled field: %d of %d" % (total_a, total_p,
                                        100 * total_a // max(total_p, 1),
                                        entries_ok, entries))
    print("fields pandoc writes that recto's model has no place for: " +
          ", ".join("%s (%d)" % kv for kv in unmodelled.most_common()))
    for d in diffs:
        print("diff", d)
    for m in missing:
        print("MISSING", m)
    if missing or 100 * total_a < FLOOR * total_p:
        print("FAIL: %d entries missing; agreement %d%% (floor %d%%)" % (
            len(missing), 100 * total_a // max(total_p, 1), FLOOR))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
