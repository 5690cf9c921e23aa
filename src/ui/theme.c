#include "ui/theme.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/embedded.h"
#include "core/util.h"

static const char *const elem_names[TH__COUNT] = {
#define X(e, n) n,
    THEME_ELEMS(X)
#undef X
};

static const struct {
  const char *name;
  short color;
} colors[] = {{"default", -1},
              {"black", COLOR_BLACK},
              {"red", COLOR_RED},
              {"green", COLOR_GREEN},
              {"yellow", COLOR_YELLOW},
              {"blue", COLOR_BLUE},
              {"magenta", COLOR_MAGENTA},
              {"cyan", COLOR_CYAN},
              {"white", COLOR_WHITE}};

static const struct {
  const char *name;
  unsigned bit;
} attrs[] = {{"normal", 0},           {"bold", TA_BOLD},           {"dim", TA_DIM},
             {"reverse", TA_REVERSE}, {"underline", TA_UNDERLINE}, {"standout", TA_STANDOUT}};

static int cur_attr[TH__COUNT];

static char *trim(char *s) {
  while (*s == ' ' || *s == '\t')
    s++;
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
    s[--n] = 0;
  return s;
}

static bool parse_color(const char *s, short *out) {
  for (size_t i = 0; i < sizeof colors / sizeof *colors; i++)
    if (!strcmp(colors[i].name, s)) {
      *out = colors[i].color;
      return true;
    }
  return false;
}

bool theme_parse(const char *text, const char *name, theme *out, diag_list *diags) {
  memset(out, 0, sizeof *out);
  bool ok = true;
  unsigned lineno = 0;
  const char *p = text;
  while (*p) {
    size_t n = strcspn(p, "\n");
    char *line = xstrndup(p, n);
    p += n;
    if (*p)
      p++;
    lineno++;
    char *s = trim(line);
    if (!*s || *s == '#') {
      free(line);
      continue;
    }
    unsigned col = (unsigned)(s - line) + 1;
    char *eq = strchr(s, '=');
    if (!eq) {
      diag_add(diags, DIAG_ERROR, name, lineno, col, NULL, "expected 'element = fg,bg,attrs'");
      ok = false;
      free(line);
      continue;
    }
    *eq = 0;
    char *key = trim(s);
    int e = -1;
    for (int i = 0; i < TH__COUNT; i++)
      if (!strcmp(elem_names[i], key))
        e = i;
    char *spec = trim(eq + 1);
    unsigned vcol = (unsigned)(spec - line) + 1;
    char *c1 = strchr(spec, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
    if (e < 0) {
      diag_add(diags, DIAG_ERROR, name, lineno, col, NULL, "unknown theme element '%s'", key);
      ok = false;
    } else if (!c1 || !c2) {
      diag_add(diags, DIAG_ERROR, name, lineno, vcol, NULL, "expected fg,bg,attrs");
      ok = false;
    } else {
      *c1 = *c2 = 0;
      char *fg = trim(spec), *bg = trim(c1 + 1), *at = trim(c2 + 1);
      if (!parse_color(fg, &out->fg[e]) || !parse_color(bg, &out->bg[e])) {
        diag_add(diags, DIAG_ERROR, name, lineno, vcol, NULL, "unknown color in '%s,%s'", fg, bg);
        ok = false;
      }
      unsigned bits = 0;
      for (char *tok = at; tok && *tok;) {
        char *plus = strchr(tok, '+');
        if (plus)
          *plus = 0;
        char *t = trim(tok);
        bool found = false;
        for (size_t i = 0; i < sizeof attrs / sizeof *attrs; i++)
          if (!strcmp(attrs[i].name, t)) {
            bits |= attrs[i].bit;
            found = true;
          }
        if (!found) {
          diag_add(diags, DIAG_ERROR, name, lineno, (unsigned)(t - line) + 1, NULL,
                   "unknown attribute '%s'", t);
          ok = false;
        }
        tok = plus ? plus + 1 : NULL;
      }
      out->attrs[e] = bits;
      out->set[e] = true;
    }
    free(line);
  }
  return ok;
}

bool theme_load(const char *name, theme *out, diag_list *diags) {
  if (strchr(name, '/')) {
    FILE *fp = fopen(name, "r");
    if (!fp) {
      diag_add(diags, DIAG_ERROR, name, 0, 0, NULL, "cannot read theme file");
      return false;
    }
    strbuf b = STRBUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0 && b.len < (1u << 20))
      strbuf_putn(&b, chunk, n);
    fclose(fp);
    bool ok = theme_parse(strbuf_str(&b), name, out, diags);
    strbuf_free(&b);
    return ok;
  }
  char *want = xasprintf("themes/%s.theme", name);
  for (const struct embedded_file *e = embedded_files(); e->name; e++)
    if (!strcmp(e->name, want)) {
      bool ok = theme_parse(e->data, want, out, diags);
      free(want);
      return ok;
    }
  strbuf known = STRBUF_INIT;
  for (const struct embedded_file *e = embedded_files(); e->name; e++)
    if (str_starts(e->name, "themes/")) {
      const char *base = e->name + 7;
      const char *dot = strrchr(base, '.');
      if (known.len)
        strbuf_puts(&known, ", ");
      strbuf_putn(&known, base, dot ? (size_t)(dot - base) : strlen(base));
    }
  diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL, "unknown theme '%s' (known: %s)", name,
           strbuf_str(&known));
  strbuf_free(&known);
  free(want);
  return false;
}

static int to_curses(unsigned bits) {
  int a = A_NORMAL;
  if (bits & TA_BOLD)
    a |= A_BOLD;
  if (bits & TA_DIM)
    a |= A_DIM;
  if (bits & TA_REVERSE)
    a |= A_REVERSE;
  if (bits & TA_UNDERLINE)
    a |= A_UNDERLINE;
  if (bits & TA_STANDOUT)
    a |= A_STANDOUT;
  return a;
}

void theme_apply(const theme *t, bool color) {
  if (color) {
    start_color();
    use_default_colors();
  }
  for (int e = 0; e < TH__COUNT; e++) {
    unsigned bits = t->set[e] ? t->attrs[e] : 0;
    if (!color && (e == TH_FOCUS || e == TH_POPUP_FOCUS || e == TH_SECTION_CUR || e == TH_STATUS ||
                   e == TH_TITLE || e == TH_KEY))
      bits |= TA_REVERSE; /* no colors: these must still stand out */
    int a = to_curses(bits);
    if (color && t->set[e] && (t->fg[e] != -1 || t->bg[e] != -1) && e + 1 < COLOR_PAIRS) {
      init_pair((short)(e + 1), t->fg[e], t->bg[e]);
      a |= COLOR_PAIR(e + 1);
    }
    cur_attr[e] = a;
  }
}

int theme_attr(theme_elem e) {
  return cur_attr[e];
}
