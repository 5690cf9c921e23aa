/* Whole-file reads and atomic writes.
 *
 * A configuration holds UUIDs a device pairs profiles with, so a failed save
 * must never leave it truncated: data goes to a temp file in the same
 * directory, is fsync'ed, then renamed over the original.
 */
/* realpath() (a symlink's target) is XSI, POSIX with the X/Open extensions. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "core/util.h"
#include "io/config_io.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *file_read_all(const char *path, size_t max, size_t *len, diag_list *diags) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL, "cannot read %s: %s", path, strerror(errno));
    return NULL;
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL, "cannot read %s: %s", path, strerror(errno));
    close(fd);
    return NULL;
  }
  if (S_ISDIR(st.st_mode)) {
    diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL, "cannot read %s: is a directory", path);
    close(fd);
    return NULL;
  }
  /* Pipes and devices have no useful size: read until EOF, up to max. */
  size_t cap = S_ISREG(st.st_mode) && st.st_size >= 0 && (size_t)st.st_size <= max
                   ? (size_t)st.st_size + 1
                   : 4096;
  if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max) {
    diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL,
             "cannot read %s: file too large (%lld bytes; the limit is %zu)", path,
             (long long)st.st_size, max);
    close(fd);
    return NULL;
  }
  char *buf = xmalloc(cap);
  size_t n = 0;
  for (;;) {
    if (n + 1 >= cap) {
      if (cap > max + 1) {
        diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL,
                 "cannot read %s: file too large (the limit is %zu bytes)", path, max);
        goto fail;
      }
      cap *= 2;
      buf = xrealloc(buf, cap);
    }
    ssize_t r = read(fd, buf + n, cap - n - 1);
    if (r < 0) {
      if (errno == EINTR)
        continue;
      diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL, "cannot read %s: %s", path, strerror(errno));
      goto fail;
    }
    if (r == 0)
      break;
    n += (size_t)r;
  }
  if (n > max) {
    diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL,
             "cannot read %s: file too large (the limit is %zu bytes)", path, max);
    goto fail;
  }
  close(fd);
  buf[n] = 0;
  if (len)
    *len = n;
  return buf;
fail:
  free(buf);
  close(fd);
  return NULL;
}

static bool write_all(int fd, const char *p, size_t n) {
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      return false;
    }
    p += w;
    n -= (size_t)w;
  }
  return true;
}

bool file_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
                       diag_list *diags) {
  /* Write through a symlink to its target, as editors do, rather than
   * replacing the link with a regular file. */
  char *target = NULL;
  struct stat lst;
  if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
    target = realpath(path, NULL);
  if (!target)
    target = xstrdup(path);

  const char *slash = strrchr(target, '/');
  char *dir =
      slash ? xstrndup(target, slash == target ? 1 : (size_t)(slash - target)) : xstrdup(".");
  const char *base = slash ? slash + 1 : target;
  char *tmp = xasprintf("%s/.%s.XXXXXX", dir, base);
  const char *why = NULL;
  int err = 0;
  bool ok = false;

  int fd = mkstemp(tmp);
  if (fd < 0) {
    err = errno;
    free(tmp);
    tmp = NULL;
    goto out;
  }
  if (!write_all(fd, data, len) || fsync(fd) != 0 || fchmod(fd, mode) != 0) {
    err = errno;
    close(fd);
    goto out;
  }
  if (close(fd) != 0) {
    err = errno;
    goto out;
  }
  if (rename(tmp, target) != 0) {
    err = errno;
    goto out;
  }
  free(tmp);
  tmp = NULL; /* renamed: nothing to clean up */
  /* The rename itself is durable only once the directory is synced. */
  int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    if (fsync(dfd) != 0 && errno != EINVAL)
      why = strerror(errno);
    close(dfd);
  }
  if (why) {
    diag_add(diags, DIAG_WARNING, NULL, 0, 0, NULL,
             "%s written, but syncing its directory failed: %s", path, why);
  }
  ok = true;
out:
  if (!ok) {
    if (tmp)
      unlink(tmp);
    diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL, "cannot write %s: %s", path,
             strerror(err ? err : EIO));
  }
  free(tmp);
  free(dir);
  free(target);
  return ok;
}
