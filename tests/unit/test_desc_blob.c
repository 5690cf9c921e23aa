/* Compiled descriptors (core/desc_blob.h): the blob gives back exactly the
 * set the YAML loader builds, the binary's embedded blob is that of forms/,
 * and a truncated or damaged blob is refused with a diagnostic, never a crash
 * (run this under ASan/UBSan too). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/desc.h"
#include "core/desc_blob.h"
#include "core/util.h"
#include "io/desc_load.h"
#include "testutil.h"

#define HEADER_LEN 24 /* magic 8, version 4, payload length 4, checksum 8 */

/* ---- a field-by-field comparison ------------------------------------------- */

/* Every difference is reported with where it is and fails the test. A member
 * that the blob's writer and reader both forgot reads back as zero, so it
 * shows here as soon as the YAML-loaded (or hand-built) set has it set. */

static void same_str(const char *a, const char *b, const char *where, const char *what) {
  if (!a && !b)
    return;
  if (!a || !b || strcmp(a, b) != 0)
    fail_msg("%s: %s differs: '%s' vs '%s'", where, what, a ? a : "(null)", b ? b : "(null)");
}

static void same_num(long long a, long long b, const char *where, const char *what) {
  if (a != b)
    fail_msg("%s: %s differs: %lld vs %lld", where, what, a, b);
}

static void same_val(const val *a, const val *b, const char *where, const char *what) {
  if (!a && !b)
    return;
  if (!a || !b)
    fail_msg("%s: %s: one side has no value", where, what);
  same_num(a->kind, b->kind, where, what);
  same_num(a->plain, b->plain, where, what);
  same_num(a->line, b->line, where, what);
  same_num(a->col, b->col, where, what);
  switch (a->kind) {
  case VAL_NULL: break;
  case VAL_STR: same_str(a->u.str, b->u.str, where, what); break;
  case VAL_BOOL: same_num(a->u.b, b->u.b, where, what); break;
  case VAL_INT: same_num(a->u.i, b->u.i, where, what); break;
  case VAL_LIST:
    same_num((long long)a->u.list.n, (long long)b->u.list.n, where, what);
    for (size_t i = 0; i < a->u.list.n; i++)
      same_val(a->u.list.v[i], b->u.list.v[i], where, what);
    break;
  case VAL_MAP:
    same_num((long long)a->u.map.n, (long long)b->u.map.n, where, what);
    for (size_t i = 0; i < a->u.map.n; i++) {
      same_str(a->u.map.k[i], b->u.map.k[i], where, what);
      same_val(a->u.map.v[i], b->u.map.v[i], where, what);
    }
    break;
  }
}

static void add_path(void *ctx, const char *path, bool rooted) {
  strbuf_printf(ctx, "%s%s;", rooted ? "/" : "", path);
}

static void same_expr(const expr *a, const expr *b, const char *where, const char *what) {
  if (!a && !b)
    return;
  if (!a || !b)
    fail_msg("%s: %s: one side has no condition", where, what);
  same_str(expr_source(a), expr_source(b), where, what);
  const char *fa, *fb;
  unsigned la, ca, lb, cb;
  expr_where(a, &fa, &la, &ca);
  expr_where(b, &fb, &lb, &cb);
  same_str(fa, fb, where, what);
  same_num(la, lb, where, what);
  same_num(ca, cb, where, what);
  /* The parsed trees read the same paths. */
  strbuf pa = STRBUF_INIT, pb = STRBUF_INIT;
  expr_each_path(a, add_path, &pa);
  expr_each_path(b, add_path, &pb);
  same_str(strbuf_str(&pa), strbuf_str(&pb), where, what);
  strbuf_free(&pa);
  strbuf_free(&pb);
}

static void same_os(const os_avail *a, const os_avail *b, const char *where) {
  for (int i = 0; i < OS__COUNT; i++) {
    same_str(a->since[i], b->since[i], where, os_names[i]);
    same_str(a->deprecated[i], b->deprecated[i], where, os_names[i]);
  }
}

static void same_strs(char **a, size_t na, char **b, size_t nb, const char *where,
                      const char *what) {
  same_num((long long)na, (long long)nb, where, what);
  for (size_t i = 0; i < na; i++)
    same_str(a[i], b[i], where, what);
}

static void same_field(const desc_field *a, const desc_field *b) {
  const char *w = a->path ? a->path : "?";
  same_str(a->id, b->id, w, "id");
  same_str(a->path, b->path, w, "path");
  same_str(a->label, b->label, w, "label");
  same_str(a->help, b->help, w, "help");
  same_num(a->kind, b->kind, w, "kind");
  same_num((long long)a->n_choices, (long long)b->n_choices, w, "n_choices");
  for (size_t i = 0; i < a->n_choices; i++) {
    same_str(a->choices[i].value, b->choices[i].value, w, "choice value");
    same_str(a->choices[i].label, b->choices[i].label, w, "choice label");
    same_str(a->choices[i].profile, b->choices[i].profile, w, "choice profile");
    same_str(a->choices[i].help, b->choices[i].help, w, "choice help");
  }
  same_strs(a->suggestions, a->n_suggestions, b->suggestions, b->n_suggestions, w, "suggestions");
  same_val(a->def, b->def, w, "default");
  same_expr(a->show, b->show, w, "show");
  same_expr(a->required, b->required, w, "required");
  same_expr(a->export_if, b->export_if, w, "export_if");
  same_num(a->format, b->format, w, "format");
  same_num(a->has_min, b->has_min, w, "has_min");
  same_num(a->has_max, b->has_max, w, "has_max");
  same_num(a->min, b->min, w, "min");
  same_num(a->max, b->max, w, "max");
  same_num((long long)a->max_len, (long long)b->max_len, w, "max_len");
  same_num(a->variables, b->variables, w, "variables");
  same_num(a->readonly, b->readonly, w, "readonly");
  same_num(a->when_hidden, b->when_hidden, w, "when_hidden");
  same_os(&a->os, &b->os, w);
  same_str(a->placeholder, b->placeholder, w, "placeholder");
  same_strs(a->profile, a->n_profile, b->profile, b->n_profile, w, "profile");
  same_num(a->ptype, b->ptype, w, "profile_type");
  same_str(a->profile_value, b->profile_value, w, "profile_value");
  same_num((long long)a->n_also, (long long)b->n_also, w, "n_also");
  for (size_t i = 0; i < a->n_also; i++) {
    same_str(a->also[i].key, b->also[i].key, w, "profile_also key");
    same_val(a->also[i].value, b->also[i].value, w, "profile_also value");
  }
  same_str(a->embed, b->embed, w, "embed");
  same_str(a->embed_password, b->embed_password, w, "embed_password");
  same_num((long long)a->n_fields, (long long)b->n_fields, w, "n_fields");
  for (size_t i = 0; i < a->n_fields; i++)
    same_field(&a->fields[i], &b->fields[i]);
  same_str(a->item_label, b->item_label, w, "item_label");
  same_str(a->choices_from, b->choices_from, w, "choices_from");
  same_str(a->file, b->file, w, "file");
  same_num(a->line, b->line, w, "line");
  same_num(a->col, b->col, w, "col");
}

static void same_set(const desc_set *a, const desc_set *b) {
  same_num((long long)a->n_types, (long long)b->n_types, "set", "n_types");
  for (size_t t = 0; t < a->n_types; t++) {
    const desc_type *x = &a->types[t], *y = &b->types[t];
    const char *w = x->id ? x->id : "?";
    same_str(x->id, y->id, w, "id");
    same_str(x->label, y->label, w, "label");
    same_str(x->summary, y->summary, w, "summary");
    same_str(x->vpn_type, y->vpn_type, w, "vpn_type");
    same_str(x->dict, y->dict, w, "dict");
    same_os(&x->os, &y->os, w);
    same_num(x->order, y->order, w, "order");
    same_str(x->file, y->file, w, "file");
    same_num(x->line, y->line, w, "line");
    same_num(x->col, y->col, w, "col");
    same_num((long long)x->n_sections, (long long)y->n_sections, w, "n_sections");
    for (size_t s = 0; s < x->n_sections; s++) {
      const desc_section *p = &x->sections[s], *q = &y->sections[s];
      same_str(p->id, q->id, w, "section id");
      same_str(p->title, q->title, w, "section title");
      same_str(p->help, q->help, w, "section help");
      same_expr(p->show, q->show, w, "section show");
      same_num((long long)p->n_fields, (long long)q->n_fields, w, "section n_fields");
      for (size_t i = 0; i < p->n_fields; i++)
        same_field(&p->fields[i], &q->fields[i]);
    }
  }
}

/* The comparison above names every member of these structs. When desc.h
 * grows a member, this fails until the blob and the comparison carry it. */
static void test_struct_sizes_known(void **state) {
#if UINTPTR_MAX == 0xffffffffffffffffu && UINT_MAX == 0xffffffffu
  assert_int_equal(sizeof(desc_field), 328);
  assert_int_equal(sizeof(desc_section), 48);
  assert_int_equal(sizeof(desc_type), 144);
  assert_int_equal(sizeof(desc_set), 16);
  assert_int_equal(sizeof(desc_choice), 32);
  assert_int_equal(sizeof(desc_const), 16);
  assert_int_equal(sizeof(os_avail), 64);
  assert_int_equal(sizeof(val), 40); /* same members, 8-byte header (core/value.h) */
#else
  skip();
#endif
}

/* ---- helpers ----------------------------------------------------------------- */

/* forms/ through the YAML loader, named as the build names them (forms/NAME.yaml). */
static desc_set *load_forms_yaml(void) {
  char cwd[4096];
  assert_non_null(getcwd(cwd, sizeof cwd));
  assert_int_equal(chdir(tu_src()), 0);
  diag_list d = DIAG_LIST_INIT;
  desc_set *set = desc_load_dir("forms", &d);
  assert_int_equal(chdir(cwd), 0);
  if (d.n)
    diag_list_print(&d, stderr);
  assert_int_equal(d.n, 0);
  assert_non_null(set);
  diag_list_free(&d);
  return set;
}

/* The payload checksum, as core/desc_blob.c computes it. */
static uint64_t checksum(const unsigned char *p, size_t n) {
  uint64_t h = 14695981039346656037u;
  for (size_t i = 0; i < n; i += 8) {
    uint64_t w = 0;
    for (size_t k = 0; k < 8 && i + k < n; k++)
      w |= (uint64_t)p[i + k] << (8 * k);
    h = (h ^ w) * 1099511628211u;
  }
  return h ^ n;
}

static void put_u32(unsigned char *p, uint32_t v) {
  for (int i = 0; i < 4; i++)
    p[i] = (unsigned char)(v >> (8 * i));
}

/* Makes the header agree with a changed payload (length and checksum), so
 * the reader gets past the header and into the body. */
static void fix_header(unsigned char *b, size_t len) {
  put_u32(b + 12, (uint32_t)(len - HEADER_LEN));
  uint64_t sum = checksum(b + HEADER_LEN, len - HEADER_LEN);
  put_u32(b + 16, (uint32_t)sum);
  put_u32(b + 20, (uint32_t)(sum >> 32));
}

static bool has_msg(const diag_list *d, const char *part) {
  for (size_t i = 0; i < d->n; i++)
    if (d->items[i].level == DIAG_ERROR && strstr(d->items[i].msg, part))
      return true;
  return false;
}

/* Reads a blob that must be refused: NULL and an error naming the blob. */
static void expect_refused(const unsigned char *b, size_t len, const char *why) {
  diag_list d = DIAG_LIST_INIT;
  desc_set *set = desc_blob_read(b, len, &d);
  if (set)
    fail_msg("a blob of %zu bytes (%s) was accepted", len, why);
  if (!has_msg(&d, "compiled descriptors are damaged"))
    fail_msg("no diagnostic for a blob of %zu bytes (%s)", len, why);
  diag_list_free(&d);
}

/* Reads a damaged blob: refused with a diagnostic, or read into a set that
 * can be written and freed (ASan watches both). Returns whether it was refused. */
static bool read_damaged(const unsigned char *b, size_t len) {
  diag_list d = DIAG_LIST_INIT;
  desc_set *set = desc_blob_read(b, len, &d);
  bool refused = set == NULL;
  if (refused) {
    assert_true(has_msg(&d, "compiled descriptors are damaged"));
  } else {
    size_t n = 0;
    free(desc_blob_write(set, &n));
    desc_set_free(set);
  }
  diag_list_free(&d);
  return refused;
}

/* ---- round trips ------------------------------------------------------------- */

static void check_round_trip(const desc_set *set) {
  size_t len = 0;
  unsigned char *blob = desc_blob_write(set, &len);
  assert_non_null(blob);
  assert_true(len > HEADER_LEN);
  assert_memory_equal(blob, "AVPNDSET", 8);

  diag_list d = DIAG_LIST_INIT;
  desc_set *back = desc_blob_read(blob, len, &d);
  if (d.n)
    diag_list_print(&d, stderr);
  assert_int_equal(d.n, 0);
  assert_non_null(back);
  same_set(set, back);

  /* Written again from what was read: the very same bytes. */
  size_t len2 = 0;
  unsigned char *blob2 = desc_blob_write(back, &len2);
  assert_int_equal(len2, len);
  assert_memory_equal(blob2, blob, len);

  free(blob2);
  desc_set_free(back);
  free(blob);
  diag_list_free(&d);
}

static void test_round_trip_forms(void **state) {
  desc_set *set = load_forms_yaml();
  check_round_trip(set);
  desc_set_free(set);
}

static void test_round_trip_small_set(void **state) {
  desc_set *set = tu_small_set();
  check_round_trip(set);
  desc_set_free(set);
}

/* What the binary starts with is forms/ as the YAML loader reads it. */
static void test_embedded_is_forms(void **state) {
  desc_set *yaml = load_forms_yaml();
  diag_list d = DIAG_LIST_INIT;
  desc_set *embedded = desc_load_embedded(&d);
  assert_int_equal(d.n, 0);
  assert_non_null(embedded);
  same_set(yaml, embedded);

  /* The comparison is not vacuous: the forms have conditions and defaults. */
  size_t conds = 0, defs = 0;
  for (size_t t = 0; t < embedded->n_types; t++)
    for (size_t s = 0; s < embedded->types[t].n_sections; s++)
      for (size_t i = 0; i < embedded->types[t].sections[s].n_fields; i++) {
        const desc_field *f = &embedded->types[t].sections[s].fields[i];
        conds += (f->show != NULL) + (f->required != NULL) + (f->export_if != NULL);
        defs += f->def != NULL;
      }
  assert_true(conds > 10);
  assert_true(defs > 10);
  desc_set_free(embedded);
  desc_set_free(yaml);
  diag_list_free(&d);
}

/* A set with every member set (and every kind of value), built by hand: the
 * shipped forms need not use everything desc.h can hold. */
static expr *cond(const char *src, const char *file, unsigned line, unsigned col) {
  diag_list d = DIAG_LIST_INIT;
  expr *e = expr_parse(src, file, line, col, &d);
  assert_non_null(e);
  diag_list_free(&d);
  return e;
}

static val *at(val *v, unsigned line, unsigned col) {
  v->line = line;
  v->col = col;
  return v;
}

static void fill_os(os_avail *os, const char *base) {
  for (int i = 0; i < OS__COUNT; i++) {
    os->since[i] = xasprintf("%s.%d", base, i);
    os->deprecated[i] = i == OS_MACOS ? NULL : xasprintf("%s.%d.1", base, i);
  }
}

static void fill_field(desc_field *f, const char *parent, const char *id, int depth) {
  f->id = xstrdup(id);
  f->path = parent ? xasprintf("%s.%s", parent, id) : xstrdup(id);
  f->label = xasprintf("Label of %s", id);
  f->help = xasprintf("Help for %s: \"quoted\", tab\t, ünïcödé", id);
  f->kind = depth < 2 ? FK_RECORDS : FK_FILE;
  f->choices = xcalloc(2, sizeof *f->choices);
  f->n_choices = 2;
  f->choices[0] = (desc_choice){xstrdup("on-demand"), xstrdup("On demand"), xstrdup("OnDemand"),
                                xstrdup("choice help")};
  f->choices[1] = (desc_choice){xstrdup("never"), xstrdup("Never"), NULL, NULL};
  f->suggestions = xcalloc(3, sizeof *f->suggestions);
  f->n_suggestions = 3;
  f->suggestions[0] = xstrdup("a");
  f->suggestions[1] = xstrdup("");
  f->suggestions[2] = xstrdup("a"); /* repeated on purpose: the table keeps one */
  val *def = at(val_new_map(), 3, 4);
  val *plain = at(val_new_str("plain"), 5, 6);
  plain->plain = true;
  val_map_set(def, "plain", plain);
  val_map_set(def, "quoted", at(val_new_str("quoted"), 7, 8));
  val_map_set(def, "null", at(val_new_null(), 9, 10));
  val_map_set(def, "yes", at(val_new_bool(true), 11, 12));
  val_map_set(def, "no", val_new_bool(false));
  val_map_set(def, "min", val_new_int(LLONG_MIN));
  val_map_set(def, "max", val_new_int(LLONG_MAX));
  val_map_set(def, "minus", val_new_int(-1));
  val *list = val_new_list();
  val_list_append(list, val_new_str("x"));
  val *inner = val_new_map();
  val_map_set(inner, "deep", at(val_new_list(), UINT_MAX, 1));
  val_list_append(list, inner);
  val_list_append(list, val_new_map());
  val_map_set(def, "list", list);
  f->def = def;
  f->show = cond("a == b || /c in [x, 'y z', 3]", "forms/_common.yaml", 10, 11);
  f->required = cond("!(d && e)", "forms/t.yaml", 12, 13);
  f->export_if = cond("true", NULL, 0, 0);
  f->format = FMT__COUNT - 1;
  f->has_min = true;
  f->has_max = true;
  f->min = LLONG_MIN;
  f->max = LLONG_MAX;
  f->max_len = SIZE_MAX;
  f->variables = true;
  f->readonly = true;
  f->when_hidden = HIDDEN_IGNORE;
  fill_os(&f->os, "16");
  f->placeholder = xstrdup("vpn.example.com");
  f->profile = xcalloc(2, sizeof *f->profile);
  f->n_profile = 2;
  f->profile[0] = xstrdup("$dict.RemoteAddress");
  f->profile[1] = xstrdup("@profile.PayloadDisplayName");
  f->ptype = PT__COUNT - 1;
  f->profile_value = xstrdup("{} and {/other}");
  f->also = xcalloc(3, sizeof *f->also);
  f->n_also = 3;
  f->also[0] = (desc_const){xstrdup("$dict.AuthenticationMethod"), val_new_str("Certificate")};
  f->also[1] = (desc_const){xstrdup("OnDemandEnabled"), val_new_int(1)};
  f->also[2] = (desc_const){xstrdup("Flag"), val_new_bool(false)};
  f->embed = xstrdup("pkcs12");
  f->embed_password = xstrdup("password");
  if (depth < 2) {
    char *sub = xasprintf("%s[]", f->path);
    f->fields = xcalloc(2, sizeof *f->fields);
    f->n_fields = 2;
    fill_field(&f->fields[0], sub, "inner", depth + 1);
    f->fields[1].id = xstrdup("bare");
    f->fields[1].path = xasprintf("%s.bare", sub);
    f->fields[1].label = xstrdup("Bare");
    f->fields[1].file = xstrdup("forms/t.yaml");
    free(sub);
  }
  f->item_label = xstrdup("{action} {match.ssid}");
  f->choices_from = xstrdup("types");
  f->file = xstrdup(depth ? "forms/_common.yaml" : "forms/t.yaml");
  f->line = UINT_MAX;
  f->col = 77;
}

static desc_set *full_set(void) {
  desc_set *set = xcalloc(1, sizeof *set);
  set->types = xcalloc(2, sizeof *set->types);
  set->n_types = 2;
  for (size_t t = 0; t < 2; t++) {
    desc_type *ty = &set->types[t];
    ty->id = xasprintf("type-%zu", t);
    ty->label = xasprintf("Type %zu", t);
    ty->summary = t ? NULL : xstrdup("every member set");
    ty->vpn_type = xstrdup("IKEv2");
    ty->dict = xstrdup(t ? "VPN" : "IKEv2");
    fill_os(&ty->os, "14");
    ty->order = t ? INT_MAX : INT_MIN;
    ty->file = xasprintf("forms/type-%zu.yaml", t);
    ty->line = 1;
    ty->col = 2 + (unsigned)t;
    ty->sections = xcalloc(2, sizeof *ty->sections);
    ty->n_sections = 2;
    desc_section *s = &ty->sections[0];
    s->id = xstrdup("general");
    s->title = xstrdup("General");
    s->help = xstrdup("section help");
    s->show = cond("enabled", "forms/t.yaml", 40, 9);
    s->fields = xcalloc(2, sizeof *s->fields);
    s->n_fields = 2;
    fill_field(&s->fields[0], NULL, "rules", 0);
    s->fields[1].id = xstrdup("name");
    s->fields[1].path = xstrdup("name");
    s->fields[1].label = xstrdup("Name");
    s->fields[1].file = xstrdup("forms/t.yaml");
    ty->sections[1].id = xstrdup("empty");
    ty->sections[1].title = xstrdup("Nothing here");
  }
  return set;
}

static void test_round_trip_every_member(void **state) {
  desc_set *set = full_set();
  check_round_trip(set);

  /* And a forgotten member would show: the comparer sees each change. */
  size_t len = 0;
  unsigned char *blob = desc_blob_write(set, &len);
  diag_list d = DIAG_LIST_INIT;
  desc_set *back = desc_blob_read(blob, len, &d);
  assert_non_null(back);
  desc_field *f = &back->types[0].sections[0].fields[0].fields[0];
  assert_true(f->readonly);
  assert_int_equal(f->max_len, SIZE_MAX);
  assert_int_equal(f->min, LLONG_MIN);
  assert_int_equal(f->def->u.map.v[5]->u.i, LLONG_MIN);
  assert_string_equal(expr_source(f->show), "a == b || /c in [x, 'y z', 3]");
  const char *file;
  unsigned line, col;
  expr_where(f->required, &file, &line, &col);
  assert_string_equal(file, "forms/t.yaml");
  assert_int_equal(line, 12);
  assert_int_equal(col, 13);
  assert_int_equal(back->types[0].order, INT_MIN);
  desc_set_free(back);
  free(blob);
  desc_set_free(set);
}

/* Conditions are parsed again when read, and evaluate as before. */
static const val *lookup(void *ctx, const char *path, bool rooted) {
  return val_get_path(ctx, path);
}

static size_t same_verdicts(const expr *a, const expr *b, const val *cfg) {
  if (!a)
    return 0;
  assert_int_equal(expr_eval(a, lookup, (void *)cfg), expr_eval(b, lookup, (void *)cfg));
  return 1;
}

static void test_conditions_evaluate(void **state) {
  desc_set *yaml = load_forms_yaml();
  size_t len = 0;
  unsigned char *blob = desc_blob_write(yaml, &len);
  diag_list d = DIAG_LIST_INIT;
  desc_set *back = desc_blob_read(blob, len, &d);
  assert_non_null(back);
  size_t checked = 0;
  for (size_t t = 0; t < yaml->n_types; t++) {
    const desc_type *ta = &yaml->types[t], *tb = &back->types[t];
    /* An empty configuration, then one holding every default. */
    val *empty = val_new_map(), *defaults = val_new_map();
    for (size_t s = 0; s < ta->n_sections; s++)
      for (size_t i = 0; i < ta->sections[s].n_fields; i++) {
        const desc_field *f = &ta->sections[s].fields[i];
        if (f->def)
          val_set_path(defaults, f->id, val_clone(f->def));
      }
    for (size_t s = 0; s < ta->n_sections; s++) {
      checked += same_verdicts(ta->sections[s].show, tb->sections[s].show, empty);
      checked += same_verdicts(ta->sections[s].show, tb->sections[s].show, defaults);
      for (size_t i = 0; i < ta->sections[s].n_fields; i++) {
        const desc_field *a = &ta->sections[s].fields[i], *b = &tb->sections[s].fields[i];
        const val *cfgs[] = {empty, defaults};
        for (int c = 0; c < 2; c++) {
          checked += same_verdicts(a->show, b->show, cfgs[c]);
          checked += same_verdicts(a->required, b->required, cfgs[c]);
          checked += same_verdicts(a->export_if, b->export_if, cfgs[c]);
        }
      }
    }
    val_free(empty);
    val_free(defaults);
  }
  assert_true(checked > 20);
  desc_set_free(back);
  desc_set_free(yaml);
  free(blob);
  diag_list_free(&d);
}

/* ---- refusing damaged blobs ---------------------------------------------------- */

static void test_every_truncation_refused(void **state) {
  desc_set *set = load_forms_yaml();
  size_t len = 0;
  unsigned char *blob = desc_blob_write(set, &len);
  desc_set_free(set);
  /* Each shorter length, as is (the header's length no longer matches). */
  for (size_t n = 0; n < len; n++) {
    unsigned char *copy = malloc(n ? n : 1); /* exact size: ASan sees any overread */
    memcpy(copy, blob, n);
    expect_refused(copy, n, "truncated");
    free(copy);
  }
  free(blob);
}

/* Truncations with a header made to agree: the reader runs into the end of
 * the data somewhere in the body, and must stop there. */
static void truncate_in_body(const unsigned char *blob, size_t len, size_t step) {
  for (size_t n = HEADER_LEN; n < len; n += (n + 64 >= len ? 1 : step)) {
    unsigned char *copy = malloc(n);
    memcpy(copy, blob, n);
    fix_header(copy, n);
    expect_refused(copy, n, "truncated, header fixed");
    free(copy);
  }
}

static void test_truncation_in_body_refused(void **state) {
  desc_set *small = tu_small_set();
  size_t len = 0;
  unsigned char *blob = desc_blob_write(small, &len);
  desc_set_free(small);
  truncate_in_body(blob, len, 1); /* every length */
  free(blob);

  desc_set *forms = load_forms_yaml();
  blob = desc_blob_write(forms, &len);
  desc_set_free(forms);
  truncate_in_body(blob, len, 41);
  free(blob);

  desc_set *full = full_set();
  blob = desc_blob_write(full, &len);
  desc_set_free(full);
  truncate_in_body(blob, len, 1);
  free(blob);
}

static void test_header_checks(void **state) {
  desc_set *set = tu_small_set();
  size_t len = 0;
  unsigned char *blob = desc_blob_write(set, &len);
  desc_set_free(set);
  unsigned char *copy = malloc(len + 1);
  diag_list d = DIAG_LIST_INIT;

  memcpy(copy, blob, len);
  copy[0] = 'X';
  assert_null(desc_blob_read(copy, len, &d));
  assert_true(has_msg(&d, "not a compiled descriptor set"));
  diag_list_clear(&d);

  memcpy(copy, blob, len);
  put_u32(copy + 8, DESC_BLOB_VERSION + 1);
  assert_null(desc_blob_read(copy, len, &d));
  assert_true(has_msg(&d, "another version"));
  diag_list_clear(&d);

  memcpy(copy, blob, len);
  copy[len / 2] ^= 0x20;
  assert_null(desc_blob_read(copy, len, &d));
  assert_true(has_msg(&d, "checksum"));
  diag_list_clear(&d);

  memcpy(copy, blob, len);
  copy[len] = 0;
  fix_header(copy, len + 1);
  assert_null(desc_blob_read(copy, len + 1, &d));
  assert_true(has_msg(&d, "bytes after the end"));
  diag_list_clear(&d);

  memcpy(copy, blob, len);
  copy[HEADER_LEN] ^= 1; /* the first enum size: field kinds */
  fix_header(copy, len);
  assert_null(desc_blob_read(copy, len, &d));
  assert_true(has_msg(&d, "other field kinds"));
  diag_list_clear(&d);

  assert_null(desc_blob_read(NULL, 0, &d));
  assert_int_equal(d.n, 1);
  char *msg = diag_format(&d.items[0]);
  assert_string_equal(msg, "error: compiled descriptors are damaged: no data at byte 0 of 0 "
                           "(rebuild appvpn)");
  free(msg);
  diag_list_free(&d);
  free(copy);
  free(blob);
}

/* Every byte changed, checksum left alone: every change is refused. Then with
 * the checksum made to agree: refused or read, never a crash. */
static void damage_everywhere(const unsigned char *blob, size_t len, size_t step, size_t *refused,
                              size_t *tries) {
  static const unsigned char how[] = {0x01, 0x80, 0xff};
  unsigned char *copy = malloc(len);
  for (size_t i = 0; i < len; i += step)
    for (size_t k = 0; k < sizeof how; k++) {
      memcpy(copy, blob, len);
      copy[i] ^= how[k];
      expect_refused(copy, len, "one byte changed");
      if (i >= HEADER_LEN) {
        fix_header(copy, len);
        *refused += read_damaged(copy, len);
        ++*tries;
      }
    }
  free(copy);
}

static void test_damaged_bytes(void **state) {
  size_t refused = 0, tries = 0, len = 0;
  desc_set *small = tu_small_set();
  unsigned char *blob = desc_blob_write(small, &len);
  desc_set_free(small);
  damage_everywhere(blob, len, 1, &refused, &tries);
  free(blob);
  /* Most single-byte changes break the structure and are caught even with a
   * good checksum (the rest change a number or a letter). */
  assert_true(refused > tries / 2);

  desc_set *full = full_set();
  blob = desc_blob_write(full, &len);
  desc_set_free(full);
  damage_everywhere(blob, len, 1, &refused, &tries);
  free(blob);

  desc_set *forms = load_forms_yaml();
  blob = desc_blob_write(forms, &len);
  desc_set_free(forms);
  damage_everywhere(blob, len, 97, &refused, &tries);
  free(blob);
}

/* A blob from a set with a condition that no longer parses (as a damaged
 * blob could hold) is refused at the condition's own position. */
static void test_bad_condition_located(void **state) {
  desc_set *set = tu_small_set();
  size_t len = 0;
  unsigned char *blob = desc_blob_write(set, &len);
  desc_set_free(set);
  /* "proxy.setup == manual" is in the string table: make it "proxy.setup = manual". */
  const char *needle = "proxy.setup == manual";
  unsigned char *p = NULL;
  for (size_t i = 0; i + strlen(needle) <= len; i++)
    if (memcmp(blob + i, needle, strlen(needle)) == 0) {
      p = blob + i;
      break;
    }
  assert_non_null(p);
  p[13] = ' ';
  fix_header(blob, len);
  diag_list d = DIAG_LIST_INIT;
  assert_null(desc_blob_read(blob, len, &d));
  assert_true(has_msg(&d, "a condition does not parse"));
  /* The condition's own diagnostic, where alpha.yaml wrote it. */
  bool located = false;
  for (size_t i = 0; i < d.n; i++)
    located |= d.items[i].file && strcmp(d.items[i].file, "alpha.yaml") == 0 && d.items[i].line > 0;
  assert_true(located);
  diag_list_free(&d);
  free(blob);
}

/* ---- the build step --------------------------------------------------------------- */

static char *formc_path(void) {
  const char *bin = getenv("APPVPN_BIN");
  if (!bin || !*bin)
    return NULL;
  const char *slash = strrchr(bin, '/');
  return slash ? xasprintf("%.*s/appvpn_formc", (int)(slash - bin), bin) : xstrdup("appvpn_formc");
}

/* Runs the tool in `dir` on "forms"; returns its exit status, stderr in *err. */
static int run_formc(const char *tool, const char *dir, const char *out, char **err) {
  char *errfile = xasprintf("%s/stderr.txt", dir);
  char *cmd = xasprintf("cd '%s' && '%s' forms '%s' 2>'%s'", dir, tool, out, errfile);
  int st = system(cmd);
  size_t n;
  *err = tu_read(errfile, &n);
  free(cmd);
  free(errfile);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_formc(void **state) {
  char *tool = formc_path();
  if (!tool)
    skip();
  const char *dir = tu_tmpdir();
  char *forms = xasprintf("%s/forms", dir);
  assert_int_equal(mkdir(forms, 0700), 0);
  char *out = xasprintf("%s/blob.c", dir);
  tu_write(forms, "_common.yaml", "form: 1\nfields: {}\n");
  tu_write(forms, "t.yaml",
           "form: 1\ntype: t\nlabel: T\nvpn_type: VPN\nsections:\n"
           "  - id: s\n    title: S\n    fields:\n"
           "      - {id: a, label: A, show: b ==}\n");

  /* A broken descriptor fails the build, located, and writes nothing. */
  char *err = NULL;
  assert_int_equal(run_formc(tool, dir, out, &err), 1);
  assert_non_null(err);
  if (!strstr(err, "forms/t.yaml:9:37: error: bad condition: expected literal after '=='"))
    fail_msg("stderr was: %s", err);
  struct stat st;
  assert_int_not_equal(stat(out, &st), 0);
  free(err);

  /* Fixed: a C file defining the blob. */
  tu_write(forms, "t.yaml",
           "form: 1\ntype: t\nlabel: T\nvpn_type: VPN\nsections:\n"
           "  - id: s\n    title: S\n    fields:\n"
           "      - {id: a, label: A, show: b == x}\n      - {id: b, label: B}\n");
  assert_int_equal(run_formc(tool, dir, out, &err), 0);
  free(err);
  size_t n = 0;
  char *c = tu_read(out, &n);
  assert_non_null(c);
  assert_non_null(strstr(c, "const unsigned char *desc_blob_embedded(size_t *len)"));
  assert_non_null(strstr(c, "0x41,0x56,0x50,0x4e,0x44,0x53,0x45,0x54,")); /* AVPNDSET */
  free(c);

  char *usage = xasprintf("'%s' >/dev/null 2>&1", tool);
  int rc = system(usage);
  assert_true(WIFEXITED(rc) && WEXITSTATUS(rc) == 2);
  free(usage);
  free(out);
  free(forms);
  free(tool);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_struct_sizes_known),
      cmocka_unit_test(test_round_trip_forms),
      cmocka_unit_test(test_round_trip_small_set),
      cmocka_unit_test(test_round_trip_every_member),
      cmocka_unit_test(test_embedded_is_forms),
      cmocka_unit_test(test_conditions_evaluate),
      cmocka_unit_test(test_every_truncation_refused),
      cmocka_unit_test(test_truncation_in_body_refused),
      cmocka_unit_test(test_header_checks),
      cmocka_unit_test(test_damaged_bytes),
      cmocka_unit_test(test_bad_condition_located),
      cmocka_unit_test(test_formc),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  tu_cleanup();
  return rc;
}
