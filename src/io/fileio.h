/* Reading and writing files on a shared machine (docs/files.md has the rules).
 *
 * Every file appvpn writes — configurations, exported profiles, an imported
 * .p12, FILE.save — goes through file_write(); concurrent writers of one
 * configuration serialise on FILE.lock (file_lock_take()).
 */
#ifndef APPVPN_IO_FILEIO_H
#define APPVPN_IO_FILEIO_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>
#include "core/diag.h"

/* Reads a whole regular file (refuses directories, FIFOs, devices and
 * sockets: an input must never block or be endless; > max bytes is refused
 * too). Caller frees; the buffer is NUL-terminated. */
char *file_read_all(const char *path, size_t max, size_t *len, diag_list *diags);

/* Like file_read_all, but also reads a pipe, FIFO or character device to its
 * end (up to max): for inputs a user names for one value or table, such as
 * `--set-file KEY=<(pass show vpn)`. Opening a FIFO waits for its writer, as
 * cat does. Directories and sockets are refused. Caller frees. */
char *file_read_stream(const char *path, size_t max, size_t *len, diag_list *diags);
/* The same for an open descriptor (standard input), named `name` in
 * messages; fd stays open. */
char *file_read_fd(int fd, const char *name, size_t max, size_t *len, diag_list *diags);

/* Opens path for reading if it is a regular file (never blocks on a FIFO),
 * else returns -1 with errno set (EINVAL: not a regular file, whose kind
 * file_kind_name() names). st receives its status. Caller closes. */
int file_open_regular(const char *path, struct stat *st);
/* "a FIFO", "a character device", … for messages about st_mode. */
const char *file_kind_name(mode_t mode);

typedef struct file_write_opts {
  /* Holds a password or an identity: a new file is 0600 (less the umask), an
   * existing one keeps at most 0600. */
  bool secret;
  /* Write a file the user has no write permission for (read-only, 0444),
   * keeping its mode. */
  bool force;
  /* Create only: an existing path is an error (EEXIST). */
  bool exclusive;
  /* A character device or FIFO at path is written into (an export's output:
   * /dev/null, a terminal, a pipe) rather than refused. Regular files are
   * always replaced atomically. */
  bool stream;
  /* appvpn's own file (FILE.save): whatever is at path (a symlink, a FIFO, a
   * file of another owner) is replaced, never followed or written into, and
   * the new file is the user's own with mode 0600. */
  bool own;
  /* The input: never written over (same device and inode), e.g. `export -o`
   * naming the configuration itself. NULL: no such check. */
  const struct stat *refuse_same_as;
} file_write_opts;

/* Writes len bytes to path, the way careful editors do (docs/files.md):
 *   - a regular file is replaced atomically (temp file O_EXCL|O_NOFOLLOW 0600
 *     in the same directory, fsync, rename, fsync of the directory), keeping
 *     its owner, group and mode where the user may (warnings say what could
 *     not be kept); a new file gets 0666 (0600 when secret) less the umask;
 *   - symlinks are followed only where the kernel's fs.protected_symlinks rule
 *     would follow them;
 *   - devices, FIFOs and sockets are never replaced: written into (character
 *     devices and FIFOs, with o->stream) or refused;
 *   - a file that is read-only for the user is refused unless o->force;
 *   - stale temp files of a killed appvpn next to the target are removed.
 * On failure the target is as it was and an error is in diags. o may be NULL
 * (all options off). */
bool file_write(const char *path, const void *data, size_t len, const file_write_opts *o,
                diag_list *diags);

/* An advisory lock on FILE, held as a POSIX record lock (fcntl) on FILE.lock.
 * The kernel drops it when its holder dies, so a FILE.lock left by a killed
 * process is taken over, never stale; the holder removes FILE.lock when it
 * lets go. A lock held by another process is retried for wait_ms, then
 * refused with a message naming FILE.lock (and its holder's pid). */
typedef struct file_lock file_lock;
#define FILE_LOCK_WAIT_MS 3000
/* NULL with an error in diags when the lock cannot be had. Release with
 * file_lock_release(). */
file_lock *file_lock_take(const char *path, unsigned wait_ms, diag_list *diags);
/* Removes FILE.lock and lets go of the lock; NULL is ignored. */
void file_lock_release(file_lock *l);

#endif
