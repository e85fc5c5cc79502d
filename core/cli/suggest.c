/* suggest.c: a misspelt -O key or format name is answered with one line
   and the closest known name ("did you mean ...?"). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The -O keys the host itself reads (README, "Plugin options"); each
   plugin declares its own in its descriptor (option_keys). */
static const char *const S_host_keys[] = {
    RECTO_OPT_FROM_ENCODING, RECTO_OPT_REPLACE_INVALID,
    RECTO_OPT_MAX_INPUT_SIZE, RECTO_OPT_FAIL_IF_WARNINGS,
    RECTO_OPT_RESOURCE_PATH, RECTO_OPT_MAX_RESOURCE_SIZE, RECTO_OPT_SANDBOX,
    "cited-only", "citation-style", "languages", "number-sections", NULL};

/* Levenshtein distance, bounded: anything above max is max + 1. */
static size_t S_distance(const char *a, const char *b, size_t max) {
  size_t la = strlen(a), lb = strlen(b);
  if ((la > lb ? la - lb : lb - la) > max || lb > 64)
    return max + 1;
  size_t row[65];
  for (size_t j = 0; j <= lb; j++)
    row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t up = row[j];
      size_t best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best)
        best = up + 1;
      if (row[j - 1] + 1 < best)
        best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  return row[lb];
}

/* The nearest of names to word when near enough (a third of its
   length, at least one letter, at most three), else NULL. */
static const char *S_nearest(const char *word, const char *const *names,
                             size_t count) {
  size_t max = strlen(word) / 3;
  max = max < 1 ? 1 : max > 3 ? 3 : max;
  const char *best = NULL;
  size_t best_d = max + 1;
  for (size_t k = 0; k < count; k++) {
    size_t d = S_distance(word, names[k], max);
    if (d < best_d) {
      best = names[k];
      best_d = d;
    }
  }
  return best;
}

static void S_did_you_mean(recto_buf *line, const char *near) {
  if (near)
    recto_buf_printf(line, "; did you mean '%s'?", near);
}

int cli_unknown_format(const cli *c, recto_context *ctx,
                       recto_plugin_kind kind, const char *name) {
  size_t n = recto_registry_count(c->reg), count = 0;
  const char **names = calloc(4 * n + 1, sizeof *names);
  if (!names)
    recto_out_of_memory();
  for (size_t k = 0; k < n; k++) {
    const recto_plugin_info *info = recto_registry_at(c->reg, k);
    if (info->kind != kind)
      continue;
    names[count++] = info->name;
    for (size_t a = 0; info->aliases[a] && a < 3; a++)
      names[count++] = info->aliases[a];
  }
  recto_buf line = RECTO_BUF_INIT;
  recto_buf_printf(&line, "unknown %s format '%s'",
                   kind == RECTO_PLUGIN_READER ? "input" : "output", name);
  const char *near = S_nearest(name, names, count);
  if (near)
    S_did_you_mean(&line, near);
  else
    recto_buf_printf(&line, "; see recto --list-%s-formats",
                     kind == RECTO_PLUGIN_READER ? "input" : "output");
  recto_diag_emit(ctx, RECTO_DIAG_ERROR, "cli.usage", NULL, "%s", line.data);
  recto_buf_free(&line);
  free(names);
  return RECTO_ERR_USAGE;
}

/* Whether key "NAME.x" is the business of a plugin NAME that declares
   no keys (one built for ABI 1.0, say): it passes unchecked. */
static int S_undeclared(const cli *c, const char *key) {
  const char *dot = strchr(key, '.');
  if (!dot)
    return 0;
  size_t n = (size_t)(dot - key);
  int named = 0;
  for (size_t k = 0; k < recto_registry_count(c->reg); k++) {
    const recto_plugin_info *info = recto_registry_at(c->reg, k);
    if (strlen(info->name) != n || strncmp(info->name, key, n) != 0)
      continue;
    if (info->option_keys[0])
      return 0;
    named = 1;
  }
  return named;
}

/* The host's keys and every key a plugin declares (may repeat). */
static const char **S_known_keys(const cli *c, size_t *count) {
  size_t n = sizeof S_host_keys / sizeof S_host_keys[0];
  for (size_t k = 0; k < recto_registry_count(c->reg); k++)
    for (const char *const *o = recto_registry_at(c->reg, k)->option_keys;
         *o; o++)
      n++;
  const char **keys = calloc(n, sizeof *keys);
  if (!keys)
    recto_out_of_memory();
  n = 0;
  for (size_t k = 0; S_host_keys[k]; k++)
    keys[n++] = S_host_keys[k];
  for (size_t k = 0; k < recto_registry_count(c->reg); k++)
    for (const char *const *o = recto_registry_at(c->reg, k)->option_keys;
         *o; o++)
      keys[n++] = *o;
  *count = n;
  return keys;
}

int cli_check_option_keys(const cli *c, recto_context *ctx) {
  size_t nkeys;
  const char **known = S_known_keys(c, &nkeys);
  int status = 0;
  for (size_t k = 0; !status && k < c->option_keys.len; k++) {
    const char *arg = c->option_keys.items[k];
    const char *eq = strchr(arg, '=');
    size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
    char *key = malloc(n + 1);
    if (!key)
      recto_out_of_memory();
    memcpy(key, arg, n);
    key[n] = '\0';
    size_t j = 0;
    while (j < nkeys && strcmp(known[j], key) != 0)
      j++;
    if (j == nkeys && !S_undeclared(c, key)) {
      recto_buf line = RECTO_BUF_INIT;
      recto_buf_printf(&line, "unknown option -O %s", key);
      S_did_you_mean(&line, S_nearest(key, known, nkeys));
      recto_diag_emit(ctx, RECTO_DIAG_ERROR, "cli.usage", NULL, "%s",
                      line.data);
      recto_buf_free(&line);
      status = RECTO_ERR_USAGE;
    }
    free(key);
  }
  free(known);
  return status;
}
