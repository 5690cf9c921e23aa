/* Import: an Apple profile (.mobileconfig, XML or binary; or a bare
 * com.apple.vpn.managed.applayer payload) read back into a configuration,
 * through the same descriptors export uses, in reverse. */
#ifndef APPVPN_IO_IMPORT_H
#define APPVPN_IO_IMPORT_H
#include <stddef.h>
#include "core/desc.h"
#include "core/diag.h"
#include "core/model.h"
#include "core/vars.h"

typedef struct import_opts {
  /* Where an embedded .p12 (com.apple.security.pkcs12 payload) is written,
   * and the configuration file it will sit beside; NULL: not extracted, the
   * certificate is referenced by its PayloadUUID (credential.uuid). */
  const char *p12_dir;
  /* --from-dialect: that MDM's variables ($USERID$, {{username}}, ...) are
   * read back as ${name}; any_dialect: every dialect's (default: none). */
  bool translate;
  vars_dialect dialect; /* DIALECT__COUNT: any */
} import_opts;

/* Builds a configuration from profile bytes, checked first against the
 * limits in io/plist_util.h (size, nesting, elements). The connection type comes from
 * VPNType and VPNSubType (a VPN subtype no vendor claims is custom-ssl);
 * the switches that reveal imported fields are set (proxy.setup, slicing…);
 * keys appvpn has no setting for are reported as warnings, not kept. Returns
 * NULL with errors when the bytes are no profile or hold no per-app VPN
 * payload. `name` is used in messages. Caller frees with config_free. */
config *import_profile(const desc_set *set, const char *bytes, size_t len, const char *name,
                       const import_opts *opts, diag_list *diags);

#endif
