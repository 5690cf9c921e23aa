/* Target systems (core/target.h): parsing OS[:VERSION] lists, the
 * availability checks against the built-in descriptors (a type a target
 * lacks, a setting not there or only later, --strict as errors), and the
 * macOS app mapping warning; and io/bundle.h's app ids. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/diag.h"
#include "core/model.h"
#include "core/target.h"
#include "io/bundle.h"
#include "io/config_io.h"
#include "io/desc_load.h"
#include "testutil.h"

static desc_set *set;

#define HEAD                                                                                       \
  "format: 1\n"                                                                                    \
  "name: T\n"                                                                                      \
  "identifier: com.example.vpn.t\n"                                                                \
  "uuid:\n"                                                                                        \
  "  profile: 11111111-1111-4111-8111-111111111111\n"                                              \
  "  payload: 22222222-2222-4222-8222-222222222222\n"                                              \
  "  vpn: 33333333-3333-4333-8333-333333333333\n"

static config *load(const char *text) {
  diag_list d = DIAG_LIST_INIT;
  config *c = config_load_text(set, text, strlen(text), "t.yaml", &d);
  diag_list_free(&d);
  assert_non_null(c);
  return c;
}

/* Does some message of level lv contain s? */
static bool has(const diag_list *d, diag_level lv, const char *s) {
  for (size_t i = 0; i < d->n; i++)
    if (d->items[i].level == lv && strstr(d->items[i].msg, s))
      return true;
  return false;
}

static void test_parse(void **state) {
  (void)state;
  target_list l = {0};
  char *why = NULL;
  assert_true(target_list_add(&l, "ios:17,macos", &why));
  assert_true(target_list_add(&l, "watchos:10.2", &why));
  assert_int_equal(l.n, 3);
  assert_int_equal(l.v[0].os, OS_IOS);
  assert_string_equal(l.v[0].version, "17");
  assert_int_equal(l.v[1].os, OS_MACOS);
  assert_string_equal(l.v[1].version, "");
  assert_string_equal(l.v[2].version, "10.2");
  assert_true(target_list_has(&l, OS_WATCHOS));
  assert_false(target_list_has(&l, OS_VISIONOS));
  static const char *const bad[] = {"tvos",   "ios:", "ios:x", "ios:17..1",
                                    "ios:.1", "",     "ios,",  "macos:1234567890123456789"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    assert_false(target_list_add(&l, bad[i], &why));
    assert_non_null(why);
    free(why);
    why = NULL;
  }
  assert_int_equal(l.n, 3); /* nothing added by a bad one */
  target_list_free(&l);
}

static void test_type_and_fields(void **state) {
  (void)state;
  config *c = load(HEAD "type: cisco-anyconnect\nserver: vpn.example.com\n"
                        "domains:\n  safari: [www.example.com]\n"
                        "slicing: {enabled: true, kind: dnn, value: x}\n");
  target_list l = {0};
  char *why = NULL;
  assert_true(target_list_add(&l, "watchos", &why));
  diag_list d = DIAG_LIST_INIT;
  assert_true(target_check(c, &l, false, &d) >= 2);
  assert_int_equal(diag_count(&d, DIAG_ERROR), 0);
  assert_true(
      has(&d, DIAG_WARNING, "connection type cisco-anyconnect is not supported on watchOS"));
  assert_true(has(&d, DIAG_WARNING, "domains.safari (Safari Domains) is not supported on watchOS"));
  diag_list_clear(&d);
  target_check(c, &l, true, &d); /* --strict */
  assert_true(has(&d, DIAG_ERROR, "not supported on watchOS"));
  diag_list_clear(&d);
  target_list_free(&l);
  /* versions: slicing needs iOS 18 */
  assert_true(target_list_add(&l, "ios:17.4", &why));
  target_check(c, &l, false, &d);
  assert_true(has(&d, DIAG_WARNING, "needs iOS 18.0; the target is iOS 17.4"));
  diag_list_clear(&d);
  target_list_free(&l);
  assert_true(target_list_add(&l, "ios:18,ios", &why));
  assert_int_equal(target_check(c, &l, true, &d), 0);
  target_list_free(&l);
  diag_list_free(&d);
  config_free(c);
}

static void test_setting(void **state) {
  (void)state;
  config *c = load(HEAD "type: ikev2\nserver: a.example.com\nremote_id: a.example.com\n"
                        "targets: [watchos:10, bogus]\n");
  target_list l = {0};
  diag_list d = DIAG_LIST_INIT;
  assert_false(target_list_from_config(&l, c, &d));
  assert_true(has(&d, DIAG_ERROR, "targets[1]: 'bogus' is not a target"));
  assert_int_equal(d.items[0].line, 11); /* the entry's own line */
  assert_int_equal(l.n, 1);
  diag_list_clear(&d);
  assert_int_equal(target_check(c, &l, true, &d), 0); /* IKEv2 on watchOS is fine */
  target_list_free(&l);
  diag_list_free(&d);
  config_free(c);
}

static void test_mapping(void **state) {
  (void)state;
  config *c =
      load(HEAD "type: ikev2\nserver: a.example.com\nremote_id: a.example.com\n"
                "apps: [com.example.a, com.example.b]\n"
                "app_mapping:\n"
                "  - {id: com.example.a, designated_requirement: identifier com.example.a}\n"
                "  - {id: com.example.c, designated_requirement: identifier com.example.c}\n");
  size_t n = 0;
  const char **ids = bundle_app_ids(c, &n);
  assert_int_equal(n, 3);
  assert_string_equal(ids[0], "com.example.a");
  assert_string_equal(ids[1], "com.example.b");
  assert_string_equal(ids[2], "com.example.c");
  free(ids);
  target_list l = {0};
  char *why = NULL;
  assert_true(target_list_add(&l, "macos", &why));
  diag_list d = DIAG_LIST_INIT;
  assert_int_equal(target_check(c, &l, false, &d), 1);
  assert_true(has(&d, DIAG_WARNING, "apps[1] com.example.b has no designated requirement"));
  diag_list_clear(&d);
  target_list_free(&l);
  assert_true(target_list_add(&l, "ios", &why));
  assert_int_equal(target_check(c, &l, false, &d), 0); /* iOS binds through the MDM */
  target_list_free(&l);
  diag_list_free(&d);
  config_free(c);
}

int main(void) {
  diag_list d = DIAG_LIST_INIT;
  set = desc_load_embedded(&d);
  diag_list_free(&d);
  if (!set)
    return 1;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parse),
      cmocka_unit_test(test_type_and_fields),
      cmocka_unit_test(test_setting),
      cmocka_unit_test(test_mapping),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  desc_set_free(set);
  tu_cleanup();
  return rc;
}
