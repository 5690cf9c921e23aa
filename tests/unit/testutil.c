#include "testutil.h"

#include "core/diag.h"
#include "io/desc_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char bufs[8][4096];
static unsigned next_buf;
static char *dirs[64];
static size_t n_dirs;

const char *tu_src(void) {
  const char *s = getenv("APPVPN_SRC");
  return s && *s ? s : ".";
}

const char *tu_path(const char *rel) {
  char *b = bufs[next_buf++ % 8];
  snprintf(b, sizeof bufs[0], "%s/%s", tu_src(), rel);
  return b;
}

const char *tu_tmpdir(void) {
  char tmpl[] = "/tmp/appvpn-test-XXXXXX";
  char *d = mkdtemp(tmpl);
  if (!d)
    abort();
  if (n_dirs < 64)
    dirs[n_dirs++] = strdup(d);
  char *b = bufs[next_buf++ % 8];
  snprintf(b, sizeof bufs[0], "%s", d);
  return b;
}

const char *tu_write(const char *dir, const char *name, const char *text) {
  char *b = bufs[next_buf++ % 8];
  snprintf(b, sizeof bufs[0], "%s/%s", dir, name);
  FILE *f = fopen(b, "wb");
  if (!f)
    abort();
  fputs(text, f);
  fclose(f);
  return b;
}

char *tu_read(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 4096, n = 0;
  char *s = malloc(cap);
  size_t r;
  while ((r = fread(s + n, 1, cap - n - 1, f)) > 0) {
    n += r;
    if (cap - n - 1 == 0)
      s = realloc(s, cap *= 2);
  }
  fclose(f);
  s[n] = 0;
  if (len)
    *len = n;
  return s;
}

void tu_cleanup(void) {
  for (size_t i = 0; i < n_dirs; i++) {
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "chmod -R u+w '%s' 2>/dev/null; rm -rf '%s'", dirs[i], dirs[i]);
    if (system(cmd) != 0) { /* best effort */
    }
    free(dirs[i]);
  }
  n_dirs = 0;
}

/* Two small types, written for these tests so they do not move with forms/. */
static const char alpha_yaml[] =
    "form: 1\n"
    "type: alpha\n"
    "label: Alpha VPN\n"
    "summary: test type\n"
    "vpn_type: VPN\n"
    "dict: VPN\n"
    "sections:\n"
    "  - id: general\n"
    "    title: General\n"
    "    fields:\n"
    "      - {id: name, label: Name, kind: text}\n"
    "      - {id: type, label: Type, kind: text}\n"
    "      - {id: server, label: Server, kind: text}\n"
    "      - {id: enabled, label: Enabled, kind: bool}\n"
    "      - {id: group, label: Group, kind: text}\n"
    "  - id: proxy\n"
    "    title: Proxy\n"
    "    fields:\n"
    "      - id: proxy.setup\n"
    "        label: Setup\n"
    "        kind: choice\n"
    "        default: none\n"
    "        choices: [{value: none, label: None}, {value: manual, label: Manual}]\n"
    "      - {id: proxy.server, label: Proxy server, kind: text, show: proxy.setup == manual,\n"
    "         required: true}\n"
    "      - {id: proxy.port, label: Port, kind: integer, show: proxy.setup == manual,\n"
    "         variables: true}\n"
    "      - {id: proxy.password, label: Password, kind: password, show: proxy.setup == manual}\n"
    "  - id: od\n"
    "    title: On demand\n"
    "    fields:\n"
    "      - id: on_demand.rules\n"
    "        label: Rules\n"
    "        kind: records\n"
    "        fields:\n"
    "          - id: action\n"
    "            label: Action\n"
    "            kind: choice\n"
    "            choices: [{value: connect, label: Connect},\n"
    "                      {value: evaluate-connection, label: Evaluate}]\n"
    "          - {id: match.ssid, label: SSIDs, kind: list}\n"
    "          - id: connection\n"
    "            label: Connection rules\n"
    "            kind: records\n"
    "            show: action == evaluate-connection\n"
    "            fields:\n"
    "              - {id: domains, label: Domains, kind: list}\n"
    "              - {id: dns, label: DNS servers, kind: list, show: domains,\n"
    "                 when_hidden: error}\n"
    "      - {id: domains.safari, label: Safari, kind: list}\n"
    "      - {id: custom, label: Custom, kind: map}\n"
    "  - id: extra\n"
    "    title: Extra\n"
    "    show: enabled\n"
    "    fields:\n"
    "      - {id: note, label: Note, kind: text, when_hidden: ignore}\n";

static const char beta_yaml[] = "form: 1\n"
                                "type: beta\n"
                                "label: Beta VPN\n"
                                "summary: other test type\n"
                                "vpn_type: VPN\n"
                                "dict: VPN\n"
                                "sections:\n"
                                "  - id: general\n"
                                "    title: General\n"
                                "    fields:\n"
                                "      - {id: name, label: Name, kind: text}\n"
                                "      - {id: server, label: Server, kind: text}\n"
                                "      - {id: realm, label: Realm, kind: text}\n"
                                "      - {id: vendor.flag, label: Flag, kind: bool}\n";

desc_set *tu_small_set(void) {
  desc_source src[] = {{"alpha.yaml", alpha_yaml, sizeof alpha_yaml - 1},
                       {"beta.yaml", beta_yaml, sizeof beta_yaml - 1}};
  diag_list d = DIAG_LIST_INIT;
  desc_set *set = desc_load_sources(src, 2, &d);
  if (!set || d.n) {
    diag_list_print(&d, stderr);
    abort();
  }
  diag_list_free(&d);
  return set;
}
