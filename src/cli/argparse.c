/* The command line parser, --help and `appvpn help` (cmdtable.h).
 *
 * Written here rather than with getopt_long: getopt_long is not POSIX, and
 * where it exists (BSD, macOS) it stops at the first operand, so
 * `appvpn export FILE -o OUT` would differ between systems. This parser
 * behaves the same everywhere: options anywhere (GNU order), "--" ends
 * them, "-" is an operand, and repeated options accumulate in order. Long
 * options are spelt in full (no abbreviations). */
#include "cli/cli.h"
#include "cli/cmdtable.h"
#include "core/util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int cli_usage_error(const cli_cmd *cmd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (cmd)
    fprintf(stderr, "appvpn %s: ", cmd->name);
  else
    fputs("appvpn: ", stderr);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  if (cmd)
    fprintf(stderr, "\nTry 'appvpn %s --help'.\n", cmd->name);
  else
    fputs("\nTry 'appvpn --help'.\n", stderr);
  return EXIT_USAGE;
}

static bool is_global(const cli_opt *o) {
  for (const cli_opt *k = cli_global_opts; k->name; k++)
    if (k == o)
      return true;
  return false;
}

static void set_global(cli_globals *g, const cli_opt *o, const char *value) {
  const char *n = o->name;
  if (!strcmp(n, "quiet"))
    g->quiet = true;
  else if (!strcmp(n, "forms"))
    g->forms = value;
  else if (!strcmp(n, "theme"))
    g->theme = value;
  else if (!strcmp(n, "view"))
    g->view = true;
  else if (!strcmp(n, "version"))
    g->version = true;
  else if (!strcmp(n, "help"))
    g->help = true;
  else if (!strcmp(n, "test-script"))
    g->script = value;
  else if (!strcmp(n, "test-dump"))
    g->dump = value;
}

static void record(cli_globals *g, cli_args *a, const cli_opt *o, const char *value) {
  if (is_global(o))
    set_global(g, o, value);
  else
    a->opts[a->n_opts++] = (cli_optval){o, value, a->n_pos};
}

/* The option word argv[*i] (and its value): recorded, or a usage error. */
static int parse_option(const cli_cmd *cmd, int argc, char **argv, int *i, cli_globals *g,
                        cli_args *a) {
  const char *w = argv[*i];
  if (w[1] == '-') {
    size_t n = strcspn(w + 2, "=");
    const cli_opt *o = cli_opt_find(cmd, w);
    if (!o) {
      char *name = xstrndup(w, n + 2);
      cli_usage_error(cmd, "unknown option '%s'", cli_esc(name));
      free(name);
      return EXIT_USAGE;
    }
    const char *value = NULL;
    if (w[2 + n] == '=') {
      if (!o->arg)
        return cli_usage_error(cmd, "option '--%s' takes no value", o->name);
      value = w + 3 + n;
    } else if (o->arg) {
      if (*i + 1 >= argc)
        return cli_usage_error(cmd, "option '--%s' needs an argument (%s)", o->name, o->arg);
      value = argv[++*i];
    }
    record(g, a, o, value);
    return EXIT_OK;
  }
  for (const char *p = w + 1; *p; p++) {
    char word[3] = {'-', *p, 0};
    const cli_opt *o = cli_opt_find(cmd, word);
    if (!o) {
      char bad[2] = {*p, 0};
      return cli_usage_error(cmd, "unknown option '-%s'", cli_esc(bad));
    }
    if (!o->arg) {
      record(g, a, o, NULL);
      continue;
    }
    if (p[1]) {
      record(g, a, o, p + 1); /* -oVALUE */
    } else if (*i + 1 < argc) {
      record(g, a, o, argv[++*i]);
    } else {
      return cli_usage_error(cmd, "option '-%c' needs an argument (%s)", *p, o->arg);
    }
    break;
  }
  return EXIT_OK;
}

static bool is_option(const char *w) {
  return w[0] == '-' && w[1];
}

int cli_parse_line(int argc, char **argv, cli_globals *g, const cli_cmd **cmd, bool *implicit,
                   cli_args *a) {
  *a = (cli_args){xcalloc((size_t)argc + 1, sizeof *a->opts), 0,
                  xcalloc((size_t)argc + 1, sizeof *a->pos), 0};
  *cmd = NULL;
  *implicit = false;
  bool dashdash = false;
  int i = 1;
  /* Before the command: global options only. */
  for (; i < argc; i++) {
    if (!strcmp(argv[i], "--")) {
      dashdash = true;
      i++;
      break;
    }
    if (!is_option(argv[i]))
      break;
    if (parse_option(NULL, argc, argv, &i, g, a) != EXIT_OK)
      return EXIT_USAGE;
  }
  if (i >= argc)
    return EXIT_OK;
  const cli_cmd *c = dashdash ? NULL : cli_cmd_find(argv[i]);
  if (c) {
    i++;
  } else {
    c = cli_cmd_find("edit"); /* appvpn FILE|DIR */
    *implicit = true;
  }
  *cmd = c;
  if (c->raw) { /* __complete: its words as they are */
    for (; i < argc; i++)
      a->pos[a->n_pos++] = argv[i];
    return EXIT_OK;
  }
  for (; i < argc; i++) {
    if (!dashdash && !strcmp(argv[i], "--")) {
      dashdash = true;
    } else if (!dashdash && is_option(argv[i])) {
      if (parse_option(c, argc, argv, &i, g, a) != EXIT_OK)
        return EXIT_USAGE;
    } else {
      a->pos[a->n_pos++] = argv[i];
    }
  }
  return EXIT_OK;
}

int cli_check_count(const cli_cmd *cmd, const cli_args *a) {
  if (a->n_pos < cmd->min_args) {
    if (!a->n_pos)
      return cli_usage_error(cmd, "missing %s", cmd->args);
    return cli_usage_error(cmd, "too few arguments (expected %s)", cmd->args);
  }
  if (cmd->max_args >= 0 && a->n_pos > cmd->max_args)
    return cli_usage_error(cmd, "too many arguments: '%s'", cli_esc(a->pos[cmd->max_args]));
  return EXIT_OK;
}

void cli_args_free(cli_args *a) {
  free(a->opts);
  free(a->pos);
  *a = (cli_args){0};
}

#define HELP_COL 25   /* where the help text starts */
#define HELP_WIDTH 79 /* the longest line */

/* head, then text from the help column, wrapped at word ends. */
static void print_row(FILE *out, const char *head, const char *text) {
  int col = fprintf(out, "%s", head);
  if (col >= HELP_COL - 1) {
    fputc('\n', out);
    col = 0;
  }
  fprintf(out, "%*s", HELP_COL - col, "");
  col = HELP_COL;
  while (*text) {
    size_t n = strcspn(text, " ");
    if (col > HELP_COL && col + 1 + (int)n > HELP_WIDTH) {
      fprintf(out, "\n%*s", HELP_COL, "");
      col = HELP_COL;
    } else if (col > HELP_COL) {
      fputc(' ', out);
      col++;
    }
    fwrite(text, 1, n, out);
    col += (int)n;
    text += n;
    while (*text == ' ')
      text++;
  }
  fputc('\n', out);
}

/* "  -o, --output OUT" / "      --format FORMAT" and its help. */
static void print_opt(const cli_opt *o, FILE *out) {
  char head[64];
  if (o->short_name)
    snprintf(head, sizeof head, "  -%c, --%s%s%s", o->short_name, o->name, o->arg ? " " : "",
             o->arg ? o->arg : "");
  else
    snprintf(head, sizeof head, "      --%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
  print_row(out, head, o->help);
}

void cli_print_help(const cli_cmd *cmd, FILE *out) {
  if (cmd) {
    bool any = cmd->opts && cmd->opts[0].name;
    fprintf(out, "usage: appvpn %s%s%s%s\n", cmd->name, any ? " [options]" : "",
            *cmd->args ? " " : "", cmd->args);
    fprintf(out, "%c%s.\n",
            cmd->summary[0] - ('a' <= cmd->summary[0] && cmd->summary[0] <= 'z' ? 'a' - 'A' : 0),
            cmd->summary + 1);
    if (any) {
      fputs("\nOptions:\n", out);
      for (const cli_opt *o = cmd->opts; o->name; o++)
        print_opt(o, out);
    }
    fputs("\nGlobal options (anywhere): -q, --quiet; --forms DIR; --theme NAME; --view;\n"
          "-h, --help. Options go before or after the operands; -- ends them.\n",
          out);
    return;
  }
  fputs("usage: appvpn [options] FILE|DIR         edit a configuration (or list a DIR)\n"
        "       appvpn [options] COMMAND [args]  run a command (appvpn help COMMAND)\n"
        "\n"
        "Commands:\n",
        out);
  for (const cli_cmd *k = cli_cmds; k->name; k++) {
    if (k->hidden)
      continue;
    char head[64];
    snprintf(head, sizeof head, "  %s%s%s", k->name, *k->args ? " " : "", k->args);
    print_row(out, head, k->summary);
  }
  fputs("\nOptions (anywhere on the line):\n", out);
  for (const cli_opt *o = cli_global_opts; o->name; o++)
    if (!o->hidden)
      print_opt(o, out);
  fputs("\n"
        "KEY is a YAML path (proxy.setup, domains.safari, on_demand.rules[0].action);\n"
        "VALUE is text or flow YAML: --set 'domains.safari=[a.example.com, b.com]'.\n"
        "A FILE, PROFILE, A or B of - is standard input (validate, show, export, import,\n"
        "diff); -o - is standard output. -- ends the options: appvpn -- help edits a\n"
        "file named help. --format json (validate, show, types, vars) prints one JSON\n"
        "document for scripts (docs/json.md); the exit status is the same.\n"
        "Exit status: 0 ok, 1 invalid configuration, 2 usage, 3 I/O error.\n",
        out);
}

int cmd_help(cli *c, const cli_args *a) {
  (void)c;
  if (!a->n_pos) {
    cli_print_help(NULL, stdout);
    return EXIT_OK;
  }
  const cli_cmd *k = cli_cmd_find(a->pos[0]);
  if (!k || k->hidden)
    return cli_usage_error(cli_cmd_find("help"), "unknown command '%s'", cli_esc(a->pos[0]));
  cli_print_help(k, stdout);
  return EXIT_OK;
}
