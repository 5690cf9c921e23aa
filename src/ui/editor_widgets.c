/* The editor's widgets: the box, the picker (with a filter), the text view,
 * the one-line prompt and the one-key question. Each draws over the frame
 * (ed_draw_main) and reads keys with ed_next_key, so scripts drive them too.
 */
#include "ui/editor_int.h"

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

bool ed_printable(int k) {
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
int ed_pick(editor *e, const char *title, const pick_item *items, size_t n, size_t sel,
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
    ed_draw_main(e);
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
    int k = ed_next_key(e);
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
    } else if (filter && ed_printable(k)) {
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
void ed_text_view(editor *e, const char *title, const char *text) {
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
    ed_draw_main(e);
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
    int k = ed_next_key(e);
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
char *ed_prompt_line(editor *e, const char *title, const char *init) {
  strbuf b = STRBUF_INIT;
  strbuf_puts(&b, init);
  char *out = NULL;
  for (;;) {
    ed_draw_main(e);
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
    int k = ed_next_key(e);
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
    } else if (ed_printable(k))
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
    size_t cut = ui_cols(s) <= width ? strlen(s) : ed_wrap_at(s, width);
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
int ed_ask(editor *e, const char *question, const char *answers, const char *legend) {
  for (;;) {
    ed_draw_main(e);
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
    int k = ed_next_key(e);
    if (k == K_EOF || k == K_ESC)
      return 0;
    if (k > 0 && k < 128 && strchr(answers, k | 0x20))
      return k | 0x20;
  }
}
