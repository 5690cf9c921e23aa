#include "testutil.h"

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
