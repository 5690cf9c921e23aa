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

#include "core/kinds.h"
#include "core/model_int.h"
#include "core/text.h"
#include "core/util.h"
#include "core/uuid.h"
#include "core/vars.h"

#define FORMAT_MAJOR 1
/* A file with thousands of stray keys should not drown the real problems. */
#define MAX_KEY_WARNINGS 50

/* ---- small helpers --------------------------------------------------------- */

/* Is f one of rf's record fields (so it lives in the record, not the root)? */
static bool field_in_record(const desc_field *rf, const desc_field *f) {
  return rf && rf->fields && f >= rf->fields && f < rf->fields + rf->n_fields;
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
  model_convert_type(&cv, c);
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

char *model_known_types(const desc_set *set) {
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
    char *ids = model_known_types(set);
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
    char *ids = model_known_types(set);
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
  model_convert_type(&cv, c);

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
