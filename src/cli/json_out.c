/* --format json for validate, show, types and vars (docs/json.md): the same
 * facts as the text output, as one JSON document on standard output for CI
 * pipelines. Exit codes are the text mode's. Strings are escaped by the
 * writer (core/json.h), so data reaches the terminal only as JSON text. */
#include "cli/cli.h"
#include "cli/cmdtable.h"
#include "core/kinds.h"
#include "core/json.h"
#include "core/util.h"
#include "core/validate.h"
#include "core/vars.h"
#include "io/config_io.h"
#include "io/credential.h"
#include "io/fileio.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

/* What `show` prints for a secret (show.c). */
#define JSON_MASK "\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2"

int cli_format_parse(const cli *c, const char *format, bool *json) {
  if (!format || !strcmp(format, "text")) {
    *json = false;
    return EXIT_OK;
  }
  if (!strcmp(format, "json")) {
    *json = true;
    return EXIT_OK;
  }
  return cli_usage_error(c->cmd, "--format takes text or json, not '%s'", cli_esc(format));
}

/* The document is complete and written, or says why not (exit 3). */
static int finish(json_writer *w, const char *cmd, int code) {
  errno = 0;
  if (!json_finish(w)) {
    fprintf(stderr, "appvpn %s: cannot write the JSON output: %s\n", cmd,
            errno ? strerror(errno) : "incomplete document");
    return EXIT_IO;
  }
  return code;
}

/* ---- values ---------------------------------------------------------------- */

static void write_val(json_writer *w, const val *v) {
  if (!v) {
    json_null(w);
    return;
  }
  switch (v->kind) {
  case VAL_NULL: json_null(w); break;
  case VAL_STR: json_string(w, v->u.str); break;
  case VAL_BOOL: json_bool(w, v->u.b); break;
  case VAL_INT: json_int(w, v->u.i); break;
  case VAL_LIST:
    json_array_begin(w);
    for (size_t i = 0; i < v->u.list.n; i++)
      write_val(w, v->u.list.v[i]);
    json_array_end(w);
    break;
  case VAL_MAP:
    json_object_begin(w);
    for (size_t i = 0; i < v->u.map.n; i++) {
      json_key(w, v->u.map.k[i]);
      write_val(w, v->u.map.v[i]);
    }
    json_object_end(w);
    break;
  }
}

/* ---- validate ---------------------------------------------------------------- */

static void write_diag(json_writer *w, const diag *d, const char *file) {
  json_object_begin(w);
  json_member_string(w, "file", d->file ? d->file : file);
  json_key(w, "line");
  if (d->line)
    json_int(w, d->line);
  else
    json_null(w);
  json_key(w, "column");
  if (d->line && d->col)
    json_int(w, d->col);
  else
    json_null(w);
  json_member_string(w, "severity", diag_level_name(d->level));
  json_member_string(w, "code", diag_code_name(d->code));
  json_member_string(w, "field", d->field);
  json_member_string(w, "message", d->msg);
  json_object_end(w);
}

/* The text mode's readability check (commands.c), as a diagnostic. */
static bool readable(const char *path, diag_list *d) {
  struct stat st;
  if (stat(path, &st) != 0) {
    diag_addc(d, DIAG_ERROR, diag_code_read_errno(errno), path, 0, 0, NULL, "%s", strerror(errno));
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    diag_addc(d, DIAG_ERROR, DC_NOT_A_FILE, path, 0, 0, NULL,
              "is a directory, expected a configuration file");
    return false;
  }
  if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode)) {
    diag_addc(d, DIAG_ERROR, DC_NOT_A_FILE, path, 0, 0, NULL, "is %s, not a regular file",
              file_kind_name(st.st_mode));
    return false;
  }
  if (access(path, R_OK) != 0) {
    diag_addc(d, DIAG_ERROR, diag_code_read_errno(errno), path, 0, 0, NULL, "%s", strerror(errno));
    return false;
  }
  return true;
}

int cli_json_validate(const cli *c, int n, char **files, const struct target_list *targets,
                      bool strict) {
  json_writer w;
  json_init(&w, stdout);
  json_object_begin(&w);
  json_key(&w, "files");
  json_array_begin(&w);
  int worst = EXIT_OK;
  for (int i = 0; i < n; i++) {
    const char *path = files[i];
    diag_list d = DIAG_LIST_INIT;
    int code = EXIT_OK;
    /* "-" is standard input; a FIFO or a pipe is read as a stream */
    size_t len = 0;
    const bool in = !strcmp(path, "-");
    char *text = NULL;
    if (in && cli_stdin_taken())
      diag_addc(&d, DIAG_ERROR, DC_OTHER, path, 0, 0, NULL,
                "standard input can be read for one input file only");
    else if (in && cli_claim_stdin(c, "input file"))
      text = file_read_fd(STDIN_FILENO, "standard input", CONFIG_MAX_FILE, &len, &d);
    else if (!in && readable(path, &d))
      text = file_read_stream(path, CONFIG_MAX_FILE, &len, &d);
    if (!text) {
      code = EXIT_IO;
    } else {
      config *cfg = config_load_text(c->set, text, len, path, &d);
      free(text);
      if (cfg) {
        validate_config(cfg, &d);
        credential_check_config(cfg, time(NULL), &d);
        cli_check_targets(cfg, targets, strict, &d);
      } else
        code = EXIT_INVALID;
      config_free(cfg);
    }
    size_t e = diag_count(&d, DIAG_ERROR), wn = diag_count(&d, DIAG_WARNING);
    if (e && code == EXIT_OK)
      code = EXIT_INVALID;
    json_object_begin(&w);
    json_member_string(&w, "file", path);
    json_member_bool(&w, "valid", code == EXIT_OK);
    json_member_bool(&w, "readable", code != EXIT_IO);
    json_member_int(&w, "errors", (long long)e);
    json_member_int(&w, "warnings", (long long)wn);
    json_key(&w, "diagnostics");
    json_array_begin(&w);
    for (size_t k = 0; k < d.n; k++)
      write_diag(&w, &d.items[k], path);
    json_array_end(&w);
    json_object_end(&w);
    diag_list_free(&d);
    if (code > worst)
      worst = code;
  }
  json_array_end(&w);
  json_member_bool(&w, "valid", worst == EXIT_OK);
  json_object_end(&w);
  return finish(&w, "validate", worst);
}

/* ---- show ---------------------------------------------------------------------- */

typedef struct show_json {
  json_writer *w;
  bool reveal;
  const desc_section *section; /* the section whose "settings" array is open */
} show_json;

static void close_section(show_json *st) {
  if (!st->section)
    return;
  json_array_end(st->w); /* settings */
  json_object_end(st->w);
  st->section = NULL;
}

static bool show_field_json(void *ud, const model_ctx *ctx, const desc_section *s,
                            const desc_field *f, const char *path, const val *v) {
  show_json *st = ud;
  json_writer *w = st->w;
  bool required = model_field_required(ctx, f);
  if (val_is_empty(v) && !required)
    return true; /* text show lists only what is set, or missing and required */
  if (s != st->section) {
    close_section(st);
    st->section = s;
    json_object_begin(w);
    json_member_string(w, "id", s->id);
    json_member_string(w, "title", s->title);
    json_key(w, "settings");
    json_array_begin(w);
  }
  json_object_begin(w);
  json_member_string(w, "key", path);
  json_member_string(w, "label", f->label);
  json_member_string(w, "kind", field_kind_name(f->kind));
  json_key(w, "value");
  if (val_is_empty(v)) {
    json_null(w);
  } else if (kind_of(f)->secret && !st->reveal) {
    json_string(w, JSON_MASK);
  } else if (kind_of(f)->shape == KSHAPE_RECORDS) {
    /* the entries' settings follow, keyed "KEY[N].…" */
    json_int(w, v->kind == VAL_LIST ? (long long)v->u.list.n : 0);
  } else {
    write_val(w, v);
  }
  if (kind_of(f)->secret)
    json_member_bool(w, "secret", true);
  if (f->kind == FK_CHOICE && v && v->kind == VAL_STR) {
    const desc_choice *ch = desc_field_choice(f, v->u.str);
    if (ch && ch->label)
      json_member_string(w, "display", ch->label);
  }
  json_member_bool(w, "default", v && !model_get(ctx, f));
  json_member_bool(w, "required", required);
  json_member_bool(w, "missing", val_is_empty(v));
  json_object_end(w);
  return true;
}

int cli_json_show(const cli *c, const char *file, const config *cfg, bool is_profile, bool reveal) {
  json_writer w;
  json_init(&w, stdout);
  json_object_begin(&w);
  json_member_string(&w, "file", file);
  json_member_bool(&w, "profile", is_profile);
  const val *name = val_get_path(cfg->root, "name");
  json_member_string(&w, "name", name && name->kind == VAL_STR ? name->u.str : NULL);
  json_key(&w, "type");
  json_object_begin(&w);
  json_member_string(&w, "id", cfg->type->id);
  json_member_string(&w, "label", cfg->type->label);
  json_member_string(&w, "vpn_type", cfg->type->vpn_type);
  json_object_end(&w);
  json_member_bool(&w, "revealed", reveal);
  json_key(&w, "sections");
  json_array_begin(&w);
  show_json st = {.w = &w, .reveal = reveal};
  model_each_visible(cfg, show_field_json, &st);
  close_section(&st);
  json_array_end(&w);
  diag_list d = DIAG_LIST_INIT;
  validate_config(cfg, &d);
  json_member_int(&w, "errors", (long long)diag_count(&d, DIAG_ERROR));
  json_member_int(&w, "warnings", (long long)diag_count(&d, DIAG_WARNING));
  diag_list_free(&d);
  json_object_end(&w);
  (void)c;
  return finish(&w, "show", EXIT_OK);
}

/* ---- types ----------------------------------------------------------------------- */

/* {"ios": {"since": "14.0", "deprecated": null}, "watchos": {"available": false}, …}:
 * only the systems the descriptor makes a statement about. */
static void write_os(json_writer *w, const os_avail *os) {
  json_object_begin(w);
  for (int k = 0; k < OS__COUNT; k++) {
    if (!os->since[k] && !os->deprecated[k])
      continue;
    json_key(w, os_names[k]);
    json_object_begin(w);
    bool na = os->since[k] && !strcmp(os->since[k], "n/a");
    json_member_bool(w, "available", !na);
    json_member_string(w, "since", na ? NULL : os->since[k]);
    json_member_string(w, "deprecated", os->deprecated[k]);
    json_object_end(w);
  }
  json_object_end(w);
}

static void write_fields(json_writer *w, const desc_field *fields, size_t n, const char *prefix) {
  json_array_begin(w);
  for (size_t i = 0; i < n; i++) {
    const desc_field *f = &fields[i];
    char *key = xasprintf("%s%s", prefix, f->id);
    json_object_begin(w);
    json_member_string(w, "key", key);
    json_member_string(w, "label", f->label);
    json_member_string(w, "kind", field_kind_name(f->kind));
    json_member_string(w, "format", f->format != FMT_NONE ? field_format_name(f->format) : NULL);
    const char *req = f->required ? expr_source(f->required) : NULL;
    json_member_bool(w, "required", req && !strcmp(req, "true"));
    json_member_string(w, "required_when", req && strcmp(req, "true") ? req : NULL);
    json_member_string(w, "condition", f->show ? expr_source(f->show) : NULL);
    json_key(w, "default");
    write_val(w, f->def);
    json_key(w, "values");
    if (f->kind == FK_CHOICE) {
      json_array_begin(w);
      for (size_t k = 0; k < f->n_choices; k++) {
        json_object_begin(w);
        json_member_string(w, "value", f->choices[k].value);
        json_member_string(w, "label", f->choices[k].label);
        json_object_end(w);
      }
      json_array_end(w);
    } else {
      json_null(w);
    }
    json_key(w, "min");
    if (f->has_min)
      json_int(w, f->min);
    else
      json_null(w);
    json_key(w, "max");
    if (f->has_max)
      json_int(w, f->max);
    else
      json_null(w);
    json_key(w, "max_length");
    if (f->max_len)
      json_int(w, (long long)f->max_len);
    else
      json_null(w);
    json_member_bool(w, "variables", f->variables);
    json_member_bool(w, "secret", kind_of(f)->secret);
    json_key(w, "availability");
    write_os(w, &f->os);
    if (kind_of(f)->shape == KSHAPE_RECORDS) {
      char *sub = xasprintf("%s[N].", key);
      json_key(w, "fields");
      write_fields(w, f->fields, f->n_fields, sub);
      free(sub);
    }
    json_object_end(w);
    free(key);
  }
  json_array_end(w);
}

static void write_type_head(json_writer *w, const desc_type *t) {
  json_member_string(w, "id", t->id);
  json_member_string(w, "label", t->label);
  json_member_string(w, "summary", t->summary);
  json_member_string(w, "vpn_type", t->vpn_type);
  json_key(w, "availability");
  write_os(w, &t->os);
}

int cli_json_types(const cli *c, const char *type) {
  const desc_type *t = type ? desc_set_find(c->set, type) : NULL;
  if (type && !t) {
    fprintf(stderr, "appvpn types: unknown connection type '%s'\n", cli_esc(type));
    return EXIT_USAGE;
  }
  json_writer w;
  json_init(&w, stdout);
  json_object_begin(&w);
  if (t) {
    write_type_head(&w, t);
    json_key(&w, "sections");
    json_array_begin(&w);
    for (size_t s = 0; s < t->n_sections; s++) {
      json_object_begin(&w);
      json_member_string(&w, "id", t->sections[s].id);
      json_member_string(&w, "title", t->sections[s].title);
      json_member_string(&w, "condition",
                         t->sections[s].show ? expr_source(t->sections[s].show) : NULL);
      json_key(&w, "settings");
      write_fields(&w, t->sections[s].fields, t->sections[s].n_fields, "");
      json_object_end(&w);
    }
    json_array_end(&w);
  } else {
    json_key(&w, "types");
    json_array_begin(&w);
    for (size_t i = 0; i < c->set->n_types; i++) {
      json_object_begin(&w);
      write_type_head(&w, &c->set->types[i]);
      json_object_end(&w);
    }
    json_array_end(&w);
  }
  json_object_end(&w);
  return finish(&w, "types", EXIT_OK);
}

/* ---- vars ---------------------------------------------------------------------- */

int cli_json_vars(const cli *c) {
  (void)c;
  json_writer w;
  json_init(&w, stdout);
  json_object_begin(&w);
  json_key(&w, "variables");
  json_array_begin(&w);
  size_t n;
  const var_info *v = vars_catalog(&n);
  for (size_t i = 0; i < n; i++) {
    json_object_begin(&w);
    json_member_string(&w, "name", v[i].name);
    char *ref = xasprintf("${%s}", v[i].name);
    json_member_string(&w, "reference", ref);
    free(ref);
    json_member_string(&w, "group", v[i].group);
    json_member_string(&w, "meaning", v[i].meaning);
    json_key(&w, "dialects");
    json_object_begin(&w);
    for (int d = 0; d < DIALECT__COUNT; d++) {
      /* how each MDM writes it (ivanti: ${name} itself), or null */
      const char *sp = vars_in_dialect(v[i].name, (vars_dialect)d);
      char *own = d == DIALECT_IVANTI && sp ? xasprintf("${%s}", sp) : NULL;
      json_member_string(&w, vars_dialect_name((vars_dialect)d), own ? own : sp);
      free(own);
    }
    json_object_end(&w);
    json_object_end(&w);
  }
  json_array_end(&w);
  json_object_end(&w);
  return finish(&w, "vars", EXIT_OK);
}
