"""Hostile zip containers, generated here, each refused with one line.

    hostile.py CHECKER        # CHECKER FILE: the guarded zip layer alone
    hostile.py --recto        # $RECTO -f epub FILE -t native: the EPUB reader
                              # (also refuses a package pointing outside)

Every container below must give exit status 4 and exactly one line on
standard error naming the file (and the entry, where one is at fault),
and no output file; the well-formed control must be read (exit 0)."""
import io
import os
import struct
import subprocess
import sys
import tempfile
import warnings
import zipfile

warnings.simplefilter("ignore")  # zipfile warns about the duplicates it is asked for

MIMETYPE = b"application/epub+zip"
CONTAINER = b"""<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/p.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""
OPF = b"""<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">x</dc:identifier>
<dc:title>T</dc:title><dc:language>en</dc:language></metadata>
<manifest><item id="c" href="c.xhtml" media-type="application/xhtml+xml"/></manifest>
<spine><itemref idref="c"/></spine></package>"""
XHTML = b"""<?xml version="1.0"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title></head>
<body><p>Hello.</p></body></html>"""


def book(extra=(), opf=OPF, skip=(), xhtml=XHTML):
    """An EPUB in memory; extra: (ZipInfo or name, bytes) added last."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE)
        for name, data in (("META-INF/container.xml", CONTAINER),
                           ("OEBPS/p.opf", opf), ("OEBPS/c.xhtml", xhtml)):
            if name not in skip:
                z.writestr(name, data)
        for info, data in extra:
            z.writestr(info, data)
    return buf.getvalue()


def patch_headers(data, name, fn):
    """Apply fn(bytearray, header offset, kind) to the local and central
    headers of entry name."""
    b = bytearray(data)
    raw = name.encode()
    for sig, kind, name_at in ((b"PK\x03\x04", "local", 30),
                               (b"PK\x01\x02", "central", 46)):
        at = 0
        while True:
            at = b.find(sig, at)
            if at < 0:
                break
            if b[at + name_at:at + name_at + len(raw)] == raw:
                fn(b, at, kind)
            at += 4
    return bytes(b)


def set_sizes(data, name, size):
    def fn(b, at, kind):
        off = 22 if kind == "local" else 24
        struct.pack_into("<I", b, at + off, size)
    return patch_headers(data, name, fn)


def set_encrypted(data, name):
    def fn(b, at, kind):
        off = 6 if kind == "local" else 8
        flags = struct.unpack_from("<H", b, at + off)[0]
        struct.pack_into("<H", b, at + off, flags | 1)
    return patch_headers(data, name, fn)


def corrupt_data(data, name):
    def fn(b, at, kind):
        if kind == "local":
            n, e = struct.unpack_from("<HH", b, at + 26)
            start = at + 30 + n + e
            for k in range(start + 2, start + 12):
                b[k] ^= 0x5A
    return patch_headers(data, name, fn)


def symlink_info(name):
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (0o120777 << 16)
    return info


EPUB_ONLY = -1  # refused (4) by the EPUB reader, read (0) by the zip layer


def cases():
    ok = book()
    big = b"\0" * (20 << 20)
    lie = XHTML.replace(b"Hello.", b"recto " * (400 << 10))
    lying = book(xhtml=lie)
    yield "control", ok, 0, None
    yield "dotdot", book([("../evil.txt", b"x")]), 4, "../evil.txt"
    yield "inner-dotdot", book([("OEBPS/../../evil.txt", b"x")]), 4, "OEBPS/../../evil.txt"
    yield "absolute", book([("/etc/evil", b"x")]), 4, "/etc/evil"
    yield "drive", book([("C:/evil", b"x")]), 4, "C:/evil"
    yield "backslash", book([("OEBPS\\evil.txt", b"x")]), 4, "OEBPS\\evil.txt"
    yield "duplicate", book([("OEBPS/c.xhtml", XHTML)]), 4, "OEBPS/c.xhtml"
    yield "duplicate-folded", book([("OEBPS//./c.xhtml", XHTML)]), 4, "OEBPS//./c.xhtml"
    yield "symlink", book([(symlink_info("OEBPS/link"), b"/etc/passwd")]), 4, "OEBPS/link"
    yield "encrypted", set_encrypted(ok, "OEBPS/c.xhtml"), 4, "OEBPS/c.xhtml"
    yield "bomb-ratio", book([("OEBPS/bomb.xhtml", big)]), 4, "OEBPS/bomb.xhtml"
    yield "declared-huge", set_sizes(ok, "OEBPS/c.xhtml", 0xF0000000), 4, "OEBPS/c.xhtml"
    yield "declared-lie", set_sizes(lying, "OEBPS/c.xhtml", 1000), 4, "OEBPS/c.xhtml"
    yield "corrupt-data", corrupt_data(ok, "OEBPS/c.xhtml"), 4, "OEBPS/c.xhtml"
    yield "truncated", ok[:len(ok) // 2], 4, None
    yield "not-a-zip", b"PK\x03\x04 this is not a zip container at all", 4, None
    # Well-formed containers whose package points outside: only the EPUB
    # reader knows what the names mean.
    outside = CONTAINER.replace(b"OEBPS/p.opf", b"../p.opf")
    yield ("opf-outside", book([("META-INF/container.xml", outside)],
                               skip=("META-INF/container.xml",)),
           EPUB_ONLY, "../p.opf")
    yield ("manifest-outside",
           book(opf=OPF.replace(b'href="c.xhtml"', b'href="../../etc/passwd"')),
           EPUB_ONLY, "../../etc/passwd")


def problems_of(p, path, want, entry, out):
    """What is wrong with the run p of the command on path: its exit status
    is not want; when refused, not exactly one line on standard error
    naming path (and entry, when given), or an output file out left."""
    lines = p.stderr.splitlines()
    problems = []
    if p.returncode != want:
        problems.append("exit %d, expected %d" % (p.returncode, want))
    if want and len(lines) != 1:
        problems.append("%d lines on stderr" % len(lines))
    if want and lines and path not in lines[0]:
        problems.append("the file is not named")
    if want and entry and lines and entry not in lines[0]:
        problems.append("the entry is not named")
    if want and os.path.exists(out):
        problems.append("an output file was left")
    return problems


def main():
    recto = sys.argv[1] == "--recto"
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, data, want, entry in cases():
            if want == EPUB_ONLY:
                want = 4 if recto else 0
            path = os.path.join(tmp, name + ".epub")
            with open(path, "wb") as f:
                f.write(data)
            out = os.path.join(tmp, name + ".native")
            if recto:
                cmd = [os.environ["RECTO"], "-f", "epub", path, "-t", "native",
                       "-o", out]
            else:
                cmd = [sys.argv[1], path]
            p = subprocess.run(cmd, capture_output=True, text=True)
            lines = p.stderr.splitlines()
            problems = problems_of(p, path, want, entry, out)
            if problems:
                failures += 1
                print("FAIL %s: %s\n  %s" % (name, "; ".join(problems),
                                             "\n  ".join(lines)))
            else:
                print("ok   %s: %s" % (name, lines[0] if lines else "read"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
