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
  bool payload_only;        /* the bare applayer payload dict, no wrapper */
  bool mask_secrets;        /* previews: passwords as "••••••", .p12 not read */
  const var_binding *vars;  /* --var NAME=VALUE substitutions */
  size_t n_vars;
} export_opts;

/* Builds the profile bytes. Runs validate_config first: any error (or a
 * variable left in an integer field) stops the export with diagnostics and
 * returns false, producing nothing. Caller frees *out. */
bool export_profile(const config *c, const export_opts *opts, char **out, size_t *out_len,
                    diag_list *diags);

#endif
