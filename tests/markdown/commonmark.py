#!/usr/bin/env python3
"""Every example of the CommonMark spec: cmark-gfm must render the same
HTML from recto's Markdown (reader then writer) as from the original.

usage: commonmark.py MDHELPER [-v] [EXAMPLE...]

Exceptions are listed below with their reason; every other example must
pass, and a listed example that passes is reported too (the list must
stay exact).  Needs ../shared (exit 77 = skip without it).
"""
import json
import os
import re
import subprocess
import sys

# example number -> why recto's Markdown cannot give the same HTML
EXCEPTIONS = {
}

BLOCK_TAGS = (r"p|li|ul|ol|blockquote|h[1-6]|hr|table|thead|tbody|tfoot|tr|"
              r"td|th|div|section|pre|dl|dt|dd|caption|colgroup|col")
BLOCK_RE = re.compile(r"\s*(</?(?:%s)\b[^>]*>)\s*" % BLOCK_TAGS)
PRE_RE = re.compile(r"(<pre\b.*?</pre>)", re.S)


def normalize(html):
    """Collapse white space outside <pre>, and around block tags."""
    parts = PRE_RE.split(html)
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(part)
        else:
            part = re.sub(r"\s+", " ", part)
            out.append(BLOCK_RE.sub(r"\1", part))
    return "".join(out).strip()


def run_helper(helper, docs):
    data = b"".join(b"%d\n" % len(d) + d for d in docs)
    proc = subprocess.run([helper, "roundtrip"], input=data,
                          stdout=subprocess.PIPE, check=True)
    buf = proc.stdout
    pos = 0
    results = []

    def record():
        nonlocal pos
        nl = buf.index(b"\n", pos)
        n = int(buf[pos:nl])
        pos = nl + 1 + n
        return buf[nl + 1:pos].decode("utf-8", "replace")

    for _ in docs:
        nl = buf.index(b"\n", pos)
        status = buf[pos:nl].decode()
        pos = nl + 1
        md = record()
        h1 = record()
        h2 = record()
        results.append((status, md, h1, h2))
    return results


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    helper = sys.argv[1]
    verbose = "-v" in sys.argv[2:]
    only = {int(a) for a in sys.argv[2:] if a.isdigit()}
    shared = os.environ.get("RECTO_SHARED", "")
    spec = os.path.join(shared, "conformance", "commonmark", "spec.json")
    if not shared or not os.path.exists(spec):
        print("no ../shared/conformance/commonmark/spec.json: skipped")
        return 77
    with open(spec, encoding="utf-8") as f:
        examples = json.load(f)
    if only:
        examples = [e for e in examples if e["example"] in only]
    results = run_helper(helper,
                         [e["markdown"].encode("utf-8") for e in examples])
    passed = 0
    unexpected = []
    stale = []
    sections = {}
    for e, (status, md, h1, h2) in zip(examples, results):
        n = e["example"]
        ok = status == "ok" and normalize(h1) == normalize(h2)
        sec = sections.setdefault(e["section"], [0, 0])
        sec[1] += 1
        if ok:
            passed += 1
            sec[0] += 1
            if n in EXCEPTIONS:
                stale.append(n)
        elif n not in EXCEPTIONS:
            unexpected.append(n)
            if verbose or only:
                print("--- example %d (%s): %s" % (n, e["section"], status))
                print("input:   %r" % e["markdown"])
                print("written: %r" % md)
                print("html in:  %r" % normalize(h1))
                print("html out: %r" % normalize(h2))
    for name, (p, t) in sections.items():
        print("%-40s %3d/%3d" % (name, p, t))
    print("passed %d of %d examples (%d listed exceptions)"
          % (passed, len(examples), len(EXCEPTIONS)))
    if unexpected:
        print("FAILED (not in the exception list): %s"
              % " ".join(map(str, unexpected)))
    if stale:
        print("PASSING but listed as exceptions (remove them): %s"
              % " ".join(map(str, stale)))
    return 1 if unexpected or stale else 0


if __name__ == "__main__":
    sys.exit(main())
