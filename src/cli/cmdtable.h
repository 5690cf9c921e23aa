/* The command table: every subcommand with its synopsis, summary, options and
 * number of operands. The parser (argparse.c), --help and `appvpn help`, the
 * shell completion (complete.c) and the documentation test read it; nothing
 * else lists the commands or their options. */
#ifndef APPVPN_CLI_CMDTABLE_H
#define APPVPN_CLI_CMDTABLE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct cli;

/* One option: --name, -s (0: none), its argument's name (NULL: a switch). */
typedef struct cli_opt {
  const char *name;
  char short_name;
  const char *arg;
  const char *help;
  bool hidden; /* accepted, not listed (test hooks) */
} cli_opt;

/* One option as given on the command line, in the order given. */
typedef struct cli_optval {
  const cli_opt *opt;
  const char *value; /* NULL for a switch */
  int before;        /* operands given before it (their order, for set) */
} cli_optval;

/* A parsed command line: the command's options in order (repeated options
 * accumulate), then its operands. */
typedef struct cli_args {
  cli_optval *opts;
  size_t n_opts;
  char **pos;
  int n_pos;
} cli_args;

typedef struct cli_cmd {
  const char *name;
  const char *args;       /* operands, for the synopsis: "FILE...", "[TYPE]" */
  const char *summary;    /* one line */
  const cli_opt *opts;    /* ends with {NULL} */
  int min_args, max_args; /* max -1: any number */
  int (*run)(struct cli *c, const cli_args *a);
  /* The operands' kinds for completion, in order: 't' a connection type,
   * 'f' a file, 'k' a setting key of the first file's type (KEY=VALUE),
   * 'c' a command name; a final '*' repeats the last one. */
  const char *complete;
  bool hidden; /* __complete: neither --help nor appvpn(1) lists it */
  bool raw;    /* takes its words as they are (no option parsing) */
} cli_cmd;

extern const cli_cmd cli_cmds[];        /* ends with {NULL} */
extern const cli_opt cli_global_opts[]; /* ends with {NULL} */

/* The global options given (anywhere on the line). */
typedef struct cli_globals {
  bool quiet, view, help, version;
  const char *forms, *theme, *script, *dump;
} cli_globals;

/* Parses argv (argparse.c): global options anywhere, the command (or a FILE
 * or DIR to edit: *cmd is then edit and *implicit true), then the command's
 * options and operands in any order; "--" ends the options ("appvpn --
 * NAME" edits NAME even when it is a command's name). -o VALUE, -oVALUE,
 * --opt VALUE, --opt=VALUE; short switches bundle (-fq). No command at all:
 * *cmd NULL. The operand count is checked by cli_check_count once --help
 * had its chance. Prints a usage error and returns EXIT_USAGE, else EXIT_OK.
 * Free a with cli_args_free. */
int cli_parse_line(int argc, char **argv, cli_globals *g, const struct cli_cmd **cmd,
                   bool *implicit, cli_args *a);
/* Too few or too many operands for cmd: a usage error (EXIT_USAGE). */
int cli_check_count(const struct cli_cmd *cmd, const cli_args *a);
void cli_args_free(cli_args *a);

/* The command called name, or NULL. */
const cli_cmd *cli_cmd_find(const char *name);
/* The option of cmd (or a global option when cmd is NULL) spelt word
 * ("--name", "--name=value", "-s"), or NULL. */
const cli_opt *cli_opt_find(const cli_cmd *cmd, const char *word);

/* Did the command line give option `name`? The value of its last use
 * (NULL when not given or a switch). */
bool cli_has(const cli_args *a, const char *name);
const char *cli_value(const cli_args *a, const char *name);
/* Is ov option `name`? */
bool cli_is(const cli_optval *ov, const char *name);

/* Usage of cmd (synopsis, summary, options) to out; cmd NULL: appvpn's. */
void cli_print_help(const struct cli_cmd *cmd, FILE *out);

/* The usage error of a command: "appvpn CMD: MESSAGE" and the hint
 * "Try 'appvpn CMD --help'." on stderr; returns EXIT_USAGE. cmd NULL:
 * "appvpn: …" and "Try 'appvpn --help'.". The message is printf-like; data
 * in it must already be escaped (cli_esc). */
int cli_usage_error(const cli_cmd *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
