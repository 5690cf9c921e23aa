/* `appvpn export`: configurations to .mobileconfig profiles (one each, or one
 * bundle), with variables, dialects, targets and signing. */
#include "cli/cli.h"
#include "core/kinds.h"
#include "core/text.h"
#include "core/util.h"
#include "core/uuid.h"
#include "core/target.h"
#include "core/validate.h"
#include "core/vars.h"
#include "io/config_io.h"
#include "io/credential.h"
#include "io/export.h"
#include "io/bundle.h"
#include "io/import.h"
#include "io/sign.h"
#include "io/plist_util.h"
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Does the exported profile carry a secret (a password or an embedded identity)? */
static bool visit_secret(void *ud, const model_ctx *ctx, const desc_section *s, const desc_field *f,
                         const char *path, const val *v) {
  (void)ctx, (void)s, (void)path;
  if ((kind_of(f)->secret || (f->kind == FK_FILE && f->embed)) && !val_is_empty(v))
    *(bool *)ud = true;
  return true;
}

int cmd_export(cli *c, const cli_args *a) {
  const char *file = a->pos[0], *out = cli_value(a, "output"), *users = cli_value(a, "users"),
             *name_tmpl = cli_value(a, "name"), *as = cli_value(a, "as");
  const char *sign_cert = cli_value(a, "sign-cert"), *sign_key = cli_value(a, "sign-key"),
             *sign_chain = cli_value(a, "sign-chain"), *sign_p12 = cli_value(a, "sign-p12"),
             *sign_pass = cli_value(a, "sign-pass-file");
  sign_identity *signer = NULL;
  bool keep_going = cli_has(a, "keep-going"), dialect_given = false, force = cli_has(a, "force");
  export_opts eo = {.format = EXPORT_XML, .payload_only = cli_has(a, "payload-only")};
  /* bundles (several FILEs) and targets: bundle.c */
  const char *const *files = (const char *const *)a->pos;
  size_t n_files = (size_t)a->n_pos;
  const char *bundle_ident = cli_value(a, "identifier");
  target_list targets = {0};
  bool strict = cli_has(a, "strict"), macos = false;
  var_binding *vars = xcalloc(a->n_opts + 1, sizeof *vars);
  char **var_names = xcalloc(a->n_opts + 1, sizeof *var_names);
  size_t n_vars = 0;
  int code = EXIT_OK;
  config *cfg = NULL;
  char *bytes = NULL;
  size_t len = 0;
  diag_list d = DIAG_LIST_INIT;

  const char *f = cli_value(a, "format");
  if (f && !strcmp(f, "xml")) {
    eo.format = EXPORT_XML;
  } else if (f && (!strcmp(f, "binary") || !strcmp(f, "bin"))) {
    eo.format = EXPORT_BINARY;
  } else if (f) {
    code = cli_usage_error(c->cmd, "--format takes xml or binary, not '%s'", cli_esc(f));
    goto out;
  }
  if (as && strcmp(as, "graph") && strcmp(as, "jamf") && strcmp(as, "ivanti")) {
    code = cli_usage_error(c->cmd, "--as takes graph, jamf or ivanti, not '%s'", cli_esc(as));
    goto out;
  }
  const char *dialect = cli_value(a, "dialect");
  if (dialect) {
    dialect_given = true;
    if (!vars_dialect_from_name(dialect, &eo.dialect)) {
      code = cli_usage_error(c->cmd, "--dialect takes ivanti, core, jamf, intune or ws1, not '%s'",
                             cli_esc(dialect));
      goto out;
    }
  }
  for (size_t i = 0; i < a->n_opts; i++) {
    if (!cli_is(&a->opts[i], "var"))
      continue;
    const char *kv = a->opts[i].value;
    const char *eq = strchr(kv, '=');
    if (!eq || eq == kv) {
      code = cli_usage_error(c->cmd, "--var takes NAME=VALUE, not '%s'", cli_esc(kv));
      goto out;
    }
    const char *name = kv;
    size_t nlen = (size_t)(eq - kv);
    if (nlen > 3 && !strncmp(name, "${", 2) && name[nlen - 1] == '}') /* ${userUID}=… */
      name += 2, nlen -= 3;
    var_names[n_vars] = xstrndup(name, nlen);
    vars[n_vars].name = var_names[n_vars];
    vars[n_vars].value = eq + 1;
    n_vars++;
  }
  if ((code = cli_collect_targets(c, a, &targets)) != EXIT_OK)
    goto out;
  if (out && !strcmp(out, "-"))
    out = NULL; /* -o -: standard output */
  if (!out && eo.format == EXPORT_BINARY && isatty(STDOUT_FILENO)) {
    code = cli_usage_error(c->cmd, "not writing a binary profile to a terminal; use -o FILE");
    goto out;
  }
  eo.vars = vars;
  eo.n_vars = n_vars;
  if (as && (users || eo.format == EXPORT_BINARY || eo.payload_only)) {
    code = cli_usage_error(c->cmd, "--as wraps one whole XML profile (not with --users, "
                                   "--format binary or --payload-only)");
    goto out;
  }
  /* each MDM's own variable spelling, unless --dialect says otherwise */
  if (as && !dialect_given)
    eo.dialect = !strcmp(as, "graph")  ? DIALECT_INTUNE
                 : !strcmp(as, "jamf") ? DIALECT_JAMF
                                       : DIALECT_IVANTI;
  if (n_files > 1 || bundle_ident) {
    /* several configurations, one profile */
    if (users || as || eo.payload_only) {
      code = cli_usage_error(c->cmd, "a bundle (several FILEs) is one whole profile: not with "
                                     "--users, --as or --payload-only");
      goto out;
    }
    if (n_files < 2) {
      code = cli_usage_error(c->cmd, "--identifier names a bundle: give two or more FILEs");
      goto out;
    }
  }
  if ((keep_going || (name_tmpl && n_files < 2)) && !users) {
    code = cli_usage_error(c->cmd, "--name and --keep-going go with --users USERS.csv (or "
                                   "--name with several FILEs: the bundle's name)");
    goto out;
  }
  if (users && (!out || n_vars)) {
    code = cli_usage_error(c->cmd, "%s",
                           out ? "--users gives the variables; --var does not go with it"
                               : "--users needs -o DIR (one profile per row)");
    goto out;
  }

  if (sign_cert || sign_key || sign_chain || sign_p12 || sign_pass) {
    if (!out && isatty(STDOUT_FILENO)) {
      code = cli_usage_error(c->cmd,
                             "not writing a signed (binary) profile to a terminal; use -o FILE");
      goto out;
    }
    signer = cli_signer(c, sign_cert, sign_key, sign_chain, sign_p12, sign_pass, &code);
    if (!signer)
      goto out;
  }
  if (n_files > 1) {
    cli_ship_opts so = {.out = out,
                        .identifier = bundle_ident,
                        .name = name_tmpl,
                        .force = force,
                        .signer = signer,
                        .targets = &targets,
                        .strict = strict};
    code = cli_export_profiles(c, files, n_files, &eo, &so);
    goto out;
  }
  cfg = cli_load(c, file, &code);
  if (!cfg)
    goto out;
  if (!cli_targets(c, cfg, &targets, strict, &macos, &code)) {
    cli_error(c, "%s does not suit the target; nothing written", cli_esc(file));
    goto out;
  }
  if (macos && !users && !as && !eo.payload_only) {
    /* macOS binds apps through the profile: the app mapping payload */
    cli_ship_opts so = {.out = out,
                        .force = force,
                        .signer = signer,
                        .targets = &targets,
                        .strict = strict,
                        .checked = true};
    code = cli_export_profiles(c, files, 1, &eo, &so);
    goto out;
  }
  if (users) {
    bool secret = false;
    model_each_visible(cfg, visit_secret, &secret);
    code = cli_export_batch(c, cfg, &eo, users, out, name_tmpl, keep_going, secret, signer);
    goto out;
  }
  bool ok = export_profile(cfg, &eo, &bytes, &len, &d);
  cli_print_diags(c, &d);
  diag_list_clear(&d);
  if (ok && signer) {
    /* the profile signed as a whole; --as then carries the signed bytes */
    size_t slen = 0;
    char *signed_bytes = sign_data(signer, bytes, len, &slen, &d);
    cli_print_diags(c, &d);
    diag_list_clear(&d);
    free(bytes);
    bytes = signed_bytes;
    len = slen;
    if (!bytes) {
      code = EXIT_IO;
      goto out;
    }
  }
  if (ok && as) {
    const val *nm = val_get_path(cfg->root, "name");
    char *slug = model_slug(nm && nm->kind == VAL_STR ? nm->u.str : "");
    char *fname = xasprintf("%s.mobileconfig", slug);
    size_t blen = 0;
    char *body = cli_mdm_body(cfg, as, bytes, len, fname, &blen);
    free(slug);
    free(fname);
    free(bytes);
    bytes = body;
    len = blen;
  }
  if (!ok) {
    fprintf(stderr, "appvpn export: %s has errors; nothing written\n", cli_esc(file));
    code = EXIT_INVALID;
  } else if (out) {
    bool secret = false;
    model_each_visible(cfg, visit_secret, &secret);
    /* Over an existing file, like cc -o; into a device or FIFO, never
     * replacing it; never over the configuration itself. */
    struct stat in_st;
    file_write_opts wo = {.secret = secret, .force = force, .stream = true};
    if (strcmp(file, "-") && stat(file, &in_st) == 0)
      wo.refuse_same_as = &in_st;
    if (!file_write(out, bytes, len, &wo, &d))
      code = EXIT_IO;
    cli_print_diags(c, &d); /* the errors, or what could not be kept */
  } else if (fwrite(bytes, 1, len, stdout) != len || fflush(stdout) != 0) {
    fprintf(stderr, "appvpn export: writing to standard output: %s\n", strerror(errno));
    code = EXIT_IO;
  }
out:
  diag_list_free(&d);
  free(bytes);
  config_free(cfg);
  sign_identity_free(signer);
  for (size_t k = 0; k < n_vars; k++)
    free(var_names[k]);
  free(var_names);
  free(vars);
  target_list_free(&targets);
  return code;
}

/* A field's availability as the descriptor states it:
 * "  {iOS 14.0+, macOS 11.0+, not on watchOS, deprecated iOS 13.4}". */
