/* Signing on export and signed profiles on input (io/sign.h), for the
 * commands: export's --sign-* options, and the unwrapping import, show and
 * diff share. */
#include "cli/cli.h"
#include "core/util.h"
#include "io/sign.h"

#include <stdlib.h>
#include <string.h>

bool cli_unwrap_signed(const cli *c, const char *name, char **bytes, size_t *len) {
  if (!sign_is_signed(*bytes, *len))
    return true;
  diag_list d = DIAG_LIST_INIT;
  sign_info info;
  size_t clen = 0;
  char *content = sign_unwrap(*bytes, *len, c->ca, name, &clen, &info, &d);
  if (!content) {
    cli_print_diags(c, &d);
    diag_list_free(&d);
    return false;
  }
  if (info.verified)
    diag_addc(&d, DIAG_NOTE, DC_SIGNATURE, name, 0, 0, NULL, "signed by %s (verified)",
              info.signer ? info.signer : "an unnamed signer");
  else
    diag_addc(&d, DIAG_WARNING, DC_SIGNATURE, name, 0, 0, NULL, "signed by %s, not verified: %s",
              info.signer ? info.signer : "an unnamed signer", info.why ? info.why : "");
  cli_print_diags(c, &d);
  diag_list_free(&d);
  sign_info_clear(&info);
  free(*bytes);
  *bytes = content;
  *len = clen;
  return true;
}

sign_identity *cli_signer(const cli *c, const char *cert, const char *key, const char *chain,
                          const char *p12, const char *pass_file, int *code) {
  if (p12 ? (cert || key || chain) : !(cert && key)) {
    *code = cli_usage_error(c->cmd, "sign with --sign-cert CERT.pem --sign-key KEY.pem "
                                    "[--sign-chain CHAIN.pem], or with --sign-p12 ID.p12 (a "
                                    "password with --sign-pass-file)");
    return NULL;
  }
  char *pass = NULL;
  if (pass_file) {
    /* read as --set-file reads a value: the text, less a final line break */
    char *arg = xasprintf("password=%s", pass_file), *k = NULL;
    cli_setting st = {SETTING_FILE, arg};
    *code = cli_setting_resolve(c, NULL, &st, &k, &pass);
    free(arg);
    free(k);
    if (*code != EXIT_OK)
      return NULL;
  }
  diag_list d = DIAG_LIST_INIT;
  sign_identity *id = p12 ? sign_identity_from_p12(p12, pass ? pass : "", &d)
                          : sign_identity_from_pem(cert, key, chain, pass, &d);
  if (pass) {
    memset(pass, 0, strlen(pass));
    free(pass);
  }
  cli_print_diags(c, &d);
  diag_list_free(&d);
  if (!id)
    *code = EXIT_IO;
  return id;
}
