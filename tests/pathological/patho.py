#!/usr/bin/env python3
"""Pathological inputs for recto: deep nesting, huge counts, huge lines.

    patho.py list                      the cases
    patho.py gen CASE [SCALE] OUT      write the input of CASE
    patho.py run CASE FORMAT [--slow]  convert CASE to FORMAT and check it

A run fails when recto crashes (a stack overflow is a SIGSEGV), exits
non-zero, does not finish within a generous guard (it must not hang; how
fast it is belongs to bench/linear.py), uses far more memory than
the input explains, writes output far larger than the input explains, or
loses what it was given (notes, citations, links, cells, the innermost
text), or writes XML that is not well-formed.

Inputs are generated here at test time; $RECTO is the CLI.  --slow (the
sanitizer builds) stretches the time guards and skips the memory guard,
since the sanitizers' shadow memory is no measure of recto's.
"""

import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import xml.parsers.expat
import zipfile

FORMATS = ["native", "markdown", "docbook", "tei", "epub"]
DEEP = "zqdeep"  # the innermost text of the nesting cases


# --- generators: each takes a scale and returns the input bytes ----------

def g_nested_lists(n):
    return ("- " * n + DEEP + "\n").encode()


def g_nested_quotes(n):
    return ("> " * n + DEEP + "\n").encode()


def g_nested_emph(n):
    # Every "*a **a " opens an emphasis and a strong: two levels.
    k = n // 2
    return ("*a **a " * k + DEEP + " a** a*" * k + "\n").encode()


def g_nested_mixed(n):
    # Block quote, ordered list, bullet list, over and over.
    k = n // 3
    return ("> 1. - " * k + DEEP + "\n").encode()


def g_nested_brackets(n):
    return ("[" * n + DEEP + "]" * n + "\n").encode()


def g_unclosed(n):
    # Openers that never close: link brackets, emphasis, code spans,
    # autolinks; the classic traps of delimiter and bracket stacks.
    unit = "[a](<b *c _d [e `f <g **h "
    return (unit * n + DEEP + "\n").encode()


def g_meta_keys(n):
    # One YAML block of n distinct keys (a looked-up list of keys is
    # quadratic), then the body.
    keys = "".join("zqkey%d: value %d\n" % (i, i) for i in range(n))
    return ("---\n" + keys + "---\n\nThe body, zqend.\n").encode()


def g_footnotes(n):
    refs, defs = [], []
    line = []
    for i in range(1, n + 1):
        line.append("t[^%d]" % i)
        if len(line) == 10:
            refs.append(" ".join(line) + ".")
            line = []
        defs.append("[^%d]: zqnote%d." % (i, i))
    if line:
        refs.append(" ".join(line) + ".")
    return ("\n\n".join(refs) + "\n\n" + "\n".join(defs) + "\n").encode()


def g_citations(n):
    k = max(1, n // 10)
    head = ["---", "title: Citations", "references:"]
    for i in range(k):
        head.append("- id: zqk%d\n  type: book\n  title: Book %d\n"
                    "  author:\n  - family: Writer%d\n  issued:\n"
                    "    date-parts:\n    - [%d]" % (i, i, i, 1900 + i % 120))
    head.append("---")
    body, line = [], []
    for i in range(n):
        key = "zqk%d" % ((i * 7919) % k)
        m = i % 4
        if m == 0:
            line.append("[@%s]" % key)
        elif m == 1:
            line.append("[see @%s, p. %d]" % (key, i % 300 + 1))
        elif m == 2:
            line.append("@%s [p. %d]" % (key, i % 90 + 1))
        else:
            line.append("[-@%s]" % key)
        if len(line) == 8:
            body.append("Text " + " and ".join(line) + ".")
            line = []
    if line:
        body.append("Text " + " and ".join(line) + ".")
    return ("\n".join(head) + "\n\n" + "\n\n".join(body) + "\n").encode()


def g_refs(n):
    uses, defs, line = [], [], []
    for i in range(n):
        line.append("[w%d][zqlink%d]" % (i, i))
        if len(line) == 10:
            uses.append(" ".join(line))
            line = []
        defs.append("[zqlink%d]: https://example.org/%d" % (i, i))
    if line:
        uses.append(" ".join(line))
    return ("\n\n".join(uses) + "\n\n" + "\n".join(defs) + "\n").encode()


def g_spaced_links(n):
    # Link destinations with spaces opened and never closed in one
    # paragraph, then reference definitions whose destinations hold
    # spaces and that end in attributes (refdefs.c), each used.
    k = n // 2
    unit = "[a](b c (d "
    uses = " ".join("[w%d][zqref%d]" % (i, i) for i in range(k))
    defs = "\n".join("[zqref%d]: /to zqref %d {.x k=v}" % (i, i) for i in range(k))
    return (unit * k + DEEP + "\n\n" + uses + "\n\n" + defs + "\n").encode()


def g_long_line(nbytes):
    unit = ("word *emph* more **strong** text `code` and [link](https://e.org/x)"
            " then \\* escaped & <b>raw</b> ")
    reps = max(1, nbytes // len(unit))
    return (unit * reps + "zqend\n").encode()


def g_fancy_lists(n):
    # each item of another style than the one before: a list of its own
    # that cmark joins with the next
    return ("a. zqa\n1. zqb\n" * n).encode()


def g_roman_run(nbytes):
    # a roman numeral of that many "m" (a thousand each), then a delimiter
    return ("m" * nbytes + ". zqend\n").encode()


def g_table(nbytes):
    head = "| A | B | C | D | E |\n|:--|:-:|--:|---|---|\n"
    rows, size, i = [head], len(head), 0
    while size < nbytes:
        row = "| zqc%d | *x* | %d | `c` | word word |\n" % (i, i)
        rows.append(row)
        size += len(row)
        i += 1
    return "".join(rows).encode()


def g_long_ticks(n):
    # backtick runs of n lengths from 32 on, none closed, beside a '$'
    return ("".join("`" * (32 + i) + " zqt $ " for i in range(n)) +
            "\n").encode()


def g_tex_defs(n):
    # list items opened by an unclosed TeX definition, no blank line
    return ("- \\def\\x{zqdef\n" * n).encode()


def g_pipe_joins(n):
    # every row of a pipe table goes on to the next line ("\\" at its end)
    rows = "".join("| zqj \\\n| %d |\n" % i for i in range(n))
    return ("| A | B |\n|---|---|\n" + rows).encode()


def g_native_long_line(nbytes):
    # A minified native document: paragraphs on one 10 MB line, so that
    # anything computed from the start of the line per node shows.
    para = ('{"type": "paragraph", "children": [{"type": "text", "text": '
            '"zqw and words"}, {"type": "emph", "children": [{"type": '
            '"text", "text": "more"}]}]}, ')
    reps = max(1, nbytes // len(para))
    return S_native(para * reps, '{"type": "paragraph", "children": [%s]}'
                    % S_NATIVE_TEXT.replace(DEEP, "zqend"), "")


def g_plain_long_line(nbytes):
    unit = "a long line of plain text with 12 numbers (Author, 2001) and marks. "
    reps = max(1, nbytes // len(unit))
    return (unit * reps + "zqend\n").encode()


def g_plain_pages(n):
    # n pages: running header, a body line with a note marker, a rule,
    # the note, the page number.  Tests header/page-number recovery.
    out = []
    for p in range(1, n + 1):
        out.append("Journal of Tests, Vol. 1\n\nBody text of page %d with a "
                   "note.%d\n____________\n%d zqnote%d text.\n\n%d\n\n"
                   % (p, p, p, p, p))
    return "".join(out).encode()


def S_native(blocks_open, inner, blocks_close):
    return ('{"recto-native": 1, "blocks": [' + blocks_open + inner
            + blocks_close + ']}\n').encode()


S_NATIVE_TEXT = '{"type": "text", "text": "%s"}' % DEEP


def g_native_nested(n):
    # Block quotes n deep in the native JSON (plugins/native).
    para = '{"type": "paragraph", "children": [%s]}' % S_NATIVE_TEXT
    return S_native('{"type": "block_quote", "children": [' * n, para, "]}" * n)


def g_native_nested_text(n):
    # Block quotes n deep, each holding a paragraph of Persian text with an
    # English word in it, then the next quote: text at every depth, with no
    # language declared, so that the language detection run by default
    # tags blocks and runs all the way down.
    para = ('{"type": "paragraph", "children": [{"type": "text", "text": '
            '"\u0645\u062a\u0646 \u0641\u0627\u0631\u0633\u06cc '
            'zqlevel \u0648 \u0628\u06cc\u0634\u062a\u0631"}]}, ')
    unit = '{"type": "block_quote", "children": [' + para
    inner = '{"type": "paragraph", "children": [%s]}' % S_NATIVE_TEXT
    return S_native(unit * n, inner, "]}" * n)


def g_native_nested_lists(n):
    # List, item, list, item, ...: n levels in all.
    k = n // 2
    unit = '{"type": "list", "children": [{"type": "item", "children": ['
    para = '{"type": "plain", "children": [%s]}' % S_NATIVE_TEXT
    return S_native(unit * k, para, "]}]}" * k)


def g_native_nested_inline(n):
    # Emphasis, strong, span, link alternating, n deep in one paragraph.
    kinds = ['{"type": "emph", "children": [',
             '{"type": "strong", "children": [',
             '{"type": "span", "children": [',
             '{"type": "link", "url": "https://e.org/", "children": [']
    opens = "".join(kinds[i % 4] for i in range(n))
    return S_native('{"type": "paragraph", "children": [' + opens,
                    S_NATIVE_TEXT, "]}" * n + "]}")


MB = 1_000_000

# name: (input format, generator, scale, (small, big) for linear, token,
#        how many times the token must appear in the output (scale -> n))
CASES = {
    "md-nested-lists": ("markdown", g_nested_lists, 10000, (25000, 100000), DEEP, None),
    "md-nested-quotes": ("markdown", g_nested_quotes, 10000, (25000, 100000), DEEP, None),
    "md-nested-emph": ("markdown", g_nested_emph, 10000, (25000, 100000), DEEP, None),
    "md-nested-mixed": ("markdown", g_nested_mixed, 10000, (25000, 100000), DEEP, None),
    "md-nested-brackets": ("markdown", g_nested_brackets, 10000, (25000, 100000), DEEP, None),
    "md-unclosed": ("markdown", g_unclosed, 100000, (25000, 100000), DEEP, None),
    "md-meta-keys": ("markdown", g_meta_keys, 100000, (25000, 100000), "zqend", None),
    "md-footnotes": ("markdown", g_footnotes, 100000, (25000, 100000), "zqnote", lambda n: n),
    "md-citations": ("markdown", g_citations, 100000, (25000, 100000), "zqk", lambda n: n),
    "md-refs": ("markdown", g_refs, 100000, (25000, 100000), "example.org/", lambda n: n),
    "md-spaced-links": ("markdown", g_spaced_links, 100000, (25000, 100000), DEEP, None),
    "md-fancy-lists": ("markdown", g_fancy_lists, 20000, (5000, 20000), "zqa", lambda n: n),
    "md-roman-run": ("markdown", g_roman_run, 3 * MB, (MB, 3 * MB), "zqend", None),
    "md-long-line": ("markdown", g_long_line, 10 * MB, (10 * MB // 4, 10 * MB), "zqend", None),
    "md-pipe-joins": ("markdown", g_pipe_joins, 20000, (5000, 20000), "zqj", lambda n: n),
    "md-long-ticks": ("markdown", g_long_ticks, 1500, (750, 1500), "zqt", lambda n: n),
    "md-tex-defs": ("markdown", g_tex_defs, 50000, (12500, 50000), "zqdef", lambda n: n),
    "md-table": ("markdown", g_table, 10 * MB, (10 * MB // 4, 10 * MB), "zqc", None),
    "native-nested-quotes": ("native", g_native_nested, 10000, (25000, 100000), DEEP, None),
    "native-nested-text": ("native", g_native_nested_text, 10000, (25000, 100000), "zqlevel", lambda n: n),
    "native-nested-lists": ("native", g_native_nested_lists, 10000, (25000, 100000), DEEP, None),
    "native-nested-inline": ("native", g_native_nested_inline, 10000, (25000, 100000), DEEP, None),
    "native-long-line": ("native", g_native_long_line, 10 * MB, (10 * MB // 4, 10 * MB), "zqend", None),
    "plain-long-line": ("plain", g_plain_long_line, 10 * MB, (10 * MB // 4, 10 * MB), "zqend", None),
    "plain-pages": ("plain", g_plain_pages, 100000, (25000, 100000), "zqnote", lambda n: n),
}


def S_table_rows(data):
    return data.count(b"\n| zqc")


# --- running recto ------------------------------------------------------

def S_recto():
    exe = os.environ.get("RECTO")
    if not exe or not os.access(exe, os.X_OK):
        sys.exit("RECTO is not set to the recto CLI")
    return exe


S_TICK = os.sysconf("SC_CLK_TCK")


def S_cpu_of(pid):
    """CPU seconds (user + system) used so far by a running process."""
    try:
        with open("/proc/%d/stat" % pid) as fp:
            f = fp.read().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) / S_TICK
    except (OSError, IndexError, ValueError):
        return 0.0


def S_convert(src_fmt, dst_fmt, inp, out, guard):
    """Run recto; returns (CPU seconds, peak RSS bytes, status, stderr tail).
    The guard is on CPU time, so that a loaded machine does not fail a
    test (with a wall-clock backstop of ten times the guard); status is
    an exit code, -SIGNAL, or 'timeout'."""
    argv = [S_recto(), "-f", src_fmt, "-t", dst_fmt, "-o", out, inp]
    err = tempfile.TemporaryFile()
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err,
                         stdin=subprocess.DEVNULL)
    status, delay = None, 0.001
    while True:
        pid, st, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            status = os.waitstatus_to_exitcode(st)
            break
        if (S_cpu_of(p.pid) > guard
                or time.perf_counter() - t0 > 10 * guard):
            p.kill()
            _, st, ru = os.wait4(p.pid, 0)
            status = "timeout"
            break
        time.sleep(delay)
        delay = min(delay * 2, 0.05)
    p.returncode = 0  # reaped above; keep Popen from waiting again
    err.seek(0)
    tail = err.read()[-4000:].decode("utf-8", "replace")
    return ru.ru_utime + ru.ru_stime, ru.ru_maxrss * 1024, status, tail


def S_describe(status):
    if status == "timeout":
        return "did not finish within the time guard (a quadratic step?)"
    if isinstance(status, int) and status < 0:
        sig = -status
        name = {11: "SIGSEGV (stack overflow?)", 6: "SIGABRT", 7: "SIGBUS",
                9: "SIGKILL (out of memory?)", 8: "SIGFPE"}.get(sig, "")
        return "killed by signal %d %s" % (sig, name)
    return "exit status %s" % status


# --- checking the output ------------------------------------------------

def S_xml_ok(data, what):
    """Well-formed XML, checked by a streaming parser (no recursion)."""
    p = xml.parsers.expat.ParserCreate()
    try:
        p.Parse(data, True)
    except xml.parsers.expat.ExpatError as e:
        return "%s is not well-formed XML: %s" % (what, e)
    return None


def S_json_balanced(data):
    """Brackets balance outside strings (json.loads would recurse)."""
    text = re.sub(rb'"(?:[^"\\]|\\.)*"', b'""', data)
    if text.count(b"{") != text.count(b"}") or text.count(b"[") != text.count(b"]"):
        return "native output: unbalanced brackets"
    return None


def S_output_text(fmt, path):
    """The text to search, and a list of problems with the container."""
    problems = []
    if fmt != "epub":
        with open(path, "rb") as fp:
            data = fp.read()
        if fmt in ("docbook", "tei"):
            e = S_xml_ok(data, fmt + " output")
            if e:
                problems.append(e)
        elif fmt == "native":
            e = S_json_balanced(data)
            if e:
                problems.append(e)
        return data, problems
    try:
        z = zipfile.ZipFile(path)
    except zipfile.BadZipFile as e:
        return b"", ["epub output is not a zip: %s" % e]
    names = z.namelist()
    if not names or names[0] != "mimetype":
        problems.append("epub: mimetype is not the first entry")
    parts = []
    for name in names:
        if not re.search(r"\.(xhtml|html|opf|ncx|xml)$", name):
            continue
        data = z.read(name)
        e = S_xml_ok(data, "epub " + name)
        if e:
            problems.append(e)
        if name.endswith((".xhtml", ".html")):
            parts.append(data)
    return b"\n".join(parts), problems


def S_ext(fmt):
    return {"native": "json", "markdown": "md", "docbook": "dbk",
            "tei": "xml", "epub": "epub"}[fmt]


def S_guard_seconds(nbytes, slow):
    # Generous: 3 s plus 3 CPU seconds per MB, a hundred times what a
    # linear recto needs (0.03 s/MB); five times more under the sanitizers.
    g = 3.0 + 3.0 * nbytes / MB
    return g * (5 if slow else 1)


def cmd_run(case, fmt, slow):
    src, gen, scale, _, token, count = CASES[case]
    with tempfile.TemporaryDirectory(prefix="recto-patho-") as tmp:
        inp = os.path.join(tmp, case + ".in")
        data = gen(scale)
        with open(inp, "wb") as fp:
            fp.write(data)
        out = os.path.join(tmp, "out." + S_ext(fmt))
        guard = S_guard_seconds(len(data), slow)
        cpu, rss, status, tail = S_convert(src, fmt, inp, out, guard)
        print("%s -> %s: %d bytes in, %.2f s CPU, peak %.0f MiB, %s" % (
            case, fmt, len(data), cpu, rss / 2**20, S_describe(status)))
        problems = []
        if status != 0:
            problems.append(S_describe(status))
        else:
            size = os.path.getsize(out) if os.path.exists(out) else 0
            if size == 0:
                problems.append("no output")
            limit_out = 100 * len(data) + 10 * MB
            if size > limit_out:
                problems.append("output of %d bytes for %d bytes in (more than "
                                "100x + 10 MB: a quadratic blow-up?)" % (size, len(data)))
            limit_rss = 50 * len(data) + 100 * MB
            if not slow and rss > limit_rss:
                problems.append("peak memory %.0f MiB (more than 50x input + "
                                "100 MB)" % (rss / 2**20))
            if size and size <= limit_out:
                text, cont = S_output_text(fmt, out)
                problems += cont
                found = text.count(token.encode())
                want = count(scale) if count else 1
                if case == "md-table":
                    want = S_table_rows(data)
                if found < want:
                    problems.append("lost content: %r found %d times, expected "
                                    "at least %d" % (token, found, want))
        if problems:
            for p in problems:
                print("FAIL: " + p)
            if tail.strip():
                print("--- recto stderr (tail) ---")
                print(tail.rstrip()[-2000:])
            return 1
        print("ok")
        return 0


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    slow = "--slow" in argv
    if not args:
        sys.stderr.write(__doc__)
        return 2
    if args[0] == "list":
        for name, c in CASES.items():
            print(name, c[0], c[2])
        return 0
    if args[0] == "gen" and len(args) in (3, 4):
        case = CASES[args[1]]
        scale = int(args[2]) if len(args) == 4 else case[2]
        with open(args[-1], "wb") as fp:
            fp.write(case[1](scale))
        return 0
    if args[0] == "run" and len(args) == 3 and args[1] in CASES and args[2] in FORMATS:
        return cmd_run(args[1], args[2], slow)
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.exit(main(sys.argv))
