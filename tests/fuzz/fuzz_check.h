/* Checks shared by the fuzz targets: what appvpn prints and what it stores
 * must be clean, whatever the input. */
#ifndef APPVPN_FUZZ_CHECK_H
#define APPVPN_FUZZ_CHECK_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/text.h"
#include "core/value.h"

/* Every message, as printed, is one line of clean text (escaped). */
static void fuzz_check_diags(const diag_list *d) {
  for (size_t i = 0; i < d->n; i++) {
    char *s = diag_format(&d->items[i]);
    if (!text_clean(s, strlen(s), TEXT_LINE, NULL)) {
      fprintf(stderr, "unescaped message: %s\n", s);
      abort();
    }
    free(s);
  }
}

/* Every key and string of a stored tree is clean (values may span lines). */
static void fuzz_check_tree(const val *v) {
  if (v->kind == VAL_STR && !text_clean(v->u.str, strlen(v->u.str), TEXT_LINES, NULL)) {
    fprintf(stderr, "unclean value stored\n");
    abort();
  }
  if (v->kind == VAL_LIST)
    for (size_t i = 0; i < v->u.list.n; i++)
      fuzz_check_tree(v->u.list.v[i]);
  if (v->kind == VAL_MAP)
    for (size_t i = 0; i < v->u.map.n; i++) {
      if (!text_clean(v->u.map.k[i], strlen(v->u.map.k[i]), TEXT_LINE, NULL)) {
        fprintf(stderr, "unclean key stored\n");
        abort();
      }
      fuzz_check_tree(v->u.map.v[i]);
    }
}

#endif
