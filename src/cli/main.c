/* appvpn: entry point. Parses global options, loads the descriptors once and
 * dispatches to a subcommand or to the editor. Only this layer prints and exits. */
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

static const char usage_text[] =
    "usage: appvpn [options] FILE|DIR          edit a configuration (or list a directory)\n"
    "       appvpn [options] COMMAND [args]\n"
    "\n"
    "Commands:\n"
    "  edit FILE                     open FILE in the editor (a new FILE asks for a type)\n"
    "  new TYPE -o FILE [--set KEY=VALUE]... [--force]\n"
    "                                create a configuration with fresh UUIDs\n"
    "  set FILE KEY=VALUE... [--force]\n"
    "                                change settings of FILE (KEY= with nothing unsets)\n"
    "      new and set also take --set-file KEY=PATH (the file's text; - is stdin) and\n"
    "      --set-prompt KEY (typed at the terminal, not echoed): secrets stay out of argv\n"
    "  validate FILE...              check configurations; FILE:LINE:COL messages\n"
    "  export FILE [-o OUT|-] [--format xml|binary] [--payload-only] [--var NAME=VALUE]...\n"
    "         [--force]              write the Apple profile (.mobileconfig) to OUT or stdout\n"
    "  show FILE [--reveal]          the settings that apply, section by section\n"
    "  import PROFILE -o FILE|- [--force]\n"
    "                                read a .mobileconfig back into a configuration\n"
    "  diff A B [--reveal]           the settings that differ (configurations or profiles)\n"
    "  types [TYPE]                  the connection types, or the settings (keys) of TYPE\n"
    "  vars [--translate TEXT]       the variables the picker offers\n"
    "\n"
    "Options:\n"
    "  --view FILE       read-only view (help desk): nothing can change, secrets stay masked\n"
    "  --theme NAME      editor theme: default, mono, high-contrast (NO_COLOR is honoured)\n"
    "  --forms DIR       load descriptors from DIR instead of the built-in forms\n"
    "  -q, --quiet       print errors only\n"
    "  -h, --help        this text;  --version  the version\n"
    "\n"
    "KEY is a YAML path (proxy.setup, domains.safari, on_demand.rules[0].action); VALUE is text\n"
    "or flow YAML: --set 'domains.safari=[a.example.com, b.example.com]'.\n"
    "--force writes a read-only FILE or OUT (keeping its mode) and replaces an existing one.\n"
    "Exit status: 0 ok, 1 invalid configuration, 2 usage, 3 I/O error.\n";

static int usage_error(const char *fmt, const char *arg) {
  fputs("appvpn: ", stderr);
  fprintf(stderr, fmt, cli_esc(arg));
  fputs("\nTry 'appvpn --help'.\n", stderr);
  return EXIT_USAGE;
}

typedef struct command {
  const char *name;
  int (*run)(cli *c, int argc, char **argv);
} command;

/* __complete is hidden (not in --help or appvpn(1)): the helper of the shell
 * completion scripts, complete.c. */
static const command commands[] = {
    {"new", cmd_new},           {"set", cmd_set},
    {"validate", cmd_validate}, {"export", cmd_export},
    {"show", cmd_show},         {"types", cmd_types},
    {"vars", cmd_vars},         {"import", cmd_import},
    {"diff", cmd_diff},         {"__complete", cmd_complete},
};

int main(int argc, char **argv) {
  /* Only the character set: UTF-8 widths for the editor. Messages, numbers and
   * sorting stay the same everywhere (appvpn speaks English; exports must not
   * depend on the locale). */
  setlocale(LC_CTYPE, "");
  cli c = {.prog = "appvpn"};
  ui_opts uo = {0};
  const char *forms_dir = NULL;
  bool edit = false;
  int i = 1;
  int code = EXIT_OK;

  /* Global options come before the command or path. */
  for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--")) {
      i++;
      break;
    } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(usage_text, stdout);
      return EXIT_OK;
    } else if (!strcmp(a, "--version")) {
      printf("appvpn %s\n", APPVPN_VERSION);
      return EXIT_OK;
    } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
      c.quiet = true;
    } else if (!strcmp(a, "--view")) {
      uo.readonly = true;
    } else if (!strcmp(a, "--forms") || !strcmp(a, "--theme") || !strcmp(a, "--test-script") ||
               !strcmp(a, "--test-dump")) {
      if (i + 1 >= argc)
        return usage_error("%s needs a value", a);
      const char *v = argv[++i];
      if (!strcmp(a, "--forms"))
        forms_dir = v;
      else if (!strcmp(a, "--theme"))
        uo.theme = v;
      else if (!strcmp(a, "--test-script"))
        uo.script = v;
      else
        uo.dump = v;
    } else {
      return usage_error("unknown option '%s'", a);
    }
  }
  if (i >= argc)
    return usage_error("%s", "no file, directory or command given");

  const command *cmd = NULL;
  for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
    if (!strcmp(argv[i], commands[k].name))
      cmd = &commands[k];
  if (!cmd && !strcmp(argv[i], "edit")) {
    edit = true;
    if (++i >= argc)
      return usage_error("%s", "edit needs a FILE");
  } else if (!cmd) {
    edit = true; /* appvpn FILE|DIR */
  }
  if (edit && i + 1 < argc)
    return usage_error("unexpected argument '%s'", argv[i + 1]);

  diag_list d = DIAG_LIST_INIT;
  if (forms_dir) {
    struct stat st;
    if (stat(forms_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
      fprintf(stderr, "appvpn: --forms %s: %s\n", cli_esc(forms_dir),
              errno ? strerror(errno) : "not a directory");
      return EXIT_IO;
    }
    c.set = desc_load_dir(forms_dir, &d);
  } else {
    c.set = desc_load_default(&d);
  }
  cli_print_diags(&c, &d);
  if (!c.set) {
    fputs("appvpn: the form descriptors have errors (see above)\n", stderr);
    diag_list_free(&d);
    return EXIT_INVALID;
  }
  diag_list_free(&d);

  if (cmd) {
    code = cmd->run(&c, argc - i - 1, argv + i + 1);
  } else {
    uo.set = c.set;
    uo.path = argv[i];
    code = ui_open(&uo);
  }
  desc_set_free(c.set);
  cli_esc_free();
  return code;
}
