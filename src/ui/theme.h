/* Editor themes: themes/NAME.theme, compiled in (docs/editor.md).
 * Format, one per line:  element = foreground,background,attr+attr
 * Colors: default black red green yellow blue magenta cyan white.
 * Attributes: normal bold dim reverse underline standout.
 */
#ifndef APPVPN_UI_THEME_H
#define APPVPN_UI_THEME_H
#include "core/diag.h"
#include <stdbool.h>

// clang-format off
#define THEME_ELEMS(X)                 \
  X(TH_NORMAL, "normal")               \
  X(TH_TITLE, "title")                 \
  X(TH_SECTION, "section")             \
  X(TH_SECTION_CUR, "section_cur")     \
  X(TH_LABEL, "label")                 \
  X(TH_VALUE, "value")                 \
  X(TH_DEFAULT, "default")             \
  X(TH_FOCUS, "focus")                 \
  X(TH_HIDDEN, "hidden")               \
  X(TH_ERROR, "error")                 \
  X(TH_WARNING, "warning")             \
  X(TH_HELP, "help")                   \
  X(TH_MESSAGE, "message")             \
  X(TH_STATUS, "status")               \
  X(TH_KEY, "key")                     \
  X(TH_KEYLABEL, "keylabel")           \
  X(TH_POPUP, "popup")                 \
  X(TH_POPUP_FOCUS, "popup_focus")     \
  X(TH_BORDER, "border")

typedef enum {
#define X(e, n) e,
  THEME_ELEMS(X)
#undef X
  TH__COUNT
} theme_elem;
// clang-format on

enum { TA_BOLD = 1, TA_DIM = 2, TA_REVERSE = 4, TA_UNDERLINE = 8, TA_STANDOUT = 16 };

typedef struct theme {
  short fg[TH__COUNT], bg[TH__COUNT]; /* curses color numbers; -1 = terminal default */
  unsigned attrs[TH__COUNT];          /* TA_* bits */
  bool set[TH__COUNT];
} theme;

/* Parses theme text; errors at name:line:col. Missing elements stay unset. */
bool theme_parse(const char *text, const char *name, theme *out, diag_list *diags);
/* NAME: an embedded themes/NAME.theme, or a path to a file when NAME has a '/'. */
bool theme_load(const char *name, theme *out, diag_list *diags);
/* Sets up color pairs (curses must be running). Without color (NO_COLOR,
 * a terminal without colors) only attributes are used, and focus is forced
 * to reverse video so it never depends on color. */
void theme_apply(const theme *t, bool color);
/* The curses attributes of an element (after theme_apply). */
int theme_attr(theme_elem e);

#endif
