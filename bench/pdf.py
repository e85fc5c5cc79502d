#!/usr/bin/env python3
"""Time recto's PDF reader against pdftotext, page for page.

    bench/pdf.py [--build-dir DIR] [--pages 10,100,1000] [--runs N]

Generates PDFs of the given page counts with the test suite's typesetter
(tests/pdf/mkpdf, from tests/pdf/docs/en-article.pdfspec repeated) and
times, on the same file, `pdftotext` (text only) and `recto -f pdf -t
native` (text, layout and the whole recovery), with the median wall time,
milliseconds per page, the ratio recto / pdftotext of wall and of CPU
time (user + system, the steadier figure on a loaded machine; target:
within 2x) and the peak resident memory (target: growing by no more
than the document model's own size per page).  Also the dev PDFs of ../shared/corpus/
dev-pdf/ when they are there.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "corpus", "dev-pdf")


def run(argv, tmp):
    """Wall seconds, CPU seconds (user + system) and peak RSS (kB) of
    one run.  The peak is /usr/bin/time's: wait4's ru_maxrss of a child
    of this script counts the script's own pages, shared until exec."""
    rss = os.path.join(tmp, "rss")
    t0 = time.perf_counter()
    p = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss] + argv,
                         stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    if status != 0:
        sys.exit("failed: %s" % " ".join(argv))
    with open(rss) as f:
        peak = int(f.read().split()[-1])
    return wall, usage.ru_utime + usage.ru_stime, peak


def pages_of(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True)
    for line in out.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def spec_of_pages(pages, tmp):
    """A spec long enough for about `pages` A5 pages."""
    with open(os.path.join(ROOT, "tests", "pdf", "docs",
                           "en-article.pdfspec"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    head = [l for l in lines if l.startswith("@") and
            not l.startswith("@references")]
    body = [l for l in lines if l and not l.startswith("@")]
    out = head[:]
    # The en-article body fills about three pages.
    for k in range(max(1, pages // 3)):
        out += ["# Part %d" % (k + 1)] + body[1:]
    path = os.path.join(tmp, "bench-%d.pdfspec" % pages)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--pages", default="10,100,1000")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    recto = os.path.join(a.build_dir, "core", "recto")
    mkpdf = os.path.join(a.build_dir, "tests", "pdf", "mkpdf")
    for tool in (recto, mkpdf):
        if not os.path.exists(tool):
            sys.exit("build first: %s is missing" % tool)
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for n in [int(x) for x in a.pages.split(",")]:
            pdf = os.path.join(tmp, "bench-%d.pdf" % n)
            subprocess.run([mkpdf, spec_of_pages(n, tmp), pdf,
                            pdf + ".json"], check=True)
            files.append(("generated", pdf))
        if os.path.isdir(SHARED):
            files += [("dev", os.path.join(SHARED, f))
                      for f in sorted(os.listdir(SHARED))]
        print("| file | pages | pdftotext ms/page | recto ms/page | ratio "
              "| CPU ratio | pdftotext RSS MB | recto RSS MB |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for kind, pdf in files:
            pages = pages_of(pdf) or 1
            t_runs, r_runs = [], []
            for _ in range(a.runs):
                t_runs.append(run(["pdftotext", pdf, "-"], tmp))
                r_runs.append(run([recto, "-f", "pdf", "-t", "native", "-o",
                                   os.path.join(tmp, "out.json"), pdf],
                                  tmp))
            t = statistics.median(w for w, _, _ in t_runs)
            r = statistics.median(w for w, _, _ in r_runs)
            tc = statistics.median(c for _, c, _ in t_runs)
            rc = statistics.median(c for _, c, _ in r_runs)
            print("| %s %s | %d | %.2f | %.2f | %.2f | %.2f | %.1f | %.1f |" % (
                kind, os.path.basename(pdf), pages, 1000 * t / pages,
                1000 * r / pages, r / t, rc / tc if tc else 0,
                max(m for _, _, m in t_runs) / 1024,
                max(m for _, _, m in r_runs) / 1024), flush=True)


if __name__ == "__main__":
    main()
