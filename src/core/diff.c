#include "core/diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/kinds.h"
#include "core/util.h"

static uint64_t hash_s(const char *s) {
  return util_hash64(UTIL_HASH64_INIT, s, strlen(s));
}

/* What one side holds: every visible field with a value, in descriptor order. */
typedef struct side_entry {
  char *path;
  const desc_field *f;
  const val *v;
} side_entry;

typedef struct side {
  bool profile_only;
  side_entry *e;
  size_t n, cap;
  size_t *slots; /* hash of path -> index + 1 */
  size_t n_slots;
} side;

static bool collect(void *ud, const model_ctx *ctx, const desc_section *s, const desc_field *f,
                    const char *path, const val *value) {
  (void)ctx, (void)s;
  side *sd = ud;
  if (!value || val_is_empty(value) || kind_of(f)->shape == KSHAPE_RECORDS)
    return true; /* records: their fields are visited one by one */
  if (sd->profile_only && !f->n_profile && !f->embed)
    return true; /* never in a profile (apps, distribution) */
  if (sd->n == sd->cap) {
    sd->cap = sd->cap ? sd->cap * 2 : 64;
    sd->e = xrealloc(sd->e, sd->cap * sizeof *sd->e);
  }
  sd->e[sd->n++] = (side_entry){xstrdup(path), f, value};
  return true;
}

static void side_index(side *sd) {
  sd->n_slots = 16;
  while (sd->n_slots < sd->n * 2)
    sd->n_slots *= 2;
  sd->slots = xcalloc(sd->n_slots, sizeof *sd->slots);
  for (size_t i = 0; i < sd->n; i++) {
    size_t at = (size_t)(hash_s(sd->e[i].path) & (sd->n_slots - 1));
    while (sd->slots[at])
      at = (at + 1) & (sd->n_slots - 1);
    sd->slots[at] = i + 1;
  }
}

static const side_entry *side_find(const side *sd, const char *path) {
  size_t at = (size_t)(hash_s(path) & (sd->n_slots - 1));
  for (size_t i; (i = sd->slots[at]) != 0; at = (at + 1) & (sd->n_slots - 1))
    if (!strcmp(sd->e[i - 1].path, path))
      return &sd->e[i - 1];
  return NULL;
}

static void side_free(side *sd) {
  for (size_t i = 0; i < sd->n; i++)
    free(sd->e[i].path);
  free(sd->e);
  free(sd->slots);
}

/* ---- list items: a counted set of texts ------------------------------------ */

typedef struct bag {
  const char **k;
  size_t *count;
  size_t n_slots;
} bag;

static void bag_init(bag *b, size_t n) {
  b->n_slots = 16;
  while (b->n_slots < n * 2)
    b->n_slots *= 2;
  b->k = xcalloc(b->n_slots, sizeof *b->k);
  b->count = xcalloc(b->n_slots, sizeof *b->count);
}

static size_t bag_slot(const bag *b, const char *s) {
  size_t at = (size_t)(hash_s(s) & (b->n_slots - 1));
  while (b->k[at] && strcmp(b->k[at], s))
    at = (at + 1) & (b->n_slots - 1);
  return at;
}

static void bag_free(bag *b) {
  free(b->k);
  free(b->count);
}

static const char *item_text(const val *v) {
  return v && v->kind == VAL_STR ? v->u.str : "";
}

typedef struct differ {
  diff_fn fn;
  void *ud;
  size_t count;
} differ;

static void emit(differ *d, diff_kind k, const char *path, const desc_field *f, const val *o,
                 const val *n, const char *item) {
  diff_entry e = {k, path, f, o, n, item};
  d->fn(d->ud, &e);
  d->count++;
}

static void diff_lists(differ *d, const char *path, const desc_field *f, const val *a,
                       const val *b) {
  size_t na = a->u.list.n, nb = b->u.list.n;
  bag bg;
  bag_init(&bg, na + nb);
  for (size_t i = 0; i < nb; i++) {
    size_t at = bag_slot(&bg, item_text(b->u.list.v[i]));
    bg.k[at] = item_text(b->u.list.v[i]);
    bg.count[at]++;
  }
  size_t before = d->count;
  for (size_t i = 0; i < na; i++) {
    size_t at = bag_slot(&bg, item_text(a->u.list.v[i]));
    if (bg.k[at] && bg.count[at]) {
      bg.count[at]--;
      continue;
    }
    emit(d, DIFF_ITEM_REMOVED, path, f, a->u.list.v[i], NULL, item_text(a->u.list.v[i]));
  }
  /* what is left in the bag was added; reported in b's order */
  for (size_t i = 0; i < nb; i++) {
    size_t at = bag_slot(&bg, item_text(b->u.list.v[i]));
    if (bg.count[at]) {
      bg.count[at]--;
      emit(d, DIFF_ITEM_ADDED, path, f, NULL, b->u.list.v[i], item_text(b->u.list.v[i]));
    }
  }
  if (d->count == before && !val_equal(a, b))
    emit(d, DIFF_REORDERED, path, f, a, b, NULL);
  bag_free(&bg);
}

static void diff_maps(differ *d, const char *path, const desc_field *f, const val *a,
                      const val *b) {
  for (size_t i = 0; i < a->u.map.n; i++) {
    const val *nv = val_map_get(b, a->u.map.k[i]);
    if (!nv)
      emit(d, DIFF_ITEM_REMOVED, path, f, a->u.map.v[i], NULL, a->u.map.k[i]);
    else if (!val_equal(a->u.map.v[i], nv))
      emit(d, DIFF_CHANGED, path, f, a->u.map.v[i], nv, a->u.map.k[i]);
  }
  for (size_t i = 0; i < b->u.map.n; i++)
    if (!val_map_get(a, b->u.map.k[i]))
      emit(d, DIFF_ITEM_ADDED, path, f, NULL, b->u.map.v[i], b->u.map.k[i]);
}

size_t model_diff(const config *a, const config *b, bool profile_only, diff_fn fn, void *ud) {
  side sa = {.profile_only = profile_only}, sb = {.profile_only = profile_only};
  model_each_visible(a, collect, &sa);
  model_each_visible(b, collect, &sb);
  side_index(&sa);
  side_index(&sb);
  differ d = {fn, ud, 0};
  for (size_t i = 0; i < sa.n; i++) {
    const side_entry *x = &sa.e[i], *y = side_find(&sb, x->path);
    if (!y)
      emit(&d, DIFF_REMOVED, x->path, x->f, x->v, NULL, NULL);
    else if (val_equal(x->v, y->v))
      continue;
    else if (x->v->kind == VAL_LIST && y->v->kind == VAL_LIST)
      diff_lists(&d, x->path, x->f, x->v, y->v);
    else if (x->v->kind == VAL_MAP && y->v->kind == VAL_MAP)
      diff_maps(&d, x->path, x->f, x->v, y->v);
    else
      emit(&d, DIFF_CHANGED, x->path, x->f, x->v, y->v, NULL);
  }
  for (size_t i = 0; i < sb.n; i++)
    if (!side_find(&sa, sb.e[i].path))
      emit(&d, DIFF_ADDED, sb.e[i].path, sb.e[i].f, NULL, sb.e[i].v, NULL);
  side_free(&sa);
  side_free(&sb);
  return d.count;
}
