/* Files compiled into the binary at build time (themes/; forms/ is compiled
 * into a descriptor blob instead, core/desc_blob.h). */
#ifndef APPVPN_CORE_EMBEDDED_H
#define APPVPN_CORE_EMBEDDED_H
#include <stddef.h>

struct embedded_file {
  const char *name; /* path relative to the source tree, e.g. "themes/mono.theme" */
  const char *data; /* NUL-terminated contents; static storage, never freed */
  size_t len;       /* length without the terminating NUL */
};

/* The table, ended by an entry whose name is NULL. */
const struct embedded_file *embedded_files(void);

#endif
