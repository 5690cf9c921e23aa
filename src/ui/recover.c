#include "ui/recover.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "io/config_io.h"

static volatile sig_atomic_t caught;
static bool installed;

static void on_signal(int sig) {
  caught = sig;
}

void recover_install_signals(void) {
  if (installed)
    return;
  installed = true;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  /* no SA_RESTART: a read blocked in getch must return so the loop sees the flag */
  sa.sa_flags = 0;
  sigaction(SIGHUP, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
}

int recover_signal(void) {
  return (int)caught;
}

char *recover_path(const char *path) {
  return xasprintf("%s.save", path);
}

bool recover_exists(const char *path) {
  char *p = recover_path(path);
  struct stat st;
  /* Only a regular file of the user's own: a FILE.save someone else planted
   * (or a symlink to anything) is never offered as the user's changes. */
  bool ok = lstat(p, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid();
  free(p);
  return ok;
}

bool recover_write(const config *c, diag_list *diags) {
  if (!c->path) {
    diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL, "cannot keep unsaved changes: no file name");
    return false;
  }
  size_t len = 0;
  char *text = config_to_yaml(c, &len);
  char *p = recover_path(c->path);
  /* own: a symlink or anything else planted at FILE.save is replaced by
   * rename, never written through; the file is the user's, 0600. */
  file_write_opts o = {.secret = true, .own = true};
  bool ok = file_write(p, text, len, &o, diags);
  free(p);
  free(text);
  return ok;
}

config *recover_load(const desc_set *set, const char *path, diag_list *diags) {
  char *p = recover_path(path);
  config *c = config_load(set, p, diags);
  free(p);
  if (c) {
    free(c->path);
    c->path = xstrdup(path);
  }
  return c;
}

bool recover_discard(const char *path, diag_list *diags) {
  char *p = recover_path(path);
  bool ok = unlink(p) == 0 || errno == ENOENT;
  if (!ok)
    diag_add(diags, DIAG_ERROR, p, 0, 0, NULL, "cannot delete: %s", strerror(errno));
  free(p);
  return ok;
}

static bool idle_sent;

void recover_idle_rearm(void) {
  idle_sent = false;
}

void recover_idle_mark(void) {
  static int on = -1;
  if (on < 0) {
    const char *v = getenv("APPVPN_TEST_IDLE");
    on = v && *v && strcmp(v, "0") != 0;
  }
  if (!on || idle_sent)
    return;
  idle_sent = true;
  static const char mark[] = "\033]777;appvpn-idle\007";
  fflush(stdout);
  /* straight to the descriptor: curses has already written its frame there */
  ssize_t r = write(STDOUT_FILENO, mark, sizeof mark - 1);
  (void)r;
}

void recover_define_keys(void) {
  static const struct {
    const char *seq;
    int key;
  } alt[] = {
      {"\033[A", KEY_UP},     {"\033[B", KEY_DOWN},   {"\033[C", KEY_RIGHT},
      {"\033[D", KEY_LEFT},   {"\033OA", KEY_UP},     {"\033OB", KEY_DOWN},
      {"\033OC", KEY_RIGHT},  {"\033OD", KEY_LEFT},   {"\033[H", KEY_HOME},
      {"\033[F", KEY_END},    {"\033OH", KEY_HOME},   {"\033OF", KEY_END},
      {"\033[1~", KEY_HOME},  {"\033[4~", KEY_END},   {"\033[7~", KEY_HOME},
      {"\033[8~", KEY_END},   {"\033OP", KEY_F(1)},   {"\033OQ", KEY_F(2)},
      {"\033OR", KEY_F(3)},   {"\033OS", KEY_F(4)},   {"\033[11~", KEY_F(1)},
      {"\033[12~", KEY_F(2)}, {"\033[13~", KEY_F(3)}, {"\033[14~", KEY_F(4)},
      {"\033[Z", KEY_BTAB},   {"\033[2~", KEY_IC},    {"\033[3~", KEY_DC},
      {"\033[5~", KEY_PPAGE}, {"\033[6~", KEY_NPAGE},
  };
  for (size_t i = 0; i < sizeof alt / sizeof *alt; i++)
    if (key_defined(alt[i].seq) == 0) /* never override what terminfo says */
      define_key(alt[i].seq, alt[i].key);
}

void recover_sync_size(void) {
  struct winsize ws;
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0 &&
      (ws.ws_row != LINES || ws.ws_col != COLS))
    resizeterm(ws.ws_row, ws.ws_col);
}

void recover_use_real_size(void) {
  unsetenv("LINES");
  unsetenv("COLUMNS");
}
