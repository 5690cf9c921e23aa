/* The editor's side of shipping profiles: signing with the identity the
 * user's settings file names, and the directory list's bundle of all its
 * configurations (docs/editor.md "Signing and bundles").
 *
 * The settings file is ${XDG_CONFIG_HOME:-$HOME/.config}/appvpn/settings.yaml:
 *
 *   signing:
 *     cert: PATH        # with key (and chain), PEM
 *     key: PATH
 *     chain: PATH
 *     p12: PATH         # or a PKCS#12 identity
 *     password_file: PATH   # the key's or the .p12's password
 *
 * Relative paths are read from the settings file's directory. The file must
 * be the user's own and not writable by group or others (it decides what
 * profiles are signed with), else it is refused.
 */
#ifndef APPVPN_UI_SHIP_H
#define APPVPN_UI_SHIP_H
#include <stdbool.h>
#include <stddef.h>
#include "core/desc.h"

/* Signs the profile in *bytes (replaced) when the settings file names an
 * identity. True when signed or nothing to sign with (*note then "signed by
 * CN=…" or NULL); false with *note saying why (the settings file refused or
 * broken, the identity unreadable), *bytes untouched. Caller frees *note. */
bool ship_sign(char **bytes, size_t *len, char **note);

/* The n configurations at paths exported as one profile at out (signed as
 * ship_sign does), written through file_write; with n == 1 the profile of
 * that configuration. *msg says what was done or why not (caller frees). */
bool ship_bundle(const desc_set *set, const char *const *paths, size_t n, const char *out,
                 char **msg);

#endif
