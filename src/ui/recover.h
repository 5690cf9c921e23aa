/* Hang-up recovery and the terminal-session hooks shared by the editor and
 * the directory list (docs/editor.md "Recovery").
 *
 * SIGHUP or SIGTERM only sets a flag (async-signal-safe); the key loops see
 * it (a blocked read returns with EINTR because the handler is installed
 * without SA_RESTART, and reads time out every RECOVER_POLL_MS), write unsaved changes to
 * FILE.save, restore the terminal and return. The next start on FILE offers to recover them.
 */
#ifndef APPVPN_UI_RECOVER_H
#define APPVPN_UI_RECOVER_H
#include <stdbool.h>
#include "core/diag.h"
#include "core/model.h"

/* Installs the SIGHUP/SIGTERM handlers (idempotent). */
void recover_install_signals(void);
/* The signal caught (SIGHUP, SIGTERM), or 0 while none was. */
int recover_signal(void);

/* "FILE.save", where unsaved changes to FILE go. Caller frees. */
char *recover_path(const char *path);
/* True when FILE.save exists as a regular file of the user's own (lstat:
 * a symlink is not one). */
bool recover_exists(const char *path);
/* Writes c as YAML (what a save would write) to c->path + ".save", mode 0600
 * (the changes may hold secrets), atomically; whatever was at FILE.save (a
 * symlink included) is replaced, never written through. False with
 * diagnostics on failure. */
bool recover_write(const config *c, diag_list *diags);
/* Loads FILE.save as a configuration for FILE: the returned config's path is
 * FILE (a later save goes to the real file). NULL with diagnostics when
 * FILE.save is unusable. Caller frees. */
config *recover_load(const desc_set *set, const char *path, diag_list *diags);
/* Deletes FILE.save; a missing one is not an error. */
bool recover_discard(const char *path, diag_list *diags);

/* With APPVPN_TEST_IDLE=1 in the environment, writes "\033]777;appvpn-idle\007"
 * to the terminal (stdout): called after a frame is on screen, right before
 * waiting for a key, so terminal tests can synchronise without sleeping.
 * Terminals ignore unknown OSC sequences. */
void recover_idle_mark(void);
/* A key (or resize) arrived: the next recover_idle_mark() writes again. The
 * key loops wake up every RECOVER_POLL_MS without a key (curses timeout) so a
 * signal or resize that lands just before a read is seen; those wake-ups
 * write no marker. */
void recover_idle_rearm(void);
#define RECOVER_POLL_MS 250

/* Binds the other common forms of cursor, Home/End and F1-F4 keys (CSI and
 * SS3: ESC [ A and ESC O A, ESC O P and ESC [ 11 ~, …) that the terminal
 * description does not name, so they arrive as keys whichever mode the
 * terminal (or a multiplexer in between) is in. Call after keypad(). */
void recover_define_keys(void);
/* Real terminal only, before newterm(): forgets exported LINES/COLUMNS,
 * which would pin curses to that size through every resize; curses then
 * asks the terminal (TIOCGWINSZ). Script mode keeps them (its size). */
void recover_use_real_size(void);
/* After KEY_RESIZE: takes the terminal's real size (TIOCGWINSZ) into curses.
 * Curses keeps the old size when LINES/COLUMNS are in the environment. */
void recover_sync_size(void);

#endif
