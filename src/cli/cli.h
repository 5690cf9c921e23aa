/* The command line: subcommands over the core and io layers. */
#ifndef APPVPN_CLI_CLI_H
#define APPVPN_CLI_CLI_H
#include <stdbool.h>
#include <stdio.h>
#include "core/desc.h"
#include "core/diag.h"
#include "core/model.h"

/* Exit codes (appvpn(1)). */
enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

typedef struct cli {
  const char *prog; /* argv[0] basename */
  desc_set *set;    /* loaded descriptors (owned) */
  bool quiet;       /* -q: errors only */
} cli;

/* Prints diagnostics to stderr (warnings suppressed with -q). */
void cli_print_diags(const cli *c, const diag_list *d);
/* Loads a configuration for a subcommand; prints problems. On failure returns
 * NULL and sets *code to EXIT_IO (cannot read) or EXIT_INVALID. */
config *cli_load(const cli *c, const char *path, int *code);
/* The same, counting the loader's warnings into *warnings (may be NULL). */
config *cli_load_counted(const cli *c, const char *path, int *code, size_t *warnings);
/* Parses VALUE of KEY=VALUE as the command line reads it (flow YAML or text). */
val *cli_parse_value(const char *text, diag_list *d);

int cmd_new(cli *c, int argc, char **argv);
int cmd_set(cli *c, int argc, char **argv);
int cmd_validate(cli *c, int argc, char **argv);
int cmd_export(cli *c, int argc, char **argv);
int cmd_show(cli *c, int argc, char **argv);
int cmd_types(cli *c, int argc, char **argv);
int cmd_vars(cli *c, int argc, char **argv);
int cmd_import(cli *c, int argc, char **argv);
/* appvpn __complete WORD... (hidden): candidates for the shell completion. */
int cmd_complete(cli *c, int argc, char **argv);

#endif
