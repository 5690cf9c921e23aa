/* Profile import, field by field: each kind's from-profile operation
 * (io/kinds_io.h), profile_value templates matched back, records from
 * arrays of dictionaries, embedded identities, and custom data typed as its
 * plist says. */
#include "io/import_int.h"

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

/* A string node's text when it is clean text of the kind (core/text.h);
 * NULL for other nodes and for text a configuration cannot hold (what
 * import makes must read back, and print safely). */
static const char *str_of_kind(plist_t n, text_kind kind) {
  if (!n || plist_get_node_type(n) != PLIST_STRING)
    return NULL;
  const char *s = plist_get_string_ptr(n, NULL);
  return s && text_clean(s, strlen(s), kind, NULL) ? s : NULL;
}

const char *im_str_of(plist_t n) {
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
  return im_str_of(n) ? val_new_str(im_str_of(n)) : NULL;
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
  if (t == PLIST_STRING && im_str_of(n) && vars_has_ref(im_str_of(n)))
    return val_new_str(im_str_of(n)); /* a ${variable} the MDM fills */
  return NULL;
}

/* A choice by its profile spelling (or an integer enumeration). */
val *kind_from_profile_choice(importer *im, const desc_field *f, plist_t n, const char *key) {
  (void)im;
  (void)key;
  char num[24];
  const char *s = im_str_of(n);
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
    const char *s = im_str_of(item);
    char *why = s ? NULL : str_problem(item, TEXT_LINE);
    if (s)
      val_list_append(l, val_new_str(s));
    else if (why)
      im_warn(im, f->path, "%s[%u]: %s; not imported", key ? key : f->path, i, why);
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
      im_str_of(im->outer ? plist_dict_get_item(im->outer, "PayloadIdentifier") : NULL);
  const char *pid = im_str_of(plist_dict_get_item(p12, "PayloadIdentifier"));
  const char *disp = im_str_of(plist_dict_get_item(p12, "PayloadDisplayName"));
  const char *fname = im_str_of(plist_dict_get_item(p12, "PayloadCertificateFileName"));
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
    if (!known || (item && plist_get_node_type(item) != PLIST_DATA && !im_str_of(item) &&
                   strcmp(k, "PayloadVersion")))
      im_warn(im, f->id, "%s payload %s: appvpn has no setting for this key; not kept", PKCS12, k);
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
    if (str_eq(im_str_of(plist_dict_get_item(it, "PayloadType")), PKCS12) &&
        str_eq(im_str_of(plist_dict_get_item(it, "PayloadUUID")), uuid))
      p12 = it;
  }
  plist_t data = p12 ? plist_dict_get_item(p12, "PayloadContent") : NULL;
  if (!data || plist_get_node_type(data) != PLIST_DATA || !im->opts || !im->opts->p12_dir)
    return false;
  const char *disp = im_str_of(plist_dict_get_item(p12, "PayloadDisplayName"));
  const char *fname = im_str_of(plist_dict_get_item(p12, "PayloadCertificateFileName"));
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
    const char *pw = im_str_of(plist_dict_get_item(p12, "Password"));
    if (pw)
      val_set_path(target, f->embed_password, val_new_str(pw));
  }
  val_set_path(im->cfg->root, "uuid.credential", val_new_str(uuid));
  im_take(im, p12);
  return true;
}

/* One field (not a map) from the profile into target (the root or a record). */
static void import_field(importer *im, const desc_field *f, plist_t base, val *target,
                         val *record) {
  for (size_t k = 0; k < f->n_profile; k++) {
    plist_t node = lookup(im, base, f->profile[k]);
    if (!node || im_is_taken(im, node))
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
        im_import_fields(im, f->fields, f->n_fields, item, rec, rec);
        val_list_append(list, rec);
        im_take(im, item);
      }
      val_set_path(target, f->id, list);
      im_take(im, node);
      im_found(im, record, f);
      return;
    }
    if (f->embed) {
      const char *uuid = im_str_of(node);
      if (uuid && import_embed(im, target, f, uuid)) {
        im_take(im, node);
        im_found(im, record, f);
      }
      return; /* not embedded: the UUID is for the field that names it */
    }
    const char *kp = f->profile[k];
    char *shown = str_starts(kp, "$dict.")
                      ? xasprintf("%s.%s", im->cfg->type->dict, kp + strlen("$dict."))
                      : xstrdup(str_starts(kp, "@profile.") ? kp + strlen("@profile.") : kp);
    val *v = NULL;
    if (f->profile_value) {
      const char *s = im_str_of(node);
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
      im_warn(im, f->path, "%s: %s; not imported", shown,
              why ? why : "the value does not fit this setting");
      free(why);
      free(shown);
      im_take(im, node);
      return;
    }
    if (v->kind == VAL_STR && !*v->u.str) {
      im_warn(im, f->path, "%s: an empty value; not kept", shown);
    } else if (f->kind == FK_CHOICE && v->kind == VAL_STR && im_str_of(node)) {
      const desc_choice *ch = desc_field_choice(f, v->u.str);
      const char *spelled = ch && ch->profile ? ch->profile : v->u.str;
      if (strcmp(spelled, im_str_of(node)))
        im_warn(im, f->path, "%s: '%s' is written back as '%s' (Apple's spelling)", shown,
                im_str_of(node), spelled);
    }
    free(shown);
    val_set_path(target, f->id, v);
    im_take(im, node);
    /* every key the field writes is its own, and so are its constants */
    for (size_t j = 0; j < f->n_profile; j++)
      im_take(im, lookup(im, base, f->profile[j]));
    for (size_t j = 0; j < f->n_also; j++)
      im_take(im, lookup(im, base, f->also[j].key));
    im_found(im, record, f);
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
val *im_data_val(plist_t n, int depth, const char **why) {
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
      val *it = im_data_val(plist_array_get_item(n, i), depth + 1, why);
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
        iv = im_data_val(item, depth + 1, why);
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
      if (im_is_taken(im, item)) {
        free(key);
        continue;
      }
      /* A key a configuration can hold is one line of clean text; a value
       * may span lines (vendor data such as a certificate). */
      char *why = *key ? text_problem(key, TEXT_LINE) : xstrdup("an empty key");
      char *vwhy = why ? NULL : str_problem(item, TEXT_LINES);
      const char *dwhy = NULL;
      val *dv = why || vwhy ? NULL : im_data_val(item, 0, &dwhy);
      if (!dv) {
        im_warn(im, f->path, "%s.%s: %s%s; not imported", f->profile[k], key,
                why ? "the key: " : "",
                why    ? why
                : vwhy ? vwhy
                       : dwhy);
      } else {
        val_map_set(m, key, dv);
      }
      im_take(im, item);
      free(why);
      free(vwhy);
      free(key);
    }
    free(it);
    if (m->u.map.n) {
      val_set_path(target, f->id, m);
      im_found(im, record, f);
    } else {
      val_free(m);
    }
    im_take(im, node);
    return;
  }
}

void im_import_fields(importer *im, const desc_field *fields, size_t n, plist_t base, val *target,
                      val *record) {
  for (size_t i = 0; i < n; i++)
    if (field_kinds[fields[i].kind].shape != KSHAPE_MAP && fields[i].n_profile)
      import_field(im, &fields[i], base, target, record);
  for (size_t i = 0; i < n; i++)
    if (field_kinds[fields[i].kind].shape == KSHAPE_MAP && fields[i].n_profile)
      import_map(im, &fields[i], base, target, record);
}
