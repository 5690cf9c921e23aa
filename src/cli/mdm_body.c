/* export --as graph|jamf|ivanti: the profile wrapped as an MDM's API or
 * upload expects it (docs/mdm.md shows the requests).
 *
 * - graph: the JSON body of a Microsoft Graph iosCustomConfiguration
 *   (POST /deviceManagement/deviceConfigurations): @odata.type,
 *   displayName, description, payloadName, payloadFileName, payload (the
 *   profile, base64).
 * - jamf: the XML body of a Jamf Pro Classic API mobile device configuration
 *   profile (POST /JSSResource/mobiledeviceconfigurationprofiles/id/0):
 *   general (name, description, level, deployment_method, payloads: the
 *   profile as escaped text) and a scope from the configuration's
 *   distribution (all devices, or its devices, device groups, users and user
 *   groups by name).
 * - ivanti: Ivanti Neurons for MDM takes a custom configuration as an
 *   uploaded, unsigned .mobileconfig with its ${name} variables: the XML
 *   profile itself.
 */
#include "cli/cli.h"
#include "core/util.h"

#include <string.h>

static void put_json_string(strbuf *b, const char *s) {
  strbuf_putc(b, '"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
    case '"': strbuf_puts(b, "\\\""); break;
    case '\\': strbuf_puts(b, "\\\\"); break;
    case '\n': strbuf_puts(b, "\\n"); break;
    case '\r': strbuf_puts(b, "\\r"); break;
    case '\t': strbuf_puts(b, "\\t"); break;
    default:
      if (*p < 0x20 || *p == 0x7F)
        strbuf_printf(b, "\\u%04x", *p);
      else
        strbuf_putc(b, (char)*p);
    }
  }
  strbuf_putc(b, '"');
}

static void put_base64(strbuf *b, const unsigned char *d, size_t n) {
  static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (size_t i = 0; i < n; i += 3) {
    unsigned v = (unsigned)d[i] << 16;
    if (i + 1 < n)
      v |= (unsigned)d[i + 1] << 8;
    if (i + 2 < n)
      v |= d[i + 2];
    strbuf_putc(b, tab[(v >> 18) & 63]);
    strbuf_putc(b, tab[(v >> 12) & 63]);
    strbuf_putc(b, i + 1 < n ? tab[(v >> 6) & 63] : '=');
    strbuf_putc(b, i + 2 < n ? tab[v & 63] : '=');
  }
}

static void put_xml_text(strbuf *b, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    switch (s[i]) {
    case '&': strbuf_puts(b, "&amp;"); break;
    case '<': strbuf_puts(b, "&lt;"); break;
    case '>': strbuf_puts(b, "&gt;"); break;
    case '"': strbuf_puts(b, "&quot;"); break;
    default: strbuf_putc(b, s[i]);
    }
  }
}

static const char *text_at(const config *cfg, const char *path) {
  const val *v = val_get_path(cfg->root, path);
  return v && v->kind == VAL_STR ? v->u.str : "";
}

/* <outer><inner><name>X</name></inner>...</outer> for each item of a list */
static void put_scope_names(strbuf *b, const config *cfg, const char *path, const char *outer,
                            const char *inner) {
  const val *l = val_get_path(cfg->root, path);
  if (!l || l->kind != VAL_LIST || !l->u.list.n)
    return;
  strbuf_printf(b, "    <%s>\n", outer);
  for (size_t i = 0; i < l->u.list.n; i++) {
    const val *it = l->u.list.v[i];
    if (it->kind != VAL_STR)
      continue;
    strbuf_printf(b, "      <%s><name>", inner);
    put_xml_text(b, it->u.str, strlen(it->u.str));
    strbuf_printf(b, "</name></%s>\n", inner);
  }
  strbuf_printf(b, "    </%s>\n", outer);
}

char *cli_mdm_body(const config *cfg, const char *as, const char *profile, size_t len,
                   const char *file_name, size_t *out_len) {
  strbuf b = STRBUF_INIT;
  const char *name = text_at(cfg, "name"), *desc = text_at(cfg, "description");
  if (!strcmp(as, "graph")) {
    strbuf_puts(&b, "{\n  \"@odata.type\": \"#microsoft.graph.iosCustomConfiguration\",\n");
    strbuf_puts(&b, "  \"displayName\": ");
    put_json_string(&b, name);
    strbuf_puts(&b, ",\n  \"description\": ");
    put_json_string(&b, desc);
    strbuf_puts(&b, ",\n  \"payloadName\": ");
    put_json_string(&b, name);
    strbuf_puts(&b, ",\n  \"payloadFileName\": ");
    put_json_string(&b, file_name);
    strbuf_puts(&b, ",\n  \"payload\": \"");
    put_base64(&b, (const unsigned char *)profile, len);
    strbuf_puts(&b, "\"\n}\n");
  } else if (!strcmp(as, "jamf")) {
    strbuf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration_profile>\n"
                    "  <general>\n    <name>");
    put_xml_text(&b, name, strlen(name));
    strbuf_puts(&b, "</name>\n    <description>");
    put_xml_text(&b, desc, strlen(desc));
    strbuf_puts(&b, "</description>\n    <level>Device Level</level>\n"
                    "    <deployment_method>Install Automatically</deployment_method>\n"
                    "    <redeploy_on_update>Newly Assigned</redeploy_on_update>\n"
                    "    <payloads>");
    put_xml_text(&b, profile, len);
    strbuf_puts(&b, "</payloads>\n  </general>\n  <scope>\n");
    const char *target = text_at(cfg, "distribution.target");
    strbuf_printf(&b, "    <all_mobile_devices>%s</all_mobile_devices>\n",
                  !strcmp(target, "all") ? "true" : "false");
    if (!strcmp(target, "custom")) {
      put_scope_names(&b, cfg, "distribution.devices", "mobile_devices", "mobile_device");
      put_scope_names(&b, cfg, "distribution.device_groups", "mobile_device_groups",
                      "mobile_device_group");
      put_scope_names(&b, cfg, "distribution.users", "jss_users", "user");
      put_scope_names(&b, cfg, "distribution.user_groups", "jss_user_groups", "user_group");
    }
    strbuf_puts(&b, "  </scope>\n</configuration_profile>\n");
  } else { /* ivanti: the profile as it is */
    strbuf_putn(&b, profile, len);
  }
  *out_len = b.len;
  return strbuf_take(&b);
}
