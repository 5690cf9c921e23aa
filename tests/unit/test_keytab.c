/* The key tables are the one source of the form's and the directory list's
 * keys: docs/editor.md's key tables are what they generate (APPVPN_KEYTAB_OUT=FILE
 * writes both, the form's first), no key does two things, every command the key
 * bar or F1 lists has a key, and the bar of --view offers no change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "ui/keys.h"
#include "ui/keytab.h"

static char *read_doc(void) {
  const char *src = getenv("APPVPN_SRC");
  assert_non_null(src);
  char *path = xasprintf("%s/docs/editor.md", src);
  FILE *fp = fopen(path, "r");
  assert_non_null(fp);
  strbuf b = STRBUF_INIT;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, fp)))
    strbuf_putn(&b, buf, n);
  fclose(fp);
  free(path);
  return strbuf_take(&b);
}

/* The table that starts with `header` in docs/editor.md (up to a blank line)
 * must be `want`. */
static void check_doc_table(const char *doc, const char *header, const char *want,
                            const char *source) {
  const char *start = strstr(doc, header);
  assert_non_null(start);
  const char *end = strstr(start, "\n\n");
  assert_non_null(end);
  char *have = xstrndup(start, (size_t)(end - start + 1));
  if (strcmp(have, want) != 0)
    fail_msg("docs/editor.md's table \"%.*s\" differs from %s; it should read:\n%s",
             (int)strlen(header) - 1, header, source, want);
  free(have);
}

static void test_docs_table(void **state) {
  (void)state;
  char *doc = read_doc();
  char *want = keytab_markdown();
  char *want_dir = dirkeys_markdown();
  /* APPVPN_KEYTAB_OUT=FILE writes the tables there (to paste into the doc) */
  const char *out = getenv("APPVPN_KEYTAB_OUT");
  FILE *fo = out ? fopen(out, "w") : NULL;
  if (fo) {
    fprintf(fo, "%s\n%s", want, want_dir);
    fclose(fo);
  }
  check_doc_table(doc, "| key | plain | what |\n", want, "src/ui/keytab.c's form table");
  check_doc_table(doc, "| key | does |\n", want_dir, "src/ui/keytab.c's DIR_TABLE");
  free(want_dir);
  free(want);
  free(doc);
}

static void test_keys_unique(void **state) {
  (void)state;
  size_t n;
  const key_def *t = keytab_all(&n);
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < KEYTAB_MAX_KEYS && t[i].keys[j].key; j++) {
      int k = t[i].keys[j].key;
      assert_int_equal(keytab_action(k, false), t[i].keys[j].act);
      for (size_t i2 = 0; i2 < n; i2++)
        for (size_t j2 = 0; j2 < KEYTAB_MAX_KEYS && t[i2].keys[j2].key; j2++)
          if ((i2 != i || j2 != j) && t[i2].keys[j2].key == k)
            fail_msg("%s is bound twice", key_name(k));
    }
  assert_int_equal(keytab_action(K_CTRL('S'), true), KA_SAVE);
  assert_int_equal(keytab_action(K_CTRL('Z'), true), KA_NONE); /* not while typing */
  assert_int_equal(keytab_action('x', false), KA_NONE);
}

static void test_bar_and_help(void **state) {
  (void)state;
  const key_def *bar[16];
  size_t n = keytab_bar(false, bar, 16);
  assert_int_equal(n, 8);
  assert_string_equal(bar[0]->bar_key, "^S");
  assert_string_equal(bar[n - 1]->bar_label, "Quit");
  size_t nv = keytab_bar(true, bar, 16);
  assert_int_equal(nv, 6);
  for (size_t i = 0; i < nv; i++)
    assert_false(bar[i]->bar_edits);
  char *h = keytab_help();
  assert_non_null(strstr(h, "  F2  = ^S  save                 F5  = ^X  export profile\n"));
  assert_non_null(strstr(h, "  ^Z  undo the last change (again and again)\n"));
  free(h);
}

static void test_dirlist_keys(void **state) {
  (void)state;
  size_t n;
  const dirkey_def *t = dirkeys_all(&n);
  for (size_t i = 0; i < n; i++) {
    if (t[i].act != DK_MOVE)
      assert_non_null(t[i].keys[0]); /* every command has a key */
    for (size_t j = 0; j < KEYTAB_MAX_KEYS && t[i].keys[j]; j++) {
      int k = t[i].keys[j];
      assert_int_equal(dirkeys_action(k), t[i].act);
      for (size_t i2 = 0; i2 < n; i2++)
        for (size_t j2 = 0; j2 < KEYTAB_MAX_KEYS && t[i2].keys[j2]; j2++)
          if ((i2 != i || j2 != j) && t[i2].keys[j2] == k)
            fail_msg("%s is bound twice in the directory list", key_name(k));
    }
  }
  assert_int_equal(dirkeys_action('x'), DK_NONE);
  assert_int_equal(dirkeys_action(K_FN(KEY_F(10))), DK_QUIT);
  /* the bars: the list's and --view's (opening, quitting and help only) */
  static const char *const list[][2] = {{"Enter", "Open"}, {"n", "New"},    {"c", "Clone"},
                                        {"r", "Rename"},   {"d", "Delete"}, {"q", "Quit"},
                                        {"F1", "Help"}};
  static const char *const view[][2] = {{"Enter", "View"}, {"q", "Quit"}, {"F1", "Help"}};
  const dirkey_def *bar[16];
  size_t nb = dirkeys_bar(false, bar, 16);
  assert_int_equal(nb, sizeof list / sizeof *list);
  for (size_t i = 0; i < nb; i++) {
    assert_string_equal(bar[i]->bar_key, list[i][0]);
    assert_string_equal(bar[i]->bar_label, list[i][1]);
  }
  nb = dirkeys_bar(true, bar, 16);
  assert_int_equal(nb, sizeof view / sizeof *view);
  for (size_t i = 0; i < nb; i++) {
    assert_string_equal(bar[i]->bar_key, view[i][0]);
    assert_string_equal(bar[i]->view_label, view[i][1]);
    assert_true(bar[i]->act == DK_OPEN || bar[i]->act == DK_QUIT || bar[i]->act == DK_HELP);
  }
  /* F1's key list */
  char *h = dirkeys_help();
  assert_string_equal(
      h, "Keys in the directory list\n"
         "  Up/Down PgUp/PgDn Home/End  move\n"
         "  Enter, o or ^O              open in the editor (--view: view)\n"
         "  n, ^N or Ins                new file (the editor asks the type)\n"
         "  c or ^K                     clone: a copy with new UUIDs and identifier\n"
         "  r or ^R                     rename the file (never overwrites)\n"
         "  d, ^D or Del                delete (says which apps lose their VPN)\n"
         "  b                           bundle: every usable configuration in one profile\n"
         "  ^L                          read the directory again\n"
         "  q, ^Q or F10                quit\n"
         "Marks: '!' errors or unusable, '?' warnings. Any key closes this help.\n");
  free(h);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_docs_table),
      cmocka_unit_test(test_keys_unique),
      cmocka_unit_test(test_bar_and_help),
      cmocka_unit_test(test_dirlist_keys),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
