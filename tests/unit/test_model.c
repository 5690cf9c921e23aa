/* The model: typing values on load, what a file holds that the type does not
 * use, model_set on nested record paths, and what is visible. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/util.h"
#include "io/config_io.h"
#include "io/desc_load.h"
#include "testutil.h"

static desc_set *test_set(void) {
  return tu_small_set();
}

/* Loads text; the diagnostics stay in *d for the caller to check. */
static config *load(const desc_set *set, const char *text, diag_list *d) {
  return config_load_text(set, text, strlen(text), "m.yaml", d);
}

/* The one diagnostic for `field` (any field when NULL) whose message
 * contains needle; fails otherwise. */
static const diag *find_diag(const diag_list *d, const char *field, const char *needle) {
  const diag *found = NULL;
  for (size_t i = 0; i < d->n; i++)
    if (strstr(d->items[i].msg, needle) && (!field || str_eq(d->items[i].field, field))) {
      if (found)
        fail_msg("two diagnostics contain '%s'", needle);
      found = &d->items[i];
    }
  if (!found) {
    diag_list_print(d, stderr);
    fail_msg("no diagnostic for %s contains '%s'", field ? field : "any field", needle);
  }
  return found;
}

static void assert_diag(const diag_list *d, diag_level level, unsigned line, unsigned col,
                        const char *field, const char *needle) {
  const diag *x = find_diag(d, field, needle);
  assert_int_equal(x->level, level);
  assert_int_equal(x->line, line);
  assert_int_equal(x->col, col);
}

static void test_typing_on_load(void **state) {
  desc_set *set = *state;
  diag_list d = DIAG_LIST_INIT;
  config *c = load(set,
                   "format: 1\n"
                   "type: alpha\n"
                   "enabled: true\n"
                   "server: 8080\n"
                   "proxy:\n"
                   "  setup: manual\n"
                   "  port: 3128\n"
                   "on_demand:\n"
                   "  rules:\n"
                   "    - action: connect\n"
                   "      match: {ssid: [Office, 42]}\n",
                   &d);
  assert_non_null(c);
  assert_int_equal(diag_count(&d, DIAG_ERROR), 0);
  assert_int_equal(val_map_get(c->root, "enabled")->kind, VAL_BOOL);
  assert_true(val_map_get(c->root, "enabled")->u.b);
  /* A text field keeps digits as text. */
  assert_int_equal(val_map_get(c->root, "server")->kind, VAL_STR);
  const val *port = val_get_path(c->root, "proxy.port");
  assert_int_equal(port->kind, VAL_INT);
  assert_int_equal(port->u.i, 3128);
  assert_int_equal(port->line, 7); /* positions survive typing */
  const val *rule = val_get_path(c->root, "on_demand.rules")->u.list.v[0];
  const val *ssids = val_get_path(rule, "match.ssid");
  assert_int_equal(ssids->u.list.v[1]->kind, VAL_STR);
  assert_string_equal(ssids->u.list.v[1]->u.str, "42");
  config_free(c);
  diag_list_free(&d);
}

static void test_variable_in_integer_field_stays_text(void **state) {
  desc_set *set = *state;
  diag_list d = DIAG_LIST_INIT;
  /* Block style: '{' and '}' end a plain scalar inside a flow mapping. */
  config *c = load(set, "format: 1\ntype: alpha\nproxy:\n  setup: manual\n  port: ${port}\n", &d);
  assert_non_null(c);
  const val *port = val_get_path(c->root, "proxy.port");
  assert_int_equal(port->kind, VAL_STR);
  assert_string_equal(port->u.str, "${port}");
  config_free(c);
  diag_list_free(&d);
}

/* Key/value data keeps YAML's types: unquoted numbers and true/false are
 * typed, quoted ones text; reals and dates stay unquoted across a save. */
static void test_typed_map(void **state) {
  desc_set *set = *state;
  diag_list d = DIAG_LIST_INIT;
  config *c = load(set,
                   "format: 1\n"
                   "type: alpha\n"
                   "custom:\n"
                   "  num: 443\n"
                   "  s: \"443\"\n"
                   "  b: true\n"
                   "  bs: \"true\"\n"
                   "  r: 1.5\n"
                   "  rs: \"1.5\"\n"
                   "  t: 2026-12-02T10:00:00Z\n"
                   "  l: [1, x, false]\n"
                   "  m: {k: 2}\n",
                   &d);
  assert_non_null(c);
  assert_int_equal(val_get_path(c->root, "custom.num")->kind, VAL_INT);
  assert_int_equal(val_get_path(c->root, "custom.s")->kind, VAL_STR);
  assert_int_equal(val_get_path(c->root, "custom.b")->kind, VAL_BOOL);
  assert_int_equal(val_get_path(c->root, "custom.bs")->kind, VAL_STR);
  assert_true(val_is_real(val_get_path(c->root, "custom.r")));
  assert_false(val_is_real(val_get_path(c->root, "custom.rs")));
  assert_true(val_is_date(val_get_path(c->root, "custom.t")));
  const val *l = val_get_path(c->root, "custom.l");
  assert_int_equal(l->kind, VAL_LIST);
  assert_int_equal(l->u.list.v[0]->kind, VAL_INT);
  assert_int_equal(l->u.list.v[1]->kind, VAL_STR);
  assert_int_equal(l->u.list.v[2]->kind, VAL_BOOL);
  assert_int_equal(val_get_path(c->root, "custom.m.k")->kind, VAL_INT);
  size_t len = 0;
  char *yaml = config_to_yaml(c, &len);
  assert_non_null(strstr(yaml, "  num: 443\n  s: \"443\"\n  b: true\n  bs: \"true\"\n  r: 1.5\n"
                               "  rs: \"1.5\"\n  t: 2026-12-02T10:00:00Z\n"));
  free(yaml);
  config_free(c);
  diag_list_free(&d);
}

static void test_wrong_types(void **state) {
  desc_set *set = *state;
  diag_list d = DIAG_LIST_INIT;
  config *c = load(set,
                   "format: 1\n"
                   "type: alpha\n"
                   "enabled: yes\n"
                   "name: [a, b]\n"
                   "proxy:\n"
                   "  setup: manual\n"
                   "  port: 08\n"
                   "domains:\n"
                   "  safari: www.example.com\n"
                   "on_demand:\n"
                   "  rules:\n"
                   "    - action: connect\n"
                   "    - just text\n"
                   "custom: {a: ~}\n",
                   &d);
  assert_null(c); /* unusable: saving would mangle what the user wrote */
  assert_diag(&d, DIAG_ERROR, 3, 10, "enabled", "found 'yes' (only true and false are accepted)");
  assert_diag(&d, DIAG_ERROR, 4, 7, "name", "expected text, found a list");
  assert_diag(&d, DIAG_ERROR, 7, 9, "proxy.port", "'08' is not a whole number (no leading zeros)");
  assert_diag(&d, DIAG_ERROR, 9, 11, "domains.safari", "expected a list, found text");
  assert_diag(&d, DIAG_ERROR, 13, 7, "on_demand.rules[1]", "expected an entry of key: value lines");
  assert_diag(&d, DIAG_ERROR, 14, 13, "custom.a", "expected a value, found");
  assert_int_equal(diag_count(&d, DIAG_ERROR), 6);
  diag_list_free(&d);

  /* Quoted true/numbers are text in YAML: say how to fix it. */
  c = load(set, "format: 1\ntype: alpha\nenabled: \"true\"\nproxy: {setup: manual, port: '80'}\n",
           &d);
  assert_null(c);
  assert_diag(&d, DIAG_ERROR, 3, 10, "enabled", "without quotes");
  assert_diag(&d, DIAG_ERROR, 4, 30, "proxy.port", "whole number without quotes");
  diag_list_free(&d);

  /* A map where keys are expected below it, reported once. */
  c = load(set, "format: 1\ntype: alpha\nproxy: manual\n", &d);
  assert_null(c);
  assert_diag(&d, DIAG_ERROR, 3, 8, "proxy", "expected key: value lines under 'proxy', found text");
  assert_int_equal(diag_count(&d, DIAG_ERROR), 1);
  diag_list_free(&d);
}

static void test_type_and_format(void **state) {
  desc_set *set = *state;
  diag_list d = DIAG_LIST_INIT;
  assert_null(load(set, "format: 1\nname: x\n", &d));
  assert_diag(&d, DIAG_ERROR, 0, 0, "type", "missing 'type' (one of: alpha, beta)");
  diag_list_free(&d);

  assert_null(load(set, "format: 1\ntype: gamma\n", &d));
  assert_diag(&d, DIAG_ERROR, 2, 7, "type", "unknown type 'gamma' (known types: alpha, beta)");
  diag_list_free(&d);

  assert_null(load(set, "format: 2\ntype: alpha\n", &d));
  assert_diag(&d, DIAG_ERROR, 1, 9, "format", "written by a newer appvpn (format 2)");
  diag_list_free(&d);

  config *c = load(set, "format: 1.3\ntype: alpha\n", &d); /* minor versions are compatible */
  assert_non_null(c);
  assert_int_equal(d.n, 0);
  config_free(c);

  c = load(set, "format: \"1\"\ntype: alpha\n", &d);
  assert_non_null(c);
  assert_int_equal(d.n, 0);
  config_free(c);

  assert_null(load(set, "format: one\ntype: alpha\n", &d));
  assert_diag(&d, DIAG_ERROR, 1, 9, "format", "'format' must be a version number such as 1");
  diag_list_clear(&d);

  c = load(set, "type: alpha\n", &d);
  assert_non_null(c);
  assert_diag(&d, DIAG_WARNING, 0, 0, "format", "missing 'format'");
  config_free(c);
  diag_list_free(&d);
}

static void collect_unknown(void *ud, const char *path, const val *v) {
  (void)v;
  strbuf_puts(ud, path);
  strbuf_putc(ud, ' ');
}

static void test_unknown_and_other_type_keys(void **state) {
  desc_set *set = *state;
  diag_list d = DIAG_LIST_INIT;
  config *c = load(set,
                   "format: 1\n"
                   "type: alpha\n"
                   "realm: Staff\n"
                   "vendor: {flag: true}\n"
                   "future: 1\n"
                   "servr: vpn.example.com\n"
                   "proxy: {setup: none, colour: red}\n"
                   "on_demand:\n"
                   "  rules:\n"
                   "    - action: connect\n"
                   "      weight: 3\n"
                   "      actoin: connect\n",
                   &d);
  assert_non_null(c);
  assert_int_equal(diag_count(&d, DIAG_ERROR), 0);
  assert_diag(&d, DIAG_WARNING, 3, 8, "realm",
              "'realm' does not apply to Alpha VPN; it will not be saved");
  assert_diag(&d, DIAG_WARNING, 4, 9, "vendor", "'vendor' does not apply to Alpha VPN");
  assert_diag(&d, DIAG_WARNING, 5, 9, "future", "unknown key 'future' (kept on save)");
  assert_diag(&d, DIAG_WARNING, 6, 8, "servr",
              "unknown key 'servr' (kept on save); did you mean 'server'?");
  assert_diag(&d, DIAG_WARNING, 7, 30, "proxy.colour", "unknown key 'proxy.colour' (kept on save)");
  assert_diag(&d, DIAG_WARNING, 11, 15, "on_demand.rules[0].weight",
              "unknown key 'on_demand.rules[0].weight'");
  assert_diag(&d, DIAG_WARNING, 12, 15, "on_demand.rules[0].actoin",
              "unknown key 'on_demand.rules[0].actoin' (kept on save); did you mean 'action'?");
  assert_int_equal(d.n, 7);

  /* Only keys no type knows are "unknown" (kept on save). */
  strbuf paths = STRBUF_INIT;
  model_each_unknown(c, collect_unknown, &paths);
  assert_string_equal(
      strbuf_str(&paths),
      "future servr proxy.colour on_demand.rules[0].weight on_demand.rules[0].actoin ");
  strbuf_free(&paths);
  config_free(c);
  diag_list_free(&d);
}

static void test_many_unknown_keys_are_summarised(void **state) {
  desc_set *set = *state;
  strbuf b = STRBUF_INIT;
  strbuf_puts(&b, "format: 1\ntype: alpha\n");
  for (int i = 0; i < 80; i++)
    strbuf_printf(&b, "stray%d: x\n", i);
  diag_list d = DIAG_LIST_INIT;
  config *c = config_load_text(set, strbuf_str(&b), b.len, "m.yaml", &d);
  assert_non_null(c);
  assert_int_equal(diag_count(&d, DIAG_WARNING), 50);
  assert_diag(&d, DIAG_NOTE, 0, 0, NULL, "30 more keys not listed");
  /* All of them are still kept. */
  char *y = config_to_yaml(c, NULL);
  assert_non_null(strstr(y, "\nstray79: x\n"));
  free(y);
  config_free(c);
  strbuf_free(&b);
  diag_list_free(&d);
}

static void test_hidden_values_on_load(void **state) {
  desc_set *set = *state;
  diag_list d = DIAG_LIST_INIT;
  config *c = load(set,
                   "format: 1\n"
                   "type: alpha\n"
                   "proxy:\n"
                   "  setup: none\n"
                   "  server: proxy.example.com\n"
                   "note: hidden with the extra section, silently\n",
                   &d);
  assert_non_null(c);
  assert_diag(&d, DIAG_WARNING, 5, 11, "proxy.server",
              "'proxy.server' is ignored: shown only when proxy.setup == manual");
  assert_int_equal(d.n, 1);
  /* Kept in memory: switching the proxy on brings it back. */
  assert_string_equal(val_get_path(c->root, "proxy.server")->u.str, "proxy.example.com");
  config_free(c);
  diag_list_free(&d);

  /* when_hidden: error inside a nested record. */
  c = load(set,
           "format: 1\n"
           "type: alpha\n"
           "on_demand:\n"
           "  rules:\n"
           "    - action: evaluate-connection\n"
           "      connection:\n"
           "        - dns: [10.0.0.53]\n",
           &d);
  assert_null(c);
  assert_diag(&d, DIAG_ERROR, 7, 16, "on_demand.rules[0].connection[0].dns",
              "DNS servers is not allowed here: only when domains");
  diag_list_free(&d);
}

static void test_model_set_paths(void **state) {
  desc_set *set = *state;
  diag_list d = DIAG_LIST_INIT;
  config *c = config_new(set, desc_set_find(set, "alpha"));
  assert_true(model_set(c, "enabled", val_new_str("true"), &d));
  assert_int_equal(val_map_get(c->root, "enabled")->kind, VAL_BOOL);
  assert_true(model_set(c, "proxy.port", val_new_str("8080"), &d));
  assert_int_equal(val_get_path(c->root, "proxy.port")->u.i, 8080);
  assert_true(model_set(c, "proxy.port", val_new_str("${port}"), &d));
  assert_int_equal(val_get_path(c->root, "proxy.port")->kind, VAL_STR);

  /* Records: index == count appends; deeper records the same way. */
  assert_true(model_set(c, "on_demand.rules[0].action", val_new_str("evaluate-connection"), &d));
  assert_true(model_set(c, "on_demand.rules[1].action", val_new_str("connect"), &d));
  val *domains = val_new_list();
  val_list_append(domains, val_new_str("corp.example.com"));
  assert_true(model_set(c, "on_demand.rules[0].connection[0].domains", domains, &d));
  assert_true(model_set(c, "on_demand.rules[0].connection[0].dns[0]", val_new_str("10.0.0.1"), &d));
  assert_true(model_set(c, "on_demand.rules[0].connection[0].dns[1]", val_new_str("10.0.0.2"), &d));
  assert_true(model_set(c, "on_demand.rules[0].connection[0].dns[0]", val_new_str("10.0.0.9"), &d));
  assert_int_equal(d.n, 0);
  const val *rules = val_get_path(c->root, "on_demand.rules");
  assert_int_equal(rules->u.list.n, 2);
  const val *conn = val_map_get(rules->u.list.v[0], "connection")->u.list.v[0];
  const val *dns = val_map_get(conn, "dns");
  assert_int_equal(dns->u.list.n, 2);
  assert_string_equal(dns->u.list.v[0]->u.str, "10.0.0.9");
  assert_string_equal(val_map_get(conn, "domains")->u.list.v[0]->u.str, "corp.example.com");
  assert_ptr_equal(model_field_for_path(c, "on_demand.rules[0].connection[0].dns"),
                   model_field_for_path(c, "on_demand.rules[5].connection[2].dns"));
  assert_string_equal(model_field_for_path(c, "on_demand.rules[1].match.ssid")->id, "match.ssid");
  assert_null(model_field_for_path(c, "on_demand.rules[0].nope"));
  assert_null(model_field_for_path(c, "proxy[0]"));

  /* Removing a record by index. */
  assert_true(model_set(c, "on_demand.rules[0]", val_new_null(), &d));
  assert_int_equal(rules->u.list.n, 1);
  assert_string_equal(val_map_get(rules->u.list.v[0], "action")->u.str, "connect");

  /* Refusals, with the concrete path. */
  assert_false(model_set(c, "on_demand.rules[3].action", val_new_str("connect"), &d));
  assert_diag(&d, DIAG_ERROR, 0, 0, "on_demand.rules[3]", "does not exist (1 item)");
  /* A refused value leaves nothing behind (no new empty rule, no new list). */
  assert_false(model_set(c, "on_demand.rules[1].connection[0].domains", val_new_str("x"), &d));
  assert_diag(&d, DIAG_ERROR, 0, 0, "on_demand.rules[1].connection[0].domains", "expected a list");
  assert_int_equal(rules->u.list.n, 1);
  assert_null(val_map_get(rules->u.list.v[0], "connection"));
  assert_false(model_set(c, "enabled", val_new_str("maybe"), &d));
  assert_diag(&d, DIAG_ERROR, 0, 0, "enabled", "only true and false");
  assert_false(model_set(c, "proxy.port", val_new_str("80a"), &d));
  assert_diag(&d, DIAG_ERROR, 0, 0, "proxy.port", "'80a' is not a whole number");
  assert_false(model_set(c, "domains.safari", val_new_str("one.example.com"), &d));
  assert_diag(&d, DIAG_ERROR, 0, 0, "domains.safari", "expected a list");
  assert_false(model_set(c, "realm", val_new_str("x"), &d));
  assert_diag(&d, DIAG_ERROR, 0, 0, "realm", "'realm' is not a setting of Alpha VPN");
  assert_false(model_set(c, "on_demand.rules[0].colour", val_new_str("x"), &d));
  assert_diag(&d, DIAG_ERROR, 0, 0, "on_demand.rules[0].colour", "is not a setting");
  assert_int_equal(d.n, 7);
  diag_list_clear(&d);

  /* One key of a map field. */
  assert_true(model_set(c, "custom.Realm", val_new_str("Staff"), &d));
  assert_true(model_set(c, "custom.Port", val_new_int(443), &d));
  assert_int_equal(val_get_path(c->root, "custom.Port")->kind, VAL_INT); /* typed data */
  assert_ptr_equal(model_field_for_path(c, "custom.Realm"),
                   desc_type_find_field(c->type, "custom"));
  assert_true(model_set(c, "custom.Realm", val_new_str(""), &d));
  assert_true(model_set(c, "custom.Port", val_new_null(), &d));
  assert_null(val_map_get(c->root, "custom"));
  assert_int_equal(d.n, 0);
  val *nested = val_new_list();
  val_list_append(nested, val_new_str("x"));
  assert_true(model_set(c, "custom.List", nested, &d)); /* an <array> of vendor data */
  assert_int_equal(val_get_path(c->root, "custom.List")->kind, VAL_LIST);
  assert_true(model_set(c, "custom.Text", val_new_str("443"), &d)); /* text stays text */
  assert_int_equal(val_get_path(c->root, "custom.Text")->kind, VAL_STR);
  assert_true(model_set(c, "custom.List", val_new_null(), &d));
  assert_true(model_set(c, "custom.Text", val_new_null(), &d));

  /* Empty text unsets. */
  assert_true(model_set(c, "proxy.port", val_new_str(""), &d));
  assert_null(val_get_path(c->root, "proxy.port"));

  /* The type is a known top-level key; switching keeps other values. */
  assert_true(model_set(c, "server", val_new_str("vpn.example.com"), &d));
  assert_false(model_set(c, "type", val_new_str("gamma"), &d));
  assert_true(model_set(c, "type", val_new_str("beta"), &d));
  assert_string_equal(c->type->id, "beta");
  assert_true(model_set(c, "vendor.flag", val_new_str("false"), &d));
  assert_int_equal(val_get_path(c->root, "vendor.flag")->kind, VAL_BOOL);
  assert_non_null(val_map_get(c->root, "enabled"));
  config_free(c);
  diag_list_free(&d);
}

typedef struct seen {
  strbuf paths;
} seen;

static bool visit(void *ud, const model_ctx *ctx, const desc_section *s, const desc_field *f,
                  const char *path, const val *value) {
  (void)ctx, (void)s, (void)f, (void)value;
  seen *st = ud;
  strbuf_puts(&st->paths, path);
  strbuf_putc(&st->paths, ' ');
  return true;
}

static char *visible_paths(const config *c) {
  seen st = {STRBUF_INIT};
  model_each_visible(c, visit, &st);
  return strbuf_take(&st.paths);
}

static void test_each_visible_order_and_visibility(void **state) {
  desc_set *set = *state;
  diag_list d = DIAG_LIST_INIT;
  config *c = load(set,
                   "format: 1\n"
                   "type: alpha\n"
                   "on_demand:\n"
                   "  rules:\n"
                   "    - action: connect\n"
                   "    - action: evaluate-connection\n"
                   "      connection:\n"
                   "        - domains: [a.example.com]\n"
                   "        - {}\n",
                   &d);
  assert_non_null(c);
  char *p = visible_paths(c);
  assert_string_equal(p, "name type server enabled group proxy.setup on_demand.rules "
                         "on_demand.rules[0].action on_demand.rules[0].match.ssid "
                         "on_demand.rules[1].action on_demand.rules[1].match.ssid "
                         "on_demand.rules[1].connection "
                         "on_demand.rules[1].connection[0].domains "
                         "on_demand.rules[1].connection[0].dns "
                         "on_demand.rules[1].connection[1].domains "
                         "domains.safari custom ");
  free(p);
  assert_true(model_set(c, "proxy.setup", val_new_str("manual"), &d));
  assert_true(model_set(c, "enabled", val_new_str("true"), &d));
  p = visible_paths(c);
  assert_non_null(strstr(p, "proxy.setup proxy.server proxy.port proxy.password on_demand.rules "));
  assert_non_null(strstr(p, "custom note "));
  free(p);

  /* Defaults and conditions. */
  model_ctx top = {c, NULL, NULL};
  const desc_field *setup = desc_type_find_field(c->type, "proxy.setup");
  const desc_field *server = desc_type_find_field(c->type, "proxy.server");
  assert_true(model_field_required(&top, server));
  assert_true(model_set(c, "proxy.setup", val_new_null(), &d));
  assert_null(model_get(&top, setup));
  assert_string_equal(model_value(&top, setup)->u.str, "none"); /* the default */
  assert_false(model_field_visible(&top, server));
  assert_false(model_field_required(&top, server)); /* hidden: not required */
  const desc_field *note = desc_type_find_field(c->type, "note");
  assert_true(model_field_visible(&top, note));
  assert_true(model_set(c, "enabled", val_new_str("false"), &d));
  assert_false(model_field_visible(&top, note)); /* its section is hidden */
  assert_int_equal(d.n, 0);
  config_free(c);
  diag_list_free(&d);
}

static void test_has_secrets(void **state) {
  desc_set *set = *state;
  diag_list d = DIAG_LIST_INIT;
  config *c = config_new(set, desc_set_find(set, "alpha"));
  assert_true(model_set(c, "proxy.password", val_new_str("s3cret"), &d));
  assert_false(model_has_secrets(c)); /* hidden: not saved, so not a secret on disk */
  assert_true(model_set(c, "proxy.setup", val_new_str("manual"), &d));
  assert_true(model_has_secrets(c));
  config_free(c);
  diag_list_free(&d);
}

static int setup(void **state) {
  *state = test_set();
  return 0;
}

static int teardown(void **state) {
  desc_set_free(*state);
  return 0;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_typing_on_load),
      cmocka_unit_test(test_variable_in_integer_field_stays_text),
      cmocka_unit_test(test_wrong_types),
      cmocka_unit_test(test_typed_map),
      cmocka_unit_test(test_type_and_format),
      cmocka_unit_test(test_unknown_and_other_type_keys),
      cmocka_unit_test(test_many_unknown_keys_are_summarised),
      cmocka_unit_test(test_hidden_values_on_load),
      cmocka_unit_test(test_model_set_paths),
      cmocka_unit_test(test_each_visible_order_and_visibility),
      cmocka_unit_test(test_has_secrets),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
