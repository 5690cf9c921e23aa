#include "io/file_ident.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool file_ident_read(const char *path, file_ident *out) {
  memset(out, 0, sizeof *out);
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return errno == ENOENT;
  struct stat st;
  if (fstat(fd, &st) != 0) {
    close(fd);
    return false;
  }
  out->exists = true;
  out->dev = st.st_dev;
  out->ino = st.st_ino;
  out->size = st.st_size;
  out->mtime = st.st_mtime;
  uint64_t h = UTIL_HASH64_INIT;
  if (S_ISREG(st.st_mode)) {
    unsigned char buf[65536];
    for (;;) {
      ssize_t n = read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0) {
        close(fd);
        return false;
      }
      if (n == 0)
        break;
      h = util_hash64(h, buf, (size_t)n);
    }
  }
  out->hash = h;
  close(fd);
  return true;
}

bool file_ident_changed(const file_ident *was, const file_ident *now) {
  if (was->exists != now->exists)
    return true;
  return was->exists && (was->size != now->size || was->hash != now->hash);
}

bool file_ident_same_file(const file_ident *a, const file_ident *b) {
  return a->exists && b->exists && a->dev == b->dev && a->ino == b->ino;
}
