/* appvpn __complete WORD...: what the shell completion scripts (completion/)
 * offer. The WORDs are the command line after "appvpn" up to the cursor, the
 * last one being the word under completion (empty for a new word). Prints
 * the candidates that start with it, one a line: subcommands, options,
 * connection types, themes, variables, the setting keys of the type of the
 * FILE being changed (as KEY=) and, after KEY=, the values a choice or a
 * switch takes. Commands, their operands and options come from the command
 * table (cmdtable.c). A line ":files" or ":dirs" asks the shell to complete file
 * or directory names as well. Hidden: neither --help nor appvpn(1) lists it,
 * and it never fails (a word it cannot place gets no candidates).
 */
#include "cli/cli.h"
#include "core/kinds.h"
#include "core/embedded.h"
#include "core/util.h"
#include "core/value.h"
#include "core/vars.h"
#include "io/config_io.h"

#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The kind of the subcommand's argument number pos (0-based) in spec (the
 * table's `complete`), or 0. */
static char arg_kind(const char *spec, size_t pos) {
  size_t n = strlen(spec);
  bool repeat = n && spec[n - 1] == '*';
  if (repeat)
    n--;
  if (pos < n)
    return spec[pos];
  return repeat && n ? spec[n - 1] : 0;
}

static void offer(const char *cur, const char *candidate) {
  if (str_starts(candidate, cur))
    puts(candidate);
}

/* The options of a table starting with cur, as -s and --name. */
static void offer_opts(const cli_opt *opts, const char *cur) {
  for (const cli_opt *o = opts; o && o->name; o++) {
    if (o->hidden)
      continue;
    if (o->short_name) {
      char s[3] = {'-', o->short_name, 0};
      offer(cur, s);
    }
    char *l = xasprintf("--%s", o->name);
    offer(cur, l);
    free(l);
  }
}

static void offer_types(const cli *c, const char *cur) {
  for (size_t i = 0; i < c->set->n_types; i++)
    offer(cur, c->set->types[i].id);
}

static void offer_themes(const char *cur) {
  for (const struct embedded_file *e = embedded_files(); e->name; e++) {
    if (!str_starts(e->name, "themes/"))
      continue;
    const char *base = e->name + strlen("themes/");
    const char *dot = strrchr(base, '.');
    char *name = xstrndup(base, dot ? (size_t)(dot - base) : strlen(base));
    offer(cur, name);
    free(name);
  }
}

static void offer_vars(const char *cur) {
  size_t n;
  const var_info *v = vars_catalog(&n);
  for (size_t i = 0; i < n; i++) {
    char *w = xasprintf("%s=", v[i].name);
    offer(cur, w);
    free(w);
  }
}

/* The field whose key (records' indexes written [N]) is `key`, or NULL. */
static const desc_field *find_key(const desc_field *fields, size_t n, const char *prefix,
                                  const char *key) {
  const desc_field *hit = NULL;
  for (size_t i = 0; i < n && !hit; i++) {
    const desc_field *f = &fields[i];
    char *k = xasprintf("%s%s", prefix, f->id);
    if (!strcmp(k, key)) {
      hit = f;
    } else if (kind_of(f)->shape == KSHAPE_RECORDS) {
      char *sub = xasprintf("%s[0].", k);
      hit = find_key(f->fields, f->n_fields, sub, key);
      free(sub);
    }
    free(k);
  }
  return hit;
}

static void offer_keys(const desc_field *fields, size_t n, const char *prefix, const char *cur) {
  for (size_t i = 0; i < n; i++) {
    const desc_field *f = &fields[i];
    char *k = xasprintf("%s%s=", prefix, f->id);
    offer(cur, k);
    if (kind_of(f)->shape == KSHAPE_RECORDS) {
      k[strlen(k) - 1] = 0;
      char *sub = xasprintf("%s[0].", k);
      offer_keys(f->fields, f->n_fields, sub, cur);
      free(sub);
    }
    free(k);
  }
}

/* KEY= and KEY=VALUE of type t: the keys, or the values of a choice or a
 * switch once the key is complete. Record indexes are offered as [0]. */
static void offer_settings(const cli *c, const desc_type *t, const char *cur) {
  if (!t)
    return;
  const char *eq = strchr(cur, '=');
  if (!eq) {
    for (size_t s = 0; s < t->n_sections; s++)
      offer_keys(t->sections[s].fields, t->sections[s].n_fields, "", cur);
    return;
  }
  char *key = xstrndup(cur, (size_t)(eq - cur));
  const desc_field *f = NULL;
  for (size_t s = 0; s < t->n_sections && !f; s++)
    f = find_key(t->sections[s].fields, t->sections[s].n_fields, "", key);
  if (f && f->kind == FK_CHOICE && f->choices_from && !strcmp(f->choices_from, "types")) {
    for (size_t i = 0; i < c->set->n_types; i++) {
      char *w = xasprintf("%s=%s", key, c->set->types[i].id);
      offer(cur, w);
      free(w);
    }
  } else if (f && f->kind == FK_CHOICE) {
    for (size_t i = 0; i < f->n_choices; i++) {
      char *w = xasprintf("%s=%s", key, f->choices[i].value);
      offer(cur, w);
      free(w);
    }
  } else if (f && f->kind == FK_BOOL) {
    char *yes = xasprintf("%s=true", key), *no = xasprintf("%s=false", key);
    offer(cur, yes);
    offer(cur, no);
    free(yes);
    free(no);
  } else if (f && f->kind == FK_FILE) {
    puts(":files");
  }
  free(key);
}

/* The type a configuration file declares (its `type:`), read without
 * checking the rest: completion must work on a file with errors. */
static const desc_type *file_type(const cli *c, const char *path) {
  diag_list d = DIAG_LIST_INIT;
  size_t len;
  const desc_type *t = NULL;
  char *text = file_read_all(path, CONFIG_MAX_FILE, &len, &d);
  val *root = text ? yaml_parse(text, len, path, &d) : NULL;
  const val *type = root ? val_map_get(root, "type") : NULL;
  if (type && type->kind == VAL_STR)
    t = desc_set_find(c->set, type->u.str);
  val_free(root);
  free(text);
  diag_list_free(&d);
  return t;
}

static void complete_value(const cli *c, const cli_cmd *cmd, const cli_opt *o, const char *cur,
                           const desc_type *t) {
  const char *n = o->name;
  if (!strcmp(n, "theme")) {
    offer_themes(cur);
  } else if (!strcmp(n, "forms")) {
    puts(":dirs");
  } else if (!strcmp(n, "format")) {
    if (cmd && !strcmp(cmd->name, "export")) {
      offer(cur, "xml");
      offer(cur, "binary");
    } else {
      offer(cur, "text");
      offer(cur, "json");
    }
  } else if (!strcmp(n, "target")) {
    offer(cur, "ios");
    offer(cur, "macos");
    offer(cur, "visionos");
    offer(cur, "watchos");
  } else if (!strcmp(n, "var")) {
    offer_vars(cur);
  } else if (!strcmp(n, "set")) {
    offer_settings(c, t, cur);
  } else if (!strcmp(n, "dialect") || !strcmp(n, "to") || !strcmp(n, "from-dialect")) {
    static const char *const mdms[] = {"ivanti", "core", "jamf", "intune", "ws1"};
    for (size_t k = 0; k < COUNT(mdms); k++)
      if (strcmp(n, "from-dialect") || strcmp(mdms[k], "ivanti"))
        offer(cur, mdms[k]);
    if (!strcmp(n, "from-dialect"))
      offer(cur, "any");
  } else if (!strcmp(n, "as")) {
    offer(cur, "graph");
    offer(cur, "jamf");
    offer(cur, "ivanti");
  } else if (strcmp(n, "translate") && strcmp(n, "name") && strcmp(n, "set-prompt")) {
    puts(":files"); /* FILE, OUT, CSV, CERT, KEY=PATH, ... */
  }
}

/* Does the option word w take the next word as its value? Its option then. */
static const cli_opt *takes_next(const cli_cmd *cmd, const char *w) {
  if (w[0] != '-' || !w[1] || strchr(w, '='))
    return NULL;
  if (w[1] != '-' && w[2])
    return NULL; /* -oVALUE */
  const cli_opt *o = cli_opt_find(cmd, w);
  return o && o->arg ? o : NULL;
}

int cmd_complete(cli *c, const cli_args *a) {
  int argc = a->n_pos;
  char **argv = a->pos;
  const char *cur = argc ? argv[argc - 1] : "";
  int n = argc ? argc - 1 : 0; /* the words before the one under completion */
  int i = 0;
  const cli_opt *o;

  /* Global options, then the subcommand (or FILE|DIR). */
  for (; i < n && argv[i][0] == '-'; i++) {
    if (!strcmp(argv[i], "--")) {
      i++;
      break;
    }
    if ((o = takes_next(NULL, argv[i])) && ++i == n) {
      complete_value(c, NULL, o, cur, NULL);
      return EXIT_OK;
    }
  }
  if (i == n) {
    if (cur[0] == '-') {
      offer_opts(cli_global_opts, cur);
      return EXIT_OK;
    }
    for (const cli_cmd *k = cli_cmds; k->name; k++)
      if (!k->hidden)
        offer(cur, k->name);
    puts(":files");
    return EXIT_OK;
  }
  const cli_cmd *cmd = cli_cmd_find(argv[i]);
  if (!cmd || cmd->hidden)
    return EXIT_OK; /* appvpn FILE takes nothing more */

  /* The subcommand's words so far: options (with their values) and the
   * arguments, of which the first file and the first type matter. */
  size_t pos = 0;
  const desc_type *t = NULL;
  bool dashdash = false;
  for (i++; i < n; i++) {
    const char *w = argv[i];
    if (!dashdash && (o = takes_next(cmd, w))) {
      if (++i == n) {
        complete_value(c, cmd, o, cur, t);
        return EXIT_OK;
      }
      continue;
    }
    if (!dashdash && !strcmp(w, "--")) {
      dashdash = true;
      continue;
    }
    if (!dashdash && w[0] == '-' && w[1])
      continue;
    char kind = arg_kind(cmd->complete, pos);
    if (kind == 't' && !t)
      t = desc_set_find(c->set, w);
    else if (kind == 'f' && !t && strchr(cmd->complete, 'k'))
      t = file_type(c, w);
    pos++;
  }

  if (cur[0] == '-' && !dashdash) {
    offer_opts(cmd->opts, cur);
    offer_opts(cli_global_opts, cur);
    return EXIT_OK;
  }
  char kind = arg_kind(cmd->complete, pos);
  if (kind == 't') {
    offer_types(c, cur);
  } else if (kind == 'f') {
    puts(":files");
  } else if (kind == 'k') {
    offer_settings(c, t, cur);
  } else if (kind == 'c') {
    for (const cli_cmd *k = cli_cmds; k->name; k++)
      if (!k->hidden)
        offer(cur, k->name);
  }
  return EXIT_OK;
}
