/* CSV tables for batch export: quoting, line breaks inside quotes, CRLF, a
 * byte order mark, UTF-8, and every bad row reported at its line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "testutil.h"

static bool parse(const char *text, csv_table *t, diag_list *d) {
  return csv_parse(text, strlen(text), "users.csv", t, d);
}

static void test_quoting_and_lines(void **state) {
  (void)state;
  csv_table t;
  diag_list d = DIAG_LIST_INIT;
  const char *text = "\xEF\xBB\xBFuserUID,userEmailAddress,userDisplayName\r\n"
                     "alice@example.com,alice@example.com,\"Liddell, Alice\"\r\n"
                     "\n"
                     "bob@example.com,bob@example.com,\"Bob \"\"the builder\"\"\"\n"
                     "zo\xc3\xab@example.com,zoe@example.com,\"Zo\xc3\xab\nsecond line\"\n"
                     "dan@example.com,,Dan\n";
  assert_true(parse(text, &t, &d));
  assert_int_equal(d.n, 0);
  assert_int_equal(t.n_cols, 3);
  assert_string_equal(t.header[0], "userUID");
  assert_int_equal(t.n_rows, 4);
  assert_string_equal(csv_cell(&t, 0, 2), "Liddell, Alice");
  assert_int_equal(t.line[0], 2);
  assert_string_equal(csv_cell(&t, 1, 2), "Bob \"the builder\"");
  assert_int_equal(t.line[1], 4);
  assert_string_equal(csv_cell(&t, 2, 0), "zo\xc3\xab@example.com");
  assert_string_equal(csv_cell(&t, 2, 2), "Zo\xc3\xab\nsecond line");
  assert_int_equal(t.line[2], 5);
  assert_string_equal(csv_cell(&t, 3, 1), "");
  assert_int_equal(t.line[3], 7); /* the row after a two-line field */
  csv_free(&t);
  diag_list_free(&d);
}

static void expect_error(const char *text, unsigned line, const char *msg) {
  csv_table t;
  diag_list d = DIAG_LIST_INIT;
  assert_false(parse(text, &t, &d));
  bool found = false;
  for (size_t i = 0; i < d.n; i++)
    if (d.items[i].line == line && strstr(d.items[i].msg, msg))
      found = true;
  if (!found) {
    for (size_t i = 0; i < d.n; i++)
      print_message("  %u: %s\n", d.items[i].line, d.items[i].msg);
    fail_msg("no error '%s' at line %u", msg, line);
  }
  csv_free(&t);
  diag_list_free(&d);
}

static void test_errors_at_their_line(void **state) {
  (void)state;
  expect_error("userUID,mail\na,b\nc\nd,e\n", 3, "1 field, the header has 2");
  expect_error("userUID,mail\na,b,c\n", 2, "3 fields, the header has 2");
  expect_error("userUID\n\"open\n", 2, "not closed");
  expect_error("userUID\n\"a\"b\n", 2, "text after a closing quote");
  expect_error("userUID\nok\nbad\xff\n", 3, "invalid UTF-8");
  expect_error("userUID,userUID\n", 1, "named twice");
  expect_error("userUID,\n", 1, "has no name");
  expect_error("", 1, "no header row");
  /* every bad row is reported, not only the first */
  csv_table t;
  diag_list d = DIAG_LIST_INIT;
  assert_false(parse("a,b\n1\n2,3\n4\n", &t, &d));
  assert_int_equal(d.n, 2);
  assert_int_equal(d.items[0].line, 2);
  assert_int_equal(d.items[1].line, 4);
  csv_free(&t);
  diag_list_free(&d);
}

static void test_last_line_without_newline(void **state) {
  (void)state;
  csv_table t;
  diag_list d = DIAG_LIST_INIT;
  assert_true(parse("userUID\nalice", &t, &d));
  assert_int_equal(t.n_rows, 1);
  assert_string_equal(csv_cell(&t, 0, 0), "alice");
  csv_free(&t);
  diag_list_free(&d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_quoting_and_lines),
      cmocka_unit_test(test_errors_at_their_line),
      cmocka_unit_test(test_last_line_without_newline),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
