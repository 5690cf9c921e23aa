/* Validation: format checks, and every descriptor-driven check on
 * configurations loaded from YAML text with the real embedded descriptors
 * (plus a small test form for attributes the shipped forms do not use). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/desc.h"
#include "core/model.h"
#include "core/util.h"
#include "core/validate.h"
#include "core/value.h"
#include "io/config_io.h"
#include "io/desc_load.h"
#include "testutil.h"

/* ---- format checks ------------------------------------------------------ */

static void ok_fmt(field_format f, const char *s) {
  const char *why = "unset";
  if (!validate_format(f, s, &why))
    fail_msg("%s '%s' rejected: %s", field_format_name(f), s, why);
  assert_null(why);
}

static void bad_fmt(field_format f, const char *s, const char *expect_why) {
  const char *why = NULL;
  if (validate_format(f, s, &why))
    fail_msg("%s '%s' accepted", field_format_name(f), s ? s : "(null)");
  assert_non_null(why);
  if (expect_why)
    assert_string_equal(why, expect_why);
}

static void test_format_host(void **state) {
  (void)state;
  ok_fmt(FMT_HOST, "vpn.example.com");
  ok_fmt(FMT_HOST, "vpn");
  ok_fmt(FMT_HOST, "vpn-1.example.com.");
  ok_fmt(FMT_HOST, "1password.example.com");
  ok_fmt(FMT_HOST, "10.0.0.1");
  ok_fmt(FMT_HOST, "2001:db8::1");
  ok_fmt(FMT_HOST, "::1");
  bad_fmt(FMT_HOST, "", "empty");
  bad_fmt(FMT_HOST, "vpn..example.com", "empty label (two dots in a row, or a dot at an end)");
  bad_fmt(FMT_HOST, ".example.com", "empty label (two dots in a row, or a dot at an end)");
  bad_fmt(FMT_HOST, "vpn example.com", "contains a space");
  bad_fmt(FMT_HOST, "vpn_1.example.com", "only letters, digits, '-' and '.' are allowed");
  bad_fmt(FMT_HOST, "-vpn.example.com", "a label starts or ends with '-'");
  bad_fmt(FMT_HOST, "vpn-.example.com", "a label starts or ends with '-'");
  bad_fmt(FMT_HOST, "10.0.0.256", "not a valid IPv4 address");
  bad_fmt(FMT_HOST, "10.0.0", "not a valid IPv4 address");
  bad_fmt(FMT_HOST, "https://vpn.example.com", "give the host name only, without a scheme");
  bad_fmt(FMT_HOST, "vpn.example.com:443", "give the host name only, without a port");
  bad_fmt(FMT_HOST, "vpn.example.com/x", "give the host name only, without a path");
  bad_fmt(FMT_HOST, "[2001:db8::1]", "give an IPv6 address without brackets or zone");
  bad_fmt(FMT_HOST, "2001:db8:::1", "not a valid IPv6 address");
  bad_fmt(FMT_HOST, "vpn.bücher.de", "non-ASCII name: use its xn-- form");
  ok_fmt(FMT_HOST, "vpn.xn--bcher-kva.de");
  char label[80];
  memset(label, 'a', 64);
  strcpy(label + 64, ".com");
  bad_fmt(FMT_HOST, label, "a label is longer than 63 characters");
  label[63] = 0;
  ok_fmt(FMT_HOST, label);
  char longname[300];
  longname[0] = 0;
  for (int i = 0; i < 64; i++)
    strcat(longname, "abc.");
  strcat(longname, "com");
  bad_fmt(FMT_HOST, longname, "longer than 253 characters");
}

static void test_format_ip_port(void **state) {
  (void)state;
  ok_fmt(FMT_IP, "10.0.0.53");
  ok_fmt(FMT_IP, "fe80::1");
  ok_fmt(FMT_IP, "::ffff:10.0.0.1");
  bad_fmt(FMT_IP, "dns.example.com", "not a valid IPv4 address");
  bad_fmt(FMT_IP, "10.0.0.1.2", "not a valid IPv4 address");
  bad_fmt(FMT_IP, "fe80::1::2", "not a valid IPv6 address");
  bad_fmt(FMT_IP, "", "empty");

  ok_fmt(FMT_PORT, "1");
  ok_fmt(FMT_PORT, "443");
  ok_fmt(FMT_PORT, "65535");
  bad_fmt(FMT_PORT, "0", "must be between 1 and 65535");
  bad_fmt(FMT_PORT, "65536", "must be between 1 and 65535");
  bad_fmt(FMT_PORT, "99999999999999999999", "must be between 1 and 65535");
  bad_fmt(FMT_PORT, "08080", "no leading zeros");
  bad_fmt(FMT_PORT, "80a", "not a number");
  bad_fmt(FMT_PORT, "-1", "not a number");
  bad_fmt(FMT_PORT, "", "empty");
}

static void test_format_url(void **state) {
  (void)state;
  ok_fmt(FMT_URL, "https://probe.example.com/ok");
  ok_fmt(FMT_URL, "http://probe.example.com");
  ok_fmt(FMT_URL, "HTTPS://probe.example.com:8443/a?b=c#d");
  ok_fmt(FMT_URL, "https://10.0.0.1/pac");
  ok_fmt(FMT_URL, "https://[2001:db8::1]:8443/x");
  ok_fmt(FMT_URL, "https://user@proxy.example.com/proxy.pac");
  bad_fmt(FMT_URL, "probe.example.com", "must start with http:// or https://");
  bad_fmt(FMT_URL, "ftp://probe.example.com", "must start with http:// or https://");
  bad_fmt(FMT_URL, "https://", "no host after the scheme");
  bad_fmt(FMT_URL, "https:///path", "no host after the scheme");
  bad_fmt(FMT_URL, "https://:80/", "no host after the scheme");
  bad_fmt(FMT_URL, "https://a b.com/", "contains a space (write it as %20)");
  bad_fmt(FMT_URL, "https://probe..example.com/", "the host is not a valid host name");
  bad_fmt(FMT_URL, "https://probe.example.com:0/", "the port must be a number 1-65535");
  bad_fmt(FMT_URL, "https://probe.example.com:http/", "the port must be a number 1-65535");
  bad_fmt(FMT_URL, "https://[2001:db8::1/", "unclosed '[' around an IPv6 address");
  bad_fmt(FMT_URL, "https://[zz::1]/", "not a valid IPv6 address");
}

/* A vendor's server address: host, host:port, host/path, or a URL. */
static void test_format_server(void **state) {
  (void)state;
  ok_fmt(FMT_SERVER, "vpn.example.com");
  ok_fmt(FMT_SERVER, "vpn.example.com:8443");
  ok_fmt(FMT_SERVER, "vpn.example.com/sales");
  ok_fmt(FMT_SERVER, "vpn.example.com:443/sales/eu");
  ok_fmt(FMT_SERVER, "https://sslvpn.example.com/staff");
  ok_fmt(FMT_SERVER, "10.0.0.1:443");
  ok_fmt(FMT_SERVER, "2001:db8::1");
  bad_fmt(FMT_SERVER, "vpn.example.com:0", "must be between 1 and 65535");
  bad_fmt(FMT_SERVER, "vpn.example.com:http", "not a number");
  bad_fmt(FMT_SERVER, "vpn.example.com/", "an empty path after '/'");
  bad_fmt(FMT_SERVER, "vpn example.com", "contains a space");
  bad_fmt(FMT_SERVER, "ftp://vpn.example.com", "must start with http:// or https://");
  bad_fmt(FMT_SERVER, "vpn..example.com:443", NULL);
  /* the plain host format still refuses them */
  bad_fmt(FMT_HOST, "vpn.example.com:8443", "give the host name only, without a port");
}

static void test_format_rdns_domain(void **state) {
  (void)state;
  ok_fmt(FMT_RDNS, "com.example.app");
  ok_fmt(FMT_RDNS, "com.cisco.anyconnect");
  ok_fmt(FMT_RDNS, "net.pulsesecure.PulseSecure.vpnplugin");
  ok_fmt(FMT_RDNS, "com.f5.F5-Edge-Client.vpnplugin");
  bad_fmt(FMT_RDNS, "anyconnect", "needs at least two labels, like com.example");
  bad_fmt(FMT_RDNS, "com..example", "empty label (two dots in a row, or a dot at an end)");
  bad_fmt(FMT_RDNS, "com.example.", "empty label (two dots in a row, or a dot at an end)");
  bad_fmt(FMT_RDNS, "com.example app", "only letters, digits, '-' and '.' are allowed");
  bad_fmt(FMT_RDNS, "com.example_app", "only letters, digits, '-' and '.' are allowed");
  bad_fmt(FMT_RDNS, "", "empty");

  ok_fmt(FMT_DOMAIN, "example.com");
  ok_fmt(FMT_DOMAIN, "intranet.example.com");
  ok_fmt(FMT_DOMAIN, "*.example.com");
  ok_fmt(FMT_DOMAIN, "corp");
  bad_fmt(FMT_DOMAIN, "*", "a wildcard must be a whole leading label: *.example.com");
  bad_fmt(FMT_DOMAIN, "*example.com", "a wildcard must be a whole leading label: *.example.com");
  bad_fmt(FMT_DOMAIN, "*.", "nothing after the wildcard");
  bad_fmt(FMT_DOMAIN, "www.*.example.com",
          "a wildcard is allowed only as the leading label: *.example.com");
  bad_fmt(FMT_DOMAIN, "https://example.com", "give the domain only, without a scheme");
  bad_fmt(FMT_DOMAIN, "example.com/path", "give the domain only, without a path or port");
  bad_fmt(FMT_DOMAIN, "exa mple.com", "contains a space");
  bad_fmt(FMT_DOMAIN, "", "empty");
}

static void test_format_uuid_ssid(void **state) {
  (void)state;
  ok_fmt(FMT_UUID, "0F3A6C1E-9B2D-4E5F-8A7B-1C2D3E4F5A6B");
  ok_fmt(FMT_UUID, "0f3a6c1e-9b2d-4e5f-8a7b-1c2d3e4f5a6b");
  bad_fmt(FMT_UUID, "0F3A6C1E9B2D4E5F8A7B1C2D3E4F5A6B", "expected 8-4-4-4-12 hexadecimal digits");
  bad_fmt(FMT_UUID, "0F3A6C1E-9B2D-4E5F-8A7B-1C2D3E4F5A6",
          "expected 8-4-4-4-12 hexadecimal digits");
  bad_fmt(FMT_UUID, "0F3A6C1E-9B2D-4E5F-8A7B-1C2D3E4F5A6BC",
          "expected 8-4-4-4-12 hexadecimal digits");
  bad_fmt(FMT_UUID, "GF3A6C1E-9B2D-4E5F-8A7B-1C2D3E4F5A6B",
          "expected 8-4-4-4-12 hexadecimal digits");
  bad_fmt(FMT_UUID, "", "expected 8-4-4-4-12 hexadecimal digits");

  ok_fmt(FMT_SSID, "Corp WiFi");
  ok_fmt(FMT_SSID, "12345678901234567890123456789012");
  ok_fmt(FMT_SSID, "Café ☕"); /* bytes, not characters: 9 */
  bad_fmt(FMT_SSID, "123456789012345678901234567890123", "longer than 32 bytes");
  bad_fmt(FMT_SSID, "", "empty");
  /* 11 three-byte characters are 33 bytes. */
  bad_fmt(FMT_SSID, "☕☕☕☕☕☕☕☕☕☕☕", "longer than 32 bytes");

  ok_fmt(FMT_NONE, "anything at all");
  bad_fmt(FMT_HOST, NULL, "empty");
  /* why may be NULL. */
  assert_false(validate_format(FMT_HOST, "a..b", NULL));
  assert_true(validate_format(FMT_HOST, "a.b", NULL));
}

/* ---- helpers ------------------------------------------------------------- */

static desc_set *forms; /* the embedded descriptors, for every test */

static int setup(void **state) {
  (void)state;
  diag_list d = DIAG_LIST_INIT;
  forms = desc_load_embedded(&d);
  if (d.n)
    diag_list_print(&d, stderr);
  diag_list_free(&d);
  return forms ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  desc_set_free(forms);
  tu_cleanup();
  return 0;
}

/* A configuration that loads without any diagnostic. */
static config *load_as(const desc_set *set, const char *yaml, const char *name) {
  diag_list d = DIAG_LIST_INIT;
  config *c = config_load_text(set, yaml, strlen(yaml), name, &d);
  if (d.n || !c) {
    diag_list_print(&d, stderr);
    fail_msg("the test configuration did not load cleanly");
  }
  diag_list_free(&d);
  return c;
}

static config *load(const char *yaml) {
  return load_as(forms, yaml, "t.yaml");
}

static void validate(const config *c, diag_list *d) {
  diag_list_clear(d);
  validate_config(c, d);
}

/* Asserts that d holds exactly this entry (and prints the list when not). */
static void expect(const diag_list *d, diag_level lvl, unsigned line, unsigned col,
                   const char *field, const char *msg) {
  for (size_t i = 0; i < d->n; i++) {
    const diag *x = &d->items[i];
    if (x->level == lvl && x->line == line && x->col == col && str_eq(x->field, field) &&
        str_eq(x->msg, msg))
      return;
  }
  diag_list_print(d, stderr);
  fail_msg("missing: %u:%u: %s: %s [%s]", line, col, diag_level_name(lvl), msg, field);
}

static void expect_count(const diag_list *d, size_t n) {
  if (d->n != n) {
    diag_list_print(d, stderr);
    fail_msg("expected %zu diagnostics, got %zu", n, d->n);
  }
}

/* A complete, valid Cisco AnyConnect configuration; tests append to it. */
#define BASE                                                                                       \
  "format: 1\n"                                                                                    \
  "name: Test\n"                                                                                   \
  "type: cisco-anyconnect\n"                                                                       \
  "identifier: com.example.vpn.test\n"                                                             \
  "uuid:\n"                                                                                        \
  "  vpn: 2808B339-03F7-4887-ABF9-EEA3DC40D2AB\n"                                                  \
  "credential:\n"                                                                                  \
  "  uuid: F9C8A150-9182-41EA-87E2-F6C6B194F1CF\n"
/* BASE is 8 lines: what tests append starts on line 9. */

/* ---- configurations -------------------------------------------------- */

static void test_valid_config_has_no_diagnostics(void **state) {
  (void)state;
  config *c = load(BASE "server: vpn.example.com\n");
  diag_list d = DIAG_LIST_INIT;
  validate(c, &d);
  expect_count(&d, 0);
  diag_list_free(&d);
  config_free(c);
}

static void test_required(void **state) {
  (void)state;
  diag_list d = DIAG_LIST_INIT;
  /* A top-level field: no enclosing map in the file, so no position. */
  config *c = load(BASE);
  validate(c, &d);
  expect(&d, DIAG_ERROR, 0, 0, "server", "Server is required");
  expect_count(&d, 1);
  assert_string_equal(d.items[0].file, "t.yaml");
  config_free(c);

  /* Inside a map that exists: its position. */
  c = load(BASE "server: vpn.example.com\n"
                "proxy:\n"
                "  setup: manual\n"
                "  port: 8080\n");
  validate(c, &d);
  /* A missing value inside a map points at the map's key ("proxy:"). */
  expect(&d, DIAG_ERROR, 10, 1, "proxy.server", "Proxy Server is required");
  expect_count(&d, 1);
  config_free(c);

  /* An empty string is not a value. */
  c = load(BASE "server: ''\n");
  validate(c, &d);
  expect(&d, DIAG_ERROR, 0, 0, "server", "Server is required");
  expect_count(&d, 1);
  config_free(c);

  /* A conditional requirement (show + required) inside records: the record's position. */
  c = load(BASE "server: vpn.example.com\n"
                "on_demand:\n"
                "  enabled: true\n"
                "  rules:\n"
                "    - action: connect\n"
                "    - action: evaluate-connection\n"
                "      match:\n"
                "        interface: wifi\n"
                "    - action: evaluate-connection\n"
                "      connection:\n"
                "        - domain_action: never-connect\n");
  validate(c, &d);
  expect(&d, DIAG_ERROR, 14, 7, "on_demand.rules[1].connection", "Connection rules is required");
  expect(&d, DIAG_ERROR, 19, 11, "on_demand.rules[2].connection[0].domains", "Domains is required");
  expect_count(&d, 2);
  config_free(c);

  /* A default satisfies required (slicing.kind defaults to dnn). */
  c = load(BASE "server: vpn.example.com\n"
                "slicing:\n"
                "  enabled: true\n");
  validate(c, &d);
  expect(&d, DIAG_ERROR, 10, 1, "slicing.value", "Slice Value is required");
  expect_count(&d, 1);
  config_free(c);
  diag_list_free(&d);
}

static void test_formats_in_config(void **state) {
  (void)state;
  diag_list d = DIAG_LIST_INIT;
  config *c = load(BASE "server: vpn..example.com\n"
                        "domains:\n"
                        "  safari:\n"
                        "    - crm.example.com\n"
                        "    - '*.example.com'\n"
                        "    - bad domain.com\n"
                        "apps: [com.example.app, chatter]\n"
                        "on_demand:\n"
                        "  enabled: true\n"
                        "  rules:\n"
                        "    - action: evaluate-connection\n"
                        "      match:\n"
                        "        ssid: [Office, '123456789012345678901234567890123']\n"
                        "        url_probe: probe.example.com\n"
                        "      connection:\n"
                        "        - domains: [intranet.example.com]\n"
                        "          required_dns_servers: [10.0.0.53, dns.example.com]\n");
  validate(c, &d);
  expect(&d, DIAG_ERROR, 9, 9, "server",
         "Server: empty label (two dots in a row, or a dot at an end) ('vpn..example.com' is "
         "not a host name or IP address with an optional :port and /path, or a URL)");
  expect(&d, DIAG_ERROR, 14, 7, "domains.safari[2]",
         "Safari Domains: contains a space ('bad domain.com' is not a domain name "
         "(www.example.com))");
  expect(&d, DIAG_ERROR, 15, 25, "apps[1]",
         "Apps using this VPN: needs at least two labels, like com.example ('chatter' is not a "
         "reverse-DNS identifier (com.example.app))");
  expect(&d, DIAG_ERROR, 21, 24, "on_demand.rules[0].match.ssid[1]",
         "SSID Match: longer than 32 bytes ('123456789012345678901234567890123' is not a Wi-Fi "
         "network name (1-32 bytes))");
  expect(&d, DIAG_ERROR, 22, 20, "on_demand.rules[0].match.url_probe",
         "URL String Probe: must start with http:// or https:// ('probe.example.com' is not an "
         "http:// or https:// URL)");
  expect(&d, DIAG_ERROR, 25, 45, "on_demand.rules[0].connection[0].required_dns_servers[1]",
         "DNS Server: not a valid IPv4 address ('dns.example.com' is not an IPv4 or IPv6 "
         "address)");
  expect_count(&d, 6);
  /* Sorted by position. */
  for (size_t i = 1; i < d.n; i++)
    assert_true(d.items[i - 1].line <= d.items[i].line);
  config_free(c);
  diag_list_free(&d);
}

static void test_integer_range_and_variables(void **state) {
  (void)state;
  diag_list d = DIAG_LIST_INIT;
  config *c = load(BASE "server: vpn.example.com\n"
                        "proxy:\n"
                        "  setup: manual\n"
                        "  server: proxy.example.com\n"
                        "  port: 70000\n");
  validate(c, &d);
  expect(&d, DIAG_ERROR, 13, 9, "proxy.port", "Proxy Port must be between 1 and 65535, not 70000");
  expect_count(&d, 1);
  config_free(c);

  c = load(BASE "server: vpn.example.com\n"
                "proxy:\n"
                "  setup: manual\n"
                "  server: proxy.example.com\n"
                "  port: 0\n");
  validate(c, &d);
  expect(&d, DIAG_ERROR, 13, 9, "proxy.port", "Proxy Port must be between 1 and 65535, not 0");
  expect_count(&d, 1);
  config_free(c);

  /* An integer field holding a variable: known only once resolved. */
  c = load(BASE "server: vpn.example.com\n"
                "proxy:\n"
                "  setup: manual\n"
                "  server: ${deviceName}\n"
                "  port: ${userLocale}\n");
  validate(c, &d);
  expect(&d, DIAG_WARNING, 13, 9, "proxy.port",
         "Proxy Port holds ${userLocale}: it must be resolved with --var userLocale=VALUE before "
         "export");
  /* proxy.server takes variables: its host format is not checked. */
  expect_count(&d, 1);
  config_free(c);
  diag_list_free(&d);
}

static void test_choice(void **state) {
  (void)state;
  diag_list d = DIAG_LIST_INIT;
  config *c = load(BASE "server: vpn.example.com\n"
                        "proxy:\n"
                        "  setup: sometimes\n"
                        "on_demand:\n"
                        "  enabled: true\n"
                        "  rules:\n"
                        "    - action: allow\n");
  validate(c, &d);
  expect(&d, DIAG_ERROR, 11, 10, "proxy.setup",
         "Proxy Setup must be one of none, manual, automatic; not 'sometimes'");
  expect(&d, DIAG_ERROR, 15, 15, "on_demand.rules[0].action",
         "Action must be one of connect, disconnect, ignore, evaluate-connection; not 'allow'");
  expect_count(&d, 2);
  config_free(c);
  diag_list_free(&d);
}

static void test_variables(void **state) {
  (void)state;
  diag_list d = DIAG_LIST_INIT;
  config *c = load(BASE "server: ${deviceName}.example.com\n"
                        "account: ${userUid}@${userUIDDomain}\n"
                        "group: ${userOU}\n"
                        "proxy:\n"
                        "  setup: manual\n"
                        "  server: proxy.example.com\n"
                        "  port: 8080\n"
                        "  username: ${costCenter}\n");
  validate(c, &d);
  /* A field without variables: the reference is reported, and its format still checked. */
  expect(&d, DIAG_WARNING, 9, 9, "server",
         "Server does not take variables: ${deviceName} would be sent to the device as written");
  expect(&d, DIAG_ERROR, 9, 9, "server",
         "Server: only letters, digits, '-' and '.' are allowed ('${deviceName}.example.com' is "
         "not a host name or IP address with an optional :port and /path, or a URL)");
  expect(&d, DIAG_WARNING, 10, 10, "account",
         "unknown variable ${userUid} (did you mean ${userUID}?)");
  expect(&d, DIAG_WARNING, 11, 8, "group",
         "Group does not take variables: ${userOU} would be sent to the device as written");
  expect(&d, DIAG_WARNING, 16, 13, "proxy.username",
         "unknown variable ${costCenter} (not a standard variable: the MDM must define a custom "
         "attribute of this name)");
  expect_count(&d, 5);
  config_free(c);

  /* '$' alone and an unterminated '${' are plain text. */
  c = load(BASE "server: vpn.example.com\n"
                "account: a$b${c\n");
  validate(c, &d);
  expect_count(&d, 0);
  config_free(c);
  diag_list_free(&d);
}

static void test_deprecated(void **state) {
  (void)state;
  diag_list d = DIAG_LIST_INIT;
  config *c = load(BASE "server: vpn.example.com\n"
                        "domains:\n"
                        "  mail: [mail.example.com]\n"
                        "  contacts: []\n");
  validate(c, &d);
  expect(&d, DIAG_WARNING, 11, 9, "domains.mail", "Mail Domains is deprecated since iOS 13.4");
  /* Not set (empty): no warning. */
  expect_count(&d, 1);
  config_free(c);
  diag_list_free(&d);
}

static void test_hidden_values(void **state) {
  (void)state;
  diag_list d = DIAG_LIST_INIT;
  /* Loaded while visible, hidden in memory afterwards. */
  config *c = load(BASE "server: vpn.example.com\n"
                        "proxy:\n"
                        "  setup: manual\n"
                        "  server: proxy.example.com\n"
                        "  port: 8080\n"
                        "on_demand:\n"
                        "  enabled: true\n"
                        "  rules:\n"
                        "    - action: evaluate-connection\n"
                        "      connection:\n"
                        "        - domains: [intranet.example.com]\n"
                        "          required_dns_servers: [10.0.0.53]\n"
                        "          required_url_probe: https://probe.example.com/ok\n");
  validate(c, &d);
  expect_count(&d, 0);

  assert_true(model_set(c, "on_demand.rules[0].connection[0].domain_action",
                        val_new_str("never-connect"), &d));
  assert_true(model_set(c, "proxy.setup", val_new_str("automatic"), &d));
  assert_true(model_set(c, "proxy.url", val_new_str("https://proxy.example.com/p.pac"), &d));
  expect_count(&d, 0);
  /* Hidden now: neither saved nor exported, so no problem to report (the
   * editor keeps them so that switching back restores them). */
  validate(c, &d);
  expect_count(&d, 0);

  /* Values set in memory while hidden: the same. */
  assert_true(model_set(c, "proxy.port", val_new_int(3128), &d));
  assert_true(model_set(c, "on_demand.rules[0].action", val_new_str("connect"), &d));
  expect_count(&d, 0);
  validate(c, &d);
  expect_count(&d, 0);

  /* Switching back restores them, and they are checked again. */
  assert_true(model_set(c, "on_demand.rules[0].action", val_new_str("evaluate-connection"), &d));
  assert_true(model_set(c, "on_demand.rules[0].connection[0].domain_action",
                        val_new_str("connect-if-needed"), &d));
  assert_true(model_set(c, "on_demand.rules[0].connection[0].required_url_probe",
                        val_new_str("not a url"), &d));
  validate(c, &d);
  expect_count(&d, 1);
  assert_int_equal(d.items[0].level, DIAG_ERROR);
  assert_string_equal(d.items[0].field, "on_demand.rules[0].connection[0].required_url_probe");
  config_free(c);
  diag_list_free(&d);
}

static void test_credential_file(void **state) {
  (void)state;
  const char *dir = tu_tmpdir();
  char certs[4200];
  snprintf(certs, sizeof certs, "%s/certs", dir);
  assert_int_equal(mkdir(certs, 0755), 0);
  /* The outer structure of PKCS#12: SEQUENCE { INTEGER 3 } (validation looks
   * no further; export parses the whole file). */
  tu_write(certs, "ok.p12", "\x30\x03\x02\x01\x03");
  tu_write(certs, "no.p12", "not pkcs12, but readable");
  char cfgpath[4200];
  snprintf(cfgpath, sizeof cfgpath, "%s/vpn.yaml", dir);
  const char *top = "format: 1\n"
                    "name: Test\n"
                    "type: cisco-anyconnect\n"
                    "identifier: com.example.vpn.test\n"
                    "uuid:\n"
                    "  vpn: 2808B339-03F7-4887-ABF9-EEA3DC40D2AB\n"
                    "server: vpn.example.com\n"
                    "credential:\n";
  diag_list d = DIAG_LIST_INIT;
  char *yaml = xasprintf("%s  file: certs/ok.p12\n", top);
  config *c = load_as(forms, yaml, cfgpath);
  validate(c, &d);
  expect_count(&d, 0);
  config_free(c);
  free(yaml);

  yaml = xasprintf("%s  file: certs/x.p12\n", top);
  c = load_as(forms, yaml, cfgpath);
  validate(c, &d);
  expect(&d, DIAG_ERROR, 9, 9, "credential.file",
         "cannot read certificate file certs/x.p12: No such file or directory");
  expect_count(&d, 1);
  assert_string_equal(d.items[0].file, cfgpath);
  config_free(c);
  free(yaml);

  yaml = xasprintf("%s  file: certs\n", top);
  c = load_as(forms, yaml, cfgpath);
  validate(c, &d);
  expect(&d, DIAG_ERROR, 9, 9, "credential.file",
         "cannot read certificate file certs: Is a directory");
  expect_count(&d, 1);
  config_free(c);
  free(yaml);

  /* Readable, but no PKCS#12. */
  yaml = xasprintf("%s  file: certs/no.p12\n", top);
  c = load_as(forms, yaml, cfgpath);
  validate(c, &d);
  expect(&d, DIAG_ERROR, 9, 9, "credential.file",
         "certificate file certs/no.p12 is not a PKCS#12 (.p12) file");
  expect_count(&d, 1);
  config_free(c);
  free(yaml);

  /* A FIFO nobody writes to: refused at once, never waited on. */
  char fifo[4300];
  snprintf(fifo, sizeof fifo, "%s/fifo.p12", certs);
  assert_int_equal(mkfifo(fifo, 0600), 0);
  yaml = xasprintf("%s  file: certs/fifo.p12\n", top);
  c = load_as(forms, yaml, cfgpath);
  validate(c, &d);
  expect(&d, DIAG_ERROR, 9, 9, "credential.file",
         "cannot read certificate file certs/fifo.p12: it is a FIFO, not a regular file");
  expect_count(&d, 1);
  config_free(c);
  free(yaml);

  /* Relative to the configuration's directory, not the working directory. */
  yaml = xasprintf("%s  file: ok.p12\n", top);
  c = load_as(forms, yaml, cfgpath);
  validate(c, &d);
  expect(&d, DIAG_ERROR, 9, 9, "credential.file",
         "cannot read certificate file ok.p12: No such file or directory");
  config_free(c);
  free(yaml);

  /* An absolute path is used as it is. */
  yaml = xasprintf("%s  file: %s/ok.p12\n", top, certs);
  c = load_as(forms, yaml, cfgpath);
  validate(c, &d);
  expect_count(&d, 0);
  config_free(c);
  free(yaml);

  /* Neither a file nor a UUID: the file is required. */
  c = load_as(forms,
              "format: 1\nname: Test\ntype: cisco-anyconnect\nidentifier: com.example.x\n"
              "uuid:\n  vpn: 2808B339-03F7-4887-ABF9-EEA3DC40D2AB\nserver: vpn.example.com\n",
              cfgpath);
  validate(c, &d);
  expect(&d, DIAG_ERROR, 0, 0, "credential.file", "Credential (.p12 file) is required");
  expect_count(&d, 1);
  config_free(c);
  diag_list_free(&d);
}

static void test_in_memory_config(void **state) {
  (void)state;
  /* A new configuration, filled in with model_set: nothing has a position. */
  config *c = config_new(forms, desc_set_find(forms, "ikev2"));
  assert_non_null(c);
  diag_list d = DIAG_LIST_INIT;
  validate(c, &d);
  expect(&d, DIAG_ERROR, 0, 0, "server", "Server is required");
  expect(&d, DIAG_ERROR, 0, 0, "name", "Name is required");
  for (size_t i = 0; i < d.n; i++) {
    assert_null(d.items[i].file);
    assert_int_equal(d.items[i].line, 0);
  }
  diag_list_clear(&d);
  assert_true(model_set(c, "server", val_new_str("999.1.1.1"), &d));
  validate(c, &d);
  expect(&d, DIAG_ERROR, 0, 0, "server",
         "Server: not a valid IPv4 address ('999.1.1.1' is not a host name or IP address)");
  config_free(c);
  diag_list_free(&d);
}

static void test_validate_field(void **state) {
  (void)state;
  config *c = load(BASE "server: vpn.example.com\n"
                        "proxy:\n"
                        "  setup: manual\n"
                        "  server: proxy.example.com\n"
                        "  port: 8080\n");
  model_ctx ctx = {c, NULL, NULL};
  const desc_field *port = desc_type_find_field(c->type, "proxy.port");
  const desc_field *server = desc_type_find_field(c->type, "server");
  assert_non_null(port);
  assert_non_null(server);
  diag_list d = DIAG_LIST_INIT;

  val *v = val_new_int(70000);
  validate_field(&ctx, port, "proxy.port", v, &d);
  expect(&d, DIAG_ERROR, 0, 0, "proxy.port", "Proxy Port must be between 1 and 65535, not 70000");
  expect_count(&d, 1);
  val_free(v);
  diag_list_clear(&d);

  v = val_new_int(443);
  validate_field(&ctx, port, "proxy.port", v, &d);
  expect_count(&d, 0);
  val_free(v);

  /* Text as typed into an integer field. */
  v = val_new_str("70000");
  validate_field(&ctx, port, "proxy.port", v, &d);
  expect(&d, DIAG_ERROR, 0, 0, "proxy.port", "Proxy Port must be between 1 and 65535, not 70000");
  expect_count(&d, 1);
  val_free(v);
  diag_list_clear(&d);
  v = val_new_str("80a");
  validate_field(&ctx, port, "proxy.port", v, &d);
  expect(&d, DIAG_ERROR, 0, 0, "proxy.port", "Proxy Port must be a whole number, not '80a'");
  expect_count(&d, 1);
  val_free(v);
  diag_list_clear(&d);
  v = val_new_str("${userLocale}");
  validate_field(&ctx, port, "proxy.port", v, &d);
  expect(&d, DIAG_WARNING, 0, 0, "proxy.port",
         "Proxy Port holds ${userLocale}: it must be resolved with --var userLocale=VALUE before "
         "export");
  expect_count(&d, 1);
  val_free(v);
  diag_list_clear(&d);

  v = val_new_str("vpn example");
  validate_field(&ctx, server, "server", v, &d);
  expect(&d, DIAG_ERROR, 0, 0, "server",
         "Server: contains a space ('vpn example' is not a host name or IP address with an "
         "optional :port and /path, or a URL)");
  expect_count(&d, 1);
  val_free(v);
  diag_list_clear(&d);

  /* Emptied while typing: required. */
  v = val_new_str("");
  validate_field(&ctx, server, "server", v, &d);
  expect(&d, DIAG_ERROR, 0, 0, "server", "Server is required");
  expect_count(&d, 1);
  val_free(v);
  diag_list_clear(&d);
  validate_field(&ctx, server, "server", NULL, &d);
  expect_count(&d, 1);
  diag_list_clear(&d);

  /* Only the value given: the stored configuration's other problems are not repeated. */
  v = val_new_str("${usrUID}");
  const desc_field *account = desc_type_find_field(c->type, "account");
  validate_field(&ctx, account, "account", v, &d);
  expect(&d, DIAG_WARNING, 0, 0, "account",
         "unknown variable ${usrUID} (did you mean ${userUID}?)");
  expect_count(&d, 1);
  val_free(v);
  config_free(c);
  diag_list_free(&d);
}

/* A form for the attributes the shipped forms do not use (counts, max_len,
 * one-sided ranges, maps, several deprecations, plain files). */
static const char test_form[] =
    "form: 1\n"
    "type: test-type\n"
    "label: Test Type\n"
    "summary: for the validator's tests\n"
    "vpn_type: VPN\n"
    "dict: VPN\n"
    "os: {ios: \"9.0\", macos: \"10.11\", visionos: \"1.1\", watchos: n/a}\n"
    "sections:\n"
    "  - id: general\n"
    "    title: General\n"
    "    fields:\n"
    "      - {id: name, label: Name, kind: text, max_len: 8}\n"
    "      - {id: tags, label: Tags, kind: list, min: 2, max: 3, max_len: 4}\n"
    "      - {id: count, label: Count, kind: integer, min: 5}\n"
    "      - {id: limit, label: Limit, kind: integer, max: 10}\n"
    "      - {id: extra, label: Extra, kind: map, variables: true, max_len: 12}\n"
    "      - id: old\n"
    "        label: Old Setting\n"
    "        kind: text\n"
    "        os: {visionos: n/a, deprecated: {ios: \"12.0\", macos: \"10.14\", watchos: \"5.0\",\n"
    "             visionos: \"1.0\"}}\n"
    "      - {id: data, label: Data, kind: file}\n"
    "      - id: rules\n"
    "        label: Rules\n"
    "        kind: records\n"
    "        max: 1\n"
    "        fields:\n"
    "          - {id: note, label: Note, kind: text}\n";

static void test_attributes_from_test_form(void **state) {
  (void)state;
  desc_source src = {"test-type.yaml", test_form, sizeof test_form - 1};
  diag_list d = DIAG_LIST_INIT;
  desc_set *set = desc_load_sources(&src, 1, &d);
  if (!set || d.n)
    diag_list_print(&d, stderr);
  assert_non_null(set);
  expect_count(&d, 0);
  config *c = load_as(set,
                      "format: 1\n"
                      "type: test-type\n"
                      "name: far too long\n"
                      "tags: [a, bbbbb, c, d]\n"
                      "count: 4\n"
                      "limit: 11\n"
                      "extra: {k: '${userUID}', x: '${userUI}', long: '1234567890123'}\n"
                      "old: x\n"
                      "data: missing.bin\n"
                      "rules: [{note: a}, {note: b}]\n",
                      "t.yaml");
  validate(c, &d);
  expect(&d, DIAG_ERROR, 3, 7, "name", "Name is longer than 8 bytes (12)");
  expect(&d, DIAG_ERROR, 4, 7, "tags", "Tags takes at most 3 items, has 4");
  expect(&d, DIAG_ERROR, 4, 11, "tags[1]", "Tags is longer than 4 bytes (5)");
  expect(&d, DIAG_ERROR, 5, 8, "count", "Count must be at least 5, not 4");
  expect(&d, DIAG_ERROR, 6, 8, "limit", "Limit must be at most 10, not 11");
  expect(&d, DIAG_WARNING, 7, 29, "extra.x",
         "unknown variable ${userUI} (did you mean ${userUID}?)");
  expect(&d, DIAG_ERROR, 7, 48, "extra.long", "Extra: the value of 'long' is longer than 12 bytes");
  /* watchOS is left out (the type is not available there), and visionOS
   * (the field is not). */
  expect(&d, DIAG_WARNING, 8, 6, "old", "Old Setting is deprecated since iOS 12.0 and macOS 10.14");
  expect(&d, DIAG_ERROR, 9, 7, "data", "cannot read file missing.bin: No such file or directory");
  expect(&d, DIAG_ERROR, 10, 8, "rules", "Rules takes at most 1 entry, has 2");
  expect_count(&d, 10);
  config_free(c);

  c = load_as(set, "format: 1\ntype: test-type\ntags: [a]\n", "t.yaml");
  validate(c, &d);
  expect(&d, DIAG_ERROR, 3, 7, "tags", "Tags needs at least 2 items, has 1");
  expect_count(&d, 1);
  config_free(c);
  /* An empty list that is not required is below its minimum too. */
  c = load_as(set, "format: 1\ntype: test-type\ntags: []\n", "t.yaml");
  validate(c, &d);
  expect(&d, DIAG_ERROR, 3, 7, "tags", "Tags needs at least 2 items, has 0");
  expect_count(&d, 1);
  config_free(c);
  desc_set_free(set);
  diag_list_free(&d);
}

/* Every shipped example is a valid configuration. */
static void test_examples_are_valid(void **state) {
  (void)state;
  const char *dir = tu_path("examples");
  DIR *dp = opendir(dir);
  assert_non_null(dp);
  size_t n = 0;
  struct dirent *e;
  while ((e = readdir(dp))) {
    size_t len = strlen(e->d_name);
    if (len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0)
      continue;
    char *path = xasprintf("%s/%s", dir, e->d_name);
    diag_list d = DIAG_LIST_INIT;
    config *c = config_load(forms, path, &d);
    if (!c)
      diag_list_print(&d, stderr);
    assert_non_null(c);
    validate_config(c, &d);
    if (diag_count(&d, DIAG_ERROR)) {
      diag_list_print(&d, stderr);
      fail_msg("%s has errors", path);
    }
    config_free(c);
    diag_list_free(&d);
    free(path);
    n++;
  }
  closedir(dp);
  assert_true(n >= 10);
}

static void test_null_arguments(void **state) {
  (void)state;
  diag_list d = DIAG_LIST_INIT;
  validate_config(NULL, &d);
  expect_count(&d, 0);
  /* Entries already in the list stay first and unchanged. */
  diag_add(&d, DIAG_NOTE, "z.yaml", 99, 1, NULL, "earlier");
  config *c = load(BASE);
  validate_config(c, &d);
  assert_int_equal(d.n, 2);
  assert_string_equal(d.items[0].msg, "earlier");
  config_free(c);
  diag_list_free(&d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_format_host),
      cmocka_unit_test(test_format_ip_port),
      cmocka_unit_test(test_format_url),
      cmocka_unit_test(test_format_server),
      cmocka_unit_test(test_format_rdns_domain),
      cmocka_unit_test(test_format_uuid_ssid),
      cmocka_unit_test(test_valid_config_has_no_diagnostics),
      cmocka_unit_test(test_required),
      cmocka_unit_test(test_formats_in_config),
      cmocka_unit_test(test_integer_range_and_variables),
      cmocka_unit_test(test_choice),
      cmocka_unit_test(test_variables),
      cmocka_unit_test(test_deprecated),
      cmocka_unit_test(test_hidden_values),
      cmocka_unit_test(test_credential_file),
      cmocka_unit_test(test_in_memory_config),
      cmocka_unit_test(test_validate_field),
      cmocka_unit_test(test_attributes_from_test_form),
      cmocka_unit_test(test_examples_are_valid),
      cmocka_unit_test(test_null_arguments),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
