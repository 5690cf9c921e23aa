/* Semantic difference of two configurations: the settings that differ, by
 * field, in descriptor order (for `appvpn diff`). Only what a save would
 * write counts: visible fields, with their defaults. A list reports the
 * items added and removed (one line for one changed domain out of 10,000),
 * a key/value map the keys, records their fields ("on_demand.rules[1].action").
 */
#ifndef APPVPN_CORE_DIFF_H
#define APPVPN_CORE_DIFF_H
#include <stdbool.h>
#include <stddef.h>
#include "core/model.h"

typedef enum {
  DIFF_CHANGED,      /* old -> new */
  DIFF_ADDED,        /* set in b only (new) */
  DIFF_REMOVED,      /* set in a only (old) */
  DIFF_ITEM_ADDED,   /* a list item or map key in b only (item, new) */
  DIFF_ITEM_REMOVED, /* a list item or map key in a only (item, old) */
  DIFF_REORDERED,    /* the same list items in another order */
} diff_kind;

typedef struct diff_entry {
  diff_kind kind;
  const char *path;         /* concrete path: "proxy.port", "on_demand.rules[0].action" */
  const desc_field *field;  /* the field (of a's type, or b's when only b has it) */
  const val *old_v, *new_v; /* the values (or the map entry's value); NULL when absent */
  const char *item;         /* list item text or map key, for ITEM_* */
} diff_entry;

typedef void (*diff_fn)(void *ud, const diff_entry *e);

/* Calls fn for every difference between a and b (borrowed pointers, valid
 * during the call) and returns how many there were. profile_only: only the
 * settings a profile carries (when one side was read from a profile, the
 * apps and the distribution, which never go into one, are not compared). */
size_t model_diff(const config *a, const config *b, bool profile_only, diff_fn fn, void *ud);

#endif
