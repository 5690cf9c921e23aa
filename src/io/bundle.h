/* Profiles as admins ship them: several configurations in one Configuration
 * profile (a bundle), the macOS app mapping payload, and a bundle read back
 * as one profile per configuration.
 *
 * The per-configuration work stays with export_profile and import_profile:
 * a bundle is assembled from the profiles export makes, and split into
 * profiles import reads. */
#ifndef APPVPN_IO_BUNDLE_H
#define APPVPN_IO_BUNDLE_H
#include <stdbool.h>
#include <stddef.h>
#include "core/diag.h"
#include "core/model.h"

#define APPMAPPING_TYPE "com.apple.vpn.managed.appmapping"

/* One configuration going into a profile: its file (for messages), the
 * configuration itself (borrowed), and the XML profile export_profile made
 * of it (borrowed). mapping: its apps are bound by an app mapping payload
 * (the configuration targets macOS). */
typedef struct bundle_member {
  const char *file;
  const config *cfg;
  const char *bytes;
  size_t len;
  bool mapping;
} bundle_member;

typedef struct bundle_opts {
  const char *identifier; /* the bundle's PayloadIdentifier; NULL: the first's + ".bundle" */
  const char *name;       /* its PayloadDisplayName; NULL: the members' names */
  bool binary;            /* binary plist instead of XML */
} bundle_opts;

/* One profile from n members. With n == 1 the member's own profile is kept
 * (its wrapper and identity) and only the app mapping payload is added when
 * the member asks for it. With n > 1: one Configuration whose PayloadContent
 * holds every member's payloads in order; a credential payload with the same
 * bytes and password as an earlier one is left out and the payload that used
 * it points at the earlier one; one app mapping payload (macOS allows one per
 * profile) binds the apps of every member that asks for it. Refused, naming
 * both files: two members with the same VPN UUID, payload UUID or payload
 * identifier, or an app bound to two VPNs. Returns false with errors and
 * nothing in *out. Caller frees *out. */
bool bundle_build(const bundle_member *m, size_t n, const bundle_opts *o, char **out,
                  size_t *out_len, diag_list *diags);

/* The bundle ids of a configuration's apps (borrowed strings, array caller
 * frees): `apps`, then any `app_mapping[].id` not in it. */
const char **bundle_app_ids(const config *c, size_t *n);

/* How many per-app VPN payloads the profile bytes hold (0 when they are no
 * profile). */
size_t bundle_count(const char *bytes, size_t len);
/* Does the profile hold an app mapping payload? */
bool bundle_has_mapping(const char *bytes, size_t len);

/* A profile with several per-app VPN payloads split into one XML profile per
 * payload (in order), each with the credential payloads it names and the app
 * mapping entries of its VPN, wrapped as that configuration alone would be
 * exported: name and description from the payload, identifier from its
 * PayloadIdentifier without ".vpn", and a profile UUID made from the
 * bundle's and the payload's (stable across imports). Returns the array
 * (caller frees each and the array) and its length in *n; NULL with errors. */
char **bundle_split(const char *bytes, size_t len, const char *name, size_t *n, size_t **lens,
                    diag_list *diags);

/* The app mapping entries for cfg's VPN (uuid.vpn) in the profile bytes,
 * stored in cfg through model_set: `app_mapping` records (id,
 * signing_identifier, designated_requirement, path), `apps` when it is empty,
 * and macos added to `targets`. True when there was nothing to read or all
 * was stored. */
bool bundle_read_mapping(const char *bytes, size_t len, config *cfg, diag_list *diags);
/* The profile's app mapping payloads alone (a small profile for
 * bundle_read_mapping, read once for all of a bundle's configurations), or
 * NULL when it has none. Caller frees. */
char *bundle_mapping_only(const char *bytes, size_t len, size_t *out_len);

#endif
