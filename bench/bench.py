#!/usr/bin/env python3
"""Time recto against pandoc and cmark-gfm, side by side, in one run.

    bench/bench.py [--sizes 1,10,100] [--pandoc-sizes 1,10] [--quick]
                   [--build-dir DIR] [--data-dir DIR] [--update-readme]

For each size (MB = 1,000,000 bytes) it generates inputs with bench/gen.py
(once; they are cached in the data directory) and times:

  - recto   Markdown -> markdown, epub, docbook, tei
  - pandoc  the same input -> markdown, epub3, docbook5, tei, WITHOUT
            --citeproc (recto does not format citations either: like for
            like), only at the pandoc sizes (1 and 10 MB by default)
  - cmark-gfm -e footnotes -e table -t html: the floor
  - recto   plain text (PDF-extraction shape) -> native and tei
  - recto   TEI and XHTML -> native, markdown, epub, docbook, tei;
            DocBook -> native; DOCX -> native, tei (MB of word/document.xml)
  - pandoc  its DocBook, HTML and DOCX readers on the same files, -> native

Each line gives the median wall time over several runs, MB/s, the peak
resident memory (from wait4, as /usr/bin/time %M reports it), and the
ratios to pandoc and cmark-gfm.  Then the start-up time of a 1 KB document,
and PASS/MISS for each target.  It builds recto (release) when needed and
installs missing tools with apt-get when run as root.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MB = 1_000_000

RECTO_FORMATS = ["markdown", "epub", "docbook", "tei"]
PANDOC_FORMAT = {"markdown": "markdown", "epub": "epub3",
                 "docbook": "docbook5", "tei": "tei"}
EXT = {"markdown": "md", "epub": "epub", "docbook": "dbk", "tei": "tei.xml",
       "native": "json", "plain": "txt", "xhtml": "xhtml", "docx": "docx"}
PLAIN_FORMATS = ["native", "tei"]
SHORT = {"markdown": "md", "plain": "plain", "tei": "tei", "xhtml": "xhtml",
         "docbook": "docbook", "docx": "docx"}
# The structured readers: what each input is written to, and the reader of
# pandoc's that reads the same file (pandoc has no TEI reader).
XML_FORMATS = {"tei": ["native", "markdown", "epub", "docbook", "tei"],
               "xhtml": ["native", "markdown", "epub", "docbook", "tei"],
               "docbook": ["native"],
               "docx": ["native", "tei"]}
PANDOC_READER = {"xhtml": "html", "docbook": "docbook", "docx": "docx"}
INPUTS = ["markdown", "plain"] + list(XML_FORMATS)

# Runs per size (the median is reported); pandoc at 10 MB runs once.
RUNS = {1: 7, 10: 5, 100: 1}
PANDOC_RUNS = {1: 5, 10: 1}

# Targets.
T_PANDOC = 100.0      # recto at least 100x faster than pandoc (10 MB)
T_CMARK = 1.5         # recto within 1.5x of cmark-gfm's time
T_PLAIN = 20.0        # plain reader MB/s
T_XML = 20.0          # structured readers, MB per CPU second to native
T_XML_MEM = 10.0      # structured readers: peak RSS <= 10 x input
T_MEM_FACTOR = 6.0    # peak RSS <= 6 x input + 16 MB
T_MEM_FIXED = 16 * MB
T_LINEAR = 1.3        # s/MB at the largest size within 1.3x of 1 MB's
T_STARTUP = 5.0       # ms for a 1 KB document, end to end

LOAD = 0.0            # load average when the run started


def S_log(msg):
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


# --- tools -------------------------------------------------------------

def S_ensure_tools(need_pandoc):
    wanted = {"cmark-gfm": "cmark-gfm", "hyperfine": "hyperfine"}
    if need_pandoc:
        wanted["pandoc"] = "pandoc"
    missing = [pkg for exe, pkg in wanted.items() if not shutil.which(exe)]
    if not missing:
        return
    if os.geteuid() != 0:
        S_log("missing %s; not root, so not installing (those columns are "
              "skipped)" % " ".join(missing))
        return
    S_log("installing %s" % " ".join(missing))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-q"], env=env,
                   stdout=subprocess.DEVNULL)
    subprocess.run(["apt-get", "install", "-y", "-q"] + missing, env=env,
                   stdout=subprocess.DEVNULL)


def S_build(build_dir):
    """A release build of recto; returns the CLI path."""
    # Warnings that only -O3 raises must not stop a measurement.
    opts = ["--buildtype=release", "-Db_ndebug=true", "-Dwerror=false"]
    if not os.path.exists(os.path.join(build_dir, "build.ninja")):
        S_log("configuring %s (release)" % build_dir)
        subprocess.run(["meson", "setup", build_dir] + opts, cwd=ROOT,
                       check=True, stdout=subprocess.DEVNULL)
    else:
        subprocess.run(["meson", "configure", build_dir] + opts[1:],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["ninja", "-C", build_dir], check=True,
                   stdout=subprocess.DEVNULL)
    exe = os.path.join(build_dir, "core", "recto")
    if not os.access(exe, os.X_OK):
        sys.exit("no CLI at %s" % exe)
    return exe


# --- inputs ------------------------------------------------------------

def S_gen_hash():
    h = hashlib.sha1()
    for f in ("gen.py", "genxml.py"):
        with open(os.path.join(HERE, f), "rb") as fp:
            h.update(fp.read())
    return h.hexdigest()[:10]


def S_input(data_dir, kind, size_mb):
    """Generate (once per version of gen.py) and return the path."""
    name = "%s-%s-%s.%s" % (kind, ("%g" % size_mb).replace(".", "_"),
                            S_gen_hash(), EXT[kind])
    path = os.path.join(data_dir, name)
    if not os.path.exists(path):
        S_log("generating %s" % name)
        tmp = path + ".tmp"
        subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), kind,
                        str(size_mb), tmp], check=True)
        os.replace(tmp, path)
    return path


def S_nbytes(path, kind):
    """The bytes a conversion is charged with: the file, or for DOCX its
    word/document.xml (the notes and styles parts come free)."""
    if kind == "docx":
        import zipfile
        with zipfile.ZipFile(path) as z:
            return z.getinfo("word/document.xml").file_size
    return os.path.getsize(path)


# --- timing ------------------------------------------------------------

def S_run_once(argv, stdout_path=None):
    """Wall time (s), CPU time (s), peak RSS (bytes), exit status and the
    last line of stderr of one run."""
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    err = tempfile.TemporaryFile()
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=out, stderr=err,
                         stdin=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if stdout_path:
        out.close()
    err.seek(0)
    msg = err.read().decode("utf-8", "replace").strip().splitlines()
    return (wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss * 1024,
            p.returncode, (msg[-1] if msg else ""))


class Result:
    def __init__(self, tool, conv, size_mb, nbytes):
        self.tool, self.conv, self.size_mb, self.nbytes = tool, conv, size_mb, nbytes
        self.times, self.cpu, self.rss, self.error = [], [], 0, None

    @property
    def median(self):
        return statistics.median(self.times) if self.times else None

    @property
    def mbps(self):
        m = self.median
        return self.nbytes / MB / m if m else None


def S_run_into(r, argv, stdout_path=None):
    """One more run of argv, added to r (nothing after an error)."""
    if r.error:
        return
    wall, cpu, rss, rc, msg = S_run_once(argv, stdout_path)
    if rc != 0:
        r.error = "exit %d%s" % (rc, (": " + msg[:60]) if msg else "")
        return
    r.times.append(wall)
    r.cpu.append(cpu)
    r.rss = max(r.rss, rss)


def S_log_result(r):
    S_log("  %-8s %-20s %6g MB  %s" % (
        r.tool, r.conv, r.size_mb,
        r.error or "%.3f s  %.1f MB/s  %.0f MiB" % (r.median, r.mbps, r.rss / 2**20)))


def S_measure(tool, conv, size_mb, nbytes, argv, runs, stdout_path=None):
    r = Result(tool, conv, size_mb, nbytes)
    for _ in range(runs):
        S_run_into(r, argv, stdout_path)
    S_log_result(r)
    return r


def S_measure_rounds(jobs, runs):
    """Runs every job once per round, round after round, so that recto and
    cmark-gfm see the same state of a machine whose speed drifts (a shared
    virtual machine): their ratio is then fair.  jobs: (Result, argv,
    stdout_path)."""
    for _ in range(runs):
        for r, argv, stdout_path in jobs:
            S_run_into(r, argv, stdout_path)
    for r, _, _ in jobs:
        S_log_result(r)
    return [r for r, _, _ in jobs]


def S_startup(recto, tiny, out_dir, pandoc):
    """Median start-up in ms for a 1 KB document: recto per format, pandoc
    for reference.  hyperfine when present, else a loop."""
    res, loaded = {}, {}
    cmds = [("recto " + f, [recto, "-f", "markdown", "-t", f, "-o",
                            os.path.join(out_dir, "tiny." + EXT[f]), tiny])
            for f in RECTO_FORMATS]
    if pandoc:
        cmds.append(("pandoc markdown", ["pandoc", "-f", "markdown", "-t",
                                         "markdown", "-o",
                                         os.path.join(out_dir, "tiny-p.md"),
                                         tiny]))
    for name, argv in cmds:
        n = 20 if name.startswith("pandoc") else 200
        if shutil.which("hyperfine"):
            js = os.path.join(out_dir, "hf.json")
            p = subprocess.run(["hyperfine", "-N", "--warmup", "10", "--runs",
                                str(n), "--export-json", js, "--style", "none",
                                " ".join(S_quote(a) for a in argv)],
                               stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
            if p.returncode != 0:
                res[name] = None
                S_log("  startup %s: failed: %s" % (
                    name, p.stderr.decode("utf-8", "replace").strip()[-200:]))
                continue
            with open(js) as fp:
                res[name] = json.load(fp)["results"][0]["median"] * 1000
        else:
            ts = []
            for _ in range(n):
                wall, _, _, rc, _ = S_run_once(argv)
                if rc != 0:
                    break
                ts.append(wall)
            res[name] = statistics.median(ts) * 1000 if len(ts) == n else None
        if name.startswith("recto"):
            loaded[name] = S_plugins_loaded(argv)
        S_log("  startup %-16s %s %s" % (
            name, "%.2f ms" % res[name] if res[name] is not None else "failed",
            " ".join(loaded.get(name, []))))
    return res, loaded


def S_plugins_loaded(argv):
    """The plugin files the dynamic loader opened during one run (the
    target says: load only the plugins a conversion needs)."""
    env = dict(os.environ, LD_DEBUG="files")
    p = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)
    names = []
    for line in p.stderr.decode("utf-8", "replace").splitlines():
        m = re.search(r"file=(\S*/)?(recto-[\w.-]+?)\.so \[\d+\];\s+dynamically loaded",
                      line)
        if m and m.group(2) not in names:
            names.append(m.group(2))
    return names


def S_quote(a):
    if all(c.isalnum() or c in "/._-=+:," for c in a):
        return a
    return "'" + a.replace("'", "'\\''") + "'"


# --- report ------------------------------------------------------------

def S_fmt(x, spec):
    return "—" if x is None else spec % x


def S_table(results, sizes):
    by = {(r.tool, r.conv, r.size_mb): r for r in results}
    rows = ["| conversion | size | runs | median (s) | CPU (s) | MB/s "
            "| peak RSS (MiB) | RSS / input | recto ÷ pandoc time "
            "| recto ÷ cmark-gfm time |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    order = ([("recto", "md→" + f) for f in RECTO_FORMATS]
             + [("pandoc", "md→" + PANDOC_FORMAT[f]) for f in RECTO_FORMATS]
             + [("cmark-gfm", "md→html")]
             + [("recto", "plain→" + f) for f in PLAIN_FORMATS])
    for k, formats in XML_FORMATS.items():
        order += [("recto", "%s→%s" % (SHORT[k], f)) for f in formats]
        if k in PANDOC_READER:
            order.append(("pandoc", "%s→native" % SHORT[k]))
    for size in sizes:
        for tool, conv in order:
            r = by.get((tool, conv, size))
            if r is None:
                continue
            vs_p = vs_c = None
            if tool == "recto" and r.median and conv.split("→")[0] in (
                    "xhtml", "docbook", "docx") and conv.endswith("→native"):
                p = by.get(("pandoc", conv, size))
                if p and p.median:
                    vs_p = r.median / p.median
            if tool == "recto" and conv.startswith("md→") and r.median:
                fmt = conv[3:]
                p = by.get(("pandoc", "md→" + PANDOC_FORMAT[fmt], size))
                c = by.get(("cmark-gfm", "md→html", size))
                if p and p.median:
                    vs_p = r.median / p.median
                if c and c.median:
                    vs_c = r.median / c.median
            if r.error:
                rows.append("| %s %s | %g MB | — | %s | — | — | — | — | — | — |" % (
                    tool, conv, size, r.error.replace("|", "/")))
                continue
            rows.append("| %s %s | %g MB | %d | %.3f | %.3f | %.1f | %.0f | %.1f× | %s | %s |" % (
                tool, conv, size, len(r.times), r.median,
                statistics.median(r.cpu), r.mbps,
                r.rss / 2**20, r.rss / r.nbytes,
                "%.4f (%.0f× faster)" % (vs_p, 1 / vs_p) if vs_p else "—",
                S_fmt(vs_c, "%.2f")))
    return "\n".join(rows)


def S_targets(results, startup, sizes):
    by = {(r.tool, r.conv, r.size_mb): r for r in results}
    checks = []

    def check(name, ok, detail):
        checks.append(("PASS" if ok else "MISS", name, detail))

    big = 10 if 10 in sizes else max(sizes)
    for f in RECTO_FORMATS:
        r = by.get(("recto", "md→" + f, big))
        p = by.get(("pandoc", "md→" + PANDOC_FORMAT[f], big))
        c = by.get(("cmark-gfm", "md→html", big))
        if r and r.median and p and p.median:
            x = p.median / r.median
            check("≥ %g× pandoc, md→%s at %g MB" % (T_PANDOC, f, big),
                  x >= T_PANDOC, "%.0f×" % x)
        elif r and r.error:
            check("≥ %g× pandoc, md→%s at %g MB" % (T_PANDOC, f, big), False, r.error)
        if r and r.median and c and c.median:
            x = r.median / c.median
            check("≤ %g× cmark-gfm time, md→%s at %g MB" % (T_CMARK, f, big),
                  x <= T_CMARK, "%.2f×" % x)
    for f in PLAIN_FORMATS[:1]:
        for size in sizes:
            r = by.get(("recto", "plain→" + f, size))
            if r and r.median:
                check("plain reader ≥ %g MB/s (plain→%s, %g MB)" % (T_PLAIN, f, size),
                      r.mbps >= T_PLAIN, "%.1f MB/s" % r.mbps)
            elif r:
                check("plain reader ≥ %g MB/s (plain→%s, %g MB)" % (T_PLAIN, f, size),
                      False, r.error)
    for k in XML_FORMATS:
        for size in sizes:
            r = by.get(("recto", "%s→native" % SHORT[k], size))
            name = "%s reader ≥ %g MB per CPU second (%s→native, %g MB)" % (
                k, T_XML, SHORT[k], size)
            if r and r.times:
                x = r.nbytes / MB / statistics.median(r.cpu)
                check(name, x >= T_XML, "%.1f MB/CPU-s" % x)
            elif r:
                check(name, False, r.error)
        worst = None
        for f in XML_FORMATS[k]:
            # at 1 MB the program's own 12 MB dominate: judged from 10 MB
            for size in [z for z in sizes if z >= min(10, max(sizes))]:
                r = by.get(("recto", "%s→%s" % (SHORT[k], f), size))
                if r and r.times and (worst is None or
                                      r.rss / r.nbytes > worst.rss / worst.nbytes):
                    worst = r
        if worst:
            check("%s: peak RSS ≤ %g× input, every conversion" % (k, T_XML_MEM),
                  worst.rss <= T_XML_MEM * worst.nbytes,
                  "worst %s %g MB: %.1f×" % (worst.conv, worst.size_mb,
                                             worst.rss / worst.nbytes))
    worst = None
    for r in results:
        if r.tool != "recto" or not r.times or \
                r.conv.split("→")[0] not in ("md", "plain"):
            continue
        limit = T_MEM_FACTOR * r.nbytes + T_MEM_FIXED
        q = r.rss / limit
        if worst is None or q > worst[0]:
            worst = (q, r, limit)
    if worst:
        q, r, limit = worst
        check("peak RSS ≤ %g× input + 16 MB, every recto conversion" % T_MEM_FACTOR,
              q <= 1.0, "worst %s %g MB: %.0f MiB of %.0f MiB allowed" % (
                  r.conv, r.size_mb, r.rss / 2**20, limit / 2**20))
    lo, hi = min(sizes), max(sizes)
    if hi > lo:
        for tool, conv in ([("recto", "md→" + f) for f in RECTO_FORMATS]
                           + [("recto", "plain→" + f) for f in PLAIN_FORMATS]
                           + [("recto", "%s→%s" % (SHORT[k], f))
                              for k, fs in XML_FORMATS.items() for f in fs]):
            a, b = by.get((tool, conv, lo)), by.get((tool, conv, hi))
            if a and b and a.median and b.median:
                x = (b.median / b.nbytes) / (a.median / a.nbytes)
                check("s/MB at %g MB ≤ %g× s/MB at %g MB, %s" % (hi, T_LINEAR, lo, conv),
                      x <= T_LINEAR, "%.2f×" % x)
    for name, ms in startup.items():
        if name.startswith("recto"):
            check("start-up < %g ms, 1 KB %s" % (T_STARTUP, name),
                  ms is not None and ms < T_STARTUP,
                  "%.2f ms" % ms if ms is not None else "failed")
    return checks


def S_update_readme(text):
    path = os.path.join(HERE, "README.md")
    with open(path, encoding="utf-8") as fp:
        doc = fp.read()
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    if begin not in doc or end not in doc:
        S_log("README.md has no bench markers; not updated")
        return
    head, rest = doc.split(begin, 1)
    _, tail = rest.split(end, 1)
    with open(path, "w", encoding="utf-8") as fp:
        fp.write(head + begin + "\n" + text + "\n" + end + tail)


def S_machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as fp:
            for line in fp:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return "%s, %d cores" % (cpu, os.cpu_count() or 1)


def S_version(argv):
    try:
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        return p.stdout.decode().splitlines()[0].strip()
    except (OSError, IndexError):
        return "?"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1,10,100",
                    help="input sizes in MB (default 1,10,100)")
    ap.add_argument("--pandoc-sizes", default="1,10",
                    help="sizes at which pandoc runs (default 1,10; '' = none)")
    ap.add_argument("--quick", action="store_true",
                    help="1 MB only, 3 runs, pandoc once (a smoke test)")
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build-bench"))
    ap.add_argument("--recto", help="use this recto binary, do not build")
    ap.add_argument("--data-dir", help="where inputs and outputs go "
                    "(default BUILD_DIR/bench-data)")
    ap.add_argument("--update-readme", action="store_true",
                    help="write the table into bench/README.md")
    ap.add_argument("--inputs", default=",".join(INPUTS),
                    help="input kinds (default %s)" % ",".join(INPUTS))
    args = ap.parse_args()
    kinds = [k for k in args.inputs.split(",") if k]
    for k in kinds:
        if k not in INPUTS:
            ap.error("unknown input kind %s" % k)

    sizes = [float(s) for s in args.sizes.split(",") if s]
    psizes = [float(s) for s in args.pandoc_sizes.split(",") if s]
    if args.quick:
        sizes, psizes = [1.0], [s for s in psizes if s == 1.0]
        RUNS[1] = 3
        PANDOC_RUNS[1] = 1
    sizes = [int(s) if s == int(s) else s for s in sizes]
    psizes = [int(s) if s == int(s) else s for s in psizes]

    S_ensure_tools(bool(psizes))
    recto = args.recto or S_build(args.build_dir)
    data = args.data_dir or os.path.join(args.build_dir, "bench-data")
    os.makedirs(data, exist_ok=True)
    outd = os.path.join(data, "out")
    os.makedirs(outd, exist_ok=True)
    have_pandoc = bool(shutil.which("pandoc")) and bool(psizes)
    have_cmark = bool(shutil.which("cmark-gfm"))

    S_log("inputs")
    inputs = {(k, s): S_input(data, k, s) for k in kinds for s in sizes}
    tiny = S_input(data, "markdown", 0.001)

    global LOAD
    LOAD = os.getloadavg()[0]
    if LOAD > 1.5:
        S_log("note: load average %.1f; wall times will be inflated" % LOAD)
    results = []
    t_start = time.time()
    for s in sizes:
        S_log("size %g MB" % s)
        runs = RUNS.get(s, 1 if s > 10 else 3)
        nb = {k: S_nbytes(inputs[k, s], k) for k in kinds}

        def recto_job(src, f):
            out = os.path.join(outd, "recto-%s-%g.%s" % (src, s, EXT[f]))
            return (Result("recto", "%s→%s" % (SHORT[src], f), s, nb[src]),
                    [recto, "-f", src, "-t", f, "-o", out, inputs[src, s]],
                    None)

        jobs = []
        if "markdown" in kinds:
            jobs += [recto_job("markdown", f) for f in RECTO_FORMATS]
            if have_cmark:
                jobs.append((Result("cmark-gfm", "md→html", s, nb["markdown"]),
                             ["cmark-gfm", "-e", "footnotes", "-e", "table",
                              "-t", "html", inputs["markdown", s]],
                             os.path.join(outd, "cmark-%g.html" % s)))
        if "plain" in kinds:
            jobs += [recto_job("plain", f) for f in PLAIN_FORMATS]
        for k, formats in XML_FORMATS.items():
            if k in kinds:
                jobs += [recto_job(k, f) for f in formats]
        results += S_measure_rounds(jobs, runs)
        if have_pandoc and s in psizes and "markdown" in kinds:
            for f in RECTO_FORMATS:
                pf = PANDOC_FORMAT[f]
                out = os.path.join(outd, "pandoc-%g.%s" % (s, EXT[f]))
                results.append(S_measure(
                    "pandoc", "md→" + pf, s, nb["markdown"],
                    ["pandoc", "-f", "markdown", "-t", pf, "-o", out,
                     inputs["markdown", s]], PANDOC_RUNS.get(s, 1)))
        for k, reader in PANDOC_READER.items():
            if have_pandoc and s in psizes and k in kinds:
                out = os.path.join(outd, "pandoc-%s-%g.native" % (k, s))
                results.append(S_measure(
                    "pandoc", "%s→native" % SHORT[k], s, nb[k],
                    ["pandoc", "-f", reader, "-t", "native", "-o", out,
                     inputs[k, s]], PANDOC_RUNS.get(s, 1)))

    S_log("start-up (1 KB document)")
    startup, loaded = S_startup(recto, tiny, outd, have_pandoc)
    elapsed = time.time() - t_start

    table = S_table(results, sizes)
    lines = ["Measured %s on %s; %s; pandoc: %s (no --citeproc); %s." % (
        time.strftime("%Y-%m-%d"), S_machine(),
        S_version([recto, "--version"]),
        S_version(["pandoc", "--version"]) if have_pandoc else "not run",
        S_version(["cmark-gfm", "--version"]) if have_cmark else "cmark-gfm not run"),
        "Input: `bench/gen.py` (Markdown, PDF-extraction plain text, TEI, "
        "XHTML, DocBook and DOCX; DOCX sized and charged by its "
        "word/document.xml); "
        "MB = 10^6 bytes; median wall time (and median CPU time, user + "
        "system); peak RSS from wait4; load average %.1f at the start." % LOAD,
        "", table, "",
        "Start-up, 1 KB Markdown document, end to end with plugin discovery "
        "(median):", ""]
    for name, ms in startup.items():
        lines.append("- %s: %s%s" % (
            name, "%.2f ms" % ms if ms is not None else "failed",
            " (plugins loaded: %s)" % ", ".join(loaded[name])
            if loaded.get(name) else ""))
    checks = S_targets(results, startup, sizes)
    lines += ["", "Targets:", ""]
    for verdict, name, detail in checks:
        lines.append("- **%s** %s: %s" % (verdict, name, detail))
    text = "\n".join(lines)
    print(text)
    print("\n(benchmark took %.0f s)" % elapsed)
    with open(os.path.join(data, "results.md"), "w", encoding="utf-8") as fp:
        fp.write(text + "\n")
    with open(os.path.join(data, "results.json"), "w") as fp:
        json.dump([{"tool": r.tool, "conv": r.conv, "size_mb": r.size_mb,
                    "bytes": r.nbytes, "times": r.times, "cpu": r.cpu,
                    "rss": r.rss,
                    "error": r.error} for r in results]
                  + [{"startup_ms": startup}], fp, indent=1)
    if args.update_readme:
        S_update_readme(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
