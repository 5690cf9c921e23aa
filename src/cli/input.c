/* Inputs named on the command line: "-" is standard input (read once per
 * run); a pipe, FIFO or character device is read as a stream to its end, up
 * to the command's limit, never trusting a size it reports. */
#include "cli/cli.h"
#include "io/fileio.h"

#include <stdarg.h>
#include <string.h>
#include <unistd.h>

void cli_error(const cli *c, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (c && c->cmd)
    fprintf(stderr, "appvpn %s: ", c->cmd->name);
  else
    fputs("appvpn: ", stderr);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

static const char *stdin_user;

bool cli_claim_stdin(const cli *c, const char *what) {
  if (stdin_user && !strcmp(stdin_user, what)) {
    cli_error(c, "standard input can be read for one %s only", what);
    return false;
  }
  if (stdin_user) {
    cli_error(c, "standard input is read for the %s; it cannot also give the %s", stdin_user, what);
    return false;
  }
  stdin_user = what;
  return true;
}

bool cli_stdin_taken(void) {
  return stdin_user != NULL;
}

char *cli_read_input(const cli *c, const char *path, size_t max, size_t *len, const char **name,
                     int *code) {
  diag_list d = DIAG_LIST_INIT;
  char *bytes;
  *code = EXIT_OK;
  if (!strcmp(path, "-")) {
    *name = "<stdin>";
    if (!cli_claim_stdin(c, "input file")) {
      *code = EXIT_USAGE;
      return NULL;
    }
    bytes = file_read_fd(STDIN_FILENO, "standard input", max, len, &d);
  } else {
    *name = path;
    bytes = file_read_stream(path, max, len, &d);
  }
  cli_print_diags(c, &d);
  diag_list_free(&d);
  if (!bytes)
    *code = EXIT_IO;
  return bytes;
}
