#include "io/sign.h"

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

struct sign_identity {
  X509 *cert;
  EVP_PKEY *key;
  STACK_OF(X509) * chain;
  char *subject;
};

/* The last OpenSSL error as text (or `fallback`), clearing the queue. */
static const char *ssl_why(char *buf, size_t n, const char *fallback) {
  const char *data = NULL;
  int flags = 0;
  unsigned long e = ERR_peek_last_error_data(&data, &flags);
  if (!e) {
    snprintf(buf, n, "%s", fallback);
  } else {
    /* the detail (e.g. "Verify error: unable to get local issuer
     * certificate") says more than the reason alone */
    const char *r = ERR_reason_error_string(e);
    if (data && *data && (flags & ERR_TXT_STRING))
      snprintf(buf, n, "%s (%s)", r ? r : fallback, data);
    else
      snprintf(buf, n, "%s", r ? r : fallback);
  }
  ERR_clear_error();
  return buf;
}

static char *subject_of(X509 *c) {
  X509_NAME *nm = c ? X509_get_subject_name(c) : NULL;
  if (!nm)
    return xstrdup("(no subject)");
  BIO *b = BIO_new(BIO_s_mem());
  /* "CN=…, O=…": most specific first, as people read a subject */
  X509_NAME_print_ex(
      b, nm, 0,
      (XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB & ~XN_FLAG_DN_REV & ~XN_FLAG_SEP_MASK) |
          XN_FLAG_SEP_CPLUS_SPC);
  char *data = NULL;
  long n = BIO_get_mem_data(b, &data);
  char *s = xstrndup(data ? data : "", n > 0 ? (size_t)n : 0);
  BIO_free(b);
  return s;
}

static BIO *open_file(const char *path, const char *what, diag_list *diags) {
  BIO *b = BIO_new_file(path, "rb");
  if (!b) {
    char why[256];
    diag_addc(diags, DIAG_ERROR, DC_FILE_UNREADABLE, path, 0, 0, NULL, "cannot read the %s: %s",
              what, ssl_why(why, sizeof why, "no such file"));
  }
  return b;
}

static sign_identity *identity_finish(sign_identity *id) {
  id->subject = subject_of(id->cert);
  return id;
}

void sign_identity_free(sign_identity *id) {
  if (!id)
    return;
  X509_free(id->cert);
  EVP_PKEY_free(id->key);
  sk_X509_pop_free(id->chain, X509_free);
  free(id->subject);
  free(id);
}

sign_identity *sign_identity_from_pem(const char *cert, const char *key, const char *chain,
                                      const char *key_password, diag_list *diags) {
  sign_identity *id = xcalloc(1, sizeof *id);
  char why[256];
  BIO *b = open_file(cert, "signing certificate", diags);
  if (!b)
    goto fail;
  id->cert = PEM_read_bio_X509(b, NULL, NULL, NULL);
  BIO_free(b);
  if (!id->cert) {
    diag_addc(diags, DIAG_ERROR, DC_SIGNING, cert, 0, 0, NULL, "not a PEM certificate: %s",
              ssl_why(why, sizeof why, "unreadable"));
    goto fail;
  }
  b = open_file(key, "signing key", diags);
  if (!b)
    goto fail;
  id->key = PEM_read_bio_PrivateKey(b, NULL, NULL, (void *)(key_password ? key_password : ""));
  BIO_free(b);
  if (!id->key) {
    diag_addc(diags, DIAG_ERROR, DC_SIGNING, key, 0, 0, NULL,
              "not a PEM private key (or a wrong password): %s",
              ssl_why(why, sizeof why, "unreadable"));
    goto fail;
  }
  if (X509_check_private_key(id->cert, id->key) != 1) {
    ERR_clear_error();
    diag_addc(diags, DIAG_ERROR, DC_SIGNING, key, 0, 0, NULL, "this key does not belong to %s",
              cert);
    goto fail;
  }
  id->chain = sk_X509_new_null();
  if (chain) {
    b = open_file(chain, "certificate chain", diags);
    if (!b)
      goto fail;
    X509 *c;
    while ((c = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL)
      sk_X509_push(id->chain, c);
    ERR_clear_error(); /* the end of the file */
    BIO_free(b);
    if (!sk_X509_num(id->chain)) {
      diag_addc(diags, DIAG_ERROR, DC_SIGNING, chain, 0, 0, NULL,
                "no PEM certificate in the chain file");
      goto fail;
    }
  }
  return identity_finish(id);
fail:
  sign_identity_free(id);
  return NULL;
}

sign_identity *sign_identity_from_p12(const char *p12, const char *password, diag_list *diags) {
  sign_identity *id = xcalloc(1, sizeof *id);
  char why[256];
  BIO *b = open_file(p12, "signing identity", diags);
  if (!b)
    goto fail;
  PKCS12 *p = d2i_PKCS12_bio(b, NULL);
  BIO_free(b);
  if (!p) {
    ERR_clear_error();
    diag_addc(diags, DIAG_ERROR, DC_NOT_P12, p12, 0, 0, NULL, "not a PKCS#12 (.p12) file");
    goto fail;
  }
  if (!PKCS12_verify_mac(p, password ? password : "", -1)) {
    ERR_clear_error();
    PKCS12_free(p);
    diag_addc(diags, DIAG_ERROR, DC_P12_PASSWORD, p12, 0, 0, NULL,
              "wrong password for the signing identity");
    goto fail;
  }
  int ok = PKCS12_parse(p, password ? password : "", &id->key, &id->cert, &id->chain);
  PKCS12_free(p);
  if (!ok || !id->key || !id->cert) {
    diag_addc(diags, DIAG_ERROR, DC_SIGNING, p12, 0, 0, NULL,
              "no certificate with its private key in it: %s",
              ssl_why(why, sizeof why, "incomplete"));
    goto fail;
  }
  if (!id->chain)
    id->chain = sk_X509_new_null();
  return identity_finish(id);
fail:
  sign_identity_free(id);
  return NULL;
}

const char *sign_identity_subject(const sign_identity *id) {
  return id->subject;
}

char *sign_data(const sign_identity *id, const char *data, size_t len, size_t *out_len,
                diag_list *diags) {
  char why[256];
  BIO *in = BIO_new_mem_buf(data, (int)len);
  CMS_ContentInfo *cms = CMS_sign(id->cert, id->key, id->chain, in, CMS_BINARY);
  BIO_free(in);
  if (!cms) {
    diag_addc(diags, DIAG_ERROR, DC_SIGNING, NULL, 0, 0, NULL, "cannot sign: %s",
              ssl_why(why, sizeof why, "CMS_sign failed"));
    return NULL;
  }
  BIO *out = BIO_new(BIO_s_mem());
  char *ret = NULL;
  if (i2d_CMS_bio(out, cms) == 1) {
    char *p = NULL;
    long n = BIO_get_mem_data(out, &p);
    ret = xmalloc(n > 0 ? (size_t)n : 1);
    memcpy(ret, p, n > 0 ? (size_t)n : 0);
    *out_len = n > 0 ? (size_t)n : 0;
  } else {
    diag_addc(diags, DIAG_ERROR, DC_SIGNING, NULL, 0, 0, NULL, "cannot encode the signature: %s",
              ssl_why(why, sizeof why, "i2d_CMS_bio failed"));
  }
  BIO_free(out);
  CMS_ContentInfo_free(cms);
  return ret;
}

bool sign_is_signed(const char *bytes, size_t len) {
  /* DER: a SEQUENCE holding the OID 1.2.840.113549.1.7.2 (signedData) */
  static const unsigned char oid[] = {0x06, 0x09, 0x2A, 0x86, 0x48, 0x86,
                                      0xF7, 0x0D, 0x01, 0x07, 0x02};
  if (len < 2 + sizeof oid || (unsigned char)bytes[0] != 0x30)
    return false;
  /* the OID follows the outer SEQUENCE's header (2 to 6 bytes) */
  for (size_t i = 2; i <= 8 && i + sizeof oid <= len; i++)
    if (!memcmp(bytes + i, oid, sizeof oid))
      return true;
  return false;
}

void sign_info_clear(sign_info *info) {
  free(info->signer);
  free(info->why);
  memset(info, 0, sizeof *info);
}

char *sign_unwrap(const char *bytes, size_t len, const char *ca_file, const char *name,
                  size_t *out_len, sign_info *info, diag_list *diags) {
  char why[256];
  memset(info, 0, sizeof *info);
  BIO *in = BIO_new_mem_buf(bytes, (int)len);
  CMS_ContentInfo *cms = d2i_CMS_bio(in, NULL);
  BIO_free(in);
  if (!cms || OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
    diag_addc(diags, DIAG_ERROR, DC_SIGNATURE, name, 0, 0, NULL,
              "a signed profile that cannot be read: %s",
              ssl_why(why, sizeof why, "not CMS SignedData"));
    CMS_ContentInfo_free(cms);
    return NULL;
  }
  char *content = NULL;
  /* 1. the signature over the content, whoever signed it */
  BIO *out = BIO_new(BIO_s_mem());
  if (CMS_verify(cms, NULL, NULL, NULL, out, CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) != 1) {
    diag_addc(diags, DIAG_ERROR, DC_SIGNATURE, name, 0, 0, NULL,
              "the signature does not match the content (changed after signing?): %s",
              ssl_why(why, sizeof why, "verification failed"));
    goto out;
  }
  STACK_OF(X509) *signers = CMS_get0_signers(cms);
  if (signers && sk_X509_num(signers) > 0)
    info->signer = subject_of(sk_X509_value(signers, 0));
  sk_X509_free(signers);
  char *p = NULL;
  long n = BIO_get_mem_data(out, &p);
  content = xmalloc(n > 0 ? (size_t)n + 1 : 1);
  memcpy(content, p, n > 0 ? (size_t)n : 0);
  content[n > 0 ? n : 0] = 0;
  *out_len = n > 0 ? (size_t)n : 0;
  /* 2. the signer, against the trust store */
  X509_STORE *store = X509_STORE_new();
  bool loaded = ca_file ? X509_STORE_load_file(store, ca_file) == 1
                        : X509_STORE_set_default_paths(store) == 1;
  if (!loaded) {
    info->why = xasprintf("cannot read the trust store%s%s: %s", ca_file ? " " : "",
                          ca_file ? ca_file : "", ssl_why(why, sizeof why, "unreadable"));
  } else {
    BIO *sink = BIO_new(BIO_s_mem());
    if (CMS_verify(cms, NULL, store, NULL, sink, CMS_BINARY) == 1)
      info->verified = true;
    else
      info->why = xstrdup(ssl_why(why, sizeof why, "the signer is not trusted"));
    BIO_free(sink);
  }
  X509_STORE_free(store);
out:
  BIO_free(out);
  CMS_ContentInfo_free(cms);
  return content;
}
