/* Profiles as admins ship them, for the commands: several configurations
 * exported as one profile (a bundle), the macOS app mapping, target systems
 * (export/validate --target, --strict) and a bundle imported into a
 * directory (io/bundle.h, core/target.h). */
#include "cli/cli.h"
#include "core/target.h"
#include "core/util.h"
#include "core/validate.h"
#include "io/bundle.h"
#include "io/config_io.h"
#include "io/export.h"
#include "io/fileio.h"
#include "io/import.h"
#include "io/plist_util.h"
#include "io/sign.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool cli_targets(const cli *c, const config *cfg, const target_list *given, bool strict,
                 bool *macos, int *code) {
  diag_list d = DIAG_LIST_INIT;
  target_list own = {0};
  const target_list *l = given;
  bool ok = true;
  if (!given || given->n == 0) {
    ok = target_list_from_config(&own, cfg, &d);
    l = &own;
  }
  if (ok)
    target_check(cfg, l, strict, &d);
  if (diag_count(&d, DIAG_ERROR)) {
    ok = false;
    *code = EXIT_INVALID;
  }
  if (macos)
    *macos = target_list_has(l, OS_MACOS);
  cli_print_diags(c, &d);
  diag_list_free(&d);
  target_list_free(&own);
  return ok;
}

static bool has_secret(const config *cfg) {
  if (model_has_secrets(cfg))
    return true;
  const val *f = val_get_path(cfg->root, "credential.file");
  return f && !val_is_empty(f);
}

int cli_export_profiles(const cli *c, const char *const *files, size_t n, const export_opts *eo,
                        const cli_ship_opts *so) {
  int code = EXIT_OK;
  config **cfgs = xcalloc(n, sizeof *cfgs);
  bundle_member *m = xcalloc(n, sizeof *m);
  diag_list d = DIAG_LIST_INIT;
  char *bytes = NULL;
  size_t len = 0;
  bool secret = false;
  export_opts xo = *eo;
  xo.format = EXPORT_XML; /* read back and assembled; the format applies to the whole */

  for (size_t i = 0; i < n; i++) {
    int lc = EXIT_OK;
    cfgs[i] = cli_load(c, files[i], &lc);
    if (!cfgs[i]) {
      code = lc > code ? lc : code;
      continue;
    }
    bool mac = so->checked;
    if (!so->checked && !cli_targets(c, cfgs[i], so->targets, so->strict, &mac, &lc)) {
      code = lc > code ? lc : code;
      continue;
    }
    m[i].file = files[i];
    m[i].cfg = cfgs[i];
    m[i].mapping = mac && !eo->payload_only;
    secret |= has_secret(cfgs[i]);
    char *b = NULL;
    size_t bl = 0;
    if (!export_profile(cfgs[i], &xo, &b, &bl, &d)) {
      cli_print_diags(c, &d);
      diag_list_clear(&d);
      fprintf(stderr, "appvpn export: %s has errors\n", cli_esc(files[i]));
      code = code > EXIT_INVALID ? code : EXIT_INVALID;
      continue;
    }
    cli_print_diags(c, &d);
    diag_list_clear(&d);
    m[i].bytes = b;
    m[i].len = bl;
  }
  if (code != EXIT_OK)
    goto out;
  bundle_opts bo = {
      .identifier = so->identifier, .name = so->name, .binary = eo->format == EXPORT_BINARY};
  if (!bundle_build(m, n, &bo, &bytes, &len, &d)) {
    cli_print_diags(c, &d);
    diag_list_clear(&d);
    code = EXIT_INVALID;
    goto out;
  }
  if (so->signer) {
    size_t slen = 0;
    char *sb = sign_data(so->signer, bytes, len, &slen, &d);
    cli_print_diags(c, &d);
    diag_list_clear(&d);
    free(bytes);
    bytes = sb;
    len = slen;
    if (!bytes) {
      code = EXIT_IO;
      goto out;
    }
  }
  if (so->out) {
    file_write_opts wo = {.secret = secret, .force = so->force, .stream = true};
    /* never over one of the configurations */
    for (size_t i = 0; i < n; i++) {
      struct stat st, os;
      if (stat(files[i], &st) == 0 && stat(so->out, &os) == 0 && st.st_dev == os.st_dev &&
          st.st_ino == os.st_ino) {
        fprintf(stderr, "appvpn export: not writing over %s, one of the configurations\n",
                cli_esc(files[i]));
        code = EXIT_IO;
        goto out;
      }
    }
    if (!file_write(so->out, bytes, len, &wo, &d))
      code = EXIT_IO;
    cli_print_diags(c, &d);
  } else if (fwrite(bytes, 1, len, stdout) != len || fflush(stdout) != 0) {
    fprintf(stderr, "appvpn export: writing to standard output: %s\n", strerror(errno));
    code = EXIT_IO;
  }
out:
  if (code == EXIT_INVALID)
    fprintf(stderr, "appvpn export: nothing written\n");
  diag_list_free(&d);
  free(bytes);
  for (size_t i = 0; i < n; i++) {
    free((char *)m[i].bytes);
    config_free(cfgs[i]);
  }
  free(m);
  free(cfgs);
  return code;
}

/* ---- import of a bundle --------------------------------------------------------- */

/* The .p12 files in dir (a NULL-ended array; caller frees each and it). */
static char **p12_files(const char *dir) {
  size_t n = 0, cap = 8;
  char **v = xcalloc(cap, sizeof *v);
  DIR *d = opendir(dir);
  struct dirent *de;
  while (d && (de = readdir(d)) != NULL) {
    size_t l = strlen(de->d_name);
    if (l < 5 || strcmp(de->d_name + l - 4, ".p12"))
      continue;
    if (n + 1 >= cap)
      v = xrealloc(v, (cap *= 2) * sizeof *v);
    v[n++] = xstrdup(de->d_name);
    v[n] = NULL;
  }
  if (d)
    closedir(d);
  return v;
}

static void strv_free(char **v) {
  for (size_t i = 0; v && v[i]; i++)
    free(v[i]);
  free(v);
}

/* All or nothing: the .p12 files a failed import added to dir go again. */
static void p12_undo(const char *dir, char **before) {
  char **now = p12_files(dir);
  for (size_t i = 0; now[i]; i++) {
    bool had = false;
    for (size_t k = 0; before[k] && !had; k++)
      had = !strcmp(before[k], now[i]);
    if (!had) {
      char *p = xasprintf("%s/%s", dir, now[i]);
      unlink(p);
      free(p);
    }
  }
  strv_free(now);
}

static bool is_dir(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int cli_import_profiles(const cli *c, const char *in, const char *bytes, size_t len,
                        const char *out, const import_opts *base) {
  diag_list d = DIAG_LIST_INIT, post = DIAG_LIST_INIT;
  size_t n = 0, *lens = NULL;
  char **profiles = bundle_split(bytes, len, in, &n, &lens, &d);
  int code = EXIT_OK;
  config **cfgs = NULL;
  char **names = NULL;
  bool *written = NULL;
  if (!profiles) {
    code = EXIT_INVALID;
    goto out;
  }
  bool dir = is_dir(out) || (out[0] && out[strlen(out) - 1] == '/');
  if (n > 1 && !dir) {
    fprintf(stderr,
            "appvpn import: %s holds %zu configurations; give a directory to write them into "
            "(-o DIR/)\n",
            cli_esc(in), n);
    code = EXIT_USAGE;
    goto out;
  }
  if (dir && !is_dir(out)) {
    fprintf(stderr, "appvpn import: %s is not a directory\n", cli_esc(out));
    code = EXIT_IO;
    goto out;
  }
  cfgs = xcalloc(n, sizeof *cfgs);
  names = xcalloc(n, sizeof *names);
  written = xcalloc(n, sizeof *written);
  /* First pass: every payload read, with no file written (no .p12 either),
   * and every name chosen; nothing is written unless all of them import. */
  import_opts dry = *base;
  dry.p12_dir = NULL;
  for (size_t i = 0; i < n; i++) {
    config *t = import_profile(c->set, profiles[i], lens[i], in, &dry, &d);
    if (!t || diag_count(&d, DIAG_ERROR)) {
      code = EXIT_INVALID;
      config_free(t);
      goto out;
    }
    diag_list_clear(&d); /* the warnings come with the real import below */
    if (!dir) {
      names[i] = xstrdup(out);
    } else {
      const val *nm = val_get_path(t->root, "name");
      char *slug = model_slug(nm && nm->kind == VAL_STR ? nm->u.str : "");
      const char *sep = out[strlen(out) - 1] == '/' ? "" : "/";
      names[i] = xasprintf("%s%s%s.yaml", out, sep, slug);
      /* two payloads with one name: -2, -3, … in order */
      for (unsigned k = 2;; k++) {
        bool clash = false;
        for (size_t j = 0; j < i && !clash; j++)
          clash = !strcmp(names[j], names[i]);
        if (!clash)
          break;
        free(names[i]);
        names[i] = xasprintf("%s%s%s-%u.yaml", out, sep, slug, k);
      }
      free(slug);
    }
    config_free(t);
    if (!base->force && access(names[i], F_OK) == 0) {
      fprintf(stderr, "appvpn import: %s exists; use --force to replace it\n", cli_esc(names[i]));
      code = EXIT_IO;
      goto out;
    }
  }
  char *p12_dir = NULL;
  if (dir) {
    p12_dir = xstrdup(out);
    for (size_t l = strlen(p12_dir); l > 1 && p12_dir[l - 1] == '/'; l--)
      p12_dir[l - 1] = 0;
  } else {
    const char *slash = strrchr(out, '/');
    p12_dir = slash ? xstrndup(out, (size_t)(slash - out)) : xstrdup(".");
  }
  import_opts real = *base;
  real.p12_dir = p12_dir;
  char **p12_before = p12_files(p12_dir);
  size_t map_len = 0;
  char *map = bundle_mapping_only(bytes, len, &map_len);
  for (size_t i = 0; i < n && code == EXIT_OK; i++) {
    cfgs[i] = import_profile(c->set, profiles[i], lens[i], in, &real, &d);
    if (cfgs[i] && map && !bundle_read_mapping(map, map_len, cfgs[i], &d))
      code = EXIT_INVALID;
    if (!cfgs[i] || diag_count(&d, DIAG_ERROR)) {
      code = code ? code : EXIT_IO; /* a .p12 could not be written */
      break;
    }
    cli_print_diags(c, &d);
    diag_list_clear(&d);
    file_write_opts wo = {.force = base->force, .exclusive = !base->force};
    if (!config_save_to(cfgs[i], names[i], &wo, &d)) {
      code = EXIT_IO;
      break;
    }
    written[i] = true;
    /* what the new file lacks, as import of one profile says (once all are
     * written); its .p12 is found beside it */
    free(cfgs[i]->path);
    cfgs[i]->path = xstrdup(names[i]);
    diag_list v = DIAG_LIST_INIT;
    validate_config(cfgs[i], &v);
    for (size_t k = 0; k < v.n; k++) {
      free(v.items[k].file);
      v.items[k].file = xstrdup(names[i]);
      v.items[k].line = v.items[k].col = 0;
    }
    diag_list_move(&post, &v);
    diag_list_free(&v);
  }
  free(map);
  if (code != EXIT_OK) {
    /* all or nothing: the configurations written so far go again */
    for (size_t i = 0; i < n; i++)
      if (written[i])
        unlink(names[i]);
    p12_undo(p12_dir, p12_before);
    strv_free(p12_before);
    free(p12_dir);
    goto out;
  }
  strv_free(p12_before);
  free(p12_dir);
  cli_print_diags(c, &post);
  for (size_t i = 0; i < n && dir && !c->quiet; i++)
    printf("%s: written\n", cli_esc(names[i]));
out:
  cli_print_diags(c, &d);
  if (code != EXIT_OK && code != EXIT_USAGE)
    fprintf(stderr, "appvpn import: %s: nothing written\n", cli_esc(in));
  diag_list_free(&d);
  diag_list_free(&post);
  for (size_t i = 0; i < n; i++) {
    free(profiles[i]);
    if (cfgs)
      config_free(cfgs[i]);
    if (names)
      free(names[i]);
  }
  free(profiles);
  free(lens);
  free(cfgs);
  free(names);
  free(written);
  return code;
}

size_t cli_members(const cli *c, const char *path) {
  /* standard input, a pipe or a FIFO can be read once only: one
   * configuration (a bundle is shown or compared from a file) */
  struct stat st;
  if (!strcmp(path, "-") || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return 1;
  diag_list d = DIAG_LIST_INIT;
  size_t len = 0, n = 1;
  char *bytes = file_read_all(path, PLIST_MAX_FILE, &len, &d);
  if (bytes && sign_is_signed(bytes, len)) {
    /* only counted here: cli_load_any says who signed it */
    sign_info info;
    size_t clen = 0;
    char *content = sign_unwrap(bytes, len, c->ca, path, &clen, &info, &d);
    sign_info_clear(&info);
    free(bytes);
    bytes = content;
    len = clen;
  }
  if (bytes) {
    size_t k = bundle_count(bytes, len);
    n = k > 1 ? k : 1;
  }
  free(bytes);
  diag_list_free(&d);
  return n;
}
