/* Profile export's embedded payloads: a `file` field with `embed: pkcs12`
 * becomes a com.apple.security.pkcs12 payload holding the file's bytes,
 * with a UUID that stays the same from one export to the next. */
#include "io/export_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/pkcs12.h>
#include <plist/plist.h>
#include <unistd.h>
#include "core/util.h"
#include "core/uuid.h"
#include "core/validate.h"
#include "core/value.h"
#include "io/credential.h"
#include "io/fileio.h"
#include "io/kinds_io.h"
#include "io/plist_util.h"

/* ---- embedded payloads ------------------------------------------------------ */

/* SHA-1 (FIPS 180-4), only to derive name-based UUIDs (RFC 4122 version 5). */
typedef struct sha1_ctx {
  uint32_t h[5];
  uint64_t len;
  unsigned char buf[64];
  size_t n;
} sha1_ctx;

static uint32_t rol32(uint32_t v, unsigned s) {
  return (v << s) | (v >> (32 - s));
}

static void sha1_block(sha1_ctx *s, const unsigned char *p) {
  uint32_t w[80];
  for (int i = 0; i < 16; i++)
    w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 |
           (uint32_t)p[4 * i + 3];
  for (int i = 16; i < 80; i++)
    w[i] = rol32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
  uint32_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4];
  for (int i = 0; i < 80; i++) {
    uint32_t f, k;
    if (i < 20)
      f = (b & c) | (~b & d), k = 0x5A827999u;
    else if (i < 40)
      f = b ^ c ^ d, k = 0x6ED9EBA1u;
    else if (i < 60)
      f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDCu;
    else
      f = b ^ c ^ d, k = 0xCA62C1D6u;
    uint32_t t = rol32(a, 5) + f + e + k + w[i];
    e = d;
    d = c;
    c = rol32(b, 30);
    b = a;
    a = t;
  }
  s->h[0] += a;
  s->h[1] += b;
  s->h[2] += c;
  s->h[3] += d;
  s->h[4] += e;
}

static void sha1_init(sha1_ctx *s) {
  static const uint32_t h0[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
  memcpy(s->h, h0, sizeof h0);
  s->len = 0;
  s->n = 0;
}

static void sha1_update(sha1_ctx *s, const void *data, size_t len) {
  const unsigned char *p = data;
  s->len += len;
  while (len--) {
    s->buf[s->n++] = *p++;
    if (s->n == 64) {
      sha1_block(s, s->buf);
      s->n = 0;
    }
  }
}

static void sha1_final(sha1_ctx *s, unsigned char out[20]) {
  uint64_t bits = s->len * 8;
  unsigned char pad = 0x80;
  sha1_update(s, &pad, 1);
  pad = 0;
  while (s->n != 56)
    sha1_update(s, &pad, 1);
  unsigned char lenb[8];
  for (int i = 0; i < 8; i++)
    lenb[i] = (unsigned char)(bits >> (56 - 8 * i));
  sha1_update(s, lenb, 8);
  for (int i = 0; i < 5; i++)
    for (int j = 0; j < 4; j++)
      out[4 * i + j] = (unsigned char)(s->h[i] >> (24 - 8 * j));
}

static int hexval(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static bool uuid_parse(const char *s, unsigned char out[16]) {
  size_t n = 0;
  for (const char *p = s; *p; p++) {
    if (*p == '-')
      continue;
    int hi = hexval(*p), lo = p[1] ? hexval(p[1]) : -1;
    if (hi < 0 || lo < 0 || n == 16)
      return false;
    out[n++] = (unsigned char)(hi << 4 | lo);
    p++;
  }
  return n == 16;
}

/* The RFC 4122 version-5 UUID of `name` in the namespace `ns` (a UUID; any
 * other text is hashed into one), upper case like the UUIDs `new` makes. */
static void uuid_v5(const char *ns, const char *name, char out[UUID_STR_LEN]) {
  unsigned char nsb[16], h[20];
  sha1_ctx s;
  if (!uuid_parse(ns, nsb)) {
    sha1_init(&s);
    sha1_update(&s, ns, strlen(ns));
    sha1_final(&s, h);
    memcpy(nsb, h, 16);
  }
  sha1_init(&s);
  sha1_update(&s, nsb, 16);
  sha1_update(&s, name, strlen(name));
  sha1_final(&s, h);
  h[6] = (unsigned char)((h[6] & 0x0F) | 0x50);
  h[8] = (unsigned char)((h[8] & 0x3F) | 0x80);
  snprintf(out, UUID_STR_LEN,
           "%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-%02X%02X%02X%02X%02X%02X", h[0], h[1], h[2],
           h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10], h[11], h[12], h[13], h[14], h[15]);
}

/* A regular file's bytes (a FIFO or device never: it could block or never
 * end, and /dev/stdin or a terminal is no identity). */
static char *read_bytes(const char *path, size_t *len, int *err) {
  struct stat st;
  int fd = file_open_regular(path, &st);
  if (fd < 0) {
    *err = errno;
    return NULL;
  }
  char *data = NULL;
  if ((unsigned long long)st.st_size > EMBED_MAX_BYTES) {
    *err = EFBIG;
    goto out;
  }
  size_t cap = (size_t)st.st_size + 1, n = 0;
  data = xmalloc(cap);
  for (;;) {
    if (n == cap) {
      if (n > EMBED_MAX_BYTES) {
        *err = EFBIG;
        goto fail;
      }
      data = xrealloc(data, cap *= 2);
    }
    ssize_t r = read(fd, data + n, cap - n);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0) {
      *err = errno;
      goto fail;
    }
    if (r == 0)
      break;
    n += (size_t)r;
  }
  *len = n;
  goto out;
fail:
  free(data);
  data = NULL;
out:
  close(fd);
  return data;
}

/* The identity must be PKCS#12 (DER), and the password given for it must
 * open it (its MAC verifies): a device would refuse the profile otherwise.
 * pw is NULL when there is none to check (not given, or a ${variable} the
 * MDM fills in). */
static bool check_pkcs12(exporter *x, const val *at, const char *path, const char *file,
                         const char *data, size_t len, const val *pw_at, const char *pw_path,
                         const char *pw) {
  const unsigned char *p = (const unsigned char *)data;
  PKCS12 *p12 = len ? d2i_PKCS12(NULL, &p, (long)len) : NULL;
  bool ok = true;
  if (!p12 || p != (const unsigned char *)data + len) {
    ex_error(x, at, path, "%s is not a PKCS#12 (.p12) file", file);
    ok = false;
  } else if (pw && PKCS12_mac_present(p12) && !PKCS12_verify_mac(p12, pw, -1)) {
    ex_error(x, pw_at, pw_path, "wrong password for %s (its integrity check fails)", file);
    ok = false;
  }
  PKCS12_free(p12);
  ERR_clear_error();
  credential_info ci;
  const char *why = NULL;
  /* Its private key and expiry: a password left to the MDM (a ${variable})
   * leaves the encrypted contents unread. */
  if (ok && (pw || !pw_at) && credential_inspect(data, len, pw, &ci, &why)) {
    diag_list d = DIAG_LIST_INIT;
    credential_report(&ci, time(NULL), file, x->c->path, at ? at->line : 0, at ? at->col : 0, path,
                      &d);
    if (diag_count(&d, DIAG_ERROR))
      ok = false, x->failed = true;
    diag_list_move(x->diags, &d);
    credential_info_clear(&ci);
  }
  return ok;
}

/* The file path relative to the configuration file's directory. Caller frees. */
static char *resolve_rel(const config *c, const char *file) {
  const char *slash = c->path ? strrchr(c->path, '/') : NULL;
  if (file[0] == '/' || !slash)
    return xstrdup(file);
  return xasprintf("%.*s/%s", (int)(slash - c->path), c->path, file);
}

/* Embeds the file a field names as a payload of kind f->embed and returns the
 * value for the field's own profile key: that payload's PayloadUUID.
 * The payload is named after the field's top-level key K ("credential" for
 * credential.file): PayloadUUID is uuid.K when the configuration has one,
 * else the version-5 UUID of "K" in the namespace uuid.profile (stable across
 * exports without storing anything); PayloadIdentifier is "<identifier>.K". */
plist_t ex_embed_file(exporter *x, const desc_field *f, const char *path, const val *at,
                      const char *file) {
  if (strcmp(f->embed, "pkcs12") != 0) {
    ex_error(x, at, path, "%s: cannot embed files as '%s' (known: pkcs12)", path, f->embed);
    return NULL;
  }
  const char *dot = strchr(path, '.');
  char *key = dot ? xstrndup(path, (size_t)(dot - path)) : xstrdup(path);
  char *uuid_path = xasprintf("uuid.%s", key);
  char *uuid = ex_root_text(x, uuid_path);
  char *ident = ex_root_text(x, "identifier");
  char *data = NULL, *full = NULL;
  size_t len = 0;
  plist_t ret = NULL;
  if (!uuid) {
    char *ns = ex_root_text(x, "uuid.profile");
    if (!ns) {
      ex_error(x, at, path,
               "%s: uuid.profile is missing, so no stable UUID can be given to the "
               "embedded file (set %s or uuid.profile)",
               path, uuid_path);
      goto out;
    }
    uuid = xmalloc(UUID_STR_LEN);
    uuid_v5(ns, key, uuid);
    free(ns);
  }
  /* Previews never touch the file; a bare payload has nowhere to put it. */
  bool read = !x->opts->mask_secrets && !x->opts->payload_only;
  if (x->opts->payload_only)
    diag_add(x->diags, DIAG_WARNING, x->c->path, at ? at->line : 0, at ? at->col : 0, path,
             "%s is not included in a bare payload: deliver it as its own "
             "com.apple.security.pkcs12 payload with PayloadUUID %s",
             file, uuid);
  if (read) {
    int err = 0;
    full = resolve_rel(x->c, file);
    data = read_bytes(full, &len, &err);
    const char *why = err == EINVAL ? "not a regular file" : strerror(err);
    if (!data) {
      if (strcmp(full, file) == 0)
        ex_error(x, at, path, "cannot read %s: %s", file, why);
      else
        ex_error(x, at, path, "cannot read %s (%s): %s", file, full, why);
      goto out;
    }
  }
  /* The password the profile will carry (variables given by --var filled in). */
  char *pw = NULL;
  const val *pw_at = NULL;
  if (f->embed_password) {
    model_ctx top = {x->c, NULL, NULL};
    const desc_field *pf = desc_type_find_field(x->c->type, f->embed_password);
    const val *pv = pf && model_field_visible(&top, pf) ? model_value(&top, pf) : NULL;
    if (pv && !val_is_empty(pv)) {
      val *sv = ex_subst_clone(x, pv);
      pw = val_scalar_text(sv);
      pw_at = pv;
      val_free(sv);
    }
  }
  if (read && !check_pkcs12(x, at, path, file, data, len, pw_at, f->embed_password,
                            pw && *pw && !vars_has_ref(pw) ? pw : NULL)) {
    free(pw);
    goto out;
  }
  plist_t p = plist_new_dict();
  plist_dict_set_item(p, "PayloadType", plist_new_string("com.apple.security.pkcs12"));
  plist_dict_set_item(p, "PayloadVersion", plist_int(1));
  plist_dict_set_item(p, "PayloadUUID", plist_new_string(uuid));
  /* The payload's own names, as K.payload_identifier, K.payload_name and
   * K.file_name give them (an imported profile's), else made up. */
  char *k_ident = xasprintf("%s.payload_identifier", key);
  char *k_name = xasprintf("%s.payload_name", key);
  char *k_file = xasprintf("%s.file_name", key);
  char *own_ident = ex_root_text(x, k_ident), *own_name = ex_root_text(x, k_name),
       *own_file = ex_root_text(x, k_file);
  if (own_ident) {
    plist_dict_set_item(p, "PayloadIdentifier", plist_new_string(own_ident));
  } else if (ident) {
    char *pid = xasprintf("%s.%s", ident, key);
    plist_dict_set_item(p, "PayloadIdentifier", plist_new_string(pid));
    free(pid);
  }
  const char *base = strrchr(file, '/');
  if (own_name || !own_file)
    plist_dict_set_item(p, "PayloadDisplayName",
                        plist_new_string(own_name ? own_name
                                         : base   ? base + 1
                                                  : file));
  if (own_file)
    plist_dict_set_item(p, "PayloadCertificateFileName", plist_new_string(own_file));
  free(own_ident);
  free(own_name);
  free(own_file);
  free(k_ident);
  free(k_name);
  free(k_file);
  plist_dict_set_item(p, "PayloadContent", plist_new_data(data ? data : "", data ? len : 0));
  if (pw && *pw)
    plist_dict_set_item(p, "Password", plist_new_string(x->opts->mask_secrets ? SECRET_MASK : pw));
  free(pw);
  plist_array_append_item(x->extra, p);
  ret = plist_new_string(uuid);
out:
  free(data);
  free(full);
  free(ident);
  free(uuid);
  free(uuid_path);
  free(key);
  return ret;
}
