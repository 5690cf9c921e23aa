/* libFuzzer target: any bytes as a configuration file. Load, validate,
 * save to YAML and load that again (it must load: what appvpn writes it must
 * read), export (masked and not), show nothing, leak nothing.
 * Build and run: tests/fuzz/run.sh [SECONDS]   (not part of ctest). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/validate.h"
#include "io/config_io.h"
#include "io/desc_load.h"
#include "io/export.h"

static desc_set *set;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!set) {
    diag_list d = DIAG_LIST_INIT;
    set = desc_load_embedded(&d);
    diag_list_free(&d);
    if (!set)
      abort();
  }
  diag_list d = DIAG_LIST_INIT;
  config *c = config_load_text(set, (const char *)data, size, "/tmp/fuzz.yaml", &d);
  if (c) {
    validate_config(c, &d);
    size_t len = 0;
    char *yaml = config_to_yaml(c, &len);
    diag_list d2 = DIAG_LIST_INIT;
    config *again = config_load_text(set, yaml, len, "/tmp/fuzz2.yaml", &d2);
    if (!again) {
      /* What appvpn saves, it must read back. */
      diag_list_print(&d2, stderr);
      fprintf(stderr, "--- saved text ---\n%s\n", yaml);
      abort();
    }
    size_t len2 = 0;
    char *yaml2 = config_to_yaml(again, &len2);
    if (len2 != len || memcmp(yaml, yaml2, len) != 0) {
      fprintf(stderr, "--- first save ---\n%s\n--- second save ---\n%s\n", yaml, yaml2);
      abort(); /* save -> load -> save must be byte-identical */
    }
    free(yaml2);
    config_free(again);
    diag_list_free(&d2);
    free(yaml);
    export_opts eo = {.format = EXPORT_XML, .mask_secrets = true};
    char *out = NULL;
    size_t olen = 0;
    if (export_profile(c, &eo, &out, &olen, &d))
      free(out);
    config_free(c);
  }
  diag_list_free(&d);
  return 0;
}
