/* The descriptor loader's YAML node tree, built from libyaml's events with
 * every node's file and line:col, so that every problem is reported where it
 * is. */
#include "io/desc_load_int.h"

#include <stdarg.h>
#include <yaml.h>

#include "core/util.h"

/* ---- YAML node tree ---------------------------------------------------- */

void dl_ynode_free(ynode *n) {
  if (!n)
    return;
  for (size_t i = 0; i < n->n; i++)
    dl_ynode_free(n->items[i]);
  free(n->items);
  free(n->s);
  free(n);
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
      dl_lerr(ld, k, "a key must be a plain word");
      bad = true;
    } else {
      for (size_t j = 0; j < w && !bad; j += 2)
        if (strcmp(n->items[j]->s, k->s) == 0) {
          dl_lerr(ld, k, "duplicate key '%s'", k->s);
          bad = true;
        }
    }
    if (bad) {
      dl_ynode_free(k);
      dl_ynode_free(v);
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
    dl_ynode_free(n);
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
ynode *dl_parse_yaml(loader *ld, const char *file, const char *text, size_t len) {
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
    dl_ynode_free(root);
    return NULL;
  }
  if (!root) {
    diag_addc(ld->diags, DIAG_ERROR, DC_FORMS, file, 1, 1, NULL, "empty descriptor file");
    return NULL;
  }
  if (root->kind != YN_MAP) {
    dl_lerr(ld, root, "a descriptor file is a mapping (form:, type:, sections: …)");
    dl_ynode_free(root);
    return NULL;
  }
  return root;
}
