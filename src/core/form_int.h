/* core/form's private parts shared by form.c and form_undo.c. */
#ifndef APPVPN_CORE_FORM_INT_H
#define APPVPN_CORE_FORM_INT_H
#include "core/form.h"

/* One step of undo: what the change replaced, small whatever the lists hold.
 *   U_FIELD   the field's old value (NULL: it was unset); for `name`, also the
 *             identifier, which follows the name;
 *   U_TRUNC   a list had n items before items were appended;
 *   U_ITEM    item i was replaced (old: the item);
 *   U_INSERT  item i was removed (old: the item);
 *   U_MOVE    item i moved to j;
 *   U_ROOT    the whole configuration (a change of type). */
typedef enum { U_ROOT, U_FIELD, U_TRUNC, U_ITEM, U_INSERT, U_MOVE } undo_kind;

struct form_snapshot {
  undo_kind kind;
  char *cpath;          /* the container: "" (top level) or a record's path */
  const desc_field *fd; /* the field (its id, relative to the container) */
  val *old;             /* see above */
  val *old_ident;       /* U_FIELD of `name`: the identifier before */
  bool ident;
  size_t i, j;
  const desc_type *type; /* U_ROOT */
  size_t nodes;          /* size of what is kept, for the memory budget */
};

/* form.c */
val *form_path_val(val *root, const char *path); /* "a.b[2].c" in root, or NULL */
char *form_join_path(const char *prefix, const char *id);
const char *form_view_prefix(const form *f); /* the open record's path, or "" */
void form_changed(form *f);                  /* after any change: rebuild, check */
void form_frames_clear(form *f);

/* form_undo.c: a step is taken before a change (form_snap_*), the items' problems
 * follow the change (form_snap_changed), and the step is kept (form_undo_push). */
void form_snap_free(struct form_snapshot *s);
struct form_snapshot form_snap_root(form *f);
struct form_snapshot form_snap_field(form *f, const char *cpath, const desc_field *fd);
struct form_snapshot form_snap_append(form *f, const char *cpath, const desc_field *fd);
struct form_snapshot form_snap_for(form *f, const char *path, const val *v);
void form_snap_changed(form *f, const struct form_snapshot *s);
void form_undo_push(form *f, struct form_snapshot *s);

#endif
