/* The editor's frame: header, sections, the rows on screen (made on demand
 * by core/form), the focused field's help, the message, the status line and
 * the key bar. Every frame erases stdscr and draws it whole; curses sends
 * only the cells that differ, so a typed character costs about one byte.
 */
#include "ui/editor_int.h"

#include <time.h>

#include "io/credential.h"

/* ---------- layout ---------- */

layout ed_get_layout(void) {
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

char *ed_os_text(const os_avail *os) {
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
  ui_put_fit(e->ses.utf8, 0, 0, COLS, t, theme_attr(TH_TITLE));
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
    ui_put_fit(e->ses.utf8, y, 0, l->side_w - 2, txt, attr);
    free(txt);
    y++;
  }
  for (int yy = 1; yy < l->help_y; yy++)
    ui_put(yy, l->side_w - 1, 1, e->ses.utf8 ? "\xe2\x94\x82" : "|", theme_attr(TH_BORDER));
}

/* "General", or "On Demand > Rules 2 > Connection 1" inside records. */
static char *breadcrumb(editor *e) {
  const form *f = e->f;
  const desc_section *s = form_current_section(f);
  strbuf b = STRBUF_INIT;
  strbuf_puts(&b, s ? s->title : "");
  const char *sep = e->ses.utf8 ? " \xe2\x80\xba " : " > ";
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
        wchar_t ch = e->ses.utf8 ? L'\x2022' : L'*';
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
  bool masked = r->kind == FROW_FIELD && field_ui_of(r->field)->masked;
  if (!masked || e->o->readonly)
    return masked;
  if (e->reveal)
    return false;
  return !(e->reveal_edit && e->f->editing && r == form_focused(e->f));
}

/* Draws the field pane; returns the cursor position through cy/cx. */
static void draw_rows(editor *e, const layout *l, int *cy, int *cx) {
  form *f = e->f;
  char *bc = breadcrumb(e);
  ui_put_fit(e->ses.utf8, 1, l->px + 1, l->pw - 2, bc, theme_attr(TH_LABEL) | A_BOLD);
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
      char *said = r->hidden && r->field->show ? ed_condition_words(e, r->field) : NULL;
      if (said) { /* why it is hidden, in the words of the form */
        free(txt);
        txt = xasprintf("(shown when %s)", said);
        free(said);
      }
      if (!e->ses.utf8 && row_masked(e, r) && *txt) {
        free(txt); /* the bullets need UTF-8 */
        txt = xstrdup("******");
      }
      if (!*txt && r->field->placeholder && !r->hidden) {
        /* "e.g." tells an example from a value even without dim text */
        char *ph = xasprintf("e.g. %s", r->field->placeholder);
        ui_put_fit(e->ses.utf8, y, vx, vw, ph,
                   focused ? base | (int)A_DIM : theme_attr(TH_DEFAULT));
        free(ph);
      } else {
        ui_put_fit(e->ses.utf8, y, vx, vw, txt,
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
    const char *bullet = field_ui_of(r->field)->item_prefix;
    int bx = x + ui_put(y, x, 2, bullet, base);
    if (editing_here) {
      *cy = y;
      *cx = draw_edit(e, y, bx, right - bx, false);
      continue;
    }
    char *txt = form_row_text(f, r, true, NULL);
    ui_put_fit(e->ses.utf8, y, bx, right - bx, txt, focused ? base : theme_attr(TH_VALUE));
    free(txt);
  }
  if (f->top > 0)
    ui_put(l->row0, COLS - 1, 1, e->ses.utf8 ? "\xe2\x86\x91" : "^", theme_attr(TH_BORDER));
  if (f->top + rows < f->n_rows)
    ui_put(l->row0 + l->rows - 1, COLS - 1, 1, e->ses.utf8 ? "\xe2\x86\x93" : "v",
           theme_attr(TH_BORDER));
}

char *ed_flat(const char *s) {
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
    return field_ui_of(r->field)->add_help ? field_ui_of(r->field)->add_help : "";
  if (r->kind == FROW_ITEM)
    return field_ui_of(r->field)->item_help ? field_ui_of(r->field)->item_help : "";
  return r->field->help ? r->field->help : "";
}

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
    if (r && field_ui_of(r->field)->masked) {
      n = 6;
    } else if (r && r->kind == FROW_FIELD && r->field->n_suggestions) {
      static keyhint es[6];
      memcpy(es, edit, 5 * sizeof *edit);
      es[5] = (keyhint){"^O", "Suggestions"};
      k = es;
      n = 6;
    }
    if (r && r->field->variables && r->kind == FROW_FIELD && !field_ui_of(r->field)->masked) {
      static keyhint ev[6];
      memcpy(ev, edit, 5 * sizeof *edit);
      ev[5] = edit[6];
      k = ev;
      n = 6;
    }
  } else if (r && r->kind == FROW_ITEM && !e->o->readonly) {
    static keyhint it2[sizeof items / sizeof *items];
    memcpy(it2, items, sizeof items);
    if (field_ui_of(r->field)->item_enter)
      it2[0].label = field_ui_of(r->field)->item_enter;
    k = it2;
    n = sizeof items / sizeof *items;
  }
  /* On a narrow terminal Help and Quit stay; the others fill what is left,
   * in order. */
  wg_keybar(l->keys_y, k, n, WG_BAR_KEEP);
}

/* The help, message, status and key lines. focus_y: the focused row's line
 * (-1: none); a long message may take the field rows below it. */
static void draw_bottom(editor *e, const layout *l, int focus_y) {
  form *f = e->f;
  const form_row *r = form_focused(f);
  char *h = ed_flat(row_help(e, r));
  if (r && r->kind == FROW_FIELD && r->field->embed) { /* the identity: who, until when */
    char *who = credential_describe(f->cfg, time(NULL));
    if (who) {
      char *both = xasprintf("Certificate: %s. %s", who, h);
      free(h);
      h = both;
    }
    free(who);
  }
  /* Help longer than its line goes on below when the message line is free
   * (nothing happened, no problem, no long value, no availability to show). */
  char *h2 = NULL;
  if (ui_cols(h) > COLS - 2) {
    size_t cut = wg_wrap_at(h, COLS - 2);
    if (cut > 0 && h[cut]) {
      h2 = xstrdup(h + cut + 1);
      h[cut] = 0;
    }
  }
  /* message line: what just happened, else this row's problem, else availability */
  const char *pmsg = NULL;
  char prob = r ? form_row_problem(f, r, &pmsg) : 0;
  char *os = r && r->kind == FROW_FIELD ? ed_os_text(&r->field->os) : xstrdup("");
  char *m = e->msg.text    ? xstrdup(e->msg.text)
            : prob && pmsg ? xasprintf("%c %s", prob == 'e' ? '!' : '?', pmsg)
                           : NULL;
  int mattr = e->msg.text   ? theme_attr(e->msg.error ? TH_ERROR : TH_MESSAGE)
              : prob == 'e' ? theme_attr(TH_ERROR)
                            : theme_attr(TH_WARNING);
  /* a message too long for its line takes the help's line too, not a cut */
  int rows = 1, above = 1;
  while (above < 3 && l->help_y - above > focus_y && l->help_y - above >= l->row0)
    above++;
  int used = m ? wg_message(e->ses.utf8, l->msg_y, above, m, mattr, &rows) : 0;
  if (rows < 2)
    ui_put_fit(e->ses.utf8, l->help_y, 1, COLS - 2, h, theme_attr(TH_HELP));
  free(h);
  free(m);
  if (!used && r && r->kind != FROW_ADD && !f->editing) {
    /* a value too long for its row is shown whole here */
    layout lay = *l;
    int lw = label_width(e, &lay);
    int room = r->kind == FROW_FIELD ? COLS - 1 - (l->px + 2 + lw + 1) : COLS - 1 - (l->px + 6);
    char *txt = form_row_text(f, r, !row_masked(e, r), NULL);
    if (ui_cols(txt) > room)
      used = ui_put_fit(e->ses.utf8, l->msg_y, 1, COLS - 2, txt, theme_attr(TH_VALUE));
    free(txt);
    if (used) {
      free(os);
      os = xstrdup("");
    }
  }
  int oc = ui_cols(os);
  if (!used && h2) /* the rest of the help, leaving room for the availability */
    used = ui_put_fit(e->ses.utf8, l->msg_y, 1, *os ? COLS - oc - 5 : COLS - 2, h2,
                      theme_attr(TH_HELP));
  if (*os && used + oc + 4 <= COLS)
    ui_put(l->msg_y, COLS - 1 - oc, oc, os, theme_attr(TH_HELP));
  else if (*os && !used)
    ui_put_fit(e->ses.utf8, l->msg_y, 1, COLS - 2, os, theme_attr(TH_HELP));
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
  ui_put_fit(e->ses.utf8, l->status_y, 0, COLS, strbuf_str(&b), theme_attr(TH_STATUS));
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
void ed_draw_main(editor *e) {
  erase();
  layout l = ed_get_layout();
  if (l.small) {
    draw_small(e);
    curs_set(0);
    move(0, 0);
    return;
  }
  if (e->choosing) {
    ui_fill(0, 0, COLS, theme_attr(TH_TITLE));
    ui_put_fit(e->ses.utf8, 0, 0, COLS, " appvpn: new configuration", theme_attr(TH_TITLE));
    ui_fill(l.status_y, 0, COLS, theme_attr(TH_STATUS));
    char *st = xasprintf(" %s (new) | choose the connection type", e->o->path);
    ui_put_fit(e->ses.utf8, l.status_y, 0, COLS, st, theme_attr(TH_STATUS));
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
  int cy = -1, cx = 0;
  draw_rows(e, &l, &cy, &cx);
  draw_bottom(e, &l, cy);
  if (e->f->editing) {
    curs_set(1);
    move(cy, cx);
  } else {
    curs_set(0);
    move(cy, cx);
  }
}
