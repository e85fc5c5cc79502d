#!/usr/bin/env python3
"""EPUB for publishers: a cover, a style sheet, a font, identifiers with
their schemes, a series, creators with roles.  EPUBCheck passes the books
with 0 errors and 0 warnings, and the package and navigation are read
back: the cover-image property, the cover landmark, the collection.

Exit 77 (skip) when EPUBCheck (java) is missing."""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib

sys.path.insert(0, os.path.dirname(__file__))
from epubcheck import JAR, SKIP, epubcheck  # noqa: E402

RECTO = os.environ["RECTO"]
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what, file=sys.stderr)


def png(width, height):
    """A grey PNG of our own."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
    rows = b"".join(b"\0" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0,
                                       0)) +
            chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


BOOK = """---
title: The Lighthouse Keeper
identifier:
- scheme: ISBN-13
  text: 978-3-16-148410-0
- scheme: DOI
  text: https://doi.org/10.1234/lh.2026
creator:
- role: aut
  text: Mina Rahimi
  file-as: Rahimi, Mina
contributor:
- role: trl
  text: John Doe
  file-as: Doe, John
editor: Sara Ahmadi
publisher: Harbour Press
rights: "© 2026 Harbour Press. CC BY 4.0."
description: A keeper and the sea.
subject: [Fiction, Sea stories]
date: 2026-03-01
lang: en
belongs-to-collection: Coastal Tales
group-position: 2
---
# One

The light turns.[^1]

## A smaller part

Waves.

[^1]: Every night.

# Two

The boat comes.
"""

PLAIN = """---
title: Short
isbn: 0-306-40615-2
cover-image: cover.png
cover-image-alt: A grey square
---
Text.
"""


def run(args, cwd):
    env = dict(os.environ, RECTO_PLUGIN_CACHE="")
    return subprocess.run([RECTO] + args, cwd=cwd, capture_output=True,
                          text=True, env=env, timeout=120)


def opf_of(path):
    z = zipfile.ZipFile(path)
    return (z.read("EPUB/content.opf").decode(),
            z.read("EPUB/nav.xhtml").decode(), z.namelist(), z)


def main():
    if not shutil.which("java") or not os.path.exists(JAR):
        print("EPUBCheck is missing: skipped")
        return SKIP
    tmp = tempfile.mkdtemp(prefix="recto-publish-")
    try:
        files = {"book.md": BOOK, "plain.md": PLAIN,
                 "house.css": "body { font-family: 'DejaVu Sans'; }\n"
                              "h1 { text-align: start; }\n"}
        for name, text in files.items():
            with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
                f.write(text)
        with open(os.path.join(tmp, "cover.png"), "wb") as f:
            f.write(png(60, 90))
        with open(os.path.join(tmp, "notes.txt"), "w") as f:
            f.write("not an image\n")
        fonts = ["--epub-embed-font", FONT] if os.path.exists(FONT) else []
        r = run(["book.md", "-o", "book.epub", "--epub-cover-image",
                 "cover.png", "--css", "house.css", "--toc-depth", "1"] +
                fonts, tmp)
        check(r.returncode == 0 and not r.stderr,
              "the book is written: %d %s" % (r.returncode, r.stderr))
        r2 = run(["plain.md", "-o", "plain.epub", "--epub-title-page=false"],
                 tmp)
        check(r2.returncode == 0 and not r2.stderr,
              "the metadata's cover: %d %s" % (r2.returncode, r2.stderr))
        books = [os.path.join(tmp, b) for b in ("book.epub", "plain.epub")]
        for path in books:
            if not os.path.exists(path):
                continue
            _, problems, summary = epubcheck(path)
            check(not problems, "EPUBCheck %s: %s %s" % (
                os.path.basename(path), summary, problems[:5]))
        if r.returncode == 0:
            opf, nav, names, z = opf_of(books[0])
            cover = re.search(r'<item id="cover-image" href="([^"]+)" '
                              r'media-type="image/png" '
                              r'properties="cover-image"/>', opf)
            check(cover and "EPUB/" + cover.group(1) in names,
                  "the cover image in the manifest, cover-image: %s" % opf)
            check('<itemref idref="cover"/>' in opf.split("<spine")[1]
                  .split("</spine>")[0].split("\n")[1],
                  "the cover page opens the spine")
            check(re.search(r'<a epub:type="cover" href="text/cover.xhtml">',
                            nav), "the cover landmark: %s" % nav)
            page = z.read("EPUB/text/cover.xhtml").decode()
            check(re.search(r'<img role="doc-cover" src="../images/cover.png"'
                            r' alt="Cover: The Lighthouse Keeper"/>', page),
                  "the cover has alt text: %s" % page)
            check('<dc:identifier id="pub-id">urn:isbn:9783161484100'
                  '</dc:identifier>' in opf and
                  '<meta refines="#pub-id" property="identifier-type" '
                  'scheme="onix:codelist5">15</meta>' in opf,
                  "ISBN-13 as the package identifier")
            check('>urn:doi:10.1234/lh.2026</dc:identifier>' in opf,
                  "the DOI")
            check(re.search(r'<meta property="belongs-to-collection" '
                            r'id="collection">Coastal Tales</meta>', opf) and
                  'property="collection-type">series</meta>' in opf and
                  'property="group-position">2</meta>' in opf,
                  "the series and the book's place in it")
            check(re.search(r'<dc:creator id="(creator\d)">Mina Rahimi</dc:'
                            r'creator>\s*<meta refines="#\1" property="role" '
                            r'scheme="marc:relators">aut</meta>\s*<meta '
                            r'refines="#\1" property="file-as">Rahimi, Mina',
                            opf), "the author, her role and file-as")
            check(re.search(r'<dc:contributor id="(contributor\d)">John Doe'
                            r'</dc:contributor>\s*<meta refines="#\1" '
                            r'property="role" scheme="marc:relators">trl',
                            opf), "the translator")
            check(re.search(r'<dc:contributor id="(contributor\d)">Sara '
                            r'Ahmadi</dc:contributor>\s*<meta refines="#\1" '
                            r'property="role" scheme="marc:relators">edt',
                            opf), "the editor")
            for want in ["<dc:publisher>Harbour Press</dc:publisher>",
                         "<dc:rights>© 2026 Harbour Press. CC BY 4.0."
                         "</dc:rights>",
                         "<dc:description>A keeper and the sea."
                         "</dc:description>",
                         "<dc:subject>Fiction</dc:subject>",
                         "<dc:subject>Sea stories</dc:subject>",
                         "<dc:date>2026-03-01</dc:date>",
                         '<meta property="schema:accessibilityFeature">'
                         'alternativeText</meta>']:
                check(want in opf, "%s in the package" % want)
            check("styles/recto.css" not in opf and
                  "EPUB/styles/recto.css" not in names and
                  re.search(r'href="styles/s1-house.css" media-type="text/css"',
                            opf), "the style sheet replaces the default one")
            chapter = z.read("EPUB/text/ch002.xhtml").decode()
            check('href="../styles/s1-house.css"' in chapter,
                  "the content links the style sheet")
            if fonts:
                check(re.search(r'href="fonts/f1-DejaVuSans.ttf" '
                                r'media-type="font/ttf"', opf) and
                      "EPUB/fonts/f1-DejaVuSans.ttf" in names,
                      "the font is packed")
            toc = nav.split('epub:type="toc"')[1].split("</nav>")[0]
            check("One" in toc and "A smaller part" not in toc,
                  "--toc-depth 1 in the navigation")
        if r2.returncode == 0:
            opf, nav, names, z = opf_of(books[1])
            check('properties="cover-image"' in opf and
                  'alt="A grey square"' in z.read(
                      "EPUB/text/cover.xhtml").decode(),
                  "cover-image in the metadata, with its alt text")
            check('<dc:identifier id="pub-id">urn:isbn:0306406152'
                  '</dc:identifier>' in opf and
                  'scheme="onix:codelist5">02</meta>' in opf,
                  "a plain isbn: %s" % opf)
            check("titlepage" not in z.read("EPUB/text/ch001.xhtml").decode(),
                  "--epub-title-page=false")
        # files that cannot be used: one line, exit 3, no book
        for args, name in [(["--epub-cover-image", "notes.txt"], "notes.txt"),
                           (["--css", "missing.css"], "missing.css"),
                           (["--epub-embed-font", "notes.txt"], "notes.txt")]:
            r = run(["plain.md", "-o", "bad.epub"] + args, tmp)
            check(r.returncode == 3 and name in r.stderr and
                  not os.path.exists(os.path.join(tmp, "bad.epub")),
                  "%s refused: %d %s" % (args, r.returncode, r.stderr))
        r = run(["plain.md", "-o", "bad.epub", "--epub-embed-font",
                 "nofonts/*.ttf"], tmp)
        check(r.returncode == 2, "a glob that matches nothing: %s" % r.stderr)
    finally:
        shutil.rmtree(tmp)
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
