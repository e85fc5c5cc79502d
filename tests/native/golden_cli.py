#!/usr/bin/env python3
"""The native golden files through the CLI: each must come back byte for
byte (read from standard input, so that the source the host records is
the one the file states).  The note pass of the host joins references
with definitions, so the two files that hold waiting notes are expected
to change, and do.  Then the refusals: another version, broken JSON."""
import os
import subprocess
import sys
import tempfile

# Files whose NOTE_REF/NOTE_DEF the host's note pass joins into a NOTE.
CHANGED_BY_HOST = {"note_ref.native", "note_def.native"}


def run(args, data=None):
    return subprocess.run([os.environ["RECTO"]] + args, input=data,
                          capture_output=True, timeout=60)


def main():
    golden = sys.argv[1]
    failures = 0
    names = sorted(n for n in os.listdir(golden) if n.endswith(".native"))
    if not names:
        print("no golden files")
        return 1
    for name in names:
        with open(os.path.join(golden, name), "rb") as f:
            text = f.read()
        r = run(["-f", "native", "-t", "native"], text)
        ok = r.returncode == 0 and (r.stdout == text) != (name in CHANGED_BY_HOST)
        if name in CHANGED_BY_HOST:
            ok = ok and b'"type": "note"' in r.stdout
        if not ok:
            failures += 1
            print("FAIL %s (exit %d)\n%s" % (name, r.returncode,
                                             r.stderr.decode(errors="replace")))
    # The format is recognised from its content alone.
    with open(os.path.join(golden, "paragraph.native"), "rb") as f:
        text = f.read()
    r = run(["-t", "native"], text)
    if r.returncode != 0 or r.stdout != text:
        failures += 1
        print("FAIL probe: exit %d" % r.returncode)
    # Another version is refused with the position of the number.
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "v2.native")
        with open(path, "w") as f:
            f.write('{"recto-native": 2,\n "blocks": []}\n')
        r = run([path, "-t", "native"])
        err = r.stderr.decode()
        if r.returncode != 4 or (path + ":1:18:") not in err \
                or "[native.version]" not in err:
            failures += 1
            print("FAIL version refusal: exit %d, %s" % (r.returncode, err))
        with open(path, "w") as f:
            f.write('{"recto-native": 1,\n "blocks": [\n  {"type": "text",}]}\n')
        r = run([path, "-t", "native"])
        err = r.stderr.decode()
        if r.returncode != 4 or (path + ":3:19:") not in err:
            failures += 1
            print("FAIL syntax error: exit %d, %s" % (r.returncode, err))
    print("%d golden files, %d failures" % (len(names), failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
