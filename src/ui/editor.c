/* The interactive editor: terminal set-up, drawing, keys -> form actions,
 * popups (choices, variables, problems, preview, prompts). The state it edits
 * lives in core/form.c; this file only draws it and turns keys into calls.
 *
 * Drawing: every frame erases stdscr and draws it whole; curses sends only
 * the cells that differ, so a typed character costs about one byte. Nothing
 * here calls clear() except an explicit redraw (^L).
 */
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

/* ---------- text helpers ---------- */

/* ---------- keys ---------- */

static key_event read_raw(editor *e) {
  key_event ev = {K_NONE, 0, 0};
  if (e->script_mode) {
    if (e->script.pos >= e->script.n) {
      ev.key = K_EOF;
      return ev;
    }
    return e->script.ev[e->script.pos++];
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

/* The next key for any loop: dumps and resizes are handled here. */
static int next_key(editor *e) {
  for (;;) {
    if (recover_signal())
      return K_EOF; /* SIGHUP/SIGTERM: every loop winds down; ui_run keeps the changes */
    refresh();
    if (!e->script_mode)
      recover_idle_mark();
    key_event ev = read_raw(e);
    if (ev.key != K_IDLE)
      recover_idle_rearm();
    if (ev.key == K_DUMP) {
      ui_screen_dump(e->dumpf ? e->dumpf : stdout, &e->n_dumps);
      continue;
    }
    if (ev.key == K_RESIZE && e->script_mode)
      resizeterm(ev.h, ev.w);
    else if (ev.key == K_RESIZE)
      recover_sync_size(); /* exported LINES/COLUMNS would pin curses to the old size */
    if (ev.key == K_IDLE)
      continue;
    return ev.key;
  }
}

/* ---------- layout ---------- */

typedef struct layout {
  bool small;
  bool side;      /* section list on the left */
  int side_w;     /* its width, separator included */
  int px, pw;     /* field pane */
  int row0, rows; /* first field row and how many */
  int help_y, msg_y, status_y, keys_y;
} layout;

static layout get_layout(void) {
  layout l;
  memset(&l, 0, sizeof l);
  if (COLS < MIN_W || LINES < MIN_H) {
    l.small = true;
    return l;
  }
  l.side = COLS >= 60;
  l.side_w = l.side ? 19 : 0;
  l.px = l.side_w;
  l.pw = COLS - l.px;
  l.row0 = 2;
  l.keys_y = LINES - 1;
  l.status_y = LINES - 2;
  l.msg_y = LINES - 3;
  l.help_y = LINES - 4;
  l.rows = l.help_y - l.row0;
  return l;
}

/* ---------- drawing ---------- */

static bool path_under(const char *path, const char *id) {
  size_t n = strlen(id);
  return !strncmp(path, id, n) && (!path[n] || path[n] == '.' || path[n] == '[');
}

/* 'e', 'w' or 0: the worst problem among the section's fields. */
static char section_problem(const editor *e, const desc_section *s) {
  char worst = 0;
  for (size_t i = 0; i < e->f->problems.n; i++) {
    const diag *d = &e->f->problems.items[i];
    if (!d->field || d->level == DIAG_NOTE)
      continue;
    for (size_t k = 0; k < s->n_fields; k++)
      if (path_under(d->field, s->fields[k].id)) {
        if (d->level == DIAG_ERROR)
          return 'e';
        worst = 'w';
      }
  }
  return worst;
}

static char *os_text(const os_avail *os) {
  /* deprecation first (it is what a row that fits must not lose), then where
   * it works, then where it does not: "deprecated since iOS 13.4; iOS 13+,
   * macOS 10.15+; not on visionOS, watchOS" */
  strbuf b = STRBUF_INIT;
  for (int i = 0; i < OS__COUNT; i++)
    if (os->deprecated[i])
      strbuf_printf(&b, "%sdeprecated since %s %s", b.len ? ", " : "", os_labels[i],
                    os->deprecated[i]);
  size_t mark = b.len;
  for (int i = 0; i < OS__COUNT; i++) {
    const char *v = os->since[i];
    if (!v || !strcmp(v, "n/a"))
      continue;
    size_t n = strlen(v);
    if (n > 2 && !strcmp(v + n - 2, ".0"))
      n -= 2; /* "14.0" reads better as "14+" */
    strbuf_printf(&b, "%s%s %.*s+", b.len == mark ? (mark ? "; " : "") : ", ", os_labels[i], (int)n,
                  v);
  }
  mark = b.len;
  for (int i = 0; i < OS__COUNT; i++)
    if (os->since[i] && !strcmp(os->since[i], "n/a"))
      strbuf_printf(&b, "%s%s", b.len == mark ? (mark ? "; not on " : "not on ") : ", ",
                    os_labels[i]);
  return strbuf_take(&b);
}

static void draw_header(editor *e) {
  ui_fill(0, 0, COLS, theme_attr(TH_TITLE));
  const val *nm = form_get_path(e->f, "name");
  char *t =
      xasprintf(" appvpn: %s (%s)%s", nm && nm->kind == VAL_STR ? nm->u.str : "unnamed",
                e->cfg->type ? e->cfg->type->label : "?", e->o->readonly ? "  [read-only]" : "");
  ui_put_fit(e->utf8, 0, 0, COLS, t, theme_attr(TH_TITLE));
  free(t);
}

static void draw_sections(editor *e, const layout *l) {
  const desc_type *t = e->cfg->type;
  int y = 1;
  for (size_t i = 0; t && i < t->n_sections && y < l->help_y; i++) {
    const desc_section *s = &t->sections[i];
    bool vis = form_section_visible(e->f, i);
    if (!vis && !e->f->show_hidden)
      continue;
    bool cur = i == e->f->section;
    char mark = vis ? section_problem(e, s) : 0;
    int attr = cur   ? theme_attr(TH_SECTION_CUR)
               : vis ? theme_attr(TH_SECTION)
                     : theme_attr(TH_HIDDEN);
    ui_fill(y, 0, l->side_w - 1, attr);
    char *txt = xasprintf("%c%c%s", cur ? '>' : ' ',
                          mark == 'e'   ? '!'
                          : mark == 'w' ? '?'
                                        : ' ',
                          s->title);
    ui_put_fit(e->utf8, y, 0, l->side_w - 2, txt, attr);
    free(txt);
    y++;
  }
  for (int yy = 1; yy < l->help_y; yy++)
    ui_put(yy, l->side_w - 1, 1, e->utf8 ? "\xe2\x94\x82" : "|", theme_attr(TH_BORDER));
}

/* "General", or "On Demand > Rules 2 > Connection 1" inside records. */
static char *breadcrumb(editor *e) {
  const form *f = e->f;
  const desc_section *s = form_current_section(f);
  strbuf b = STRBUF_INIT;
  strbuf_puts(&b, s ? s->title : "");
  const char *sep = e->utf8 ? " \xe2\x80\xba " : " > ";
  for (size_t i = 0; i < f->depth; i++) {
    const char *br = strrchr(f->stack[i].path, '[');
    strbuf_printf(&b, "%s%s %ld", sep, f->stack[i].field->label, br ? atol(br + 1) + 1 : 0L);
  }
  return strbuf_take(&b);
}

/* Wide enough for the longest label of the view, at most half the pane:
 * one look per field of the view (its segments), not per row. */
static int label_width(const editor *e, const layout *l) {
  int lw = 8;
  for (size_t i = 0; i < e->f->n_segs; i++) {
    int c = ui_cols(e->f->segs[i].field->label) + 2;
    lw = c > lw ? c : lw;
  }
  return lw > l->pw / 2 ? l->pw / 2 : lw;
}

/* The edited text, scrolled so the cursor stays inside [x, x+w). */
static int draw_edit(editor *e, int y, int x, int w, bool mask) {
  form *f = e->f;
  char *before = xstrndup(f->buf, f->cur);
  wchar_t *wb = ui_widen(before), *wall = ui_widen(f->buf);
  free(before);
  int cur_col = 0;
  for (wchar_t *p = wb; *p; p++)
    cur_col += mask ? 1 : ui_char_cols(*p);
  free(wb);
  if (w < 1)
    w = 1;
  /* Scroll by most of a field at a time: shifting by one column per key
   * would redraw the whole field for every character typed past its edge.
   * Typing on, the cursor lands a quarter in, leaving room ahead. */
  if ((size_t)cur_col >= e->hscroll + (size_t)w)
    e->hscroll = (size_t)(cur_col - w / 4);
  else if ((size_t)cur_col < e->hscroll)
    e->hscroll = (size_t)(cur_col > w * 3 / 4 ? cur_col - w * 3 / 4 : 0);
  int col = 0;
  /* The text being typed is drawn in the terminal's plain attributes: with
   * the row's colors, curses would wrap every typed character in color
   * set/reset sequences (~20 bytes instead of 1). */
  attrset(A_NORMAL);
  ui_fill(y, x, w, A_NORMAL);
  for (wchar_t *p = wall; *p; p++) {
    int c = mask ? 1 : ui_char_cols(*p);
    if (col >= (int)e->hscroll && col + c <= (int)e->hscroll + w) {
      if (mask) {
        wchar_t ch = e->utf8 ? L'\x2022' : L'*';
        mvaddnwstr(y, x + col - (int)e->hscroll, &ch, 1);
      } else {
        ui_put_char(y, x + col - (int)e->hscroll, *p, A_NORMAL);
      }
    }
    col += c;
  }
  attrset(A_NORMAL);
  free(wall);
  return x + cur_col - (int)e->hscroll;
}

static bool row_masked(editor *e, const form_row *r) {
  if (r->kind != FROW_FIELD || r->field->kind != FK_PASSWORD || e->o->readonly)
    return r->kind == FROW_FIELD && r->field->kind == FK_PASSWORD;
  if (e->reveal)
    return false;
  return !(e->reveal_edit && e->f->editing && r == form_focused(e->f));
}

/* Draws the field pane; returns the cursor position through cy/cx. */
static void draw_rows(editor *e, const layout *l, int *cy, int *cx) {
  form *f = e->f;
  char *bc = breadcrumb(e);
  ui_put_fit(e->utf8, 1, l->px + 1, l->pw - 2, bc, theme_attr(TH_LABEL) | A_BOLD);
  free(bc);
  size_t rows = (size_t)l->rows;
  if (f->focus < f->top)
    f->top = f->focus;
  if (f->focus >= f->top + rows)
    f->top = f->focus - rows + 1;
  if (f->n_rows > rows && f->top + rows > f->n_rows)
    f->top = f->n_rows - rows;
  if (f->n_rows <= rows)
    f->top = 0;
  int lw = label_width(e, l);
  const form_row *foc = form_focused(f);
  *cy = l->row0;
  *cx = l->px;
  for (size_t i = f->top; i < f->n_rows && i < f->top + rows; i++) {
    const form_row *r = form_row_at(f, i);
    int y = l->row0 + (int)(i - f->top);
    bool focused = foc == r;
    int base = focused ? theme_attr(TH_FOCUS) : theme_attr(TH_NORMAL);
    if (focused) {
      ui_fill(y, l->px, l->pw, base);
      ui_put(y, l->px, 1, ">", base);
      *cy = y;
      *cx = l->px;
    }
    const char *pmsg;
    char prob = form_row_problem(f, r, &pmsg);
    if (prob)
      ui_put(y, l->px + 1, 1, prob == 'e' ? "!" : "?",
             (focused ? base : theme_attr(prob == 'e' ? TH_ERROR : TH_WARNING)) | A_BOLD);
    int x = l->px + 2;
    int right = COLS - 1;
    bool editing_here = focused && f->editing;
    if (r->kind == FROW_FIELD) {
      int la = r->hidden ? theme_attr(TH_HIDDEN) : focused ? base : theme_attr(TH_LABEL);
      int used = ui_put(y, x, lw, r->field->label, la);
      attrset(focused ? base : theme_attr(TH_HIDDEN));
      for (int k = x + used + 1; k < x + lw; k++)
        mvaddch(y, k, '.');
      attrset(A_NORMAL);
      int vx = x + lw + 1, vw = right - vx;
      if (editing_here) {
        *cy = y;
        *cx = draw_edit(e, y, vx, vw, row_masked(e, r));
        continue;
      }
      bool isdef;
      char *txt = form_row_text(f, r, !row_masked(e, r), &isdef);
      if (!e->utf8 && row_masked(e, r) && *txt) {
        free(txt); /* the bullets need UTF-8 */
        txt = xstrdup("******");
      }
      if (!*txt && r->field->placeholder && !r->hidden) {
        /* "e.g." tells an example from a value even without dim text */
        char *ph = xasprintf("e.g. %s", r->field->placeholder);
        ui_put_fit(e->utf8, y, vx, vw, ph, focused ? base | (int)A_DIM : theme_attr(TH_DEFAULT));
        free(ph);
      } else {
        ui_put_fit(e->utf8, y, vx, vw, txt,
                   focused     ? base
                   : r->hidden ? theme_attr(TH_HIDDEN)
                   : isdef     ? theme_attr(TH_DEFAULT)
                               : theme_attr(TH_VALUE));
      }
      free(txt);
      continue;
    }
    x += 2;
    if (r->kind == FROW_ADD) {
      char *txt = form_row_text(f, r, false, NULL);
      if (editing_here) {
        ui_put(y, x, 2, "+ ", base);
        *cy = y;
        *cx = draw_edit(e, y, x + 2, right - x - 2, false);
      } else {
        ui_put(y, x, right - x, txt, focused ? base : theme_attr(TH_DEFAULT));
      }
      free(txt);
      continue;
    }
    const char *bullet = r->field->kind == FK_LIST ? "- " : "";
    int bx = x + ui_put(y, x, 2, bullet, base);
    if (editing_here) {
      *cy = y;
      *cx = draw_edit(e, y, bx, right - bx, false);
      continue;
    }
    char *txt = form_row_text(f, r, true, NULL);
    ui_put_fit(e->utf8, y, bx, right - bx, txt, focused ? base : theme_attr(TH_VALUE));
    free(txt);
  }
  if (f->top > 0)
    ui_put(l->row0, COLS - 1, 1, e->utf8 ? "\xe2\x86\x91" : "^", theme_attr(TH_BORDER));
  if (f->top + rows < f->n_rows)
    ui_put(l->row0 + l->rows - 1, COLS - 1, 1, e->utf8 ? "\xe2\x86\x93" : "v",
           theme_attr(TH_BORDER));
}

static char *flat(const char *s) {
  strbuf b = STRBUF_INIT;
  bool sp = false;
  for (; s && *s; s++) {
    if (*s == '\n' || *s == ' ' || *s == '\t') {
      sp = b.len > 0;
      continue;
    }
    if (sp)
      strbuf_putc(&b, ' ');
    sp = false;
    strbuf_putc(&b, *s);
  }
  return strbuf_take(&b);
}

static const char *row_help(editor *e, const form_row *r) {
  if (!r)
    return "";
  if (r->kind == FROW_ADD)
    return r->field->kind == FK_RECORDS ? "Enter adds a record and opens it."
           : r->field->kind == FK_MAP   ? "Enter adds an entry: KEY = VALUE."
                                        : "Enter adds items; type or paste several separated by "
                                          "spaces, commas or new lines.";
  if (r->kind == FROW_ITEM)
    return r->field->kind == FK_RECORDS
               ? "Enter opens this record. ^U/^B move it up/down (the first matching rule wins), "
                 "^D deletes."
               : "Enter edits this item. ^U/^B move it up/down, ^D deletes.";
  return r->field->help ? r->field->help : "";
}

typedef struct keyhint {
  const char *key, *label;
} keyhint;

static void draw_keybar(editor *e, const layout *l) {
  /* the form's bar comes from the key table; items and editing have their own */
  keyhint nav[16];
  const key_def *defs[16];
  size_t n_nav = keytab_bar(e->o->readonly, defs, 16);
  for (size_t i = 0; i < n_nav; i++)
    nav[i] = (keyhint){defs[i]->bar_key, defs[i]->bar_label};
  static const keyhint items[] = {{"Enter", "Open"}, {"^N", "Add"},  {"^D", "Delete"},
                                  {"^U", "Up"},      {"^B", "Down"}, {"^S", "Save"},
                                  {"F1/^G", "Help"}, {"^Q", "Quit"}};
  static const keyhint edit[] = {{"Enter", "OK"},   {"Esc", "Cancel"}, {"^A", "Home"},
                                 {"^E", "End"},     {"^U", "Clear"},   {"^R", "Reveal"},
                                 {"$", "Variables"}};
  const keyhint *k = nav;
  size_t n = n_nav;
  const form_row *r = form_focused(e->f);
  if (e->f->editing) {
    k = edit;
    n = 5;
    if (r && r->field->kind == FK_PASSWORD) {
      n = 6;
    } else if (r && r->kind == FROW_FIELD && r->field->n_suggestions) {
      static keyhint es[6];
      memcpy(es, edit, 5 * sizeof *edit);
      es[5] = (keyhint){"^O", "Suggestions"};
      k = es;
      n = 6;
    }
    if (r && r->field->variables && r->kind == FROW_FIELD && r->field->kind != FK_PASSWORD) {
      static keyhint ev[6];
      memcpy(ev, edit, 5 * sizeof *edit);
      ev[5] = edit[6];
      k = ev;
      n = 6;
    }
  } else if (r && r->kind == FROW_ITEM && !e->o->readonly) {
    static keyhint it2[sizeof items / sizeof *items];
    memcpy(it2, items, sizeof items);
    if (r->field->kind != FK_RECORDS)
      it2[0].label = "Edit";
    k = it2;
    n = sizeof items / sizeof *items;
  }
  int x = 0;
  for (size_t i = 0; i < n; i++) {
    int need = ui_cols(k[i].key) + 1 + ui_cols(k[i].label) + 1;
    if (x + need > COLS)
      break;
    x += ui_put(l->keys_y, x, COLS - x, k[i].key, theme_attr(TH_KEY));
    x += ui_put(l->keys_y, x, COLS - x, " ", theme_attr(TH_KEYLABEL));
    x += ui_put(l->keys_y, x, COLS - x, k[i].label, theme_attr(TH_KEYLABEL));
    x += ui_put(l->keys_y, x, COLS - x, " ", theme_attr(TH_KEYLABEL));
  }
}

/* Byte offset where s is best broken to fit `width` columns: after the last
 * space that still fits (or at the width, for one long word). */
static size_t wrap_at(const char *s, int width) {
  size_t best = 0, n = strlen(s);
  for (size_t i = 0; i <= n; i++) {
    if (s[i] != ' ' && s[i] != 0)
      continue;
    char *pre = xstrndup(s, i);
    int cols = ui_cols(pre);
    free(pre);
    if (cols > width)
      break;
    best = i;
  }
  return best;
}

static void draw_bottom(editor *e, const layout *l) {
  form *f = e->f;
  const form_row *r = form_focused(f);
  char *h = flat(row_help(e, r));
  /* Help longer than its line goes on below when the message line is free
   * (nothing happened, no problem, no long value, no availability to show). */
  char *h2 = NULL;
  if (ui_cols(h) > COLS - 2) {
    size_t cut = wrap_at(h, COLS - 2);
    if (cut > 0 && h[cut]) {
      h2 = xstrdup(h + cut + 1);
      h[cut] = 0;
    }
  }
  ui_put_fit(e->utf8, l->help_y, 1, COLS - 2, h, theme_attr(TH_HELP));
  free(h);
  /* message line: what just happened, else this row's problem, else availability */
  const char *pmsg = NULL;
  char prob = r ? form_row_problem(f, r, &pmsg) : 0;
  char *os = r && r->kind == FROW_FIELD ? os_text(&r->field->os) : xstrdup("");
  int used = 0;
  if (e->msg.text) {
    used = ui_put_fit(e->utf8, l->msg_y, 1, COLS - 2, e->msg.text,
                      theme_attr(e->msg.error ? TH_ERROR : TH_MESSAGE));
  } else if (prob && pmsg) {
    char *t = xasprintf("%c %s", prob == 'e' ? '!' : '?', pmsg);
    used = ui_put_fit(e->utf8, l->msg_y, 1, COLS - 2, t,
                      theme_attr(prob == 'e' ? TH_ERROR : TH_WARNING));
    free(t);
  }
  if (!used && r && r->kind != FROW_ADD && !f->editing) {
    /* a value too long for its row is shown whole here */
    layout lay = *l;
    int lw = label_width(e, &lay);
    int room = r->kind == FROW_FIELD ? COLS - 1 - (l->px + 2 + lw + 1) : COLS - 1 - (l->px + 6);
    char *txt = form_row_text(f, r, !row_masked(e, r), NULL);
    if (ui_cols(txt) > room)
      used = ui_put_fit(e->utf8, l->msg_y, 1, COLS - 2, txt, theme_attr(TH_VALUE));
    free(txt);
    if (used) {
      free(os);
      os = xstrdup("");
    }
  }
  int oc = ui_cols(os);
  if (!used && h2) /* the rest of the help, leaving room for the availability */
    used =
        ui_put_fit(e->utf8, l->msg_y, 1, *os ? COLS - oc - 5 : COLS - 2, h2, theme_attr(TH_HELP));
  if (*os && used + oc + 4 <= COLS)
    ui_put(l->msg_y, COLS - 1 - oc, oc, os, theme_attr(TH_HELP));
  else if (*os && !used)
    ui_put_fit(e->utf8, l->msg_y, 1, COLS - 2, os, theme_attr(TH_HELP));
  free(h2);
  free(os);
  /* status line */
  ui_fill(l->status_y, 0, COLS, theme_attr(TH_STATUS));
  size_t ne = diag_count(&f->problems, DIAG_ERROR), nw = diag_count(&f->problems, DIAG_WARNING);
  strbuf b = STRBUF_INIT;
  strbuf_printf(&b, " %s%s", e->cfg->path ? e->cfg->path : "(new)", f->dirty ? " [modified]" : "");
  if (e->reveal)
    strbuf_puts(&b, " | PASSWORDS SHOWN (^R hides)");
  else if (e->reveal_edit && f->editing)
    strbuf_puts(&b, " | PASSWORD SHOWN while typing");
  if (!ne && !nw)
    strbuf_puts(&b, " | no problems");
  else
    strbuf_printf(&b, " | %zu error%s, %zu warning%s", ne, ne == 1 ? "" : "s", nw,
                  nw == 1 ? "" : "s");
  if (e->o->readonly)
    strbuf_puts(&b, " | read-only");
  if (f->show_hidden)
    strbuf_puts(&b, " | hidden fields shown");
  if (e->paste)
    strbuf_puts(&b, " | paste");
  ui_put_fit(e->utf8, l->status_y, 0, COLS, strbuf_str(&b), theme_attr(TH_STATUS));
  strbuf_free(&b);
  draw_keybar(e, l);
}

static void draw_small(editor *e) {
  /* word-wrapped: it must read at any size, down to a few columns */
  const char *m = "terminal too small (need 40x12)";
  int y = 0, x = 0;
  while (*m && y < LINES) {
    size_t w = strcspn(m, " ");
    if (x && x + (int)w > COLS) {
      y++;
      x = 0;
      continue;
    }
    char *word = xstrndup(m, w);
    int n = ui_put(y, x, COLS - x, word, theme_attr(TH_NORMAL));
    free(word);
    x += n + 1;
    m += w;
    while (*m == ' ')
      m++;
    if (n < (int)w) { /* a word wider than the screen: cut */
      y++;
      x = 0;
    }
  }
}

/* Draws the whole main screen (the base for popups too). */
static void draw_main(editor *e) {
  erase();
  layout l = get_layout();
  if (l.small) {
    draw_small(e);
    curs_set(0);
    move(0, 0);
    return;
  }
  if (e->choosing) {
    ui_fill(0, 0, COLS, theme_attr(TH_TITLE));
    ui_put_fit(e->utf8, 0, 0, COLS, " appvpn: new configuration", theme_attr(TH_TITLE));
    ui_fill(l.status_y, 0, COLS, theme_attr(TH_STATUS));
    char *st = xasprintf(" %s (new) | choose the connection type", e->o->path);
    ui_put_fit(e->utf8, l.status_y, 0, COLS, st, theme_attr(TH_STATUS));
    free(st);
    curs_set(0);
    return;
  }
  draw_header(e);
  if (l.side)
    draw_sections(e, &l);
  else {
    /* narrow: the section list becomes "<n/m>" beside the breadcrumb */
    size_t vis = 0, cur = 0;
    for (size_t i = 0; e->cfg->type && i < e->cfg->type->n_sections; i++)
      if (form_section_visible(e->f, i)) {
        vis++;
        if (i == e->f->section)
          cur = vis;
      }
    char *t = xasprintf("Tab %zu/%zu", cur, vis);
    int c = ui_cols(t);
    ui_put(1, COLS - c - 1, c, t, theme_attr(TH_HIDDEN));
    free(t);
  }
  int cy, cx;
  draw_rows(e, &l, &cy, &cx);
  draw_bottom(e, &l);
  if (e->f->editing) {
    curs_set(1);
    move(cy, cx);
  } else {
    curs_set(0);
    move(cy, cx);
  }
}

/* ---------- popups ---------- */

static void draw_box(editor *e, int y, int x, int h, int w, const char *title) {
  int a = theme_attr(TH_BORDER);
  const char *hz = e->utf8 ? "\xe2\x94\x80" : "-", *vt = e->utf8 ? "\xe2\x94\x82" : "|";
  for (int i = 0; i < h; i++)
    ui_fill(y + i, x, w, theme_attr(TH_POPUP));
  for (int i = 1; i < w - 1; i++) {
    ui_put(y, x + i, 1, hz, a);
    ui_put(y + h - 1, x + i, 1, hz, a);
  }
  for (int i = 1; i < h - 1; i++) {
    ui_put(y + i, x, 1, vt, a);
    ui_put(y + i, x + w - 1, 1, vt, a);
  }
  ui_put(y, x, 1, e->utf8 ? "\xe2\x94\x8c" : "+", a);
  ui_put(y, x + w - 1, 1, e->utf8 ? "\xe2\x94\x90" : "+", a);
  ui_put(y + h - 1, x, 1, e->utf8 ? "\xe2\x94\x94" : "+", a);
  ui_put(y + h - 1, x + w - 1, 1, e->utf8 ? "\xe2\x94\x98" : "+", a);
  if (title) {
    char *t = xasprintf(" %s ", title);
    ui_put_fit(e->utf8, y, x + 2, w - 4, t, a | A_BOLD);
    free(t);
  }
}

typedef struct pick_item {
  const char *label;
  const char *desc;
  const char *key;  /* also matched by the filter, exactly or in part (may be NULL) */
  const char *note; /* shown under the list for the focused item (may be NULL) */
  bool when_typed;  /* listed only once something is typed (a value found in a list) */
} pick_item;

static bool icase_eq(const char *a, const char *b) {
  if (!a || !b)
    return false;
  for (; *a && *b; a++, b++)
    if ((*a | 0x20) != (*b | 0x20) || ((*a ^ *b) & ~0x20))
      return false;
  return !*a && !*b;
}

static bool icontains(const char *hay, const char *needle) {
  if (!*needle)
    return true;
  for (; hay && *hay; hay++) {
    size_t i = 0;
    while (needle[i] && hay[i] && (hay[i] | 0x20) == (needle[i] | 0x20) &&
           (((unsigned char)hay[i] < 0x80) || hay[i] == needle[i]))
      i++;
    if (!needle[i])
      return true;
  }
  return false;
}

static bool printable(int k) {
  return k >= 32 && k != 127 && k < 0x110000;
}

static void strbuf_pop_char(strbuf *b) {
  while (b->len) {
    unsigned char c = (unsigned char)b->s[--b->len];
    if ((c & 0xC0) != 0x80)
      break;
  }
  if (b->s)
    b->s[b->len] = 0;
}

/* A list to choose from; with `filter`, typing narrows it (name or
 * description). Returns the chosen index, or -1 for Esc. */
static int pick(editor *e, const char *title, const pick_item *items, size_t n, size_t sel,
                bool filter) {
  strbuf flt = STRBUF_INIT;
  size_t *vis = xmalloc((n ? n : 1) * sizeof *vis);
  size_t top = 0, cur = 0;
  bool first = true;
  int result = -1;
  for (;;) {
    size_t nv = 0;
    /* exact matches first, then matches on the name, then on the description */
    const char *fs = strbuf_str(&flt);
    for (int pass = filter ? 0 : 1; pass < (filter ? 3 : 2); pass++)
      for (size_t i = 0; i < n; i++) {
        if (items[i].when_typed && !*fs)
          continue;
        bool exact = *fs && (icase_eq(items[i].label, fs) || icase_eq(items[i].key, fs));
        bool on_label = !filter || icontains(items[i].label, fs);
        if (pass == 0   ? !exact
            : pass == 1 ? (exact || !on_label)
                        : (exact || on_label ||
                           !(icontains(items[i].desc, fs) || icontains(items[i].key, fs))))
          continue;
        if (first && i == sel)
          cur = nv;
        vis[nv++] = i;
      }
    first = false;
    if (cur >= nv)
      cur = nv ? nv - 1 : 0;
    draw_main(e);
    if (COLS >= MIN_W && LINES >= MIN_H) {
      int lw = 0;
      for (size_t i = 0; i < nv; i++) {
        int c = ui_cols(items[vis[i]].label);
        lw = c > lw ? c : lw;
      }
      int w = COLS - 4 < 76 ? COLS - 4 : 76;
      int extra = filter ? 1 : 0;
      int foot = 0; /* a line for the focused item's note, when items have notes */
      for (size_t i = 0; i < n && !foot; i++)
        foot = items[i].note != NULL;
      int h = (int)nv + 2 + extra + foot;
      if (h < 3 + extra + foot)
        h = 3 + extra + foot;
      if (h > LINES - 4)
        h = LINES - 4;
      int y = (LINES - h) / 2, x = (COLS - w) / 2;
      draw_box(e, y, x, h, w, title);
      size_t rows = (size_t)(h - 2 - extra - foot);
      if (foot && nv && items[vis[cur < nv ? cur : 0]].note)
        ui_put_fit(e->utf8, y + h - 2, x + 2, w - 4, items[vis[cur < nv ? cur : 0]].note,
                   theme_attr(TH_HELP));
      if (cur < top)
        top = cur;
      if (cur >= top + rows)
        top = cur - rows + 1;
      if (filter) {
        char *t = xasprintf("Filter: %s", strbuf_str(&flt));
        ui_put_fit(e->utf8, y + 1, x + 2, w - 4, t, theme_attr(TH_POPUP) | A_BOLD);
        free(t);
      }
      if (!nv)
        ui_put(y + 1 + extra, x + 2, w - 4, "(nothing matches)", theme_attr(TH_DEFAULT));
      for (size_t i = top; i < nv && i < top + rows; i++) {
        int yy = y + 1 + extra + (int)(i - top);
        int a = i == cur ? theme_attr(TH_POPUP_FOCUS) : theme_attr(TH_POPUP);
        ui_fill(yy, x + 1, w - 2, a);
        ui_put(yy, x + 1, 1, i == cur ? ">" : " ", a);
        const pick_item *it = &items[vis[i]];
        int lab = lw + 2 < w / 2 ? lw + 2 : w / 2;
        ui_put_fit(e->utf8, yy, x + 2, lab - 1, it->label, a | A_BOLD);
        if (it->desc)
          ui_put_fit(e->utf8, yy, x + 2 + lab, w - 4 - lab, it->desc, a);
      }
    }
    curs_set(0);
    int k = next_key(e);
    if (k == K_EOF || k == K_ESC || k == K_CTRL('Q'))
      break;
    if (k == K_ENTER) {
      if (nv) {
        result = (int)vis[cur];
        break;
      }
    } else if (k == K_FN(KEY_UP) && cur > 0) {
      cur--;
    } else if (k == K_FN(KEY_DOWN) && cur + 1 < nv) {
      cur++;
    } else if (k == K_FN(KEY_PPAGE)) {
      cur = cur > 8 ? cur - 8 : 0;
    } else if (k == K_FN(KEY_NPAGE)) {
      cur = cur + 8 < nv ? cur + 8 : (nv ? nv - 1 : 0);
    } else if (k == K_FN(KEY_HOME)) {
      cur = 0;
    } else if (k == K_FN(KEY_END)) {
      cur = nv ? nv - 1 : 0;
    } else if (filter && k == K_BS) {
      strbuf_pop_char(&flt);
    } else if (filter && printable(k)) {
      strbuf_put_utf8(&flt, k);
      cur = 0;
      top = 0;
    }
  }
  free(vis);
  strbuf_free(&flt);
  return result;
}

/* s without its first `cols` columns (ASCII-exact; a wide character counts 1). */
static const char *skip_cols(const char *s, size_t cols) {
  while (*s && cols--) {
    s++;
    while ((*s & 0xC0) == 0x80)
      s++;
  }
  return s;
}

/* A scrollable text (preview, problems on export, help). */
static void text_view(editor *e, const char *title, const char *text) {
  size_t n = 0, cap = 16;
  char **lines = xmalloc(cap * sizeof *lines);
  for (const char *p = text;;) {
    size_t len = strcspn(p, "\n");
    strbuf b = STRBUF_INIT;
    for (size_t i = 0; i < len; i++)
      if (p[i] == '\t')
        strbuf_puts(&b, "  ");
      else
        strbuf_putc(&b, p[i]);
    if (n == cap)
      lines = xrealloc(lines, (cap *= 2) * sizeof *lines);
    lines[n++] = strbuf_take(&b);
    p += len;
    if (!*p)
      break;
    p++;
  }
  while (n > 1 && !*lines[n - 1])
    free(lines[--n]);
  size_t top = 0, left = 0; /* left: columns scrolled off (long XML lines) */
  for (;;) {
    draw_main(e);
    size_t rows = 0;
    if (COLS >= MIN_W && LINES >= MIN_H) {
      int h = LINES - 2, w = COLS;
      draw_box(e, 1, 0, h, w, title);
      rows = (size_t)(h - 2);
      if (n > rows && top > n - rows)
        top = n - rows;
      for (size_t i = top; i < n && i < top + rows; i++)
        ui_put_fit(e->utf8, 2 + (int)(i - top), 2, w - 4, skip_cols(lines[i], left),
                   theme_attr(TH_POPUP));
      char *foot = xasprintf(" %zu-%zu of %zu  arrows/PgUp/PgDn scroll, Esc close ",
                             n ? top + 1 : 0, top + rows < n ? top + rows : n, n);
      ui_put_fit(e->utf8, h, 2, w - 4, foot, theme_attr(TH_BORDER));
      free(foot);
    }
    curs_set(0);
    int k = next_key(e);
    if (k == K_EOF || k == K_ESC || k == K_ENTER || k == 'q' || k == K_CTRL('Q'))
      break;
    if (k == K_FN(KEY_UP) && top > 0)
      top--;
    else if ((k == K_FN(KEY_DOWN)) && top + rows < n)
      top++;
    else if (k == K_FN(KEY_PPAGE) || k == K_FN(KEY_NPAGE)) {
      size_t pg = rows > 1 ? rows - 1 : 1;
      if (k == K_FN(KEY_PPAGE))
        top = top > pg ? top - pg : 0;
      else if (top + rows < n)
        top = top + pg + rows <= n ? top + pg : n - rows;
    } else if (k == K_FN(KEY_HOME))
      top = 0;
    else if (k == K_FN(KEY_END))
      top = n > rows ? n - rows : 0;
    else if (k == K_FN(KEY_RIGHT))
      left += 8;
    else if (k == K_FN(KEY_LEFT))
      left = left > 8 ? left - 8 : 0;
  }
  for (size_t i = 0; i < n; i++)
    free(lines[i]);
  free(lines);
}

/* One line of input in a box; NULL when cancelled. Caller frees. */
static char *prompt_line(editor *e, const char *title, const char *init) {
  strbuf b = STRBUF_INIT;
  strbuf_puts(&b, init);
  char *out = NULL;
  for (;;) {
    draw_main(e);
    if (COLS >= MIN_W && LINES >= MIN_H) {
      int w = COLS - 4, x = 2, y = LINES / 2 - 2;
      draw_box(e, y, x, 4, w, title);
      ui_put(y + 2, x + 2, w - 4, "Enter OK, Esc cancel", theme_attr(TH_DEFAULT));
      const char *s = strbuf_str(&b);
      int c = ui_cols(s), room = w - 4;
      const char *show = s;
      while (c > room - 1 && *show) {
        /* keep the end (where the cursor is) visible */
        show++;
        while ((*show & 0xC0) == 0x80)
          show++;
        c = ui_cols(show);
      }
      int used = ui_put(y + 1, x + 2, room, show, theme_attr(TH_POPUP) | A_BOLD);
      curs_set(1);
      move(y + 1, x + 2 + used);
    }
    int k = next_key(e);
    if (k == K_EOF || k == K_ESC)
      break;
    if (k == K_ENTER) {
      out = xstrdup(strbuf_str(&b));
      break;
    }
    if (k == K_BS)
      strbuf_pop_char(&b);
    else if (k == K_CTRL('U')) {
      b.len = 0;
      if (b.s)
        b.s[0] = 0;
    } else if (printable(k))
      strbuf_put_utf8(&b, k);
  }
  strbuf_free(&b);
  curs_set(0);
  return out;
}

/* Splits s into lines of at most width columns at spaces (a word longer than
 * the line is cut by ui_put_fit). Returns the number of lines, at most max. */
static size_t wrap_lines(const char *s, int width, char **out, size_t max) {
  size_t n = 0;
  while (*s && n < max) {
    size_t cut = ui_cols(s) <= width ? strlen(s) : wrap_at(s, width);
    if (!cut || n + 1 == max)
      cut = strlen(s);
    out[n++] = xstrndup(s, cut);
    s += cut;
    while (*s == ' ')
      s++;
  }
  return n;
}

/* A question with one-letter answers; returns the letter, or 0 for Esc.
 * The question and the answers wrap inside the box, never cut. */
static int ask(editor *e, const char *question, const char *answers, const char *legend) {
  for (;;) {
    draw_main(e);
    if (COLS >= MIN_W && LINES >= MIN_H) {
      int w = COLS - 4 < 76 ? COLS - 4 : 76, x = (COLS - w) / 2;
      char *q[4], *l[3];
      size_t nq = wrap_lines(question, w - 4, q, 4), nl = wrap_lines(legend, w - 4, l, 3);
      int h = (int)(nq + nl) + 2, y = (LINES - h) / 2;
      draw_box(e, y, x, h, w, NULL);
      for (size_t i = 0; i < nq; i++) {
        ui_put_fit(e->utf8, y + 1 + (int)i, x + 2, w - 4, q[i], theme_attr(TH_POPUP) | A_BOLD);
        free(q[i]);
      }
      for (size_t i = 0; i < nl; i++) {
        ui_put_fit(e->utf8, y + 1 + (int)(nq + i), x + 2, w - 4, l[i], theme_attr(TH_POPUP));
        free(l[i]);
      }
    }
    curs_set(0);
    int k = next_key(e);
    if (k == K_EOF || k == K_ESC)
      return 0;
    if (k > 0 && k < 128 && strchr(answers, k | 0x20))
      return k | 0x20;
  }
}

/* ---------- actions ---------- */

static bool refuse_view(editor *e) {
  if (!e->o->readonly)
    return false;
  ui_msg_set(&e->msg, true, "read-only view: nothing can be changed");
  return true;
}

static const desc_type *choose_type(editor *e, const desc_type *cur) {
  const desc_set *set = e->o->set;
  pick_item *it = xcalloc(set->n_types, sizeof *it);
  size_t sel = 0;
  for (size_t i = 0; i < set->n_types; i++) {
    it[i].label = set->types[i].label;
    it[i].desc = set->types[i].summary;
    it[i].key = set->types[i].id;
    if (&set->types[i] == cur)
      sel = i;
  }
  int r = pick(e, "Connection type", it, set->n_types, sel, true);
  free(it);
  return r < 0 ? NULL : &set->types[r];
}

static void do_choice(editor *e, const form_row *r) {
  const desc_field *fd = r->field;
  diag_list d = DIAG_LIST_INIT;
  if (str_eq(fd->id, "type") && e->f->depth == 0) {
    const desc_type *t = choose_type(e, e->cfg->type);
    if (t && t != e->cfg->type) {
      form_choose(e->f, t->id, &d);
      ui_msg_set(&e->msg, false, "type is now %s; values of other types are kept", t->label);
    }
  } else {
    pick_item *it = xcalloc(fd->n_choices ? fd->n_choices : 1, sizeof *it);
    model_ctx ctx = form_row_ctx(e->f, r);
    const val *v = model_value(&ctx, fd);
    size_t sel = 0;
    for (size_t i = 0; i < fd->n_choices; i++) {
      it[i].label = fd->choices[i].label ? fd->choices[i].label : fd->choices[i].value;
      it[i].desc = fd->choices[i].help;
      it[i].key = fd->choices[i].value;
      if (v && v->kind == VAL_STR && str_eq(v->u.str, fd->choices[i].value))
        sel = i;
    }
    int k = pick(e, fd->label, it, fd->n_choices, sel, true);
    if (k >= 0)
      form_choose(e->f, fd->choices[k].value, &d);
    free(it);
  }
  ui_msg_from_diags(&e->msg, &d, NULL);
  diag_list_free(&d);
}

static void begin_edit(editor *e) {
  if (form_edit_begin(e->f)) {
    e->hscroll = 0;
    ui_msg_clear(&e->msg);
  }
}

static bool text_like(const desc_field *fd) {
  return fd->kind == FK_TEXT || fd->kind == FK_PASSWORD || fd->kind == FK_INT ||
         fd->kind == FK_FILE;
}

/* Focus the ADD row of the focused row's list field. */
static bool focus_add_row(editor *e) {
  form *f = e->f;
  return form_focus_add(f);
}

static void act_enter(editor *e) {
  form *f = e->f;
  const form_row *r = form_focused(f);
  if (!r)
    return;
  const desc_field *fd = r->field;
  if (r->kind == FROW_ITEM && fd->kind == FK_RECORDS) {
    form_record_enter(f);
    return;
  }
  if (r->kind == FROW_FIELD &&
      (fd->kind == FK_LIST || fd->kind == FK_MAP || fd->kind == FK_RECORDS)) {
    form_move(f, 1);
    return;
  }
  if (refuse_view(e))
    return;
  if (fd->readonly && r->kind == FROW_FIELD) {
    ui_msg_set(&e->msg, true, "%s is fixed: it was made once and must not change", fd->label);
    return;
  }
  if (r->kind == FROW_ADD && fd->kind == FK_RECORDS) {
    form_record_add(f);
    return;
  }
  if (r->kind == FROW_FIELD && fd->kind == FK_BOOL) {
    form_toggle(f);
    return;
  }
  if (r->kind == FROW_FIELD && (fd->kind == FK_CHOICE || str_eq(fd->id, "type"))) {
    do_choice(e, r);
    return;
  }
  begin_edit(e);
}

typedef struct hidden_names {
  strbuf b;
  size_t n;
} hidden_names;

static void hidden_name_fn(void *ud, const char *path, const desc_field *f, const val *v,
                           const char *why) {
  (void)f, (void)v, (void)why;
  hidden_names *h = ud;
  if (h->n++ < 3)
    strbuf_printf(&h->b, "%s%s", h->n > 1 ? ", " : "", path);
}

/* Writes the configuration to path and says so, naming the values a save
 * leaves out because their field is hidden now. */
static bool save_to(editor *e, const char *path) {
  diag_list d = DIAG_LIST_INIT;
  /* The same lock as `appvpn set`: a save never interleaves with one. */
  file_lock *lk = path ? file_lock_take(path, FILE_LOCK_WAIT_MS, &d) : NULL;
  bool ok = (lk || !path) && config_save(e->cfg, path, &d);
  file_lock_release(lk);
  if (!ok) {
    ui_msg_from_diags(&e->msg, &d, "save failed");
    diag_list_free(&d);
    return false;
  }
  diag_list_free(&d);
  if (path != e->cfg->path) {
    free(e->cfg->path);
    e->cfg->path = xstrdup(path);
  }
  form_mark_saved(e->f);
  file_ident_read(e->cfg->path, &e->disk);
  if (e->recovered) {
    /* the recovered changes are on disk now: their FILE.save has done its work */
    recover_discard(e->cfg->path, &d);
    diag_list_free(&d);
    e->recovered = false;
  }
  hidden_names h = {STRBUF_INIT, 0};
  model_each_hidden(e->cfg, hidden_name_fn, &h);
  size_t ne = diag_count(&e->f->problems, DIAG_ERROR);
  strbuf m = STRBUF_INIT;
  strbuf_printf(&m, "saved %s", e->cfg->path);
  if (h.n) {
    strbuf_printf(&m, "; hidden, so not written: %s", strbuf_str(&h.b));
    if (h.n > 3)
      strbuf_printf(&m, " and %zu more", h.n - 3);
    strbuf_puts(&m, " (^Z undoes the last change)");
  }
  if (ne)
    strbuf_printf(&m, " (%zu error%s left: ^E lists them)", ne, ne == 1 ? "" : "s");
  ui_msg_set(&e->msg, h.n > 0, "%s", strbuf_str(&m));
  strbuf_free(&m);
  strbuf_free(&h.b);
  return true;
}

/* Replaces what is being edited by the file as it is on disk now. */
static void reload(editor *e) {
  diag_list d = DIAG_LIST_INIT;
  file_ident now;
  file_ident_read(e->cfg->path, &now);
  config *c = now.exists ? config_load(e->o->set, e->cfg->path, &d) : NULL;
  if (!c || !c->type) {
    config_free(c);
    ui_msg_from_diags(&e->msg, &d, now.exists ? "cannot reload" : "the file is gone from disk");
    diag_list_free(&d);
    return;
  }
  form_free(e->f);
  config_free(e->cfg);
  e->cfg = c;
  e->f = form_new(c);
  form_rebuild(e->f);
  e->disk = now;
  ui_msg_set(&e->msg, false, "reloaded %s from disk; your changes were dropped", c->path);
  diag_list_free(&d);
}

/* Asks before path is replaced: refuses the open configuration itself
 * (unless allow_self), asks when something else is there. */
static bool may_write(editor *e, const char *path, bool allow_self) {
  file_ident there, self;
  if (!file_ident_read(path, &there)) {
    ui_msg_set(&e->msg, true, "%s cannot be read: %s", path, strerror(errno));
    return false;
  }
  if (!there.exists)
    return true;
  file_ident_read(e->cfg->path, &self);
  if (file_ident_same_file(&there, &self) || file_ident_same_file(&there, &e->disk)) {
    if (allow_self)
      return true;
    ui_msg_set(&e->msg, true, "%s is the configuration being edited: choose another name", path);
    return false;
  }
  char *q = xasprintf("%s exists. Replace it?", path);
  int k = ask(e, q, "yn", "y: replace it   n/Esc: cancel");
  free(q);
  if (k != 'y')
    ui_msg_set(&e->msg, false, "nothing written");
  return k == 'y';
}

static void save_as(editor *e) {
  char *path = prompt_line(e, "Save as", e->cfg->path ? e->cfg->path : "");
  if (path && *path && may_write(e, path, true))
    save_to(e, path);
  else if (!path || !*path)
    ui_msg_set(&e->msg, false, "not saved");
  free(path);
}

static void act_save(editor *e) {
  if (refuse_view(e))
    return;
  file_ident now;
  if (file_ident_read(e->cfg->path, &now) && file_ident_changed(&e->disk, &now)) {
    /* someone changed (or made, or removed) the file since it was opened */
    char *q = xasprintf("%s %s on disk since you opened it", e->cfg->path,
                        !now.exists      ? "was removed"
                        : e->disk.exists ? "changed"
                                         : "was created");
    int k = ask(e, q, "roa",
                "r: reload it (drop your changes)   o: overwrite it   a: save as...   Esc: cancel");
    free(q);
    if (k == 'r')
      reload(e);
    else if (k == 'a')
      save_as(e);
    else if (k == 'o')
      save_to(e, e->cfg->path);
    else
      ui_msg_set(&e->msg, false, "not saved: the file on disk is as the other change left it");
    return;
  }
  save_to(e, e->cfg->path);
}

static char *problems_text(const diag_list *l, diag_level min) {
  strbuf b = STRBUF_INIT;
  for (size_t i = 0; i < l->n; i++) {
    if (l->items[i].level > min)
      continue;
    char *s = diag_format(&l->items[i]);
    strbuf_puts(&b, s);
    strbuf_putc(&b, '\n');
    free(s);
  }
  return strbuf_take(&b);
}

/* The preview's <data> elements (a certificate, a PKCS#12 identity) as
 * "<data: N bytes>" on one line: pages of base64 tell a reader nothing. */
static char *fold_data(const char *xml) {
  strbuf b = STRBUF_INIT;
  const char *p = xml;
  for (const char *open; (open = strstr(p, "<data>"));) {
    const char *close = strstr(open, "</data>");
    if (!close)
      break;
    size_t chars = 0, pad = 0;
    for (const char *q = open + 6; q < close; q++)
      if ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') ||
          *q == '+' || *q == '/')
        chars++;
      else if (*q == '=')
        pad++;
    strbuf_putn(&b, p, (size_t)(open - p));
    if (chars) /* a preview does not read files: their data is left empty */
      strbuf_printf(&b, "<data: %zu bytes>", (chars + pad) / 4 * 3 - pad);
    else
      strbuf_puts(&b, "<data: the file's bytes, read on export>");
    p = close + 7;
  }
  strbuf_puts(&b, p);
  return strbuf_take(&b);
}

static void act_preview(editor *e) {
  export_opts eo;
  memset(&eo, 0, sizeof eo);
  eo.format = EXPORT_XML;
  eo.mask_secrets = true;
  eo.draft = true; /* show what there is; export itself still refuses */
  char *out = NULL;
  size_t len = 0;
  diag_list d = DIAG_LIST_INIT;
  bool made = export_profile(e->cfg, &eo, &out, &len, &d);
  if (out) {
    char *folded = fold_data(out);
    free(out);
    out = folded;
  }
  if (made && !diag_count(&d, DIAG_ERROR)) {
    text_view(e, "Preview (secrets masked)", out);
  } else if (out) {
    char *p = problems_text(&d, DIAG_ERROR);
    char *t = xasprintf("Incomplete: export refuses while these errors remain; what is set so "
                        "far would export as below.\n\n%s\n%s",
                        p, out);
    text_view(e, "Preview (draft, secrets masked)", t);
    free(t);
    free(p);
  } else {
    char *p = problems_text(&d, DIAG_ERROR);
    char *t = xasprintf("Nothing to preview:\n\n%s", p);
    text_view(e, "Preview", t);
    free(t);
    free(p);
  }
  free(out);
  diag_list_free(&d);
}

static char *default_export_path(editor *e) {
  const val *nm = form_get_path(e->f, "name");
  char *slug = model_slug(nm && nm->kind == VAL_STR ? nm->u.str : "");
  const char *p = e->cfg->path ? e->cfg->path : "";
  const char *sl = strrchr(p, '/');
  char *out = sl ? xasprintf("%.*s/%s.mobileconfig", (int)(sl - p), p, slug)
                 : xasprintf("%s.mobileconfig", slug);
  free(slug);
  return out;
}

static void act_export(editor *e) {
  if (refuse_view(e))
    return;
  form_validate(e->f);
  size_t ne = diag_count(&e->f->problems, DIAG_ERROR);
  if (ne) {
    char *p = problems_text(&e->f->problems, DIAG_ERROR);
    char *t = xasprintf("Export refused: %zu error%s to fix first (^E jumps to each):\n\n%s", ne,
                        ne == 1 ? "" : "s", p);
    text_view(e, "Export", t);
    free(t);
    free(p);
    ui_msg_set(&e->msg, true, "export refused: %zu error%s", ne, ne == 1 ? "" : "s");
    return;
  }
  char *def = default_export_path(e);
  char *path = prompt_line(e, "Export profile to", def);
  free(def);
  if (!path || !*path) {
    free(path);
    ui_msg_set(&e->msg, false, "export cancelled");
    return;
  }
  if (!may_write(e, path, false)) {
    free(path);
    return;
  }
  export_opts eo;
  memset(&eo, 0, sizeof eo);
  eo.format = EXPORT_XML;
  char *out = NULL;
  size_t len = 0;
  diag_list d = DIAG_LIST_INIT;
  if (!export_profile(e->cfg, &eo, &out, &len, &d)) {
    char *p = problems_text(&d, DIAG_ERROR);
    text_view(e, "Export refused", p);
    free(p);
    ui_msg_from_diags(&e->msg, &d, "export failed");
  } else {
    /* Into a device or FIFO, never replacing one; never over the open
     * configuration itself (docs/files.md). */
    struct stat self;
    file_write_opts o = {.secret = model_has_secrets(e->cfg), .stream = true};
    if (e->cfg->path && stat(e->cfg->path, &self) == 0)
      o.refuse_same_as = &self;
    if (file_write(path, out, len, &o, &d))
      ui_msg_set(&e->msg, false, "exported %s", path);
    else
      ui_msg_from_diags(&e->msg, &d, "export failed");
  }
  free(out);
  free(path);
  diag_list_free(&d);
}

static void act_problems(editor *e) {
  form_validate(e->f);
  const diag_list *l = &e->f->problems;
  if (!l->n) {
    ui_msg_set(&e->msg, false, "no problems");
    return;
  }
  pick_item *it = xcalloc(l->n, sizeof *it);
  char **labels = xcalloc(l->n, sizeof *labels);
  for (size_t i = 0; i < l->n; i++) {
    const diag *d = &l->items[i];
    labels[i] = xasprintf("%c %s",
                          d->level == DIAG_ERROR     ? '!'
                          : d->level == DIAG_WARNING ? '?'
                                                     : ' ',
                          d->msg);
    it[i].label = labels[i];
    it[i].desc = d->field;
  }
  int k = pick(e, "Problems (Enter jumps to the field)", it, l->n, 0, false);
  if (k >= 0) {
    char *path = l->items[k].field ? xstrdup(l->items[k].field) : NULL;
    if (!path || !form_goto_path(e->f, path))
      ui_msg_set(&e->msg, true, "this problem is not about one field");
    free(path);
  }
  for (size_t i = 0; i < e->f->problems.n && i < l->n; i++)
    free(labels[i]);
  free(labels);
  free(it);
}

/* ^F: any setting of the type by its label or YAML key. */
static void act_find(editor *e) {
  const desc_type *t = e->cfg->type;
  form *f = e->f;
  /* inside a record: that record's fields; else every field of the type */
  const form_frame *fr = f->depth ? &f->stack[f->depth - 1] : NULL;
  size_t n = 0;
  if (fr)
    n = fr->field->n_fields;
  else
    for (size_t i = 0; i < t->n_sections; i++)
      n += t->sections[i].n_fields;
  /* values inside lists (outside records): found by what is typed */
  size_t nvals = 0;
  for (size_t i = 0; !fr && i < t->n_sections; i++)
    for (size_t j = 0; form_section_visible(f, i) && j < t->sections[i].n_fields; j++) {
      const desc_field *fd = &t->sections[i].fields[j];
      const val *v = fd->kind == FK_LIST ? form_get_path(f, fd->id) : NULL;
      if (v && v->kind == VAL_LIST)
        nvals += v->u.list.n;
    }
  size_t total = n + nvals;
  pick_item *it = xcalloc(total ? total : 1, sizeof *it);
  char **descs = xcalloc(n ? n : 1, sizeof *descs);
  char **paths = xcalloc(n ? n : 1, sizeof *paths);
  const desc_field **vfield = xcalloc(nvals ? nvals : 1, sizeof *vfield);
  size_t *vindex = xcalloc(nvals ? nvals : 1, sizeof *vindex);
  size_t k = 0;
  for (size_t i = 0; !fr && i < t->n_sections; i++)
    for (size_t j = 0; j < t->sections[i].n_fields; j++) {
      const desc_field *fd = &t->sections[i].fields[j];
      descs[k] = xasprintf("%s: %s", t->sections[i].title, fd->id);
      it[k].label = fd->label;
      it[k].desc = descs[k];
      it[k].key = fd->id;
      paths[k++] = xstrdup(fd->id);
    }
  for (size_t j = 0; fr && j < fr->field->n_fields; j++) {
    const desc_field *fd = &fr->field->fields[j];
    descs[k] = xasprintf("%s: %s", fr->field->label, fd->id);
    it[k].label = fd->label;
    it[k].desc = descs[k];
    it[k].key = fd->id;
    paths[k++] = xasprintf("%s.%s", fr->path, fd->id);
  }
  size_t kv = 0;
  for (size_t i = 0; !fr && i < t->n_sections; i++) {
    if (!form_section_visible(f, i))
      continue;
    for (size_t j = 0; j < t->sections[i].n_fields; j++) {
      const desc_field *fd = &t->sections[i].fields[j];
      const val *v = fd->kind == FK_LIST ? form_get_path(f, fd->id) : NULL;
      for (size_t m = 0; v && v->kind == VAL_LIST && m < v->u.list.n && kv < nvals; m++) {
        if (v->u.list.v[m]->kind != VAL_STR)
          continue;
        pick_item *p = &it[n + kv];
        p->label = v->u.list.v[m]->u.str;
        p->desc = fd->label;
        p->when_typed = true;
        vfield[kv] = fd;
        vindex[kv++] = m;
      }
    }
  }
  int r = pick(e, "Find a setting (label or key) or a value in a list", it, n + kv, 0, true);
  if (r >= 0 && (size_t)r >= n) {
    char *ip = xasprintf("%s[%zu]", vfield[r - (int)n]->id, vindex[r - (int)n]);
    if (!form_goto_path(f, ip))
      ui_msg_set(&e->msg, true, "%s is hidden now (^T shows hidden fields)",
                 vfield[r - (int)n]->label);
    free(ip);
  } else if (r >= 0 && !form_goto_path(f, paths[r])) {
    ui_msg_set(&e->msg, true, "%s is hidden now (^T shows hidden fields)", it[r].label);
  }
  free(vfield);
  free(vindex);
  for (size_t i = 0; i < k; i++) {
    free(descs[i]);
    free(paths[i]);
  }
  free(descs);
  free(paths);
  free(it);
}

static const char HELP[] =
    "Moving\n"
    "  Up/Down, PgUp/PgDn, Home/End   move between fields\n"
    "  Tab / Shift-Tab (or Right/Left) next / previous section\n"
    "  Enter or Space                 edit, toggle, choose, open a record\n"
    "  Esc or Left (in a record)      back to the enclosing form\n"
    "\n"
    "Editing text\n"
    "  Enter / Esc                    keep / cancel the change\n"
    "  Left/Right, Home/End, ^A/^E    move the cursor\n"
    "  BS, Del, ^U (clear), ^K        delete\n"
    "  $                              variable picker (where variables work)\n"
    "  ^R                             show/hide a password while typing\n"
    "  ^O                             well-known values (e.g. legacy bundle ids)\n"
    "\n"
    "Lists, entries and records (on-demand rules)\n"
    "  ^N or Ins                      add (paste: spaces, commas, new lines)\n"
    "  ^D or Del                      delete the item (on a field: clear it)\n"
    "  ^U / ^B or Shift-Up/Down       move the item up / down (first rule wins)\n"
    "\n";
static const char HELP_MARKERS[] =
    "\n"
    "Markers: '>' focus, '!' error, '?' warning; dimmed rows are hidden fields.\n";

/* F1: what the focused field is (whole help, keys, availability, when it
 * shows), then the keys. */
static void act_help(editor *e) {
  strbuf b = STRBUF_INIT;
  const form_row *r = form_focused(e->f);
  if (r) {
    const desc_field *fd = r->field;
    char *h = flat(fd->help ? fd->help : "");
    strbuf_printf(&b, "%s  (%s, %s)\n", fd->label, fd->path ? fd->path : fd->id,
                  field_kind_desc(fd->kind));
    /* wrap the help text to the box */
    int width = COLS - 6 > 20 ? COLS - 6 : 20;
    const char *p = h;
    while (*p) {
      int n = (int)strlen(p);
      if (n > width) {
        n = width;
        while (n > 0 && p[n] != ' ')
          n--;
        if (!n)
          n = width;
      }
      strbuf_printf(&b, "  %.*s\n", n, p);
      p += n;
      while (*p == ' ')
        p++;
    }
    free(h);
    char *os = os_text(&fd->os);
    if (*os)
      strbuf_printf(&b, "  Available: %s\n", os);
    free(os);
    if (fd->show)
      strbuf_printf(&b, "  Shown when: %s\n", expr_source(fd->show));
    if (fd->variables)
      strbuf_puts(&b, "  Takes variables: type $ for the list.\n");
    for (size_t i = 0; i < fd->n_profile; i++)
      strbuf_printf(&b, "  Profile key: %s\n", fd->profile[i]);
    strbuf_putc(&b, '\n');
  }
  strbuf_puts(&b, HELP);
  char *cmds = keytab_help(); /* the commands, from the key table */
  strbuf_puts(&b, cmds);
  free(cmds);
  strbuf_puts(&b, HELP_MARKERS);
  text_view(e, "Keys and field help", strbuf_str(&b));
  strbuf_free(&b);
}

static void act_quit(editor *e) {
  if (e->f->dirty && !e->o->readonly) {
    char *q = xasprintf("Save changes to %s?", e->cfg->path ? e->cfg->path : "the file");
    int k = ask(e, q, "ync", "y: save and quit   n: discard changes   c/Esc: keep editing");
    free(q);
    if (k == 'y') {
      act_save(e);
      if (e->f->dirty)
        return;
    } else if (k != 'n') {
      return;
    }
  }
  e->quit = true;
}

static void edit_insert_key(editor *e, int k) {
  strbuf b = STRBUF_INIT;
  strbuf_put_utf8(&b, k);
  if (!form_edit_insert(e->f, b.s, b.len)) {
    const form_row *r = form_focused(e->f);
    if (r && r->field->kind == FK_INT)
      ui_msg_set(&e->msg, true, "%s takes digits only%s", r->field->label,
                 r->field->variables ? " (or a ${variable})" : "");
    else if (r && r->field->max_len)
      ui_msg_set(&e->msg, true, "at most %zu bytes", r->field->max_len);
    if (!e->script_mode)
      beep();
  }
  strbuf_free(&b);
}

static void var_picker(editor *e) {
  size_t n;
  const var_info *cat = vars_catalog(&n);
  pick_item *it = xcalloc(n ? n : 1, sizeof *it);
  char **labels = xcalloc(n ? n : 1, sizeof *labels);
  char **descs = xcalloc(n ? n : 1, sizeof *descs);
  char **keys = xcalloc(n ? n : 1, sizeof *keys);
  for (size_t i = 0; i < n; i++) {
    labels[i] = xasprintf("${%s}", cat[i].name);
    it[i].label = labels[i];
    /* the same variable in the other MDMs' spellings: shown under the list
     * for the focused one, and found by the filter (USERNAME finds ${userUID}) */
    strbuf d = STRBUF_INIT, k = STRBUF_INIT;
    for (int dl = DIALECT_CORE; dl < DIALECT__COUNT; dl++) {
      const char *sp = vars_in_dialect(cat[i].name, (vars_dialect)dl);
      if (!sp)
        continue;
      strbuf_printf(&d, "%s%s %s",
                    d.len ? ", " : "elsewhere: ", vars_dialect_name((vars_dialect)dl), sp);
      strbuf_printf(&k, "%s%s", k.len ? " " : "", sp);
    }
    if (!d.len)
      strbuf_puts(&d, "no equivalent in other MDMs");
    descs[i] = strbuf_take(&d);
    keys[i] = k.len ? strbuf_take(&k) : NULL;
    strbuf_free(&k);
    it[i].desc = cat[i].meaning;
    it[i].note = descs[i];
    it[i].key = keys[i];
  }
  int k = pick(e, "Variables (type to filter; Esc types a plain $)", it, n, 0, true);
  if (k >= 0) {
    if (!form_edit_insert(e->f, labels[k], strlen(labels[k])))
      ui_msg_set(&e->msg, true, "a variable cannot go here");
  } else {
    edit_insert_key(e, '$');
  }
  for (size_t i = 0; i < n; i++) {
    free(labels[i]);
    free(descs[i]);
    free(keys[i]);
  }
  free(labels);
  free(descs);
  free(keys);
  free(it);
}

/* ^O on a text field with well-known values (legacy bundle ids, …): pick one
 * to replace the text. */
static void suggestions_picker(editor *e) {
  const form_row *r = form_focused(e->f);
  if (!r || r->kind != FROW_FIELD)
    return;
  const desc_field *fd = r->field;
  size_t n = 0;
  pick_item *it = xcalloc(fd->n_suggestions + 1, sizeof *it);
  char *def = fd->def ? val_scalar_text(fd->def) : NULL;
  if (def) {
    it[n].label = def;
    it[n++].desc = "the default";
  }
  for (size_t i = 0; i < fd->n_suggestions; i++)
    if (!str_eq(fd->suggestions[i], def)) {
      it[n].label = fd->suggestions[i];
      it[n++].desc = "well-known value";
    }
  if (!n) {
    ui_msg_set(&e->msg, false, "%s has no suggested values", fd->label);
  } else {
    int k = pick(e, fd->label, it, n, 0, true);
    if (k >= 0) {
      form_edit_kill(e->f);
      form_edit_insert(e->f, it[k].label, strlen(it[k].label));
    }
  }
  free(def);
  free(it);
}

static void commit_edit(editor *e) {
  diag_list d = DIAG_LIST_INIT;
  bool kept = form_edit_commit(e->f, &d);
  if (kept && !d.n)
    ui_msg_clear(&e->msg); /* what was said while typing no longer applies */
  else
    ui_msg_from_diags(&e->msg, &d, NULL);
  diag_list_free(&d);
}

static bool handle_global(editor *e, int k);

static void handle_edit(editor *e, int k) {
  form *f = e->f;
  const form_row *r = form_focused(f);
  switch (k) {
  case K_ENTER:
    if (e->paste) {
      if (f->edit_new)
        form_edit_insert(f, "\n", 1);
      else
        form_edit_insert(f, " ", 1);
    } else {
      commit_edit(e);
    }
    return;
  case K_ESC: form_edit_cancel(f); return;
  case K_FN(KEY_LEFT): form_edit_left(f); return;
  case K_FN(KEY_RIGHT): form_edit_right(f); return;
  case K_FN(KEY_HOME):
  case K_CTRL('A'): form_edit_home(f); return;
  case K_FN(KEY_END):
  case K_CTRL('E'): form_edit_end(f); return;
  case K_BS: form_edit_backspace(f); return;
  case K_FN(KEY_DC):
  case K_CTRL('D'): form_edit_delete(f); return;
  case K_CTRL('U'): form_edit_kill(f); return;
  case K_CTRL('K'):
    while (f->cur < f->len)
      form_edit_delete(f);
    return;
  case K_CTRL('R'):
  case K_FN(KEY_F(7)):
    /* only the text being typed; it is masked again when the edit ends */
    if (e->o->readonly)
      ui_msg_set(&e->msg, true, "read-only view: secrets stay masked");
    else
      e->reveal_edit = !e->reveal_edit;
    return;
  case K_FN(KEY_UP):
  case K_FN(KEY_DOWN):
  case K_TAB:
    commit_edit(e);
    if (!f->editing)
      form_move(f, k == K_FN(KEY_UP) ? -1 : 1);
    return;
  case K_PASTE_BEGIN: e->paste = true; return;
  case K_PASTE_END: e->paste = false; return;
  case K_CTRL('O'): suggestions_picker(e); return;
  default: break;
  }
  if (k == '$' && !e->paste && r && r->field->variables) {
    var_picker(e);
    return;
  }
  if (k == K_TAB && e->paste) {
    form_edit_insert(f, " ", 1);
    return;
  }
  if (printable(k) && !K_IS_FN(k)) {
    edit_insert_key(e, k);
    return;
  }
  /* commands still work while editing: keep the text first */
  if (k == K_CTRL('S') || k == K_CTRL('Q') || k == K_CTRL('P') || k == K_CTRL('X') ||
      k == K_CTRL('G') || k == K_CTRL('F') || K_IS_FN(k)) {
    commit_edit(e);
    handle_global(e, k);
  }
}

/* Commands available everywhere (the key table's global entries); true when
 * k was one. */
static bool handle_global(editor *e, int k) {
  switch (keytab_action(k, true)) {
  case KA_SAVE: act_save(e); return true;
  case KA_EXPORT: act_export(e); return true;
  case KA_PREVIEW: act_preview(e); return true;
  case KA_PROBLEMS: act_problems(e); return true;
  case KA_HIDDEN:
    e->f->show_hidden = !e->f->show_hidden;
    form_rebuild(e->f);
    ui_msg_set(&e->msg, false,
               e->f->show_hidden
                   ? "hidden fields shown (dimmed, with the condition that shows them)"
                   : "hidden fields not shown");
    return true;
  case KA_REVEAL:
    if (e->o->readonly) {
      ui_msg_set(&e->msg, true, "read-only view: secrets stay masked");
    } else {
      e->reveal = !e->reveal;
      ui_msg_set(&e->msg, false, e->reveal ? "passwords shown" : "passwords masked");
    }
    return true;
  case KA_HELP: act_help(e); return true;
  case KA_QUIT: act_quit(e); return true;
  case KA_FIND: act_find(e); return true;
  case KA_REDRAW: clearok(curscr, TRUE); return true;
  case KA_INTERRUPT:
    ui_msg_set(&e->msg, false, "^C does not quit: ^Q quits, Esc leaves a record, ^Z undoes");
    return true;
  default: return false;
  }
}

/* What the undo took back, where focus now is: "Safari Domains, item 3:
 * undone (2 more changes can be undone)". */
static void undo_message(editor *e) {
  form *f = e->f;
  const desc_field *fd = f->undone ? model_field_for_path(e->cfg, f->undone) : NULL;
  strbuf what = STRBUF_INIT;
  if (fd) {
    strbuf_puts(&what, fd->label);
    const char *lb = strrchr(f->undone, '[');
    size_t n = strlen(f->undone);
    if (fd->kind == FK_LIST && lb && f->undone[n - 1] == ']')
      strbuf_printf(&what, ", item %llu", strtoull(lb + 1, NULL, 10) + 1);
    strbuf_puts(&what, ": ");
  } else if (f->undone && str_eq(f->undone, "type")) {
    strbuf_puts(&what, "Connection type: ");
  }
  ui_msg_set(&e->msg, false, "%sundone (%zu more change%s can be undone)", strbuf_str(&what),
             f->n_undo, f->n_undo == 1 ? "" : "s");
  strbuf_free(&what);
}

static void handle_nav(editor *e, int k) {
  form *f = e->f;
  const form_row *r = form_focused(f);
  ui_msg_clear(&e->msg);
  if (handle_global(e, k))
    return;
  layout l = get_layout();
  int page = l.rows > 1 ? l.rows - 1 : 1;
  if (k == K_PASTE_BEGIN) {
    if (!r || refuse_view(e))
      return;
    if (r->field->kind == FK_LIST || r->field->kind == FK_MAP)
      focus_add_row(e);
    begin_edit(e);
    if (f->editing)
      e->paste = true;
    return;
  }
  if (k == K_PASTE_END) {
    e->paste = false;
    return;
  }
  key_action act = keytab_action(k, false);
  switch (act) {
  case KA_UP: form_move(f, -1); return;
  case KA_DOWN: form_move(f, 1); return;
  case KA_PGUP: form_move(f, -page); return;
  case KA_PGDN: form_move(f, page); return;
  case KA_FIRST: form_focus_first(f); return;
  case KA_LAST: form_focus_last(f); return;
  case KA_NEXT_SECTION: form_next_section(f, 1); return;
  case KA_PREV_SECTION: form_next_section(f, -1); return;
  case KA_LEFT:
    if (!form_record_leave(f))
      form_next_section(f, -1);
    return;
  case KA_LEAVE: form_record_leave(f); return;
  case KA_UNDO:
    if (refuse_view(e))
      return;
    if (form_undo(f))
      undo_message(e);
    else
      ui_msg_set(&e->msg, false, "nothing to undo");
    return;
  case KA_ENTER: act_enter(e); return;
  case KA_DELETE:
    if (!r || refuse_view(e))
      return;
    if (r->kind == FROW_ITEM && r->field->kind == FK_RECORDS) {
      /* a record can hold a whole sub-form (nested parameters): ask first */
      char *lab = form_row_text(f, r, false, NULL);
      char *q = xasprintf("Delete %s %s?", r->field->label, lab);
      if (ask(e, q, "yn", "y: delete   n/Esc: keep") == 'y' && form_item_delete(f))
        ui_msg_set(&e->msg, false, "deleted %s", lab);
      free(q);
      free(lab);
    } else if (r->kind == FROW_ITEM) {
      form_item_delete(f);
    } else if (r->kind == FROW_FIELD && !r->field->readonly && !str_eq(r->field->id, "type")) {
      char *p = xstrdup(r->path);
      const char *label = r->field->label; /* r dies with the rebuild */
      if (form_unset(f, p))
        ui_msg_set(&e->msg, false, "%s cleared", label);
      free(p);
    }
    return;
  case KA_MOVE_UP:
  case KA_MOVE_DOWN:
    if (!r || refuse_view(e))
      return;
    if (!form_item_move(f, act == KA_MOVE_UP ? -1 : 1) && r->kind == FROW_ITEM)
      ui_msg_set(&e->msg, false, "already at the %s", act == KA_MOVE_UP ? "top" : "bottom");
    return;
  case KA_ADD:
    if (!r || refuse_view(e))
      return;
    if (r->field->kind == FK_RECORDS) {
      focus_add_row(e);
      form_record_add(f);
    } else if ((r->field->kind == FK_LIST || r->field->kind == FK_MAP) && focus_add_row(e)) {
      begin_edit(e);
    }
    return;
  default: break;
  }
  /* typing on a text field (or a list's add row) starts editing it */
  if (printable(k) && !K_IS_FN(k) && r && k != ' ') {
    bool list = r->field->kind == FK_LIST || r->field->kind == FK_MAP;
    bool ok =
        (r->kind == FROW_FIELD && (text_like(r->field) || list)) || (r->kind != FROW_FIELD && list);
    if (!ok)
      return;
    if (refuse_view(e))
      return;
    if (r->kind == FROW_FIELD && list && !focus_add_row(e)) /* typing on a list adds to it */
      return;
    begin_edit(e);
    if (f->editing)
      handle_edit(e, k);
  }
}

/* ---------- set-up ---------- */

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

static bool term_start(editor *e) {
  if (!ui_term_start(&e->scr, &e->tout, &e->tin, e->script_mode, "editor"))
    return false;
  if (!e->script_mode) {
    define_key("\033[200~", KEY_MAX + 1);
    define_key("\033[201~", KEY_MAX + 2);
    fputs("\033[?2004h", stdout); /* bracketed paste: a pasted list arrives as one unit */
    fflush(stdout);
  }
  return true;
}

static void term_stop(editor *e) {
  if (e->scr && !e->script_mode) {
    fputs("\033[?2004l", stdout);
    fflush(stdout);
  }
  ui_term_stop(&e->scr, &e->tout, &e->tin);
}

static config *new_config(editor *e, const desc_type *t) {
  config *c = config_new(e->o->set, t);
  free(c->path);
  c->path = xstrdup(e->o->path);
  diag_list d = DIAG_LIST_INIT;
  model_init_new(c, NULL, &d); /* UUIDs, as `appvpn new` makes them; the user types the name */
  if (d.n)
    ui_msg_from_diags(&e->msg, &d, NULL);
  diag_list_free(&d);
  return c;
}

/* FILE.save left by a hang-up: recover it (as unsaved changes), discard it,
 * or keep it for later (ui/recover.h). */
static void offer_recovery(editor *e) {
  if (!e->cfg->path || !recover_exists(e->cfg->path))
    return;
  if (e->o->readonly) {
    ui_msg_set(&e->msg, false,
               "%s.save holds unsaved changes (open without --view to recover them)", e->cfg->path);
    return;
  }
  char *q = xasprintf("%s.save holds unsaved changes from an earlier session", e->cfg->path);
  int k = ask(e, q, "rdk", "r: recover them   d: discard them   k/Esc: keep for later");
  free(q);
  diag_list d = DIAG_LIST_INIT;
  if (k == 'r') {
    config *c = recover_load(e->o->set, e->cfg->path, &d);
    if (c) {
      form_free(e->f);
      config_free(e->cfg);
      e->cfg = c;
      e->f = form_new(c);
      form_mark_unsaved(e->f); /* the changes are in memory now; quitting asks to save them */
      e->recovered = true; /* FILE.save stays until they are saved */
      form_rebuild(e->f);
      ui_msg_set(&e->msg, false, "recovered unsaved changes: ^S saves them to %s", c->path);
    } else {
      ui_msg_from_diags(&e->msg, &d, "cannot recover");
    }
  } else if (k == 'd') {
    if (recover_discard(e->cfg->path, &d))
      ui_msg_set(&e->msg, false, "discarded %s.save", e->cfg->path);
    else
      ui_msg_from_diags(&e->msg, &d, NULL);
  } else {
    ui_msg_set(&e->msg, false, "kept %s.save for later", e->cfg->path);
  }
  diag_list_free(&d);
}

/* A new file hung up before its first save left only FILE.save: offered
 * before the type question (the .save knows its type). True when asked. */
static bool offer_new_recovery(editor *e) {
  if (e->o->readonly || !recover_exists(e->o->path))
    return false;
  diag_list d = DIAG_LIST_INIT;
  config *c = recover_load(e->o->set, e->o->path, &d);
  if (!c || !c->type) {
    config_free(c);
    diag_list_free(&d);
    return false; /* the usual offer after the type question reports it */
  }
  e->cfg = c;
  e->f = form_new(c);
  form_rebuild(e->f);
  char *q = xasprintf("%s.save holds unsaved changes from an earlier session (the file was "
                      "never saved)",
                      e->o->path);
  int k = ask(e, q, "rdk", "r: recover them   d: discard them   k/Esc: keep for later");
  free(q);
  if (k == 'r') {
    form_mark_unsaved(e->f);
    e->recovered = true; /* FILE.save stays until they are saved */
    ui_msg_set(&e->msg, false, "recovered unsaved changes: ^S saves them to %s", c->path);
  } else {
    form_free(e->f);
    config_free(e->cfg);
    e->f = NULL;
    e->cfg = NULL;
    diag_list_clear(&d);
    if (k == 'd' && !recover_discard(e->o->path, &d))
      ui_msg_from_diags(&e->msg, &d, NULL);
  }
  diag_list_free(&d);
  return true;
}

/* After SIGHUP/SIGTERM: unsaved changes (an edit in progress included) go to
 * FILE.save. Returns the line for stderr (caller frees) or NULL. */
static char *hangup_keep(editor *e) {
  if (!e->f || e->o->readonly)
    return NULL;
  if (e->f->editing)
    commit_edit(e);
  if (!e->f->dirty)
    return NULL;
  diag_list d = DIAG_LIST_INIT;
  char *msg;
  if (recover_write(e->cfg, &d)) {
    msg = xasprintf("appvpn: unsaved changes kept in %s.save", e->cfg->path);
  } else {
    char *s = d.n ? diag_format(&d.items[0]) : xstrdup("unknown error");
    msg = xasprintf("appvpn: unsaved changes lost: %s", s);
    free(s);
  }
  diag_list_free(&d);
  return msg;
}

/* A .mobileconfig (XML, binary or signed plist) given to the editor. */
static bool looks_like_profile(const char *path) {
  size_t n = strlen(path);
  if (n > 13 && !strcmp(path + n - 13, ".mobileconfig"))
    return true;
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return false;
  char head[64] = {0};
  size_t got = fread(head, 1, sizeof head - 1, fp);
  fclose(fp);
  return got >= 6 && (!memcmp(head, "bplist", 6) || strstr(head, "<?xml") || strstr(head, "<plist") ||
                      (unsigned char)head[0] == 0x30); /* a DER (signed) profile */
}

int ui_run(const ui_opts *o) {
  if (!o || !o->set || !o->path) {
    fprintf(stderr, "appvpn: no file to edit\n");
    return 2;
  }
  editor ed;
  memset(&ed, 0, sizeof ed);
  editor *e = &ed;
  e->o = o;
  int rc = 0;
  char *script_text = NULL;
  diag_list d = DIAG_LIST_INIT;

  setlocale(LC_CTYPE, "");
  const char *cs = setlocale(LC_CTYPE, NULL);
  e->utf8 = MB_CUR_MAX > 1 || (cs && (strstr(cs, "UTF-8") || strstr(cs, "utf8")));

  struct stat st;
  bool exists = stat(o->path, &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) {
    char *p = text_escape(o->path);
    fprintf(stderr, "appvpn: %s is a directory (ui_open shows its list)\n", p);
    free(p);
    return 2;
  }
  recover_install_signals();
  if (!exists && o->readonly) {
    char *p = text_escape(o->path);
    fprintf(stderr, "appvpn: %s: %s\n", p, strerror(errno));
    free(p);
    return 3;
  }

  const char *nc = getenv("NO_COLOR");
  bool no_color = nc && *nc;
  theme th;
  if (!theme_load(o->theme ? o->theme : no_color ? "mono" : "default", &th, &d)) {
    diag_list_print(&d, stderr);
    rc = 2;
    goto out;
  }
  if (o->keys) {
    /* opened from the directory list: read on in its script */
    e->script_mode = true;
    e->script = *o->keys;
    e->dumpf = o->dump_to;
  } else if (o->script) {
    e->script_mode = true;
    script_text = read_text(o->script, "test script");
    if (!script_text) {
      rc = 3;
      goto out;
    }
    if (!key_script_parse(script_text, o->script, &e->script, &d)) {
      diag_list_print(&d, stderr);
      rc = 2;
      goto out;
    }
    if (o->dump) {
      e->dumpf = fopen(o->dump, "w");
      if (!e->dumpf) {
        char *p = text_escape(o->dump);
        fprintf(stderr, "appvpn: %s: %s\n", p, strerror(errno));
        free(p);
        rc = 3;
        goto out;
      }
    }
  }
  if (exists) {
    /* before the load: a change made after this point is noticed at ^S */
    file_ident_read(o->path, &e->disk);
    e->cfg = config_load(o->set, o->path, &d);
    if (!e->cfg) {
      diag_list_print(&d, stderr);
      rc = access(o->path, R_OK) ? 3 : 1;
      if (rc == 1 && looks_like_profile(o->path)) {
        char *p = text_escape(o->path);
        fprintf(stderr,
                "appvpn: %s is a profile, not a configuration: `appvpn import %s -o NAME.yaml` "
                "turns it into one to edit\n",
                p, p);
        free(p);
      }
      goto out;
    }
    if (!e->cfg->type && o->readonly) {
      diag_list_print(&d, stderr);
      char *p = text_escape(o->path);
      fprintf(stderr, "appvpn: %s: unknown connection type\n", p);
      free(p);
      rc = 1;
      goto out;
    }
  }
  if (!term_start(e)) {
    rc = 2;
    goto out;
  }
  theme_apply(&th, has_colors() && !no_color);

  bool offered = !exists && offer_new_recovery(e);
  /* a form needs a type: ask for it (new file, or a file with an unknown type) */
  if (!e->cfg || !e->cfg->type) {
    config tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.set = o->set;
    tmp.root = val_new_map();
    /* a throwaway read-only form keeps the screen drawable behind the picker */
    config *keep = e->cfg;
    config *shown = keep ? keep : &tmp;
    e->cfg = shown;
    const desc_type *first = o->set->n_types ? &o->set->types[0] : NULL;
    const desc_type *saved = shown->type;
    shown->type = first;
    e->f = form_new(shown);
    e->f->readonly = true;
    diag_list_clear(&e->f->problems); /* nothing typed yet: no problems to show */
    e->choosing = true;
    const desc_type *t = first ? choose_type(e, NULL) : NULL;
    e->choosing = false;
    form_free(e->f);
    e->f = NULL;
    shown->type = saved;
    e->cfg = keep;
    val_free(tmp.root);
    if (!t) {
      term_stop(e);
      fprintf(stderr, "appvpn: no connection type chosen; nothing was written\n");
      rc = 0;
      goto out;
    }
    if (e->cfg)
      config_set_type(e->cfg, t);
    else
      e->cfg = new_config(e, t);
  }
  if (!e->f) {
    e->f = form_new(e->cfg);
    e->f->readonly = o->readonly;
    if (!exists)
      form_mark_unsaved(e->f);
    form_rebuild(e->f);
  }
  if (d.n && !o->readonly) {
    char *first = diag_format(&d.items[0]);
    ui_msg_set(&e->msg, false, "loaded with %zu warning%s: %s", d.n, d.n == 1 ? "" : "s", first);
    free(first);
  }
  if (!exists && !e->recovered)
    ui_msg_set(&e->msg, false, "new %s configuration: fill in the fields, ^S saves",
               e->cfg->type->label);
  if (!offered)
    offer_recovery(e);

  while (!e->quit) {
    draw_main(e);
    int k = next_key(e);
    if (k == K_EOF)
      break; /* a finished script discards unsaved changes */
    if (k == K_RESIZE)
      continue;
    if (COLS < MIN_W || LINES < MIN_H) {
      if (k == K_CTRL('Q') || k == K_FN(KEY_F(10)))
        act_quit(e);
      continue;
    }
    if (e->f->editing)
      handle_edit(e, k);
    else
      handle_nav(e, k);
    if (!e->f->editing)
      e->reveal_edit = false; /* the edit ended: its password is masked again */
  }
  char *kept = recover_signal() ? hangup_keep(e) : NULL;
  term_stop(e);
  if (kept) {
    char *k = text_escape(kept);
    fprintf(stderr, "%s\n", k);
    free(k);
  }
  free(kept);

out:
  if (recover_signal())
    rc = 128 + recover_signal();
  form_free(e->f);
  config_free(e->cfg);
  if (o->keys && e->script_mode)
    o->keys->pos = e->script.pos; /* the directory list owns the script and the dump stream */
  else if (!o->keys)
    key_script_free(&e->script);
  free(script_text);
  ui_msg_clear(&e->msg);
  if (e->dumpf && !o->keys)
    fclose(e->dumpf);
  diag_list_free(&d);
  return rc;
}
