/* A file's identity, remembered when the editor loads it and checked before
 * it writes, so a change made on disk meanwhile is never overwritten without
 * a question (docs/files.md "Changed on disk"). */
#ifndef APPVPN_IO_FILE_IDENT_H
#define APPVPN_IO_FILE_IDENT_H
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct file_ident {
  bool exists;
  dev_t dev;
  ino_t ino;
  off_t size;
  time_t mtime;
  uint64_t hash; /* FNV-1a 64 of the contents (regular files) */
} file_ident;

/* Reads path's identity (following symlinks, as a load does). A missing file
 * gives exists == false and true; any other failure returns false. */
bool file_ident_read(const char *path, file_ident *out);
/* True when the contents differ (or one exists and the other does not):
 * size and hash decide, so saving the same bytes again is no change. */
bool file_ident_changed(const file_ident *was, const file_ident *now);
/* True when both name one existing file (same device and inode). */
bool file_ident_same_file(const file_ident *a, const file_ident *b);

#endif
