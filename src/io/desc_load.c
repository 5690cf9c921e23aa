/* Loading descriptors (the forms directory's YAML files) into a desc_set.
 *
 * Each file is parsed with libyaml's document API into a small node tree that
 * keeps the file name and the 1-based line:col of every node, so that every
 * problem can be reported where it is. `use:` is resolved on that tree: the
 * library node's keys first, then the using node's keys replacing them. The
 * merged keys are then turned into desc_* structs. Loading goes on after an
 * error (to report as many as possible); any error makes the result NULL.
 */
#include "io/desc_load.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "core/kinds.h"
#include "core/desc_blob.h"
#include "core/embedded.h"
#include "core/util.h"

#define MAX_DEPTH DESC_MAX_DEPTH /* nesting of YAML nodes and of use:/records */

/* ---- YAML node tree ---------------------------------------------------- */

typedef enum { YN_SCALAR, YN_SEQ, YN_MAP } yn_kind;

typedef struct ynode ynode;
struct ynode {
  yn_kind kind;
  char *s;    /* YN_SCALAR */
  bool plain; /* unquoted scalar */
  unsigned line, col;
  const char *file; /* borrowed from the loader's file table */
  ynode **items;    /* YN_SEQ: items; YN_MAP: key, value, key, value … */
  size_t n;         /* number of entries in items */
};

static void ynode_free(ynode *n) {
  if (!n)
    return;
  for (size_t i = 0; i < n->n; i++)
    ynode_free(n->items[i]);
  free(n->items);
  free(n->s);
  free(n);
}

static size_t ymap_len(const ynode *m) {
  return m && m->kind == YN_MAP ? m->n / 2 : 0;
}
static const ynode *ymap_key(const ynode *m, size_t i) {
  return m->items[2 * i];
}
static const ynode *ymap_val(const ynode *m, size_t i) {
  return m->items[2 * i + 1];
}

static const ynode *ymap_get(const ynode *m, const char *key) {
  for (size_t i = 0; i < ymap_len(m); i++)
    if (ymap_key(m, i)->kind == YN_SCALAR && strcmp(ymap_key(m, i)->s, key) == 0)
      return ymap_val(m, i);
  return NULL;
}

/* ---- loader state -------------------------------------------------------- */

typedef struct cond_pos {
  const expr *e;
  const ynode *at;
} cond_pos;

typedef struct loader {
  diag_list *diags;
  const ynode *lib_fields;   /* _common.yaml fields: (map), may be NULL */
  const ynode *lib_sections; /* _common.yaml sections: (map), may be NULL */
  cond_pos *conds;           /* where each parsed condition was written */
  size_t n_conds, cap_conds;
} loader;

static void lerr(loader *ld, const ynode *at, const char *fmt, ...) DIAG_PRINTF(3, 4);
/* Adds an error unless the very same one is already listed: a library entry
 * is built once on its own and again for every type that uses it, and its
 * problems should be reported once. */
static void add_unique(diag_list *l, const char *file, unsigned line, unsigned col,
                       const char *msg) {
  for (size_t i = 0; i < l->n; i++) {
    const diag *d = &l->items[i];
    if (d->level == DIAG_ERROR && d->line == line && d->col == col && str_eq(d->file, file) &&
        str_eq(d->msg, msg))
      return;
  }
  diag_addc(l, DIAG_ERROR, DC_FORMS, file, line, col, NULL, "%s", msg);
}

static void lerr(loader *ld, const ynode *at, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = xvasprintf(fmt, ap);
  va_end(ap);
  add_unique(ld->diags, at ? at->file : NULL, at ? at->line : 0, at ? at->col : 0, msg);
  free(msg);
}

/* Builds the node tree from libyaml's events (not its document API, which
 * expands aliases and has no limits): the limits of desc_load.h are checked
 * as the events come, before anything grows. */
typedef struct ybuild {
  loader *ld;
  const char *file;
  ynode **stack; /* open sequences and mappings */
  size_t depth, cap;
  ynode *root;
  size_t nodes;
  bool failed;
} ybuild;

static void yb_fail(ybuild *yb, const yaml_mark_t *m, const char *fmt, ...) DIAG_PRINTF(3, 4);
static void yb_fail(ybuild *yb, const yaml_mark_t *m, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_addcv(yb->ld->diags, DIAG_ERROR, DC_FORMS, yb->file, (unsigned)m->line + 1,
             (unsigned)m->column + 1, NULL, fmt, ap);
  va_end(ap);
  yb->failed = true;
}

static void yb_append(ynode *parent, ynode *child) {
  /* items grow by doubling; the capacity is the next power of two >= n */
  size_t n = parent->n;
  if (n == 0 || (n & (n - 1)) == 0)
    parent->items = xrealloc(parent->items, (n ? 2 * n : 1) * sizeof *parent->items);
  parent->items[parent->n++] = child;
}

/* A mapping's keys must be single values and unique: the others are
 * reported and dropped. Mappings hold at most DESC_MAX_KEYS keys, so the
 * quadratic search stays small. */
static void yb_finish_map(loader *ld, ynode *n) {
  size_t w = 0;
  for (size_t i = 0; i + 1 < n->n; i += 2) {
    ynode *k = n->items[i], *v = n->items[i + 1];
    bool bad = false;
    if (k->kind != YN_SCALAR) {
      lerr(ld, k, "a key must be a plain word");
      bad = true;
    } else {
      for (size_t j = 0; j < w && !bad; j += 2)
        if (strcmp(n->items[j]->s, k->s) == 0) {
          lerr(ld, k, "duplicate key '%s'", k->s);
          bad = true;
        }
    }
    if (bad) {
      ynode_free(k);
      ynode_free(v);
      continue;
    }
    n->items[w++] = k;
    n->items[w++] = v;
  }
  n->n = w;
}

/* One scalar, sequence-start or mapping-start event. */
static void yb_node(ybuild *yb, const yaml_event_t *ev) {
  const yaml_mark_t *m = &ev->start_mark;
  const yaml_char_t *anchor = ev->type == YAML_SCALAR_EVENT ? ev->data.scalar.anchor
                              : ev->type == YAML_SEQUENCE_START_EVENT
                                  ? ev->data.sequence_start.anchor
                                  : ev->data.mapping_start.anchor;
  if (anchor) {
    /* Anchors exist only to be aliased: refusing them stops alias bombs. */
    yb_fail(yb, m, "anchors and aliases are not allowed (&%s)", (const char *)anchor);
    return;
  }
  if (++yb->nodes > DESC_MAX_NODES) {
    yb_fail(yb, m, "too many values in one descriptor file (the limit is %u)",
            (unsigned)DESC_MAX_NODES);
    return;
  }
  if (yb->depth > DESC_MAX_DEPTH) {
    yb_fail(yb, m, "nesting too deep (more than %d levels)", DESC_MAX_DEPTH);
    return;
  }
  ynode *parent = yb->depth ? yb->stack[yb->depth - 1] : NULL;
  if (parent && parent->kind == YN_MAP && parent->n >= 2 * DESC_MAX_KEYS) {
    yb_fail(yb, m, "more than %d keys in one mapping", DESC_MAX_KEYS);
    return;
  }
  ynode *n = xcalloc(1, sizeof *n);
  n->file = yb->file;
  n->line = (unsigned)m->line + 1;
  n->col = (unsigned)m->column + 1;
  if (ev->type == YAML_SCALAR_EVENT) {
    n->kind = YN_SCALAR;
    n->s = xstrndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
    n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
  } else {
    n->kind = ev->type == YAML_SEQUENCE_START_EVENT ? YN_SEQ : YN_MAP;
  }
  if (parent)
    yb_append(parent, n);
  else if (!yb->root)
    yb->root = n;
  else {
    ynode_free(n);
    return;
  }
  if (n->kind != YN_SCALAR) {
    if (yb->depth == yb->cap) {
      yb->cap = yb->cap ? 2 * yb->cap : 16;
      yb->stack = xrealloc(yb->stack, yb->cap * sizeof *yb->stack);
    }
    yb->stack[yb->depth++] = n;
  }
}

/* Parses one YAML text; NULL (with a diagnostic) when it is not YAML or
 * breaks a limit. */
static ynode *parse_yaml(loader *ld, const char *file, const char *text, size_t len) {
  if (len > DESC_MAX_FILE) {
    diag_addc(ld->diags, DIAG_ERROR, DC_FORMS, file, 0, 0, NULL,
              "descriptor file too large (%zu bytes; the limit is %u)", len,
              (unsigned)DESC_MAX_FILE);
    return NULL;
  }
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) {
    diag_addc(ld->diags, DIAG_ERROR, DC_INTERNAL, file, 0, 0, NULL,
              "cannot initialise the YAML parser");
    return NULL;
  }
  yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
  ybuild yb = {.ld = ld, .file = file};
  bool done = false;
  while (!done && !yb.failed) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&parser, &ev)) {
      diag_addc(ld->diags, DIAG_ERROR, DC_FORMS, file, (unsigned)parser.problem_mark.line + 1,
                (unsigned)parser.problem_mark.column + 1, NULL, "YAML: %s%s%s",
                parser.problem ? parser.problem : "syntax error", parser.context ? " " : "",
                parser.context ? parser.context : "");
      yb.failed = true;
      break;
    }
    switch (ev.type) {
    case YAML_DOCUMENT_END_EVENT: /* the first document is the descriptor */
    case YAML_STREAM_END_EVENT: done = true; break;
    case YAML_ALIAS_EVENT:
      yb_fail(&yb, &ev.start_mark, "anchors and aliases are not allowed (*%s)",
              (const char *)ev.data.alias.anchor);
      break;
    case YAML_SCALAR_EVENT:
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: yb_node(&yb, &ev); break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
      if (yb.depth) {
        ynode *n = yb.stack[--yb.depth];
        if (n->kind == YN_MAP)
          yb_finish_map(ld, n);
      }
      break;
    default: break;
    }
    yaml_event_delete(&ev);
  }
  yaml_parser_delete(&parser);
  free(yb.stack);
  ynode *root = yb.root;
  if (yb.failed) {
    ynode_free(root);
    return NULL;
  }
  if (!root) {
    diag_addc(ld->diags, DIAG_ERROR, DC_FORMS, file, 1, 1, NULL, "empty descriptor file");
    return NULL;
  }
  if (root->kind != YN_MAP) {
    lerr(ld, root, "a descriptor file is a mapping (form:, type:, sections: …)");
    ynode_free(root);
    return NULL;
  }
  return root;
}

/* ---- scalar helpers ---------------------------------------------------------- */

static const char *scalar(loader *ld, const ynode *v, const char *key) {
  if (v->kind != YN_SCALAR) {
    lerr(ld, v, "'%s' must be a single value", key);
    return NULL;
  }
  return v->s;
}

static char *scalar_dup(loader *ld, const ynode *v, const char *key) {
  const char *s = scalar(ld, v, key);
  return s ? xstrdup(s) : NULL;
}

static bool is_true_word(const char *s) {
  return strcmp(s, "true") == 0;
}
static bool is_false_word(const char *s) {
  return strcmp(s, "false") == 0;
}

static bool get_bool(loader *ld, const ynode *v, const char *key, bool *out) {
  const char *s = scalar(ld, v, key);
  if (!s)
    return false;
  if (v->plain && is_true_word(s))
    *out = true;
  else if (v->plain && is_false_word(s))
    *out = false;
  else {
    lerr(ld, v, "'%s' must be true or false, not '%s'", key, s);
    return false;
  }
  return true;
}

static bool parse_ll(const char *s, long long *out) {
  if (!s || !*s)
    return false;
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || *end)
    return false;
  *out = v;
  return true;
}

static bool get_int(loader *ld, const ynode *v, const char *key, long long *out) {
  const char *s = scalar(ld, v, key);
  if (!s)
    return false;
  if (!parse_ll(s, out)) {
    lerr(ld, v, "'%s' must be an integer, not '%s'", key, s);
    return false;
  }
  return true;
}

/* A list of strings; a single scalar counts as a list of one. */
static char **get_str_list(loader *ld, const ynode *v, const char *key, size_t *n) {
  *n = 0;
  if (v->kind == YN_SCALAR) {
    char **out = xmalloc(sizeof *out);
    out[0] = xstrdup(v->s);
    *n = 1;
    return out;
  }
  if (v->kind != YN_SEQ) {
    lerr(ld, v, "'%s' must be a list", key);
    return NULL;
  }
  char **out = xcalloc(v->n ? v->n : 1, sizeof *out);
  for (size_t i = 0; i < v->n; i++) {
    const char *s = scalar(ld, v->items[i], key);
    if (s)
      out[(*n)++] = xstrdup(s);
  }
  return out;
}

/* An identifier path: ident ('.' ident)*, as in conditions. */
static bool valid_id(const char *s) {
  if (!s || !*s)
    return false;
  for (;;) {
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
      return false;
    while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
           *s == '_' || *s == '-')
      s++;
    if (*s == '\0')
      return true;
    if (*s != '.')
      return false;
    s++;
  }
}

static bool valid_version(const char *s) {
  if (strcmp(s, "n/a") == 0)
    return true;
  if (!(*s >= '0' && *s <= '9'))
    return false;
  for (; *s; s++) {
    if (*s == '.' && s[1] >= '0' && s[1] <= '9')
      continue;
    if (!(*s >= '0' && *s <= '9'))
      return false;
  }
  return true;
}

static int os_index(const char *name) {
  for (int i = 0; i < OS__COUNT; i++)
    if (strcmp(os_names[i], name) == 0)
      return i;
  return -1;
}

static void parse_os(loader *ld, const ynode *v, os_avail *os, bool deprecated) {
  if (v->kind != YN_MAP) {
    lerr(ld, v, "'os' must be a mapping like {ios: \"14.0\", macos: n/a}");
    return;
  }
  for (size_t i = 0; i < ymap_len(v); i++) {
    const ynode *k = ymap_key(v, i), *x = ymap_val(v, i);
    if (!deprecated && strcmp(k->s, "deprecated") == 0) {
      parse_os(ld, x, os, true);
      continue;
    }
    int o = os_index(k->s);
    if (o < 0) {
      lerr(ld, k, "unknown os '%s' (expected ios, macos, visionos, watchos%s)", k->s,
           deprecated ? "" : " or deprecated");
      continue;
    }
    const char *ver = scalar(ld, x, k->s);
    if (!ver)
      continue;
    if (!valid_version(ver) || (deprecated && strcmp(ver, "n/a") == 0)) {
      lerr(ld, x, "'%s' is not a version like \"14.0\"%s", ver, deprecated ? "" : " or n/a");
      continue;
    }
    char **slot = deprecated ? &os->deprecated[o] : &os->since[o];
    free(*slot);
    *slot = xstrdup(ver);
  }
}

/* ---- use: resolution --------------------------------------------------------- */

typedef struct kv {
  const ynode *k, *v;
} kv;

typedef struct rawmap {
  kv *items;
  size_t n, cap;
} rawmap;

static void raw_set(rawmap *r, const ynode *k, const ynode *v) {
  for (size_t i = 0; i < r->n; i++)
    if (strcmp(r->items[i].k->s, k->s) == 0) {
      r->items[i].k = k;
      r->items[i].v = v;
      return;
    }
  if (r->n == r->cap) {
    r->cap = r->cap ? 2 * r->cap : 16;
    r->items = xrealloc(r->items, r->cap * sizeof *r->items);
  }
  r->items[r->n].k = k;
  r->items[r->n].v = v;
  r->n++;
}

/* The keys of `node`, with a `use:` replaced by the library entry's keys
 * (which the node's own keys then override). */
static bool raw_merge(loader *ld, const ynode *node, const ynode *lib, const char *what,
                      rawmap *out, int depth) {
  if (node->kind != YN_MAP) {
    lerr(ld, node, "a %s must be a mapping", what);
    return false;
  }
  const ynode *use = ymap_get(node, "use");
  if (use) {
    const char *name = scalar(ld, use, "use");
    const ynode *base = name ? ymap_get(lib, name) : NULL;
    if (!name)
      return false;
    if (!base) {
      lerr(ld, use, "unknown %s '%s' in use: (not in _common.yaml)", what, name);
      return false;
    }
    if (depth >= MAX_DEPTH) {
      lerr(ld, use, "use: chain too long at '%s'", name);
      return false;
    }
    if (!raw_merge(ld, base, lib, what, out, depth + 1))
      return false;
  }
  for (size_t i = 0; i < ymap_len(node); i++)
    if (strcmp(ymap_key(node, i)->s, "use") != 0)
      raw_set(out, ymap_key(node, i), ymap_val(node, i));
  return true;
}

/* ---- conditions ---------------------------------------------------------- */

static expr *parse_cond(loader *ld, const ynode *v, const char *key, bool false_is_null) {
  const char *s = scalar(ld, v, key);
  if (!s)
    return NULL;
  if (false_is_null && v->plain && is_false_word(s))
    return NULL;
  /* Quoted scalars start one column after the quote. */
  diag_list tmp = DIAG_LIST_INIT;
  expr *e = expr_parse(s, v->file, v->line, v->col + (v->plain ? 0 : 1), &tmp);
  for (size_t i = 0; i < tmp.n; i++)
    add_unique(ld->diags, tmp.items[i].file, tmp.items[i].line, tmp.items[i].col, tmp.items[i].msg);
  diag_list_free(&tmp);
  if (e) {
    if (ld->n_conds == ld->cap_conds) {
      ld->cap_conds = ld->cap_conds ? 2 * ld->cap_conds : 64;
      ld->conds = xrealloc(ld->conds, ld->cap_conds * sizeof *ld->conds);
    }
    ld->conds[ld->n_conds].e = e;
    ld->conds[ld->n_conds].at = v;
    ld->n_conds++;
  }
  return e;
}

static const ynode *cond_where(const loader *ld, const expr *e) {
  for (size_t i = 0; i < ld->n_conds; i++)
    if (ld->conds[i].e == e)
      return ld->conds[i].at;
  return NULL;
}

/* ---- fields --------------------------------------------------------------- */

static val *scalar_typed(const ynode *v) {
  long long i;
  if (v->plain && is_true_word(v->s))
    return val_new_bool(true);
  if (v->plain && is_false_word(v->s))
    return val_new_bool(false);
  if (v->plain && parse_ll(v->s, &i))
    return val_new_int(i);
  return val_new_str(v->s);
}

static void parse_choices(loader *ld, const ynode *v, desc_field *f) {
  if (v->kind != YN_SEQ) {
    lerr(ld, v, "'choices' must be a list of {value, label, profile, help}");
    return;
  }
  f->choices = xcalloc(v->n ? v->n : 1, sizeof *f->choices);
  for (size_t i = 0; i < v->n; i++) {
    const ynode *c = v->items[i];
    desc_choice ch = {0};
    if (c->kind == YN_SCALAR) {
      /* Shorthand: a bare value is its own label. */
      ch.value = xstrdup(c->s);
      ch.label = xstrdup(c->s);
    } else if (c->kind == YN_MAP) {
      for (size_t j = 0; j < ymap_len(c); j++) {
        const ynode *k = ymap_key(c, j), *x = ymap_val(c, j);
        char **slot = strcmp(k->s, "value") == 0     ? &ch.value
                      : strcmp(k->s, "label") == 0   ? &ch.label
                      : strcmp(k->s, "profile") == 0 ? &ch.profile
                      : strcmp(k->s, "help") == 0    ? &ch.help
                                                     : NULL;
        if (!slot) {
          lerr(ld, k, "unknown key '%s' in a choice (expected value, label, profile, help)", k->s);
          continue;
        }
        free(*slot);
        *slot = scalar_dup(ld, x, k->s);
      }
      if (!ch.value)
        lerr(ld, c, "a choice needs a value");
      else if (!ch.label)
        ch.label = xstrdup(ch.value);
    } else {
      lerr(ld, c, "a choice is a value or a mapping {value, label, profile, help}");
    }
    if (!ch.value) {
      free(ch.label);
      free(ch.profile);
      free(ch.help);
      continue;
    }
    for (size_t j = 0; j < f->n_choices; j++)
      if (strcmp(f->choices[j].value, ch.value) == 0)
        lerr(ld, c, "duplicate choice '%s'", ch.value);
    f->choices[f->n_choices++] = ch;
  }
}

static void parse_profile_also(loader *ld, const ynode *v, desc_field *f) {
  if (v->kind != YN_MAP) {
    lerr(ld, v, "'profile_also' must be a mapping of profile keys to constants");
    return;
  }
  f->also = xcalloc(ymap_len(v) ? ymap_len(v) : 1, sizeof *f->also);
  for (size_t i = 0; i < ymap_len(v); i++) {
    const ynode *x = ymap_val(v, i);
    if (x->kind != YN_SCALAR) {
      lerr(ld, x, "a profile_also value must be a constant");
      continue;
    }
    f->also[f->n_also].key = xstrdup(ymap_key(v, i)->s);
    f->also[f->n_also].value = scalar_typed(x);
    f->n_also++;
  }
}

static val *build_default(loader *ld, const ynode *v, const desc_field *f) {
  const char *id = f->id ? f->id : "?";
  switch (f->kind) {
  case FK_BOOL:
    if (v->kind == YN_SCALAR && v->plain && (is_true_word(v->s) || is_false_word(v->s)))
      return val_new_bool(is_true_word(v->s));
    lerr(ld, v, "default of bool field '%s' must be true or false", id);
    return NULL;
  case FK_INT: {
    long long i;
    if (v->kind != YN_SCALAR || !parse_ll(v->s, &i)) {
      lerr(ld, v, "default of integer field '%s' must be an integer", id);
      return NULL;
    }
    if ((f->has_min && i < f->min) || (f->has_max && i > f->max)) {
      lerr(ld, v, "default %lld of '%s' is outside %lld..%lld", i, id, f->min, f->max);
      return NULL;
    }
    return val_new_int(i);
  }
  case FK_LIST: {
    if (v->kind != YN_SEQ) {
      lerr(ld, v, "default of list field '%s' must be a list", id);
      return NULL;
    }
    val *l = val_new_list();
    for (size_t i = 0; i < v->n; i++) {
      if (v->items[i]->kind != YN_SCALAR) {
        lerr(ld, v->items[i], "default of list field '%s' must be a list of strings", id);
        val_free(l);
        return NULL;
      }
      val_list_append(l, val_new_str(v->items[i]->s));
    }
    return l;
  }
  case FK_MAP: {
    if (v->kind != YN_MAP) {
      lerr(ld, v, "default of map field '%s' must be a mapping", id);
      return NULL;
    }
    val *m = val_new_map();
    for (size_t i = 0; i < ymap_len(v); i++) {
      if (ymap_val(v, i)->kind != YN_SCALAR) {
        lerr(ld, ymap_val(v, i), "default of map field '%s' must map strings to strings", id);
        val_free(m);
        return NULL;
      }
      val_map_set(m, ymap_key(v, i)->s, val_new_str(ymap_val(v, i)->s));
    }
    return m;
  }
  case FK_RECORDS: lerr(ld, v, "records field '%s' takes no default", id); return NULL;
  case FK_CHOICE:
    if (v->kind != YN_SCALAR) {
      lerr(ld, v, "default of choice field '%s' must be one of its values", id);
      return NULL;
    }
    if (!f->choices_from && !desc_field_choice(f, v->s)) {
      strbuf b = STRBUF_INIT;
      for (size_t i = 0; i < f->n_choices; i++)
        strbuf_printf(&b, "%s%s", i ? ", " : "", f->choices[i].value);
      lerr(ld, v, "default '%s' of '%s' is not one of its choices (%s)", v->s, id, strbuf_str(&b));
      strbuf_free(&b);
      return NULL;
    }
    return val_new_str(v->s);
  default:
    if (v->kind != YN_SCALAR) {
      lerr(ld, v, "default of %s field '%s' must be a single value", field_kind_name(f->kind), id);
      return NULL;
    }
    return val_new_str(v->s);
  }
}

/* Why a profile key path is malformed, or NULL. Paths are dotted keys,
 * optionally after "$dict." or (outside records) "@profile.". */
static const char *profile_path_problem(const char *p, bool in_record) {
  if (str_starts(p, "$dict."))
    p += 6;
  else if (str_starts(p, "@profile.")) {
    if (in_record)
      return "a record's keys are relative to the record; @profile. cannot be used here";
    p += 9;
  }
  if (!*p)
    return "empty key path";
  for (const char *q = p; *q; q++) {
    if (*q == '$' || *q == '@')
      return "'$dict.' and '@profile.' may only start a key path";
    if (*q == '.' && (q == p || q[1] == '.' || q[1] == '\0'))
      return "empty key in the path";
  }
  return NULL;
}

/* "a" and "a.b" cannot both be fields: one YAML key would be a value and a mapping. */
static bool ids_conflict(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > lb) {
    const char *t = a;
    a = b;
    b = t;
    la = lb;
  }
  return strncmp(a, b, la) == 0 && b[la] == '.';
}

static bool build_fields(loader *ld, const ynode *list, const char *parent_path, desc_field **out,
                         size_t *n_out, int depth);

static void set_str(char **slot, char *s) {
  free(*slot);
  *slot = s;
}

/* ---- a field's keys: one table, walked once --------------------------------- */

/* One field being built: the field, its node, and the values a key leaves
 * for after the kind is known. */
typedef struct field_build {
  desc_field *f;
  const ynode *node;
  const char *parent_path; /* the records path ("on_demand.rules[]"), or NULL */
  int depth;
  const ynode *kind_v, *def_v, *fields_v, *choices_v, *min_v, *max_v, *profile_v, *also_v;
} field_build;

/* Reads key's value v into the field; true when the key took effect (what
 * the kind rule below is about). */
typedef bool (*field_key_parse)(loader *ld, field_build *b, const ynode *v, const char *key);
/* Runs once the kind is known, in table order, whether the key was given or not. */
typedef void (*field_key_then)(loader *ld, field_build *b);

#define KIND_BIT(k) (1u << (k))

typedef struct field_key {
  const char *key;
  field_key_parse parse;
  unsigned kinds;    /* the kinds that accept the key (KIND_BIT); 0: every kind */
  bool at_value;     /* the wrong-kind message points at the key's value, else at the field */
  const char *wrong; /* the wrong-kind message (args: the field's path, its kind's name) */
  field_key_then then;
} field_key;

static bool key_id(loader *ld, field_build *b, const ynode *v, const char *key) {
  set_str(&b->f->id, scalar_dup(ld, v, key));
  if (b->f->id && !valid_id(b->f->id))
    lerr(ld, v, "field id '%s' is not a dotted name (letters, digits, _ and -)", b->f->id);
  return true;
}

static bool key_label(loader *ld, field_build *b, const ynode *v, const char *key) {
  set_str(&b->f->label, scalar_dup(ld, v, key));
  return true;
}

static bool key_help(loader *ld, field_build *b, const ynode *v, const char *key) {
  set_str(&b->f->help, scalar_dup(ld, v, key));
  return true;
}

static bool key_placeholder(loader *ld, field_build *b, const ynode *v, const char *key) {
  set_str(&b->f->placeholder, scalar_dup(ld, v, key));
  return true;
}

static bool key_kind(loader *ld, field_build *b, const ynode *v, const char *key) {
  (void)ld, (void)key;
  b->kind_v = v;
  return true;
}

static bool key_default(loader *ld, field_build *b, const ynode *v, const char *key) {
  (void)ld, (void)key;
  b->def_v = v;
  return true;
}

static bool key_fields(loader *ld, field_build *b, const ynode *v, const char *key) {
  (void)ld, (void)key;
  b->fields_v = v;
  return true;
}

static bool key_choices(loader *ld, field_build *b, const ynode *v, const char *key) {
  (void)ld, (void)key;
  b->choices_v = v;
  return true;
}

static bool key_choices_from(loader *ld, field_build *b, const ynode *v, const char *key) {
  char *s = scalar_dup(ld, v, key);
  if (s && strcmp(s, "types") != 0) {
    lerr(ld, v, "unknown choices_from '%s' (expected types)", s);
    free(s);
    s = NULL;
  }
  set_str(&b->f->choices_from, s);
  return b->f->choices_from != NULL;
}

static bool key_suggestions(loader *ld, field_build *b, const ynode *v, const char *key) {
  desc_field *f = b->f;
  for (size_t j = 0; j < f->n_suggestions; j++)
    free(f->suggestions[j]);
  free(f->suggestions);
  f->suggestions = get_str_list(ld, v, key, &f->n_suggestions);
  return f->n_suggestions > 0;
}

static bool key_required(loader *ld, field_build *b, const ynode *v, const char *key) {
  expr_free(b->f->required);
  b->f->required = parse_cond(ld, v, key, true);
  return true;
}

static bool key_show(loader *ld, field_build *b, const ynode *v, const char *key) {
  expr_free(b->f->show);
  b->f->show = parse_cond(ld, v, key, false);
  return true;
}

static bool key_export_if(loader *ld, field_build *b, const ynode *v, const char *key) {
  expr_free(b->f->export_if);
  b->f->export_if = parse_cond(ld, v, key, false);
  return true;
}

static bool key_when_hidden(loader *ld, field_build *b, const ynode *v, const char *key) {
  const char *s = scalar(ld, v, key);
  if (!s)
    return false;
  if (strcmp(s, "warning") == 0)
    b->f->when_hidden = HIDDEN_WARNING;
  else if (strcmp(s, "error") == 0)
    b->f->when_hidden = HIDDEN_ERROR;
  else if (strcmp(s, "ignore") == 0)
    b->f->when_hidden = HIDDEN_IGNORE;
  else
    lerr(ld, v, "unknown when_hidden '%s' (expected warning, error, ignore)", s);
  return true;
}

static bool key_format(loader *ld, field_build *b, const ynode *v, const char *key) {
  const char *s = scalar(ld, v, key);
  if (s && !field_format_from_name(s, &b->f->format)) {
    strbuf sb = STRBUF_INIT;
    for (int j = 1; j < FMT__COUNT; j++)
      strbuf_printf(&sb, "%s%s", j > 1 ? ", " : "", field_format_name((field_format)j));
    lerr(ld, v, "unknown format '%s' (expected %s)", s, strbuf_str(&sb));
    strbuf_free(&sb);
  }
  return true;
}

static bool key_min(loader *ld, field_build *b, const ynode *v, const char *key) {
  long long ll;
  b->min_v = v;
  if (get_int(ld, v, key, &ll)) {
    b->f->has_min = true;
    b->f->min = ll;
  }
  return true;
}

static bool key_max(loader *ld, field_build *b, const ynode *v, const char *key) {
  long long ll;
  b->max_v = v;
  if (get_int(ld, v, key, &ll)) {
    b->f->has_max = true;
    b->f->max = ll;
  }
  return true;
}

static bool key_max_len(loader *ld, field_build *b, const ynode *v, const char *key) {
  long long ll;
  if (get_int(ld, v, key, &ll)) {
    if (ll < 0)
      lerr(ld, v, "'max_len' must not be negative");
    else
      b->f->max_len = (size_t)ll;
  }
  return true;
}

static bool key_variables(loader *ld, field_build *b, const ynode *v, const char *key) {
  bool bv;
  if (get_bool(ld, v, key, &bv))
    b->f->variables = bv;
  return true;
}

static bool key_readonly(loader *ld, field_build *b, const ynode *v, const char *key) {
  bool bv;
  if (get_bool(ld, v, key, &bv))
    b->f->readonly = bv;
  return true;
}

static bool key_os(loader *ld, field_build *b, const ynode *v, const char *key) {
  (void)key;
  parse_os(ld, v, &b->f->os, false);
  return true;
}

static bool key_item_label(loader *ld, field_build *b, const ynode *v, const char *key) {
  set_str(&b->f->item_label, scalar_dup(ld, v, key));
  return b->f->item_label != NULL;
}

static bool key_profile(loader *ld, field_build *b, const ynode *v, const char *key) {
  desc_field *f = b->f;
  b->profile_v = v;
  for (size_t j = 0; j < f->n_profile; j++)
    free(f->profile[j]);
  free(f->profile);
  f->profile = get_str_list(ld, v, key, &f->n_profile);
  return true;
}

static bool key_profile_type(loader *ld, field_build *b, const ynode *v, const char *key) {
  const char *s = scalar(ld, v, key);
  if (s && !profile_type_from_name(s, &b->f->ptype))
    lerr(ld, v,
         "unknown profile_type '%s' (expected string, integer, boolean, int01, array, dict, "
         "data)",
         s);
  return true;
}

static bool key_profile_value(loader *ld, field_build *b, const ynode *v, const char *key) {
  set_str(&b->f->profile_value, scalar_dup(ld, v, key));
  return true;
}

static bool key_profile_also(loader *ld, field_build *b, const ynode *v, const char *key) {
  (void)key;
  desc_field *f = b->f;
  b->also_v = v;
  for (size_t j = 0; j < f->n_also; j++) {
    free(f->also[j].key);
    val_free(f->also[j].value);
  }
  free(f->also);
  f->also = NULL;
  f->n_also = 0;
  parse_profile_also(ld, v, f);
  return true;
}

static bool key_embed(loader *ld, field_build *b, const ynode *v, const char *key) {
  char *s = scalar_dup(ld, v, key);
  if (s && strcmp(s, "pkcs12") != 0) {
    lerr(ld, v, "unknown embed '%s' (expected pkcs12)", s);
    free(s);
    s = NULL;
  }
  set_str(&b->f->embed, s);
  return b->f->embed != NULL;
}

static bool key_embed_password(loader *ld, field_build *b, const ynode *v, const char *key) {
  set_str(&b->f->embed_password, scalar_dup(ld, v, key));
  return true;
}

/* After `choices`: the choices read, or a choice field without any. */
static void then_choices(loader *ld, field_build *b) {
  desc_field *f = b->f;
  if (b->choices_v && f->kind == FK_CHOICE)
    parse_choices(ld, b->choices_v, f);
  if (f->kind == FK_CHOICE && !f->n_choices && !f->choices_from && !b->choices_v)
    lerr(ld, b->node, "choice field '%s' needs choices: or choices_from:", f->path);
}

static void then_max(loader *ld, field_build *b) {
  if (b->f->has_min && b->f->has_max && b->f->min > b->f->max)
    lerr(ld, b->max_v, "'max' is below 'min'");
}

static void then_embed_password(loader *ld, field_build *b) {
  if (b->f->embed_password && !b->f->embed)
    lerr(ld, b->node, "'embed_password' needs 'embed' ('%s')", b->f->path);
}

/* After `fields`: a records field's own fields, which it needs. */
static void then_fields(loader *ld, field_build *b) {
  desc_field *f = b->f;
  if (b->fields_v && f->kind == FK_RECORDS) {
    if (b->depth >= MAX_DEPTH) {
      lerr(ld, b->fields_v, "records nested too deep");
    } else {
      char *sub = xasprintf("%s[]", f->path);
      build_fields(ld, b->fields_v, sub, &f->fields, &f->n_fields, b->depth + 1);
      free(sub);
    }
  }
  if (kind_of(f)->shape == KSHAPE_RECORDS && !f->n_fields)
    lerr(ld, b->fields_v ? b->fields_v : b->node, "records field '%s' needs fields:", f->path);
}

/* Every key a field may have (docs/forms.md). The kind rules and the `then`
 * steps run in this order once the kind is known. */
static const field_key field_keys[] = {
    {"choices", key_choices, KIND_BIT(FK_CHOICE), true,
     "'choices' is only for kind choice ('%s' is %s)", then_choices},
    {"choices_from", key_choices_from, KIND_BIT(FK_CHOICE), false,
     "'choices_from' is only for kind choice ('%s')", NULL},
    {"suggestions", key_suggestions, KIND_BIT(FK_TEXT), false,
     "'suggestions' is only for kind text ('%s')", NULL},
    {"min", key_min, KIND_BIT(FK_INT) | KIND_BIT(FK_LIST) | KIND_BIT(FK_RECORDS), true,
     "'min'/'max' are for integer, list and records fields", NULL},
    {"max", key_max, KIND_BIT(FK_INT) | KIND_BIT(FK_LIST) | KIND_BIT(FK_RECORDS), true,
     "'min'/'max' are for integer, list and records fields", then_max},
    {"embed", key_embed, KIND_BIT(FK_FILE), false, "'embed' is only for kind file ('%s')", NULL},
    {"embed_password", key_embed_password, 0, false, NULL, then_embed_password},
    {"item_label", key_item_label, KIND_BIT(FK_RECORDS), false,
     "'item_label' is only for records ('%s')", NULL},
    {"fields", key_fields, KIND_BIT(FK_RECORDS), true, "'fields' is only for kind records ('%s')",
     then_fields},
    {"id", key_id, 0, false, NULL, NULL},
    {"label", key_label, 0, false, NULL, NULL},
    {"help", key_help, 0, false, NULL, NULL},
    {"placeholder", key_placeholder, 0, false, NULL, NULL},
    {"kind", key_kind, 0, false, NULL, NULL},
    {"default", key_default, 0, false, NULL, NULL},
    {"required", key_required, 0, false, NULL, NULL},
    {"show", key_show, 0, false, NULL, NULL},
    {"export_if", key_export_if, 0, false, NULL, NULL},
    {"when_hidden", key_when_hidden, 0, false, NULL, NULL},
    {"format", key_format, 0, false, NULL, NULL},
    {"max_len", key_max_len, 0, false, NULL, NULL},
    {"variables", key_variables, 0, false, NULL, NULL},
    {"readonly", key_readonly, 0, false, NULL, NULL},
    {"os", key_os, 0, false, NULL, NULL},
    {"profile", key_profile, 0, false, NULL, NULL},
    {"profile_type", key_profile_type, 0, false, NULL, NULL},
    {"profile_value", key_profile_value, 0, false, NULL, NULL},
    {"profile_also", key_profile_also, 0, false, NULL, NULL},
};
#define N_FIELD_KEYS (sizeof field_keys / sizeof *field_keys)

/* Builds one field from its (use:-resolved) keys. `parent_path` is the
 * records path ("on_demand.rules[]") or NULL at the top level. */
static void build_field(loader *ld, const ynode *node, const char *parent_path, desc_field *f,
                        int depth) {
  rawmap r = {0};
  f->file = xstrdup(node->file);
  f->line = node->line;
  f->col = node->col;
  if (!raw_merge(ld, node, ld->lib_fields, "field", &r, 0)) {
    /* Already reported; a placeholder keeps the struct consistent. */
    f->id = xstrdup("?");
    f->path = xstrdup("?");
    goto out;
  }

  field_build b = {.f = f, .node = node, .parent_path = parent_path, .depth = depth};
  bool given[N_FIELD_KEYS] = {false};
  const ynode *given_v[N_FIELD_KEYS] = {NULL};
  for (size_t i = 0; i < r.n; i++) {
    const ynode *k = r.items[i].k, *v = r.items[i].v;
    size_t j = 0;
    while (j < N_FIELD_KEYS && strcmp(k->s, field_keys[j].key) != 0)
      j++;
    if (j == N_FIELD_KEYS) {
      lerr(ld, k, "unknown key '%s' in a field", k->s);
      continue;
    }
    given[j] = field_keys[j].parse(ld, &b, v, k->s);
    given_v[j] = v;
  }

  if (!f->id) {
    lerr(ld, node, "a field needs an id");
    f->id = xstrdup("?");
  }
  f->path = parent_path ? xasprintf("%s.%s", parent_path, f->id) : xstrdup(f->id);
  if (!f->label)
    lerr(ld, node, "field '%s' needs a label", f->path);

  f->kind = FK_TEXT; /* the default kind when none is given */
  if (b.kind_v) {
    const char *s = scalar(ld, b.kind_v, "kind");
    if (s && !field_kind_from_name(s, &f->kind)) {
      strbuf sb = STRBUF_INIT;
      for (int j = 0; j < FK__COUNT; j++)
        strbuf_printf(&sb, "%s%s", j ? ", " : "", field_kind_name((field_kind)j));
      lerr(ld, b.kind_v, "unknown kind '%s' (expected %s)", s, strbuf_str(&sb));
      strbuf_free(&sb);
    }
  }

  /* The kind rules, in table order; min and max share one message. */
  const char *said = NULL;
  for (size_t j = 0; j < N_FIELD_KEYS; j++) {
    const field_key *e = &field_keys[j];
    if (given[j] && e->kinds && !(e->kinds & KIND_BIT(f->kind)) && e->wrong != said) {
      lerr(ld, e->at_value ? given_v[j] : node, e->wrong, f->path, field_kind_name(f->kind));
      said = e->wrong;
    }
    if (e->then)
      e->then(ld, &b);
  }

  for (size_t i = 0; i < f->n_profile; i++) {
    const char *why = profile_path_problem(f->profile[i], parent_path != NULL);
    if (why)
      lerr(ld, b.profile_v, "bad profile key '%s': %s", f->profile[i], why);
  }
  for (size_t i = 0; i < ymap_len(b.also_v); i++) {
    const char *why = profile_path_problem(ymap_key(b.also_v, i)->s, parent_path != NULL);
    if (why)
      lerr(ld, ymap_key(b.also_v, i), "bad profile key '%s': %s", ymap_key(b.also_v, i)->s, why);
  }

  if (b.def_v)
    f->def = build_default(ld, b.def_v, f);
out:
  free(r.items);
}

static bool build_fields(loader *ld, const ynode *list, const char *parent_path, desc_field **out,
                         size_t *n_out, int depth) {
  if (list->kind != YN_SEQ) {
    lerr(ld, list, "'fields' must be a list of fields");
    return false;
  }
  desc_field *fs = xcalloc(list->n ? list->n : 1, sizeof *fs);
  for (size_t i = 0; i < list->n; i++)
    build_field(ld, list->items[i], parent_path, &fs[i], depth);
  *out = fs;
  *n_out = list->n;
  if (parent_path) {
    /* Ids are unique among one record's fields. */
    for (size_t i = 0; i < list->n; i++)
      for (size_t j = 0; j < i; j++)
        if (fs[i].id[0] != '?' && strcmp(fs[i].id, fs[j].id) == 0) {
          lerr(ld, list->items[i], "duplicate field id '%s' (first at %s:%u:%u)", fs[i].path,
               fs[j].file, fs[j].line, fs[j].col);
          break;
        } else if (fs[i].id[0] != '?' && fs[j].id[0] != '?' && ids_conflict(fs[i].id, fs[j].id)) {
          lerr(ld, list->items[i],
               "field id '%s' clashes with '%s': one key cannot hold a value and fields",
               fs[i].path, fs[j].path);
          break;
        }
  }
  return true;
}

/* ---- sections and types ------------------------------------------------------ */

static void build_section(loader *ld, const ynode *node, desc_section *s) {
  rawmap r = {0};
  if (!raw_merge(ld, node, ld->lib_sections, "section", &r, 0)) {
    s->id = xstrdup("?");
    goto out;
  }
  const ynode *fields_v = NULL;
  for (size_t i = 0; i < r.n; i++) {
    const ynode *k = r.items[i].k, *v = r.items[i].v;
    if (strcmp(k->s, "id") == 0)
      set_str(&s->id, scalar_dup(ld, v, k->s));
    else if (strcmp(k->s, "title") == 0)
      set_str(&s->title, scalar_dup(ld, v, k->s));
    else if (strcmp(k->s, "help") == 0)
      set_str(&s->help, scalar_dup(ld, v, k->s));
    else if (strcmp(k->s, "show") == 0) {
      expr_free(s->show);
      s->show = parse_cond(ld, v, k->s, false);
    } else if (strcmp(k->s, "fields") == 0)
      fields_v = v;
    else
      lerr(ld, k, "unknown key '%s' in a section (expected id, title, help, show, fields)", k->s);
  }
  if (!s->id) {
    lerr(ld, node, "a section needs an id");
    s->id = xstrdup("?");
  }
  if (!s->title)
    lerr(ld, node, "section '%s' needs a title", s->id);
  if (fields_v)
    build_fields(ld, fields_v, NULL, &s->fields, &s->n_fields, 0);
out:
  free(r.items);
}

/* Path checks need the whole type: a condition may name a later field. */
typedef struct path_check {
  loader *ld;
  const desc_type *t;
  const desc_field *record; /* scope for relative paths, NULL = top level */
  const ynode *at;
  const char *what;
} path_check;

static bool scope_has(const desc_type *t, const desc_field *record, const char *path, bool rooted) {
  if (record && !rooted) {
    for (size_t i = 0; i < record->n_fields; i++)
      if (strcmp(record->fields[i].id, path) == 0)
        return true;
    return false;
  }
  return desc_type_find_field(t, path) != NULL;
}

static void check_one_path(void *ud, const char *path, bool rooted) {
  path_check *pc = ud;
  if (scope_has(pc->t, pc->record, path, rooted))
    return;
  if (pc->record && !rooted)
    lerr(pc->ld, pc->at,
         "%s names '%s', which is no field of %s[] (use '/%s' for a top-level field)", pc->what,
         path, pc->record->path, path);
  else
    lerr(pc->ld, pc->at, "%s names '%s', which is no field of type '%s'", pc->what, path,
         pc->t->id);
}

static void check_cond(path_check *pc, const expr *e, const ynode *fallback, const char *what) {
  if (!e)
    return;
  pc->at = cond_where(pc->ld, e);
  if (!pc->at)
    pc->at = fallback;
  pc->what = what;
  expr_each_path(e, check_one_path, pc);
}

/* Checks the {path} references of a template (profile_value, item_label). */
static void check_template(path_check *pc, const char *tpl, const ynode *at, const char *what) {
  if (!tpl)
    return;
  pc->at = at;
  pc->what = what;
  for (const char *p = strchr(tpl, '{'); p; p = strchr(p + 1, '{')) {
    const char *end = strchr(p, '}');
    if (!end) {
      lerr(pc->ld, at, "%s: '{' without '}'", what);
      return;
    }
    if (end == p + 1)
      continue; /* {} is the field's own value */
    bool rooted = p[1] == '/';
    char *path = xstrndup(p + 1 + rooted, (size_t)(end - p - 1 - rooted));
    check_one_path(pc, path, rooted);
    free(path);
  }
}

static void check_field_paths(loader *ld, const desc_type *t, const desc_field *record,
                              const desc_field *f) {
  path_check pc = {ld, t, record, NULL, NULL};
  /* The field's own position, for messages about non-condition keys. */
  ynode at = {0};
  at.file = f->file;
  at.line = f->line;
  at.col = f->col;
  check_cond(&pc, f->show, &at, "show:");
  check_cond(&pc, f->required, &at, "required:");
  check_cond(&pc, f->export_if, &at, "export_if:");
  check_template(&pc, f->profile_value, &at, "profile_value");
  if (f->embed_password) {
    pc.at = &at;
    pc.what = "embed_password";
    check_one_path(&pc, f->embed_password, false);
  }
  if (kind_of(f)->shape == KSHAPE_RECORDS) {
    path_check rc = {ld, t, f, NULL, NULL};
    check_template(&rc, f->item_label, &at, "item_label");
    for (size_t i = 0; i < f->n_fields; i++)
      check_field_paths(ld, t, f, &f->fields[i]);
  }
}

static void check_type(loader *ld, const desc_type *t, const ynode *type_node) {
  /* Field ids are unique across the whole type: they are the YAML keys. */
  for (size_t s = 0; s < t->n_sections; s++) {
    const desc_section *sec = &t->sections[s];
    for (size_t i = 0; i < sec->n_fields; i++) {
      const desc_field *f = &sec->fields[i];
      const desc_field *first = desc_type_find_field(t, f->id);
      if (first && first != f && f->id[0] != '?') {
        ynode here = {0};
        here.file = f->file;
        here.line = f->line;
        here.col = f->col;
        lerr(ld, &here, "duplicate field id '%s' in type '%s' (first at %s:%u:%u)", f->id, t->id,
             first->file, first->line, first->col);
      }
      for (size_t s2 = 0; s2 <= s; s2++)
        for (size_t j = 0; j < (s2 == s ? i : t->sections[s2].n_fields); j++) {
          const desc_field *g = &t->sections[s2].fields[j];
          if (f->id[0] != '?' && g->id[0] != '?' && ids_conflict(f->id, g->id)) {
            ynode here = {0};
            here.file = f->file;
            here.line = f->line;
            here.col = f->col;
            lerr(ld, &here,
                 "field id '%s' clashes with '%s': one key cannot hold a value and fields", f->id,
                 g->id);
          }
        }
    }
  }
  for (size_t s = 0; s < t->n_sections; s++) {
    const desc_section *sec = &t->sections[s];
    path_check pc = {ld, t, NULL, NULL, NULL};
    check_cond(&pc, sec->show, type_node, "show:");
    for (size_t i = 0; i < sec->n_fields; i++)
      check_field_paths(ld, t, NULL, &sec->fields[i]);
  }
}

static const char *const vpn_types[] = {"VPN", "IPSec", "IKEv2"};

static bool build_type(loader *ld, const ynode *root, desc_type *t) {
  const ynode *sections_v = NULL;
  bool has_order = false;
  t->file = xstrdup(root->file);
  t->line = root->line;
  t->col = root->col;
  for (size_t i = 0; i < ymap_len(root); i++) {
    const ynode *k = ymap_key(root, i), *v = ymap_val(root, i);
    const char *key = k->s;
    long long ll;
    if (strcmp(key, "form") == 0) {
      if (get_int(ld, v, key, &ll) && ll != 1)
        lerr(ld, v, "unsupported form version %lld (this appvpn reads form 1)", ll);
    } else if (strcmp(key, "type") == 0) {
      set_str(&t->id, scalar_dup(ld, v, key));
      if (t->id && !valid_id(t->id))
        lerr(ld, v, "type id '%s' is not a name (letters, digits, _ and -)", t->id);
    } else if (strcmp(key, "label") == 0) {
      set_str(&t->label, scalar_dup(ld, v, key));
    } else if (strcmp(key, "summary") == 0) {
      set_str(&t->summary, scalar_dup(ld, v, key));
    } else if (strcmp(key, "vpn_type") == 0) {
      set_str(&t->vpn_type, scalar_dup(ld, v, key));
      bool ok = false;
      for (size_t j = 0; t->vpn_type && j < sizeof vpn_types / sizeof *vpn_types; j++)
        ok |= strcmp(t->vpn_type, vpn_types[j]) == 0;
      if (t->vpn_type && !ok)
        lerr(ld, v, "unknown vpn_type '%s' (expected VPN, IPSec, IKEv2)", t->vpn_type);
    } else if (strcmp(key, "dict") == 0) {
      set_str(&t->dict, scalar_dup(ld, v, key));
    } else if (strcmp(key, "os") == 0) {
      parse_os(ld, v, &t->os, false);
    } else if (strcmp(key, "order") == 0) {
      if (get_int(ld, v, key, &ll)) {
        if (ll < INT_MIN || ll > INT_MAX)
          lerr(ld, v, "'order' out of range");
        else {
          t->order = (int)ll;
          has_order = true;
        }
      }
    } else if (strcmp(key, "sections") == 0) {
      sections_v = v;
    } else {
      lerr(ld, k,
           "unknown key '%s' in a type (expected form, type, label, summary, vpn_type, "
           "dict, os, order, sections)",
           key);
    }
  }
  if (!has_order)
    t->order = INT_MAX; /* unordered types go last */
  if (!t->id) {
    lerr(ld, root, "a type file needs 'type:' (the type id)");
    t->id = xstrdup("?");
  }
  if (!t->label)
    lerr(ld, root, "type '%s' needs a label", t->id);
  if (!t->vpn_type)
    lerr(ld, root, "type '%s' needs a vpn_type (VPN, IPSec or IKEv2)", t->id);
  if (!t->dict && t->vpn_type)
    t->dict = xstrdup(t->vpn_type);
  if (!sections_v) {
    lerr(ld, root, "type '%s' needs sections:", t->id);
  } else if (sections_v->kind != YN_SEQ) {
    lerr(ld, sections_v, "'sections' must be a list");
  } else {
    t->sections = xcalloc(sections_v->n ? sections_v->n : 1, sizeof *t->sections);
    for (size_t i = 0; i < sections_v->n; i++) {
      desc_section *sec = &t->sections[t->n_sections++];
      build_section(ld, sections_v->items[i], sec);
      for (size_t j = 0; j + 1 < t->n_sections; j++)
        if (sec->id[0] != '?' && str_eq(t->sections[j].id, sec->id)) {
          lerr(ld, sections_v->items[i], "duplicate section id '%s' in type '%s'", sec->id,
               t->id ? t->id : "?");
          break;
        }
    }
  }
  check_type(ld, t, root);
  return true;
}

static void load_library(loader *ld, const ynode *root) {
  for (size_t i = 0; i < ymap_len(root); i++) {
    const ynode *k = ymap_key(root, i), *v = ymap_val(root, i);
    long long ll;
    if (strcmp(k->s, "form") == 0) {
      if (get_int(ld, v, k->s, &ll) && ll != 1)
        lerr(ld, v, "unsupported form version %lld (this appvpn reads form 1)", ll);
    } else if (strcmp(k->s, "fields") == 0 || strcmp(k->s, "sections") == 0) {
      if (v->kind != YN_MAP) {
        lerr(ld, v, "'%s' of the library must be a mapping of names", k->s);
        continue;
      }
      if (k->s[0] == 'f')
        ld->lib_fields = v;
      else
        ld->lib_sections = v;
    } else {
      lerr(ld, k, "unknown key '%s' in _common.yaml (expected form, fields, sections)", k->s);
    }
  }
  /* Build every entry once on its own, so that an entry no type uses is
   * checked too. Paths are checked per type, where they mean something. */
  desc_set *tmp = xcalloc(1, sizeof *tmp);
  desc_type *t = tmp->types = xcalloc(1, sizeof *tmp->types);
  tmp->n_types = 1;
  t->sections = xcalloc(1 + ymap_len(ld->lib_sections), sizeof *t->sections);
  desc_section *all = &t->sections[t->n_sections++];
  all->fields = xcalloc(ymap_len(ld->lib_fields) + 1, sizeof *all->fields);
  for (size_t i = 0; i < ymap_len(ld->lib_fields); i++)
    build_field(ld, ymap_val(ld->lib_fields, i), NULL, &all->fields[all->n_fields++], 0);
  for (size_t i = 0; i < ymap_len(ld->lib_sections); i++)
    build_section(ld, ymap_val(ld->lib_sections, i), &t->sections[t->n_sections++]);
  desc_set_free(tmp);
}

/* ---- entry points ------------------------------------------------------------- */

static int type_cmp(const void *a, const void *b) {
  const desc_type *x = a, *y = b;
  if (x->order != y->order)
    return x->order < y->order ? -1 : 1;
  return strcmp(x->id, y->id);
}

static void fill_type_choices(desc_set *set, desc_field *fs, size_t n) {
  for (size_t i = 0; i < n; i++) {
    desc_field *f = &fs[i];
    if (f->choices_from && strcmp(f->choices_from, "types") == 0) {
      for (size_t j = 0; j < f->n_choices; j++) {
        free(f->choices[j].value);
        free(f->choices[j].label);
        free(f->choices[j].profile);
        free(f->choices[j].help);
      }
      free(f->choices);
      f->choices = xcalloc(set->n_types ? set->n_types : 1, sizeof *f->choices);
      f->n_choices = set->n_types;
      for (size_t t = 0; t < set->n_types; t++) {
        f->choices[t].value = xstrdup(set->types[t].id);
        f->choices[t].label = xstrdup(set->types[t].label ? set->types[t].label : set->types[t].id);
        if (set->types[t].summary)
          f->choices[t].help = xstrdup(set->types[t].summary);
      }
    }
    fill_type_choices(set, f->fields, f->n_fields);
  }
}

static const char *base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

desc_set *desc_load_sources(const desc_source *src, size_t n, diag_list *diags) {
  loader ld = {0};
  ld.diags = diags;
  size_t errors_before = diag_count(diags, DIAG_ERROR);
  ynode **roots = xcalloc(n ? n : 1, sizeof *roots);
  desc_set *set = xcalloc(1, sizeof *set);
  set->types = xcalloc(n ? n : 1, sizeof *set->types);

  for (size_t i = 0; i < n; i++)
    roots[i] = parse_yaml(&ld, src[i].name, src[i].text, src[i].len);
  /* The library first, whatever order the files came in. */
  bool have_lib = false;
  for (size_t i = 0; i < n; i++)
    if (roots[i] && strcmp(base_name(src[i].name), "_common.yaml") == 0) {
      if (have_lib)
        lerr(&ld, roots[i], "a second _common.yaml");
      else
        load_library(&ld, roots[i]);
      have_lib = true;
    }
  for (size_t i = 0; i < n; i++) {
    if (!roots[i] || strcmp(base_name(src[i].name), "_common.yaml") == 0)
      continue;
    desc_type *t = &set->types[set->n_types++];
    build_type(&ld, roots[i], t);
    for (size_t j = 0; j + 1 < set->n_types; j++)
      if (strcmp(set->types[j].id, t->id) == 0) {
        lerr(&ld, roots[i], "duplicate type '%s' (also in %s)", t->id, set->types[j].file);
        break;
      }
  }
  if (set->n_types == 0 && diag_count(diags, DIAG_ERROR) == errors_before)
    diag_addc(diags, DIAG_ERROR, DC_FORMS, NULL, 0, 0, NULL,
              "no connection types (no forms/*.yaml besides _common.yaml)");

  qsort(set->types, set->n_types, sizeof *set->types, type_cmp);
  for (size_t t = 0; t < set->n_types; t++)
    for (size_t s = 0; s < set->types[t].n_sections; s++)
      fill_type_choices(set, set->types[t].sections[s].fields, set->types[t].sections[s].n_fields);

  for (size_t i = 0; i < n; i++)
    ynode_free(roots[i]);
  free(roots);
  free(ld.conds);
  if (diag_count(diags, DIAG_ERROR) > errors_before) {
    desc_set_free(set);
    return NULL;
  }
  return set;
}

desc_set *desc_load_embedded(diag_list *diags) {
  /* The build compiled forms/ into a blob (appvpn_formc): reading it is much
   * cheaper than parsing the YAML at every start. */
  size_t len = 0;
  const unsigned char *blob = desc_blob_embedded(&len);
  return desc_blob_read(blob, len, diags);
}

static int str_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A regular file's bytes (NULL with errno set otherwise: EINVAL for a
 * FIFO, a device or anything else that is not a regular file, EFBIG past
 * DESC_MAX_FILE). O_NONBLOCK: opening a FIFO without a writer must not hang. */
static char *read_file(const char *path, size_t *len) {
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
  if (fd < 0)
    return NULL;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    errno = EINVAL;
    return NULL;
  }
  strbuf b = STRBUF_INIT;
  char buf[8192];
  ssize_t got;
  while ((got = read(fd, buf, sizeof buf)) != 0) {
    if (got < 0) {
      if (errno == EINTR)
        continue;
      break;
    }
    if (b.len + (size_t)got > DESC_MAX_FILE) {
      errno = EFBIG;
      got = -1;
      break;
    }
    strbuf_putn(&b, buf, (size_t)got);
  }
  int saved = errno;
  close(fd);
  *len = b.len;
  if (got < 0) {
    strbuf_free(&b);
    errno = saved;
    return NULL;
  }
  return strbuf_take(&b);
}

desc_set *desc_load_dir(const char *dir, diag_list *diags) {
  DIR *d = opendir(dir);
  if (!d) {
    diag_addc(diags, DIAG_ERROR, DC_FORMS, dir, 0, 0, NULL, "cannot open the forms directory: %s",
              strerror(errno));
    return NULL;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *de;
  while ((de = readdir(d))) {
    size_t len = strlen(de->d_name);
    if (len <= 5 || strcmp(de->d_name + len - 5, ".yaml") != 0 || de->d_name[0] == '.')
      continue;
    if (n == cap) {
      cap = cap ? 2 * cap : 16;
      names = xrealloc(names, cap * sizeof *names);
    }
    names[n++] = xasprintf("%s/%s", dir, de->d_name);
  }
  closedir(d);
  if (n)
    qsort(names, n, sizeof *names, str_cmp);

  desc_source *src = xcalloc(n ? n : 1, sizeof *src);
  char **texts = xcalloc(n ? n : 1, sizeof *texts);
  size_t k = 0;
  bool io_error = false;
  for (size_t i = 0; i < n; i++) {
    size_t len = 0;
    texts[i] = read_file(names[i], &len);
    if (!texts[i]) {
      diag_addc(diags, DIAG_ERROR, DC_FORMS, names[i], 0, 0, NULL, "cannot read: %s",
                errno == EINVAL ? "not a regular file"
                : errno == EFBIG
                    ? "larger than the limit for a descriptor file (" DESC_MAX_FILE_TEXT ")"
                    : strerror(errno));
      io_error = true;
      continue;
    }
    src[k].name = names[i];
    src[k].text = texts[i];
    src[k].len = len;
    k++;
  }
  desc_set *set = NULL;
  if (!io_error) {
    if (k == 0)
      diag_addc(diags, DIAG_ERROR, DC_FORMS, dir, 0, 0, NULL,
                "no descriptors (*.yaml) in this directory");
    else
      set = desc_load_sources(src, k, diags);
  }
  for (size_t i = 0; i < n; i++) {
    free(names[i]);
    free(texts[i]);
  }
  free(names);
  free(texts);
  free(src);
  return set;
}

desc_set *desc_load_default(diag_list *diags) {
  const char *dir = getenv("APPVPN_FORMS_DIR");
  if (dir && *dir)
    return desc_load_dir(dir, diags);
  return desc_load_embedded(diags);
}
