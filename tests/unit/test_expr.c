/* Conditions: parsing, evaluation, paths and error positions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/expr.h"
#include "core/value.h"

/* Relative paths resolve in `record` (when set), rooted ones in `root`. */
typedef struct env {
  val *root;
  val *record;
  val *defaults; /* path -> default, consulted when a value is missing */
} env;

static const val *lookup(void *ctx, const char *path, bool rooted) {
  env *e = ctx;
  const val *base = (!rooted && e->record) ? e->record : e->root;
  const val *v = val_get_path(base, path);
  if (!v && e->defaults)
    v = val_map_get(e->defaults, path);
  return v;
}

static bool eval_src(const char *src, env *e) {
  diag_list d = DIAG_LIST_INIT;
  expr *x = expr_parse(src, "t.yaml", 1, 1, &d);
  if (!x) {
    diag_list_print(&d, stderr);
    fail_msg("parse failed: %s", src);
  }
  assert_int_equal(d.n, 0);
  bool r = expr_eval(x, lookup, e);
  expr_free(x);
  diag_list_free(&d);
  return r;
}

/* Parses src expecting an error; returns the formatted first diagnostic. */
static char *parse_error(const char *src, unsigned line, unsigned col) {
  diag_list d = DIAG_LIST_INIT;
  expr *x = expr_parse(src, "f.yaml", line, col, &d);
  assert_null(x);
  assert_int_equal(d.n, 1);
  assert_int_equal(d.items[0].level, DIAG_ERROR);
  char *s = diag_format(&d.items[0]);
  diag_list_free(&d);
  return s;
}

static val *sample_root(void) {
  val *r = val_new_map();
  val_set_path(r, "proxy.setup", val_new_str("manual"));
  val_set_path(r, "proxy.port", val_new_int(8080));
  val_set_path(r, "on_demand.enabled", val_new_bool(true));
  val_set_path(r, "slicing.enabled", val_new_bool(false));
  val_set_path(r, "credential.file", val_new_str("certs/a.p12"));
  val_set_path(r, "name", val_new_str(""));
  return r;
}

static void test_eq_ne(void **state) {
  (void)state;
  env e = {sample_root(), NULL, NULL};
  assert_true(eval_src("proxy.setup == manual", &e));
  assert_false(eval_src("proxy.setup == automatic", &e));
  assert_true(eval_src("proxy.setup != automatic", &e));
  assert_false(eval_src("proxy.setup != manual", &e));
  assert_true(eval_src("proxy.setup == 'manual'", &e));
  assert_true(eval_src("proxy.setup == \"manual\"", &e));
  assert_true(eval_src("proxy.port == 8080", &e));
  assert_true(eval_src("proxy.port == 08080", &e)); /* integers compare by value */
  assert_false(eval_src("proxy.port == 80", &e));
  assert_true(eval_src("on_demand.enabled == true", &e));
  assert_true(eval_src("slicing.enabled == false", &e));
  /* An unset value is not equal to a word, and is "false". */
  assert_false(eval_src("nothing.here == manual", &e));
  assert_true(eval_src("nothing.here != manual", &e));
  assert_true(eval_src("nothing.here == false", &e));
  val_free(e.root);
}

static void test_in(void **state) {
  (void)state;
  env e = {sample_root(), NULL, NULL};
  assert_true(eval_src("proxy.setup in [manual, automatic]", &e));
  assert_true(eval_src("proxy.setup in [ automatic , 'manual' ]", &e));
  assert_false(eval_src("proxy.setup in [none, automatic]", &e));
  assert_true(eval_src("proxy.port in [80, 8080]", &e));
  assert_false(eval_src("missing in [a]", &e));
  val_free(e.root);
}

static void test_truthiness_and_logic(void **state) {
  (void)state;
  env e = {sample_root(), NULL, NULL};
  assert_true(eval_src("on_demand.enabled", &e));
  assert_false(eval_src("slicing.enabled", &e));
  assert_false(eval_src("name", &e));            /* empty string */
  assert_false(eval_src("credential.uuid", &e)); /* unset */
  assert_true(eval_src("credential.file", &e));
  assert_true(eval_src("!credential.uuid", &e));
  assert_false(eval_src("!credential.file", &e));
  assert_true(eval_src("!!credential.file", &e));
  assert_true(eval_src("on_demand.enabled && !credential.uuid", &e));
  assert_false(eval_src("on_demand.enabled && slicing.enabled", &e));
  assert_true(eval_src("slicing.enabled || on_demand.enabled", &e));
  assert_false(eval_src("slicing.enabled || name", &e));
  /* && binds tighter than ||. */
  assert_true(eval_src("on_demand.enabled || slicing.enabled && name", &e));
  assert_false(eval_src("(on_demand.enabled || slicing.enabled) && name", &e));
  assert_true(eval_src("!(slicing.enabled && on_demand.enabled)", &e));
  /* ! takes the whole comparison. */
  assert_false(eval_src("!proxy.setup == manual", &e));
  assert_true(eval_src("!proxy.setup == none", &e));
  assert_true(eval_src("true", &e));
  assert_false(eval_src("false", &e));
  assert_false(eval_src("!true", &e));
  val_free(e.root);
}

static void test_defaults_via_lookup(void **state) {
  (void)state;
  env e = {val_new_map(), NULL, val_new_map()};
  val_map_set(e.defaults, "proxy.setup", val_new_str("none"));
  assert_true(eval_src("proxy.setup == none", &e));
  assert_false(eval_src("proxy.setup == manual", &e));
  val_set_path(e.root, "proxy.setup", val_new_str("manual"));
  assert_true(eval_src("proxy.setup == manual", &e));
  val_free(e.root);
  val_free(e.defaults);
}

static void test_rooted_paths_in_records(void **state) {
  (void)state;
  val *rule = val_new_map();
  val_map_set(rule, "action", val_new_str("evaluate-connection"));
  env e = {sample_root(), rule, NULL};
  assert_true(eval_src("action == evaluate-connection", &e));
  assert_false(eval_src("action == connect", &e));
  /* Relative paths look in the record: there is no on_demand there. */
  assert_false(eval_src("on_demand.enabled", &e));
  assert_true(eval_src("/on_demand.enabled", &e));
  assert_true(eval_src("action == evaluate-connection && /proxy.setup == manual", &e));
  val_free(e.root);
  val_free(rule);
}

static void collect(void *ctx, const char *path, bool rooted) {
  char *buf = ctx;
  strcat(buf, rooted ? "/" : "");
  strcat(buf, path);
  strcat(buf, ";");
}

static void test_source_and_paths(void **state) {
  (void)state;
  diag_list d = DIAG_LIST_INIT;
  expr *x = expr_parse("  a.b == x || (!/c.d && e in [1, 2])  ", "f", 1, 1, &d);
  assert_non_null(x);
  assert_string_equal(expr_source(x), "a.b == x || (!/c.d && e in [1, 2])");
  char buf[128] = "";
  expr_each_path(x, collect, buf);
  assert_string_equal(buf, "a.b;/c.d;e;");
  expr_free(x);
  x = expr_parse("true", "f", 1, 1, &d);
  buf[0] = '\0';
  expr_each_path(x, collect, buf);
  assert_string_equal(buf, ""); /* constants read no field */
  expr_free(x);
  assert_int_equal(d.n, 0);
  diag_list_free(&d);
}

static void test_error_columns(void **state) {
  (void)state;
  char *s;
  /* Column = where the text starts + offset of the fault. */
  s = parse_error("proxy.setup == ", 4, 11);
  assert_string_equal(s, "f.yaml:4:26: error: bad condition: expected literal after '=='");
  free(s);
  s = parse_error("a != )", 1, 1);
  assert_string_equal(s, "f.yaml:1:6: error: bad condition: expected literal after '!='");
  free(s);
  s = parse_error("a in [x, ]", 2, 7);
  assert_string_equal(s, "f.yaml:2:16: error: bad condition: expected literal after ','");
  free(s);
  s = parse_error("a in x", 1, 1);
  assert_string_equal(s, "f.yaml:1:6: error: bad condition: expected '[' after 'in'");
  free(s);
  s = parse_error("(a && b", 1, 1);
  assert_string_equal(s, "f.yaml:1:8: error: bad condition: expected ')'");
  free(s);
  s = parse_error("a & b", 1, 1);
  assert_string_equal(s, "f.yaml:1:3: error: bad condition: use '&&' for and");
  free(s);
  s = parse_error("a = b", 1, 1);
  assert_string_equal(s, "f.yaml:1:3: error: bad condition: '=' is not an operator; use '=='");
  free(s);
  s = parse_error("a. == b", 1, 1);
  assert_string_equal(s, "f.yaml:1:3: error: bad condition: expected a name after '.'");
  free(s);
  s = parse_error("== b", 1, 1);
  assert_string_equal(s, "f.yaml:1:1: error: bad condition: expected a field path");
  free(s);
  s = parse_error("   ", 3, 3);
  assert_string_equal(s, "f.yaml:3:6: error: bad condition: empty condition");
  free(s);
  s = parse_error("a == 'x", 1, 1);
  assert_string_equal(s, "f.yaml:1:6: error: bad condition: unterminated quoted string");
  free(s);
  s = parse_error("a b", 1, 1);
  assert_string_equal(s, "f.yaml:1:3: error: bad condition: unexpected text after the condition");
  free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_eq_ne),
      cmocka_unit_test(test_in),
      cmocka_unit_test(test_truthiness_and_logic),
      cmocka_unit_test(test_defaults_via_lookup),
      cmocka_unit_test(test_rooted_paths_in_records),
      cmocka_unit_test(test_source_and_paths),
      cmocka_unit_test(test_error_columns),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
