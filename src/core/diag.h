/* Diagnostics: the one way library code reports problems.
 *
 * Library functions never print or exit; they append to a diag_list and
 * return a status. The caller decides how to show the list. Every entry is
 * printed as  FILE:LINE:COL: error|warning|note: message [field.id]
 * (LINE/COL omitted when 0, FILE omitted when NULL).
 */
#ifndef APPVPN_CORE_DIAG_H
#define APPVPN_CORE_DIAG_H
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

typedef enum { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } diag_level;

/* Stable machine codes, one per kind of problem: `validate --format json`
 * prints them and CI scripts match on them, so a code is never renamed or
 * reused (docs/json.md lists them; tests/cli/json_codes.sh keeps the list
 * and this table equal). diag_add gives DC_OTHER. */
#define DIAG_CODES(X)                                                                              \
  X(OTHER, "other")                                                                                \
  X(FILE_MISSING, "file-missing")                                                                  \
  X(FILE_UNREADABLE, "file-unreadable")                                                            \
  X(NOT_A_FILE, "not-a-file")                                                                      \
  X(FILE_TOO_LARGE, "file-too-large")                                                              \
  X(FILE_WRITE, "file-write")                                                                      \
  X(FILE_LOCK, "file-lock")                                                                        \
  X(FILE_CHANGED, "file-changed")                                                                  \
  X(YAML_SYNTAX, "yaml-syntax")                                                                    \
  X(YAML_UNSUPPORTED, "yaml-unsupported")                                                          \
  X(DUPLICATE_KEY, "duplicate-key")                                                                \
  X(EMPTY_FILE, "empty-file")                                                                      \
  X(TOO_COMPLEX, "too-complex")                                                                    \
  X(INVALID_UTF8, "invalid-utf8")                                                                  \
  X(CONTROL_CHAR, "control-char")                                                                  \
  X(NONCHARACTER, "noncharacter")                                                                  \
  X(FORMAT_MISSING, "format-missing")                                                              \
  X(FORMAT_VERSION, "format-version")                                                              \
  X(TYPE_MISSING, "type-missing")                                                                  \
  X(UNKNOWN_TYPE, "unknown-type")                                                                  \
  X(UNKNOWN_KEY, "unknown-key")                                                                    \
  X(NOT_APPLICABLE, "not-applicable")                                                              \
  X(HIDDEN_VALUE, "hidden-value")                                                                  \
  X(WRONG_TYPE, "wrong-type")                                                                      \
  X(READ_ONLY, "read-only")                                                                        \
  X(REQUIRED, "required")                                                                          \
  X(OUT_OF_RANGE, "out-of-range")                                                                  \
  X(COUNT, "count")                                                                                \
  X(TOO_LONG, "too-long")                                                                          \
  X(PATTERN, "pattern")                                                                            \
  X(NOT_A_CHOICE, "not-a-choice")                                                                  \
  X(UNKNOWN_VARIABLE, "unknown-variable")                                                          \
  X(VARIABLE_NOT_ALLOWED, "variable-not-allowed")                                                  \
  X(UNRESOLVED_VARIABLE, "unresolved-variable")                                                    \
  X(NOT_P12, "not-p12")                                                                            \
  X(P12_PASSWORD, "p12-password")                                                                  \
  X(DEPRECATED, "deprecated")                                                                      \
  X(MORE, "more")                                                                                  \
  X(NOT_A_PROFILE, "not-a-profile")                                                                \
  X(SIGNATURE, "signature")                                                                        \
  X(SIGNING, "signing")                                                                            \
  X(CSV, "csv")                                                                                    \
  X(FORMS, "forms")                                                                                \
  X(CONDITION, "condition")                                                                        \
  X(INTERNAL, "internal")

typedef enum {
#define DIAG_CODE_ENUM(id, name) DC_##id,
  DIAG_CODES(DIAG_CODE_ENUM)
#undef DIAG_CODE_ENUM
      DC__COUNT
} diag_code;

typedef struct diag {
  diag_level level;
  diag_code code;     /* what kind of problem (DC_OTHER when not said) */
  char *file;         /* owned copy, may be NULL */
  unsigned line, col; /* 1-based; 0 = unknown */
  char *field;        /* owned copy of the field id (e.g. "proxy.port"), may be NULL */
  char *msg;          /* owned */
} diag;

typedef struct diag_list {
  diag *items;
  size_t n, cap;
} diag_list;

#define DIAG_LIST_INIT                                                                             \
  { 0, 0, 0 }

#if defined(__GNUC__)
#define DIAG_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define DIAG_PRINTF(a, b)
#endif

/* Appends one entry; copies every string. A NULL list drops it. diag_addc
 * says what kind of problem it is; diag_add leaves it DC_OTHER. */
void diag_addc(diag_list *l, diag_level level, diag_code code, const char *file, unsigned line,
               unsigned col, const char *field, const char *fmt, ...) DIAG_PRINTF(8, 9);
void diag_addcv(diag_list *l, diag_level level, diag_code code, const char *file, unsigned line,
                unsigned col, const char *field, const char *fmt, va_list ap);
void diag_add(diag_list *l, diag_level level, const char *file, unsigned line, unsigned col,
              const char *field, const char *fmt, ...) DIAG_PRINTF(7, 8);
void diag_addv(diag_list *l, diag_level level, const char *file, unsigned line, unsigned col,
               const char *field, const char *fmt, va_list ap);
size_t diag_count(const diag_list *l, diag_level level);
/* Moves every entry of src to the end of dst; src is left empty. */
void diag_list_move(diag_list *dst, diag_list *src);
/* Stable sort by file, line, col (entries without a line keep their order, first). */
void diag_list_sort(diag_list *l);
void diag_list_clear(diag_list *l);
void diag_list_free(diag_list *l);
const char *diag_level_name(diag_level level);
/* The code for a file that cannot be read, from errno: DC_FILE_MISSING
 * (ENOENT, ENOTDIR), DC_NOT_A_FILE (EISDIR), DC_FILE_TOO_LARGE (EFBIG),
 * else DC_FILE_UNREADABLE. */
diag_code diag_code_read_errno(int err);
/* "yaml-syntax", "required", …: the code's stable name (static storage). */
const char *diag_code_name(diag_code code);
/* Formats one entry into a new malloc'd string (caller frees). File, message
 * and field are escaped for a terminal (text_escape): no control character
 * from data reaches the output. */
char *diag_format(const diag *d);
/* Prints every entry, one per line. */
void diag_list_print(const diag_list *l, FILE *out);

#endif
