/*
 * mkpdf: typeset a .pdfspec document into a PDF whose structure is known,
 * and write that structure as JSON beside it, so that the PDF reader's
 * recovery can be checked against the truth.
 *
 *   mkpdf SPEC OUT.pdf OUT.json
 *
 * A spec is line-based:
 *   @lang L, @font FAMILY, @title T, @author A, @header H (running head
 *   from page 2 on), @first-label N (printed number of page 1),
 *   @numerals latin|persian|arabic, @outline yes|no (bookmarks),
 *   @heading-caps SIZE (level-1 headings in small capitals of the body's
 *   face at SIZE, not bold), @heading-size SIZE (every heading bold at
 *   SIZE: at the body's 10, a heading is set apart by its weight
 *   alone), @stamp TEXT (printed up the left margin of
 *   page 1, as archives stamp their copies), @note-marks raised (a
 *   note's number raised and set against its text, no space between),
 *   @references-leading F (reference entries set with F times the
 *   usual step between lines, within and between entries: a
 *   double-spaced list), @columns 2 (after the title and authors, the
 *   text set in two columns, the first on the right in a right-to-left
 *   document), @turned yes (every page printed turned a quarter,
 *   reading down a landscape sheet), @untitled yes (no title or authors
 *   printed), @info-title T (the information dictionary's title, where
 *   it is not the printed one: a template's or a file's name), @logo
 *   yes (a small image in the top margin of every page)
 *   # heading / ## subheading
 *   a paragraph per line; {^text} is a footnote at that point,
 *   [[text]] a citation (printed without the brackets)
 *   @references HEADING, then one entry per line
 *   @figure W H CAPTION: a drawn image W by H points, centred, its
 *   caption below it (@figure-above: above it), which may hold notes
 *   and citations; an empty caption is none.  @ornament: an image of a few points (decoration, no figure)
 *   @image-at X Y W H: a drawn image W by H points at X, Y of the page
 *   (it may cross the page's edge), no caption
 *   @page W H: pages W by H points (a poster's, to test the limits on
 *   an image's pixels), @late-labels GAP (each note's number and each
 *   reference entry's first word drawn after the rest of their page, GAP
 *   points before their text, as a column of labels)
 *
 * Pages are A5 (as wide as A4 in two columns).  Footnotes go to the foot of the page on which their
 * marker is printed, below a short rule; the page number is centred
 * at the foot; pango shapes Persian and Arabic.
 */
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A5; a document in two columns is set as wide as A4 (as tall as A5:
   its pages break as often) */
static double page_w = 419.53, page_h = 595.28;
#define MARGIN_X 48.0
#define TOP 62.0
#define BOTTOM 62.0
#define BODY_W (page_w - 2 * MARGIN_X)
#define GUTTER 14.0
#define MAX_ITEMS 256

typedef struct spec {
  const char *lang, *font, *title, *author, *header, *numerals, *refhead;
  int first_label, outline;
  double heading_caps; /* 0: bold headings */
  double heading_size; /* 0: 12.5 and 11 by level */
  const char *stamp;
  int raised_note_marks;
  double ref_leading; /* 0: as the body */
  int columns;
  int turned;
  int untitled;
  const char *info_title;
  int logo;
  double late_labels; /* 0: labels drawn with their text */
} spec;

typedef struct out {
  cairo_surface_t *surface;
  cairo_t *cr;
  const spec *sp;
  double y;          /* next body line's top */
  int columns;       /* of the text set now: 1 until the title is set */
  int col;           /* the column being filled, 0 the first */
  double col_top;    /* where the columns of this page start */
  double col0_bottom; /* where the first column of this page ended */
  double leading;    /* step between lines, in line heights */
  double notes_h;    /* height taken by this page's notes */
  int page;          /* 0-based */
  int figures;       /* drawn so far */
  int pending_notes[MAX_ITEMS];
  int npending;
  GPtrArray *notes; /* every note's text, by id */
  int nnotes;
  GString *json_headings, *json_notes, *json_cites, *json_entries,
      *json_labels, *json_figures;
  struct late { /* drawn at the end of the page (@late-labels) */
    char *markup;
    double x, y, size;
  } late[MAX_ITEMS];
  int nlate;
} out;

static void S_json_str(GString *g, const char *s) {
  if (g->len > 0)
    g_string_append_c(g, ',');
  g_string_append_c(g, '"');
  for (; *s; s++) {
    if (*s == '"' || *s == '\\')
      g_string_append_c(g, '\\');
    g_string_append_c(g, *s);
  }
  g_string_append_c(g, '"');
}

/* The number n in the spec's digits. */
static void S_digits(const spec *sp, int n, char *buf, size_t size) {
  char ascii[32];
  snprintf(ascii, sizeof ascii, "%d", n);
  const char *zero = NULL;
  if (strcmp(sp->numerals, "persian") == 0)
    zero = "\xdb\xb0"; /* U+06F0 */
  else if (strcmp(sp->numerals, "arabic") == 0)
    zero = "\xd9\xa0"; /* U+0660 */
  if (!zero) {
    snprintf(buf, size, "%s", ascii);
    return;
  }
  size_t o = 0;
  for (const char *a = ascii; *a && o + 3 < size; a++) {
    unsigned d = (unsigned)(*a - '0');
    unsigned cp = (zero[0] == '\xdb' ? 0x06F0u : 0x0660u) + d;
    buf[o++] = (char)(0xC0 | (cp >> 6));
    buf[o++] = (char)(0x80 | (cp & 0x3F));
  }
  buf[o] = 0;
}

static PangoLayout *S_layout(out *o, double size, int bold, int italic,
                             double width) {
  PangoLayout *l = pango_cairo_create_layout(o->cr);
  PangoFontDescription *fd = pango_font_description_from_string(o->sp->font);
  pango_font_description_set_size(fd, (int)(size * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
  if (italic)
    pango_font_description_set_style(fd, PANGO_STYLE_ITALIC);
  pango_layout_set_font_description(l, fd);
  pango_font_description_free(fd);
  pango_layout_set_width(l, (int)(width * PANGO_SCALE));
  pango_layout_set_wrap(l, PANGO_WRAP_WORD);
  pango_layout_set_auto_dir(l, TRUE);
  return l;
}

static double S_height(PangoLayout *l) {
  int w, h;
  pango_layout_get_size(l, &w, &h);
  return (double)h / PANGO_SCALE;
}

/* A note's number as printed before its text. */
static char *S_note_mark(out *o, int n) {
  char num[32];
  S_digits(o->sp, n + 1, num, sizeof num);
  return o->sp->raised_note_marks
             ? g_strdup_printf("<span rise=\"2500\" size=\"smaller\">"
                               "%s</span>", num)
             : g_strdup_printf("%s ", num);
}

/* A note: its number and its text, or its text alone (as wide as the
   rest of the page's width after the number). */
static PangoLayout *S_note_layout(out *o, int n, int with_mark) {
  PangoLayout *l = S_layout(o, 7.5, 0, 0, BODY_W);
  char *esc = g_markup_escape_text(g_ptr_array_index(o->notes, n), -1);
  char *mark = S_note_mark(o, n);
  char *markup = g_strdup_printf("%s%s", with_mark ? mark : "", esc);
  pango_layout_set_markup(l, markup, -1);
  g_free(esc);
  g_free(mark);
  g_free(markup);
  return l;
}

/* The width of markup set at size. */
static double S_width(out *o, const char *markup, double size) {
  PangoLayout *l = S_layout(o, size, 0, 0, -1);
  pango_layout_set_markup(l, markup, -1);
  int w, h;
  pango_layout_get_size(l, &w, &h);
  g_object_unref(l);
  return (double)w / PANGO_SCALE;
}

/* Keep markup to draw at x, y at the end of the page (@late-labels). */
static void S_late(out *o, const char *markup, double x, double y,
                   double size) {
  if (o->nlate < MAX_ITEMS)
    o->late[o->nlate++] = (struct late){g_strdup(markup), x, y, size};
}

/* A drawn image: a gradient, a disc and a bar, w by h points at two
   pixels a point. */
/* An image drawn w by h points at x, y; figures of one size differ by
   variant (floats of one size are each their own picture), the logo is
   variant 0 on every page. */
static void S_image(out *o, double x, double y, double w, double h,
                    int variant) {
  /* two pixels a point, at most 512 on a side (a poster's image is
     drawn scaled up) */
  double kx = 2 * w > 512 ? 512 / (2 * w) : 1, ky = 2 * h > 512 ? 512 / (2 * h) : 1;
  int pw = (int)(2 * w * kx), ph = (int)(2 * h * ky);
  cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
  cairo_t *c = cairo_create(img);
  cairo_pattern_t *g = cairo_pattern_create_linear(0, 0, pw, ph);
  cairo_pattern_add_color_stop_rgb(g, 0, 0.2, 0.4, 0.8);
  cairo_pattern_add_color_stop_rgb(g, 1, 0.9, 0.8, 0.3);
  cairo_set_source(c, g);
  cairo_paint(c);
  cairo_pattern_destroy(g);
  cairo_set_source_rgb(c, 0.8, 0.1, 0.1);
  cairo_arc(c, pw * (0.2 + 0.05 * (variant % 5)), ph / 2.0, (pw < ph ? pw : ph) / 4.0, 0, 2 * G_PI);
  cairo_fill(c);
  cairo_set_source_rgb(c, 0.1, 0.5, 0.2);
  cairo_rectangle(c, pw * 0.6, ph * 0.2, pw * 0.2, ph * 0.6);
  cairo_fill(c);
  cairo_destroy(c);
  cairo_save(o->cr);
  cairo_translate(o->cr, x, y);
  cairo_scale(o->cr, 0.5 / kx, 0.5 / ky);
  cairo_set_source_surface(o->cr, img, 0, 0);
  cairo_paint(o->cr);
  cairo_restore(o->cr);
  cairo_surface_destroy(img);
}

/* Finish the page: notes below a rule, the running head, the number. */
static void S_end_page(out *o) {
  cairo_t *cr = o->cr;
  if (o->npending > 0) {
    double y = page_h - BOTTOM - o->notes_h;
    int rtl = strcmp(o->sp->lang, "en") != 0;
    double rx = rtl ? page_w - MARGIN_X - BODY_W / 3 : MARGIN_X;
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, rx, y - 4);
    cairo_line_to(cr, rx + BODY_W / 3, y - 4);
    cairo_stroke(cr);
    for (int i = 0; i < o->npending; i++) {
      int late = o->sp->late_labels > 0;
      PangoLayout *l = S_note_layout(o, o->pending_notes[i], !late);
      double x = MARGIN_X;
      if (late) {
        char *mark = S_note_mark(o, o->pending_notes[i]);
        double w = S_width(o, mark, 7.5);
        w += o->sp->late_labels;
        pango_layout_set_width(l, (int)((BODY_W - w) * PANGO_SCALE));
        S_late(o, mark, rtl ? MARGIN_X + BODY_W - w : MARGIN_X, y, 7.5);
        x = rtl ? MARGIN_X : MARGIN_X + w;
        g_free(mark);
      }
      cairo_move_to(cr, x, y);
      pango_cairo_show_layout(cr, l);
      y += S_height(l) + 1;
      g_object_unref(l);
    }
  }
  char label[32];
  S_digits(o->sp, o->sp->first_label + o->page, label, sizeof label);
  S_json_str(o->json_labels, label);
  cairo_pdf_surface_set_page_label(o->surface, label);
  if (o->page > 0 && o->sp->header) {
    PangoLayout *l = S_layout(o, 8, 0, 1, BODY_W);
    pango_layout_set_text(l, o->sp->header, -1);
    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    cairo_move_to(cr, MARGIN_X, 30);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
  }
  if (o->page == 0 && o->sp->stamp) {
    PangoLayout *st = S_layout(o, 14, 0, 0, page_h);
    pango_layout_set_text(st, o->sp->stamp, -1);
    cairo_save(cr);
    cairo_move_to(cr, 12, page_h - 80);
    cairo_rotate(cr, -G_PI / 2);
    pango_cairo_show_layout(cr, st);
    cairo_restore(cr);
    g_object_unref(st);
  }
  if (o->sp->logo)
    S_image(o, MARGIN_X, 20, 24, 24, 0);
  PangoLayout *l = S_layout(o, 9, 0, 0, BODY_W);
  pango_layout_set_text(l, label, -1);
  pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
  cairo_move_to(cr, MARGIN_X, page_h - 40);
  pango_cairo_show_layout(cr, l);
  g_object_unref(l);
  for (int i = 0; i < o->nlate; i++) {
    PangoLayout *ll = S_layout(o, o->late[i].size, 0, 0, -1);
    pango_layout_set_markup(ll, o->late[i].markup, -1);
    cairo_move_to(cr, o->late[i].x, o->late[i].y);
    pango_cairo_show_layout(cr, ll);
    g_object_unref(ll);
    g_free(o->late[i].markup);
  }
  o->nlate = 0;
  cairo_show_page(cr);
  o->page++;
  o->y = TOP;
  o->col = 0;
  o->col_top = TOP;
  o->col0_bottom = 0;
  o->notes_h = 0;
  o->npending = 0;
}

static double S_frame_w(const out *o) {
  return o->columns == 2 ? (BODY_W - GUTTER) / 2 : BODY_W;
}

/* The left edge of the column being filled. */
static double S_frame_x(const out *o) {
  int rtl = strcmp(o->sp->lang, "en") != 0;
  int right = o->columns == 2 && (o->col == 0) == rtl;
  return right ? MARGIN_X + S_frame_w(o) + GUTTER : MARGIN_X;
}

/* On to the second column, or to the next page. */
static void S_next_frame(out *o) {
  if (o->columns == 2 && o->col == 0) {
    o->col = 1;
    o->col0_bottom = o->y;
    o->y = o->col_top;
  } else {
    S_end_page(o);
  }
}

/*
 * Turn spec text into pango markup: {^note} becomes a raised marker and
 * a note of the document, [[cite]] its text.  note_at[i] receives the
 * byte offset in the plain text where note i's marker ends.
 */
static char *S_markup(out *o, const char *s, int *note_ids, int *note_at,
                      int *nn) {
  GString *m = g_string_new(NULL);
  size_t plain = 0;
  *nn = 0;
  while (*s) {
    if (s[0] == '{' && s[1] == '^') {
      const char *e = strchr(s, '}');
      char *text = g_strndup(s + 2, (gsize)(e - s - 2));
      int id = o->nnotes++;
      g_ptr_array_add(o->notes, text);
      S_json_str(o->json_notes, text);
      char num[32];
      S_digits(o->sp, id + 1, num, sizeof num);
      g_string_append_printf(m, "<span rise=\"3500\" size=\"smaller\">%s</span>",
                             num);
      plain += strlen(num);
      note_ids[*nn] = id;
      note_at[*nn] = (int)plain;
      (*nn)++;
      s = e + 1;
    } else if (s[0] == '[' && s[1] == '[') {
      const char *e = strstr(s, "]]");
      char *text = g_strndup(s + 2, (gsize)(e - s - 2));
      S_json_str(o->json_cites, text);
      char *esc = g_markup_escape_text(text, -1);
      g_string_append(m, esc);
      plain += strlen(text);
      g_free(esc);
      g_free(text);
      s = e + 2;
    } else {
      const char *e = s + 1;
      while (*e && !(e[0] == '{' && e[1] == '^') && !(e[0] == '[' && e[1] == '['))
        e++;
      char *esc = g_markup_escape_text(s, (gssize)(e - s));
      g_string_append(m, esc);
      g_free(esc);
      plain += (size_t)(e - s);
      s = e;
    }
  }
  return g_string_free(m, FALSE);
}

/* Lay out one block line by line, moving to a new page when a line and
   the notes it calls for no longer fit. */
static void S_block(out *o, const char *markup, double size, int bold,
                    double indent, double space_after, const int *note_ids,
                    const int *note_at, int nn, PangoAlignment align) {
  PangoLayout *l = S_layout(o, size, bold, 0, S_frame_w(o));
  pango_layout_set_markup(l, markup, -1);
  /* a negative indent hangs: the first line full, the others indented
     (on the right in right-to-left text) */
  pango_layout_set_indent(l, (int)(indent * PANGO_SCALE));
  pango_layout_set_alignment(l, align);
  pango_layout_set_justify(l, align == PANGO_ALIGN_LEFT && !bold);
  /* The markup's plain text, to find note markers by offset. */
  const char *text = pango_layout_get_text(l);
  (void)text;
  PangoLayoutIter *it = pango_layout_get_iter(l);
  int next_note = 0;
  do {
    PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
    int start = line->start_index, end = start + line->length;
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(it, NULL, &logical);
    double lh = (double)logical.height / PANGO_SCALE;
    double extra = 0;
    int first = next_note, last = next_note;
    while (last < nn && note_at[last] <= end)
      last++;
    for (int k = first; k < last; k++) {
      PangoLayout *nl = S_note_layout(o, note_ids[k], 1);
      extra += S_height(nl) + 1;
      g_object_unref(nl);
    }
    double notes_h = o->notes_h + extra + (o->npending == 0 && extra > 0 ? 8 : 0);
    /* the notes go below both columns: the first leaves room for those
       of the second, which must not reach up to it */
    double limit = page_h - BOTTOM - notes_h - 6;
    double reserve = o->columns == 2 && o->col == 0 ? 40 : 0;
    int full = (o->y + lh > limit - reserve && o->y > o->col_top) ||
               (o->col == 1 && o->col0_bottom > limit);
    if (full && o->columns == 2 && o->col == 0) {
      S_next_frame(o);
      full = o->col0_bottom > limit;
    }
    if (full)
      S_end_page(o), notes_h = extra + (extra > 0 ? 8 : 0);
    int baseline = pango_layout_iter_get_baseline(it);
    double x = S_frame_x(o) + (double)logical.x / PANGO_SCALE;
    cairo_move_to(o->cr, x, o->y + (double)(baseline - logical.y) / PANGO_SCALE);
    pango_cairo_show_layout_line(o->cr, line);
    o->y += lh * o->leading;
    for (int k = first; k < last; k++)
      o->pending_notes[o->npending++] = note_ids[k];
    o->notes_h = notes_h;
    next_note = last;
    (void)start;
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  g_object_unref(l);
  o->y += space_after;
}

/* A figure: the image and its caption (centred, smaller), on this
   page or the next. */
static void S_figure(out *o, double w, double h, const char *caption,
                     int above) {
  int ids[MAX_ITEMS] = {0}, at[MAX_ITEMS] = {0}, nn;
  if (o->y + h + 40 > page_h - BOTTOM - o->notes_h)
    S_next_frame(o);
  char *m = S_markup(o, caption, ids, at, &nn);
  o->y += 4;
  if (above && *caption)
    S_block(o, m, 9, 0, 0, 4, ids, at, nn, PANGO_ALIGN_CENTER);
  S_image(o, S_frame_x(o) + (S_frame_w(o) - w) / 2, o->y, w, h,
          ++o->figures);
  o->y += h + 5;
  if (!above && *caption)
    S_block(o, m, 9, 0, 0, 4, ids, at, nn, PANGO_ALIGN_CENTER);
  o->y += 6;
  g_free(m);
  /* the caption's words: a note's text is the note's, a citation's
     brackets are not printed */
  GString *words = g_string_new(NULL);
  for (const char *c = caption; *c;) {
    if (c[0] == '{' && c[1] == '^') {
      c = strchr(c, '}') + 1;
    } else if ((c[0] == '[' && c[1] == '[') || (c[0] == ']' && c[1] == ']')) {
      c += 2;
    } else {
      g_string_append_c(words, *c++);
    }
  }
  S_json_str(o->json_figures, words->str);
  g_string_free(words, TRUE);
}

static char *S_trim(char *s) {
  size_t n = strlen(s);
  while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
    s[--n] = 0;
  return s;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: mkpdf SPEC OUT.pdf OUT.json\n");
    return 2;
  }
  FILE *f = fopen(argv[1], "r");
  if (!f) {
    perror(argv[1]);
    return 1;
  }
  /* a spec of any length: the benchmark typesets thousands of pages */
  GPtrArray *spec_lines = g_ptr_array_new();
  char buf[8192];
  spec sp = {"en", "DejaVu Serif", NULL, NULL, NULL, "latin", NULL, 1, 0, 0, 0,
             NULL, 0, 0, 1, 0, 0, NULL, 0, 0};
  while (fgets(buf, sizeof buf, f)) {
    char *line = g_strdup(S_trim(buf));
    if (line[0] == '@') {
      char *val = strchr(line, ' ');
      val = val ? val + 1 : (char *)"";
      if (g_str_has_prefix(line, "@lang "))
        sp.lang = val;
      else if (g_str_has_prefix(line, "@font "))
        sp.font = val;
      else if (g_str_has_prefix(line, "@title "))
        sp.title = val;
      else if (g_str_has_prefix(line, "@author "))
        sp.author = val;
      else if (g_str_has_prefix(line, "@header "))
        sp.header = val;
      else if (g_str_has_prefix(line, "@first-label "))
        sp.first_label = atoi(val);
      else if (g_str_has_prefix(line, "@numerals "))
        sp.numerals = val;
      else if (g_str_has_prefix(line, "@outline "))
        sp.outline = strcmp(val, "yes") == 0;
      else if (g_str_has_prefix(line, "@heading-caps "))
        sp.heading_caps = atof(val);
      else if (g_str_has_prefix(line, "@heading-size "))
        sp.heading_size = atof(val);
      else if (g_str_has_prefix(line, "@stamp "))
        sp.stamp = val;
      else if (g_str_has_prefix(line, "@note-marks "))
        sp.raised_note_marks = strcmp(val, "raised") == 0;
      else if (g_str_has_prefix(line, "@references-leading "))
        sp.ref_leading = atof(val);
      else if (g_str_has_prefix(line, "@columns "))
        sp.columns = atoi(val);
      else if (g_str_has_prefix(line, "@turned "))
        sp.turned = strcmp(val, "yes") == 0;
      else if (g_str_has_prefix(line, "@untitled "))
        sp.untitled = strcmp(val, "yes") == 0;
      else if (g_str_has_prefix(line, "@info-title "))
        sp.info_title = val;
      else if (g_str_has_prefix(line, "@page "))
        sscanf(val, "%lf %lf", &page_w, &page_h);
      else if (g_str_has_prefix(line, "@late-labels "))
        sp.late_labels = atof(val);
      else if (g_str_has_prefix(line, "@logo "))
        sp.logo = strcmp(val, "yes") == 0;
      else if (g_str_has_prefix(line, "@references ") ||
               g_str_has_prefix(line, "@figure") ||
               g_str_has_prefix(line, "@ornament") ||
               g_str_has_prefix(line, "@image-at "))
        g_ptr_array_add(spec_lines, line);
      continue;
    }
    if (line[0])
      g_ptr_array_add(spec_lines, line);
  }
  fclose(f);

  if (sp.columns == 2)
    page_w = 595.28;
  out o = {0};
  o.sp = &sp;
  o.surface = sp.turned ? cairo_pdf_surface_create(argv[2], page_h, page_w)
                        : cairo_pdf_surface_create(argv[2], page_w, page_h);
  o.cr = cairo_create(o.surface);
  if (sp.turned) { /* the page's frame a quarter turn clockwise */
    cairo_translate(o.cr, page_h, 0);
    cairo_rotate(o.cr, G_PI / 2);
  }
  o.y = TOP;
  o.leading = 1;
  o.columns = 1;
  o.col_top = TOP;
  o.notes = g_ptr_array_new();
  o.json_headings = g_string_new(NULL);
  o.json_notes = g_string_new(NULL);
  o.json_cites = g_string_new(NULL);
  o.json_entries = g_string_new(NULL);
  o.json_labels = g_string_new(NULL);
  o.json_figures = g_string_new(NULL);
  cairo_pdf_surface_set_metadata(o.surface, CAIRO_PDF_METADATA_TITLE,
                                 sp.info_title ? sp.info_title : sp.title);
  cairo_pdf_surface_set_metadata(o.surface, CAIRO_PDF_METADATA_AUTHOR, sp.author);
  cairo_pdf_surface_set_metadata(o.surface, CAIRO_PDF_METADATA_CREATE_DATE,
                                 "2026-03-01T10:00:00");
  cairo_set_source_rgb(o.cr, 0, 0, 0);

  int ids[MAX_ITEMS] = {0}, at[MAX_ITEMS] = {0}, nn;
  char *m;
  if (!sp.untitled) {
    m = g_markup_escape_text(sp.title, -1);
    S_block(&o, m, 15, 1, 0, 6, ids, at, 0, PANGO_ALIGN_CENTER);
    g_free(m);
    m = g_markup_escape_text(sp.author, -1);
    S_block(&o, m, 10.5, 0, 0, 16, ids, at, 0, PANGO_ALIGN_CENTER);
    g_free(m);
  }
  o.columns = sp.columns == 2 ? 2 : 1;
  o.col_top = o.y;
  int in_refs = 0;
  for (guint i = 0; i < spec_lines->len; i++) {
    const char *line = g_ptr_array_index(spec_lines, i);
    if (g_str_has_prefix(line, "@figure")) {
      int above = g_str_has_prefix(line, "@figure-above ");
      char *end;
      const char *a = strchr(line, ' ');
      double w = strtod(a, &end), h = strtod(end, &end);
      S_figure(&o, w, h, *end ? end + 1 : "", above);
      continue;
    }
    if (g_str_has_prefix(line, "@image-at ")) {
      double x, y, w, h;
      if (sscanf(line, "@image-at %lf %lf %lf %lf", &x, &y, &w, &h) == 4) {
        S_image(&o, x, y, w, h, ++o.figures);
        S_json_str(o.json_figures, "");
      }
      continue;
    }
    if (g_str_has_prefix(line, "@ornament")) {
      S_image(&o, S_frame_x(&o), o.y, 4, 4, 0);
      o.y += 8;
      continue;
    }
    int level = line[0] == '#' ? (line[1] == '#' ? 2 : 1) : 0;
    const char *heading = level ? line + level + 1 : NULL;
    if (g_str_has_prefix(line, "@references ")) {
      heading = line + strlen("@references ");
      level = 1;
      in_refs = 1;
    }
    if (heading) {
      if (o.y > page_h - BOTTOM - o.notes_h - 60)
        S_next_frame(&o);
      S_json_str(o.json_headings, heading);
      if (sp.outline) {
        char dest[64];
        snprintf(dest, sizeof dest, "page=%d pos=[%d %d]", o.page + 1,
                 (int)MARGIN_X, (int)o.y);
        cairo_pdf_surface_add_outline(o.surface, CAIRO_PDF_OUTLINE_ROOT,
                                      heading, dest, 0);
      }
      o.y += 6;
      m = g_markup_escape_text(heading, -1);
      if (sp.heading_caps > 0 && level == 1) {
        char *caps = g_strdup_printf("<span variant=\"smallcaps\">%s</span>", m);
        S_block(&o, caps, sp.heading_caps, 0, 0, 5, ids, at, 0,
                PANGO_ALIGN_LEFT);
        g_free(caps);
      } else {
        double size = sp.heading_size > 0 ? sp.heading_size
                      : level == 1         ? 12.5
                                           : 11;
        S_block(&o, m, size, 1, 0, 5, ids, at, 0, PANGO_ALIGN_LEFT);
      }
      g_free(m);
      continue;
    }
    if (in_refs) {
      S_json_str(o.json_entries, line);
      m = g_markup_escape_text(line, -1);
      if (sp.ref_leading > 0) {
        /* the step between entries is the step within them */
        o.leading = sp.ref_leading;
        S_block(&o, m, 9, 0, -12, 0, ids, at, 0, PANGO_ALIGN_LEFT);
        o.leading = 1;
      } else if (sp.late_labels > 0 && strchr(line, ' ')) {
        /* the first word drawn at the end of the page, where a space
           as wide as it leaves room for it */
        char *first = g_markup_escape_text(line, (gssize)(strchr(line, ' ') + 1 - line));
        double w = S_width(&o, first, 9);
        double x = S_frame_x(&o), y = o.y;
        int page = o.page, rtl = strcmp(sp.lang, "en") != 0;
        char *esc = g_markup_escape_text(strchr(line, ' ') + 1, -1);
        char *rest = g_strdup_printf("<span letter_spacing=\"%d\"> </span>%s",
                                     (int)((w + sp.late_labels - S_width(&o, " ", 9)) * PANGO_SCALE),
                                     esc);
        S_block(&o, rest, 9, 0, -12, 3, ids, at, 0, PANGO_ALIGN_LEFT);
        g_free(esc);
        if (o.page == page)
          S_late(&o, first, rtl ? x + S_frame_w(&o) - w : x, y, 9);
        g_free(first);
        g_free(rest);
      } else {
        S_block(&o, m, 9, 0, -12, 3, ids, at, 0, PANGO_ALIGN_LEFT);
      }
      g_free(m);
      continue;
    }
    m = S_markup(&o, line, ids, at, &nn);
    S_block(&o, m, 10, 0, 0, 6, ids, at, nn, PANGO_ALIGN_LEFT);
    g_free(m);
  }
  S_end_page(&o);
  cairo_destroy(o.cr);
  cairo_surface_finish(o.surface);
  if (cairo_surface_status(o.surface) != CAIRO_STATUS_SUCCESS) {
    fprintf(stderr, "mkpdf: %s\n",
            cairo_status_to_string(cairo_surface_status(o.surface)));
    return 1;
  }
  cairo_surface_destroy(o.surface);

  FILE *j = fopen(argv[3], "w");
  if (!j) {
    perror(argv[3]);
    return 1;
  }
  GString *title = g_string_new(NULL), *author = g_string_new(NULL);
  S_json_str(title, sp.untitled ? "" : sp.title);
  S_json_str(author, sp.author);
  fprintf(j,
          "{\"lang\":\"%s\",\"title\":%s,\"author\":%s,\"pages\":%d,"
          "\"headings\":[%s],\"notes\":[%s],\"citations\":[%s],"
          "\"entries\":[%s],\"labels\":[%s],\"header\":\"%s\","
          "\"stamp\":\"%s\",\"figures\":[%s]}\n",
          sp.lang, title->str, author->str, o.page, o.json_headings->str,
          o.json_notes->str, o.json_cites->str, o.json_entries->str,
          o.json_labels->str, sp.header ? sp.header : "",
          sp.stamp ? sp.stamp : "", o.json_figures->str);
  fclose(j);
  return 0;
}
