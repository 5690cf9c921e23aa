/* Identity certificates (.p12): subject, expiry and private key (libcrypto). */
#include "io/credential.h"

#include <openssl/err.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "core/vars.h"
#include "io/fileio.h"

/* A .p12 is a few KiB; anything larger is the wrong file. */
#define CREDENTIAL_MAX_BYTES (16u << 20)

bool credential_inspect(const char *data, size_t len, const char *password, credential_info *ci,
                        const char **why) {
  memset(ci, 0, sizeof *ci);
  const unsigned char *p = (const unsigned char *)data;
  PKCS12 *p12 = len ? d2i_PKCS12(NULL, &p, (long)len) : NULL;
  EVP_PKEY *key = NULL;
  X509 *cert = NULL;
  STACK_OF(X509) *ca = NULL;
  bool ok = false;
  if (!p12) {
    *why = "not a PKCS#12 (.p12) file";
    goto out;
  }
  if (!PKCS12_parse(p12, password ? password : "", &key, &cert, &ca)) {
    *why = "it does not open with its password";
    goto out;
  }
  ci->has_key = key != NULL;
  if (!cert && ca && sk_X509_num(ca) > 0) /* no key: the certificate is among the others */
    cert = sk_X509_shift(ca);
  if (cert) {
    ci->has_cert = true;
    BIO *b = BIO_new(BIO_s_mem());
    X509_NAME_print_ex(b, X509_get_subject_name(cert), 0,
                       XN_FLAG_ONELINE & ~XN_FLAG_SPC_EQ & ~ASN1_STRFLGS_ESC_MSB);
    char *txt = NULL;
    long n = BIO_get_mem_data(b, &txt);
    ci->subject = xstrndup(txt ? txt : "", n > 0 ? (size_t)n : 0);
    BIO_free(b);
    struct tm tm;
    const ASN1_TIME *na = X509_get0_notAfter(cert);
    if (na && ASN1_TIME_to_tm(na, &tm)) {
      char buf[64];
      strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
      ci->not_after = xstrdup(buf);
      /* seconds since 1970 of a UTC broken-down time, without timegm */
      int y = tm.tm_year + 1900, m = tm.tm_mon + 1;
      y -= m <= 2;
      long long era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
      long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + tm.tm_mday - 1;
      long long days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
      ci->expires = (time_t)(days * 86400 + tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec);
    }
  }
  ok = true;
out:
  EVP_PKEY_free(key);
  X509_free(cert);
  sk_X509_pop_free(ca, X509_free);
  PKCS12_free(p12);
  ERR_clear_error();
  return ok;
}

void credential_info_clear(credential_info *ci) {
  free(ci->subject);
  free(ci->not_after);
  memset(ci, 0, sizeof *ci);
}

void credential_report(const credential_info *ci, time_t now, const char *file,
                       const char *cfg_path, unsigned line, unsigned col, const char *path,
                       diag_list *diags) {
  if (!ci->has_cert) {
    diag_add(diags, DIAG_ERROR, cfg_path, line, col, path,
             "%s holds no certificate: the device needs an identity", file);
    return;
  }
  if (!ci->has_key)
    diag_add(diags, DIAG_ERROR, cfg_path, line, col, path,
             "%s holds no private key for its certificate (%s): the device cannot use it as "
             "an identity",
             file, ci->subject);
  if (!ci->not_after)
    return;
  double left = difftime(ci->expires, now);
  if (left <= 0)
    diag_add(diags, DIAG_ERROR, cfg_path, line, col, path,
             "the certificate in %s (%s) expired on %s", file, ci->subject, ci->not_after);
  else if (left < CREDENTIAL_WARN_DAYS * 86400.0)
    diag_add(diags, DIAG_WARNING, cfg_path, line, col, path,
             "the certificate in %s (%s) expires on %s, in %d day%s", file, ci->subject,
             ci->not_after, (int)(left / 86400), (int)(left / 86400) == 1 ? "" : "s");
}

/* The embedded .p12 fields of c that are visible and set, one at a time. */
typedef struct cred_walk {
  time_t now;
  diag_list *diags; /* check: where problems go */
  char *describe;   /* describe: the first identity's line */
} cred_walk;

static char *resolve(const config *c, const char *file) {
  const char *slash = c->path ? strrchr(c->path, '/') : NULL;
  if (file[0] == '/' || !slash)
    return xstrdup(file);
  return xasprintf("%.*s/%s", (int)(slash - c->path), c->path, file);
}

static bool cred_visit(void *ud, const model_ctx *ctx, const desc_section *s, const desc_field *f,
                       const char *path, const val *value) {
  cred_walk *w = ud;
  (void)s;
  const val *v = value ? value : model_value(ctx, f);
  if (!f->embed || strcmp(f->embed, "pkcs12") || !v || v->kind != VAL_STR || !*v->u.str ||
      vars_has_ref(v->u.str) || (w->describe && !w->diags))
    return false;
  const char *pw = NULL;
  if (f->embed_password) {
    const desc_field *pf = desc_type_find_field(ctx->cfg->type, f->embed_password);
    const val *pv = pf && model_field_visible(ctx, pf) ? model_value(ctx, pf) : NULL;
    pw = pv && pv->kind == VAL_STR ? pv->u.str : NULL;
    if (pw && vars_has_ref(pw))
      return false; /* the MDM fills it in: nothing to open it with here */
  }
  char *full = resolve(ctx->cfg, v->u.str);
  diag_list d = DIAG_LIST_INIT;
  size_t len = 0;
  char *data = file_read_all(full, CREDENTIAL_MAX_BYTES, &len, &d);
  diag_list_free(&d);
  credential_info ci;
  const char *why = NULL;
  if (data && credential_inspect(data, len, pw, &ci, &why)) {
    if (w->diags)
      credential_report(&ci, w->now, v->u.str, ctx->cfg->path, v->line, v->col, path, w->diags);
    if (!w->describe && ci.has_cert) {
      double left = ci.not_after ? difftime(ci.expires, w->now) / 86400 : 0;
      w->describe = !ci.not_after ? xasprintf("%s", ci.subject)
                    : left <= 0   ? xasprintf("%s, expired %.10s", ci.subject, ci.not_after)
                                  : xasprintf("%s, expires %.10s (in %d day%s)", ci.subject,
                                              ci.not_after, (int)left, (int)left == 1 ? "" : "s");
    }
    credential_info_clear(&ci);
  }
  free(data);
  free(full);
  return false;
}

void credential_check_config(const config *c, time_t now, diag_list *diags) {
  cred_walk w = {now, diags, NULL};
  if (c->type)
    model_each_visible(c, cred_visit, &w);
  free(w.describe);
}

char *credential_describe(const config *c, time_t now) {
  cred_walk w = {now, NULL, NULL};
  if (c->type)
    model_each_visible(c, cred_visit, &w);
  return w.describe;
}
