/* Diagnostics: the one way library code reports problems.
 *
 * Library functions never print or exit; they append to a diag_list and
 * return a status. The caller decides how to show the list. Every entry is
 * printed as  FILE:LINE:COL: error|warning|note: message [field.id]
 * (LINE/COL omitted when 0, FILE omitted when NULL).
 */
#ifndef APPVPN_CORE_DIAG_H
#define APPVPN_CORE_DIAG_H
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

typedef enum { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } diag_level;

typedef struct diag {
  diag_level level;
  char *file;         /* owned copy, may be NULL */
  unsigned line, col; /* 1-based; 0 = unknown */
  char *field;        /* owned copy of the field id (e.g. "proxy.port"), may be NULL */
  char *msg;          /* owned */
} diag;

typedef struct diag_list {
  diag *items;
  size_t n, cap;
} diag_list;

#define DIAG_LIST_INIT                                                                             \
  { 0, 0, 0 }

#if defined(__GNUC__)
#define DIAG_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define DIAG_PRINTF(a, b)
#endif

/* Appends one entry; copies every string. A NULL list drops it. */
void diag_add(diag_list *l, diag_level level, const char *file, unsigned line, unsigned col,
              const char *field, const char *fmt, ...) DIAG_PRINTF(7, 8);
void diag_addv(diag_list *l, diag_level level, const char *file, unsigned line, unsigned col,
               const char *field, const char *fmt, va_list ap);
size_t diag_count(const diag_list *l, diag_level level);
/* Moves every entry of src to the end of dst; src is left empty. */
void diag_list_move(diag_list *dst, diag_list *src);
/* Stable sort by file, line, col (entries without a line keep their order, first). */
void diag_list_sort(diag_list *l);
void diag_list_clear(diag_list *l);
void diag_list_free(diag_list *l);
const char *diag_level_name(diag_level level);
/* Formats one entry into a new malloc'd string (caller frees). File, message
 * and field are escaped for a terminal (text_escape): no control character
 * from data reaches the output. */
char *diag_format(const diag *d);
/* Prints every entry, one per line. */
void diag_list_print(const diag_list *l, FILE *out);

#endif
