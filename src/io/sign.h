/* Signed profiles (CMS SignedData, DER, content attached: what Apple
 * Configurator and `security cms -S` write), with OpenSSL's libcrypto.
 *
 * Out: an exported profile signed with an identity (a certificate and its
 * key, or a PKCS#12), the signer's chain included. In: a signed profile is
 * recognised, its signature checked, its signer named, and its content
 * handed on as an unsigned profile is.
 */
#ifndef APPVPN_IO_SIGN_H
#define APPVPN_IO_SIGN_H
#include <stdbool.h>
#include <stddef.h>
#include "core/diag.h"

typedef struct sign_identity sign_identity;

/* A certificate and its private key (PEM files; an encrypted key takes
 * key_password), and optionally more certificates (the chain, PEM, one file).
 * NULL with errors naming the file. */
sign_identity *sign_identity_from_pem(const char *cert, const char *key, const char *chain,
                                      const char *key_password, diag_list *diags);
/* A PKCS#12 identity (.p12) and its password ("" for none). */
sign_identity *sign_identity_from_p12(const char *p12, const char *password, diag_list *diags);
void sign_identity_free(sign_identity *id);
/* The signer's subject, "CN=…, O=…" (static storage of id). */
const char *sign_identity_subject(const sign_identity *id);

/* data signed: CMS SignedData in DER with data attached. Caller frees. */
char *sign_data(const sign_identity *id, const char *data, size_t len, size_t *out_len,
                diag_list *diags);

/* Does this look like a CMS (PKCS#7) SignedData rather than a plist? */
bool sign_is_signed(const char *bytes, size_t len);

typedef struct sign_info {
  char *signer;  /* the signer's subject ("CN=…"), NULL when unknown (owned) */
  bool verified; /* the chain verifies against the trust store */
  char *why;     /* why it does not verify (owned), NULL when verified */
} sign_info;

/* Unwraps a signed profile: the content (caller frees) when the signature
 * over it holds. The signer is verified against ca_file (PEM) when given,
 * else the system's trust store; a signer that does not verify is not an
 * error (info->verified false, info->why set) — a broken signature or bytes
 * that are no SignedData are (NULL, errors naming `name`). */
char *sign_unwrap(const char *bytes, size_t len, const char *ca_file, const char *name,
                  size_t *out_len, sign_info *info, diag_list *diags);
void sign_info_clear(sign_info *info);

#endif
