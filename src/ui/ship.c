/* Signing from the settings file, and bundles, for the editor and the
 * directory list (ui/ship.h). */
#include "ui/ship.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "core/value.h"
#include "io/bundle.h"
#include "io/config_io.h"
#include "io/export.h"
#include "io/fileio.h"
#include "io/sign.h"

#define SETTINGS_MAX (64u << 10)

/* The settings file's path, or NULL when neither variable is set. */
static char *settings_path(void) {
  const char *x = getenv("XDG_CONFIG_HOME");
  if (x && *x == '/')
    return xasprintf("%s/appvpn/settings.yaml", x);
  const char *h = getenv("HOME");
  return h && *h ? xasprintf("%s/.config/appvpn/settings.yaml", h) : NULL;
}

/* The first message of d, or fallback (caller frees). */
static char *first_msg(const diag_list *d, const char *fallback) {
  for (size_t i = 0; i < d->n; i++)
    if (d->items[i].level == DIAG_ERROR)
      return d->items[i].file ? xasprintf("%s: %s", d->items[i].file, d->items[i].msg)
                              : xstrdup(d->items[i].msg);
  return xstrdup(fallback);
}

static char *resolve(const char *dir, const char *p) {
  return p[0] == '/' ? xstrdup(p) : xasprintf("%s/%s", dir, p);
}

/* The password in a file: its first line. NULL with *why set. */
static char *read_password(const char *path, char **why) {
  diag_list d = DIAG_LIST_INIT;
  size_t len = 0;
  char *s = file_read_all(path, 4096, &len, &d);
  if (!s)
    *why = first_msg(&d, "cannot read the password file");
  diag_list_free(&d);
  if (s)
    s[strcspn(s, "\r\n")] = 0;
  return s;
}

/* The identity the settings file names: NULL with *why NULL when there is no
 * file or no signing section. */
static sign_identity *settings_signer(char **why) {
  *why = NULL;
  char *path = settings_path();
  if (!path)
    return NULL;
  sign_identity *id = NULL;
  char *text = NULL, *dir = NULL, *pw = NULL;
  val *root = NULL;
  diag_list d = DIAG_LIST_INIT;
  struct stat st;
  int fd = file_open_regular(path, &st);
  if (fd < 0) {
    if (errno != ENOENT)
      *why = xasprintf("%s: %s", path, errno == EINVAL ? "not a regular file" : strerror(errno));
    goto out;
  }
  close(fd);
  /* It decides what profiles are signed with: the user's own, not
   * writable by anyone else. */
  if (st.st_uid != getuid()) {
    *why =
        xasprintf("%s is not yours (owner uid %ld): not used for signing", path, (long)st.st_uid);
    goto out;
  }
  if (st.st_mode & (S_IWGRP | S_IWOTH)) {
    *why = xasprintf("%s is writable by %s: not used for signing (chmod go-w)", path,
                     st.st_mode & S_IWOTH ? "others" : "its group");
    goto out;
  }
  size_t len = 0;
  text = file_read_all(path, SETTINGS_MAX, &len, &d);
  root = text ? yaml_parse(text, len, path, &d) : NULL;
  if (!root) {
    *why = first_msg(&d, "the settings file cannot be read");
    goto out;
  }
  const val *sg = val_get_path(root, "signing");
  if (!sg)
    goto out;
  const char *keys[] = {"cert", "key", "chain", "p12", "password_file"};
  const char *v[5] = {0};
  for (size_t i = 0; i < 5; i++) {
    const val *x = val_get_path(sg, keys[i]);
    if (x && (x->kind != VAL_STR || !*x->u.str)) {
      *why =
          xasprintf("%s:%u:%u: signing.%s: a file path is needed", path, x->line, x->col, keys[i]);
      goto out;
    }
    v[i] = x ? x->u.str : NULL;
  }
  if (sg->kind != VAL_MAP || (v[3] ? (v[0] || v[1] || v[2]) : !(v[0] && v[1]))) {
    *why = xasprintf("%s: signing takes {cert, key[, chain]} or {p12}, each with an optional "
                     "password_file",
                     path);
    goto out;
  }
  const char *slash = strrchr(path, '/');
  dir = xstrndup(path, (size_t)(slash - path));
  if (v[4]) {
    char *pf = resolve(dir, v[4]);
    pw = read_password(pf, why);
    free(pf);
    if (!pw)
      goto out;
  }
  if (v[3]) {
    char *p12 = resolve(dir, v[3]);
    id = sign_identity_from_p12(p12, pw ? pw : "", &d);
    free(p12);
  } else {
    char *cert = resolve(dir, v[0]), *key = resolve(dir, v[1]);
    char *chain = v[2] ? resolve(dir, v[2]) : NULL;
    id = sign_identity_from_pem(cert, key, chain, pw, &d);
    free(cert);
    free(key);
    free(chain);
  }
  if (!id)
    *why = first_msg(&d, "the signing identity cannot be read");
out:
  if (pw)
    memset(pw, 0, strlen(pw));
  free(pw);
  free(dir);
  free(text);
  val_free(root);
  diag_list_free(&d);
  free(path);
  return id;
}

bool ship_sign(char **bytes, size_t *len, char **note) {
  *note = NULL;
  char *why = NULL;
  sign_identity *id = settings_signer(&why);
  if (!id) {
    *note = why;
    return why == NULL;
  }
  diag_list d = DIAG_LIST_INIT;
  size_t sl = 0;
  char *s = sign_data(id, *bytes, *len, &sl, &d);
  bool ok = s != NULL;
  if (ok) {
    free(*bytes);
    *bytes = s;
    *len = sl;
    *note = xasprintf("signed by %s", sign_identity_subject(id));
  } else {
    *note = first_msg(&d, "signing failed");
  }
  diag_list_free(&d);
  sign_identity_free(id);
  return ok;
}

bool ship_bundle(const desc_set *set, const char *const *paths, size_t n, const char *out,
                 char **msg) {
  *msg = NULL;
  config **cfgs = xcalloc(n ? n : 1, sizeof *cfgs);
  bundle_member *m = xcalloc(n ? n : 1, sizeof *m);
  diag_list d = DIAG_LIST_INIT;
  char *bytes = NULL, *note = NULL;
  size_t len = 0;
  bool ok = false, secret = false;
  export_opts eo;
  memset(&eo, 0, sizeof eo);
  eo.format = EXPORT_XML;
  for (size_t i = 0; i < n; i++) {
    cfgs[i] = config_load(set, paths[i], &d);
    if (!cfgs[i]) {
      *msg = first_msg(&d, "a configuration cannot be read");
      goto out;
    }
    char *b = NULL;
    size_t bl = 0;
    diag_list_clear(&d);
    if (!export_profile(cfgs[i], &eo, &b, &bl, &d)) {
      *msg = first_msg(&d, "a configuration has errors");
      goto out;
    }
    m[i].file = paths[i];
    m[i].cfg = cfgs[i];
    m[i].bytes = b;
    m[i].len = bl;
    secret |= model_has_secrets(cfgs[i]) || val_get_path(cfgs[i]->root, "credential.file");
  }
  diag_list_clear(&d);
  bundle_opts bo = {0};
  if (!bundle_build(m, n, &bo, &bytes, &len, &d)) {
    *msg = first_msg(&d, "the bundle cannot be made");
    goto out;
  }
  if (!ship_sign(&bytes, &len, &note)) {
    *msg = xasprintf("not written: %s", note);
    goto out;
  }
  file_write_opts wo = {.secret = secret, .stream = true};
  diag_list_clear(&d);
  if (!file_write(out, bytes, len, &wo, &d)) {
    *msg = first_msg(&d, "the bundle cannot be written");
    goto out;
  }
  *msg = note ? xasprintf("%s: %zu configurations in one profile, %s", out, n, note)
              : xasprintf("%s: %zu configurations in one profile", out, n);
  ok = true;
out:
  free(note);
  free(bytes);
  diag_list_free(&d);
  for (size_t i = 0; i < n; i++) {
    free((char *)m[i].bytes);
    config_free(cfgs[i]);
  }
  free(m);
  free(cfgs);
  return ok;
}
