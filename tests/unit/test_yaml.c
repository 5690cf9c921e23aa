/* YAML reading: values with their positions, and every refusal pointing at
 * the exact line:col a user has to fix. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "io/config_io.h"
#include "testutil.h"

/* Parses text, expecting failure with exactly one error at line:col whose
 * message contains `needle`. */
static void expect_error(const char *text, size_t len, unsigned line, unsigned col,
                         const char *needle) {
  diag_list d = DIAG_LIST_INIT;
  val *v = yaml_parse(text, len, "c.yaml", &d);
  if (v || d.n != 1 || d.items[0].level != DIAG_ERROR || d.items[0].line != line ||
      d.items[0].col != col || !strstr(d.items[0].msg, needle)) {
    diag_list_print(&d, stderr);
    fail_msg("expected one error at %u:%u containing '%s'", line, col, needle);
  }
  assert_string_equal(d.items[0].file, "c.yaml");
  diag_list_free(&d);
}

static void expect_err(const char *text, unsigned line, unsigned col, const char *needle) {
  expect_error(text, strlen(text), line, col, needle);
}

static val *parse_ok(const char *text) {
  diag_list d = DIAG_LIST_INIT;
  val *v = yaml_parse(text, strlen(text), "c.yaml", &d);
  if (!v || d.n)
    diag_list_print(&d, stderr);
  assert_non_null(v);
  assert_int_equal(d.n, 0);
  diag_list_free(&d);
  return v;
}

static void test_values_and_positions(void **state) {
  (void)state;
  val *v = parse_ok("name: Sales\n"
                    "port: 8080\n"
                    "quoted: \"true\"\n"
                    "empty:\n"
                    "tilde: ~\n"
                    "proxy:\n"
                    "  server: p.example.com\n"
                    "  list: [a, 'b']\n"
                    "rules:\n"
                    "  - action: connect\n"
                    "    ssid:\n"
                    "      - Office\n");
  assert_int_equal(v->kind, VAL_MAP);
  assert_int_equal(v->u.map.n, 7);
  val *name = val_map_get(v, "name");
  assert_int_equal(name->kind, VAL_STR);
  assert_true(name->plain);
  assert_int_equal(name->line, 1);
  assert_int_equal(name->col, 7);
  val *port = val_map_get(v, "port");
  assert_int_equal(port->kind, VAL_STR); /* typed later, by the descriptor */
  assert_string_equal(port->u.str, "8080");
  val *q = val_map_get(v, "quoted");
  assert_false(q->plain);
  assert_string_equal(q->u.str, "true");
  assert_int_equal(val_map_get(v, "empty")->kind, VAL_NULL);
  assert_int_equal(val_map_get(v, "tilde")->kind, VAL_NULL);
  val *server = val_get_path(v, "proxy.server");
  assert_int_equal(server->line, 7);
  assert_int_equal(server->col, 11);
  val *list = val_get_path(v, "proxy.list");
  assert_int_equal(list->u.list.n, 2);
  assert_true(list->u.list.v[0]->plain);
  assert_false(list->u.list.v[1]->plain);
  val *rule = val_map_get(v, "rules")->u.list.v[0];
  val *ssid = val_map_get(rule, "ssid")->u.list.v[0];
  assert_string_equal(ssid->u.str, "Office");
  assert_int_equal(ssid->line, 12);
  assert_int_equal(ssid->col, 9);
  val_free(v);
}

static void test_core_tags(void **state) {
  (void)state;
  val *v = parse_ok("a: !!str 12\nb: !!null x\n");
  assert_int_equal(val_map_get(v, "a")->kind, VAL_STR);
  assert_false(val_map_get(v, "a")->plain); /* stays text even for an integer field */
  assert_int_equal(val_map_get(v, "b")->kind, VAL_NULL);
  val_free(v);
  expect_err("a: 1\nb: !foo x\n", 2, 4, "tag '!foo' is not supported");
}

static void test_syntax_errors(void **state) {
  (void)state;
  expect_err("a: 1\nb: [1, 2\nc: 3\n", 3, 2, "did not find expected ',' or ']'");
  expect_err("a: 1\n  b: 2\n", 2, 4, "mapping values are not allowed");
  expect_err("\t a: 1", 1, 1, "cannot start any token");
}

static void test_alias_bomb(void **state) {
  (void)state;
  /* The classic billion laughs: refused at the first anchor, nothing expanded. */
  expect_err("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
             "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
             "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
             "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
             1, 4, "anchors and aliases are not allowed (&a)");
  expect_err("a: *x\n", 1, 4, "aliases are not allowed");
}

static void test_duplicate_and_complex_keys(void **state) {
  (void)state;
  expect_err("a: 1\nb: 2\na: 3\n", 3, 1, "duplicate key 'a' (first at line 1)");
  expect_err("proxy:\n  port: 1\n  port: 2\n", 3, 3, "duplicate key 'port' (first at line 2)");
  expect_err("? [a]\n: 1\n", 1, 3, "a key must be a single value, not a list");
  /* Duplicates among many keys (hashed lookup) are still found. */
  strbuf b = STRBUF_INIT;
  for (int i = 0; i < 500; i++)
    strbuf_printf(&b, "k%d: %d\n", i, i);
  strbuf_puts(&b, "k250: again\n");
  expect_err(strbuf_str(&b), 501, 1, "duplicate key 'k250' (first at line 251)");
  strbuf_free(&b);
}

static void test_documents_and_top_level(void **state) {
  (void)state;
  expect_err("a: 1\n---\nb: 2\n", 2, 1, "a second document");
  expect_err("- a\n- b\n", 1, 1, "found a list");
  expect_err("just text\n", 1, 1, "found a single value");
}

static void test_empty_file(void **state) {
  (void)state;
  expect_err("", 0, 0, "empty file: expected a configuration");
  expect_err("# nothing but a comment\n\n", 0, 0, "empty file: expected a configuration");
}

static void test_invalid_utf8(void **state) {
  (void)state;
  /* Columns count characters: "é" is one. */
  expect_err("name: ok\ndescription: caf\xc3\xa9 \xff\n", 2, 19, "invalid UTF-8 (byte 0xFF)");
  expect_err("a: \xc0\xaf\n", 1, 4, "invalid UTF-8");     /* overlong '/' */
  expect_err("a: \xed\xa0\x80\n", 1, 4, "invalid UTF-8"); /* surrogate */
}

static void test_nul_in_value(void **state) {
  (void)state;
  expect_err("a: \"x\\0y\"\n", 1, 4, "NUL characters are not allowed");
}

static void test_depth_limit(void **state) {
  (void)state;
  strbuf b = STRBUF_INIT;
  strbuf_puts(&b, "a: ");
  for (int i = 0; i < CONFIG_MAX_DEPTH + 10; i++)
    strbuf_putc(&b, '[');
  for (int i = 0; i < CONFIG_MAX_DEPTH + 10; i++)
    strbuf_putc(&b, ']');
  strbuf_putc(&b, '\n');
  /* The root map is level 1, so the 64th '[' is one level too deep. */
  expect_err(strbuf_str(&b), 1, 3 + CONFIG_MAX_DEPTH, "nested deeper than 64 levels");
  strbuf_free(&b);
  /* Exactly at the limit is fine. */
  strbuf_puts(&b, "a: ");
  for (int i = 0; i < CONFIG_MAX_DEPTH - 1; i++)
    strbuf_putc(&b, '[');
  for (int i = 0; i < CONFIG_MAX_DEPTH - 1; i++)
    strbuf_putc(&b, ']');
  diag_list d = DIAG_LIST_INIT;
  val *v = yaml_parse(strbuf_str(&b), b.len, "c.yaml", &d);
  assert_non_null(v);
  val_free(v);
  diag_list_free(&d);
  strbuf_free(&b);
}

static void test_ten_megabyte_line(void **state) {
  (void)state;
  size_t n = 10u << 20;
  char *text = malloc(n + 16);
  memcpy(text, "blob: ", 6);
  memset(text + 6, 'x', n);
  memcpy(text + 6 + n, "\nname: z\n", 10);
  diag_list d = DIAG_LIST_INIT;
  val *v = yaml_parse(text, strlen(text), "big.yaml", &d);
  assert_non_null(v);
  assert_int_equal(strlen(val_map_get(v, "blob")->u.str), n);
  assert_int_equal(val_map_get(v, "name")->line, 2);
  val_free(v);
  /* A 10 MB key cannot be a key (libyaml's 1024-character limit): an error, not a crash. */
  memset(text, 'k', n);
  memcpy(text + n, ": 1\n", 5);
  v = yaml_parse(text, strlen(text), "big.yaml", &d);
  assert_null(v);
  assert_int_equal(diag_count(&d, DIAG_ERROR), 1);
  assert_int_equal(d.items[0].line, 1);
  free(text);
  diag_list_free(&d);
}

static void test_node_limit(void **state) {
  (void)state;
  /* A flow list of more values than any configuration has: refused at the
   * value past the limit, before building it. */
  size_t items = CONFIG_MAX_NODES + 10;
  strbuf b = STRBUF_INIT;
  strbuf_puts(&b, "a: [");
  for (size_t i = 0; i < items; i++)
    strbuf_puts(&b, "1,");
  strbuf_puts(&b, "1]\n");
  /* Root map + the list + CONFIG_MAX_NODES - 2 items fit; the next one does not. */
  unsigned col = 5 + 2 * (CONFIG_MAX_NODES - 2);
  expect_error(strbuf_str(&b), b.len, 1, col, "too many values");
  strbuf_free(&b);
}

static void test_too_large(void **state) {
  (void)state;
  size_t n = CONFIG_MAX_FILE + 1;
  char *text = malloc(n);
  memset(text, '#', n);
  expect_error(text, n, 0, 0, "file too large");
  free(text);
}

/* Positions past 16 bits: a flow list on one line long enough that its last
 * items start beyond column 65535, and a value beyond line 65535. */
static void test_positions_past_sixteen_bits(void **state) {
  (void)state;
  strbuf b = STRBUF_INIT;
  strbuf_puts(&b, "a: [");
  size_t items = 20000;
  unsigned *cols = malloc(items * sizeof *cols);
  for (size_t i = 0; i < items; i++) {
    cols[i] = (unsigned)b.len + 1;
    strbuf_printf(&b, "i%zu", i);
    strbuf_puts(&b, i + 1 < items ? ", " : "]\n");
  }
  size_t lines = 70000;
  for (size_t i = 0; i < lines; i++)
    strbuf_printf(&b, "k%zu: v%zu\n", i, i);
  val *v = parse_ok(b.s);
  val *a = val_map_get(v, "a");
  assert_int_equal(a->u.list.n, items);
  assert_true(cols[items - 1] > 65535);
  for (size_t i = 0; i < items; i += 997) {
    assert_int_equal(a->u.list.v[i]->line, 1);
    assert_int_equal(a->u.list.v[i]->col, cols[i]);
  }
  assert_int_equal(a->u.list.v[items - 1]->col, cols[items - 1]);
  char key[32];
  snprintf(key, sizeof key, "k%zu", lines - 1);
  val *last = val_map_get(v, key);
  assert_int_equal(last->line, lines + 1);
  assert_int_equal(last->col, strlen(key) + 3);
  assert_int_equal(last->kind, VAL_STR);
  assert_true(last->plain);
  val_free(v);
  free(cols);
  strbuf_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_values_and_positions),
      cmocka_unit_test(test_core_tags),
      cmocka_unit_test(test_syntax_errors),
      cmocka_unit_test(test_alias_bomb),
      cmocka_unit_test(test_duplicate_and_complex_keys),
      cmocka_unit_test(test_documents_and_top_level),
      cmocka_unit_test(test_empty_file),
      cmocka_unit_test(test_invalid_utf8),
      cmocka_unit_test(test_nul_in_value),
      cmocka_unit_test(test_depth_limit),
      cmocka_unit_test(test_ten_megabyte_line),
      cmocka_unit_test(test_node_limit),
      cmocka_unit_test(test_too_large),
      cmocka_unit_test(test_positions_past_sixteen_bits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
