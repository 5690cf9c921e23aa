/* Field kinds as data, the profile side: what each kind does on its way to
 * a .mobileconfig (io/export.c) and back (io/import.c). The table is
 * indexed by field_kind like core/kinds.h's, whose entries hold the rest of
 * a kind's operations; a new kind gets an entry in both.
 *
 * Records are written and read entry by entry by the export and import
 * walks (their fields are fields like any other), and a map takes, on
 * import, every key of its dictionary the other fields left: those
 * operations are NULL and the kind's shape (core/kinds.h) routes them.
 *
 * The functions are defined in the file that owns each direction; nothing
 * else calls them directly. The table is static and read-only.
 */
#ifndef APPVPN_IO_KINDS_IO_H
#define APPVPN_IO_KINDS_IO_H
#include <plist/plist.h>
#include <stdbool.h>

#include "core/kinds.h"

struct kind_export; /* io/export.c: one export's configuration, options and diagnostics */
struct kind_import; /* io/import.c: one import's profile, configuration and diagnostics */

typedef struct kind_io_ops {
  /* Readies a field's value for its profile type: *sv is the value after
   * variable substitution, *owned the copy the caller frees (NULL when *sv
   * is the stored value, which must then not change); either may be
   * replaced (the old *owned freed). False when nothing is to be written:
   * an error was reported, or a variable was bound to "". */
  bool (*to_profile)(struct kind_export *x, const desc_field *f, const char *path, const val *at,
                     val **sv, val **owned);
  /* A profile node n (at the shown key, for messages) as the field's value;
   * NULL when it does not fit. Caller owns the result. */
  val *(*from_profile)(struct kind_import *im, const desc_field *f, plist_t n, const char *key);
} kind_io_ops;

extern const kind_io_ops field_kinds_io[FK__COUNT];

static inline const kind_io_ops *kind_io_of(const desc_field *f) {
  return &field_kinds_io[f->kind];
}

/* io/export.c */
bool kind_to_profile_value(struct kind_export *x, const desc_field *f, const char *path,
                           const val *at, val **sv, val **owned);
bool kind_to_profile_secret(struct kind_export *x, const desc_field *f, const char *path,
                            const val *at, val **sv, val **owned);
bool kind_to_profile_choice(struct kind_export *x, const desc_field *f, const char *path,
                            const val *at, val **sv, val **owned);
bool kind_to_profile_int(struct kind_export *x, const desc_field *f, const char *path,
                         const val *at, val **sv, val **owned);

/* io/import.c */
val *kind_from_profile_text(struct kind_import *im, const desc_field *f, plist_t n,
                            const char *key);
val *kind_from_profile_bool(struct kind_import *im, const desc_field *f, plist_t n,
                            const char *key);
val *kind_from_profile_int(struct kind_import *im, const desc_field *f, plist_t n, const char *key);
val *kind_from_profile_choice(struct kind_import *im, const desc_field *f, plist_t n,
                              const char *key);
val *kind_from_profile_list(struct kind_import *im, const desc_field *f, plist_t n,
                            const char *key);

#endif
