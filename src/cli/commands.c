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
 * hidden (e.g. the proxy server once proxy.setup is none), then reads the
 * file back and validates what is now on disk, so messages point at the
 * file's real lines. Returns the number of errors. */
static size_t report_saved(const cli *c, const config *mem, const char *path) {
  diag_list d = DIAG_LIST_INIT;
  unsaved u = {&d, path};
  model_each_hidden(mem, unsaved_fn, &u);
  cli_print_diags(c, &d);
  diag_list_clear(&d);
  config *disk = config_load(c->set, path, &d);
  size_t errors = 0;
  if (!disk) {
    cli_print_diags(c, &d);
    diag_list_free(&d);
    return 1;
  }
  diag_list_clear(&d); /* load warnings were shown before the save */
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
    fputs("usage: appvpn new TYPE -o FILE [--set KEY=VALUE]... [--set-file KEY=PATH]... "
          "[--set-prompt KEY]... [--force]\n",
          stderr);
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
  if (!config_save(cfg, out, &d)) {
    cli_print_diags(c, &d);
    code = EXIT_IO;
    goto out;
  }
  size_t errors = report_saved(c, cfg, out);
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
  cli_setting *sets = xcalloc((size_t)argc + 1, sizeof *sets);
  size_t n_sets = 0;
  const char *file = NULL;
  int code = EXIT_OK;
  for (int i = 0; i < argc && code == EXIT_OK; i++) {
    if (setting_option(argc, argv, &i, sets, &n_sets))
      continue;
    if (argv[i][0] == '-' && argv[i][1] == '-') {
      fprintf(stderr, "appvpn set: unknown or incomplete option '%s'\n", argv[i]);
      code = EXIT_USAGE;
    } else if (!file) {
      file = argv[i];
    } else {
      sets[n_sets++] = (cli_setting){SETTING_TEXT, argv[i]};
    }
  }
  if (code == EXIT_OK && (!file || !n_sets)) {
    fputs("usage: appvpn set FILE KEY=VALUE... [--set-file KEY=PATH]... [--set-prompt KEY]...\n"
          "       (KEY= unsets)\n",
          stderr);
    code = EXIT_USAGE;
  }
  config *cfg = code == EXIT_OK ? cli_load(c, file, &code) : NULL;
  for (size_t i = 0; cfg && i < n_sets && code == EXIT_OK; i++)
    code = apply_setting(c, cfg, &sets[i]);
  if (cfg && code == EXIT_OK) {
    /* All settings applied: only now touch the file (all or nothing). */
    diag_list d = DIAG_LIST_INIT;
    if (!config_save(cfg, NULL, &d))
      code = EXIT_IO;
    cli_print_diags(c, &d);
    diag_list_free(&d);
    if (code == EXIT_OK)
      report_saved(c, cfg, file);
  } else if (cfg) {
    fprintf(stderr, "appvpn set: %s left unchanged\n", file);
  }
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
    fputs("usage: appvpn export FILE [-o OUT] [--format xml|binary] [--payload-only] "
          "[--var NAME=VALUE]...\n",
          stderr);
    code = EXIT_USAGE;
    goto out;
  }
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
    if (!file_write_atomic(out, bytes, len, secret ? 0600 : 0644, &d)) {
      cli_print_diags(c, &d);
      code = EXIT_IO;
    }
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
    print_field_os(&f->os);
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
    fputs("usage: appvpn import PROFILE.mobileconfig -o FILE.yaml [--force]\n", stderr);
    return EXIT_USAGE;
  }
  if (!force && access(out, F_OK) == 0) {
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
  /* An embedded .p12 is written beside the configuration. */
  const char *slash = strrchr(out, '/');
  char *dir = slash ? xstrndup(out, (size_t)(slash - out)) : xstrdup(".");
  import_opts io = {.p12_dir = dir};
  cfg = import_profile(c->set, bytes, len, in, &io, &d);
  free(dir);
  if (!cfg) {
    code = EXIT_INVALID;
    goto out;
  }
  cli_print_diags(c, &d);
  diag_list_clear(&d);
  if (!config_save(cfg, out, &d)) {
    code = EXIT_IO;
    goto out;
  }
  report_saved(c, cfg, out);
out:
  cli_print_diags(c, &d);
  diag_list_free(&d);
  config_free(cfg);
  free(bytes);
  return code;
}
