/* Subcommands: new, set, validate, export, types, vars. (show is in show.c.) */
#include "cli/cli.h"
#include "core/text.h"
#include "core/util.h"
#include "core/uuid.h"
#include "core/validate.h"
#include "core/vars.h"
#include "io/config_io.h"
#include "io/credential.h"
#include "io/export.h"
#include "io/import.h"
#include "io/sign.h"
#include "io/plist_util.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char *esc_ring[16];

void cli_esc_free(void) {
  for (size_t i = 0; i < sizeof esc_ring / sizeof *esc_ring; i++) {
    free(esc_ring[i]);
    esc_ring[i] = NULL;
  }
}

const char *cli_esc(const char *s) {
  char **ring = esc_ring;
  static size_t next;
  if (!s)
    return "";
  free(ring[next]);
  ring[next] = text_escape(s);
  const char *out = ring[next];
  next = (next + 1) % (sizeof esc_ring / sizeof *esc_ring);
  return out;
}

void cli_print_diags(const cli *c, const diag_list *d) {
  for (size_t i = 0; i < d->n; i++) {
    if (c->quiet && d->items[i].level != DIAG_ERROR)
      continue;
    char *s = diag_format(&d->items[i]);
    fprintf(stderr, "%s\n", s);
    free(s);
  }
}

/* Checks that path is a readable regular file; prints why not. */
static bool check_readable(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) {
    fprintf(stderr, "appvpn: %s: %s\n", cli_esc(path), strerror(errno));
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    fprintf(stderr, "appvpn: %s: is a directory, expected a configuration file\n", cli_esc(path));
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    /* A FIFO would block, a device never end: input is a regular file. */
    fprintf(stderr, "appvpn: %s: is %s, not a regular file\n", cli_esc(path),
            file_kind_name(st.st_mode));
    return false;
  }
  if (access(path, R_OK) != 0) {
    fprintf(stderr, "appvpn: %s: %s\n", cli_esc(path), strerror(errno));
    return false;
  }
  return true;
}

config *cli_load(const cli *c, const char *path, int *code) {
  return cli_load_counted(c, path, code, NULL);
}

config *cli_load_counted(const cli *c, const char *path, int *code, size_t *warnings) {
  if (!check_readable(path)) {
    *code = EXIT_IO;
    return NULL;
  }
  diag_list d = DIAG_LIST_INIT;
  config *cfg = config_load(c->set, path, &d);
  cli_print_diags(c, &d);
  if (warnings)
    *warnings = diag_count(&d, DIAG_WARNING);
  diag_list_free(&d);
  if (!cfg)
    *code = EXIT_INVALID;
  return cfg;
}

val *cli_parse_value(const char *text, diag_list *d) {
  /* Flow collections are read as YAML; anything else is text, so that values
   * like "a #b" or "x: y" need no quoting on the command line. The model
   * converts text to the field's kind (true/false, numbers). */
  while (*text == ' ')
    text++;
  if (*text == '[' || *text == '{') {
    char *doc = xasprintf("v: %s\n", text);
    val *root = yaml_parse(doc, strlen(doc), "<command line>", d);
    free(doc);
    if (!root)
      return NULL;
    val *v = val_map_take(root, "v");
    val_free(root);
    return v;
  }
  val *v = val_new_str(text);
  v->plain = true;
  return v;
}

/* Applies one setting to cfg through the one write path (model_set).
 * Returns an exit code. */
static int apply_setting(const cli *c, config *cfg, const cli_setting *st) {
  char *key = NULL, *text = NULL;
  int code = cli_setting_resolve(c, cfg, st, &key, &text);
  diag_list d = DIAG_LIST_INIT;
  if (code != EXIT_OK)
    goto out;
  if (!strcmp(key, "type")) {
    const desc_type *t = desc_set_find(c->set, text);
    if (!t) {
      fprintf(stderr, "appvpn: unknown connection type '%s' (see 'appvpn types')\n", cli_esc(text));
      code = EXIT_USAGE;
    } else {
      config_set_type(cfg, t);
    }
    goto out;
  }
  if (!model_field_for_path(cfg, key)) {
    fprintf(stderr, "appvpn: '%s' is not a setting of %s (see 'appvpn types %s')\n", cli_esc(key),
            cli_esc(cfg->type ? cfg->type->label : "this configuration"),
            cli_esc(cfg->type ? cfg->type->id : "TYPE"));
    code = EXIT_USAGE;
    goto out;
  }
  val *v;
  if (!*text)
    v = val_new_null(); /* KEY= unsets */
  else if (st->from == SETTING_TEXT)
    v = cli_parse_value(text, &d);
  else
    v = val_new_str(text); /* from a file or a prompt: the text as it is */
  if (!v || !model_set(cfg, key, v, &d))
    code = EXIT_INVALID;
out:
  cli_print_diags(c, &d);
  diag_list_free(&d);
  free(key);
  free(text);
  return code;
}

/* --set-file KEY=PATH / --set-prompt KEY at argv[*i] (and its value): adds
 * the setting and returns true; false when argv[*i] is neither. */
static bool setting_option(int argc, char **argv, int *i, cli_setting *out, size_t *n) {
  const char *a = argv[*i];
  setting_from from;
  if (!strcmp(a, "--set-file"))
    from = SETTING_FILE;
  else if (!strcmp(a, "--set-prompt"))
    from = SETTING_PROMPT;
  else
    return false;
  if (*i + 1 >= argc)
    return false;
  out[(*n)++] = (cli_setting){from, argv[++*i]};
  return true;
}

typedef struct unsaved {
  diag_list *d;
  const char *file;
} unsaved;

static void unsaved_fn(void *ud, const char *path, const desc_field *f, const val *v,
                       const char *why) {
  (void)f, (void)v;
  unsaved *u = ud;
  diag_add(u->d, DIAG_WARNING, u->file, 0, 0, path,
           "%s was not saved: the setting is hidden (shown only when %s)", path, why);
}

/* After a save: says which values were left out because their field is
 * hidden (e.g. the proxy server once proxy.setup is none), then validates
 * what was saved. The configuration in memory is what the file now holds,
 * so it is not read and parsed again (a million-domain file would cost
 * twice); messages name the field and the file, without a line (the save
 * may have moved lines; `appvpn validate` gives them). Returns the number
 * of errors. */
static size_t report_saved(const cli *c, const config *mem, const char *path) {
  diag_list d = DIAG_LIST_INIT;
  unsaved u = {&d, path};
  model_each_hidden(mem, unsaved_fn, &u);
  cli_print_diags(c, &d);
  diag_list_clear(&d);
  validate_config(mem, &d);
  for (size_t i = 0; i < d.n; i++) {
    free(d.items[i].file);
    d.items[i].file = xstrdup(path);
    d.items[i].line = d.items[i].col = 0;
  }
  cli_print_diags(c, &d);
  size_t errors = diag_count(&d, DIAG_ERROR);
  diag_list_free(&d);
  return errors;
}

int cmd_new(cli *c, int argc, char **argv) {
  const char *type_id = NULL, *out = NULL;
  bool force = false;
  cli_setting *sets = xcalloc((size_t)argc + 1, sizeof *sets);
  size_t n_sets = 0;
  int code = EXIT_OK;
  config *cfg = NULL;
  diag_list d = DIAG_LIST_INIT;

  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if ((!strcmp(a, "-o") || !strcmp(a, "--output") || !strcmp(a, "--set")) && i + 1 < argc) {
      if (!strcmp(a, "--set"))
        sets[n_sets++] = (cli_setting){SETTING_TEXT, argv[++i]};
      else
        out = argv[++i];
    } else if (setting_option(argc, argv, &i, sets, &n_sets)) {
      continue;
    } else if (!strcmp(a, "--force") || !strcmp(a, "-f")) {
      force = true;
    } else if (a[0] == '-') {
      fprintf(stderr, "appvpn new: unknown or incomplete option '%s'\n", cli_esc(a));
      code = EXIT_USAGE;
      goto out;
    } else if (!type_id) {
      type_id = a;
    } else {
      fprintf(stderr, "appvpn new: unexpected argument '%s'\n", cli_esc(a));
      code = EXIT_USAGE;
      goto out;
    }
  }
  if (!type_id || !out) {
    fputs("usage: appvpn new TYPE -o FILE [--set KEY=VALUE]... [--set-file KEY=PATH]... "
          "[--set-prompt KEY]... [--force]\n",
          stderr);
    code = EXIT_USAGE;
    goto out;
  }
  const desc_type *t = desc_set_find(c->set, type_id);
  if (!t) {
    fprintf(stderr, "appvpn new: unknown connection type '%s'; one of:", cli_esc(type_id));
    for (size_t k = 0; k < c->set->n_types; k++)
      fprintf(stderr, " %s", cli_esc(c->set->types[k].id));
    fputc('\n', stderr);
    code = EXIT_USAGE;
    goto out;
  }
  if (!force && access(out, F_OK) == 0) {
    fprintf(stderr, "appvpn new: %s exists; use --force to replace it\n", cli_esc(out));
    code = EXIT_IO;
    goto out;
  }

  cfg = config_new(c->set, t);
  for (size_t k = 0; k < n_sets && code == EXIT_OK; k++)
    code = apply_setting(c, cfg, &sets[k]);
  if (code != EXIT_OK)
    goto out;
  /* A usable starting point, made as the editor makes it: fresh UUIDs, and
   * the type's label as name when none was given (the identifier follows). */
  if (!model_init_new(cfg, t->label, &d)) {
    cli_print_diags(c, &d);
    code = EXIT_IO;
    goto out;
  }
  cli_print_diags(c, &d);
  diag_list_clear(&d);
  file_write_opts wo = {.force = force, .exclusive = !force};
  if (!config_save_to(cfg, out, &wo, &d)) {
    cli_print_diags(c, &d);
    code = EXIT_IO;
    goto out;
  }
  size_t errors = report_saved(c, cfg, out);
  if (errors && !c->quiet)
    fprintf(stderr, "appvpn new: wrote %s; %zu setting%s to complete before export\n", cli_esc(out),
            errors, errors == 1 ? "" : "s");
out:
  diag_list_free(&d);
  config_free(cfg);
  free(sets);
  return code;
}

int cmd_set(cli *c, int argc, char **argv) {
  cli_setting *sets = xcalloc((size_t)argc + 1, sizeof *sets);
  size_t n_sets = 0;
  const char *file = NULL;
  bool force = false;
  int code = EXIT_OK;
  for (int i = 0; i < argc && code == EXIT_OK; i++) {
    if (setting_option(argc, argv, &i, sets, &n_sets))
      continue;
    if (!strcmp(argv[i], "--force") || !strcmp(argv[i], "-f")) {
      force = true;
    } else if (argv[i][0] == '-' && argv[i][1] == '-') {
      fprintf(stderr, "appvpn set: unknown or incomplete option '%s'\n", cli_esc(argv[i]));
      code = EXIT_USAGE;
    } else if (!file) {
      file = argv[i];
    } else {
      sets[n_sets++] = (cli_setting){SETTING_TEXT, argv[i]};
    }
  }
  if (code == EXIT_OK && (!file || !n_sets)) {
    fputs("usage: appvpn set FILE KEY=VALUE... [--set-file KEY=PATH]... [--set-prompt KEY]...\n"
          "       [--force]   (KEY= unsets)\n",
          stderr);
    code = EXIT_USAGE;
  }
  diag_list d = DIAG_LIST_INIT;
  config *cfg = NULL;
  file_lock *lk = NULL;
  if (code != EXIT_OK)
    goto out;
  if (!check_readable(file)) { /* before FILE.lock is made beside it */
    code = EXIT_IO;
    goto out;
  }
  /* Held from load to save: a concurrent set waits instead of losing its change. */
  lk = file_lock_take(file, FILE_LOCK_WAIT_MS, &d);
  if (!lk) {
    cli_print_diags(c, &d);
    fprintf(stderr, "appvpn set: %s left unchanged\n", cli_esc(file));
    code = EXIT_IO;
    goto out;
  }
  cfg = cli_load(c, file, &code);
  for (size_t i = 0; cfg && i < n_sets && code == EXIT_OK; i++)
    code = apply_setting(c, cfg, &sets[i]);
  if (cfg && code == EXIT_OK) {
    /* All settings applied: only now touch the file (all or nothing). */
    file_write_opts wo = {.force = force};
    if (!config_save_to(cfg, NULL, &wo, &d))
      code = EXIT_IO;
    cli_print_diags(c, &d);
    if (code == EXIT_OK)
      report_saved(c, cfg, file);
  } else if (cfg) {
    fprintf(stderr, "appvpn set: %s left unchanged\n", cli_esc(file));
  }
out:
  file_lock_release(lk);
  diag_list_free(&d);
  config_free(cfg);
  free(sets);
  return code;
}

int cmd_validate(cli *c, int argc, char **argv) {
  if (argc < 1) {
    fputs("usage: appvpn validate FILE...\n", stderr);
    return EXIT_USAGE;
  }
  int worst = EXIT_OK;
  for (int i = 0; i < argc; i++) {
    int code = EXIT_OK;
    size_t load_warnings = 0;
    config *cfg = cli_load_counted(c, argv[i], &code, &load_warnings);
    if (cfg) {
      diag_list d = DIAG_LIST_INIT;
      validate_config(cfg, &d);
      credential_check_config(cfg, time(NULL), &d);
      cli_print_diags(c, &d);
      size_t e = diag_count(&d, DIAG_ERROR), w = diag_count(&d, DIAG_WARNING) + load_warnings;
      if (e)
        code = EXIT_INVALID;
      if (!c->quiet)
        printf("%s: %s (%zu error%s, %zu warning%s)\n", cli_esc(argv[i]), e ? "invalid" : "valid",
               e, e == 1 ? "" : "s", w, w == 1 ? "" : "s");
      diag_list_free(&d);
      config_free(cfg);
    } else if (!c->quiet) {
      printf("%s: %s\n", cli_esc(argv[i]), code == EXIT_IO ? "unreadable" : "invalid");
    }
    if (code > worst)
      worst = code;
  }
  return worst;
}

/* Does the exported profile carry a secret (a password or an embedded identity)? */
static bool visit_secret(void *ud, const model_ctx *ctx, const desc_section *s, const desc_field *f,
                         const char *path, const val *v) {
  (void)ctx, (void)s, (void)path;
  if ((f->kind == FK_PASSWORD || (f->kind == FK_FILE && f->embed)) && !val_is_empty(v))
    *(bool *)ud = true;
  return true;
}

int cmd_export(cli *c, int argc, char **argv) {
  const char *file = NULL, *out = NULL, *users = NULL, *name_tmpl = NULL, *as = NULL;
  const char *sign_cert = NULL, *sign_key = NULL, *sign_chain = NULL, *sign_p12 = NULL,
             *sign_pass = NULL;
  sign_identity *signer = NULL;
  bool keep_going = false, dialect_given = false, force = false;
  export_opts eo = {.format = EXPORT_XML};
  var_binding *vars = xcalloc((size_t)argc + 1, sizeof *vars);
  char **var_names = xcalloc((size_t)argc + 1, sizeof *var_names);
  size_t n_vars = 0;
  int code = EXIT_OK;
  config *cfg = NULL;
  char *bytes = NULL;
  size_t len = 0;
  diag_list d = DIAG_LIST_INIT;

  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < argc) {
      out = argv[++i];
    } else if (!strcmp(a, "--format") && i + 1 < argc) {
      const char *f = argv[++i];
      if (!strcmp(f, "xml"))
        eo.format = EXPORT_XML;
      else if (!strcmp(f, "binary") || !strcmp(f, "bin"))
        eo.format = EXPORT_BINARY;
      else {
        fprintf(stderr, "appvpn export: --format takes xml or binary, not '%s'\n", cli_esc(f));
        code = EXIT_USAGE;
        goto out;
      }
    } else if (!strcmp(a, "--payload-only")) {
      eo.payload_only = true;
    } else if (!strcmp(a, "--force") || !strcmp(a, "-f")) {
      force = true;
    } else if ((!strcmp(a, "--users") || !strcmp(a, "--name")) && i + 1 < argc) {
      if (!strcmp(a, "--users"))
        users = argv[++i];
      else
        name_tmpl = argv[++i];
    } else if (!strcmp(a, "--keep-going")) {
      keep_going = true;
    } else if ((!strcmp(a, "--sign-cert") || !strcmp(a, "--sign-key") ||
                !strcmp(a, "--sign-chain") || !strcmp(a, "--sign-p12") ||
                !strcmp(a, "--sign-pass-file")) &&
               i + 1 < argc) {
      const char **slot = !strcmp(a, "--sign-cert")    ? &sign_cert
                          : !strcmp(a, "--sign-key")   ? &sign_key
                          : !strcmp(a, "--sign-chain") ? &sign_chain
                          : !strcmp(a, "--sign-p12")   ? &sign_p12
                                                       : &sign_pass;
      *slot = argv[++i];
    } else if (!strcmp(a, "--as") && i + 1 < argc) {
      as = argv[++i];
      if (strcmp(as, "graph") && strcmp(as, "jamf") && strcmp(as, "ivanti")) {
        fprintf(stderr, "appvpn export: --as takes graph, jamf or ivanti, not '%s'\n", cli_esc(as));
        code = EXIT_USAGE;
        goto out;
      }
    } else if (!strcmp(a, "--dialect") && i + 1 < argc) {
      dialect_given = true;
      if (!vars_dialect_from_name(argv[++i], &eo.dialect)) {
        fprintf(stderr,
                "appvpn export: --dialect takes ivanti, core, jamf, intune or ws1, not '%s'\n",
                argv[i]);
        code = EXIT_USAGE;
        goto out;
      }
    } else if (!strcmp(a, "--var") && i + 1 < argc) {
      const char *kv = argv[++i];
      const char *eq = strchr(kv, '=');
      if (!eq || eq == kv) {
        fprintf(stderr, "appvpn export: --var takes NAME=VALUE, not '%s'\n", cli_esc(kv));
        code = EXIT_USAGE;
        goto out;
      }
      const char *name = kv;
      size_t nlen = (size_t)(eq - kv);
      if (nlen > 3 && !strncmp(name, "${", 2) && name[nlen - 1] == '}') /* ${userUID}=… */
        name += 2, nlen -= 3;
      var_names[n_vars] = xstrndup(name, nlen);
      vars[n_vars].name = var_names[n_vars];
      vars[n_vars].value = eq + 1;
      n_vars++;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "appvpn export: unknown or incomplete option '%s'\n", cli_esc(a));
      code = EXIT_USAGE;
      goto out;
    } else if (!file) {
      file = a;
    } else {
      fprintf(stderr, "appvpn export: unexpected argument '%s'\n", cli_esc(a));
      code = EXIT_USAGE;
      goto out;
    }
  }
  if (!file) {
    fputs("usage: appvpn export FILE [-o OUT|-] [--format xml|binary] [--payload-only] "
          "[--var NAME=VALUE]... [--force]\n",
          stderr);
    code = EXIT_USAGE;
    goto out;
  }
  if (out && !strcmp(out, "-"))
    out = NULL; /* -o -: standard output */
  if (!out && eo.format == EXPORT_BINARY && isatty(STDOUT_FILENO)) {
    fputs("appvpn export: not writing a binary profile to a terminal; use -o FILE\n", stderr);
    code = EXIT_USAGE;
    goto out;
  }
  eo.vars = vars;
  eo.n_vars = n_vars;
  if (as && (users || eo.format == EXPORT_BINARY || eo.payload_only)) {
    fputs("appvpn export: --as wraps one whole XML profile (not with --users, --format binary "
          "or --payload-only)\n",
          stderr);
    code = EXIT_USAGE;
    goto out;
  }
  /* each MDM's own variable spelling, unless --dialect says otherwise */
  if (as && !dialect_given)
    eo.dialect = !strcmp(as, "graph")  ? DIALECT_INTUNE
                 : !strcmp(as, "jamf") ? DIALECT_JAMF
                                       : DIALECT_IVANTI;
  if ((name_tmpl || keep_going) && !users) {
    fputs("appvpn export: --name and --keep-going go with --users USERS.csv\n", stderr);
    code = EXIT_USAGE;
    goto out;
  }
  if (users && (!out || n_vars)) {
    fputs(out ? "appvpn export: --users gives the variables; --var does not go with it\n"
              : "appvpn export: --users needs -o DIR (one profile per row)\n",
          stderr);
    code = EXIT_USAGE;
    goto out;
  }

  if (sign_cert || sign_key || sign_chain || sign_p12 || sign_pass) {
    if (!out && isatty(STDOUT_FILENO)) {
      fputs("appvpn export: not writing a signed (binary) profile to a terminal; use -o FILE\n",
            stderr);
      code = EXIT_USAGE;
      goto out;
    }
    signer = cli_signer(c, sign_cert, sign_key, sign_chain, sign_p12, sign_pass, &code);
    if (!signer)
      goto out;
  }
  cfg = cli_load(c, file, &code);
  if (!cfg)
    goto out;
  if (users) {
    bool secret = false;
    model_each_visible(cfg, visit_secret, &secret);
    code = cli_export_batch(c, cfg, &eo, users, out, name_tmpl, keep_going, secret, signer);
    goto out;
  }
  bool ok = export_profile(cfg, &eo, &bytes, &len, &d);
  cli_print_diags(c, &d);
  diag_list_clear(&d);
  if (ok && signer) {
    /* the profile signed as a whole; --as then carries the signed bytes */
    size_t slen = 0;
    char *signed_bytes = sign_data(signer, bytes, len, &slen, &d);
    cli_print_diags(c, &d);
    diag_list_clear(&d);
    free(bytes);
    bytes = signed_bytes;
    len = slen;
    if (!bytes) {
      code = EXIT_IO;
      goto out;
    }
  }
  if (ok && as) {
    const val *nm = val_get_path(cfg->root, "name");
    char *slug = model_slug(nm && nm->kind == VAL_STR ? nm->u.str : "");
    char *fname = xasprintf("%s.mobileconfig", slug);
    size_t blen = 0;
    char *body = cli_mdm_body(cfg, as, bytes, len, fname, &blen);
    free(slug);
    free(fname);
    free(bytes);
    bytes = body;
    len = blen;
  }
  if (!ok) {
    fprintf(stderr, "appvpn export: %s has errors; nothing written\n", cli_esc(file));
    code = EXIT_INVALID;
  } else if (out) {
    bool secret = false;
    model_each_visible(cfg, visit_secret, &secret);
    /* Over an existing file, like cc -o; into a device or FIFO, never
     * replacing it; never over the configuration itself. */
    struct stat in_st;
    file_write_opts wo = {.secret = secret, .force = force, .stream = true};
    if (stat(file, &in_st) == 0)
      wo.refuse_same_as = &in_st;
    if (!file_write(out, bytes, len, &wo, &d))
      code = EXIT_IO;
    cli_print_diags(c, &d); /* the errors, or what could not be kept */
  } else if (fwrite(bytes, 1, len, stdout) != len || fflush(stdout) != 0) {
    fprintf(stderr, "appvpn export: writing to standard output: %s\n", strerror(errno));
    code = EXIT_IO;
  }
out:
  diag_list_free(&d);
  free(bytes);
  config_free(cfg);
  sign_identity_free(signer);
  for (size_t k = 0; k < n_vars; k++)
    free(var_names[k]);
  free(var_names);
  free(vars);
  return code;
}

/* A field's availability as the descriptor states it:
 * "  {iOS 14.0+, macOS 11.0+, not on watchOS, deprecated iOS 13.4}". */
static void print_field_os(const os_avail *os) {
  strbuf b = STRBUF_INIT;
  for (int k = 0; k < OS__COUNT; k++)
    if (os->since[k] && strcmp(os->since[k], "n/a"))
      strbuf_printf(&b, "%s%s %s+", b.len ? ", " : "", os_labels[k], os->since[k]);
  for (int k = 0; k < OS__COUNT; k++)
    if (os->since[k] && !strcmp(os->since[k], "n/a"))
      strbuf_printf(&b, "%snot on %s", b.len ? ", " : "", os_labels[k]);
  for (int k = 0; k < OS__COUNT; k++)
    if (os->deprecated[k])
      strbuf_printf(&b, "%sdeprecated %s %s", b.len ? ", " : "", os_labels[k], os->deprecated[k]);
  if (b.len)
    printf("  {%s}", strbuf_str(&b));
  strbuf_free(&b);
}

static void print_field_keys(const desc_field *fields, size_t n, const char *prefix) {
  for (size_t i = 0; i < n; i++) {
    const desc_field *f = &fields[i];
    char *key = xasprintf("%s%s", prefix, f->id);
    char *kind = f->format != FMT_NONE
                     ? xasprintf("%s/%s", field_kind_name(f->kind), field_format_name(f->format))
                     : xstrdup(field_kind_name(f->kind));
    printf("  %-38s %-13s %s", cli_esc(key), kind, cli_esc(f->label));
    free(kind);
    if (f->required) {
      const char *cond = expr_source(f->required);
      if (!strcmp(cond, "true"))
        fputs(" (required)", stdout);
      else
        printf(" (required when %s)", cli_esc(cond));
    }
    if (f->variables)
      fputs(" ($ variables)", stdout);
    print_field_os(&f->os);
    if (f->show)
      printf("  [when %s]", cli_esc(expr_source(f->show)));
    putchar('\n');
    if (f->kind == FK_CHOICE) {
      printf("  %-38s %-13s", "", "");
      for (size_t k = 0; k < f->n_choices; k++)
        printf("%s%s", k ? " | " : "one of: ", cli_esc(f->choices[k].value));
      putchar('\n');
    }
    if (f->kind == FK_RECORDS) {
      char *sub = xasprintf("%s[N].", key);
      print_field_keys(f->fields, f->n_fields, sub);
      free(sub);
    }
    free(key);
  }
}

int cmd_types(cli *c, int argc, char **argv) {
  if (argc > 1) {
    fputs("usage: appvpn types [TYPE]\n", stderr);
    return EXIT_USAGE;
  }
  if (argc == 1) {
    /* The keys of one type: what `new --set` and `set` accept. */
    const desc_type *t = desc_set_find(c->set, argv[0]);
    if (!t) {
      fprintf(stderr, "appvpn types: unknown connection type '%s'\n", cli_esc(argv[0]));
      return EXIT_USAGE;
    }
    printf("%s (%s): VPNType %s\n", cli_esc(t->label), cli_esc(t->id),
           cli_esc(t->vpn_type ? t->vpn_type : "-"));
    for (size_t s = 0; s < t->n_sections; s++) {
      printf("\n%s\n", cli_esc(t->sections[s].title));
      print_field_keys(t->sections[s].fields, t->sections[s].n_fields, "");
    }
    return EXIT_OK;
  }
  for (size_t i = 0; i < c->set->n_types; i++) {
    const desc_type *t = &c->set->types[i];
    strbuf os = STRBUF_INIT;
    for (int k = 0; k < OS__COUNT; k++) {
      const char *since = t->os.since[k];
      if (!since || !strcmp(since, "n/a"))
        continue;
      strbuf_printf(&os, "%s%s %s+", os.len ? ", " : "", os_labels[k], cli_esc(since));
    }
    printf("%-17s %-33s %-6s %s\n", cli_esc(t->id), cli_esc(t->label),
           cli_esc(t->vpn_type ? t->vpn_type : ""), strbuf_str(&os));
    strbuf_free(&os);
  }
  return EXIT_OK;
}

int cmd_vars(cli *c, int argc, char **argv) {
  (void)c;
  if ((argc == 2 || argc == 4) && !strcmp(argv[0], "--translate")) {
    /* any text, with any MDM's variables: into ${name}, or with --to D
     * from ${name} into D's spelling */
    vars_dialect to = DIALECT_IVANTI;
    if (argc == 4 && (strcmp(argv[2], "--to") || !vars_dialect_from_name(argv[3], &to))) {
      fprintf(stderr, "appvpn vars: --to takes ivanti, core, jamf, intune or ws1\n");
      return EXIT_USAGE;
    }
    size_t n = 0;
    char *ours = vars_from_dialect(argv[1], DIALECT__COUNT, &n);
    char *missing = NULL;
    char *t = vars_to_dialect(ours, to, &missing);
    free(ours);
    if (!t) {
      fprintf(stderr, "appvpn vars: ${%s} has no equivalent in %s\n", cli_esc(missing),
              vars_dialect_name(to));
      free(missing);
      return EXIT_INVALID;
    }
    if (!n && to == DIALECT_IVANTI && !vars_has_ref(t)) {
      fprintf(stderr, "appvpn vars: no variable known in '%s'\n", cli_esc(argv[1]));
      free(t);
      return EXIT_INVALID;
    }
    printf("%s\n", cli_esc(t));
    free(t);
    return EXIT_OK;
  }
  if (argc) {
    fputs("usage: appvpn vars [--translate TEXT [--to DIALECT]]\n", stderr);
    return EXIT_USAGE;
  }
  size_t n;
  const var_info *v = vars_catalog(&n);
  const char *group = NULL;
  for (size_t i = 0; i < n; i++) {
    if (!str_eq(group, v[i].group)) {
      group = v[i].group;
      printf("%s%s variables:\n", i ? "\n" : "", group);
    }
    char *ref = xasprintf("${%s}", v[i].name);
    printf("  %-32s %s\n", ref, v[i].meaning);
    free(ref);
  }
  return EXIT_OK;
}

int cmd_import(cli *c, int argc, char **argv) {
  const char *in = NULL, *out = NULL;
  bool force = false, translate = false;
  vars_dialect dialect = DIALECT__COUNT;
  for (int i = 0; i < argc; i++) {
    if ((!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) && i + 1 < argc)
      out = argv[++i];
    else if (!strcmp(argv[i], "--force") || !strcmp(argv[i], "-f"))
      force = true;
    else if (!strcmp(argv[i], "--ca") && i + 1 < argc)
      c->ca = argv[++i];
    else if (!strcmp(argv[i], "--from-dialect") && i + 1 < argc) {
      translate = true;
      if (!strcmp(argv[++i], "any"))
        dialect = DIALECT__COUNT;
      else if (!vars_dialect_from_name(argv[i], &dialect)) {
        fprintf(stderr, "appvpn import: --from-dialect takes core, jamf, intune, ws1 or any\n");
        return EXIT_USAGE;
      }
    } else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "appvpn import: unknown or incomplete option '%s'\n", cli_esc(argv[i]));
      return EXIT_USAGE;
    } else if (!in)
      in = argv[i];
    else {
      fprintf(stderr, "appvpn import: unexpected argument '%s'\n", cli_esc(argv[i]));
      return EXIT_USAGE;
    }
  }
  if (!in || !out) {
    fputs("usage: appvpn import PROFILE.mobileconfig -o FILE.yaml|- [--force]\n", stderr);
    return EXIT_USAGE;
  }
  bool to_stdout = !strcmp(out, "-");
  if (!to_stdout && !force && access(out, F_OK) == 0) {
    fprintf(stderr, "appvpn import: %s exists; use --force to replace it\n", cli_esc(out));
    return EXIT_IO;
  }
  if (!check_readable(in))
    return EXIT_IO;
  diag_list d = DIAG_LIST_INIT;
  int code = EXIT_OK;
  size_t len = 0;
  char *bytes = file_read_all(in, PLIST_MAX_FILE, &len, &d);
  config *cfg = NULL;
  if (!bytes) {
    code = EXIT_IO;
    goto out;
  }
  if (!cli_unwrap_signed(c, in, &bytes, &len)) {
    code = EXIT_INVALID;
    goto out;
  }
  /* An embedded .p12 is written beside the configuration (to standard
   * output: not extracted; the configuration names its PayloadUUID). */
  const char *slash = strrchr(out, '/');
  char *dir = to_stdout ? NULL : slash ? xstrndup(out, (size_t)(slash - out)) : xstrdup(".");
  import_opts io = {.p12_dir = dir, .force = force, .translate = translate, .dialect = dialect};
  cfg = import_profile(c->set, bytes, len, in, &io, &d);
  free(dir);
  if (!cfg) {
    code = EXIT_INVALID;
    goto out;
  }
  if (diag_count(&d, DIAG_ERROR)) {
    cli_print_diags(c, &d);
    diag_list_clear(&d);
    fprintf(stderr, "appvpn import: %s not written\n", cli_esc(out));
    code = EXIT_IO; /* the .p12 could not be written */
    goto out;
  }
  cli_print_diags(c, &d);
  diag_list_clear(&d);
  if (to_stdout) {
    size_t ylen = 0;
    char *yaml = config_to_yaml(cfg, &ylen);
    if (fwrite(yaml, 1, ylen, stdout) != ylen || fflush(stdout) != 0) {
      fprintf(stderr, "appvpn import: writing to standard output: %s\n", strerror(errno));
      code = EXIT_IO;
    }
    free(yaml);
    goto out;
  }
  file_write_opts wo = {.force = force, .exclusive = !force};
  if (!config_save_to(cfg, out, &wo, &d)) {
    code = EXIT_IO;
    goto out;
  }
  free(cfg->path); /* files it names are relative to where it now is */
  cfg->path = xstrdup(out);
  report_saved(c, cfg, out);
out:
  cli_print_diags(c, &d);
  diag_list_free(&d);
  config_free(cfg);
  free(bytes);
  return code;
}
