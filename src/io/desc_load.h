/* Loading descriptors from forms/ (the .yaml files) (libyaml). */
#ifndef APPVPN_IO_DESC_LOAD_H
#define APPVPN_IO_DESC_LOAD_H
#include "core/desc.h"
#include "core/diag.h"

/* Limits on a descriptor file (--forms DIR, APPVPN_FORMS_DIR): like a
 * configuration's, anchors and aliases are refused (no alias bombs), and
 * conditions have their own (core/expr.h). */
#define DESC_MAX_FILE (16u << 20) /* bytes per file */
#define DESC_MAX_FILE_TEXT "16 MiB"
#define DESC_MAX_DEPTH 32     /* nested mappings/sequences, and use:/records */
#define DESC_MAX_NODES 200000 /* values per file */
#define DESC_MAX_KEYS 1000    /* keys per mapping */

/* The forms compiled into the binary. */
desc_set *desc_load_embedded(diag_list *diags);
/* Every *.yaml in dir (the "_common.yaml" library first); only regular
 * files are read (a FIFO or device named *.yaml is refused, not waited on). */
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
