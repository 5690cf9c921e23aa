/* The widgets shared by the editor and the directory list. Each draws over
 * its session's frame (session_draw, ui/session.h) and reads keys with
 * session_key, so the scripted test mode drives them like the rest; each
 * draws nothing while the terminal is below the session's minimum size.
 * Strings are drawn through ui_put (ui/draw.h): controls and invalid bytes
 * become visible stand-ins. Every function documents what it draws, the keys
 * it reads and what it returns, where it is defined (widgets.c).
 */
#ifndef APPVPN_UI_WIDGETS_H
#define APPVPN_UI_WIDGETS_H
#include <stdbool.h>
#include <stddef.h>

#include "core/util.h"
#include "ui/session.h"

/* Where a question or a text input is asked. */
typedef enum wg_place {
  WG_BOX, /* a box in the middle of the screen (the editor) */
  WG_LINE /* on the frame's message line, nano style (the directory list) */
} wg_place;

/* An item of a picker. */
typedef struct pick_item {
  const char *label;
  const char *desc;
  const char *key;  /* also matched by the filter, exactly or in part (may be NULL) */
  const char *note; /* shown under the list for the focused item (may be NULL) */
  bool when_typed;  /* listed only once something is typed (a value found in a list) */
} pick_item;

/* A key and what it does, for a key bar. */
typedef struct keyhint {
  const char *key, *label;
} keyhint;

/* Key bar styles. */
enum {
  WG_BAR_SPREAD = 1, /* a wider gap between hints when they all fit */
  WG_BAR_KEEP = 2    /* "Help" and "Quit" are kept first when room is short */
};

/* A key that types a character (not a control, not a function key). */
bool wg_printable(int k);
/* Byte offset where s is best broken to fit `width` columns: after the last
 * space that still fits (0 when none does). */
size_t wg_wrap_at(const char *s, int width);

/* The list: a cursor moved by the list keys; kept on screen. */
bool wg_list_key(size_t *cur, size_t n, size_t page, int k);
void wg_list_scroll(size_t *top, size_t cur, size_t rows);
/* The picker: a list in a box, optionally filtered as you type. */
int wg_pick(ui_session *s, const char *title, const pick_item *items, size_t n, size_t sel,
            bool filter);
/* The text view: a scrollable text in a box. */
void wg_text_view(ui_session *s, const char *title, const char *text);
/* The one-line text input. Caller frees the result (NULL: cancelled). */
char *wg_input(ui_session *s, wg_place where, const char *title, const char *init);
/* The question with one-letter answers. */
int wg_ask(ui_session *s, wg_place where, const char *question, const char *answers,
           const char *legend);
/* The message line: text at row y, columns 1 to COLS-2; too long, it starts
 * up to `room` (0-3) rows higher instead of being cut; the rows it takes. */
int wg_message(bool utf8, int y, int room, const char *text, int attr, int *rows);
int wg_message_rows(const char *text, int room);
/* The key bar at row y. */
void wg_keybar(int y, const keyhint *k, size_t n, int style);

#endif
