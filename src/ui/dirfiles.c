/* The configurations in a directory as the directory list shows them, and
 * the file operations it needs (dirfiles.h).
 */
/* Linux's renameat2(RENAME_NOREPLACE) is a GNU interface; dirfiles_rename()
 * falls back to POSIX elsewhere (and where the kernel or filesystem lacks it). */
#ifdef __linux__
#define _GNU_SOURCE
#endif
#include "ui/dirfiles.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "core/validate.h"
#include "io/config_io.h"
#include "io/fileio.h"
#include "ui/recover.h"

static void entry_free(entry *en) {
  free(en->file);
  free(en->name);
  free(en->type);
  free(en->server);
  free(en->identifier);
  for (size_t i = 0; i < en->n_apps; i++)
    free(en->apps[i]);
  free(en->apps);
  free(en->problem);
}

static char *str_at(const val *root, const char *path) {
  const val *v = root ? val_get_path(root, path) : NULL;
  char *s = v && v->kind != VAL_LIST && v->kind != VAL_MAP ? val_scalar_text(v) : NULL;
  return s ? s : xstrdup("");
}

char *dirfiles_path(const char *dir, const char *file) {
  size_t n = strlen(dir);
  return n && dir[n - 1] == '/' ? xasprintf("%s%s", dir, file) : xasprintf("%s/%s", dir, file);
}

static void entry_load(const desc_set *set, const char *dir, entry *en) {
  char *path = dirfiles_path(dir, en->file);
  diag_list dg = DIAG_LIST_INIT;
  size_t len = 0;
  char *text = file_read_all(path, CONFIG_MAX_FILE, &len, &dg);
  /* the raw tree gives name and apps even when the file is not usable:
   * delete must still say which apps lose their VPN */
  val *raw = text ? yaml_parse(text, len, path, &dg) : NULL;
  en->name = str_at(raw, "name");
  en->server = str_at(raw, "server");
  en->identifier = str_at(raw, "identifier");
  const val *apps = raw ? val_get_path(raw, "apps") : NULL;
  if (apps && apps->kind == VAL_LIST) {
    en->apps = xcalloc(apps->u.list.n ? apps->u.list.n : 1, sizeof *en->apps);
    for (size_t i = 0; i < apps->u.list.n; i++)
      if (apps->u.list.v[i]->kind == VAL_STR)
        en->apps[en->n_apps++] = xstrdup(apps->u.list.v[i]->u.str);
  }
  val_free(raw);
  config *c = text ? config_load_text(set, text, len, path, &dg) : NULL;
  if (c) {
    free(c->path);
    c->path = xstrdup(path);
    validate_config(c, &dg);
    en->usable = true;
    en->type = xstrdup(c->type ? c->type->label : "?");
    config_free(c);
  } else {
    en->type = xstrdup("?");
  }
  en->n_err = diag_count(&dg, DIAG_ERROR);
  en->n_warn = diag_count(&dg, DIAG_WARNING);
  for (size_t i = 0; i < dg.n; i++)
    if (dg.items[i].level == DIAG_ERROR) {
      en->problem =
          xasprintf("%s%s%s%s", dg.items[i].msg, dg.items[i].field ? " [" : "",
                    dg.items[i].field ? dg.items[i].field : "", dg.items[i].field ? "]" : "");
      break;
    }
  en->has_save = recover_exists(path);
  diag_list_free(&dg);
  free(text);
  free(path);
}

bool dirfiles_is_config_name(const char *s) {
  size_t n = strlen(s);
  if (!n || s[0] == '.')
    return false;
  return (n > 5 && !strcmp(s + n - 5, ".yaml")) || (n > 4 && !strcmp(s + n - 4, ".yml"));
}

static int entry_cmp(const void *a, const void *b) {
  return strcmp(((const entry *)a)->file, ((const entry *)b)->file);
}

void dirfiles_free(entry *v, size_t n) {
  for (size_t i = 0; i < n; i++)
    entry_free(&v[i]);
  free(v);
}

bool dirfiles_load(const desc_set *set, const char *dir, entry **out, size_t *n_out) {
  *out = NULL;
  *n_out = 0;
  DIR *dp = opendir(dir);
  if (!dp)
    return false;
  entry *v = NULL;
  size_t n = 0, cap = 0;
  struct dirent *de;
  while ((de = readdir(dp))) {
    if (!dirfiles_is_config_name(de->d_name))
      continue;
    char *p = dirfiles_path(dir, de->d_name);
    struct stat st;
    bool reg = stat(p, &st) == 0 && S_ISREG(st.st_mode);
    free(p);
    if (!reg)
      continue;
    if (n == cap)
      v = xrealloc(v, (cap = cap ? cap * 2 : 16) * sizeof *v);
    memset(&v[n], 0, sizeof v[n]);
    v[n++].file = xstrdup(de->d_name);
  }
  closedir(dp);
  if (n)
    qsort(v, n, sizeof *v, entry_cmp);
  for (size_t i = 0; i < n; i++)
    entry_load(set, dir, &v[i]);
  *out = v;
  *n_out = n;
  return true;
}

/* "com.a, com.b and 2 more" */
char *dirfiles_apps(const entry *en, size_t show) {
  strbuf b = STRBUF_INIT;
  for (size_t i = 0; i < en->n_apps && i < show; i++) {
    if (i)
      strbuf_puts(&b, i + 1 == en->n_apps ? " and " : ", ");
    strbuf_puts(&b, en->apps[i]);
  }
  if (en->n_apps > show)
    strbuf_printf(&b, " and %zu more", en->n_apps - show);
  return strbuf_take(&b);
}

bool dirfiles_exists(const char *dir, const char *file) {
  char *p = dirfiles_path(dir, file);
  struct stat st;
  bool ex = lstat(p, &st) == 0;
  free(p);
  return ex;
}

/* "<stem>-copy.yaml", "<stem>-copy-2.yaml", … the first that does not exist. */
char *dirfiles_unused(const char *dir, const char *file, const char *suffix) {
  const char *dot = strrchr(file, '.');
  int stem = dot ? (int)(dot - file) : (int)strlen(file);
  for (unsigned i = 1;; i++) {
    char *s = i == 1 ? xasprintf("%.*s%s.yaml", stem, file, suffix)
                     : xasprintf("%.*s%s-%u.yaml", stem, file, suffix, i);
    if (!dirfiles_exists(dir, s))
      return s;
    free(s);
  }
}

/* rename(2) that never replaces an existing file. */
int dirfiles_rename(const char *from, const char *to) {
#ifdef RENAME_NOREPLACE
  if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
    return 0;
  if (errno != EINVAL && errno != ENOSYS)
    return -1;
#endif
  /* a hard link fails when `to` exists; then the old name goes */
  if (link(from, to) != 0) {
    if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP && errno != EMLINK)
      return -1;
    /* A filesystem without hard links (FAT, exFAT, some network shares):
     * check, then rename. Only another program racing for `to` in the same
     * instant could be replaced. */
    struct stat st;
    if (lstat(to, &st) == 0) {
      errno = EEXIST;
      return -1;
    }
    return rename(from, to);
  }
  if (unlink(from) != 0) {
    int err = errno;
    unlink(to);
    errno = err;
    return -1;
  }
  return 0;
}
