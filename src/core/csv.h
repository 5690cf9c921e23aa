/* CSV tables (RFC 4180) for per-user batch export: a header row naming the
 * columns, then one row per user. Quoted fields may hold commas, quotes ("")
 * and line breaks; CRLF and LF both end a row; a UTF-8 byte order mark is
 * skipped; blank lines are skipped. */
#ifndef APPVPN_CORE_CSV_H
#define APPVPN_CORE_CSV_H
#include <stdbool.h>
#include <stddef.h>
#include "core/diag.h"

typedef struct csv_table {
  char **header; /* n_cols names (owned) */
  size_t n_cols;
  char **cells;   /* n_rows * n_cols texts, row by row (owned) */
  unsigned *line; /* the line each row starts on (1-based) */
  size_t n_rows;
} csv_table;

/* Parses text. Errors (FILE:LINE: a row with more or fewer fields than the
 * header, an unclosed quote, text after a closing quote, invalid UTF-8, a
 * NUL byte, an empty or repeated column name) are added to diags and make
 * it return false; every error is reported, not just the first. */
bool csv_parse(const char *text, size_t len, const char *file, csv_table *out, diag_list *diags);
/* Cell of row r, column c (borrowed). */
const char *csv_cell(const csv_table *t, size_t r, size_t c);
void csv_free(csv_table *t);

#endif
