/* The floor for batch export: N files created and written in one new
 * directory with the bytes of one profile each, as fast as the C library
 * allows, no parsing, no substitution, no validation, no sync. What the
 * file system costs, whoever writes the files.
 *
 * usage: file_floor PROFILE N OUT_DIR
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 4) {
    fputs("usage: file_floor PROFILE N OUT_DIR\n", stderr);
    return 2;
  }
  FILE *in = fopen(argv[1], "rb");
  if (!in)
    return perror(argv[1]), 1;
  static char buf[1 << 20];
  size_t len = fread(buf, 1, sizeof buf, in);
  fclose(in);
  long n = strtol(argv[2], NULL, 10);
  if (mkdir(argv[3], 0777) != 0)
    return perror(argv[3]), 1;
  int dir = open(argv[3], O_RDONLY | O_DIRECTORY);
  if (dir < 0)
    return perror(argv[3]), 1;
  for (long i = 0; i < n; i++) {
    char name[64];
    snprintf(name, sizeof name, "user%ld@example.com.mobileconfig", i);
    int fd = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0 || write(fd, buf, len) != (ssize_t)len || close(fd) != 0)
      return perror(name), 1;
  }
  close(dir);
  return 0;
}
