#!/usr/bin/env python3
"""The plain-text reader, one rule at a time, through the CLI.

Each case feeds a small text written for it to `$RECTO -f plain -t native`
and checks the tree (and the diagnostics).  `rules.py NAME` runs one case,
`rules.py all` every case; `rules.py list` names them.
"""
import json
import os
import subprocess
import sys

RECTO = os.environ.get("RECTO", "recto")
CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


class Failure(Exception):
    pass


def expect(cond, what):
    if not cond:
        raise Failure(what)


def read(text, *opts, data=None, code=0):
    """Convert text (or raw bytes) and return (tree, stderr)."""
    raw = data if data is not None else text.encode("utf-8")
    p = subprocess.run([RECTO, "--verbose", "-f", "plain", "-t", "native"] +
                       list(opts) + ["-"], input=raw, capture_output=True)
    err = p.stderr.decode("utf-8", "replace")
    if p.returncode != code:
        raise Failure("exit %d (expected %d): %s" % (p.returncode, code, err))
    tree = json.loads(p.stdout.decode("utf-8")) if code == 0 else None
    return tree, err


def nodes(tree, kind=None):
    """Nodes of a kind below a document (its blocks) or below a node."""
    out = []

    def walk(ns):
        for n in ns:
            if kind is None or n["type"] == kind:
                out.append(n)
            walk(n.get("children", []))
    walk(tree["blocks"] if "blocks" in tree else tree.get("children", []))
    return out


def text(n):
    t = n["type"]
    if t == "text":
        return n["text"]
    if t == "soft_break":
        return " "
    if t == "note":
        return ""
    return "".join(text(c) for c in n.get("children", []))


def switched_off(src, step, kind):
    """With -O plain.STEP=false the reader makes no node of that kind."""
    t, _ = read(src, "-O", "plain.%s=false" % step)
    expect(not nodes(t, kind), "plain.%s=false still gives %s" % (step, kind))


def note_text(n):
    """The text of a note (text() leaves notes out of their context)."""
    return "".join(text(c) for c in n.get("children", []))


def entries(tree):
    return [n.get("entry", n) for n in nodes(tree, "bib_entry")]


# ---- paragraphs and hyphenation ----

@case
def blank_line_paragraphs():
    t, _ = read("First paragraph of text.\n\nSecond paragraph of text.\n")
    ps = nodes(t, "paragraph")
    expect(len(ps) == 2, "two paragraphs, got %d" % len(ps))


WRAPPED = """The village kept its records in small notebooks that were written by
the headman and his son, one page for every week of the year, with the
rain measured in a copper bowl standing in the yard behind the house.
Later readers argued about the unit of the measure, but they agreed that
the numbers were written with care and kept for more than thirty years.

A second paragraph starts after the blank line and says something else
about the notebooks, which are now kept in the provincial archive with
their original covers, a list of the families and a note on the flood.
"""


@case
def wrapped_lines_joined():
    t, err = read(WRAPPED)
    ps = nodes(t, "paragraph")
    expect(len(ps) == 2, "two paragraphs, got %d" % len(ps))
    expect(len(nodes(ps[0], "soft_break") if False else
               [c for c in ps[0]["children"] if c["type"] == "soft_break"])
           == 4, "line breaks kept as soft breaks")
    expect("wrapped lines" in err, "layout reported with --verbose")


@case
def hyphenation_from_vocabulary():
    src = ("A fundamental question comes first in this study of the village\n"
           "records, and the long-term view matters as much as the short one\n"
           "in every chapter that follows here. The fundamen-\n"
           "tal point is simple: the records were re-entered after the flood\n"
           "and many pages were re-\n"
           "established by the son, who took a long-\n"
           "term view of the whole work and copied the older measure-\n"
           "ments into a new book with the same care as his father.\n")
    t, _ = read(src)
    s = text(nodes(t, "paragraph")[0])
    expect("fundamental point" in s, "hyphen of a broken word dropped")
    expect("re-established" in s, "hyphen kept for a prefix used elsewhere")
    expect("long-term view of" in s, "hyphen kept for a compound seen whole")
    expect("measurements" in s, "unknown word joined")
    t, _ = read(src, "-O", "plain.hyphenation=false")
    s = text(nodes(t, "paragraph")[0])
    expect("fundamen- tal" in s, "switched off: the line break stays")


@case
def characters_kept():
    src = "این متن دربارهٔ نامه‌ها است و هیچ نویسه‌ای حذف نمی‌شود.\n"
    t, _ = read(src)
    s = text(nodes(t, "paragraph")[0])
    expect(s == src.strip(), "text unchanged, ZWNJ kept: %r" % s)


@case
def line_endings():
    lf = "Title line here\n\nA paragraph that ends here.\n\nAnother one.\n"
    a, _ = read(lf)
    b, _ = read(lf.replace("\n", "\r\n"))
    c, _ = read(lf.replace("\n", "\r"))
    shape = lambda t: [(n["type"], text(n)) for n in t["blocks"]]
    expect(shape(a) == shape(b) == shape(c), "CRLF, CR and LF read alike")


# ---- page furniture ----

def pages(header_fmt, number_fmt, digits):
    body = [
        "The first page tells how the ledgers were found in a wooden box\n"
        "under the stairs of the old school, wrapped in a cloth and tied.\n",
        "The second page describes the ledgers one by one, with the dates\n"
        "written on their covers and the names of the people who kept them.\n",
        "The third page ends the description and thanks the families who\n"
        "let the ledgers be read, copied and kept in the public archive.\n"]
    out = []
    for k, b in enumerate(body):
        n = "".join(digits[int(d)] for d in str(41 + k))
        page = ""
        if header_fmt and k:
            page += header_fmt % n + "\n\n"
        page += b
        if number_fmt:
            page += "\n" + number_fmt % n + "\n"
        out.append(page)
    return "\f".join(out)


@case
def running_heads_latin():
    src = pages("Notes on Village Archives, Spring Issue          %s",
                "%s", "0123456789")
    t, _ = read(src)
    pbs = nodes(t, "page_break")
    labels = [p.get("label") for p in pbs]
    expect(labels[:3] == ["41", "42", "43"], "labels as printed: %s" % labels)
    body = "\n".join(text(p) for p in nodes(t, "paragraph"))
    expect("Notes on Village" not in body, "running head removed")
    expect(not any(w.strip() in ("41", "42", "43") for w in body.split("\n")),
           "page numbers removed")
    expect(any("Notes on Village" in (p.get("header") or "") for p in pbs),
           "removed head kept on the page break")
    expect(all(p.get("source") in ("form-feed", "page-number", "running-head")
               for p in pbs), "provenance recorded")


PAGE_WORDS = ("wells rivers rain valley stone water field river bank lake "
              "spring road hill farm mill bridge gate tower").split()


def headed_pages(n, heads, sep="\n\n"):
    """n pages of wrapped text, each with its number at its foot; page k
    opens with heads[k] where there is one."""
    out = []
    for k in range(n):
        w = PAGE_WORDS[k % 18:] + PAGE_WORDS[:k % 18]
        out.append((heads[k] + sep if k in heads else "") +
                   "The %s and the %s of page %d were measured at a width, as\n"
                   "the text of the %s is, and it goes on so that the\n"
                   "reader sees that the %s lines are wrapped in the %s.\n\n%d\n"
                   % (w[0], w[1], k + 1, w[4], w[2], w[3], k + 1))
    return "\f".join(out)


@case
def running_heads_of_one_chapter():
    """A running head that names one chapter of many heads a few pages
    only, close together (every other page of its chapter): it is
    furniture all the same."""
    heads = dict([(k, "Chapter 1: The Wells of the Valley") for k in (2, 4, 6)] +
                 [(k, "Chapter 2: The Rivers and the Rain") for k in (14, 16, 18)])
    out = headed_pages(24, heads)
    t, _ = read(out)
    body = "\n".join(text(p) for p in nodes(t, "paragraph") +
                     nodes(t, "heading"))
    expect("Chapter 1" not in body and "Chapter 2" not in body,
           "running heads left in the text")
    heads = " ".join(p.get("header") or "" for p in nodes(t, "page_break"))
    expect(heads.count("Chapter 1: The Wells") == 3 and
           heads.count("Chapter 2: The Rivers") == 3,
           "kept with their page breaks: %r" % heads)


@case
def running_heads_with_labels():
    """Where running heads name the chapter and the section by their
    labels ("Chapter 1: ...", "Section 1.1: ..."), a section's head that
    opens one page only is one too; chapters opened by such a line on
    their first page, none repeated, keep it."""

    def doc(heads):
        t, _ = read(headed_pages(12, heads))
        return "\n".join(text(p) for p in nodes(t, "paragraph") +
                         nodes(t, "heading"))
    body = doc({2: "Chapter 1: The Wells", 4: "Chapter 1: The Wells",
                6: "Chapter 1: The Wells", 3: "Section 1.1: Their Depth",
                5: "Section 1.2: Their Age"})
    expect("Section" not in body and "Chapter" not in body,
           "labelled running heads left: %s" % body[:300])
    body = doc({1: "Chapter 1: The Wells", 5: "Chapter 2: The Rivers",
                9: "Chapter 3: The Rain"})
    expect(all(c in body for c in ("The Wells", "The Rivers", "The Rain")),
           "chapters' first lines taken for running heads")
    # a labelled line of the document's own at a page's top, its label
    # on no other page, stays
    body = doc({1: "Part 1: The Wells", 3: "Part 1: The Wells",
                5: "Annex 2. Depths", 7: "Task 6: Clean the filter"})
    expect("Task 6: Clean the filter" in body and "Part 1" not in body,
           "a page's own labelled line taken for a running head")
    # nor is a line whose numbers go down a running head
    body = doc({1: "Part 3: The Wells", 3: "Part 3: The Wells",
                5: "Part 2: The Rivers", 7: "Part 1: The Rain"})
    expect("Part 1: The Rain" in body,
           "labelled lines numbered downwards taken for running heads")


@case
def speakers_of_a_play_are_no_running_heads():
    """A speaker's name that happens to open a few pages of a play, close
    together (on fewer than a fifth of the pages), is the play's text,
    not a running head."""
    t, _ = read(headed_pages(20, dict((k, "MARGARET.") for k in (3, 5, 8)),
                             "\n"))
    body = "\n".join(text(p) for p in nodes(t, "paragraph") +
                     nodes(t, "heading"))
    expect(body.count("MARGARET") == 3, "speakers removed as running heads")


@case
def figure_labels_are_no_running_heads():
    """A label that opens several pages of figures, and stands twice at
    the top of one of them, is a figure's, not a running head."""
    words = ["first", "second", "third", "fourth", "fifth"]
    pages_ = []
    for k in range(5):
        page = "Edges in Small Images\n\n"
        if k >= 1:  # two images side by side, each with its label
            page += "After edge detection\n\nAfter edge detection\n\n"
        page += ("The edges of the %s image were found with the detector,\n"
                 "and its clusters were counted on what it gave back to us.\n"
                 % words[k])
        pages_.append(page + "\n%d\n" % (k + 1))
    t, _ = read("\f".join(pages_))
    heads = " ".join(n.get("header") or "" for n in nodes(t, "page_break"))
    expect("Edges in Small Images" in heads, "the running head: %s" % heads)
    expect("After edge detection" not in heads,
           "a figure's label taken for a running head: %s" % heads)


@case
def page_numbers_in_letters():
    """Front matter numbered in Persian letters, in the alphabet's order
    (آ ب پ) or the abjad's (ب ج د), leaves the body as roman numerals do."""
    words = ["نخست", "دوم", "سوم", "چهارم"]

    def page(w):
        return ("این خط بخشی از بند %s است که در عرض معینی شکسته شده و ادامه\n"
                "دارد تا خواننده ببیند که سطرهای بند %s شکسته شده‌اند و بلندند.\n"
                "سطر سوم بند %s هم همین‌گونه است و پس از آن سطر دیگری نمی‌آید.\n"
                % (w, w, w))
    for letters in (["آ", "ب", "پ"], ["ب", "ج", "د"]):
        src = "\f".join(page(w) + "\n%s\n" % x
                        for w, x in zip(words, letters)) + "\f" + page(words[3])
        t, _ = read(src)
        body = " ".join(text(n) for n in nodes(t, "paragraph"))
        feet = [n.get("footer") for n in nodes(t, "page_break")]
        expect(not any((" %s " % x) in (" %s " % body) for x in letters),
               "page numbers in letters left in the body: %s" % body)
        expect(all(x in feet for x in letters),
               "kept with their page breaks: %s" % feet)


@case
def running_heads_persian_digits():
    src = pages("%s  گزارش بایگانی روستا", "%s", "۰۱۲۳۴۵۶۷۸۹")
    t, _ = read(src.replace("\f", "\n\n\n"))
    pbs = nodes(t, "page_break")
    labels = [p.get("label") for p in pbs]
    expect("۴۲" in labels and "۴۳" in labels, "Persian labels: %s" % labels)
    body = "\n".join(text(p) for p in nodes(t, "paragraph"))
    expect("گزارش بایگانی" not in body, "head removed without form feeds")


@case
def form_feed_is_page_break():
    t, _ = read("First page text.\fSecond page text.\n")
    pbs = nodes(t, "page_break")
    expect(len(pbs) == 1 and pbs[0]["source"] == "form-feed",
           "one form-feed page break")
    t, _ = read("First page text.\fSecond page text.\n",
                "-O", "plain.pages=false")
    expect(not nodes(t, "page_break"), "plain.pages=false")


@case
def normalize_forms_and_bidi():
    # "سلام دنیا" in presentation forms, wrapped in an RTL embedding
    shaped = ("\u202b\ufeb3\ufefc\ufee1 \ufea9\ufee7\ufbfe\ufe8e\u202c "
              "is a greeting written in shaped letters.\n")
    t, err = read(shaped)
    body = " ".join(text(n) for n in nodes(t, "paragraph"))
    expect("سلام دنیا" in body, "base letters: %r" % body)
    expect("\u202b" not in body and "\u202c" not in body,
           "bidi controls removed")
    expect("bidi controls removed: 2 (runs: 1)" in err, err)
    t, _ = read(shaped, "-O", "plain.presentation-forms=true")
    body = " ".join(text(n) for n in nodes(t, "paragraph"))
    expect("\ufeb3" in body and "\u202b" not in body,
           "forms kept on request: %r" % body)
    t, _ = read(shaped, "-O", "plain.normalize=false")
    body = " ".join(text(n) for n in nodes(t, "paragraph"))
    expect("\ufeb3" in body and "\u202b" in body, "plain.normalize=false")
    t, _ = read("The \ufb01eld of \ufb02ow was \ufb00ected.\n")
    body = " ".join(text(n) for n in nodes(t, "paragraph"))
    expect(body == "The field of flow was ffected.", "ligatures: %r" % body)


# ---- headings and title ----

@case
def visual_order_restored():
    """Right-to-left lines whose words an extraction turned round are put
    back in order where common word pairs say so; lines in order (with a
    stop or an item's number at the wrong end, as extractions put them)
    stay as they are."""
    logical = [
        "در این پژوهش روش تازه‌ای برای سنجش آب چاه‌ها ارائه می شود و",
        "نتایج آن در چند روستا بررسی می شود. این روش به عنوان راهی",
        "ساده در نظر گرفته شده است که با توجه به داده‌ها کار می کند و",
        "یکی از نکته‌ها این است که آب در سال 2020 (Ahmadi, 2020) کمتر",
        "شده است. پس از آن در مورد چاه‌های تازه سخن گفته می شود.",
    ]

    def arabic(w):
        return any("\u0600" <= ch <= "\u06ff" for ch in w)

    def visual(line):
        """The words in reverse order, a Latin run kept whole, a stop
        before its word."""
        runs = []
        for w in line.split():
            if not arabic(w) and runs and not arabic(runs[-1][-1]):
                runs[-1].append(w)
            else:
                runs.append([w])
        out = []
        for r in reversed(runs):
            w = " ".join(r)
            if arabic(w) and w.endswith("."):
                w = "." + w[:-1]
            out.append(w)
        return " ".join(out)
    turned = "\n".join(visual(l) for l in logical) + "\n"
    t, err = read(turned)
    body = " ".join(text(n) for n in nodes(t, "paragraph"))
    expect(body == " ".join(logical), "not restored: %r" % body)
    expect("restored from visual order: 5" in err, "not reported: %s" % err)
    # lines in order stay: stops glued to the next word, an item's number
    # turned alone (".2"), a dash at a line's end, one pair turned round
    # among pairs in order
    normal = ("در این پژوهش روش تازه‌ای ارائه می شود .برای سنجش آب چاه‌ها و\n"
              "نتایج آن به عنوان راهی ساده در نظر گرفته شده است که با توجه\n"
              "به داده‌ها کار می کند.\n\n"
              ".1روش سنجش آب در روستا\n.2نتایج سنجش آب در شهر\n\n"
              "؛دو نفر از هر منطقه و شهر مهم و پایتخت ـ\n"
              "؛سه نفر از هر استان و شهر مهم و روستا ـ\n\n"
              "آب در چاه‌ها کم شده است و شود می گفته که در این سال\n"
              "بیشتر از همیشه بوده است و در مورد آن سخن گفته می شود.\n\n"
              "نظر به اینکه دولت دست به اقدام زد\n")
    t, err = read(normal)
    body = "\n".join(text(n) for n in nodes(t) if n["type"] in
                     ("paragraph", "heading", "list_item", "plain"))
    expect("restored from visual order: 0" in err,
           "lines in order turned: %s" % err)
    for line in ("می شود .برای", "روش سنجش آب در روستا", "دو نفر از هر منطقه",
                 "و شود می گفته", "نظر به اینکه دولت دست به اقدام زد"):
        expect(line in body, "changed: %r not in %r" % (line, body))


@case
def headings_and_levels():
    src = ("An opening paragraph that is not a title at all.\n\n"
           "# Main part\n\nIntro text of the main part goes here.\n\n"
           "## A section\n\nText of the section.\n\n"
           "1. Numbered heading\n\nText under a numbered heading.\n\n"
           "1.2 Deeper heading\n\nText under the deeper heading.\n\n"
           "۲- عنوان فارسی\n\nمتن زیر عنوان فارسی است.\n")
    t, _ = read(src)
    hs = [(h["level"], text(h)) for h in nodes(t, "heading")]
    expect((1, "Main part") in hs and (2, "A section") in hs,
           "Markdown levels: %s" % hs)
    expect(any(x == "1. Numbered heading" for _, x in hs), "numbered")
    lv = dict((x, l) for l, x in hs)
    expect(lv.get("1.2 Deeper heading", 0) > lv.get("1. Numbered heading", 9),
           "depth gives the level: %s" % hs)
    expect(any("عنوان فارسی" in x for _, x in hs), "Persian numbered heading")


@case
def headings_after_quoted_titles():
    """A line under one that leaves a quotation open mid-sentence goes on
    with it; a German quotation closing with U+201C leaves none open, and
    a blank line or a heading above ends the sentence anyway."""
    body = ("Der Text dieses Abschnitts ist ein Absatz, der etwas l\u00e4nger "
            "ist als eine \u00dcberschrift\nund mit einem Punkt endet, wie "
            "es ein gew\u00f6hnlicher Absatz eines Textes tut.\n"
            "Er hat drei Zeilen, damit die Breite der Zeilen klar ist.\n\n")
    doc = ("Ein Titel der Arbeit\n\n" + body + "1 Einleitung\n\n" + body +
           "1.1 Vorwort\n\n" + body + "%s\n\n2.1 Entstehung\n\n" + body +
           "2.2 Rezeption\n\n" + body)
    for title in ("2 Kafkas \u201eDie Verwandlung\u201c",
                  "2 Kafkas \u00bbDie Verwandlung\u00ab",
                  "2 Kafkas \u201eDie Verwandlung und andere"):
        t, _ = read(doc % title)
        hs = [text(h) for h in nodes(t, "heading")]
        expect("2.1 Entstehung" in hs,
               "heading under %r: %s" % (title, hs))
    # with no blank line between, the quotation goes on below
    t, _ = read("Ein Titel der Arbeit\n\n" + body + "1.1 Vorwort\n\n" + body +
                "Wir lesen dazu \u201eDie Verwandlung und andere\n"
                "2.1 Entstehung\u201c als einen Band.\n\n" + body)
    hs = [text(h) for h in nodes(t, "heading")]
    expect(not any("Entstehung" in h for h in hs),
           "a quotation's second line as a heading: %s" % hs)


@case
def headings_broken_over_lines():
    para = ("This line is part of a paragraph wrapped at a width, as the text\n"
            "of a PDF extraction is, and it goes on for a while so that the\n"
            "reader sees that the lines of this text are wrapped lines.\n")
    src = (para + "\nII.\n\nFLAVOR STRUCTURE OF LIGHT AND\nHEAVY DIQUARKS\n\n" +
           para + "\n2.1\n\nCamera Setup\n\n" + para)
    t, _ = read(src)
    hs = [(h["level"], text(h)) for h in nodes(t, "heading")]
    expect(hs == [(1, "II. FLAVOR STRUCTURE OF LIGHT AND HEAVY DIQUARKS"),
                  (2, "2.1 Camera Setup")], "joined headings: %s" % hs)
    # a title that ends on a joining word goes on below; a cell that
    # does ("Sales and", "فروش و") is none
    t, _ = read(para + "\nEffects of Rain on the\nDepth of Old Wells\n\n" +
                para + "\nSales and\n\n" + para + "\nفروش و\n\n" + para)
    hs = [text(h) for h in nodes(t, "heading")]
    expect(hs == ["Effects of Rain on the Depth of Old Wells"],
           "a title over two lines, no cell: %s" % hs)


@case
def chapter_labels_and_broken_titles():
    """A chapter's label ("Capítulo 2" as an extraction spells it, "فصل ۲")
    makes the line under it a heading even when the chapter's page holds
    nothing else, or when the label went to the page's header; a title
    broken before its lower-case end is joined."""
    words = ("wells rivers rain valley stone water field river bank lake "
             "spring road hill farm mill").split()

    def para(k):
        w = words[k:] + words[:k]
        return ("The %s of the %s were measured at a width, as the text of\n"
                "a PDF extraction is, and it goes on for a while so that the\n"
                "reader sees that these %s lines are wrapped in the %s.\n"
                % (w[0], w[1], w[2], w[3]))
    src = ("A Study of Wells\n\n" + para(0) + "\n2\n\f" + para(1) +
           "\n3\n\fCap\u0131\u0301tulo 2\nDifra\u00e7\u00e3o\n\n4\n"
           "\fCap\u0131\u0301tulo 3\nAn\u00e1lise dos eventos simulados de\n"
           "dupla difra\u00e7\u00e3o dura\n" + para(2) + "\n5\n\f4.4\n"
           "Eventos de fundo e n\u00famero de eventos\nesperados\n" + para(3) +
           "\n6\n")
    t, _ = read(src)
    hs = [text(h) for h in nodes(t, "heading")]
    expect("Difra\u00e7\u00e3o" in hs, "title under a label: %s" % hs)
    expect("An\u00e1lise dos eventos simulados de dupla difra\u00e7\u00e3o dura"
           in hs and "4.4 Eventos de fundo e n\u00famero de eventos esperados"
           in hs, "titles broken before their end: %s" % hs)
    fa = ("این خط بخشی از یک بند است که در عرض معینی شکسته شده و ادامه دارد\n"
          "تا خواننده ببیند که سطرهای این متن شکسته شده‌اند و بلند هستند.\n")
    pages = "".join("\fفصل %s\n%s\n\n%s\n" % (n, title, n)
                    for n, title in (("۱", "مقدمه"), ("۲", "سابقه تحقیق"),
                                     ("۳", "روش پیشنهادی"), ("۴", "ارزیابی")))
    t, _ = read(fa + fa + "\n" + pages)
    hs = [text(h) for h in nodes(t, "heading")]
    expect(all(x in hs for x in ("سابقه تحقیق", "روش پیشنهادی", "ارزیابی")),
           "chapters whose pages hold only their title: %s" % hs)
    # a label inside a table of contents makes nothing a heading
    t, _ = read("Contents\n\nChapter 1 . . . . . . . . 1\nChapter 2 . . . . . 3\n"
                "Chapter 3 . . . . . . 5\n\fChapter 1\n\n2\n\n" + para(4))
    hs = [text(h) for h in nodes(t, "heading")]
    expect("2" not in hs, "a page number under a label: %s" % hs)
    # a running head naming the chapter on every page makes no heading of
    # the body line under it
    src = "".join("\fChapter 3\n%s\n%d\n" % (para(k), k + 10)
                  for k in range(4))
    t, _ = read(src)
    hs = [text(h) for h in nodes(t, "heading")]
    expect(not hs, "body lines under a running head: %s" % hs)


@case
def chapter_epigraph():
    """An epigraph under a chapter's label (a quotation and the line that
    names its source) comes before the chapter's title: the title is the
    heading, the quotation is none."""
    fa = ("این خط بخشی از یک بند است که در عرض معینی شکسته شده و ادامه دارد\n"
          "تا خواننده ببیند که سطرهای این متن شکسته شده‌اند و بلند هستند.\n")
    en = ("The wells of the valley were measured at a width, as the text of\n"
          "a PDF extraction is, and it goes on for a while so that the\n"
          "reader sees that these lines are wrapped in the paragraph.\n")
    src = (fa + fa + "\n۱\n\fفصل ۱\n\n\u201dبه نام خداوند جان و خرد\n"
           "کزین برتر اندیشه برنگذرد\u201c\n\u2014 فردوسی\n\nسرآغاز\n" + fa +
           "\n۲\n\fChapter 2\n\n\u201cThe well is deep and the rope is\n"
           "short.\u201d\n\u2014 A proverb\n\nThe Wells\n" + en + "\n3\n")
    t, _ = read(src)
    hs = [text(h) for h in nodes(t, "heading")]
    expect("سرآغاز" in hs and "The Wells" in hs, "titles: %s" % hs)
    expect(not any("\u201d" in h or "\u201c" in h for h in hs),
           "an epigraph taken for a title: %s" % hs)
    # a title that opens with a quotation and no source line under it is
    # no epigraph: the headings after it stay
    t, _ = read(en + "\nChapter 4\n\n\"Rope\" and the bucket\n\n" + en +
                "\nThe Lower Wells\n\n" + en + "\nThe Upper Wells\n\n" + en)
    hs = [text(h) for h in nodes(t, "heading")]
    expect("The Lower Wells" in hs and "The Upper Wells" in hs,
           "headings after a quoted title: %s" % hs)


@case
def fields_are_no_headings():
    """A line of a run of fields, each a name, a colon and its value on
    the line ("Facility: ...", "Software: ..."), is no heading."""
    para = ("The survey of the wells was paid for by the provincial archive\n"
            "and by the families of the valley, who also lent their ledgers.\n")
    t, _ = read(para + "\nFacility: Blanco (DECam)\nSoftware: the Community "
                "Pipeline (Valdes 2014) with the Moving Object Detection\n"
                "System (MODS)\n\n" + para)
    hs = [text(h) for h in nodes(t, "heading")]
    expect(not hs, "fields taken for headings: %s" % hs)
    # a heading "name: title" after paragraphs that open with a lead-in
    # is one
    lead = ("Late response: the councils met only after the wells had run\n"
            "dry, when the families had already left for the river towns.\n")
    t, _ = read(para + "\n" + lead + "Reforms: A New Council\n" + para)
    hs = [text(h) for h in nodes(t, "heading")]
    expect(hs == ["Reforms: A New Council"], "the heading lost: %s" % hs)


@case
def captions_in_visual_order():
    """A Persian caption whose number the visual order moved ("... سرویس-
    1 تصویر", "تصویر Server Events - 2"), spelt with the Arabic yeh too,
    is no heading."""
    fa = ("این خط بخشی از یک بند است که در عرض معینی شکسته شده و ادامه دارد\n"
          "تا خواننده ببیند که سطرهای این متن شکسته شده‌اند و بلند هستند.\n")
    for cap in (".voicemail سرويس- 1 تصوير", "تصوير Server Sent Events - 2",
                "تصویر Server Sent Events - 2"):
        t, _ = read(fa + "\n" + cap + "\n\n" + fa)
        hs = [text(h) for h in nodes(t, "heading")]
        expect(not hs, "a caption taken for a heading: %s" % hs)


@case
def symbol_font_bullets_at_either_end():
    """An item whose bullet a symbol font gave as a private-use character
    is no heading, whether the bullet opens the line or a right-to-left
    extraction put it at the end ("Tailwind \uf0b7")."""
    fa = ("این خط بخشی از یک بند است که در عرض معینی شکسته شده و ادامه دارد\n"
          "تا خواننده ببیند که سطرهای این متن شکسته شده‌اند و بلند هستند.\n")
    for item in ("Tailwind \uf0b7", "\uf0b7 Tailwind", "Web hook \uf0fc"):
        t, _ = read(fa + "\n" + item + "\n\n" + fa)
        hs = [text(h) for h in nodes(t, "heading")]
        expect(not hs, "an item taken for a heading: %s" % hs)


@case
def words_set_upright():
    """Words one per line in a run (text set upright in a margin, a
    table's column) are no headings, a cue word among them ("مآخذ")
    neither."""
    fa = ("این خط بخشی از یک بند است که در عرض معینی شکسته شده و ادامه دارد\n"
          "تا خواننده ببیند که سطرهای این متن شکسته شده‌اند و بلند هستند.\n")
    t, _ = read(fa + "مجوز\nتحت\nآزاد\nمآخذ\nافزار\nنرم\n" + fa)
    hs = [text(h) for h in nodes(t, "heading")]
    expect(not hs, "words of a column taken for headings: %s" % hs)
    # a references heading over a list of links stays one
    t, _ = read(fa + "\nمنابع:\n" + "".join(
        "https://example.org/archive/wells/%d\n" % k for k in range(5)))
    hs = [text(h) for h in nodes(t, "heading")]
    expect(any("منابع" in h for h in hs), "the heading lost: %s" % hs)


@case
def asides_in_parentheses():
    """A line wholly in parentheses (mirrored too, as a right-to-left
    extraction gives it) is an aside, not a heading."""
    fa = ("این خط بخشی از یک بند است که در عرض معینی شکسته شده و ادامه دارد\n"
          "تا خواننده ببیند که سطرهای این متن شکسته شده‌اند و بلند هستند.\n")
    en = ("The records of the valley were kept by the headman and his son,\n"
          "one page for every week of the year, with the rain measured.\n")
    for src in (fa + "\n)اصالت متن و محتوای رساله(\n" + fa,
                en + "\n(Originality of the Records)\n" + en):
        t, _ = read(src)
        hs = [text(h) for h in nodes(t, "heading")]
        expect(not hs, "an aside taken for a heading: %s" % hs)
    # a number in parentheses opening a heading that ends in an aside is
    # no aside
    t, _ = read(en + "\n(4) Nets (mended)\n\n" + en)
    hs = [text(h) for h in nodes(t, "heading")]
    expect(hs == ["(4) Nets (mended)"], "a heading taken for an aside: %s" % hs)


@case
def headings_in_the_numbering_sequence():
    """A numbered heading out of the document's numbering sequence (an
    axis's tick over its title, a number between 2.1 and 2.2) is a label;
    appendices numbered from 1 again and right-to-left numberings turned
    by the visual order ("۱.۲" for 2.1) stay headings."""
    words = ("wells rivers rain valley stone water field river bank lake "
             "spring road hill farm mill").split()

    def para(k):
        w = words[k % 15:] + words[:k % 15]
        return ("\nThe %s of the %s were measured at a width, as the text of\n"
                "a PDF extraction is, and it goes on for a while so that the\n"
                "reader sees that these %s lines are wrapped in the %s.\n\n"
                % (w[0], w[1], w[2], w[3]))
    src = ("1. Wells\n" + para(0) + "2. Rivers\n" + para(1) +
           "2.1 Banks\n" + para(2) + "5\n\nFlow rate\n" + para(3) +
           "2.2 Springs\n" + para(4) + "3. Rain\n" + para(5) +
           "24\n\nMeasured depth in metres\n" + para(6) +
           "4. Lakes\n" + para(7) + "Appendix\n" + para(8) +
           "1\n\nTables of depth\n" + para(9) + "2\n\nTables of rain\n" +
           para(10))
    t, _ = read(src)
    hs = [text(h) for h in nodes(t, "heading")]
    expect("5 Flow rate" not in hs and "24 Measured depth in metres" not in hs,
           "labels out of the sequence: %s" % hs)
    expect(all(h in hs for h in ("2.1 Banks", "2.2 Springs", "4. Lakes",
                                 "1 Tables of depth", "2 Tables of rain")),
           "headings in the sequence: %s" % hs)
    fa = ["این خط بخشی از یک بند است که در عرض معینی شکسته شده و ادامه دارد\n"
          "تا خواننده ببیند که سطرهای این متن شکسته شده‌اند و بلند هستند %s.\n"
          % w for w in ("آب", "باران", "رود", "چاه", "کوه", "دشت", "ده")]
    src = ("۱ مقدمه\n" + fa[0] + "\n۲ روش\n" + fa[1] + "\n۱.۲ داده‌ها\n" +
           fa[2] + "\n۲.۲ سنجش\n" + fa[3] + "\n۳.۲ آزمون\n" + fa[4] +
           "\n۳ نتایج\n" + fa[5] + "\n۴ جمع‌بندی\n" + fa[6])
    t, _ = read(src)
    hs = [text(h) for h in nodes(t, "heading")]
    expect(all(h in hs for h in ("۳.۲ آزمون", "۳ نتایج", "۴ جمع‌بندی")),
           "turned numberings: %s" % hs)


@case
def headings_from_the_whole_document():
    para = ("This line is part of a paragraph wrapped at a width, as the text\n"
            "of a PDF extraction is, and it goes on for a while so that the\n"
            "reader sees that the lines of this text are wrapped lines.\n")
    # (a title page may hold a line as wide as the text's: the course)
    title_page = ("Institute of Water Studies\n\nA Survey of Old Wells\n\n"
                  "A Research Report for the Course on Water in Villages\n"
                  "Supervisor:\nDr Sara Ahmadi\nStudent:\nReza Karimi\n\n"
                  "Spring 2020\n")
    contents = ("\fContents\n\nWells . . . . . . . . . . . . 2\n\n"
                "Rivers . . . . . . . . . . . 2\n\nRain . . . . . . . . . . . 3\n")
    body = ("\fWells\n\n" + para + "\nMeasured depth\n\n" + para +
            "\nMeasured depth 2\n\n" + para + "\nRivers\n\n" + para +
            "\nMeasured depth\n\n" + para + "\nRain\n\n" + para)
    t, _ = read(title_page + contents + body)
    hs = [text(h) for h in nodes(t, "heading")]
    expect([h for h in hs if h != "Contents"] == ["Wells", "Rivers", "Rain"],
           "no label, form line or contents entry as a heading: %s" % hs)
    # the labels of a figure at the foot of a page under text (a heading
    # is kept with its text); a chapter's title alone on its page
    t, _ = read(para + "\nThe wells\n\n" + para + "\nEdges found\n\n"
                "Original image\n\n3\n\fOriginal image\n\nEdges by Canny\n\n" +
                para + "\n4\n")
    hs = [text(h) for h in nodes(t, "heading")]
    expect(hs == ["The wells"], "figure labels at a page's foot: %s" % hs)
    # Latin terms at a page's foot with their numbers, no marker found
    # for them in the text: not headings either
    fa2 = ("این خط بخشی از یک بند است که در عرض معینی شکسته شده و ادامه دارد\n"
           "تا خواننده ببیند که سطرهای این متن شکسته شده‌اند و بلند هستند.\n")
    t, _ = read(fa2 + fa2 + "Key points\n1\nDescriptor vector\n2\n\n5\n\f" +
                fa2 + fa2 + "\n6\n\f" + fa2 + "\n7\n")
    hs = [text(h) for h in nodes(t, "heading")]
    expect(hs == [], "terms at a page's foot as headings: %s" % hs)
    # lines of code between paragraphs
    t, _ = read(para + "\n$ sudo systemctl start wells\n\n" + para +
                "\n// Count the wells again\n\n" + para + "\nrecount(wells);\n\n" +
                para)
    hs = [text(h) for h in nodes(t, "heading")]
    expect(hs == [], "code as headings: %s" % hs)
    # a title broken inside a phrase, above its author
    src = ("Wells and water in the villages of the\n"
           "southern provinces\nSara Ahmadi\n"
           "Department of History, University of Shiraz\n\n" + para)
    t, _ = read(src)
    title = t.get("meta", {}).get("title", {}).get("string")
    expect(title == "Wells and water in the villages of the southern "
           "provinces", "broken title joined: %r" % title)
    # in right-to-left text, a Latin title's numbering comes after it
    fa = ("این خط بخشی از یک بند است که در عرض معینی شکسته شده و ادامه دارد\n"
          "تا خواننده ببیند که سطرهای این متن شکسته شده‌اند و بلند هستند.\n")
    t, _ = read(fa + "\nCanny 2.1\n\n" + fa + "\n1.3روش‌های دیگر\n\n" + fa)
    hs = [text(h) for h in nodes(t, "heading")]
    expect(hs == ["Canny 2.1", "1.3روش‌های دیگر"],
           "visual-order numbering: %s" % hs)
    # parentheses mirrored by the visual order close a title; a call in
    # code (turned too), a block's brace and a figure's lettered part
    # open none
    t, _ = read(fa + "\nتبدیل هاف سریع بیضی )(FEHT\n\n" + fa +
                "\n;) GaussianBlur(img, img, Size(5, 5), 1,1\n\n" + fa +
                "\n} else {\n\n" + fa + "\n)ب( درصد تشخیص غلط\n\n" + fa +
                "\nTailwind(utility first)\n\n" + fa)
    hs = [text(h) for h in nodes(t, "heading")]
    expect(hs == ["تبدیل هاف سریع بیضی )(FEHT", "Tailwind(utility first)"],
           "mirrored parentheses, code and parts of figures: %s" % hs)
    # "#" alone, a formula's bracket as the extraction mangles it, is no
    # Markdown heading (two of them made every plain heading doubtful),
    # nor is a caption in Portuguese
    t, _ = read("Rain in the Valley\n\n" + para + "\nγqg (N) = [\n\n#\n\n"
                "2 + N + N2\n\n#\n\n" + para + "\nFigura 3.1: Os poços\n\n" +
                para + "\nWells and Rivers\n\n" + para)
    hs = [text(h) for h in nodes(t, "heading")]
    expect("Wells and Rivers" in hs and "" not in hs and
           not any(h.startswith("Figura") for h in hs),
           "'#' of a formula, a caption: %s" % hs)


@case
def headings_not_inside_numbered_items():
    """A short line that an extraction set apart between item n of a
    numbered run and item n + 1 ("17 School of Rivers, ..., Coast of" /
    "Deserts" / "18 Institute ...") is the end of item n, not a heading;
    a short line under the run's last item, over text, still is."""
    para = ("This line is part of a paragraph wrapped at a width, as the text\n"
            "of a PDF extraction is, and it goes on for a while so that the\n"
            "reader sees that the lines of this text are wrapped well enough.\n")
    items = "".join("%d Department of %s, University of %s, %s\n" % (
        k, TOPICS[k % 12], NAMES[k % 12], NAMES[(k + 1) % 12])
        for k in range(1, 17))
    src = (para + "\n" + items +
           "17 School of Rivers and Lakes, Faculty of Water, Sand and the Coast of\n"
           "\nDeserts, Smallton, Bigland\n"
           "18 Institute of Tides, Portown, Sealand,\n\nKingdom\n"
           "19 Institute of Winds, Hilltown, Upland\n\n"
           "Closing Remarks\n\n" + para)
    t, _ = read(src)
    heads = [text(h) for h in nodes(t, "heading")]
    expect(heads == ["Closing Remarks"], "headings: %s" % heads)


@case
def cue_words_and_title():
    src = ("On Wells and Water\n"
           "Sara Ahmadi\n"
           "Department of History, University of Shiraz\n\n"
           "Abstract\n\nA study of wells.\n\n"
           "چکیده\n\nپژوهشی درباره‌ی چاه‌ها.\n\n"
           "الملخص :\n\nدراسة عن الآبار.\n\n"
           "Keywords: wells, water, villages\n\n"
           "References\n\nAhmadi, S. (2020). Wells. Shiraz: Press.\n")
    t, _ = read(src)
    meta = t.get("meta", {})
    expect(meta.get("title", {}).get("string") == "On Wells and Water",
           "title in metadata: %s" % meta)
    author = meta["author"]["list"][0]["map"]
    expect(author["name"]["string"] == "Sara Ahmadi", "author")
    expect("Shiraz" in author["affiliation"]["string"], "affiliation")
    kws = [k["string"] for k in meta["keywords"]["list"]]
    expect(kws == ["wells", "water", "villages"], "keywords: %s" % kws)
    hs = [text(h) for h in nodes(t, "heading")]
    for cue in ("Abstract", "چکیده", "الملخص", "References"):
        expect(cue in hs, "cue heading %s in %s" % (cue, hs))
    switched_off(src, "headings", "heading")
    # a preprint's header above the title is neither
    t, _ = read("Draft version July 14, 2017\nTypeset using a journal's style\n\n"
                + src)
    meta = t.get("meta", {})
    expect(meta.get("title", {}).get("string") == "On Wells and Water" and
           "subtitle" not in meta, "title under a header: %s" % meta)


@case
def subtitle_with_a_unit_over_an_author():
    """A raised digit after a letter marks a name in a line of names
    ("Maryam Salehi\u00b9, Kaveh Naderi\u00b2"); in a subtitle that reads
    as a phrase it is a unit ("per m\u00b2"), and the subtitle stays one."""
    rest = ("University of Tabriz\n\n"
            "Abstract\n\nThe yields of wheat on dry land were measured in "
            "three years.\n")
    t, _ = read("Wheat on Dry Land\nYields per m\u00b2 in Three Dry Years\n"
                "Maryam Salehi\n" + rest)
    meta = t.get("meta", {})
    expect(meta.get("title", {}).get("string") == "Wheat on Dry Land" and
           meta.get("subtitle", {}).get("string") ==
           "Yields per m\u00b2 in Three Dry Years", "title, subtitle: %s" % meta)
    names = [a["map"]["name"]["string"]
             for a in meta.get("author", {}).get("list", [])]
    expect(names == ["Maryam Salehi"], "authors: %s" % names)
    # marked names are no subtitle
    for names in ("Maryam Salehi\u00b9*, Kaveh Naderi\u00b2",
                  "Maryam Salehi\u00b9 and Kaveh Naderi\u00b2",
                  "\u0645\u0631\u06cc\u0645 \u0635\u0627\u0644\u062d\u06cc\u00b9* "
                  "\u060c \u06a9\u0627\u0648\u0647 \u0646\u0627\u062f\u0631\u06cc\u00b2",
                  "\u0645\u0631\u06cc\u0645 \u0635\u0627\u0644\u062d\u06cc\u00b9 "
                  "\u0648 \u06a9\u0627\u0648\u0647 \u0646\u0627\u062f\u0631\u06cc\u00b2"):
        t, _ = read("Wheat on Dry Land\n" + names + "\n" + rest)
        meta = t.get("meta", {})
        expect("subtitle" not in meta, "names %r as subtitle: %s" % (names, meta))


@case
def title_page_of_a_thesis():
    """A thesis's title page opens with its institution and the kind of
    work, and may label its title ("عنوان") and its author ("نگارش",
    "Orientador:"): the title is the line they leave, and none of them is
    a heading, a title or a subtitle."""
    body = ("The ledgers give the rain of every month, and the table of this\n"
            "page sums them for the first year of the records that were kept\n"
            "by the headman and his son in the small notebooks of the house.\n")
    src = ("Universidade Federal do Vale\nPrograma de P\u00f3s-Gradua\u00e7\u00e3o"
           " em Geografia\n\nDisserta\u00e7\u00e3o de Mestrado\n\n"
           "Os po\u00e7os da aldeia e a chuva\nMaria da Silva Souza\n\n"
           "Orientador: Jo\u00e3o Pereira\n\nRio de Janeiro, julho de 2007\n"
           "\fResumo\n" + body + "\n2\n\fIntrodu\u00e7\u00e3o\n" + body +
           "\n3\n")
    fa_body = ("این خط بخشی از یک بند است که در عرض معینی شکسته شده و ادامه دارد\n"
               "تا خواننده ببیند که سطرهای این متن شکسته شده‌اند و بلند هستند.\n")
    fa = ("دانشگاه هنر شیراز\nپروژه تحقیقی کارشناسی\nعنوان\n"
          "بررسی چاه‌های روستا\nنگارش\n\nپریا فتحی\nاستاد راهنما\n\n"
          "دکتر مریم احمدی\nمرداد ۱۴۰۱\n\fچکیده\n" + fa_body +
          "\n۲\n\fمقدمه\n" + fa_body + "\n۳\n")
    for src, title, inst in ((src, "Os po\u00e7os da aldeia e a chuva",
                              "Universidade Federal do Vale"),
                             (fa, "بررسی چاه‌های روستا", "دانشگاه هنر شیراز")):
        t, _ = read(src)
        meta = t.get("meta", {})
        got = meta.get("title", {}).get("string")
        expect(got == title and "subtitle" not in meta,
               "title %r, subtitle %r" % (got, meta.get("subtitle")))
        hs = [text(h) for h in nodes(t, "heading")]
        expect(inst not in hs, "the institution a heading: %s" % hs)
    # a title holding a kind of work inside a word ("Synthesis") is the
    # title all the same
    t, _ = read("Hydrosynthesis of Salt Crystals in Dry Wells\n\nLeila Amini\n\n"
                "Abstract\n\n" + body + "\nIntroduction\n\n" + body)
    got = t.get("meta", {}).get("title", {}).get("string")
    expect(got == "Hydrosynthesis of Salt Crystals in Dry Wells",
           "a title with a stem inside a word: %r" % got)


# ---- lists ----

@case
def lists_all_markers():
    src = ("Bullets follow:\n\n- dash item one\n- dash item two\n\n"
           "Other bullets:\n\n• dot item one\n• dot item two\n\n"
           "Persian bullets:\n\nـ مورد نخست\nـ مورد دوم\n\n"
           "Latin numbers:\n\n1. first\n2. second\n\n"
           "Arabic-Indic numbers:\n\n١. الأول\n٢. الثاني\n\n"
           "Persian numbers:\n\n۱- نخست\n۲- دوم\n")
    t, _ = read(src)
    lists = nodes(t, "list")
    kinds = [(l["kind"], l.get("style")) for l in lists]
    expect(len(lists) == 6, "six lists, got %s" % kinds)
    expect(sum(1 for k, _ in kinds if k == "bullet") == 3, "three bullet lists")
    styles = [s for k, s in kinds if k == "ordered"]
    expect(len(styles) == 3 and len(set(styles)) == 3,
           "three digit systems: %s" % styles)
    items = [text(i) for i in nodes(t, "item")]
    expect("dash item one" in items and "مورد نخست" in items,
           "markers removed from items: %s" % items)


@case
def dash_inside_parentheses_is_not_a_list():
    src = ("The assembly (Assembly of People of Kazakhstan\n"
           "- APK) was founded in the middle of the last decade.\n")
    t, _ = read(src)
    expect(not nodes(t, "list"), "continuation, not a list")


@case
def list_ends_at_its_last_item():
    """The paragraph after a list's last item is not taken into it, in
    wrapped text and with a paragraph per line; an item that wraps
    still keeps its second line."""
    wrapped = ("The village kept its records in small notebooks that were "
               "written by\nthe headman and his son, one page for every "
               "week of the year, with the\nrain measured in a copper bowl "
               "standing in the yard behind the house.\nThree kinds of "
               "notebooks survive in the archive, each in its own box:\n"
               "- rain and flood records, kept by the headman and later by "
               "his son in\nthe same hand\n- births, marriages and deaths"
               "\n- the accounts of the mill\nLater readers argued about "
               "the unit of the measure, but they agreed that\nthe numbers "
               "were written with care and kept for more than thirty years.\n")
    per_line = ("Three kinds of notebooks survive in the archive, each "
                "kept in a box of its own.\n- rain and flood records of "
                "the valley and of the two villages on the river\n"
                "- the accounts of the mill\nLater readers argued about "
                "the unit of the measure.\n")
    for src in (wrapped, per_line):
        t, _ = read(src)
        items = [text(i) for i in nodes(t, "item")]
        expect(items and items[-1] == "the accounts of the mill",
               "the last item ends at its line: %s" % items)
        expect(any(text(p).startswith("Later readers")
                   for p in nodes(t, "paragraph")),
               "the paragraph after the list is a paragraph of its own")
    t, _ = read(wrapped)
    expect(text(nodes(t, "item")[0]).endswith("in the same hand"),
           "a wrapped item keeps its second line")
    # the last item under one that runs over lines is an item too, not a
    # numbered heading over the paragraph after the list
    t, _ = read("The notebooks were counted twice, in two ways that are told "
                "here\nin full.\n\n1. first by the headman, who wrote "
                "each count into the margin of\n   the ledger itself, and "
                "signed it.\n2. then by his son\n\nAfter the two counts "
                "the numbers were compared and found to agree in\nevery "
                "year but one, the year of the flood.\n")
    items = [text(i) for i in nodes(t, "item")]
    expect(len(items) == 2 and items[1] == "then by his son" and
           not nodes(t, "heading"), "the last item of a list: %s, %s"
           % (items, [text(h) for h in nodes(t, "heading")]))


# ---- notes ----

NOTES = """The ledgers were first counted in a survey of the valley.1 They
hold the rain of every week, written by the same two hands.2

______________
1 The survey is kept in the provincial archive.
2 The second hand belongs to the headman's son.
7
\fThe second page continues with the story of the flood and of the copies.
"""


@case
def notes_below_a_rule():
    t, err = read(NOTES)
    notes = nodes(t, "note")
    expect(len(notes) == 2, "two notes, got %d" % len(notes))
    expect([n["marker"] for n in notes] == ["1", "2"], "markers as printed")
    expect("provincial archive" in note_text(notes[0]), "note text")
    s = text(nodes(t, "paragraph")[0])
    expect("valley. They" in s, "marker removed from the text: %r" % s)
    expect("notes: 2; attached at their marker: 2" in err, "reported")
    switched_off(NOTES, "notes", "note")
    # notes marked with symbols, apart from numbered ones; "a*b" and a
    # star between words mark nothing
    src = ("The wells of the valley were counted twice.* The second count\n"
           "gave more wells than the first (Karimi 2001).\u2020 Its figures are\n"
           "in a table where a*b stands for the area and * for a gap in it.\n\n"
           "* Counted by the village council.\n"
           "\u2020 The survey of the province.\n\n7\n\fThe next page goes on.\n")
    t, err = read(src)
    got = [(n["marker"], note_text(n)) for n in nodes(t, "note")]
    expect(got == [("*", "Counted by the village council."),
                   ("\u2020", "The survey of the province.")],
           "symbol notes: %s" % got)
    s = text(nodes(t, "paragraph")[0])
    expect("a*b" in s and "and * for" in s, "no marker there: %r" % s)


@case
def notes_persian_numbered_lines():
    src = ("متن صفحه درباره‌ی دفترها است و سخن نویسنده «درست»۱۲۳ را تکرار\n"
           "می‌کند و به منبع دیگری هم اشاره دارد.۱۲۴\n\n"
           "۱۲۳ گزارش بایگانی، http://example.org/report\n"
           "۱۲۴ نامه‌ی دوم، http://example.org/letter\n"
           "۵\n\fصفحه‌ی بعد ادامه‌ی متن است و به پایان می‌رسد.\n")
    t, _ = read(src)
    notes = nodes(t, "note")
    expect([n["marker"] for n in notes] == ["۱۲۳", "۱۲۴"],
           "Persian markers: %s" % [n["marker"] for n in notes])
    urls = [e.get("URL") for e in entries(t)]
    expect("http://example.org/report" in urls, "the note's URL is an entry")
    expect(nodes(notes[0], "cite"), "the note cites its entry")


@case
def notes_number_then_text():
    src = ("The council was formed in the spring of that year, and its first\n"
           "meeting chose a president1 and a secretary for the year.\n\n\n"
           "1\n\n. The Supreme Council of the valley\n"
           "The next page begins here and goes on without a break at all.\n")
    t, _ = read(src)
    notes = nodes(t, "note")
    expect(len(notes) == 1 and "Supreme Council" in note_text(notes[0]),
           "note from '1' over '. text'")


@case
def notes_at_the_page_foot():
    # right-to-left text extracted in visual order: the notes give the
    # Latin form of a term, their markers are digits set off by spaces
    fa = ("این خط بخشی از یک بند است که در عرض معینی شکسته شده و ادامه دارد\n"
          "تا خواننده ببیند که سطرهای این متن شکسته شده‌اند و بلند هستند.\n")
    page1 = (fa + "الگوریتم را بر هر تصویر اجرا می‌کنیم و نقاط کلیدی  1را می‌یابیم و\n"
             "هر نقطه را با یک بردار توصیفگر  2نمایش می‌دهیم که در ادامه آمده است.\n"
             + fa + "1 Key points\n\n2 Descriptor vector\n\n1\n")
    # the note numbers on lines of their own, in any order, the terms in
    # the order of their markers; the page number at the foot, not the
    # note number above it
    page2 = ("\f" + fa + "سپس بردارها را به سامانه‌ی تطبیق ویژگی  3می‌دهیم و از\n"
             "تصویر انتگرال  4برای شتاب دادن به محاسبه‌ها بهره می‌گیریم.\n" + fa +
             "4\n\nFeature matching\nIntegral image\n3\n\n2\n")
    # the note numbers after the page number, at the very end of a page;
    # lines of figures (a table, sums) make the text no less right-to-left
    sums = "".join("%d + %d = %d\n" % (i, i + 1, 2 * i + 1)
                   for i in range(1, 25))
    page3 = ("\f" + fa + "روش را با آستانه‌ی  1می‌سنجیم و نتیجه را با خط پایه\n"
             "  2مقایسه می‌کنیم که در جدول زیر آمده است.\n" + sums + "\n" +
             fa + "Threshold\nBaseline\n\n3\n\n1\n2\n")
    # a marker glued before a comma ("ایرمک۱،") that the visual order of
    # its run put after it
    page4 = ("\f" + fa + "تومورها را به دو نوع دسته‌بندی می‌کنند(ایرمک.)۲۰۲۱ ،۱\n" +
             fa + "این روش را دیگران نیز آزموده‌اند(هانگ.)۲۰۲۱ ،۲\n" + fa +
             "1\n\nIrmak\n2\nHuang\n\n4\n")
    # a Latin abbreviation with its number glued on, spelt out below
    fb = ("سامانه‌ها از داده‌ها می‌آموزند و بی برنامه‌ی صریح پیش‌بینی می‌کنند و\n"
          "این شاخه در سال‌های اخیر در پزشکی و صنعت کاربرد فراوان یافته است.\n")
    page5 = ("\f" + fb + "یادگیری ماشینی (به اختصار  ،)ML2شاخه‌ای از هوش است.\n" +
             fb + "2\n\nMachine learning\n\n5\n")
    t, err = read(page1 + page2 + page3 + page4 + page5)
    notes = nodes(t, "note")
    got = [(n["pos"][0], note_text(n)) for n in notes]
    expect(got == [(3, "Key points"), (4, "Descriptor vector"),
                   (14, "Feature matching"), (15, "Integral image"),
                   (27, "Threshold"), (28, "Baseline"), (65, "Irmak"),
                   (68, "Huang"), (80, "Machine learning")],
           "notes at their markers: %s" % got)
    body = " ".join(text(n) for n in t["blocks"] if n["type"] == "paragraph")
    expect("Key points" not in body and "Integral image" not in body,
           "note texts out of the body")
    labels = [n.get("label") for n in nodes(t, "page_break")]
    expect("3" in labels, "the page number before the notes' numbers: %s"
           % labels)


@case
def notes_not_in_formulas_nor_numberings():
    """Digits that only look like markers: the indices of a formula
    ("py1 ` y2 q{2s", what a math font becomes in an extraction), the
    turned numbers of a list's items (".1تشخیص" over ".2" and ".3"), and
    a formula's fragment at the page's foot that is not a note's Latin
    term ("xi,G ,")."""
    fa = ("این خط بخشی از یک بند است که در عرض معینی شکسته شده و ادامه دارد\n"
          "تا خواننده ببیند که سطرهای این متن شکسته شده‌اند و بلند هستند.\n")
    page1 = (fa + "گره‌هایی بررسی می‌شوند که از ضریب معینی که ضریب تمییز 1\n"
             "نامیده می‌شود بیشتر باشند و بقیه کنار گذاشته می‌شوند.\n"
             ".1تشخیص مرکز با الگوریتمی که نقطه‌ای را پیدا می‌کند.\n"
             ".2تولید زاویه با توجه به اطلاعات مرحله‌ی قبل.\n"
             ".3محاسبه‌ی نیم‌قطرها از معادله‌ی بیضی.\n"
             "دو نقطه از بیضی با شیب‌های ξ1 2 و ξ2 را در نظر می‌گیریم که\n"
             "نقطه‌ی T12 و نقطه‌ی وسط M “ rpx1 ` x2 q{2, py1 ` y2 q{2s را می‌سازند.\n"
             + fa + "1 Discrimination factor\n2 Slope\n\n9\n")
    page2 = ("\f" + fa + "بردار آزمایشی با ضریب مقیاس  1ساخته می‌شود و از\n"
             + fa + "Xi,G + F · (Xr1,G − Xr2,G)\nxi,G ,\nScaling factor\n\n"
             "10\n\n1\n")
    # a short Latin line of the body (code) over the notes' terms, more
    # terms than numbers: the terms nearest the foot are the notes'
    page3 = ("\f" + fa + "نقاط کلیدی  1را می‌یابیم و هر نقطه را با یک بردار\n"
             "توصیفگر  2نمایش می‌دهیم و کتابخانه را چنین می‌خوانیم:\n"
             "import numpy as np\nKey points\n1\nDescriptor vector\n2\n\n"
             "11\n")
    t, _ = read(page1 + page2 + page3)
    got = [(n["pos"][0], note_text(n)) for n in nodes(t, "note")]
    expect(got == [(3, "Discrimination factor"), (8, "Slope"),
                   (18, "Scaling factor"), (30, "Key points"),
                   (31, "Descriptor vector")],
           "notes at their markers: %s" % got)
    body = " ".join(text(n) for n in nodes(t, "paragraph"))
    expect("import numpy" in body, "the code line stays in the body")
    # Latin terms with their numbers, one marker lost to the extraction:
    # the others are notes, the lost one's note is kept and reported
    page4 = ("\f" + fa + "نقاط کلیدی  1را می‌یابیم و هر نقطه را با یک بردار\n"
             "توصیفگر نمایش می‌دهیم که در ادامه آمده است و به کار می‌رود.\n" +
             fa + "Key points\n1\nDescriptor vector\n2\n\n12\n")
    t, err = read(page1 + page2 + page3 + page4)
    got = [(n["pos"][0], note_text(n)) for n in nodes(t, "note")]
    expect((41, "Key points") in got, "the matched term: %s" % got)
    orphans = [text(d) for d in nodes(t, "div")
               if "orphan-note" in d.get("classes", "")]
    expect(len(orphans) == 1 and orphans[0].endswith("Descriptor vector")
           and "plain.orphan-note" in err,
           "the term without its marker: %s" % orphans)
    expect(not nodes(t, "heading"), "terms as headings: %s"
           % [text(h) for h in nodes(t, "heading")])
    # notes marked with symbols at the page's foot, no rule above them
    t, _ = read(page1.replace("ضریب تمییز 1", "ضریب تمییز*")
                .replace("ξ1 2 و ξ2 را", "ξ1 و ξ2 را**")
                .replace("1 Discrimination factor\n2 Slope\n",
                         "* Discrimination factor\n** Slope\n"))
    got = [(n["pos"][0], note_text(n)) for n in nodes(t, "note")]
    expect(got == [(3, "Discrimination factor"), (8, "Slope")],
           "notes marked with symbols: %s" % got)
    # a note's text over two lines at the foot: the second goes with it
    t, _ = read(page1.replace("1 Discrimination factor\n",
                              "1 Discrimination factor of the\nnodes\n"))
    got = [note_text(n) for n in nodes(t, "note")]
    expect(got and got[0] == "Discrimination factor of the nodes",
           "a note's second line kept with it: %s" % got)


@case
def notes_number_glued_at_the_foot():
    # a Persian report whose note numbers stood in bidi runs of their
    # own: with the marks gone the number touches the note's text
    # ("۱پیاده‌سازی"); formula lines between the marker and the note
    # hold digits that are indices ("Xr۱i ,G") or a raised digit alone
    # on its line, none of them the marker
    fa = ("این خط بخشی از یک بند است که در عرض معینی شکسته شده و ادامه دارد\n"
          "تا خواننده ببیند که سطرهای این متن شکسته شده‌اند و بلند هستند.\n")
    page1 = (fa + "برای نمونه می‌توان به پنج نمونه‌ی پیاده‌سازی‌شده  ۱از این روش‌ها اشاره کرد:\n"
             "\u202b\u202a۱\u202c\u202c\n"
             "\u202b\u202aVi,G = Xr۱i ,G + F · (Xr۲i ,G − Xr۳i ,G\u202c\u202c\n\n"
             "\u202b\u202a ۱\u202cپیاده‌سازی این روش‌ها در نشانی "
             "\u202ahttp://example.org/code.html\u202cبرای\u202c\n"
             "\u202bاستفاده‌ی همگان در دسترس است.\u202c\n\n\u202b\u202a۴\u202c\u202c\n")
    # a section numbered the same way at the top of a page: a heading over
    # its text, not a note, though an earlier marker carries its number
    body = "".join(fa for _ in range(3))
    page2 = ("\f\u202b\u202a ۶\u202cنتیجه‌گیری\u202c\n" + body +
             "\n\u202b\u202a۵\u202c\u202c\n")
    t, err = read(page1 + page2)
    got = [(n["pos"][0], note_text(n)) for n in nodes(t, "note")]
    expect(len(got) == 1 and got[0][0] == 3 and
           got[0][1].startswith("پیاده‌سازی"),
           "the note at its marker in the prose: %s" % got)
    heads = [text(n) for n in nodes(t, "heading")]
    expect(any("نتیجه‌گیری" in h for h in heads),
           "the numbered section stays a heading: %s" % heads)


@case
def notes_glued_among_latin_terms():
    # notes numbered through the chapter (9 to 12 on this page): Latin
    # terms with their numbers on lines of their own, and a Persian note
    # whose number the lost bidi marks glued to its text, over two lines
    fa = ("این خط بخشی از یک بند است که در عرض معینی شکسته شده و ادامه دارد\n"
          "تا خواننده ببیند که سطرهای این متن شکسته شده‌اند و بلند هستند.\n")
    page = (fa + "در این متن از نام نویسنده  ۹استفاده می‌کنیم و واژه‌ی دوم  ۱۰را "
            "نیز می‌آوریم.\n" + fa + "سپس از ابزار سوم  ۱۱و از پرونده‌ی ویژه  "
            "۱۲بهره می‌گیریم تا کار ساده شود.\n" + fa +
            "\n9\n\nSmith\nData structure\n11\nBibTeX\n"
            "\u202b\u202a۱۲\u202cاین پرونده در پوشه‌ی اصلی جای دارد و باید\u202c\n"
            "\u202bآن را پیش از ساختن متن ببینید.\u202c\n10\n\n۲\n")
    t, err = read(fa + "\n۱\n\f" + page)
    got = [(n["pos"][0], note_text(n)) for n in nodes(t, "note")]
    expect(got == [(7, "Smith"), (7, "Data structure"), (10, "BibTeX"),
                   (10, "این پرونده در پوشه‌ی اصلی جای دارد و باید "
                        "آن را پیش از ساختن متن ببینید.")],
           "each note at its marker with its own text: %s" % got)


@case
def notes_markers_by_evidence():
    """Numbers that are not markers, told from the whole document: a
    number after its noun ("جدول ۲", Table 2) is a marker only where the
    page has no other; the second number of an interval ("۰٫۵, ۱") is
    none; a word before different numbers, one of them twice, labels them
    ("استراتژی ۱" and "استراتژی ۲" in two figures); and a page's markers
    run in the order of their numbers."""
    fa = ("این خط بخشی از یک بند است که در عرض معینی شکسته شده و ادامه دارد\n"
          "تا خواننده ببیند که سطرهای این متن شکسته شده‌اند و بلند هستند.\n")
    # a flattened table: the markers sit in its cells
    page1 = (fa + "\n۹\n\f" + fa + "در روش نخست ) ۱ (RSFمقدار تصادفی ∈ F را برمی‌گزیند.\n"
             "مقدار آن در بازه‌ی ][۰٫۵, ۱\n"
             "این روش  ۲ TVFنام دارد و بهتر از روش پیشین است.\n"
             "خلاصه‌ی این روش‌ها در جدول  ۲آورده شده‌است.\n" + fa +
             "۱\n\nRandom scale factor\nTime varying factor\n۲\n\n۱۰\n")
    # the page's "۳" after the marker of 4 is not note 3's; a shape's
    # number ("شکل  ۵") is a marker where nothing else carries it
    page2 = ("\f" + fa + "این روش  ۳ ADEنام دارد و پیش‌تر گفته شد.\n"
             "روش دیگر  ۴ FADEنام دارد و نسل‌ها را می‌سنجد.\n"
             "این دو روش با پارامتر  ۳ آزموده شده‌اند.\n"
             "جدول‌های توصیفگر شکل  ۵را نیز می‌سازیم.\n" + fa +
             "۳\n\nAdaptive evolution\n۴\nFuzzy adaptive evolution\n"
             "۵\nShape table\n\n۱۱\n")
    # two figures label their rows "استراتژی ۱", "استراتژی ۲"
    figure = "استراتژی ۱\nاستراتژی ۲\nاستراتژی k\n"
    page3 = ("\f" + fa + "این دو ماتریس را حافظه‌ی شکست  «۱است و دوره‌ی\n"
             "یادگیری ) ۲ (LPنامیده‌اند که در شکل زیر می‌بینید.\n" +
             figure + "حافظه‌ی موفقیت\n\n" + figure + "حافظه‌ی شکست\n\n" +
             fa + "Failure memory\nLearning period\n\n۱۲\n\n۱\n۲\n")
    t, _ = read(page1 + page2 + page3)
    got = [(n["pos"][0], note_text(n)) for n in nodes(t, "note")]
    expect(got == [(7, "Random scale factor"), (9, "Time varying factor"),
                   (22, "Adaptive evolution"),
                   (23, "Fuzzy adaptive evolution"), (25, "Shape table"),
                   (39, "Failure memory"), (40, "Learning period")],
           "notes at their markers: %s" % got)


@case
def notes_web_addresses_at_the_foot():
    """A Persian report's notes that give a web address under their
    number ("1" over "(https://... (2022-8-20"), marked in a paragraph's
    first words ("1 Asteriskیک", "1Issableیک"), on a line Latin names
    outweigh too; the paragraph that opens with the marker stays text,
    though the page before has a "1" it might take."""
    def fa(k):
        w = ["بخشی", "پاره‌ای", "تکه‌ای", "قسمتی", "جزئی"][k]
        return ("این خط %s از یک بند است که در عرض معینی شکسته شده و ادامه\n"
                "دارد تا خواننده ببیند که سطرهای این %s شکسته و بلند هستند.\n"
                % (w, w))
    page0 = (fa(0) + "فهرست تصویرها: سرویس1 پیام صوتی در صفحه‌ی چهارده\n" +
             fa(0) + "\n۰\n")
    page1 = ("\f" + fa(1) + "\n1 Asteriskیک ساختار نرم‌افزاری کامل است و بر "
             "سامانه‌های گوناگون اجرا می‌شود.\n" + fa(1) + fa(1) +
             "\n1\n\n)https://example.org/get-started/ (2022-8-20\n\n1\n")
    page2 = ("\f" + fa(2) + "1Issableیک نرم‌افزار آزاد است که بستر یکپارچه‌ای "
             "برای ارتباط می‌سازد.\n" + fa(2) +
             "1\n\n)https://example.org/issabel/ (2022-8-20\n\n2\n")
    page3 = ("\f" + fa(3) + "\n1 AGIیا Asterisk Gateway Interface is an "
             "interface between Asterisk and PHP, Perl or Python\n" + fa(3) +
             fa(3) + "\n1\n\n)https://example.org/wiki/agi (2022-8-20\n\n3\n")
    t, _ = read(page0 + page1 + page2 + page3 + "\f" + fa(4))
    got = [(n["pos"][0], note_text(n)) for n in nodes(t, "note")]
    expect(got == [(11, ")https://example.org/get-started/ (2022-8-20"),
                   (24, ")https://example.org/issabel/ (2022-8-20"),
                   (35, ")https://example.org/wiki/agi (2022-8-20")],
           "notes at their markers: %s" % got)
    body = " ".join(text(n) for n in nodes(t, "paragraph"))
    expect("ساختار نرم‌افزاری" in body, "the paragraph stays in the body")


@case
def notes_marker_on_its_page_or_the_one_before():
    page = ("The second page tells of the wells and of the ledgers that the\n"
            "headman kept in the house by the mill through the dry years.\n")
    src = ("The first count was made in the valley.2 It was repeated twice\n"
           "in the years that followed, each time by the same two hands.\n"
           "\n9\n\f" + page + "\n10\n\f" + page + page + "\n\n"
           "2 The survey of the province.\n11\n\f" + page)
    t, _ = read(src)
    got = [(n["pos"][0], note_text(n)) for n in nodes(t, "note")]
    expect(not got, "a marker two pages up taken: %s" % got)


@case
def orphans_warned_and_kept():
    src = ("A sentence with a marker for a note that is missing.3 And a\n"
           "second sentence that has its note in the right place.1\n\n"
           "______________\n"
           "1 This note has its marker.\n"
           "2 This note has no marker anywhere on the page.\n"
           "4\n\fThe next page.\n")
    t, err = read(src)
    expect("plain.orphan-note" in err, "orphan note warned")
    expect(":6:" in err, "with its line: %s" % err)
    divs = [d for d in nodes(t, "div") if "orphan-note" in d.get("classes", "")]
    expect(divs and "no marker anywhere" in text(divs[0]),
           "orphan note kept")
    expect("plain.orphan-marker" in err, "orphan marker warned")
    s = text(nodes(t, "paragraph")[0])
    expect("missing.3" in s, "orphan marker kept as text")
    # a variable's index ("x1", "ξ2") is no marker
    fa = ("این خط بخشی از یک بند است که در عرض معینی شکسته شده و ادامه دارد\n"
          "تا خواننده ببیند که سطرهای این متن شکسته شده‌اند و بلند هستند.\n")
    t, err = read(fa + "فاصله‌ی نقطه تا مرکز  1را چنین می‌نویسیم:\n" + fa +
                  "d = x1 + ξ1\n" + fa + "1 Distance\n\n7\n\f" + fa)
    got = [(n["pos"][0], note_text(n)) for n in nodes(t, "note")]
    expect(got == [(3, "Distance")], "index taken for a marker: %s" % got)


# ---- citations and bibliography ----

CITES = """The records were studied before (Umarov, 2022), and twice more
in the same years (Kursiv Media Kazakhstan, 2022; the Library of
Congress, 2022). One report is numbered (Odihr 3, 2022), and Rahimi
(2009) gave the first count, later corrected (Rahimi 2009, p. 14).
در متن فارسی نیز به این منبع اشاره شده است (رحیمی، ۱۳۸۸).
به گفته‌ی رحیمی و همکاران (۱۳۸۸) و بنا بر سرشماری (۱۳۹۵) چاه‌ها کم شده‌اند.

References

Rahimi, A. (2009). Forty notebooks. Tehran: Markaz Press.
رحیمی، علی (۱۳۸۸). دفترهای باران. تبریز: نشر آذر.
"""


@case
def verse_kept_as_lines():
    para = ("This line is part of a paragraph wrapped at a width, as the text\n"
            "of a PDF extraction is, and it goes on for a while so that the\n"
            "reader sees that the lines of this text are wrapped lines.\n")
    poem = ("بنی آدم اعضای یکدیگرند\n"
            "که در آفرینش ز یک گوهرند\n"
            "چو عضوی به درد آورد روزگار\n"
            "دگر عضوها را نماند قرار\n")
    t, _ = read(para + "\n" + poem + "\n" + para)
    blocks = [n for n in t["blocks"] if n["type"] == "line_block"]
    expect(len(blocks) == 1 and len(blocks[0]["children"]) == 4,
           "one line block of four verses: %s" % blocks)
    expect(text(blocks[0]["children"][1]) == "که در آفرینش ز یک گوهرند",
           "a verse per line")
    paras = [n for n in t["blocks"] if n["type"] == "paragraph"]
    expect(len(paras) == 2, "the prose stays paragraphs: %d" % len(paras))
    # prose in a narrow column is no verse
    narrow = ("The ledgers were copied by hand in\n"
              "the village school, and each copy\n"
              "was compared with the older book\n"
              "by two readers who marked it.\n")
    t, _ = read(para + "\n" + narrow + "\n" + para)
    expect(not [n for n in t["blocks"] if n["type"] == "line_block"],
           "a narrow paragraph stays a paragraph")


@case
def citations_author_year():
    t, err = read(CITES)
    cites = nodes(t, "cite")
    texts = [text(c) for c in cites]
    for want in ("(Umarov, 2022)",
                 "(Kursiv Media Kazakhstan, 2022; the Library of Congress, 2022)",
                 "(Odihr 3, 2022)", "Rahimi (2009)", "(Rahimi 2009, p. 14)",
                 "(رحیمی، ۱۳۸۸)"):
        expect(want in texts, "citation %r in %s" % (want, texts))
    multi = cites[texts.index(
        "(Kursiv Media Kazakhstan, 2022; the Library of Congress, 2022)")]
    expect(len(multi["items"]) == 2, "one item per work")
    rahimi = [c for c in cites if text(c).startswith("Rahimi")][0]
    expect(rahimi["items"][0]["key"] == "rahimi-2009",
           "linked to the reference list entry")
    # a work the text has no entry for stays an unresolved citation: no
    # entry is made up for it
    ids = {e["id"] for e in entries(t)}
    expect(not any(i.startswith("umarov") for i in ids),
           "no entry invented: %s" % ids)
    umarov = [c for c in cites if text(c) == "(Umarov, 2022)"][0]
    expect(umarov["items"][0]["key"] == "umarov-2022",
           "unresolved item keeps its key")
    expect("unresolved" in err, "unresolved citations reported")
    # narrative in Arabic script: with no capitals to mark a name, only
    # where the bibliography has that author and year
    expect("رحیمی و همکاران (۱۳۸۸)" in texts, "Persian narrative: %s" % texts)
    expect(not any("سرشماری" in x for x in texts), "no name: %s" % texts)
    switched_off(CITES, "citations", "cite")


@case
def citations_numeric_visual_order():
    # right-to-left text in visual order: the punctuation after a
    # citation lands between its brackets ("]: [۲" for "[۲]:"), and a
    # note that opens with its citation ("[16] Title") comes out wrapped
    # by it ("]Title [16"), line after line
    fa = ("این خط بخشی از یک بند است که در عرض معینی شکسته شده و ادامه دارد\n"
          "و روش‌ها به سه گونه تقسیم می‌شوند ]: [۲ و در ] [۱ آمده است.\n")
    notes = ("\u202b]\u202aAdaptive Simulated Annealing [۳\u202c\u202c\n"
             "\u202b]\u202aAnnealed Nelder and Mead [۴\u202c\u202c\n")
    refs = "".join("[%d] A. Name, Title %d, Journal, 20%02d.\n" % (n, n, n)
                   for n in range(1, 5))
    t, err = read(fa + notes + "\nمراجع\n\n" + refs)
    got = sorted((c["pos"][0], i["key"]) for c in nodes(t, "cite")
                 for i in c["items"])
    expect(got == [(2, "ref-1"), (2, "ref-2"), (3, "ref-3"), (4, "ref-4")],
           "every citation tagged: %s" % got)


@case
def bibliography_fields():
    t, _ = read(CITES)
    es = {e["id"]: e for e in entries(t)}
    r = es["rahimi-2009"]
    expect(r["author"][0]["family"] == "Rahimi", "family name")
    expect(r.get("title") == "Forty notebooks", "title: %s" % r.get("title"))
    expect(r.get("publisher") == "Markaz Press", "publisher")
    fa = [e for e in es.values() if e.get("language") == "fa"][0]
    expect(fa.get("issued"), "Persian entry dated")
    src = ("Some text about the sources.\n\nمنابع:\n"
           "https://example.org/one\n"
           "https://example.org/twohttps://example.org/three\n")
    t, _ = read(src)
    urls = [e.get("URL") for e in entries(t)]
    expect(urls == ["https://example.org/one", "https://example.org/two",
                    "https://example.org/three"],
           "one entry per URL, glued ones split: %s" % urls)


@case
def citations_numeric():
    src = ("Early results [1] were followed by [2, 3] and by the long series\n"
           "of studies [1\u20133] that this paper takes up again. A range\n"
           "may break across a line [2\u2013\n3] as well. Bracketed [7] that\n"
           "no entry carries stays text.\n\n"
           "[1] A. Smith and B. Jones, \u201cFirst results,\u201d J. Tests 1, 2 (2001).\n"
           "[2] C. Brown, Tests Again (Press, 2003).\n"
           "[3] D. Green et al., Phys. Tests 4, 5 (2005),\n"
           "arXiv:0501.00001.\n")
    t, err = read(src)
    cites = nodes(t, "cite")
    keys = [[i["key"] for i in c["items"]] for c in cites]
    expect(keys == [["ref-1"], ["ref-2", "ref-3"], ["ref-1", "ref-2", "ref-3"],
                    ["ref-2", "ref-3"]], "numeric citations: %s" % keys)
    es = entries(t)
    expect([e["id"] for e in es] == ["ref-1", "ref-2", "ref-3"],
           "one entry per label: %s" % [e["id"] for e in es])
    expect(es[0].get("title") == "First results" and
           len(es[0].get("author", [])) == 2, "quoted title, initials: %s"
           % es[0])
    expect("arXiv:0501.00001" in es[2].get("raw", ""),
           "a continued entry kept whole: %s" % es[2].get("raw"))
    # an entry's line that opens with its year is no label
    t, _ = read(src.replace("[3] D. Green et al., Phys. Tests 4, 5 (2005),\n"
                            "arXiv:0501.00001.\n",
                            "[3] D. Green et al., Proceedings of the Tests,\n"
                            "2016. ISSN 21607516.\n"))
    es = entries(t)
    expect([e["id"] for e in es] == ["ref-1", "ref-2", "ref-3"] and
           "ISSN" in es[2].get("raw", ""),
           "a year opening a line goes on with its entry: %s" % es)
    # right-to-left text in visual order: both brackets before the number
    fa = ("این روش در کارهای پیشین آمده است ] .[1و بهبود آن در ][2 و نیز\n"
          "در گزارش دیگری [.]۳ بررسی شده و همه‌ی آن‌ها را مرور می‌کنیم.\n\n"
          "مراجع\n\n[1] A. Smith, First results, J. Tests 1, 2 (2001).\n"
          "[2] C. Brown, Tests Again (Press, 2003).\n"
          "[3] D. Green, Phys. Tests 4, 5 (2005).\n")
    t, err = read(fa)
    keys = [[i["key"] for i in c["items"]] for c in nodes(t, "cite")]
    expect(keys == [["ref-1"], ["ref-2"], ["ref-3"]],
           "visual-order citations: %s" % keys)


NAMES = ["Smith", "Jones", "Brown", "Green", "Wilson", "Taylor", "Clark",
         "Lewis", "Walker", "Hall", "Young", "King"]
TOPICS = ["rivers", "wells", "rain", "salt", "dunes", "tides", "clouds",
          "soils", "lakes", "winds", "ice", "caves"]


def works(shape, n=9, wrap=False):
    """A numbered list of n works in the given label shape ("[n] ", "n. ",
    "n "), each on one line or, wrapped, over three lines the last two of
    which hang under the first."""
    out = []
    for k in range(1, n + 1):
        a, b, t = NAMES[k % 12], NAMES[(k + 5) % 12], TOPICS[k % 12]
        if shape.startswith("["):
            head = "A. %s and B. %s, \u201cOn %s %d,\u201d" % (a, b, t, k)
            tail = "J. %s Sci., vol. %d, pp. %d\u2013%d, 20%02d." % (
                t.title(), 7 * k % 30, 9 * k, 9 * k + 9, 3 * k % 20)
        elif shape.endswith(". "):
            head = "%s AB, %s C. On %s %d." % (a, b, t, k)
            tail = "J %s Sci. 20%02d;%d:%d\u2013%d." % (
                t.title(), 3 * k % 20, 7 * k % 30, 9 * k, 9 * k + 9)
        else:
            head = "%s, A., %s, B.: On %s %d." % (a, b, t, k)
            tail = "J. %s Sci. %d, %d\u2013%d (20%02d)" % (
                t.title(), 7 * k % 30, 9 * k, 9 * k + 9, 3 * k % 20)
        label = shape.replace("n", str(k), 1)
        if wrap:
            out.append("%s%s in the\n    lands of the %s, a study\n    %s\n"
                       % (label, head, t, tail))
        else:
            out.append("%s%s %s\n" % (label, head, tail))
    return out


def numbered_keys(t):
    return [[i["key"] for i in c["items"]] for c in nodes(t, "cite")]


@case
def citations_numbered_list_shapes():
    """Numbered citations ("[1]", "[3, 5]", "[3\u20137]", "[1,2,4-6]", one
    broken over a line) linked to a numbered list in any of the shapes
    papers use: "[1] A. Author, ...", "1. Author AB. ...", "1 Author,
    A." (a bare number: a run of works 1, 2, 3, ... a few lines apart,
    dated, tells it from numbered affiliations), wrapped with hanging
    lines, after a page break with no heading, under a heading in
    another language, with page furniture between entries."""
    para = ("This line is part of a paragraph wrapped at a width, as the text\n"
            "of a PDF extraction is, and it goes on for a while so that the\n"
            "reader sees that the lines of this text are wrapped well enough.\n")
    body = ("Early work [1] and later studies [3, 5] agree, while a series\n"
            "[3\u20137] and a mixed group [1,2,4-6] do not. " + para +
            "A citation may be broken [2,\n8] over a line, a range [6\u2013\n9]"
            " too.\n" + para + "\n")
    want = [["ref-1"], ["ref-3", "ref-5"], ["ref-3", "ref-4", "ref-5", "ref-6",
            "ref-7"], ["ref-1", "ref-2", "ref-4", "ref-5", "ref-6"],
            ["ref-2", "ref-8"], ["ref-6", "ref-7", "ref-8", "ref-9"]]
    ids = ["ref-%d" % k for k in range(1, 10)]
    for shape in ("[n] ", "n. ", "n "):
        for wrap in (False, True):
            lst = works(shape, wrap=wrap)
            for name, src in (
                    ("under References", body + "References\n\n" + "".join(lst)),
                    ("after a page break", body + "\n3\n\f" + "".join(lst) +
                     "\n4\n"),
                    ("under Literaturverzeichnis", body +
                     "Literaturverzeichnis\n\n" + "".join(lst)),
                    ("furniture between", "".join(
                        "Journal of Tests 2 (2021)\n\n%s\n%d\n\f" % (page, k)
                        for k, page in enumerate(
                            (body, para * 3, "References\n\n" +
                             "".join(lst[:5]), "".join(lst[5:])), 1)))):
                what = "%r%s %s" % (shape, " wrapped" if wrap else "", name)
                t, err = read(src)
                es = entries(t)
                expect([e["id"] for e in es] == ids,
                       "%s: entries %s" % (what, [e["id"] for e in es]))
                expect(all(e["raw"].endswith(")" if shape == "n " else ".")
                           for e in es) and "Journal of Tests" not in
                       " ".join(e["raw"] for e in es),
                       "%s: entries split: %s" % (what, [e["raw"] for e in es]))
                expect(numbered_keys(t) == want,
                       "%s: citations %s" % (what, numbered_keys(t)))
    # numbered affiliations ("1 Department of ...") are no works
    affil = "".join("%d Department of %s, University of %s, %s\n" % (
        k, TOPICS[k], NAMES[k], NAMES[k + 1]) for k in range(1, 9))
    t, _ = read(para + "\n" + affil + "\n" + para)
    expect(not entries(t), "affiliations: %s" % entries(t))


@case
def numbered_list_not_bibliography():
    """A numbered list or table whose lines carry years is no reference
    list: a year alone does not make a work (a list under a references
    heading, or one whose entries have a work's shape, is one); and the
    heading and paragraph after a list are never taken into its last
    entry."""
    para = ("This line is part of a paragraph wrapped at a width, as the text\n"
            "of a PDF extraction is, and it goes on for a while so that the\n"
            "reader sees that the lines of this text are wrapped well enough.\n")
    timeline = ("Timeline\n\n"
                "1. In March 2019 the mill opened on the river bank.\n"
                "2. In June 2020 the owners doubled the number of stones.\n"
                "3. The flood of 2021 closed it for a season.\n"
                "4. It reopened in 2022 under new owners.\n\n"
                "Outlook\n\n"
                "This line is part of an ordinary paragraph after the list.\n")
    table = (para + "\nRainfall\n\n1 Rasht 2019 1350 mm\n2 Gorgan 2020 640 mm\n"
             "3 Sari 2021 790 mm\n\nNotes\n\n" + para)
    for name, src in (("timeline", timeline), ("with text before", para +
                      "\n" + timeline), ("table", table)):
        t, _ = read(src)
        expect(not entries(t), "%s: entries %s" % (
            name, [e["raw"] for e in entries(t)]))
        heads = [text(h) for h in nodes(t, "heading")]
        expect("Outlook" in heads or "Notes" in heads,
               "%s: headings %s" % (name, heads))
    # a list of works ends at its last entry: what follows stays text
    t, _ = read(para + "\n" + "".join(works("n. ", n=5)) + "\nOutlook\n\n" +
                "This line is part of an ordinary paragraph after the list.\n")
    es = entries(t)
    expect(len(es) == 5 and "Outlook" not in es[-1]["raw"] and
           "ordinary" not in es[-1]["raw"],
           "last entry: %s" % [e["raw"] for e in es])


@case
def citations_superscript_numbers():
    """Numbers glued to the words they follow cite a numbered list when
    the text first cites its works in the list's order, 1, 2, 3, ...
    (superscripts); glued to a capital ("CO2"), to a short word ("m2")
    or out of that order they stay text."""
    para = ("This line is part of a paragraph wrapped at a width, as the text\n"
            "of a PDF extraction is, and it goes on for a while so that the\n"
            "reader sees that the lines of this text are wrapped well enough.\n")
    body = ("Early work1 and later studies2,3 agree, while a series4\u20136\n"
            "and a mixed group1,2,4-7 do not, in CO2 and per m2 alike. " + para +
            "Another claim.8 " + para + "\n")
    for shape in ("n. ", "n "):
        for src in (body + "References\n\n" + "".join(works(shape)),
                    body + "\n3\n\f" + "".join(works(shape)) + "\n4\n"):
            t, err = read(src)
            expect([e["id"] for e in entries(t)] ==
                   ["ref-%d" % k for k in range(1, 10)],
                   "%r: entries %s" % (shape, [e["id"] for e in entries(t)]))
            expect(not nodes(t, "note"), "no notes: %s" % nodes(t, "note"))
            expect(numbered_keys(t) == [
                ["ref-1"], ["ref-2", "ref-3"], ["ref-4", "ref-5", "ref-6"],
                ["ref-1", "ref-2", "ref-4", "ref-5", "ref-6", "ref-7"],
                ["ref-8"]], "%r: citations %s" % (shape, numbered_keys(t)))
    # the same numbers in no order of first citation are no citations
    t, _ = read(body.replace("work1", "work9").replace("studies2,3",
                                                       "studies8,7") +
                "References\n\n" + "".join(works("n. ")))
    expect(not nodes(t, "cite"), "out of order: %s" % numbered_keys(t))


@case
def superscript_numbers_not_terms():
    """In a text cited by superscript numbers, a number glued to a word is
    no citation where the form is a term used again ("log2"), where it
    is far above the citations so far ("exp9" before any), or where the
    token has capitals or other digits ("H2O", "CO2", "COVID-19", "MP3",
    "x2")."""
    para = ("This line is part of a paragraph wrapped at a width, as the text\n"
            "of a PDF extraction is, and it goes on for a while so that the\n"
            "reader sees that the lines of this text are wrapped well enough.\n")
    body = ("The model takes exp9 of the rate.\n" + para +
            "Early work1 and later studies2,3 agree, while a series4\u20136\n"
            "and a mixed group1,2,4-7 do not. " + para +
            "Expression was given as log2 fold change, in H2O and CO2 during\n"
            "COVID-19, read from MP3 files with x2 steps. " + para +
            "Another claim.8 Values of log2 above one were kept. " + para + "\n")
    t, _ = read(body + "References\n\n" + "".join(works("n. ")))
    expect(len(entries(t)) == 9, "entries %s" % len(entries(t)))
    expect(numbered_keys(t) == [
        ["ref-1"], ["ref-2", "ref-3"], ["ref-4", "ref-5", "ref-6"],
        ["ref-1", "ref-2", "ref-4", "ref-5", "ref-6", "ref-7"], ["ref-8"]],
        "citations %s" % numbered_keys(t))


@case
def bibliography_not_in_contents():
    # a table of contents names the references chapter, with the
    # chapters after it: no line under it reads as a reference (no year,
    # no URL, no "[n]"), so it opens no reference section and the text
    # after it becomes no entry
    para = ("This line is part of a paragraph wrapped at a width, as the text\n"
            "of a PDF extraction is, and it goes on for a while so that the\n"
            "reader sees that the lines of this text are wrapped [1].\n")
    src = ("Contents\n\n1 Introduction . . . . . . . . . . 1\n\n"
           "2 Methods . . . . . . . . . . 3\n\n"
           "References\n\n9\n\nGlossary\n\n11\n\nIndex\n\n13\n\n\f"
           "1 Introduction\n\n" + para * 3 + "\n1\n\f2 Methods\n\n" +
           para.replace("[1]", "[2, 3]") * 3 + "\n2\n\fReferences\n\n"
           "[1] S. Ahmadi, Wells and water in the villages, Shiraz Press, 2020.\n"
           "[2] R. Karimi, Rivers of the south, J. Water Stud. 12 (2019) 45-67.\n"
           "[3] K. Lee, The depth of old wells, Water History 4 (2015) 1-20.\n"
           "\n3\n")
    t, err = read(src)
    ids = [e["id"] for e in entries(t)]
    expect(ids == ["ref-1", "ref-2", "ref-3"],
           "only the reference list's entries: %s" % ids)


@case
def bibliography_trailing_run():
    src = ("Some text citing (Smith, 2010) and (Lee 2012).\n\n"
           "Smith, J. (2010). A first book. London: Press.\n"
           "Lee, K. (2012). Another study. Journal of Tests, 4(2), 10-20.\n"
           "برومند، سارا (۱۳۹۵). کتاب سوم. تهران: نشر.\n")
    t, err = read(src)
    es = {e["id"]: e for e in entries(t)}
    expect(len(es) == 3, "three entries without a heading: %s" % list(es))
    lee = es.get("lee-2012", {})
    expect(lee.get("volume") == "4" and lee.get("issue") == "2" and
           lee.get("page") == "10-20", "volume, issue, pages: %s" % lee)
    expect("(unresolved): 0" in err, "citations linked: %s" % err)
    # entries over two lines ("Journal of" / "Water Studies"), and a
    # numbered list "1. ..." after a page break, no heading over either
    para = ("This line is part of a paragraph wrapped at a width, as the text\n"
            "of a PDF extraction is, and it goes on for a while so that the\n"
            "reader sees that the lines of this text are wrapped (Lee, 2015).\n")
    src = (para * 3 + "Karimi and Rahimi (2019) and Smith (2010) agree.\n\n1\n\f"
           "Ahmadi, S. (2020). Wells and water in the villages. Shiraz: Press.\n"
           "Karimi, R., & Rahimi, A. (2019). Rivers of the south. Journal of\n"
           "Water Studies, 12(3), 45-67.\n"
           "Lee, K. (2015). The depth of old wells. Water History, 4, 1-20.\n"
           "Smith, J. (2010). Rain in the provinces. London: Water Books.\n\n2\n")
    t, err = read(src)
    ids = [e["id"] for e in entries(t)]
    expect(ids == ["ahmadi-2020", "karimi-2019", "lee-2015", "smith-2010"],
           "a list after a page break: %s" % ids)
    expect("(unresolved): 0" in err, "citations linked: %s" % err)
    src = (para.replace("(Lee, 2015)", "[1]") * 3 + "And more [2], [3].\n\n1\n\f"
           "1. S. Ahmadi, Wells and water in the villages, Shiraz Press, 2020.\n"
           "2. R. Karimi, Rivers of the south, J. Water Stud. 12 (2019)\n"
           "45-67.\n"
           "3. K. Lee, The depth of old wells, Water History 4 (2015) 1-20.\n\n2\n")
    t, err = read(src)
    expect(len(entries(t)) == 3 and not nodes(t, "list"),
           "a numbered list of works: %s" % [e["id"] for e in entries(t)])
    expect("citations: 5" in err and "(unresolved): 0" in err,
           "[n] linked: %s" % err)


# ---- language ----

@case
def languages_and_runs():
    src = ("این بند فارسی است و یک عبارت لاتین (Rainfall Ledgers) دارد.\n\n"
           "هذه فقرة عربية كتبها الباحث في المكتبة الوطنية.\n\n"
           "This paragraph is English and mentions the word «باران» once.\n\n"
           "بند فارسی دیگری هم در این متن هست که زبان سند را تعیین می‌کند.\n")
    t, err = read(src)
    expect(t.get("lang") == "fa" and t.get("dir") == "rtl",
           "document language from the majority")
    ps = nodes(t, "paragraph")
    expect(ps[1].get("lang") == "ar", "Arabic paragraph")
    expect(ps[2].get("lang") == "en" and ps[2].get("dir") == "ltr",
           "English paragraph")
    spans = nodes(ps[0], "span")
    expect(spans and spans[0].get("lang") == "en" and
           spans[0].get("dir") == "ltr" and
           text(spans[0]) == "Rainfall Ledgers", "Latin run tagged")
    rtl = nodes(ps[2], "span")
    expect(rtl and rtl[0].get("dir") == "rtl", "Persian run in English")
    expect("document language fa" in err, "shares reported")
    t, _ = read(src, "-O", "plain.language=false")
    expect(not nodes(t, "span") and not t.get("lang"),
           "plain.language=false")


# ---- tables ----

@case
def flattened_table():
    src = ("The table below gives the figures.\n\n"
           "Table 1. Rainfall by decade\n"
           "Decade    Mean\n1960s     412\n1970s     398\n"
           "Source: the ledgers\n\nText after the table.\n")
    t, _ = read(src)
    tf = nodes(t, "table_flat")
    expect(len(tf) == 1 and "1970s" in tf[0]["text"], "one flat table")
    body = "\n".join(text(p) for p in nodes(t, "paragraph"))
    expect("1960s" not in body, "cells not mixed into paragraphs")
    switched_off(src, "tables", "table_flat")
    # the cells end with their page: the short lines that open the next
    # page (a heading) are not the table's
    src = ("The ledgers give the rain of every month, and the table below\n"
           "sums them for the first year of the records that were kept.\n"
           "Table 1. Rain by month\nJanuary\n12\nFebruary\n30\nMarch\n8\n"
           "\n7\n\fB) The mill and its accounts\n"
           "The accounts of the mill were kept by the miller in a book of\n"
           "his own, and they were found with the ledgers after the flood.\n")
    t, _ = read(src)
    tf = nodes(t, "table_flat")
    expect(len(tf) == 1 and "The mill" not in tf[0]["text"],
           "the table ends at the page's end: %s" % [x["text"] for x in tf])


@case
def flattened_table_captions():
    """A table's caption in another language ("Tabela 3.2:"), in visual
    order ("جدول :۱"), or under its cells: the cells are the table's, and
    its first cell is no heading."""
    para = ("The ledgers give the rain of every month, and the table of this\n"
            "page sums them for the first year of the records that were kept\n"
            "by the headman and his son in the small notebooks of the house.\n")
    cells = "\nGranularidade\n\nLacunas\n\nHB\n\n0.0875\n\nEB\n\n0.017\n\n"
    # (a caption as wide as the text, over two lines, still is one)
    wide = ("Tabela 3.2: Granularidade no HCAL e no ECAL, dada em unidades\n"
            "de pseudo-rapidez e de ângulo azimutal.\n")
    for src in (para + "Tabela 3.2: Granularidade no HCAL.\n" + cells + para,
                para + cells + "Tabela 3.2: Granularidade no HCAL.\n\n" + para,
                para + wide + cells + para, para + cells + wide + para):
        t, _ = read(src)
        hs = [text(h) for h in nodes(t, "heading")]
        tf = nodes(t, "table_flat")
        expect(not hs, "a cell taken for a heading: %s" % hs)
        expect(len(tf) == 1 and "Lacunas" in tf[0]["text"] and
               "ledgers" not in tf[0]["text"],
               "one table of the cells: %s" % [x["text"] for x in tf])
    fa = ("این خط بخشی از یک بند است که در عرض معینی شکسته شده و ادامه دارد\n"
          "تا خواننده ببیند که سطرهای این متن شکسته شده‌اند و بلند هستند.\n")
    t, _ = read(fa + fa + "جدول :۱روش‌های تنظیم\n\nمرجع\n\nتوضیحات\n\n"
                "[۹]\n\nتغییر خطی با زیاد شدن نسل\n\n[۸]\n\n"
                "کنترل تنوع جمعیت\n\n" + fa)
    hs = [text(h) for h in nodes(t, "heading")]
    expect(not hs, "Persian cells taken for headings: %s" % hs)


# ---- input ----

@case
def encodings():
    src = "الماء في الواحة قليل، والمزارعون يتقاسمونه بالساعات.\n"
    t, err = read(None, data=src.encode("cp1256"))
    expect(text(nodes(t, "paragraph")[0]) == src.strip(), "cp1256 decoded")
    expect("windows-1256" in err, "the guess is named: %s" % err)
    t, err = read(None, "--from-encoding", "windows-1256",
                  data=src.encode("cp1256"))
    expect("guess" not in err, "declared: no guess")
    t, _ = read(None, data=b"\xff\xfe" + src.encode("utf-16-le"))
    expect(text(nodes(t, "paragraph")[0]) == src.strip(), "UTF-16LE")
    bad = ("نخستین سطر درست است.\n".encode() + "سطر دوم ".encode() +
           b"\xff" + " خراب است.\n".encode())
    _, err = read(None, data=bad, code=4)
    expect("line 2" in err, "error with line: %s" % err)
    _, err = read(None, "--from-encoding", "UTF-8",
                  data=b"plain ascii\nthen \xe9 here\n", code=4)
    expect("line 2" in err, "declared UTF-8: error with line: %s" % err)
    t, err = read(None, "--replace-invalid", data=bad)
    expect("\ufffd" in "".join(text(n) for n in nodes(t, "paragraph")),
           "U+FFFD")
    expect("1 invalid" in err, "count reported: %s" % err)


@case
def steps_recorded():
    t, _ = read(NOTES)
    names = [s["name"] for s in t.get("steps", [])]
    for n in ("plain.pages", "plain.notes", "plain.citations",
              "plain.language"):
        expect(n in names, "step %s recorded: %s" % (n, names))


@case
def transforms_for_other_readers():
    src = ("---\ntitle: Test\n---\n\n"
           "این بند فارسی است و عبارت (Rainfall Ledgers) را دارد و به منبع "
           "اشاره می‌کند (Umarov, 2022).\n\n"
           "This paragraph is English and mentions «باران» once, citing "
           "Rahimi (2009).\n\n"
           "بند فارسی دیگری هم هست که زبان سند را تعیین می‌کند.\n")
    p = subprocess.run([RECTO, "-f", "markdown", "-t", "native",
                        "--transform", "author-year", "--transform",
                        "languages", "-"], input=src.encode(),
                       capture_output=True)
    expect(p.returncode == 0, p.stderr.decode())
    t = json.loads(p.stdout.decode())
    expect(t.get("lang") == "fa", "document language set")
    cites = [text(c) for c in nodes(t, "cite")]
    expect("(Umarov, 2022)" in cites and "Rahimi (2009)" in cites,
           "citations: %s" % cites)
    ps = nodes(t, "paragraph")
    expect(ps[1].get("lang") == "en", "English block tagged")
    expect(any(s.get("lang") == "en" for s in nodes(ps[0], "span")),
           "Latin run tagged")
    # the document has no reference list: the citations stay
    # unresolved, with their keys, and no entry is made up
    expect(not entries(t), "no entry invented: %s" % entries(t))
    keys = {i["key"] for c in nodes(t, "cite") for i in c["items"]}
    expect(keys == {"umarov-2022", "rahimi-2009"}, "keys: %s" % keys)


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    if sys.argv[1] == "list":
        print("\n".join(CASES))
        return 0
    names = list(CASES) if sys.argv[1] == "all" else [sys.argv[1]]
    failed = 0
    for name in names:
        try:
            CASES[name]()
            print("ok   %s" % name)
        except Failure as e:
            print("FAIL %s: %s" % (name, e))
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
