/* Bundles and the macOS app mapping (io/bundle.h).
 *
 * A bundle is assembled from the profiles export_profile makes, one per
 * configuration: their payloads are moved into one Configuration, so each
 * payload is exactly what that configuration alone exports. Reading a bundle
 * back is the reverse: each per-app VPN payload is wrapped again as its
 * configuration alone would be exported, and import_profile reads that.
 */
#include "io/bundle.h"

#include <openssl/evp.h>
#include <plist/plist.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"
#include "core/util.h"
#include "core/uuid.h"
#include "core/value.h"
#include "io/plist_util.h"

#define APPLAYER "com.apple.vpn.managed.applayer"
#define PKCS12 "com.apple.security.pkcs12"

/* ---- small plist helpers ----------------------------------------------------- */

static const char *pstr(plist_t dict, const char *key) {
  plist_t n = dict ? plist_dict_get_item(dict, key) : NULL;
  if (!n || plist_get_node_type(n) != PLIST_STRING)
    return NULL;
  const char *s = plist_get_string_ptr(n, NULL);
  return s && text_clean(s, strlen(s), TEXT_LINE, NULL) ? s : NULL;
}

static const char *ptype(plist_t dict) {
  return pstr(dict, "PayloadType");
}

/* Profile bytes (XML or binary) as a tree; binary goes through XML, as import
 * reads it (libplist's dictionary iteration aborts on binary keys with NUL). */
static plist_t parse_profile(const char *bytes, size_t len) {
  plist_t root = plist_parse_any(bytes, len);
  if (root && plist_get_node_type(root) != PLIST_DICT) {
    plist_free(root);
    root = NULL;
  }
  return root;
}

static plist_t content_of(plist_t outer) {
  plist_t c = outer ? plist_dict_get_item(outer, "PayloadContent") : NULL;
  return c && plist_get_node_type(c) == PLIST_ARRAY ? c : NULL;
}

/* Every string equal to `from` in the tree becomes `to` (a credential
 * payload's UUID where the payload names it). */
static void replace_strings(plist_t n, const char *from, const char *to) {
  plist_type t = plist_get_node_type(n);
  if (t == PLIST_STRING) {
    const char *s = plist_get_string_ptr(n, NULL);
    if (s && !strcmp(s, from))
      plist_set_string_val(n, to);
  } else if (t == PLIST_ARRAY) {
    for (uint32_t i = 0; i < plist_array_get_size(n); i++)
      replace_strings(plist_array_get_item(n, i), from, to);
  } else if (t == PLIST_DICT) {
    plist_dict_iter it = NULL;
    plist_dict_new_iter(n, &it);
    for (;;) {
      char *key = NULL;
      plist_t v = NULL;
      plist_dict_next_item(n, it, &key, &v);
      if (!v) {
        free(key);
        break;
      }
      free(key);
      replace_strings(v, from, to);
    }
    free(it);
  }
}

/* Does the tree hold the string s anywhere? */
static bool holds_string(plist_t n, const char *s) {
  plist_type t = plist_get_node_type(n);
  if (t == PLIST_STRING) {
    const char *v = plist_get_string_ptr(n, NULL);
    return v && !strcmp(v, s);
  }
  if (t == PLIST_ARRAY) {
    for (uint32_t i = 0; i < plist_array_get_size(n); i++)
      if (holds_string(plist_array_get_item(n, i), s))
        return true;
    return false;
  }
  if (t != PLIST_DICT)
    return false;
  bool found = false;
  plist_dict_iter it = NULL;
  plist_dict_new_iter(n, &it);
  for (;;) {
    char *key = NULL;
    plist_t v = NULL;
    plist_dict_next_item(n, it, &key, &v);
    free(key);
    if (!v || found)
      break;
    found = holds_string(v, s);
  }
  free(it);
  return found;
}

/* RFC 4122 version-5 UUID (SHA-1) of name in the namespace UUID ns. */
static bool uuid_v5_of(const char *ns, const char *name, char out[UUID_STR_LEN]) {
  unsigned char nsb[16];
  size_t k = 0;
  for (const char *p = ns; *p && k < 32; p++) {
    if (*p == '-')
      continue;
    int v = (*p >= '0' && *p <= '9')   ? *p - '0'
            : (*p >= 'a' && *p <= 'f') ? *p - 'a' + 10
            : (*p >= 'A' && *p <= 'F') ? *p - 'A' + 10
                                       : -1;
    if (v < 0)
      return false;
    if (k % 2 == 0)
      nsb[k / 2] = (unsigned char)(v << 4);
    else
      nsb[k / 2] |= (unsigned char)v;
    k++;
  }
  if (k != 32)
    return false;
  size_t nl = strlen(name);
  unsigned char *buf = xmalloc(16 + nl);
  memcpy(buf, nsb, 16);
  memcpy(buf + 16, name, nl);
  unsigned char h[EVP_MAX_MD_SIZE];
  unsigned int hl = 0;
  int done = EVP_Digest(buf, 16 + nl, h, &hl, EVP_sha1(), NULL);
  free(buf);
  if (!done || hl < 16)
    return false;
  h[6] = (unsigned char)((h[6] & 0x0f) | 0x50);
  h[8] = (unsigned char)((h[8] & 0x3f) | 0x80);
  snprintf(out, UUID_STR_LEN,
           "%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-%02X%02X%02X%02X%02X%02X", h[0], h[1], h[2],
           h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10], h[11], h[12], h[13], h[14], h[15]);
  return true;
}

/* ---- apps ---------------------------------------------------------------------- */

static const char *str_at(const val *v, const char *path) {
  const val *x = val_get_path(v, path);
  return x && x->kind == VAL_STR && *x->u.str ? x->u.str : NULL;
}

const char **bundle_app_ids(const config *c, size_t *n) {
  const val *apps = val_get_path(c->root, "apps");
  const val *map = val_get_path(c->root, "app_mapping");
  size_t cap = (apps && apps->kind == VAL_LIST ? apps->u.list.n : 0) +
               (map && map->kind == VAL_LIST ? map->u.list.n : 0);
  const char **ids = xcalloc(cap + 1, sizeof *ids);
  *n = 0;
  for (size_t i = 0; apps && apps->kind == VAL_LIST && i < apps->u.list.n; i++)
    if (apps->u.list.v[i]->kind == VAL_STR && *apps->u.list.v[i]->u.str)
      ids[(*n)++] = apps->u.list.v[i]->u.str;
  for (size_t i = 0; map && map->kind == VAL_LIST && i < map->u.list.n; i++) {
    const char *id = str_at(map->u.list.v[i], "id");
    bool seen = false;
    for (size_t k = 0; id && k < *n && !seen; k++)
      seen = !strcmp(ids[k], id);
    if (id && !seen)
      ids[(*n)++] = id;
  }
  return ids;
}

/* The app mapping entries of one configuration appended to arr. */
static void mapping_entries(const bundle_member *m, plist_t arr) {
  const char *vpn = str_at(m->cfg->root, "uuid.vpn");
  const val *map = val_get_path(m->cfg->root, "app_mapping");
  size_t n = 0;
  const char **ids = bundle_app_ids(m->cfg, &n);
  for (size_t i = 0; vpn && i < n; i++) {
    const val *rec = NULL;
    for (size_t k = 0; map && map->kind == VAL_LIST && k < map->u.list.n && !rec; k++)
      if (str_eq(str_at(map->u.list.v[k], "id"), ids[i]))
        rec = map->u.list.v[k];
    /* Both are required by the payload; an app without its designated
     * requirement cannot be matched by macOS and is left out (the target
     * check warns). The signing identifier is the bundle id unless given. */
    const char *si = rec ? str_at(rec, "signing_identifier") : NULL;
    const char *dr = rec ? str_at(rec, "designated_requirement") : NULL;
    if (!dr)
      continue;
    plist_t d = plist_new_dict();
    plist_dict_set_item(d, "Identifier", plist_new_string(ids[i]));
    plist_dict_set_item(d, "VPNUUID", plist_new_string(vpn));
    plist_dict_set_item(d, "SigningIdentifier", plist_new_string(si ? si : ids[i]));
    plist_dict_set_item(d, "DesignatedRequirement", plist_new_string(dr));
    const char *path = rec ? str_at(rec, "path") : NULL;
    if (path)
      plist_dict_set_item(d, "Path", plist_new_string(path));
    plist_array_append_item(arr, d);
  }
  free(ids);
}

/* The app mapping payload for the members that ask for it, or NULL. Its
 * identity comes from the profile's (stable across exports). */
static plist_t mapping_payload(const bundle_member *m, size_t n, const char *ident,
                               const char *profile_uuid) {
  /* one configuration: the identity an imported profile gave its payload */
  const char *own_uuid = n == 1 ? str_at(m[0].cfg->root, "mapping.uuid") : NULL,
             *own_ident = n == 1 ? str_at(m[0].cfg->root, "mapping.identifier") : NULL,
             *own_name = n == 1 ? str_at(m[0].cfg->root, "mapping.name") : NULL;
  plist_t arr = plist_new_array();
  for (size_t i = 0; i < n; i++)
    if (m[i].mapping)
      mapping_entries(&m[i], arr);
  if (plist_array_get_size(arr) == 0) {
    plist_free(arr);
    return NULL;
  }
  plist_t p = plist_new_dict();
  plist_dict_set_item(p, "AppLayerVPNMapping", arr);
  plist_dict_set_item(p, "PayloadType", plist_new_string(APPMAPPING_TYPE));
  plist_dict_set_item(p, "PayloadVersion", plist_new_uint(1));
  char *pid = own_ident && *own_ident ? xstrdup(own_ident)
                                      : xasprintf("%s.appmapping", ident ? ident : "appvpn");
  plist_dict_set_item(p, "PayloadIdentifier", plist_new_string(pid));
  free(pid);
  char u[UUID_STR_LEN];
  if (own_uuid && *own_uuid)
    plist_dict_set_item(p, "PayloadUUID", plist_new_string(own_uuid));
  else if (profile_uuid && uuid_v5_of(profile_uuid, "appmapping", u))
    plist_dict_set_item(p, "PayloadUUID", plist_new_string(u));
  if (own_uuid && *own_uuid) {
    if (own_name && *own_name) /* as the imported payload had it, or none */
      plist_dict_set_item(p, "PayloadDisplayName", plist_new_string(own_name));
  } else {
    plist_dict_set_item(p, "PayloadDisplayName", plist_new_string("App-to-per-app VPN mapping"));
  }
  return p;
}

/* ---- building ------------------------------------------------------------------ */

/* What is known of each member's payloads while checking for conflicts. */
typedef struct seen {
  const char *file;
  const char *vpn_uuid;
  const char *payload_uuid;
  const char *payload_ident;
} seen;

static bool same_data(plist_t a, plist_t b) {
  plist_t da = plist_dict_get_item(a, "PayloadContent");
  plist_t db = plist_dict_get_item(b, "PayloadContent");
  if (!da || !db || plist_get_node_type(da) != PLIST_DATA || plist_get_node_type(db) != PLIST_DATA)
    return false;
  uint64_t la = 0, lb = 0;
  const char *pa = plist_get_data_ptr(da, &la);
  const char *pb = plist_get_data_ptr(db, &lb);
  if (la != lb || (la && memcmp(pa, pb, (size_t)la)))
    return false;
  return str_eq(pstr(a, "Password"), pstr(b, "Password"));
}

static bool check_conflicts(const bundle_member *m, size_t n, plist_t *roots, diag_list *diags) {
  bool ok = true;
  seen *s = xcalloc(n, sizeof *s);
  for (size_t i = 0; i < n; i++) {
    plist_t content = content_of(roots[i]);
    for (uint32_t k = 0; content && k < plist_array_get_size(content); k++) {
      plist_t p = plist_array_get_item(content, k);
      if (str_eq(ptype(p), APPLAYER)) {
        s[i].vpn_uuid = pstr(p, "VPNUUID");
        s[i].payload_uuid = pstr(p, "PayloadUUID");
        s[i].payload_ident = pstr(p, "PayloadIdentifier");
      }
    }
    s[i].file = m[i].file;
    for (size_t j = 0; j < i; j++) {
      static const char *const what[] = {"VPN UUID (uuid.vpn)", "payload UUID (uuid.payload)",
                                         "payload identifier"};
      const char *a[] = {s[j].vpn_uuid, s[j].payload_uuid, s[j].payload_ident};
      const char *b[] = {s[i].vpn_uuid, s[i].payload_uuid, s[i].payload_ident};
      for (size_t w = 0; w < 3; w++)
        if (a[w] && b[w] && !(w == 2 ? strcmp(a[w], b[w]) : strcasecmp(a[w], b[w]))) {
          diag_add(diags, DIAG_ERROR, m[i].file, 0, 0, NULL,
                   "%s and %s have the same %s %s: each configuration in a bundle needs its own",
                   m[j].file, m[i].file, what[w], b[w]);
          ok = false;
        }
    }
  }
  /* Two different credentials under one PayloadUUID: a device would keep one. */
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < i; j++) {
      plist_t ci = content_of(roots[i]), cj = content_of(roots[j]);
      for (uint32_t a = 0; a < plist_array_get_size(ci); a++)
        for (uint32_t b = 0; b < plist_array_get_size(cj); b++) {
          plist_t pa = plist_array_get_item(ci, a), pb = plist_array_get_item(cj, b);
          const char *ua = pstr(pa, "PayloadUUID");
          if (str_eq(ptype(pa), PKCS12) && str_eq(ptype(pb), PKCS12) && ua &&
              str_eq(ua, pstr(pb, "PayloadUUID")) && !same_data(pa, pb)) {
            diag_add(diags, DIAG_ERROR, m[i].file, 0, 0, "uuid.credential",
                     "%s and %s embed different credentials with the same UUID %s: give one "
                     "of them its own uuid.credential",
                     m[j].file, m[i].file, ua);
            ok = false;
          }
        }
    }
  /* An app bound to two VPNs: a device can give it only one. */
  for (size_t i = 0; i < n; i++) {
    size_t na = 0;
    const char **ai = bundle_app_ids(m[i].cfg, &na);
    for (size_t j = 0; j < i; j++) {
      size_t nb = 0;
      const char **aj = bundle_app_ids(m[j].cfg, &nb);
      for (size_t x = 0; x < na; x++)
        for (size_t y = 0; y < nb; y++)
          if (!strcmp(ai[x], aj[y])) {
            diag_add(diags, DIAG_ERROR, m[i].file, 0, 0, "apps",
                     "%s and %s both bind the app %s: an app can use one per-app VPN", m[j].file,
                     m[i].file, ai[x]);
            ok = false;
          }
      free(aj);
    }
    free(ai);
  }
  free(s);
  return ok;
}

static bool finish(plist_t root, bool binary, char **out, size_t *out_len, diag_list *diags) {
  size_t len = 0;
  char *bytes = plist_serialize(root, binary, &len);
  if (!bytes) {
    diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL, "the profile could not be serialized");
    return false;
  }
  *out = bytes;
  if (out_len)
    *out_len = len;
  return true;
}

bool bundle_build(const bundle_member *m, size_t n, const bundle_opts *o, char **out,
                  size_t *out_len, diag_list *diags) {
  *out = NULL;
  if (out_len)
    *out_len = 0;
  bool ok = false;
  plist_t *roots = xcalloc(n ? n : 1, sizeof *roots);
  plist_t bundle = NULL;
  for (size_t i = 0; i < n; i++) {
    roots[i] = parse_profile(m[i].bytes, m[i].len);
    if (!content_of(roots[i])) {
      diag_add(diags, DIAG_ERROR, m[i].file, 0, 0, NULL, "its profile could not be read back");
      goto out;
    }
  }
  if (n == 1) {
    plist_t mp =
        mapping_payload(m, n, pstr(roots[0], "PayloadIdentifier"), pstr(roots[0], "PayloadUUID"));
    if (mp)
      plist_array_append_item(content_of(roots[0]), mp);
    ok = finish(roots[0], o->binary, out, out_len, diags);
    goto out;
  }
  if (!check_conflicts(m, n, roots, diags))
    goto out;

  const char *first_ident = pstr(roots[0], "PayloadIdentifier");
  char *ident = o->identifier ? xstrdup(o->identifier)
                              : xasprintf("%s.bundle", first_ident ? first_ident : "appvpn");
  /* Stable across exports: made from the members' profile UUIDs. */
  size_t cap = strlen(ident) + 1;
  for (size_t i = 0; i < n; i++)
    cap += UUID_STR_LEN + 1;
  char *seed = xcalloc(cap, 1);
  strcat(seed, ident);
  for (size_t i = 0; i < n; i++) {
    const char *u = pstr(roots[i], "PayloadUUID");
    strcat(seed, "/");
    strncat(seed, u ? u : "", UUID_STR_LEN - 1);
  }
  char bundle_uuid[UUID_STR_LEN];
  const char *ns = pstr(roots[0], "PayloadUUID");
  if (!ns || !uuid_v5_of(ns, seed, bundle_uuid)) {
    diag_add(diags, DIAG_ERROR, m[0].file, 0, 0, "uuid.profile",
             "uuid.profile is not set: the bundle's UUID is made from it");
    free(seed);
    free(ident);
    goto out;
  }
  free(seed);

  bundle = plist_new_dict();
  plist_t content = plist_new_array();
  plist_t creds = plist_new_array(); /* the credential payloads kept (borrowed copies) */
  for (size_t i = 0; i < n; i++) {
    plist_t c = content_of(roots[i]);
    for (uint32_t k = 0; k < plist_array_get_size(c); k++) {
      plist_t p = plist_array_get_item(c, k);
      if (str_eq(ptype(p), PKCS12)) {
        plist_t same = NULL;
        for (uint32_t q = 0; q < plist_array_get_size(creds) && !same; q++) {
          plist_t have = plist_array_get_item(creds, q);
          if (same_data(have, p))
            same = have;
        }
        const char *u = pstr(p, "PayloadUUID");
        const char *su = same ? pstr(same, "PayloadUUID") : NULL;
        if (same && u && su) {
          /* One credential payload for both: the others point at it. */
          for (uint32_t q = 0; q < plist_array_get_size(c); q++)
            if (q != k)
              replace_strings(plist_array_get_item(c, q), u, su);
          continue;
        }
        plist_array_append_item(creds, plist_copy(p));
      }
      plist_array_append_item(content, plist_copy(p));
    }
  }
  plist_free(creds);
  /* Payloads copied after the credentials were renamed in the applayer
   * payload that follows them are fixed up here too. */
  for (size_t i = 0; i < n; i++) {
    plist_t c = content_of(roots[i]);
    for (uint32_t k = 0; k < plist_array_get_size(c); k++) {
      plist_t p = plist_array_get_item(c, k);
      const char *pu = pstr(p, "PayloadUUID");
      if (!str_eq(ptype(p), APPLAYER) || !pu)
        continue;
      for (uint32_t q = 0; q < plist_array_get_size(content); q++) {
        plist_t have = plist_array_get_item(content, q);
        if (str_eq(pstr(have, "PayloadUUID"), pu) && str_eq(ptype(have), APPLAYER)) {
          plist_array_set_item(content, plist_copy(p), q);
          break;
        }
      }
    }
  }
  plist_t mp = mapping_payload(m, n, ident, bundle_uuid);
  if (mp)
    plist_array_append_item(content, mp);

  if (o->name) {
    plist_dict_set_item(bundle, "PayloadDisplayName", plist_new_string(o->name));
  } else {
    size_t total = 1;
    for (size_t i = 0; i < n; i++) {
      const char *nm = pstr(roots[i], "PayloadDisplayName");
      total += (nm ? strlen(nm) : 0) + 2;
    }
    char *names = xcalloc(total, 1);
    for (size_t i = 0; i < n; i++) {
      const char *nm = pstr(roots[i], "PayloadDisplayName");
      if (i)
        strcat(names, ", ");
      strcat(names, nm ? nm : "");
    }
    plist_dict_set_item(bundle, "PayloadDisplayName", plist_new_string(names));
    free(names);
  }
  plist_dict_set_item(bundle, "PayloadIdentifier", plist_new_string(ident));
  plist_dict_set_item(bundle, "PayloadType", plist_new_string("Configuration"));
  plist_dict_set_item(bundle, "PayloadUUID", plist_new_string(bundle_uuid));
  plist_dict_set_item(bundle, "PayloadVersion", plist_new_uint(1));
  plist_dict_set_item(bundle, "PayloadContent", content);
  free(ident);
  ok = finish(bundle, o->binary, out, out_len, diags);
out:
  for (size_t i = 0; i < n; i++)
    if (roots[i])
      plist_free(roots[i]);
  free(roots);
  if (bundle)
    plist_free(bundle);
  return ok;
}

/* ---- reading ------------------------------------------------------------------- */

static size_t count_type(const char *bytes, size_t len, const char *type) {
  diag_list d = DIAG_LIST_INIT;
  bool fine = plist_check_input(bytes, len, "", &d);
  diag_list_free(&d);
  if (!fine)
    return 0;
  plist_t root = parse_profile(bytes, len);
  size_t n = 0;
  plist_t c = content_of(root);
  for (uint32_t i = 0; c && i < plist_array_get_size(c); i++)
    if (str_eq(ptype(plist_array_get_item(c, i)), type))
      n++;
  if (root)
    plist_free(root);
  return n;
}

size_t bundle_count(const char *bytes, size_t len) {
  return count_type(bytes, len, APPLAYER);
}

bool bundle_has_mapping(const char *bytes, size_t len) {
  return count_type(bytes, len, APPMAPPING_TYPE) > 0;
}

char **bundle_split(const char *bytes, size_t len, const char *name, size_t *n, size_t **lens,
                    diag_list *diags) {
  *n = 0;
  *lens = NULL;
  if (!plist_check_input(bytes, len, name, diags))
    return NULL;
  plist_t root = parse_profile(bytes, len);
  plist_t c = content_of(root);
  if (!c) {
    diag_add(diags, DIAG_ERROR, name, 0, 0, NULL, "not a Configuration profile");
    if (root)
      plist_free(root);
    return NULL;
  }
  const char *bundle_uuid = pstr(root, "PayloadUUID");
  uint32_t total = plist_array_get_size(c);
  size_t count = 0;
  for (uint32_t i = 0; i < total; i++)
    count += str_eq(ptype(plist_array_get_item(c, i)), APPLAYER);
  if (count == 1) {
    /* One configuration: its own wrapper, less the app mapping (read by
     * bundle_read_mapping). */
    for (uint32_t i = total; i-- > 0;)
      if (str_eq(ptype(plist_array_get_item(c, i)), APPMAPPING_TYPE))
        plist_array_remove_item(c, i);
    char **one = xcalloc(2, sizeof *one);
    *lens = xcalloc(2, sizeof **lens);
    one[0] = plist_serialize(root, false, &(*lens)[0]);
    plist_free(root);
    *n = one[0] ? 1 : 0;
    if (!one[0]) {
      diag_add(diags, DIAG_ERROR, name, 0, 0, NULL, "the profile could not be read");
      free(one);
      free(*lens);
      *lens = NULL;
      return NULL;
    }
    return one;
  }
  char **out = xcalloc(total + 1, sizeof *out);
  *lens = xcalloc(total + 1, sizeof **lens);
  for (uint32_t i = 0; i < total; i++) {
    plist_t p = plist_array_get_item(c, i);
    if (!str_eq(ptype(p), APPLAYER))
      continue;
    plist_t w = plist_new_dict();
    plist_t wc = plist_new_array();
    plist_array_append_item(wc, plist_copy(p));
    for (uint32_t k = 0; k < total; k++) {
      plist_t q = plist_array_get_item(c, k);
      const char *qu = pstr(q, "PayloadUUID");
      if (str_eq(ptype(q), PKCS12) && qu && holds_string(p, qu))
        plist_array_append_item(wc, plist_copy(q));
    }
    const char *disp = pstr(p, "PayloadDisplayName");
    const char *desc = pstr(p, "PayloadDescription");
    const char *org = pstr(p, "PayloadOrganization");
    const char *pid = pstr(p, "PayloadIdentifier");
    const char *pu = pstr(p, "PayloadUUID");
    if (disp)
      plist_dict_set_item(w, "PayloadDisplayName", plist_new_string(disp));
    if (desc)
      plist_dict_set_item(w, "PayloadDescription", plist_new_string(desc));
    if (org)
      plist_dict_set_item(w, "PayloadOrganization", plist_new_string(org));
    size_t pl = pid ? strlen(pid) : 0;
    if (pl > 4 && !strcmp(pid + pl - 4, ".vpn")) {
      char *ident = xstrndup(pid, pl - 4);
      plist_dict_set_item(w, "PayloadIdentifier", plist_new_string(ident));
      free(ident);
    } else if (pid) {
      plist_dict_set_item(w, "PayloadIdentifier", plist_new_string(pid));
    }
    char u[UUID_STR_LEN];
    if (bundle_uuid && pu && uuid_v5_of(bundle_uuid, pu, u))
      plist_dict_set_item(w, "PayloadUUID", plist_new_string(u));
    plist_dict_set_item(w, "PayloadType", plist_new_string("Configuration"));
    plist_dict_set_item(w, "PayloadVersion", plist_new_uint(1));
    plist_dict_set_item(w, "PayloadContent", wc);
    out[*n] = plist_serialize(w, false, &(*lens)[*n]);
    plist_free(w);
    if (out[*n])
      (*n)++;
  }
  plist_free(root);
  if (*n == 0) {
    diag_add(diags, DIAG_ERROR, name, 0, 0, NULL, "no per-app VPN payload (%s) in this profile",
             APPLAYER);
    free(out);
    free(*lens);
    *lens = NULL;
    return NULL;
  }
  return out;
}

bool bundle_read_mapping(const char *bytes, size_t len, config *cfg, diag_list *diags) {
  plist_t root = parse_profile(bytes, len);
  plist_t c = content_of(root);
  const char *vpn = str_at(cfg->root, "uuid.vpn");
  bool any = false, ok = true;
  val *recs = val_new_list();
  for (uint32_t i = 0; vpn && c && i < plist_array_get_size(c); i++) {
    plist_t p = plist_array_get_item(c, i);
    if (!str_eq(ptype(p), APPMAPPING_TYPE))
      continue;
    if (!any) {
      /* the payload's own identity, kept for export */
      static const char *const ids[][2] = {{"PayloadUUID", "mapping.uuid"},
                                           {"PayloadIdentifier", "mapping.identifier"},
                                           {"PayloadDisplayName", "mapping.name"}};
      for (size_t q = 0; q < 3; q++) {
        const char *s = pstr(p, ids[q][0]);
        if (s && *s)
          ok = model_set(cfg, ids[q][1], val_new_str(s), diags) && ok;
      }
    }
    any = true;
    plist_t arr = plist_dict_get_item(p, "AppLayerVPNMapping");
    for (uint32_t k = 0;
         arr && plist_get_node_type(arr) == PLIST_ARRAY && k < plist_array_get_size(arr); k++) {
      plist_t e = plist_array_get_item(arr, k);
      const char *id = pstr(e, "Identifier");
      const char *eu = pstr(e, "VPNUUID");
      if (!id || !eu || strcasecmp(eu, vpn))
        continue;
      val *r = val_new_map();
      val_map_set(r, "id", val_new_str(id));
      static const char *const keys[][2] = {{"SigningIdentifier", "signing_identifier"},
                                            {"DesignatedRequirement", "designated_requirement"},
                                            {"Path", "path"}};
      for (size_t q = 0; q < 3; q++) {
        const char *s = pstr(e, keys[q][0]);
        if (s && *s)
          val_map_set(r, keys[q][1], val_new_str(s));
      }
      val_list_append(recs, r);
    }
  }
  if (root)
    plist_free(root);
  if (!any) {
    val_free(recs);
    return true;
  }
  /* The apps the mapping binds are the configuration's apps; macOS is
   * targeted (that is what the payload is for). */
  val *apps = val_new_list();
  for (size_t i = 0; i < recs->u.list.n; i++)
    val_list_append(apps, val_new_str(str_at(recs->u.list.v[i], "id")));
  const val *have = val_get_path(cfg->root, "apps");
  if (recs->u.list.n && (!have || val_is_empty(have)))
    ok = model_set(cfg, "apps", apps, diags) && ok;
  else
    val_free(apps);
  if (recs->u.list.n)
    ok = model_set(cfg, "app_mapping", recs, diags) && ok;
  else
    val_free(recs);
  const val *targets = val_get_path(cfg->root, "targets");
  bool mac = false;
  for (size_t i = 0; targets && targets->kind == VAL_LIST && i < targets->u.list.n; i++)
    mac |=
        targets->u.list.v[i]->kind == VAL_STR && !strncmp(targets->u.list.v[i]->u.str, "macos", 5);
  if (!mac) {
    char *path =
        xasprintf("targets[%zu]", targets && targets->kind == VAL_LIST ? targets->u.list.n : 0);
    ok = model_set(cfg, path, val_new_str("macos"), diags) && ok;
    free(path);
  }
  return ok;
}

char *bundle_mapping_only(const char *bytes, size_t len, size_t *out_len) {
  *out_len = 0;
  plist_t root = parse_profile(bytes, len);
  plist_t c = content_of(root);
  plist_t keep = plist_new_array();
  for (uint32_t i = 0; c && i < plist_array_get_size(c); i++)
    if (str_eq(ptype(plist_array_get_item(c, i)), APPMAPPING_TYPE))
      plist_array_append_item(keep, plist_copy(plist_array_get_item(c, i)));
  char *out = NULL;
  if (plist_array_get_size(keep)) {
    plist_t w = plist_new_dict();
    plist_dict_set_item(w, "PayloadContent", keep);
    out = plist_serialize(w, false, out_len);
    plist_free(w);
  } else {
    plist_free(keep);
  }
  if (root)
    plist_free(root);
  return out;
}
