/* YAML text -> value tree (libyaml event parser).
 *
 * Configuration files are small and hand-written, so anything exotic is
 * refused rather than interpreted: anchors/aliases (alias bombs), several
 * documents, complex keys, duplicate keys, unknown tags, and input beyond the
 * limits in config_io.h. Every node keeps its 1-based line/col.
 */
#include "core/text.h"
#include "core/util.h"
#include "io/config_io.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define TAG_PREFIX "tag:yaml.org,2002:"

/* A node keeps its line and column in VAL_POS_BITS bits (core/value.h):
 * every position in a file the reader accepts must fit. */
_Static_assert((unsigned long long)CONFIG_MAX_FILE + 1 <= VAL_POS_MAX,
               "node positions must hold any line/column of a CONFIG_MAX_FILE file");

/* Duplicate-key detection must stay linear for maps with many keys (an
 * attacker's file), so maps past a few keys get a hash index. */
typedef struct keyindex {
  uint32_t *slots; /* map index + 1; 0 = empty */
  size_t cap;
} keyindex;

typedef struct frame {
  val *node; /* VAL_MAP or VAL_LIST, owned by its parent (or the root) */
  char *key; /* map: pending key awaiting its value, owned */
  unsigned key_line, key_col;
  unsigned *key_lines; /* map: line of every key, for "first at line N" */
  keyindex idx;
} frame;

typedef struct reader {
  const char *file;
  diag_list *diags;
  frame *stack;
  size_t depth, cap;
  val *root;
  size_t nodes;
  bool failed;
} reader;

static void fail_at(reader *r, diag_code code, unsigned line, unsigned col, const char *fmt, ...)
    DIAG_PRINTF(5, 6);

static void fail_at(reader *r, diag_code code, unsigned line, unsigned col, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_addcv(r->diags, DIAG_ERROR, code, r->file, line, col, NULL, fmt, ap);
  va_end(ap);
  r->failed = true;
}

static uint32_t hash_str(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

static void keyindex_insert(keyindex *ix, const val *map, size_t i) {
  size_t mask = ix->cap - 1;
  size_t at = hash_str(map->u.map.k[i]) & mask;
  while (ix->slots[at])
    at = (at + 1) & mask;
  ix->slots[at] = (uint32_t)(i + 1);
}

static void keyindex_rebuild(keyindex *ix, const val *map) {
  free(ix->slots);
  ix->cap = 64;
  while (ix->cap < map->u.map.n * 2 + 2)
    ix->cap *= 2;
  ix->slots = xcalloc(ix->cap, sizeof *ix->slots);
  for (size_t i = 0; i < map->u.map.n; i++)
    keyindex_insert(ix, map, i);
}

/* Index of key in the frame's map, or -1. */
static long frame_find_key(frame *f, const char *key) {
  const val *m = f->node;
  if (!f->idx.slots) {
    for (size_t i = 0; i < m->u.map.n; i++)
      if (strcmp(m->u.map.k[i], key) == 0)
        return (long)i;
    return -1;
  }
  size_t mask = f->idx.cap - 1;
  for (size_t at = hash_str(key) & mask; f->idx.slots[at]; at = (at + 1) & mask) {
    size_t i = f->idx.slots[at] - 1;
    if (strcmp(m->u.map.k[i], key) == 0)
      return (long)i;
  }
  return -1;
}

/* Appends without val_map_set's linear search (uniqueness is checked above). */
static void frame_map_append(frame *f, char *key, val *v) {
  val *m = f->node;
  if (m->u.map.n == m->u.map.cap) {
    m->u.map.cap = m->u.map.cap ? m->u.map.cap * 2 : 4;
    m->u.map.k = xrealloc(m->u.map.k, m->u.map.cap * sizeof(char *));
    m->u.map.v = xrealloc(m->u.map.v, m->u.map.cap * sizeof(val *));
    f->key_lines = xrealloc(f->key_lines, m->u.map.cap * sizeof(unsigned));
  }
  m->u.map.k[m->u.map.n] = key;
  m->u.map.v[m->u.map.n] = v;
  f->key_lines[m->u.map.n] = f->key_line;
  m->u.map.n++;
  if (m->u.map.n >= 16) {
    if (!f->idx.slots || f->idx.cap < m->u.map.n * 2)
      keyindex_rebuild(&f->idx, m);
    else
      keyindex_insert(&f->idx, m, m->u.map.n - 1);
  }
}

static void frame_release(frame *f) {
  free(f->key);
  free(f->key_lines);
  free(f->idx.slots);
  memset(f, 0, sizeof *f);
}

static const char *kind_article(val_kind k) {
  switch (k) {
  case VAL_LIST: return "a list";
  case VAL_MAP: return "a mapping";
  case VAL_NULL: return "an empty value";
  default: return "a single value";
  }
}

/* Checks an event tag; for scalars, sets as_str or as_null. */
static bool check_tag(reader *r, const yaml_char_t *tag, yaml_event_type_t type,
                      const yaml_mark_t *m, bool *as_str, bool *as_null) {
  if (!tag)
    return true;
  const char *t = (const char *)tag;
  if (type == YAML_SCALAR_EVENT) {
    if (strcmp(t, "!") == 0 || strcmp(t, TAG_PREFIX "str") == 0) {
      *as_str = true;
      return true;
    }
    if (strcmp(t, TAG_PREFIX "null") == 0) {
      *as_null = true;
      return true;
    }
    if (strcmp(t, TAG_PREFIX "int") == 0 || strcmp(t, TAG_PREFIX "bool") == 0 ||
        strcmp(t, TAG_PREFIX "float") == 0)
      return true;
  } else if (type == YAML_SEQUENCE_START_EVENT) {
    if (strcmp(t, TAG_PREFIX "seq") == 0)
      return true;
  } else if (strcmp(t, TAG_PREFIX "map") == 0) {
    return true;
  }
  fail_at(r, DC_YAML_UNSUPPORTED, (unsigned)m->line + 1, (unsigned)m->column + 1,
          "tag '%s' is not supported (only the YAML core tags)", t);
  return false;
}

static bool is_null_plain(const char *s, size_t n) {
  return n == 0 || (n == 1 && s[0] == '~') ||
         (n == 4 && (!memcmp(s, "null", 4) || !memcmp(s, "Null", 4) || !memcmp(s, "NULL", 4)));
}

/* Builds the node for a scalar/collection-start event (NULL on error). */
static val *node_from_event(reader *r, const yaml_event_t *ev) {
  const yaml_mark_t *m = &ev->start_mark;
  unsigned line = (unsigned)m->line + 1, col = (unsigned)m->column + 1;
  const yaml_char_t *anchor = NULL, *tag = NULL;
  if (ev->type == YAML_SCALAR_EVENT)
    anchor = ev->data.scalar.anchor, tag = ev->data.scalar.tag;
  else if (ev->type == YAML_SEQUENCE_START_EVENT)
    anchor = ev->data.sequence_start.anchor, tag = ev->data.sequence_start.tag;
  else
    anchor = ev->data.mapping_start.anchor, tag = ev->data.mapping_start.tag;
  if (anchor) {
    /* Anchors only exist to be aliased; refusing them stops alias bombs at the source. */
    fail_at(r, DC_YAML_UNSUPPORTED, line, col, "anchors and aliases are not allowed (&%s)",
            (const char *)anchor);
    return NULL;
  }
  bool as_str = false, as_null = false;
  if (!check_tag(r, tag, ev->type, m, &as_str, &as_null))
    return NULL;
  if (++r->nodes > CONFIG_MAX_NODES) {
    fail_at(r, DC_TOO_COMPLEX, line, col, "too many values (the limit is %u)",
            (unsigned)CONFIG_MAX_NODES);
    return NULL;
  }
  val *v;
  if (ev->type == YAML_SCALAR_EVENT) {
    const char *s = (const char *)ev->data.scalar.value;
    size_t n = ev->data.scalar.length;
    if (memchr(s, 0, n)) {
      fail_at(r, DC_CONTROL_CHAR, line, col, "NUL characters are not allowed in values");
      return NULL;
    }
    /* Escapes in quoted scalars ("\e", "\x9b", "\uFFFF") can make what the
     * YAML reader itself refuses raw; tab and line feed are left to the
     * field (one-line settings refuse them when the file is typed). */
    char *why = text_problem_n(s, n, TEXT_LINES);
    if (why) {
      const char *key = NULL;
      for (size_t i = r->depth; i-- > 0 && !key;)
        key = r->stack[i].node->kind == VAL_MAP ? r->stack[i].key : NULL;
      if (key)
        fail_at(r, text_problem_code(s, n, TEXT_LINES), line, col, "the value of '%s': %s", key,
                why);
      else
        fail_at(r, text_problem_code(s, n, TEXT_LINES), line, col, "a value: %s", why);
      free(why);
      return NULL;
    }
    bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !as_str;
    if (as_null || (plain && is_null_plain(s, n))) {
      v = val_new_null();
    } else {
      v = val_new_strn(s, n);
      v->plain = plain;
    }
  } else if (ev->type == YAML_SEQUENCE_START_EVENT) {
    v = val_new_list();
  } else {
    v = val_new_map();
  }
  v->line = line;
  v->col = col;
  return v;
}

static void push(reader *r, val *node) {
  if (r->depth == r->cap) {
    r->cap = r->cap ? r->cap * 2 : 16;
    r->stack = xrealloc(r->stack, r->cap * sizeof *r->stack);
  }
  frame *f = &r->stack[r->depth++];
  memset(f, 0, sizeof *f);
  f->node = node;
}

/* Handles a key scalar of the map on top of the stack. */
static void take_key(reader *r, frame *f, const yaml_event_t *ev) {
  const yaml_mark_t *m = &ev->start_mark;
  unsigned line = (unsigned)m->line + 1, col = (unsigned)m->column + 1;
  if (ev->type != YAML_SCALAR_EVENT) {
    fail_at(r, DC_YAML_UNSUPPORTED, line, col, "a key must be a single value, not %s",
            ev->type == YAML_MAPPING_START_EVENT ? "a mapping" : "a list");
    return;
  }
  if (ev->data.scalar.anchor) {
    fail_at(r, DC_YAML_UNSUPPORTED, line, col, "anchors and aliases are not allowed (&%s)",
            (const char *)ev->data.scalar.anchor);
    return;
  }
  const char *s = (const char *)ev->data.scalar.value;
  size_t n = ev->data.scalar.length;
  if (n == 0 || memchr(s, 0, n)) {
    fail_at(r, n ? DC_CONTROL_CHAR : DC_YAML_SYNTAX, line, col,
            n ? "NUL characters are not allowed in keys" : "empty key");
    return;
  }
  char *why = text_problem_n(s, n, TEXT_LINE);
  if (why) {
    fail_at(r, text_problem_code(s, n, TEXT_LINE), line, col, "a key: %s", why);
    free(why);
    return;
  }
  long dup = frame_find_key(f, s);
  if (dup >= 0) {
    fail_at(r, DC_DUPLICATE_KEY, line, col, "duplicate key '%s' (first at line %u)", s,
            f->key_lines[dup]);
    return;
  }
  f->key = xstrndup(s, n);
  f->key_line = line;
  f->key_col = col;
}

/* Attaches a finished node to the container on top of the stack (or makes it the root). */
static void attach(reader *r, val *v) {
  if (r->depth == 0) {
    r->root = v;
    return;
  }
  frame *f = &r->stack[r->depth - 1];
  if (f->node->kind == VAL_LIST) {
    val_list_append(f->node, v);
  } else {
    /* A block list or mapping starts on the line after its key; messages
     * about it (an unknown key, a wrong shape) point at the key, where the
     * user looks. Inline values keep their own position. */
    if ((v->kind == VAL_MAP || v->kind == VAL_LIST) && v->line > f->key_line) {
      v->line = f->key_line;
      v->col = f->key_col;
    }
    char *k = f->key;
    f->key = NULL;
    frame_map_append(f, k, v);
  }
}

static void report_libyaml(reader *r, const yaml_parser_t *p, const char *text, size_t len) {
  if (p->error == YAML_MEMORY_ERROR) {
    fail_at(r, DC_INTERNAL, 0, 0, "out of memory while reading YAML");
    return;
  }
  const char *problem = p->problem ? p->problem : "invalid YAML";
  if (p->error == YAML_READER_ERROR) {
    /* Reader errors carry a byte offset, not a mark. */
    size_t off = p->problem_offset < len ? p->problem_offset : len;
    unsigned line = 1, col = 1;
    for (size_t i = 0; i < off; i++) {
      if (text[i] == '\n')
        line++, col = 1;
      else if (((unsigned char)text[i] & 0xC0) != 0x80)
        col++;
    }
    if (p->problem_value != -1)
      fail_at(r, DC_YAML_SYNTAX, line, col, "%s (#x%X)", problem, (unsigned)p->problem_value);
    else
      fail_at(r, DC_YAML_SYNTAX, line, col, "%s", problem);
    return;
  }
  unsigned line = (unsigned)p->problem_mark.line + 1, col = (unsigned)p->problem_mark.column + 1;
  if (p->context)
    fail_at(r, DC_YAML_SYNTAX, line, col, "%s (%s at line %u, column %u)", problem, p->context,
            (unsigned)p->context_mark.line + 1, (unsigned)p->context_mark.column + 1);
  else
    fail_at(r, DC_YAML_SYNTAX, line, col, "%s", problem);
}

static bool check_utf8(reader *r, const char *text, size_t len) {
  size_t bad;
  if (utf8_valid(text, len, &bad))
    return true;
  unsigned line = 1, col = 1;
  for (size_t i = 0; i < bad; i++) {
    if (text[i] == '\n')
      line++, col = 1;
    else if (((unsigned char)text[i] & 0xC0) !=
             0x80) /* columns count characters, as libyaml does */
      col++;
  }
  fail_at(r, DC_INVALID_UTF8, line, col, "invalid UTF-8 (byte 0x%02X): the file must be UTF-8 text",
          (unsigned char)text[bad]);
  return false;
}

val *yaml_parse(const char *text, size_t len, const char *file, diag_list *diags) {
  reader r = {.file = file, .diags = diags};
  if (len > CONFIG_MAX_FILE) {
    fail_at(&r, DC_FILE_TOO_LARGE, 0, 0, "file too large (%zu bytes; the limit is %u)", len,
            (unsigned)CONFIG_MAX_FILE);
    return NULL;
  }
  if (!check_utf8(&r, text, len))
    return NULL;

  yaml_parser_t p;
  if (!yaml_parser_initialize(&p)) {
    fail_at(&r, DC_INTERNAL, 0, 0, "out of memory while reading YAML");
    return NULL;
  }
  yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
  yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);

  unsigned docs = 0;
  bool done = false;
  while (!done && !r.failed) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&p, &ev)) {
      report_libyaml(&r, &p, text, len);
      break;
    }
    const yaml_mark_t *m = &ev.start_mark;
    unsigned line = (unsigned)m->line + 1, col = (unsigned)m->column + 1;
    switch (ev.type) {
    case YAML_STREAM_START_EVENT:
    case YAML_DOCUMENT_END_EVENT:
    case YAML_NO_EVENT: break;
    case YAML_STREAM_END_EVENT: done = true; break;
    case YAML_DOCUMENT_START_EVENT:
      if (docs++)
        fail_at(&r, DC_YAML_UNSUPPORTED, line, col,
                "a second document: a file holds one configuration");
      break;
    case YAML_ALIAS_EVENT:
      fail_at(&r, DC_YAML_UNSUPPORTED, line, col, "anchors and aliases are not allowed (*%s)",
              (const char *)ev.data.alias.anchor);
      break;
    case YAML_SCALAR_EVENT:
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
      frame *top = r.depth ? &r.stack[r.depth - 1] : NULL;
      if (top && top->node->kind == VAL_MAP && !top->key) {
        take_key(&r, top, &ev);
        break;
      }
      val *v = node_from_event(&r, &ev);
      if (!v)
        break;
      if (!top && !r.root) {
        if (v->kind == VAL_NULL) {
          fail_at(&r, DC_EMPTY_FILE, line, col, "empty file: expected a configuration");
          val_free(v);
          break;
        }
        if (v->kind != VAL_MAP) {
          fail_at(&r, DC_WRONG_TYPE, line, col,
                  "expected a configuration (key: value lines) at the top level, found %s",
                  kind_article(v->kind));
          val_free(v);
          break;
        }
      }
      attach(&r, v);
      if (v->kind == VAL_LIST || v->kind == VAL_MAP) {
        if (r.depth >= CONFIG_MAX_DEPTH) {
          fail_at(&r, DC_TOO_COMPLEX, line, col, "nested deeper than %d levels", CONFIG_MAX_DEPTH);
          break;
        }
        push(&r, v);
      }
      break;
    }
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
      if (r.depth)
        frame_release(&r.stack[--r.depth]);
      break;
    }
    yaml_event_delete(&ev);
  }
  if (!r.failed && !r.root)
    fail_at(&r, DC_EMPTY_FILE, 0, 0, "empty file: expected a configuration");

  yaml_parser_delete(&p);
  while (r.depth)
    frame_release(&r.stack[--r.depth]);
  free(r.stack);
  if (r.failed) {
    val_free(r.root);
    return NULL;
  }
  return r.root;
}
