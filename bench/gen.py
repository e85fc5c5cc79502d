#!/usr/bin/env python3
"""Deterministic benchmark inputs for recto.

    gen.py markdown SIZE_MB OUT   pandoc-compatible Markdown: YAML metadata
                                  with a `references:` bibliography, headings,
                                  footnotes, citations, pipe tables, lists,
                                  links, English, Persian and Arabic paragraphs
    gen.py plain SIZE_MB OUT      plain text shaped like a PDF extraction:
                                  running headers, page numbers, footnotes
                                  below a rule line, author-year citations,
                                  hyphenated wrapped lines
    gen.py tei|docbook|xhtml SIZE_MB OUT
                                  the same kinds of content as structured
                                  XML (genxml.py): TEI P5, DocBook 5,
                                  pandoc-shaped XHTML
    gen.py docx SIZE_MB OUT       a DOCX whose word/document.xml is about
                                  SIZE_MB (styles, numbering, footnotes)

SIZE_MB is in units of 1,000,000 bytes and may be a fraction (0.001 gives a
1 KB document).  The same arguments always give the same bytes: the text
comes from the small word lists below and one seeded generator whose
random() sequence Python guarantees across versions.
"""

import random
import sys

SEED = 20240601

# --- word lists (written for this generator) ---------------------------

EN_WORDS = """
the of and to in a is that for it as was with be by on not he this are or
his from at which but have an they you were her she there one all we can
their has been if more when will would who so no state law court public
reform power people council assembly minister election party region city
history language culture nation policy member decree text source page note
archive record letter volume chapter period century year decade village
market river road school teacher student book library manuscript copy edition
scribe reader writer printer paper ink margin column line word sentence
meaning account report treaty border trade merchant caravan harvest winter
summer autumn spring mountain valley desert coast harbour island fortress
palace mosque garden bridge tower governor judge council elder family
brother sister mother father child village household land water grain
salt silver copper coin tax debt loan contract witness seal signature
careful early late small large ancient modern local foreign written printed
public private formal common rare several many few other new old first last
great little long short high low eastern western northern southern central
shows suggests describes records mentions lists explains follows compares
remains becomes appears seems keeps gives takes makes finds reads writes
""".split()

# Persian: ZWNJ (U+200C) inside words on purpose; Persian yeh/keheh.
FA_WORDS = """
کتاب تاریخ زبان فرهنگ مردم شهر روستا دولت مجلس قانون اصلاح جامعه سیاست
نویسنده خواننده متن نسخه صفحه یادداشت کتابخانه دانشگاه پژوهش مقاله سند
آرشیو نامه دفتر فصل بخش سال قرن دوره رود کوه دشت باغ بازار راه مدرسه
معلم شاگرد کاغذ مرکب حاشیه سطر واژه جمله معنا گزارش پیمان مرز بازرگان
کاروان زمستان تابستان پاییز بهار بندر جزیره قلعه کاخ پل برج داور خانواده
برادر خواهر مادر پدر فرزند زمین آب گندم نمک نقره مس سکه مالیات وام شاهد
مهر امضا کهن نو بزرگ کوچک دور نزدیک نخست آخر بسیار اندک دیگر همه این آن
و در به از با برای که را تا یا اما نیز هم چون پس اگر
می‌شود می‌کند می‌نویسد می‌خواند نوشته‌اند آمده‌است کتاب‌ها نامه‌ها
سال‌ها پژوهش‌ها دست‌نوشته هم‌چنین بی‌گمان
""".split()

# Arabic: Arabic yeh/kaf, so the two languages can be told apart.
AR_WORDS = """
الكتاب التاريخ اللغة الثقافة الناس المدينة القرية الدولة المجلس القانون
الإصلاح المجتمع الكاتب القارئ النص النسخة الصفحة الحاشية المكتبة الجامعة
البحث المقالة الوثيقة الرسالة الفصل السنة القرن النهر الجبل السوق الطريق
المدرسة المعلم الورق الحبر السطر الكلمة الجملة المعنى التقرير المعاهدة
الحدود التاجر القافلة الشتاء الصيف الميناء الجزيرة القلعة القصر الجسر
في من على إلى عن مع هذا هذه ذلك التي الذي كان كانت قد ثم أو لكن كل بعض
كتب قرأ ذكر وصف روى نقل جمع كبير صغير قديم جديد أول آخر كثير قليل
""".split()

EN_FAMILY = """Karimi Ahmadi Rostami Hosseini Moradi Sadeghi Jafari Tehrani Nouri
Bakhtiari Farahani Shirazi Abbott Barlow Carver Dunmore Ellery Fairfax
Garland Hartley Irving Jessop Kendall Linwood Marlowe Norcott Oakley
Pemberton Quayle Radley Sutton Thorne Underhill Vance Whitlock Yardley""".split()
EN_GIVEN = """Ali Maryam Reza Sara Hamid Leila Omid Zahra Ann Brian Clara David
Edith Frank Grace Henry Iris James Kate Louis Mona Neil Olive Paul""".split()
FA_FAMILY = "کریمی احمدی رستمی حسینی مرادی صادقی جعفری نوری شیرازی فراهانی".split()
FA_GIVEN = "علی مریم رضا سارا حمید لیلا امید زهرا".split()
PUBLISHERS = """Northfield Press|Harbour Books|Ketab Publishing|University Press
of the Plains|Old Bridge|Daneshgah Publications""".replace("\n", " ").split("|")
PLACES = ["Tehran", "Shiraz", "London", "Leiden", "Cairo", "Isfahan", "Boston"]

FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


class Gen:
    """Seeded choices built only on random() (stable across Pythons)."""

    def __init__(self, seed):
        self.r = random.Random(seed).random

    def n(self, lo, hi):
        """An integer in [lo, hi]."""
        return lo + int(self.r() * (hi - lo + 1))

    def pick(self, seq):
        return seq[int(self.r() * len(seq))]

    def chance(self, p):
        return self.r() < p

    def words(self, vocab, lo, hi):
        return [self.pick(vocab) for _ in range(self.n(lo, hi))]


def S_sentence_pool(g, vocab, count, end, lo=6, hi=18, cap=False):
    pool = []
    for _ in range(count):
        w = g.words(vocab, lo, hi)
        if cap:
            w[0] = w[0].capitalize()
        pool.append(" ".join(w) + end)
    return pool


class Pools:
    """Pre-built sentences: composing documents from them keeps a 100 MB
    run fast while the text still varies from paragraph to paragraph."""

    def __init__(self, g):
        self.en = S_sentence_pool(g, EN_WORDS, 3000, ".", cap=True)
        self.fa = S_sentence_pool(g, FA_WORDS, 2000, ".")
        self.ar = S_sentence_pool(g, AR_WORDS, 1000, ".")


def S_make_refs(g, count):
    """Bibliography entries: (key, family, given, year, title, fa)."""
    refs, seen = [], set()
    while len(refs) < count:
        fa = g.chance(0.25)
        fam = g.pick(FA_FAMILY if fa else EN_FAMILY)
        giv = g.pick(FA_GIVEN if fa else EN_GIVEN)
        year = g.n(1890, 2023)
        base = (g.pick(EN_FAMILY).lower() if fa else fam.lower()) + str(year)
        key, k = base, 0
        while key in seen:
            k += 1
            key = base + "abcdefghijklmnopqrstuvwxyz"[k % 26] + str(k // 26 or "")
        seen.add(key)
        vocab = FA_WORDS if fa else EN_WORDS
        title = " ".join(g.words(vocab, 3, 8))
        if not fa:
            title = title.capitalize()
        refs.append((key, fam, giv, year, title, fa))
    return refs


# --- Markdown ----------------------------------------------------------

def S_yaml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def S_md_header(g, refs):
    out = ["---",
           "title: " + S_yaml_str("A benchmark catalogue of sources and notes"),
           "author:",
           "- " + S_yaml_str("Sara Karimi"),
           "- " + S_yaml_str("Henry Thorne"),
           "date: 2024-06-01",
           "lang: en",
           "references:"]
    for key, fam, giv, year, title, fa in refs:
        out.append("- id: " + key)
        out.append("  type: " + ("book" if g.chance(0.6) else "article-journal"))
        out.append("  author:")
        out.append("  - family: " + S_yaml_str(fam))
        out.append("    given: " + S_yaml_str(giv))
        out.append("  title: " + S_yaml_str(title))
        out.append("  issued:")
        out.append("    date-parts:")
        out.append("    - [%d]" % year)
        out.append("  publisher: " + S_yaml_str(g.pick(PUBLISHERS)))
        out.append("  publisher-place: " + g.pick(PLACES))
        if fa:
            out.append("  language: fa")
    out.append("---")
    out.append("")
    return "\n".join(out) + "\n"


# Block k of 20 equally likely draws: half English paragraphs.
BLOCK_WEIGHTS = ((10, "para_en"), (4, "para_fa"), (1, "para_ar"),
                 (2, "blist"), (1, "table"), (1, "quote"), (1, "heading3"))


def S_draw_block(writer, k):
    for weight, make in BLOCK_WEIGHTS:
        if k < weight:
            return getattr(writer, make)()
        k -= weight
    raise AssertionError("block draw out of range")


class MdWriter:
    def __init__(self, g, pools, refs):
        self.g, self.p, self.refs = g, pools, refs
        self.note = 0
        self.link = 0
        self.pending_notes = []

    def cite(self):
        g, key = self.g, self.g.pick(self.refs)[0]
        k = g.n(0, 5)
        if k == 0:
            return "[@%s]" % key
        if k == 1:
            return "[see @%s, p. %d]" % (key, g.n(1, 400))
        if k == 2:
            return "[@%s; @%s, pp. %d-%d]" % (key, g.pick(self.refs)[0],
                                              g.n(1, 50), g.n(51, 99))
        if k == 3:
            return "@%s [p. %d]" % (key, g.n(1, 300))
        if k == 4:
            return "[-@%s]" % key
        return "[cf. @%s, chap. %d]" % (key, g.n(1, 12))

    def footnote(self):
        self.note += 1
        label = str(self.note)
        body = self.g.pick(self.p.en)
        if self.g.chance(0.4):
            body = body[:-1] + " " + self.cite() + "."
        self.pending_notes.append("[^%s]: %s" % (label, body))
        return "[^%s]" % label

    def inline_en(self, sentence):
        """Decorate one English sentence with inline markup."""
        g = self.g
        w = sentence[:-1].split(" ")
        r = g.n(0, 9)
        i = g.n(0, len(w) - 1)
        if r == 0:
            w[i] = "*" + w[i] + "*"
        elif r == 1:
            w[i] = "**" + w[i] + "**"
        elif r == 2:
            w[i] = "`" + w[i] + "`"
        elif r == 3:
            self.link += 1
            w[i] = "[%s](https://example.org/catalogue/%d)" % (w[i], self.link)
        elif r == 4:
            w[i] = w[i] + " " + self.cite()
        elif r == 5:
            w[i] = w[i] + self.footnote()
        elif r == 6 and i + 1 < len(w):
            w[i] = "_" + w[i]
            w[i + 1] = w[i + 1] + "_"
        s = " ".join(w) + "."
        if g.chance(0.15):
            s += self.footnote()
        return s

    def para_en(self):
        g = self.g
        sents = [self.inline_en(g.pick(self.p.en)) for _ in range(g.n(3, 7))]
        # Wrap like hand-written Markdown: soft breaks inside paragraphs.
        out, line = [], ""
        for s in sents:
            if len(line) + len(s) > 72 and line:
                out.append(line)
                line = s
            else:
                line = (line + " " + s) if line else s
        out.append(line)
        return "\n".join(out)

    def para_fa(self):
        g = self.g
        s = [g.pick(self.p.fa) for _ in range(g.n(3, 6))]
        if g.chance(0.5):
            s[0] = s[0][:-1] + " " + self.cite() + "."
        if g.chance(0.3):
            s[-1] = s[-1] + self.footnote()
        return " ".join(s)

    def para_ar(self):
        g = self.g
        return " ".join(g.pick(self.p.ar) for _ in range(g.n(2, 5)))

    def table(self):
        g = self.g
        cols = g.n(3, 5)
        head = "| " + " | ".join(g.pick(EN_WORDS).capitalize()
                                 for _ in range(cols)) + " |"
        aligns = [":---", ":---:", "---:", "---"]
        sep = "|" + "|".join(g.pick(aligns) for _ in range(cols)) + "|"
        rows = []
        for r in range(g.n(3, 12)):
            cells = []
            for c in range(cols):
                k = g.n(0, 3)
                if k == 0:
                    cells.append(str(g.n(1, 9999)))
                elif k == 1:
                    cells.append(" ".join(g.words(FA_WORDS, 1, 3)))
                else:
                    cells.append(" ".join(g.words(EN_WORDS, 1, 4)))
            rows.append("| " + " | ".join(cells) + " |")
        caption = ": " + " ".join(g.words(EN_WORDS, 3, 6)).capitalize()
        return "\n".join([head, sep] + rows) + "\n\n" + caption

    def blist(self):
        g = self.g
        out = []
        ordered = g.chance(0.4)
        for i in range(g.n(2, 6)):
            mark = ("%d." % (i + 1)) if ordered else "-"
            out.append("%s %s" % (mark, " ".join(g.words(EN_WORDS, 2, 10))))
            if g.chance(0.25):
                for _ in range(g.n(1, 3)):
                    ind = " " * (len(mark) + 1)
                    out.append(ind + "- " + " ".join(g.words(EN_WORDS, 2, 8)))
        return "\n".join(out)

    def quote(self):
        return "> " + self.inline_en(self.g.pick(self.p.en))

    def flush_notes(self, out):
        if self.pending_notes:
            out.append("\n".join(self.pending_notes))
            self.pending_notes = []

    def heading3(self):
        return "### " + " ".join(self.g.words(EN_WORDS, 2, 4))

    def block(self, k):
        return S_draw_block(self, k)

    def chapter(self, n):
        g, out = self.g, []
        out.append("# Chapter %d: %s" % (n, " ".join(g.words(EN_WORDS, 2, 5))))
        for sec in range(g.n(2, 4)):
            if g.chance(0.3):
                out.append("## " + " ".join(g.words(FA_WORDS, 2, 4)))
            else:
                out.append("## %d.%d %s" % (n, sec + 1,
                                            " ".join(g.words(EN_WORDS, 2, 5))))
            for _ in range(g.n(4, 9)):
                out.append(self.block(g.n(0, 19)))
            self.flush_notes(out)
        return "\n\n".join(out) + "\n\n"


def S_md_tiny(g, pools, size):
    """A small document (start-up timing): two references, a heading and
    short paragraphs with a citation and a footnote each."""
    refs = S_make_refs(g, 2)
    w = MdWriter(g, pools, refs)
    doc = S_md_header(g, refs) + "# Start\n"
    k = 0
    while len(doc.encode()) < size:
        k += 1
        if k % 2:
            s = w.inline_en(g.pick(pools.en))
            doc += "\n%s %s%s\n" % (s, w.cite(), w.footnote())
        else:
            doc += "\n%s\n" % g.pick(pools.fa)
        notes = []
        w.flush_notes(notes)
        for n in notes:
            doc += "\n" + n + "\n"
    return doc


def gen_markdown(size, fp):
    g = Gen(SEED)
    pools = Pools(g)
    if size < 50_000:
        fp.write(S_md_tiny(g, pools, size).encode())
        return
    refs = S_make_refs(g, 300)
    w = MdWriter(g, pools, refs)
    total = 0
    head = S_md_header(g, refs)
    fp.write(head.encode())
    total += len(head.encode())
    n = 0
    while total < size:
        n += 1
        chunk = w.chapter(n).encode()
        fp.write(chunk)
        total += len(chunk)


# --- plain text shaped like a PDF extraction ----------------------------

class PlainWriter:
    """Pages of wrapped lines: a running header, body, footnotes below a
    rule, a page number; articles in English or Persian, each ending
    with its references."""

    WIDTH = 74
    LINES = 42

    def __init__(self, g, pools, refs):
        self.g, self.p, self.refs = g, pools, refs
        self.page = 0
        self.lines = []       # body lines of the current page
        self.notes = []       # footnote lines of the current page
        self.note = 0
        self.fa = False
        self.journal = "Journal of Plains Studies, Vol. 7, No. 2, 2024"
        self.journal_fa = "فصلنامه مطالعات دشت، دوره ۷، شماره ۲، ۱۴۰۳"
        self.short = ""
        self.first = True     # an article's first page shows the journal

    def cite(self):
        g = self.g
        key, fam, giv, year, title, fa = g.pick(self.refs)
        if self.fa:
            y = str(year).translate(FA_DIGITS)
            if g.chance(0.5):
                return "(%s، %s: %s)" % (fam, y, str(g.n(1, 300)).translate(FA_DIGITS))
            return "(%s، %s)" % (fam, y)
        if g.chance(0.5):
            return "(%s, %d: %d)" % (fam, year, g.n(1, 300))
        if g.chance(0.3):
            return "(%s %d; %s %d)" % (fam, year, g.pick(EN_FAMILY), g.n(1900, 2023))
        return "(%s, %d)" % (fam, year)

    def num(self, n):
        return str(n).translate(FA_DIGITS) if self.fa else str(n)

    def emit_page(self, out):
        self.page += 1
        if self.page % 2 == 0 or self.first:
            out.append(self.journal_fa if self.fa else self.journal)
        else:
            out.append(self.short)
        out.append("")
        out.extend(self.lines)
        if self.notes:
            out.append("")
            out.append("_" * 20)
            out.extend(self.notes)
        out.append("")
        out.append(" " * 34 + self.num(self.page))
        out.append("")
        out.append("")
        self.lines, self.notes = [], []
        self.first = False

    def add_line(self, line, out):
        self.lines.append(line)
        if len(self.lines) + len(self.notes) >= self.LINES:
            self.emit_page(out)

    def wrap(self, text, out, double=False):
        """Wrap at WIDTH, hyphenating some long words across lines."""
        g, line = self.g, ""
        for word in text.split(" "):
            if len(line) + 1 + len(word) <= self.WIDTH:
                line = (line + " " + word) if line else word
                continue
            if (not self.fa and len(word) >= 7 and g.chance(0.35)
                    and word.isalpha()):
                cut = g.n(3, len(word) - 3)
                room = self.WIDTH - len(line) - 2
                if cut <= room:
                    self.add_line(line + " " + word[:cut] + "-", out)
                    if double:
                        self.add_line("", out)
                    line = word[cut:]
                    continue
            self.add_line(line + " ", out)  # extractions keep a trailing space
            if double:
                self.add_line("", out)
            line = word
        if line:
            self.add_line(line + " ", out)

    def para(self, out, double):
        g = self.g
        pool = self.p.fa if self.fa else self.p.en
        sents = []
        for _ in range(g.n(3, 7)):
            s = g.pick(pool)
            if g.chance(0.3):
                s = s[:-1] + " " + self.cite() + "."
            if g.chance(0.12):
                self.note += 1
                s = s + self.num(self.note)
                body = g.pick(pool)
                if g.chance(0.3):
                    body = body[:-1] + " " + self.cite() + "."
                note = self.num(self.note) + " " + body
                self.notes.append(note[:self.WIDTH + 20])
            sents.append(s)
        self.wrap(" ".join(sents), out, double)
        self.add_line("", out)

    def article(self, out):
        g = self.g
        self.fa = g.chance(0.35)
        self.note = 0
        double = g.chance(0.25)  # some extractions double every line break
        vocab = FA_WORDS if self.fa else EN_WORDS
        title = " ".join(g.words(vocab, 4, 8))
        if not self.fa:
            title = title.title()
        self.short = title[:40]
        self.first = True
        self.add_line(title, out)
        self.add_line("", out)
        for s in range(g.n(3, 6)):
            head = " ".join(g.words(vocab, 2, 4))
            self.add_line(self.num(s + 1) + ". " + (head if self.fa else head.capitalize()), out)
            self.add_line("", out)
            for _ in range(g.n(3, 8)):
                self.para(out, double)
        self.add_line("منابع" if self.fa else "References", out)
        self.add_line("", out)
        for _ in range(g.n(8, 20)):
            key, fam, giv, year, title, fa = g.pick(self.refs)
            if self.fa:
                ent = "%s، %s (%s). %s. %s." % (fam, giv, str(year).translate(FA_DIGITS),
                                              title, "تهران")
            else:
                ent = "%s, %s. (%d). %s. %s: %s." % (fam, giv[0], year, title,
                                                   g.pick(PLACES), g.pick(PUBLISHERS))
            self.wrap(ent, out)
        self.emit_page(out)


def gen_plain(size, fp):
    g = Gen(SEED + 1)
    pools = Pools(g)
    refs = S_make_refs(g, 300)
    w = PlainWriter(g, pools, refs)
    total = 0
    while total < size:
        out = []
        w.article(out)
        chunk = ("\n".join(out) + "\n").encode()
        fp.write(chunk)
        total += len(chunk)


def main(argv):
    kinds = ("markdown", "plain", "tei", "docbook", "xhtml", "docx")
    if len(argv) != 4 or argv[1] not in kinds:
        sys.stderr.write(__doc__)
        return 2
    size = int(float(argv[2]) * 1_000_000)
    with open(argv[3], "wb") as fp:
        if argv[1] == "markdown":
            gen_markdown(size, fp)
        elif argv[1] == "plain":
            gen_plain(size, fp)
        else:
            import genxml
            genxml.generate(argv[1], size, fp)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
