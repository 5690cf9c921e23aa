/* The widgets shared by the editor and the directory list (widgets.h): the
 * box, the list, the picker, the text view, the one-line text input, the
 * question, the message line and the key bar. Each widget's comment block
 * says what it draws, which keys it reads and what it returns.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include "ui/widgets.h"

#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "ui/draw.h"
#include "ui/theme.h"

/* ---------- the box ----------
 *
 * A frame of h x w at (y, x) filled in the popup color, lines drawn with
 * box characters (+-| without UTF-8), the title (if any) in its top border.
 * Reads no keys. */
static void draw_box(const ui_session *s, int y, int x, int h, int w, const char *title) {
  int a = theme_attr(TH_BORDER);
  const char *hz = s->utf8 ? "\xe2\x94\x80" : "-", *vt = s->utf8 ? "\xe2\x94\x82" : "|";
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
  ui_put(y, x, 1, s->utf8 ? "\xe2\x94\x8c" : "+", a);
  ui_put(y, x + w - 1, 1, s->utf8 ? "\xe2\x94\x90" : "+", a);
  ui_put(y + h - 1, x, 1, s->utf8 ? "\xe2\x94\x94" : "+", a);
  ui_put(y + h - 1, x + w - 1, 1, s->utf8 ? "\xe2\x94\x98" : "+", a);
  if (title) {
    char *t = xasprintf(" %s ", title);
    ui_put_fit(s->utf8, y, x + 2, w - 4, t, a | A_BOLD);
    free(t);
  }
}

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

bool wg_printable(int k) {
  return k >= 32 && k != 127 && k < 0x110000 && !K_IS_FN(k);
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

/* Splits s into lines of at most width columns at spaces (a word longer than
 * the line is cut by ui_put_fit). Returns the number of lines, at most max. */
static size_t wrap_lines(const char *s, int width, char **out, size_t max) {
  size_t n = 0;
  while (*s && n < max) {
    size_t cut = ui_cols(s) <= width ? strlen(s) : wg_wrap_at(s, width);
    if (!cut || n + 1 == max)
      cut = strlen(s);
    out[n++] = xstrndup(s, cut);
    s += cut;
    while (*s == ' ')
      s++;
  }
  return n;
}

/* ---------- the list ----------
 *
 * A cursor over n rows: wg_list_key moves it for Up/Down (one), PgUp/PgDn
 * (`page`), Home/End and says whether the key was one of those;
 * wg_list_scroll keeps it inside the `rows` shown from *top. Drawing the
 * rows is the owner's (the picker's items, the directory list's files). */
bool wg_list_key(size_t *cur, size_t n, size_t page, int k) {
  if (k == K_FN(KEY_UP)) {
    if (*cur > 0)
      (*cur)--;
  } else if (k == K_FN(KEY_DOWN)) {
    if (*cur + 1 < n)
      (*cur)++;
  } else if (k == K_FN(KEY_PPAGE)) {
    *cur = *cur > page ? *cur - page : 0;
  } else if (k == K_FN(KEY_NPAGE)) {
    *cur = *cur + page < n ? *cur + page : (n ? n - 1 : 0);
  } else if (k == K_FN(KEY_HOME)) {
    *cur = 0;
  } else if (k == K_FN(KEY_END)) {
    *cur = n ? n - 1 : 0;
  } else {
    return false;
  }
  return true;
}

void wg_list_scroll(size_t *top, size_t cur, size_t rows) {
  if (cur < *top)
    *top = cur;
  if (rows && cur >= *top + rows)
    *top = cur - rows + 1;
}

/* ---------- the picker ----------
 *
 * Draws a box with one item a line (label, then its description), the
 * focused one marked '>' in reverse video, a "Filter:" line when `filter`,
 * and the focused item's note under the list when items have notes.
 * Keys: Up/Down/PgUp/PgDn/Home/End move (wg_list_key); with `filter`,
 * typing narrows the list (exact matches of label or key first, then matches
 * in the label, then in the description or key) and BS takes a character
 * back; Enter chooses; Esc or ^Q cancel. `sel` is focused first.
 * Returns the chosen item's index, or -1 when cancelled. */
int wg_pick(ui_session *s, const char *title, const pick_item *items, size_t n, size_t sel,
            bool filter) {
  strbuf flt = STRBUF_INIT;
  size_t *vis = xmalloc((n ? n : 1) * sizeof *vis);
  size_t top = 0, cur = 0;
  bool first = true, changed = true;
  int result = -1;
  size_t nv = 0;
  int lw = 0, dw = 0; /* widest label and description shown */
  for (;;) {
    /* The matches and their widths change only with the filter: a key that
     * moves the focus costs the rows drawn, not the items (^F offers every
     * value of every list). */
    const char *fs = strbuf_str(&flt);
    if (changed) {
      nv = 0;
      lw = dw = 0;
    }
    /* exact matches first, then matches on the name, then on the description */
    for (int pass = filter ? 0 : 1; changed && pass < (filter ? 3 : 2); pass++)
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
        int c = ui_cols(items[i].label);
        lw = c > lw ? c : lw;
        c = items[i].desc ? ui_cols(items[i].desc) : 0;
        dw = c > dw ? c : dw;
      }
    first = changed = false;
    if (cur >= nv)
      cur = nv ? nv - 1 : 0;
    session_draw(s);
    if (!session_small(s)) {
      int w = COLS - 4 < 76 ? COLS - 4 : 76;
      int extra = filter ? 1 : 0;
      /* labels get half the width, or what the widest description leaves */
      int lab_max = w - 4 - dw - 1 > w / 2 ? w - 4 - dw - 1 : w / 2;
      /* a line for the focused item's note, when items have notes; more (up
       * to 3) while the focused one needs them, so that it is never cut */
      int foot = 0;
      for (size_t i = 0; i < n && !foot; i++)
        foot = items[i].note != NULL;
      const char *note = nv ? items[vis[cur < nv ? cur : 0]].note : NULL;
      char *ln[3];
      size_t nl = note ? wrap_lines(note, w - 4, ln, 3) : 0;
      if ((int)nl > foot)
        foot = (int)nl;
      int h = (int)nv + 2 + extra + foot;
      if (h < 3 + extra + foot)
        h = 3 + extra + foot;
      if (h > LINES - 4)
        h = LINES - 4;
      int y = (LINES - h) / 2, x = (COLS - w) / 2;
      draw_box(s, y, x, h, w, title);
      size_t rows = h - 2 - extra - foot > 0 ? (size_t)(h - 2 - extra - foot) : 1;
      for (size_t j = 0; j < nl; j++) {
        ui_put_fit(s->utf8, y + h - 1 - foot + (int)j, x + 2, w - 4, ln[j], theme_attr(TH_HELP));
        free(ln[j]);
      }
      wg_list_scroll(&top, cur, rows);
      if (filter) {
        char *t = xasprintf("Filter: %s", strbuf_str(&flt));
        ui_put_fit(s->utf8, y + 1, x + 2, w - 4, t, theme_attr(TH_POPUP) | A_BOLD);
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
        int lab = lw + 2 < lab_max ? lw + 2 : lab_max;
        ui_put_fit(s->utf8, yy, x + 2, lab - 1, it->label, a | A_BOLD);
        if (it->desc)
          ui_put_fit(s->utf8, yy, x + 2 + lab, w - 4 - lab, it->desc, a);
      }
    }
    curs_set(0);
    int k = session_key(s);
    if (k == K_EOF || k == K_ESC || k == K_CTRL('Q'))
      break;
    if (k == K_ENTER) {
      if (nv) {
        result = (int)vis[cur];
        break;
      }
    } else if (wg_list_key(&cur, nv, 8, k)) {
    } else if (filter && k == K_BS) {
      changed = flt.len > 0;
      strbuf_pop_char(&flt);
    } else if (filter && wg_printable(k)) {
      strbuf_put_utf8(&flt, k);
      cur = 0;
      top = 0;
      changed = true;
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

/* ---------- the text view ----------
 *
 * Draws `text` (tabs as two blanks) in a box over all but the last two
 * lines, with "FIRST-LAST of N" and the keys in its bottom border. Long
 * lines are cut with '…'. Keys: Up/Down a line, PgUp/PgDn a page, Home/End,
 * Left/Right scroll sideways by 8 columns; Esc, Enter, q or ^Q close it.
 * Used for the preview, the problems on export and the help. Returns when
 * closed. */
void wg_text_view(ui_session *s, const char *title, const char *text) {
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
    session_draw(s);
    size_t rows = 0;
    if (!session_small(s)) {
      int h = LINES - 2, w = COLS;
      draw_box(s, 1, 0, h, w, title);
      rows = (size_t)(h - 2);
      if (n > rows && top > n - rows)
        top = n - rows;
      for (size_t i = top; i < n && i < top + rows; i++)
        ui_put_fit(s->utf8, 2 + (int)(i - top), 2, w - 4, skip_cols(lines[i], left),
                   theme_attr(TH_POPUP));
      char *foot = xasprintf(" %zu-%zu of %zu  arrows/PgUp/PgDn scroll, Esc close ",
                             n ? top + 1 : 0, top + rows < n ? top + rows : n, n);
      ui_put_fit(s->utf8, h, 2, w - 4, foot, theme_attr(TH_BORDER));
      free(foot);
    }
    curs_set(0);
    int k = session_key(s);
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

/* ---------- the one-line text input ----------
 *
 * WG_BOX draws a box titled `title` holding the text and "Enter OK, Esc
 * cancel"; WG_LINE draws `title` and the text on the frame's message line
 * (a long title starts on the line above) and "Enter OK  Esc Cancel  ^U
 * Clear" on its key bar. The text starts as `init`, the cursor at its end;
 * when it is longer than its room its end stays visible. Keys: typing adds
 * a character, BS takes the last back, ^U clears; Enter keeps the text; Esc,
 * ^C (or the end of a script) cancel. Returns the text (caller frees), or
 * NULL when cancelled. */
static void input_draw_box(const ui_session *s, const char *title, const char *text) {
  int w = COLS - 4, x = 2, y = LINES / 2 - 2;
  draw_box(s, y, x, 4, w, title);
  ui_put(y + 2, x + 2, w - 4, "Enter OK, Esc cancel", theme_attr(TH_DEFAULT));
  int c = ui_cols(text), room = w - 4;
  const char *show = text;
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

/* The question (and, for an input, the text) on the message line. A
 * question too long for it starts on the lines above (up to two more, when
 * the frame has a line above its message line); an input whose question
 * leaves less than a third of the line for the text puts the question above. */
static void line_draw(const ui_session *s, const char *question, const char *text,
                      const char *legend) {
  if (s->msg_y < 0)
    return;
  int st = theme_attr(TH_STATUS);
  ui_fill(s->msg_y, 0, COLS, st);
  int lw = legend ? 1 + ui_cols(legend) : 0;
  int x;
  if (text && s->above_y >= 0 && COLS - ui_cols(question) - 1 < COLS / 3) {
    ui_fill(s->above_y, 0, COLS, st);
    ui_put_fit(s->utf8, s->above_y, 0, COLS, question, st | A_BOLD);
    x = 0;
  } else if (!text && s->above_y >= 0 && ui_cols(question) + lw > COLS) {
    /* never cut: the first lines go above, the last on the message line */
    char *ln[3];
    size_t max = s->msg_y >= 2 ? 3 : 2;
    size_t n = wrap_lines(question, COLS - 1, ln, max);
    for (size_t i = 0; i < n; i++) {
      int y = s->msg_y - (int)(n - 1 - i);
      ui_fill(y, 0, COLS, st);
      int used = ui_put(y, 0, COLS, ln[i], st | A_BOLD);
      if (i + 1 == n)
        x = used;
      free(ln[i]);
    }
    if (!n)
      x = 0;
  } else {
    x = ui_put(s->msg_y, 0, COLS, question, st | A_BOLD);
  }
  if (text) {
    if (x)
      x += ui_put(s->msg_y, x, COLS - x, " ", st);
    /* keep the end of the text (where the cursor is) visible */
    const char *t = text;
    while (*t && ui_cols(t) > COLS - x - 1) {
      t++;
      while ((*t & 0xC0) == 0x80)
        t++;
    }
    x += ui_put(s->msg_y, x, COLS - x, t, theme_attr(TH_STATUS));
  } else if (legend) {
    x += ui_put(s->msg_y, x, COLS - x, " ", theme_attr(TH_STATUS));
    ui_put_fit(s->utf8, s->msg_y, x, COLS - x, legend, theme_attr(TH_STATUS));
  }
  if (s->keys_y >= 0) {
    static const keyhint ask[] = {{"y", "Yes"}, {"n/Esc", "No"}};
    static const keyhint input[] = {{"Enter", "OK"}, {"Esc", "Cancel"}, {"^U", "Clear"}};
    ui_fill(s->keys_y, 0, COLS, A_NORMAL);
    if (text)
      wg_keybar(s->keys_y, input, sizeof input / sizeof *input, WG_BAR_SPREAD);
    else
      wg_keybar(s->keys_y, ask, sizeof ask / sizeof *ask, WG_BAR_SPREAD);
  }
  if (text) {
    curs_set(1);
    move(s->msg_y, x < COLS ? x : COLS - 1);
  } else {
    curs_set(0);
  }
}

char *wg_input(ui_session *s, wg_place where, const char *title, const char *init) {
  strbuf b = STRBUF_INIT;
  strbuf_puts(&b, init);
  char *out = NULL;
  for (;;) {
    session_draw(s);
    if (!session_small(s)) {
      if (where == WG_BOX)
        input_draw_box(s, title, strbuf_str(&b));
      else
        line_draw(s, title, strbuf_str(&b), NULL);
    }
    int k = session_key(s);
    if (k == K_EOF || k == K_ESC || k == K_CTRL('C'))
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
    } else if (wg_printable(k))
      strbuf_put_utf8(&b, k);
  }
  strbuf_free(&b);
  curs_set(0);
  return out;
}

/* ---------- the question ----------
 *
 * WG_BOX draws a box holding the question and the legend (the answers in
 * words), each wrapped at spaces, never cut; WG_LINE draws them on the
 * frame's message line (a long question starts on the line above) and
 * "y Yes  n/Esc No" on its key bar. Keys: a letter of `answers` (either
 * case) answers; Esc, ^C, ^Q (or the end of a script) cancel; other keys
 * are ignored. Returns the answer's letter in lower case, 0 when cancelled. */
int wg_ask(ui_session *s, wg_place where, const char *question, const char *answers,
           const char *legend) {
  for (;;) {
    session_draw(s);
    if (!session_small(s) && where == WG_LINE) {
      line_draw(s, question, NULL, legend);
    } else if (!session_small(s)) {
      int w = COLS - 4 < 76 ? COLS - 4 : 76, x = (COLS - w) / 2;
      char *q[4], *l[3];
      size_t nq = wrap_lines(question, w - 4, q, 4),
             nl = legend ? wrap_lines(legend, w - 4, l, 3) : 0;
      int h = (int)(nq + nl) + 2, y = (LINES - h) / 2;
      draw_box(s, y, x, h, w, NULL);
      for (size_t i = 0; i < nq; i++) {
        ui_put_fit(s->utf8, y + 1 + (int)i, x + 2, w - 4, q[i], theme_attr(TH_POPUP) | A_BOLD);
        free(q[i]);
      }
      for (size_t i = 0; i < nl; i++) {
        ui_put_fit(s->utf8, y + 1 + (int)(nq + i), x + 2, w - 4, l[i], theme_attr(TH_POPUP));
        free(l[i]);
      }
      curs_set(0);
    }
    int k = session_key(s);
    if (k == K_EOF || k == K_ESC || k == K_CTRL('C') || k == K_CTRL('Q'))
      return 0;
    if (k > 0 && k < 128 && strchr(answers, k | 0x20))
      return k | 0x20;
  }
}

/* ---------- the message line ----------
 *
 * Draws what just happened at row y (columns 1 to COLS-2) in attr; a text
 * longer than that is broken at spaces and starts up to `room` rows higher
 * (those rows are cleared first), so it is read whole; only a text longer
 * than 1 + room lines is cut, with '…'. wg_message_rows says beforehand how
 * many rows a text takes, so that a screen can make room. Reads no keys.
 * Returns the columns used on row y; *rows (may be NULL) the rows taken. */
#define MSG_MAX_ROWS 4

int wg_message_rows(const char *text, int room) {
  char *ln[MSG_MAX_ROWS];
  size_t n = wrap_lines(text, COLS - 2, ln, room < MSG_MAX_ROWS ? (size_t)room + 1 : MSG_MAX_ROWS);
  for (size_t i = 0; i < n; i++)
    free(ln[i]);
  return n ? (int)n : 1;
}

int wg_message(bool utf8, int y, int room, const char *text, int attr, int *rows) {
  char *ln[MSG_MAX_ROWS];
  size_t n = wrap_lines(text, COLS - 2, ln, room < MSG_MAX_ROWS ? (size_t)room + 1 : MSG_MAX_ROWS);
  int used = 0;
  for (size_t i = 0; i < n; i++) {
    int row = y - (int)(n - 1 - i);
    if (row != y)
      ui_fill(row, 0, COLS, theme_attr(TH_NORMAL));
    used = ui_put_fit(utf8, row, 1, COLS - 2, ln[i], attr);
    free(ln[i]);
  }
  if (rows)
    *rows = n ? (int)n : 1;
  return used;
}

/* Byte offset where s is best broken to fit `width` columns. */
size_t wg_wrap_at(const char *s, int width) {
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

/* ---------- the key bar ----------
 *
 * Draws "KEY Label" pairs at row y, keys in the key color, from the left,
 * as many as fit, without skipping one to show a later one. WG_BAR_SPREAD
 * puts two blanks between pairs when every pair fits; WG_BAR_KEEP keeps the
 * pairs labelled "Help" and "Quit" first, so that a narrow terminal still
 * says how to get help and leave. Reads no keys. */
void wg_keybar(int y, const keyhint *k, size_t n, int style) {
  bool shown[32] = {false};
  if (n > 32)
    n = 32;
  int budget = COLS, total = 0;
  for (size_t i = 0; i < n; i++)
    total += ui_cols(k[i].key) + 1 + ui_cols(k[i].label) + 1;
  bool spread = (style & WG_BAR_SPREAD) && total + 2 * (int)n <= COLS;
  if (style & WG_BAR_KEEP) {
    for (int pass = 0; pass < 2; pass++)
      for (size_t i = 0; i < n; i++) {
        bool keep = str_eq(k[i].label, "Help") || str_eq(k[i].label, "Quit");
        if ((pass == 0) != keep || shown[i])
          continue;
        int need = ui_cols(k[i].key) + 1 + ui_cols(k[i].label) + 1;
        if (need <= budget) {
          shown[i] = true;
          budget -= need;
        } else if (pass == 1) {
          budget = 0; /* what follows would skip a command in between */
        }
      }
  } else {
    int x = 0;
    for (size_t i = 0; i < n; i++) {
      int need = ui_cols(k[i].key) + 1 + ui_cols(k[i].label) + (i + 1 < n ? 1 : 0);
      if (x + need > COLS)
        break;
      if (x && spread)
        x++;
      shown[i] = true;
      x += need;
    }
  }
  int x = 0;
  bool first = true;
  for (size_t i = 0; i < n; i++) {
    if (!shown[i])
      continue;
    if (!first && spread)
      x++;
    first = false;
    x += ui_put(y, x, COLS - x, k[i].key, theme_attr(TH_KEY));
    x += ui_put(y, x, COLS - x, " ", theme_attr(TH_KEYLABEL));
    x += ui_put(y, x, COLS - x, k[i].label, theme_attr(TH_KEYLABEL));
    if ((style & WG_BAR_KEEP) || i + 1 < n)
      x += ui_put(y, x, COLS - x, " ", theme_attr(TH_KEYLABEL));
  }
}
