/* The field-kind table (core/kinds.h, io/kinds_io.h): every kind's entry is
 * complete, and each operation does what a user sees: a value typed as on
 * the command line is stored typed and reads back on one line, wrong values
 * are refused with the reason, checks report what is wrong, and every kind
 * goes to a profile and comes back from it unchanged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/kinds.h"
#include "core/model.h"
#include "core/util.h"
#include "core/validate.h"
#include "io/config_io.h"
#include "io/desc_load.h"
#include "io/export.h"
#include "io/import.h"
#include "io/kinds_io.h"
#include "testutil.h"

/* One field of every kind, each with a profile key. */
static const char every_kind_yaml[] =
    "form: 1\n"
    "type: every\n"
    "label: Every kind\n"
    "summary: one field of each kind\n"
    "vpn_type: VPN\n"
    "dict: VPN\n"
    "sections:\n"
    "  - id: main\n"
    "    title: Main\n"
    "    fields:\n"
    "      - {id: name, label: Name, kind: text}\n"
    "      - {id: type, label: Type, kind: text}\n"
    "      - {id: server, label: Server, kind: text, format: host}\n"
    "      - {id: secret, label: Secret, kind: password}\n"
    "      - {id: enabled, label: Enabled, kind: bool}\n"
    "      - id: mode\n"
    "        label: Mode\n"
    "        kind: choice\n"
    "        choices: [{value: fast, label: Fast lane}, {value: safe, label: Safe}]\n"
    "      - {id: port, label: Port, kind: integer, min: 1, max: 65535}\n"
    "      - {id: domains, label: Domains, kind: list, min: 1}\n"
    "      - {id: extra, label: Extra, kind: map}\n"
    "      - id: rules\n"
    "        label: Rules\n"
    "        kind: records\n"
    "        fields:\n"
    "          - {id: action, label: Action, kind: text}\n"
    "      - {id: cert, label: Certificate, kind: file}\n";

static desc_set *every_set(void) {
  desc_source src[] = {{"every.yaml", every_kind_yaml, sizeof every_kind_yaml - 1}};
  diag_list d = DIAG_LIST_INIT;
  desc_set *set = desc_load_sources(src, 1, &d);
  if (!set || d.n) {
    diag_list_print(&d, stderr);
    fail_msg("the test type did not load");
  }
  diag_list_free(&d);
  return set;
}

static const desc_field *field(const config *c, const char *id) {
  const desc_field *f = desc_type_find_field(c->type, id);
  assert_non_null(f);
  return f;
}

/* ---- the table ------------------------------------------------------------ */

static void test_every_entry_complete(void **state) {
  (void)state;
  for (int k = 0; k < FK__COUNT; k++) {
    const kind_ops *o = &field_kinds[k];
    const kind_io_ops *io = &field_kinds_io[k];
    assert_string_not_equal(field_kind_name((field_kind)k), "?");
    assert_non_null(o->convert);
    assert_non_null(o->check);
    assert_non_null(o->display);
    assert_true(o->ptype != PT_AUTO);
    /* records are written and read entry by entry; a map takes on import
     * what the other fields left: their shape routes them */
    if (o->shape != KSHAPE_RECORDS)
      assert_non_null(io->to_profile);
    if (o->shape == KSHAPE_SCALAR || o->shape == KSHAPE_LIST)
      assert_non_null(io->from_profile);
    /* a container is an array or a dictionary in the profile */
    if (o->shape == KSHAPE_LIST || o->shape == KSHAPE_RECORDS)
      assert_int_equal(o->ptype, PT_ARRAY);
    if (o->shape == KSHAPE_MAP)
      assert_int_equal(o->ptype, PT_DICT);
    if (o->line_input)
      assert_int_equal(o->shape, KSHAPE_SCALAR);
  }
  assert_true(field_kinds[FK_PASSWORD].secret);
  for (int k = 0; k < FK__COUNT; k++)
    if (k != FK_PASSWORD)
      assert_false(field_kinds[k].secret);
}

/* ---- convert + display ------------------------------------------------------ */

/* Sets id to the value as the command line reads it, then displays it. */
static char *set_and_show(config *c, const char *id, val *v, bool reveal) {
  diag_list d = DIAG_LIST_INIT;
  if (!model_set(c, id, v, &d)) {
    diag_list_print(&d, stderr);
    fail_msg("model_set %s failed", id);
  }
  diag_list_free(&d);
  const desc_field *f = field(c, id);
  model_ctx ctx = {c, NULL, NULL};
  return kind_of(f)->display(f, model_get(&ctx, f), reveal);
}

static val *list_of(const char *a, const char *b) {
  val *l = val_new_list();
  val_list_append(l, val_new_str(a));
  if (b)
    val_list_append(l, val_new_str(b));
  return l;
}

static void expect_shown(config *c, const char *id, val *v, bool reveal, const char *want,
                         val_kind stored) {
  char *s = set_and_show(c, id, v, reveal);
  assert_string_equal(s, want);
  free(s);
  assert_int_equal(val_get_path(c->root, id)->kind, stored);
}

static void test_convert_display(void **state) {
  (void)state;
  desc_set *set = every_set();
  config *c = config_new(set, desc_set_find(set, "every"));
  expect_shown(c, "server", val_new_str("vpn.example.com"), false, "vpn.example.com", VAL_STR);
  expect_shown(c, "secret", val_new_str("s3cret"), false, KIND_SECRET_MASK, VAL_STR);
  expect_shown(c, "secret", val_new_str("s3cret"), true, "s3cret", VAL_STR);
  expect_shown(c, "enabled", val_new_str("true"), false, "[x]", VAL_BOOL);
  expect_shown(c, "enabled", val_new_str("false"), false, "[ ]", VAL_BOOL);
  expect_shown(c, "mode", val_new_str("fast"), false, "Fast lane", VAL_STR);
  expect_shown(c, "port", val_new_str("8443"), false, "8443", VAL_INT);
  assert_int_equal(val_get_path(c->root, "port")->u.i, 8443);
  expect_shown(c, "domains", list_of("a.example.com", "b.example.com"), false, "2 items", VAL_LIST);
  val *m = val_new_map();
  val_map_set(m, "Region", val_new_str("EU"));
  val_map_set(m, "Retries", val_new_str("3"));
  expect_shown(c, "extra", m, false, "2 entries", VAL_MAP);
  /* map values are typed as YAML spells them: a plain number is a number */
  val *one = val_new_map();
  val *n = val_new_str("3");
  n->plain = true;
  val_map_set(one, "Retries", n);
  expect_shown(c, "extra", one, false, "1 entry", VAL_MAP);
  assert_int_equal(val_get_path(c->root, "extra.Retries")->kind, VAL_INT);
  val *recs = val_new_list();
  val *rec = val_new_map();
  val_map_set(rec, "action", val_new_str("connect"));
  val_list_append(recs, rec);
  expect_shown(c, "rules", recs, false, "1 item", VAL_LIST);
  expect_shown(c, "cert", val_new_str("certs/me.p12"), false, "certs/me.p12", VAL_STR);
  /* nothing set reads as nothing */
  const desc_field *f = field(c, "domains");
  char *none = kind_of(f)->display(f, NULL, false);
  assert_string_equal(none, "(none)");
  free(none);
  f = field(c, "secret");
  none = kind_of(f)->display(f, NULL, false);
  assert_string_equal(none, "");
  free(none);
  config_free(c);
  desc_set_free(set);
}

/* ---- convert: what a file may not hold ---------------------------------------- */

static void expect_refused(const desc_set *set, const char *line, const char *field_id,
                           const char *needle) {
  char *text = xasprintf("format: 1\ntype: every\nname: x\n%s\n", line);
  diag_list d = DIAG_LIST_INIT;
  config *c = config_load_text(set, text, strlen(text), "k.yaml", &d);
  bool found = false;
  for (size_t i = 0; i < d.n; i++)
    if (d.items[i].level == DIAG_ERROR && str_eq(d.items[i].field, field_id) &&
        strstr(d.items[i].msg, needle)) {
      found = true;
      assert_int_equal(d.items[i].line, 4);
    }
  if (!found) {
    diag_list_print(&d, stderr);
    fail_msg("no error for %s containing '%s'", field_id, needle);
  }
  diag_list_free(&d);
  config_free(c);
  free(text);
}

static void test_convert_refusals(void **state) {
  (void)state;
  desc_set *set = every_set();
  expect_refused(set, "enabled: yes", "enabled", "only true and false are accepted");
  expect_refused(set, "enabled: \"true\"", "enabled", "without quotes");
  expect_refused(set, "port: 80a", "port", "not a whole number");
  expect_refused(set, "port: \"80\"", "port", "without quotes");
  expect_refused(set, "domains: a.example.com", "domains", "expected a list");
  expect_refused(set, "extra: [a]", "extra", "expected key: value pairs");
  expect_refused(set, "rules: {action: x}", "rules", "expected a list");
  expect_refused(set, "server: [a, b]", "server", "expected text");
  expect_refused(set, "mode: [a]", "mode", "expected one of the choices");
  desc_set_free(set);
}

/* ---- check ------------------------------------------------------------------- */

static void expect_problem(const desc_set *set, const char *line, const char *field_id,
                           const char *needle) {
  char *text = xasprintf("format: 1\ntype: every\nname: x\n%s\n", line);
  diag_list d = DIAG_LIST_INIT;
  config *c = config_load_text(set, text, strlen(text), "k.yaml", &d);
  assert_non_null(c);
  assert_int_equal(diag_count(&d, DIAG_ERROR), 0);
  validate_config(c, &d);
  bool found = false;
  for (size_t i = 0; i < d.n; i++)
    if (str_eq(d.items[i].field, field_id) && strstr(d.items[i].msg, needle))
      found = true;
  if (!found) {
    diag_list_print(&d, stderr);
    fail_msg("no problem for %s containing '%s'", field_id, needle);
  }
  diag_list_free(&d);
  config_free(c);
  free(text);
}

static void test_check(void **state) {
  (void)state;
  desc_set *set = every_set();
  expect_problem(set, "server: not a host!", "server", "is not a host name");
  expect_problem(set, "port: 70000", "port", "70000");
  expect_problem(set, "mode: slow", "mode", "slow");
  expect_problem(set, "domains: []", "domains", "at least 1");
  expect_problem(set, "cert: /nonexistent/me.p12", "cert", "me.p12");
  /* a valid value of every kind: no problem at all */
  const char *good = "format: 1\ntype: every\nname: x\nserver: vpn.example.com\nsecret: s\n"
                     "enabled: true\nmode: safe\nport: 443\ndomains: [a.example.com]\n"
                     "extra: {Region: EU}\nrules: [{action: connect}]\n";
  diag_list d = DIAG_LIST_INIT;
  config *c = config_load_text(set, good, strlen(good), "k.yaml", &d);
  validate_config(c, &d);
  if (diag_count(&d, DIAG_ERROR)) {
    diag_list_print(&d, stderr);
    fail_msg("a valid configuration has errors");
  }
  diag_list_free(&d);
  config_free(c);
  desc_set_free(set);
}

/* ---- to and from the profile ----------------------------------------------------- */

typedef struct seen {
  const config *other;
  bool kinds[FK__COUNT];
  size_t n;
} seen;

/* Every exported value of the original is back, equal, in the import. */
static bool compare_fn(void *ud, const model_ctx *ctx, const desc_section *s, const desc_field *f,
                       const char *path, const val *v) {
  (void)s;
  seen *st = ud;
  if (ctx->record || !f->n_profile || !model_get(ctx, f) || f->embed)
    return false;
  const val *back = val_get_path(st->other->root, path);
  if (!back || !val_equal(v, back)) {
    char *a = val_scalar_text(v), *b = back ? val_scalar_text(back) : NULL;
    fail_msg("%s (%s) did not come back: '%s' -> '%s'", path, field_kind_name(f->kind), a ? a : "?",
             b ? b : "(nothing)");
  }
  st->kinds[f->kind] = true;
  st->n++;
  return false;
}

static void test_profile_roundtrip(void **state) {
  (void)state;
  diag_list d = DIAG_LIST_INIT;
  desc_set *set = desc_load_embedded(&d);
  assert_non_null(set);
  config *c = config_load(set, tu_path("examples/custom-ssl.yaml"), &d);
  assert_non_null(c);
  struct {
    const char *path, *value;
  } sets[] = {{"authentication", "password"},
              {"password", "hunter2"},
              {"proxy.setup", "manual"},
              {"proxy.server", "proxy.example.com"},
              {"proxy.port", "8080"},
              {"on_demand.enabled", "true"},
              {"on_demand.rules[0].action", "connect"},
              {"on_demand.rules[0].match.dns_domain[0]", "corp.example.com"}};
  for (size_t i = 0; i < sizeof sets / sizeof *sets; i++)
    if (!model_set(c, sets[i].path, val_new_str(sets[i].value), &d)) {
      diag_list_print(&d, stderr);
      fail_msg("cannot set %s", sets[i].path);
    }
  export_opts o = {.format = EXPORT_XML};
  char *out = NULL;
  size_t len = 0;
  if (!export_profile(c, &o, &out, &len, &d)) {
    diag_list_print(&d, stderr);
    fail_msg("export failed");
  }
  config *back = import_profile(set, out, len, "k.mobileconfig", NULL, &d);
  assert_non_null(back);
  seen st = {.other = back};
  model_each_visible(c, compare_fn, &st);
  const field_kind want[] = {FK_TEXT, FK_PASSWORD, FK_BOOL,    FK_CHOICE,
                             FK_INT,  FK_LIST,     FK_RECORDS, FK_MAP};
  for (size_t i = 0; i < sizeof want / sizeof *want; i++)
    if (!st.kinds[want[i]])
      fail_msg("no %s field went to the profile and back", field_kind_name(want[i]));
  assert_true(st.n >= 10);
  /* the preview masks the secret on its way to the profile */
  free(out);
  o.mask_secrets = true;
  assert_true(export_profile(c, &o, &out, &len, &d));
  assert_null(strstr(out, "hunter2"));
  assert_non_null(strstr(out, KIND_SECRET_MASK));
  free(out);
  config_free(back);
  config_free(c);
  desc_set_free(set);
  diag_list_free(&d);
}

/* ---- descriptor keys each kind accepts ----------------------------------------- */

static void test_descriptor_keys_by_kind(void **state) {
  (void)state;
  static const char bad[] =
      "form: 1\n"
      "type: bad\n"
      "label: Bad\n"
      "summary: keys on the wrong kinds\n"
      "vpn_type: VPN\n"
      "dict: VPN\n"
      "sections:\n"
      "  - id: main\n"
      "    title: Main\n"
      "    fields:\n"
      "      - {id: a, label: A, kind: text, choices: [x]}\n"
      "      - {id: b, label: B, kind: bool, suggestions: [x], max: 0, embed: pkcs12}\n"
      "      - {id: c, label: C, kind: list, item_label: x, fields: [{id: y, label: Y}]}\n"
      "      - {id: d, label: D, kind: choice, colour: red}\n";
  const char *want[] = {
      "b.yaml:11:48: error: 'choices' is only for kind choice ('a' is text)",
      "b.yaml:12:9: error: 'suggestions' is only for kind text ('b')",
      "b.yaml:12:62: error: 'min'/'max' are for integer, list and records fields",
      "b.yaml:12:9: error: 'embed' is only for kind file ('b')",
      "b.yaml:13:9: error: 'item_label' is only for records ('c')",
      "b.yaml:13:62: error: 'fields' is only for kind records ('c')",
      "b.yaml:14:41: error: unknown key 'colour' in a field",
      "b.yaml:14:9: error: choice field 'd' needs choices: or choices_from:",
  };
  desc_source src[] = {{"b.yaml", bad, sizeof bad - 1}};
  diag_list d = DIAG_LIST_INIT;
  desc_set *set = desc_load_sources(src, 1, &d);
  /* every message, with its place, in the order the keys are ruled on */
  size_t n = 0;
  for (size_t i = 0; i < d.n; i++) {
    char *m = diag_format(&d.items[i]);
    if (n >= sizeof want / sizeof *want || !str_eq(m, want[n]))
      fail_msg("message %zu: %s", n, m);
    free(m);
    n++;
  }
  assert_int_equal(n, sizeof want / sizeof *want);
  desc_set_free(set);
  diag_list_free(&d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_entry_complete), cmocka_unit_test(test_convert_display),
      cmocka_unit_test(test_convert_refusals),     cmocka_unit_test(test_check),
      cmocka_unit_test(test_profile_roundtrip),    cmocka_unit_test(test_descriptor_keys_by_kind),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  tu_cleanup();
  return rc;
}
