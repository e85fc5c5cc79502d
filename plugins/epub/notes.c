/* notes.c: footnotes that pop up in Apple Books, Kobo and KOReader: a
   noteref link whose text is the marker as printed, to an aside typed
   footnote (at the end of the file) or endnote (in notes.xhtml), whose
   first line links back to the reference. */
#include <stdio.h>
#include <string.h>

#include "epub.h"

static int S_comment(const recto_node *n) {
  return recto_node_type_of(n) == RECTO_NODE_ANNOTATION;
}

/* Comments have no printed mark: "c1", "c2"... */
static const char *S_marker(const recto_node *note, const epub_info *info,
                            char tmp[32]) {
  const char *m = S_comment(note) ? NULL : recto_node_marker(note);
  if (m && *m)
    return m;
  snprintf(tmp, 32, S_comment(note) ? "c%zu" : "%zu", info->number);
  return tmp;
}

void epub_note_ref(epub_render *r, recto_node *note) {
  epub_info *info = epub_info_of(r->w, note);
  if (!info->id) /* not scanned: cannot happen, but never dangle */
    return;
  char tmp[32];
  const char *marker = S_marker(note, info, tmp);
  recto_buf *out = r->out;
  recto_buf_puts(out, S_comment(note) ? "<a class=\"comment-ref\" id=\""
                                      : "<a epub:type=\"noteref\" "
                                        "role=\"doc-noteref\" "
                                        "class=\"noteref\" id=\"");
  recto_buf_put_xml(out, info->ref_id, strlen(info->ref_id));
  recto_buf_putc(out, '"');
  epub_put_href(r, info->file, info->id);
  recto_buf_putc(out, '>');
  epub_put_xml_text(out, marker, strlen(marker));
  recto_buf_puts(out, "</a>");
  epub_vec_push(r->notes, note);
}

void epub_note_ref_again(epub_render *r, const recto_node *ref) {
  const char *label = recto_node_marker(ref);
  const epub_info *info = label ? epub_map_get(&r->w->markers, label) : NULL;
  recto_buf *out = r->out;
  if (!info) {
    /* An orphan reference: the marker stays as printed. */
    recto_buf_puts(out, "<sup class=\"noteref-orphan\">");
    if (label)
      epub_put_xml_text(out, label, strlen(label));
    recto_buf_puts(out, "</sup>");
    return;
  }
  recto_buf_puts(out, "<a epub:type=\"noteref\" role=\"doc-noteref\" "
                      "class=\"noteref\"");
  epub_put_href(r, info->file, info->id);
  recto_buf_putc(out, '>');
  epub_put_xml_text(out, label, strlen(label));
  recto_buf_puts(out, "</a>");
}

static void S_backlink(epub_render *r, recto_node *note,
                       const epub_info *info) {
  char tmp[32];
  const char *marker = S_marker(note, info, tmp);
  recto_buf *out = r->out;
  recto_buf_puts(out, "<a role=\"doc-backlink\" class=\"backlink\"");
  epub_put_href(r, info->ref_file, info->ref_id);
  recto_buf_puts(out, " title=\"");
  recto_buf_puts(out, epub_word_for(r->w->lang, EPUB_W_BACK));
  recto_buf_puts(out, "\">");
  epub_put_xml_text(out, marker, strlen(marker));
  recto_buf_puts(out, "</a> ");
}

/* One note body; nested notes met in it join the queue being rendered. */
static void S_body(epub_render *r, recto_node *note, int endnote) {
  const epub_info *info = epub_info_of(r->w, note);
  /* a comment is an aside of the ARIA role note; its class says what it
     is and its data- attributes who made it and when */
  epub_open(r, note, "aside",
            S_comment(note) ? NULL : endnote ? "endnote" : "footnote",
            /* DPUB-ARIA 1.1 dropped doc-endnote: the section carries
               doc-endnotes, and the notes stay visible when paging */
            S_comment(note) ? " role=\"note\""
            : endnote       ? " epub:type=\"endnote\""
                            : " epub:type=\"footnote\" role=\"doc-footnote\"",
            note, 0);
  recto_buf_putc(r->out, '\n');
  recto_node *first = recto_node_first_child(note);
  recto_node *rest = first;
  if (first && recto_node_type_of(first) == RECTO_NODE_PARAGRAPH) {
    epub_open(r, first, "p", NULL, NULL, first, 0);
    S_backlink(r, note, info);
    epub_render_children(r, first);
    epub_close(r, first, "p");
    rest = recto_node_next(first);
  } else {
    recto_buf_puts(r->out, "<p class=\"note-back\">");
    S_backlink(r, note, info);
    recto_buf_puts(r->out, "</p>");
  }
  for (; rest; rest = recto_node_next(rest))
    epub_render_tree(r, rest);
  recto_buf_putc(r->out, '\n');
  epub_close(r, note, "aside");
  recto_buf_putc(r->out, '\n');
}

void epub_render_notes(epub_render *r) {
  if (!r->notes->len)
    return;
  recto_buf_puts(r->out, "\n<div class=\"footnotes\">\n");
  for (size_t k = 0; k < r->notes->len; k++) /* the queue grows */
    S_body(r, r->notes->items[k], 0);
  recto_buf_puts(r->out, "</div>");
}

void epub_render_notes_file(epub_writer *w, epub_vec *notes, recto_buf *out) {
  const char *title = epub_word_for(w->lang, EPUB_W_NOTES);
  epub_render r;
  epub_render_init(&r, w, out, EPUB_FILE_NOTES, notes);
  epub_file_head(w, out, title, "../");
  recto_buf_puts(out, "<section epub:type=\"endnotes\" role=\"doc-endnotes\" "
                      "id=\"notes\">\n<h1>");
  recto_buf_puts(out, title);
  recto_buf_puts(out, "</h1>\n");
  for (size_t k = 0; k < notes->len; k++)
    S_body(&r, notes->items[k], 1);
  recto_buf_puts(out, "</section>");
  epub_file_tail(out);
  epub_render_free(&r);
}
