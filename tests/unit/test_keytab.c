/* The key table is the one source of the form's keys: docs/editor.md's key
 * table is what it generates (APPVPN_KEYTAB_OUT=FILE writes it), no key does two things, every
 * command the key bar or F1 lists has a key, and the bar of --view offers no change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
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

static void test_docs_table(void **state) {
  (void)state;
  char *doc = read_doc();
  char *want = keytab_markdown();
  /* APPVPN_KEYTAB_OUT=FILE writes the table there (to paste into the doc) */
  const char *out = getenv("APPVPN_KEYTAB_OUT");
  FILE *fo = out ? fopen(out, "w") : NULL;
  if (fo) {
    fputs(want, fo);
    fclose(fo);
  }
  const char *start = strstr(doc, "| key | plain | what |\n");
  assert_non_null(start);
  const char *end = strstr(start, "\n\n");
  assert_non_null(end);
  char *have = xstrndup(start, (size_t)(end - start + 1));
  if (strcmp(have, want) != 0)
    fail_msg("docs/editor.md's key table differs from src/ui/keytab.c; it should read:\n%s", want);
  free(have);
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

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_docs_table),
      cmocka_unit_test(test_keys_unique),
      cmocka_unit_test(test_bar_and_help),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
