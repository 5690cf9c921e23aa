#include "core/csv.h"

#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/util.h"

typedef struct reader {
  const char *p, *end;
  unsigned line;
  const char *file;
  diag_list *diags;
  bool bad;
} reader;

/* One field at r->p; *eol set when the row ends after it. NULL on error. */
static char *read_field(reader *r, bool *eol, bool *eof) {
  strbuf b = STRBUF_INIT;
  strbuf_puts(&b, "");
  bool quoted = r->p < r->end && *r->p == '"';
  unsigned start_line = r->line;
  if (quoted)
    r->p++;
  for (;;) {
    if (r->p >= r->end) {
      if (quoted) {
        diag_addc(r->diags, DIAG_ERROR, DC_CSV, r->file, start_line, 0, NULL,
                  "a quoted field is not closed (the quote opens on this line)");
        r->bad = true;
        strbuf_free(&b);
        return NULL;
      }
      *eol = *eof = true;
      return strbuf_take(&b);
    }
    unsigned char ch = (unsigned char)*r->p;
    if (!ch) {
      diag_addc(r->diags, DIAG_ERROR, DC_CONTROL_CHAR, r->file, r->line, 0, NULL, "a NUL byte");
      r->bad = true;
      strbuf_free(&b);
      return NULL;
    }
    if (quoted && ch == '"') {
      if (r->p + 1 < r->end && r->p[1] == '"') {
        strbuf_putc(&b, '"');
        r->p += 2;
        continue;
      }
      r->p++;
      quoted = false;
      if (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r') {
        diag_addc(r->diags, DIAG_ERROR, DC_CSV, r->file, r->line, 0, NULL,
                  "text after a closing quote (write a quote inside quotes as \"\")");
        r->bad = true;
        strbuf_free(&b);
        return NULL;
      }
      continue;
    }
    if (!quoted && ch == ',') {
      r->p++;
      *eol = false;
      return strbuf_take(&b);
    }
    if (!quoted && (ch == '\n' || ch == '\r')) {
      if (ch == '\r' && r->p + 1 < r->end && r->p[1] == '\n')
        r->p++;
      r->p++;
      r->line++;
      *eol = true;
      *eof = r->p >= r->end;
      return strbuf_take(&b);
    }
    unsigned cp;
    size_t n = text_utf8_next((const unsigned char *)r->p, (size_t)(r->end - r->p), &cp);
    if (!n) {
      diag_addc(r->diags, DIAG_ERROR, DC_INVALID_UTF8, r->file, r->line, 0, NULL,
                "invalid UTF-8 (byte 0x%02X)", ch);
      r->bad = true;
      strbuf_free(&b);
      return NULL;
    }
    if (ch == '\n')
      r->line++;
    strbuf_putn(&b, r->p, n);
    r->p += n;
  }
}

/* One row: its fields (caller frees each and the array). false at the end
 * of input with nothing read, or on error (r->bad). */
static bool read_row(reader *r, char ***fields, size_t *n, unsigned *line) {
  *fields = NULL;
  *n = 0;
  /* blank lines are skipped */
  while (r->p < r->end && (*r->p == '\n' || *r->p == '\r')) {
    if (*r->p == '\n')
      r->line++;
    r->p++;
  }
  if (r->p >= r->end)
    return false;
  *line = r->line;
  size_t cap = 0;
  for (;;) {
    bool eol = false, eof = false;
    char *f = read_field(r, &eol, &eof);
    if (!f) {
      /* skip to the next line to report the rows after it */
      while (r->p < r->end && *r->p != '\n')
        r->p++;
      for (size_t i = 0; i < *n; i++)
        free((*fields)[i]);
      free(*fields);
      *fields = NULL;
      *n = 0;
      return true;
    }
    if (*n == cap) {
      cap = cap ? cap * 2 : 8;
      *fields = xrealloc(*fields, cap * sizeof **fields);
    }
    (*fields)[(*n)++] = f;
    if (eol)
      return true;
  }
}

bool csv_parse(const char *text, size_t len, const char *file, csv_table *out, diag_list *diags) {
  memset(out, 0, sizeof *out);
  reader r = {text, text + len, 1, file, diags, false};
  if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
    r.p += 3;
  char **fields;
  size_t n;
  unsigned line;
  if (!read_row(&r, &fields, &n, &line) || !fields) {
    if (!r.bad)
      diag_addc(diags, DIAG_ERROR, DC_CSV, file, 1, 0, NULL,
                "no header row: the first line names the variables (userUID,userEmailAddress,...)");
    return false;
  }
  out->header = fields;
  out->n_cols = n;
  for (size_t i = 0; i < n; i++) {
    if (!*fields[i]) {
      diag_addc(diags, DIAG_ERROR, DC_CSV, file, line, 0, NULL, "column %zu has no name", i + 1);
      r.bad = true;
    }
    for (size_t k = 0; k < i; k++)
      if (!strcmp(fields[k], fields[i])) {
        diag_addc(diags, DIAG_ERROR, DC_CSV, file, line, 0, NULL, "column '%s' is named twice",
                  fields[i]);
        r.bad = true;
      }
  }
  size_t cap = 0;
  while (r.p < r.end) {
    if (!read_row(&r, &fields, &n, &line))
      break;
    if (!fields)
      continue; /* an error, reported */
    if (n != out->n_cols) {
      diag_addc(diags, DIAG_ERROR, DC_CSV, file, line, 0, NULL, "%zu field%s, the header has %zu",
                n, n == 1 ? "" : "s", out->n_cols);
      r.bad = true;
    }
    if (n == out->n_cols) {
      if (out->n_rows == cap) {
        cap = cap ? cap * 2 : 64;
        out->cells = xrealloc(out->cells, cap * out->n_cols * sizeof *out->cells);
        out->line = xrealloc(out->line, cap * sizeof *out->line);
      }
      memcpy(out->cells + out->n_rows * out->n_cols, fields, n * sizeof *fields);
      out->line[out->n_rows++] = line;
    } else {
      for (size_t i = 0; i < n; i++)
        free(fields[i]);
    }
    free(fields);
  }
  return !r.bad;
}

const char *csv_cell(const csv_table *t, size_t r, size_t c) {
  return t->cells[r * t->n_cols + c];
}

void csv_free(csv_table *t) {
  for (size_t i = 0; i < t->n_cols; i++)
    free(t->header[i]);
  free(t->header);
  for (size_t i = 0; i < t->n_rows * t->n_cols; i++)
    free(t->cells[i]);
  free(t->cells);
  free(t->line);
  memset(t, 0, sizeof *t);
}
