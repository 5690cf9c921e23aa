/* The model: a configuration's value tree bound to its descriptor.
 *
 * Loading types the tree in place (strings to bool/int where a field says
 * so) and reports what the file holds that the type does not use. The tree
 * keeps everything (hidden values, other types' values, unknown keys); what
 * is saved is decided by model_save_tree().
 */
#include "core/model.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/kinds_impl.h"
#include "core/text.h"
#include "core/util.h"
#include "core/uuid.h"
#include "core/vars.h"

#define FORMAT_MAJOR 1
/* A file with thousands of stray keys should not drown the real problems. */
#define MAX_KEY_WARNINGS 50

/* ---- small helpers --------------------------------------------------------- */

static const char *shape_name(const val *v) {
  if (!v)
    return "nothing";
  switch (v->kind) {
  case VAL_LIST: return "a list";
  case VAL_MAP: return "a mapping";
  case VAL_NULL: return "an empty value";
  case VAL_BOOL: return "true/false";
  case VAL_INT: return "a number";
  default: return "text";
  }
}

static char *join_path(const char *prefix, const char *id) {
  return prefix && *prefix ? xasprintf("%s.%s", prefix, id) : xstrdup(id);
}

static const char *type_label(const config *c) {
  return c->type ? (c->type->label ? c->type->label : c->type->id) : "this configuration";
}

/* Is f one of rf's record fields (so it lives in the record, not the root)? */
static bool field_in_record(const desc_field *rf, const desc_field *f) {
  return rf && rf->fields && f >= rf->fields && f < rf->fields + rf->n_fields;
}

static const desc_field *record_child(const desc_field *rf, const char *id) {
  for (size_t i = 0; rf && i < rf->n_fields; i++)
    if (strcmp(rf->fields[i].id, id) == 0)
      return &rf->fields[i];
  return NULL;
}

/* ---- config lifetime ------------------------------------------------------- */

config *config_new(const desc_set *set, const desc_type *type) {
  config *c = xcalloc(1, sizeof *c);
  c->set = set;
  c->type = type;
  c->root = val_new_map();
  val_map_set(c->root, "format", val_new_int(FORMAT_MAJOR));
  if (type)
    val_map_set(c->root, "type", val_new_str(type->id));
  return c;
}

void config_free(config *c) {
  if (!c)
    return;
  free(c->path);
  val_free(c->root);
  free(c);
}

/* ---- lookups ----------------------------------------------------------------- */

const val *model_get(const model_ctx *ctx, const desc_field *f) {
  if (!ctx || !ctx->cfg || !f)
    return NULL;
  const val *container =
      ctx->record && field_in_record(ctx->record_field, f) ? ctx->record : ctx->cfg->root;
  const val *v = val_get_path(container, f->id);
  return v && v->kind != VAL_NULL ? v : NULL;
}

const val *model_value(const model_ctx *ctx, const desc_field *f) {
  const val *v = model_get(ctx, f);
  return v ? v : (f ? f->def : NULL);
}

const val *model_lookup(void *vctx, const char *path, bool rooted) {
  const model_ctx *ctx = vctx;
  if (!ctx || !ctx->cfg)
    return NULL;
  if (!rooted && ctx->record) {
    const val *v = val_get_path(ctx->record, path);
    if (v && v->kind != VAL_NULL)
      return v;
    const desc_field *f = record_child(ctx->record_field, path);
    return f ? f->def : NULL;
  }
  const val *v = val_get_path(ctx->cfg->root, path);
  if (v && v->kind != VAL_NULL)
    return v;
  const desc_field *f = desc_type_find_field(ctx->cfg->type, path);
  return f ? f->def : NULL;
}

static bool own_visible(const model_ctx *ctx, const desc_field *f) {
  return !f->show || expr_eval(f->show, model_lookup, (void *)ctx);
}

bool model_section_visible(const config *c, const desc_section *s) {
  if (!s->show)
    return true;
  model_ctx ctx = {c, NULL, NULL};
  return expr_eval(s->show, model_lookup, &ctx);
}

static const desc_section *section_of(const desc_type *t, const desc_field *f) {
  for (size_t s = 0; t && s < t->n_sections; s++) {
    const desc_section *sec = &t->sections[s];
    if (f >= sec->fields && f < sec->fields + sec->n_fields)
      return sec;
  }
  return NULL;
}

bool model_field_visible(const model_ctx *ctx, const desc_field *f) {
  if (!ctx || !f)
    return false;
  if (!(ctx->record && field_in_record(ctx->record_field, f))) {
    const desc_section *s = section_of(ctx->cfg->type, f);
    if (s && !model_section_visible(ctx->cfg, s))
      return false;
  }
  return own_visible(ctx, f);
}

bool model_field_required(const model_ctx *ctx, const desc_field *f) {
  /* Required only matters while the field is shown. */
  return f && f->required && model_field_visible(ctx, f) &&
         expr_eval(f->required, model_lookup, (void *)ctx);
}

/* ---- visiting visible fields ---------------------------------------------- */

static bool visit_fields(const model_ctx *ctx, const desc_section *s, const desc_field *fields,
                         size_t n, const char *prefix, model_visit_fn fn, void *ud) {
  for (size_t i = 0; i < n; i++) {
    const desc_field *f = &fields[i];
    if (!own_visible(ctx, f))
      continue;
    char *path = join_path(prefix, f->id);
    bool go = fn(ud, ctx, s, f, path, model_value(ctx, f));
    const val *list = model_get(ctx, f);
    if (go && kind_of(f)->shape == KSHAPE_RECORDS && list && list->kind == VAL_LIST) {
      for (size_t k = 0; k < list->u.list.n; k++) {
        const val *rec = list->u.list.v[k];
        if (rec->kind != VAL_MAP)
          continue;
        model_ctx sub = {ctx->cfg, rec, f};
        char *rpath = xasprintf("%s[%zu]", path, k);
        visit_fields(&sub, s, f->fields, f->n_fields, rpath, fn, ud);
        free(rpath);
      }
    }
    free(path);
  }
  return true;
}

void model_each_visible(const config *c, model_visit_fn fn, void *ud) {
  if (!c || !c->type)
    return;
  model_ctx top = {c, NULL, NULL};
  for (size_t s = 0; s < c->type->n_sections; s++) {
    const desc_section *sec = &c->type->sections[s];
    if (model_section_visible(c, sec))
      visit_fields(&top, sec, sec->fields, sec->n_fields, NULL, fn, ud);
  }
}

static bool secret_visit(void *ud, const model_ctx *ctx, const desc_section *s, const desc_field *f,
                         const char *path, const val *value) {
  (void)s, (void)path, (void)value;
  if (kind_of(f)->secret && !val_is_empty(model_get(ctx, f)))
    *(bool *)ud = true;
  return true;
}

bool model_has_secrets(const config *c) {
  bool found = false;
  model_each_visible(c, secret_visit, &found);
  return found;
}

/* ---- typing values ------------------------------------------------------------ */

typedef struct kind_conv {
  const char *file;
  diag_list *diags;
  bool from_file; /* YAML typing rules: quoted scalars stay text */
} conv;

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

static void replace(val **slot, val *nv) {
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
    replace(slot, nv);
    return true;
  }
  conv_error(cv, DC_WRONG_TYPE, v, path, "expected %s, found %s", what, shape_name(v));
  return false;
}

/* Text must be clean (core/text.h): a refusal names the character. */
static bool clean_text(const conv *cv, const val *v, const char *path, text_kind kind) {
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
static bool convert_data(const conv *cv, val **slot, const char *path, int depth) {
  val *v = *slot;
  if (depth > 16) {
    conv_error(cv, DC_TOO_COMPLEX, v, path, "nested deeper than 16 levels");
    return false;
  }
  switch (v->kind) {
  case VAL_BOOL:
  case VAL_INT: return true;
  case VAL_STR: {
    if (!clean_text(cv, v, path, TEXT_LINES))
      return false;
    long long i;
    const char *why = NULL;
    if (v->plain && (!strcmp(v->u.str, "true") || !strcmp(v->u.str, "false")))
      replace(slot, val_new_bool(v->u.str[0] == 't'));
    else if (v->plain && parse_int(v->u.str, &i, &why))
      replace(slot, val_new_int(i));
    else if (!val_is_real(v) && !val_is_date(v))
      v->plain = false;
    return true;
  }
  case VAL_LIST: {
    bool ok = true;
    for (size_t i = 0; i < v->u.list.n; i++) {
      char *ipath = xasprintf("%s[%zu]", path, i);
      ok &= convert_data(cv, &v->u.list.v[i], ipath, depth + 1);
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
        ok &= convert_data(cv, &v->u.map.v[i], kpath, depth + 1);
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
      replace(slot, val_new_bool(t));
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
    replace(slot, val_new_int(i));
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
    if (!clean_text(cv, item, ipath, TEXT_LINE)) {
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
  return convert_data(cv, slot, path, -1);
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
      replace(&v->u.list.v[i], val_new_map());
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

static bool convert_value(const conv *cv, const desc_field *f, val **slot, const char *path) {
  if (!clean_text(cv, *slot, path, TEXT_LINE))
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
    if (!convert_value(cv, f, slot, path))
      ok = false;
    free(path);
  }
  for (size_t k = 0; k < n_blocked; k++)
    free(blocked_seen[k]);
  free(blocked_seen);
  return ok;
}

static void convert_type(const conv *cv, config *c) {
  if (!c->type)
    return;
  for (size_t s = 0; s < c->type->n_sections; s++)
    convert_fields(cv, c->root, c->type->sections[s].fields, c->type->sections[s].n_fields, NULL);
}

void config_set_type(config *c, const desc_type *type) {
  if (!c || !type)
    return;
  c->type = type;
  val *tv = val_new_str(type->id);
  tv->plain = true;
  val_map_set(c->root, "type", tv);
  /* Values the previous type did not own were never typed: do it now, quietly
   * (a value that does not fit stays as it is and validation reports it). */
  diag_list scratch = DIAG_LIST_INIT;
  conv cv = {NULL, &scratch, true};
  convert_type(&cv, c);
  diag_list_free(&scratch);
}

/* ---- which keys are known ------------------------------------------------- */

/* Key patterns: dotted YAML paths, "[]" after a records field
 * ("on_demand.rules[].action"), hashed for files with many keys. */
enum { PAT_FIELD = 1, PAT_CONTAINER = 2, PAT_OTHER = 4 };

typedef struct pat_entry {
  char *pat;
  unsigned flags;
  const desc_field *field; /* current type's field for PAT_FIELD */
} pat_entry;

typedef struct pat_index {
  pat_entry *e;
  size_t cap, n;
} pat_index;

static uint32_t hash_str(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

static pat_entry *pat_find(const pat_index *ix, const char *pat) {
  if (!ix->cap)
    return NULL;
  size_t mask = ix->cap - 1;
  for (size_t at = hash_str(pat) & mask; ix->e[at].pat; at = (at + 1) & mask)
    if (strcmp(ix->e[at].pat, pat) == 0)
      return &ix->e[at];
  return NULL;
}

static void pat_add(pat_index *ix, const char *pat, unsigned flags, const desc_field *f) {
  if ((ix->n + 1) * 2 > ix->cap) {
    pat_entry *old = ix->e;
    size_t oldcap = ix->cap;
    ix->cap = ix->cap ? ix->cap * 2 : 256;
    ix->e = xcalloc(ix->cap, sizeof *ix->e);
    for (size_t i = 0; i < oldcap; i++)
      if (old[i].pat) {
        size_t at = hash_str(old[i].pat) & (ix->cap - 1);
        while (ix->e[at].pat)
          at = (at + 1) & (ix->cap - 1);
        ix->e[at] = old[i];
      }
    free(old);
  }
  pat_entry *e = pat_find(ix, pat);
  if (!e) {
    size_t at = hash_str(pat) & (ix->cap - 1);
    while (ix->e[at].pat)
      at = (at + 1) & (ix->cap - 1);
    e = &ix->e[at];
    e->pat = xstrdup(pat);
    ix->n++;
  }
  e->flags |= flags;
  if (f && (flags & PAT_FIELD))
    e->field = f;
}

static void pat_add_fields(pat_index *ix, const desc_field *fields, size_t n, const char *prefix,
                           bool current) {
  for (size_t i = 0; i < n; i++) {
    const desc_field *f = &fields[i];
    char *pat = prefix ? xasprintf("%s.%s", prefix, f->id) : xstrdup(f->id);
    pat_add(ix, pat, current ? PAT_FIELD : PAT_OTHER, current ? f : NULL);
    /* Every dotted prefix at this level is a container ("proxy" for proxy.port). */
    size_t base = prefix ? strlen(prefix) + 1 : 0;
    for (char *d = strchr(pat + base, '.'); d; d = strchr(d + 1, '.')) {
      *d = 0;
      pat_add(ix, pat, current ? PAT_CONTAINER : PAT_OTHER, NULL);
      *d = '.';
    }
    if (kind_of(f)->shape == KSHAPE_RECORDS) {
      char *sub = xasprintf("%s[]", pat);
      pat_add_fields(ix, f->fields, f->n_fields, sub, current);
      free(sub);
    }
    free(pat);
  }
}

static void pat_build(pat_index *ix, const config *c) {
  memset(ix, 0, sizeof *ix);
  for (size_t t = 0; c->set && t < c->set->n_types; t++) {
    const desc_type *ty = &c->set->types[t];
    bool current = ty == c->type;
    for (size_t s = 0; s < ty->n_sections; s++)
      pat_add_fields(ix, ty->sections[s].fields, ty->sections[s].n_fields, NULL, current);
  }
  /* A type descriptor not in the set (tests, or a caller's own) still counts. */
  if (c->type && !(c->set && c->type >= c->set->types && c->type < c->set->types + c->set->n_types))
    for (size_t s = 0; s < c->type->n_sections; s++)
      pat_add_fields(ix, c->type->sections[s].fields, c->type->sections[s].n_fields, NULL, true);
}

static void pat_free(pat_index *ix) {
  for (size_t i = 0; i < ix->cap; i++)
    free(ix->e[i].pat);
  free(ix->e);
}

enum { KEY_UNKNOWN, KEY_OTHER_TYPE };

typedef struct key_walk {
  const pat_index *ix;
  bool into_records; /* descend into the current type's records */
  /* keys from the walk's start to the reported key */
  const char **keys;
  size_t n_keys, cap_keys;
  void (*fn)(struct key_walk *w, int cls, const char *path, const val *v);
  void *ud;
  const char *pat; /* the reported key's pattern, during fn */
} key_walk;

static void walk_keys(key_walk *w, const val *map, const char *pat_prefix,
                      const char *path_prefix) {
  for (size_t i = 0; i < map->u.map.n; i++) {
    const char *k = map->u.map.k[i];
    const val *v = map->u.map.v[i];
    if (!pat_prefix && (strcmp(k, "format") == 0 || strcmp(k, "type") == 0))
      continue;
    char *pat = pat_prefix ? xasprintf("%s.%s", pat_prefix, k) : xstrdup(k);
    char *path = path_prefix ? xasprintf("%s.%s", path_prefix, k) : xstrdup(k);
    if (w->n_keys == w->cap_keys) {
      w->cap_keys = w->cap_keys ? w->cap_keys * 2 : 8;
      w->keys = xrealloc(w->keys, w->cap_keys * sizeof *w->keys);
    }
    w->keys[w->n_keys++] = k;
    const pat_entry *e = pat_find(w->ix, pat);
    unsigned fl = e ? e->flags : 0;
    if (fl & PAT_FIELD) {
      if (w->into_records && kind_of(e->field)->shape == KSHAPE_RECORDS && v->kind == VAL_LIST) {
        char *sub = xasprintf("%s[]", pat);
        for (size_t r = 0; r < v->u.list.n; r++) {
          if (v->u.list.v[r]->kind != VAL_MAP)
            continue;
          char *rpath = xasprintf("%s[%zu]", path, r);
          /* Keys inside a record are relative to it. */
          const char **saved = w->keys;
          size_t saved_n = w->n_keys, saved_cap = w->cap_keys;
          w->keys = NULL, w->n_keys = 0, w->cap_keys = 0;
          walk_keys(w, v->u.list.v[r], sub, rpath);
          free(w->keys);
          w->keys = saved, w->n_keys = saved_n, w->cap_keys = saved_cap;
          free(rpath);
        }
        free(sub);
      }
    } else if (fl & PAT_CONTAINER) {
      if (v->kind == VAL_MAP)
        walk_keys(w, v, pat, path);
    } else {
      w->pat = pat;
      w->fn(w, fl & PAT_OTHER ? KEY_OTHER_TYPE : KEY_UNKNOWN, path, v);
    }
    w->n_keys--;
    free(pat);
    free(path);
  }
}

typedef struct unknown_cb {
  void (*fn)(void *ud, const char *path, const val *v);
  void *ud;
} unknown_cb;

static void each_unknown_fn(key_walk *w, int cls, const char *path, const val *v) {
  unknown_cb *cb = w->ud;
  if (cls == KEY_UNKNOWN)
    cb->fn(cb->ud, path, v);
}

void model_each_unknown(const config *c, void (*fn)(void *ud, const char *path, const val *v),
                        void *ud) {
  if (!c || !fn)
    return;
  pat_index ix;
  pat_build(&ix, c);
  unknown_cb cb = {fn, ud};
  key_walk w = {.ix = &ix, .into_records = true, .fn = each_unknown_fn, .ud = &cb};
  walk_keys(&w, c->root, NULL, NULL);
  free(w.keys);
  pat_free(&ix);
}

typedef struct warn_state {
  const config *c;
  const char *file;
  diag_list *diags;
  size_t shown, more;
} warn_state;

static size_t edit_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 64 || lb > 64)
    return SIZE_MAX;
  size_t row[65];
  for (size_t j = 0; j <= lb; j++)
    row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t prev = row[0];
    row[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t up = row[j];
      size_t best = prev + (a[i - 1] != b[j - 1]);
      if (up + 1 < best)
        best = up + 1;
      if (row[j - 1] + 1 < best)
        best = row[j - 1] + 1;
      row[j] = best;
      prev = up;
    }
  }
  return row[lb];
}

/* The current type's key closest to a misspelt one ("proxy.servr" ->
 * "proxy.server"), or NULL when nothing is close. */
static const char *closest_key(const pat_index *ix, const char *pat) {
  const char *best = NULL;
  size_t best_d = strlen(pat) / 4 + 1;
  if (best_d > 3)
    best_d = 3;
  for (size_t i = 0; i < ix->cap; i++) {
    const pat_entry *e = &ix->e[i];
    if (!e->pat || !(e->flags & (PAT_FIELD | PAT_CONTAINER)))
      continue;
    size_t d = edit_distance(pat, e->pat);
    if (d <= best_d && (!best || d < best_d || strcmp(e->pat, best) < 0)) {
      best = e->pat;
      best_d = d;
    }
  }
  return best;
}

static void warn_key_fn(key_walk *w, int cls, const char *path, const val *v) {
  warn_state *st = w->ud;
  if (st->shown >= MAX_KEY_WARNINGS) {
    st->more++;
    return;
  }
  st->shown++;
  const char *near = cls == KEY_UNKNOWN ? closest_key(w->ix, w->pat) : NULL;
  if (near) {
    /* Patterns name records as "rules[]": show the key itself. */
    const char *tail = strrchr(near, '.');
    diag_addc(st->diags, DIAG_WARNING, DC_UNKNOWN_KEY, st->file, v->line, v->col, path,
              "unknown key '%s' (kept on save); did you mean '%s'?", path,
              strchr(near, '[') && tail ? tail + 1 : near);
  } else if (cls == KEY_UNKNOWN)
    diag_addc(st->diags, DIAG_WARNING, DC_UNKNOWN_KEY, st->file, v->line, v->col, path,
              "unknown key '%s' (kept on save)", path);
  else
    diag_addc(st->diags, DIAG_WARNING, DC_NOT_APPLICABLE, st->file, v->line, v->col, path,
              "'%s' does not apply to %s; it will not be saved", path, type_label(st->c));
}

/* ---- values of hidden fields ------------------------------------------------ */

typedef struct hidden_walk {
  const config *c;
  model_hidden_fn fn;
  void *ud;
} hidden_walk;

static void hidden_fields(const hidden_walk *w, const model_ctx *ctx, const desc_field *fields,
                          size_t n, const char *prefix, const char *section_why) {
  for (size_t i = 0; i < n; i++) {
    const desc_field *f = &fields[i];
    const val *v = model_get(ctx, f);
    if (val_is_empty(v))
      continue;
    char *path = join_path(prefix, f->id);
    if (section_why || !own_visible(ctx, f)) {
      const char *why = section_why ? section_why : expr_source(f->show);
      w->fn(w->ud, path, f, v, why && *why ? why : "its section is shown");
    } else if (kind_of(f)->shape == KSHAPE_RECORDS && v->kind == VAL_LIST) {
      for (size_t k = 0; k < v->u.list.n; k++) {
        const val *rec = v->u.list.v[k];
        if (rec->kind != VAL_MAP)
          continue;
        model_ctx sub = {w->c, rec, f};
        char *rpath = xasprintf("%s[%zu]", path, k);
        hidden_fields(w, &sub, f->fields, f->n_fields, rpath, NULL);
        free(rpath);
      }
    }
    free(path);
  }
}

void model_each_hidden(const config *c, model_hidden_fn fn, void *ud) {
  if (!c || !c->type)
    return;
  hidden_walk w = {c, fn, ud};
  model_ctx top = {c, NULL, NULL};
  for (size_t s = 0; s < c->type->n_sections; s++) {
    const desc_section *sec = &c->type->sections[s];
    const char *why = NULL;
    if (!model_section_visible(c, sec))
      why = sec->show ? expr_source(sec->show) : "its section is shown";
    hidden_fields(&w, &top, sec->fields, sec->n_fields, NULL, why);
  }
}

typedef struct load_hidden {
  const char *file;
  diag_list *diags;
} load_hidden;

/* Values a file holds for hidden fields, per the field's when_hidden. Values
 * set in memory (line 0) are the validator's to report. */
static void report_hidden_fn(void *ud, const char *path, const desc_field *f, const val *v,
                             const char *why) {
  load_hidden *lh = ud;
  if (v->line && f->when_hidden == HIDDEN_ERROR)
    diag_addc(lh->diags, DIAG_ERROR, DC_HIDDEN_VALUE, lh->file, v->line, v->col, path,
              "%s is not allowed here: only when %s", f->label ? f->label : path, why);
  else if (v->line && f->when_hidden == HIDDEN_WARNING)
    diag_addc(lh->diags, DIAG_WARNING, DC_HIDDEN_VALUE, lh->file, v->line, v->col, path,
              "'%s' is ignored: shown only when %s", path, why);
}

/* ---- loading ----------------------------------------------------------------- */

static void check_format(val *root, const char *file, diag_list *diags) {
  val *fv = val_map_get(root, "format");
  if (!fv || fv->kind == VAL_NULL) {
    diag_addc(diags, DIAG_WARNING, DC_FORMAT_MISSING, file, 0, 0, "format",
              "missing 'format' (assuming format %d)", FORMAT_MAJOR);
    return;
  }
  long long major = -1;
  if (fv->kind == VAL_INT) {
    major = fv->u.i;
  } else if (fv->kind == VAL_STR) {
    /* "1" or "1.2": only the major number matters. */
    const char *s = fv->u.str;
    char *end;
    errno = 0;
    long long m = strtoll(s, &end, 10);
    if (s[0] >= '0' && s[0] <= '9' && !errno && (*end == 0 || (*end == '.' && end[1])))
      major = m;
  }
  if (major < 0) {
    char *t = val_scalar_text(fv);
    diag_addc(diags, DIAG_ERROR, DC_FORMAT_VERSION, file, fv->line, fv->col, "format",
              "'format' must be a version number such as 1, found %s", t ? t : shape_name(fv));
    free(t);
    return;
  }
  if (major > FORMAT_MAJOR)
    diag_addc(diags, DIAG_ERROR, DC_FORMAT_VERSION, file, fv->line, fv->col, "format",
              "written by a newer appvpn (format %lld); this version reads format %d", major,
              FORMAT_MAJOR);
  else if (major < FORMAT_MAJOR)
    diag_addc(diags, DIAG_ERROR, DC_FORMAT_VERSION, file, fv->line, fv->col, "format",
              "unsupported format %lld (this version reads format %d)", major, FORMAT_MAJOR);
  else if (fv->kind == VAL_STR && strchr(fv->u.str, '.') == NULL) {
    unsigned line = fv->line, col = fv->col;
    val_map_set(root, "format", val_new_int(major));
    fv = val_map_get(root, "format");
    fv->line = line, fv->col = col;
  }
}

static char *known_types(const desc_set *set) {
  strbuf b = STRBUF_INIT;
  for (size_t i = 0; set && i < set->n_types; i++) {
    if (i)
      strbuf_puts(&b, ", ");
    strbuf_puts(&b, set->types[i].id);
  }
  return strbuf_take(&b);
}

static const desc_type *resolve_type(const desc_set *set, const val *root, const char *file,
                                     diag_list *diags) {
  const val *tv = val_map_get(root, "type");
  if (!tv || tv->kind == VAL_NULL) {
    char *ids = known_types(set);
    diag_addc(diags, DIAG_ERROR, DC_TYPE_MISSING, file, tv ? tv->line : 0, tv ? tv->col : 0, "type",
              "missing 'type' (one of: %s)", ids);
    free(ids);
    return NULL;
  }
  if (tv->kind != VAL_STR) {
    diag_addc(diags, DIAG_ERROR, DC_UNKNOWN_TYPE, file, tv->line, tv->col, "type",
              "'type' must be a connection type id, found %s", shape_name(tv));
    return NULL;
  }
  const desc_type *t = desc_set_find(set, tv->u.str);
  if (!t) {
    char *ids = known_types(set);
    diag_addc(diags, DIAG_ERROR, DC_UNKNOWN_TYPE, file, tv->line, tv->col, "type",
              "unknown type '%s' (known types: %s)", tv->u.str, ids);
    free(ids);
  }
  return t;
}

config *config_from_tree(const desc_set *set, val *root, const char *file, diag_list *diags) {
  if (!root || root->kind != VAL_MAP) {
    if (root)
      diag_addc(diags, DIAG_ERROR, DC_WRONG_TYPE, file, root->line, root->col, NULL,
                "expected a configuration (key: value lines) at the top level, found %s",
                shape_name(root));
    val_free(root);
    return NULL;
  }
  config *c = xcalloc(1, sizeof *c);
  c->set = set;
  c->root = root;
  check_format(root, file, diags);
  c->type = resolve_type(set, root, file, diags);
  if (!c->type)
    return c;

  conv cv = {file, diags, true};
  convert_type(&cv, c);

  pat_index ix;
  pat_build(&ix, c);
  warn_state ws = {c, file, diags, 0, 0};
  key_walk w = {.ix = &ix, .into_records = true, .fn = warn_key_fn, .ud = &ws};
  walk_keys(&w, root, NULL, NULL);
  free(w.keys);
  pat_free(&ix);
  if (ws.more)
    diag_addc(diags, DIAG_NOTE, DC_MORE, file, 0, 0, NULL, "%zu more keys not listed", ws.more);

  load_hidden lh = {file, diags};
  model_each_hidden(c, report_hidden_fn, &lh);
  return c;
}

/* ---- the tree that is saved ------------------------------------------------- */

/* Puts v at keys[0..n) under dst, creating maps on the way. Takes v. */
static void out_put(val *dst, const char *const *keys, size_t n, val *v) {
  for (size_t i = 0; i + 1 < n; i++) {
    val *next = val_map_get(dst, keys[i]);
    if (!next) {
      next = val_new_map();
      val_map_set(dst, keys[i], next);
    }
    if (next->kind != VAL_MAP) {
      val_free(v);
      return;
    }
    dst = next;
  }
  val_map_set(dst, keys[n - 1], v);
}

static void out_put_dotted(val *dst, const char *id, val *v) {
  char *copy = xstrdup(id);
  const char *keys[64];
  size_t n = 0;
  for (char *p = copy, *dot; n < 64; p = dot + 1) {
    keys[n++] = p;
    dot = strchr(p, '.');
    if (!dot)
      break;
    *dot = 0;
  }
  out_put(dst, keys, n, v);
  free(copy);
}

typedef struct save_state {
  const config *c;
  const pat_index *ix;
} save_state;

typedef struct unknown_put {
  val *dst;
} unknown_put;

static void put_unknown_fn(key_walk *w, int cls, const char *path, const val *v) {
  (void)path;
  if (cls != KEY_UNKNOWN)
    return;
  unknown_put *up = w->ud;
  val *dst = up->dst;
  for (size_t i = 0; i + 1 < w->n_keys; i++) {
    val *next = val_map_get(dst, w->keys[i]);
    if (!next) {
      next = val_new_map();
      val_map_set(dst, w->keys[i], next);
    }
    if (next->kind != VAL_MAP)
      return;
    dst = next;
  }
  /* An unknown key is never among the keys already written there (those are
   * fields, containers, or earlier unknown keys of the same unique map), so
   * append without val_map_set's search: a file with a huge number of stray
   * keys saves in linear time. */
  if (dst->u.map.n == dst->u.map.cap) {
    dst->u.map.cap = dst->u.map.cap ? dst->u.map.cap * 2 : 4;
    dst->u.map.k = xrealloc(dst->u.map.k, dst->u.map.cap * sizeof(char *));
    dst->u.map.v = xrealloc(dst->u.map.v, dst->u.map.cap * sizeof(val *));
  }
  dst->u.map.k[dst->u.map.n] = xstrdup(w->keys[w->n_keys - 1]);
  dst->u.map.v[dst->u.map.n] = val_clone(v);
  dst->u.map.n++;
}

/* Values of fields are written by their kind, not as the file spelled them:
 * text that looks like a number gets quotes (but a key/value map's reals
 * and dates stay unquoted: that is their type). */
static val *unplain_typed(val *v, bool typed) {
  if (v->kind == VAL_STR && !(typed && (val_is_real(v) || val_is_date(v))))
    v->plain = false;
  else if (v->kind == VAL_LIST)
    for (size_t i = 0; i < v->u.list.n; i++)
      unplain_typed(v->u.list.v[i], typed);
  else if (v->kind == VAL_MAP)
    for (size_t i = 0; i < v->u.map.n; i++)
      unplain_typed(v->u.map.v[i], typed);
  return v;
}

static val *unplain(val *v) {
  return unplain_typed(v, false);
}

static void save_fields(const save_state *st, val *dst, const model_ctx *ctx,
                        const desc_field *fields, size_t n, const char *pat_prefix) {
  for (size_t i = 0; i < n; i++) {
    const desc_field *f = &fields[i];
    if (!own_visible(ctx, f))
      continue;
    const val *v = model_get(ctx, f);
    if (!v || ((v->kind == VAL_LIST || v->kind == VAL_MAP) && val_is_empty(v)))
      continue;
    val *copy;
    if (kind_of(f)->shape == KSHAPE_RECORDS && v->kind == VAL_LIST) {
      char *pat = pat_prefix ? xasprintf("%s.%s[]", pat_prefix, f->id) : xasprintf("%s[]", f->id);
      copy = val_new_list();
      for (size_t k = 0; k < v->u.list.n; k++) {
        const val *rec = v->u.list.v[k];
        if (rec->kind != VAL_MAP) {
          val_list_append(copy, unplain(val_clone(rec)));
          continue;
        }
        val *out = val_new_map();
        model_ctx sub = {ctx->cfg, rec, f};
        save_fields(st, out, &sub, f->fields, f->n_fields, pat);
        unknown_put up = {out};
        key_walk w = {.ix = st->ix, .into_records = false, .fn = put_unknown_fn, .ud = &up};
        walk_keys(&w, rec, pat, NULL);
        free(w.keys);
        val_list_append(copy, out);
      }
      free(pat);
    } else {
      copy = unplain_typed(val_clone(v), kind_of(f)->shape == KSHAPE_MAP);
    }
    out_put_dotted(dst, f->id, copy);
  }
}

val *model_save_tree(const config *c) {
  val *out = val_new_map();
  val_map_set(out, "format", val_new_int(FORMAT_MAJOR));
  if (!c->type) {
    /* Nothing to interpret against: keep every key as it is. */
    for (size_t i = 0; i < c->root->u.map.n; i++)
      if (strcmp(c->root->u.map.k[i], "format") != 0)
        val_map_set(out, c->root->u.map.k[i], val_clone(c->root->u.map.v[i]));
    return out;
  }
  if (!desc_type_find_field(c->type, "type")) {
    val *tv = val_new_str(c->type->id);
    val_map_set(out, "type", tv);
  }
  pat_index ix;
  pat_build(&ix, c);
  save_state st = {c, &ix};
  model_ctx top = {c, NULL, NULL};
  for (size_t s = 0; s < c->type->n_sections; s++) {
    const desc_section *sec = &c->type->sections[s];
    if (model_section_visible(c, sec))
      save_fields(&st, out, &top, sec->fields, sec->n_fields, NULL);
  }
  unknown_put up = {out};
  key_walk w = {.ix = &ix, .into_records = false, .fn = put_unknown_fn, .ud = &up};
  walk_keys(&w, c->root, NULL, NULL);
  free(w.keys);
  pat_free(&ix);
  return out;
}

/* ---- paths and setting values ------------------------------------------------ */

typedef struct seg {
  char *name;
  bool indexed;
  size_t index;
} seg;

static void segs_free(seg *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(s[i].name);
  free(s);
}

/* "a.b[1].c" -> {a}, {b,[1]}, {c}. NULL when malformed. */
static seg *path_split(const char *path, size_t *n_out) {
  seg *segs = NULL;
  size_t n = 0;
  const char *p = path;
  if (!path || !*path)
    return NULL;
  for (;;) {
    const char *end = p;
    while (*end && *end != '.' && *end != '[')
      end++;
    if (end == p)
      goto bad;
    segs = xrealloc(segs, (n + 1) * sizeof *segs);
    seg *s = &segs[n++];
    s->name = xstrndup(p, (size_t)(end - p));
    s->indexed = false;
    s->index = 0;
    if (*end == '[') {
      const char *q = end + 1;
      if (*q < '0' || *q > '9')
        goto bad;
      char *close;
      errno = 0;
      unsigned long long idx = strtoull(q, &close, 10);
      if (*close != ']' || errno || idx > 1000000)
        goto bad;
      s->indexed = true;
      s->index = (size_t)idx;
      end = close + 1;
    }
    if (!*end)
      break;
    if (*end != '.')
      goto bad;
    p = end + 1;
  }
  *n_out = n;
  return segs;
bad:
  segs_free(segs, n);
  return NULL;
}

/* Field for an id among the top-level fields (rf == NULL) or a record's. */
static const desc_field *find_in(const config *c, const desc_field *rf, const char *id) {
  return rf ? record_child(rf, id) : desc_type_find_field(c->type, id);
}

/* "custom_data.Realm": a key inside a map field. Returns the map field and
 * sets *key to where the key starts in id, or NULL. */
static const desc_field *find_map_key(const config *c, const desc_field *rf, const char *id,
                                      const char **key) {
  for (const char *dot = strrchr(id, '.'); dot;) {
    char *prefix = xstrndup(id, (size_t)(dot - id));
    const desc_field *f = find_in(c, rf, prefix);
    free(prefix);
    if (f && kind_of(f)->shape == KSHAPE_MAP) {
      *key = dot + 1;
      return f;
    }
    if (dot == id)
      break;
    const char *p = dot - 1;
    while (p > id && *p != '.')
      p--;
    dot = *p == '.' ? p : NULL;
  }
  return NULL;
}

const desc_field *model_field_for_path(const config *c, const char *path) {
  if (!c || !c->type)
    return NULL;
  size_t n;
  seg *segs = path_split(path, &n);
  if (!segs)
    return NULL;
  const desc_field *rf = NULL, *found = NULL;
  strbuf acc = STRBUF_INIT;
  for (size_t i = 0; i < n; i++) {
    if (acc.len)
      strbuf_putc(&acc, '.');
    strbuf_puts(&acc, segs[i].name);
    bool last = i + 1 == n;
    if (!segs[i].indexed && !last)
      continue;
    const desc_field *f = find_in(c, rf, strbuf_str(&acc));
    const char *key;
    if (!f && last && !segs[i].indexed)
      f = find_map_key(c, rf, strbuf_str(&acc), &key);
    if (!f)
      break;
    if (segs[i].indexed && kind_of(f)->shape != KSHAPE_RECORDS &&
        !(last && kind_of(f)->shape == KSHAPE_LIST))
      break;
    if (last) {
      found = f;
      break;
    }
    rf = f;
    strbuf_free(&acc);
  }
  strbuf_free(&acc);
  segs_free(segs, n);
  return found;
}

/* Stores v (typed) at id in container; removes the value when v is empty. */
static bool store(val *container, const desc_field *f, val *v) {
  if (val_is_empty(v)) {
    val_free(v);
    val_remove_path(container, f->id);
    return true;
  }
  return val_set_path(container, f->id, v);
}

static bool set_map_key(config *c, val *container, const desc_field *mf, const char *key, val *v,
                        const char *fpath, diag_list *diags) {
  (void)c;
  conv cv = {NULL, diags, false};
  val *map = val_get_path(container, mf->id);
  if (val_is_empty(v)) {
    val_free(v);
    if (map && map->kind == VAL_MAP) {
      val_map_remove(map, key);
      if (map->u.map.n == 0)
        val_remove_path(container, mf->id);
    }
    return true;
  }
  char *kwhy = text_problem(key, TEXT_LINE);
  if (kwhy) {
    diag_addc(diags, DIAG_ERROR, text_problem_code(key, strlen(key), TEXT_LINE), NULL, 0, 0, fpath,
              "the key: %s", kwhy);
    free(kwhy);
    val_free(v);
    return false;
  }
  /* One key's text (`set custom_data.Port=443`, an editor entry) stays text;
   * typed values come as such (a flow list or map, a value of the model's). */
  if (v->kind == VAL_STR)
    v->plain = false;
  if (!convert_data(&cv, &v, fpath, 0)) {
    val_free(v);
    return false;
  }
  if (!map || map->kind == VAL_NULL) {
    map = val_new_map();
    if (!val_set_path(container, mf->id, map)) {
      diag_addc(diags, DIAG_ERROR, DC_WRONG_TYPE, NULL, 0, 0, fpath,
                "cannot set '%s': a value in the way is not key: value lines", fpath);
      val_free(v);
      return false;
    }
  }
  if (map->kind != VAL_MAP) {
    diag_addc(diags, DIAG_ERROR, DC_WRONG_TYPE, NULL, 0, 0, fpath,
              "'%s' holds %s, not key: value pairs", fpath, shape_name(map));
    val_free(v);
    return false;
  }
  val_map_set(map, key, v);
  return true;
}

/* What model_set created on its way down, undone when it fails, so a refused
 * "rules[2].action=bogus" does not leave an empty rule behind. */
typedef struct set_undo {
  val *container;
  const desc_field *f;
  val *list;
  bool list_made, rec_made;
} set_undo;

static void set_undo_push(set_undo **u, size_t *n, val *container, const desc_field *f, val *list,
                          bool list_made, bool rec_made) {
  if (*n && (*u)[*n - 1].list == list) {
    (*u)[*n - 1].rec_made |= rec_made;
    return;
  }
  *u = xrealloc(*u, (*n + 1) * sizeof **u);
  (*u)[(*n)++] = (set_undo){container, f, list, list_made, rec_made};
}

static void set_undo_run(set_undo *u, size_t n) {
  while (n--) {
    val *list = u[n].list;
    if (u[n].rec_made && list->u.list.n) {
      val *last = list->u.list.v[list->u.list.n - 1];
      if (last->kind == VAL_MAP && last->u.map.n == 0)
        val_free(val_list_take(list, list->u.list.n - 1));
    }
    if (u[n].list_made && list->u.list.n == 0)
      val_remove_path(u[n].container, u[n].f->id);
  }
}

/* ---- identity: names, identifiers, UUIDs ------------------------------------ */

char *model_slug(const char *name) {
  strbuf b = STRBUF_INIT;
  bool dash = false;
  for (const unsigned char *p = (const unsigned char *)(name ? name : ""); *p; p++) {
    if (*p < 0x80 &&
        ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))) {
      if (dash && b.len)
        strbuf_putc(&b, '-');
      dash = false;
      strbuf_putc(&b, (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p));
    } else {
      dash = true;
    }
  }
  if (!b.len)
    strbuf_puts(&b, "vpn");
  return strbuf_take(&b);
}

char *model_identifier_for(const char *name) {
  char *s = model_slug(name);
  char *id = xasprintf("com.example.vpn.%s", s);
  free(s);
  return id;
}

static const char *const uuid_paths[] = {"uuid.profile", "uuid.payload", "uuid.vpn",
                                         "uuid.credential"};

bool model_new_uuids(config *c, bool replace, diag_list *diags) {
  for (size_t i = 0; i < sizeof uuid_paths / sizeof *uuid_paths; i++) {
    if (!model_field_for_path(c, uuid_paths[i]))
      continue;
    if (!replace && !val_is_empty(val_get_path(c->root, uuid_paths[i])))
      continue;
    char u[UUID_STR_LEN];
    if (!uuid_make_v4(u)) {
      diag_addc(diags, DIAG_ERROR, DC_INTERNAL, NULL, 0, 0, NULL,
                "cannot make UUIDs: no random bytes from the system");
      return false;
    }
    if (!model_set(c, uuid_paths[i], val_new_str(u), diags))
      return false;
  }
  return true;
}

bool model_init_new(config *c, const char *default_name, diag_list *diags) {
  if (!model_new_uuids(c, false, diags))
    return false;
  if (default_name && val_is_empty(val_get_path(c->root, "name")) &&
      !model_set(c, "name", val_new_str(default_name), diags))
    return false;
  return true;
}

bool model_make_clone(config *c, diag_list *diags) {
  const val *id = val_get_path(c->root, "identifier");
  char *new_id = id && id->kind == VAL_STR && *id->u.str ? xasprintf("%s.copy", id->u.str) : NULL;
  const val *nm = val_get_path(c->root, "name");
  char *name =
      xasprintf("%s (copy)", nm && nm->kind == VAL_STR && *nm->u.str ? nm->u.str : "configuration");
  bool ok = model_new_uuids(c, true, diags) &&
            model_set(c, "name", val_new_str_take(name), diags) &&
            (!new_id || model_set(c, "identifier", val_new_str(new_id), diags));
  free(new_id);
  return ok;
}

/* After `name` changed from old_name: an identifier that was derived from the
 * old name (or is empty) follows the new one; one typed by hand stays. */
static void follow_name(config *c, const char *old_name) {
  const val *nm = val_get_path(c->root, "name");
  if (!nm || nm->kind != VAL_STR || !*nm->u.str || !model_field_for_path(c, "identifier"))
    return;
  const val *id = val_get_path(c->root, "identifier");
  char *was = model_identifier_for(old_name);
  bool derived = val_is_empty(id) || (id->kind == VAL_STR && !strcmp(id->u.str, was));
  free(was);
  if (derived)
    val_set_path(c->root, "identifier", val_new_str_take(model_identifier_for(nm->u.str)));
}

static bool model_set_value(config *c, const char *path, val *v, diag_list *diags);

bool model_is_group(const config *c, const char *path) {
  if (!c || !c->type || !path || !*path || strchr(path, '[') || model_field_for_path(c, path))
    return false;
  size_t n = strlen(path);
  for (size_t s = 0; s < c->type->n_sections; s++)
    for (size_t i = 0; i < c->type->sections[s].n_fields; i++) {
      const char *id = c->type->sections[s].fields[i].id;
      if (!strncmp(id, path, n) && id[n] == '.')
        return true;
    }
  return false;
}

/* A whole group ("proxy", "on_demand", "credential"): nothing unsets it; a
 * map replaces it, each key stored through model_set as if the map stood in
 * the file. All or nothing: on any error the configuration is as before. */
static bool set_group(config *c, const char *path, val *v, diag_list *diags) {
  if (v->kind == VAL_MAP && v->u.map.n == 0) {
    val_free(v);
    v = val_new_null();
  }
  if (val_is_empty(v)) {
    val_free(v);
    val_remove_path(c->root, path);
    return true;
  }
  if (v->kind != VAL_MAP) {
    diag_add(diags, DIAG_ERROR, NULL, 0, 0, path,
             "'%s' is a group of settings: give it as a map ('%s={key: value, ...}') or "
             "nothing to remove it",
             path, path);
    val_free(v);
    return false;
  }
  val *saved = val_clone(c->root);
  val_remove_path(c->root, path);
  bool ok = true;
  while (v->u.map.n) {
    char *key = xstrdup(v->u.map.k[0]);
    val *item = val_map_take(v, key);
    char *sub = xasprintf("%s.%s", path, key);
    if (!model_field_for_path(c, sub) && !model_is_group(c, sub)) {
      diag_add(diags, DIAG_ERROR, NULL, 0, 0, sub, "'%s' is not a setting of %s", sub,
               type_label(c));
      val_free(item);
      ok = false;
    } else if (!model_set(c, sub, item, diags)) {
      ok = false;
    }
    free(sub);
    free(key);
  }
  val_free(v);
  if (ok) {
    val_free(saved);
  } else {
    val_free(c->root);
    c->root = saved;
  }
  return ok;
}

bool model_set(config *c, const char *path, val *v, diag_list *diags) {
  if (c && v && model_is_group(c, path))
    return set_group(c, path, v, diags);
  if (!c || !path || strcmp(path, "name") != 0)
    return model_set_value(c, path, v, diags);
  const val *old = val_get_path(c->root, "name");
  char *old_name = old && old->kind == VAL_STR ? xstrdup(old->u.str) : NULL;
  bool ok = model_set_value(c, path, v, diags);
  if (ok)
    follow_name(c, old_name);
  free(old_name);
  return ok;
}

static bool model_set_value(config *c, const char *path, val *v, diag_list *diags) {
  bool ok = false;
  set_undo *undo = NULL;
  size_t n_undo = 0;
  size_t n = 0;
  seg *segs = NULL;
  strbuf acc = STRBUF_INIT;
  conv cv = {NULL, diags, false};
  if (!c || !v) {
    val_free(v);
    return false;
  }
  /* `type` switches the descriptor even when a form shows it as a field. */
  if (path && (strcmp(path, "type") == 0 || strcmp(path, "format") == 0)) {
    if (strcmp(path, "format") == 0) {
      diag_addc(diags, DIAG_ERROR, DC_READ_ONLY, NULL, 0, 0, path,
                "'format' is written by appvpn; it cannot be set");
      goto out;
    }
    const desc_type *t = v->kind == VAL_STR ? desc_set_find(c->set, v->u.str) : NULL;
    if (!t) {
      char *ids = known_types(c->set);
      char *txt = val_scalar_text(v);
      diag_addc(diags, DIAG_ERROR, DC_UNKNOWN_TYPE, NULL, 0, 0, "type",
                "unknown type '%s' (known types: %s)", txt ? txt : shape_name(v), ids);
      free(txt);
      free(ids);
      goto out;
    }
    config_set_type(c, t);
    ok = true;
    goto out;
  }
  if (!c->type) {
    diag_addc(diags, DIAG_ERROR, DC_TYPE_MISSING, NULL, 0, 0, path,
              "set the connection type first");
    goto out;
  }
  segs = path_split(path, &n);
  if (!segs) {
    diag_addc(diags, DIAG_ERROR, DC_UNKNOWN_KEY, NULL, 0, 0, NULL,
              "'%s' is not a valid setting path", path ? path : "");
    goto out;
  }
  val *container = c->root;
  const desc_field *rf = NULL;
  strbuf where = STRBUF_INIT; /* concrete path so far, for messages */
  for (size_t i = 0; i < n; i++) {
    if (acc.len)
      strbuf_putc(&acc, '.');
    strbuf_puts(&acc, segs[i].name);
    bool last = i + 1 == n;
    if (!segs[i].indexed && !last)
      continue;
    const desc_field *f = find_in(c, rf, strbuf_str(&acc));
    char *fpath = join_path(strbuf_str(&where), strbuf_str(&acc));
    const char *key = NULL;
    const desc_field *mf =
        !f && last && !segs[i].indexed ? find_map_key(c, rf, strbuf_str(&acc), &key) : NULL;
    if (mf) {
      /* One key of a key/value map: text, or removed when empty. */
      ok = set_map_key(c, container, mf, key, v, fpath, diags);
      v = NULL;
      free(fpath);
      strbuf_free(&where);
      goto out;
    }
    if (!f) {
      diag_addc(diags, DIAG_ERROR, DC_UNKNOWN_KEY, NULL, 0, 0, fpath, "'%s' is not a setting of %s",
                fpath, type_label(c));
      free(fpath);
      strbuf_free(&where);
      goto out;
    }
    if (!segs[i].indexed) { /* last: the whole value */
      val *slot_holder = val_new_map();
      val_map_set(slot_holder, "v", v);
      v = NULL;
      bool good = val_is_empty(slot_holder->u.map.v[0]) ||
                  convert_value(&cv, f, &slot_holder->u.map.v[0], fpath);
      val *typed = val_map_take(slot_holder, "v");
      val_free(slot_holder);
      if (good && !store(container, f, typed)) {
        diag_addc(diags, DIAG_ERROR, DC_WRONG_TYPE, NULL, 0, 0, fpath,
                  "cannot set '%s': a value in the way is not key: value lines", fpath);
      } else if (!good) {
        val_free(typed);
      } else {
        ok = true;
      }
      free(fpath);
      strbuf_free(&where);
      goto out;
    }
    /* An indexed step: a record (or, last, a list item). */
    if (kind_of(f)->shape != KSHAPE_RECORDS && !(last && kind_of(f)->shape == KSHAPE_LIST)) {
      diag_addc(diags, DIAG_ERROR, DC_WRONG_TYPE, NULL, 0, 0, fpath, "'%s' is not a list", fpath);
      free(fpath);
      strbuf_free(&where);
      goto out;
    }
    val *list = val_get_path(container, f->id);
    if (list && list->kind == VAL_NULL) {
      val_remove_path(container, f->id);
      list = NULL;
    }
    if (!list) {
      list = val_new_list();
      if (!val_set_path(container, f->id, list)) {
        diag_addc(diags, DIAG_ERROR, DC_WRONG_TYPE, NULL, 0, 0, fpath,
                  "cannot set '%s': a value in the way is not key: value lines", fpath);
        free(fpath);
        strbuf_free(&where);
        goto out;
      }
      set_undo_push(&undo, &n_undo, container, f, list, true, false);
    }
    if (list->kind != VAL_LIST) {
      diag_addc(diags, DIAG_ERROR, DC_WRONG_TYPE, NULL, 0, 0, fpath, "'%s' holds %s, not a list",
                fpath, shape_name(list));
      free(fpath);
      strbuf_free(&where);
      goto out;
    }
    size_t idx = segs[i].index, count = list->u.list.n;
    char *ipath = xasprintf("%s[%zu]", fpath, idx);
    free(fpath);
    /* Index == count appends: "rules[2].action" on two rules adds a third. */
    if (idx > count || (idx == count && last && v->kind == VAL_NULL)) {
      diag_addc(diags, DIAG_ERROR, DC_UNKNOWN_KEY, NULL, 0, 0, ipath,
                "'%s' does not exist (%zu item%s)", ipath, count, count == 1 ? "" : "s");
      free(ipath);
      strbuf_free(&where);
      goto out;
    }
    if (last) {
      if (v->kind == VAL_NULL) { /* removes the item */
        val_free(val_list_take(list, idx));
        if (list->u.list.n == 0)
          val_remove_path(container, f->id);
        ok = true;
      } else {
        /* Type the item through a one-item list of the field's kind (its
         * text checked here, so a message names the item's own path). */
        if (!clean_text(&cv, v, ipath, TEXT_LINE)) {
          free(ipath);
          strbuf_free(&where);
          goto out;
        }
        val *one = val_new_list();
        val_list_append(one, v);
        v = NULL;
        bool good = convert_value(&cv, f, &one, ipath);
        if (good) {
          val *item = val_list_take(one, 0);
          if (idx == count)
            val_list_append(list, item);
          else {
            val_free(list->u.list.v[idx]);
            list->u.list.v[idx] = item;
          }
          ok = true;
        }
        val_free(one);
      }
      free(ipath);
      strbuf_free(&where);
      goto out;
    }
    if (idx == count) {
      val_list_append(list, val_new_map());
      set_undo_push(&undo, &n_undo, container, f, list, false, true);
    }
    val *rec = list->u.list.v[idx];
    if (rec->kind != VAL_MAP) {
      diag_addc(diags, DIAG_ERROR, DC_WRONG_TYPE, NULL, 0, 0, ipath, "'%s' holds %s, not an entry",
                ipath, shape_name(rec));
      free(ipath);
      strbuf_free(&where);
      goto out;
    }
    container = rec;
    rf = f;
    strbuf_free(&where);
    strbuf_puts(&where, ipath);
    free(ipath);
    strbuf_free(&acc);
  }
  strbuf_free(&where);
out:
  if (!ok)
    set_undo_run(undo, n_undo);
  free(undo);
  strbuf_free(&acc);
  segs_free(segs, n);
  val_free(v);
  return ok;
}
