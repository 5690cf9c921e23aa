/* Target systems (core/target.h). */
#include "core/target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "core/value.h"

static bool version_ok(const char *v) {
  if (!*v || *v == '.')
    return false;
  for (const char *p = v; *p; p++)
    if (!((*p >= '0' && *p <= '9') || (*p == '.' && p[1] && p[1] != '.')))
      return false;
  return true;
}

/* <0, 0, >0 as dotted version a is before, equal to, after b ("17" == "17.0"). */
static int version_cmp(const char *a, const char *b) {
  while (*a || *b) {
    long x = strtol(a, (char **)&a, 10), y = strtol(b, (char **)&b, 10);
    if (x != y)
      return x < y ? -1 : 1;
    if (*a == '.')
      a++;
    if (*b == '.')
      b++;
  }
  return 0;
}

static bool add_one(target_list *l, const char *s, size_t len, char **why) {
  const char *colon = memchr(s, ':', len);
  size_t nl = colon ? (size_t)(colon - s) : len;
  for (int o = 0; o < OS__COUNT; o++) {
    if (strlen(os_names[o]) != nl || strncmp(os_names[o], s, nl))
      continue;
    target t = {.os = (os_id)o};
    if (colon) {
      size_t vl = len - nl - 1;
      if (vl == 0 || vl >= sizeof t.version) {
        *why = xasprintf("'%.*s': the version after ':' is missing or too long", (int)len, s);
        return false;
      }
      memcpy(t.version, colon + 1, vl);
      if (!version_ok(t.version)) {
        *why = xasprintf("'%.*s': %s is not a version like 17 or 14.2", (int)len, s, t.version);
        return false;
      }
    }
    l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
    l->v[l->n++] = t;
    return true;
  }
  *why = xasprintf("'%.*s' is not a target: ios, macos, visionos or watchos, with an optional "
                   ":VERSION (ios:17)",
                   (int)len, s);
  return false;
}

bool target_list_add(target_list *l, const char *spec, char **why) {
  *why = NULL;
  const char *p = spec;
  size_t had = l->n; /* all of the list or nothing */
  for (;;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    if (!add_one(l, p, len, why)) {
      l->n = had;
      return false;
    }
    if (!comma)
      return true;
    p = comma + 1;
  }
}

bool target_list_from_config(target_list *l, const config *c, diag_list *diags) {
  const val *t = val_get_path(c->root, "targets");
  bool ok = true;
  for (size_t i = 0; t && t->kind == VAL_LIST && i < t->u.list.n; i++) {
    const val *it = t->u.list.v[i];
    char *why = NULL;
    if (it->kind == VAL_STR && target_list_add(l, it->u.str, &why))
      continue;
    diag_add(diags, DIAG_ERROR, c->path, it->line, it->col, "targets", "targets[%zu]: %s", i,
             why ? why : "not text");
    free(why);
    ok = false;
  }
  return ok;
}

bool target_list_has(const target_list *l, os_id os) {
  for (size_t i = 0; i < l->n; i++)
    if (l->v[i].os == os)
      return true;
  return false;
}

void target_list_free(target_list *l) {
  free(l->v);
  l->v = NULL;
  l->n = 0;
}

typedef struct checker {
  const config *c;
  const target_list *l;
  bool strict;
  diag_list *diags;
  size_t found;
} checker;

static const char *target_text(const target *t, char *buf, size_t n) {
  if (t->version[0])
    snprintf(buf, n, "%s %s", os_labels[t->os], t->version);
  else
    snprintf(buf, n, "%s", os_labels[t->os]);
  return buf;
}

/* One statement of availability against every target. */
static void check_avail(checker *k, const os_avail *os, const char *what, const val *at,
                        const char *field) {
  for (size_t i = 0; i < k->l->n; i++) {
    const target *t = &k->l->v[i];
    const char *since = os->since[t->os];
    const char *dep = os->deprecated[t->os];
    char tt[48];
    diag_level lv = k->strict ? DIAG_ERROR : DIAG_WARNING;
    unsigned line = at ? at->line : 0, col = at ? at->col : 0;
    if (since && !strcmp(since, "n/a")) {
      diag_add(k->diags, lv, k->c->path, line, col, field, "%s is not supported on %s", what,
               os_labels[t->os]);
      k->found++;
    } else if (since && t->version[0] && version_ok(since) && version_cmp(t->version, since) < 0) {
      diag_add(k->diags, lv, k->c->path, line, col, field, "%s needs %s %s; the target is %s", what,
               os_labels[t->os], since, target_text(t, tt, sizeof tt));
      k->found++;
    } else if (dep && t->version[0] && version_ok(dep) && version_cmp(t->version, dep) >= 0) {
      diag_add(k->diags, DIAG_WARNING, k->c->path, line, col, field,
               "%s is deprecated since %s %s; the target is %s", what, os_labels[t->os], dep,
               target_text(t, tt, sizeof tt));
      k->found++;
    }
  }
}

static bool visit(void *ud, const model_ctx *ctx, const desc_section *s, const desc_field *f,
                  const char *path, const val *v) {
  checker *k = ud;
  (void)ctx, (void)s;
  if (f->n_profile == 0 || val_is_empty(v))
    return true;
  char *what = xasprintf("%s (%s)", path, f->label);
  check_avail(k, &f->os, what, v, path);
  free(what);
  return true;
}

static void check_mapping(checker *k) {
  const val *apps = val_get_path(k->c->root, "apps");
  const val *map = val_get_path(k->c->root, "app_mapping");
  for (size_t i = 0; apps && apps->kind == VAL_LIST && i < apps->u.list.n; i++) {
    const val *a = apps->u.list.v[i];
    if (a->kind != VAL_STR)
      continue;
    bool has = false;
    for (size_t m = 0; map && map->kind == VAL_LIST && m < map->u.list.n && !has; m++) {
      const val *id = val_get_path(map->u.list.v[m], "id");
      const val *dr = val_get_path(map->u.list.v[m], "designated_requirement");
      has = id && id->kind == VAL_STR && !strcmp(id->u.str, a->u.str) && dr && !val_is_empty(dr);
    }
    if (!has) {
      diag_add(k->diags, DIAG_WARNING, k->c->path, a->line, a->col, "app_mapping",
               "apps[%zu] %s has no designated requirement in app_mapping: it is left out of "
               "the macOS app mapping (codesign -dr - APP prints the requirement)",
               i, a->u.str);
      k->found++;
    }
  }
}

size_t target_check(const config *c, const target_list *l, bool strict, diag_list *diags) {
  checker k = {.c = c, .l = l, .strict = strict, .diags = diags};
  if (!c->type || l->n == 0)
    return 0;
  char *what = xasprintf("the connection type %s", c->type->id);
  check_avail(&k, &c->type->os, what, val_get_path(c->root, "type"), "type");
  free(what);
  model_each_visible(c, visit, &k);
  if (target_list_has(l, OS_MACOS))
    check_mapping(&k);
  return k.found;
}
