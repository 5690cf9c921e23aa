/* A streaming JSON writer (RFC 8259) for machine-readable output.
 *
 * Values are written as they come, to a FILE*, two-space indented, with
 * commas and colons placed by the writer. Strings are escaped so that the
 * output is pure JSON text that is also safe on a terminal: '"' and '\' as
 * \" and \\, C0 controls as \b \f \n \r \t or \u00XX, DEL and the C1
 * controls (U+0080-U+009F) as \u00XX, U+2028, U+2029, U+FFFE and U+FFFF as
 * \uXXXX, and every byte that does not start valid UTF-8 as \ufffd
 * (U+FFFD, the replacement character). Everything else passes as UTF-8.
 *
 * Misuse (a value where a key is due, closing what is not open, nesting
 * deeper than JSON_MAX_DEPTH) is not written; it marks the writer failed,
 * and json_finish reports it, as it reports a write error of the stream.
 */
#ifndef APPVPN_CORE_JSON_H
#define APPVPN_CORE_JSON_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 64

typedef struct json_writer {
  FILE *out; /* borrowed */
  int depth;
  char open[JSON_MAX_DEPTH];  /* '{' or '[' per open container */
  bool empty[JSON_MAX_DEPTH]; /* nothing written in it yet */
  bool key_done;              /* in an object: a key was written, its value is due */
  bool done;                  /* the top-level value is complete */
  bool failed;
} json_writer;

void json_init(json_writer *w, FILE *out);
void json_object_begin(json_writer *w);
void json_object_end(json_writer *w);
void json_array_begin(json_writer *w);
void json_array_end(json_writer *w);
/* The key of the next member of the open object. */
void json_key(json_writer *w, const char *key);
/* A string value; NULL writes null. */
void json_string(json_writer *w, const char *s);
/* s[0..n), which may hold NUL bytes (written as \u0000). */
void json_string_n(json_writer *w, const char *s, size_t n);
void json_int(json_writer *w, long long v);
void json_bool(json_writer *w, bool b);
void json_null(json_writer *w);

/* Key and value in one call. */
void json_member_string(json_writer *w, const char *key, const char *s);
void json_member_int(json_writer *w, const char *key, long long v);
void json_member_bool(json_writer *w, const char *key, bool b);

/* Ends the document with a line feed and flushes. False when the document is
 * not complete, the writer was misused, or writing failed. */
bool json_finish(json_writer *w);

#endif
