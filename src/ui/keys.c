#include "ui/keys.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static const struct {
  const char *name;
  int key;
} names[] = {
    {"Enter", K_ENTER},
    {"Esc", K_ESC},
    {"Tab", K_TAB},
    {"BTab", K_FN(KEY_BTAB)},
    {"S-Tab", K_FN(KEY_BTAB)},
    {"BS", K_BS},
    {"Space", ' '},
    {"Up", K_FN(KEY_UP)},
    {"Down", K_FN(KEY_DOWN)},
    {"Left", K_FN(KEY_LEFT)},
    {"Right", K_FN(KEY_RIGHT)},
    {"Home", K_FN(KEY_HOME)},
    {"End", K_FN(KEY_END)},
    {"PgUp", K_FN(KEY_PPAGE)},
    {"PgDn", K_FN(KEY_NPAGE)},
    {"Del", K_FN(KEY_DC)},
    {"Ins", K_FN(KEY_IC)},
    {"S-Up", K_FN(KEY_SR)},
    {"S-Down", K_FN(KEY_SF)},
    {"Dump", K_DUMP},
    {"PasteBegin", K_PASTE_BEGIN},
    {"PasteEnd", K_PASTE_END},
    {"LT", '<'},
};

static bool parse_name(const char *s, size_t n, key_event *ev) {
  memset(ev, 0, sizeof *ev);
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (strlen(names[i].name) == n && !strncmp(names[i].name, s, n)) {
      ev->key = names[i].key;
      return true;
    }
  if (n == 3 && (s[0] == 'C' || s[0] == 'c') && s[1] == '-') {
    char c = s[2];
    if (c >= 'a' && c <= 'z')
      c = (char)(c - 'a' + 'A');
    if (c >= '@' && c <= '_') {
      ev->key = K_CTRL(c);
      return true;
    }
  }
  if ((n == 2 || n == 3) && s[0] == 'F') {
    int k = atoi(s + 1);
    if (k >= 1 && k <= 12) {
      ev->key = K_FN(KEY_F(k));
      return true;
    }
  }
  int w, h;
  char tail;
  char *tmp = xstrndup(s, n);
  int got = sscanf(tmp, "Resize %dx%d%c", &w, &h, &tail);
  free(tmp);
  if (got == 2 && w > 0 && h > 0 && w < 1000 && h < 1000) {
    ev->key = K_RESIZE;
    ev->w = w;
    ev->h = h;
    return true;
  }
  return false;
}

/* One UTF-8 sequence to a code point; invalid bytes come through as U+FFFD. */
static int utf8_decode(const unsigned char *s, size_t n, size_t *used) {
  unsigned c = s[0];
  size_t len = c < 0x80             ? 1
               : (c & 0xE0) == 0xC0 ? 2
               : (c & 0xF0) == 0xE0 ? 3
               : (c & 0xF8) == 0xF0 ? 4
                                    : 0;
  if (!len || len > n) {
    *used = 1;
    return 0xFFFD;
  }
  unsigned cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) {
      *used = 1;
      return 0xFFFD;
    }
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  *used = len;
  return (int)cp;
}

static void push(key_script *s, key_event ev) {
  s->ev = xrealloc(s->ev, (s->n + 1) * sizeof *s->ev);
  s->ev[s->n++] = ev;
}

bool key_script_parse(const char *text, const char *name, key_script *out, diag_list *diags) {
  memset(out, 0, sizeof *out);
  bool ok = true;
  unsigned lineno = 0;
  const char *p = text;
  while (*p) {
    size_t n = strcspn(p, "\n");
    const char *line = p;
    p += n;
    if (*p)
      p++;
    lineno++;
    if (n && line[n - 1] == '\r')
      n--;
    if (n && line[0] == '#')
      continue;
    for (size_t i = 0; i < n;) {
      key_event ev = {0, 0, 0};
      if (line[i] == '<') {
        const char *close = memchr(line + i, '>', n - i);
        if (close && close > line + i + 1) {
          size_t len = (size_t)(close - line - i - 1);
          if (parse_name(line + i + 1, len, &ev)) {
            push(out, ev);
            i += len + 2;
            continue;
          }
          diag_add(diags, DIAG_ERROR, name, lineno, (unsigned)i + 1, NULL,
                   "unknown key <%.*s> (a literal '<' is <LT>)", (int)len, line + i + 1);
          ok = false;
          i += len + 2;
          continue;
        }
      }
      size_t used;
      ev.key = utf8_decode((const unsigned char *)line + i, n - i, &used);
      push(out, ev);
      i += used;
    }
  }
  return ok;
}

void key_script_free(key_script *s) {
  free(s->ev);
  memset(s, 0, sizeof *s);
}

const char *key_name(int key) {
  static char buf[32];
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (names[i].key == key) {
      snprintf(buf, sizeof buf, "<%s>", names[i].name);
      return buf;
    }
  if (key > 0 && key < 32)
    snprintf(buf, sizeof buf, "<C-%c>", key + 'a' - 1);
  else if (K_IS_FN(key) && key - K_FN(0) >= KEY_F(1) && key - K_FN(0) <= KEY_F(12))
    snprintf(buf, sizeof buf, "<F%d>", key - K_FN(KEY_F(0)));
  else if (key >= 32 && key < 127)
    snprintf(buf, sizeof buf, "%c", key);
  else
    snprintf(buf, sizeof buf, "<U+%04X>", (unsigned)key);
  return buf;
}
