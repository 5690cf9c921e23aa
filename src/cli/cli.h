/* The command line: subcommands over the core and io layers. */
#ifndef APPVPN_CLI_CLI_H
#define APPVPN_CLI_CLI_H
#include <stdbool.h>
#include <stdio.h>
#include "core/desc.h"
#include "core/diag.h"
#include "core/model.h"
#include "cli/cmdtable.h"

struct export_opts;   /* io/export.h */
struct sign_identity; /* io/sign.h */

/* Exit codes (appvpn(1)). */
enum { EXIT_OK = 0, EXIT_INVALID = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

typedef struct cli {
  const char *prog;   /* argv[0] basename */
  desc_set *set;      /* loaded descriptors (owned) */
  bool quiet;         /* -q: errors only */
  const char *ca;     /* --ca FILE: trust store for signed profiles (NULL: the system's) */
  const cli_cmd *cmd; /* the command running (its name starts its messages) */
  size_t member;      /* which configuration of a bundle cli_load_any reads (0: the first) */
} cli;

/* "appvpn CMD: " + a printf-like message + a line break, on stderr (data in
 * it escaped with cli_esc). (input.c) */
void cli_error(const cli *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Standard input is read once per run: true the first time, else prints
 * why not (naming `what`) and returns false. (input.c) */
bool cli_claim_stdin(const cli *c, const char *what);
bool cli_stdin_taken(void); /* claimed already? */
/* The bytes of an input FILE (up to max): "-" is standard input; a regular
 * file, or a pipe, FIFO or character device read as a stream to its end
 * (a FIFO waits for its writer, as cat does). *name receives the name for
 * messages ("<stdin>" for -). Prints errors; NULL on failure with *code
 * EXIT_IO (or EXIT_USAGE: standard input named twice). Caller frees. */
char *cli_read_input(const cli *c, const char *path, size_t max, size_t *len, const char **name,
                     int *code);

/* A signed profile (CMS) in *bytes is replaced by its content after its
 * signature is checked (sign.c): "signed by CN=…" is said (a warning when
 * the signer does not verify against c->ca or the system's trust store); a
 * broken signature is an error (false). Unsigned bytes pass untouched. */
bool cli_unwrap_signed(const cli *c, const char *name, char **bytes, size_t *len);
/* export's signing identity: --sign-cert + --sign-key [+ --sign-chain], or
 * --sign-p12; the key's or the .p12's password from --sign-pass-file PATH
 * ("-": standard input). Prints why not and sets *code; NULL then. */
struct sign_identity *cli_signer(const cli *c, const char *cert, const char *key, const char *chain,
                                 const char *p12, const char *pass_file, int *code);

/* Prints diagnostics to stderr (warnings suppressed with -q). */
void cli_print_diags(const cli *c, const diag_list *d);
/* Loads a configuration for a subcommand; prints problems. On failure returns
 * NULL and sets *code to EXIT_IO (cannot read) or EXIT_INVALID. */
config *cli_load(const cli *c, const char *path, int *code);
/* The same, counting the loader's warnings into *warnings (may be NULL). */
config *cli_load_counted(const cli *c, const char *path, int *code, size_t *warnings);
/* s escaped for the terminal (core/text.h text_escape): every string from
 * data or the command line that appvpn prints goes through it. The result
 * lives until 16 more calls (the CLI is single-threaded); NULL gives "".
 * cli_esc_free frees what is left (at exit). */
const char *cli_esc(const char *s);
void cli_esc_free(void);
/* Loads a configuration, or a profile (XML or binary, detected by its first
 * bytes) through import, an embedded .p12 going to a new temporary directory
 * (*tmpdir, NULL when none; remove it with cli_tmpdir_remove). Prints errors
 * only; NULL on failure, *code EXIT_IO (unreadable) or EXIT_INVALID. (diff.c) */
config *cli_load_any(const cli *c, const char *path, char **tmpdir, bool *is_profile, int *code);
void cli_tmpdir_remove(char *dir); /* removes the directory and its files; frees dir */
/* Parses VALUE of KEY=VALUE as the command line reads it (flow YAML or text). */
val *cli_parse_value(const char *text, diag_list *d);

/* A setting from the command line (settings.c). */
typedef enum {
  SETTING_TEXT,   /* KEY=VALUE: VALUE is text or flow YAML (cli_parse_value) */
  SETTING_FILE,   /* --set-file KEY=PATH: the file's text, as it is ("-": stdin) */
  SETTING_PROMPT, /* --set-prompt KEY: typed at the terminal (no echo for secrets) */
} setting_from;
typedef struct cli_setting {
  setting_from from;
  const char *arg;
} cli_setting;
/* Splits a setting into its key and its text (both malloc'd, caller frees),
 * reading a file or prompting as asked. Prints why not and returns an exit
 * code (EXIT_OK on success). */
int cli_setting_resolve(const cli *c, const config *cfg, const cli_setting *s, char **key,
                        char **text);

/* export --users (batch.c): one profile per CSV row into out_dir, all or
 * nothing (or skipping bad rows with keep_going). name_tmpl NULL: the first
 * column's value + ".mobileconfig". Returns an exit code. */
int cli_export_batch(const cli *c, const config *cfg, const struct export_opts *base,
                     const char *csv, const char *out_dir, const char *name_tmpl, bool keep_going,
                     bool secret, const struct sign_identity *signer);

/* export --as (mdm_body.c): the XML profile wrapped for an MDM: "graph"
 * (Microsoft Graph iosCustomConfiguration JSON), "jamf" (Jamf Pro Classic
 * API configuration_profile XML) or "ivanti" (the profile itself). Caller
 * frees. */
char *cli_mdm_body(const config *cfg, const char *as, const char *profile, size_t len,
                   const char *file_name, size_t *out_len);

/* Profiles as admins ship them (bundle.c). */
struct target_list; /* core/target.h */
struct import_opts; /* io/import.h */
typedef struct cli_ship_opts {
  const char *out;        /* -o FILE; NULL: standard output */
  const char *identifier; /* --identifier: the bundle's PayloadIdentifier */
  const char *name;       /* --name: the bundle's PayloadDisplayName */
  bool force;
  const struct sign_identity *signer;
  const struct target_list *targets; /* --target; empty: each configuration's `targets` */
  bool strict;                       /* --strict: what a target lacks is an error */
  bool checked;                      /* one configuration, already checked and targeting macOS */
} cli_ship_opts;
/* Checks cfg against the given targets (none: its `targets` setting),
 * printing what they lack; *macos: macOS is targeted. False (and *code
 * EXIT_INVALID) on an error (--strict, or a bad `targets` entry). */
bool cli_targets(const cli *c, const config *cfg, const struct target_list *given, bool strict,
                 bool *macos, int *code);
/* How many configurations the file holds: a bundle's per-app VPN payloads,
 * else 1 (a configuration, a profile of one, or what cannot be read). */
size_t cli_members(const cli *c, const char *path);
/* export of n configurations as one profile (n > 1: a bundle), with the
 * macOS app mapping where macOS is targeted. Returns an exit code. */
int cli_export_profiles(const cli *c, const char *const *files, size_t n,
                        const struct export_opts *eo, const cli_ship_opts *so);
/* import of a profile holding one or more configurations: into FILE (one)
 * or DIR/ (any number, named after each VPN), all or nothing, with the app
 * mapping read back. Returns an exit code. */
int cli_import_profiles(const cli *c, const char *in, const char *bytes, size_t len,
                        const char *out, const struct import_opts *base);

/* --format FORMAT of validate, show, types and vars (json_out.c): "text"
 * (or NULL) sets *json false, "json" true; anything else is a usage error
 * of c's command (EXIT_USAGE; else EXIT_OK). */
int cli_format_parse(const cli *c, const char *format, bool *json);
/* The JSON documents of docs/json.md on stdout. Each returns the exit code
 * the text output would give (EXIT_IO when the document cannot be written).
 * validate: every file, its diagnostics collected, not printed. */
int cli_json_validate(const cli *c, int n, char **files, const struct target_list *targets,
                      bool strict);
/* --target OS[:VERSION] (repeatable, or a comma list) into *t. Returns an
 * exit code (a usage error for a bad one). (commands.c) */
int cli_collect_targets(const cli *c, const cli_args *a, struct target_list *t);
/* What the targets (given; none: cfg's `targets` setting) lack, into d:
 * warnings, or errors when strict (core/target.h). (commands.c) */
void cli_check_targets(const config *cfg, const struct target_list *given, bool strict,
                       diag_list *d);
/* show: the settings that apply (cfg already loaded; secrets masked unless
 * reveal). */
int cli_json_show(const cli *c, const char *file, const config *cfg, bool is_profile, bool reveal);
/* types: the connection types, or with type the settings of one. */
int cli_json_types(const cli *c, const char *type);
/* vars: the catalogue with each MDM's spelling. */
int cli_json_vars(const cli *c);

int cmd_new(cli *c, const cli_args *a);
int cmd_set(cli *c, const cli_args *a);
int cmd_validate(cli *c, const cli_args *a);
int cmd_export(cli *c, const cli_args *a);
int cmd_show(cli *c, const cli_args *a);
int cmd_types(cli *c, const cli_args *a);
int cmd_vars(cli *c, const cli_args *a);
int cmd_import(cli *c, const cli_args *a);
int cmd_diff(cli *c, const cli_args *a);
int cmd_edit(cli *c, const cli_args *a); /* main.c */
int cmd_help(cli *c, const cli_args *a); /* argparse.c */
/* appvpn __complete WORD... (hidden): candidates for the shell completion. */
int cmd_complete(cli *c, const cli_args *a);

#endif
