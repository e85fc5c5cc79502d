/* csljson.c: CSL JSON bibliographies, read and written.  The entry
   mapping is shared with the native format (cslentry.c). */
#include <stdio.h>
#include <string.h>

#include "biblio.h"
#include "cslentry.h"
#include "json.h"

recto_status csljson_read(recto_context *ctx, const recto_input *input,
                          const recto_options *opts, recto_doc **out) {
  (void)opts;
  *out = NULL;
  rj_doc jd;
  rj_error err;
  const char *data = (const char *)input->data;
  if (rj_parse(data, input->len, &jd, &err) < 0) {
    recto_diag_emit(ctx, RECTO_DIAG_ERROR, "csljson.json", &err.pos, "%s",
                    err.message);
    rj_free(&jd);
    return RECTO_ERR_INPUT;
  }
  const rj_value *items = jd.root;
  if (items->type == RJ_OBJECT && rj_get(items, "items"))
    items = rj_get(items, "items"); /* {"items": [...]} as some tools write */
  recto_doc *doc = recto_doc_new();
  recto_doc_bibliography(doc, 1);
  recto_status st = RECTO_OK;
  if (items->type != RJ_ARRAY && items->type != RJ_OBJECT) {
    recto_pos pos = rj_pos(&jd, items);
    recto_diag_emit(ctx, RECTO_DIAG_ERROR, "csljson.syntax", &pos,
                    "CSL JSON must be an array of entries");
    st = RECTO_ERR_INPUT;
  }
  /* A lone object is a one-entry bibliography. */
  const rj_value *it = items->type == RJ_ARRAY ? items->first : items;
  for (; it && st == RECTO_OK; it = items->type == RJ_ARRAY ? it->next : NULL) {
    recto_pos pos = rj_pos(&jd, it);
    recto_bib_entry *e = csl_read_entry(ctx, doc, &jd, it, 0, "csljson");
    if (!e) {
      st = RECTO_ERR_INPUT;
    } else if (!e->id || !*e->id) {
      recto_diag_emit(ctx, RECTO_DIAG_ERROR, "csljson.syntax", &pos,
                      "entry without an \"id\"");
      st = RECTO_ERR_INPUT;
    } else if (recto_doc_find_entry(doc, e->id)) {
      recto_diag_emit(ctx, RECTO_DIAG_WARNING, "csljson.duplicate-key", &pos,
                      "duplicate id '%s': this entry is ignored", e->id);
    } else {
      e->pos = pos;
      e->raw = recto_strndup(doc, data + it->offset, it->end - it->offset);
      bib_derive_dir(e);
      recto_doc_add_entry(doc, e);
    }
  }
  rj_free(&jd);
  if (st != RECTO_OK) {
    recto_doc_free(doc);
    return st;
  }
  *out = doc;
  return RECTO_OK;
}

recto_status csljson_write(recto_context *ctx, recto_doc *doc,
                           const recto_options *opts, recto_buf *out) {
  (void)opts;
  recto_node *bib = recto_doc_bibliography(doc, 0);
  size_t count = 0;
  recto_buf_putc(out, '[');
  for (recto_node *n = bib ? recto_node_first_child(bib) : NULL; n;
       n = recto_node_next(n)) {
    const recto_bib_entry *e = recto_node_bib_entry(n);
    if (!e)
      continue;
    recto_bib_entry tmp;
    if (!e->id) {
      /* CSL JSON requires an id: give one that reads back. */
      char id[32];
      snprintf(id, sizeof id, "entry-%zu", count + 1);
      tmp = *e;
      tmp.id = recto_strdup(doc, id);
      e = &tmp;
      recto_pos pos = recto_node_pos(n);
      recto_diag_emit(ctx, RECTO_DIAG_WARNING, "csljson.no-id", &pos,
                      "entry without a key written with id '%s'", id);
    }
    recto_buf_puts(out, count++ ? "," : "");
    rj_newline(out, 1);
    csl_write_entry(out, e, 1, 0);
  }
  recto_buf_puts(out, count ? "\n]\n" : "]\n");
  return RECTO_OK;
}
