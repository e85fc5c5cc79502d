#!/usr/bin/env python3
"""The manual pages, the completions, the LICENSE and --help agree.

usage: test_man.py CASE
  render      recto.1 and librecto.3 render with no warning (groff -ww,
              and man -l where man is installed)
  options     every option of --help is in recto.1 and in the README's
              options table, every option of recto.1 in --help; exit
              codes and environment variables are in both
  example     librecto.3's example plugin builds and runs
  install     meson install puts the pages and completions in place
  completion  the bash completion offers the formats and options
  license     LICENSE is the licence meson.build declares
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "cli"))
from test_cli import FAILURES, RECTO, SKIP, check  # noqa: E402

SRC = os.environ["RECTO_SOURCE_ROOT"]
BUILD = os.environ["RECTO_BUILD_ROOT"]
PAGES = [os.path.join(BUILD, "man", p) for p in ("recto.1", "librecto.3")]


def run(args, **kw):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, **kw)


def help_text():
    r = run([RECTO, "--help"])
    check(r.returncode == 0, "--help: %r" % r)
    return r.stdout


def options_in(text):
    return set(re.findall(r"(?<![\w-])(--?[a-zA-Z][a-zA-Z-]*)", text))


def man_source(page):
    with open(page, encoding="utf-8") as f:
        return f.read().replace("\\-", "-").replace("\\(dq", '"')


def case_render():
    if not shutil.which("groff"):
        print("no groff: skipped")
        return SKIP
    for page in PAGES:
        r = run(["groff", "-man", "-Tutf8", "-ww", "-z", page])
        check(r.returncode == 0 and not r.stderr,
              "groff -ww %s: %s" % (page, r.stderr))
        if shutil.which("man"):
            r = run(["man", "--warnings", "-l", page],
                    env=dict(os.environ, MANWIDTH="80", MANPAGER="cat",
                             PAGER="cat", LC_ALL="C.UTF-8"))
            check(r.returncode == 0 and not r.stderr.strip() and
                  len(r.stdout) > 2000, "man -l %s: %s" % (page, r.stderr))
        check("@VERSION@" not in open(page, encoding="utf-8").read(),
              "the version is filled in %s" % page)


def case_options():
    helptext = help_text()
    page = man_source(PAGES[0])
    opts_section = page.split(".SH OPTIONS")[1].split(".SH PLUGIN OPTIONS")[0]
    in_help = options_in(helptext)
    in_man = options_in(opts_section)
    for o in sorted(in_help):
        check(o in in_man, "%s of --help is in recto.1's OPTIONS" % o)
    for o in sorted(in_man):
        check(o in in_help, "%s of recto.1 is in --help" % o)
    with open(os.path.join(SRC, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    table = readme.split("### Options")[1].split("### Exit codes")[0]
    in_readme = options_in(table)
    for o in sorted(in_help):
        check(o in in_readme, "%s of --help is in the README's options" % o)
    for code in range(0, 8):
        check(re.search(r"\n\.B %d\n" % code, page),
              "exit code %d in recto.1" % code)
        check("\n  %d  " % code in helptext, "exit code %d in --help" % code)
    for var in re.findall(r"\b(RECTO_[A-Z_]+|SOURCE_DATE_EPOCH)\b", helptext):
        check(".B %s\n" % var in page, "%s in recto.1's ENVIRONMENT" % var)
    check(".SH EXAMPLES" in page and "Examples:" in helptext,
          "examples in both")


def case_example():
    cc = shutil.which("cc")
    if not cc:
        print("no C compiler: skipped")
        return SKIP
    page = man_source(PAGES[1]).replace("\\e", "\\")
    blocks = re.findall(r"\.EX\n(.*?)\.EE", page, re.S)
    code = [b for b in blocks if "recto_plugin_descriptor" in b]
    check(len(code) == 1, "one example plugin in librecto.3")
    tmp = tempfile.mkdtemp()
    try:
        os.chmod(tmp, 0o755)
        src = os.path.join(tmp, "wc.c")
        with open(src, "w") as f:
            f.write(code[0])
        so = os.path.join(tmp, "recto-wordcount.so")
        r = run([cc, "-shared", "-fPIC", "-fvisibility=hidden", "-Wall",
                 "-Werror", "-o", so, src, "-I", os.path.join(SRC, "include"),
                 "-L", os.path.join(BUILD, "core"), "-lrecto"])
        check(r.returncode == 0, "the example builds: %s" % r.stderr)
        if r.returncode:
            return 0
        md = os.path.join(tmp, "notes.md")
        with open(md, "w") as f:
            f.write("One *two* three.\n")
        r = run([RECTO, "--plugin-path", tmp, md, "-t", "wordcount"],
                env=dict(os.environ, RECTO_PLUGIN_CACHE=""))
        check(r.returncode == 0 and r.stdout.strip().isdigit(),
              "the example runs: %r" % r)
    finally:
        shutil.rmtree(tmp)
    return 0


def case_install():
    dest = tempfile.mkdtemp()
    try:
        r = run(["meson", "install", "-C", BUILD, "--no-rebuild", "--quiet",
                 "--destdir", dest])
        check(r.returncode == 0, "meson install: %s" % r.stderr[-2000:])
        found = set()
        for d, _, names in os.walk(dest):
            for n in names:
                found.add(os.path.relpath(os.path.join(d, n), dest))
        for want in [r"share/man/man1/recto\.1$", r"share/man/man3/librecto\.3$",
                     r"share/bash-completion/completions/recto$",
                     r"share/zsh/site-functions/_recto$"]:
            check(any(re.search(want, f) for f in found),
                  "installed: %s" % want)
    finally:
        shutil.rmtree(dest)


def complete(line):
    """What the bash completion offers for the last word of line."""
    words = line.split(" ")
    script = ("source %s\nCOMP_WORDS=(%s)\nCOMP_CWORD=%d\n_recto\n"
              "printf '%%s\\n' \"${COMPREPLY[@]}\"\n" %
              (os.path.join(SRC, "completions", "recto.bash"),
               " ".join("'%s'" % w for w in [RECTO] + words[1:]),
               len(words) - 1))
    r = run(["bash", "-c", script])
    check(r.returncode == 0, "bash completion runs: %s" % r.stderr)
    return r.stdout.split()


def case_completion():
    if not shutil.which("bash"):
        print("no bash: skipped")
        return SKIP
    outs = run([RECTO, "--list-output-formats"]).stdout.split()
    if not outs:
        print("no format plugins: skipped")
        return SKIP
    check(sorted(complete("recto -t ")) == sorted(outs),
          "-t offers the output formats: %r" % complete("recto -t "))
    ins = run([RECTO, "--list-input-formats"]).stdout.split()
    check(sorted(complete("recto --from ")) == sorted(ins),
          "--from offers the input formats")
    check("--metadata-file" in complete("recto --meta"),
          "options from --help: %r" % complete("recto --meta"))
    check(complete("recto --citation-style n") == ["numeric"],
          "citation styles")
    zsh = shutil.which("zsh")
    if zsh:
        r = run([zsh, "-n", os.path.join(SRC, "completions", "_recto")])
        check(r.returncode == 0, "zsh reads _recto: %s" % r.stderr)


def case_license():
    with open(os.path.join(SRC, "meson.build"), encoding="utf-8") as f:
        declared = re.search(r"license\s*:\s*'([^']+)'", f.read()).group(1)
    with open(os.path.join(SRC, "LICENSE"), encoding="utf-8") as f:
        text = f.read()
    check(text.splitlines()[0] == "%s License" % declared,
          "LICENSE is the %s licence: %r" % (declared, text[:40]))
    check("GPL" in text and "plugins/pdf" in text,
          "LICENSE says what the PDF plugin's binary is under")


CASES = {"render": case_render, "options": case_options,
         "example": case_example, "install": case_install,
         "completion": case_completion, "license": case_license}

if __name__ == "__main__":
    rc = CASES[sys.argv[1]]()
    if rc == SKIP:
        sys.exit(SKIP)
    sys.exit(1 if FAILURES else 0)
