/* appvpn show: the settings a help-desk person needs, section by section,
 * only those that apply, secrets masked unless --reveal. */
#include "cli/cli.h"
#include "core/kinds.h"
#include "core/util.h"
#include "core/validate.h"
#include "io/credential.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct show_state {
  bool reveal;
  const desc_section *section;
  char *record_prefix; /* "on_demand.rules[0]" of the record last headed */
} show_state;

static int depth_of(const char *path) {
  int d = 0;
  for (; *path; path++)
    d += *path == '[';
  return d;
}

static void print_label(int depth, const char *label) {
  int indent = 2 + depth * 4;
  int width = 30 - depth * 4;
  if (width < 12)
    width = 12;
  printf("%*s%s ", indent, "", cli_esc(label));
  int used = (int)strlen(label);
  for (int i = used; i < width; i++)
    putchar('.');
  putchar(' ');
}

static char *scalar_display(const desc_field *f, const val *v) {
  if (f->kind == FK_BOOL && v->kind == VAL_BOOL)
    return xstrdup(v->u.b ? "yes" : "no");
  if (f->kind == FK_CHOICE && v->kind == VAL_STR) {
    const desc_choice *ch = desc_field_choice(f, v->u.str);
    if (ch && ch->label && strcmp(ch->label, ch->value) && !strstr(ch->label, ch->value))
      return xasprintf("%s (%s)", ch->label, ch->value);
  }
  char *s = val_scalar_text(v);
  return s ? s : xstrdup("?");
}

/* Heads a new record ("#2") when the path enters one. */
static void head_record(show_state *st, const char *path) {
  const char *close = strrchr(path, ']');
  if (!close)
    return;
  size_t n = (size_t)(close - path) + 1;
  if (st->record_prefix && strlen(st->record_prefix) >= n && !strncmp(st->record_prefix, path, n))
    return; /* still inside that record (or a record nested in it) */
  free(st->record_prefix);
  st->record_prefix = xstrndup(path, n);
  const char *open = path + n;
  while (open > path && *open != '[')
    open--;
  int index = atoi(open + 1);
  int depth = depth_of(st->record_prefix);
  printf("%*s#%d\n", 2 + (depth - 1) * 4 + 2, "", index + 1);
}

static bool show_field(void *ud, const model_ctx *ctx, const desc_section *s, const desc_field *f,
                       const char *path, const val *v) {
  show_state *st = ud;
  if (s != st->section) {
    st->section = s;
    free(st->record_prefix);
    st->record_prefix = NULL;
    printf("\n%s\n", cli_esc(s->title));
  }
  head_record(st, path);
  int depth = depth_of(path);
  bool required = model_field_required(ctx, f);
  bool is_default = v && !model_get(ctx, f);

  if (val_is_empty(v)) {
    if (required) {
      print_label(depth, f->label);
      puts("(missing)");
    }
    return true;
  }
  print_label(depth, f->label);
  if (kind_of(f)->secret) {
    puts(st->reveal ? cli_esc(v->u.str) : KIND_SECRET_MASK);
    return true;
  }
  switch (kind_of(f)->shape) {
  case KSHAPE_LIST: {
    size_t total = 0;
    for (size_t i = 0; i < v->u.list.n; i++) {
      char *t = val_scalar_text(v->u.list.v[i]);
      total += (t ? strlen(t) : 0) + 2;
      free(t);
    }
    bool one_line = total < 48;
    for (size_t i = 0; i < v->u.list.n; i++) {
      char *t = val_scalar_text(v->u.list.v[i]);
      if (one_line)
        printf("%s%s", i ? ", " : "", t ? cli_esc(t) : "?");
      else if (i == 0)
        printf("%s\n", t ? cli_esc(t) : "?");
      else
        printf("%*s%s\n", 2 + depth * 4 + (depth * 4 < 18 ? 32 - depth * 4 : 14), "",
               t ? cli_esc(t) : "?");
      free(t);
    }
    if (one_line)
      putchar('\n');
    return true;
  }
  case KSHAPE_MAP:
    if (v->kind == VAL_MAP) {
      for (size_t i = 0; i < v->u.map.n; i++) {
        char *t = val_scalar_text(v->u.map.v[i]);
        if (i)
          printf("%*s", 2 + depth * 4 + 32 - depth * 4, "");
        printf("%s = %s\n", cli_esc(v->u.map.k[i]), t ? cli_esc(t) : "?");
        free(t);
      }
    } else {
      putchar('\n');
    }
    return true;
  case KSHAPE_RECORDS: {
    size_t n = v->kind == VAL_LIST ? v->u.list.n : 0;
    printf("%zu %s\n", n, n == 1 ? "entry" : "entries");
    return true;
  }
  case KSHAPE_SCALAR: {
    char *t = scalar_display(f, v);
    printf("%s%s\n", cli_esc(t), is_default ? "  (default)" : "");
    free(t);
    if (f->embed) { /* what the identity file holds: who, and until when */
      char *who = credential_describe(ctx->cfg, time(NULL));
      if (who) {
        print_label(depth, "Certificate");
        printf("%s\n", cli_esc(who));
      }
      free(who);
    }
    return true;
  }
  }
  return true;
}

static int show_one(cli *c, const char *file, bool reveal, bool json);

int cmd_show(cli *c, const cli_args *a) {
  const char *file = a->pos[0], *format = cli_value(a, "format");
  bool reveal = cli_has(a, "reveal"), json = false;
  if (cli_value(a, "ca"))
    c->ca = cli_value(a, "ca");
  int fc = cli_format_parse(c, format, &json);
  if (fc != EXIT_OK)
    return fc;
  /* a bundle: each configuration in turn (one JSON document each) */
  size_t members = cli_members(c, file);
  int worst = EXIT_OK;
  for (size_t k = 0; k < members; k++) {
    if (members > 1 && !json)
      printf("%s== %zu of %zu in the bundle\n", k ? "\n" : "", k + 1, members);
    c->member = k;
    int code = show_one(c, file, reveal, json);
    worst = code > worst ? code : worst;
  }
  c->member = 0;
  return worst;
}

static int show_one(cli *c, const char *file, bool reveal, bool json) {
  /* a profile is shown as the configuration it imports as */
  char *tmpdir = NULL;
  bool is_profile = false;
  int code = EXIT_OK;
  config *cfg = cli_load_any(c, file, &tmpdir, &is_profile, &code);
  if (!cfg)
    return code;
  if (json) {
    code = cli_json_show(c, file, cfg, is_profile, reveal);
    config_free(cfg);
    cli_tmpdir_remove(tmpdir);
    return code;
  }
  const val *name = val_get_path(cfg->root, "name");
  printf("%s — %s\n", cli_esc(name && name->kind == VAL_STR ? name->u.str : "(unnamed)"),
         cli_esc(cfg->type->label));
  printf("%s\n", cli_esc(file));

  show_state st = {.reveal = reveal};
  model_each_visible(cfg, show_field, &st);
  free(st.record_prefix);

  diag_list d = DIAG_LIST_INIT;
  validate_config(cfg, &d);
  credential_check_config(cfg, time(NULL), &d);
  size_t e = diag_count(&d, DIAG_ERROR), w = diag_count(&d, DIAG_WARNING);
  if (e || w)
    printf("\n%zu error%s, %zu warning%s: see 'appvpn validate %s'\n", e, e == 1 ? "" : "s", w,
           w == 1 ? "" : "s", cli_esc(file));
  else
    printf("\nNo problems.\n");
  diag_list_free(&d);
  config_free(cfg);
  cli_tmpdir_remove(tmpdir);
  return EXIT_OK;
}
