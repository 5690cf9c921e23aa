/* The terminal session: see session.h. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include "ui/session.h"

#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "core/text.h"
#include "core/util.h"
#include "ui/draw.h"
#include "ui/recover.h"

void session_init(ui_session *s) {
  setlocale(LC_CTYPE, "");
  const char *cs = setlocale(LC_CTYPE, NULL);
  s->utf8 = MB_CUR_MAX > 1 || (cs && (strstr(cs, "UTF-8") || strstr(cs, "utf8")));
  s->msg_y = s->above_y = s->keys_y = -1;
  recover_install_signals();
}

static char *read_text(const char *path, const char *what) {
  FILE *fp = fopen(path, "r");
  if (!fp) {
    char *p = text_escape(path);
    fprintf(stderr, "appvpn: %s: cannot read %s: %s\n", p, what, strerror(errno));
    free(p);
    return NULL;
  }
  strbuf b = STRBUF_INIT;
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
    strbuf_putn(&b, chunk, n);
  fclose(fp);
  return strbuf_take(&b);
}

int session_load_script(ui_session *s, const char *script, const char *dump) {
  s->script_mode = true;
  s->script_text = read_text(script, "test script");
  if (!s->script_text)
    return 3;
  diag_list d = DIAG_LIST_INIT;
  bool ok = key_script_parse(s->script_text, script, &s->script, &d);
  if (!ok)
    diag_list_print(&d, stderr);
  diag_list_free(&d);
  if (!ok)
    return 2;
  if (dump && !(s->dump = fopen(dump, "w"))) {
    char *p = text_escape(dump);
    fprintf(stderr, "appvpn: %s: %s\n", p, strerror(errno));
    free(p);
    return 3;
  }
  return 0;
}

bool session_theme(ui_session *s, const char *name, diag_list *d) {
  const char *nc = getenv("NO_COLOR");
  bool no_color = nc && *nc;
  s->color = !no_color;
  s->themed = theme_load(name ? name : no_color ? "mono" : "default", &s->th, d);
  return s->themed;
}

void session_borrow(ui_session *s, key_script *keys, FILE *dump) {
  s->script_mode = true;
  s->borrowed = true;
  s->script = *keys;
  s->dump = dump;
}

void session_return(const ui_session *s, key_script *keys) {
  if (s->borrowed)
    keys->pos = s->script.pos;
}

/* Starts curses on the terminal (or, for scripts, headless on /dev/null with
 * the size from LINES/COLUMNS): raw keys (^S, ^Q, ^C reach appvpn), both
 * forms of cursor and function keys, short Esc delay, reads that time out
 * so that signals and resizes are seen. */
static bool term_open(SCREEN **scr, FILE **tout, FILE **tin, bool script, const char *what) {
  if (script) {
    *tout = fopen("/dev/null", "w");
    *tin = fopen("/dev/null", "r");
    if (!*tout || !*tin)
      return false;
    *scr = newterm(NULL, *tout, *tin);
  } else {
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
      fprintf(stderr, "appvpn: the %s needs a terminal (use --test-script for scripts)\n", what);
      return false;
    }
    /* A real terminal's size comes from the terminal and follows resizes:
     * exported LINES/COLUMNS (test drivers pin them) would freeze it. */
    unsetenv("LINES");
    unsetenv("COLUMNS");
    recover_use_real_size();
    *scr = newterm(NULL, stdout, stdin);
  }
  if (!*scr) {
    fprintf(stderr, "appvpn: cannot set up the terminal (TERM=%s)\n",
            getenv("TERM") ? getenv("TERM") : "");
    return false;
  }
  set_term(*scr);
  raw(); /* ^S, ^Q, ^C reach appvpn as keys */
  noecho();
  nonl();
  keypad(stdscr, TRUE);
  recover_define_keys(); /* ESC [ A as well as ESC O A, … */
  set_escdelay(25);
  timeout(RECOVER_POLL_MS); /* a signal or resize just before a read is still seen */
  return true;
}

static void term_close(SCREEN **scr, FILE **tout, FILE **tin) {
  if (!*scr)
    return;
  endwin();
  delscreen(*scr);
  *scr = NULL;
  if (*tout)
    fclose(*tout);
  if (*tin)
    fclose(*tin);
  *tout = *tin = NULL;
}

bool session_start(ui_session *s, const char *what, bool paste) {
  if (!term_open(&s->scr, &s->tout, &s->tin, s->script_mode, what))
    return false;
  if (s->themed)
    theme_apply(&s->th, has_colors() && s->color);
  s->paste = paste && !s->script_mode;
  if (s->paste) {
    define_key("\033[200~", KEY_MAX + 1);
    define_key("\033[201~", KEY_MAX + 2);
    fputs("\033[?2004h", stdout); /* bracketed paste: a pasted list arrives as one unit */
    fflush(stdout);
  }
  return true;
}

void session_stop(ui_session *s) {
  if (s->scr && s->paste) {
    fputs("\033[?2004l", stdout);
    fflush(stdout);
  }
  s->paste = false;
  term_close(&s->scr, &s->tout, &s->tin);
}

/* One event from the script or the terminal, decoded. */
static key_event read_raw(ui_session *s) {
  key_event ev = {K_NONE, 0, 0};
  if (s->script_mode) {
    if (s->script.pos >= s->script.n) {
      ev.key = K_EOF;
      return ev;
    }
    return s->script.ev[s->script.pos++];
  }
  wint_t ch;
  int r = get_wch(&ch);
  if (r == ERR) {
    ev.key = K_IDLE;
  } else if (r == KEY_CODE_YES) {
    if (ch == KEY_RESIZE)
      ev.key = K_RESIZE;
    else if ((int)ch == KEY_MAX + 1)
      ev.key = K_PASTE_BEGIN;
    else if ((int)ch == KEY_MAX + 2)
      ev.key = K_PASTE_END;
    else if (ch == KEY_BACKSPACE)
      ev.key = K_BS;
    else if (ch == KEY_ENTER)
      ev.key = K_ENTER;
    else
      ev.key = K_FN((int)ch);
  } else {
    ev.key = (int)ch;
    if (ev.key == '\n')
      ev.key = K_ENTER;
    else if (ev.key == 8)
      ev.key = K_BS;
  }
  return ev;
}

int session_key(ui_session *s) {
  for (;;) {
    if (recover_signal())
      return K_EOF; /* SIGHUP/SIGTERM: every loop winds down; the owner keeps the changes */
    refresh();
    if (!s->script_mode)
      recover_idle_mark();
    key_event ev = read_raw(s);
    if (ev.key != K_IDLE)
      recover_idle_rearm();
    if (ev.key == K_DUMP) {
      ui_screen_dump(s->dump ? s->dump : stdout, &s->n_dumps);
      continue;
    }
    if (ev.key == K_RESIZE && s->script_mode)
      resizeterm(ev.h, ev.w);
    else if (ev.key == K_RESIZE)
      recover_sync_size(); /* exported LINES/COLUMNS would pin curses to the old size */
    if (ev.key == K_IDLE)
      continue;
    return ev.key;
  }
}

void session_draw(ui_session *s) {
  if (s->draw)
    s->draw(s->ctx);
}

bool session_small(const ui_session *s) {
  return COLS < s->min_w || LINES < s->min_h;
}

void session_free(ui_session *s) {
  if (!s->borrowed) {
    key_script_free(&s->script);
    if (s->dump)
      fclose(s->dump);
  }
  s->dump = NULL;
  free(s->script_text);
  s->script_text = NULL;
}
