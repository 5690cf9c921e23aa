/* appvpn diff A B: the settings that differ between two configurations or
 * profiles (any mix), by label and key, old -> new, secrets masked; list
 * items added and removed one per line. Exit 0 equal, 1 different, 2 usage,
 * 3 unreadable or not a configuration/profile (like diff(1)'s "trouble"). */
#include "cli/cli.h"
#include "core/kinds.h"
#include "core/diff.h"
#include "core/util.h"
#include "io/config_io.h"
#include "io/bundle.h"
#include "io/import.h"
#include "io/sign.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DIFF_MAX_INPUT (64u << 20)
#define MASKED "\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2"

/* A profile (XML or binary plist) rather than a YAML configuration? */
static bool looks_like_profile(const char *b, size_t n) {
  while (n && (*b == ' ' || *b == '\t' || *b == '\r' || *b == '\n'))
    b++, n--;
  return (n >= 6 && !memcmp(b, "bplist", 6)) || (n && *b == '<');
}

void cli_tmpdir_remove(char *dir) {
  if (!dir)
    return;
  DIR *d = opendir(dir);
  struct dirent *de;
  while (d && (de = readdir(d)) != NULL) {
    if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
      continue;
    char *p = xasprintf("%s/%s", dir, de->d_name);
    unlink(p);
    free(p);
  }
  if (d)
    closedir(d);
  rmdir(dir);
  free(dir);
}

config *cli_load_any(const cli *c, const char *path, char **tmpdir, bool *is_profile, int *code) {
  *tmpdir = NULL;
  *code = EXIT_OK;
  diag_list d = DIAG_LIST_INIT;
  size_t len = 0;
  const char *name = path;
  /* "-", a pipe or a FIFO: read as a stream */
  char *bytes = cli_read_input(c, path, DIFF_MAX_INPUT, &len, &name, code);
  if (!bytes)
    return NULL;
  config *cfg = NULL;
  path = name;
  if (bytes && sign_is_signed(bytes, len) && !cli_unwrap_signed(c, path, &bytes, &len)) {
    free(bytes);
    bytes = NULL;
    *code = EXIT_INVALID;
    cli_print_diags(c, &d);
    diag_list_free(&d);
    return NULL;
  }
  *is_profile = bytes && looks_like_profile(bytes, len);
  if (*is_profile && bundle_count(bytes, len) > 1) {
    /* a bundle: the configuration c->member (cli_members says how many) */
    size_t n = 0, *lens = NULL;
    char **each = bundle_split(bytes, len, path, &n, &lens, &d);
    free(bytes);
    bytes = c->member < n ? each[c->member] : NULL;
    len = c->member < n ? lens[c->member] : 0;
    for (size_t i = 0; i < n; i++)
      if (i != c->member)
        free(each[i]);
    free(each);
    free(lens);
  }
  if (*is_profile && bytes) {
    char tmpl[] = "/tmp/appvpn-diff-XXXXXX";
    *tmpdir = mkdtemp(tmpl) ? xstrdup(tmpl) : NULL;
    import_opts io = {.p12_dir = *tmpdir};
    diag_list warn = DIAG_LIST_INIT;
    cfg = import_profile(c->set, bytes, len, path, &io, &warn);
    /* what import leaves out is import's to report; only errors matter here */
    for (size_t i = 0; i < warn.n; i++)
      if (warn.items[i].level == DIAG_ERROR)
        diag_addc(&d, DIAG_ERROR, warn.items[i].code, warn.items[i].file, warn.items[i].line,
                  warn.items[i].col, warn.items[i].field, "%s", warn.items[i].msg);
    diag_list_free(&warn);
    if (cfg && *tmpdir) {
      /* the embedded .p12 now sits in tmpdir: make the path absolute */
      free(cfg->path);
      cfg->path = xasprintf("%s/profile.yaml", *tmpdir);
    }
  } else if (bytes) {
    cfg = config_load_text(c->set, bytes, len, path, &d);
    if (cfg) {
      free(cfg->path);
      cfg->path = xstrdup(path);
    }
  }
  *code = !cfg ? EXIT_INVALID : EXIT_OK;
  free(bytes);
  /* only errors: a difference report is not the place for load warnings */
  diag_list errs = DIAG_LIST_INIT;
  for (size_t i = 0; i < d.n; i++)
    if (d.items[i].level == DIAG_ERROR)
      diag_addc(&errs, DIAG_ERROR, d.items[i].code, d.items[i].file, d.items[i].line,
                d.items[i].col, d.items[i].field, "%s", d.items[i].msg);
  cli_print_diags(c, &errs);
  diag_list_free(&errs);
  diag_list_free(&d);
  return cfg;
}

/* The bytes of an embedded credential file, resolved beside the config. */
static char *file_bytes(const config *cfg, const char *rel, size_t *len) {
  char *p;
  const char *slash = cfg->path ? strrchr(cfg->path, '/') : NULL;
  if (rel[0] == '/' || !slash)
    p = xstrdup(rel);
  else
    p = xasprintf("%.*s/%s", (int)(slash - cfg->path), cfg->path, rel);
  diag_list d = DIAG_LIST_INIT;
  char *b = file_read_all(p, DIFF_MAX_INPUT, len, &d);
  diag_list_free(&d);
  free(p);
  return b;
}

/* A configuration names its .p12 by path; its profile embeds the bytes. Equal
 * contents are the same setting, whatever the file is called. */
static bool same_embedded(const config *a, const config *b, const char *path) {
  const val *x = val_get_path(a->root, path), *y = val_get_path(b->root, path);
  if (!x || !y || x->kind != VAL_STR || y->kind != VAL_STR)
    return false;
  size_t la = 0, lb = 0;
  char *ba = file_bytes(a, x->u.str, &la), *bb = file_bytes(b, y->u.str, &lb);
  bool same = ba && bb && la == lb && !memcmp(ba, bb, la);
  free(ba);
  free(bb);
  return same;
}

typedef struct printer {
  const config *a, *b;
  bool reveal;
} printer;

static char *shown(const printer *p, const desc_field *f, const val *v) {
  if (!v)
    return xstrdup("(unset)");
  if (f && kind_of(f)->secret && !p->reveal)
    return xstrdup(MASKED);
  char *t = val_scalar_text(v);
  if (t)
    return t;
  if (v->kind == VAL_LIST)
    return xasprintf("%zu item%s", v->u.list.n, v->u.list.n == 1 ? "" : "s");
  if (v->kind == VAL_MAP)
    return xasprintf("%zu entr%s", v->u.map.n, v->u.map.n == 1 ? "y" : "ies");
  return xstrdup("");
}

static void print_entry(void *ud, const diff_entry *e) {
  printer *p = ud;
  /* labels, paths, keys and values are data: escaped for the terminal */
  const char *label = cli_esc(e->field && e->field->label ? e->field->label : e->path);
  const char *path = cli_esc(e->path), *item = e->item ? cli_esc(e->item) : NULL;
  char *o_raw = shown(p, e->field, e->old_v), *n_raw = shown(p, e->field, e->new_v);
  const char *o = cli_esc(o_raw), *n = cli_esc(n_raw);
  bool secret = e->field && kind_of(e->field)->secret && !p->reveal;
  switch (e->kind) {
  case DIFF_CHANGED:
    if (item)
      printf("~ %s (%s.%s): %s -> %s\n", label, path, item, o, n);
    else
      printf("~ %s (%s): %s -> %s%s\n", label, path, o, n, secret ? " (changed)" : "");
    break;
  case DIFF_ADDED: printf("+ %s (%s): %s\n", label, path, n); break;
  case DIFF_REMOVED: printf("- %s (%s): %s\n", label, path, o); break;
  case DIFF_ITEM_ADDED:
    if (e->new_v && e->field && kind_of(e->field)->shape == KSHAPE_MAP)
      printf("+ %s (%s.%s): %s\n", label, path, item, n);
    else
      printf("+ %s (%s): %s\n", label, path, item);
    break;
  case DIFF_ITEM_REMOVED:
    if (e->old_v && e->field && kind_of(e->field)->shape == KSHAPE_MAP)
      printf("- %s (%s.%s): %s\n", label, path, item, o);
    else
      printf("- %s (%s): %s\n", label, path, item);
    break;
  case DIFF_REORDERED: printf("~ %s (%s): same items, new order\n", label, path); break;
  }
  free(o_raw);
  free(n_raw);
}

static int diff_one(cli *c, const char **files, bool reveal);

int cmd_diff(cli *c, const cli_args *a) {
  const char *files[2] = {a->pos[0], a->pos[1]};
  bool reveal = cli_has(a, "reveal");
  if (cli_value(a, "ca"))
    c->ca = cli_value(a, "ca");
  if (!strcmp(files[0], "-") && !strcmp(files[1], "-"))
    return cli_usage_error(c->cmd, "standard input (-) can be one side only");
  /* bundles: configuration by configuration, in order */
  size_t na = cli_members(c, files[0]), nb = cli_members(c, files[1]);
  if (na == 1 && nb == 1)
    return diff_one(c, files, reveal);
  int worst = EXIT_OK;
  for (size_t k = 0; k < na && k < nb; k++) {
    printf("== %zu of %zu\n", k + 1, na > nb ? na : nb);
    c->member = k;
    int code = diff_one(c, files, reveal);
    worst = code > worst ? code : worst;
  }
  c->member = 0;
  if (na != nb) {
    printf("%s holds %zu configurations, %s %zu\n", cli_esc(files[0]), na, cli_esc(files[1]), nb);
    worst = worst > EXIT_INVALID ? worst : EXIT_INVALID;
  }
  return worst;
}

static int diff_one(cli *c, const char **files, bool reveal) {
  char *tmp[2] = {NULL, NULL};
  bool is_profile[2] = {false, false};
  config *cfg[2] = {NULL, NULL};
  int code = EXIT_OK;
  for (int k = 0; k < 2; k++) {
    int lc;
    cfg[k] = cli_load_any(c, files[k], &tmp[k], &is_profile[k], &lc);
    if (!cfg[k])
      code = EXIT_IO; /* diff's "trouble": 1 means different */
  }
  if (code == EXIT_OK) {
    /* an embedded .p12 with the same bytes is no difference */
    if (same_embedded(cfg[0], cfg[1], "credential.file"))
      model_set(cfg[1], "credential.file", val_clone(val_get_path(cfg[0]->root, "credential.file")),
                NULL);
    printer p = {cfg[0], cfg[1], reveal};
    bool profile_only = tmp[0] || tmp[1] || is_profile[0] || is_profile[1];
    size_t n = model_diff(cfg[0], cfg[1], profile_only, print_entry, &p);
    code = n ? EXIT_INVALID : EXIT_OK;
    if (fflush(stdout) != 0)
      code = EXIT_IO;
  }
  for (int k = 0; k < 2; k++) {
    config_free(cfg[k]);
    cli_tmpdir_remove(tmp[k]);
  }
  return code;
}
