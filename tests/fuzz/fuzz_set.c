/* libFuzzer target: the write path, as `appvpn set FILE KEY=VALUE` takes it.
 * The first byte picks one of the examples; the rest is KEY=VALUE (split at
 * the first '='; a NUL ends it, as in argv). The value is read as the
 * command line reads it (cli_parse_value) and stored with model_set. Then:
 * everything stored is clean text, every message is escaped, the saved
 * YAML loads again and saves to the same bytes.
 * Run: tests/fuzz/run.sh [SECONDS] set */
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/util.h"
#include "core/validate.h"
#include "fuzz_check.h"
#include "io/config_io.h"
#include "io/desc_load.h"

static desc_set *set;
static char *examples[32];
static size_t lens[32], n_examples;

static void init(void) {
  diag_list d = DIAG_LIST_INIT;
  set = desc_load_embedded(&d);
  diag_list_free(&d);
  if (!set)
    abort();
  char *dir = xasprintf("%s/examples", APPVPN_SRC_DIR);
  DIR *dp = opendir(dir);
  if (!dp)
    abort();
  char *names[32];
  size_t n = 0;
  struct dirent *e;
  while ((e = readdir(dp)) && n < 32) {
    size_t l = strlen(e->d_name);
    if (l > 5 && !strcmp(e->d_name + l - 5, ".yaml"))
      names[n++] = xasprintf("%s/%s", dir, e->d_name);
  }
  closedir(dp);
  /* readdir order differs between machines: sort for reproducible inputs */
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
      char *t = names[j];
      names[j] = names[j - 1];
      names[j - 1] = t;
    }
  for (size_t i = 0; i < n; i++) {
    diag_list dd = DIAG_LIST_INIT;
    examples[n_examples] = file_read_all(names[i], CONFIG_MAX_FILE, &lens[n_examples], &dd);
    if (examples[n_examples])
      n_examples++;
    diag_list_free(&dd);
    free(names[i]);
  }
  free(dir);
  if (!n_examples)
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!set)
    init();
  if (size < 2)
    return 0;
  size_t ex = data[0] % n_examples;
  char *arg = xstrndup((const char *)data + 1, size - 1); /* argv: up to a NUL */
  char *eq = strchr(arg, '=');
  if (!eq || eq == arg) {
    free(arg);
    return 0;
  }
  *eq = 0;
  const char *key = arg, *text = eq + 1;

  diag_list d = DIAG_LIST_INIT;
  config *c = config_load_text(set, examples[ex], lens[ex], "/tmp/fuzz-set.yaml", &d);
  if (!c)
    abort();
  diag_list_clear(&d);
  bool ok = true;
  /* as apply_setting: type switches, empty unsets, anything else is stored */
  if (!strcmp(key, "type")) {
    const desc_type *t = desc_set_find(set, text);
    if (t)
      config_set_type(c, t);
  } else if (!*text) {
    if (strchr(key, '['))
      ok = model_set(c, key, val_new_null(), &d);
    else if (model_field_for_path(c, key))
      val_remove_path(c->root, key);
  } else {
    val *v = cli_parse_value(text, &d);
    ok = v && model_set(c, key, v, &d);
  }
  fuzz_check_diags(&d);
  fuzz_check_tree(c->root);
  if (ok) {
    size_t len = 0;
    char *yaml = config_to_yaml(c, &len);
    diag_list d2 = DIAG_LIST_INIT;
    config *again = config_load_text(set, yaml, len, "/tmp/fuzz-set2.yaml", &d2);
    if (!again) {
      /* What set saves, appvpn must read back. */
      diag_list_print(&d2, stderr);
      fprintf(stderr, "--- saved text ---\n%s\n", yaml);
      abort();
    }
    fuzz_check_diags(&d2);
    validate_config(again, &d2);
    fuzz_check_diags(&d2);
    size_t len2 = 0;
    char *yaml2 = config_to_yaml(again, &len2);
    if (len2 != len || memcmp(yaml, yaml2, len) != 0) {
      fprintf(stderr, "--- first save ---\n%s\n--- second save ---\n%s\n", yaml, yaml2);
      abort();
    }
    free(yaml2);
    config_free(again);
    diag_list_free(&d2);
    free(yaml);
  }
  config_free(c);
  diag_list_free(&d);
  free(arg);
  cli_esc_free();
  return 0;
}
