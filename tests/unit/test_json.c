/* The JSON writer (core/json.h) and the diagnostic codes (core/diag.h):
 * exact output, RFC 8259 escaping of anything a configuration or a hostile
 * file can hold, and misuse reported instead of written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/json.h"
#include "core/text.h"

typedef struct capture {
  char *buf;
  size_t len;
  FILE *f;
  json_writer w;
} capture;

static void cap_open(capture *c) {
  c->buf = NULL;
  c->len = 0;
  c->f = open_memstream(&c->buf, &c->len);
  assert_non_null(c->f);
  json_init(&c->w, c->f);
}

/* Finishes the document; returns json_finish's answer, the text in c->buf. */
static bool cap_close(capture *c) {
  bool ok = json_finish(&c->w);
  fclose(c->f);
  return ok;
}

/* The escaped form of s[0..n) as one JSON string value. */
static char *escaped(const char *s, size_t n) {
  capture c;
  cap_open(&c);
  json_string_n(&c.w, s, n);
  assert_true(cap_close(&c));
  return c.buf;
}

static void expect_escaped(const char *s, size_t n, const char *want) {
  char *got = escaped(s, n);
  assert_string_equal(got, want);
  free(got);
}

static void test_document_layout(void **state) {
  (void)state;
  capture c;
  cap_open(&c);
  json_object_begin(&c.w);
  json_member_string(&c.w, "name", "Sales VPN");
  json_member_int(&c.w, "port", 8443);
  json_member_bool(&c.w, "on", true);
  json_key(&c.w, "none");
  json_null(&c.w);
  json_key(&c.w, "list");
  json_array_begin(&c.w);
  json_int(&c.w, -1);
  json_string(&c.w, NULL);
  json_object_begin(&c.w);
  json_object_end(&c.w);
  json_array_begin(&c.w);
  json_array_end(&c.w);
  json_array_end(&c.w);
  json_object_end(&c.w);
  assert_true(cap_close(&c));
  assert_string_equal(c.buf, "{\n"
                             "  \"name\": \"Sales VPN\",\n"
                             "  \"port\": 8443,\n"
                             "  \"on\": true,\n"
                             "  \"none\": null,\n"
                             "  \"list\": [\n"
                             "    -1,\n"
                             "    null,\n"
                             "    {},\n"
                             "    []\n"
                             "  ]\n"
                             "}\n");
  free(c.buf);
}

static void test_numbers(void **state) {
  (void)state;
  capture c;
  cap_open(&c);
  json_array_begin(&c.w);
  json_int(&c.w, LLONG_MIN);
  json_int(&c.w, LLONG_MAX);
  json_int(&c.w, 0);
  json_bool(&c.w, false);
  json_array_end(&c.w);
  assert_true(cap_close(&c));
  assert_string_equal(c.buf, "[\n  -9223372036854775808,\n  9223372036854775807,\n  0,\n"
                             "  false\n]\n");
  free(c.buf);
}

static void test_escapes(void **state) {
  (void)state;
  expect_escaped("a\"b\\c/d", 7, "\"a\\\"b\\\\c/d\"\n");
  expect_escaped("\b\f\n\r\t", 5, "\"\\b\\f\\n\\r\\t\"\n");
  /* ESC of a terminal sequence, BEL, NUL, unit separator, DEL */
  expect_escaped("\x1b[2J\a\0\x1f\x7f", 8, "\"\\u001b[2J\\u0007\\u0000\\u001f\\u007f\"\n");
  /* C1 controls (CSI U+009B, NEL U+0085) as characters */
  expect_escaped("\xc2\x9b"
                 "31m\xc2\x85",
                 7, "\"\\u009b31m\\u0085\"\n");
  /* line and paragraph separators, noncharacters */
  expect_escaped("\xe2\x80\xa8\xe2\x80\xa9\xef\xbf\xbe\xef\xbf\xbf", 12,
                 "\"\\u2028\\u2029\\ufffe\\uffff\"\n");
  /* other UTF-8 passes as it is */
  expect_escaped("caf\xc3\xa9 \xe2\x80\xa2 \xf0\x9f\x94\x92", 14,
                 "\"caf\xc3\xa9 \xe2\x80\xa2 \xf0\x9f\x94\x92\"\n");
}

static void test_invalid_utf8(void **state) {
  (void)state;
  /* a stray byte, a truncated sequence, an overlong '/', a surrogate:
   * one U+FFFD per byte that does not start a valid character */
  expect_escaped("a\xff"
                 "b",
                 3, "\"a\\ufffdb\"\n");
  expect_escaped("x\xc3", 2, "\"x\\ufffd\"\n");
  expect_escaped("\xc0\xaf", 2, "\"\\ufffd\\ufffd\"\n");
  expect_escaped("\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\"\n");
  /* every byte value: the result never holds a raw control byte */
  char all[256];
  for (int i = 0; i < 256; i++)
    all[i] = (char)i;
  char *s = escaped(all, sizeof all);
  size_t n = strlen(s);
  assert_int_equal(s[n - 1], '\n');
  for (size_t i = 0; i + 1 < n; i++) {
    unsigned char ch = (unsigned char)s[i];
    assert_true(ch >= 0x20 && ch != 0x7f);
    assert_true(ch < 0x80); /* 0x80-0xff alone are not UTF-8: all replaced */
  }
  assert_non_null(strstr(s, "\\u0000\\u0001"));
  assert_non_null(strstr(s, "\\ufffd"));
  free(s);
}

static void expect_misuse(void (*steps)(json_writer *)) {
  capture c;
  cap_open(&c);
  steps(&c.w);
  assert_false(cap_close(&c));
  free(c.buf);
}

static void value_without_key(json_writer *w) {
  json_object_begin(w);
  json_int(w, 1);
  json_object_end(w);
}
static void key_in_array(json_writer *w) {
  json_array_begin(w);
  json_key(w, "k");
  json_array_end(w);
}
static void unclosed(json_writer *w) {
  json_array_begin(w);
  json_int(w, 1);
}
static void wrong_close(json_writer *w) {
  json_array_begin(w);
  json_object_end(w);
}
static void key_without_value(json_writer *w) {
  json_object_begin(w);
  json_key(w, "k");
  json_object_end(w);
}
static void two_documents(json_writer *w) {
  json_int(w, 1);
  json_int(w, 2);
}
static void nothing(json_writer *w) {
  (void)w;
}
static void too_deep(json_writer *w) {
  for (int i = 0; i <= JSON_MAX_DEPTH; i++)
    json_array_begin(w);
  for (int i = 0; i <= JSON_MAX_DEPTH; i++)
    json_array_end(w);
}

static void test_misuse(void **state) {
  (void)state;
  expect_misuse(value_without_key);
  expect_misuse(key_in_array);
  expect_misuse(unclosed);
  expect_misuse(wrong_close);
  expect_misuse(key_without_value);
  expect_misuse(two_documents);
  expect_misuse(nothing);
  expect_misuse(too_deep);
  /* JSON_MAX_DEPTH itself is fine */
  capture c;
  cap_open(&c);
  for (int i = 0; i < JSON_MAX_DEPTH; i++)
    json_array_begin(&c.w);
  for (int i = 0; i < JSON_MAX_DEPTH; i++)
    json_array_end(&c.w);
  assert_true(cap_close(&c));
  free(c.buf);
}

static void test_write_error(void **state) {
  (void)state;
  FILE *f = fopen("/dev/full", "w");
  if (!f)
    skip();
  json_writer w;
  json_init(&w, f);
  json_array_begin(&w);
  for (int i = 0; i < 10000; i++)
    json_string(&w, "a value that fills the buffer");
  json_array_end(&w);
  assert_false(json_finish(&w));
  fclose(f);
}

static void test_diag_codes(void **state) {
  (void)state;
  diag_list l = DIAG_LIST_INIT;
  diag_add(&l, DIAG_ERROR, "f.yaml", 1, 2, NULL, "plain");
  diag_addc(&l, DIAG_WARNING, DC_UNKNOWN_KEY, "f.yaml", 3, 1, "proxy.prot", "unknown key");
  diag_addc(&l, DIAG_ERROR, (diag_code)9999, NULL, 0, 0, NULL, "out of the table");
  assert_string_equal(diag_code_name(l.items[0].code), "other");
  assert_string_equal(diag_code_name(l.items[1].code), "unknown-key");
  assert_string_equal(diag_code_name(l.items[2].code), "other");
  assert_string_equal(diag_code_name(DC_YAML_SYNTAX), "yaml-syntax");
  assert_string_equal(diag_code_name(DC_REQUIRED), "required");
  assert_string_equal(diag_code_name(DC_OUT_OF_RANGE), "out-of-range");
  /* the code travels with the entry */
  diag_list m = DIAG_LIST_INIT;
  diag_list_move(&m, &l);
  diag_list_sort(&m);
  assert_int_equal(m.items[1].code, DC_OTHER);
  assert_int_equal(m.items[2].code, DC_UNKNOWN_KEY);
  diag_list_free(&m);
  /* names are unique, lower-case words joined by '-' */
  for (int i = 0; i < DC__COUNT; i++) {
    const char *a = diag_code_name((diag_code)i);
    assert_true(strspn(a, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(a));
    for (int k = i + 1; k < DC__COUNT; k++)
      assert_string_not_equal(a, diag_code_name((diag_code)k));
  }
  assert_int_equal(diag_code_read_errno(2 /* ENOENT */), DC_FILE_MISSING);
  /* text faults */
  assert_int_equal(text_problem_code("a\x1b", 2, TEXT_LINE), DC_CONTROL_CHAR);
  assert_int_equal(text_problem_code("a\xc2\x9b", 3, TEXT_LINE), DC_CONTROL_CHAR);
  assert_int_equal(text_problem_code("a\xff", 2, TEXT_LINE), DC_INVALID_UTF8);
  assert_int_equal(text_problem_code("\xef\xbf\xbf", 3, TEXT_LINE), DC_NONCHARACTER);
  assert_int_equal(text_problem_code("a\tb", 3, TEXT_LINE), DC_CONTROL_CHAR);
  assert_int_equal(text_problem_code("a\tb", 3, TEXT_LINES), DC_OTHER);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_document_layout), cmocka_unit_test(test_numbers),
      cmocka_unit_test(test_escapes),         cmocka_unit_test(test_invalid_utf8),
      cmocka_unit_test(test_misuse),          cmocka_unit_test(test_write_error),
      cmocka_unit_test(test_diag_codes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
