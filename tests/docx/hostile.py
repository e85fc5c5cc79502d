#!/usr/bin/env python3
"""Hostile DOCX and ODT files, generated here, each refused with one line.

    hostile.py

Container attacks (traversal, encryption, bombs, lying sizes, truncation)
are built with the helpers of tests/zip/hostile.py on a small DOCX and a
small ODT; XML attacks (a DTD with an external entity, an entity bomb,
a part that is not well-formed) and a package without its main part are
added here.  Each must give exit status 4, exactly one line on standard
error naming the file, and no output file; the well-formed controls must
be read (exit 0).  What an external entity points at must never appear
in any output."""
import io
import os
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.join(os.environ["RECTO_SOURCE_ROOT"], "tests",
                                "zip"))
import hostile as zh  # noqa: E402  (the shared container attacks)

SECRET = "recto-secret-do-not-read"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TYPES = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats'
         b'.org/package/2006/content-types"/>')


def document(body="<w:p><w:r><w:t>Hello.</w:t></w:r></w:p>", head=""):
    return ('<?xml version="1.0"?>%s<w:document xmlns:w="%s"><w:body>%s'
            '</w:body></w:document>' % (head, W, body)).encode()


def pack(entries):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            if isinstance(name, zipfile.ZipInfo):
                z.writestr(name, data)
            else:
                z.writestr(name, data)
    return buf.getvalue()


def docx(extra=(), doc=None, skip=()):
    parts = [("[Content_Types].xml", TYPES),
             ("word/document.xml", doc or document())]
    return pack([p for p in parts if p[0] not in skip] + list(extra))


def odt(extra=(), content=None):
    body = content or (
        b'<?xml version="1.0"?><office:document-content xmlns:office="urn:'
        b'oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis'
        b':names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
        b'<text:p>Hello.</text:p></office:text></office:body>'
        b'</office:document-content>')
    parts = [("mimetype", b"application/vnd.oasis.opendocument.text")]
    if content is not False:
        parts.append(("content.xml", body))
    return pack(parts + list(extra))


def cases(secret_path):
    ok = docx()
    big = b"\0" * (20 << 20)
    lie = b"recto " * (400 << 10)
    yield "control", "docx", ok, 0
    yield "control", "odt", odt(), 0
    yield "dotdot", "docx", docx([("../evil.xml", b"x")]), 4
    yield "absolute", "odt", odt([("/etc/evil", b"x")]), 4
    yield "encrypted", "docx", zh.set_encrypted(ok, "word/document.xml"), 4
    yield "bomb-ratio", "docx", docx([("word/media/bomb.bin", big)]), 4
    yield "declared-lie", "docx", zh.set_sizes(
        docx(doc=document("<w:p><w:r><w:t>%s</w:t></w:r></w:p>"
                          % lie.decode())), "word/document.xml", 1000), 4
    yield "corrupt-data", "docx", zh.corrupt_data(ok, "word/document.xml"), 4
    yield "truncated", "docx", ok[:len(ok) // 2], 4
    yield "not-a-zip", "docx", b"PK\x03\x04 not a zip container at all", 4
    yield "no-document", "docx", docx(skip=("word/document.xml",)), 4
    yield "no-content", "odt", odt(content=False), 4
    yield "not-well-formed", "docx", docx(doc=b"<w:document><w:body>"), 4
    # read while it is converted: the error comes after 20,000 paragraphs
    yield "late-error", "docx", docx(doc=document(
        "<w:p><w:r><w:t>a</w:t></w:r></w:p>\n" * 20000 +
        "<w:p><w:r></w:p>")), 4
    yield "external-entity", "docx", docx(doc=document(
        "<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>",
        '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://%s">]>'
        % secret_path)), 4
    yield "entity-bomb", "odt", odt(content=(
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:'
        'opendocument:xmlns:office:1.0"><office:body><office:text>&c;'
        '</office:text></office:body></office:document-content>').encode()), 4


def main():
    recto = os.environ["RECTO"]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        secret_path = os.path.join(tmp, "secret.txt")
        with open(secret_path, "w") as f:
            f.write(SECRET)
        for name, fmt, data, want in cases(secret_path):
            path = os.path.join(tmp, "%s.%s" % (name, fmt))
            with open(path, "wb") as f:
                f.write(data)
            out = path + ".native"
            # the reader is named: what is tested is how it refuses
            p = subprocess.run([recto, "-f", fmt, path, "-t", "native",
                                "-o", out],
                               capture_output=True, text=True)
            lines = p.stderr.splitlines()
            problems = zh.problems_of(p, path, want, None, out)
            if SECRET in p.stdout + p.stderr or (
                    os.path.exists(out) and SECRET in open(out).read()):
                problems.append("an external entity was read")
            if problems:
                failures += 1
                print("FAIL %s.%s: %s\n  %s" % (name, fmt, "; ".join(problems),
                                                "\n  ".join(lines)))
            else:
                print("ok   %s.%s: %s" % (name, fmt,
                                          lines[0] if lines else "read"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
