/* Settings from the command line: KEY=VALUE (set's arguments, new --set),
 * KEY=PATH (--set-file: the file's text, `-` for standard input) and KEY
 * (--set-prompt: typed at the terminal without echo for passwords), so a
 * password need never appear in argv, the shell history or `ps`. */
#include "cli/cli.h"
#include "core/kinds.h"
#include "core/util.h"
#include "io/config_io.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* What --set-file reads at most: a secret or a certificate's name, not data. */
#define SET_FILE_MAX (1u << 20)

static volatile sig_atomic_t interrupted;
static void on_interrupt(int sig) {
  interrupted = sig;
}

/* One line typed at the terminal on stdin; no echo when secret. NULL when
 * interrupted or at end of input. Caller frees. */
static char *prompt_tty(const char *label, bool secret) {
  struct termios old, quiet;
  bool restore = false;
  struct sigaction sa, old_int, old_term;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_interrupt; /* no SA_RESTART: read() returns EINTR */
  sigemptyset(&sa.sa_mask);
  interrupted = 0;
  sigaction(SIGINT, &sa, &old_int);
  sigaction(SIGTERM, &sa, &old_term);
  if (secret && tcgetattr(STDIN_FILENO, &old) == 0) {
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    quiet.c_lflag |= ECHONL;
    restore = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
  }
  fprintf(stderr, "%s: ", cli_esc(label));
  fflush(stderr);
  strbuf b = STRBUF_INIT;
  bool ok = false;
  for (;;) {
    char ch;
    ssize_t n = read(STDIN_FILENO, &ch, 1);
    if (n < 0 && errno == EINTR && !interrupted)
      continue;
    if (n <= 0 || interrupted)
      break;
    if (ch == '\n') {
      ok = true;
      break;
    }
    if (b.len < SET_FILE_MAX)
      strbuf_putc(&b, ch);
  }
  if (restore)
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
  sigaction(SIGINT, &old_int, NULL);
  sigaction(SIGTERM, &old_term, NULL);
  if (!ok) {
    if (interrupted || (secret && !restore))
      fputc('\n', stderr);
    strbuf_free(&b);
    return NULL;
  }
  return strbuf_take(&b);
}

/* Standard input to its end (at most SET_FILE_MAX bytes). Caller frees. */
static char *read_stdin(size_t *len) {
  strbuf b = STRBUF_INIT;
  char buf[4096];
  errno = 0;
  for (;;) {
    ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 || b.len + (size_t)n > SET_FILE_MAX) {
      if (n >= 0)
        errno = 0;
      strbuf_free(&b);
      return NULL;
    }
    if (n == 0)
      break;
    strbuf_putn(&b, buf, (size_t)n);
  }
  *len = b.len;
  if (!b.s)
    strbuf_puts(&b, "");
  return strbuf_take(&b);
}

int cli_setting_resolve(const cli *c, const config *cfg, const cli_setting *s, char **key,
                        char **text) {
  *key = NULL;
  *text = NULL;
  if (s->from == SETTING_PROMPT) {
    if (!*s->arg || strchr(s->arg, '=')) {
      cli_error(c, "--set-prompt takes a KEY, not '%s'", cli_esc(s->arg));
      return EXIT_USAGE;
    }
    if (!isatty(STDIN_FILENO)) {
      cli_error(c,
                "--set-prompt %s needs a terminal on standard input; use "
                "--set-file %s=- to read it from a pipe",
                cli_esc(s->arg), cli_esc(s->arg));
      return EXIT_USAGE;
    }
    if (cli_stdin_taken()) { /* the terminal is read line by line: prompts may follow prompts */
      cli_error(c, "standard input is already read for another input");
      return EXIT_USAGE;
    }
    const desc_field *f = model_field_for_path(cfg, s->arg);
    bool secret = !f || kind_of(f)->secret;
    *text = prompt_tty(f && f->label ? f->label : s->arg, secret);
    if (!*text) {
      cli_error(c, "no value typed for %s; nothing changed", cli_esc(s->arg));
      return EXIT_USAGE;
    }
    *key = xstrdup(s->arg);
    return EXIT_OK;
  }
  const char *eq = strchr(s->arg, '=');
  if (!eq || eq == s->arg) {
    cli_error(c, "'%s': expected %s", cli_esc(s->arg),
              s->from == SETTING_FILE ? "KEY=PATH" : "KEY=VALUE");
    return EXIT_USAGE;
  }
  *key = xstrndup(s->arg, (size_t)(eq - s->arg));
  if (s->from == SETTING_TEXT) {
    *text = xstrdup(eq + 1);
    return EXIT_OK;
  }
  /* --set-file: the file's text, less one final line break (echo adds it) */
  const char *path = eq + 1;
  diag_list d = DIAG_LIST_INIT;
  size_t len = 0;
  char *data = NULL;
  if (!strcmp(path, "-")) {
    if (!cli_claim_stdin(c, "setting")) {
      free(*key);
      *key = NULL;
      return EXIT_USAGE;
    }
    data = read_stdin(&len);
    if (!data)
      cli_error(c, "--set-file %s: %s", cli_esc(s->arg),
                errno ? strerror(errno) : "more than 1 MiB on standard input");
  } else {
    data = file_read_stream(path, SET_FILE_MAX, &len, &d);
  }
  cli_print_diags(c, &d);
  diag_list_free(&d);
  if (!data) {
    free(*key);
    *key = NULL;
    return EXIT_IO;
  }
  if (memchr(data, 0, len)) {
    cli_error(c, "--set-file %s: the file holds a NUL byte; a setting is text", cli_esc(s->arg));
    free(data);
    free(*key);
    *key = NULL;
    return EXIT_INVALID;
  }
  if (len && data[len - 1] == '\n')
    data[--len] = 0;
  if (len && data[len - 1] == '\r')
    data[--len] = 0;
  *text = data;
  return EXIT_OK;
}
