/* appvpn: entry point. Parses global options, loads the descriptors once and
 * dispatches to a subcommand (cmdtable.c) or to the editor. Only this layer prints and exits. */
#include "cli/cli.h"
#include "core/util.h"
#include "io/desc_load.h"
#include "ui/editor.h"

#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef APPVPN_VERSION
#define APPVPN_VERSION "0"
#endif

/* The editor's options (global options, anywhere on the line). */
static ui_opts uo;

int cmd_edit(cli *c, const cli_args *a) {
  if (!strcmp(a->pos[0], "-")) {
    cli_error(c, "the editor does not read standard input; name a FILE (./- for a file named -)");
    return EXIT_USAGE;
  }
  uo.set = c->set;
  uo.path = a->pos[0];
  return ui_open(&uo);
}

int main(int argc, char **argv) {
  /* Only the character set: UTF-8 widths for the editor. Messages, numbers and
   * sorting stay the same everywhere (appvpn speaks English; exports must not
   * depend on the locale). */
  setlocale(LC_CTYPE, "");
  cli c = {.prog = "appvpn"};
  cli_globals g = {0};
  const cli_cmd *cmd = NULL;
  bool implicit = false;
  cli_args args;
  int code = cli_parse_line(argc, argv, &g, &cmd, &implicit, &args);
  if (code != EXIT_OK)
    goto done;
  if (g.help || (cmd && !strcmp(cmd->name, "help"))) {
    /* appvpn CMD --help, appvpn help [CMD]: needs no descriptors */
    if (g.help)
      cli_print_help(implicit ? NULL : cmd, stdout);
    else if ((code = cli_check_count(cmd, &args)) == EXIT_OK)
      code = cmd_help(&c, &args);
    goto done;
  }
  if (g.version) {
    printf("appvpn %s\n", APPVPN_VERSION);
    goto done;
  }
  if (!cmd) {
    code = cli_usage_error(NULL, "no file, directory or command given");
    goto done;
  }
  if (implicit && args.n_pos > 1) {
    code = cli_usage_error(NULL, "unexpected argument '%s' (one FILE or DIR is edited)",
                           cli_esc(args.pos[1]));
    goto done;
  }
  if ((code = cli_check_count(cmd, &args)) != EXIT_OK)
    goto done;
  c.cmd = cmd;
  c.quiet = g.quiet;
  uo.readonly = g.view;
  uo.theme = g.theme;
  uo.script = g.script;
  uo.dump = g.dump;

  diag_list d = DIAG_LIST_INIT;
  if (g.forms) {
    struct stat st;
    errno = 0;
    if (stat(g.forms, &st) != 0 || !S_ISDIR(st.st_mode)) {
      fprintf(stderr, "appvpn: --forms %s: %s\n", cli_esc(g.forms),
              errno ? strerror(errno) : "not a directory");
      code = EXIT_IO;
      goto done;
    }
    c.set = desc_load_dir(g.forms, &d);
  } else {
    c.set = desc_load_default(&d);
  }
  cli_print_diags(&c, &d);
  diag_list_free(&d);
  if (!c.set) {
    fputs("appvpn: the form descriptors have errors (see above)\n", stderr);
    code = EXIT_INVALID;
    goto done;
  }
  code = cmd->run(&c, &args);
  desc_set_free(c.set);
done:
  cli_args_free(&args);
  cli_esc_free();
  return code;
}
