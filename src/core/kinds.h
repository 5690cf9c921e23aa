/* Field kinds as data: one table of operations per kind.
 *
 * The kinds themselves are listed once (FIELD_KINDS in core/desc.h); this
 * table, indexed by field_kind, holds what each kind does in the core
 * layers: how a YAML value becomes the typed value the model keeps
 * (convert, core/model.c), what is checked about it (check,
 * core/validate.c), how it reads on one line (display: editor rows and
 * previews), and the facts other code asks instead of comparing kinds
 * (its shape, whether it is a secret, whether it is typed as one line).
 * The profile operations (to and from a .mobileconfig) live in the io
 * layer's table of the same order, io/kinds_io.h.
 *
 * A new kind is one line in FIELD_KINDS, one entry here and one in
 * io/kinds_io.c, and the functions they point at (docs/DEVELOPING.md).
 *
 * Ownership: the table is static and read-only; display returns a string
 * the caller frees.
 */
#ifndef APPVPN_CORE_KINDS_H
#define APPVPN_CORE_KINDS_H
#include <stdbool.h>

#include "core/desc.h"
#include "core/model.h"
#include "core/value.h"

/* What a kind's value is made of. */
typedef enum {
  KSHAPE_SCALAR,  /* text, a number or true/false */
  KSHAPE_LIST,    /* a list of text items */
  KSHAPE_MAP,     /* key: value pairs, values typed as YAML spells them */
  KSHAPE_RECORDS, /* a list of records, each with the kind's own fields */
} kind_shape;

struct kind_conv;  /* core/model.c: one conversion's file, diagnostics and rules */
struct kind_check; /* core/validate.c: one validation's configuration and diagnostics */

typedef struct kind_ops {
  kind_shape shape;
  bool secret;        /* masked in every output unless --reveal; files holding it are 0600 */
  bool line_input;    /* edited by typing one line of text in the editor */
  bool vars_as_text;  /* a ${variable} in its value is written to the profile as text; the
                         others need the value itself (a number, a switch, a choice) */
  profile_type ptype; /* what `profile_type: auto` writes */
  /* The YAML value in *slot (at path, for messages) as the typed value the
   * model keeps, replaced in place; false after reporting why it cannot be. */
  bool (*convert)(const struct kind_conv *cv, const desc_field *f, val **slot, const char *path);
  /* Every check of a stored value v that is not empty (or a list that may be
   * below its minimum): reports through st. */
  void (*check)(struct kind_check *st, const model_ctx *ctx, const desc_field *f, const char *path,
                const val *v);
  /* The value on one line as the editor's rows and previews show it (v may
   * be NULL: nothing set); secrets masked unless reveal. Caller frees. */
  char *(*display)(const desc_field *f, const val *v, bool reveal);
} kind_ops;

extern const kind_ops field_kinds[FK__COUNT];

static inline const kind_ops *kind_of(const desc_field *f) {
  return &field_kinds[f->kind];
}

/* The mask shown for a secret (a password) that is set. */
#define KIND_SECRET_MASK                                                                           \
  "\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2" /* •••••• */

#endif
