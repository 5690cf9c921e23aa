#include "core/value.h"
#include "core/util.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* The layout value.h describes: an 8-byte header, then the union. */
_Static_assert(offsetof(struct val, u) == 8, "val header is two 32-bit words");

static val *val_alloc(val_kind k) {
  val *v = xcalloc(1, sizeof *v);
  v->kind = k;
  return v;
}

val *val_new_null(void) {
  return val_alloc(VAL_NULL);
}
val *val_new_str(const char *s) {
  return val_new_strn(s, strlen(s));
}

val *val_new_strn(const char *s, size_t n) {
  /* Node and text in one allocation: a configuration can hold a million
   * domains, and one malloc/free per string instead of two is measurable.
   * The text follows u.str; the allocation is never smaller than the struct
   * (value.h: a node can always be read as a whole). */
  size_t text_at = offsetof(struct val, u) + sizeof(char *);
  size_t size = text_at + n + 1;
  if (size < sizeof(struct val))
    size = sizeof(struct val);
  val *v = xmalloc(size);
  memset(v, 0, sizeof *v);
  v->kind = VAL_STR;
  v->str_inline = true;
  v->u.str = (char *)v + text_at;
  memcpy(v->u.str, s, n);
  v->u.str[n] = 0;
  return v;
}

void val_str_set_take(val *v, char *s) {
  if (!v->str_inline)
    free(v->u.str);
  v->u.str = s;
  v->str_inline = false;
}

void val_set_int(val *v, long long i) {
  if (v->kind == VAL_STR && !v->str_inline)
    free(v->u.str);
  v->kind = VAL_INT;
  v->str_inline = false;
  v->u.i = i;
}

val *val_new_str_take(char *s) {
  val *v = val_alloc(VAL_STR);
  v->u.str = s;
  return v;
}

val *val_new_bool(bool b) {
  val *v = val_alloc(VAL_BOOL);
  v->u.b = b;
  return v;
}

val *val_new_int(long long i) {
  val *v = val_alloc(VAL_INT);
  v->u.i = i;
  return v;
}

val *val_new_list(void) {
  return val_alloc(VAL_LIST);
}
val *val_new_map(void) {
  return val_alloc(VAL_MAP);
}

void val_free(val *v) {
  if (!v)
    return;
  switch (v->kind) {
  case VAL_STR:
    if (!v->str_inline)
      free(v->u.str);
    break;
  case VAL_LIST:
    for (size_t i = 0; i < v->u.list.n; i++)
      val_free(v->u.list.v[i]);
    free(v->u.list.v);
    break;
  case VAL_MAP:
    for (size_t i = 0; i < v->u.map.n; i++) {
      free(v->u.map.k[i]);
      val_free(v->u.map.v[i]);
    }
    free(v->u.map.k);
    free(v->u.map.v);
    break;
  default: break;
  }
  free(v);
}

val *val_clone(const val *v) {
  if (!v)
    return NULL;
  val *c = v->kind == VAL_STR ? val_new_str(v->u.str) : val_alloc(v->kind);
  c->plain = v->plain;
  c->line = v->line;
  c->col = v->col;
  switch (v->kind) {
  case VAL_STR: break; /* copied with the node */
  case VAL_BOOL: c->u.b = v->u.b; break;
  case VAL_INT: c->u.i = v->u.i; break;
  case VAL_LIST:
    for (size_t i = 0; i < v->u.list.n; i++)
      val_list_append(c, val_clone(v->u.list.v[i]));
    break;
  case VAL_MAP:
    for (size_t i = 0; i < v->u.map.n; i++)
      val_map_set(c, v->u.map.k[i], val_clone(v->u.map.v[i]));
    break;
  case VAL_NULL: break;
  }
  return c;
}

const char *val_kind_name(val_kind k) {
  switch (k) {
  case VAL_NULL: return "null";
  case VAL_STR: return "string";
  case VAL_BOOL: return "boolean";
  case VAL_INT: return "integer";
  case VAL_LIST: return "list";
  case VAL_MAP: return "mapping";
  }
  return "?";
}

void val_list_append(val *list, val *item) {
  val_list_insert(list, list->u.list.n, item);
}

void val_list_insert(val *list, size_t at, val *item) {
  if (list->u.list.n == list->u.list.cap) {
    list->u.list.cap = list->u.list.cap ? list->u.list.cap * 2 : 4;
    list->u.list.v = xrealloc(list->u.list.v, list->u.list.cap * sizeof(val *));
  }
  if (at > list->u.list.n)
    at = list->u.list.n;
  memmove(list->u.list.v + at + 1, list->u.list.v + at, (list->u.list.n - at) * sizeof(val *));
  list->u.list.v[at] = item;
  list->u.list.n++;
}

val *val_list_take(val *list, size_t at) {
  if (at >= list->u.list.n)
    return NULL;
  val *item = list->u.list.v[at];
  memmove(list->u.list.v + at, list->u.list.v + at + 1, (list->u.list.n - at - 1) * sizeof(val *));
  list->u.list.n--;
  return item;
}

void val_list_move(val *list, size_t from, size_t to) {
  if (from >= list->u.list.n || to >= list->u.list.n || from == to)
    return;
  val *item = val_list_take(list, from);
  val_list_insert(list, to, item);
}

static ptrdiff_t map_index(const val *map, const char *key) {
  if (!map || map->kind != VAL_MAP)
    return -1;
  for (size_t i = 0; i < map->u.map.n; i++)
    if (strcmp(map->u.map.k[i], key) == 0)
      return (ptrdiff_t)i;
  return -1;
}

val *val_map_get(const val *map, const char *key) {
  ptrdiff_t i = map_index(map, key);
  return i < 0 ? NULL : map->u.map.v[i];
}

void val_map_set(val *map, const char *key, val *v) {
  ptrdiff_t i = map_index(map, key);
  if (i >= 0) {
    val_free(map->u.map.v[i]);
    map->u.map.v[i] = v;
    return;
  }
  if (map->u.map.n == map->u.map.cap) {
    map->u.map.cap = map->u.map.cap ? map->u.map.cap * 2 : 4;
    map->u.map.k = xrealloc(map->u.map.k, map->u.map.cap * sizeof(char *));
    map->u.map.v = xrealloc(map->u.map.v, map->u.map.cap * sizeof(val *));
  }
  map->u.map.k[map->u.map.n] = xstrdup(key);
  map->u.map.v[map->u.map.n] = v;
  map->u.map.n++;
}

val *val_map_take(val *map, const char *key) {
  ptrdiff_t i = map_index(map, key);
  if (i < 0)
    return NULL;
  val *v = map->u.map.v[i];
  free(map->u.map.k[i]);
  size_t rest = map->u.map.n - (size_t)i - 1;
  memmove(map->u.map.k + i, map->u.map.k + i + 1, rest * sizeof(char *));
  memmove(map->u.map.v + i, map->u.map.v + i + 1, rest * sizeof(val *));
  map->u.map.n--;
  return v;
}

bool val_map_remove(val *map, const char *key) {
  val *v = val_map_take(map, key);
  if (!v)
    return false;
  val_free(v);
  return true;
}

val *val_get_path(const val *root, const char *path) {
  const val *cur = root;
  const char *p = path;
  char key[256];
  while (cur) {
    const char *dot = strchr(p, '.');
    size_t n = dot ? (size_t)(dot - p) : strlen(p);
    if (n >= sizeof key)
      return NULL;
    memcpy(key, p, n);
    key[n] = 0;
    cur = val_map_get(cur, key);
    if (!dot)
      return (val *)cur;
    p = dot + 1;
  }
  return NULL;
}

bool val_set_path(val *root, const char *path, val *v) {
  val *cur = root;
  const char *p = path;
  for (;;) {
    const char *dot = strchr(p, '.');
    if (!dot) {
      if (cur->kind != VAL_MAP)
        break;
      val_map_set(cur, p, v);
      return true;
    }
    char *key = xstrndup(p, (size_t)(dot - p));
    val *next = val_map_get(cur, key);
    if (!next) {
      if (cur->kind != VAL_MAP) {
        free(key);
        break;
      }
      next = val_new_map();
      val_map_set(cur, key, next);
    }
    free(key);
    if (next->kind != VAL_MAP)
      break;
    cur = next;
    p = dot + 1;
  }
  val_free(v);
  return false;
}

bool val_remove_path(val *root, const char *path) {
  const char *dot = strchr(path, '.');
  if (!dot)
    return val_map_remove(root, path);
  char *key = xstrndup(path, (size_t)(dot - path));
  val *child = val_map_get(root, key);
  bool ok = false;
  if (child && child->kind == VAL_MAP) {
    ok = val_remove_path(child, dot + 1);
    if (ok && child->u.map.n == 0)
      val_map_remove(root, key);
  }
  free(key);
  return ok;
}

bool val_equal(const val *a, const val *b) {
  if (!a || !b)
    return a == b;
  if (a->kind != b->kind)
    return false;
  switch (a->kind) {
  case VAL_NULL: return true;
  case VAL_STR: return strcmp(a->u.str, b->u.str) == 0;
  case VAL_BOOL: return a->u.b == b->u.b;
  case VAL_INT: return a->u.i == b->u.i;
  case VAL_LIST:
    if (a->u.list.n != b->u.list.n)
      return false;
    for (size_t i = 0; i < a->u.list.n; i++)
      if (!val_equal(a->u.list.v[i], b->u.list.v[i]))
        return false;
    return true;
  case VAL_MAP:
    if (a->u.map.n != b->u.map.n)
      return false;
    for (size_t i = 0; i < a->u.map.n; i++)
      if (!val_equal(a->u.map.v[i], val_map_get(b, a->u.map.k[i])))
        return false;
    return true;
  }
  return false;
}

bool val_is_empty(const val *v) {
  if (!v)
    return true;
  switch (v->kind) {
  case VAL_NULL: return true;
  case VAL_STR: return v->u.str[0] == 0;
  case VAL_LIST: return v->u.list.n == 0;
  case VAL_MAP: return v->u.map.n == 0;
  default: return false;
  }
}

bool val_truthy(const val *v) {
  if (!v)
    return false;
  switch (v->kind) {
  case VAL_BOOL: return v->u.b;
  case VAL_INT: return v->u.i != 0;
  default: return !val_is_empty(v);
  }
}

char *val_scalar_text(const val *v) {
  if (!v)
    return NULL;
  switch (v->kind) {
  case VAL_STR: return xstrdup(v->u.str);
  case VAL_BOOL: return xstrdup(v->u.b ? "true" : "false");
  case VAL_INT: return xasprintf("%lld", v->u.i);
  default: return NULL;
  }
}

static bool digits_at(const char **p) {
  const char *q = *p;
  while (**p >= '0' && **p <= '9')
    (*p)++;
  return *p > q;
}

/* -?D+.D+([eE][+-]?D+)? or -?D+[eE][+-]?D+ */
bool val_is_real(const val *v) {
  if (!v || v->kind != VAL_STR || !v->plain)
    return false;
  const char *p = v->u.str;
  if (*p == '-')
    p++;
  if (!digits_at(&p))
    return false;
  bool frac = false;
  if (*p == '.') {
    p++;
    if (!digits_at(&p))
      return false;
    frac = true;
  }
  if (*p == 'e' || *p == 'E') {
    p++;
    if (*p == '+' || *p == '-')
      p++;
    if (!digits_at(&p))
      return false;
    frac = true;
  }
  return frac && !*p;
}

/* YYYY-MM-DDTHH:MM:SSZ, exactly. */
bool val_is_date(const val *v) {
  if (!v || v->kind != VAL_STR || !v->plain)
    return false;
  static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
  const char *s = v->u.str;
  for (size_t i = 0; i < sizeof pat - 1; i++) {
    if (pat[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != pat[i])
      return false;
  }
  return s[sizeof pat - 1] == 0;
}
