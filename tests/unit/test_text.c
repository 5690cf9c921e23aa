/* Clean text and escaping (core/text.h), and bounded input: the model, the
 * YAML reader and writer, import and the descriptor loader refuse or escape
 * what must not reach a file or a terminal, and deep input is an error, not
 * a crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <plist/plist.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/expr.h"
#include "core/text.h"
#include "core/util.h"
#include "core/validate.h"
#include "io/config_io.h"
#include "io/desc_load.h"
#include "io/import.h"
#include "io/plist_util.h"
#include "testutil.h"

/* ---- text_clean / text_escape ------------------------------------------ */

static void expect_fault(const char *s, size_t n, text_kind kind, size_t off, size_t chr,
                         unsigned cp, int what) {
  text_fault f;
  if (text_clean(s, n, kind, &f))
    fail_msg("'%s' passed as clean", s);
  assert_int_equal(f.off, off);
  assert_int_equal(f.chr, chr);
  assert_int_equal(f.cp, cp);
  assert_int_equal(f.what, what);
}

static void test_clean_rules(void **state) {
  (void)state;
  const char *ok[] = {"",
                      "plain ASCII text of some length",
                      "caf\xc3\xa9 \xe2\x80\xa2 \xf0\x9f\x94\x92",
                      "back\\slash",
                      "\xef\xbf\xbd",
                      "\xe2\x80\xa8"};
  for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
    assert_true(text_clean(ok[i], strlen(ok[i]), TEXT_LINE, NULL));
    assert_true(text_printable(ok[i]));
  }
  /* multi-line text takes tab and line feed, one-line text nothing below 0x20 */
  assert_true(text_clean("a\tb\nc", 5, TEXT_LINES, NULL));
  expect_fault("a\tb", 3, TEXT_LINE, 1, 2, '\t', TF_CONTROL);
  expect_fault("a\nb", 3, TEXT_LINE, 1, 2, '\n', TF_CONTROL);
  expect_fault("a\rb", 3, TEXT_LINES, 1, 2, '\r', TF_CONTROL);
  expect_fault("ab\x1b[2J", 6, TEXT_LINES, 2, 3, 0x1b, TF_CONTROL);
  expect_fault("\x07", 1, TEXT_LINES, 0, 1, 7, TF_CONTROL);
  expect_fault("x\x7f", 2, TEXT_LINES, 1, 2, 0x7f, TF_CONTROL);
  expect_fault("a\0b", 3, TEXT_LINES, 1, 2, 0, TF_CONTROL);
  /* C1: U+009B (CSI) and U+0085 (NEL) */
  expect_fault("\xc3\xa9\xc2\x9b", 4, TEXT_LINES, 2, 2, 0x9b, TF_C1);
  expect_fault("\xc2\x85", 2, TEXT_LINES, 0, 1, 0x85, TF_C1);
  /* what XML cannot carry */
  expect_fault("a\xef\xbf\xbe", 4, TEXT_LINES, 1, 2, 0xfffe, TF_NONCHAR);
  expect_fault("a\xef\xbf\xbf", 4, TEXT_LINES, 1, 2, 0xffff, TF_NONCHAR);
  /* invalid UTF-8: stray, truncated (at the end), overlong, surrogate */
  expect_fault("a\xff", 2, TEXT_LINES, 1, 2, 0xff, TF_UTF8);
  expect_fault("ab\xe2\x82", 4, TEXT_LINES, 2, 3, 0xe2, TF_UTF8);
  expect_fault("\xc0\xaf", 2, TEXT_LINES, 0, 1, 0xc0, TF_UTF8);
  expect_fault("\xed\xa0\x80", 3, TEXT_LINES, 0, 1, 0xed, TF_UTF8);
  /* past the eight-byte fast path: positions still exact */
  expect_fault("0123456789abcdefXY\x1b", 19, TEXT_LINE, 18, 19, 0x1b, TF_CONTROL);
  expect_fault("0123456789abcdef\x7f", 17, TEXT_LINE, 16, 17, 0x7f, TF_CONTROL);
  expect_fault("01234567\xc2\x9b", 10, TEXT_LINE, 8, 9, 0x9b, TF_C1);
}

static void expect_escape(const char *in, const char *out) {
  char *e = text_escape(in);
  assert_string_equal(e, out);
  assert_true(text_printable(e));
  free(e);
}

static void test_escape_form(void **state) {
  (void)state;
  expect_escape("a\x1b]0;title\x07z", "a\\x1b]0;title\\x07z");
  expect_escape("\x1b[2J", "\\x1b[2J");
  expect_escape("t\tn\nr\r", "t\\tn\\nr\\r");
  expect_escape("del\x7f", "del\\x7f");
  expect_escape("csi\xc2\x9b"
                "2J",
                "csi\\xc2\\x9b2J");
  expect_escape("bad\xff", "bad\\xff");
  expect_escape("cut\xe2\x82", "cut\\xe2\\x82");
  expect_escape("nc\xef\xbf\xbf", "nc\\xef\\xbf\\xbf");
  /* clean text is left alone, backslashes included */
  expect_escape("caf\xc3\xa9 C:\\dir \xe2\x80\xa2", "caf\xc3\xa9 C:\\dir \xe2\x80\xa2");
  expect_escape(NULL, "");
  /* escaping is idempotent: an escaped string is clean */
  char *once = text_escape("x\x1b\xc2\x9b\xff");
  char *twice = text_escape(once);
  assert_string_equal(once, twice);
  free(once), free(twice);
}

static void test_problem_message(void **state) {
  (void)state;
  char *m = text_problem("ab\x1b[2J", TEXT_LINE);
  assert_non_null(m);
  assert_non_null(strstr(m, "\\x1b"));
  assert_non_null(strstr(m, "ESC"));
  assert_non_null(strstr(m, "character 3"));
  assert_true(text_printable(m));
  free(m);
  m = text_problem("a\tb", TEXT_LINE);
  assert_non_null(strstr(m, "one line"));
  free(m);
  m = text_problem("x\xc2\x9b", TEXT_LINE);
  assert_non_null(strstr(m, "U+009B"));
  free(m);
  assert_null(text_problem("fine", TEXT_LINE));
}

static void test_diag_format_escapes(void **state) {
  (void)state;
  diag_list d = DIAG_LIST_INIT;
  diag_add(&d, DIAG_ERROR, "dir/a\x1b[31m.yaml", 3, 7, "custom.k\x07", "value '%s' refused",
           "\x1b]52;c;aGk=\x07\xc2\x9b\xff");
  char *s = diag_format(&d.items[0]);
  assert_string_equal(s,
                      "dir/a\\x1b[31m.yaml:3:7: error: value '\\x1b]52;c;aGk=\\x07\\xc2\\x9b\\xff' "
                      "refused [custom.k\\x07]");
  assert_true(text_printable(s));
  free(s);
  diag_list_free(&d);
}

/* ---- the model: model_set refuses, names the field and the character --- */

static const char *hostile[] = {"a\x1b]0;t\x07",
                                "bell\x07",
                                ("csi\xc2\x9b"
                                 "2J"),
                                "bad\xff",
                                "cut\xe2\x82",
                                "nc\xef\xbf\xbf",
                                "del\x7f",
                                "tab\there",
                                "line\nfeed"};

static config *small_config(desc_set *set) {
  diag_list d = DIAG_LIST_INIT;
  const char *t = "format: 1\ntype: alpha\nname: x\nserver: s.example.com\n";
  config *c = config_load_text(set, t, strlen(t), "c.yaml", &d);
  assert_non_null(c);
  diag_list_free(&d);
  return c;
}

static void expect_set_refused(config *c, const char *path, val *v, const char *field) {
  diag_list d = DIAG_LIST_INIT;
  char *before = config_to_yaml(c, NULL);
  if (model_set(c, path, v, &d))
    fail_msg("model_set(%s) accepted unclean text", path);
  assert_int_equal(diag_count(&d, DIAG_ERROR), 1);
  assert_string_equal(d.items[0].field, field);
  assert_non_null(strstr(d.items[0].msg, "the text holds"));
  assert_true(text_printable(d.items[0].msg)); /* already escaped */
  char *after = config_to_yaml(c, NULL);
  assert_string_equal(before, after); /* nothing changed */
  free(before), free(after);
  diag_list_free(&d);
}

static void test_model_set_refuses(void **state) {
  desc_set *set = *state;
  config *c = small_config(set);
  for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++) {
    expect_set_refused(c, "server", val_new_str(hostile[i]), "server");
    expect_set_refused(c, "name", val_new_str(hostile[i]), "name");
    expect_set_refused(c, "on_demand.rules[0].match.ssid[0]", val_new_str(hostile[i]),
                       "on_demand.rules[0].match.ssid[0]");
    val *l = val_new_list();
    val_list_append(l, val_new_str("fine.example.com"));
    val_list_append(l, val_new_str(hostile[i]));
    expect_set_refused(c, "domains.safari", l, "domains.safari[1]");
    expect_set_refused(c, "custom.k\x1b", val_new_str("v"), "custom.k\x1b");
  }
  /* numbers and choices are text too until typed */
  expect_set_refused(c, "enabled", val_new_str("true\x1b"), "enabled");
  expect_set_refused(c, "proxy.setup", val_new_str("manual\x07"), "proxy.setup");
  /* a key/value map's values may span lines; nothing else may */
  diag_list d = DIAG_LIST_INIT;
  assert_true(
      model_set(c, "custom.pem", val_new_str("-----BEGIN-----\n\tAAAA\n-----END-----"), &d));
  expect_set_refused(c, "custom.k", val_new_str("a\rb"), "custom.k");
  expect_set_refused(c, "custom.k", val_new_str("a\x1b"), "custom.k");
  /* ... and read back what was saved */
  char *y = config_to_yaml(c, NULL);
  config *c2 = config_load_text(set, y, strlen(y), "c2.yaml", &d);
  assert_non_null(c2);
  assert_string_equal(val_get_path(c2->root, "custom.pem")->u.str,
                      "-----BEGIN-----\n\tAAAA\n-----END-----");
  config_free(c2);
  free(y);
  diag_list_free(&d);
  config_free(c);
}

/* Validation (and so export) refuses unclean text however it got in. */
static void test_validate_refuses(void **state) {
  desc_set *set = *state;
  config *c = small_config(set);
  val_set_path(c->root, "server", val_new_str("s\x1b[2J"));
  diag_list d = DIAG_LIST_INIT;
  validate_config(c, &d);
  assert_int_equal(diag_count(&d, DIAG_ERROR), 1);
  assert_string_equal(d.items[0].field, "server");
  diag_list_free(&d);
  config_free(c);
}

/* ---- loading: FILE:LINE:COL for values and keys ------------------------- */

static void expect_load_error(desc_set *set, const char *text, unsigned line, unsigned col,
                              const char *needle) {
  diag_list d = DIAG_LIST_INIT;
  config *c = config_load_text(set, text, strlen(text), "c.yaml", &d);
  if (c || diag_count(&d, DIAG_ERROR) != 1) {
    diag_list_print(&d, stderr);
    fail_msg("expected the load to fail once: %s", text);
  }
  const diag *e = &d.items[0];
  for (size_t i = 0; i < d.n; i++)
    if (d.items[i].level == DIAG_ERROR)
      e = &d.items[i];
  if (e->line != line || e->col != col || !strstr(e->msg, needle)) {
    diag_list_print(&d, stderr);
    fail_msg("expected an error at %u:%u with '%s'", line, col, needle);
  }
  assert_string_equal(e->file, "c.yaml");
  char *s = diag_format(e);
  assert_true(text_printable(s));
  free(s);
  diag_list_free(&d);
}

static void test_load_reports_position(void **state) {
  desc_set *set = *state;
  const char *head = "format: 1\ntype: alpha\n";
  struct {
    const char *body;
    unsigned line, col;
    const char *needle;
  } cases[] = {
      {"name: \"Sales \\e]0;t\\a\"\n", 3, 7, "\\x1b"},
      {"name: ok\nserver: \"\\x9b2J\"\n", 4, 9, "U+009B"},
      {"server: \"\\N\"\n", 3, 9, "U+0085"},
      {"server: \"\\uFFFF\"\n", 3, 9, "U+FFFF"},
      {"server: \"\\x7f\"\n", 3, 9, "\\x7f"},
      {"server: \"\\r\"\n", 3, 9, "\\r"},
      /* one-line settings refuse tab and line feed (a map value takes them) */
      {"server: \"a\\tb\"\n", 3, 9, "one line"},
      {"server: \"a\\nb\"\n", 3, 9, "one line"},
      {"domains:\n  safari: [ok, \"b\\e\"]\n", 4, 16, "\\x1b"},
      /* keys, known or not, and unknown values kept verbatim */
      {"\"k\\a\": 1\n", 3, 1, "a key"},
      {"custom:\n  \"k\\e\": v\n", 4, 3, "a key"},
      {"future:\n  x: \"a\\e\"\n", 4, 6, "\\x1b"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *t = xasprintf("%s%s", head, cases[i].body);
    expect_load_error(set, t, cases[i].line, cases[i].col, cases[i].needle);
    free(t);
  }
  diag_list d = DIAG_LIST_INIT;
  const char *t = "format: 1\ntype: alpha\ncustom:\n  pem: \"l1\\n\\tl2\"\n";
  config *c = config_load_text(set, t, strlen(t), "c.yaml", &d);
  assert_non_null(c);
  config_free(c);
  diag_list_free(&d);
}

/* ---- the YAML writer: any bytes, no over-read, output that parses ------ */

static void test_writer_truncated_utf8(void **state) {
  desc_set *set = *state;
  config *c = small_config(set);
  /* These are what the model refuses; the writer must still stay inside
   * the string (a truncated sequence at the very end read past it). */
  const char *tails[] = {"#abc\xe2\x82", "-abc\xe2", "abc\xf0\x9f\x94", "abc\xc3", "\xff", "\xc2"};
  for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
    val_set_path(c->root, "server", val_new_str(tails[i]));
    char *y = config_to_yaml(c, NULL);
    assert_non_null(strstr(y, "\\uFFFD\"\n"));
    diag_list d = DIAG_LIST_INIT;
    config *c2 = config_load_text(set, y, strlen(y), "c2.yaml", &d);
    assert_non_null(c2);
    config_free(c2);
    diag_list_free(&d);
    free(y);
  }
  config_free(c);
}

static void test_writer_any_byte(void **state) {
  desc_set *set = *state;
  config *c = small_config(set);
  for (unsigned b = 1; b < 256; b++) {
    for (int where = 0; where < 3; where++) {
      char s[8];
      if (where == 0)
        snprintf(s, sizeof s, "%c", b);
      else if (where == 1)
        snprintf(s, sizeof s, "x%cy", b);
      else
        snprintf(s, sizeof s, "xy%c", b);
      val_set_path(c->root, "server", val_new_str(s));
      size_t len;
      char *y = config_to_yaml(c, &len);
      /* valid UTF-8 without a raw control byte; YAML that parses */
      assert_true(text_clean(y, len, TEXT_LINES, NULL));
      assert_null(strchr(y, '\t'));
      diag_list d = DIAG_LIST_INIT;
      val *tree = yaml_parse(y, len, "w.yaml", &d);
      if (!tree) {
        /* only the text check may refuse it (a control written escaped) */
        assert_int_equal(d.n, 1);
        assert_non_null(strstr(d.items[0].msg, "the text holds"));
      }
      val_free(tree);
      diag_list_free(&d);
      free(y);
    }
  }
  config_free(c);
}

/* ---- conditions: bounded recursion -------------------------------------- */

static void expect_expr_error(const char *src, const char *needle) {
  diag_list d = DIAG_LIST_INIT;
  expr *e = expr_parse(src, "f.yaml", 5, 10, &d);
  assert_null(e);
  assert_int_equal(d.n, 1);
  assert_string_equal(d.items[0].file, "f.yaml");
  assert_int_equal(d.items[0].line, 5);
  if (!strstr(d.items[0].msg, needle))
    fail_msg("'%s' lacks '%s'", d.items[0].msg, needle);
  diag_list_free(&d);
}

static void test_expr_limits(void **state) {
  (void)state;
  size_t n = 100000;
  char *s = xmalloc(2 * n + 2);
  memset(s, '(', n);
  s[n] = 'x';
  memset(s + n + 1, ')', n);
  s[2 * n + 1] = 0;
  expect_expr_error(s, "nested deeper than 64");
  memset(s, '!', n);
  expect_expr_error(s, "nested deeper than 64");
  free(s);
  /* a long chain of && is one level deep but many comparisons */
  strbuf b = STRBUF_INIT;
  for (int i = 0; i < 300; i++)
    strbuf_puts(&b, i ? " && a" : "a");
  expect_expr_error(strbuf_str(&b), "more than 256 comparisons");
  strbuf_free(&b);
  /* at the limit it parses */
  for (int i = 0; i < EXPR_MAX_DEPTH; i++)
    strbuf_putc(&b, i % 2 ? '(' : '!');
  strbuf_putc(&b, 'x');
  for (int i = 0; i < EXPR_MAX_DEPTH / 2; i++)
    strbuf_putc(&b, ')');
  diag_list d = DIAG_LIST_INIT;
  expr *e = expr_parse(strbuf_str(&b), "f.yaml", 1, 1, &d);
  assert_non_null(e);
  expr_free(e);
  strbuf_free(&b);
  diag_list_free(&d);
}

/* ---- the descriptor loader: the config loader's limits ------------------ */

static const char type_head[] = "form: 1\ntype: t\nlabel: T\nvpn_type: VPN\ndict: VPN\n";

static void expect_desc_error(const char *text, unsigned line, const char *needle) {
  desc_source src = {"forms/t.yaml", text, strlen(text)};
  diag_list d = DIAG_LIST_INIT;
  clock_t t0 = clock();
  desc_set *set = desc_load_sources(&src, 1, &d);
  double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  assert_null(set);
  bool found = false;
  for (size_t i = 0; i < d.n; i++)
    found |= d.items[i].line == line && strstr(d.items[i].msg, needle) != NULL &&
             str_eq(d.items[i].file, "forms/t.yaml");
  if (!found) {
    diag_list_print(&d, stderr);
    fail_msg("no error at line %u with '%s'", line, needle);
  }
  if (secs > 5)
    fail_msg("took %.1f s", secs);
  diag_list_free(&d);
}

static void test_desc_limits(void **state) {
  (void)state;
  /* alias bomb: refused at the first anchor, never expanded */
  strbuf b = STRBUF_INIT;
  strbuf_puts(&b, "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
  for (int i = 1; i < 9; i++) {
    strbuf_printf(&b, "a%d: &a%d [", i, i);
    for (int k = 0; k < 10; k++)
      strbuf_printf(&b, "%s*a%d", k ? ", " : "", i - 1);
    strbuf_puts(&b, "]\n");
  }
  strbuf_puts(&b, type_head);
  expect_desc_error(strbuf_str(&b), 1, "anchors and aliases are not allowed");
  strbuf_free(&b);
  /* an alias alone */
  char *t = xasprintf("%sx: *nowhere\n", type_head);
  expect_desc_error(t, 6, "anchors and aliases are not allowed");
  free(t);
  /* 100k nested sequences */
  strbuf_puts(&b, type_head);
  strbuf_puts(&b, "deep: ");
  for (int i = 0; i < 100000; i++)
    strbuf_putc(&b, '[');
  for (int i = 0; i < 100000; i++)
    strbuf_putc(&b, ']');
  strbuf_putc(&b, '\n');
  expect_desc_error(strbuf_str(&b), 6, "nesting too deep");
  strbuf_free(&b);
  /* too many keys in one mapping, too many values */
  strbuf_puts(&b, type_head);
  strbuf_puts(&b, "many:\n");
  for (int i = 0; i < DESC_MAX_KEYS + 1; i++)
    strbuf_printf(&b, "  k%d: v\n", i);
  expect_desc_error(strbuf_str(&b), 7 + DESC_MAX_KEYS, "more than 1000 keys");
  strbuf_free(&b);
  strbuf_puts(&b, type_head);
  strbuf_puts(&b, "list: [");
  for (int i = 0; i < DESC_MAX_NODES; i++)
    strbuf_puts(&b, "1,");
  strbuf_puts(&b, "1]\n");
  expect_desc_error(strbuf_str(&b), 6, "too many values");
  strbuf_free(&b);
  /* conditions: 100k parentheses or '!' at FILE:LINE:COL */
  for (int k = 0; k < 2; k++) {
    strbuf_puts(&b, type_head);
    strbuf_puts(&b, "sections:\n  - id: s\n    title: S\n    fields:\n"
                    "      - {id: a, label: A, kind: text}\n"
                    "      - id: b\n        label: B\n        kind: text\n        show: \"");
    for (int i = 0; i < 100000; i++)
      strbuf_putc(&b, k ? '!' : '(');
    strbuf_puts(&b, "a");
    for (int i = 0; !k && i < 100000; i++)
      strbuf_putc(&b, ')');
    strbuf_puts(&b, "\"\n");
    expect_desc_error(strbuf_str(&b), 14, "nested deeper than 64");
    strbuf_free(&b);
  }
}

/* ---- import: bounded before libplist, unclean text reported ------------- */

static desc_set *embedded(void) {
  diag_list d = DIAG_LIST_INIT;
  desc_set *set = desc_load_embedded(&d);
  assert_non_null(set);
  diag_list_free(&d);
  return set;
}

static void expect_import_error(const desc_set *set, const char *bytes, size_t len,
                                const char *needle) {
  diag_list d = DIAG_LIST_INIT;
  clock_t t0 = clock();
  config *c = import_profile(set, bytes, len, "p.mobileconfig", NULL, &d);
  double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  assert_null(c);
  assert_int_equal(d.n, 1);
  if (!strstr(d.items[0].msg, needle)) {
    diag_list_print(&d, stderr);
    fail_msg("expected '%s'", needle);
  }
  if (secs > 2)
    fail_msg("took %.1f s", secs);
  diag_list_free(&d);
}

static void put_be(strbuf *b, uint64_t v, int n) {
  for (int i = n - 1; i >= 0; i--)
    strbuf_putc(b, (char)(v >> (8 * i)));
}

/* A binary plist of n arrays, each holding `width` references to the next
 * (the last one empty): width 1 is n deep, width > 1 shares objects. */
static char *chain_bplist(size_t n, unsigned width, size_t *len) {
  strbuf b = STRBUF_INIT;
  strbuf_puts(&b, "bplist00");
  size_t *offs = xmalloc(n * sizeof *offs);
  for (size_t i = 0; i < n; i++) {
    offs[i] = b.len;
    if (i + 1 < n) {
      strbuf_putc(&b, (char)(0xA0 | width));
      for (unsigned k = 0; k < width; k++)
        put_be(&b, i + 1, 4);
    } else {
      strbuf_putc(&b, (char)0xA0);
    }
  }
  size_t table = b.len;
  for (size_t i = 0; i < n; i++)
    put_be(&b, offs[i], 4);
  for (int i = 0; i < 6; i++)
    strbuf_putc(&b, 0);
  strbuf_putc(&b, 4);
  strbuf_putc(&b, 4);
  put_be(&b, n, 8);
  put_be(&b, 0, 8);
  put_be(&b, table, 8);
  free(offs);
  *len = b.len;
  return strbuf_take(&b);
}

static void test_import_limits(void **state) {
  (void)state;
  desc_set *set = embedded();
  /* 200k nested <array> (1.4 MB of open tags) */
  strbuf b = STRBUF_INIT;
  strbuf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n");
  for (int i = 0; i < 200000; i++)
    strbuf_puts(&b, "<array>");
  expect_import_error(set, b.s, b.len, "deeper than 64");
  strbuf_free(&b);
  /* comments and CDATA do not count; a mismatched closing tag is refused */
  strbuf_puts(&b, "<plist><!-- <array><array> --><dict><![CDATA[<array>]]></array></plist>");
  expect_import_error(set, b.s, b.len, "matches no open element");
  strbuf_free(&b);
  /* binary: 100k deep, a shared-object bomb, a damaged trailer */
  size_t len;
  char *bin = chain_bplist(100000, 1, &len);
  expect_import_error(set, bin, len, "deeper than 64");
  free(bin);
  bin = chain_bplist(40, 14, &len);
  expect_import_error(set, bin, len, "expands to more than");
  bin[len - 26] = 0; /* offsets of size 0 */
  expect_import_error(set, bin, len, "trailer");
  free(bin);
  /* at the limit: refused only as "no profile" by the importer itself */
  bin = chain_bplist(PLIST_MAX_DEPTH, 1, &len);
  expect_import_error(set, bin, len, "not a property list profile");
  free(bin);
  desc_set_free(set);
}

static void test_import_unclean_text(void **state) {
  (void)state;
  desc_set *set = embedded();
  plist_t p = plist_new_dict();
  plist_dict_set_item(p, "PayloadType", plist_new_string("com.apple.vpn.managed.applayer"));
  plist_dict_set_item(p, "PayloadIdentifier", plist_new_string("com.example.x.vpn"));
  plist_dict_set_item(p, "VPNType", plist_new_string("VPN"));
  plist_dict_set_item(p, "VPNSubType", plist_new_string("com.example.custom"));
  plist_dict_set_item(p, "UserDefinedName", plist_new_string("Name\x1b]0;owned\x07"));
  plist_t vpn = plist_new_dict();
  plist_dict_set_item(vpn, "RemoteAddress", plist_new_string("vpn.example.com\xc2\x9b"));
  plist_dict_set_item(vpn, "AuthenticationMethod", plist_new_string("Password"));
  plist_dict_set_item(p, "VPN", vpn);
  plist_t vc = plist_new_dict();
  plist_dict_set_item(vc, "Good", plist_new_string("fine"));
  plist_dict_set_item(vc, "Pem", plist_new_string("l1\nl2"));
  plist_dict_set_item(vc, "Bad", plist_new_string("x\x1b[2J"));
  plist_dict_set_item(vc, "Key\x07", plist_new_string("y"));
  plist_dict_set_item(p, "VendorConfig", vc);
  size_t len;
  char *bin = plist_serialize(p, true, &len);
  plist_free(p);
  diag_list d = DIAG_LIST_INIT;
  config *c = import_profile(set, bin, len, "p.mobileconfig", NULL, &d);
  free(bin);
  assert_non_null(c);
  /* nothing unclean stored; every one reported by its key */
  assert_null(val_get_path(c->root, "name"));
  assert_null(val_get_path(c->root, "server"));
  assert_string_equal(val_get_path(c->root, "custom_data.Good")->u.str, "fine");
  assert_string_equal(val_get_path(c->root, "custom_data.Pem")->u.str, "l1\nl2");
  assert_null(val_map_get(val_get_path(c->root, "custom_data"), "Bad"));
  const char *keys[] = {"UserDefinedName", "RemoteAddress", "VendorConfig.Bad", "VendorConfig.Key"};
  for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
    bool found = false;
    for (size_t i = 0; i < d.n; i++)
      found |= d.items[i].level == DIAG_WARNING && strstr(d.items[i].msg, keys[k]) &&
               strstr(d.items[i].msg, "not imported") && strstr(d.items[i].msg, "the ");
    if (!found) {
      diag_list_print(&d, stderr);
      fail_msg("no warning for %s", keys[k]);
    }
  }
  for (size_t i = 0; i < d.n; i++) {
    char *s = diag_format(&d.items[i]);
    assert_true(text_printable(s));
    free(s);
  }
  char *y = config_to_yaml(c, &len);
  assert_true(text_clean(y, len, TEXT_LINES, NULL));
  free(y);
  config_free(c);
  diag_list_free(&d);
  desc_set_free(set);
}

static int setup(void **state) {
  *state = tu_small_set();
  return 0;
}

static int teardown(void **state) {
  desc_set_free(*state);
  tu_cleanup();
  return 0;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_clean_rules),           cmocka_unit_test(test_escape_form),
      cmocka_unit_test(test_problem_message),       cmocka_unit_test(test_diag_format_escapes),
      cmocka_unit_test(test_model_set_refuses),     cmocka_unit_test(test_validate_refuses),
      cmocka_unit_test(test_load_reports_position), cmocka_unit_test(test_writer_truncated_utf8),
      cmocka_unit_test(test_writer_any_byte),       cmocka_unit_test(test_expr_limits),
      cmocka_unit_test(test_desc_limits),           cmocka_unit_test(test_import_limits),
      cmocka_unit_test(test_import_unclean_text),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
