/* Condition expressions: a small recursive-descent parser producing a tree
 * that is evaluated without side effects (grammar in expr.h). */
#include "core/expr.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

typedef enum { E_CONST, E_PATH, E_EQ, E_NE, E_IN, E_NOT, E_AND, E_OR } expr_kind;

struct expr {
  expr_kind kind;
  char *src;  /* the whole source, root node only */
  char *file; /* where src was written (root only; may be NULL) */
  unsigned line, col;
  bool constant; /* E_CONST */
  char *path;    /* E_PATH, E_EQ, E_NE, E_IN */
  bool rooted;
  char **lits; /* literal texts, normalised (integers in decimal) */
  size_t n_lits;
  expr *a, *b; /* E_NOT: a; E_AND/E_OR: a, b */
};

typedef struct parser {
  const char *s;
  size_t pos;
  const char *file;
  unsigned line, col;
  diag_list *diags;
  bool failed;
  unsigned depth; /* open '(' and '!' */
  size_t operands;
} parser;

static void p_error(parser *p, size_t at, const char *msg) {
  if (p->failed)
    return; /* the first fault is the useful one */
  p->failed = true;
  diag_addc(p->diags, DIAG_ERROR, DC_CONDITION, p->file, p->line, p->col + (unsigned)at, NULL,
            "bad condition: %s", msg);
}

static void skip_ws(parser *p) {
  while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' || p->s[p->pos] == '\n' ||
         p->s[p->pos] == '\r')
    p->pos++;
}

static bool is_ident_start(char c) {
  return isalpha((unsigned char)c) || c == '_';
}
static bool is_ident_char(char c) {
  return isalnum((unsigned char)c) || c == '_' || c == '-';
}
/* Bare-word literals also allow dots, slashes and colons (bundle ids, versions). */
static bool is_bare_char(char c) {
  return is_ident_char(c) || c == '.' || c == '/' || c == ':';
}

static expr *node_new(expr_kind k) {
  expr *e = xcalloc(1, sizeof *e);
  e->kind = k;
  return e;
}

void expr_free(expr *e) {
  if (!e)
    return;
  expr_free(e->a);
  expr_free(e->b);
  free(e->src);
  free(e->file);
  free(e->path);
  for (size_t i = 0; i < e->n_lits; i++)
    free(e->lits[i]);
  free(e->lits);
  free(e);
}

/* A word at the current position without consuming it: true when it is
 * exactly `w` (not a prefix of a longer identifier). */
static bool at_word(const parser *p, const char *w) {
  size_t n = strlen(w);
  return strncmp(p->s + p->pos, w, n) == 0 && !is_bare_char(p->s[p->pos + n]);
}

static char *parse_path(parser *p, bool *rooted) {
  *rooted = false;
  if (p->s[p->pos] == '/') {
    *rooted = true;
    p->pos++;
  }
  size_t id_start = p->pos;
  for (;;) {
    if (!is_ident_start(p->s[p->pos])) {
      p_error(p, p->pos,
              p->pos == id_start ? "expected a field path" : "expected a name after '.'");
      return NULL;
    }
    while (is_ident_char(p->s[p->pos]))
      p->pos++;
    if (p->s[p->pos] != '.')
      break;
    p->pos++;
  }
  return xstrndup(p->s + id_start, p->pos - id_start);
}

static char *parse_literal(parser *p, const char *after) {
  skip_ws(p);
  char c = p->s[p->pos];
  size_t start = p->pos;
  if (c == '\'' || c == '"') {
    p->pos++;
    size_t body = p->pos;
    while (p->s[p->pos] && p->s[p->pos] != c)
      p->pos++;
    if (!p->s[p->pos]) {
      p_error(p, start, "unterminated quoted string");
      return NULL;
    }
    char *lit = xstrndup(p->s + body, p->pos - body);
    p->pos++;
    return lit;
  }
  if (c == '-' || isdigit((unsigned char)c)) {
    size_t q = p->pos + (c == '-');
    bool digits = isdigit((unsigned char)p->s[q]);
    while (isdigit((unsigned char)p->s[q]))
      q++;
    if (digits && !is_bare_char(p->s[q])) {
      /* Integers compare by value: "08" and 8 are the same literal. */
      long long v = strtoll(p->s + p->pos, NULL, 10);
      p->pos = q;
      return xasprintf("%lld", v);
    }
  }
  if (is_bare_char(c)) {
    while (is_bare_char(p->s[p->pos]))
      p->pos++;
    return xstrndup(p->s + start, p->pos - start);
  }
  char msg[64];
  snprintf(msg, sizeof msg, "expected literal after '%s'", after);
  p_error(p, start, msg);
  return NULL;
}

static expr *parse_or(parser *p);

static expr *parse_cmp(parser *p) {
  skip_ws(p);
  if (++p->operands > EXPR_MAX_OPERANDS) {
    char msg[80];
    snprintf(msg, sizeof msg, "more than %d comparisons in one condition", EXPR_MAX_OPERANDS);
    p_error(p, p->pos, msg);
    return NULL;
  }
  /* A bare true/false is a constant (required: true, show: false). */
  if (at_word(p, "true") || at_word(p, "false")) {
    expr *e = node_new(E_CONST);
    e->constant = p->s[p->pos] == 't';
    p->pos += e->constant ? 4 : 5;
    return e;
  }
  bool rooted;
  char *path = parse_path(p, &rooted);
  if (!path)
    return NULL;
  expr *e = node_new(E_PATH);
  e->path = path;
  e->rooted = rooted;
  skip_ws(p);
  const char *s = p->s + p->pos;
  if (strncmp(s, "==", 2) == 0 || strncmp(s, "!=", 2) == 0) {
    e->kind = s[0] == '=' ? E_EQ : E_NE;
    p->pos += 2;
    char *lit = parse_literal(p, e->kind == E_EQ ? "==" : "!=");
    if (!lit) {
      expr_free(e);
      return NULL;
    }
    e->lits = xmalloc(sizeof *e->lits);
    e->lits[0] = lit;
    e->n_lits = 1;
  } else if (at_word(p, "in")) {
    e->kind = E_IN;
    p->pos += 2;
    skip_ws(p);
    if (p->s[p->pos] != '[') {
      p_error(p, p->pos, "expected '[' after 'in'");
      expr_free(e);
      return NULL;
    }
    p->pos++;
    for (;;) {
      char *lit = parse_literal(p, e->n_lits ? "," : "[");
      if (!lit) {
        expr_free(e);
        return NULL;
      }
      e->lits = xrealloc(e->lits, (e->n_lits + 1) * sizeof *e->lits);
      e->lits[e->n_lits++] = lit;
      skip_ws(p);
      if (p->s[p->pos] == ',') {
        p->pos++;
        continue;
      }
      if (p->s[p->pos] == ']') {
        p->pos++;
        break;
      }
      p_error(p, p->pos, "expected ',' or ']' in list");
      expr_free(e);
      return NULL;
    }
  } else if (s[0] == '=' && s[1] != '=') {
    p_error(p, p->pos, "'=' is not an operator; use '=='");
    expr_free(e);
    return NULL;
  }
  return e;
}

/* Guards the recursion of '!' and '(': the parser (and evaluation) go one
 * level deeper for each. */
static bool deeper(parser *p) {
  if (++p->depth <= EXPR_MAX_DEPTH)
    return true;
  char msg[80];
  snprintf(msg, sizeof msg, "nested deeper than %d levels of '(' and '!'", EXPR_MAX_DEPTH);
  p_error(p, p->pos, msg);
  return false;
}

static expr *parse_unary(parser *p) {
  skip_ws(p);
  if (p->s[p->pos] == '!' && p->s[p->pos + 1] != '=') {
    if (!deeper(p))
      return NULL;
    p->pos++;
    expr *a = parse_unary(p);
    p->depth--;
    if (!a)
      return NULL;
    expr *e = node_new(E_NOT);
    e->a = a;
    return e;
  }
  if (p->s[p->pos] == '(') {
    if (!deeper(p))
      return NULL;
    p->pos++;
    expr *e = parse_or(p);
    p->depth--;
    if (!e)
      return NULL;
    skip_ws(p);
    if (p->s[p->pos] != ')') {
      p_error(p, p->pos, "expected ')'");
      expr_free(e);
      return NULL;
    }
    p->pos++;
    return e;
  }
  return parse_cmp(p);
}

static expr *parse_binary(parser *p, bool is_or) {
  expr *left = is_or ? parse_binary(p, false) : parse_unary(p);
  if (!left)
    return NULL;
  const char *op = is_or ? "||" : "&&";
  for (;;) {
    skip_ws(p);
    if (strncmp(p->s + p->pos, op, 2) != 0)
      return left;
    p->pos += 2;
    expr *right = is_or ? parse_binary(p, false) : parse_unary(p);
    if (!right) {
      expr_free(left);
      return NULL;
    }
    expr *e = node_new(is_or ? E_OR : E_AND);
    e->a = left;
    e->b = right;
    left = e;
  }
}

static expr *parse_or(parser *p) {
  return parse_binary(p, true);
}

expr *expr_parse(const char *src, const char *file, unsigned line, unsigned col, diag_list *diags) {
  parser p = {src ? src : "", 0, file, line, col, diags, false, 0, 0};
  skip_ws(&p);
  if (!p.s[p.pos]) {
    p_error(&p, p.pos, "empty condition");
    return NULL;
  }
  expr *e = parse_or(&p);
  if (e) {
    skip_ws(&p);
    if (p.s[p.pos]) {
      const char *s = p.s + p.pos;
      if (s[0] == '&' || s[0] == '|')
        p_error(&p, p.pos, s[0] == '&' ? "use '&&' for and" : "use '||' for or");
      else if (s[0] == '=' || (s[0] == '!' && s[1] == '='))
        p_error(&p, p.pos, "a comparison needs a field path on its left");
      else
        p_error(&p, p.pos, "unexpected text after the condition");
      expr_free(e);
      return NULL;
    }
  }
  if (!e)
    return NULL;
  /* Kept as written, minus surrounding blanks, for "shown when …" messages. */
  size_t a = 0, b = strlen(p.s);
  while (a < b && isspace((unsigned char)p.s[a]))
    a++;
  while (b > a && isspace((unsigned char)p.s[b - 1]))
    b--;
  e->src = xstrndup(p.s + a, b - a);
  e->file = file ? xstrdup(file) : NULL;
  e->line = line;
  e->col = col;
  return e;
}

const char *expr_source(const expr *e) {
  return e && e->src ? e->src : "";
}

void expr_where(const expr *e, const char **file, unsigned *line, unsigned *col) {
  *file = e ? e->file : NULL;
  *line = e ? e->line : 0;
  *col = e ? e->col : 0;
}

static bool lit_matches(const val *v, const char *lit) {
  if (!v || v->kind == VAL_NULL)
    /* An unset switch is off: `x == false` holds for it. */
    return lit[0] == '\0' || strcmp(lit, "false") == 0;
  if (v->kind == VAL_LIST) {
    /* A list matches when any of its items does (e.g. a list of SSIDs). */
    for (size_t i = 0; i < v->u.list.n; i++)
      if (lit_matches(v->u.list.v[i], lit))
        return true;
    return false;
  }
  char *t = val_scalar_text(v);
  bool eq = t && strcmp(t, lit) == 0;
  free(t);
  return eq;
}

bool expr_eval(const expr *e, expr_lookup_fn lookup, void *ctx) {
  if (!e)
    return true;
  switch (e->kind) {
  case E_CONST: return e->constant;
  case E_PATH: return val_truthy(lookup ? lookup(ctx, e->path, e->rooted) : NULL);
  case E_EQ:
  case E_NE:
  case E_IN: {
    const val *v = lookup ? lookup(ctx, e->path, e->rooted) : NULL;
    bool any = false;
    for (size_t i = 0; i < e->n_lits && !any; i++)
      any = lit_matches(v, e->lits[i]);
    return e->kind == E_NE ? !any : any;
  }
  case E_NOT: return !expr_eval(e->a, lookup, ctx);
  case E_AND: return expr_eval(e->a, lookup, ctx) && expr_eval(e->b, lookup, ctx);
  case E_OR: return expr_eval(e->a, lookup, ctx) || expr_eval(e->b, lookup, ctx);
  }
  return false;
}

void expr_each_path(const expr *e, void (*fn)(void *ctx, const char *path, bool rooted),
                    void *ctx) {
  if (!e)
    return;
  if (e->path)
    fn(ctx, e->path, e->rooted);
  expr_each_path(e->a, fn, ctx);
  expr_each_path(e->b, fn, ctx);
}

static bool plain_requirement(const expr *e) {
  switch (e->kind) {
  case E_PATH: return true;
  case E_EQ: return e->n_lits == 1;
  case E_AND: return plain_requirement(e->a) && plain_requirement(e->b);
  default: return false;
  }
}

static void each_requirement(const expr *e,
                             void (*fn)(void *ud, const char *path, bool rooted,
                                        const char *literal),
                             void *ud) {
  if (e->kind == E_AND) {
    each_requirement(e->a, fn, ud);
    each_requirement(e->b, fn, ud);
  } else {
    fn(ud, e->path, e->rooted, e->kind == E_EQ ? e->lits[0] : NULL);
  }
}

bool expr_requirements(const expr *e,
                       void (*fn)(void *ud, const char *path, bool rooted, const char *literal),
                       void *ud) {
  if (!e || !plain_requirement(e))
    return false;
  each_requirement(e, fn, ud);
  return true;
}
