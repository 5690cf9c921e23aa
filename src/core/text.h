/* Clean text and terminal-safe escaping.
 *
 * Clean text is what a configuration may hold and a profile can carry:
 * valid UTF-8 (no overlongs, no surrogates) without
 *   - C0 control characters (U+0000-U+001F), except tab and line feed in
 *     multi-line text (TEXT_LINES),
 *   - DEL (U+007F) and the C1 control characters (U+0080-U+009F),
 *   - U+FFFE and U+FFFF, which XML 1.0 (and so an XML profile) cannot carry.
 * Single-line text (TEXT_LINE) is every field's kind except the values of
 * key/value maps (vendor data such as a certificate may span lines).
 *
 * Escaping: everything appvpn prints from data (values, keys, profile keys,
 * descriptor labels, file names) goes through text_escape. Tab, line feed
 * and carriage return become \t \n \r; every other byte of a C0 control, DEL,
 * a C1 control, U+FFFE/U+FFFF or an invalid UTF-8 sequence becomes \xNN
 * (two lowercase hex digits per byte, so ESC is \x1b and U+009B is
 * \xc2\x9b). Backslash is not escaped: clean text never needs escaping, so
 * an escape in appvpn's output always marks text that appvpn refuses.
 */
#ifndef APPVPN_CORE_TEXT_H
#define APPVPN_CORE_TEXT_H
#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "core/util.h"

typedef enum {
  TEXT_LINE, /* one line: no control characters at all */
  TEXT_LINES /* multi-line: tab and line feed allowed */
} text_kind;

/* Where text is not clean. */
typedef struct text_fault {
  size_t off;  /* byte offset of the offending character */
  size_t len;  /* its length in bytes (1 for a byte that is not UTF-8) */
  size_t chr;  /* 1-based character position (code points before it + 1) */
  unsigned cp; /* the code point; for invalid UTF-8 the byte */
  enum { TF_UTF8, TF_CONTROL, TF_C1, TF_NONCHAR } what;
} text_fault;

/* True when s[0..n) is clean text of the kind; else false with *fault set
 * (fault may be NULL). */
bool text_clean(const char *s, size_t n, text_kind kind, text_fault *fault);
/* The UTF-8 character at s (n bytes left): its length (1-4), with its code
 * point in *cp; 0 when s does not start a valid one (a stray or truncated
 * sequence, an overlong form, a surrogate). Never reads past s[n-1]. The one
 * decoder for the reader, the writers and the CSV tables. */
size_t text_utf8_next(const unsigned char *s, size_t n, unsigned *cp);
/* "a control character (\x1b)", "invalid UTF-8 (byte \xc3)", … for
 * messages; already escaped. Caller frees. */
char *text_fault_describe(const char *s, const text_fault *fault);
/* A whole message for text that is not clean: "the text holds … at
 * character N" plus why, or NULL when s is clean. Caller frees. */
char *text_problem(const char *s, text_kind kind);
/* The same for s[0..n) (which may hold NUL bytes). */
char *text_problem_n(const char *s, size_t n, text_kind kind);

/* The diagnostic code for text that is not clean: DC_INVALID_UTF8,
 * DC_CONTROL_CHAR (C0, DEL, C1) or DC_NONCHARACTER; DC_OTHER when clean. */
diag_code text_problem_code(const char *s, size_t n, text_kind kind);

/* Appends s[0..n) escaped for a terminal (see above). */
void strbuf_put_escaped(strbuf *b, const char *s, size_t n);
/* s escaped for a terminal; NULL gives "". Caller frees. */
char *text_escape(const char *s);
/* True when s needs no escaping (text_escape(s) would equal s). */
bool text_printable(const char *s);

#endif
