/* appvpn's binary plist writer: what it writes libplist reads back as the
 * same tree (random trees, every scalar size, UTF-16 strings with surrogate
 * pairs, equal values written once), and its size grows linearly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <plist/plist.h>

#include "io/bplist.h"
#include "io/plist_util.h"
#include "testutil.h"

static unsigned long long rng = 0x9E3779B97F4A7C15ull;
static unsigned rnd(unsigned n) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (unsigned)(rng % n);
}

static const char *const words[] = {"",
                                    "a",
                                    "vpn.example.com",
                                    "caf\xc3\xa9",
                                    "\xe6\x97\xa5\xe6\x9c\xac",
                                    "emoji \xf0\x9f\x98\x80",
                                    "a string of exactly fifteen",
                                    "com.example.vpn.sales-crm",
                                    "x\ty",
                                    "<&>\"'"};

static plist_t random_tree(int depth) {
  unsigned k = depth <= 0 ? rnd(5) : rnd(7);
  switch (k) {
  case 0: return plist_new_bool(rnd(2));
  case 1: {
    static const uint64_t ints[] = {
        0, 1, 14, 15, 255, 256, 65535, 65536, 4294967295ull, 4294967296ull, 9007199254740993ull};
    return plist_new_uint(ints[rnd(sizeof ints / sizeof *ints)]);
  }
  case 2: return plist_new_string(words[rnd(sizeof words / sizeof *words)]);
  case 3: {
    size_t n = rnd(40);
    char *d = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
      d[i] = (char)rnd(256);
    plist_t p = plist_new_data(d, n);
    free(d);
    return p;
  }
  case 4: return plist_new_real(rnd(1000) / 8.0);
  case 5: {
    plist_t a = plist_new_array();
    for (unsigned i = rnd(20); i > 0; i--)
      plist_array_append_item(a, random_tree(depth - 1));
    return a;
  }
  default: {
    plist_t d = plist_new_dict();
    for (unsigned i = rnd(20); i > 0; i--) {
      char key[32];
      snprintf(key, sizeof key, "%s%u", rnd(2) ? "Key" : "k\xc3\xa9", rnd(30));
      plist_dict_set_item(d, key, random_tree(depth - 1));
    }
    return d;
  }
  }
}

/* The tree's XML as libplist writes it: equal trees, equal text. */
static char *xml_of(plist_t p, uint32_t *n) {
  char *x = NULL;
  plist_to_xml(p, &x, n);
  return x;
}

static void round_trip(plist_t p) {
  size_t len = 0;
  char *b = bplist_write(p, &len);
  assert_non_null(b);
  assert_memory_equal(b, "bplist00", 8);
  plist_t back = NULL;
  plist_from_bin(b, (uint32_t)len, &back);
  assert_non_null(back);
  uint32_t n1 = 0, n2 = 0;
  char *x1 = xml_of(p, &n1), *x2 = xml_of(back, &n2);
  if (n1 != n2 || memcmp(x1, x2, n1))
    fail_msg("the tree read back differs:\n%.*s\n---\n%.*s", (int)n1, x1, (int)n2, x2);
  plist_mem_release(x1);
  plist_mem_release(x2);
  plist_free(back);
  free(b);
}

static void test_random_trees(void **state) {
  (void)state;
  for (int i = 0; i < 500; i++) {
    plist_t p = random_tree(5);
    round_trip(p);
    plist_free(p);
  }
}

static void test_scalars_and_empty(void **state) {
  (void)state;
  plist_t d = plist_new_dict();
  plist_dict_set_item(d, "empty array", plist_new_array());
  plist_dict_set_item(d, "empty dict", plist_new_dict());
  plist_dict_set_item(d, "empty string", plist_new_string(""));
  plist_dict_set_item(d, "empty data", plist_new_data("", 0));
  plist_dict_set_item(d, "astral", plist_new_string("\xf0\x9f\x98\x80\xf0\x9f\x98\x80"));
  round_trip(d);
  plist_free(d);
  plist_t s = plist_new_string("top-level scalar");
  round_trip(s);
  plist_free(s);
}

static void test_equal_values_written_once(void **state) {
  (void)state;
  plist_t a = plist_new_array(), b = plist_new_array();
  for (int i = 0; i < 1000; i++) {
    plist_array_append_item(a, plist_new_string("same.example.com"));
    char s[32];
    snprintf(s, sizeof s, "d%d.example.com", i);
    plist_array_append_item(b, plist_new_string(s));
  }
  size_t la = 0, lb = 0;
  char *ba = bplist_write(a, &la), *bb = bplist_write(b, &lb);
  /* 1000 references to one string against 1000 strings */
  assert_true(la < 1000 * 3);
  assert_true(lb > 1000 * 14);
  round_trip(a);
  round_trip(b);
  free(ba);
  free(bb);
  plist_free(a);
  plist_free(b);
}

static void test_many_objects_wide_refs(void **state) {
  (void)state;
  /* > 65535 objects: 4-byte references and offsets */
  plist_t a = plist_new_array();
  for (int i = 0; i < 70000; i++) {
    char s[32];
    snprintf(s, sizeof s, "host%d.example.com", i);
    plist_array_append_item(a, plist_new_string(s));
  }
  size_t len = 0;
  char *b = bplist_write(a, &len);
  assert_non_null(b);
  assert_int_equal((unsigned char)b[len - 26], 4); /* offset size */
  assert_int_equal((unsigned char)b[len - 25], 4); /* reference size */
  round_trip(a);
  free(b);
  plist_free(a);
}

static void test_serialize_uses_it(void **state) {
  (void)state;
  plist_t d = plist_new_dict();
  plist_dict_set_item(d, "PayloadType", plist_new_string("Configuration"));
  size_t l1 = 0, l2 = 0;
  char *a = plist_serialize(d, true, &l1);
  char *b = bplist_write(d, &l2);
  assert_int_equal(l1, l2);
  assert_memory_equal(a, b, l1);
  free(a);
  free(b);
  plist_free(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_random_trees),
      cmocka_unit_test(test_scalars_and_empty),
      cmocka_unit_test(test_equal_values_written_once),
      cmocka_unit_test(test_many_objects_wide_refs),
      cmocka_unit_test(test_serialize_uses_it),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
