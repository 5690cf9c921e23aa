/* The model's typing: a value as the YAML file or the command line gives it
 * becomes the typed value the model keeps (strings to bool/int where a
 * field says so, clean text checked, records and maps walked), through each
 * kind's convert operation (core/kinds.h), which is defined here. Loading
 * (core/model.c) and the write path (model_set) share it. */
#include "core/model_int.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/kinds_impl.h"
#include "core/vars.h"

/* ---- typing values ------------------------------------------------------------ */

static void conv_error(const conv *cv, diag_code code, const val *at, const char *path,
                       const char *fmt, ...) DIAG_PRINTF(5, 6);

static void conv_error(const conv *cv, diag_code code, const val *at, const char *path,
                       const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_addcv(cv->diags, DIAG_ERROR, code, cv->file, at ? at->line : 0, at ? at->col : 0, path, fmt,
             ap);
  va_end(ap);
}

void model_replace(val **slot, val *nv) {
  nv->line = (*slot)->line;
  nv->col = (*slot)->col;
  val_free(*slot);
  *slot = nv;
}

/* Strict decimal: no sign but '-', no leading zeros, no spaces. */
static bool parse_int(const char *s, long long *out, const char **why) {
  const char *p = s;
  if (*p == '-')
    p++;
  if (!*p || *p < '0' || *p > '9') {
    *why = "not a whole number";
    return false;
  }
  if (p[0] == '0' && p[1]) {
    *why = "not a whole number (no leading zeros)";
    return false;
  }
  for (const char *q = p; *q; q++)
    if (*q < '0' || *q > '9') {
      *why = "not a whole number";
      return false;
    }
  errno = 0;
  long long v = strtoll(s, NULL, 10);
  if (errno == ERANGE) {
    *why = "out of range";
    return false;
  }
  *out = v;
  return true;
}

/* Scalars in text-like places become strings (bool/int from model_set). */
static bool to_text(const conv *cv, val **slot, const char *path, const char *what) {
  val *v = *slot;
  if (v->kind == VAL_STR)
    return true;
  if (v->kind == VAL_BOOL || v->kind == VAL_INT) {
    val *nv = val_new_str_take(val_scalar_text(v));
    model_replace(slot, nv);
    return true;
  }
  conv_error(cv, DC_WRONG_TYPE, v, path, "expected %s, found %s", what, shape_name(v));
  return false;
}

/* Text must be clean (core/text.h): a refusal names the character. */
bool model_clean_text(const conv *cv, const val *v, const char *path, text_kind kind) {
  if (v->kind != VAL_STR)
    return true;
  char *why = text_problem(v->u.str, kind);
  if (!why)
    return true;
  conv_error(cv, text_problem_code(v->u.str, strlen(v->u.str), kind), v, path, "%s", why);
  free(why);
  return false;
}

static bool convert_fields(const conv *cv, val *container, const desc_field *fields, size_t n,
                           const char *prefix);

/* A key/value map's value (vendor data, VendorConfig): typed as YAML spells
 * it. Unquoted true/false is a boolean, an unquoted whole number an integer,
 * an unquoted real or UTC date stays a plain string that export writes as
 * <real> or <date>; quoted, anything is text (which may span lines). Lists
 * and maps nest (arrays and dictionaries), up to a bounded depth. */
bool model_convert_data(const conv *cv, val **slot, const char *path, int depth) {
  val *v = *slot;
  if (depth > 16) {
    conv_error(cv, DC_TOO_COMPLEX, v, path, "nested deeper than 16 levels");
    return false;
  }
  switch (v->kind) {
  case VAL_BOOL:
  case VAL_INT: return true;
  case VAL_STR: {
    if (!model_clean_text(cv, v, path, TEXT_LINES))
      return false;
    long long i;
    const char *why = NULL;
    if (v->plain && (!strcmp(v->u.str, "true") || !strcmp(v->u.str, "false")))
      model_replace(slot, val_new_bool(v->u.str[0] == 't'));
    else if (v->plain && parse_int(v->u.str, &i, &why))
      model_replace(slot, val_new_int(i));
    else if (!val_is_real(v) && !val_is_date(v))
      v->plain = false;
    return true;
  }
  case VAL_LIST: {
    bool ok = true;
    for (size_t i = 0; i < v->u.list.n; i++) {
      char *ipath = xasprintf("%s[%zu]", path, i);
      ok &= model_convert_data(cv, &v->u.list.v[i], ipath, depth + 1);
      free(ipath);
    }
    return ok;
  }
  case VAL_MAP: {
    bool ok = true;
    for (size_t i = 0; i < v->u.map.n; i++) {
      char *kpath = join_path(path, v->u.map.k[i]);
      char *kwhy = text_problem(v->u.map.k[i], TEXT_LINE);
      if (kwhy) {
        conv_error(cv, text_problem_code(v->u.map.k[i], strlen(v->u.map.k[i]), TEXT_LINE),
                   v->u.map.v[i], kpath, "the key: %s", kwhy);
        free(kwhy);
        ok = false;
      } else {
        ok &= model_convert_data(cv, &v->u.map.v[i], kpath, depth + 1);
      }
      free(kpath);
    }
    return ok;
  }
  default:
    conv_error(cv, DC_WRONG_TYPE, v, path, "expected a value, found %s", shape_name(v));
    return false;
  }
}

/* ---- the kinds' convert operations (core/kinds.h) ---------------------------- */

bool kind_convert_text(const conv *cv, const desc_field *f, val **slot, const char *path) {
  (void)f;
  return to_text(cv, slot, path, "text");
}

bool kind_convert_choice(const conv *cv, const desc_field *f, val **slot, const char *path) {
  (void)f;
  return to_text(cv, slot, path, "one of the choices");
}

bool kind_convert_bool(const conv *cv, const desc_field *f, val **slot, const char *path) {
  (void)f;
  val *v = *slot;
  if (v->kind == VAL_BOOL)
    return true;
  if (v->kind == VAL_STR) {
    bool t = strcmp(v->u.str, "true") == 0, fl = strcmp(v->u.str, "false") == 0;
    if ((t || fl) && (v->plain || !cv->from_file)) {
      model_replace(slot, val_new_bool(t));
      return true;
    }
    if (t || fl)
      conv_error(cv, DC_WRONG_TYPE, v, path, "expected true or false without quotes, found \"%s\"",
                 v->u.str);
    else
      conv_error(cv, DC_WRONG_TYPE, v, path,
                 "expected true or false, found '%s' (only true and false are accepted)", v->u.str);
    return false;
  }
  conv_error(cv, DC_WRONG_TYPE, v, path, "expected true or false, found %s", shape_name(v));
  return false;
}

bool kind_convert_int(const conv *cv, const desc_field *f, val **slot, const char *path) {
  (void)f;
  val *v = *slot;
  if (v->kind == VAL_INT)
    return true;
  if (v->kind == VAL_STR) {
    /* A variable is resolved at export (--var), so it stays text here. */
    if (vars_has_ref(v->u.str))
      return true;
    long long i;
    const char *why = NULL;
    if (!parse_int(v->u.str, &i, &why)) {
      conv_error(cv, DC_WRONG_TYPE, v, path, "'%s' is %s", v->u.str, why);
      return false;
    }
    if (cv->from_file && !v->plain) {
      conv_error(cv, DC_WRONG_TYPE, v, path, "expected a whole number without quotes, found \"%s\"",
                 v->u.str);
      return false;
    }
    model_replace(slot, val_new_int(i));
    return true;
  }
  conv_error(cv, DC_WRONG_TYPE, v, path, "expected a whole number, found %s", shape_name(v));
  return false;
}

bool kind_convert_list(const conv *cv, const desc_field *f, val **slot, const char *path) {
  (void)f;
  val *v = *slot;
  if (v->kind != VAL_LIST) {
    conv_error(cv, DC_WRONG_TYPE, v, path, "expected a list, found %s", shape_name(v));
    return false;
  }
  bool ok = true;
  for (size_t i = 0; i < v->u.list.n; i++) {
    const val *item = v->u.list.v[i];
    /* Already clean text: lists can hold 100k domains, no path is made. */
    if (item->kind == VAL_STR && text_clean(item->u.str, strlen(item->u.str), TEXT_LINE, NULL))
      continue;
    char *ipath = xasprintf("%s[%zu]", path, i);
    if (!model_clean_text(cv, item, ipath, TEXT_LINE)) {
      ok = false;
      free(ipath);
      continue;
    }
    if (v->u.list.v[i]->kind == VAL_NULL) {
      conv_error(cv, DC_WRONG_TYPE, v->u.list.v[i], ipath, "empty list item");
      ok = false;
    } else if (!to_text(cv, &v->u.list.v[i], ipath, "text")) {
      ok = false;
    }
    free(ipath);
  }
  return ok;
}

bool kind_convert_map(const conv *cv, const desc_field *f, val **slot, const char *path) {
  (void)f;
  val *v = *slot;
  if (v->kind != VAL_MAP) {
    conv_error(cv, DC_WRONG_TYPE, v, path, "expected key: value pairs, found %s", shape_name(v));
    return false;
  }
  /* the map itself at depth -1: its values count from 0 */
  return model_convert_data(cv, slot, path, -1);
}

bool kind_convert_records(const conv *cv, const desc_field *f, val **slot, const char *path) {
  val *v = *slot;
  if (v->kind != VAL_LIST) {
    conv_error(cv, DC_WRONG_TYPE, v, path, "expected a list, found %s", shape_name(v));
    return false;
  }
  bool ok = true;
  for (size_t i = 0; i < v->u.list.n; i++) {
    val *rec = v->u.list.v[i];
    char *rpath = xasprintf("%s[%zu]", path, i);
    if (rec->kind == VAL_NULL) {
      /* "- " alone: an empty record. */
      model_replace(&v->u.list.v[i], val_new_map());
      rec = v->u.list.v[i];
    }
    if (rec->kind != VAL_MAP) {
      conv_error(cv, DC_WRONG_TYPE, rec, rpath, "expected an entry of key: value lines, found %s",
                 shape_name(rec));
      ok = false;
    } else if (!convert_fields(cv, rec, f->fields, f->n_fields, rpath)) {
      ok = false;
    }
    free(rpath);
  }
  return ok;
}

bool model_convert_value(const conv *cv, const desc_field *f, val **slot, const char *path) {
  if (!model_clean_text(cv, *slot, path, TEXT_LINE))
    return false;
  return kind_of(f)->convert(cv, f, slot, path);
}

/* Finds the slot holding field id in container; reports a non-map in the way
 * once. Returns NULL when the value is absent. */
static val **field_slot(const conv *cv, val *container, const char *id, const char *prefix,
                        bool *blocked) {
  val *cur = container;
  const char *p = id;
  *blocked = false;
  for (;;) {
    const char *dot = strchr(p, '.');
    size_t n = dot ? (size_t)(dot - p) : strlen(p);
    size_t at = SIZE_MAX;
    for (size_t i = 0; i < cur->u.map.n; i++)
      if (strlen(cur->u.map.k[i]) == n && memcmp(cur->u.map.k[i], p, n) == 0) {
        at = i;
        break;
      }
    if (at == SIZE_MAX)
      return NULL;
    val **slot = &cur->u.map.v[at];
    if (!dot)
      return slot;
    if ((*slot)->kind == VAL_NULL) {
      /* "proxy:" with nothing under it: nothing set. */
      val_free(val_map_take(cur, cur->u.map.k[at]));
      return NULL;
    }
    if ((*slot)->kind != VAL_MAP) {
      if (cv) {
        char *sub = xstrndup(id, (size_t)(dot - id));
        char *where = join_path(prefix, sub);
        conv_error(cv, DC_WRONG_TYPE, *slot, where,
                   "expected key: value lines under '%s', found %s", sub, shape_name(*slot));
        free(where);
        free(sub);
      }
      *blocked = true;
      return NULL;
    }
    cur = *slot;
    p = dot + 1;
  }
}

static bool convert_fields(const conv *cv, val *container, const desc_field *fields, size_t n,
                           const char *prefix) {
  bool ok = true;
  /* Report a blocking non-map ("proxy: x") once, not once per field under it. */
  char **blocked_seen = NULL;
  size_t n_blocked = 0;
  for (size_t i = 0; i < n; i++) {
    const desc_field *f = &fields[i];
    bool blocked;
    conv quiet = *cv;
    diag_list scratch = DIAG_LIST_INIT;
    quiet.diags = &scratch;
    val **slot = field_slot(&quiet, container, f->id, prefix, &blocked);
    if (blocked) {
      const char *msg_field = scratch.n ? scratch.items[0].field : "";
      bool seen = false;
      for (size_t k = 0; k < n_blocked; k++)
        seen |= str_eq(blocked_seen[k], msg_field);
      if (!seen) {
        blocked_seen = xrealloc(blocked_seen, (n_blocked + 1) * sizeof *blocked_seen);
        blocked_seen[n_blocked++] = xstrdup(msg_field);
        diag_list_move(cv->diags, &scratch);
      }
      diag_list_free(&scratch);
      ok = false;
      continue;
    }
    diag_list_free(&scratch);
    if (!slot)
      continue;
    if ((*slot)->kind == VAL_NULL) {
      /* "server:" with no value is simply unset. */
      char *parent = NULL;
      const char *last = strrchr(f->id, '.');
      if (last) {
        parent = xstrndup(f->id, (size_t)(last - f->id));
        val *pm = val_get_path(container, parent);
        val_map_remove(pm, last + 1);
      } else {
        val_map_remove(container, f->id);
      }
      free(parent);
      continue;
    }
    char *path = join_path(prefix, f->id);
    if (!model_convert_value(cv, f, slot, path))
      ok = false;
    free(path);
  }
  for (size_t k = 0; k < n_blocked; k++)
    free(blocked_seen[k]);
  free(blocked_seen);
  return ok;
}

void model_convert_type(const conv *cv, config *c) {
  if (!c->type)
    return;
  for (size_t s = 0; s < c->type->n_sections; s++)
    convert_fields(cv, c->root, c->type->sections[s].fields, c->type->sections[s].n_fields, NULL);
}
