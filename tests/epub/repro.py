#!/usr/bin/env python3
"""Reproducible EPUBs through the CLI: the same input and SOURCE_DATE_EPOCH
give byte-identical files; the container keeps its rules: mimetype first,
stored, no extra field on any entry (local or central header)."""
import os
import struct
import subprocess
import sys
import tempfile
import zipfile


def convert(recto, src, out, epoch):
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch)
    subprocess.run([recto, "-q", "-t", "epub", "-o", out, src], check=True,
                   env=env)
    with open(out, "rb") as f:
        return f.read()


def main():
    recto = os.environ["RECTO"]
    src = os.path.join(os.environ.get("RECTO_SOURCE_ROOT", "."), "tests",
                       "epub", "inputs", "persian.native")
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        a = convert(recto, src, os.path.join(tmp, "a.epub"), "1700000000")
        b = convert(recto, src, os.path.join(tmp, "b.epub"), "1700000000")
        c = convert(recto, src, os.path.join(tmp, "c.epub"), "1600000000")
        if a != b:
            failures.append("two conversions with one SOURCE_DATE_EPOCH "
                            "differ")
        if a == c:
            failures.append("SOURCE_DATE_EPOCH does not reach the file")
        with zipfile.ZipFile(os.path.join(tmp, "a.epub")) as z:
            infos = z.infolist()
            first = infos[0]
            if first.filename != "mimetype":
                failures.append("first entry is %s" % first.filename)
            if first.compress_type != zipfile.ZIP_STORED:
                failures.append("mimetype is compressed")
            if z.read("mimetype") != b"application/epub+zip":
                failures.append("mimetype content")
            for info in infos:
                if info.extra:
                    failures.append("%s: central extra field" % info.filename)
                off = info.header_offset
                name_len, extra_len = struct.unpack("<HH", a[off + 26:off + 30])
                if a[off:off + 4] != b"PK\x03\x04" or extra_len:
                    failures.append("%s: local extra field" % info.filename)
                if info.date_time != (2023, 11, 14, 22, 13, 20):
                    failures.append("%s: time %s" % (info.filename,
                                                     info.date_time))
            if z.testzip() is not None:
                failures.append("corrupt entry")
            opf = z.read("EPUB/content.opf").decode()
            if "2023-11-14T22:13:20Z" not in opf:
                failures.append("dcterms:modified is not SOURCE_DATE_EPOCH")
    for f in failures:
        print("FAIL: " + f)
    print("%d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
