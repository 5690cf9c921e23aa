/* The command table (cmdtable.h): the one list of appvpn's commands and
 * options. --help, `appvpn help CMD`, the parser (argparse.c) and the shell
 * completion (complete.c) are made from it; tests/cli/docs.sh holds
 * appvpn(1) to it. */
#include "cli/cli.h"
#include "cli/cmdtable.h"

#include <string.h>

/* Accepted anywhere on the line, before or after the command. */
const cli_opt cli_global_opts[] = {
    {"quiet", 'q', NULL, "print errors only", false},
    {"forms", 0, "DIR", "load the form descriptors from DIR instead of the built-in ones", false},
    {"theme", 0, "NAME", "editor theme: default, mono, high-contrast or a theme file", false},
    {"view", 0, NULL, "read-only editor: nothing can change, secrets stay masked", false},
    {"version", 0, NULL, "print the version and exit", false},
    {"help", 'h', NULL, "print the usage (of the command) and exit", false},
    {"test-script", 0, "FILE", "editor test hook: keys from FILE", true},
    {"test-dump", 0, "FILE", "editor test hook: screens to FILE", true},
    {NULL, 0, NULL, NULL, false},
};

static const cli_opt no_opts[] = {{NULL, 0, NULL, NULL, false}};

#define OUTPUT(what)                                                                               \
  { "output", 'o', "OUT", what, false }
#define FORCE(what)                                                                                \
  { "force", 'f', NULL, what, false }
#define FORMAT_TEXT                                                                                \
  { "format", 0, "FORMAT", "output format: text (the default) or json (docs/json.md)", false }
#define CA                                                                                         \
  { "ca", 0, "FILE", "trust store (PEM) for signed profiles instead of the system's", false }
#define REVEAL                                                                                     \
  { "reveal", 0, NULL, "print passwords instead of masking them", false }
#define TARGET                                                                                     \
  {                                                                                                \
    "target", 0, "OS[:VERSION]",                                                                   \
        "check for ios, macos, visionos or watchos (repeatable; else the targets setting)", false  \
  }
#define STRICT                                                                                     \
  { "strict", 0, NULL, "what a target lacks is an error, not a warning", false }
#define SET_FILE                                                                                   \
  { "set-file", 0, "KEY=PATH", "KEY's value from the text of PATH (- is standard input)", false }
#define SET_PROMPT                                                                                 \
  { "set-prompt", 0, "KEY", "KEY's value typed at the terminal (not echoed)", false }

static const cli_opt new_opts[] = {
    OUTPUT("the configuration to create (required)"),
    {"set", 0, "KEY=VALUE", "a setting (repeatable; in order)", false},
    SET_FILE,
    SET_PROMPT,
    FORCE("replace an existing OUT"),
    {NULL, 0, NULL, NULL, false},
};

static const cli_opt set_opts[] = {
    SET_FILE,
    SET_PROMPT,
    FORCE("write a read-only FILE (keeping its mode)"),
    {NULL, 0, NULL, NULL, false},
};

static const cli_opt format_opts[] = {FORMAT_TEXT, {NULL, 0, NULL, NULL, false}};
static const cli_opt validate_opts[] = {FORMAT_TEXT, TARGET, STRICT, {NULL, 0, NULL, NULL, false}};

static const cli_opt export_opts_tbl[] = {
    OUTPUT("where to write (- or none: standard output; a DIR with --users)"),
    {"format", 0, "FORMAT", "property list format: xml (the default) or binary", false},
    {"payload-only", 0, NULL, "the bare payload dictionary, without the profile", false},
    {"var", 0, "NAME=VALUE", "a value for a variable (repeatable)", false},
    {"dialect", 0, "MDM", "variables in MDM's spelling: ivanti, core, jamf, intune or ws1", false},
    {"as", 0, "MDM", "an MDM's upload body: graph, jamf or ivanti", false},
    {"users", 0, "CSV", "one profile per row of CSV into the directory -o names", false},
    {"name", 0, "TEMPLATE", "with --users: the file names, from columns; a bundle's name", false},
    {"identifier", 0, "ID", "with several FILEs (a bundle): its PayloadIdentifier", false},
    TARGET,
    STRICT,
    {"keep-going", 0, NULL, "with --users: write the good rows when some fail", false},
    {"sign-cert", 0, "CERT", "sign with this certificate (PEM)", false},
    {"sign-key", 0, "KEY", "the signing certificate's private key (PEM)", false},
    {"sign-chain", 0, "CHAIN", "intermediate certificates to include (PEM)", false},
    {"sign-p12", 0, "P12", "sign with this identity (PKCS#12)", false},
    {"sign-pass-file", 0, "PATH", "the key's or P12's password (- is standard input)", false},
    FORCE("write a read-only OUT (keeping its mode)"),
    {NULL, 0, NULL, NULL, false},
};

static const cli_opt show_opts[] = {REVEAL, CA, FORMAT_TEXT, {NULL, 0, NULL, NULL, false}};
static const cli_opt diff_opts[] = {REVEAL, CA, {NULL, 0, NULL, NULL, false}};

static const cli_opt import_opts_tbl[] = {
    OUTPUT("the configuration to write (- is standard output; DIR/ for a bundle; required)"),
    {"from-dialect", 0, "MDM", "read MDM's variables as ${name}: core, jamf, intune, ws1 or any",
     false},
    CA,
    FORCE("replace an existing OUT (and the .p12 beside it)"),
    {NULL, 0, NULL, NULL, false},
};

static const cli_opt vars_opts[] = {
    {"translate", 0, "TEXT", "the variables another MDM's TEXT holds, as appvpn writes them",
     false},
    {"to", 0, "MDM", "with --translate: into MDM's spelling instead", false},
    FORMAT_TEXT,
    {NULL, 0, NULL, NULL, false},
};

/* Hidden commands' names start with __ (tests/cli/docs.sh relies on it). */
const cli_cmd cli_cmds[] = {
    {.name = "edit",
     .args = "FILE",
     .summary = "open FILE in the editor (a new FILE asks for its type first)",
     .opts = no_opts,
     .min_args = 1,
     .max_args = 1,
     .run = cmd_edit,
     .complete = "f"},
    {.name = "new",
     .args = "TYPE -o OUT",
     .summary = "create a configuration of TYPE with fresh UUIDs",
     .opts = new_opts,
     .min_args = 1,
     .max_args = 1,
     .run = cmd_new,
     .complete = "t"},
    {.name = "set",
     .args = "FILE KEY=VALUE...",
     .summary = "change settings of FILE (KEY= with nothing unsets)",
     .opts = set_opts,
     .min_args = 1,
     .max_args = -1,
     .run = cmd_set,
     .complete = "fk*"},
    {.name = "validate",
     .args = "FILE...",
     .summary = "check configurations; FILE:LINE:COL messages",
     .opts = validate_opts,
     .min_args = 1,
     .max_args = -1,
     .run = cmd_validate,
     .complete = "f*"},
    {.name = "export",
     .args = "FILE...",
     .summary = "write the Apple profile (.mobileconfig) of FILE (several: one bundle)",
     .opts = export_opts_tbl,
     .min_args = 1,
     .max_args = -1,
     .run = cmd_export,
     .complete = "f*"},
    {.name = "show",
     .args = "FILE",
     .summary = "the settings that apply, section by section",
     .opts = show_opts,
     .min_args = 1,
     .max_args = 1,
     .run = cmd_show,
     .complete = "f"},
    {.name = "import",
     .args = "PROFILE -o OUT",
     .summary = "read a .mobileconfig back into a configuration",
     .opts = import_opts_tbl,
     .min_args = 1,
     .max_args = 1,
     .run = cmd_import,
     .complete = "f"},
    {.name = "diff",
     .args = "A B",
     .summary = "the settings that differ (configurations or profiles)",
     .opts = diff_opts,
     .min_args = 2,
     .max_args = 2,
     .run = cmd_diff,
     .complete = "ff"},
    {.name = "types",
     .args = "[TYPE]",
     .summary = "the connection types, or the settings (keys) of TYPE",
     .opts = format_opts,
     .min_args = 0,
     .max_args = 1,
     .run = cmd_types,
     .complete = "t"},
    {.name = "vars",
     .args = "",
     .summary = "the variables the picker offers",
     .opts = vars_opts,
     .min_args = 0,
     .max_args = 0,
     .run = cmd_vars,
     .complete = ""},
    {.name = "help",
     .args = "[COMMAND]",
     .summary = "the usage of appvpn or of COMMAND",
     .opts = no_opts,
     .min_args = 0,
     .max_args = 1,
     .run = cmd_help,
     .complete = "c"},
    {.name = "__complete",
     .args = "WORD...",
     .summary = "completion candidates",
     .opts = no_opts,
     .min_args = 0,
     .max_args = -1,
     .run = cmd_complete,
     .complete = "",
     .hidden = true,
     .raw = true},
    {.name = NULL},
};

const cli_cmd *cli_cmd_find(const char *name) {
  for (const cli_cmd *k = cli_cmds; k->name; k++)
    if (!strcmp(k->name, name))
      return k;
  return NULL;
}

static const cli_opt *find_in(const cli_opt *opts, const char *word) {
  for (const cli_opt *o = opts; o && o->name; o++) {
    if (word[0] == '-' && word[1] != '-' && word[1] && o->short_name == word[1])
      return o;
    if (word[0] == '-' && word[1] == '-') {
      size_t n = strcspn(word + 2, "=");
      if (strlen(o->name) == n && !strncmp(o->name, word + 2, n))
        return o;
    }
  }
  return NULL;
}

const cli_opt *cli_opt_find(const cli_cmd *cmd, const char *word) {
  const cli_opt *o = cmd ? find_in(cmd->opts, word) : NULL;
  return o ? o : find_in(cli_global_opts, word);
}

bool cli_is(const cli_optval *ov, const char *name) {
  return !strcmp(ov->opt->name, name);
}

bool cli_has(const cli_args *a, const char *name) {
  for (size_t i = 0; i < a->n_opts; i++)
    if (cli_is(&a->opts[i], name))
      return true;
  return false;
}

const char *cli_value(const cli_args *a, const char *name) {
  const char *v = NULL;
  for (size_t i = 0; i < a->n_opts; i++)
    if (cli_is(&a->opts[i], name))
      v = a->opts[i].value;
  return v;
}
