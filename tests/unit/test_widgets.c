/* The widget layer and the session, driven headless by key scripts as the
 * editor and the directory list drive them: the list keys, wrapping, the
 * text input, the question, the picker's filter, screen dumps, and the
 * table of field kinds (every kind has an entry). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "testutil.h"
#include "ui/draw.h"
#include "ui/field_ui.h"
#include "ui/session.h"
#include "ui/widgets.h"

/* A session reading `keys` headless on an 80x24 screen, with a frame that
 * counts its draws. */
typedef struct rig {
  ui_session s;
  unsigned frames;
  char *dump; /* the dump file's path */
} rig;

static void frame(void *ctx) {
  rig *r = ctx;
  r->frames++;
  erase();
  ui_put(0, 0, COLS, "the frame", 0);
}

static void rig_start(rig *r, const char *keys) {
  memset(r, 0, sizeof *r);
  setenv("LINES", "24", 1);
  setenv("COLUMNS", "80", 1);
  session_init(&r->s);
  r->s.min_w = 40;
  r->s.min_h = 12;
  r->s.draw = frame;
  r->s.ctx = r;
  r->s.msg_y = 22;
  r->s.above_y = 21;
  r->s.keys_y = 23;
  const char *dir = tu_tmpdir();
  const char *script = tu_write(dir, "keys.txt", keys);
  r->dump = xasprintf("%s/dump.txt", dir);
  assert_int_equal(session_load_script(&r->s, script, r->dump), 0);
  assert_true(session_start(&r->s, "test", false));
}

/* Stops the session; returns what <Dump> wrote (caller frees). */
static char *rig_stop(rig *r) {
  session_stop(&r->s);
  session_free(&r->s); /* closes the dump file */
  char *text = tu_read(r->dump, NULL);
  free(r->dump);
  return text;
}

static void test_list_keys(void **state) {
  (void)state;
  size_t cur = 0;
  assert_true(wg_list_key(&cur, 10, 4, K_FN(KEY_UP)));
  assert_int_equal(cur, 0); /* stays at the top */
  assert_true(wg_list_key(&cur, 10, 4, K_FN(KEY_NPAGE)));
  assert_int_equal(cur, 4);
  assert_true(wg_list_key(&cur, 10, 4, K_FN(KEY_END)));
  assert_int_equal(cur, 9);
  assert_true(wg_list_key(&cur, 10, 4, K_FN(KEY_DOWN)));
  assert_int_equal(cur, 9); /* stays at the bottom */
  assert_true(wg_list_key(&cur, 10, 4, K_FN(KEY_PPAGE)));
  assert_int_equal(cur, 5);
  assert_true(wg_list_key(&cur, 10, 4, K_FN(KEY_HOME)));
  assert_int_equal(cur, 0);
  assert_false(wg_list_key(&cur, 10, 4, 'x'));
  size_t top = 0;
  wg_list_scroll(&top, 7, 3);
  assert_int_equal(top, 5); /* the cursor on the last row shown */
  wg_list_scroll(&top, 2, 3);
  assert_int_equal(top, 2);
}

static void test_wrap(void **state) {
  (void)state;
  const char *s = "Delete a.yaml? com.example.crm will lose its VPN (y/n)";
  size_t cut = wg_wrap_at(s, 20);
  assert_int_equal(cut, 14); /* after "Delete a.yaml?" */
  assert_int_equal(wg_wrap_at("averylongwordwithoutspaces", 10), 0);
  assert_true(wg_printable('a'));
  assert_true(wg_printable(0x20ac)); /* the euro sign */
  assert_false(wg_printable(K_ENTER));
  assert_false(wg_printable(K_FN(KEY_F(1))));
  assert_false(wg_printable(K_PASTE_BEGIN));
}

static void test_input(void **state) {
  (void)state;
  rig r;
  rig_start(&r, "abc<BS>d<Enter>x<C-u>yz<Esc>init<C-c>");
  char *a = wg_input(&r.s, WG_BOX, "Name", "");
  assert_string_equal(a, "abd");
  assert_null(wg_input(&r.s, WG_LINE, "Rename to:", "kept")); /* Esc cancels */
  assert_null(wg_input(&r.s, WG_LINE, "Rename to:", ""));     /* ^C cancels */
  assert_true(r.frames >= 8); /* the frame is drawn behind the widget at every key */
  free(a);
  free(rig_stop(&r));
}

static void test_ask(void **state) {
  (void)state;
  rig r;
  rig_start(&r, "xY<Esc>q<C-q>");
  assert_int_equal(wg_ask(&r.s, WG_BOX, "Quit?", "ync", "y: save"), 'y'); /* x ignored */
  assert_int_equal(wg_ask(&r.s, WG_LINE, "Delete?", "yn", NULL), 0);
  assert_int_equal(wg_ask(&r.s, WG_LINE, "Delete?", "yn", NULL), 0); /* q ignored, ^Q cancels */
  assert_int_equal(wg_ask(&r.s, WG_LINE, "Delete?", "yn", NULL), 0); /* the script ended */
  free(rig_stop(&r));
}

static void test_pick_and_dump(void **state) {
  (void)state;
  rig r;
  rig_start(&r, "ik<Dump><Enter><Down><Down><Enter>zzz<Enter><Esc>");
  const pick_item items[] = {
      {"IPsec", "Cisco IPsec", "ipsec", NULL, false},
      {"IKEv2", "standard IKEv2", "ikev2", NULL, false},
      {"Juniper", "Pulse", "juniper-ssl", NULL, false},
  };
  assert_int_equal(wg_pick(&r.s, "Type", items, 3, 0, true), 1); /* "ik": IKEv2 */
  assert_int_equal(wg_pick(&r.s, "Type", items, 3, 0, false), 2);
  assert_int_equal(wg_pick(&r.s, "Type", items, 3, 0, true), -1); /* nothing matches zzz */
  char *dump = rig_stop(&r);
  assert_non_null(dump);
  assert_non_null(strstr(dump, "=== screen 1 (80x24) ==="));
  assert_non_null(strstr(dump, "the frame"));
  assert_non_null(strstr(dump, "Filter: ik"));
  assert_non_null(strstr(dump, "IKEv2"));
  assert_null(strstr(dump, "Juniper")); /* filtered out */
  free(dump);
}

static void test_field_kinds(void **state) {
  (void)state;
  for (int k = 0; k < FK__COUNT; k++) {
    desc_field fd;
    memset(&fd, 0, sizeof fd);
    fd.kind = (field_kind)k;
    const field_ui *u = field_ui_of(&fd);
    assert_non_null(u->item_prefix);
    assert_non_null(u->when_set);
    if (u->edit == FE_ITEMS || u->edit == FE_RECORDS) {
      assert_non_null(u->add_help);
      assert_non_null(u->item_help);
      assert_non_null(u->item_enter);
    }
  }
  desc_field pw = {.kind = FK_PASSWORD};
  assert_true(field_ui_of(&pw)->masked);
  desc_field on = {.kind = FK_BOOL};
  assert_int_equal(field_ui_of(&on)->edit, FE_TOGGLE);
  assert_string_equal(field_ui_of(&on)->when_set, "on");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_list_keys),     cmocka_unit_test(test_wrap),
      cmocka_unit_test(test_input),         cmocka_unit_test(test_ask),
      cmocka_unit_test(test_pick_and_dump), cmocka_unit_test(test_field_kinds),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  tu_cleanup();
  return rc;
}
