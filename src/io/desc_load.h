/* Loading descriptors from forms/ (the .yaml files) (libyaml). */
#ifndef APPVPN_IO_DESC_LOAD_H
#define APPVPN_IO_DESC_LOAD_H
#include "core/desc.h"
#include "core/diag.h"

/* The forms compiled into the binary. */
desc_set *desc_load_embedded(diag_list *diags);
/* Every *.yaml in dir (the "_common.yaml" library first). */
desc_set *desc_load_dir(const char *dir, diag_list *diags);
/* $APPVPN_FORMS_DIR if set, else the embedded forms. NULL (with file:line:col
 * diagnostics) when any descriptor is broken. Caller frees with desc_set_free. */
desc_set *desc_load_default(diag_list *diags);
/* One form file's text (for tests); `name` is used in diagnostics. Files are
 * given together because types `use:` the common library. */
typedef struct desc_source {
  const char *name;
  const char *text;
  size_t len;
} desc_source;
desc_set *desc_load_sources(const desc_source *src, size_t n, diag_list *diags);

#endif
