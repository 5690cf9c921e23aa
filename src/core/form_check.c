/* The form's problems, kept current per change.
 *
 * validate_config checks every item of every list: with a million Safari
 * domains that is most of the work of a keystroke. The items' checks depend
 * on nothing but the item's text and its field, so the form keeps the
 * problems of each list's items (one entry per list path) and, after a
 * change, re-checks only the items it touched: an appended item, a replaced
 * one; a removed or moved item renumbers the entries. Everything else (other
 * fields, conditions, counts, required fields) is validated again each time:
 * it is as large as the form, not as the lists.
 */
#include "core/form_check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "core/validate.h"

struct form_icache {
  char *path;
  const desc_field *field;
  diag_list d; /* the items' problems, fields "path[i]" */
};

static struct form_icache *find(form *f, const char *path) {
  for (size_t i = 0; i < f->n_icache; i++)
    if (str_eq(f->icache[i].path, path))
      return &f->icache[i];
  return NULL;
}

void icache_free(form *f) {
  icache_drop_under(f, NULL);
  free(f->icache);
  f->icache = NULL;
}

static bool under(const char *path, const char *top) {
  size_t n = strlen(top);
  return !strncmp(path, top, n) && (!path[n] || path[n] == '.' || path[n] == '[');
}

void icache_drop_under(form *f, const char *path) {
  size_t k = 0;
  for (size_t i = 0; i < f->n_icache; i++) {
    if (!path || under(f->icache[i].path, path)) {
      free(f->icache[i].path);
      diag_list_free(&f->icache[i].d);
    } else {
      f->icache[k++] = f->icache[i];
    }
  }
  f->n_icache = k;
}

/* The item index a diagnostic of the list at lpath names; SIZE_MAX if none. */
static size_t item_of(const diag *d, const char *lpath) {
  size_t n = strlen(lpath);
  if (!d->field || strncmp(d->field, lpath, n) != 0 || d->field[n] != '[')
    return SIZE_MAX;
  char *end;
  unsigned long long i = strtoull(d->field + n + 1, &end, 10);
  return *end == ']' ? (size_t)i : SIZE_MAX;
}

static void renumber(diag *d, const char *lpath, size_t i) {
  const char *close = strchr(d->field + strlen(lpath), ']');
  char *nf = xasprintf("%s[%zu]%s", lpath, i, close + 1);
  free(d->field);
  d->field = nf;
}

static void drop_if(struct form_icache *c, const char *lpath, size_t from, size_t to) {
  size_t k = 0;
  for (size_t i = 0; i < c->d.n; i++) {
    size_t ix = item_of(&c->d.items[i], lpath);
    if (ix != SIZE_MAX && ix >= from && ix < to) {
      diag *d = &c->d.items[i];
      free(d->file);
      free(d->field);
      free(d->msg);
    } else {
      c->d.items[k++] = c->d.items[i];
    }
  }
  c->d.n = k;
}

static void check(form *f, struct form_icache *c, const val *list, size_t from, size_t to) {
  validate_list_items(f->cfg, c->field, c->path, list, from, to, &c->d);
  diag_list_sort(&c->d);
}

void icache_appended(form *f, const char *lpath, const val *list, size_t from) {
  struct form_icache *c = find(f, lpath);
  if (c && list)
    check(f, c, list, from, list->u.list.n);
}

void icache_replaced(form *f, const char *lpath, const val *list, size_t i) {
  struct form_icache *c = find(f, lpath);
  if (!c)
    return;
  drop_if(c, lpath, i, i + 1);
  if (list)
    check(f, c, list, i, i + 1);
}

/* Moves every entry's index through map(ix). */
static void remap(struct form_icache *c, const char *lpath, size_t (*map)(size_t, size_t, size_t),
                  size_t a, size_t b) {
  for (size_t i = 0; i < c->d.n; i++) {
    size_t ix = item_of(&c->d.items[i], lpath);
    if (ix == SIZE_MAX)
      continue;
    size_t nx = map(ix, a, b);
    if (nx != ix)
      renumber(&c->d.items[i], lpath, nx);
  }
}

static size_t after_remove(size_t ix, size_t at, size_t unused) {
  (void)unused;
  return ix > at ? ix - 1 : ix;
}
static size_t after_insert(size_t ix, size_t at, size_t unused) {
  (void)unused;
  return ix >= at ? ix + 1 : ix;
}
static size_t after_move(size_t ix, size_t from, size_t to) {
  if (ix == from)
    return to;
  if (from < to && ix > from && ix <= to)
    return ix - 1;
  if (to < from && ix >= to && ix < from)
    return ix + 1;
  return ix;
}

void icache_removed(form *f, const char *lpath, size_t i) {
  struct form_icache *c = find(f, lpath);
  if (!c)
    return;
  drop_if(c, lpath, i, i + 1);
  remap(c, lpath, after_remove, i, 0);
}

void icache_inserted(form *f, const char *lpath, const val *list, size_t i) {
  struct form_icache *c = find(f, lpath);
  if (!c)
    return;
  remap(c, lpath, after_insert, i, 0);
  if (list)
    check(f, c, list, i, i + 1);
}

void icache_truncated(form *f, const char *lpath, size_t n) {
  struct form_icache *c = find(f, lpath);
  if (c)
    drop_if(c, lpath, n, SIZE_MAX);
}

void icache_moved(form *f, const char *lpath, size_t from, size_t to) {
  struct form_icache *c = find(f, lpath);
  if (!c)
    return;
  remap(c, lpath, after_move, from, to);
  diag_list_sort(&c->d);
}

static void copy_into(diag_list *out, const diag_list *in) {
  for (size_t i = 0; i < in->n; i++) {
    const diag *d = &in->items[i];
    diag_add(out, d->level, d->file, d->line, d->col, d->field, "%s", d->msg);
  }
}

/* validate_config_items' hook: a list's items, from the cache or checked once. */
static void items_fn(void *ud, const model_ctx *ctx, const desc_field *fd, const char *path,
                     const val *list, diag_list *out) {
  (void)ctx;
  form *f = ud;
  struct form_icache *c = find(f, path);
  if (c && c->field != fd) {
    icache_drop_under(f, path);
    c = NULL;
  }
  if (!c) {
    f->icache = xrealloc(f->icache, (f->n_icache + 1) * sizeof *f->icache);
    c = &f->icache[f->n_icache++];
    c->path = xstrdup(path);
    c->field = fd;
    c->d = (diag_list)DIAG_LIST_INIT;
    check(f, c, list, 0, list->u.list.n);
  }
  copy_into(out, &c->d);
}

void form_check(form *f) {
  diag_list_clear(&f->problems);
  validate_config_items(f->cfg, items_fn, f, &f->problems);
}
