/* The editor's form state without a terminal: conditional rows appear and
 * disappear as values change, focus skips hidden rows, records open and
 * reorder, the edit buffer obeys the field's kind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/form.h"
#include "core/util.h"
#include "core/validate.h"
#include "io/config_io.h"
#include "io/desc_load.h"
#include "testutil.h"

typedef struct fx {
  desc_set *set;
  config *cfg;
  form *f;
} fx;

static int setup(void **state) {
  fx *x = calloc(1, sizeof *x);
  diag_list d = DIAG_LIST_INIT;
  x->set = desc_load_embedded(&d);
  if (!x->set)
    diag_list_print(&d, stderr);
  diag_list_free(&d);
  assert_non_null(x->set);
  x->cfg = config_new(x->set, desc_set_find(x->set, "cisco-anyconnect"));
  assert_non_null(x->cfg);
  x->f = form_new(x->cfg);
  *state = x;
  return 0;
}

static int teardown(void **state) {
  fx *x = *state;
  form_free(x->f);
  config_free(x->cfg);
  desc_set_free(x->set);
  free(x);
  return 0;
}

static size_t section_index(const form *f, const char *id) {
  for (size_t i = 0; i < f->cfg->type->n_sections; i++)
    if (!strcmp(f->cfg->type->sections[i].id, id))
      return i;
  fail_msg("no section %s", id);
  return 0;
}

static void go(form *f, const char *section) {
  assert_true(form_goto_section(f, section_index(f, section)));
}

/* The row showing `path` (kind FIELD unless item), or NULL. */
static const form_row *row(const form *f, form_row_kind k, const char *path) {
  size_t i = form_find_row(f, k, path);
  return i == (size_t)-1 ? NULL : form_row_at(f, i);
}

static void focus(form *f, form_row_kind k, const char *path) {
  size_t i = form_find_row(f, k, path);
  if (i != (size_t)-1) {
    f->focus = i;
    return;
  }
  fail_msg("no row %s", path);
}

static void set(form *f, const char *path, const char *text) {
  diag_list d = DIAG_LIST_INIT;
  assert_true(form_set_text(f, path, text, &d));
  diag_list_free(&d);
}

/* Switches the type through the `type` field, as the editor does. */
static bool form_choose_type_for_test(form *f, const char *type) {
  go(f, "general");
  focus(f, FROW_FIELD, "type");
  diag_list d = DIAG_LIST_INIT;
  bool ok = form_choose(f, type, &d);
  diag_list_free(&d);
  return ok;
}

static void test_proxy_reveal(void **state) {
  fx *x = *state;
  form *f = x->f;
  go(f, "proxy");
  assert_non_null(row(f, FROW_FIELD, "proxy.setup"));
  assert_null(row(f, FROW_FIELD, "proxy.server"));
  assert_null(row(f, FROW_FIELD, "proxy.url"));
  set(f, "proxy.setup", "manual");
  assert_non_null(row(f, FROW_FIELD, "proxy.server"));
  assert_non_null(row(f, FROW_FIELD, "proxy.port"));
  assert_null(row(f, FROW_FIELD, "proxy.url"));
  set(f, "proxy.setup", "automatic");
  assert_null(row(f, FROW_FIELD, "proxy.server"));
  assert_non_null(row(f, FROW_FIELD, "proxy.url"));
  assert_true(f->dirty);
}

static void test_hidden_rows_not_focusable(void **state) {
  fx *x = *state;
  form *f = x->f;
  go(f, "proxy");
  f->show_hidden = true;
  form_rebuild(f);
  const form_row *srv = row(f, FROW_FIELD, "proxy.server");
  assert_non_null(srv);
  assert_true(srv->hidden);
  assert_string_equal(srv->why_hidden, "proxy.setup == manual");
  char *t = form_row_text(f, srv, false, NULL);
  assert_string_equal(t, "(shown when proxy.setup == manual)");
  free(t);
  /* focus starts on setup and cannot land on any hidden row */
  form_focus_first(f);
  assert_string_equal(form_focused(f)->path, "proxy.setup");
  assert_false(form_move(f, 1));
  assert_string_equal(form_focused(f)->path, "proxy.setup");
  set(f, "proxy.setup", "manual");
  assert_true(form_move(f, 1));
  assert_string_equal(form_focused(f)->path, "proxy.server");
  assert_false(row(f, FROW_FIELD, "proxy.server")->hidden);
  assert_true(row(f, FROW_FIELD, "proxy.url")->hidden);
}

static void test_records(void **state) {
  fx *x = *state;
  form *f = x->f;
  go(f, "on-demand");
  assert_null(row(f, FROW_FIELD, "on_demand.rules"));
  focus(f, FROW_FIELD, "on_demand.enabled");
  assert_true(form_toggle(f));
  assert_non_null(row(f, FROW_FIELD, "on_demand.rules"));
  focus(f, FROW_ADD, "on_demand.rules");
  assert_true(form_record_add(f));
  assert_int_equal(f->depth, 1);
  assert_string_equal(f->stack[0].path, "on_demand.rules[0]");
  assert_null(row(f, FROW_FIELD, "on_demand.rules[0].connection"));
  set(f, "on_demand.rules[0].action", "evaluate-connection");
  assert_non_null(row(f, FROW_FIELD, "on_demand.rules[0].connection"));
  /* a nested record: one set of connection parameters */
  focus(f, FROW_ADD, "on_demand.rules[0].connection");
  assert_true(form_record_add(f));
  assert_int_equal(f->depth, 2);
  set(f, "on_demand.rules[0].connection[0].domain_action", "connect-if-needed");
  assert_non_null(row(f, FROW_FIELD, "on_demand.rules[0].connection[0].required_dns_servers"));
  set(f, "on_demand.rules[0].connection[0].domain_action", "never-connect");
  assert_null(row(f, FROW_FIELD, "on_demand.rules[0].connection[0].required_dns_servers"));
  focus(f, FROW_ADD, "on_demand.rules[0].connection[0].domains");
  diag_list d = DIAG_LIST_INIT;
  assert_int_equal(form_items_add(f, "a.example.com", &d), 1);
  assert_true(form_record_leave(f));
  assert_true(form_record_leave(f));
  assert_int_equal(f->depth, 0);
  assert_false(form_record_leave(f));
  /* a second and third rule; reorder: the first match wins */
  focus(f, FROW_ADD, "on_demand.rules");
  assert_true(form_record_add(f));
  set(f, "on_demand.rules[1].action", "disconnect");
  form_record_leave(f);
  focus(f, FROW_ADD, "on_demand.rules");
  assert_true(form_record_add(f));
  set(f, "on_demand.rules[2].action", "connect");
  form_record_leave(f);
  focus(f, FROW_ITEM, "on_demand.rules[2]");
  assert_true(form_item_move(f, -1));
  assert_string_equal(form_focused(f)->path, "on_demand.rules[1]");
  assert_true(form_item_move(f, -1));
  assert_false(form_item_move(f, -1));
  const val *a0 = form_get_path(f, "on_demand.rules[0].action");
  const val *a2 = form_get_path(f, "on_demand.rules[2].action");
  assert_string_equal(a0->u.str, "connect");
  assert_string_equal(a2->u.str, "disconnect");
  char *lab = form_row_text(f, row(f, FROW_ITEM, "on_demand.rules[1]"), false, NULL);
  assert_true(str_starts(lab, "2. evaluate-connection"));
  free(lab);
  /* delete the first: the others move up */
  focus(f, FROW_ITEM, "on_demand.rules[0]");
  assert_true(form_item_delete(f));
  assert_string_equal(form_get_path(f, "on_demand.rules[0].action")->u.str, "evaluate-connection");
  assert_null(form_get_path(f, "on_demand.rules[2]"));
  diag_list_free(&d);
}

static void test_goto_nested_path(void **state) {
  fx *x = *state;
  form *f = x->f;
  diag_list d = DIAG_LIST_INIT;
  val *root = yaml_parse(
      "on_demand: {enabled: true, rules: [{action: connect},"
      " {action: evaluate-connection, connection: [{domain_action: never-connect}]}]}",
      strlen("on_demand: {enabled: true, rules: [{action: connect},"
             " {action: evaluate-connection, connection: [{domain_action: never-connect}]}]}"),
      "t", &d);
  assert_non_null(root);
  val_map_set(x->cfg->root, "on_demand", val_map_take(root, "on_demand"));
  val_free(root);
  form_rebuild(f);
  assert_true(form_goto_path(f, "on_demand.rules[1].connection[0].domains"));
  assert_int_equal(f->depth, 2);
  assert_string_equal(form_focused(f)->path, "on_demand.rules[1].connection[0].domains");
  assert_string_equal(form_current_section(f)->id, "on-demand");
  assert_true(form_goto_path(f, "proxy.setup"));
  assert_int_equal(f->depth, 0);
  assert_string_equal(form_focused(f)->path, "proxy.setup");
  assert_false(form_goto_path(f, "no.such.field"));
  diag_list_free(&d);
}

static void test_list_paste(void **state) {
  fx *x = *state;
  form *f = x->f;
  go(f, "domains");
  focus(f, FROW_ADD, "domains.safari");
  diag_list d = DIAG_LIST_INIT;
  assert_int_equal(
      form_items_add(f, "a.example.com, b.example.com\nc.example.com  d.example.com", &d), 4);
  const val *l = form_get_path(f, "domains.safari");
  assert_int_equal(l->u.list.n, 4);
  assert_string_equal(l->u.list.v[3]->u.str, "d.example.com");
  assert_non_null(row(f, FROW_ITEM, "domains.safari[3]"));
  /* focus stays on the add row, ready for more */
  assert_int_equal(form_focused(f)->kind, FROW_ADD);
  /* editing an item to "" removes it */
  focus(f, FROW_ITEM, "domains.safari[1]");
  assert_true(form_edit_begin(f));
  assert_string_equal(f->buf, "b.example.com");
  form_edit_kill(f);
  assert_true(form_edit_commit(f, &d));
  assert_int_equal(form_get_path(f, "domains.safari")->u.list.n, 3);
  /* SSIDs may hold spaces: only new lines separate them */
  go(f, "on-demand");
  set(f, "on_demand.enabled", "true");
  focus(f, FROW_ADD, "on_demand.rules");
  form_record_add(f);
  focus(f, FROW_ADD, "on_demand.rules[0].match.ssid");
  assert_int_equal(form_items_add(f, "Office WiFi\nGuest, Net", &d), 2);
  assert_string_equal(form_get_path(f, "on_demand.rules[0].match.ssid[0]")->u.str, "Office WiFi");
  assert_string_equal(form_get_path(f, "on_demand.rules[0].match.ssid[1]")->u.str, "Guest, Net");
  diag_list_free(&d);
}

static void test_edit_buffer(void **state) {
  fx *x = *state;
  form *f = x->f;
  diag_list d = DIAG_LIST_INIT;
  go(f, "general");
  focus(f, FROW_FIELD, "name");
  assert_true(form_edit_begin(f));
  assert_true(form_edit_insert(f, "Caf\xc3\xa9", 5));
  form_edit_backspace(f); /* one character, two bytes */
  assert_int_equal(f->len, 3);
  form_edit_home(f);
  assert_true(form_edit_insert(f, "X", 1));
  form_edit_end(f);
  assert_true(form_edit_insert(f, "e Sales", 7));
  assert_true(form_edit_commit(f, &d));
  assert_string_equal(form_get_path(f, "name")->u.str, "XCafe Sales");
  /* the identifier follows the name until typed by hand */
  assert_string_equal(form_get_path(f, "identifier")->u.str, "com.example.vpn.xcafe-sales");
  set(f, "identifier", "com.corp.vpn");
  set(f, "name", "Other");
  assert_string_equal(form_get_path(f, "identifier")->u.str, "com.corp.vpn");
  /* Esc keeps the old value */
  focus(f, FROW_FIELD, "name");
  form_edit_begin(f);
  form_edit_kill(f);
  form_edit_cancel(f);
  assert_string_equal(form_get_path(f, "name")->u.str, "Other");
  /* integers: digits only, but a variable where the field takes one */
  go(f, "proxy");
  set(f, "proxy.setup", "manual");
  focus(f, FROW_FIELD, "proxy.port");
  assert_true(form_edit_begin(f));
  assert_true(form_edit_insert(f, "80", 2));
  assert_false(form_edit_insert(f, "x", 1));
  assert_true(form_edit_insert(f, "80", 2));
  assert_true(form_edit_commit(f, &d));
  const val *p = form_get_path(f, "proxy.port");
  assert_int_equal(p->kind, VAL_INT);
  assert_int_equal(p->u.i, 8080);
  assert_true(form_edit_begin(f));
  form_edit_kill(f);
  assert_true(form_edit_insert(f, "${port}", 7));
  assert_true(form_edit_commit(f, &d));
  assert_string_equal(form_get_path(f, "proxy.port")->u.str, "${port}");
  /* passwords are masked unless revealed */
  focus(f, FROW_FIELD, "proxy.password");
  form_edit_begin(f);
  form_edit_insert(f, "s3cret", 6);
  form_edit_commit(f, &d);
  char *t = form_row_text(f, form_focused(f), false, NULL);
  assert_null(strstr(t, "s3cret"));
  free(t);
  t = form_row_text(f, form_focused(f), true, NULL);
  assert_string_equal(t, "s3cret");
  free(t);
  diag_list_free(&d);
}

static void test_type_switch_keeps_values(void **state) {
  fx *x = *state;
  form *f = x->f;
  set(f, "server", "vpn.example.com");
  set(f, "group", "Sales");
  go(f, "general");
  focus(f, FROW_FIELD, "type");
  diag_list d = DIAG_LIST_INIT;
  assert_true(form_choose(f, "juniper-ssl", &d));
  assert_string_equal(x->cfg->type->id, "juniper-ssl");
  assert_string_equal(form_current_section(f)->id, "general");
  assert_string_equal(form_get_path(f, "server")->u.str, "vpn.example.com");
  assert_true(form_choose(f, "cisco-anyconnect", &d));
  assert_string_equal(form_get_path(f, "group")->u.str, "Sales");
  assert_false(form_choose(f, "no-such-type", &d));
  assert_true(d.n > 0);
  diag_list_free(&d);
}

static void test_readonly_refuses(void **state) {
  fx *x = *state;
  form *f = x->f;
  f->readonly = true;
  form_rebuild(f);
  go(f, "general");
  focus(f, FROW_FIELD, "name");
  assert_false(form_edit_begin(f));
  diag_list d = DIAG_LIST_INIT;
  assert_false(form_set_text(f, "name", "x", &d));
  assert_int_equal(d.n, 1);
  assert_null(form_get_path(f, "name"));
  go(f, "domains");
  assert_null(row(f, FROW_ADD, "domains.safari")); /* nothing to add to */
  assert_false(f->dirty);
  diag_list_free(&d);
}

static void test_problems_marked(void **state) {
  fx *x = *state;
  form *f = x->f;
  go(f, "connection");
  const char *msg;
  assert_int_equal(form_row_problem(f, row(f, FROW_FIELD, "server"), &msg), 'e');
  assert_non_null(strstr(msg, "required"));
  set(f, "server", "vpn.example.com");
  assert_int_equal(form_row_problem(f, row(f, FROW_FIELD, "server"), &msg), 0);
  set(f, "server", "not a host!");
  assert_int_equal(form_row_problem(f, row(f, FROW_FIELD, "server"), &msg), 'e');
}

static void test_map_entries(void **state) {
  fx *x = *state;
  form *f = x->f;
  diag_list d = DIAG_LIST_INIT;
  assert_true(form_choose_type_for_test(f, "globalprotect"));
  go(f, "connection");
  focus(f, FROW_ADD, "custom_data");
  assert_int_equal(form_items_add(f, "Portal = portal.example.com\nRealm=corp", &d), 2);
  assert_string_equal(form_get_path(f, "custom_data.Portal")->u.str, "portal.example.com");
  assert_string_equal(form_get_path(f, "custom_data.Realm")->u.str, "corp");
  /* no '=': refused with a message */
  assert_int_equal(form_items_add(f, "nonsense", &d), 0);
  assert_int_equal(d.n, 1);
  /* renaming onto an existing key is refused; a new key renames in place */
  focus(f, FROW_ITEM, "custom_data.Realm");
  assert_true(form_edit_begin(f));
  assert_string_equal(f->buf, "Realm = corp");
  form_edit_kill(f);
  form_edit_insert(f, "Portal = x", 10);
  assert_false(form_edit_commit(f, &d));
  assert_string_equal(form_get_path(f, "custom_data.Realm")->u.str, "corp");
  focus(f, FROW_ITEM, "custom_data.Realm");
  form_edit_begin(f);
  form_edit_kill(f);
  form_edit_insert(f, "Domain = corp.example.com", 25);
  assert_true(form_edit_commit(f, &d));
  const val *m = form_get_path(f, "custom_data");
  assert_int_equal(m->u.map.n, 2);
  assert_string_equal(m->u.map.k[1], "Domain");
  /* reorder entries */
  focus(f, FROW_ITEM, "custom_data.Domain");
  assert_true(form_item_move(f, -1));
  assert_string_equal(form_get_path(f, "custom_data")->u.map.k[0], "Domain");
  assert_string_equal(form_focused(f)->path, "custom_data.Domain");
  diag_list_free(&d);
}

static void test_undo(void **state) {
  fx *x = *state;
  form *f = x->f;
  assert_false(form_undo(f));
  set(f, "name", "First");
  set(f, "name", "Second");
  assert_string_equal(form_get_path(f, "identifier")->u.str, "com.example.vpn.second");
  assert_true(form_undo(f));
  /* the name and the identifier that followed it come back together */
  assert_string_equal(form_get_path(f, "name")->u.str, "First");
  assert_string_equal(form_get_path(f, "identifier")->u.str, "com.example.vpn.first");
  /* an unchanged value makes no undo step */
  size_t n = f->n_undo;
  go(f, "general");
  focus(f, FROW_FIELD, "name");
  form_edit_begin(f);
  form_edit_commit(f, NULL);
  assert_int_equal(f->n_undo, n);
  /* a new record, undone while open: the record view closes */
  go(f, "on-demand");
  set(f, "on_demand.enabled", "true");
  focus(f, FROW_ADD, "on_demand.rules");
  assert_true(form_record_add(f));
  assert_int_equal(f->depth, 1);
  assert_true(form_undo(f));
  assert_int_equal(f->depth, 0);
  assert_null(form_get_path(f, "on_demand.rules[0]"));
  /* a type switch */
  assert_true(form_choose_type_for_test(f, "ikev2"));
  assert_string_equal(x->cfg->type->id, "ikev2");
  assert_true(form_undo(f));
  assert_string_equal(x->cfg->type->id, "cisco-anyconnect");
  assert_string_equal(form_get_path(f, "type")->u.str, "cisco-anyconnect");
  /* all the way back: the form is what it started from again (a loaded
   * file's contents), so it is no longer modified */
  while (form_undo(f))
    ;
  assert_null(form_get_path(f, "name"));
  assert_false(f->dirty);
  /* a configuration never saved stays modified, whatever is undone */
  form_mark_unsaved(f);
  set(f, "name", "Unsaved");
  assert_true(form_undo(f));
  assert_true(f->dirty);
}

/* The problems kept per change are those a full validation finds. */
static void same_as_full(form *f) {
  diag_list full = DIAG_LIST_INIT;
  validate_config(f->cfg, &full);
  assert_int_equal(f->problems.n, full.n);
  for (size_t i = 0; i < full.n; i++) {
    assert_string_equal(f->problems.items[i].msg, full.items[i].msg);
    if (full.items[i].field)
      assert_string_equal(f->problems.items[i].field, full.items[i].field);
  }
  diag_list_free(&full);
}

/* Undo keeps what a change replaced, not a copy of the configuration: with
 * 300k domains, twelve name changes keep twelve small steps; an appended,
 * replaced, deleted and moved item each come back exactly. Only a change of
 * type keeps a whole copy, and those share a budget of 2M value nodes. */
static void test_undo_budget(void **state) {
  fx *x = *state;
  form *f = x->f;
  val *list = val_new_list();
  char buf[64];
  for (int i = 0; i < 300000; i++) {
    snprintf(buf, sizeof buf, "h%d.example.com", i);
    val_list_append(list, val_new_str(buf));
  }
  assert_true(val_set_path(x->cfg->root, "domains.safari", list));
  form_rebuild(f);
  for (int i = 0; i < 12; i++) {
    snprintf(buf, sizeof buf, "Name %d", i);
    set(f, "name", buf);
  }
  assert_int_equal(f->n_undo, 12);
  assert_true(form_undo(f));
  assert_string_equal(form_get_path(f, "name")->u.str, "Name 10");
  assert_string_equal(f->undone, "name");

  diag_list d = DIAG_LIST_INIT;
  go(f, "domains");
  focus(f, FROW_ADD, "domains.safari");
  assert_int_equal(form_items_add(f, "new.example.com bad_domain!", &d), 2);
  assert_int_equal(form_get_path(f, "domains.safari")->u.list.n, 300002);
  assert_non_null(row(f, FROW_ITEM, "domains.safari[300001]"));
  size_t errs = diag_count(&f->problems, DIAG_ERROR);
  assert_true(errs >= 1); /* the bad item, checked alone */
  same_as_full(f);
  assert_true(form_undo(f));
  same_as_full(f);
  assert_int_equal(form_get_path(f, "domains.safari")->u.list.n, 300000);
  assert_int_equal(diag_count(&f->problems, DIAG_ERROR), errs - 1);
  assert_string_equal(f->undone, "domains.safari[300000]");
  assert_int_equal(form_focused(f)->kind, FROW_ADD); /* where the items were added */

  focus(f, FROW_ADD, "domains.safari");
  assert_int_equal(form_items_add(f, "bad_one! bad_two!", &d), 2);
  focus(f, FROW_ITEM, "domains.safari[300000]");
  assert_true(form_item_move(f, -1)); /* a bad item moves among good ones */
  same_as_full(f);
  focus(f, FROW_ITEM, "domains.safari[5]");
  assert_true(form_item_delete(f));
  same_as_full(f); /* the bad items' problems name their new places */
  assert_string_equal(form_get_path(f, "domains.safari[5]")->u.str, "h6.example.com");
  focus(f, FROW_ITEM, "domains.safari[7]");
  assert_true(form_item_move(f, -1));
  assert_string_equal(form_get_path(f, "domains.safari[6]")->u.str, "h8.example.com");
  same_as_full(f);
  assert_true(form_undo(f));
  assert_true(form_undo(f));
  same_as_full(f);
  for (int i = 0; i < 9; i++) {
    snprintf(buf, sizeof buf, "h%d.example.com", i);
    snprintf(buf + 32, 32, "domains.safari[%d]", i);
    assert_string_equal(form_get_path(f, buf + 32)->u.str, buf);
  }
  assert_string_equal(f->undone, "domains.safari[5]");

  size_t before = f->n_undo;
  for (int i = 0; i < 12; i++)
    assert_true(form_choose_type_for_test(f, i % 2 ? "cisco-anyconnect" : "ikev2"));
  assert_true(f->n_undo <= before + 7); /* 2M nodes / 300k a copy */
  assert_true(f->n_undo < before + 12);
  diag_list_free(&d);
}

static void test_slug(void **state) {
  (void)state;
  char *s = model_slug("  Sales VPN (EU)! ");
  assert_string_equal(s, "sales-vpn-eu");
  free(s);
  s = model_slug("");
  assert_string_equal(s, "vpn");
  free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_proxy_reveal, setup, teardown),
      cmocka_unit_test_setup_teardown(test_hidden_rows_not_focusable, setup, teardown),
      cmocka_unit_test_setup_teardown(test_records, setup, teardown),
      cmocka_unit_test_setup_teardown(test_goto_nested_path, setup, teardown),
      cmocka_unit_test_setup_teardown(test_list_paste, setup, teardown),
      cmocka_unit_test_setup_teardown(test_edit_buffer, setup, teardown),
      cmocka_unit_test_setup_teardown(test_type_switch_keeps_values, setup, teardown),
      cmocka_unit_test_setup_teardown(test_readonly_refuses, setup, teardown),
      cmocka_unit_test_setup_teardown(test_problems_marked, setup, teardown),
      cmocka_unit_test_setup_teardown(test_map_entries, setup, teardown),
      cmocka_unit_test_setup_teardown(test_undo, setup, teardown),
      cmocka_unit_test_setup_teardown(test_undo_budget, setup, teardown),
      cmocka_unit_test(test_slug),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  tu_cleanup();
  return rc;
}
