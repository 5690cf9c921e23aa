/* Small helpers shared by every layer: checked allocation and a string buffer.
 * Allocation failure aborts (there is no sensible recovery in a CLI/editor).
 */
#ifndef APPVPN_CORE_UTIL_H
#define APPVPN_CORE_UTIL_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
char *xvasprintf(const char *fmt, va_list ap);

/* Growable NUL-terminated byte buffer. */
typedef struct strbuf {
  char *s; /* always NUL-terminated once anything was added; NULL when empty */
  size_t len, cap;
} strbuf;
#define STRBUF_INIT                                                                                \
  { 0, 0, 0 }
void strbuf_putn(strbuf *b, const char *s, size_t n);
void strbuf_puts(strbuf *b, const char *s);
void strbuf_putc(strbuf *b, char c);
/* Appends the UTF-8 encoding of code point cp (no checks: callers pass
 * code points they read as characters). */
void strbuf_put_utf8(strbuf *b, int cp);
void strbuf_printf(strbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Returns the contents (never NULL; "" when empty) and resets the buffer. Caller frees. */
char *strbuf_take(strbuf *b);
void strbuf_free(strbuf *b);
static inline const char *strbuf_str(const strbuf *b) {
  return b->s ? b->s : "";
}

bool str_eq(const char *a, const char *b); /* NULL-safe */
bool str_starts(const char *s, const char *prefix);
/* Valid UTF-8 (no overlongs, no surrogates)? On failure *bad_off is the byte offset. */
bool utf8_valid(const char *s, size_t n, size_t *bad_off);

/* FNV-1a, 64 bits: the one hash of appvpn's tables (binary plist interning,
 * diff, batch names) and of file contents (the editor's changed-on-disk
 * check). Start with UTIL_HASH64_INIT; feed more bytes by passing the
 * result back in. Not for anything an attacker must not collide. */
#define UTIL_HASH64_INIT 1469598103934665603ull
uint64_t util_hash64(uint64_t h, const void *p, size_t n);

#endif
