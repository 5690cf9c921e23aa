/* Drawing primitives shared by the editor and the directory list: UTF-8 text
 * measured and drawn in terminal columns, blank fills, text screen dumps,
 * the message kept for the message line. */
#ifndef APPVPN_UI_DRAW_H
#define APPVPN_UI_DRAW_H
#include <stdbool.h>
#include <stdio.h>
#include <wchar.h>

#include <curses.h>

#include "core/diag.h"

/* s as wide characters; a byte that is not a character in the locale's
 * encoding becomes a stand-in that ui_char_vis draws as \xNN. Caller frees. */
wchar_t *ui_widen(const char *s);
/* How one character is drawn: itself, or a visible stand-in (*special) for
 * what a terminal would act on or hide: C0 controls and DEL as ^[ ^? (caret
 * notation), C1 controls as M-^[ (as cat -v), bytes that are not UTF-8 as
 * \xNN, characters the terminal cannot show as U+FFFD. Stand-ins are drawn
 * in reverse video; never as blanks. Returns the wide characters put in out. */
int ui_char_vis(wchar_t c, wchar_t out[5], bool *special);
/* Columns one character takes (its stand-in's, for the special ones). */
int ui_char_cols(wchar_t c);
/* Columns the UTF-8 text s takes. */
int ui_cols(const char *s);
/* Draws one character (or its stand-in) at (y, x) in attr; returns its columns. */
int ui_put_char(int y, int x, wchar_t c, int attr);
/* Draws at most maxw columns of s at (y, x), clipped to the screen, special
 * characters as their stand-ins. Returns the columns used. */
int ui_put(int y, int x, int maxw, const char *s, int attr);
/* The same, ending with '…' ('>' without UTF-8) when s is cut. */
int ui_put_fit(bool utf8, int y, int x, int maxw, const char *s, int attr);
/* w blanks at (y, x) in attr. */
void ui_fill(int y, int x, int w, int attr);
/* The screen as text ("=== screen N (COLSxLINES) ===", then each line with
 * trailing blanks dropped); *n counts the dumps. */
void ui_screen_dump(FILE *out, unsigned *n);

/* The message line: what just happened (saved, refused, …). */
typedef struct ui_msg {
  char *text; /* owned; NULL when there is nothing to say */
  bool error; /* drawn as an error */
} ui_msg;
void ui_msg_set(ui_msg *m, bool error, const char *fmt, ...) DIAG_PRINTF(3, 4);
/* The first diagnostic of d as an error message, else fallback (if any). */
void ui_msg_from_diags(ui_msg *m, const diag_list *d, const char *fallback);
void ui_msg_clear(ui_msg *m);

#endif
