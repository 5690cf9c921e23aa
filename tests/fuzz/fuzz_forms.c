/* libFuzzer target: any bytes as a descriptor file, loaded beside the real
 * forms/_common.yaml (so `use:` reaches the library), as `--forms DIR`
 * would. Whatever loads: every type gets an empty configuration that is
 * validated (conditions evaluated), saved and loaded again; every message
 * is escaped. Run: tests/fuzz/run.sh [SECONDS] forms */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "core/validate.h"
#include "fuzz_check.h"
#include "io/config_io.h"
#include "io/desc_load.h"

static char *common;
static size_t common_len;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!common) {
    diag_list d = DIAG_LIST_INIT;
    common = file_read_all(APPVPN_SRC_DIR "/forms/_common.yaml", DESC_MAX_FILE, &common_len, &d);
    diag_list_free(&d);
    if (!common)
      abort();
  }
  desc_source src[2] = {{"forms/_common.yaml", common, common_len},
                        {"forms/fuzz.yaml", (const char *)data, size}};
  diag_list d = DIAG_LIST_INIT;
  desc_set *set = desc_load_sources(src, 2, &d);
  fuzz_check_diags(&d);
  diag_list_clear(&d);
  for (size_t t = 0; set && t < set->n_types; t++) {
    config *c = config_new(set, &set->types[t]);
    validate_config(c, &d);
    size_t len = 0;
    char *yaml = config_to_yaml(c, &len);
    config *again = config_load_text(set, yaml, len, "fuzz.yaml", &d);
    if (again)
      validate_config(again, &d);
    fuzz_check_diags(&d);
    diag_list_clear(&d);
    config_free(again);
    free(yaml);
    config_free(c);
  }
  desc_set_free(set);
  diag_list_free(&d);
  return 0;
}
