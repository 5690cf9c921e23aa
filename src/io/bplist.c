#include "io/bplist.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/util.h"

/* One object of the output: a scalar (its encoded bytes, marker included,
 * live in `enc`) or a container (its references live in `refs`). */
typedef struct obj {
  size_t enc_at, enc_len; /* scalars: bytes in enc */
  size_t refs_at, n_refs; /* containers: indexes in refs (dict: keys, then values) */
  unsigned char marker;   /* containers: 0xA0 array, 0xD0 dict; 0 for scalars */
} obj;

typedef struct writer {
  obj *objs;
  size_t n_objs, cap_objs;
  size_t *refs;
  size_t n_refs, cap_refs;
  strbuf enc; /* encoded scalars, back to back */
  /* equal scalars are written once: open addressing over their encodings */
  size_t *slots; /* object index + 1; 0 = empty */
  size_t n_slots;
  bool bad; /* a node type this writer does not know */
} writer;

static size_t new_obj(writer *w) {
  if (w->n_objs == w->cap_objs) {
    w->cap_objs = w->cap_objs ? w->cap_objs * 2 : 64;
    w->objs = xrealloc(w->objs, w->cap_objs * sizeof *w->objs);
  }
  memset(&w->objs[w->n_objs], 0, sizeof *w->objs);
  return w->n_objs++;
}

static void rehash(writer *w) {
  size_t n = w->n_slots ? w->n_slots * 2 : 1024;
  size_t *slots = xcalloc(n, sizeof *slots);
  for (size_t i = 0; i < w->n_slots; i++) {
    size_t o = w->slots[i];
    if (!o)
      continue;
    const obj *ob = &w->objs[o - 1];
    uint64_t h =
        util_hash64(UTIL_HASH64_INIT, (const unsigned char *)w->enc.s + ob->enc_at, ob->enc_len);
    size_t at = (size_t)(h & (n - 1));
    while (slots[at])
      at = (at + 1) & (n - 1);
    slots[at] = o;
  }
  free(w->slots);
  w->slots = slots;
  w->n_slots = n;
}

/* The encoding just appended to enc (from `start`) as an object: an equal
 * earlier one is reused and the bytes dropped. */
static size_t intern(writer *w, size_t start) {
  size_t len = w->enc.len - start;
  const unsigned char *p = (const unsigned char *)w->enc.s + start;
  if (w->n_objs * 2 >= w->n_slots)
    rehash(w);
  uint64_t h = util_hash64(UTIL_HASH64_INIT, p, len);
  size_t at = (size_t)(h & (w->n_slots - 1));
  for (size_t o; (o = w->slots[at]) != 0; at = (at + 1) & (w->n_slots - 1)) {
    const obj *ob = &w->objs[o - 1];
    if (ob->enc_len == len && !memcmp(w->enc.s + ob->enc_at, p, len)) {
      w->enc.len = start;
      return o - 1;
    }
  }
  size_t i = new_obj(w);
  w->objs[i].enc_at = start;
  w->objs[i].enc_len = len;
  w->slots[at] = i + 1;
  return i;
}

static void put_be(strbuf *b, uint64_t v, unsigned bytes) {
  for (unsigned i = bytes; i-- > 0;)
    strbuf_putc(b, (char)(unsigned char)(v >> (8 * i)));
}

/* Marker with a length: the length in the low nibble, or 0xF and an integer. */
static void put_marker(strbuf *b, unsigned char high, uint64_t n) {
  if (n < 15) {
    strbuf_putc(b, (char)(high | n));
    return;
  }
  strbuf_putc(b, (char)(high | 0x0F));
  if (n <= 0xFF) {
    strbuf_putc(b, 0x10);
    put_be(b, n, 1);
  } else if (n <= 0xFFFF) {
    strbuf_putc(b, 0x11);
    put_be(b, n, 2);
  } else if (n <= 0xFFFFFFFFu) {
    strbuf_putc(b, 0x12);
    put_be(b, n, 4);
  } else {
    strbuf_putc(b, 0x13);
    put_be(b, n, 8);
  }
}

static void put_int(strbuf *b, uint64_t v) {
  /* 1, 2 and 4 byte integers are unsigned; 8 byte ones signed (a value past
   * INT64_MAX is a negative number stored as libplist stores it) */
  if (v <= 0xFF) {
    strbuf_putc(b, 0x10);
    put_be(b, v, 1);
  } else if (v <= 0xFFFF) {
    strbuf_putc(b, 0x11);
    put_be(b, v, 2);
  } else if (v <= 0xFFFFFFFFu) {
    strbuf_putc(b, 0x12);
    put_be(b, v, 4);
  } else {
    strbuf_putc(b, 0x13);
    put_be(b, v, 8);
  }
}

static void put_string(strbuf *b, const char *s, size_t n) {
  size_t i = 0;
  while (i < n && (unsigned char)s[i] < 0x80)
    i++;
  if (i == n) { /* ASCII */
    put_marker(b, 0x50, n);
    strbuf_putn(b, s, n);
    return;
  }
  /* UTF-16 big-endian, its length in code units */
  strbuf u = STRBUF_INIT;
  size_t units = 0;
  for (i = 0; i < n;) {
    unsigned c;
    size_t used = text_utf8_next((const unsigned char *)s + i, n - i, &c);
    if (!used) /* not UTF-8: U+FFFD, as libplist writes it */
      c = 0xFFFD, used = 1;
    i += used;
    if (c >= 0x10000) {
      c -= 0x10000;
      put_be(&u, 0xD800 | (c >> 10), 2);
      put_be(&u, 0xDC00 | (c & 0x3FF), 2);
      units += 2;
    } else {
      put_be(&u, c, 2);
      units++;
    }
  }
  put_marker(b, 0x60, units);
  strbuf_putn(b, u.s, u.len);
  strbuf_free(&u);
}

static size_t add_refs(writer *w, size_t n) {
  if (w->n_refs + n > w->cap_refs) {
    while (w->n_refs + n > w->cap_refs)
      w->cap_refs = w->cap_refs ? w->cap_refs * 2 : 256;
    w->refs = xrealloc(w->refs, w->cap_refs * sizeof *w->refs);
  }
  size_t at = w->n_refs;
  w->n_refs += n;
  return at;
}

static size_t flatten(writer *w, plist_t node);

static size_t flatten_key(writer *w, const char *key) {
  size_t start = w->enc.len;
  put_string(&w->enc, key, strlen(key));
  return intern(w, start);
}

static size_t flatten(writer *w, plist_t node) {
  plist_type t = plist_get_node_type(node);
  if (t == PLIST_ARRAY || t == PLIST_DICT) {
    size_t self = new_obj(w);
    uint32_t n = t == PLIST_ARRAY ? plist_array_get_size(node) : plist_dict_get_size(node);
    size_t total = t == PLIST_DICT ? 2 * (size_t)n : n;
    size_t at = add_refs(w, total);
    w->objs[self].marker = t == PLIST_ARRAY ? 0xA0 : 0xD0;
    w->objs[self].refs_at = at;
    w->objs[self].n_refs = n;
    if (t == PLIST_ARRAY) {
      for (uint32_t i = 0; i < n; i++) {
        size_t r = flatten(w, plist_array_get_item(node, i));
        w->refs[at + i] = r;
      }
    } else {
      plist_dict_iter it = NULL;
      plist_dict_new_iter(node, &it);
      for (uint32_t i = 0; i < n; i++) {
        char *key = NULL;
        plist_t v = NULL;
        plist_dict_next_item(node, it, &key, &v);
        if (!key || !v) {
          free(key);
          w->bad = true;
          break;
        }
        size_t kr = flatten_key(w, key);
        w->refs[at + i] = kr;
        free(key);
        size_t vr = flatten(w, v);
        w->refs[at + n + i] = vr;
      }
      free(it);
    }
    return self;
  }
  size_t start = w->enc.len;
  switch (t) {
  case PLIST_BOOLEAN: {
    uint8_t b = 0;
    plist_get_bool_val(node, &b);
    strbuf_putc(&w->enc, b ? 0x09 : 0x08);
    break;
  }
  case PLIST_UINT: {
    uint64_t v = 0;
    plist_get_uint_val(node, &v);
    put_int(&w->enc, v);
    break;
  }
  case PLIST_REAL: {
    double d = 0;
    plist_get_real_val(node, &d);
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    strbuf_putc(&w->enc, 0x23);
    put_be(&w->enc, bits, 8);
    break;
  }
  case PLIST_STRING: {
    uint64_t n = 0;
    const char *s = plist_get_string_ptr(node, &n);
    put_string(&w->enc, s ? s : "", s ? (size_t)n : 0);
    break;
  }
  case PLIST_DATA: {
    uint64_t n = 0;
    const char *d = plist_get_data_ptr(node, &n);
    put_marker(&w->enc, 0x40, n);
    if (n)
      strbuf_putn(&w->enc, d, (size_t)n);
    break;
  }
  default:
    w->bad = true; /* dates, UIDs: not in a profile appvpn writes */
    strbuf_putc(&w->enc, 0x00);
    break;
  }
  return intern(w, start);
}

static unsigned size_for(uint64_t max) {
  return max <= 0xFF ? 1 : max <= 0xFFFF ? 2 : max <= 0xFFFFFFFFu ? 4 : 8;
}

char *bplist_write(plist_t root, size_t *len) {
  writer w;
  memset(&w, 0, sizeof w);
  strbuf_puts(&w.enc, ""); /* enc.s exists even when every object is a container */
  size_t top = root ? flatten(&w, root) : 0;
  char *out = NULL;
  if (root && !w.bad) {
    unsigned ref = size_for(w.n_objs ? w.n_objs - 1 : 0);
    strbuf b = STRBUF_INIT;
    strbuf_putn(&b, "bplist00", 8);
    uint64_t *offsets = xcalloc(w.n_objs ? w.n_objs : 1, sizeof *offsets);
    for (size_t i = 0; i < w.n_objs; i++) {
      const obj *o = &w.objs[i];
      offsets[i] = b.len;
      if (!o->marker) {
        strbuf_putn(&b, w.enc.s + o->enc_at, o->enc_len);
        continue;
      }
      put_marker(&b, o->marker, o->n_refs);
      size_t total = o->marker == 0xD0 ? 2 * o->n_refs : o->n_refs;
      for (size_t k = 0; k < total; k++)
        put_be(&b, w.refs[o->refs_at + k], ref);
    }
    uint64_t table = b.len;
    unsigned off = size_for(table);
    for (size_t i = 0; i < w.n_objs; i++)
      put_be(&b, offsets[i], off);
    free(offsets);
    /* trailer: 6 unused bytes, the two sizes, count, top object, table offset */
    put_be(&b, 0, 6);
    strbuf_putc(&b, (char)off);
    strbuf_putc(&b, (char)ref);
    put_be(&b, w.n_objs, 8);
    put_be(&b, top, 8);
    put_be(&b, table, 8);
    *len = b.len;
    out = strbuf_take(&b);
  }
  free(w.objs);
  free(w.refs);
  free(w.slots);
  strbuf_free(&w.enc);
  return out;
}
