#include "core/diag.h"
#include "core/text.h"
#include "core/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void diag_addcv(diag_list *l, diag_level level, diag_code code, const char *file, unsigned line,
                unsigned col, const char *field, const char *fmt, va_list ap) {
  if (!l)
    return; /* the caller did not ask why */
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 8;
    l->items = xrealloc(l->items, l->cap * sizeof *l->items);
  }
  diag *d = &l->items[l->n++];
  d->level = level;
  d->code = code < DC__COUNT ? code : DC_OTHER;
  d->file = file ? xstrdup(file) : NULL;
  d->line = line;
  d->col = col;
  d->field = field ? xstrdup(field) : NULL;
  d->msg = xvasprintf(fmt, ap);
}

void diag_addv(diag_list *l, diag_level level, const char *file, unsigned line, unsigned col,
               const char *field, const char *fmt, va_list ap) {
  diag_addcv(l, level, DC_OTHER, file, line, col, field, fmt, ap);
}

void diag_addc(diag_list *l, diag_level level, diag_code code, const char *file, unsigned line,
               unsigned col, const char *field, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_addcv(l, level, code, file, line, col, field, fmt, ap);
  va_end(ap);
}

void diag_add(diag_list *l, diag_level level, const char *file, unsigned line, unsigned col,
              const char *field, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_addv(l, level, file, line, col, field, fmt, ap);
  va_end(ap);
}

size_t diag_count(const diag_list *l, diag_level level) {
  size_t n = 0;
  for (size_t i = 0; i < l->n; i++)
    n += l->items[i].level == level;
  return n;
}

void diag_list_move(diag_list *dst, diag_list *src) {
  for (size_t i = 0; i < src->n; i++) {
    if (dst->n == dst->cap) {
      dst->cap = dst->cap ? dst->cap * 2 : 8;
      dst->items = xrealloc(dst->items, dst->cap * sizeof *dst->items);
    }
    dst->items[dst->n++] = src->items[i];
  }
  free(src->items);
  src->items = NULL;
  src->n = src->cap = 0;
}

static int diag_cmp(const diag *a, const diag *b) {
  int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
  if (c)
    return c;
  if (a->line != b->line)
    return a->line < b->line ? -1 : 1;
  if (a->col != b->col)
    return a->col < b->col ? -1 : 1;
  return 0;
}

void diag_list_sort(diag_list *l) {
  /* insertion sort: stable, and lists are short */
  for (size_t i = 1; i < l->n; i++) {
    diag d = l->items[i];
    size_t j = i;
    while (j > 0 && diag_cmp(&l->items[j - 1], &d) > 0) {
      l->items[j] = l->items[j - 1];
      j--;
    }
    l->items[j] = d;
  }
}

void diag_list_clear(diag_list *l) {
  for (size_t i = 0; i < l->n; i++) {
    free(l->items[i].file);
    free(l->items[i].field);
    free(l->items[i].msg);
  }
  l->n = 0;
}

void diag_list_free(diag_list *l) {
  diag_list_clear(l);
  free(l->items);
  l->items = NULL;
  l->cap = 0;
}

const char *diag_level_name(diag_level level) {
  switch (level) {
  case DIAG_ERROR: return "error";
  case DIAG_WARNING: return "warning";
  case DIAG_NOTE: return "note";
  }
  return "?";
}

diag_code diag_code_read_errno(int err) {
  switch (err) {
  case ENOENT:
  case ENOTDIR: return DC_FILE_MISSING;
  case EISDIR: return DC_NOT_A_FILE;
  case EFBIG: return DC_FILE_TOO_LARGE;
  default: return DC_FILE_UNREADABLE;
  }
}

const char *diag_code_name(diag_code code) {
  static const char *const names[] = {
#define DIAG_CODE_NAME(id, name) name,
      DIAG_CODES(DIAG_CODE_NAME)
#undef DIAG_CODE_NAME
  };
  return code < DC__COUNT ? names[code] : names[DC_OTHER];
}

char *diag_format(const diag *d) {
  /* Messages quote data (values, keys, file names): everything is escaped
   * for the terminal here, in the one place every message passes. */
  strbuf b = STRBUF_INIT;
  if (d->file) {
    strbuf_put_escaped(&b, d->file, strlen(d->file));
    if (d->line) {
      strbuf_printf(&b, ":%u", d->line);
      if (d->col)
        strbuf_printf(&b, ":%u", d->col);
    }
    strbuf_puts(&b, ": ");
  }
  strbuf_printf(&b, "%s: ", diag_level_name(d->level));
  strbuf_put_escaped(&b, d->msg, strlen(d->msg));
  if (d->field) {
    strbuf_puts(&b, " [");
    strbuf_put_escaped(&b, d->field, strlen(d->field));
    strbuf_putc(&b, ']');
  }
  return strbuf_take(&b);
}

void diag_list_print(const diag_list *l, FILE *out) {
  for (size_t i = 0; i < l->n; i++) {
    char *s = diag_format(&l->items[i]);
    fprintf(out, "%s\n", s);
    free(s);
  }
}
