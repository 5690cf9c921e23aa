/* The configurations in a directory as the directory list shows them (one
 * entry per *.yaml / *.yml regular file: its name, type, server, apps and
 * problems), and the file operations the list needs: names, a free name for
 * a copy, a rename that never replaces a file.
 */
#ifndef APPVPN_UI_DIRFILES_H
#define APPVPN_UI_DIRFILES_H
#include <stdbool.h>
#include <stddef.h>

#include "core/desc.h"

typedef struct entry {
  char *file;                              /* base name */
  char *name, *type, *server, *identifier; /* "" when unknown */
  char **apps;
  size_t n_apps;
  size_t n_err, n_warn;
  bool usable;   /* config_load accepted it (open, clone need that) */
  bool has_save; /* FILE.save from a hang-up is waiting */
  char *problem; /* the first error, or NULL */
} entry;

/* Reads the configurations of `dir`, sorted by file name, each loaded and
 * validated with `set`. *v is owned by the caller (dirfiles_free). False
 * (errno set, nothing returned) when the directory cannot be read. */
bool dirfiles_load(const desc_set *set, const char *dir, entry **v, size_t *n);
void dirfiles_free(entry *v, size_t n);
/* DIR/FILE; caller frees. */
char *dirfiles_path(const char *dir, const char *file);
/* A configuration's file name: ends in .yaml or .yml, not hidden. */
bool dirfiles_is_config_name(const char *s);
/* Whether DIR/FILE exists (whatever it is). */
bool dirfiles_exists(const char *dir, const char *file);
/* "<stem><suffix>.yaml", "<stem><suffix>-2.yaml", … the first that does not
 * exist in dir. Caller frees. */
char *dirfiles_unused(const char *dir, const char *file, const char *suffix);
/* The apps of en as text, at most `show` named: "com.a, com.b and 2 more".
 * Caller frees. */
char *dirfiles_apps(const entry *en, size_t show);
/* rename(2) that never replaces an existing file (EEXIST). */
int dirfiles_rename(const char *from, const char *to);

#endif
