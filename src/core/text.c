/* Clean text and terminal-safe escaping (rules in text.h). */
#include "core/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Decodes one UTF-8 character at s[i] (i < n). Returns false for a byte that
 * does not start a valid sequence (overlong, surrogate, beyond U+10FFFF,
 * truncated); then *len is 1 and *cp the byte. Never reads past s[n-1]. */
static bool next_char(const unsigned char *s, size_t n, size_t i, unsigned *cp, size_t *len);

size_t text_utf8_next(const unsigned char *s, size_t n, unsigned *cp) {
  size_t len;
  return n && next_char(s, n, 0, cp, &len) ? len : 0;
}

static bool next_char(const unsigned char *s, size_t n, size_t i, unsigned *cp, size_t *len) {
  unsigned c = s[i];
  size_t need;
  unsigned min;
  *cp = c;
  *len = 1;
  if (c < 0x80)
    return true;
  if ((c & 0xE0) == 0xC0)
    need = 2, min = 0x80, c &= 0x1F;
  else if ((c & 0xF0) == 0xE0)
    need = 3, min = 0x800, c &= 0x0F;
  else if ((c & 0xF8) == 0xF0)
    need = 4, min = 0x10000, c &= 0x07;
  else
    return false;
  if (need > n - i)
    return false;
  for (size_t k = 1; k < need; k++) {
    if ((s[i + k] & 0xC0) != 0x80)
      return false;
    c = (c << 6) | (s[i + k] & 0x3Fu);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
    return false;
  *cp = c;
  *len = need;
  return true;
}

/* Is the (valid) character cp unclean in text of this kind? */
static bool bad_char(unsigned cp, text_kind kind, int *what) {
  if (cp < 0x20) {
    if (kind == TEXT_LINES && (cp == '\t' || cp == '\n'))
      return false;
    *what = TF_CONTROL;
    return true;
  }
  if (cp == 0x7F) {
    *what = TF_CONTROL;
    return true;
  }
  if (cp >= 0x80 && cp <= 0x9F) {
    *what = TF_C1;
    return true;
  }
  if (cp == 0xFFFE || cp == 0xFFFF) {
    *what = TF_NONCHAR;
    return true;
  }
  return false;
}

bool text_clean(const char *str, size_t n, text_kind kind, text_fault *fault) {
  const unsigned char *s = (const unsigned char *)str;
  size_t chr = 1;
  for (size_t i = 0; i < n;) {
    /* Printable ASCII runs, eight bytes at a time (most text is ASCII). */
    while (i + 8 <= n) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      /* any byte >= 0x80, < 0x20 or == 0x7F stops the fast path */
      uint64_t hi = w & 0x8080808080808080ull;
      uint64_t lo = (w - 0x2020202020202020ull) & ~w & 0x8080808080808080ull;
      uint64_t del = ((w ^ 0x7F7F7F7F7F7F7F7Full) - 0x0101010101010101ull) &
                     ~(w ^ 0x7F7F7F7F7F7F7F7Full) & 0x8080808080808080ull;
      if (hi | lo | del)
        break;
      i += 8;
      chr += 8;
    }
    if (i >= n)
      break;
    unsigned cp;
    size_t len;
    int what = TF_UTF8;
    bool valid = next_char(s, n, i, &cp, &len);
    if (!valid || bad_char(cp, kind, &what)) {
      if (fault) {
        fault->off = i;
        fault->len = len;
        fault->chr = chr;
        fault->cp = cp;
        fault->what = valid ? what : TF_UTF8;
      }
      return false;
    }
    i += len;
    chr++;
  }
  return true;
}

static const char *control_name(unsigned cp) {
  static const char *const names[] = {
      "NUL", "SOH", "STX", "ETX",       "EOT", "ENQ", "ACK",
      "BEL", "BS",  "tab", "line feed", "VT",  "FF",  "carriage return",
      "SO",  "SI",  "DLE", "DC1",       "DC2", "DC3", "DC4",
      "NAK", "SYN", "ETB", "CAN",       "EM",  "SUB", "ESC",
      "FS",  "GS",  "RS",  "US"};
  if (cp < 0x20)
    return names[cp];
  return cp == 0x7F ? "DEL" : NULL;
}

char *text_fault_describe(const char *s, const text_fault *f) {
  strbuf b = STRBUF_INIT;
  strbuf e = STRBUF_INIT;
  strbuf_put_escaped(&e, s + f->off, f->len);
  switch (f->what) {
  case TF_UTF8: strbuf_printf(&b, "invalid UTF-8 (byte %s)", strbuf_str(&e)); break;
  case TF_CONTROL:
    strbuf_printf(&b, "a control character (%s, %s)", strbuf_str(&e), control_name(f->cp));
    break;
  case TF_C1:
    strbuf_printf(&b, "a C1 control character (U+%04X, %s)", f->cp, strbuf_str(&e));
    break;
  case TF_NONCHAR:
    strbuf_printf(&b, "the noncharacter U+%04X (%s), which XML cannot carry", f->cp,
                  strbuf_str(&e));
    break;
  }
  strbuf_free(&e);
  return strbuf_take(&b);
}

char *text_problem(const char *s, text_kind kind) {
  return s ? text_problem_n(s, strlen(s), kind) : NULL;
}

char *text_problem_n(const char *s, size_t n, text_kind kind) {
  text_fault f;
  if (text_clean(s, n, kind, &f))
    return NULL;
  char *what = text_fault_describe(s, &f);
  const char *why = f.what == TF_UTF8 ? "text must be UTF-8"
                    : kind == TEXT_LINE && f.what == TF_CONTROL && (f.cp == '\t' || f.cp == '\n')
                        ? "this setting is one line of text"
                        : "control characters are not allowed";
  char *msg = xasprintf("the text holds %s at character %zu: %s", what, f.chr, why);
  free(what);
  return msg;
}

void strbuf_put_escaped(strbuf *b, const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  size_t run = 0; /* start of the pending run of safe bytes */
  for (size_t i = 0; i < n;) {
    unsigned cp;
    size_t len;
    int what;
    bool valid = next_char(s, n, i, &cp, &len);
    if (valid && !bad_char(cp, TEXT_LINE, &what)) {
      i += len;
      continue;
    }
    strbuf_putn(b, str + run, i - run);
    if (valid && cp == '\n')
      strbuf_puts(b, "\\n");
    else if (valid && cp == '\t')
      strbuf_puts(b, "\\t");
    else if (valid && cp == '\r')
      strbuf_puts(b, "\\r");
    else
      for (size_t k = 0; k < len; k++)
        strbuf_printf(b, "\\x%02x", s[i + k]);
    i += len;
    run = i;
  }
  strbuf_putn(b, str + run, n - run);
}

char *text_escape(const char *s) {
  strbuf b = STRBUF_INIT;
  if (s)
    strbuf_put_escaped(&b, s, strlen(s));
  return strbuf_take(&b);
}

bool text_printable(const char *s) {
  return !s || text_clean(s, strlen(s), TEXT_LINE, NULL);
}

diag_code text_problem_code(const char *s, size_t n, text_kind kind) {
  text_fault f;
  if (!s || text_clean(s, n, kind, &f))
    return DC_OTHER;
  switch (f.what) {
  case TF_UTF8: return DC_INVALID_UTF8;
  case TF_NONCHAR: return DC_NONCHARACTER;
  case TF_CONTROL:
  case TF_C1: break;
  }
  return DC_CONTROL_CHAR;
}
