/* Profile export: configuration -> .mobileconfig, driven by the descriptors.
 *
 * Nothing here knows a vendor. Every visible field with profile keys is
 * converted (profile_type, choice spellings, profile_value templates) and
 * written at its key paths; the only fixed parts are the wrapper and payload
 * identity keys every profile has (PayloadType, PayloadVersion, PayloadUUID,
 * PayloadIdentifier, VPNType) and the pkcs12 embedding named by `embed`.
 *
 * Determinism: keys are written in descriptor order (the order of forms/)
 * and no value comes from the clock or randomness, so one configuration
 * always exports the same bytes (a device only replaces a profile when it
 * really changed). Keys are not sorted: that would mean copying the whole
 * tree, 100k-domain lists included, for no difference a device can see.
 *
 * Over 800 lines: value conversion, key paths, records, templates and the
 * walk share the exporter's state at every step; the embedded payloads,
 * which only add to it, are in export_embed.c.
 */
#include "io/export.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/pkcs12.h>
#include <plist/plist.h>
#include <unistd.h>

#include "core/util.h"
#include "core/uuid.h"
#include "core/validate.h"
#include "core/value.h"
#include "io/credential.h"
#include "io/fileio.h"
#include "io/export_int.h"
#include "io/kinds_io.h"
#include "io/plist_util.h"

void ex_error(exporter *x, const val *at, const char *field, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_addv(x->diags, DIAG_ERROR, x->c->path, at ? at->line : 0, at ? at->col : 0, field, fmt, ap);
  va_end(ap);
  x->failed = !x->opts->draft; /* a draft leaves the faulty value out and goes on */
}

/* ---- values: substitution, integers, conversion ---------------------------- */

static void subst_in_place(const exporter *x, val *v) {
  if (!v || x->opts->n_vars == 0)
    return;
  switch (v->kind) {
  case VAL_STR:
    if (vars_has_ref(v->u.str)) {
      val_str_set_take(v, vars_substitute(v->u.str, x->opts->vars, x->opts->n_vars, NULL));
    }
    break;
  case VAL_LIST:
    for (size_t i = 0; i < v->u.list.n; i++)
      subst_in_place(x, v->u.list.v[i]);
    break;
  case VAL_MAP:
    for (size_t i = 0; i < v->u.map.n; i++)
      subst_in_place(x, v->u.map.v[i]);
    break;
  default: break;
  }
}

/* The variables left in sv written in the target MDM's spelling; one that
 * MDM has no variable for stops the export, naming it and the field. */
static void to_dialect(exporter *x, const char *path, const val *at, val *sv) {
  if (!sv || x->opts->dialect == DIALECT_IVANTI)
    return;
  if (sv->kind == VAL_LIST || sv->kind == VAL_MAP) {
    size_t n = sv->kind == VAL_LIST ? sv->u.list.n : sv->u.map.n;
    for (size_t i = 0; i < n; i++)
      to_dialect(x, path, at, sv->kind == VAL_LIST ? sv->u.list.v[i] : sv->u.map.v[i]);
    return;
  }
  if (sv->kind != VAL_STR || !vars_has_ref(sv->u.str))
    return;
  char *missing = NULL;
  char *t = vars_to_dialect(sv->u.str, x->opts->dialect, &missing);
  if (t) {
    val_str_set_take(sv, t);
  } else {
    ex_error(x, at, path, "%s holds ${%s}, which %s has no variable for", path, missing,
             vars_dialect_name(x->opts->dialect));
    free(missing);
  }
}

/* A copy of v with every bound ${var} replaced. Caller frees. */
val *ex_subst_clone(const exporter *x, const val *v) {
  val *out = val_clone(v);
  subst_in_place(x, out);
  return out;
}

struct first_ref {
  char *text; /* "${x}" */
  char *name; /* "x" */
};

static void first_ref_cb(void *ud, size_t off, size_t len, const char *name) {
  struct first_ref *r = ud;
  (void)off;
  (void)len;
  if (!r->name)
    r->name = xstrdup(name);
}

static bool parse_ll(const char *s, long long *out) {
  if (!s || !*s)
    return false;
  errno = 0;
  char *end = NULL;
  long long n = strtoll(s, &end, 10);
  if (errno || !end || *end || end == s)
    return false;
  *out = n;
  return true;
}

static bool parse_bool_text(const char *s, bool *out) {
  static const char *const yes[] = {"true", "yes", "on", "1"};
  static const char *const no[] = {"false", "no", "off", "0"};
  for (size_t i = 0; i < 4; i++) {
    if (strcmp(s, yes[i]) == 0)
      return *out = true, true;
    if (strcmp(s, no[i]) == 0)
      return *out = false, true;
  }
  return false;
}

/* An integer field after substitution: a variable still in it cannot be
 * exported (a profile integer has no placeholder), text must be a whole
 * number in the field's range. Turns v into VAL_INT. */
static bool resolve_int(exporter *x, const desc_field *f, const char *path, const val *at, val *v) {
  long long n;
  if (v->kind == VAL_INT) {
    n = v->u.i;
  } else if (v->kind == VAL_STR) {
    if (vars_has_ref(v->u.str)) {
      struct first_ref r = {0, 0};
      vars_each_ref(v->u.str, first_ref_cb, &r);
      ex_error(x, at, path, "%s holds ${%s}: give it with --var %s=VALUE", path,
               r.name ? r.name : "?", r.name ? r.name : "NAME");
      free(r.name);
      return false;
    }
    if (!parse_ll(v->u.str, &n)) {
      ex_error(x, at, path, "%s: '%s' is not a whole number", path, v->u.str);
      return false;
    }
    val_set_int(v, n);
  } else {
    ex_error(x, at, path, "%s: a whole number is needed, not a %s", path, val_kind_name(v->kind));
    return false;
  }
  if (f->kind == FK_INT && ((f->has_min && n < f->min) || (f->has_max && n > f->max))) {
    if (f->has_min && f->has_max)
      ex_error(x, at, path, "%s: %lld is out of range (%lld-%lld)", path, n, f->min, f->max);
    else if (f->has_min)
      ex_error(x, at, path, "%s: %lld is below the minimum %lld", path, n, f->min);
    else
      ex_error(x, at, path, "%s: %lld is above the maximum %lld", path, n, f->max);
    return false;
  }
  return true;
}

/* Choices are exported with their `profile` spelling. */
static void spell_choice(const desc_field *f, val *v) {
  if (!f || f->kind != FK_CHOICE || !v || v->kind != VAL_STR)
    return;
  const desc_choice *ch = desc_field_choice(f, v->u.str);
  if (ch && ch->profile) {
    val_str_set_take(v, xstrdup(ch->profile));
  }
}

static profile_type effective_ptype(const desc_field *f) {
  return f->ptype != PT_AUTO ? f->ptype : kind_of(f)->ptype;
}

/* ---- the kinds' to-profile operations (io/kinds_io.h) ----------------------- */

/* A value written as it is, its variables in the target MDM's spelling. */
bool kind_to_profile_value(exporter *x, const desc_field *f, const char *path, const val *at,
                           val **sv, val **owned) {
  (void)f;
  (void)owned;
  to_dialect(x, path, at, *sv);
  return !val_is_empty(*sv); /* a variable bound to "" */
}

/* A secret: masked when the export is a preview. */
bool kind_to_profile_secret(exporter *x, const desc_field *f, const char *path, const val *at,
                            val **sv, val **owned) {
  if (!kind_to_profile_value(x, f, path, at, sv, owned))
    return false;
  if (x->opts->mask_secrets) {
    val_free(*owned);
    *sv = *owned = val_new_str(SECRET_MASK);
  }
  return true;
}

/* A choice in its `profile` spelling. */
bool kind_to_profile_choice(exporter *x, const desc_field *f, const char *path, const val *at,
                            val **sv, val **owned) {
  if (!kind_to_profile_value(x, f, path, at, sv, owned))
    return false;
  spell_choice(f, *sv);
  return true;
}

/* A whole number in its range: a variable left in it cannot be written. */
bool kind_to_profile_int(exporter *x, const desc_field *f, const char *path, const val *at,
                         val **sv, val **owned) {
  (void)owned;
  return resolve_int(x, f, path, at, *sv) && !val_is_empty(*sv);
}

/* Seconds from 1970 of a proleptic Gregorian UTC date (days from civil). */
static long long epoch_seconds(int y, int m, int d, int hh, int mm, int ss) {
  y -= m <= 2;
  long long era = (y >= 0 ? y : y - 399) / 400;
  long long yoe = y - era * 400;
  long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (era * 146097 + doe - 719468) * 86400 + hh * 3600 + mm * 60 + ss;
}

/* A value as a plist, arrays and dictionaries nested. typed: integers,
 * booleans, reals and dates as such (core/value.h val_is_real/val_is_date),
 * everything else a string; untyped: every scalar as its text. */
static plist_t to_plist(const val *v, bool typed) {
  if (!v)
    return NULL;
  switch (v->kind) {
  case VAL_NULL: return NULL;
  case VAL_LIST: {
    plist_t a = plist_new_array();
    for (size_t i = 0; i < v->u.list.n; i++) {
      plist_t it = to_plist(v->u.list.v[i], typed);
      if (it)
        plist_array_append_item(a, it);
    }
    return a;
  }
  case VAL_MAP: {
    plist_t d = plist_new_dict();
    for (size_t i = 0; i < v->u.map.n; i++) {
      plist_t it = to_plist(v->u.map.v[i], typed);
      if (it)
        plist_dict_set_item(d, v->u.map.k[i], it);
    }
    return d;
  }
  case VAL_INT:
    if (typed)
      return plist_int(v->u.i);
    break;
  case VAL_BOOL:
    if (typed)
      return plist_new_bool(v->u.b);
    break;
  case VAL_STR:
    if (!typed)
      return plist_new_string(v->u.str);
    if (val_is_real(v))
      return plist_new_real(strtod(v->u.str, NULL));
    if (val_is_date(v)) {
      const char *s = v->u.str;
      int y = atoi(s), mo = atoi(s + 5), d = atoi(s + 8), hh = atoi(s + 11), mi = atoi(s + 14),
          ss = atoi(s + 17);
      /* plist dates count from 2001-01-01T00:00:00Z */
      long long t = epoch_seconds(y, mo, d, hh, mi, ss) - 978307200LL;
      if (t >= INT32_MIN && t <= INT32_MAX)
        return plist_new_date((int32_t)t, 0);
    }
    return plist_new_string(v->u.str);
  default: break;
  }
  /* untyped: any other scalar as its text */
  char *text = val_scalar_text(v);
  plist_t p = plist_new_string(text);
  free(text);
  return p;
}

/* Key/value data (custom data → VendorConfig) keeps its types. */
static plist_t data_to_plist(const val *v) {
  return to_plist(v, true);
}

/* Items of lists and maps: strings (Apple's arrays and VendorConfig hold
 * strings), nested containers kept as such. */
static plist_t item_to_plist(const val *v) {
  return to_plist(v, false);
}

static bool val_to_bool(const val *v, bool *out) {
  switch (v->kind) {
  case VAL_BOOL: *out = v->u.b; return true;
  case VAL_INT: *out = v->u.i != 0; return true;
  case VAL_STR: return parse_bool_text(v->u.str, out);
  default: return false;
  }
}

/* One value (substituted, choice-spelled) as the plist type pt. */
static plist_t convert(exporter *x, const desc_field *f, const char *path, const val *at, val *v,
                       profile_type pt) {
  bool b;
  switch (pt) {
  case PT_AUTO:
  case PT_STRING: {
    char *s = val_scalar_text(v);
    if (!s) {
      ex_error(x, at, path, "%s: a %s cannot be written as a profile string", path,
               val_kind_name(v->kind));
      return NULL;
    }
    plist_t p = plist_new_string(s);
    free(s);
    return p;
  }
  case PT_INTEGER:
    if (v->kind == VAL_BOOL)
      return plist_int(v->u.b ? 1 : 0);
    if (!resolve_int(x, f, path, at, v))
      return NULL;
    return plist_int(v->u.i);
  case PT_BOOLEAN:
  case PT_INT01:
    if (!val_to_bool(v, &b)) {
      ex_error(x, at, path, "%s: on/off (true or false) is needed", path);
      return NULL;
    }
    return pt == PT_BOOLEAN ? plist_new_bool(b) : plist_int(b ? 1 : 0);
  case PT_ARRAY:
    if (v->kind == VAL_LIST)
      return item_to_plist(v);
    else {
      /* A single value where the profile wants an array: an array of one. */
      plist_t a = plist_new_array();
      plist_t it = item_to_plist(v);
      if (it)
        plist_array_append_item(a, it);
      return a;
    }
  case PT_DATA: {
    /* The text's bytes (UTF-8), as Apple's <data> keys such as IPSec.SharedSecret want. */
    char *s = val_scalar_text(v);
    if (!s) {
      ex_error(x, at, path, "%s: a %s cannot be written as profile data", path,
               val_kind_name(v->kind));
      return NULL;
    }
    plist_t p = plist_new_data(s, strlen(s));
    free(s);
    return p;
  }
  case PT_DICT:
    if (v->kind == VAL_MAP)
      return f && kind_of(f)->shape == KSHAPE_MAP ? data_to_plist(v) : item_to_plist(v);
    ex_error(x, at, path, "%s: key/value pairs are needed, not a %s", path, val_kind_name(v->kind));
    return NULL;
  case PT__COUNT: break;
  }
  return NULL;
}

static plist_t const_to_plist(const val *v) {
  switch (v->kind) {
  case VAL_INT: return plist_int(v->u.i);
  case VAL_BOOL: return plist_new_bool(v->u.b);
  default: return item_to_plist(v);
  }
}

/* ---- writing at key paths -------------------------------------------------- */

static void dict_merge(plist_t dst, plist_t src) {
  plist_dict_iter it = NULL;
  plist_dict_new_iter(src, &it);
  for (;;) {
    char *key = NULL;
    plist_t sv = NULL;
    plist_dict_next_item(src, it, &key, &sv);
    if (!key)
      break;
    plist_t dv = plist_dict_get_item(dst, key);
    if (dv && plist_get_node_type(dv) == PLIST_DICT && plist_get_node_type(sv) == PLIST_DICT)
      dict_merge(dv, sv);
    else
      plist_dict_set_item(dst, key, plist_copy(sv));
    free(key);
  }
  free(it);
}

/* Writes item (taken) at key path kp. base is the record's dictionary for
 * fields inside records, NULL at the top level. "$dict." and "@profile."
 * always address the payload's type dictionary and the outer profile.
 * Returns true when item is now in the tree (pointers to it stay valid). */
bool ex_put(exporter *x, plist_t base, const char *kp, plist_t item, const char *field,
            const val *at) {
  plist_t dict = base ? base : x->payload;
  char *buf;
  if (str_starts(kp, "@profile.")) {
    if (!x->outer) { /* payload_only: there is no outer dictionary */
      plist_free(item);
      return false;
    }
    dict = x->outer;
    buf = xstrdup(kp + strlen("@profile."));
  } else if (str_starts(kp, "$dict.")) {
    if (!x->c->type->dict) {
      ex_error(x, at, field, "profile key %s: type %s declares no dict:", kp, x->c->type->id);
      plist_free(item);
      return false;
    }
    dict = x->payload;
    buf = xasprintf("%s.%s", x->c->type->dict, kp + strlen("$dict."));
  } else {
    buf = xstrdup(kp);
  }
  bool ok = false;
  char *p = buf;
  for (char *dot; (dot = strchr(p, '.')) != NULL; p = dot + 1) {
    *dot = 0;
    plist_t child = plist_dict_child(dict, p);
    if (!child) {
      ex_error(x, at, field, "profile key %s: %s already holds a value that is not a dictionary",
               kp, p);
      plist_free(item);
      goto out;
    }
    dict = child;
  }
  plist_t old = plist_dict_get_item(dict, p);
  if (old && plist_get_node_type(old) == PLIST_DICT && plist_get_node_type(item) == PLIST_DICT) {
    /* Several fields fill one dictionary (VendorConfig.Group beside custom_data). */
    dict_merge(old, item);
    plist_free(item);
  } else {
    plist_dict_set_item(dict, p, item);
    ok = true;
  }
out:
  free(buf);
  return ok;
}

/* Writes item at every key path of f in every base; takes item. */
static void put_all(exporter *x, plist_t *bases, size_t n_bases, const desc_field *f,
                    const char *path, const val *at, plist_t item) {
  for (size_t b = 0; b < n_bases; b++)
    for (size_t k = 0; k < f->n_profile; k++) {
      bool last = b + 1 == n_bases && k + 1 == f->n_profile;
      ex_put(x, bases[b], f->profile[k], last ? item : plist_copy(item), path, at);
    }
  if (n_bases == 0 || f->n_profile == 0)
    plist_free(item);
}

static void put_also(exporter *x, plist_t *bases, size_t n_bases, const desc_field *f,
                     const char *path) {
  for (size_t b = 0; b < n_bases; b++)
    for (size_t i = 0; i < f->n_also; i++)
      if (f->also[i].value)
        ex_put(x, bases[b], f->also[i].key, const_to_plist(f->also[i].value), path,
               f->also[i].value);
}

/* ---- records ---------------------------------------------------------------- */

static rec_slot *slot_find(exporter *x, const char *path, const val *record) {
  if (path)
    for (size_t i = 0; i < x->n_recs; i++)
      if (strcmp(x->recs[i].path, path) == 0)
        return &x->recs[i];
  if (record)
    for (size_t i = 0; i < x->n_recs; i++)
      if (x->recs[i].record == record)
        return &x->recs[i];
  return NULL;
}

static void slot_add(exporter *x, char *path, const val *record, plist_t dict) {
  rec_slot *s = slot_find(x, path, NULL);
  if (s) {
    free(path);
  } else {
    if (x->n_recs == x->cap_recs) {
      x->cap_recs = x->cap_recs ? x->cap_recs * 2 : 8;
      x->recs = xrealloc(x->recs, x->cap_recs * sizeof *x->recs);
    }
    s = &x->recs[x->n_recs++];
    memset(s, 0, sizeof *s);
    s->path = path;
    s->record = record;
  }
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 2;
    s->dicts = xrealloc(s->dicts, s->cap * sizeof *s->dicts);
  }
  s->dicts[s->n++] = dict;
}

/* Where a field writes: the payload (top level) or its record's dictionaries.
 * The record is found by the concrete path ("on_demand.rules[1].action" ->
 * "on_demand.rules[1]"), else by identity. False when the record is not
 * exported (its records field has no profile key or was skipped). */
static bool field_bases(exporter *x, const model_ctx *ctx, const desc_field *f, const char *path,
                        plist_t **bases, size_t *n) {
  static plist_t top = NULL;
  if (!ctx->record) {
    *bases = &top;
    *n = 1;
    return true;
  }
  char *prefix = NULL;
  size_t pl = strlen(path), il = strlen(f->id);
  if (pl > il + 1 && path[pl - il - 1] == '.' && strcmp(path + pl - il, f->id) == 0)
    prefix = xstrndup(path, pl - il - 1);
  rec_slot *s = slot_find(x, prefix, ctx->record);
  free(prefix);
  if (!s || s->n == 0)
    return false;
  *bases = s->dicts;
  *n = s->n;
  return true;
}

/* ---- templates and other fields -------------------------------------------- */

static const desc_field *find_field(const exporter *x, const model_ctx *ctx, const char *rel,
                                    bool rooted) {
  if (!rooted && ctx->record_field) {
    for (size_t i = 0; i < ctx->record_field->n_fields; i++)
      if (strcmp(ctx->record_field->fields[i].id, rel) == 0)
        return &ctx->record_field->fields[i];
    return NULL;
  }
  return desc_type_find_field(x->c->type, rel);
}

/* Another field's exported text for a "{path}" in profile_value. */
static char *other_field_text(exporter *x, const model_ctx *ctx, const char *name) {
  bool rooted = name[0] == '/' || !ctx->record;
  const char *rel = name[0] == '/' ? name + 1 : name;
  const desc_field *of = find_field(x, ctx, rel, rooted);
  const val *ov = model_lookup((void *)ctx, rel, rooted);
  if (!ov && rooted)
    ov = val_get_path(x->c->root, rel);
  if (!ov && of)
    ov = of->def;
  if (!ov)
    return xstrdup("");
  val *sv = ex_subst_clone(x, ov);
  spell_choice(of, sv);
  char *s = val_scalar_text(sv);
  val_free(sv);
  return s ? s : xstrdup("");
}

static char *render_template(exporter *x, const model_ctx *ctx, const char *tmpl, const val *self) {
  strbuf b = STRBUF_INIT;
  for (const char *p = tmpl; *p;) {
    const char *close = *p == '{' ? strchr(p, '}') : NULL;
    if (!close) {
      strbuf_putc(&b, *p++);
      continue;
    }
    char *name = xstrndup(p + 1, (size_t)(close - p - 1));
    char *text = name[0] ? other_field_text(x, ctx, name) : val_scalar_text(self);
    strbuf_puts(&b, text ? text : "");
    free(text);
    free(name);
    p = close + 1;
  }
  return strbuf_take(&b);
}

/* A top-level value as substituted text, or NULL when unset/empty. */
char *ex_root_text(const exporter *x, const char *path) {
  const val *v = val_get_path(x->c->root, path);
  if (!v || val_is_empty(v))
    return NULL;
  val *sv = ex_subst_clone(x, v);
  char *s = val_scalar_text(sv);
  val_free(sv);
  if (s && !*s) {
    free(s);
    s = NULL;
  }
  return s;
}

/* ---- the walk --------------------------------------------------------------- */

static bool visit_records(exporter *x, plist_t *bases, size_t n_bases, const desc_field *f,
                          const char *path, const val *v) {
  if (v->kind != VAL_LIST)
    return false;
  for (size_t b = 0; b < n_bases; b++)
    for (size_t k = 0; k < f->n_profile; k++) {
      plist_t arr = plist_new_array();
      if (!ex_put(x, bases[b], f->profile[k], arr, path, v))
        continue;
      for (size_t i = 0; i < v->u.list.n; i++) {
        const val *rec = v->u.list.v[i];
        if (!rec || rec->kind != VAL_MAP)
          continue;
        plist_t d = plist_new_dict();
        plist_array_append_item(arr, d);
        slot_add(x, xasprintf("%s[%zu]", path, i), rec, d);
      }
    }
  put_also(x, bases, n_bases, f, path);
  return true;
}

static bool visit(void *ud, const model_ctx *ctx, const desc_section *s, const desc_field *f,
                  const char *path, const val *value) {
  exporter *x = ud;
  (void)s;
  const val *v = value ? value : model_value(ctx, f);
  if (f->n_profile == 0 || val_is_empty(v))
    return false;
  if (f->export_if && !expr_eval(f->export_if, model_lookup, (void *)ctx))
    return false;
  plist_t *bases;
  size_t n_bases;
  if (!field_bases(x, ctx, f, path, &bases, &n_bases))
    return false;
  if (kind_of(f)->shape == KSHAPE_RECORDS)
    return visit_records(x, bases, n_bases, f, path, v);

  /* Scalars are copied (they get substituted, spelled, resolved in place);
   * a list or map is only read unless variables are bound, so a 100k-domain
   * list is not cloned. */
  bool container = v->kind == VAL_LIST || v->kind == VAL_MAP;
  val *owned = (!container || x->opts->n_vars || x->opts->dialect != DIALECT_IVANTI)
                   ? ex_subst_clone(x, v)
                   : NULL;
  val *sv = owned ? owned : (val *)v;
  plist_t item = NULL;
  if (!kind_io_of(f)->to_profile(x, f, path, v, &sv, &owned))
    goto out;
  if (f->embed) {
    char *file = val_scalar_text(sv);
    item = ex_embed_file(x, f, path, v, file ? file : "");
    free(file);
  } else {
    profile_type pt = effective_ptype(f);
    if (f->profile_value) {
      val *t = val_new_str_take(render_template(x, ctx, f->profile_value, sv));
      item = convert(x, f, path, v, t, pt == PT_AUTO ? PT_STRING : pt);
      val_free(t);
    } else {
      item = convert(x, f, path, v, sv, pt);
    }
  }
  if (!item)
    goto out;
  put_all(x, bases, n_bases, f, path, v, item);
  put_also(x, bases, n_bases, f, path);
out:
  val_free(owned);
  return true;
}

/* ---- identity and wrapper --------------------------------------------------- */

static void set_if_absent(plist_t dict, const char *key, const char *text) {
  if (text && !plist_dict_get_item(dict, key))
    plist_dict_set_item(dict, key, plist_new_string(text));
}

/* The VPN's name in Settings and the payload's description and organization
 * are the profile's unless fields (vpn_name, payload_description,
 * payload_organization) set them apart. Written
 * before the fields so that a field's value replaces them in place: the key
 * order is the same whether or not the field is set. */
static void seed_names(exporter *x) {
  char *name = ex_root_text(x, "name");
  char *description = ex_root_text(x, "description");
  char *organization = ex_root_text(x, "organization");
  if (name)
    plist_dict_set_item(x->payload, "UserDefinedName", plist_new_string(name));
  if (description)
    plist_dict_set_item(x->payload, "PayloadDescription", plist_new_string(description));
  if (organization)
    plist_dict_set_item(x->payload, "PayloadOrganization", plist_new_string(organization));
  free(name);
  free(description);
  free(organization);
}

/* Keys every profile has. Fields may set the identity keys themselves; these
 * fill in what they did not. */
static void finish_identity(exporter *x) {
  char *name = ex_root_text(x, "name");
  char *ident = ex_root_text(x, "identifier");
  char *uuid_profile = ex_root_text(x, "uuid.profile");
  char *uuid_payload = ex_root_text(x, "uuid.payload");

  plist_dict_set_item(x->payload, "PayloadType",
                      plist_new_string("com.apple.vpn.managed.applayer"));
  plist_dict_set_item(x->payload, "PayloadVersion", plist_int(1));
  plist_dict_set_item(x->payload, "VPNType", plist_new_string(x->c->type->vpn_type));
  if (ident && !plist_dict_get_item(x->payload, "PayloadIdentifier")) {
    char *pid = xasprintf("%s.vpn", ident);
    set_if_absent(x->payload, "PayloadIdentifier", pid);
    free(pid);
  }
  set_if_absent(x->payload, "PayloadUUID", uuid_payload);
  set_if_absent(x->payload, "PayloadDisplayName", name);
  if (!plist_dict_get_item(x->payload, "PayloadIdentifier"))
    ex_error(x, NULL, "identifier",
             "identifier is not set: the profile needs a reverse-DNS "
             "PayloadIdentifier (e.g. com.example.vpn)");
  if (!plist_dict_get_item(x->payload, "PayloadUUID"))
    ex_error(x, NULL, "uuid.payload", "uuid.payload is not set: the payload needs a stable UUID");

  if (x->outer) {
    plist_dict_set_item(x->outer, "PayloadType", plist_new_string("Configuration"));
    plist_dict_set_item(x->outer, "PayloadVersion", plist_int(1));
    set_if_absent(x->outer, "PayloadDisplayName", name);
    set_if_absent(x->outer, "PayloadIdentifier", ident);
    set_if_absent(x->outer, "PayloadUUID", uuid_profile);
    if (!plist_dict_get_item(x->outer, "PayloadUUID"))
      ex_error(x, NULL, "uuid.profile", "uuid.profile is not set: the profile needs a stable UUID");
    plist_t content = plist_new_array();
    plist_array_append_item(content, x->payload); /* moved, not copied: it can be large */
    x->payload_moved = true;
    uint32_t n = plist_array_get_size(x->extra);
    for (uint32_t i = 0; i < n; i++)
      plist_array_append_item(content, plist_copy(plist_array_get_item(x->extra, i)));
    plist_dict_set_item(x->outer, "PayloadContent", content);
  }
  free(name);
  free(ident);
  free(uuid_profile);
  free(uuid_payload);
}

/* Keys the configuration says its imported profile lacked (`absent`:
 * "KEY", "@profile.KEY" or "@embedded.KEY" → the value export would write)
 * are left out while they would still get that value. */
static void drop_absent(exporter *x) {
  const val *absent = val_get_path(x->c->root, "absent");
  if (!absent || absent->kind != VAL_MAP)
    return;
  plist_t content = x->outer ? plist_dict_get_item(x->outer, "PayloadContent") : NULL;
  for (size_t i = 0; i < absent->u.map.n; i++) {
    const char *kp = absent->u.map.k[i];
    plist_t scopes[8];
    size_t n_scopes = 0;
    if (str_starts(kp, "@profile.")) {
      if (x->outer)
        scopes[n_scopes++] = x->outer;
      kp += strlen("@profile.");
    } else if (str_starts(kp, "@embedded.")) {
      for (uint32_t k = 1; content && k < plist_array_get_size(content) && n_scopes < 8; k++)
        scopes[n_scopes++] = plist_array_get_item(content, k);
      kp += strlen("@embedded.");
    } else {
      scopes[n_scopes++] = x->payload;
    }
    plist_t want = data_to_plist(absent->u.map.v[i]);
    for (size_t s = 0; s < n_scopes && want; s++) {
      char *buf = xstrdup(kp);
      plist_t parent = scopes[s];
      char *leaf = buf;
      for (char *dot; parent && (dot = strchr(leaf, '.'));) {
        *dot = 0;
        parent =
            plist_get_node_type(parent) == PLIST_DICT ? plist_dict_get_item(parent, leaf) : NULL;
        leaf = dot + 1;
      }
      plist_t have = parent && plist_get_node_type(parent) == PLIST_DICT
                         ? plist_dict_get_item(parent, leaf)
                         : NULL;
      static const char *const keep[] = {"PayloadType",       "PayloadVersion", "PayloadUUID",
                                         "PayloadIdentifier", "PayloadContent", "VPNType"};
      bool structural = false;
      for (size_t k = 0; k < sizeof keep / sizeof *keep; k++)
        structural |= parent == scopes[s] && !strcmp(leaf, keep[k]);
      if (have && !structural && plist_get_node_type(have) == plist_get_node_type(want) &&
          plist_compare_node_value(have, want))
        plist_dict_remove_item(parent, leaf);
      free(buf);
    }
    plist_free(want);
  }
}

bool export_profile(const config *c, const export_opts *opts, char **out, size_t *out_len,
                    diag_list *diags) {
  static const export_opts defaults = {.format = EXPORT_XML};
  *out = NULL;
  if (out_len)
    *out_len = 0;
  if (!opts)
    opts = &defaults;
  if (!c->type) {
    diag_add(diags, DIAG_ERROR, c->path, 0, 0, "type",
             "the connection type is missing or unknown: nothing to export");
    return false;
  }

  diag_list vd = DIAG_LIST_INIT;
  validate_config(c, &vd);
  size_t errors = diag_count(&vd, DIAG_ERROR);
  diag_list_move(diags, &vd);
  if (errors && !opts->draft)
    return false;

  exporter x = {0};
  x.c = c;
  x.opts = opts;
  x.diags = diags;
  x.outer = opts->payload_only ? NULL : plist_new_dict();
  x.payload = plist_new_dict();
  x.extra = plist_new_array();

  seed_names(&x);
  model_each_visible(c, visit, &x);
  if (!x.failed) {
    finish_identity(&x);
    drop_absent(&x);
  }

  bool ok = false;
  if (!x.failed) {
    size_t len = 0;
    char *bytes =
        plist_serialize(x.outer ? x.outer : x.payload, opts->format == EXPORT_BINARY, &len);
    if (bytes) {
      *out = bytes;
      if (out_len)
        *out_len = len;
      ok = true;
    } else {
      diag_add(diags, DIAG_ERROR, c->path, 0, 0, NULL, "the profile could not be serialized");
    }
  }

  for (size_t i = 0; i < x.n_recs; i++) {
    free(x.recs[i].path);
    free(x.recs[i].dicts);
  }
  free(x.recs);
  if (x.outer)
    plist_free(x.outer);
  if (!x.payload_moved)
    plist_free(x.payload);
  plist_free(x.extra);
  return ok;
}
