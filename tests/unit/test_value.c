/* The value tree: ordered maps, lists, dotted paths, equality, truthiness,
 * and the compact node layout (string text in the node, packed positions). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/value.h"
#include "testutil.h"

static void test_map_keeps_order_and_replaces_in_place(void **state) {
  (void)state;
  val *m = val_new_map();
  val_map_set(m, "b", val_new_int(1));
  val_map_set(m, "a", val_new_int(2));
  val_map_set(m, "c", val_new_int(3));
  val_map_set(m, "a", val_new_str("x")); /* replaced where it was */
  assert_int_equal(m->u.map.n, 3);
  assert_string_equal(m->u.map.k[0], "b");
  assert_string_equal(m->u.map.k[1], "a");
  assert_string_equal(m->u.map.k[2], "c");
  assert_string_equal(val_map_get(m, "a")->u.str, "x");
  assert_null(val_map_get(m, "zz"));
  assert_true(val_map_remove(m, "b"));
  assert_false(val_map_remove(m, "b"));
  assert_string_equal(m->u.map.k[0], "a");
  val *t = val_map_take(m, "c");
  assert_int_equal(t->u.i, 3);
  val_free(t);
  assert_int_equal(m->u.map.n, 1);
  val_free(m);
}

static void test_list_insert_take_move(void **state) {
  (void)state;
  val *l = val_new_list();
  for (int i = 0; i < 5; i++)
    val_list_append(l, val_new_int(i));
  val_list_insert(l, 0, val_new_int(-1));
  val_list_insert(l, 99, val_new_int(9)); /* past the end appends */
  assert_int_equal(l->u.list.n, 7);
  assert_int_equal(l->u.list.v[0]->u.i, -1);
  assert_int_equal(l->u.list.v[6]->u.i, 9);
  val_list_move(l, 0, 6);
  assert_int_equal(l->u.list.v[0]->u.i, 0);
  assert_int_equal(l->u.list.v[6]->u.i, -1);
  val *t = val_list_take(l, 2);
  assert_int_equal(t->u.i, 2);
  val_free(t);
  assert_null(val_list_take(l, 40));
  assert_int_equal(l->u.list.n, 6);
  val_free(l);
}

static void test_paths(void **state) {
  (void)state;
  val *root = val_new_map();
  assert_true(val_set_path(root, "proxy.server", val_new_str("p.example.com")));
  assert_true(val_set_path(root, "proxy.port", val_new_int(8080)));
  assert_int_equal(root->u.map.n, 1);
  assert_int_equal(val_get_path(root, "proxy.port")->u.i, 8080);
  assert_null(val_get_path(root, "proxy.nope"));
  assert_null(val_get_path(root, "proxy.port.deeper"));
  /* A scalar in the way: refused, and the value is freed (ASan checks). */
  val_map_set(root, "name", val_new_str("n"));
  assert_false(val_set_path(root, "name.sub", val_new_str("x")));
  assert_true(val_remove_path(root, "proxy.server"));
  assert_non_null(val_get_path(root, "proxy"));
  assert_true(val_remove_path(root, "proxy.port"));
  assert_null(val_get_path(root, "proxy")); /* emptied maps go too */
  assert_false(val_remove_path(root, "proxy.port"));
  val_free(root);
}

static void test_clone_equal(void **state) {
  (void)state;
  val *a = val_new_map();
  val *l = val_new_list();
  val_list_append(l, val_new_str("x"));
  val_list_append(l, val_new_bool(true));
  val_map_set(a, "l", l);
  val_map_set(a, "n", val_new_null());
  val *b = val_clone(a);
  assert_true(val_equal(a, b));
  val_list_append(val_map_get(b, "l"), val_new_int(1));
  assert_false(val_equal(a, b));
  assert_int_equal(val_map_get(a, "l")->u.list.n, 2); /* deep copy */
  assert_false(val_equal(a, NULL));
  assert_true(val_equal(NULL, NULL));
  val_free(a);
  val_free(b);
}

static void test_empty_truthy_text(void **state) {
  (void)state;
  val *s = val_new_str(""), *z = val_new_int(0), *f = val_new_bool(false), *m = val_new_map();
  val *one = val_new_int(42), *t = val_new_str("yes");
  assert_true(val_is_empty(NULL));
  assert_true(val_is_empty(s));
  assert_true(val_is_empty(m));
  assert_false(val_is_empty(z));
  assert_false(val_truthy(z));
  assert_false(val_truthy(f));
  assert_false(val_truthy(s));
  assert_true(val_truthy(one));
  assert_true(val_truthy(t));
  char *txt = val_scalar_text(one);
  assert_string_equal(txt, "42");
  free(txt);
  txt = val_scalar_text(f);
  assert_string_equal(txt, "false");
  free(txt);
  assert_null(val_scalar_text(m));
  val_free(s), val_free(z), val_free(f), val_free(m), val_free(one), val_free(t);
}

/* Every string length around the node's own size: the text reads back, the
 * node can be copied as a whole struct (ASan fails an allocation smaller
 * than the struct), and clone, equality and the in-place changes agree. */
static void test_strings_of_every_length(void **state) {
  (void)state;
  char buf[200];
  for (size_t n = 0; n < sizeof buf; n++) {
    for (size_t i = 0; i < n; i++)
      buf[i] = (char)('a' + (i * 7 + n) % 26);
    val *v = val_new_strn(buf, n);
    assert_int_equal(v->kind, VAL_STR);
    assert_int_equal(strlen(v->u.str), n);
    assert_memory_equal(v->u.str, buf, n);
    v->plain = true;
    v->line = 3;
    v->col = 9;
    val whole = *v; /* a whole-struct read of the node */
    assert_int_equal(whole.kind, VAL_STR);
    assert_ptr_equal(whole.u.str, v->u.str);
    val *c = val_clone(v);
    assert_true(val_equal(v, c));
    assert_true(c->plain);
    assert_int_equal(c->line, 3);
    assert_int_equal(c->col, 9);
    assert_memory_equal(c->u.str, buf, n);
    /* The two ways to change a string node in place. */
    val_str_set_take(c, strdup("replaced"));
    assert_string_equal(c->u.str, "replaced");
    val_set_int(c, (long long)n);
    assert_int_equal(c->kind, VAL_INT);
    assert_int_equal(c->u.i, (long long)n);
    assert_int_equal(c->line, 3);
    val_set_int(v, -1);
    assert_int_equal(v->u.i, -1);
    val_free(c);
    val_free(v);
  }
}

/* Kind, flags and position share two words: each keeps its own value. */
static void test_packed_header_fields(void **state) {
  (void)state;
  static const val_kind kinds[] = {VAL_NULL, VAL_STR, VAL_BOOL, VAL_INT, VAL_LIST, VAL_MAP};
  for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
    val *v = kinds[k] == VAL_STR ? val_new_str("x") : val_new_null();
    v->kind = kinds[k];
    v->line = VAL_POS_MAX;
    v->col = VAL_POS_MAX;
    v->plain = true;
    assert_int_equal(v->kind, kinds[k]);
    assert_int_equal(v->line, VAL_POS_MAX);
    assert_int_equal(v->col, VAL_POS_MAX);
    assert_true(v->plain);
    v->line = 0;
    v->plain = false;
    assert_int_equal(v->kind, kinds[k]);
    assert_int_equal(v->col, VAL_POS_MAX);
    v->kind = kinds[k] == VAL_STR ? VAL_STR : VAL_NULL; /* what it was made as, for val_free */
    val_free(v);
  }
  assert_true(VAL_POS_MAX >= (1u << 27));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_map_keeps_order_and_replaces_in_place),
      cmocka_unit_test(test_list_insert_take_move),
      cmocka_unit_test(test_paths),
      cmocka_unit_test(test_clone_equal),
      cmocka_unit_test(test_empty_truthy_text),
      cmocka_unit_test(test_strings_of_every_length),
      cmocka_unit_test(test_packed_header_fields),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
