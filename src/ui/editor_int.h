/* The editor's private parts, shared by its files:
 *   editor.c          keys and the session: decoding, dispatch (the key table,
 *                     ui/keytab.h), editing text, set-up and the run loop;
 *   editor_draw.c     drawing one frame;
 *   editor_widgets.c  pickers, prompts, text views, questions;
 *   editor_actions.c  what the commands do (save, export, preview, find, …).
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
#include "ui/keys.h"
#include "ui/keytab.h"
#include "ui/recover.h"
#include "ui/theme.h"

#define MIN_W 40
#define MIN_H 12

typedef struct editor {
  const ui_opts *o;
  config *cfg;
  form *f;
  bool script_mode;
  key_script script;
  FILE *dumpf;
  bool dump_owned;
  unsigned n_dumps;
  SCREEN *scr;
  FILE *tin, *tout;
  bool utf8;
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

typedef struct pick_item {
  const char *label;
  const char *desc;
  const char *key;  /* also matched by the filter, exactly or in part (may be NULL) */
  const char *note; /* shown under the list for the focused item (may be NULL) */
  bool when_typed;  /* listed only once something is typed (a value found in a list) */
} pick_item;

/* keys and the session (editor.c) */
int ed_next_key(editor *e);

/* drawing (editor_draw.c) */
void ed_draw_main(editor *e);
char *ed_flat(const char *s);
layout ed_get_layout(void);
char *ed_os_text(const os_avail *os);
size_t ed_wrap_at(const char *s, int width);

/* widgets: pickers, prompts, text views, questions (editor_widgets.c) */
int ed_ask(editor *e, const char *question, const char *answers, const char *legend);
int ed_pick(editor *e, const char *title, const pick_item *items, size_t n, size_t sel,
            bool filter);
bool ed_printable(int k);
char *ed_prompt_line(editor *e, const char *title, const char *init);
void ed_text_view(editor *e, const char *title, const char *text);

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

#endif
