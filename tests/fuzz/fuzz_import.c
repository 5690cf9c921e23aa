/* libFuzzer target: any bytes as a profile to import. Whatever imports must
 * validate, save and load again. Run: tests/fuzz/run.sh [SECONDS] import */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/validate.h"
#include "io/config_io.h"
#include "io/desc_load.h"
#include "io/import.h"

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
  import_opts io = {.p12_dir = NULL}; /* never writes files */
  config *c = import_profile(set, (const char *)data, size, "fuzz.mobileconfig", &io, &d);
  if (c) {
    validate_config(c, &d);
    size_t len = 0;
    char *yaml = config_to_yaml(c, &len);
    diag_list d2 = DIAG_LIST_INIT;
    config *again = config_load_text(set, yaml, len, "fuzz.yaml", &d2);
    if (!again) {
      diag_list_print(&d2, stderr);
      fprintf(stderr, "--- saved text ---\n%s\n", yaml);
      abort(); /* what import makes, appvpn must read back */
    }
    config_free(again);
    diag_list_free(&d2);
    free(yaml);
    config_free(c);
  }
  diag_list_free(&d);
  return 0;
}
