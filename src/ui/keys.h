/* Keys: one representation for the terminal and for test scripts.
 *
 * A key is an int: a Unicode code point (control characters included:
 * Enter is '\r', Tab '\t', Esc 27, Backspace 127), or K_FN(n) for a curses
 * KEY_* code, or one of the pseudo keys below.
 *
 * Test scripts (docs/editor.md "Scripted test mode"): plain text is typed as
 * is, <Name> is a symbolic key, lines starting with '#' are comments, line
 * ends are not keys.
 */
#ifndef APPVPN_UI_KEYS_H
#define APPVPN_UI_KEYS_H
#include "core/diag.h"
#include <stdbool.h>
#include <stddef.h>

#define K_FN(code) (0x200000 + (code))
#define K_IS_FN(k) ((k) >= 0x200000 && (k) < 0x300000)
#define K_CTRL(c) ((c)&0x1f)
enum {
  K_EOF = -1, /* the script ended */
  K_NONE = 0,
  K_ENTER = '\r',
  K_TAB = '\t',
  K_ESC = 27,
  K_BS = 127,
  K_DUMP = 0x300001, /* script: write the screen to the dump file */
  K_RESIZE,          /* terminal resized (script: <Resize WxH>, size in the key event) */
  K_PASTE_BEGIN,     /* bracketed paste start/end */
  K_PASTE_END,
  K_IDLE /* nothing happened (timeout) */
};

typedef struct key_event {
  int key;
  int w, h; /* K_RESIZE from a script */
} key_event;

typedef struct key_script {
  key_event *ev;
  size_t n, pos;
} key_script;

/* Parses a script; unknown <Names> are errors at name:line:col. */
bool key_script_parse(const char *text, const char *name, key_script *out, diag_list *diags);
void key_script_free(key_script *s);
/* The symbolic name of a key for messages ("<C-s>", "x"); static buffer. */
const char *key_name(int key);

#endif
