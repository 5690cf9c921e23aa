/* The editor's private parts, shared by its files:
 *   editor.c          dispatch of keys (the key table, ui/keytab.h), editing
 *                     text, set-up and the run loop;
 *   editor_draw.c     drawing one frame;
 *   editor_actions.c  what the commands do (save, export, preview, find, …).
 * Keys, the terminal and scripts are the session's (ui/session.h); pickers,
 * prompts, text views and questions are the shared widgets (ui/widgets.h).
 * Not a public interface: src/ui/editor.h is.
 */
#ifndef APPVPN_UI_EDITOR_INT_H
#define APPVPN_UI_EDITOR_INT_H
/* XSI (POSIX with the X/Open System Interfaces): ncurses' wide-character API
 * (get_wch, mvaddnwstr) and wcwidth. Defined only when the ncurses build flags
 * have not already chosen a level. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include "ui/editor.h"

#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

#include "core/form.h"
#include "core/text.h"
#include "core/util.h"
#include "core/uuid.h"
#include "core/validate.h"
#include "core/vars.h"
#include "io/config_io.h"
#include "io/export.h"
#include "io/file_ident.h"
#include "ui/draw.h"
#include "ui/field_ui.h"
#include "ui/keys.h"
#include "ui/keytab.h"
#include "ui/recover.h"
#include "ui/session.h"
#include "ui/theme.h"
#include "ui/widgets.h"

#define MIN_W 40
#define MIN_H 12

typedef struct editor {
  const ui_opts *o;
  config *cfg;
  form *f;
  ui_session ses;   /* the terminal, the key source, the frame behind widgets */
  bool reveal;      /* every password shown in clear (^R outside a field; never in --view) */
  bool reveal_edit; /* only the password being typed shown (^R while typing), until it ends */
  file_ident disk;  /* the file as loaded or last saved: a change on disk is noticed */
  bool recovered;   /* holds changes recovered from FILE.save, kept until they are saved */
  bool paste;       /* inside a bracketed paste */
  bool quit;
  ui_msg msg;     /* the message line */
  size_t hscroll; /* first column of the edited text on screen */
  bool choosing;  /* asking for the type of a new file: no form behind the list yet */
} editor;

typedef struct layout {
  bool small;
  bool side;      /* section list on the left */
  int side_w;     /* its width, separator included */
  int px, pw;     /* field pane */
  int row0, rows; /* first field row and how many */
  int help_y, msg_y, status_y, keys_y;
} layout;

/* The next key (the session's, ui/session.h). */
static inline int ed_next_key(editor *e) {
  return session_key(&e->ses);
}

/* drawing (editor_draw.c) */
void ed_draw_main(editor *e);
char *ed_flat(const char *s);
layout ed_get_layout(void);
char *ed_os_text(const os_avail *os);

/* widgets (ui/widgets.h) over the editor's frame, in boxes */
static inline int ed_ask(editor *e, const char *question, const char *answers, const char *legend) {
  return wg_ask(&e->ses, WG_BOX, question, answers, legend);
}
static inline int ed_pick(editor *e, const char *title, const pick_item *items, size_t n,
                          size_t sel, bool filter) {
  return wg_pick(&e->ses, title, items, n, sel, filter);
}
static inline char *ed_prompt_line(editor *e, const char *title, const char *init) {
  return wg_input(&e->ses, WG_BOX, title, init);
}
static inline void ed_text_view(editor *e, const char *title, const char *text) {
  wg_text_view(&e->ses, title, text);
}

/* actions: Enter, save, export, preview, problems, find, help, quit (editor_actions.c) */
void ed_act_enter(editor *e);
void ed_act_export(editor *e);
void ed_act_find(editor *e);
void ed_act_help(editor *e);
void ed_act_preview(editor *e);
void ed_act_problems(editor *e);
void ed_act_quit(editor *e);
void ed_act_save(editor *e);
void ed_begin_edit(editor *e);
const desc_type *ed_choose_type(editor *e, const desc_type *cur);
bool ed_focus_add_row(editor *e);
bool ed_refuse_view(editor *e);
bool ed_text_like(const desc_field *fd);
/* fd's show: condition in words, with labels and values ("Proxy Setup is
 * Manual"); NULL when it cannot be said so. Caller frees. */
char *ed_condition_words(editor *e, const desc_field *fd);

#endif
