#!/usr/bin/env python3
"""Bibliographies through the CLI.

  roundtrip  samples/references.bib -> CSL JSON -> CSL JSON is stable, and
             samples/references.json gives the same entries
  errors     malformed BibTeX and CSL JSON: exit 4, file:line:column
  pandoc     ../shared/conformance/pandoc/biblio.bib (skipped when absent)
  demo       samples/bibliography-demo.md cites the samples: the same
             citation keys and entries with either bibliography
  formats    the demo through every writer that is built: every cited key
             and every entry is in each output
"""
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile

SRC = os.environ.get("RECTO_SOURCE_ROOT", ".")
SAMPLES = os.path.join(SRC, "samples")
BIB = os.path.join(SAMPLES, "references.bib")
CSL = os.path.join(SAMPLES, "references.json")
DEMO = os.path.join(SAMPLES, "bibliography-demo.md")
KEYS = ["umarov2022", "rezaei1403", "alhashimi2019", "petrova2015",
        "undp2020", "vandenberg2018", "nurlanov2023", "mueller2016"]
CITED = {"umarov2022", "vandenberg2018", "petrova2015", "alhashimi2019",
         "rezaei1403", "undp2020", "nurlanov2023", "mueller2016",
         "nosuchkey"}

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL " + what)


def run(args, data=None):
    return subprocess.run([os.environ["RECTO"]] + args, input=data,
                          capture_output=True, timeout=120)


def recto_ok(args, data=None):
    r = run(args, data)
    check(r.returncode == 0, "recto %s: exit %d: %s" % (
        " ".join(args), r.returncode, r.stderr.decode(errors="replace")))
    return r.stdout


def t_roundtrip():
    from_bib = recto_ok([BIB, "-t", "csljson"])
    entries = json.loads(from_bib)
    check([e["id"] for e in entries] == KEYS, "bib keys in order")
    again = recto_ok(["-f", "csljson", "-t", "csljson"], from_bib)
    check(again == from_bib, "bib -> CSL JSON -> CSL JSON identical")
    from_json = recto_ok([CSL, "-t", "csljson"])
    check(from_json == from_bib, "references.json and references.bib agree")
    # What the samples must carry.
    by_id = {e["id"]: e for e in entries}
    rez = by_id.get("rezaei1403", {})
    check(rez.get("issued") == {"date-parts": [[1403]],
                                "calendar": "solar-hijri"},
          "Solar Hijri year kept with its calendar")
    check(rez.get("language") == "fa", "langid persian -> fa")
    check(by_id.get("undp2020", {}).get("author") ==
          [{"literal": "United Nations Development Programme"}],
          "organisation author is a literal")
    check(by_id.get("alhashimi2019", {}).get("page") == "45-78",
          "page range")
    check(len(by_id.get("vandenberg2018", {}).get("editor", [])) == 2,
          "chapter editors")
    check(by_id.get("nurlanov2023", {}).get("accessed") ==
          {"date-parts": [[2024, 3, 5]]}, "accessed date")
    check(by_id.get("mueller2016", {}).get("title") ==
          "Sprachpolitik und Staatsbürgerschaft in Kasachstan",
          "LaTeX accents")
    # The native dump of a bibliography is stable too.
    n1 = recto_ok([BIB, "-t", "native"])
    n2 = recto_ok(["-f", "native", "-t", "native"], n1)
    n3 = recto_ok(["-f", "native", "-t", "native"], n2)
    check(n2 == n3, "native of a bibliography reads back identically")
    check(recto_ok(["-f", "native", "-t", "csljson"], n3) == from_bib,
          "native keeps every entry field")


def t_errors():
    with tempfile.TemporaryDirectory() as tmp:
        cases = [
            ("bad.bib", "@book{a,\n  title = {x},\n  year = 2000\n"
             "  author = {y}}\n", ":4:3:", "[bibtex.syntax]"),
            ("unclosed.bib", "@book{ok, title = {x}}\n\n@article{b,\n"
             "  title = {never closed\n", ":4:11:", "[bibtex.syntax]"),
            ("bad.json", '[{"id": "a"},\n {"id": "b", "author": 3}]',
             ":2:24:", "[csljson.syntax]"),
            ("broken.json", '[{"id": "a"}\n {"id": "b"}]', ":2:2:",
             "[csljson.json]"),
        ]
        for name, text, where, code in cases:
            path = os.path.join(tmp, name)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            fmt = ["-f", "csljson"] if name.endswith(".json") else []
            r = run(fmt + [path, "-t", "csljson"])
            err = r.stderr.decode(errors="replace")
            check(r.returncode == 4, "%s: exit 4, got %d" % (name,
                                                            r.returncode))
            check(path + where in err and code in err,
                  "%s: expected %s%s and %s in: %s" % (name, path, where,
                                                       code, err))
            # The same file given as --bibliography fails the same way.
            r = run(["-f", "native", "-t", "native", "--bibliography",
                     path], b'{"recto-native": 1, "blocks": []}')
            err = r.stderr.decode(errors="replace")
            check(r.returncode == 4 and path + where in err,
                  "%s as --bibliography: exit %d: %s" % (name, r.returncode,
                                                         err))


def t_pandoc():
    shared = os.environ.get("RECTO_SHARED", "")
    path = os.path.join(shared, "conformance", "pandoc", "biblio.bib")
    if not os.path.exists(path):
        print("no ../shared: skipped")
        sys.exit(77)
    entries = json.loads(recto_ok([path, "-t", "csljson"]))
    by_id = {e["id"]: e for e in entries}
    check(sorted(by_id) == sorted(["item1", "item2", "пункт3"]),
          "three entries, UTF-8 key kept: %s" % sorted(by_id))
    i1 = by_id.get("item1", {})
    check(i1.get("type") == "book" and i1.get("publisher-place") ==
          "Cambridge" and i1.get("issued") == {"date-parts": [[2005]]},
          "item1 fields")
    i2 = by_id.get("item2", {})
    check(i2.get("type") == "article-journal" and i2.get("page") == "33-34"
          and i2.get("volume") == "6", "item2 fields")
    i3 = by_id.get("пункт3", {})
    check(i3.get("type") == "chapter" and i3.get("container-title") ==
          "Third Book" and len(i3.get("author", [])) == 2 and
          i3.get("editor") == [{"family": "Smith", "given": "Sam"}],
          "пункт3 fields")


def S_cites(native_text):
    """(key, resolved) of every citation item, in document order, and the
    ids of the bibliography entries."""
    doc = json.loads(native_text)
    cites, entries = [], []
    stack = list(reversed(doc["blocks"]))
    while stack:
        n = stack.pop()
        if n["type"] == "cite":
            cites += [(i["key"], i.get("resolved", False)) for i in n["items"]]
        if n["type"] == "bib_entry":
            entries.append(n["entry"]["id"])
        stack += list(reversed(n.get("children", [])))
    return cites, entries


def S_formats(section):
    out = recto_ok(["--list-formats"]).decode()
    names, current = [], None
    for line in out.splitlines():
        if line.endswith(":"):
            current = line
        elif current == section and line.strip():
            names.append(line.split()[0])
    return names


def S_need_markdown():
    # The demo is Markdown; without that reader there is nothing to test.
    if "markdown" not in S_formats("Input formats:"):
        print("no Markdown reader: skipped")
        sys.exit(77)


def t_demo():
    S_need_markdown()
    r_bib = run([DEMO, "--bibliography", BIB, "-t", "native"])
    r_csl = run([DEMO, "--bibliography", CSL, "-t", "native"])
    for r in (r_bib, r_csl):
        check(r.returncode == 0, "demo converts: %s" % r.stderr.decode())
        err = r.stderr.decode(errors="replace")
        check("nosuchkey" in err and "[cite.unknown-key]" in err,
              "the unknown key is reported: %s" % err)
        check(err.count("[cite.unknown-key]") == 1,
              "only the unknown key is reported")
    if failures:
        return
    c_bib, e_bib = S_cites(r_bib.stdout)
    c_csl, e_csl = S_cites(r_csl.stdout)
    check(c_bib == c_csl, "same citations with either bibliography")
    check(e_bib == e_csl == KEYS, "same entries with either bibliography")
    check({k for k, _ in c_bib} == CITED, "every citation key read")
    check(all(res == (k != "nosuchkey") for k, res in c_bib),
          "known keys resolve, the unknown one does not")
    j_bib = recto_ok([DEMO, "--bibliography", BIB, "-t", "csljson"])
    j_csl = recto_ok([DEMO, "--bibliography", CSL, "-t", "csljson"])
    check(j_bib == j_csl, "the entries agree field by field")


def t_formats():
    S_need_markdown()
    for fmt in S_formats("Output formats:"):
        out = recto_ok([DEMO, "--bibliography", BIB, "-t", fmt])
        if fmt == "epub":
            with zipfile.ZipFile(io.BytesIO(out)) as z:
                text = "".join(z.read(n).decode("utf-8", "replace")
                               for n in z.namelist()
                               if n.endswith((".xhtml", ".html")))
        else:
            text = out.decode("utf-8", "replace")
        # CSL JSON holds the entries only; the others the text as well.
        want = set(KEYS) if fmt == "csljson" else CITED | set(KEYS)
        missing = sorted(k for k in want if k not in text)
        check(not missing, "%s output lacks %s" % (fmt, missing))


def main():
    mode = sys.argv[1]
    {"roundtrip": t_roundtrip, "errors": t_errors, "pandoc": t_pandoc,
     "demo": t_demo, "formats": t_formats}[mode]()
    print("%s: %d failures" % (mode, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
