/* Subcommands: new, set, validate, export, types, vars. (show is in show.c.) */
#include "cli/cli.h"
#include "core/util.h"
#include "core/uuid.h"
#include "core/validate.h"
#include "core/vars.h"
#include "io/config_io.h"
#include "io/export.h"
#include "io/import.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
    fprintf(stderr, "appvpn: %s: %s\n", path, strerror(errno));
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    fprintf(stderr, "appvpn: %s: is a directory, expected a configuration file\n", path);
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    /* A FIFO would block, a device never end: input is a regular file. */
    fprintf(stderr, "appvpn: %s: is %s, not a regular file\n", path, file_kind_name(st.st_mode));
    return false;
  }
  if (access(path, R_OK) != 0) {
    fprintf(stderr, "appvpn: %s: %s\n", path, strerror(errno));
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

/* "Sales CRM" -> "sales-crm" (for identifiers and file names). */
static char *slug(const char *s) {
  strbuf b = STRBUF_INIT;
  bool dash = false;
  for (; *s; s++) {
    unsigned char ch = (unsigned char)*s;
    if (isalnum(ch)) {
      if (dash && b.len)
        strbuf_putc(&b, '-');
      strbuf_putc(&b, (char)tolower(ch));
      dash = false;
    } else {
      dash = true;
    }
  }
  if (!b.len)
    strbuf_puts(&b, "vpn");
  return strbuf_take(&b);
}

/* Applies KEY=VALUE to cfg. Returns an exit code. */
static int apply_setting(const cli *c, config *cfg, const char *kv) {
  const char *eq = strchr(kv, '=');
  if (!eq || eq == kv) {
    fprintf(stderr, "appvpn: '%s': expected KEY=VALUE\n", kv);
    return EXIT_USAGE;
  }
  char *key = xstrndup(kv, (size_t)(eq - kv));
  const char *text = eq + 1;
  int code = EXIT_OK;
  diag_list d = DIAG_LIST_INIT;

  if (!strcmp(key, "type")) {
    const desc_type *t = desc_set_find(c->set, text);
    if (!t) {
      fprintf(stderr, "appvpn: unknown connection type '%s' (see 'appvpn types')\n", text);
      code = EXIT_USAGE;
    } else {
      config_set_type(cfg, t);
    }
    goto out;
  }
  if (!model_field_for_path(cfg, key)) {
    fprintf(stderr, "appvpn: '%s' is not a setting of %s (see 'appvpn types %s')\n", key,
            cfg->type ? cfg->type->label : "this configuration",
            cfg->type ? cfg->type->id : "TYPE");
    code = EXIT_USAGE;
    goto out;
  }
  if (!*text) {
    if (!strchr(key, '['))
      val_remove_path(cfg->root, key);
    else if (!model_set(cfg, key, val_new_null(), &d))
      code = EXIT_INVALID;
    goto out;
  }
  val *v = cli_parse_value(text, &d);
  if (!v || !model_set(cfg, key, v, &d))
    code = EXIT_INVALID;
out:
  cli_print_diags(c, &d);
  diag_list_free(&d);
  free(key);
  return code;
}

/* After a save: reads the file back, says which of the KEY=VALUE settings
 * were dropped because their field is hidden (shown only when …), and
 * validates what is now on disk, so messages point at the file's real lines.
 * Returns the number of errors. */
static size_t report_saved(const cli *c, const config *mem, const char *path,
                           const char *const *settings, size_t n) {
  diag_list d = DIAG_LIST_INIT;
  config *disk = config_load(c->set, path, &d);
  size_t errors = 0;
  if (!disk) {
    cli_print_diags(c, &d);
    diag_list_free(&d);
    return 1;
  }
  diag_list_clear(&d); /* load warnings were shown before the save */
  for (size_t i = 0; i < n; i++) {
    const char *eq = strchr(settings[i], '=');
    if (!eq || eq[1] == 0 || memchr(settings[i], '[', (size_t)(eq - settings[i])))
      continue;
    char *key = xstrndup(settings[i], (size_t)(eq - settings[i]));
    const desc_field *f = model_field_for_path(mem, key);
    if (f && val_get_path(mem->root, key) && !val_get_path(disk->root, key))
      diag_add(&d, DIAG_WARNING, path, 0, 0, key,
               "%s was not saved: the setting is hidden (shown only when %s)", key,
               f->show ? expr_source(f->show) : "its section applies");
    free(key);
  }
  validate_config(disk, &d);
  cli_print_diags(c, &d);
  errors = diag_count(&d, DIAG_ERROR);
  diag_list_free(&d);
  config_free(disk);
  return errors;
}

int cmd_new(cli *c, int argc, char **argv) {
  const char *type_id = NULL, *out = NULL;
  bool force = false;
  const char **sets = xcalloc((size_t)argc + 1, sizeof *sets);
  size_t n_sets = 0;
  int code = EXIT_OK;
  config *cfg = NULL;
  diag_list d = DIAG_LIST_INIT;

  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if ((!strcmp(a, "-o") || !strcmp(a, "--output") || !strcmp(a, "--set")) && i + 1 < argc) {
      if (!strcmp(a, "--set"))
        sets[n_sets++] = argv[++i];
      else
        out = argv[++i];
    } else if (!strcmp(a, "--force") || !strcmp(a, "-f")) {
      force = true;
    } else if (a[0] == '-') {
      fprintf(stderr, "appvpn new: unknown or incomplete option '%s'\n", a);
      code = EXIT_USAGE;
      goto out;
    } else if (!type_id) {
      type_id = a;
    } else {
      fprintf(stderr, "appvpn new: unexpected argument '%s'\n", a);
      code = EXIT_USAGE;
      goto out;
    }
  }
  if (!type_id || !out) {
    fputs("usage: appvpn new TYPE -o FILE [--set KEY=VALUE]... [--force]\n", stderr);
    code = EXIT_USAGE;
    goto out;
  }
  const desc_type *t = desc_set_find(c->set, type_id);
  if (!t) {
    fprintf(stderr, "appvpn new: unknown connection type '%s'; one of:", type_id);
    for (size_t k = 0; k < c->set->n_types; k++)
      fprintf(stderr, " %s", c->set->types[k].id);
    fputc('\n', stderr);
    code = EXIT_USAGE;
    goto out;
  }
  if (!force && access(out, F_OK) == 0) {
    fprintf(stderr, "appvpn new: %s exists; use --force to replace it\n", out);
    code = EXIT_IO;
    goto out;
  }

  cfg = config_new(c->set, t);
  static const char *const uuid_keys[] = {"uuid.profile", "uuid.payload", "uuid.vpn",
                                          "uuid.credential"};
  for (size_t k = 0; k < sizeof uuid_keys / sizeof uuid_keys[0]; k++) {
    char u[UUID_STR_LEN];
    if (!uuid_make_v4(u)) {
      fputs("appvpn new: cannot read /dev/urandom to make UUIDs\n", stderr);
      code = EXIT_IO;
      goto out;
    }
    if (model_field_for_path(cfg, uuid_keys[k]))
      model_set(cfg, uuid_keys[k], val_new_str(u), &d);
  }
  for (size_t k = 0; k < n_sets && code == EXIT_OK; k++)
    code = apply_setting(c, cfg, sets[k]);
  if (code != EXIT_OK)
    goto out;
  /* A usable starting point: a name and an identifier derived from it. */
  if (val_is_empty(val_get_path(cfg->root, "name")))
    model_set(cfg, "name", val_new_str(cfg->type->label), &d);
  if (val_is_empty(val_get_path(cfg->root, "identifier"))) {
    char *s = slug(val_get_path(cfg->root, "name")->u.str);
    for (char *p = s; *p; p++)
      if (*p == '-')
        *p = '.';
    char *id = xasprintf("com.example.vpn.%s", s);
    model_set(cfg, "identifier", val_new_str(id), &d);
    free(id);
    free(s);
  }
  cli_print_diags(c, &d);
  diag_list_clear(&d);
  file_write_opts wo = {.force = force, .exclusive = !force};
  if (!config_save_to(cfg, out, &wo, &d)) {
    cli_print_diags(c, &d);
    code = EXIT_IO;
    goto out;
  }
  size_t errors = report_saved(c, cfg, out, sets, n_sets);
  if (errors && !c->quiet)
    fprintf(stderr, "appvpn new: wrote %s; %zu setting%s to complete before export\n", out, errors,
            errors == 1 ? "" : "s");
out:
  diag_list_free(&d);
  config_free(cfg);
  free(sets);
  return code;
}

int cmd_set(cli *c, int argc, char **argv) {
  const char *file = NULL;
  bool force = false;
  const char **sets = xcalloc((size_t)argc + 1, sizeof *sets);
  size_t n_sets = 0;
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "--force") || !strcmp(argv[i], "-f"))
      force = true;
    else if (!file)
      file = argv[i];
    else
      sets[n_sets++] = argv[i];
  }
  if (!file || !n_sets) {
    fputs("usage: appvpn set FILE KEY=VALUE... [--force]   (KEY= unsets)\n", stderr);
    free(sets);
    return EXIT_USAGE;
  }
  int code = EXIT_OK;
  diag_list d = DIAG_LIST_INIT;
  config *cfg = NULL;
  file_lock *lk = NULL;
  if (!check_readable(file)) { /* before FILE.lock is made beside it */
    code = EXIT_IO;
    goto out;
  }
  /* Held from load to save: a concurrent set waits instead of losing its change. */
  lk = file_lock_take(file, FILE_LOCK_WAIT_MS, &d);
  if (!lk) {
    cli_print_diags(c, &d);
    fprintf(stderr, "appvpn set: %s left unchanged\n", file);
    code = EXIT_IO;
    goto out;
  }
  cfg = cli_load(c, file, &code);
  if (!cfg)
    goto out;
  for (size_t i = 0; i < n_sets && code == EXIT_OK; i++)
    code = apply_setting(c, cfg, sets[i]);
  if (code == EXIT_OK) {
    /* All settings applied: only now touch the file (all or nothing). */
    file_write_opts wo = {.force = force};
    if (!config_save_to(cfg, NULL, &wo, &d))
      code = EXIT_IO;
    cli_print_diags(c, &d);
    if (code == EXIT_OK)
      report_saved(c, cfg, file, sets, n_sets);
  } else {
    fprintf(stderr, "appvpn set: %s left unchanged\n", file);
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
      cli_print_diags(c, &d);
      size_t e = diag_count(&d, DIAG_ERROR), w = diag_count(&d, DIAG_WARNING) + load_warnings;
      if (e)
        code = EXIT_INVALID;
      if (!c->quiet)
        printf("%s: %s (%zu error%s, %zu warning%s)\n", argv[i], e ? "invalid" : "valid", e,
               e == 1 ? "" : "s", w, w == 1 ? "" : "s");
      diag_list_free(&d);
      config_free(cfg);
    } else if (!c->quiet) {
      printf("%s: %s\n", argv[i], code == EXIT_IO ? "unreadable" : "invalid");
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
  const char *file = NULL, *out = NULL;
  bool force = false;
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
        fprintf(stderr, "appvpn export: --format takes xml or binary, not '%s'\n", f);
        code = EXIT_USAGE;
        goto out;
      }
    } else if (!strcmp(a, "--payload-only")) {
      eo.payload_only = true;
    } else if (!strcmp(a, "--force") || !strcmp(a, "-f")) {
      force = true;
    } else if (!strcmp(a, "--var") && i + 1 < argc) {
      const char *kv = argv[++i];
      const char *eq = strchr(kv, '=');
      if (!eq || eq == kv) {
        fprintf(stderr, "appvpn export: --var takes NAME=VALUE, not '%s'\n", kv);
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
      fprintf(stderr, "appvpn export: unknown or incomplete option '%s'\n", a);
      code = EXIT_USAGE;
      goto out;
    } else if (!file) {
      file = a;
    } else {
      fprintf(stderr, "appvpn export: unexpected argument '%s'\n", a);
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

  cfg = cli_load(c, file, &code);
  if (!cfg)
    goto out;
  bool ok = export_profile(cfg, &eo, &bytes, &len, &d);
  cli_print_diags(c, &d);
  diag_list_clear(&d);
  if (!ok) {
    fprintf(stderr, "appvpn export: %s has errors; nothing written\n", file);
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
  for (size_t k = 0; k < n_vars; k++)
    free(var_names[k]);
  free(var_names);
  free(vars);
  return code;
}

static void print_field_keys(const desc_field *fields, size_t n, const char *prefix) {
  for (size_t i = 0; i < n; i++) {
    const desc_field *f = &fields[i];
    char *key = xasprintf("%s%s", prefix, f->id);
    char *kind = f->format != FMT_NONE
                     ? xasprintf("%s/%s", field_kind_name(f->kind), field_format_name(f->format))
                     : xstrdup(field_kind_name(f->kind));
    printf("  %-38s %-13s %s", key, kind, f->label);
    free(kind);
    if (f->required) {
      const char *cond = expr_source(f->required);
      if (!strcmp(cond, "true"))
        fputs(" (required)", stdout);
      else
        printf(" (required when %s)", cond);
    }
    if (f->variables)
      fputs(" ($ variables)", stdout);
    if (f->show)
      printf("  [when %s]", expr_source(f->show));
    putchar('\n');
    if (f->kind == FK_CHOICE) {
      printf("  %-38s %-13s", "", "");
      for (size_t k = 0; k < f->n_choices; k++)
        printf("%s%s", k ? " | " : "one of: ", f->choices[k].value);
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
      fprintf(stderr, "appvpn types: unknown connection type '%s'\n", argv[0]);
      return EXIT_USAGE;
    }
    printf("%s (%s): VPNType %s\n", t->label, t->id, t->vpn_type ? t->vpn_type : "-");
    for (size_t s = 0; s < t->n_sections; s++) {
      printf("\n%s\n", t->sections[s].title);
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
      strbuf_printf(&os, "%s%s %s+", os.len ? ", " : "", os_labels[k], since);
    }
    printf("%-17s %-33s %-6s %s\n", t->id, t->label, t->vpn_type ? t->vpn_type : "",
           strbuf_str(&os));
    strbuf_free(&os);
  }
  return EXIT_OK;
}

int cmd_vars(cli *c, int argc, char **argv) {
  (void)c;
  if (argc == 2 && !strcmp(argv[0], "--translate")) {
    const char *t = vars_translate(argv[1]);
    if (!t) {
      fprintf(stderr, "appvpn vars: no equivalent known for '%s'\n", argv[1]);
      return EXIT_INVALID;
    }
    printf("%s\n", t);
    return EXIT_OK;
  }
  if (argc) {
    fputs("usage: appvpn vars [--translate TEXT]\n", stderr);
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
  bool force = false;
  for (int i = 0; i < argc; i++) {
    if ((!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) && i + 1 < argc)
      out = argv[++i];
    else if (!strcmp(argv[i], "--force") || !strcmp(argv[i], "-f"))
      force = true;
    else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "appvpn import: unknown or incomplete option '%s'\n", argv[i]);
      return EXIT_USAGE;
    } else if (!in)
      in = argv[i];
    else {
      fprintf(stderr, "appvpn import: unexpected argument '%s'\n", argv[i]);
      return EXIT_USAGE;
    }
  }
  if (!in || !out) {
    fputs("usage: appvpn import PROFILE.mobileconfig -o FILE.yaml|- [--force]\n", stderr);
    return EXIT_USAGE;
  }
  bool to_stdout = !strcmp(out, "-");
  if (!to_stdout && !force && access(out, F_OK) == 0) {
    fprintf(stderr, "appvpn import: %s exists; use --force to replace it\n", out);
    return EXIT_IO;
  }
  if (!check_readable(in))
    return EXIT_IO;
  diag_list d = DIAG_LIST_INIT;
  int code = EXIT_OK;
  size_t len = 0;
  char *bytes = file_read_all(in, 64u << 20, &len, &d);
  config *cfg = NULL;
  if (!bytes) {
    code = EXIT_IO;
    goto out;
  }
  /* An embedded .p12 is written beside the configuration (to standard
   * output: not extracted; the configuration names its PayloadUUID). */
  const char *slash = strrchr(out, '/');
  char *dir = to_stdout ? NULL : slash ? xstrndup(out, (size_t)(slash - out)) : xstrdup(".");
  import_opts io = {.p12_dir = dir, .force = force};
  cfg = import_profile(c->set, bytes, len, in, &io, &d);
  free(dir);
  if (!cfg) {
    code = EXIT_INVALID;
    goto out;
  }
  if (diag_count(&d, DIAG_ERROR)) {
    cli_print_diags(c, &d);
    diag_list_clear(&d);
    fprintf(stderr, "appvpn import: %s not written\n", out);
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
  report_saved(c, cfg, out, NULL, 0);
out:
  cli_print_diags(c, &d);
  diag_list_free(&d);
  config_free(cfg);
  free(bytes);
  return code;
}
