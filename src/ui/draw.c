/* XSI (POSIX with the X/Open System Interfaces): ncurses' wide-character API
 * (get_wch, mvaddnwstr) and wcwidth. Defined only when the ncurses build flags
 * have not already chosen a level. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include "ui/draw.h"

#include <curses.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* A byte that is not UTF-8 (in the current locale) is kept as a lone
 * low surrogate, U+DC80..U+DCFF, which no decoder produces: ui_char_vis
 * draws it as \xNN. */
#define RAW_BYTE 0xDC00

wchar_t *ui_widen(const char *s) {
  size_t n = strlen(s);
  wchar_t *w = xmalloc((n + 1) * sizeof *w);
  size_t k = 0;
  mbstate_t st;
  memset(&st, 0, sizeof st);
  const char *end = s + n;
  while (*s) {
    wchar_t c;
    size_t r = mbrtowc(&c, s, (size_t)(end - s), &st);
    if (r == (size_t)-1 || r == (size_t)-2 || r == 0) {
      memset(&st, 0, sizeof st);
      c = (wchar_t)(RAW_BYTE + (unsigned char)*s);
      r = 1;
    }
    w[k++] = c;
    s += r;
  }
  w[k] = 0;
  return w;
}

int ui_char_vis(wchar_t c, wchar_t out[5], bool *special) {
  static const wchar_t hex[] = L"0123456789abcdef";
  unsigned long u = (unsigned long)c; /* wchar_t may be signed or not */
  *special = true;
  if (u < 32) { /* ^@ … ^_ : ESC is ^[ */
    out[0] = L'^';
    out[1] = (wchar_t)(u + 64);
    return 2;
  }
  if (u == 127) {
    out[0] = L'^';
    out[1] = L'?';
    return 2;
  }
  if (u >= 0x80 && u <= 0x9F) { /* C1 as cat -v shows it: M-^[ */
    out[0] = L'M';
    out[1] = L'-';
    out[2] = L'^';
    out[3] = (wchar_t)(u - 0x80 + 64);
    return 4;
  }
  if (u >= RAW_BYTE + 0x80 && u <= RAW_BYTE + 0xFF) {
    unsigned b = (unsigned)(u - RAW_BYTE);
    out[0] = L'\\';
    out[1] = L'x';
    out[2] = hex[b >> 4];
    out[3] = hex[b & 15];
    return 4;
  }
  if (u == 0xFFFE || u == 0xFFFF || wcwidth(c) < 0) {
    /* a character the terminal cannot show: the replacement character */
    out[0] = wcwidth(0xFFFD) == 1 ? (wchar_t)0xFFFD : L'?';
    return 1;
  }
  *special = false;
  out[0] = c;
  return 1;
}

int ui_char_cols(wchar_t c) {
  wchar_t vis[5];
  bool special;
  int n = ui_char_vis(c, vis, &special);
  if (special)
    return n;
  int w = wcwidth(c);
  return w < 0 ? 1 : w;
}

int ui_cols(const char *s) {
  /* Printable ASCII is one column a byte, with nothing to convert: the
   * picker measures every candidate (a million list values for ^F). */
  size_t a = 0;
  while ((unsigned char)s[a] >= 0x20 && (unsigned char)s[a] < 0x7f)
    a++;
  if (!s[a])
    return a < INT_MAX ? (int)a : INT_MAX;
  wchar_t *w = ui_widen(s);
  int n = 0;
  for (wchar_t *p = w; *p; p++)
    n += ui_char_cols(*p);
  free(w);
  return n;
}

int ui_put_char(int y, int x, wchar_t c, int attr) {
  wchar_t vis[5];
  bool special;
  int n = ui_char_vis(c, vis, &special);
  if (!special) {
    mvaddnwstr(y, x, &c, 1);
    int w = wcwidth(c);
    return w < 0 ? 1 : w;
  }
  /* Reverse video against the surrounding text, so it stands out even in
   * a focused (already reversed) row. */
  attrset(attr ^ (int)A_REVERSE);
  mvaddnwstr(y, x, vis, n);
  attrset(attr);
  return n;
}

int ui_put(int y, int x, int maxw, const char *s, int attr) {
  if (maxw <= 0 || y < 0 || y >= LINES || x >= COLS)
    return 0;
  if (x + maxw > COLS)
    maxw = COLS - x;
  wchar_t *w = ui_widen(s);
  int used = 0;
  attrset(attr);
  for (wchar_t *p = w; *p; p++) {
    int c = ui_char_cols(*p);
    if (used + c > maxw)
      break;
    ui_put_char(y, x + used, *p, attr);
    used += c;
  }
  attrset(A_NORMAL);
  free(w);
  return used;
}

int ui_put_fit(bool utf8, int y, int x, int maxw, const char *s, int attr) {
  if (ui_cols(s) <= maxw)
    return ui_put(y, x, maxw, s, attr);
  int n = ui_put(y, x, maxw - 1, s, attr);
  return n + ui_put(y, x + n, 1, utf8 ? "\xe2\x80\xa6" : ">", attr);
}

void ui_fill(int y, int x, int w, int attr) {
  if (w <= 0 || y < 0 || y >= LINES)
    return;
  attrset(attr);
  mvhline(y, x, ' ', w);
  attrset(A_NORMAL);
}

void ui_screen_dump(FILE *out, unsigned *n_dumps) {
  fprintf(out, "=== screen %u (%dx%d) ===\n", ++*n_dumps, COLS, LINES);
  wchar_t *line = xmalloc(((size_t)COLS + 1) * sizeof *line);
  for (int y = 0; y < LINES; y++) {
    int n = mvinnwstr(y, 0, line, COLS);
    if (n < 0)
      n = 0;
    line[n] = 0;
    while (n > 0 && line[n - 1] == L' ')
      line[--n] = 0;
    char mb[MB_LEN_MAX + 1];
    for (int i = 0; i < n; i++) {
      mbstate_t st;
      memset(&st, 0, sizeof st);
      size_t k = wcrtomb(mb, line[i], &st);
      if (k == (size_t)-1)
        fputc('?', out);
      else
        fwrite(mb, 1, k, out);
    }
    fputc('\n', out);
  }
  free(line);
  fflush(out);
}

void ui_msg_set(ui_msg *m, bool error, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *t = xvasprintf(fmt, ap);
  va_end(ap);
  free(m->text);
  m->text = t;
  m->error = error;
}

void ui_msg_from_diags(ui_msg *m, const diag_list *d, const char *fallback) {
  if (d->n) {
    char *s = diag_format(&d->items[0]);
    ui_msg_set(m, true, "%s", s);
    free(s);
  } else if (fallback) {
    ui_msg_set(m, true, "%s", fallback);
  }
}

void ui_msg_clear(ui_msg *m) {
  free(m->text);
  m->text = NULL;
}
