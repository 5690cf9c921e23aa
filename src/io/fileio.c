/* Whole-file reads, careful writes and FILE.lock (docs/files.md).
 *
 * A configuration holds UUIDs a device pairs profiles with, so a failed save
 * must never leave it truncated: data goes to a temp file in the same
 * directory, is fsync'ed, then renamed over the original. Users are often
 * root on a shared machine, so what is at the target name is looked at first:
 * only regular files are replaced, their owner, group and mode are kept, and
 * symlinks are followed only where the kernel's protected_symlinks rule would
 * follow them (checked here, whatever the sysctl says: it is off on many
 * machines and does not exist on others).
 */
/* realpath() (a symlink's target) is XSI, POSIX with the X/Open extensions. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "io/fileio.h"
#include "core/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_LINKS 40
/* A temp file of a dead process younger than this may still belong to a
 * writer on another machine sharing the directory (NFS): left alone. */
#define STALE_AFTER_S 60

const char *file_kind_name(mode_t mode) {
  if (S_ISREG(mode))
    return "a regular file";
  if (S_ISDIR(mode))
    return "a directory";
  if (S_ISCHR(mode))
    return "a character device";
  if (S_ISBLK(mode))
    return "a block device";
  if (S_ISFIFO(mode))
    return "a FIFO";
  if (S_ISLNK(mode))
    return "a symlink";
  if (S_ISSOCK(mode))
    return "a socket";
  return "not a regular file";
}

int file_open_regular(const char *path, struct stat *st) {
  /* O_NONBLOCK: opening a FIFO with no writer must not hang. */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  if (fstat(fd, st) != 0) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  if (!S_ISREG(st->st_mode)) {
    close(fd);
    errno = S_ISDIR(st->st_mode) ? EISDIR : EINVAL;
    return -1;
  }
  int fl = fcntl(fd, F_GETFL);
  if (fl >= 0)
    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
  return fd;
}

/* Reads fd to its end, up to max bytes (st: its status, for a first size). */
static char *read_fd(int fd, const char *path, const struct stat *st, size_t max, size_t *len,
                     diag_list *diags) {
  if (S_ISREG(st->st_mode) && (st->st_size < 0 || (unsigned long long)st->st_size > max)) {
    diag_addc(diags, DIAG_ERROR, DC_FILE_TOO_LARGE, NULL, 0, 0, NULL,
              "cannot read %s: file too large (%lld bytes; the limit is %zu)", path,
              (long long)st->st_size, max);
    return NULL;
  }
  /* The size may change while reading (someone appends): read to EOF, up to max. */
  size_t cap = S_ISREG(st->st_mode) ? (size_t)st->st_size + 1 : 4096;
  if (cap < 64)
    cap = 64;
  char *buf = xmalloc(cap);
  size_t n = 0;
  for (;;) {
    if (n + 1 >= cap) {
      if (cap > max + 1) {
        diag_addc(diags, DIAG_ERROR, DC_FILE_TOO_LARGE, NULL, 0, 0, NULL,
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
      diag_addc(diags, DIAG_ERROR, diag_code_read_errno(errno), NULL, 0, 0, NULL,
                "cannot read %s: %s", path, strerror(errno));
      goto fail;
    }
    if (r == 0)
      break;
    n += (size_t)r;
  }
  if (n > max) {
    diag_addc(diags, DIAG_ERROR, DC_FILE_TOO_LARGE, NULL, 0, 0, NULL,
              "cannot read %s: file too large (the limit is %zu bytes)", path, max);
    goto fail;
  }
  buf[n] = 0;
  if (len)
    *len = n;
  return buf;
fail:
  free(buf);
  return NULL;
}

char *file_read_all(const char *path, size_t max, size_t *len, diag_list *diags) {
  struct stat st;
  int fd = file_open_regular(path, &st);
  if (fd < 0) {
    if (errno == EINVAL)
      diag_addc(diags, DIAG_ERROR, DC_NOT_A_FILE, NULL, 0, 0, NULL,
                "cannot read %s: it is %s, not a regular file", path, file_kind_name(st.st_mode));
    else if (errno == EISDIR)
      diag_addc(diags, DIAG_ERROR, DC_NOT_A_FILE, NULL, 0, 0, NULL,
                "cannot read %s: is a directory", path);
    else
      diag_addc(diags, DIAG_ERROR, diag_code_read_errno(errno), NULL, 0, 0, NULL,
                "cannot read %s: %s", path, strerror(errno));
    return NULL;
  }
  char *buf = read_fd(fd, path, &st, max, len, diags);
  close(fd);
  return buf;
}

char *file_read_stream(const char *path, size_t max, size_t *len, diag_list *diags) {
  int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    diag_addc(diags, DIAG_ERROR, diag_code_read_errno(errno), NULL, 0, 0, NULL,
              "cannot read %s: %s", path, strerror(errno));
    if (fd >= 0)
      close(fd);
    return NULL;
  }
  char *buf = NULL;
  if (S_ISDIR(st.st_mode) || S_ISSOCK(st.st_mode))
    diag_addc(diags, DIAG_ERROR, DC_NOT_A_FILE, NULL, 0, 0, NULL, "cannot read %s: it is %s", path,
              file_kind_name(st.st_mode));
  else
    buf = read_fd(fd, path, &st, max, len, diags);
  close(fd);
  return buf;
}

char *file_read_fd(int fd, const char *name, size_t max, size_t *len, diag_list *diags) {
  struct stat st;
  if (fstat(fd, &st) != 0) {
    diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL, "cannot read %s: %s", name, strerror(errno));
    return NULL;
  }
  if (S_ISDIR(st.st_mode)) { /* a socket is fine: standard input may be one */
    diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL, "cannot read %s: it is %s", name,
             file_kind_name(st.st_mode));
    return NULL;
  }
  return read_fd(fd, name, &st, max, len, diags);
}

/* ---- helpers ----------------------------------------------------------------- */

static bool write_all(int fd, const char *p, size_t n) {
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      return false;
    }
    if (w == 0) {
      errno = EIO;
      return false;
    }
    p += w;
    n -= (size_t)w;
  }
  return true;
}

/* The directory part of path ("." when none). Caller frees. */
static char *dir_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash)
    return xstrdup(".");
  while (slash > path && slash[-1] == '/')
    slash--;
  return slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
}

static const char *base_of(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

static mode_t current_umask(void) {
  mode_t m = umask(077);
  umask(m);
  return m;
}

/* A sticky directory anyone may write to (/tmp): where other users can plant names. */
static bool sticky_public(const struct stat *dst) {
  return (dst->st_mode & S_ISVTX) && (dst->st_mode & S_IWOTH);
}

static char *user_name(uid_t uid) {
  struct passwd *pw = getpwuid(uid);
  return pw ? xstrdup(pw->pw_name) : xasprintf("uid %ld", (long)uid);
}

static char *group_name(gid_t gid) {
  struct group *gr = getgrgid(gid);
  return gr ? xstrdup(gr->gr_name) : xasprintf("gid %ld", (long)gid);
}

static bool in_group(gid_t gid) {
  if (getegid() == gid)
    return true;
  int n = getgroups(0, NULL);
  if (n <= 0)
    return false;
  gid_t *gs = xcalloc((size_t)n, sizeof *gs);
  n = getgroups(n, gs);
  bool found = false;
  for (int i = 0; i < n && !found; i++)
    found = gs[i] == gid;
  free(gs);
  return found;
}

/* May the user write to the file, by its permission bits? Root may write
 * anything, but a file nobody may write (0444) was made read-only on purpose:
 * root too needs --force for it, as with vim's :w!. */
static bool writable_by_user(const char *path, const struct stat *st) {
  uid_t me = geteuid();
  if (me == 0)
    return (st->st_mode & 0222) != 0;
  if (faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) == 0)
    return true; /* the bits, or an ACL, allow it */
  if (st->st_uid == me)
    return (st->st_mode & S_IWUSR) != 0;
  if (in_group(st->st_gid))
    return (st->st_mode & S_IWGRP) != 0;
  return (st->st_mode & S_IWOTH) != 0;
}

/* ---- finding what is at the target name ------------------------------------- */

typedef struct target {
  char *path;    /* the name to write (links resolved); caller frees */
  bool exists;   /* st is valid */
  bool via_link; /* path was reached through a symlink */
  struct stat st;
} target;

/* Follows the symlinks at path one by one, refusing any the kernel's
 * fs.protected_symlinks would refuse: a link in a sticky world-writable
 * directory, owned neither by the user nor by the directory's owner.
 * Links the kernel makes up (/dev/stdout → /proc/self/fd/1 → "pipe:[…]") end
 * in a name that does not exist: then the kernel's own answer (stat) is used
 * with the name as given, which only a FIFO or device can be written through. */
static bool resolve(const char *path, bool follow, target *t, diag_list *diags) {
  memset(t, 0, sizeof *t);
  char *cur = xstrdup(path);
  for (int hops = 0;; hops++) {
    if (lstat(cur, &t->st) != 0) {
      if (errno != ENOENT) {
        diag_addc(diags, DIAG_ERROR, DC_FILE_WRITE, NULL, 0, 0, NULL, "cannot write %s: %s", path,
                  strerror(errno));
        free(cur);
        return false;
      }
      if (hops > 0 && stat(path, &t->st) == 0 && !S_ISREG(t->st.st_mode)) {
        free(cur);
        t->path = xstrdup(path);
        t->exists = true;
        t->via_link = true;
        return true;
      }
      t->path = cur;
      return true;
    }
    if (!S_ISLNK(t->st.st_mode) || !follow) {
      t->path = cur;
      t->exists = true;
      return true;
    }
    if (hops >= MAX_LINKS) {
      diag_addc(diags, DIAG_ERROR, DC_FILE_WRITE, NULL, 0, 0, NULL, "cannot write %s: %s", path,
                strerror(ELOOP));
      free(cur);
      return false;
    }
    char *dir = dir_of(cur);
    struct stat dst;
    if (stat(dir, &dst) == 0 && sticky_public(&dst) && t->st.st_uid != geteuid() &&
        t->st.st_uid != dst.st_uid) {
      char *owner = user_name(t->st.st_uid);
      diag_addc(diags, DIAG_ERROR, DC_FILE_WRITE, NULL, 0, 0, NULL,
                "not writing %s: %s is a symlink owned by %s in the sticky world-writable "
                "directory %s; such links are not followed (the fs.protected_symlinks rule)",
                path, cur, owner, dir);
      free(owner);
      free(dir);
      free(cur);
      return false;
    }
    char buf[PATH_MAX];
    ssize_t n = readlink(cur, buf, sizeof buf - 1);
    if (n < 0) {
      diag_addc(diags, DIAG_ERROR, DC_FILE_WRITE, NULL, 0, 0, NULL, "cannot write %s: %s: %s", path,
                cur, strerror(errno));
      free(dir);
      free(cur);
      return false;
    }
    buf[n] = 0;
    char *next = buf[0] == '/' ? xstrdup(buf) : xasprintf("%s/%s", dir, buf);
    free(dir);
    free(cur);
    cur = next;
    t->via_link = true;
  }
}

/* ---- temp files -------------------------------------------------------------- */

/* Temp files are ".BASE.appvpn-PID-RANDOM" next to the target: the pid tells
 * a later run whether their writer is gone. */
#define TEMP_TAG ".appvpn-"

/* Removes temp files for base in dir left by an appvpn that was killed before
 * its rename: the user's own regular files whose process no longer exists and
 * that were last written STALE_AFTER_S seconds ago or more. */
static void remove_stale_temps(const char *dir, const char *base) {
  DIR *d = opendir(dir);
  if (!d)
    return;
  char *prefix = xasprintf(".%s" TEMP_TAG, base);
  size_t pl = strlen(prefix);
  time_t now = time(NULL);
  struct dirent *e;
  while ((e = readdir(d))) {
    if (strncmp(e->d_name, prefix, pl) != 0)
      continue;
    const char *p = e->d_name + pl;
    char *end;
    errno = 0;
    long pid = strtol(p, &end, 10);
    if (errno || end == p || pid <= 0 || *end != '-' || strlen(end + 1) != 8 ||
        strspn(end + 1, "0123456789abcdef") != 8)
      continue;
    if ((pid_t)pid == getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
      continue;
    char *full = xasprintf("%s/%s", dir, e->d_name);
    struct stat st;
    if (lstat(full, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
        now - st.st_mtime >= STALE_AFTER_S)
      unlink(full);
    free(full);
  }
  free(prefix);
  closedir(d);
}

/* Creates the temp file (O_EXCL|O_NOFOLLOW, 0600: never an existing file or
 * a planted link). Returns the fd and its name in *name, or -1 with errno. */
static int temp_create(const char *dir, const char *base, char **name) {
  static unsigned long counter;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  uint32_t x = (uint32_t)ts.tv_nsec ^ ((uint32_t)ts.tv_sec << 7) ^ (uint32_t)getpid() * 2654435761u;
  for (int tries = 0; tries < 100; tries++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    x += (uint32_t)++counter * 0x9E3779B9u;
    char *t = xasprintf("%s/.%s" TEMP_TAG "%ld-%08lx", dir, base, (long)getpid(), (unsigned long)x);
    int fd = open(t, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0600);
    if (fd >= 0) {
      *name = t;
      return fd;
    }
    int err = errno;
    free(t);
    if (err != EEXIST) {
      errno = err;
      return -1;
    }
  }
  errno = EEXIST;
  return -1;
}

/* ---- writing ----------------------------------------------------------------- */

/* Into a character device or FIFO (never replaced): no O_CREAT, no O_TRUNC.
 * A FIFO is opened without blocking, so one that nobody reads is an error
 * rather than a hang. */
static bool write_into(const char *path, const target *t, const void *data, size_t len,
                       diag_list *diags) {
  bool fifo = S_ISFIFO(t->st.st_mode);
  int fd = open(t->path, O_WRONLY | O_NOCTTY | O_CLOEXEC | (fifo ? O_NONBLOCK : 0));
  if (fd < 0) {
    if (fifo && errno == ENXIO)
      diag_addc(diags, DIAG_ERROR, DC_FILE_WRITE, NULL, 0, 0, NULL,
                "cannot write %s: it is a FIFO and nothing is reading from it", path);
    else
      diag_addc(diags, DIAG_ERROR, DC_FILE_WRITE, NULL, 0, 0, NULL, "cannot write %s: %s", path,
                strerror(errno));
    return false;
  }
  struct stat now;
  bool ok = false;
  if (fstat(fd, &now) != 0 || S_ISREG(now.st_mode) ||
      (now.st_mode & S_IFMT) != (t->st.st_mode & S_IFMT)) {
    diag_addc(diags, DIAG_ERROR, DC_FILE_CHANGED, NULL, 0, 0, NULL,
              "cannot write %s: it changed while being opened", path);
    goto out;
  }
  if (fifo) {
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
      fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
  }
  if (!write_all(fd, data, len)) {
    diag_addc(diags, DIAG_ERROR, DC_FILE_WRITE, NULL, 0, 0, NULL, "cannot write %s: %s", path,
              strerror(errno));
    goto out;
  }
  ok = true;
out:
  if (close(fd) != 0 && ok) {
    diag_addc(diags, DIAG_ERROR, DC_FILE_WRITE, NULL, 0, 0, NULL, "cannot write %s: %s", path,
              strerror(errno));
    ok = false;
  }
  return ok;
}

/* Gives the temp file the old file's owner and group where the user may
 * (root: both; a member of the file's group: the group), and says what could
 * not be kept. */
static void keep_owner(int fd, const char *path, const struct stat *old, diag_list *diags) {
  uid_t u = geteuid() == 0 ? old->st_uid : (uid_t)-1;
  /* root failing for the owner (e.g. NFS root squash): the group at least;
   * what stuck is checked below, so the result of this retry can go */
  if (fchown(fd, u, old->st_gid) != 0 && u != (uid_t)-1 && fchown(fd, (uid_t)-1, old->st_gid) != 0)
    u = (uid_t)-1;
  struct stat now;
  if (fstat(fd, &now) != 0)
    return;
  if (now.st_uid != old->st_uid) {
    char *was = user_name(old->st_uid), *is = user_name(now.st_uid);
    diag_addc(diags, DIAG_WARNING, DC_FILE_WRITE, NULL, 0, 0, NULL,
              "%s is now owned by %s (it was %s's): only root can keep another user's file "
              "theirs",
              path, is, was);
    free(was);
    free(is);
  }
  if (now.st_gid != old->st_gid) {
    char *was = group_name(old->st_gid), *is = group_name(now.st_gid);
    diag_addc(diags, DIAG_WARNING, DC_FILE_WRITE, NULL, 0, 0, NULL,
              "%s now belongs to group %s (it was %s): you are not a member of %s", path, is, was,
              was);
    free(was);
    free(is);
  }
}

static bool replace_regular(const char *path, const target *t, const void *data, size_t len,
                            const file_write_opts *o, diag_list *diags) {
  bool keep = t->exists && !o->own;
  mode_t mode;
  if (keep)
    mode = t->st.st_mode & (o->secret ? 0600 : 0777);
  else if (o->own)
    mode = 0600;
  else
    mode = (o->secret ? 0600 : 0666) & ~current_umask();

  char *dir = dir_of(t->path);
  const char *base = base_of(t->path);
  remove_stale_temps(dir, base);
  char *tmp = NULL;
  bool ok = false;
  const char *step = NULL;
  int err = 0;
  int fd = temp_create(dir, base, &tmp);
  if (fd < 0) {
    err = errno;
    step = "cannot create a temporary file beside it";
    goto out;
  }
  if (!write_all(fd, data, len) || fsync(fd) != 0) {
    err = errno;
    close(fd);
    goto out;
  }
  if (keep)
    keep_owner(fd, path, &t->st, diags);
  if (fchmod(fd, mode) != 0) {
    err = errno;
    close(fd);
    goto out;
  }
  if (close(fd) != 0) {
    err = errno;
    goto out;
  }
  if (o->exclusive) {
    /* link() fails if the name exists, however it came to: create-only. */
    if (link(tmp, t->path) == 0) {
      unlink(tmp);
    } else if (errno == EPERM || errno == ENOTSUP || errno == EOPNOTSUPP || errno == ENOSYS) {
      /* A file system without hard links: look, then rename. */
      struct stat x;
      if (lstat(t->path, &x) == 0 || errno != ENOENT) {
        err = EEXIST;
        goto out;
      }
      if (rename(tmp, t->path) != 0) {
        err = errno;
        goto out;
      }
    } else {
      err = errno;
      goto out;
    }
  } else if (rename(tmp, t->path) != 0) {
    err = errno;
    goto out;
  }
  free(tmp);
  tmp = NULL; /* in place: nothing to clean up */
  /* The rename itself is durable only once the directory is synced. */
  int dfd = open(dir, O_RDONLY | O_CLOEXEC);
  if (dfd >= 0) {
    if (fsync(dfd) != 0 && errno != EINVAL && errno != EBADF)
      diag_addc(diags, DIAG_WARNING, DC_FILE_WRITE, NULL, 0, 0, NULL,
                "%s written, but syncing its directory failed: %s", path, strerror(errno));
    close(dfd);
  }
  if (keep && t->st.st_nlink > 1)
    diag_addc(diags, DIAG_WARNING, DC_FILE_WRITE, NULL, 0, 0, NULL,
              "%s had %ld hard links: it is a new file now, the other names keep the old content",
              path, (long)t->st.st_nlink);
  ok = true;
out:
  if (!ok) {
    if (tmp)
      unlink(tmp);
    if (step)
      diag_addc(diags, DIAG_ERROR, DC_FILE_WRITE, NULL, 0, 0, NULL, "cannot write %s: %s in %s: %s",
                path, step, dir, strerror(err ? err : EIO));
    else
      diag_addc(diags, DIAG_ERROR, DC_FILE_WRITE, NULL, 0, 0, NULL, "cannot write %s: %s", path,
                strerror(err ? err : EIO));
  }
  free(tmp);
  free(dir);
  return ok;
}

bool file_write(const char *path, const void *data, size_t len, const file_write_opts *opts,
                diag_list *diags) {
  static const file_write_opts none;
  const file_write_opts *o = opts ? opts : &none;
  target t;
  if (!resolve(path, !o->own, &t, diags))
    return false;
  bool ok = false;
  char *dir = dir_of(t.path);
  struct stat dst;
  bool public_dir = stat(dir, &dst) == 0 && sticky_public(&dst);
  if (!t.exists) {
    ok = replace_regular(path, &t, data, len, o, diags);
    goto out;
  }
  mode_t kind = t.st.st_mode & S_IFMT;
  if (kind == S_IFDIR) {
    diag_addc(diags, DIAG_ERROR, DC_FILE_WRITE, NULL, 0, 0, NULL, "cannot write %s: %s", path,
              strerror(EISDIR));
    goto out;
  }
  if (o->refuse_same_as && t.st.st_dev == o->refuse_same_as->st_dev &&
      t.st.st_ino == o->refuse_same_as->st_ino) {
    diag_addc(diags, DIAG_ERROR, DC_FILE_WRITE, NULL, 0, 0, NULL,
              "not writing %s: it is the input file (never written over)", path);
    goto out;
  }
  if (o->exclusive) {
    diag_addc(diags, DIAG_ERROR, DC_FILE_WRITE, NULL, 0, 0, NULL, "cannot write %s: %s", path,
              strerror(EEXIST));
    goto out;
  }
  if (o->own) {
    /* Our own name: whatever is there is replaced by rename, never opened. */
    ok = replace_regular(path, &t, data, len, o, diags);
    goto out;
  }
  /* The kernel's protected_regular and protected_fifos rules: in /tmp and the
   * like, a file of another user may be a trap laid for us. */
  if ((kind == S_IFREG || kind == S_IFIFO) && public_dir && t.st.st_uid != geteuid() &&
      t.st.st_uid != dst.st_uid) {
    char *owner = user_name(t.st.st_uid);
    diag_addc(diags, DIAG_ERROR, DC_FILE_WRITE, NULL, 0, 0, NULL,
              "not writing %s: it belongs to %s and is in the sticky world-writable directory "
              "%s (the fs.protected_regular rule)",
              path, owner, dir);
    free(owner);
    goto out;
  }
  if (kind == S_IFREG) {
    if (!o->force && !writable_by_user(t.path, &t.st)) {
      if (geteuid() == 0 || t.st.st_uid == geteuid()) {
        diag_addc(diags, DIAG_ERROR, DC_FILE_WRITE, NULL, 0, 0, NULL,
                  "cannot write %s: it is read-only (mode %04o); --force writes it anyway", path,
                  (unsigned)(t.st.st_mode & 07777));
      } else {
        char *owner = user_name(t.st.st_uid);
        diag_addc(diags, DIAG_ERROR, DC_FILE_WRITE, NULL, 0, 0, NULL,
                  "cannot write %s: %s (mode %04o, owned by %s); --force replaces it anyway", path,
                  strerror(EACCES), (unsigned)(t.st.st_mode & 07777), owner);
        free(owner);
      }
      goto out;
    }
    ok = replace_regular(path, &t, data, len, o, diags);
    goto out;
  }
  if ((kind == S_IFCHR || kind == S_IFIFO) && o->stream) {
    ok = write_into(path, &t, data, len, diags);
    goto out;
  }
  if (kind == S_IFCHR || kind == S_IFIFO)
    diag_addc(diags, DIAG_ERROR, DC_FILE_WRITE, NULL, 0, 0, NULL,
              "not writing %s: it is %s; a configuration is only written to a regular file "
              "(replaced whole, never written into)",
              path, file_kind_name(t.st.st_mode));
  else
    diag_addc(diags, DIAG_ERROR, DC_FILE_WRITE, NULL, 0, 0, NULL,
              "not writing %s: it is %s, which appvpn never writes to or replaces", path,
              file_kind_name(t.st.st_mode));
out:
  free(dir);
  free(t.path);
  return ok;
}

/* ---- FILE.lock --------------------------------------------------------------- */

struct file_lock {
  int fd;
  char *path;
};

static void nap_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
    ;
}

static long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

file_lock *file_lock_take(const char *path, unsigned wait_ms, diag_list *diags) {
  char *lp = xasprintf("%s.lock", path);
  long deadline = now_ms() + (long)wait_ms;
  long holder = 0;
  unsigned nap = 2;
  for (;;) {
    /* No O_TRUNC and nothing written: a planted FILE.lock is never changed. */
    const int flags = O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
    int fd = open(lp, flags | O_CREAT | O_EXCL, 0600);
    if (fd >= 0) {
      /* Made here: whoever may write FILE must be able to lock it, even
       * after a killed holder left this FILE.lock behind. */
      struct stat fs;
      if (stat(path, &fs) == 0) {
        /* the file's group when a member (else the mode alone applies) */
        int r = fchown(fd, (uid_t)-1, fs.st_gid);
        (void)r;
        fchmod(fd, (fs.st_mode & 0666) | 0600);
      } else {
        fchmod(fd, 0666 & ~current_umask());
      }
    } else if (errno == EEXIST) {
      fd = open(lp, flags);
      if (fd < 0 && errno == ENOENT)
        continue; /* removed by its holder meanwhile */
    }
    if (fd < 0) {
      diag_addc(diags, DIAG_ERROR, DC_FILE_LOCK, NULL, 0, 0, NULL, "cannot lock %s: %s: %s", path,
                lp, errno == ELOOP ? "is a symlink" : strerror(errno));
      break;
    }
    struct stat a, b;
    memset(&a, 0, sizeof a);
    if (fstat(fd, &a) != 0 || !S_ISREG(a.st_mode)) {
      diag_addc(diags, DIAG_ERROR, DC_FILE_LOCK, NULL, 0, 0, NULL, "cannot lock %s: %s is %s", path,
                lp, file_kind_name(a.st_mode));
      close(fd);
      break;
    }
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (fcntl(fd, F_SETLK, &fl) == 0) {
      /* The holder before us removes FILE.lock as it lets go: a lock on a
       * name no longer there locks nothing, so try again with the new one. */
      if (lstat(lp, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
        file_lock *l = xmalloc(sizeof *l);
        l->fd = fd;
        l->path = lp;
        return l;
      }
      close(fd);
      continue;
    }
    if (errno != EACCES && errno != EAGAIN) {
      diag_addc(diags, DIAG_ERROR, DC_FILE_LOCK, NULL, 0, 0, NULL, "cannot lock %s: %s: %s", path,
                lp, strerror(errno));
      close(fd);
      break;
    }
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
      holder = (long)fl.l_pid;
    close(fd);
    long left = deadline - now_ms();
    if (left <= 0) {
      if (holder > 0)
        diag_addc(diags, DIAG_ERROR, DC_FILE_LOCK, NULL, 0, 0, NULL,
                  "cannot lock %s: %s is held by process %ld (a concurrent writer); "
                  "gave up after %u ms",
                  path, lp, holder, wait_ms);
      else
        diag_addc(diags, DIAG_ERROR, DC_FILE_LOCK, NULL, 0, 0, NULL,
                  "cannot lock %s: %s is held by another process; gave up after %u ms", path, lp,
                  wait_ms);
      break;
    }
    nap_ms(nap < left ? (long)nap : left);
    if (nap < 32)
      nap *= 2;
  }
  free(lp);
  return NULL;
}

void file_lock_release(file_lock *l) {
  if (!l)
    return;
  /* Unlink first, then close (which drops the lock): a waiter that gets the
   * old file sees it is gone and opens the name again. */
  unlink(l->path);
  close(l->fd);
  free(l->path);
  free(l);
}
