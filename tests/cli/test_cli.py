#!/usr/bin/env python3
"""Command-line transcripts: exit codes, stdin/stdout, options, batch mode.

usage: test_cli.py CASE TEST_PLUGIN_DIR
The conversions use the test plugins (formats "lines", "dump", ...), so
these tests depend on the host only; "real-formats" uses the format
plugins when they are built.
"""
import json
import os
import re
import resource
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import zipfile

RECTO = os.environ["RECTO"]
FAILURES = []
SKIP = 77


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what, file=sys.stderr)


class Run:
    def __init__(self, p):
        self.rc = p.returncode
        self.out = p.stdout
        self.err = p.stderr.decode("utf-8", "replace")
        self.text = self.out.decode("utf-8", "replace")

    def __repr__(self):
        return "rc=%d out=%r err=%r" % (self.rc, self.text[:300],
                                        self.err[:600])


def test_plugins_env():
    """No plugin cache, and no plugins but those on the command line."""
    return dict(os.environ, RECTO_PLUGIN_CACHE="", RECTO_PLUGIN_SYSTEM_PATH="")


def recto(args, cwd, plugins=None, stdin=b"", env=None, timeout=120,
          preexec_fn=None):
    # With test plugins, those alone, whatever the build tree holds.
    full = test_plugins_env() if plugins else dict(os.environ,
                                                   RECTO_PLUGIN_CACHE="")
    full.update(env or {})
    full = {k: v for k, v in full.items() if v is not None}  # None: unset
    pre = ["--plugin-path", plugins] if plugins else []
    return Run(subprocess.run([RECTO] + pre + args, cwd=cwd, env=full,
                              input=stdin, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout,
                              preexec_fn=preexec_fn))


def write(path, data):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode) as f:
        f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "replace")


def files_under(root):
    found = []
    for d, _, names in os.walk(root):
        for n in names:
            found.append(os.path.relpath(os.path.join(d, n), root))
    return sorted(found)


# ---- single conversions ----

def case_exit_codes(tmp, plugins):
    write(os.path.join(tmp, "ok.lines"), "hello\n")
    write(os.path.join(tmp, "bad.lines"), "fine\n!fail\n")
    usage = [
        ["--no-such-option"], ["-Q"], ["-t"], ["-M", "=x", "ok.lines"],
        ["--citation-style", "chicago", "ok.lines"],
        ["--split-level", "9", "ok.lines"], ["-j", "0", "ok.lines"],
        ["-t", "nosuch", "ok.lines"], ["-f", "nosuch", "-t", "dump",
                                       "ok.lines"],
        ["ok.lines"],                      # no output format at all
        ["-o", "out", "ok.lines"],         # -o without an extension
        ["--force", "-t", "dump", "ok.lines"],
    ]
    for args in usage:
        r = recto(args, tmp, plugins)
        check(r.rc == 2, "usage error for %r: %r" % (args, r))
        last = r.err.splitlines()[-1] if r.err else ""
        check(last.startswith("recto: error: ") and
              last.endswith("[cli.usage]"),
              "usage message format for %r: %r" % (args, r.err))
    r = recto(["-t", "dump", "missing.lines"], tmp, plugins)
    check(r.rc == 3 and "missing.lines" in r.err and "[io.read]" in r.err,
          "unreadable input: %r" % r)
    r = recto(["-t", "dump", "bad.lines"], tmp, plugins)
    check(r.rc == 4, "invalid input: %r" % r)
    check("recto: bad.lines:2:1: error: " in r.err and "[test.fail]" in r.err,
          "file:line:col in the message: %r" % r.err)
    r = recto(["-o", "x.zzz", "ok.lines"], tmp, plugins)
    check(r.rc == 6 and "-t" in r.err, "no writer for .zzz: %r" % r)
    r = recto(["-t", "dump", "--transform", "broken", "ok.lines"], tmp,
              plugins)
    check(r.rc == 6 and "[plugin.failed]" in r.err, "plugin failure: %r" % r)
    r = recto(["-t", "dump", "--transform", "nosuch", "ok.lines"], tmp,
              plugins)
    check(r.rc == 6, "unknown transform: %r" % r)
    r = recto(["-t", "dump", "-o", "no/such/dir/x.dump", "ok.lines"], tmp,
              plugins)
    check(r.rc == 5 and "[io.write]" in r.err, "unwritable output: %r" % r)
    r = recto(["-t", "dump", "-o", "x.dump", "ok.lines"], tmp, plugins)
    check(r.rc == 0 and r.out == b"" and "hello" in read(
        os.path.join(tmp, "x.dump")), "success: %r" % r)
    # two inputs without -o DIR are one document, as in pandoc: the
    # second one's failure fails it
    r = recto(["-t", "dump", "-f", "lines", "ok.lines", "bad.lines"], tmp,
              plugins)
    check(r.rc == 4 and not r.out, "two inputs, one failing: %r" % r)
    # --fail-if-warnings: a warning means exit 4 and no output at all
    write(os.path.join(tmp, "warn.lines"), "fine\n!warn odd\n")
    r = recto(["-t", "dump", "-o", "w.dump", "--fail-if-warnings",
               "warn.lines"], tmp, plugins)
    check(r.rc == 4 and "[cli.fail-if-warnings]" in r.err and
          not os.path.exists(os.path.join(tmp, "w.dump")),
          "--fail-if-warnings: %r" % r)
    r = recto(["-t", "dump", "-o", "w.dump", "--fail-if-warnings",
               "ok.lines"], tmp, plugins)
    check(r.rc == 0, "--fail-if-warnings without warnings: %r" % r)


def case_invalid_utf8(tmp, plugins):
    # Mostly UTF-8 (Persian) with one broken sequence on line 3.
    text = "\u0633\u0644\u0627\u0645 \u062f\u0646\u06cc\u0627\n".encode()
    write(os.path.join(tmp, "bad.lines"),
          text * 2 + b"bad \xd8 here\n" + text)
    r = recto(["-t", "dump", "bad.lines"], tmp, plugins)
    check(r.rc == 4, "invalid UTF-8 exits 4: %r" % r)
    check("recto: bad.lines:3" in r.err and "error:" in r.err,
          "the message names file and line: %r" % r.err)
    check(r.out == b"", "no output")
    r = recto(["-t", "dump", "-o", "x.dump", "bad.lines"], tmp, plugins)
    check(r.rc == 4 and not os.path.exists(os.path.join(tmp, "x.dump")),
          "no output file")
    r = recto(["-t", "dump", "--replace-invalid", "bad.lines"], tmp, plugins)
    check(r.rc == 0 and "\ufffd" in r.text, "--replace-invalid: %r" % r)
    write(os.path.join(tmp, "ascii.lines"), b"first\nsecond \xff\n")
    r = recto(["-t", "dump", "--from-encoding", "UTF-8", "ascii.lines"], tmp,
              plugins)
    check(r.rc == 4 and "ascii.lines:2" in r.err,
          "declared UTF-8 that is not: %r" % r)
    write(os.path.join(tmp, "latin.lines"), "caf\u00e9\n".encode("latin-1"))
    r = recto(["-t", "dump", "--from-encoding", "ISO-8859-1", "latin.lines"],
              tmp, plugins)
    check(r.rc == 0 and "caf\u00e9" in r.text and
          "source encoding=" in r.text, "--from-encoding: %r" % r)


def case_failing_writer(tmp, plugins):
    write(os.path.join(tmp, "in.lines"), "hello\n")
    r = recto(["-t", "failing", "-o", "new.fail", "in.lines"], tmp, plugins)
    check(r.rc == 5 and "[test.writer]" in r.err, "failing writer: %r" % r)
    check(not os.path.exists(os.path.join(tmp, "new.fail")),
          "no output file is left")
    write(os.path.join(tmp, "old.fail"), "precious\n")
    r = recto(["-o", "old.fail", "in.lines"], tmp, plugins)
    check(r.rc == 5, "failing writer chosen by extension: %r" % r)
    check(read(os.path.join(tmp, "old.fail")) == "precious\n",
          "an existing output is not clobbered")
    r = recto(["-t", "dump", "-o", "old.fail", "missing.lines"], tmp,
              plugins)
    check(r.rc == 3 and read(os.path.join(tmp, "old.fail")) == "precious\n",
          "unreadable input leaves the output alone")
    check(sorted(os.listdir(tmp)) == ["in.lines", "old.fail"],
          "no temporary files remain: %r" % os.listdir(tmp))


SANITIZED = os.environ.get("RECTO_SANITIZED") == "1"


def memory_limit(nbytes):
    """preexec_fn: no core file, and at most nbytes of address space --
    except under the sanitizers, whose shadow memory needs terabytes of
    it (there the test relies on its timeout)."""
    def limit():
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if not SANITIZED:
            resource.setrlimit(resource.RLIMIT_AS, (nbytes, nbytes))
    return limit


def no_temporaries(d, expected, what):
    found = sorted(os.listdir(d))
    check(found == sorted(expected), "%s: no temporary file remains: %r"
          % (what, found))


def case_safe_output(tmp, plugins):
    """-o onto what is not a regular file is written through, never
    replaced; the output is never the input; temporary names fit."""
    write(os.path.join(tmp, "in.lines"), "hello\n")
    # A FIFO: written into, still a FIFO afterwards.
    fifo = os.path.join(tmp, "out.fifo")
    os.mkfifo(fifo)
    # A reader is there first (non-blocking), so that nothing waits.
    rd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    r = recto(["-t", "dump", "-o", "out.fifo", "in.lines"], tmp, plugins,
              timeout=60)
    got = []
    try:
        got.append(os.read(rd, 1 << 16))
    except BlockingIOError:
        pass
    os.close(rd)
    check(r.rc == 0 and got and b"paragraph: hello" in got[0],
          "written into a FIFO: %r %r" % (r, got))
    check(stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO is still a FIFO")
    os.unlink(fifo)
    # A symlink: its target gets the output, the link stays.
    write(os.path.join(tmp, "target.dump"), "old\n")
    os.symlink("target.dump", os.path.join(tmp, "link.dump"))
    r = recto(["-t", "dump", "-o", "link.dump", "in.lines"], tmp, plugins)
    check(r.rc == 0 and os.path.islink(os.path.join(tmp, "link.dump")),
          "a symlink stays a symlink: %r" % r)
    check("paragraph: hello" in read(os.path.join(tmp, "target.dump")),
          "the symlink's target holds the output")
    # A link to standard output, and /dev/stdout itself.
    os.symlink("/proc/self/fd/1", os.path.join(tmp, "stdout.link"))
    r = recto(["-t", "dump", "-o", "stdout.link", "in.lines"], tmp, plugins)
    link_ok = (r.rc == 0 and b"paragraph: hello" in r.out and
               os.path.islink(os.path.join(tmp, "stdout.link")))
    check(link_ok, "a link to standard output, kept: %r" % r)
    # The machine's own /dev/stdout and /dev/null only once our own link
    # and device were left alone: a regression must not damage them.
    if link_ok and os.path.islink("/dev/stdout"):
        r = recto(["-t", "dump", "-o", "/dev/stdout", "in.lines"], tmp,
                  plugins)
        check(r.rc == 0 and b"paragraph: hello" in r.out,
              "-o /dev/stdout: %r" % r)
        check(os.path.islink("/dev/stdout"), "/dev/stdout is still a link")
    # A character device of our own (as /dev/null), when we may make one.
    dev = os.path.join(tmp, "null.dump")
    try:
        os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError):
        dev = None
    dev_ok = False
    if dev:
        r = recto(["-t", "dump", "-o", dev, "in.lines"], tmp, plugins)
        dev_ok = r.rc == 0 and stat.S_ISCHR(os.lstat(dev).st_mode)
        check(dev_ok, "a character device stays one: %r" % r)
        os.unlink(dev)
    if (dev_ok and os.geteuid() == 0 and
            stat.S_ISCHR(os.lstat("/dev/null").st_mode)):
        r = recto(["-t", "dump", "-o", "/dev/null", "in.lines"], tmp,
                  plugins)
        check(r.rc == 0 and stat.S_ISCHR(os.lstat("/dev/null").st_mode),
              "/dev/null stays a character device: %r" % r)
    # The output is never the input, by name or through a link.
    os.symlink("in.lines", os.path.join(tmp, "in.link"))
    for out in ["in.lines", "./in.lines", "in.link"]:
        r = recto(["-f", "lines", "-t", "dump", "-o", out, "in.lines"], tmp,
                  plugins)
        check(r.rc == 2 and "overwrite the input" in r.err,
              "-o %s onto the input is refused: %r" % (out, r))
        check(read(os.path.join(tmp, "in.lines")) == "hello\n",
              "the input is intact after -o %s" % out)
    # A name of 255 bytes (NAME_MAX) is written.
    long = "n" * 250 + ".dump"
    r = recto(["-t", "dump", "-o", long, "in.lines"], tmp, plugins)
    check(r.rc == 0 and os.path.exists(os.path.join(tmp, long)),
          "a 255-byte output name: %r" % r)
    no_temporaries(tmp, ["in.lines", "target.dump", "link.dump",
                         "stdout.link", "in.link", long], "after the writes")
    # A signal during the final write (the file-size limit raises SIGXFSZ
    # at a known point) leaves no temporary file behind.
    sub = os.path.join(tmp, "sig")
    os.mkdir(sub)
    write(os.path.join(sub, "big.lines"), "a line of text\n" * 20000)

    def small_files():
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
    r = recto(["-t", "dump", "-o", "big.dump", "big.lines"], sub, plugins,
              preexec_fn=small_files)
    check(r.rc != 0, "the size limit stops the write: %r" % r)
    no_temporaries(sub, ["big.lines"], "after a signal")


def case_signals(tmp, plugins):
    """SIGINT, SIGTERM and SIGHUP during the final write end recto as the
    signal says and leave neither the temporary file nor a partial
    output; into a FIFO, the FIFO stays one.  A preloaded write()
    (RECTO_STALL_WRITE, built from stall_write.c) stops the write half
    way at a known point."""
    import signal
    shim = os.environ.get("RECTO_STALL_WRITE")
    if not shim or not os.path.exists(shim):
        print("the stalling write() is not built: skipped")
        return SKIP
    sub = os.path.join(tmp, "sig")
    os.mkdir(sub)
    write(os.path.join(sub, "big.lines"), "a line of text\n" * 20000)
    fifo = os.path.join(sub, "out.fifo")
    os.mkfifo(fifo)
    env = dict(test_plugins_env(), LD_PRELOAD=shim,
               # the sanitizers' runtime must come first; the shim before
               # it only wraps write()
               ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") +
               ":verify_asan_link_order=0")

    def defaults():  # whatever the test runner ignores, recto does not
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(s, signal.SIG_DFL)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        for out, stall in [("out.dump", ".out.dump."), ("out.fifo", "out.")]:
            reader = None
            if out == "out.fifo":  # a reader that never reads
                reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
            p = subprocess.Popen(
                [RECTO, "--plugin-path", plugins, "-t", "dump", "-o", out,
                 "big.lines"], cwd=sub,
                env=dict(env, RECTO_TEST_STALL=stall),
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                preexec_fn=defaults)
            said = p.stderr.readline()
            what = "%s into %s" % (signal.Signals(sig).name, out)
            if said == b"stalled\n":
                p.send_signal(sig)
            else:
                p.kill()
            rest = p.stderr.read()
            rc = p.wait(timeout=60)
            if reader is not None:
                os.close(reader)
            check(said == b"stalled\n", "%s: the write began: %r %r"
                  % (what, said, rest))
            check(rc == -sig, "%s: ended by the signal: rc=%d" % (what, rc))
            no_temporaries(sub, ["big.lines", "out.fifo"], what)
        check(stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO stays one")


def case_stdin_stdout(tmp, plugins):
    r = recto(["-f", "lines", "-t", "dump"], tmp, plugins, stdin=b"hi\n")
    check(r.rc == 0 and "paragraph: hi" in r.text, "stdin to stdout: %r" % r)
    check("source file=" not in r.text, "stdin has no source file name")
    r = recto(["-f", "lines", "-t", "dump", "-"], tmp, plugins,
              stdin=b"dash\n")
    check(r.rc == 0 and "paragraph: dash" in r.text, "- is stdin: %r" % r)
    r = recto(["-f", "lines", "-t", "dump", "-o", "-"], tmp, plugins,
              stdin=b"forced\n")
    check(r.rc == 0 and "paragraph: forced" in r.text, "-o - is stdout")
    r = recto(["-f", "lines", "-t", "dump"], tmp, plugins,
              stdin=b"x\n!fail\n")
    check(r.rc == 4 and "recto: <stdin>:2:1: error:" in r.err,
          "stdin errors are named <stdin>: %r" % r.err)
    r = recto(["-f", "lines", "-t", "binary"], tmp, plugins, stdin=b"x\n")
    check(r.rc == 0 and r.out == b"BIN\0\1\2", "binary to a pipe is fine")


def case_binary_terminal(tmp, plugins):
    script = shutil.which("script")
    if not script:
        print("no script(1) to make a terminal: skipped")
        return SKIP
    write(os.path.join(tmp, "in.lines"), "hello\n")

    def on_tty(args):
        cmd = " ".join("'%s'" % a for a in
                       [RECTO, "--plugin-path", plugins] + args)
        p = subprocess.run([script, "-qec", cmd + " 2>err.txt", "/dev/null"],
                           cwd=tmp, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=test_plugins_env())
        return p.returncode, p.stdout, read(os.path.join(tmp, "err.txt"))

    rc, out, err = on_tty(["-t", "binary", "in.lines"])
    check(rc == 2 and "binary" in err and "-o" in err,
          "binary output refused on a terminal: %r %r" % (rc, err))
    check(b"BIN" not in out, "nothing binary reached the terminal")
    rc, out, err = on_tty(["-t", "binary", "-o", "-", "in.lines"])
    check(rc == 0 and b"BIN" in out, "-o - forces it: %r %r" % (rc, err))
    rc, out, err = on_tty(["-t", "dump", "in.lines"])
    check(rc == 0 and b"paragraph: hello" in out, "text output to a terminal")


def case_options_metadata(tmp, plugins):
    write(os.path.join(tmp, "in.lines"), "# Head\nhello\n")
    r = recto(["-t", "dump", "-M", "title=A title", "-M", "draft",
               "-M", "final=false", "-M", "eq=a=b", "-O", "dump.test=42",
               "--citation-style", "numeric", "--split-level", "2",
               "--endnotes", "--book", "in.lines"], tmp, plugins)
    check(r.rc == 0, "options accepted: %r" % r)
    for want in ["meta title=A title", "meta draft=<true>",
                 "meta final=<false>", "meta eq=a=b", "option dump.test=42",
                 "option citation-style=numeric", "option split-level=2",
                 "option endnotes=true", "option book=true",
                 "option source-date-epoch=1700000000",
                 "source file=in.lines", "source format=lines",
                 "source encoding=UTF-8"]:
        check(want in r.text, "%r in the output: %r" % (want, r.text))
    r = recto(["-t", "dump", "in.lines"], tmp, plugins,
              env={"SOURCE_DATE_EPOCH": ""})
    check("source-date-epoch" not in r.text, "no epoch when unset")
    r = recto(["-t", "dump", "--transform", "upper", "in.lines"], tmp,
              plugins)
    check(r.rc == 0 and "paragraph: HELLO" in r.text, "--transform runs")
    r = recto(["-t", "sections", "in.lines"], tmp, plugins)
    check(r.rc == 0 and r.text == "sections: 1\n",
          "a writer wanting sections gets them: %r" % r)
    r = recto(["-t", "listing", "in.lines"], tmp, plugins)
    check(r.rc == 0 and "paragraph: hello" in r.text, "aliases: %r" % r)
    r = recto(["-f", "linefile", "-t", "dump", "in.lines"], tmp, plugins)
    check(r.rc == 0, "reader aliases")
    r = recto(["-o", "out.dump", "in.lines", "--verbose"], tmp, plugins)
    check(r.rc == 0 and "writing dump (from the output's extension)" in r.err
          and "reading as lines (extension .lines)" in r.err,
          "--verbose tells the inferred formats: %r" % r)
    write(os.path.join(tmp, "warn.lines"), "!warn x\n")
    r = recto(["-t", "dump", "warn.lines"], tmp, plugins)
    check(r.rc == 0 and "recto: warn.lines:1:1: warning: " in r.err,
          "warnings shown: %r" % r)
    r = recto(["-q", "-t", "dump", "warn.lines"], tmp, plugins)
    check(r.rc == 0 and r.err == "", "--quiet hides warnings: %r" % r)
    # The keys a plugin declares are checked; "NAME.x" of a plugin that
    # declares none passes unchecked, as does that of a plugin built for
    # ABI 1.0 (idle), whatever its reserved pointers hold.
    r = recto(["-t", "dump", "-O", "dump.tset=42", "in.lines"], tmp, plugins)
    check(r.rc == 2 and "did you mean 'dump.test'?" in r.err,
          "a misspelt declared key: %r" % r)
    r = recto(["-t", "dump", "-O", "lines.anything=1", "in.lines"], tmp,
              plugins)
    check(r.rc == 0, "an undeclared plugin's key: %r" % r)
    r = recto(["-t", "dump", "-O", "idle.levle=1", "in.lines"], tmp, plugins)
    check(r.rc == 0, "an ABI 1.0 plugin's key: %r" % r)


def case_notes_citations(tmp, plugins):
    write(os.path.join(tmp, "in.lines"),
          "text ref:1\nref:1\nnote:1:the note\ncite:k1\ncite:k9\n")
    write(os.path.join(tmp, "refs.tbib"), "k1|First\nk2|Second\n")
    write(os.path.join(tmp, "more.tbib"), "k1|Again\nk9|Ninth\n")
    r = recto(["-t", "dump", "--bibliography", "refs.tbib",
               "--bibliography", "more.tbib", "in.lines"], tmp, plugins)
    check(r.rc == 0, "bibliographies: %r" % r)
    check("[note the note]" in r.text, "notes attached: %r" % r.text)
    check("[cite k1 resolved]" in r.text and "[cite k9 resolved]" in r.text,
          "citations resolved: %r" % r.text)
    check("entry k1: First" in r.text and "entry k1: Again" not in r.text,
          "the first entry of a key wins: %r" % r.text)
    check("[bib.duplicate-key]" in r.err and "more.tbib" in r.err,
          "the duplicate key is reported: %r" % r.err)
    r = recto(["-t", "dump", "in.lines"], tmp, plugins)
    check(r.rc == 0 and "[cite.unknown-key]" in r.err,
          "unknown keys are reported: %r" % r.err)
    r = recto(["-t", "dump", "--bibliography", "nope.tbib", "in.lines"], tmp,
              plugins)
    check(r.rc == 3 and "nope.tbib" in r.err, "missing bibliography: %r" % r)
    r = recto(["-t", "dump", "--bibliography", "in.lines", "in.lines"], tmp,
              plugins)
    check(r.rc == 6, "no bibliography reader for .lines: %r" % r)


def as_nobody():
    """preexec_fn: drop root, so that a mode-000 file is unreadable."""
    os.setgid(65534)
    os.setuid(65534)


def case_resource_sandbox(tmp, plugins):
    """What a document names (here its bibliography) is read only when it
    is a regular file under the input's directory or a --resource-path
    directory, within --max-resource-size; a refusal is one warning that
    does not tell whether the file exists."""
    os.chmod(tmp, 0o755)
    doc = os.path.join(tmp, "doc")
    os.mkdir(doc)
    write(os.path.join(doc, "in.lines"), "cite:k1\n")
    write(os.path.join(doc, "refs.tbib"), "k1|First\n")
    write(os.path.join(tmp, "outside.tbib"), "k1|Outside\n")
    os.mkfifo(os.path.join(doc, "fifo.tbib"))
    os.mkdir(os.path.join(doc, "dir.tbib"))
    write(os.path.join(doc, "secret.tbib"), "k1|Secret\n")
    os.chmod(os.path.join(doc, "secret.tbib"), 0)
    os.symlink("../outside.tbib", os.path.join(doc, "link.tbib"))

    def run(bib, extra=(), **kw):
        return recto(["-t", "dump", "-M", "bibliography=" + bib] +
                     list(extra) + ["in.lines"], doc, plugins, timeout=60,
                     **kw)

    def refusal(r, name, what):
        lines = [l for l in r.err.splitlines() if "[resource.refused]" in l]
        check(r.rc == 0 and len(lines) == 1 and "entry k1" not in r.text,
              "%s is refused with one warning: %r" % (what, r))
        # the same words but for the name (and the limit given)
        return (re.sub(r"\d+ (bytes|KB|MB)", "N", lines[0].replace(name, "NAME"))
                if lines else what)

    r = run("refs.tbib")
    check(r.rc == 0 and "entry k1: First" in r.text and
          "[resource.refused]" not in r.err, "beside the input: %r" % r)
    outside = os.path.join(tmp, "outside.tbib")
    wordings = set()
    for name, extra, what in [
            ("/dev/zero", (), "a device"),
            ("../outside.tbib", (), "a ../ path"),
            (outside, (), "an absolute path outside"),
            ("link.tbib", (), "a symlink leading outside"),
            ("fifo.tbib", (), "a FIFO"),
            ("dir.tbib", (), "a directory"),
            ("missing.tbib", (), "a missing file"),
            ("refs.tbib", ("--max-resource-size", "4"), "a file too large"),
            ("https://example.org/refs.tbib", (), "a URL")]:
        wordings.add(refusal(run(name, extra), name, what))
    # A file that cannot be read says exactly what a missing file says.
    if os.geteuid() == 0:
        r = run("secret.tbib", preexec_fn=as_nobody)
    else:
        r = run("secret.tbib")
    wordings.add(refusal(r, "secret.tbib", "an unreadable file"))
    check(len(wordings) == 1, "one wording for every refusal: %r"
          % sorted(wordings))
    # --resource-path adds a directory; --no-sandbox allows any path but
    # still no device, FIFO or file over the size limit; --sandbox allows
    # nothing but the inputs.
    r = run("outside.tbib", ["--resource-path", tmp])
    check(r.rc == 0 and "entry k1: Outside" in r.text,
          "found in a --resource-path directory: %r" % r)
    r = run("../outside.tbib", ["--resource-path", tmp])
    check(r.rc == 0 and "entry k1: Outside" in r.text,
          "a ../ path into a --resource-path directory: %r" % r)
    r = run(outside, ["--no-sandbox"])
    check(r.rc == 0 and "entry k1: Outside" in r.text,
          "--no-sandbox reads an absolute path: %r" % r)
    for name in ["/dev/zero", "fifo.tbib"]:
        refusal(run(name, ["--no-sandbox"]), name, name + " without sandbox")
    refusal(run("refs.tbib", ["--no-sandbox", "--max-resource-size", "4"]),
            "refs.tbib", "the size limit without sandbox")
    refusal(run("refs.tbib", ["--sandbox"]), "refs.tbib", "--sandbox")
    r = recto(["-t", "dump", "--sandbox", "--bibliography", "refs.tbib",
               "in.lines"], doc, plugins)
    check(r.rc == 0 and "entry k1: First" in r.text,
          "--sandbox still reads the inputs named on the command line: %r"
          % r)
    for bad in [["--max-resource-size", "x"], ["--max-resource-size", "-1"],
                ["--sandbox", "--no-sandbox"]]:
        r = run("refs.tbib", bad)
        check(r.rc == 2, "usage error for %r: %r" % (bad, r))


def case_escaped_messages(tmp, plugins):
    """Control characters, newlines and bytes that are not UTF-8, in file
    names and in content, reach neither the terminal nor the report as
    they are: every message stays one line of text."""
    name = "a\nrecto: error: forged\x1b[2J.lines"
    write(os.path.join(tmp, name), "!warn x\ncite:k\x1b]0;title\x07\x9b\n")
    r = recto(["-t", "dump", name], tmp, plugins)
    lines = r.err.splitlines()
    check(r.rc == 0 and len(lines) == 2, "two warnings, two lines: %r" % r)
    check(not any(c in r.err for c in "\x1b\x07\r") and
          "\u009b" not in r.err, "no control character: %r" % r.err)
    check(all(l.startswith("recto: a\\nrecto: error: forged\\x1b[2J.lines:")
              for l in lines), "the name escaped: %r" % lines)
    check("\\x1b]0;title\\x07\\xc2\\x9b" in r.err,
          "the content escaped: %r" % r.err)
    # A file name that is not UTF-8, in a batch report.
    src = os.path.join(tmp.encode(), b"in")
    os.makedirs(src)
    with open(os.path.join(src, b"\xff\x01.lines"), "wb") as f:
        f.write(b"!warn x\n")
    r = recto(["-t", "dump", "-o", "out", "--report", "r.json", "in"], tmp,
              plugins)
    try:
        with open(os.path.join(tmp, "r.json"), "rb") as f:
            raw = f.read()
        raw.decode("utf-8")
        rep = json.loads(raw)
        inputs = [f["input"] for f in rep["files"]]
    except (ValueError, OSError) as e:
        inputs = ["invalid report: %s" % e]
    check(r.rc == 0 and inputs == ["in/\\xff\\x01.lines"],
          "the report is UTF-8 JSON with the name escaped: %r %r"
          % (inputs, r))
    check("\\xff\\x01.lines" in r.err and "\x01" not in r.err,
          "the warning names it escaped: %r" % r.err)


def case_version_help(tmp, plugins):
    r = recto(["--version"], tmp)
    check(r.rc == 0 and r.text.startswith("recto 0.") and "ABI 1.1" in
          r.text, "--version: %r" % r)
    for flag in ["--help", "-h"]:
        r = recto([flag], tmp)
        check(r.rc == 0 and r.text.startswith("Usage: recto"), flag)
        for code in range(0, 7):
            check("\n  %d  " % code in r.text, "exit code %d documented" %
                  code)
        for opt in ["--from", "--to", "--output", "--metadata", "--option",
                    "--plugin-path", "--from-encoding", "--replace-invalid",
                    "--bibliography", "--citation-style", "--split-level",
                    "--endnotes", "--book", "--list-formats",
                    "--list-plugins", "--verbose", "--quiet", "--jobs",
                    "--force", "--report", "--transform"]:
            check(opt in r.text, "%s in --help" % opt)


def real_writers(tmp, needed):
    """The format plugins, when built: else None (the case skips)."""
    formats = list_formats(tmp)
    have = set(formats.get("Input formats", [])) & set(
        formats.get("Output formats", []))
    return have if set(needed) <= have else None


def case_pandoc_habits(tmp, plugins):
    """pandoc's options, as a pandoc user types them."""
    if not real_writers(tmp, ["markdown", "docbook", "tei", "epub"]):
        print("the format plugins are not built: skipped")
        return SKIP
    write(os.path.join(tmp, "a.md"),
          "# One\n\n## Sub\n\nText.\n\n# Two {.unnumbered}\n")
    # -V is a variable, never the version; -v is pandoc's --version
    r = recto(["-V", "geometry=a4", "a.md", "-o", "v.md"], tmp)
    check(r.rc == 0 and "recto 0." not in r.text + r.err and
          os.path.exists(os.path.join(tmp, "v.md")), "-V converts: %r" % r)
    r = recto(["--verbose", "--variable=geometry=a4", "a.md", "-t",
               "markdown"], tmp)
    check(r.rc == 0 and "geometry" in r.err and "[cli.variable]" in r.err,
          "--verbose names the unused variable: %r" % r)
    r = recto(["-v"], tmp)
    check(r.rc == 0 and r.text.startswith("recto 0."), "-v: %r" % r)
    # -s is accepted; the output is the same
    plain = recto(["a.md", "-t", "docbook"], tmp)
    r = recto(["-s", "a.md", "-t", "docbook"], tmp)
    check(r.rc == 0 and r.out == plain.out, "-s changes nothing: %r" % r)
    check(b"<toc" not in plain.out, "no <toc/> unless asked")
    # --toc: DocBook <toc/>, TEI <divGen type="toc"/>
    for flag in ["--toc", "--table-of-contents"]:
        r = recto([flag, "a.md", "-t", "docbook"], tmp)
        check(r.rc == 0 and b"<toc/>" in r.out, "%s in DocBook: %r" % (flag, r))
        r = recto([flag, "a.md", "-t", "tei"], tmp)
        check(r.rc == 0 and b'<divGen type="toc"/>' in r.out,
              "%s in TEI: %r" % (flag, r))
    # --toc-depth: the EPUB navigation
    r = recto(["--toc-depth", "1", "a.md", "-o", "d1.epub"], tmp)
    nav = zipfile.ZipFile(os.path.join(tmp, "d1.epub")).read(
        "EPUB/nav.xhtml").decode()
    toc = nav.split('epub:type="toc"')[1].split("</nav>")[0]
    check(r.rc == 0 and ">One<" in toc and "Sub" not in toc,
          "--toc-depth 1 leaves level 2 out: %r" % toc)
    r = recto(["a.md", "-o", "d6.epub"], tmp)
    nav = zipfile.ZipFile(os.path.join(tmp, "d6.epub")).read(
        "EPUB/nav.xhtml").decode()
    check("Sub" in nav, "by default every level is listed")
    r = recto(["--toc-depth", "9", "a.md", "-t", "tei"], tmp)
    check(r.rc == 2, "--toc-depth 9 refused: %r" % r)
    # -N numbers the sections, not the unnumbered ones
    for flag in ["-N", "--number-sections"]:
        r = recto([flag, "a.md", "-t", "tei"], tmp)
        check(r.rc == 0 and b">1</seg> One" in r.out and
              b">1.1</seg> Sub" in r.out and b"</seg> Two" not in r.out,
              "%s: %r" % (flag, r))
    # --metadata-file, YAML and JSON: the document's values win, -M wins
    write(os.path.join(tmp, "m.md"), "---\ntitle: Own title\n---\nText.\n")
    write(os.path.join(tmp, "meta.yaml"),
          "---\ntitle: File title\npublisher: Press\nlang: fa\n...\n")
    write(os.path.join(tmp, "meta.json"),
          '{"title": "J", "rights": "CC BY",\n "keywords": ["a", "b"],'
          '\n "nested": {"k": [1, {"x": "y"}]}}\n')
    r = recto(["--metadata-file", "meta.yaml", "m.md", "-t", "markdown"], tmp)
    check(r.rc == 0 and "title: Own title" in r.text and
          "publisher: Press" in r.text, "YAML metadata file: %r" % r)
    r = recto(["--metadata-file", "meta.json", "-M", "title=Given", "m.md",
               "-t", "markdown"], tmp)
    check(r.rc == 0 and "title: Given" in r.text and "rights: CC BY" in
          r.text and "- a" in r.text and "x: y" in r.text,
          "JSON metadata file under -M: %r" % r)
    r = recto(["--metadata-file", "meta.json", "--metadata-file",
               "meta.yaml", "a.md", "-t", "markdown"], tmp)
    check(r.rc == 0 and "title: File title" in r.text and
          "rights: CC BY" in r.text, "the later file wins: %r" % r)
    r = recto(["--metadata-file", "missing.yaml", "a.md", "-t", "markdown"],
              tmp)
    check(r.rc == 3 and "missing.yaml" in r.err, "missing file: %r" % r)
    write(os.path.join(tmp, "bad.json"), '{"title": [1, 2}\n')
    r = recto(["--metadata-file", "bad.json", "a.md", "-t", "markdown"], tmp)
    check(r.rc == 4 and "bad.json" in r.err and not r.out,
          "bad JSON: %r" % r)
    write(os.path.join(tmp, "list.yaml"), "- a\n- b\n")
    r = recto(["--metadata-file", "list.yaml", "a.md", "-t", "markdown"], tmp)
    check(r.rc == 4 and "list.yaml" in r.err, "a list is no map: %r" % r)
    # --list-input-formats, --list-output-formats: names, one a line
    r = recto(["--list-input-formats"], tmp)
    names = r.text.split()
    check(r.rc == 0 and "markdown" in names and "docx" in names and
          names == sorted(names), "--list-input-formats: %r" % r)
    r = recto(["--list-output-formats"], tmp)
    check(r.rc == 0 and "epub" in r.text.split() and "docx" not in
          r.text.split(), "--list-output-formats: %r" % r)
    # misspelt names: one line, the nearest name
    r = recto(["-O", "split-levle=2", "a.md", "-t", "epub", "-o", "x.epub"],
              tmp)
    check(r.rc == 2 and len(r.err.splitlines()) == 1 and
          "did you mean 'split-level'?" in r.err and
          not os.path.exists(os.path.join(tmp, "x.epub")),
          "-O split-levle: %r" % r)
    r = recto(["-O", "plain.pagse=false", "a.md", "-t", "tei"], tmp)
    check(r.rc == 2 and "'plain.pages'" in r.err, "plain.pagse: %r" % r)
    r = recto(["-O", "zzzzzzzz=1", "a.md", "-t", "tei"], tmp)
    check(r.rc == 2 and "did you mean" not in r.err and
          len(r.err.splitlines()) == 1, "nothing near: %r" % r)
    r = recto(["-t", "markdwon", "a.md"], tmp)
    check(r.rc == 2 and "did you mean 'markdown'?" in r.err and
          len(r.err.splitlines()) == 1, "-t markdwon: %r" % r)
    r = recto(["-f", "docbok", "a.md", "-t", "tei"], tmp)
    check(r.rc == 2 and "did you mean 'docbook'?" in r.err, "-f docbok")


def case_concatenation(tmp, plugins):
    """Several inputs and -o FILE: one document, as in pandoc, each file's
    notes, ids and citations its own."""
    if not real_writers(tmp, ["markdown", "tei", "epub"]):
        print("the format plugins are not built: skipped")
        return SKIP
    write(os.path.join(tmp, "a.md"),
          "---\ntitle: Book\nreferences:\n- id: smith\n  type: book\n"
          "  title: Alpha work\n---\n# Start {#intro}\n\nFirst[^1] "
          "[see](#intro) [@smith].\n\n[^1]: Note of the first file.\n")
    write(os.path.join(tmp, "b.md"),
          "---\nreferences:\n- id: smith\n  type: book\n"
          "  title: Beta work\n---\n# Start {#intro}\n\nSecond[^1] "
          "[back](#intro) [@smith].\n\n[^1]: Note of the second file.\n")
    r = recto(["a.md", "b.md", "-o", "book.tei.xml"], tmp)
    check(r.rc == 0 and os.path.isfile(os.path.join(tmp, "book.tei.xml")),
          "two inputs, one output file: %r" % r)
    tei = read(os.path.join(tmp, "book.tei.xml"))
    notes = re.findall(r"<note [^>]*place=\"foot\"[^>]*>([^<]*)</note>", tei)
    check(notes == ["Note of the first file.", "Note of the second file."],
          "each file keeps its note: %r" % notes)
    check('xml:id="intro"' in tei and 'xml:id="intro-1"' in tei and
          '<ref target="#intro-1">back</ref>' in tei,
          "the second id renamed, its link with it: %s" % tei)
    check('xml:id="ref-smith"' in tei and 'xml:id="ref-smith-1"' in tei and
          'target="#ref-smith-1"' in tei and "Beta work" in tei,
          "a key both files use for other works stays apart")
    check(tei.count("<title") >= 1 and "Book" in tei, "metadata kept")
    # the same file twice: its entry once, its notes twice
    r = recto(["a.md", "a.md", "-t", "tei"], tmp)
    check(r.rc == 0 and r.text.count("<biblStruct") == 1 and
          r.text.count("Note of the first file.") == 2,
          "one work is one entry: %r" % r)
    # standard output, and an EPUB
    r = recto(["a.md", "b.md", "-t", "markdown"], tmp)
    check(r.rc == 0 and "Note of the first file." in r.text and
          "Note of the second file." in r.text, "to standard output: %r" % r)
    r = recto(["a.md", "b.md", "-o", "book.epub"], tmp)
    check(r.rc == 0 and zipfile.is_zipfile(os.path.join(tmp, "book.epub")),
          "an EPUB of two files: %r" % r)
    # an unreadable second input: nothing written
    r = recto(["a.md", "missing.md", "-o", "none.tei.xml"], tmp)
    check(r.rc == 3 and not os.path.exists(os.path.join(tmp, "none.tei.xml")),
          "no partial output: %r" % r)
    # -o DIR stays batch mode
    os.makedirs(os.path.join(tmp, "outdir"))
    r = recto(["-t", "tei", "a.md", "b.md", "-o", "outdir"], tmp)
    check(r.rc == 0 and sorted(os.listdir(os.path.join(tmp, "outdir"))) ==
          ["a.tei", "b.tei"], "-o DIR is a batch: %r" % r)


# ---- batch mode ----

def make_tree(root):
    write(os.path.join(root, "a.lines"), "alpha\n")
    write(os.path.join(root, "sub", "b.lines"), "# Bee\nbeta\n")
    write(os.path.join(root, "sub", "deeper", "c.x.txl"), "gamma\n")
    write(os.path.join(root, "sub", "notes.unknown"), "skip me\n")
    write(os.path.join(root, ".hidden.lines"), "hidden\n")


def case_batch_tree(tmp, plugins):
    src = os.path.join(tmp, "in")
    make_tree(src)
    r = recto(["-t", "dump", "-t", "sections", "-o", "out", "-j", "3", "in"],
              tmp, plugins)
    check(r.rc == 0, "batch converts: %r" % r)
    want = ["a.dump", "a.sect", "sub/b.dump", "sub/b.sect",
            "sub/deeper/c.dump", "sub/deeper/c.sect"]
    check(files_under(os.path.join(tmp, "out")) == want,
          "mirrored tree: %r" % files_under(os.path.join(tmp, "out")))
    b = read(os.path.join(tmp, "out", "sub", "b.dump"))
    check("paragraph: beta" in b and "<section>" not in b,
          "writers without sections see the tree unsectioned: %r" % b)
    check(read(os.path.join(tmp, "out", "sub", "b.sect")) == "sections: 1\n",
          "writers with sections get them")
    check("X:gamma" in read(os.path.join(tmp, "out", "sub", "deeper",
                                         "c.dump")),
          "the longest extension picks the reader")
    check("3 converted" in r.err and "0 failed" in r.err and
          "1 skipped" in r.err, "summary: %r" % r.err)
    # Several files and -o DIR/ creating the directory.
    r = recto(["-t", "dump", "-o", "flat/", "in/a.lines",
               "in/sub/b.lines"], tmp, plugins)
    check(r.rc == 0 and files_under(os.path.join(tmp, "flat")) ==
          ["a.dump", "b.dump"], "files into a new directory: %r" % r)
    # One input with -o an existing directory is a batch too.
    r = recto(["-t", "dump", "-o", "flat", "in/sub/deeper/c.x.txl"], tmp,
              plugins)
    check(r.rc == 0 and os.path.exists(os.path.join(tmp, "flat", "c.dump")),
          "single file into a directory: %r" % r)
    # Usage errors of batch mode.
    for args in (["-o", "out2", "in"],
                 ["-t", "dump", "-o", "in/a.lines", "in"],
                 ["-t", "dump", "-t", "nosuch", "-o", "o3", "in"],
                 ["-t", "dump", "-o", "o4", "-", "in"]):
        r = recto(args, tmp, plugins)
        check(r.rc == 2, "batch usage error for %r: %r" % (args, r))


def case_batch_resume(tmp, plugins):
    src = os.path.join(tmp, "in")
    make_tree(src)
    args = ["-t", "dump", "-o", "out", "in"]
    r = recto(args, tmp, plugins)
    check(r.rc == 0 and "3 converted" in r.err, "first run: %r" % r)
    r = recto(args, tmp, plugins)
    check(r.rc == 0 and "0 converted" in r.err and "3 up to date" in r.err,
          "second run skips: %r" % r.err)
    # A newer input is converted again, and only it.
    later = time.time() + 10
    os.utime(os.path.join(src, "a.lines"), (later, later))
    write(os.path.join(src, "sub", "b.lines"), "changed\n")
    os.utime(os.path.join(src, "sub", "b.lines"), (later, later))
    r = recto(args, tmp, plugins)
    check("2 converted" in r.err and "1 up to date" in r.err,
          "changed inputs are redone: %r" % r.err)
    check("changed" in read(os.path.join(tmp, "out", "sub", "b.dump")),
          "with the new content")
    # A new format only writes what is missing.
    r = recto(["-t", "dump", "-t", "sections", "-o", "out", "in"], tmp,
              plugins)
    check("3 converted" in r.err and os.path.exists(
        os.path.join(tmp, "out", "a.sect")), "missing outputs: %r" % r.err)
    r = recto(args + ["--force"], tmp, plugins)
    check("3 converted" in r.err and "0 up to date" in r.err,
          "--force redoes all: %r" % r.err)


def case_batch_failures(tmp, plugins):
    src = os.path.join(tmp, "in")
    make_tree(src)
    write(os.path.join(src, "sub", "bad.lines"), "ok\n!fail\n")
    write(os.path.join(src, "sub", "b.txl"), "collides with b.lines\n")
    r = recto(["-t", "dump", "-o", "out", "-j", "2", "in"], tmp, plugins)
    check(r.rc == 1, "some failed: exit 1: %r" % r)
    check("3 converted" in r.err and "2 failed" in r.err,
          "summary counts failures: %r" % r.err)
    check("in/sub/bad.lines:2:1: error:" in r.err, "the failure is named")
    check("[batch.collision]" in r.err and "in/sub/b.txl" in r.err,
          "two inputs for one output: the later fails: %r" % r.err)
    outs = files_under(os.path.join(tmp, "out"))
    check(outs == ["a.dump", "sub/b.dump", "sub/deeper/c.dump"],
          "the others are converted: %r" % outs)
    check("beta" in read(os.path.join(tmp, "out", "sub", "b.dump")),
          "the first input keeps the output")
    r = recto(["-t", "failing", "-t", "dump", "-o", "out2", "in/a.lines"],
              tmp, plugins)
    check(r.rc == 1 and files_under(os.path.join(tmp, "out2")) ==
          ["a.dump"], "a failing writer leaves no file: %r" % r)
    r = recto(["-t", "dump", "-o", "out3", "in/a.lines", "in/missing.lines"],
              tmp, plugins)
    check(r.rc == 1 and "missing.lines" in r.err, "missing input fails alone")
    # An output that would overwrite its input.
    write(os.path.join(tmp, "same", "s.dump"), "input\n")
    r = recto(["-f", "lines", "-t", "dump", "-o", "same", "same/s.dump",
               "--force"], tmp, plugins)
    check(r.rc == 1 and read(os.path.join(tmp, "same", "s.dump")) ==
          "input\n", "an input is never overwritten: %r" % r)
    if os.geteuid() != 0:  # root reads any directory
        locked = os.path.join(src, "locked")
        write(os.path.join(locked, "l.lines"), "x\n")
        os.chmod(locked, 0)
        r = recto(["-t", "dump", "-o", "out4", "in"], tmp, plugins)
        os.chmod(locked, 0o755)
        check(r.rc == 1 and "in/locked" in r.err,
              "an unreadable directory fails the batch: %r" % r)


def case_batch_report(tmp, plugins):
    src = os.path.join(tmp, "in")
    make_tree(src)
    write(os.path.join(src, "w.lines"), "!warn careful\n")
    write(os.path.join(src, "bad.lines"), "!fail\n")
    r = recto(["-t", "dump", "-o", "out/", "--report", "r.json", "-j", "4",
               "in/"], tmp, plugins)
    check(r.rc == 1, "one failed: %r" % r)
    with open(os.path.join(tmp, "r.json")) as f:
        rep = json.load(f)
    files = {f["input"]: f for f in rep["files"]}
    check(sorted(files) == ["in/a.lines", "in/bad.lines", "in/sub/b.lines",
                            "in/sub/deeper/c.x.txl", "in/w.lines"],
          "every input reported: %r" % sorted(files))
    check(files["in/a.lines"]["status"] == "converted" and
          files["in/a.lines"]["outputs"] == ["out/a.dump"],
          "converted entry: %r" % files["in/a.lines"])
    w = files["in/w.lines"]
    check(w["warnings"] == 1 and w["errors"] == 0 and
          w["diagnostics"][0]["code"] == "test.warn" and
          w["diagnostics"][0]["line"] == 1, "warnings listed: %r" % w)
    bad = files["in/bad.lines"]
    check(bad["status"] == "failed" and bad["errors"] >= 1 and
          bad["outputs"] == [], "failed entry: %r" % bad)
    check(all(isinstance(f["seconds"], float) and f["seconds"] >= 0
              for f in rep["files"]), "seconds per file")
    s = rep["summary"]
    check(s["converted"] == 4 and s["failed"] == 1 and
          s["with_warnings"] == 1 and s["skipped"] == 1,
          "summary: %r" % s)
    r = recto(["-t", "dump", "-o", "out", "--report", "r.json", "in"], tmp,
              plugins)
    with open(os.path.join(tmp, "r.json")) as f:
        rep = json.load(f)
    check(sorted(f["status"] for f in rep["files"]) ==
          ["failed"] + ["up-to-date"] * 4, "resume in the report: %r" %
          [f["status"] for f in rep["files"]])


def case_batch_progress(tmp, plugins):
    script = shutil.which("script")
    if not script:
        print("no script(1) to make a terminal: skipped")
        return SKIP
    make_tree(os.path.join(tmp, "in"))
    cmd = "'%s' --plugin-path '%s' -t dump -o out in" % (RECTO, plugins)
    p = subprocess.run([script, "-qec", cmd, "/dev/null"], cwd=tmp,
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE,
                       env=test_plugins_env())
    out = p.stdout.decode("utf-8", "replace")
    check(p.returncode == 0, "batch on a terminal: %r" % out)
    check("3/3 files" in out and "MB/s" in out and "ETA" in out,
          "progress bar on a terminal: %r" % out)
    check("3 converted" in out, "summary after the bar")
    r = recto(["-t", "dump", "-o", "out2", "in"], tmp, plugins)
    check("MB/s" not in r.err, "no progress bar when stderr is not a "
          "terminal")


# ---- the real format plugins, when built ----

def list_formats(tmp):
    """{"Input formats": [names], "Output formats": [...], ...}"""
    r = recto(["--list-formats"], tmp)
    found = {}
    for block in r.text.split("\n\n"):
        lines = block.strip().splitlines()
        if lines:
            found[lines[0].rstrip(":")] = [l.split()[0] for l in lines[1:]]
    return found


def case_real_formats(tmp, plugins):
    formats = list_formats(tmp)
    readers = formats.get("Input formats", [])
    writers = formats.get("Output formats", [])
    if "native" not in readers or "native" not in writers:
        print("the native plugin is not built: skipped")
        return SKIP
    # A document from the test reader, through the real native writer.
    write(os.path.join(tmp, "doc.lines"),
          "# Title\nSome text ref:1\nnote:1:The note.\ncite:k1\n")
    r = recto(["-q", "doc.lines", "-o", "doc.native"], tmp, plugins,
              env={"RECTO_PLUGIN_SYSTEM_PATH": None})
    check(r.rc == 0, "test reader to the native writer: %r" % r)
    native = open(os.path.join(tmp, "doc.native"), "rb").read()

    def body(data):  # the tree, without where it was read from
        return [l for l in data.splitlines() if b'"source"' not in l]
    r = recto(["-q", "doc.native", "-t", "native"], tmp)
    check(r.rc == 0 and body(r.out) == body(native),
          "native round trip: %r" % r)
    r = recto(["-q", "-f", "native", "-t", "native"], tmp, stdin=native)
    check(r.rc == 0 and body(r.out) == body(native),
          "stdin gives the same output")
    for w in writers:
        r = recto(["-t", w, "-o", "one." + w, "doc.native"], tmp)
        check(r.rc == 0 and os.path.getsize(os.path.join(tmp, "one." + w)),
              "native to %s: %r" % (w, r))
    if "markdown" in readers and "markdown" in writers:
        md = "# Title\n\nSome *text* with a note.[^1]\n\n[^1]: The note.\n"
        write(os.path.join(tmp, "doc.md"), md)
        r = recto(["doc.md", "-o", "md.native"], tmp)
        check(r.rc == 0, "markdown to native by extensions: %r" % r)
        r = recto(["md.native", "-t", "markdown"], tmp)
        check(r.rc == 0 and "Title" in r.text and "The note." in r.text,
              "native back to markdown: %r" % r)
    os.mkdir(os.path.join(tmp, "many"))
    for k in range(20):
        write(os.path.join(tmp, "many", "d%02d.native" % k), native)
    args = []
    for w in writers:
        args += ["-t", w]
    r = recto(args + ["-q", "-o", "out", "-j", "4", "--report", "r.json",
                      "many"], tmp)
    with open(os.path.join(tmp, "r.json")) as f:
        summary = json.load(f)["summary"]
    check(r.rc == 0 and summary["converted"] == 20,
          "batch with the real writers %r: %r %r" % (writers, r, summary))
    check(len(files_under(os.path.join(tmp, "out"))) == 20 * len(writers),
          "one output per input and format")


def case_epub_resources(tmp, plugins):
    """EPUB packs only images that pass the resource policy and are what
    they claim to be, and writes no link that runs code."""
    formats = list_formats(tmp)
    if ("markdown" not in formats.get("Input formats", []) or
            "epub" not in formats.get("Output formats", [])):
        print("the markdown and epub plugins are not built: skipped")
        return SKIP
    doc = os.path.join(tmp, "doc")
    os.mkdir(doc)
    shutil.copy(os.path.join(os.environ["RECTO_SOURCE_ROOT"], "samples",
                             "figure.png"), os.path.join(doc, "figure.png"))
    shutil.copy(os.path.join(doc, "figure.png"), os.path.join(tmp, "o.png"))
    write(os.path.join(doc, "pic.svg"),
          '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">'
          '<rect width="4" height="4"/></svg>\n')
    write(os.path.join(doc, "x.svg"), "private: the <svg word in a note\n")
    write(os.path.join(doc, "notsvg.svg"), "<svg>no namespace</svg>\n")
    write(os.path.join(doc, "in.md"),
          "# Images\n\n"
          "![png](figure.png) ![svg](pic.svg) ![fake](x.svg) "
          "![bare](notsvg.svg) ![zero](/dev/zero) ![out](../o.png) "
          "![web](https://example.org/a.png)\n\n"
          "[js](javascript:alert(1)) [vb](VBScript:msgbox(1)) "
          "[html](data:text/html,x) "
          "[img](data:image/png;base64,AAAA) [ok](https://example.org/)\n")
    r = recto(["in.md", "-o", "out.epub"], doc, timeout=60)
    check(r.rc == 0, "the book is written: %r" % r)
    with zipfile.ZipFile(os.path.join(doc, "out.epub")) as z:
        images = sorted(n for n in z.namelist() if "/images/" in n)
        text = "".join(z.read(n).decode() for n in z.namelist()
                       if n.endswith(".xhtml"))
    check(len(images) == 2 and images[0].endswith(".png") and
          images[1].endswith(".svg"), "the PNG and the SVG only: %r" % images)
    refused = [l for l in r.err.splitlines() if "[resource.refused]" in l]
    check(len(refused) == 5, "one warning per refused image: %r" % r.err)
    for bad in ["javascript:", "VBScript:", "data:text"]:
        check(bad not in text, "no %s link in the book" % bad)
    check(">js<" in text and ">html<" in text, "the links' text is kept")
    check('href="data:image/png;base64,AAAA"' in text and
          'href="https://example.org/"' in text, "other links are kept")
    check(r.err.count("[epub.unsafe-link]") == 3,
          "one warning per link dropped: %r" % r.err)


def case_bibtex_limits(tmp, plugins):
    """@string expansion is bounded (a bomb is an error with its line and
    column, exit 4) and 100,000 macros are looked up by hash."""
    if "bibtex" not in list_formats(tmp).get("Input formats", []):
        print("the bibtex plugin is not built: skipped")
        return SKIP
    # 16 bytes doubled 40 times: a terabyte from 1 KB of input.
    lines = ['@string{a0 = "0123456789abcdef"}']
    lines += ["@string{a%d = a%d # a%d}" % (k, k - 1, k - 1)
              for k in range(1, 41)]
    lines.append("@misc{bomb, title = a40}")
    write(os.path.join(tmp, "bomb.bib"), "\n".join(lines) + "\n")

    r = recto(["bomb.bib", "-t", "csljson"], tmp, timeout=120,
              preexec_fn=memory_limit(2 << 30))
    errs = [l for l in r.err.splitlines() if ": error: " in l]
    check(r.rc == 4 and len(errs) == 1 and
          re.match(r"recto: bomb\.bib:\d+:\d+: error: ", errs[0]),
          "a macro bomb is one error with line and column: %r" % r)
    # 100,000 macros, the last and the first used: completes.
    n = 100000
    big = ["@string{m%d = \"v%d\"}" % (k, k) for k in range(n)]
    big.append("@misc{many, title = m%d # m0}" % (n - 1))
    write(os.path.join(tmp, "many.bib"), "\n".join(big) + "\n")
    r = recto(["many.bib", "-t", "csljson"], tmp, timeout=300)
    check(r.rc == 0 and "v%dv0" % (n - 1) in r.text,
          "100,000 macros: %r" % r)


def case_memory_limits(tmp, plugins):
    """Input sizes are checked before anything is allocated, and running
    out of memory is one line and exit 7, never SIGABRT."""
    sparse = os.path.join(tmp, "sparse.lines")
    with open(sparse, "wb") as f:
        f.truncate(30 << 30)  # 30 GB of holes: no disk used
    r = recto(["-t", "dump", "sparse.lines"], tmp, plugins, timeout=60,
              preexec_fn=memory_limit(1 << 30))
    check(r.rc == 3 and "[io.too-large]" in r.err and
          "--max-input-size" in r.err and len(r.err.splitlines()) == 1,
          "a sparse 30 GB input is refused before it is read: %r" % r)
    write(os.path.join(tmp, "small.lines"), "0123456789\n" * 10)
    r = recto(["-t", "dump", "--max-input-size", "64", "small.lines"], tmp,
              plugins)
    check(r.rc == 3 and "[io.too-large]" in r.err, "a file over the limit")
    r = recto(["-t", "dump", "-f", "lines", "--max-input-size", "64"], tmp,
              plugins, stdin=b"0123456789\n" * 10)
    check(r.rc == 3 and "standard input" in r.err and
          "[io.too-large]" in r.err, "standard input over the limit: %r" % r)
    r = recto(["-t", "dump", "--max-input-size", "1K", "small.lines"], tmp,
              plugins)
    check(r.rc == 0, "a file within the limit: %r" % r)
    for bad in ["", "12Q", "-5", "K"]:
        r = recto(["-t", "dump", "--max-input-size", bad, "small.lines"],
                  tmp, plugins)
        check(r.rc == 2, "--max-input-size %r is a usage error" % bad)
    if SANITIZED:
        print("out of memory: not under the sanitizers (shadow memory)")
        return 0
    # 64 MB in one line, with 96 MB of address space for everything.
    write(os.path.join(tmp, "big.lines"), b"x" * (64 << 20) + b"\n")
    r = recto(["-t", "dump", "big.lines"], tmp, plugins, timeout=120,
              preexec_fn=memory_limit(96 << 20))
    check(r.rc == 7 and r.err == "recto: error: out of memory [memory]\n",
          "out of memory: one line, exit 7: %r" % r)
def case_out_of_memory(tmp, plugins):
    """Every reader and writer that runs out of memory ends as the host
    does: one line, exit 7, no output and no temporary file -- never
    SIGABRT (cmark-gfm's allocator, libxml2's, the plugins' own).  Not
    under the sanitizers (skipped): their shadow memory needs far more
    address space than any limit here leaves."""
    if SANITIZED:
        print("skipped under the sanitizers (shadow memory)")
        return SKIP
    formats = list_formats(tmp)
    readers = set(formats.get("Input formats", []))
    writers = [w for w in ["markdown", "epub", "tei", "native"]
               if w in formats.get("Output formats", [])]
    if "markdown" not in readers or not writers:
        print("the format plugins are not built: skipped")
        return SKIP
    para = ("Paragraph {0} with *emphasis*, `code`, a [link](#p{0}) and a "
            "note.[^n{0}]\n\n[^n{0}]: The note {0}.\n\n"
            "| a | b |\n|---|---|\n| {0} | x |\n\n- an item\n- another\n\n")
    write(os.path.join(tmp, "doc.md"), "---\ntitle: Big\n---\n\n" +
          "".join(para.format(k) for k in range(12000)))
    # The same document in the other formats, converted without a limit.
    inputs = ["doc.md"]
    for fmt, ext in [("tei", "tei"), ("docbook", "dbk"), ("epub", "epub"),
                     ("native", "native"), ("json", "pandoc.json")]:
        if fmt in readers and fmt in formats.get("Output formats", []):
            r = recto(["-t", fmt, "-o", "doc." + ext, "doc.md"], tmp)
            check(r.rc == 0, "doc.md to %s: %r" % (fmt, r))
            inputs.append("doc." + ext)
    line = "recto: error: out of memory [memory]\n"
    k = 0
    for name in inputs:
        ran_out = False
        for limit in [64, 128]:
            w = writers[k % len(writers)]  # each writer in turn
            k += 1
            run = os.path.join(tmp, "run")
            os.mkdir(run)
            r = recto(["-t", w, "-o", os.path.join(run, "out"), name], tmp,
                      timeout=120, preexec_fn=memory_limit(limit << 20))
            left = os.listdir(run)
            shutil.rmtree(run)
            what = "%s to %s in %d MB" % (name, w, limit)
            check(r.rc in (0, 7), "%s: exit 0 or 7: %r" % (what, r))
            if r.rc == 7:
                ran_out = True
                check(r.err == line, "%s: one line: %r" % (what, r))
                check(left == [], "%s: no output, no temporary file: %r"
                      % (what, left))
        check(ran_out, "%s ran out of memory at some limit" % name)


# ---- detection by content (core/sniff.c) ----

def zip_bytes(entries):
    """A ZIP file of (name, bytes) pairs, the first one stored."""
    import io
    import zipfile
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        for k, (name, data) in enumerate(entries):
            z.writestr(name, data, zipfile.ZIP_STORED if k == 0
                       else zipfile.ZIP_DEFLATED)
    return b.getvalue()


TEI = ('<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">'
       '<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
       '<publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p>'
       '</sourceDesc></fileDesc></teiHeader><text><body><p>Hello.</p>'
       '</body></text></TEI>\n')
DOCBOOK4 = ('<!DOCTYPE article PUBLIC "-//OASIS//DTD DocBook XML V4.4//EN"\n'
            '  "http://www.oasis-open.org/docbook/xml/4.4/docbookx.dtd" [\n'
            '<!ENTITY who "World">\n]>\n<article><title>T</title>'
            '<para>Hello &who;.</para></article>\n')
DOCBOOK5 = ('<?xml version="1.0"?>\n<article xmlns="http://docbook.org/ns/'
            'docbook" version="5.0"><title>T</title><para>Hello.</para>'
            '</article>\n')
OOXML_TYPES = b'<?xml version="1.0"?><Types xmlns="x"/>'

# (file name, content, format it is, what the refusal calls it)
DETECTION = [
    ("tei-as.txt", TEI, "tei", "TEI P5"),
    ("r.tei.xml", TEI, "tei", "TEI P5"),
    ("db4.xml", DOCBOOK4, "docbook", "DocBook 4 (no namespace)"),
    ("db5.txt", DOCBOOK5, "docbook", "DocBook 5"),
    ("page.html", "<!DOCTYPE html>\n<html><head><style>@media print "
     "{ p { color: black } }</style></head><body><p>x</p></body></html>\n",
     "html", "HTML"),
    ("paper.tex", "% a comment\n\\documentclass{article}\n"
     "\\begin{document}@misc{x}\\end{document}\n", "latex", "LaTeX"),
    ("notes.rst", "=====\nTitle\n=====\n\n.. note::\n\n   Text.\n",
     "rst", "reStructuredText"),
    ("x.docx", zip_bytes([("[Content_Types].xml", OOXML_TYPES),
                          ("word/document.xml", b"<w:document/>")]),
     "docx", "DOCX (Office Open XML)"),
    ("docx-named.txt", zip_bytes([("[Content_Types].xml", OOXML_TYPES),
                                  ("word/document.xml", b"<x/>")]),
     "docx", "DOCX (Office Open XML)"),
    ("sheet.xlsx", zip_bytes([("[Content_Types].xml", OOXML_TYPES),
                              ("xl/workbook.xml", b"<x/>")]),
     "xlsx", "XLSX (Office Open XML spreadsheet)"),
    ("book.epub", zip_bytes([("mimetype", b"application/epub+zip"),
                             ("META-INF/container.xml", b"<c/>")]),
     "epub", "EPUB"),
    ("text.odt", zip_bytes([("mimetype",
                             b"application/vnd.oasis.opendocument.text"),
                            ("content.xml", b"<x/>")]),
     "odt", "ODT (OpenDocument text)"),
    ("a.zip.txt", zip_bytes([("a.txt", b"hello")]), "zip", "a ZIP archive"),
    ("scan.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n", "pdf", "PDF"),
    ("letter.txt", "{\\rtf1\\ansi Hello}\n", "rtf",
     "RTF (Rich Text Format)"),
    ("data.json", '{"name": "x", "list": [1, 2]}\n', "json-data",
     "JSON that is neither recto native, pandoc nor CSL JSON"),
    ("config.xml", '<?xml version="1.0"?>\n<settings><a/></settings>\n',
     "xml", "XML of no format recto knows"),
    ("refs.txt", "% my references\n\n@article{k1,\n  title = {T},\n"
     "  year = 2020\n}\n", "bibtex", "BibTeX"),
    ("items.json", '[{"id": "k1", "type": "book", "title": "T"}]\n',
     "csljson", "CSL JSON"),
]


def case_detection(tmp, plugins):
    readers = list_formats(tmp).get("Input formats", [])
    if "plain" not in readers or "markdown" not in readers:
        print("the format plugins are not built: skipped")
        return SKIP
    for name, data, fmt, what in DETECTION:
        write(os.path.join(tmp, name), data)
        r = recto(["--verbose", "-t", "native", name], tmp)
        if fmt in readers:
            check("reading as %s (the content looks like %s" % (fmt, what)
                  in r.err, "%s is read as %s: %r" % (name, fmt, r))
            continue
        lines = r.err.strip().splitlines()
        want = ("recto: %s: error: looks like %s; no reader for %s "
                "[format.no-reader]" % (name, what, fmt))
        check(r.rc == 6 and lines == [want] and r.out == b"",
              "%s is refused as %s: %r" % (name, fmt, r))
    # Text that claims no format: plain text, or what the extension says.
    write(os.path.join(tmp, "mail.txt"),
          "Write to a@b.example {any day}.\n\nThank you.\n")
    r = recto(["--verbose", "-t", "native", "mail.txt"], tmp)
    check(r.rc == 0 and "reading as plain (extension .txt)" in r.err, "text with an @ is plain text: %r" % r)
    write(os.path.join(tmp, "boxed.txt"), "-----------\nA Title\n"
          "-----------\n\nPlain text in a box.\n")
    r = recto(["--verbose", "-t", "native", "boxed.txt"], tmp)
    check(r.rc == 0 and "reading as plain" in r.err,
          "a boxed title in plain text is plain text: %r" % r)
    write(os.path.join(tmp, "noext"), "Just some words.\n")
    r = recto(["--verbose", "-t", "native", "noext"], tmp)
    check(r.rc == 0 and "reading as plain (by its content)" in r.err,
          "text without an extension is plain text: %r" % r)
    write(os.path.join(tmp, "tagged.md"), "<p align=\"center\">Hi</p>\n\n"
          "# Title\n\nText.\n")
    r = recto(["--verbose", "-t", "native", "tagged.md"], tmp)
    check(r.rc == 0 and "reading as markdown" in r.err,
          "Markdown opening with a tag stays Markdown: %r" % r)
    # -f forces a reader whatever the content.
    r = recto(["-f", "plain", "-t", "native", "tei-as.txt"], tmp)
    check(r.rc == 0 and b"teiHeader" in r.out,
          "-f plain reads the TEI as text: %r" % r)
    # Standard input is looked at the same way.
    r = recto(["-t", "native"], tmp, stdin=zip_bytes(
        [("[Content_Types].xml", OOXML_TYPES), ("word/document.xml", b"")]))
    if "docx" not in readers:
        check(r.rc == 6 and "looks like DOCX" in r.err,
              "a DOCX on standard input is refused: %r" % r)
    # A bibliography is looked at too.
    write(os.path.join(tmp, "doc.md"), "Text [@k1].\n")
    r = recto(["--bibliography", "x.docx", "-t", "native", "doc.md"], tmp)
    check(r.rc == 6 and "looks like DOCX (Office Open XML); no bibliography "
          "reader for docx" in r.err, "a DOCX bibliography is refused: %r" % r)


def case_languages(tmp, plugins):
    """A document that declares no language gets the one of its text (the
    languages transform runs by default): an Arabic or Persian book opens
    right to left.  Its own lang: and -M lang= decide when given, the
    option languages=false turns the guess off, and Markdown output is
    left as written."""
    formats = list_formats(tmp)
    need = {"markdown"} <= set(formats.get("Input formats", [])) and \
        {"epub", "tei", "docbook"} <= set(formats.get("Output formats", []))
    if not need:
        print("the markdown, epub, tei or docbook plugin is not built: skipped")
        return SKIP
    fa = ("# \u0641\u0635\u0644\n\n"
          "\u0627\u06cc\u0646 \u0645\u062a\u0646 \u0641\u0627\u0631\u0633\u06cc "
          "\u0627\u0633\u062a \u0648 \u06a9\u062a\u0627\u0628\u200c\u0647\u0627 "
          "\u0648 English \u062f\u0631 \u0645\u06cc\u0627\u0646.\n")
    write(os.path.join(tmp, "fa.md"), fa)
    ar = ("\u0647\u0630\u0627 \u0646\u0635 \u0639\u0631\u0628\u064a "
          "\u0641\u064a \u0627\u0644\u0643\u062a\u0627\u0628 "
          "\u0627\u0644\u0630\u064a \u0646\u0642\u0631\u0623\u0647.\n")
    write(os.path.join(tmp, "ar.md"), ar)

    def opf(name, *extra):
        r = recto(["-q", name, "-o", "out.epub"] + list(extra), tmp)
        check(r.rc == 0, "%s to epub: %r" % (name, r))
        with zipfile.ZipFile(os.path.join(tmp, "out.epub")) as z:
            return z.read("EPUB/content.opf").decode("utf-8")

    def language(package):
        m = re.search(r"<dc:language>([^<]*)</dc:language>", package)
        return m.group(1) if m else None
    p = opf("fa.md")
    check(language(p) == "fa" and 'page-progression-direction="rtl"' in p,
          "a Persian document without lang: is fa, right to left: %s" % p)
    check(language(opf("ar.md")) == "ar", "an Arabic one is ar")
    r = recto(["-q", "fa.md", "-t", "tei"], tmp)
    check(re.search(r'<TEI [^>]*xml:lang="fa"', r.text) and
          '<seg xml:lang="en"' in r.text,
          "TEI: the document's language and the run in another: %r" % r)
    r = recto(["-q", "fa.md", "-t", "docbook"], tmp)
    check(re.search(r'<article [^>]*xml:lang="fa" dir="rtl"', r.text),
          "DocBook: xml:lang and dir: %r" % r)
    check(language(opf("fa.md", "-M", "lang=ar")) == "ar",
          "-M lang= decides")
    write(os.path.join(tmp, "declared.md"), "---\nlang: ar\n---\n\n" + fa)
    check(language(opf("declared.md")) == "ar", "lang: decides")
    check(language(opf("fa.md", "-O", "languages=false")) == "und",
          "languages=false: undetermined")
    r = recto(["-q", "fa.md", "-t", "markdown"], tmp)
    check(r.rc == 0 and "lang" not in r.text,
          "Markdown output is left as written: %r" % r)


def case_citations(tmp, plugins):
    """EPUB: '# References' then '::: {#refs}' makes one References
    section (the bibliography's file, under the text's heading and id);
    every item of a grouped citation links to its entry; doi: links go to
    the DOI resolver (EPUBCheck knows no doi: scheme).  Every output keeps
    the formatting of a citation's prefix and locator."""
    formats = list_formats(tmp)
    if "markdown" not in formats.get("Input formats", []) or \
            "epub" not in formats.get("Output formats", []):
        print("the markdown or epub plugin is not built: skipped")
        return SKIP
    write(os.path.join(tmp, "cite.md"), """---
references:
- id: one
  type: book
  author: [{family: Doe, given: Jo}]
  title: First
  issued: {date-parts: [[2005]]}
- id: two
  type: book
  author: [{family: Roe, given: Al}]
  title: Second
  issued: {date-parts: [[2010]]}
---

# Text

Grouped [@one; @two], see [the list](#references) and <doi:10.1000/182>.
Formatted [see *especially* @one, p. **33**].

# References

::: {#refs}
:::
""")
    r = recto(["-q", "cite.md", "-o", "cite.epub"], tmp)
    check(r.rc == 0, "cite.md to epub: %r" % r)
    with zipfile.ZipFile(os.path.join(tmp, "cite.epub")) as z:
        texts = {n: z.read(n).decode("utf-8") for n in z.namelist()
                 if n.startswith("EPUB/text/")}
    bib = texts.pop("EPUB/text/bibliography.xhtml", "")
    body = "".join(texts.values())
    check(len(texts) == 1 and "References" not in body,
          "no second References file or heading: %r" % sorted(texts))
    check('<h1 id="references">References</h1>' in bib,
          "the bibliography under the text's heading: %s" % bib)
    check('href="bibliography.xhtml#references"' in body,
          "a link to the heading reaches it")
    grouped = re.search(r'Grouped <span class="citation"[^>]*>(.*?)</span>',
                        body)
    check(grouped and grouped.group(1).count('role="doc-biblioref"') == 2 and
          'href="bibliography.xhtml#ref-two"' in grouped.group(1),
          "both items of a grouped citation linked: %s" % body)
    check('href="https://doi.org/10.1000/182"' in body and
          'href="doi:' not in body, "doi: links resolvable")
    marked = {"epub": ("see <em>especially</em> Doe 2005, <strong>33</strong>",
                       body),
              "docbook": ("(see <emphasis>especially</emphasis> Doe 2005, "
                          '<emphasis role="bold">33</emphasis>)', None),
              "tei": ('(see <hi rend="italic">especially</hi> Doe 2005, '
                      '<hi rend="bold">33</hi>)', None)}
    for fmt, (want, text) in marked.items():
        if text is None:
            r = recto(["-q", "cite.md", "-t", fmt], tmp)
            text = r.text
        check(want in text, "%s: the citation's formatting kept" % fmt)


CASES = {
    "exit-codes": case_exit_codes,
    "invalid-utf8": case_invalid_utf8,
    "failing-writer": case_failing_writer,
    "stdin-stdout": case_stdin_stdout,
    "safe-output": case_safe_output,
    "binary-terminal": case_binary_terminal,
    "options-metadata": case_options_metadata,
    "notes-citations": case_notes_citations,
    "languages": case_languages,
    "citations": case_citations,
    "resource-sandbox": case_resource_sandbox,
    "escaped-messages": case_escaped_messages,
    "version-help": case_version_help,
    "pandoc-habits": case_pandoc_habits,
    "concatenation": case_concatenation,
    "batch-tree": case_batch_tree,
    "batch-resume": case_batch_resume,
    "batch-failures": case_batch_failures,
    "batch-report": case_batch_report,
    "batch-progress": case_batch_progress,
    "real-formats": case_real_formats,
    "epub-resources": case_epub_resources,
    "bibtex-limits": case_bibtex_limits,
    "memory-limits": case_memory_limits,
    "signals": case_signals,
    "detection": case_detection,
    "out-of-memory": case_out_of_memory,
}


def main():
    case, plugins = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        rc = CASES[case](tmp, plugins)
    if FAILURES:
        print("%d checks failed" % len(FAILURES), file=sys.stderr)
        return 1
    return rc or 0


if __name__ == "__main__":
    sys.exit(main())
