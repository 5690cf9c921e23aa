/* Identity certificates (.p12) named by a configuration: what is inside
 * (the certificate's subject and expiry, whether its private key is there)
 * and the problems a device would have with it.
 *
 * Ownership: credential_info's strings are owned by it
 * (credential_info_clear frees them).
 */
#ifndef APPVPN_IO_CREDENTIAL_H
#define APPVPN_IO_CREDENTIAL_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/diag.h"
#include "core/model.h"

/* A certificate expiring within this many days is warned about. */
#define CREDENTIAL_WARN_DAYS 30

typedef struct credential_info {
  char *subject;   /* one line ("CN=alice, O=Example"); NULL if unread */
  char *not_after; /* "2027-01-31 12:00:00 UTC" */
  time_t expires;  /* the same as seconds since 1970 */
  bool has_cert;
  bool has_key; /* the private key of the certificate is in the file */
} credential_info;

/* Opens PKCS#12 bytes with password (NULL or "": none). False when they do
 * not open; *why (static text) says why. */
bool credential_inspect(const char *data, size_t len, const char *password, credential_info *ci,
                        const char **why);
void credential_info_clear(credential_info *ci);

/* The diagnostics a device would care about, against the clock `now`: no
 * private key or an expired certificate (errors), expiry within
 * CREDENTIAL_WARN_DAYS days (warning). file names the .p12 in messages;
 * at/path place them. */
void credential_report(const credential_info *ci, time_t now, const char *file,
                       const char *cfg_path, unsigned line, unsigned col, const char *path,
                       diag_list *diags);

/* Every visible embedded .p12 of the configuration (files relative to it,
 * passwords that are not ${variables}) inspected and reported as above.
 * Files that cannot be read or opened are left to validation and export. */
void credential_check_config(const config *c, time_t now, diag_list *diags);

/* The configuration's identity as one line for people: "CN=…, expires
 * 2027-01-31 (in 60 days)"; NULL when there is none to read. Caller frees. */
char *credential_describe(const config *c, time_t now);

#endif
