/* desc_set <-> blob (core/desc_blob.h).
 *
 * The writer walks the set once: strings go into a table (each distinct
 * string once: file names, labels and help texts from the common library
 * repeat a lot) and everything else into the body as varints and bytes. The
 * reader mirrors the writer field by field. It trusts nothing: every read is
 * checked against the end of the blob, counts against the bytes left, enum
 * values against their ranges, and the first fault stops the read. Arrays are
 * allocated zeroed with their count set before they are filled, so a set
 * abandoned half-way can always be freed with desc_set_free.
 */
#include "core/desc_blob.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

#define MAGIC "AVPNDSET"
#define MAGIC_LEN 8
#define HEADER_LEN (MAGIC_LEN + 16)
#define MAX_DEPTH 32 /* records in records, lists in defaults: as the YAML loader */

/* Enum sizes recorded in the blob: a blob from a build with other enums is refused. */
static const unsigned char enum_sizes[] = {FK__COUNT, FMT__COUNT,  PT__COUNT,
                                           OS__COUNT, VAL_MAP + 1, HIDDEN_IGNORE + 1};
#define N_ENUM_SIZES (sizeof enum_sizes / sizeof *enum_sizes)

/* The payload checksum: FNV-1a's step over 64-bit little-endian words (the
 * tail zero-padded). Each step is a bijection of the state, so any change
 * within one word always changes the sum; and it is cheap enough to run at
 * every start (a few instructions per 8 bytes). */
static uint64_t le64(const unsigned char *p) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  uint64_t w;
  memcpy(&w, p, 8); /* one load where the machine is little-endian already */
  return w;
#else
  uint64_t w = 0;
  for (int k = 7; k >= 0; k--)
    w = w << 8 | p[k];
  return w;
#endif
}

static uint64_t checksum(const unsigned char *p, size_t n) {
  uint64_t h = 14695981039346656037u;
  size_t i = 0;
  for (; i + 8 <= n; i += 8)
    h = (h ^ le64(p + i)) * 1099511628211u;
  if (i < n) {
    uint64_t w = 0;
    for (unsigned k = 0; i + k < n; k++)
      w |= (uint64_t)p[i + k] << (8 * k);
    h = (h ^ w) * 1099511628211u;
  }
  return h ^ n;
}

/* String hashing for the writer's table. */
static uint32_t fnv1a(const unsigned char *p, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) {
    h ^= p[i];
    h *= 16777619u;
  }
  return h;
}

/* ---- writing ------------------------------------------------------------- */

typedef struct bbuf {
  unsigned char *p;
  size_t len, cap;
} bbuf;

static void put(bbuf *b, const void *p, size_t n) {
  if (b->len + n > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + n)
      cap *= 2;
    b->p = xrealloc(b->p, cap);
    b->cap = cap;
  }
  if (n)
    memcpy(b->p + b->len, p, n);
  b->len += n;
}

static void put_u8(bbuf *b, unsigned v) {
  unsigned char c = (unsigned char)v;
  put(b, &c, 1);
}

static void put_u32(bbuf *b, uint32_t v) {
  unsigned char c[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                        (unsigned char)(v >> 24)};
  put(b, c, 4);
}

/* LEB128: small numbers (almost all of them) take one byte. */
static void put_uv(bbuf *b, uint64_t v) {
  unsigned char c[10];
  size_t n = 0;
  do {
    c[n] = (unsigned char)(v & 0x7f);
    v >>= 7;
    if (v)
      c[n] |= 0x80;
    n++;
  } while (v);
  put(b, c, n);
}

/* Zigzag, so that -1 is as short as 1. */
static void put_sv(bbuf *b, long long v) {
  put_uv(b, v >= 0 ? (uint64_t)v << 1 : ((uint64_t)(-(v + 1)) << 1) | 1);
}

typedef struct writer {
  bbuf body;
  bbuf strs; /* the string table: len, bytes, NUL */
  size_t n_strs;
  const char **keys; /* hash slots: the strings already in the table (borrowed) */
  size_t *ids;       /* their index + 1 (0 = empty slot) */
  size_t n_slots;
} writer;

static size_t slot_of(const writer *w, const char *s, size_t len) {
  size_t i = fnv1a((const unsigned char *)s, len) & (w->n_slots - 1);
  while (w->ids[i] && strcmp(w->keys[i], s) != 0)
    i = (i + 1) & (w->n_slots - 1);
  return i;
}

static void grow_slots(writer *w) {
  const char **keys = w->keys;
  size_t *ids = w->ids, n = w->n_slots;
  w->n_slots = n ? 2 * n : 1024;
  w->keys = xcalloc(w->n_slots, sizeof *w->keys);
  w->ids = xcalloc(w->n_slots, sizeof *w->ids);
  for (size_t i = 0; i < n; i++)
    if (ids[i]) {
      size_t j = slot_of(w, keys[i], strlen(keys[i]));
      w->keys[j] = keys[i];
      w->ids[j] = ids[i];
    }
  free(keys);
  free(ids);
}

/* A string as its table reference: 0 for NULL, else index + 1 (in order of
 * first use, so the same set always gives the same table). */
static void w_str(writer *w, const char *s) {
  if (!s) {
    put_uv(&w->body, 0);
    return;
  }
  if (2 * (w->n_strs + 1) > w->n_slots)
    grow_slots(w);
  size_t len = strlen(s);
  size_t i = slot_of(w, s, len);
  if (!w->ids[i]) {
    w->keys[i] = s;
    w->ids[i] = ++w->n_strs;
    put_uv(&w->strs, len);
    put(&w->strs, s, len + 1);
  }
  put_uv(&w->body, w->ids[i]);
}

/* Availability is mostly unset: a mask of the versions present, then those. */
static void w_os(writer *w, const os_avail *os) {
  uint64_t mask = 0;
  for (int i = 0; i < OS__COUNT; i++)
    mask |= (os->since[i] ? 1u : 0u) << (2 * i) | (os->deprecated[i] ? 2u : 0u) << (2 * i);
  put_uv(&w->body, mask);
  for (int i = 0; i < OS__COUNT; i++) {
    if (os->since[i])
      w_str(w, os->since[i]);
    if (os->deprecated[i])
      w_str(w, os->deprecated[i]);
  }
}

/* Conditions are stored as source text and where it was written. */
static void w_expr(writer *w, const expr *e) {
  if (!e) {
    w_str(w, NULL);
    return;
  }
  const char *file;
  unsigned line, col;
  expr_where(e, &file, &line, &col);
  w_str(w, expr_source(e));
  w_str(w, file);
  put_uv(&w->body, line);
  put_uv(&w->body, col);
}

/* A value tree: kind + 1 (0 = no value), the plain flag, line, col, contents. */
static void w_val(writer *w, const val *v) {
  if (!v) {
    put_u8(&w->body, 0);
    return;
  }
  put_u8(&w->body, (unsigned)v->kind + 1);
  put_u8(&w->body, v->plain ? 1 : 0);
  put_uv(&w->body, v->line);
  put_uv(&w->body, v->col);
  switch (v->kind) {
  case VAL_NULL: break;
  case VAL_STR: w_str(w, v->u.str); break;
  case VAL_BOOL: put_u8(&w->body, v->u.b ? 1 : 0); break;
  case VAL_INT: put_sv(&w->body, v->u.i); break;
  case VAL_LIST:
    put_uv(&w->body, v->u.list.n);
    for (size_t i = 0; i < v->u.list.n; i++)
      w_val(w, v->u.list.v[i]);
    break;
  case VAL_MAP:
    put_uv(&w->body, v->u.map.n);
    for (size_t i = 0; i < v->u.map.n; i++) {
      w_str(w, v->u.map.k[i]);
      w_val(w, v->u.map.v[i]);
    }
    break;
  }
}

static void w_field(writer *w, const desc_field *f) {
  bbuf *b = &w->body;
  w_str(w, f->id);
  w_str(w, f->path);
  w_str(w, f->label);
  w_str(w, f->help);
  put_u8(b, (unsigned)f->kind);
  put_uv(b, f->n_choices);
  for (size_t i = 0; i < f->n_choices; i++) {
    w_str(w, f->choices[i].value);
    w_str(w, f->choices[i].label);
    w_str(w, f->choices[i].profile);
    w_str(w, f->choices[i].help);
  }
  put_uv(b, f->n_suggestions);
  for (size_t i = 0; i < f->n_suggestions; i++)
    w_str(w, f->suggestions[i]);
  w_val(w, f->def);
  w_expr(w, f->show);
  w_expr(w, f->required);
  w_expr(w, f->export_if);
  put_u8(b, (unsigned)f->format);
  put_u8(b, (f->has_min ? 1u : 0u) | (f->has_max ? 2u : 0u) | (f->variables ? 4u : 0u) |
                (f->readonly ? 8u : 0u));
  put_sv(b, f->min);
  put_sv(b, f->max);
  put_uv(b, f->max_len);
  put_u8(b, (unsigned)f->when_hidden);
  w_os(w, &f->os);
  w_str(w, f->placeholder);
  put_uv(b, f->n_profile);
  for (size_t i = 0; i < f->n_profile; i++)
    w_str(w, f->profile[i]);
  put_u8(b, (unsigned)f->ptype);
  w_str(w, f->profile_value);
  put_uv(b, f->n_also);
  for (size_t i = 0; i < f->n_also; i++) {
    w_str(w, f->also[i].key);
    w_val(w, f->also[i].value);
  }
  w_str(w, f->embed);
  w_str(w, f->embed_password);
  put_uv(b, f->n_fields);
  for (size_t i = 0; i < f->n_fields; i++)
    w_field(w, &f->fields[i]);
  w_str(w, f->item_label);
  w_str(w, f->choices_from);
  w_str(w, f->file);
  put_uv(b, f->line);
  put_uv(b, f->col);
}

static void w_section(writer *w, const desc_section *s) {
  w_str(w, s->id);
  w_str(w, s->title);
  w_str(w, s->help);
  w_expr(w, s->show);
  put_uv(&w->body, s->n_fields);
  for (size_t i = 0; i < s->n_fields; i++)
    w_field(w, &s->fields[i]);
}

static void w_type(writer *w, const desc_type *t) {
  w_str(w, t->id);
  w_str(w, t->label);
  w_str(w, t->summary);
  w_str(w, t->vpn_type);
  w_str(w, t->dict);
  w_os(w, &t->os);
  put_sv(&w->body, t->order);
  put_uv(&w->body, t->n_sections);
  for (size_t i = 0; i < t->n_sections; i++)
    w_section(w, &t->sections[i]);
  w_str(w, t->file);
  put_uv(&w->body, t->line);
  put_uv(&w->body, t->col);
}

unsigned char *desc_blob_write(const desc_set *set, size_t *len) {
  writer w = {0};
  put_uv(&w.body, set->n_types);
  for (size_t i = 0; i < set->n_types; i++)
    w_type(&w, &set->types[i]);

  bbuf payload = {0};
  put(&payload, enum_sizes, N_ENUM_SIZES);
  put_uv(&payload, w.n_strs);
  put(&payload, w.strs.p, w.strs.len);
  put(&payload, w.body.p, w.body.len);

  bbuf out = {0};
  put(&out, MAGIC, MAGIC_LEN);
  put_u32(&out, DESC_BLOB_VERSION);
  put_u32(&out, (uint32_t)payload.len);
  uint64_t sum = checksum(payload.p, payload.len);
  put_u32(&out, (uint32_t)sum);
  put_u32(&out, (uint32_t)(sum >> 32));
  put(&out, payload.p, payload.len);

  free(payload.p);
  free(w.body.p);
  free(w.strs.p);
  free(w.keys);
  free(w.ids);
  *len = out.len;
  return out.p;
}

/* ---- reading ------------------------------------------------------------- */

typedef struct reader {
  const unsigned char *p;
  size_t pos, end;
  const char **strs; /* the string table: pointers into the blob (NUL-terminated there) */
  size_t *lens;
  size_t n_strs;
  const char *fault; /* the first problem; nothing is read after it */
  size_t fault_at;
  diag_list *diags;
} reader;

/* Records the first fault and ends the data there, so that every later read
 * fails at once (and returns 0) without a check of its own. */
static void fail(reader *r, const char *why) {
  if (!r->fault) {
    r->fault = why;
    r->fault_at = r->pos;
  }
  r->end = r->pos;
}

static unsigned r_u8(reader *r) {
  if (r->pos >= r->end) {
    fail(r, "truncated");
    return 0;
  }
  return r->p[r->pos++];
}

static uint32_t r_u32(reader *r) {
  uint32_t v = 0;
  for (int i = 0; i < 4; i++)
    v |= (uint32_t)r_u8(r) << (8 * i);
  return v;
}

static uint64_t r_uv_long(reader *r) {
  uint64_t v = 0;
  for (unsigned shift = 0;; shift += 7) {
    if (r->pos >= r->end) {
      fail(r, "truncated");
      return 0;
    }
    unsigned char c = r->p[r->pos++];
    if (shift == 63 && c > 1) {
      fail(r, "number too large");
      return 0;
    }
    v |= (uint64_t)(c & 0x7f) << shift;
    if (!(c & 0x80))
      return v;
  }
}

/* Nearly every number is below 128 (one byte) or below 16384 (two: string
 * references): those are read inline. */
static inline uint64_t r_uv(reader *r) {
  if (r->pos < r->end && r->p[r->pos] < 0x80)
    return r->p[r->pos++];
  if (r->pos + 1 < r->end && r->p[r->pos + 1] < 0x80) {
    uint64_t v = (r->p[r->pos] & 0x7fu) | (uint64_t)r->p[r->pos + 1] << 7;
    r->pos += 2;
    return v;
  }
  return r_uv_long(r);
}

static long long r_sv(reader *r) {
  uint64_t u = r_uv(r);
  return (u & 1) ? -(long long)(u >> 1) - 1 : (long long)(u >> 1);
}

/* A count of things still to read: each takes at least one byte, so a count
 * beyond the bytes left is corrupt (and is never allocated). */
static size_t r_count(reader *r) {
  uint64_t n = r_uv(r);
  if (!r->fault && n > r->end - r->pos) {
    fail(r, "count beyond the end");
    return 0;
  }
  return (size_t)n;
}

static unsigned r_uint(reader *r) {
  uint64_t n = r_uv(r);
  if (n > UINT_MAX) {
    fail(r, "number too large");
    return 0;
  }
  return (unsigned)n;
}

static bool r_flag(reader *r) {
  unsigned v = r_u8(r);
  if (v > 1)
    fail(r, "bad flag");
  return v == 1;
}

/* An enum value below `count`. */
static unsigned r_enum(reader *r, unsigned count) {
  unsigned v = r_u8(r);
  if (v >= count) {
    fail(r, "value out of range");
    return 0;
  }
  return v;
}

/* A table string, borrowed from the blob; NULL for none. */
static inline const char *r_strref(reader *r, size_t *len) {
  uint64_t ref = r_uv(r);
  *len = 0;
  if (ref == 0)
    return NULL;
  if (ref > r->n_strs) {
    fail(r, "string reference out of range");
    return NULL;
  }
  *len = r->lens[ref - 1];
  return r->strs[ref - 1];
}

static char *r_str(reader *r) {
  size_t len;
  const char *s = r_strref(r, &len);
  if (!s)
    return NULL;
  char *out = xmalloc(len + 1);
  memcpy(out, s, len + 1);
  return out;
}

/* A string the rest of appvpn relies on being there (ids, labels, paths). */
static char *r_str_req(reader *r) {
  char *s = r_str(r);
  if (!s)
    fail(r, "a required text is missing");
  return s;
}

static void r_os(reader *r, os_avail *os) {
  uint64_t mask = r_uv(r);
  if (mask == 0)
    return;
  if (mask >> (2 * OS__COUNT)) {
    fail(r, "bad availability");
    return;
  }
  for (int i = 0; i < OS__COUNT; i++) {
    if (mask & 1u << (2 * i))
      os->since[i] = r_str_req(r);
    if (mask & 2u << (2 * i))
      os->deprecated[i] = r_str_req(r);
  }
}

static expr *r_expr(reader *r) {
  size_t len;
  const char *src = r_strref(r, &len);
  if (!src)
    return NULL;
  const char *file = r_strref(r, &len);
  unsigned line = r_uint(r);
  unsigned col = r_uint(r);
  if (r->fault)
    return NULL;
  expr *e = expr_parse(src, file, line, col, r->diags);
  if (!e)
    fail(r, "a condition does not parse");
  return e;
}

static val *r_val(reader *r, int depth) {
  unsigned tag = r_u8(r);
  if (tag == 0 || r->fault)
    return NULL;
  if (tag > (unsigned)VAL_MAP + 1) {
    fail(r, "bad value kind");
    return NULL;
  }
  if (depth > MAX_DEPTH) {
    fail(r, "values nested too deep");
    return NULL;
  }
  bool plain = r_flag(r);
  unsigned line = r_uint(r), col = r_uint(r);
  val *v = NULL;
  switch ((val_kind)(tag - 1)) {
  case VAL_NULL: v = val_new_null(); break;
  case VAL_STR: {
    char *s = r_str_req(r);
    v = s ? val_new_str_take(s) : NULL;
    break;
  }
  case VAL_BOOL: v = val_new_bool(r_flag(r)); break;
  case VAL_INT: v = val_new_int(r_sv(r)); break;
  case VAL_LIST: {
    size_t n = r_count(r);
    v = val_new_list();
    for (size_t i = 0; i < n && !r->fault; i++) {
      val *item = r_val(r, depth + 1);
      if (item)
        val_list_append(v, item);
      else
        fail(r, "a list item is missing");
    }
    break;
  }
  case VAL_MAP: {
    size_t n = r_count(r);
    v = val_new_map();
    for (size_t i = 0; i < n && !r->fault; i++) {
      size_t klen;
      const char *key = r_strref(r, &klen);
      val *item = r_val(r, depth + 1);
      if (!key || !item || val_map_get(v, key)) {
        fail(r, "a map entry is missing or repeated");
        val_free(item);
      } else {
        val_map_set(v, key, item);
      }
    }
    break;
  }
  }
  if (r->fault) {
    val_free(v);
    return NULL;
  }
  v->plain = plain;
  v->line = line;
  v->col = col;
  return v;
}

/* A string list: n, then n strings (none of them NULL). */
static char **r_strs(reader *r, size_t *n_out) {
  size_t n = r_count(r);
  *n_out = 0;
  if (!n)
    return NULL;
  char **out = xcalloc(n, sizeof *out);
  *n_out = n;
  for (size_t i = 0; i < n && !r->fault; i++)
    out[i] = r_str_req(r);
  return out;
}

static void r_field(reader *r, desc_field *f, int depth) {
  f->id = r_str_req(r);
  f->path = r_str_req(r);
  f->label = r_str_req(r);
  f->help = r_str(r);
  f->kind = (field_kind)r_enum(r, FK__COUNT);
  size_t n = r_count(r);
  if (n) {
    f->choices = xcalloc(n, sizeof *f->choices);
    f->n_choices = n;
    for (size_t i = 0; i < n && !r->fault; i++) {
      f->choices[i].value = r_str_req(r);
      f->choices[i].label = r_str_req(r);
      f->choices[i].profile = r_str(r);
      f->choices[i].help = r_str(r);
    }
  }
  f->suggestions = r_strs(r, &f->n_suggestions);
  f->def = r_val(r, 0);
  f->show = r_expr(r);
  f->required = r_expr(r);
  f->export_if = r_expr(r);
  f->format = (field_format)r_enum(r, FMT__COUNT);
  unsigned flags = r_u8(r);
  if (flags > 15)
    fail(r, "bad flags");
  f->has_min = flags & 1;
  f->has_max = flags & 2;
  f->variables = flags & 4;
  f->readonly = flags & 8;
  f->min = r_sv(r);
  f->max = r_sv(r);
  uint64_t max_len = r_uv(r);
  if (max_len > SIZE_MAX)
    fail(r, "number too large");
  f->max_len = (size_t)max_len;
  f->when_hidden = (hidden_policy)r_enum(r, HIDDEN_IGNORE + 1);
  r_os(r, &f->os);
  f->placeholder = r_str(r);
  f->profile = r_strs(r, &f->n_profile);
  f->ptype = (profile_type)r_enum(r, PT__COUNT);
  f->profile_value = r_str(r);
  n = r_count(r);
  if (n) {
    f->also = xcalloc(n, sizeof *f->also);
    f->n_also = n;
    for (size_t i = 0; i < n && !r->fault; i++) {
      f->also[i].key = r_str_req(r);
      f->also[i].value = r_val(r, 0);
      if (!f->also[i].value)
        fail(r, "a profile_also value is missing");
    }
  }
  f->embed = r_str(r);
  f->embed_password = r_str(r);
  n = r_count(r);
  if (n && depth >= MAX_DEPTH)
    fail(r, "records nested too deep");
  else if (n) {
    f->fields = xcalloc(n, sizeof *f->fields);
    f->n_fields = n;
    for (size_t i = 0; i < n && !r->fault; i++)
      r_field(r, &f->fields[i], depth + 1);
  }
  f->item_label = r_str(r);
  f->choices_from = r_str(r);
  f->file = r_str_req(r);
  f->line = r_uint(r);
  f->col = r_uint(r);
}

static void r_section(reader *r, desc_section *s) {
  s->id = r_str_req(r);
  s->title = r_str_req(r);
  s->help = r_str(r);
  s->show = r_expr(r);
  size_t n = r_count(r);
  if (n) {
    s->fields = xcalloc(n, sizeof *s->fields);
    s->n_fields = n;
    for (size_t i = 0; i < n && !r->fault; i++)
      r_field(r, &s->fields[i], 0);
  }
}

static void r_type(reader *r, desc_type *t) {
  t->id = r_str_req(r);
  t->label = r_str_req(r);
  t->summary = r_str(r);
  t->vpn_type = r_str_req(r);
  t->dict = r_str_req(r);
  r_os(r, &t->os);
  long long order = r_sv(r);
  if (order < INT_MIN || order > INT_MAX)
    fail(r, "number too large");
  t->order = (int)order;
  size_t n = r_count(r);
  if (n) {
    t->sections = xcalloc(n, sizeof *t->sections);
    t->n_sections = n;
    for (size_t i = 0; i < n && !r->fault; i++)
      r_section(r, &t->sections[i]);
  }
  t->file = r_str_req(r);
  t->line = r_uint(r);
  t->col = r_uint(r);
}

/* The string table: n, then n times (length, bytes, NUL). Strings are C
 * strings and valid UTF-8, like everything the YAML loader produces. */
static void r_table(reader *r) {
  size_t n = r_count(r);
  if (!n)
    return;
  r->strs = xcalloc(n, sizeof *r->strs);
  r->lens = xcalloc(n, sizeof *r->lens);
  for (size_t i = 0; i < n && !r->fault; i++) {
    size_t len = r_count(r); /* so at most the bytes left: the NUL is checked below */
    if (r->fault)
      break;
    const char *s = (const char *)r->p + r->pos;
    size_t bad;
    if (len >= r->end - r->pos) {
      fail(r, "truncated");
      break;
    }
    if (s[len] != '\0' || memchr(s, '\0', len) || !utf8_valid(s, len, &bad)) {
      fail(r, "bad string");
      break;
    }
    r->strs[i] = s;
    r->lens[i] = len;
    r->n_strs = i + 1;
    r->pos += len + 1;
  }
}

static bool r_header(reader *r, size_t len) {
  if (len < HEADER_LEN) {
    fail(r, "too short for a header");
    return false;
  }
  if (memcmp(r->p, MAGIC, MAGIC_LEN) != 0) {
    fail(r, "not a compiled descriptor set");
    return false;
  }
  r->pos = MAGIC_LEN;
  uint32_t version = r_u32(r);
  uint32_t payload = r_u32(r);
  uint64_t sum = r_u32(r);
  sum |= (uint64_t)r_u32(r) << 32;
  if (version != DESC_BLOB_VERSION)
    fail(r, "another version of the format");
  else if (payload != len - HEADER_LEN)
    fail(r, "length does not match");
  else if (sum != checksum(r->p + HEADER_LEN, payload))
    fail(r, "checksum mismatch");
  else
    for (size_t i = 0; i < N_ENUM_SIZES; i++)
      if (r_u8(r) != enum_sizes[i])
        fail(r, "made by an appvpn with other field kinds or formats");
  return !r->fault;
}

desc_set *desc_blob_read(const void *bytes, size_t len, diag_list *diags) {
  reader r = {0};
  r.p = bytes;
  r.end = len;
  r.diags = diags;
  desc_set *set = NULL;
  if (!bytes)
    fail(&r, "no data");
  else if (r_header(&r, len)) {
    r_table(&r);
    set = xcalloc(1, sizeof *set);
    size_t n = r_count(&r);
    if (n) {
      set->types = xcalloc(n, sizeof *set->types);
      set->n_types = n;
      for (size_t i = 0; i < n && !r.fault; i++)
        r_type(&r, &set->types[i]);
    }
    if (!r.fault && r.pos != r.end)
      fail(&r, "bytes after the end");
    if (!r.fault && set->n_types == 0)
      fail(&r, "no connection types");
  }
  free(r.strs);
  free(r.lens);
  if (r.fault) {
    diag_addc(diags, DIAG_ERROR, DC_FORMS, NULL, 0, 0, NULL,
              "compiled descriptors are damaged: %s at byte %zu of %zu (rebuild appvpn)", r.fault,
              r.fault_at, len);
    desc_set_free(set);
    return NULL;
  }
  return set;
}
