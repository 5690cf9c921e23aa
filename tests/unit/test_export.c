/* Profile export: every connection type exported from YAML text, parsed
 * back with libplist, and checked key by key (names, values, plist types)
 * against the field map (docs: FIELDS.md). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <plist/plist.h>

#include "core/diag.h"
#include "core/model.h"
#include "io/config_io.h"
#include "io/desc_load.h"
#include "io/export.h"
#include "io/plist_util.h"
#include "testutil.h"

static desc_set *set;

#define UUID_PROFILE "11111111-1111-4111-8111-111111111111"
#define UUID_PAYLOAD "22222222-2222-4222-8222-222222222222"
#define UUID_VPN "33333333-3333-4333-8333-333333333333"
#define UUID_CRED "44444444-4444-4444-8444-444444444444"
#define UUID_EXT "55555555-5555-4555-8555-555555555555"
/* uuid5(UUID_PROFILE, "credential"), as Python's uuid module computes it. */
#define UUID_CRED_DERIVED "04820E93-1BC2-5F28-9909-0A3166207117"
#define MASK "\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2"

#define HEAD                                                                                       \
  "format: 1\n"                                                                                    \
  "name: Test VPN\n"                                                                               \
  "description: Traffic of the test apps\n"                                                        \
  "identifier: com.example.vpn.test\n"                                                             \
  "organization: Example Corp\n"                                                                   \
  "uuid:\n"                                                                                        \
  "  profile: " UUID_PROFILE "\n"                                                                  \
  "  payload: " UUID_PAYLOAD "\n"                                                                  \
  "  vpn: " UUID_VPN "\n"

#define CRED_EXT                                                                                   \
  "authentication: certificate\n"                                                                  \
  "credential:\n"                                                                                  \
  "  uuid: " UUID_EXT "\n"

/* ---- helpers ---------------------------------------------------------------- */

static void print_diags(const diag_list *d) {
  for (size_t i = 0; i < d->n; i++) {
    char *s = diag_format(&d->items[i]);
    print_message("  %s\n", s);
    free(s);
  }
}

static config *load_text(const char *yaml, diag_list *d) {
  config *c = config_load_text(set, yaml, strlen(yaml), "test.yaml", d);
  if (!c || diag_count(d, DIAG_ERROR)) {
    print_diags(d);
    fail_msg("configuration did not load");
  }
  return c;
}

static plist_t parse(const char *bytes, size_t len, export_format fmt) {
  plist_t p = NULL;
  if (fmt == EXPORT_BINARY)
    plist_from_bin(bytes, (uint32_t)len, &p);
  else
    plist_from_xml(bytes, (uint32_t)len, &p);
  assert_non_null(p);
  return p;
}

/* Exports c and parses the result back; fails the test when export fails. */
static plist_t export_cfg(const config *c, const export_opts *o) {
  export_opts def = {.format = EXPORT_XML};
  if (!o)
    o = &def;
  diag_list d = DIAG_LIST_INIT;
  char *out = NULL;
  size_t len = 0;
  bool ok = export_profile(c, o, &out, &len, &d);
  if (!ok) {
    print_diags(&d);
    fail_msg("export failed");
  }
  assert_non_null(out);
  assert_true(len > 0);
  plist_t p = parse(out, len, o->format);
  free(out);
  diag_list_free(&d);
  return p;
}

static plist_t export_yaml(const char *yaml, const export_opts *o) {
  diag_list d = DIAG_LIST_INIT;
  config *c = load_text(yaml, &d);
  plist_t p = export_cfg(c, o);
  config_free(c);
  diag_list_free(&d);
  return p;
}

/* Export that must fail: nothing produced, an error naming `needle`. */
static void export_fails(const config *c, const export_opts *o, const char *needle) {
  export_opts def = {.format = EXPORT_XML};
  diag_list d = DIAG_LIST_INIT;
  char *out = (char *)"sentinel";
  size_t len = 123;
  assert_false(export_profile(c, o ? o : &def, &out, &len, &d));
  assert_null(out);
  assert_int_equal(len, 0);
  assert_true(diag_count(&d, DIAG_ERROR) > 0);
  bool found = false;
  for (size_t i = 0; i < d.n; i++) {
    char *s = diag_format(&d.items[i]);
    if (d.items[i].level == DIAG_ERROR && strstr(s, needle))
      found = true;
    free(s);
  }
  if (!found) {
    print_diags(&d);
    fail_msg("no error mentioning '%s'", needle);
  }
  diag_list_free(&d);
}

/* Node at a dotted path; numeric segments index arrays. */
static plist_t pget(plist_t root, const char *path) {
  char buf[512];
  snprintf(buf, sizeof buf, "%s", path);
  plist_t cur = root;
  for (char *tok = strtok(buf, "."); tok && cur; tok = strtok(NULL, ".")) {
    if (plist_get_node_type(cur) == PLIST_ARRAY)
      cur = plist_array_get_item(cur, (uint32_t)atoi(tok));
    else if (plist_get_node_type(cur) == PLIST_DICT)
      cur = plist_dict_get_item(cur, tok);
    else
      cur = NULL;
  }
  return cur;
}

static plist_t need(plist_t root, const char *path, plist_type t, int line) {
  plist_t n = pget(root, path);
  if (!n)
    fail_msg("line %d: %s is missing", line, path);
  if (plist_get_node_type(n) != t)
    fail_msg("line %d: %s has plist type %d, expected %d", line, path, plist_get_node_type(n), t);
  return n;
}

static void expect_str_(plist_t root, const char *path, const char *want, int line) {
  char *s = NULL;
  plist_get_string_val(need(root, path, PLIST_STRING, line), &s);
  if (strcmp(s, want) != 0) {
    print_message("line %d: %s = '%s', expected '%s'\n", line, path, s, want);
    free(s);
    fail();
  }
  free(s);
}

static void expect_int_(plist_t root, const char *path, uint64_t want, int line) {
  uint64_t v = 0;
  plist_get_uint_val(need(root, path, PLIST_UINT, line), &v);
  if (v != want)
    fail_msg("line %d: %s = %llu, expected %llu", line, path, (unsigned long long)v,
             (unsigned long long)want);
}

static void expect_bool_(plist_t root, const char *path, bool want, int line) {
  uint8_t v = 0;
  plist_get_bool_val(need(root, path, PLIST_BOOLEAN, line), &v);
  if ((bool)v != want)
    fail_msg("line %d: %s = %d, expected %d", line, path, v, want);
}

static void expect_absent_(plist_t root, const char *path, int line) {
  if (pget(root, path))
    fail_msg("line %d: %s is present, expected absent", line, path);
}

/* An array of strings, in order. */
static void expect_strs_(plist_t root, const char *path, int line, ...) {
  plist_t a = need(root, path, PLIST_ARRAY, line);
  va_list ap;
  va_start(ap, line);
  uint32_t i = 0;
  for (const char *w; (w = va_arg(ap, const char *)) != NULL; i++) {
    plist_t it = plist_array_get_item(a, i);
    if (!it || plist_get_node_type(it) != PLIST_STRING)
      fail_msg("line %d: %s[%u] is missing or not a string", line, path, i);
    char *s = NULL;
    plist_get_string_val(it, &s);
    if (strcmp(s, w) != 0) {
      print_message("line %d: %s[%u] = '%s', expected '%s'\n", line, path, i, s, w);
      free(s);
      fail();
    }
    free(s);
  }
  va_end(ap);
  if (plist_array_get_size(a) != i)
    fail_msg("line %d: %s has %u items, expected %u", line, path, plist_array_get_size(a), i);
}

#define expect_str(r, p, w) expect_str_(r, p, w, __LINE__)
#define expect_int(r, p, w) expect_int_(r, p, w, __LINE__)
#define expect_bool(r, p, w) expect_bool_(r, p, w, __LINE__)
#define expect_absent(r, p) expect_absent_(r, p, __LINE__)
#define expect_strs(r, p, ...) expect_strs_(r, p, __LINE__, __VA_ARGS__, (const char *)NULL)

/* The applayer payload inside a full profile. */
static plist_t vpn(plist_t root) {
  plist_t p = need(root, "PayloadContent.0", PLIST_DICT, __LINE__);
  expect_str(p, "PayloadType", "com.apple.vpn.managed.applayer");
  return p;
}

/* Does any string or key anywhere in the tree contain `needle`? */
static bool tree_mentions(plist_t n, const char *needle) {
  switch (plist_get_node_type(n)) {
  case PLIST_STRING: {
    char *s = NULL;
    plist_get_string_val(n, &s);
    bool hit = strstr(s, needle) != NULL;
    free(s);
    return hit;
  }
  case PLIST_ARRAY:
    for (uint32_t i = 0; i < plist_array_get_size(n); i++)
      if (tree_mentions(plist_array_get_item(n, i), needle))
        return true;
    return false;
  case PLIST_DICT: {
    plist_dict_iter it = NULL;
    bool hit = false;
    plist_dict_new_iter(n, &it);
    for (;;) {
      char *k = NULL;
      plist_t v = NULL;
      plist_dict_next_item(n, it, &k, &v);
      if (!k)
        break;
      if (strstr(k, needle) || tree_mentions(v, needle))
        hit = true;
      free(k);
    }
    free(it);
    return hit;
  }
  default: return false;
  }
}

static void write_bytes(const char *path, const void *data, size_t n) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, n, f), n);
  fclose(f);
}

/* ---- the wrapper and identity ----------------------------------------------- */

static void test_structure(void **state) {
  (void)state;
  plist_t p = export_yaml(HEAD "type: cisco-anyconnect\nserver: vpn.example.com\n" CRED_EXT, NULL);
  expect_str(p, "PayloadType", "Configuration");
  expect_int(p, "PayloadVersion", 1);
  expect_str(p, "PayloadIdentifier", "com.example.vpn.test");
  expect_str(p, "PayloadUUID", UUID_PROFILE);
  expect_str(p, "PayloadDisplayName", "Test VPN");
  expect_str(p, "PayloadDescription", "Traffic of the test apps");
  expect_str(p, "PayloadOrganization", "Example Corp");
  assert_int_equal(plist_array_get_size(need(p, "PayloadContent", PLIST_ARRAY, __LINE__)), 1);
  plist_t v = vpn(p);
  expect_int(v, "PayloadVersion", 1);
  expect_str(v, "PayloadIdentifier", "com.example.vpn.test.vpn");
  expect_str(v, "PayloadUUID", UUID_PAYLOAD);
  expect_str(v, "VPNUUID", UUID_VPN);
  expect_str(v, "PayloadDisplayName", "Test VPN");
  expect_str(v, "UserDefinedName", "Test VPN");
  expect_str(v, "VPNType", "VPN");
  plist_free(p);

  /* Empty and unset optional settings leave their keys out. */
  p = export_yaml("format: 1\nname: Bare\ndescription: \"\"\nidentifier: com.example.bare\n"
                  "uuid:\n  profile: " UUID_PROFILE "\n  payload: " UUID_PAYLOAD "\n"
                  "  vpn: " UUID_VPN "\n"
                  "type: cisco-anyconnect\nserver: vpn.example.com\naccount: ''\n" CRED_EXT,
                  NULL);
  expect_absent(p, "PayloadDescription");
  expect_absent(p, "PayloadOrganization");
  expect_absent(vpn(p), "PayloadDescription");
  expect_absent(vpn(p), "VPN.AuthName");
  expect_absent(vpn(p), "VendorConfig");
  expect_str(vpn(p), "PayloadIdentifier", "com.example.bare.vpn");
  plist_free(p);
}

/* ---- the ten connection types ------------------------------------------------ */

static void test_ipsec(void **state) {
  (void)state;
  plist_t p = export_yaml(HEAD "type: ipsec\nserver: ipsec.example.com\naccount: alice\n" CRED_EXT
                               "prompt_for_pin: true\n",
                          NULL);
  plist_t v = vpn(p);
  expect_str(v, "VPNType", "IPSec");
  expect_absent(v, "VPNSubType");
  expect_str(v, "IPSec.RemoteAddress", "ipsec.example.com");
  expect_str(v, "IPSec.XAuthName", "alice");
  expect_int(v, "IPSec.XAuthEnabled", 1);
  expect_str(v, "IPSec.AuthenticationMethod", "Certificate");
  expect_str(v, "IPSec.PayloadCertificateUUID", UUID_EXT);
  expect_bool(v, "IPSec.PromptForVPNPIN", true);
  expect_int(v, "IPSec.OnDemandEnabled", 0);
  /* Nothing of the VPN dictionary leaks into an IPSec payload. */
  expect_absent(v, "VPN");
  expect_absent(v, "VendorConfig");
  plist_free(p);
}

static void test_cisco_anyconnect(void **state) {
  (void)state;
  plist_t p = export_yaml(HEAD "type: cisco-anyconnect\nserver: vpn.example.com\n"
                               "account: alice@example.com\ngroup: Sales\n" CRED_EXT,
                          NULL);
  plist_t v = vpn(p);
  expect_str(v, "VPNType", "VPN");
  expect_str(v, "VPNSubType", "com.cisco.anyconnect");
  expect_str(v, "VPN.RemoteAddress", "vpn.example.com");
  expect_str(v, "VPN.AuthName", "alice@example.com");
  expect_str(v, "VPN.AuthenticationMethod", "Certificate");
  expect_str(v, "VPN.PayloadCertificateUUID", UUID_EXT);
  expect_absent(v, "VPN.ProviderType");         /* written only when set */
  expect_absent(v, "OnDemandMatchAppEnabled");  /* written only when set */
  expect_str(v, "UserDefinedName", "Test VPN"); /* the name, unless vpn_name is set */
  expect_int(v, "VPN.OnDemandEnabled", 0);
  expect_str(v, "VendorConfig.Group", "Sales");
  expect_absent(v, "IPSec");
  expect_absent(v, "ProviderType"); /* top level only for custom-ssl with provider_type_in_both */
  expect_absent(v, "RemoteAddress");
  plist_free(p);
}

static void test_juniper_ssl(void **state) {
  (void)state;
  plist_t p = export_yaml(HEAD "type: juniper-ssl\nserver: ssl.example.com\n"
                               "subtype: net.pulsesecure.PulseSecure.vpnplugin\n"
                               "realm: Employees\nrole: Finance\n" CRED_EXT,
                          NULL);
  plist_t v = vpn(p);
  expect_str(v, "VPNType", "VPN");
  expect_str(v, "VPNSubType", "net.pulsesecure.PulseSecure.vpnplugin");
  expect_str(v, "VendorConfig.Realm", "Employees");
  expect_str(v, "VendorConfig.Role", "Finance");
  expect_str(v, "VPN.RemoteAddress", "ssl.example.com");
  plist_free(p);
  /* Without a subtype the descriptor's default is exported. */
  p = export_yaml(HEAD "type: juniper-ssl\nserver: ssl.example.com\n" CRED_EXT, NULL);
  expect_str(vpn(p), "VPNSubType", "net.juniper.sslvpn");
  expect_absent(vpn(p), "VendorConfig");
  plist_free(p);
}

static void test_netmotion(void **state) {
  (void)state;
  plist_t p = export_yaml(HEAD "type: netmotion\nserver: mobility.example.com\n" CRED_EXT, NULL);
  plist_t v = vpn(p);
  expect_str(v, "VPNSubType", "com.netmotionwireless.Mobility");
  expect_str(v, "VPN.ProviderType", "packet-tunnel");
  plist_free(p);
  p = export_yaml(
      HEAD "type: netmotion\nserver: m.example.com\nprovider_type: app-proxy\n" CRED_EXT, NULL);
  expect_str(vpn(p), "VPN.ProviderType", "app-proxy");
  plist_free(p);
}

static void test_f5_ssl(void **state) {
  (void)state;
  plist_t p = export_yaml(HEAD "type: f5-ssl\nserver: f5.example.com\n" CRED_EXT
                               "domains:\n  mail: [mail.example.com]\n"
                               "  contacts: [dir.example.com]\n  calendar: [cal.example.com]\n",
                          NULL);
  plist_t v = vpn(p);
  expect_str(v, "VPNSubType", "com.f5.access.ios");
  expect_str(v, "VPN.RemoteAddress", "f5.example.com");
  expect_str(v, "VPN.ProviderType", "packet-tunnel"); /* F5 Access 3.x requires it */
  expect_strs(v, "MailDomains", "mail.example.com");
  expect_strs(v, "ContactsDomains", "dir.example.com");
  expect_strs(v, "CalendarDomains", "cal.example.com");
  plist_free(p);
}

static void test_sonicwall(void **state) {
  (void)state;
  plist_t p = export_yaml(
      HEAD "type: sonicwall\nserver: sw.example.com\nlogin_group: BRANCH\n" CRED_EXT, NULL);
  plist_t v = vpn(p);
  expect_str(v, "VPNSubType", "com.sonicwall.SonicWALL-SSLVPN.vpnplugin");
  expect_str(v, "VendorConfig.LoginGroupOrDomain", "BRANCH");
  plist_free(p);
}

static void test_aruba_via(void **state) {
  (void)state;
  plist_t p = export_yaml(HEAD "type: aruba-via\nserver: via.example.com\n" CRED_EXT, NULL);
  plist_t v = vpn(p);
  expect_str(v, "VPNType", "VPN");
  expect_str(v, "VPNSubType", "com.arubanetworks.aruba-via.vpnplugin");
  expect_str(v, "VPN.RemoteAddress", "via.example.com");
  expect_absent(v, "VPN.ProviderType");
  plist_free(p);
}

static void test_custom_ssl(void **state) {
  (void)state;
  const char *base = HEAD "type: custom-ssl\nserver: partners.example.com\n"
                          "subtype: com.example.sslvpn\n"
                          "custom_data:\n  Region: EU\n  LogLevel: info\n"
                          "provider_bundle_id: com.example.sslvpn.extension\n"
                          "provider_type: packet-tunnel\n" CRED_EXT;
  plist_t p = export_yaml(base, NULL);
  plist_t v = vpn(p);
  expect_str(v, "VPNSubType", "com.example.sslvpn");
  expect_str(v, "VendorConfig.Region", "EU");
  expect_str(v, "VendorConfig.LogLevel", "info");
  expect_str(v, "VPN.ProviderBundleIdentifier", "com.example.sslvpn.extension");
  expect_str(v, "VPN.ProviderType", "packet-tunnel");
  expect_absent(v, "ProviderType");
  expect_absent(v, "ProviderBundleIdentifier");
  plist_free(p);

  char yaml[2048];
  snprintf(yaml, sizeof yaml, "%sprovider_type_in_both: true\n", base);
  p = export_yaml(yaml, NULL);
  v = vpn(p);
  expect_str(v, "VPN.ProviderType", "packet-tunnel");
  expect_str(v, "ProviderType", "packet-tunnel");
  expect_str(v, "VPN.ProviderBundleIdentifier", "com.example.sslvpn.extension");
  plist_free(p);
}

static void test_globalprotect(void **state) {
  (void)state;
  plist_t p = export_yaml(
      HEAD "type: globalprotect\nserver: gp.example.com\n"
           "custom_data:\n  AllowPortalProfile: \"0\"\n  FetchCertificate: \"1\"\n" CRED_EXT,
      NULL);
  plist_t v = vpn(p);
  expect_str(v, "VPNSubType", "com.paloaltonetworks.globalprotect.vpn");
  expect_str(v, "VendorConfig.AllowPortalProfile", "0");
  expect_str(v, "VendorConfig.FetchCertificate", "1");
  plist_free(p);
}

static void test_ikev2(void **state) {
  (void)state;
  plist_t p =
      export_yaml(HEAD "type: ikev2\nserver: ikev2.example.com\n"
                       "local_id: client.example.com\nremote_id: ikev2.example.com\n" CRED_EXT,
                  NULL);
  plist_t v = vpn(p);
  expect_str(v, "VPNType", "IKEv2");
  expect_absent(v, "VPNSubType");
  expect_str(v, "IKEv2.RemoteAddress", "ikev2.example.com");
  expect_str(v, "IKEv2.LocalIdentifier", "client.example.com");
  expect_str(v, "IKEv2.RemoteIdentifier", "ikev2.example.com");
  expect_str(v, "IKEv2.AuthenticationMethod", "Certificate");
  expect_str(v, "IKEv2.PayloadCertificateUUID", UUID_EXT);
  expect_int(v, "IKEv2.OnDemandEnabled", 0);
  expect_absent(v, "VPN");
  expect_absent(v, "IPSec");
  plist_free(p);
}

/* ---- common settings -------------------------------------------------------- */

#define RULES                                                                                      \
  "on_demand:\n"                                                                                   \
  "  enabled: true\n"                                                                              \
  "  match_app: true\n"                                                                            \
  "  rules:\n"                                                                                     \
  "    - action: evaluate-connection\n"                                                            \
  "      match:\n"                                                                                 \
  "        dns_domain: [corp.example.com]\n"                                                       \
  "        interface: wifi\n"                                                                      \
  "      connection:\n"                                                                            \
  "        - domains: [intranet.example.com, crm.example.com]\n"                                   \
  "          domain_action: connect-if-needed\n"                                                   \
  "          required_dns_servers: [10.0.0.53]\n"                                                  \
  "          required_url_probe: https://probe.example.com/ok\n"                                   \
  "        - domains: [www.example.com]\n"                                                         \
  "          domain_action: never-connect\n"                                                       \
  "    - action: disconnect\n"                                                                     \
  "      match:\n"                                                                                 \
  "        ssid: [Example-Office]\n"                                                               \
  "        dns_server: [10.1.1.1]\n"                                                               \
  "        url_probe: https://inside.example.com/\n"                                               \
  "    - action: ignore\n"                                                                         \
  "      match:\n"                                                                                 \
  "        interface: cellular\n"                                                                  \
  "    - action: connect\n"                                                                        \
  "      match:\n"                                                                                 \
  "        interface: ethernet\n"

static void test_on_demand_rules(void **state) {
  (void)state;
  plist_t p =
      export_yaml(HEAD "type: cisco-anyconnect\nserver: vpn.example.com\n" CRED_EXT RULES, NULL);
  plist_t v = vpn(p);
  expect_int(v, "VPN.OnDemandEnabled", 1);
  expect_bool(v, "OnDemandMatchAppEnabled", true);
  assert_int_equal(plist_array_get_size(need(v, "VPN.OnDemandRules", PLIST_ARRAY, __LINE__)), 4);
  expect_str(v, "VPN.OnDemandRules.0.Action", "EvaluateConnection");
  expect_strs(v, "VPN.OnDemandRules.0.DNSDomainMatch", "corp.example.com");
  expect_str(v, "VPN.OnDemandRules.0.InterfaceTypeMatch", "WiFi");
  plist_t ap = need(v, "VPN.OnDemandRules.0.ActionParameters", PLIST_ARRAY, __LINE__);
  assert_int_equal(plist_array_get_size(ap), 2);
  expect_strs(ap, "0.Domains", "intranet.example.com", "crm.example.com");
  expect_str(ap, "0.DomainAction", "ConnectIfNeeded");
  expect_strs(ap, "0.RequiredDNSServers", "10.0.0.53");
  expect_str(ap, "0.RequiredURLStringProbe", "https://probe.example.com/ok");
  expect_strs(ap, "1.Domains", "www.example.com");
  expect_str(ap, "1.DomainAction", "NeverConnect");
  expect_absent(ap, "1.RequiredDNSServers");
  expect_absent(ap, "1.RequiredURLStringProbe");

  expect_str(v, "VPN.OnDemandRules.1.Action", "Disconnect");
  expect_strs(v, "VPN.OnDemandRules.1.SSIDMatch", "Example-Office");
  expect_strs(v, "VPN.OnDemandRules.1.DNSServerAddressMatch", "10.1.1.1");
  expect_str(v, "VPN.OnDemandRules.1.URLStringProbe", "https://inside.example.com/");
  expect_absent(v, "VPN.OnDemandRules.1.ActionParameters");
  expect_absent(v, "VPN.OnDemandRules.1.InterfaceTypeMatch");
  expect_str(v, "VPN.OnDemandRules.2.Action", "Ignore");
  expect_str(v, "VPN.OnDemandRules.2.InterfaceTypeMatch", "Cellular");
  expect_str(v, "VPN.OnDemandRules.3.Action", "Connect");
  expect_str(v, "VPN.OnDemandRules.3.InterfaceTypeMatch", "Ethernet");
  /* Rules live in the type's dictionary, never at the payload's top level. */
  expect_absent(v, "OnDemandRules");
  expect_absent(v, "OnDemandEnabled");
  plist_free(p);

  /* IPSec: the same rules go into the IPSec dictionary. */
  p = export_yaml(HEAD "type: ipsec\nserver: ipsec.example.com\n" CRED_EXT RULES, NULL);
  v = vpn(p);
  expect_int(v, "IPSec.OnDemandEnabled", 1);
  expect_str(v, "IPSec.OnDemandRules.0.Action", "EvaluateConnection");
  expect_str(v, "IPSec.OnDemandRules.0.ActionParameters.0.DomainAction", "ConnectIfNeeded");
  expect_absent(v, "VPN");
  plist_free(p);
}

static void test_on_demand_disabled_hides_rules(void **state) {
  (void)state;
  plist_t p = export_yaml(HEAD "type: cisco-anyconnect\nserver: vpn.example.com\n" CRED_EXT
                               "on_demand:\n  enabled: false\n  match_app: false\n  rules:\n"
                               "    - action: connect\n      match: {interface: wifi}\n",
                          NULL);
  plist_t v = vpn(p);
  expect_int(v, "VPN.OnDemandEnabled", 0);
  expect_bool(v, "OnDemandMatchAppEnabled", false);
  expect_absent(v, "VPN.OnDemandRules");
  plist_free(p);
}

static void test_proxy_manual(void **state) {
  (void)state;
  plist_t p =
      export_yaml(HEAD "type: juniper-ssl\nserver: ssl.example.com\n" CRED_EXT
                       "proxy:\n  setup: manual\n  server: proxy.example.com\n  port: 8080\n"
                       "  username: bob\n  password: s3cret\n"
                       "  url: https://ignored.example.com/p.pac\n",
                  NULL);
  plist_t v = vpn(p);
  expect_int(v, "Proxies.HTTPEnable", 1);
  expect_str(v, "Proxies.HTTPProxy", "proxy.example.com");
  expect_int(v, "Proxies.HTTPPort", 8080);
  expect_int(v, "Proxies.HTTPSEnable", 1);
  expect_str(v, "Proxies.HTTPSProxy", "proxy.example.com");
  expect_int(v, "Proxies.HTTPSPort", 8080);
  expect_str(v, "Proxies.HTTPProxyUsername", "bob");
  expect_str(v, "Proxies.HTTPProxyPassword", "s3cret");
  /* The URL belongs to automatic setup: hidden, so not exported. */
  expect_absent(v, "Proxies.ProxyAutoConfigURLString");
  expect_absent(v, "Proxies.ProxyAutoConfigEnable");
  plist_free(p);
}

static void test_proxy_automatic_and_none(void **state) {
  (void)state;
  plist_t p =
      export_yaml(HEAD "type: juniper-ssl\nserver: ssl.example.com\n" CRED_EXT
                       "proxy:\n  setup: automatic\n  url: https://proxy.example.com/p.pac\n"
                       "  server: hidden.example.com\n  port: 3128\n",
                  NULL);
  plist_t v = vpn(p);
  expect_int(v, "Proxies.ProxyAutoConfigEnable", 1);
  expect_str(v, "Proxies.ProxyAutoConfigURLString", "https://proxy.example.com/p.pac");
  expect_absent(v, "Proxies.HTTPEnable");
  expect_absent(v, "Proxies.HTTPProxy");
  expect_absent(v, "Proxies.HTTPPort");
  plist_free(p);

  p = export_yaml(HEAD "type: juniper-ssl\nserver: ssl.example.com\n" CRED_EXT
                       "proxy:\n  setup: none\n  server: hidden.example.com\n",
                  NULL);
  expect_absent(vpn(p), "Proxies");
  plist_free(p);
  p = export_yaml(HEAD "type: juniper-ssl\nserver: ssl.example.com\n" CRED_EXT, NULL);
  expect_absent(vpn(p), "Proxies");
  plist_free(p);
}

static void test_slicing(void **state) {
  (void)state;
  plist_t p = export_yaml(HEAD "type: aruba-via\nserver: via.example.com\n" CRED_EXT
                               "slicing:\n  enabled: true\n  kind: dnn\n  value: enterprise\n",
                          NULL);
  expect_str(vpn(p), "CellularSliceUUID", "DNN:enterprise");
  expect_absent(vpn(p), "slicing");
  plist_free(p);
  p = export_yaml(HEAD
                  "type: aruba-via\nserver: via.example.com\n" CRED_EXT
                  "slicing:\n  enabled: true\n  kind: app-category\n  value: enterprise-apps\n",
                  NULL);
  expect_str(vpn(p), "CellularSliceUUID", "AppCategory:enterprise-apps");
  plist_free(p);
  /* kind left out: its default (dnn) is spelled in. */
  p = export_yaml(HEAD "type: aruba-via\nserver: via.example.com\n" CRED_EXT
                       "slicing:\n  enabled: true\n  value: x\n",
                  NULL);
  expect_str(vpn(p), "CellularSliceUUID", "DNN:x");
  plist_free(p);
  p = export_yaml(HEAD "type: aruba-via\nserver: via.example.com\n" CRED_EXT
                       "slicing:\n  enabled: false\n  kind: dnn\n  value: enterprise\n",
                  NULL);
  expect_absent(vpn(p), "CellularSliceUUID");
  plist_free(p);
}

static void test_domains(void **state) {
  (void)state;
  plist_t p = export_yaml(HEAD "type: cisco-anyconnect\nserver: vpn.example.com\n" CRED_EXT
                               "domains:\n  safari: [crm.example.com, reports.example.com]\n"
                               "  associated: [example.com]\n  excluded: [public.example.com]\n"
                               "  mail: []\n",
                          NULL);
  plist_t v = vpn(p);
  expect_strs(v, "SafariDomains", "crm.example.com", "reports.example.com");
  expect_strs(v, "AssociatedDomains", "example.com");
  expect_strs(v, "ExcludedDomains", "public.example.com");
  expect_absent(v, "MailDomains"); /* empty lists are not written */
  expect_absent(v, "ContactsDomains");
  plist_free(p);
}

static void test_apps_distribution_absent(void **state) {
  (void)state;
  plist_t p = export_yaml(HEAD "type: cisco-anyconnect\nserver: vpn.example.com\n" CRED_EXT
                               "apps: [com.salesforce.chatter]\n"
                               "distribution:\n  target: custom\n  all_spaces: true\n"
                               "  device_groups: [Sales iPhones]\n  user_groups: [SalesUsers]\n",
                          NULL);
  assert_false(tree_mentions(p, "com.salesforce.chatter"));
  assert_false(tree_mentions(p, "Sales iPhones"));
  assert_false(tree_mentions(p, "SalesUsers"));
  assert_false(tree_mentions(p, "istribution"));
  plist_free(p);
}

/* ---- embedded credential ------------------------------------------------------ */

/* A real identity (EC P-256, self-signed), PKCS#12 with the password
 * "p12-pass": export parses it and checks the password. */
#define P12_FILE "tests/data/id.p12"

static config *load_with_p12(const char *dir, const char *cred_yaml) {
  char certs[4200];
  snprintf(certs, sizeof certs, "%s/certs", dir);
  char cmd[4300];
  snprintf(cmd, sizeof cmd, "mkdir -p '%s'", certs);
  assert_int_equal(system(cmd), 0);
  char p12[4300];
  snprintf(p12, sizeof p12, "%s/id.p12", certs);
  size_t n = 0;
  char *bytes = tu_read(tu_path(P12_FILE), &n);
  assert_non_null(bytes);
  write_bytes(p12, bytes, n);
  free(bytes);
  char yaml[4096];
  snprintf(yaml, sizeof yaml,
           HEAD "type: cisco-anyconnect\nserver: vpn.example.com\n"
                "proxy:\n  setup: manual\n  server: proxy.example.com\n  port: 8080\n"
                "  password: proxy-secret\n"
                "authentication: certificate\n%s",
           cred_yaml);
  const char *path = tu_write(dir, "vpn.yaml", yaml);
  diag_list d = DIAG_LIST_INIT;
  /* Loaded from another working directory: the .p12 path is relative to the file. */
  config *c = config_load(set, path, &d);
  if (!c || diag_count(&d, DIAG_ERROR)) {
    print_diags(&d);
    fail_msg("could not load %s", path);
  }
  diag_list_free(&d);
  return c;
}

static void test_pkcs12_embedded(void **state) {
  (void)state;
  const char *dir = tu_tmpdir();
  config *c = load_with_p12(dir, "credential:\n  file: certs/id.p12\n  password: p12-pass\n");
  /* uuid.credential given in the file: used as the pkcs12 PayloadUUID. */
  diag_list d = DIAG_LIST_INIT;
  assert_true(model_set(c, "uuid.credential", val_new_str(UUID_CRED), &d));
  diag_list_free(&d);
  plist_t p = export_cfg(c, NULL);
  assert_int_equal(plist_array_get_size(need(p, "PayloadContent", PLIST_ARRAY, __LINE__)), 2);
  plist_t v = vpn(p);
  expect_str(v, "VPN.PayloadCertificateUUID", UUID_CRED);
  expect_str(v, "VPN.AuthenticationMethod", "Certificate");
  plist_t k = need(p, "PayloadContent.1", PLIST_DICT, __LINE__);
  expect_str(k, "PayloadType", "com.apple.security.pkcs12");
  expect_int(k, "PayloadVersion", 1);
  expect_str(k, "PayloadUUID", UUID_CRED);
  expect_str(k, "PayloadIdentifier", "com.example.vpn.test.credential");
  expect_str(k, "PayloadDisplayName", "id.p12");
  expect_str(k, "Password", "p12-pass");
  char *data = NULL;
  uint64_t len = 0;
  plist_get_data_val(need(k, "PayloadContent", PLIST_DATA, __LINE__), &data, &len);
  size_t want_len = 0;
  char *want = tu_read(tu_path(P12_FILE), &want_len);
  assert_int_equal(len, want_len);
  assert_memory_equal(data, want, want_len);
  free(want);
  free(data);
  /* The path and the password are not written anywhere else. */
  assert_false(tree_mentions(v, "id.p12"));
  assert_false(tree_mentions(v, "p12-pass"));
  plist_free(p);
  config_free(c);
  tu_cleanup();
}

static void test_pkcs12_derived_uuid(void **state) {
  (void)state;
  const char *dir = tu_tmpdir();
  config *c = load_with_p12(dir, "credential:\n  file: certs/id.p12\n");
  plist_t p = export_cfg(c, NULL);
  /* No uuid.credential: version-5 UUID of "credential" in uuid.profile's namespace. */
  expect_str(vpn(p), "VPN.PayloadCertificateUUID", UUID_CRED_DERIVED);
  plist_t k = need(p, "PayloadContent.1", PLIST_DICT, __LINE__);
  expect_str(k, "PayloadUUID", UUID_CRED_DERIVED);
  expect_absent(k, "Password");
  plist_free(p);
  config_free(c);
  tu_cleanup();
}

static void test_pkcs12_masked(void **state) {
  (void)state;
  const char *dir = tu_tmpdir();
  config *c = load_with_p12(dir, "credential:\n  file: certs/id.p12\n  password: p12-pass\n");
  /* Previews never carry the identity: empty data, masked passwords. */
  export_opts o = {.format = EXPORT_XML, .mask_secrets = true};
  plist_t p = export_cfg(c, &o);
  plist_t k = need(p, "PayloadContent.1", PLIST_DICT, __LINE__);
  char *data = NULL;
  uint64_t len = 99;
  plist_get_data_val(need(k, "PayloadContent", PLIST_DATA, __LINE__), &data, &len);
  assert_int_equal(len, 0);
  free(data);
  expect_str(k, "Password", MASK);
  expect_str(vpn(p), "Proxies.HTTPProxyPassword", MASK);
  assert_false(tree_mentions(p, "p12-pass"));
  assert_false(tree_mentions(p, "proxy-secret"));
  plist_free(p);
  config_free(c);
  tu_cleanup();
}

static void test_pkcs12_missing(void **state) {
  (void)state;
  const char *dir = tu_tmpdir();
  config *c = load_with_p12(dir, "credential:\n  file: certs/nope.p12\n");
  export_fails(c, NULL, "nope.p12");
  config_free(c);
  tu_cleanup();
}

/* A payload-only export names the embedded identity but cannot carry it. */
static void test_pkcs12_payload_only(void **state) {
  (void)state;
  const char *dir = tu_tmpdir();
  config *c = load_with_p12(dir, "credential:\n  file: certs/id.p12\n  password: p12-pass\n");
  export_opts o = {.format = EXPORT_XML, .payload_only = true};
  plist_t p = export_cfg(c, &o);
  expect_str(p, "PayloadType", "com.apple.vpn.managed.applayer");
  expect_str(p, "VPN.PayloadCertificateUUID", UUID_CRED_DERIVED);
  assert_false(tree_mentions(p, "com.apple.security.pkcs12"));
  assert_false(tree_mentions(p, "p12-pass"));
  plist_free(p);
  config_free(c);
  tu_cleanup();
}

/* The file passes validation (it opens) but is no identity: export refuses it. */
static void test_pkcs12_too_large(void **state) {
  (void)state;
  const char *dir = tu_tmpdir();
  config *c = load_with_p12(dir, "credential:\n  file: certs/big.p12\n");
  char big[4300];
  snprintf(big, sizeof big, "%s/certs/big.p12", dir);
  FILE *f = fopen(big, "wb");
  assert_non_null(f);
  /* A PKCS#12 header (SEQUENCE of the file's length, version 3), so the
   * size is what export refuses. */
  unsigned long total = (17UL << 20) + 1, body = total - 6;
  unsigned char head[9] = {0x30,
                           0x84,
                           (unsigned char)(body >> 24),
                           (unsigned char)(body >> 16),
                           (unsigned char)(body >> 8),
                           (unsigned char)body,
                           0x02,
                           0x01,
                           0x03};
  assert_int_equal(fwrite(head, 1, sizeof head, f), sizeof head);
  assert_int_equal(fseek(f, 17L << 20, SEEK_SET), 0); /* sparse: cheap on disk */
  assert_int_equal(fputc('x', f), 'x');
  fclose(f);
  export_fails(c, NULL, "big.p12");
  export_fails(c, NULL, "too large");
  config_free(c);
  tu_cleanup();
}

/* The password must open the identity (a device would refuse the profile);
 * a ${variable} in it is the MDM's to fill and is not checked. */
static void test_pkcs12_wrong_password(void **state) {
  (void)state;
  const char *dir = tu_tmpdir();
  config *c = load_with_p12(dir, "credential:\n  file: certs/id.p12\n  password: not-it\n");
  export_fails(c, NULL, "wrong password for certs/id.p12");
  export_fails(c, NULL, "[credential.password]");
  config_free(c);
  c = load_with_p12(dir, "credential:\n  file: certs/id.p12\n  password: ${userUID}\n");
  plist_t p = export_cfg(c, NULL);
  plist_free(p);
  config_free(c);
  tu_cleanup();
}

/* PKCS#12's outer shape (what validation looks at) with nothing inside. */
static void test_pkcs12_not_pkcs12(void **state) {
  (void)state;
  const char *dir = tu_tmpdir();
  config *c = load_with_p12(dir, "credential:\n  file: certs/shape.p12\n");
  char shape[4300];
  snprintf(shape, sizeof shape, "%s/certs/shape.p12", dir);
  write_bytes(shape, "\x30\x03\x02\x01\x03", 5);
  export_fails(c, NULL, "certs/shape.p12 is not a PKCS#12 (.p12) file [credential.file]");
  config_free(c);
  tu_cleanup();
}

static void test_credential_uuid_passthrough(void **state) {
  (void)state;
  plist_t p = export_yaml(HEAD "type: sonicwall\nserver: sw.example.com\n" CRED_EXT, NULL);
  assert_int_equal(plist_array_get_size(need(p, "PayloadContent", PLIST_ARRAY, __LINE__)), 1);
  expect_str(vpn(p), "VPN.PayloadCertificateUUID", UUID_EXT);
  plist_free(p);
}

/* ---- variables and failures --------------------------------------------------- */

static void test_vars_substituted(void **state) {
  (void)state;
  var_binding vars[] = {{"userUID", "alice@example.com"}, {"proxyPort", "3128"}};
  export_opts o = {.format = EXPORT_XML, .vars = vars, .n_vars = 2};
  plist_t p = export_yaml(HEAD "type: cisco-anyconnect\nserver: vpn.example.com\n" CRED_EXT
                               "account: ${userUID}\n"
                               "proxy:\n  setup: manual\n  server: proxy.example.com\n"
                               "  port: ${proxyPort}\n  username: ${userUIDLocalPart}\n",
                          &o);
  plist_t v = vpn(p);
  expect_str(v, "VPN.AuthName", "alice@example.com");
  expect_int(v, "Proxies.HTTPPort", 3128);
  expect_int(v, "Proxies.HTTPSPort", 3128);
  /* Unbound variables in text stay for the MDM to fill in per user. */
  expect_str(v, "Proxies.HTTPProxyUsername", "${userUIDLocalPart}");
  plist_free(p);

  /* Without --var the account keeps its variable. */
  p = export_yaml(HEAD "type: cisco-anyconnect\nserver: vpn.example.com\n" CRED_EXT
                       "account: ${userUID}\n",
                  NULL);
  expect_str(vpn(p), "VPN.AuthName", "${userUID}");
  plist_free(p);
}

static void test_unresolved_integer(void **state) {
  (void)state;
  diag_list d = DIAG_LIST_INIT;
  config *c = load_text(HEAD "type: cisco-anyconnect\nserver: vpn.example.com\n" CRED_EXT
                             "proxy:\n  setup: manual\n  server: proxy.example.com\n"
                             "  port: ${proxyPort}\n",
                        &d);
  diag_list_free(&d);
  export_fails(c, NULL, "proxy.port holds ${proxyPort}: give it with --var proxyPort=VALUE");

  var_binding other[] = {{"userUID", "alice"}};
  export_opts o = {.format = EXPORT_XML, .vars = other, .n_vars = 1};
  export_fails(c, &o, "--var proxyPort=VALUE");

  var_binding bad[] = {{"proxyPort", "eighty"}};
  o.vars = bad;
  export_fails(c, &o, "eighty");

  var_binding big[] = {{"proxyPort", "70000"}};
  o.vars = big;
  export_fails(c, &o, "70000");

  var_binding good[] = {{"proxyPort", "8443"}};
  o.vars = good;
  plist_t p = export_cfg(c, &o);
  expect_int(vpn(p), "Proxies.HTTPPort", 8443);
  plist_free(p);
  config_free(c);
}

static void test_validation_error(void **state) {
  (void)state;
  diag_list d = DIAG_LIST_INIT;
  /* No server: a required field. */
  config *c = config_load_text(set, HEAD "type: cisco-anyconnect\n" CRED_EXT,
                               strlen(HEAD "type: cisco-anyconnect\n" CRED_EXT), "t.yaml", &d);
  assert_non_null(c);
  diag_list_free(&d);
  export_fails(c, NULL, "server");
  config_free(c);

  c = config_load_text(set, HEAD "type: cisco-anyconnect\nserver: 'not a host!'\n" CRED_EXT,
                       strlen(HEAD "type: cisco-anyconnect\nserver: 'not a host!'\n" CRED_EXT),
                       "t.yaml", &d);
  assert_non_null(c);
  diag_list_free(&d);
  export_fails(c, NULL, "server");
  config_free(c);
}

/* ---- formats, determinism, payload_only --------------------------------------- */

/* noinline: gcc 12 at -O3 otherwise warns that the result may point at the
 * local `out` (-Wdangling-pointer false positive). */
__attribute__((noinline)) static char *export_bytes(const config *c, const export_opts *o,
                                                    size_t *len) {
  diag_list d = DIAG_LIST_INIT;
  char *out = NULL;
  if (!export_profile(c, o, &out, len, &d)) {
    print_diags(&d);
    fail_msg("export failed");
  }
  diag_list_free(&d);
  return out;
}

static const char *FULL = HEAD "type: cisco-anyconnect\nserver: vpn.example.com\n"
                               "account: ${userUID}\ngroup: Sales\n" CRED_EXT
                               "proxy:\n  setup: manual\n  server: proxy.example.com\n"
                               "  port: 8080\n"
                               "slicing:\n  enabled: true\n  kind: dnn\n  value: enterprise\n"
                               "domains:\n  safari: [crm.example.com]\n" RULES;

static void test_binary_round_trip(void **state) {
  (void)state;
  diag_list d = DIAG_LIST_INIT;
  config *c = load_text(FULL, &d);
  diag_list_free(&d);
  export_opts ox = {.format = EXPORT_XML}, ob = {.format = EXPORT_BINARY};
  size_t lx = 0, lb = 0;
  char *x = export_bytes(c, &ox, &lx);
  char *b = export_bytes(c, &ob, &lb);
  assert_true(lb > 8);
  assert_memory_equal(b, "bplist00", 8);
  assert_non_null(strstr(x, "<?xml"));
  plist_t px = parse(x, lx, EXPORT_XML), pb = parse(b, lb, EXPORT_BINARY);
  /* Same tree: re-serialize both the same way and compare. */
  char *sx = NULL, *sb = NULL;
  uint32_t nx = 0, nb = 0;
  plist_to_xml(px, &sx, &nx);
  plist_to_xml(pb, &sb, &nb);
  assert_int_equal(nx, nb);
  assert_memory_equal(sx, sb, nx);
  expect_int(vpn(pb), "VPN.OnDemandEnabled", 1);
  expect_bool(vpn(pb), "OnDemandMatchAppEnabled", true);
  expect_int(vpn(pb), "Proxies.HTTPPort", 8080);
  plist_mem_release(sx);
  plist_mem_release(sb);
  plist_free(px);
  plist_free(pb);
  free(x);
  free(b);
  config_free(c);
}

static void test_deterministic(void **state) {
  (void)state;
  for (int fmt = 0; fmt < 2; fmt++) {
    export_opts o = {.format = fmt ? EXPORT_BINARY : EXPORT_XML};
    diag_list d = DIAG_LIST_INIT;
    config *c1 = load_text(FULL, &d);
    config *c2 = load_text(FULL, &d);
    diag_list_free(&d);
    size_t l1 = 0, l2 = 0, l3 = 0;
    char *a = export_bytes(c1, &o, &l1);
    char *b = export_bytes(c1, &o, &l2);
    char *e = export_bytes(c2, &o, &l3);
    assert_int_equal(l1, l2);
    assert_int_equal(l1, l3);
    assert_memory_equal(a, b, l1);
    assert_memory_equal(a, e, l1);
    if (!fmt) {
      /* Keys follow the descriptors' order: the payload's identity keys, added
       * last, come after the fields' keys (VPNUUID, then VPN). */
      const char *keys[] = {"<key>VPNUUID</key>", "<key>VPN</key>", "<key>PayloadType</key>",
                            "<key>VPNType</key>"};
      const char *start = strstr(a, "<key>PayloadContent</key>");
      assert_non_null(start);
      size_t at = (size_t)(start - a);
      for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        const char *n = strstr(a + at, keys[i]);
        if (!n)
          fail_msg("%s missing or out of order", keys[i]);
        at = (size_t)(n - a);
      }
    }
    free(a);
    free(b);
    free(e);
    config_free(c1);
    config_free(c2);
  }
}

static void test_draft(void **state) {
  (void)state;
  /* A configuration with an error: no server. */
  const char *yaml = HEAD "type: cisco-anyconnect\n" CRED_EXT;
  diag_list d = DIAG_LIST_INIT;
  config *c = load_text(yaml, &d);
  diag_list_clear(&d);
  char *out = NULL;
  size_t len = 0;
  export_opts o = {.format = EXPORT_XML};
  assert_false(export_profile(c, &o, &out, &len, &d));
  assert_null(out);
  assert_true(diag_count(&d, DIAG_ERROR) >= 1);
  diag_list_clear(&d);
  /* A draft (previews) builds what is there and still reports the error. */
  o.draft = true;
  o.mask_secrets = true;
  assert_true(export_profile(c, &o, &out, &len, &d));
  assert_non_null(out);
  assert_true(diag_count(&d, DIAG_ERROR) >= 1);
  assert_non_null(strstr(d.items[0].msg, "Server"));
  plist_t p = parse(out, len, EXPORT_XML);
  plist_t content = plist_dict_get_item(p, "PayloadContent");
  plist_t vpn = plist_array_get_item(content, 0);
  assert_non_null(plist_dict_get_item(vpn, "VPNUUID"));
  assert_null(plist_dict_get_item(plist_dict_get_item(vpn, "VPN"), "RemoteAddress"));
  plist_free(p);
  free(out);
  diag_list_free(&d);
  config_free(c);
}

static void test_payload_only(void **state) {
  (void)state;
  export_opts o = {.format = EXPORT_XML, .payload_only = true};
  plist_t p = export_yaml(FULL, &o);
  expect_str(p, "PayloadType", "com.apple.vpn.managed.applayer");
  expect_str(p, "PayloadIdentifier", "com.example.vpn.test.vpn");
  expect_str(p, "PayloadUUID", UUID_PAYLOAD);
  expect_str(p, "VPNType", "VPN");
  expect_str(p, "VPN.RemoteAddress", "vpn.example.com");
  expect_str(p, "VPN.OnDemandRules.0.Action", "EvaluateConnection");
  expect_absent(p, "PayloadContent");
  /* Outer-profile keys have nowhere to go. */
  assert_false(tree_mentions(p, UUID_PROFILE));
  expect_int(p, "PayloadVersion", 1);
  plist_free(p);

  o.format = EXPORT_BINARY;
  p = export_yaml(FULL, &o);
  expect_str(p, "VPNType", "VPN");
  expect_absent(p, "PayloadContent");
  plist_free(p);
}

/* Every shipped example exports (the cisco one embeds examples/certs/sales.p12). */
static void test_examples(void **state) {
  (void)state;
  const char *types[] = {"ipsec",     "cisco-anyconnect", "juniper-ssl", "netmotion",     "f5-ssl",
                         "sonicwall", "aruba-via",        "custom-ssl",  "globalprotect", "ikev2"};
  for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
    char rel[128];
    snprintf(rel, sizeof rel, "examples/%s.yaml", types[i]);
    diag_list d = DIAG_LIST_INIT;
    config *c = config_load(set, tu_path(rel), &d);
    if (!c || diag_count(&d, DIAG_ERROR)) {
      print_diags(&d);
      fail_msg("%s does not load", rel);
    }
    diag_list_free(&d);
    plist_t p = export_cfg(c, NULL);
    plist_t v = vpn(p);
    need(v, "VPNType", PLIST_STRING, __LINE__);
    need(v, "VPNUUID", PLIST_STRING, __LINE__);
    if (strcmp(types[i], "cisco-anyconnect") == 0) {
      plist_t k = need(p, "PayloadContent.1", PLIST_DICT, __LINE__);
      expect_str(k, "PayloadType", "com.apple.security.pkcs12");
      size_t flen = 0;
      char *file = tu_read(tu_path("examples/certs/sales.p12"), &flen);
      assert_non_null(file);
      char *data = NULL;
      uint64_t len = 0;
      plist_get_data_val(need(k, "PayloadContent", PLIST_DATA, __LINE__), &data, &len);
      assert_int_equal(len, flen);
      assert_memory_equal(data, file, flen);
      free(data);
      free(file);
    }
    plist_free(p);
    config_free(c);
  }
}

static int setup(void **state) {
  (void)state;
  diag_list d = DIAG_LIST_INIT;
  set = desc_load_embedded(&d);
  if (!set)
    print_diags(&d);
  diag_list_free(&d);
  return set ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  desc_set_free(set);
  tu_cleanup();
  return 0;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_structure),
      cmocka_unit_test(test_ipsec),
      cmocka_unit_test(test_cisco_anyconnect),
      cmocka_unit_test(test_juniper_ssl),
      cmocka_unit_test(test_netmotion),
      cmocka_unit_test(test_f5_ssl),
      cmocka_unit_test(test_sonicwall),
      cmocka_unit_test(test_aruba_via),
      cmocka_unit_test(test_custom_ssl),
      cmocka_unit_test(test_globalprotect),
      cmocka_unit_test(test_ikev2),
      cmocka_unit_test(test_on_demand_rules),
      cmocka_unit_test(test_on_demand_disabled_hides_rules),
      cmocka_unit_test(test_proxy_manual),
      cmocka_unit_test(test_proxy_automatic_and_none),
      cmocka_unit_test(test_slicing),
      cmocka_unit_test(test_domains),
      cmocka_unit_test(test_apps_distribution_absent),
      cmocka_unit_test(test_pkcs12_embedded),
      cmocka_unit_test(test_pkcs12_derived_uuid),
      cmocka_unit_test(test_pkcs12_masked),
      cmocka_unit_test(test_pkcs12_missing),
      cmocka_unit_test(test_pkcs12_payload_only),
      cmocka_unit_test(test_pkcs12_too_large),
      cmocka_unit_test(test_pkcs12_wrong_password),
      cmocka_unit_test(test_pkcs12_not_pkcs12),
      cmocka_unit_test(test_credential_uuid_passthrough),
      cmocka_unit_test(test_vars_substituted),
      cmocka_unit_test(test_unresolved_integer),
      cmocka_unit_test(test_validation_error),
      cmocka_unit_test(test_binary_round_trip),
      cmocka_unit_test(test_deterministic),
      cmocka_unit_test(test_payload_only),
      cmocka_unit_test(test_draft),
      cmocka_unit_test(test_examples),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
