/* The terminal session shared by the editor and the directory list: the
 * terminal's start and stop, one key source (the terminal, decoded into
 * ui/keys.h ints, or a test script), screen dumps, resizes and hang-ups.
 *
 * One keystroke: session_key() reads the terminal (get_wch; ESC sequences
 * and F-keys curses does not know are defined by recover_define_keys) or
 * the next event of the script, writes the screen for <Dump>, applies a
 * resize (a script's <Resize WxH>, or SIGWINCH through curses), and returns
 * the key; K_RESIZE is returned too so that the caller draws again, K_EOF
 * when the script ended or SIGHUP/SIGTERM arrived (every loop then winds
 * down and the caller keeps unsaved work, ui/recover.h).
 *
 * Widgets (ui/widgets.h) draw over the screen's frame: `draw` draws the whole
 * screen of whoever owns the session (the editor's form, the directory
 * list), and the screen records where its message line is (msg_y, above_y,
 * keys_y) for the widgets that ask on that line.
 */
#ifndef APPVPN_UI_SESSION_H
#define APPVPN_UI_SESSION_H
#include <stdbool.h>
#include <stdio.h>

#include <curses.h>

#include "core/diag.h"
#include "ui/keys.h"
#include "ui/theme.h"

typedef struct ui_session {
  bool script_mode;  /* keys come from a test script; the screen goes to /dev/null */
  key_script script; /* the parsed script */
  bool borrowed;     /* script and dump belong to an enclosing session */
  char *script_text; /* owned */
  FILE *dump;        /* where <Dump> writes (NULL: stdout) */
  unsigned n_dumps;
  SCREEN *scr;
  FILE *tin, *tout;
  bool utf8; /* the locale's encoding is UTF-8 */
  theme th;  /* applied at every start (session_theme) */
  bool themed, color;
  bool paste; /* bracketed paste switched on at start */
  /* Below this size widgets draw nothing: the screen says it is too small. */
  int min_w, min_h;
  /* The owner's frame, drawn behind every widget (may be NULL). */
  void (*draw)(void *ctx);
  void *ctx;
  /* Where the frame's message line is, for the widgets that ask there: the
   * line itself, a line above it a long question may take (-1: none), the
   * key bar (-1: none). Set by `draw` each frame. */
  int msg_y, above_y, keys_y;
} ui_session;

/* Sets the locale (utf8 follows it) and the hang-up and termination
 * handlers. Before anything else. */
void session_init(ui_session *s);
/* --test-script FILE and --test-dump FILE: reads and parses the script and
 * opens the dump file. Returns 0, or the exit code (2 bad script, 3 cannot
 * read or write) after a message on stderr. */
int session_load_script(ui_session *s, const char *script, const char *dump);
/* --theme NAME (NULL: "default", or "mono" when NO_COLOR is set), applied
 * at every session_start (colors only where the terminal has them and
 * NO_COLOR is not set). False with the reasons in d. */
bool session_theme(ui_session *s, const char *name, diag_list *d);
/* Reads on in an enclosing session's parsed script and dump stream (both
 * borrowed); session_return() hands back how far this session read. */
void session_borrow(ui_session *s, key_script *keys, FILE *dump);
void session_return(const ui_session *s, key_script *keys);
/* Starts curses on the terminal (or headless for scripts): raw keys,
 * function keys, short Esc delay, reads that time out so that signals and
 * resizes are seen; with `paste`, bracketed paste (a pasted block arrives
 * between K_PASTE_BEGIN and K_PASTE_END). `what` names the caller when there
 * is no terminal. False after a message on stderr. */
bool session_start(ui_session *s, const char *what, bool paste);
/* Gives the terminal back as it was. Safe to call twice. */
void session_stop(ui_session *s);
/* The next key (see the top of this file). Refreshes the screen first. */
int session_key(ui_session *s);
/* Draws the owner's frame (nothing when there is none). */
void session_draw(ui_session *s);
/* True when the terminal is below min_w x min_h. */
bool session_small(const ui_session *s);
/* Frees the script and closes the dump file (unless borrowed). */
void session_free(ui_session *s);

#endif
