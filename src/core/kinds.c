/* The table of field-kind operations (core/kinds.h), and the display
 * operations, which belong to no other layer. */
#include "core/kinds.h"

#include <stdlib.h>

#include "core/kinds_impl.h"
#include "core/util.h"

/* ---- display: one line per value ------------------------------------------- */

static char *scalar_text(const val *v) {
  char *s = v ? val_scalar_text(v) : NULL;
  return s ? s : xstrdup("");
}

static char *display_text(const desc_field *f, const val *v, bool reveal) {
  (void)f;
  (void)reveal;
  return scalar_text(v);
}

static char *display_secret(const desc_field *f, const val *v, bool reveal) {
  (void)f;
  if (!v || val_is_empty(v))
    return xstrdup("");
  return reveal ? scalar_text(v) : xstrdup(KIND_SECRET_MASK);
}

static char *display_bool(const desc_field *f, const val *v, bool reveal) {
  (void)f;
  (void)reveal;
  return xstrdup(v && val_truthy(v) ? "[x]" : "[ ]");
}

/* A choice by its label ("Allow when needed"), else as saved. */
static char *display_choice(const desc_field *f, const val *v, bool reveal) {
  (void)reveal;
  char *s = scalar_text(v);
  const desc_choice *c = desc_field_choice(f, s);
  if (c && c->label) {
    free(s);
    return xstrdup(c->label);
  }
  return s;
}

static char *display_count(const desc_field *f, const val *v, bool reveal) {
  (void)f;
  (void)reveal;
  size_t n = v && v->kind == VAL_LIST ? v->u.list.n : 0;
  return n ? xasprintf("%zu item%s", n, n == 1 ? "" : "s") : xstrdup("(none)");
}

static char *display_entries(const desc_field *f, const val *v, bool reveal) {
  (void)f;
  (void)reveal;
  size_t n = v && v->kind == VAL_MAP ? v->u.map.n : 0;
  return n ? xasprintf("%zu entr%s", n, n == 1 ? "y" : "ies") : xstrdup("(none)");
}

/* ---- the table ----------------------------------------------------------------- */

const kind_ops field_kinds[FK__COUNT] = {
    [FK_TEXT] = {.vars_as_text = true,
                 .shape = KSHAPE_SCALAR,
                 .line_input = true,
                 .ptype = PT_STRING,
                 .convert = kind_convert_text,
                 .check = kind_check_text,
                 .display = display_text},
    [FK_PASSWORD] = {.vars_as_text = true,
                     .shape = KSHAPE_SCALAR,
                     .secret = true,
                     .line_input = true,
                     .ptype = PT_STRING,
                     .convert = kind_convert_text,
                     .check = kind_check_text,
                     .display = display_secret},
    [FK_BOOL] = {.shape = KSHAPE_SCALAR,
                 .ptype = PT_BOOLEAN,
                 .convert = kind_convert_bool,
                 .check = kind_check_bool,
                 .display = display_bool},
    [FK_CHOICE] = {.shape = KSHAPE_SCALAR,
                   .ptype = PT_STRING,
                   .convert = kind_convert_choice,
                   .check = kind_check_choice,
                   .display = display_choice},
    [FK_INT] = {.shape = KSHAPE_SCALAR,
                .line_input = true,
                .ptype = PT_INTEGER,
                .convert = kind_convert_int,
                .check = kind_check_int,
                .display = display_text},
    [FK_LIST] = {.vars_as_text = true,
                 .shape = KSHAPE_LIST,
                 .ptype = PT_ARRAY,
                 .convert = kind_convert_list,
                 .check = kind_check_list,
                 .display = display_count},
    [FK_MAP] = {.vars_as_text = true,
                .shape = KSHAPE_MAP,
                .ptype = PT_DICT,
                .convert = kind_convert_map,
                .check = kind_check_map,
                .display = display_entries},
    [FK_RECORDS] = {.vars_as_text = true,
                    .shape = KSHAPE_RECORDS,
                    .ptype = PT_ARRAY,
                    .convert = kind_convert_records,
                    .check = kind_check_records,
                    .display = display_count},
    [FK_FILE] = {.vars_as_text = true,
                 .shape = KSHAPE_SCALAR,
                 .line_input = true,
                 .ptype = PT_STRING,
                 .convert = kind_convert_text,
                 .check = kind_check_file,
                 .display = display_text},
};
