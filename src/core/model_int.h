/* Private to the model (core/model.c, core/model_convert.c, core/model_set.c):
 * typing values and the helpers loading and the write path share. */
#ifndef APPVPN_CORE_MODEL_INT_H
#define APPVPN_CORE_MODEL_INT_H
#include <stdbool.h>

#include <string.h>

#include "core/diag.h"
#include "core/model.h"
#include "core/text.h"
#include "core/util.h"

/* One conversion: where messages go and which typing rules apply. */
typedef struct kind_conv {
  const char *file;
  diag_list *diags;
  bool from_file; /* YAML typing rules: quoted scalars stay text */
} conv;

/* What a value is, for messages: "a list", "text". */
static inline const char *shape_name(const val *v) {
  if (!v)
    return "nothing";
  switch (v->kind) {
  case VAL_LIST: return "a list";
  case VAL_MAP: return "a mapping";
  case VAL_NULL: return "an empty value";
  case VAL_BOOL: return "true/false";
  case VAL_INT: return "a number";
  default: return "text";
  }
}

/* "prefix.id", or id at the top. Caller frees. */
static inline char *join_path(const char *prefix, const char *id) {
  return prefix && *prefix ? xasprintf("%s.%s", prefix, id) : xstrdup(id);
}

/* The type's name for messages. */
static inline const char *type_label(const config *c) {
  return c->type ? (c->type->label ? c->type->label : c->type->id) : "this configuration";
}

/* The record field rf's own field id, or NULL. */
static inline const desc_field *record_child(const desc_field *rf, const char *id) {
  for (size_t i = 0; rf && i < rf->n_fields; i++)
    if (strcmp(rf->fields[i].id, id) == 0)
      return &rf->fields[i];
  return NULL;
}

/* core/model.c */
/* "a, b, c": the ids of the set's types, for messages. Caller frees. */
char *model_known_types(const desc_set *set);

/* core/model_convert.c */
/* Replaces *slot by nv, which keeps the old value's place in the file. */
void model_replace(val **slot, val *nv);
/* Text must be clean (core/text.h): a refusal names the character. */
bool model_clean_text(const conv *cv, const val *v, const char *path, text_kind kind);
/* A key/value map's value typed as YAML spells it (depth: nesting so far). */
bool model_convert_data(const conv *cv, val **slot, const char *path, int depth);
/* One field's value to its kind (core/kinds.h convert), replaced in place. */
bool model_convert_value(const conv *cv, const desc_field *f, val **slot, const char *path);
/* Every value the configuration's type declares, typed in place. */
void model_convert_type(const conv *cv, config *c);

#endif
