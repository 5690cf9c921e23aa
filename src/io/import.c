/* Profile import: the descriptors' profile mapping read backwards.
 *
 * Every field with profile keys takes the value found at its first key that
 * is present (choices by their profile spelling, profile_value templates
 * matched back, records from arrays of dictionaries). A key is taken once:
 * the dictionary-valued fields (custom data → VendorConfig) run last and get
 * only what no other field claimed. What no field claims is reported. The
 * switches no profile key carries (proxy.setup, slicing.enabled, …) are set
 * from the show: conditions of the fields that were found.
 */
#include "io/import.h"

#include <plist/plist.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/text.h"
#include "core/util.h"
#include "core/uuid.h"
#include "core/vars.h"
#include "io/config_io.h"
#include "io/export.h"
#include "io/kinds_io.h"
#include "io/plist_util.h"

#define APPLAYER "com.apple.vpn.managed.applayer"
#define PKCS12 "com.apple.security.pkcs12"

typedef struct kind_import {
  const desc_set *set;
  const import_opts *opts;
  const char *name;
  diag_list *diags;
  config *cfg;
  plist_t outer;   /* the Configuration dictionary, NULL for a bare payload */
  plist_t payload; /* the applayer payload */
  plist_t *taken;  /* plist nodes some field has read */
  size_t n_taken, cap_taken;
  val **found; /* (record map or NULL, field) pairs that got a value */
  const desc_field **found_f;
  size_t n_found, cap_found;
} importer;

static void warn(importer *im, const char *field, const char *fmt, ...) DIAG_PRINTF(3, 4);
static void warn(importer *im, const char *field, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_addv(im->diags, DIAG_WARNING, im->name, 0, 0, field, fmt, ap);
  va_end(ap);
}

static bool is_taken(const importer *im, plist_t n) {
  for (size_t i = 0; i < im->n_taken; i++)
    if (im->taken[i] == n)
      return true;
  return false;
}

static void take(importer *im, plist_t n) {
  if (!n || is_taken(im, n))
    return;
  if (im->n_taken == im->cap_taken) {
    im->cap_taken = im->cap_taken ? im->cap_taken * 2 : 64;
    im->taken = xrealloc(im->taken, im->cap_taken * sizeof *im->taken);
  }
  im->taken[im->n_taken++] = n;
}

static void found(importer *im, val *record, const desc_field *f) {
  if (im->n_found == im->cap_found) {
    im->cap_found = im->cap_found ? im->cap_found * 2 : 32;
    im->found = xrealloc(im->found, im->cap_found * sizeof *im->found);
    im->found_f = xrealloc(im->found_f, im->cap_found * sizeof *im->found_f);
  }
  im->found[im->n_found] = record;
  im->found_f[im->n_found++] = f;
}

/* A string node's text when it is clean text of the kind (core/text.h);
 * NULL for other nodes and for text a configuration cannot hold (what
 * import makes must read back, and print safely). */
static const char *str_of_kind(plist_t n, text_kind kind) {
  if (!n || plist_get_node_type(n) != PLIST_STRING)
    return NULL;
  const char *s = plist_get_string_ptr(n, NULL);
  return s && text_clean(s, strlen(s), kind, NULL) ? s : NULL;
}

static const char *str_of(plist_t n) {
  return str_of_kind(n, TEXT_LINE);
}

/* Why a string node's text is not taken (caller frees), or NULL. */
static char *str_problem(plist_t n, text_kind kind) {
  if (!n || plist_get_node_type(n) != PLIST_STRING)
    return NULL;
  const char *s = plist_get_string_ptr(n, NULL);
  return s ? text_problem(s, kind) : NULL;
}

/* The node at a profile key path: `base` for paths inside a record, else the
 * payload ("$dict." → the type's dictionary) or the outer profile. */
static plist_t lookup(const importer *im, plist_t base, const char *kp) {
  plist_t dict = base ? base : im->payload;
  char *buf;
  if (str_starts(kp, "@profile.")) {
    if (!im->outer)
      return NULL;
    dict = im->outer;
    buf = xstrdup(kp + strlen("@profile."));
  } else if (str_starts(kp, "$dict.")) {
    if (!im->cfg->type->dict)
      return NULL;
    buf = xasprintf("%s.%s", im->cfg->type->dict, kp + strlen("$dict."));
  } else {
    buf = xstrdup(kp);
  }
  plist_t n = dict;
  for (char *p = buf, *dot; n; p = dot + 1) {
    dot = strchr(p, '.');
    if (dot)
      *dot = 0;
    n = plist_get_node_type(n) == PLIST_DICT ? plist_dict_get_item(n, p) : NULL;
    if (!dot)
      break;
  }
  free(buf);
  return n;
}

/* A <data> node written from text (profile_type data): its bytes as text when
 * they are valid UTF-8 without NUL bytes; NULL otherwise. */
static val *data_text(plist_t n) {
  char *bytes = NULL;
  uint64_t len = 0;
  plist_get_data_val(n, &bytes, &len);
  val *v = NULL;
  if (bytes && len < (1u << 24) && !memchr(bytes, 0, (size_t)len) &&
      utf8_valid(bytes, (size_t)len, NULL))
    v = val_new_strn(bytes, (size_t)len);
  free(bytes);
  return v;
}

/* A choice's saved value from its profile spelling (or the value itself). */
static const char *choice_from_profile(const desc_field *f, const char *s) {
  for (size_t i = 0; i < f->n_choices; i++) {
    const desc_choice *c = &f->choices[i];
    if (str_eq(c->profile ? c->profile : c->value, s))
      return c->value;
  }
  for (size_t i = 0; i < f->n_choices; i++)
    if (str_eq(f->choices[i].value, s))
      return s;
  return NULL;
}

/* ---- the kinds' from-profile operations (io/kinds_io.h) --------------------- */

/* Text: a string, or a <data> node written from text (profile_type data). */
val *kind_from_profile_text(importer *im, const desc_field *f, plist_t n, const char *key) {
  (void)im;
  (void)key;
  if (plist_get_node_type(n) == PLIST_DATA && f->ptype == PT_DATA)
    return data_text(n);
  return str_of(n) ? val_new_str(str_of(n)) : NULL;
}

/* A switch: <true/>/<false/>, or 0 and 1 (profile_type int01). */
val *kind_from_profile_bool(importer *im, const desc_field *f, plist_t n, const char *key) {
  (void)im;
  (void)f;
  (void)key;
  plist_type t = plist_get_node_type(n);
  if (t == PLIST_BOOLEAN) {
    uint8_t b = 0;
    plist_get_bool_val(n, &b);
    return val_new_bool(b != 0);
  }
  if (t == PLIST_UINT) {
    uint64_t u = 0;
    plist_get_uint_val(n, &u);
    return val_new_bool(u != 0);
  }
  return NULL;
}

val *kind_from_profile_int(importer *im, const desc_field *f, plist_t n, const char *key) {
  (void)im;
  (void)f;
  (void)key;
  plist_type t = plist_get_node_type(n);
  if (t == PLIST_UINT) {
    uint64_t u = 0;
    plist_get_uint_val(n, &u);
    return val_new_int((long long)u);
  }
  if (t == PLIST_STRING && str_of(n) && vars_has_ref(str_of(n)))
    return val_new_str(str_of(n)); /* a ${variable} the MDM fills */
  return NULL;
}

/* A choice by its profile spelling (or an integer enumeration). */
val *kind_from_profile_choice(importer *im, const desc_field *f, plist_t n, const char *key) {
  (void)im;
  (void)key;
  char num[24];
  const char *s = str_of(n);
  if (plist_get_node_type(n) == PLIST_UINT) { /* profile_type integer */
    uint64_t u = 0;
    plist_get_uint_val(n, &u);
    snprintf(num, sizeof num, "%lld", (long long)u);
    s = num;
  }
  const char *v = choice_from_profile(f, s);
  return v ? val_new_str(v) : NULL;
}

/* A list of strings: items that are not clean text are reported (as
 * key[i]) and left out. */
val *kind_from_profile_list(importer *im, const desc_field *f, plist_t n, const char *key) {
  if (plist_get_node_type(n) != PLIST_ARRAY)
    return NULL;
  val *l = val_new_list();
  for (uint32_t i = 0; i < plist_array_get_size(n); i++) {
    plist_t item = plist_array_get_item(n, i);
    const char *s = str_of(item);
    char *why = s ? NULL : str_problem(item, TEXT_LINE);
    if (s)
      val_list_append(l, val_new_str(s));
    else if (why)
      warn(im, f->path, "%s[%u]: %s; not imported", key ? key : f->path, i, why);
    free(why);
  }
  return l;
}

/* A scalar or list node as the field's value; NULL when it does not fit. */
static val *to_val(importer *im, const desc_field *f, plist_t n, const char *key) {
  const kind_io_ops *k = kind_io_of(f);
  return k->from_profile ? k->from_profile(im, f, n, key) : NULL;
}

/* Splits a profile_value template back: "{slicing.kind}:{}" against
 * "DNN:enterprise" sets slicing.kind (by its profile spelling) and returns
 * "enterprise" for the field itself (NULL when it does not match). */
static char *untemplate(importer *im, const char *tmpl, const char *s) {
  char *self = NULL;
  const char *t = tmpl, *p = s;
  while (*t) {
    if (*t != '{') {
      if (*p != *t)
        goto mismatch;
      t++, p++;
      continue;
    }
    const char *close = strchr(t, '}');
    if (!close)
      goto mismatch;
    char *name = xstrndup(t + 1, (size_t)(close - t - 1));
    t = close + 1;
    /* the value runs to the next literal character (or to the end) */
    const char *end = *t && *t != '{' ? strchr(p, *t) : p + strlen(p);
    if (!end) {
      free(name);
      goto mismatch;
    }
    char *part = xstrndup(p, (size_t)(end - p));
    p = end;
    if (!*name) {
      free(self);
      self = part;
    } else {
      const desc_field *of = desc_type_find_field(im->cfg->type, name);
      const char *v = of && of->kind == FK_CHOICE ? choice_from_profile(of, part) : part;
      if (of && v) {
        val *nv = val_new_str(v);
        nv->plain = true;
        model_set(im->cfg, name, nv, im->diags);
      }
      free(part);
    }
    free(name);
  }
  if (*p)
    goto mismatch;
  return self ? self : xstrdup("");
mismatch:
  free(self);
  return NULL;
}

/* A name usable as the .p12's file name beside the configuration. */
static bool p12_name(const char *s) {
  size_t n = s ? strlen(s) : 0;
  return n > 4 && (!strcmp(s + n - 4, ".p12") || !strcmp(s + n - 4, ".pfx")) && !strchr(s, '/') &&
         strcmp(s, "..") && s[0] != '.';
}

/* The certificate payload's own names (K.payload_identifier, K.payload_name,
 * K.file_name for the embedding field's top-level key K), kept where they
 * differ from what export makes up; its other keys are named as not kept. */
static void import_embed_names(importer *im, val *target, const desc_field *f, plist_t p12,
                               const char *base) {
  const char *dot = strchr(f->id, '.');
  char *key = dot ? xstrndup(f->id, (size_t)(dot - f->id)) : xstrdup(f->id);
  const char *ident =
      str_of(im->outer ? plist_dict_get_item(im->outer, "PayloadIdentifier") : NULL);
  const char *pid = str_of(plist_dict_get_item(p12, "PayloadIdentifier"));
  const char *disp = str_of(plist_dict_get_item(p12, "PayloadDisplayName"));
  const char *fname = str_of(plist_dict_get_item(p12, "PayloadCertificateFileName"));
  char *made = ident ? xasprintf("%s.%s", ident, key) : NULL;
  char *path;
  if (pid && !str_eq(pid, made)) {
    path = xasprintf("%s.payload_identifier", key);
    val_set_path(target, path, val_new_str(pid));
    free(path);
  }
  if (fname) {
    path = xasprintf("%s.file_name", key);
    val_set_path(target, path, val_new_str(fname));
    free(path);
  }
  if (disp && (fname || !str_eq(disp, base))) {
    path = xasprintf("%s.payload_name", key);
    val_set_path(target, path, val_new_str(disp));
    free(path);
  }
  static const char *const kept[] = {
      "PayloadType", "PayloadVersion",    "PayloadUUID",        "PayloadContent",
      "Password",    "PayloadIdentifier", "PayloadDisplayName", "PayloadCertificateFileName"};
  plist_dict_iter it = NULL;
  plist_dict_new_iter(p12, &it);
  for (;;) {
    char *k = NULL;
    plist_t item = NULL;
    plist_dict_next_item(p12, it, &k, &item);
    if (!k)
      break;
    bool known = false;
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
      known |= !strcmp(k, kept[i]);
    if (!known || (item && plist_get_node_type(item) != PLIST_DATA && !str_of(item) &&
                   strcmp(k, "PayloadVersion")))
      warn(im, f->id, "%s payload %s: appvpn has no setting for this key; not kept", PKCS12, k);
    free(k);
  }
  free(it);
  free(made);
  free(key);
}

/* An embedded .p12: written beside the configuration, the file field set to
 * it, the password field from the payload. False when the payload is absent. */
static bool import_embed(importer *im, val *target, const desc_field *f, const char *uuid) {
  plist_t content = im->outer ? plist_dict_get_item(im->outer, "PayloadContent") : NULL;
  plist_t p12 = NULL;
  for (uint32_t i = 0; content && i < plist_array_get_size(content); i++) {
    plist_t it = plist_array_get_item(content, i);
    if (str_eq(str_of(plist_dict_get_item(it, "PayloadType")), PKCS12) &&
        str_eq(str_of(plist_dict_get_item(it, "PayloadUUID")), uuid))
      p12 = it;
  }
  plist_t data = p12 ? plist_dict_get_item(p12, "PayloadContent") : NULL;
  if (!data || plist_get_node_type(data) != PLIST_DATA || !im->opts || !im->opts->p12_dir)
    return false;
  const char *disp = str_of(plist_dict_get_item(p12, "PayloadDisplayName"));
  const char *fname = str_of(plist_dict_get_item(p12, "PayloadCertificateFileName"));
  const char *base = p12_name(fname) ? fname : p12_name(disp) ? disp : "credential.p12";
  char *path = xasprintf("%s/%s", im->opts->p12_dir, base);
  char *bytes = NULL;
  uint64_t len = 0;
  plist_get_data_val(data, &bytes, &len);
  diag_list d = DIAG_LIST_INIT;
  bool ok;
  size_t have_len = 0;
  char *have = NULL;
  struct stat st;
  bool there = lstat(path, &st) == 0;
  if (there && !im->opts->force && S_ISREG(st.st_mode) &&
      (have = file_read_all(path, (size_t)len, &have_len, &d)) && have_len == (size_t)len &&
      !memcmp(have, bytes ? bytes : "", have_len)) {
    ok = true; /* the same identity is already there: nothing to write */
  } else if (there && !im->opts->force) {
    diag_list_clear(&d);
    diag_add(&d, DIAG_ERROR, NULL, 0, 0, NULL,
             "not writing %s: it exists and holds something else; import --force replaces it",
             path);
    ok = false;
  } else {
    /* Create-only unless forced: a .p12 that appears meanwhile is kept. */
    file_write_opts o = {.secret = true, .exclusive = !im->opts->force};
    ok = file_write(path, bytes ? bytes : "", (size_t)len, &o, &d);
  }
  free(have);
  diag_list_move(im->diags, &d);
  free(bytes);
  free(path);
  if (!ok)
    return false;
  val_set_path(target, f->id, val_new_str(base));
  import_embed_names(im, target, f, p12, base);
  if (f->embed_password) {
    const char *pw = str_of(plist_dict_get_item(p12, "Password"));
    if (pw)
      val_set_path(target, f->embed_password, val_new_str(pw));
  }
  val_set_path(im->cfg->root, "uuid.credential", val_new_str(uuid));
  take(im, p12);
  return true;
}

static void import_fields(importer *im, const desc_field *fields, size_t n, plist_t base,
                          val *target, val *record);

/* One field (not a map) from the profile into target (the root or a record). */
static void import_field(importer *im, const desc_field *f, plist_t base, val *target,
                         val *record) {
  for (size_t k = 0; k < f->n_profile; k++) {
    plist_t node = lookup(im, base, f->profile[k]);
    if (!node || is_taken(im, node))
      continue;
    if (kind_of(f)->shape == KSHAPE_RECORDS) {
      if (plist_get_node_type(node) != PLIST_ARRAY)
        continue;
      val *list = val_new_list();
      for (uint32_t i = 0; i < plist_array_get_size(node); i++) {
        plist_t item = plist_array_get_item(node, i);
        if (plist_get_node_type(item) != PLIST_DICT)
          continue;
        val *rec = val_new_map();
        import_fields(im, f->fields, f->n_fields, item, rec, rec);
        val_list_append(list, rec);
        take(im, item);
      }
      val_set_path(target, f->id, list);
      take(im, node);
      found(im, record, f);
      return;
    }
    if (f->embed) {
      const char *uuid = str_of(node);
      if (uuid && import_embed(im, target, f, uuid)) {
        take(im, node);
        found(im, record, f);
      }
      return; /* not embedded: the UUID is for the field that names it */
    }
    const char *kp = f->profile[k];
    char *shown = str_starts(kp, "$dict.")
                      ? xasprintf("%s.%s", im->cfg->type->dict, kp + strlen("$dict."))
                      : xstrdup(str_starts(kp, "@profile.") ? kp + strlen("@profile.") : kp);
    val *v = NULL;
    if (f->profile_value) {
      const char *s = str_of(node);
      if (f->kind == FK_BOOL) {
        v = val_new_bool(true); /* a templated switch: present means on */
      } else if (s) {
        char *self = untemplate(im, f->profile_value, s);
        if (self) {
          plist_t tmp = plist_new_string(self);
          v = to_val(im, f, tmp, shown);
          plist_free(tmp);
        }
        free(self);
      }
    } else {
      v = to_val(im, f, node, shown);
    }
    if (!v) {
      char *why = str_problem(node, TEXT_LINE);
      warn(im, f->path, "%s: %s; not imported", shown,
           why ? why : "the value does not fit this setting");
      free(why);
      free(shown);
      take(im, node);
      return;
    }
    if (v->kind == VAL_STR && !*v->u.str) {
      warn(im, f->path, "%s: an empty value; not kept", shown);
    } else if (f->kind == FK_CHOICE && v->kind == VAL_STR && str_of(node)) {
      const desc_choice *ch = desc_field_choice(f, v->u.str);
      const char *spelled = ch && ch->profile ? ch->profile : v->u.str;
      if (strcmp(spelled, str_of(node)))
        warn(im, f->path, "%s: '%s' is written back as '%s' (Apple's spelling)", shown,
             str_of(node), spelled);
    }
    free(shown);
    val_set_path(target, f->id, v);
    take(im, node);
    /* every key the field writes is its own, and so are its constants */
    for (size_t j = 0; j < f->n_profile; j++)
      take(im, lookup(im, base, f->profile[j]));
    for (size_t j = 0; j < f->n_also; j++)
      take(im, lookup(im, base, f->also[j].key));
    found(im, record, f);
    return;
  }
}

/* Shortest text that reads back as the same double, always with a '.' or an
 * exponent (so it is a real, not an integer). Caller frees. */
static char *real_text(double d) {
  char buf[64];
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(buf, sizeof buf, "%.*g", prec, d);
    if (strtod(buf, NULL) == d)
      break;
  }
  if (!strpbrk(buf, ".eE"))
    strcat(buf, ".0");
  else if (strpbrk(buf, "eE") && !strchr(buf, '.')) {
    /* 1e+20 → 1.0e+20 */
    char *e = strpbrk(buf, "eE");
    char tail[32];
    snprintf(tail, sizeof tail, "%s", e);
    snprintf(e, sizeof buf - (size_t)(e - buf), ".0%s", tail);
  }
  return xstrdup(buf);
}

/* Days since 1970-01-01 → civil date (proleptic Gregorian). */
static void civil_from_days(long long z, int *y, int *m, int *d) {
  z += 719468;
  long long era = (z >= 0 ? z : z - 146096) / 146097;
  long long doe = z - era * 146097;
  long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long long mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Vendor data (VendorConfig) with its plist types: strings, integers,
 * booleans, reals, dates (whole seconds), arrays and dictionaries. NULL with
 * *why set (static text, or the path of the part that is not kept in *at)
 * for what a configuration cannot hold. */
static val *data_val(plist_t n, int depth, const char **why) {
  if (depth > 16) {
    *why = "nested deeper than 16 levels";
    return NULL;
  }
  switch (plist_get_node_type(n)) {
  case PLIST_STRING: {
    const char *s = str_of_kind(n, TEXT_LINES);
    if (!s)
      *why = "text a configuration cannot hold";
    return s ? val_new_str(s) : NULL;
  }
  case PLIST_BOOLEAN: {
    uint8_t b = 0;
    plist_get_bool_val(n, &b);
    return val_new_bool(b != 0);
  }
  case PLIST_UINT: {
    uint64_t u = 0;
    plist_get_uint_val(n, &u);
    return val_new_int((long long)u);
  }
  case PLIST_REAL: {
    double d = 0;
    plist_get_real_val(n, &d);
    if (d != d || d - d != 0) {
      *why = "an infinite or NaN real";
      return NULL;
    }
    val *v = val_new_str_take(real_text(d));
    v->plain = true;
    return v;
  }
  case PLIST_DATE: {
    int32_t sec = 0, usec = 0;
    plist_get_date_val(n, &sec, &usec);
    if (usec) {
      *why = "a date with fractions of a second";
      return NULL;
    }
    long long t = (long long)sec + 978307200LL;
    long long days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    long long rem = t - days * 86400;
    int y, mo, d;
    civil_from_days(days, &y, &mo, &d);
    if (y < 1000 || y > 9999) {
      *why = "a date outside the years 1000-9999";
      return NULL;
    }
    val *v = val_new_str_take(xasprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d,
                                        (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60)));
    v->plain = true;
    return v;
  }
  case PLIST_ARRAY: {
    val *l = val_new_list();
    for (uint32_t i = 0; i < plist_array_get_size(n); i++) {
      val *it = data_val(plist_array_get_item(n, i), depth + 1, why);
      if (!it) {
        val_free(l);
        return NULL;
      }
      val_list_append(l, it);
    }
    return l;
  }
  case PLIST_DICT: {
    val *m = val_new_map();
    plist_dict_iter it = NULL;
    plist_dict_new_iter(n, &it);
    for (;;) {
      char *key = NULL;
      plist_t item = NULL;
      plist_dict_next_item(n, it, &key, &item);
      if (!key)
        break;
      val *iv = NULL;
      if (!*key || !text_clean(key, strlen(key), TEXT_LINE, NULL))
        *why = "a key a configuration cannot hold";
      else
        iv = data_val(item, depth + 1, why);
      if (iv)
        val_map_set(m, key, iv);
      free(key);
      if (!iv) {
        free(it);
        val_free(m);
        return NULL;
      }
    }
    free(it);
    return m;
  }
  case PLIST_DATA: *why = "binary <data>, which custom data cannot hold"; return NULL;
  default: *why = "a value of a kind custom data cannot hold"; return NULL;
  }
}

/* A key/value field: every entry of its dictionary no other field took,
 * with its plist type. */
static void import_map(importer *im, const desc_field *f, plist_t base, val *target, val *record) {
  for (size_t k = 0; k < f->n_profile; k++) {
    plist_t node = lookup(im, base, f->profile[k]);
    if (!node || plist_get_node_type(node) != PLIST_DICT)
      continue;
    val *m = val_new_map();
    plist_dict_iter it = NULL;
    plist_dict_new_iter(node, &it);
    for (;;) {
      char *key = NULL;
      plist_t item = NULL;
      plist_dict_next_item(node, it, &key, &item);
      if (!key)
        break;
      if (is_taken(im, item)) {
        free(key);
        continue;
      }
      /* A key a configuration can hold is one line of clean text; a value
       * may span lines (vendor data such as a certificate). */
      char *why = *key ? text_problem(key, TEXT_LINE) : xstrdup("an empty key");
      char *vwhy = why ? NULL : str_problem(item, TEXT_LINES);
      const char *dwhy = NULL;
      val *dv = why || vwhy ? NULL : data_val(item, 0, &dwhy);
      if (!dv) {
        warn(im, f->path, "%s.%s: %s%s; not imported", f->profile[k], key, why ? "the key: " : "",
             why    ? why
             : vwhy ? vwhy
                    : dwhy);
      } else {
        val_map_set(m, key, dv);
      }
      take(im, item);
      free(why);
      free(vwhy);
      free(key);
    }
    free(it);
    if (m->u.map.n) {
      val_set_path(target, f->id, m);
      found(im, record, f);
    } else {
      val_free(m);
    }
    take(im, node);
    return;
  }
}

static void import_fields(importer *im, const desc_field *fields, size_t n, plist_t base,
                          val *target, val *record) {
  for (size_t i = 0; i < n; i++)
    if (field_kinds[fields[i].kind].shape != KSHAPE_MAP && fields[i].n_profile)
      import_field(im, &fields[i], base, target, record);
  for (size_t i = 0; i < n; i++)
    if (field_kinds[fields[i].kind].shape == KSHAPE_MAP && fields[i].n_profile)
      import_map(im, &fields[i], base, target, record);
}

/* ---- switches: what reveals the imported fields ---------------------------- */

typedef struct reveal {
  importer *im;
  val *record;
  bool changed;
} reveal;

static void reveal_one(void *ud, const char *path, bool rooted, const char *literal) {
  reveal *r = ud;
  val *target = r->record && !rooted ? r->record : r->im->cfg->root;
  if (val_get_path(target, path))
    return; /* already set: the profile said */
  if (target == r->im->cfg->root) {
    val *v = val_new_str(literal ? literal : "true");
    v->plain = true; /* converted to the field's kind */
    if (model_set(r->im->cfg, path, v, r->im->diags))
      r->changed = true;
  } else {
    val_set_path(target, path, literal ? val_new_str(literal) : val_new_bool(true));
    r->changed = true;
  }
}

static void set_switches(importer *im) {
  const desc_type *t = im->cfg->type;
  for (int round = 0; round < 4; round++) {
    reveal r = {im, NULL, false};
    for (size_t i = 0; i < im->n_found; i++) {
      r.record = im->found[i];
      expr_requirements(im->found_f[i]->show, reveal_one, &r);
    }
    for (size_t s = 0; s < t->n_sections; s++) {
      bool any = false;
      for (size_t i = 0; i < im->n_found && !any; i++)
        for (size_t k = 0; k < t->sections[s].n_fields && !any; k++)
          any = im->found_f[i] == &t->sections[s].fields[k];
      r.record = NULL;
      if (any)
        expr_requirements(t->sections[s].show, reveal_one, &r);
    }
    if (!r.changed)
      break;
  }
}

/* ---- type, leftovers, entry point -------------------------------------------- */

/* The connection type of a payload: VPNType, then the VPN subtype a vendor's
 * descriptor names (default or well-known alternative); a VPN subtype no
 * vendor claims is the catch-all type whose subtype has no default. */
/* Another MDM's variables in v read back as ${name}. */
static void from_dialect(val *v, vars_dialect d) {
  if (v->kind == VAL_STR) {
    if (strchr(v->u.str, '$') || strchr(v->u.str, '{'))
      val_str_set_take(v, vars_from_dialect(v->u.str, d, NULL));
  } else if (v->kind == VAL_LIST || v->kind == VAL_MAP) {
    size_t n = v->kind == VAL_LIST ? v->u.list.n : v->u.map.n;
    for (size_t i = 0; i < n; i++)
      from_dialect(v->kind == VAL_LIST ? v->u.list.v[i] : v->u.map.v[i], d);
  }
}

/* What the profile gave, stored again through model_set (the one write path
 * every change takes): a value the model refuses (wrong shape, text a
 * configuration cannot hold) is named in a warning and left out. */
static void replay(importer *im) {
  config *built = im->cfg;
  im->cfg = config_new(built->set, built->type);
  im->cfg->path = built->path;
  built->path = NULL;
  for (size_t s = 0; s < built->type->n_sections; s++) {
    const desc_section *sec = &built->type->sections[s];
    for (size_t i = 0; i < sec->n_fields; i++) {
      const desc_field *f = &sec->fields[i];
      const val *v = val_get_path(built->root, f->id);
      if (!v)
        continue;
      diag_list d = DIAG_LIST_INIT;
      val *nv = val_clone(v);
      if (im->opts && im->opts->translate)
        from_dialect(nv, im->opts->dialect);
      if (!model_set(im->cfg, f->id, nv, &d))
        for (size_t k = 0; k < d.n; k++)
          warn(im, f->id, "not imported: %s", d.items[k].msg);
      diag_list_free(&d);
      /* A value the other settings hide is not saved: name its key now. */
      model_ctx top = {im->cfg, NULL, NULL};
      if (f->n_profile && val_get_path(im->cfg->root, f->id) && !model_field_visible(&top, f)) {
        const char *kp = f->profile[0];
        char *shown = str_starts(kp, "$dict.") && im->cfg->type->dict
                          ? xasprintf("%s.%s", im->cfg->type->dict, kp + strlen("$dict."))
                          : xstrdup(str_starts(kp, "@profile.") ? kp + strlen("@profile.") : kp);
        const char *why = f->show ? expr_source(f->show) : NULL;
        warn(im, f->id, "%s: not kept: %s is used only when %s", shown, f->id,
             why ? why : "other settings show it");
        free(shown);
        val_remove_path(im->cfg->root, f->id);
      }
    }
  }
  config_free(built);
}

static const desc_type *detect_type(const importer *im) {
  const char *vt = str_of(plist_dict_get_item(im->payload, "VPNType"));
  const char *sub = str_of(plist_dict_get_item(im->payload, "VPNSubType"));
  const desc_type *only = NULL, *catch_all = NULL;
  size_t n_same = 0;
  for (size_t i = 0; vt && i < im->set->n_types; i++) {
    const desc_type *t = &im->set->types[i];
    if (!str_eq(t->vpn_type, vt))
      continue;
    n_same++;
    only = t;
    const desc_field *sf = desc_type_find_field(t, "subtype");
    if (!sf)
      continue;
    if (!sf->def)
      catch_all = t;
    else if (sub && sf->def->kind == VAL_STR && !strcmp(sf->def->u.str, sub))
      return t;
    for (size_t k = 0; sub && k < sf->n_suggestions; k++)
      if (!strcmp(sf->suggestions[k], sub))
        return t;
  }
  if (n_same == 1)
    return only;
  return catch_all;
}

static bool structural(const char *key) {
  static const char *const keys[] = {"PayloadType", "PayloadVersion", "PayloadIdentifier",
                                     "PayloadUUID", "PayloadContent", "VPNType"};
  for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
    if (!strcmp(key, keys[i]))
      return true;
  return false;
}

static void report_left(importer *im, plist_t dict, const char *prefix) {
  plist_dict_iter it = NULL;
  plist_dict_new_iter(dict, &it);
  for (;;) {
    char *key = NULL;
    plist_t item = NULL;
    plist_dict_next_item(dict, it, &key, &item);
    if (!key)
      break;
    char *path = prefix ? xasprintf("%s.%s", prefix, key) : xstrdup(key);
    if (!(prefix == NULL && structural(key)) && !is_taken(im, item)) {
      if (plist_get_node_type(item) == PLIST_DICT && plist_dict_get_size(item) == 0)
        warn(im, NULL, "%s: an empty dictionary; not kept", path);
      else if (plist_get_node_type(item) == PLIST_DICT)
        report_left(im, item, path);
      else
        warn(im, NULL, "%s: appvpn has no setting for this key; not imported", path);
    }
    free(path);
    free(key);
  }
  free(it);
}

/* A plist scalar as a configuration value (NULL for containers and data). */
static val *scalar_val(plist_t n) {
  switch (plist_get_node_type(n)) {
  case PLIST_STRING:
  case PLIST_BOOLEAN:
  case PLIST_UINT:
  case PLIST_REAL: {
    const char *why = NULL;
    return data_val(n, 0, &why);
  }
  default: return NULL;
  }
}

/* Keys of `made` (what export writes) that `orig` lacks, as absent.PREFIX.KEY
 * = the value (dictionaries compared down, arrays not). */
static void collect_absent(val *absent, plist_t orig, plist_t made, const char *prefix) {
  plist_dict_iter it = NULL;
  plist_dict_new_iter(made, &it);
  for (;;) {
    char *key = NULL;
    plist_t item = NULL;
    plist_dict_next_item(made, it, &key, &item);
    if (!key)
      break;
    char *path = *prefix ? xasprintf("%s.%s", prefix, key) : xstrdup(key);
    plist_t o = orig ? plist_dict_get_item(orig, key) : NULL;
    if (!o) {
      val *v = scalar_val(item);
      if (v)
        val_map_set(absent, path, v);
    } else if (plist_get_node_type(o) == PLIST_DICT && plist_get_node_type(item) == PLIST_DICT) {
      collect_absent(absent, o, item, path);
    }
    free(path);
    free(key);
  }
  free(it);
}

/* Keys export would add that the profile did not have (defaults, names
 * derived from other settings) are recorded in `absent`, so that export
 * leaves them out while they keep that value. */
static void note_absent(importer *im) {
  export_opts eo = {.format = EXPORT_XML, .draft = true, .mask_secrets = true};
  diag_list d = DIAG_LIST_INIT;
  char *bytes = NULL;
  size_t len = 0;
  plist_t made = NULL;
  if (!export_profile(im->cfg, &eo, &bytes, &len, &d) || len >= UINT32_MAX)
    goto out;
  plist_from_xml(bytes, (uint32_t)len, &made);
  if (!made)
    goto out;
  val *absent = val_new_map();
  plist_t content = plist_dict_get_item(made, "PayloadContent");
  for (uint32_t i = 0; content && i < plist_array_get_size(content); i++) {
    plist_t p = plist_array_get_item(content, i);
    const char *type = str_of(plist_dict_get_item(p, "PayloadType"));
    if (str_eq(type, APPLAYER)) {
      collect_absent(absent, im->payload, p, "");
    } else if (str_eq(type, PKCS12) && im->outer) {
      plist_t oc = plist_dict_get_item(im->outer, "PayloadContent");
      const char *uuid = str_of(plist_dict_get_item(p, "PayloadUUID"));
      for (uint32_t k = 0; oc && k < plist_array_get_size(oc); k++) {
        plist_t op = plist_array_get_item(oc, k);
        if (str_eq(str_of(plist_dict_get_item(op, "PayloadUUID")), uuid))
          collect_absent(absent, op, p, "@embedded");
      }
    }
  }
  if (im->outer) {
    plist_dict_remove_item(made, "PayloadContent");
    collect_absent(absent, im->outer, made, "@profile");
  }
  if (absent->u.map.n)
    val_set_path(im->cfg->root, "absent", absent);
  else
    val_free(absent);
out:
  plist_free(made);
  free(bytes);
  diag_list_free(&d);
}

config *import_profile(const desc_set *set, const char *bytes, size_t len, const char *name,
                       const import_opts *opts, diag_list *diags) {
  importer im = {.set = set, .opts = opts, .name = name, .diags = diags};
  plist_t root = NULL;
  if (!plist_check_input(bytes, len, name, diags))
    return NULL;
  root = plist_parse_any(bytes, len);
  if (!root || plist_get_node_type(root) != PLIST_DICT) {
    diag_add(diags, DIAG_ERROR, name, 0, 0, NULL,
             "not a property list profile (XML or binary .mobileconfig)");
    goto out;
  }
  if (str_eq(str_of(plist_dict_get_item(root, "PayloadType")), APPLAYER)) {
    im.payload = root;
  } else {
    im.outer = root;
    plist_t content = plist_dict_get_item(root, "PayloadContent");
    for (uint32_t i = 0; content && plist_get_node_type(content) == PLIST_ARRAY &&
                         i < plist_array_get_size(content);
         i++) {
      plist_t it = plist_array_get_item(content, i);
      if (str_eq(str_of(plist_dict_get_item(it, "PayloadType")), APPLAYER)) {
        if (im.payload) {
          diag_add(diags, DIAG_ERROR, name, 0, 0, NULL,
                   "the profile holds several per-app VPN payloads; appvpn keeps one per file");
          goto out;
        }
        im.payload = it;
      }
    }
  }
  if (!im.payload) {
    diag_add(diags, DIAG_ERROR, name, 0, 0, NULL, "no per-app VPN payload (%s) in this profile",
             APPLAYER);
    goto out;
  }
  const desc_type *t = detect_type(&im);
  if (!t) {
    const char *vt = str_of(plist_dict_get_item(im.payload, "VPNType"));
    diag_add(diags, DIAG_ERROR, name, 0, 0, "type", "VPNType %s is not a type appvpn edits",
             vt ? vt : "(missing)");
    goto out;
  }
  im.cfg = config_new(set, t);
  free(im.cfg->path);
  im.cfg->path = xstrdup(name);
  for (size_t s = 0; s < t->n_sections; s++)
    import_fields(&im, t->sections[s].fields, t->sections[s].n_fields, NULL, im.cfg->root, NULL);
  set_switches(&im);
  /* UserDefinedName and the payload's PayloadDescription equal to the
   * profile's name and description are the defaults export writes: no
   * separate vpn_name / payload_description then. */
  static const char *const same_as[][2] = {{"vpn_name", "name"},
                                           {"payload_description", "description"},
                                           {"payload_organization", "organization"},
                                           {"payload_name", "name"}};
  for (size_t i = 0; i < sizeof same_as / sizeof *same_as; i++) {
    const val *a = val_get_path(im.cfg->root, same_as[i][0]);
    const val *b = val_get_path(im.cfg->root, same_as[i][1]);
    if (a && b && a->kind == VAL_STR && b->kind == VAL_STR && !strcmp(a->u.str, b->u.str))
      val_remove_path(im.cfg->root, same_as[i][0]);
  }
  {
    const val *pid = val_get_path(im.cfg->root, "payload_identifier");
    const val *id = val_get_path(im.cfg->root, "identifier");
    if (pid && id && pid->kind == VAL_STR && id->kind == VAL_STR) {
      char *made = xasprintf("%s.vpn", id->u.str);
      if (!strcmp(made, pid->u.str))
        val_remove_path(im.cfg->root, "payload_identifier");
      free(made);
    }
  }
  /* A bare payload has no wrapper: its identifier is the payload's without
   * ".vpn", and the profile gets a new UUID (it never had one). */
  if (!im.outer) {
    const char *pid = str_of(plist_dict_get_item(im.payload, "PayloadIdentifier"));
    size_t pl = pid ? strlen(pid) : 0;
    if (pl > 4 && !strcmp(pid + pl - 4, ".vpn") && !val_get_path(im.cfg->root, "identifier")) {
      val_set_path(im.cfg->root, "identifier", val_new_strn(pid, pl - 4));
      val_remove_path(im.cfg->root, "payload_identifier");
    }
    char u[UUID_STR_LEN];
    if (!val_get_path(im.cfg->root, "uuid.profile") && uuid_make_v4(u)) {
      val_set_path(im.cfg->root, "uuid.profile", val_new_str(u));
      warn(&im, "uuid.profile", "a bare payload has no profile around it: made a new profile UUID");
    }
  }
  replay(&im);
  note_absent(&im);
  /* the pkcs12 payload taken by the credential, the applayer payload itself */
  take(&im, im.payload);
  report_left(&im, im.payload, NULL);
  if (im.outer) {
    report_left(&im, im.outer, NULL);
    plist_t content = plist_dict_get_item(im.outer, "PayloadContent");
    for (uint32_t i = 0; content && i < plist_array_get_size(content); i++) {
      plist_t it = plist_array_get_item(content, i);
      if (!is_taken(&im, it))
        warn(&im, NULL, "PayloadContent[%u]: a %s payload; not imported", i,
             str_of(plist_dict_get_item(it, "PayloadType"))
                 ? str_of(plist_dict_get_item(it, "PayloadType"))
                 : "typeless");
    }
  }
out:
  plist_free(root);
  free(im.taken);
  free(im.found);
  free(im.found_f);
  return im.cfg;
}
