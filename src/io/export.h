/* Export to Apple profiles (.mobileconfig) with libplist. */
#ifndef APPVPN_IO_EXPORT_H
#define APPVPN_IO_EXPORT_H
#include <stdbool.h>
#include <stddef.h>
#include "core/diag.h"
#include "core/model.h"
#include "core/vars.h"

typedef enum { EXPORT_XML, EXPORT_BINARY } export_format;

typedef struct export_opts {
  export_format format;
  bool payload_only;       /* the bare applayer payload dict, no wrapper */
  bool mask_secrets;       /* previews: passwords as "••••••", .p12 not read */
  bool draft;              /* previews: build what can be built despite errors (the
                              errors are still reported; never use for real output) */
  const var_binding *vars; /* --var NAME=VALUE substitutions */
  size_t n_vars;
  vars_dialect dialect; /* --dialect: ${name} written in another MDM's spelling (after the
                           substitutions); DIALECT_IVANTI (0) keeps ${name} */
} export_opts;

/* Builds the profile bytes.
 *
 * The profile is a Configuration dictionary whose PayloadContent holds the
 * com.apple.vpn.managed.applayer payload and, when a `file` field has
 * `embed: pkcs12` (credential.file), a com.apple.security.pkcs12 payload
 * with the file's bytes (read relative to the configuration file's
 * directory). That payload's PayloadUUID is uuid.credential when the
 * configuration has one, else the RFC 4122 version-5 UUID of the name
 * "credential" in the namespace uuid.profile: stable across exports without
 * being stored. The field's own profile key (PayloadCertificateUUID) gets
 * that UUID. Keys are written in descriptor order, so one configuration always
 * exports the same bytes. mask_secrets (previews): passwords read "••••••" and the
 * embedded file is not read (empty data). payload_only: the applayer payload
 * alone; "@profile." keys and embedded payloads are left out.
 * Runs validate_config first: any error (or a
 * variable left in an integer field) stops the export with diagnostics and
 * returns false, producing nothing. Caller frees *out. */
bool export_profile(const config *c, const export_opts *opts, char **out, size_t *out_len,
                    diag_list *diags);

#endif
