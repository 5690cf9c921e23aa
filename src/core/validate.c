/* Validation driven by the descriptors (validate.h). No check here knows a
 * connection type or a field by name: every rule comes from desc_field
 * attributes (required, format, min/max, max_len, choices, variables, os,
 * when_hidden, embed).
 *
 * Who reports what:
 * - The shape of values (a list where text is expected, "abc" in an integer
 *   field, …) is the model's job: config_from_tree reports it at load and
 *   model_set refuses it. Values of an unexpected shape are skipped here, so
 *   a problem is never reported twice.
 * - Values set for hidden fields: see check_hidden() below.
 * Everything is collected in a private list, sorted by position, then moved
 * to the caller's list, so entries already there keep their order.
 */
#include "core/validate.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/kinds_impl.h"
#include "core/text.h"
#include "core/util.h"
#include "core/vars.h"

typedef struct kind_check {
  const config *cfg;
  diag_list *d;
  validate_items_fn items; /* when set: a list field's items are its job */
  void *items_ud;
} vstate;

static const char *cfg_file(const config *c) {
  return c ? c->path : NULL;
}

static void report(vstate *st, diag_level lvl, diag_code code, const val *at, const char *path,
                   const char *fmt, ...) DIAG_PRINTF(6, 7);
static void report(vstate *st, diag_level lvl, diag_code code, const val *at, const char *path,
                   const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_addcv(st->d, lvl, code, cfg_file(st->cfg), at ? at->line : 0, at ? at->col : 0, path, fmt,
             ap);
  va_end(ap);
}

/* ---- variables -------------------------------------------------------- */

typedef struct refscan {
  vstate *st;
  const desc_field *f;
  const char *path;
  const val *at;
  const char *first; /* first reference name, for the integer message (owned) */
  bool any;
} refscan;

static void unknown_ref(void *ud, size_t off, size_t len, const char *name) {
  (void)off;
  (void)len;
  refscan *r = ud;
  if (!r->first)
    r->first = xstrdup(name);
  r->any = true;
  if (!r->f->variables || vars_find(name))
    return;
  const char *sug = vars_suggest(name);
  if (sug)
    report(r->st, DIAG_WARNING, DC_UNKNOWN_VARIABLE, r->at, r->path,
           "unknown variable ${%s} (did you mean ${%s}?)", name, sug);
  else
    report(r->st, DIAG_WARNING, DC_UNKNOWN_VARIABLE, r->at, r->path,
           "unknown variable ${%s} (not a standard variable: the MDM must define a custom "
           "attribute of this name)",
           name);
}

/* Checks the ${…} references of one string; returns true when it has any.
 * *first (may be NULL) receives the first name (caller frees). */
static bool check_refs(vstate *st, const desc_field *f, const char *path, const val *at,
                       const char *s, char **first) {
  refscan r = {st, f, path, at, NULL, false};
  vars_each_ref(s, unknown_ref, &r);
  if (r.any && !f->variables)
    report(st, DIAG_WARNING, DC_VARIABLE_NOT_ALLOWED, at, path,
           "%s does not take variables: ${%s} would be sent to the device as written", f->label,
           r.first);
  if (first)
    *first = (char *)r.first;
  else
    free((char *)r.first);
  return r.any;
}

/* ---- single values ----------------------------------------------------- */

/* Format, length and variable checks of one string (a text value or one
 * item of a list). */
/* "path[i]" into buf when it fits, else a malloc'd copy (caller frees when != buf). */
static char *item_path(char *buf, size_t cap, const char *path, size_t i) {
  size_t n = strlen(path);
  char digits[24];
  size_t d = 0;
  do {
    digits[d++] = (char)('0' + i % 10);
    i /= 10;
  } while (i);
  if (n + d + 3 > cap)
    buf = xmalloc(n + d + 3);
  memcpy(buf, path, n);
  buf[n++] = '[';
  while (d)
    buf[n++] = digits[--d];
  buf[n++] = ']';
  buf[n] = 0;
  return buf;
}

/* Clean text (core/text.h); false, reported, when not. The model refuses
 * such text, so this catches values made some other way (the editor's
 * text as typed, a type switch that retyped another type's value). */
static bool check_clean(vstate *st, const char *path, const val *at, const char *s,
                        text_kind kind) {
  char *why = text_problem(s, kind);
  if (!why)
    return true;
  report(st, DIAG_ERROR, text_problem_code(s, strlen(s), kind), at, path, "%s", why);
  free(why);
  return false;
}

static void check_string(vstate *st, const desc_field *f, const char *path, const val *at,
                         const char *s) {
  if (!check_clean(st, path, at, s, TEXT_LINE))
    return;
  bool refs = check_refs(st, f, path, at, s, NULL);
  size_t n = strlen(s);
  if (f->max_len && n > f->max_len)
    report(st, DIAG_ERROR, DC_TOO_LONG, at, path, "%s is longer than %zu bytes (%zu)", f->label,
           f->max_len, n);
  /* A value made of variables is only known on the device: skip its format. */
  if (f->format != FMT_NONE && !(refs && f->variables)) {
    const char *why = NULL;
    if (!validate_format(f->format, s, &why))
      report(st, DIAG_ERROR, DC_PATTERN, at, path, "%s: %s ('%s' is not %s)", f->label,
             why ? why : "invalid", s, field_format_desc(f->format));
  }
}

static const char *items_word(const desc_field *f, long long n) {
  if (kind_of(f)->shape == KSHAPE_RECORDS)
    return n == 1 ? "entry" : "entries";
  return n == 1 ? "item" : "items";
}

static void check_count(vstate *st, const desc_field *f, const char *path, const val *v) {
  long long n = (long long)v->u.list.n;
  if (f->has_min && n < f->min)
    report(st, DIAG_ERROR, DC_COUNT, v, path, "%s needs at least %lld %s, has %lld", f->label,
           f->min, items_word(f, f->min), n);
  if (f->has_max && n > f->max)
    report(st, DIAG_ERROR, DC_COUNT, v, path, "%s takes at most %lld %s, has %lld", f->label,
           f->max, items_word(f, f->max), n);
}

/* Strict decimal, as the model reads integers: optional '-', no leading
 * zeros, nothing else. */
static bool parse_int(const char *s, long long *out) {
  const char *p = s + (*s == '-');
  if (!*p || (p[0] == '0' && p[1]) || strlen(p) > 18)
    return false;
  for (const char *q = p; *q; q++)
    if (*q < '0' || *q > '9')
      return false;
  *out = strtoll(s, NULL, 10);
  return true;
}

static void check_range(vstate *st, const desc_field *f, const char *path, const val *at,
                        long long i) {
  bool lo = f->has_min && i < f->min, hi = f->has_max && i > f->max;
  if (!lo && !hi)
    return;
  if (f->has_min && f->has_max)
    report(st, DIAG_ERROR, DC_OUT_OF_RANGE, at, path, "%s must be between %lld and %lld, not %lld",
           f->label, f->min, f->max, i);
  else if (lo)
    report(st, DIAG_ERROR, DC_OUT_OF_RANGE, at, path, "%s must be at least %lld, not %lld",
           f->label, f->min, i);
  else
    report(st, DIAG_ERROR, DC_OUT_OF_RANGE, at, path, "%s must be at most %lld, not %lld", f->label,
           f->max, i);
}

static void check_int(vstate *st, const desc_field *f, const char *path, const val *v) {
  if (v->kind == VAL_INT) {
    check_range(st, f, path, v, v->u.i);
    return;
  }
  if (v->kind != VAL_STR)
    return;
  /* The model keeps a ${var} in an integer field as text; the device
   * needs a number, so export needs the value (and fails without it). */
  char *first = NULL;
  if (check_refs(st, f, path, v, v->u.str, &first)) {
    if (f->variables)
      report(st, DIAG_WARNING, DC_UNRESOLVED_VARIABLE, v, path,
             "%s holds ${%s}: it must be resolved with --var %s=VALUE before export", f->label,
             first, first);
    free(first);
    return;
  }
  /* Other text reaches here only from validate_field (the editor's text
   * as typed): the model converts or refuses it before it is stored. */
  long long i;
  if (parse_int(v->u.str, &i))
    check_range(st, f, path, v, i);
  else
    report(st, DIAG_ERROR, DC_WRONG_TYPE, v, path, "%s must be a whole number, not '%s'", f->label,
           v->u.str);
}

static void check_choice(vstate *st, const desc_field *f, const char *path, const val *v) {
  char *text = val_scalar_text(v);
  if (!text)
    return;
  if (!desc_field_choice(f, text)) {
    strbuf allowed = STRBUF_INIT;
    for (size_t i = 0; i < f->n_choices; i++)
      strbuf_printf(&allowed, "%s%s", i ? ", " : "", f->choices[i].value);
    report(st, DIAG_ERROR, DC_NOT_A_CHOICE, v, path, "%s must be one of %s; not '%s'", f->label,
           strbuf_str(&allowed), text);
    strbuf_free(&allowed);
  }
  free(text);
}

/* The directory of the configuration file ("." when it has none), which
 * relative file paths are resolved against. Caller frees. */
static char *config_dir(const config *c) {
  const char *p = cfg_file(c);
  const char *slash = p ? strrchr(p, '/') : NULL;
  if (!slash)
    return xstrdup(".");
  if (slash == p)
    return xstrdup("/");
  return xstrndup(p, (size_t)(slash - p));
}

/* Does the file start as PKCS#12 does: one DER SEQUENCE (its length the
 * file's) holding INTEGER 3 (the version)? The full check, password
 * included, is export's (io, with libcrypto). */
static bool looks_pkcs12(int fd, off_t size) {
  unsigned char h[9];
  ssize_t n = read(fd, h, sizeof h);
  if (n < 5 || h[0] != 0x30)
    return false;
  size_t hdr = 2, len = h[1];
  if (h[1] == 0x80) { /* BER indefinite length: older tools write it */
    len = (size_t)size - 2;
  } else if (h[1] > 0x80) {
    size_t k = h[1] & 0x7F;
    if (k > 4 || (size_t)n < 2 + k + 3)
      return false;
    len = 0;
    for (size_t i = 0; i < k; i++)
      len = len << 8 | h[2 + i];
    hdr += k;
  }
  if ((size_t)n < hdr + 3 || hdr + len != (size_t)size)
    return false;
  return h[hdr] == 0x02 && h[hdr + 1] == 0x01 && h[hdr + 2] == 0x03;
}

static void check_file(vstate *st, const desc_field *f, const char *path, const val *v) {
  if (v->kind != VAL_STR || !*v->u.str || vars_has_ref(v->u.str))
    return;
  const char *name = v->u.str;
  char *dir = config_dir(st->cfg);
  char *full = name[0] == '/' ? xstrdup(name) : xasprintf("%s/%s", dir, name);
  free(dir);
  bool p12 = str_eq(f->embed, "pkcs12");
  const char *what = p12 ? "certificate file" : "file";
  /* O_NONBLOCK: a FIFO must not hang validation. */
  int fd = open(full, O_RDONLY | O_NOCTTY | O_NONBLOCK);
  struct stat sb;
  if (fd < 0) {
    report(st, DIAG_ERROR, diag_code_read_errno(errno), v, path, "cannot read %s %s: %s", what,
           name, strerror(errno));
  } else if (fstat(fd, &sb) != 0) {
    report(st, DIAG_ERROR, diag_code_read_errno(errno), v, path, "cannot read %s %s: %s", what,
           name, strerror(errno));
  } else if (S_ISDIR(sb.st_mode)) {
    report(st, DIAG_ERROR, DC_NOT_A_FILE, v, path, "cannot read %s %s: %s", what, name,
           strerror(EISDIR));
  } else if (!S_ISREG(sb.st_mode)) {
    report(st, DIAG_ERROR, DC_NOT_A_FILE, v, path,
           "cannot read %s %s: it is %s, not a regular file", what, name,
           S_ISFIFO(sb.st_mode)  ? "a FIFO"
           : S_ISCHR(sb.st_mode) ? "a character device"
           : S_ISBLK(sb.st_mode) ? "a block device"
                                 : "a socket");
  } else if (p12 && !looks_pkcs12(fd, sb.st_size)) {
    report(st, DIAG_ERROR, DC_NOT_P12, v, path, "%s %s is not a PKCS#12 (.p12) file", what, name);
  }
  if (fd >= 0)
    close(fd);
  free(full);
}

/* True when a deprecation on OS o matters: the type is available there and
 * so is the field (a type or field marked n/a is never used on o). */
static bool deprecation_applies(const config *c, const desc_field *f, int o) {
  if (!f->os.deprecated[o] || str_eq(f->os.since[o], "n/a"))
    return false;
  return !(c && c->type && str_eq(c->type->os.since[o], "n/a"));
}

/* "iOS 13.4 and macOS 11" for the platforms where the field is deprecated;
 * NULL when none applies. Caller frees. */
static char *deprecations(const config *c, const desc_field *f) {
  strbuf b = STRBUF_INIT;
  size_t n = 0, total = 0;
  for (int o = 0; o < OS__COUNT; o++)
    total += deprecation_applies(c, f, o);
  for (int o = 0; o < OS__COUNT; o++) {
    if (!deprecation_applies(c, f, o))
      continue;
    n++;
    strbuf_printf(&b, "%s%s %s",
                  n == 1       ? ""
                  : n == total ? " and "
                               : ", ",
                  os_labels[o], f->os.deprecated[o]);
  }
  return n ? strbuf_take(&b) : NULL;
}

/* Items from..to-1 of a list field's value. */
static void check_items(vstate *st, const desc_field *f, const char *path, const val *v,
                        size_t from, size_t to) {
  for (size_t i = from; i < to && i < v->u.list.n; i++) {
    const val *item = v->u.list.v[i];
    if (item->kind != VAL_STR)
      continue;
    /* Item paths are made on the stack: lists can hold 100k domains. */
    char buf[256];
    char *ipath = item_path(buf, sizeof buf, path, i);
    check_string(st, f, ipath, item, item->u.str);
    if (ipath != buf)
      free(ipath);
  }
}

/* ---- the kinds' check operations (core/kinds.h) --------------------------------- */

void kind_check_text(vstate *st, const model_ctx *ctx, const desc_field *f, const char *path,
                     const val *v) {
  (void)ctx;
  if (v->kind == VAL_STR)
    check_string(st, f, path, v, v->u.str);
}

void kind_check_file(vstate *st, const model_ctx *ctx, const desc_field *f, const char *path,
                     const val *v) {
  (void)ctx;
  if (v->kind == VAL_STR) {
    check_string(st, f, path, v, v->u.str);
    check_file(st, f, path, v);
  }
}

void kind_check_int(vstate *st, const model_ctx *ctx, const desc_field *f, const char *path,
                    const val *v) {
  (void)ctx;
  if (v->kind != VAL_STR || check_clean(st, path, v, v->u.str, TEXT_LINE))
    check_int(st, f, path, v);
}

void kind_check_choice(vstate *st, const model_ctx *ctx, const desc_field *f, const char *path,
                       const val *v) {
  (void)ctx;
  if (v->kind != VAL_STR || check_clean(st, path, v, v->u.str, TEXT_LINE))
    check_choice(st, f, path, v);
}

/* true or false: converting it was the whole check. */
void kind_check_bool(vstate *st, const model_ctx *ctx, const desc_field *f, const char *path,
                     const val *v) {
  (void)st;
  (void)ctx;
  (void)f;
  (void)path;
  (void)v;
}

void kind_check_list(vstate *st, const model_ctx *ctx, const desc_field *f, const char *path,
                     const val *v) {
  if (v->kind != VAL_LIST)
    return;
  check_count(st, f, path, v);
  if (st->items)
    st->items(st->items_ud, ctx, f, path, v, st->d);
  else
    check_items(st, f, path, v, 0, v->u.list.n);
}

void kind_check_map(vstate *st, const model_ctx *ctx, const desc_field *f, const char *path,
                    const val *v) {
  (void)ctx;
  if (v->kind != VAL_MAP)
    return;
  for (size_t i = 0; i < v->u.map.n; i++) {
    const val *item = v->u.map.v[i];
    if (item->kind != VAL_STR)
      continue;
    char *ipath = xasprintf("%s.%s", path, v->u.map.k[i]);
    if (!check_clean(st, ipath, item, v->u.map.k[i], TEXT_LINE) ||
        !check_clean(st, ipath, item, item->u.str, TEXT_LINES)) {
      free(ipath);
      continue;
    }
    check_refs(st, f, ipath, item, item->u.str, NULL);
    if (f->max_len && strlen(item->u.str) > f->max_len)
      report(st, DIAG_ERROR, DC_TOO_LONG, item, ipath,
             "%s: the value of '%s' is longer than %zu bytes", f->label, v->u.map.k[i], f->max_len);
    free(ipath);
  }
}

/* The entries' own fields are checked as fields of their records. */
void kind_check_records(vstate *st, const model_ctx *ctx, const desc_field *f, const char *path,
                        const val *v) {
  (void)ctx;
  if (v->kind == VAL_LIST)
    check_count(st, f, path, v);
}

/* Every check of one field's value (v: as stored, may be NULL). */
static void check_value(vstate *st, const model_ctx *ctx, const desc_field *f, const char *path,
                        const val *v) {
  if (val_is_empty(v)) {
    /* A default counts as a value: it is exported like one. */
    if (val_is_empty(f->def) && model_field_required(ctx, f)) {
      /* Point at the nearest enclosing map that exists in the file. */
      const val *base = ctx->record, *at = ctx->record;
      const char *id = f->id;
      if (!base)
        base = ctx->cfg ? ctx->cfg->root : NULL;
      for (const char *dot; base && (dot = strchr(id, '.')); id = dot + 1) {
        char *key = xstrndup(id, (size_t)(dot - id));
        const val *next = val_map_get(base, key);
        free(key);
        if (!next || next->kind != VAL_MAP)
          break;
        base = at = next;
      }
      report(st, DIAG_ERROR, DC_REQUIRED, at, path, "%s is required", f->label);
      return; /* one problem: an empty list is not also "too short" */
    }
    if (!v || v->kind != VAL_LIST ||
        !(kind_of(f)->shape == KSHAPE_LIST || kind_of(f)->shape == KSHAPE_RECORDS))
      return; /* an empty list may still be below its minimum */
  }

  kind_of(f)->check(st, ctx, f, path, v);

  if (!val_is_empty(v)) {
    char *dep = deprecations(ctx->cfg, f);
    if (dep)
      report(st, DIAG_WARNING, DC_DEPRECATED, v, path, "%s is deprecated since %s", f->label, dep);
    free(dep);
  }
}

/* Values of hidden fields are not checked: they are neither saved nor
 * exported (model_each_visible skips them), and the editor keeps them only so
 * that switching back restores them. A file that holds one is reported when it
 * is loaded (config_from_tree, per the field's when_hidden); `appvpn set` says
 * when a value it was given is dropped. */

/* ---- entry points ------------------------------------------------------ */

static bool visit(void *ud, const model_ctx *ctx, const desc_section *s, const desc_field *f,
                  const char *path, const val *value) {
  (void)s;
  (void)value; /* may be the default: the checks need what is stored */
  check_value(ud, ctx, f, path, model_get(ctx, f));
  return true;
}

void validate_config(const config *c, diag_list *diags) {
  if (!c || !diags)
    return;
  diag_list mine = DIAG_LIST_INIT;
  vstate st = {c, &mine, NULL, NULL};
  if (!c->type) {
    /* The loader already said why (missing or unknown type); without a
     * descriptor there is nothing to check against. */
    diag_list_move(diags, &mine);
    return;
  }
  model_each_visible(c, visit, &st);
  diag_list_sort(&mine);
  diag_list_move(diags, &mine);
}

void validate_field(const model_ctx *ctx, const desc_field *f, const char *path, const val *value,
                    diag_list *diags) {
  if (!ctx || !f || !diags)
    return;
  vstate st = {ctx->cfg, diags, NULL, NULL};
  check_value(&st, ctx, f, path ? path : f->id, value);
}

void validate_config_items(const config *c, validate_items_fn items, void *ud, diag_list *diags) {
  if (!c || !diags)
    return;
  if (!items) {
    validate_config(c, diags);
    return;
  }
  diag_list mine = DIAG_LIST_INIT;
  vstate st = {c, &mine, items, ud};
  if (c->type)
    model_each_visible(c, visit, &st);
  diag_list_sort(&mine);
  diag_list_move(diags, &mine);
}

void validate_list_items(const config *c, const desc_field *f, const char *path, const val *list,
                         size_t from, size_t to, diag_list *diags) {
  if (!f || !path || !list || list->kind != VAL_LIST || !diags)
    return;
  vstate st = {c, diags, NULL, NULL};
  check_items(&st, f, path, list, from, to);
}
