/* Helpers for the cmocka tests. */
#ifndef APPVPN_TESTUTIL_H
#define APPVPN_TESTUTIL_H
#include <stddef.h>

/* $APPVPN_SRC (the source tree), or "." */
const char *tu_src(void);
/* A path under the source tree: tu_path("examples/ipsec.yaml"). Static buffer rotation of 8. */
const char *tu_path(const char *rel);
/* A fresh empty directory under /tmp (removed by tu_cleanup). */
const char *tu_tmpdir(void);
/* Writes a file (creating it); returns its path (static rotation). */
const char *tu_write(const char *dir, const char *name, const char *text);
/* Whole file, NUL-terminated, or NULL. Caller frees. */
char *tu_read(const char *path, size_t *len);
/* Two small descriptor types, "alpha" and "beta", written for the tests so
 * they do not move with forms/ (aborts if they fail to load). Caller frees
 * with desc_set_free. */
struct desc_set;
struct desc_set *tu_small_set(void);
/* Removes every directory tu_tmpdir made. */
void tu_cleanup(void);

#endif
