/* Descriptors: the shipped forms load cleanly and match the field map;
 * broken descriptors are reported at FILE:LINE:COL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/desc.h"
#include "io/desc_load.h"
#include "testutil.h"

static const char *const type_ids[] = {
    "ipsec",     "cisco-anyconnect", "juniper-ssl",     "netmotion",     "f5-ssl",
    "sonicwall", "aruba-via",        "custom-ssl",      "globalprotect", "ikev2",
    "zscaler",   "citrix-sso",       "microsoft-tunnel"};
#define N_TYPES (sizeof type_ids / sizeof *type_ids)

static desc_set *load_embedded_clean(void) {
  diag_list d = DIAG_LIST_INIT;
  desc_set *set = desc_load_embedded(&d);
  if (d.n)
    diag_list_print(&d, stderr);
  assert_int_equal(d.n, 0);
  assert_non_null(set);
  diag_list_free(&d);
  return set;
}

static const desc_field *field(const desc_set *set, const char *type, const char *id) {
  const desc_type *t = desc_set_find(set, type);
  assert_non_null(t);
  const desc_field *f = desc_type_find_field(t, id);
  if (!f)
    fail_msg("%s has no field %s", type, id);
  return f;
}

static const desc_field *record_field(const desc_field *rec, const char *id) {
  for (size_t i = 0; i < rec->n_fields; i++)
    if (strcmp(rec->fields[i].id, id) == 0)
      return &rec->fields[i];
  fail_msg("%s has no field %s", rec->path, id);
  return NULL;
}

static void test_embedded_types_in_seed_order(void **state) {
  (void)state;
  desc_set *set = load_embedded_clean();
  assert_int_equal(set->n_types, N_TYPES);
  for (size_t i = 0; i < N_TYPES; i++)
    assert_string_equal(set->types[i].id, type_ids[i]);
  desc_set_free(set);
}

static void test_sections(void **state) {
  (void)state;
  static const char *const with_provider[] = {
      "general", "connection", "authentication", "ikev2-sa",    "ikev2-advanced",
      "proxy",   "on-demand",  "options",        "dns",         "domains",
      "slicing", "provider",   "apps",           "distribution"};
  desc_set *set = load_embedded_clean();
  for (size_t i = 0; i < set->n_types; i++) {
    const desc_type *t = &set->types[i];
    bool vpn = strcmp(t->vpn_type, "VPN") == 0;
    bool ikev2 = strcmp(t->vpn_type, "IKEv2") == 0;
    size_t k = 0;
    for (size_t j = 0; j < sizeof with_provider / sizeof *with_provider; j++) {
      if (!vpn && strcmp(with_provider[j], "provider") == 0)
        continue; /* only VPNType VPN has a provider */
      if (!ikev2 && strncmp(with_provider[j], "ikev2-", 6) == 0)
        continue; /* the IKEv2 sections */
      assert_true(k < t->n_sections);
      assert_string_equal(t->sections[k].id, with_provider[j]);
      assert_non_null(t->sections[k].title);
      assert_true(t->sections[k].n_fields > 0);
      k++;
    }
    assert_int_equal(k, t->n_sections);
    /* Every field is labelled and explained. */
    for (size_t s = 0; s < t->n_sections; s++)
      for (size_t f = 0; f < t->sections[s].n_fields; f++) {
        const desc_field *fd = &t->sections[s].fields[f];
        assert_non_null(fd->label);
        if (!fd->help)
          fail_msg("%s: %s has no help", t->id, fd->id);
      }
  }
  desc_set_free(set);
}

static void test_field_map_spot_checks(void **state) {
  (void)state;
  desc_set *set = load_embedded_clean();
  const desc_field *f;

  f = field(set, "ipsec", "account");
  assert_int_equal(f->n_profile, 1);
  assert_string_equal(f->profile[0], "IPSec.XAuthName");
  assert_int_equal(f->n_also, 1);
  assert_string_equal(f->also[0].key, "IPSec.XAuthEnabled");
  assert_int_equal(f->also[0].value->kind, VAL_INT);
  assert_int_equal(f->also[0].value->u.i, 1);
  assert_true(f->variables);
  assert_string_equal(field(set, "cisco-anyconnect", "account")->profile[0], "VPN.AuthName");
  assert_null(desc_type_find_field(desc_set_find(set, "ikev2"), "account"));
  assert_null(desc_type_find_field(desc_set_find(set, "ipsec"), "password"));
  assert_null(desc_type_find_field(desc_set_find(set, "ipsec"), "subtype"));
  assert_string_equal(field(set, "ipsec", "authentication")->label, "Machine Authentication");
  assert_string_equal(field(set, "f5-ssl", "authentication")->label, "User Authentication");

  f = field(set, "cisco-anyconnect", "subtype");
  assert_non_null(f->def);
  assert_int_equal(f->def->kind, VAL_STR);
  assert_string_equal(f->def->u.str, "com.cisco.anyconnect");
  assert_int_equal(f->n_suggestions, 1);
  assert_string_equal(f->suggestions[0], "com.cisco.anyconnect.applevpn.plugin");
  assert_string_equal(f->profile[0], "VPNSubType");
  f = field(set, "custom-ssl", "subtype");
  assert_null(f->def);
  assert_string_equal(f->label, "Identifier");
  assert_non_null(f->required);

  assert_string_equal(field(set, "netmotion", "provider_type")->def->u.str, "packet-tunnel");
  assert_string_equal(field(set, "f5-ssl", "provider_type")->def->u.str, "packet-tunnel");
  assert_null(field(set, "cisco-anyconnect", "provider_type")->def); /* written only when set */
  assert_string_equal(field(set, "f5-ssl", "provider_type")->os.since[OS_IOS], "9.0");

  f = field(set, "aruba-via", "slicing.value");
  assert_string_equal(f->profile[0], "CellularSliceUUID");
  assert_string_equal(f->profile_value, "{slicing.kind}:{}");
  assert_string_equal(f->os.since[OS_IOS], "18.0");
  assert_string_equal(f->os.since[OS_MACOS], "n/a");
  assert_string_equal(
      desc_field_choice(field(set, "aruba-via", "slicing.kind"), "app-category")->profile,
      "AppCategory");

  f = field(set, "custom-ssl", "provider_type_in_both");
  assert_int_equal(f->ptype, PT_STRING);
  assert_string_equal(f->profile_value, "{provider_type}");
  assert_non_null(f->export_if);
  assert_string_equal(expr_source(f->export_if), "provider_type_in_both");

  f = field(set, "sonicwall", "login_group");
  assert_string_equal(f->profile[0], "VendorConfig.LoginGroupOrDomain");
  assert_string_equal(field(set, "juniper-ssl", "realm")->profile[0], "VendorConfig.Realm");
  assert_string_equal(field(set, "globalprotect", "custom_data")->profile[0], "VendorConfig");
  assert_string_equal(field(set, "ikev2", "remote_id")->profile[0], "IKEv2.RemoteIdentifier");
  /* Apple's CertificateType values; set, it needs the server certificate's issuer. */
  const desc_field *ct = field(set, "ikev2", "certificate_type");
  assert_null(ct->def);
  assert_int_equal(ct->n_choices, 5);
  assert_string_equal(ct->choices[4].value, "RSA-PSS");
  assert_string_equal(expr_source(field(set, "ikev2", "server_cert_issuer")->required),
                      "certificate_type");
  assert_string_equal(field(set, "ipsec", "prompt_for_pin")->profile[0], "IPSec.PromptForVPNPIN");
  assert_int_equal(field(set, "ipsec", "prompt_for_pin")->ptype, PT_BOOLEAN);

  f = field(set, "globalprotect", "name");
  assert_int_equal(f->n_profile, 1);
  assert_string_equal(f->profile[0], "@profile.PayloadDisplayName");
  assert_int_equal(f->max_len, 255);
  /* the payload's own name is a setting of its own (export falls back to the name) */
  assert_string_equal(field(set, "globalprotect", "payload_name")->profile[0],
                      "PayloadDisplayName");
  /* UserDefinedName is its own setting (export falls back to the name). */
  assert_string_equal(field(set, "globalprotect", "vpn_name")->profile[0], "UserDefinedName");
  /* Apple's <data> keys and integer enumerations. */
  assert_int_equal(field(set, "ipsec", "shared_secret")->ptype, PT_DATA);
  assert_int_equal(field(set, "ikev2", "ike_sa.dh_group")->ptype, PT_INTEGER);
  assert_string_equal(field(set, "ikev2", "child_sa.lifetime")->profile[0],
                      "IKEv2.ChildSecurityAssociationParameters.LifeTimeInMinutes");
  f = field(set, "globalprotect", "uuid.vpn");
  assert_true(f->readonly);
  assert_string_equal(f->profile[0], "VPNUUID");

  /* Proxy: shown per setup, constants beside the values. */
  f = field(set, "ipsec", "proxy.server");
  assert_string_equal(expr_source(f->show), "proxy.setup == manual");
  assert_int_equal(f->n_profile, 2);
  assert_int_equal(f->n_also, 2);
  f = field(set, "ipsec", "proxy.port");
  assert_int_equal(f->kind, FK_INT);
  assert_true(f->has_min && f->has_max);
  assert_int_equal(f->max, 65535);
  assert_string_equal(field(set, "ipsec", "proxy.setup")->def->u.str, "none");

  /* Typed defaults. */
  f = field(set, "ikev2", "on_demand.enabled");
  assert_int_equal(f->def->kind, VAL_BOOL);
  assert_false(f->def->u.b);
  assert_int_equal(f->ptype, PT_INT01);
  assert_string_equal(f->profile[0], "$dict.OnDemandEnabled");

  /* Deprecations. */
  f = field(set, "ikev2", "domains.mail");
  assert_string_equal(f->os.deprecated[OS_IOS], "13.4");
  assert_string_equal(f->os.since[OS_MACOS], "10.15");

  /* Type-level availability: watchOS only for IKEv2. */
  assert_string_equal(desc_set_find(set, "ikev2")->os.since[OS_WATCHOS], "10.0");
  assert_string_equal(desc_set_find(set, "ipsec")->os.since[OS_WATCHOS], "n/a");
  assert_string_equal(desc_set_find(set, "ipsec")->os.since[OS_IOS], "7.0");
  assert_string_equal(desc_set_find(set, "ipsec")->dict, "IPSec");
  desc_set_free(set);
}

static void test_records_and_credential(void **state) {
  (void)state;
  desc_set *set = load_embedded_clean();
  const desc_field *rules = field(set, "cisco-anyconnect", "on_demand.rules");
  assert_int_equal(rules->kind, FK_RECORDS);
  assert_string_equal(rules->label, "iOS Rules");
  const desc_field *action = record_field(rules, "action");
  assert_string_equal(action->path, "on_demand.rules[].action");
  assert_string_equal(action->def->u.str, "connect");
  assert_string_equal(desc_field_choice(action, "evaluate-connection")->profile,
                      "EvaluateConnection");
  assert_string_equal(desc_field_choice(action, "disconnect")->label, "Disallow (disconnect)");
  assert_null(desc_field_choice(action, "nope"));
  const desc_field *conn = record_field(rules, "connection");
  assert_int_equal(conn->when_hidden, HIDDEN_ERROR);
  assert_string_equal(expr_source(conn->show), "action == evaluate-connection");
  const desc_field *dns = record_field(conn, "required_dns_servers");
  assert_string_equal(dns->path, "on_demand.rules[].connection[].required_dns_servers");
  assert_int_equal(dns->format, FMT_IP);
  assert_string_equal(record_field(rules, "match.interface")->choices[1].profile, "WiFi");

  const desc_field *file = field(set, "cisco-anyconnect", "credential.file");
  assert_int_equal(file->kind, FK_FILE);
  assert_string_equal(file->embed, "pkcs12");
  assert_string_equal(file->embed_password, "credential.password");
  assert_string_equal(expr_source(file->show), "authentication != password && !credential.uuid");
  assert_string_equal(file->profile[0], "$dict.PayloadCertificateUUID");
  assert_non_null(strstr(field(set, "netmotion", "credential.file")->help, "iOS only"));

  /* choices_from: types gives one choice per type, in type order. */
  const desc_field *type = field(set, "sonicwall", "type");
  assert_string_equal(type->choices_from, "types");
  assert_int_equal(type->n_choices, N_TYPES);
  assert_string_equal(type->choices[0].value, "ipsec");
  assert_string_equal(type->choices[1].label, "Cisco AnyConnect");
  assert_int_equal(type->n_profile, 0);
  desc_set_free(set);
}

static void test_name_tables(void **state) {
  (void)state;
  for (int k = 0; k < FK__COUNT; k++) {
    field_kind out;
    assert_true(field_kind_from_name(field_kind_name((field_kind)k), &out));
    assert_int_equal(out, k);
  }
  field_format fmt;
  assert_true(field_format_from_name("rdns", &fmt));
  assert_int_equal(fmt, FMT_RDNS);
  assert_false(field_format_from_name("hostname", &fmt));
  profile_type pt;
  assert_true(profile_type_from_name("int01", &pt));
  assert_int_equal(pt, PT_INT01);
  assert_string_equal(field_kind_desc(FK_BOOL), "on/off");
  assert_string_equal(os_labels[OS_VISIONOS], "visionOS");
  assert_string_equal(os_names[OS_WATCHOS], "watchos");
}

/* ---- broken descriptors ---------------------------------------------------- */

static const char *const common_text =
    "form: 1\n"
    "fields:\n"
    "  server: {id: server, label: Server, kind: text, format: host}\n"
    "sections:\n"
    "  general:\n"
    "    id: general\n"
    "    title: General\n"
    "    fields:\n"
    "      - {id: name, label: Name}\n";

static const char *const type_head = "form: 1\n"
                                     "type: t\n"
                                     "label: T\n"
                                     "vpn_type: VPN\n"
                                     "sections:\n"
                                     "  - use: general\n"
                                     "  - id: c\n"
                                     "    title: C\n"
                                     "    fields:\n";
/* Lines 1-9 are type_head; the body starts on line 10. */

/* Loads _common.yaml + t.yaml (type_head + body) from a temp dir and checks
 * that the first error is `want` (after "DIR/t.yaml:"). */
static void expect_error(const char *body, const char *want) {
  const char *dir = tu_tmpdir();
  tu_write(dir, "_common.yaml", common_text);
  size_t n = strlen(type_head) + strlen(body) + 1;
  char *text = malloc(n);
  snprintf(text, n, "%s%s", type_head, body);
  tu_write(dir, "t.yaml", text);
  free(text);
  diag_list d = DIAG_LIST_INIT;
  desc_set *set = desc_load_dir(dir, &d);
  assert_null(set);
  assert_true(d.n >= 1);
  diag_list_sort(&d);
  char *got = diag_format(&d.items[0]);
  char expected[1024];
  snprintf(expected, sizeof expected, "%s/t.yaml:%s", dir, want);
  /* A prefix is enough where the message goes on with a position. */
  if (strncmp(got, expected, strlen(expected)) != 0) {
    diag_list_print(&d, stderr);
    fail_msg("got      %s\nexpected %s", got, expected);
  }
  free(got);
  diag_list_free(&d);
}

static void test_broken_unknown_key(void **state) {
  (void)state;
  expect_error("      - id: a\n"
               "        label: A\n"
               "        colour: red\n",
               "12:9: error: unknown key 'colour' in a field");
}

static void test_broken_kind(void **state) {
  (void)state;
  expect_error("      - id: a\n"
               "        label: A\n"
               "        kind: txt\n",
               "12:15: error: unknown kind 'txt' (expected text, password, bool, choice, "
               "integer, list, map, records, file)");
}

static void test_broken_condition(void **state) {
  (void)state;
  expect_error("      - id: a\n"
               "        label: A\n"
               "        show: name ==\n",
               "12:22: error: bad condition: expected literal after '=='");
  /* Quoted: the column counts from inside the quotes. */
  expect_error("      - id: a\n"
               "        label: A\n"
               "        show: \"name && (a\"\n",
               "12:26: error: bad condition: expected ')'");
}

static void test_broken_use(void **state) {
  (void)state;
  expect_error("      - use: servr\n",
               "10:14: error: unknown field 'servr' in use: (not in _common.yaml)");
}

static void test_broken_condition_path(void **state) {
  (void)state;
  expect_error("      - use: server\n"
               "        show: proxy.setup == manual\n",
               "11:15: error: show: names 'proxy.setup', which is no field of type 't'");
  /* Inside a record, a relative path names the record's own fields. */
  expect_error("      - id: r\n"
               "        label: R\n"
               "        kind: records\n"
               "        fields:\n"
               "          - {id: x, label: X, show: name}\n",
               "14:37: error: show: names 'name', which is no field of r[] (use '/name' for a "
               "top-level field)");
}

static void test_broken_default(void **state) {
  (void)state;
  expect_error("      - id: a\n"
               "        label: A\n"
               "        kind: bool\n"
               "        default: yes\n",
               "13:18: error: default of bool field 'a' must be true or false");
  expect_error("      - id: a\n"
               "        label: A\n"
               "        kind: integer\n"
               "        default: many\n",
               "13:18: error: default of integer field 'a' must be an integer");
  expect_error("      - id: a\n"
               "        label: A\n"
               "        kind: choice\n"
               "        choices: [x, y]\n"
               "        default: z\n",
               "14:18: error: default 'z' of 'a' is not one of its choices (x, y)");
}

static void test_broken_misc(void **state) {
  (void)state;
  expect_error("      - id: a\n"
               "        kind: text\n",
               "10:9: error: field 'a' needs a label");
  expect_error("      - {id: a, label: A}\n"
               "      - {id: a, label: B}\n",
               "11:9: error: duplicate field id 'a' in type 't' (first at");
  expect_error("      - {id: a, label: A}\n"
               "  - {id: c, title: Again}\n",
               "11:5: error: duplicate section id 'c' in type 't'");
  expect_error("      - {id: a, label: A, kind: records}\n",
               "10:9: error: records field 'a' needs fields:");
  expect_error("      - {id: a, label: A, os: {ios: latest}}\n",
               "10:37: error: 'latest' is not a version like \"14.0\" or n/a");
}

static void test_broken_keys_and_paths(void **state) {
  (void)state;
  expect_error("      - {id: a, label: A, profile: \"VendorConfig..Group\"}\n",
               "10:36: error: bad profile key 'VendorConfig..Group': empty key in the path");
  expect_error("      - id: r\n"
               "        label: R\n"
               "        kind: records\n"
               "        fields:\n"
               "          - {id: x, label: X, profile: \"@profile.PayloadUUID\"}\n",
               "14:40: error: bad profile key '@profile.PayloadUUID': a record's keys are relative "
               "to the record");
  expect_error("      - {id: proxy, label: P}\n"
               "      - {id: proxy.port, label: Port, kind: integer}\n",
               "11:9: error: field id 'proxy.port' clashes with 'proxy'");
  expect_error("      - {id: a, label: A, kind: bool, show: \"!b\"}\n",
               "10:45: error: show: names 'b', which is no field of type 't'");
  expect_error("      - {id: a, label: A, kind: choice, choices: [x], default: x,\n"
               "         profile_value: \"{nope}:{}\"}\n",
               "10:9: error: profile_value names 'nope', which is no field of type 't'");
}

/* A library problem is reported once, at its place in _common.yaml, whether
 * the entry is used by several types or by none. */
static void test_broken_library_reported_once(void **state) {
  (void)state;
  const char *common = "fields:\n"
                       "  server: {id: server, label: Server, colour: red}\n"
                       "  unused: {id: unused, label: U, kind: bool, default: 3}\n";
  const char *t1 = "type: a\nlabel: A\nvpn_type: VPN\nsections:\n"
                   "  - {id: c, title: C, fields: [{use: server}]}\n";
  const char *t2 = "type: b\nlabel: B\nvpn_type: VPN\nsections:\n"
                   "  - {id: c, title: C, fields: [{use: server}]}\n";
  desc_source src[] = {{"forms/_common.yaml", common, strlen(common)},
                       {"forms/a.yaml", t1, strlen(t1)},
                       {"forms/b.yaml", t2, strlen(t2)}};
  diag_list d = DIAG_LIST_INIT;
  assert_null(desc_load_sources(src, 3, &d));
  assert_int_equal(d.n, 2);
  diag_list_sort(&d);
  char *m0 = diag_format(&d.items[0]), *m1 = diag_format(&d.items[1]);
  assert_string_equal(m0, "forms/_common.yaml:2:39: error: unknown key 'colour' in a field");
  assert_string_equal(m1, "forms/_common.yaml:3:55: error: default of bool field 'unused' must be "
                          "true or false");
  free(m0);
  free(m1);
  diag_list_free(&d);
}

static void test_sources_and_default_dir(void **state) {
  (void)state;
  /* A working minimal set from memory: the library may come last. */
  const char *t = "type: mini\nlabel: Mini\nvpn_type: IKEv2\norder: 3\n"
                  "sections:\n  - use: general\n  - {id: c, title: C, fields: [{use: server, "
                  "required: \"name == x\"}]}\n";
  desc_source src[] = {{"forms/mini.yaml", t, strlen(t)},
                       {"forms/_common.yaml", common_text, strlen(common_text)}};
  diag_list d = DIAG_LIST_INIT;
  desc_set *set = desc_load_sources(src, 2, &d);
  assert_int_equal(d.n, 0);
  assert_non_null(set);
  assert_int_equal(set->n_types, 1);
  const desc_type *ty = desc_set_find(set, "mini");
  assert_non_null(ty);
  assert_string_equal(ty->dict, "IKEv2"); /* dict defaults to vpn_type */
  assert_int_equal(ty->order, 3);
  const desc_field *f = desc_type_find_field(ty, "server");
  assert_int_equal(f->format, FMT_HOST);
  assert_string_equal(expr_source(f->required), "name == x");
  assert_string_equal(f->file, "forms/mini.yaml");
  assert_int_equal(f->line, 7);
  desc_set_free(set);

  /* $APPVPN_FORMS_DIR replaces the embedded forms. */
  const char *dir = tu_tmpdir();
  tu_write(dir, "_common.yaml", common_text);
  tu_write(dir, "mini.yaml", t);
  setenv("APPVPN_FORMS_DIR", dir, 1);
  set = desc_load_default(&d);
  unsetenv("APPVPN_FORMS_DIR");
  assert_int_equal(d.n, 0);
  assert_non_null(set);
  assert_int_equal(set->n_types, 1);
  desc_set_free(set);
  set = desc_load_default(&d);
  assert_int_equal(set->n_types, N_TYPES);
  desc_set_free(set);

  /* A YAML syntax error is located too. */
  const char *broken = "type: x\nlabel: [oops\n";
  desc_source bad[] = {{"forms/x.yaml", broken, strlen(broken)}};
  assert_null(desc_load_sources(bad, 1, &d));
  assert_true(d.n >= 1);
  char *msg = diag_format(&d.items[0]);
  assert_string_equal(msg, "forms/x.yaml:3:1: error: YAML: did not find expected ',' or ']' "
                           "while parsing a flow sequence");
  free(msg);
  diag_list_free(&d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_embedded_types_in_seed_order),
      cmocka_unit_test(test_sections),
      cmocka_unit_test(test_field_map_spot_checks),
      cmocka_unit_test(test_records_and_credential),
      cmocka_unit_test(test_name_tables),
      cmocka_unit_test(test_broken_unknown_key),
      cmocka_unit_test(test_broken_kind),
      cmocka_unit_test(test_broken_condition),
      cmocka_unit_test(test_broken_use),
      cmocka_unit_test(test_broken_condition_path),
      cmocka_unit_test(test_broken_default),
      cmocka_unit_test(test_broken_misc),
      cmocka_unit_test(test_broken_keys_and_paths),
      cmocka_unit_test(test_broken_library_reported_once),
      cmocka_unit_test(test_sources_and_default_dir),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  tu_cleanup();
  return rc;
}
