/* Subcommands: new, set, validate, export, types, vars. (show is in show.c.) */
#include "cli/cli.h"
#include "core/kinds.h"
#include "core/text.h"
#include "core/util.h"
#include "core/uuid.h"
#include "core/target.h"
#include "core/validate.h"
#include "core/vars.h"
#include "io/config_io.h"
#include "io/credential.h"
#include "io/export.h"
#include "io/bundle.h"
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
    if (d->items[i].file || !c->cmd) {
      fprintf(stderr, "%s\n", s);
    } else {
      /* not about a place in a file: "appvpn CMD: error: message" */
      fprintf(stderr, "appvpn %s: %s\n", c->cmd->name, s);
    }
    free(s);
  }
}

/* Checks that path is a readable regular file; prints why not. */
static bool check_readable(const cli *c, const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) {
    cli_error(c, "%s: %s", cli_esc(path), strerror(errno));
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    cli_error(c, "%s: is a directory, expected a configuration file", cli_esc(path));
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    /* set and edit write the file back: only a regular file will do */
    cli_error(c, "%s: is %s, not a regular file", cli_esc(path), file_kind_name(st.st_mode));
    return false;
  }
  if (access(path, R_OK) != 0) {
    cli_error(c, "%s: %s", cli_esc(path), strerror(errno));
    return false;
  }
  return true;
}

config *cli_load(const cli *c, const char *path, int *code) {
  return cli_load_counted(c, path, code, NULL);
}

config *cli_load_counted(const cli *c, const char *path, int *code, size_t *warnings) {
  /* "-", a pipe or a FIFO: read as a stream (validate, export); relative
   * paths in a configuration from standard input resolve against the
   * current directory */
  size_t len = 0;
  const char *name = path;
  char *text = cli_read_input(c, path, CONFIG_MAX_FILE, &len, &name, code);
  struct stat st;
  if (!text && *code == EXIT_IO && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
      access(path, R_OK) == 0)
    *code = EXIT_INVALID; /* readable, but too large: the file is the problem */
  if (!text)
    return NULL;
  diag_list d = DIAG_LIST_INIT;
  config *cfg = config_load_text(c->set, text, len, name, &d);
  free(text);
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
      cli_error(c, "unknown connection type '%s' (see 'appvpn types')", cli_esc(text));
      code = EXIT_USAGE;
    } else {
      config_set_type(cfg, t);
    }
    goto out;
  }
  if (!model_field_for_path(cfg, key) && !model_is_group(cfg, key)) {
    cli_error(c, "'%s' is not a setting of %s (see 'appvpn types %s')", cli_esc(key),
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

/* --set, --set-file and --set-prompt, in the order given. */
static size_t collect_settings(const cli_args *a, cli_setting *out) {
  size_t n = 0;
  for (size_t i = 0; i < a->n_opts; i++) {
    const cli_optval *o = &a->opts[i];
    if (cli_is(o, "set"))
      out[n++] = (cli_setting){SETTING_TEXT, o->value};
    else if (cli_is(o, "set-file"))
      out[n++] = (cli_setting){SETTING_FILE, o->value};
    else if (cli_is(o, "set-prompt"))
      out[n++] = (cli_setting){SETTING_PROMPT, o->value};
  }
  return n;
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
static size_t report_saved(const cli *c, config *mem, const char *path) {
  diag_list d = DIAG_LIST_INIT;
  /* the file is where it was saved: relative paths in it (credential.file)
   * are checked from there */
  if (!mem->path || strcmp(mem->path, path)) {
    free(mem->path);
    mem->path = xstrdup(path);
  }
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

int cmd_new(cli *c, const cli_args *a) {
  const char *type_id = a->pos[0], *out = cli_value(a, "output");
  bool force = cli_has(a, "force");
  cli_setting *sets = xcalloc(a->n_opts + 1, sizeof *sets);
  size_t n_sets = collect_settings(a, sets);
  int code = EXIT_OK;
  config *cfg = NULL;
  diag_list d = DIAG_LIST_INIT;

  if (!out) {
    code = cli_usage_error(c->cmd, "missing -o OUT (the configuration to create)");
    goto out;
  }
  if (!strcmp(out, "-")) {
    code = cli_usage_error(c->cmd, "-o names a file: a configuration is saved in place");
    goto out;
  }
  const desc_type *t = desc_set_find(c->set, type_id);
  if (!t) {
    strbuf ids = STRBUF_INIT;
    for (size_t k = 0; k < c->set->n_types; k++)
      strbuf_printf(&ids, " %s", cli_esc(c->set->types[k].id));
    code = cli_usage_error(c->cmd, "unknown connection type '%s'; one of:%s", cli_esc(type_id),
                           strbuf_str(&ids));
    strbuf_free(&ids);
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

int cmd_set(cli *c, const cli_args *a) {
  const char *file = a->pos[0];
  bool force = cli_has(a, "force");
  cli_setting *sets = xcalloc(a->n_opts + (size_t)a->n_pos + 1, sizeof *sets);
  size_t n_sets = 0;
  int code = EXIT_OK;
  /* KEY=VALUE operands and --set-file/--set-prompt, in the order given */
  int next = 1; /* the next KEY=VALUE operand */
  for (size_t k = 0; k < a->n_opts; k++) {
    for (; next < a->opts[k].before; next++)
      sets[n_sets++] = (cli_setting){SETTING_TEXT, a->pos[next]};
    cli_args one = {&a->opts[k], 1, NULL, 0};
    n_sets += collect_settings(&one, sets + n_sets);
  }
  for (; next < a->n_pos; next++)
    sets[n_sets++] = (cli_setting){SETTING_TEXT, a->pos[next]};
  if (!strcmp(file, "-"))
    code = cli_usage_error(c->cmd, "set changes a FILE in place; standard input (-) has none "
                                   "(./- for a file named -)");
  else if (!n_sets)
    code = cli_usage_error(c->cmd, "missing KEY=VALUE (or --set-file, --set-prompt)");
  diag_list d = DIAG_LIST_INIT;
  config *cfg = NULL;
  file_lock *lk = NULL;
  if (code != EXIT_OK)
    goto out;
  if (!check_readable(c, file)) { /* before FILE.lock is made beside it */
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

/* --target OS[:VERSION] (repeatable, or a comma list) into *t. Returns an
 * exit code (a usage error for a bad one). */
int cli_collect_targets(const cli *c, const cli_args *a, target_list *t) {
  for (size_t i = 0; i < a->n_opts; i++) {
    if (!cli_is(&a->opts[i], "target"))
      continue;
    char *why = NULL;
    if (!target_list_add(t, a->opts[i].value, &why)) {
      int code = cli_usage_error(c->cmd, "--target: %s", cli_esc(why));
      free(why);
      return code;
    }
  }
  return EXIT_OK;
}

void cli_check_targets(const config *cfg, const target_list *given, bool strict, diag_list *d) {
  target_list own = {0};
  if (given && given->n)
    target_check(cfg, given, strict, d);
  else if (target_list_from_config(&own, cfg, d))
    target_check(cfg, &own, strict, d);
  target_list_free(&own);
}

int cmd_validate(cli *c, const cli_args *a) {
  const char *format = cli_value(a, "format");
  bool json = false, strict = cli_has(a, "strict");
  int fc = cli_format_parse(c, format, &json);
  if (fc != EXIT_OK)
    return fc;
  target_list targets = {0};
  if ((fc = cli_collect_targets(c, a, &targets)) != EXIT_OK) {
    target_list_free(&targets);
    return fc;
  }
  if (json) {
    fc = cli_json_validate(c, a->n_pos, a->pos, &targets, strict);
    target_list_free(&targets);
    return fc;
  }
  int argc = a->n_pos;
  char **argv = a->pos;
  int worst = EXIT_OK;
  for (int i = 0; i < argc; i++) {
    int code = EXIT_OK;
    size_t load_warnings = 0;
    config *cfg = cli_load_counted(c, argv[i], &code, &load_warnings);
    if (cfg) {
      diag_list d = DIAG_LIST_INIT;
      validate_config(cfg, &d);
      credential_check_config(cfg, time(NULL), &d);
      cli_check_targets(cfg, &targets, strict, &d); /* what the targets lack */
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
  target_list_free(&targets);
  return worst;
}

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
    if (kind_of(f)->shape == KSHAPE_RECORDS) {
      char *sub = xasprintf("%s[N].", key);
      print_field_keys(f->fields, f->n_fields, sub);
      free(sub);
    }
    free(key);
  }
}

int cmd_types(cli *c, const cli_args *a) {
  const char *format = cli_value(a, "format");
  bool json = false;
  int fc = cli_format_parse(c, format, &json);
  if (fc != EXIT_OK)
    return fc;
  int argc = a->n_pos;
  char **argv = a->pos;
  if (json)
    return cli_json_types(c, argc == 1 ? argv[0] : NULL);
  if (argc == 1) {
    /* The keys of one type: what `new --set` and `set` accept. */
    const desc_type *t = desc_set_find(c->set, argv[0]);
    if (!t) {
      return cli_usage_error(c->cmd, "unknown connection type '%s'", cli_esc(argv[0]));
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

int cmd_vars(cli *c, const cli_args *a) {
  const char *format = cli_value(a, "format"), *translate = cli_value(a, "translate"),
             *to_name = cli_value(a, "to");
  bool json = false;
  int fc = cli_format_parse(c, format, &json);
  if (fc != EXIT_OK)
    return fc;
  if (json && translate)
    return cli_usage_error(c->cmd,
                           "--format json lists the variables; it goes without --translate");
  if (json)
    return cli_json_vars(c);
  if (to_name && !translate)
    return cli_usage_error(c->cmd, "--to goes with --translate TEXT");
  if (translate) {
    /* any text, with any MDM's variables: into ${name}, or with --to D
     * from ${name} into D's spelling */
    vars_dialect to = DIALECT_IVANTI;
    if (to_name && !vars_dialect_from_name(to_name, &to))
      return cli_usage_error(c->cmd, "--to takes ivanti, core, jamf, intune or ws1, not '%s'",
                             cli_esc(to_name));
    size_t n = 0;
    char *ours = vars_from_dialect(translate, DIALECT__COUNT, &n);
    char *missing = NULL;
    char *t = vars_to_dialect(ours, to, &missing);
    free(ours);
    if (!t) {
      cli_error(c, "${%s} has no equivalent in %s", cli_esc(missing), vars_dialect_name(to));
      free(missing);
      return EXIT_INVALID;
    }
    if (!n && to == DIALECT_IVANTI && !vars_has_ref(t)) {
      cli_error(c, "no variable known in '%s'", cli_esc(translate));
      free(t);
      return EXIT_INVALID;
    }
    printf("%s\n", cli_esc(t));
    free(t);
    return EXIT_OK;
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

/* -o DIR or -o DIR/: a bundle's configurations go in there (bundle.c) */
static bool is_dir_arg(const char *out) {
  struct stat st;
  size_t n = strlen(out);
  return (n && out[n - 1] == '/') || (stat(out, &st) == 0 && S_ISDIR(st.st_mode));
}

int cmd_import(cli *c, const cli_args *a) {
  const char *in = a->pos[0], *out = cli_value(a, "output"), *from = cli_value(a, "from-dialect");
  bool force = cli_has(a, "force"), translate = from != NULL;
  vars_dialect dialect = DIALECT__COUNT;
  if (cli_value(a, "ca"))
    c->ca = cli_value(a, "ca");
  if (from && strcmp(from, "any") && !vars_dialect_from_name(from, &dialect))
    return cli_usage_error(c->cmd, "--from-dialect takes core, jamf, intune, ws1 or any, not '%s'",
                           cli_esc(from));
  if (!out)
    return cli_usage_error(c->cmd, "missing -o OUT (a configuration file, or - for standard "
                                   "output)");
  bool to_stdout = !strcmp(out, "-");
  if (!to_stdout && !force && access(out, F_OK) == 0 && !is_dir_arg(out)) {
    cli_error(c, "%s exists; use --force to replace it", cli_esc(out));
    return EXIT_IO;
  }
  diag_list d = DIAG_LIST_INIT;
  int code = EXIT_OK;
  size_t len = 0;
  const char *name = in;
  config *cfg = NULL;
  /* "-", a pipe or a FIFO: read as a stream */
  char *bytes = cli_read_input(c, in, PLIST_MAX_FILE, &len, &name, &code);
  if (!bytes)
    goto out;
  if (!cli_unwrap_signed(c, name, &bytes, &len)) {
    code = EXIT_INVALID;
    goto out;
  }
  /* Several configurations in one profile, or a macOS app mapping: bundle.c */
  if (!to_stdout &&
      (bundle_count(bytes, len) > 1 || is_dir_arg(out) || bundle_has_mapping(bytes, len))) {
    import_opts bo = {.force = force, .translate = translate, .dialect = dialect};
    code = cli_import_profiles(c, name, bytes, len, out, &bo);
    goto out;
  }
  if (to_stdout && bundle_count(bytes, len) > 1) {
    code = cli_usage_error(c->cmd,
                           "%s holds several configurations; give a directory to write them "
                           "into (-o DIR/)",
                           cli_esc(name));
    goto out;
  }
  /* An embedded .p12 is written beside the configuration (to standard
   * output: not extracted; the configuration names its PayloadUUID). */
  const char *slash = strrchr(out, '/');
  char *dir = to_stdout ? NULL : slash ? xstrndup(out, (size_t)(slash - out)) : xstrdup(".");
  import_opts io = {.p12_dir = dir, .force = force, .translate = translate, .dialect = dialect};
  cfg = import_profile(c->set, bytes, len, name, &io, &d);
  free(dir);
  if (!cfg) {
    code = EXIT_INVALID;
    goto out;
  }
  if (diag_count(&d, DIAG_ERROR)) {
    cli_print_diags(c, &d);
    diag_list_clear(&d);
    cli_error(c, "%s not written", cli_esc(out));
    code = EXIT_IO; /* the .p12 could not be written */
    goto out;
  }
  cli_print_diags(c, &d);
  diag_list_clear(&d);
  if (to_stdout) {
    size_t ylen = 0;
    char *yaml = config_to_yaml(cfg, &ylen);
    if (fwrite(yaml, 1, ylen, stdout) != ylen || fflush(stdout) != 0) {
      cli_error(c, "writing to standard output: %s", strerror(errno));
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
