/* Descriptor name tables (from the X-macros in desc.h), lookups and freeing. */
#include "core/desc.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

const char *const os_names[OS__COUNT] = {"ios", "macos", "visionos", "watchos"};
const char *const os_labels[OS__COUNT] = {"iOS", "macOS", "visionOS", "watchOS"};

static const char *const kind_names[] = {
#define X(e, name, desc) name,
    FIELD_KINDS(X)
#undef X
};
static const char *const kind_descs[] = {
#define X(e, name, desc) desc,
    FIELD_KINDS(X)
#undef X
};
static const char *const format_names[] = {
#define X(e, name, desc) name,
    FIELD_FORMATS(X)
#undef X
};
static const char *const format_descs[] = {
#define X(e, name, desc) desc,
    FIELD_FORMATS(X)
#undef X
};
static const char *const ptype_names[] = {
#define X(e, name) name,
    PROFILE_TYPES(X)
#undef X
};

static int name_index(const char *const *names, int n, const char *name) {
  if (!name)
    return -1;
  for (int i = 0; i < n; i++)
    if (strcmp(names[i], name) == 0)
      return i;
  return -1;
}

const char *field_kind_name(field_kind k) {
  return (unsigned)k < FK__COUNT ? kind_names[k] : "?";
}
const char *field_kind_desc(field_kind k) {
  return (unsigned)k < FK__COUNT ? kind_descs[k] : "?";
}
bool field_kind_from_name(const char *name, field_kind *out) {
  int i = name_index(kind_names, FK__COUNT, name);
  if (i < 0)
    return false;
  *out = (field_kind)i;
  return true;
}

const char *field_format_name(field_format f) {
  return (unsigned)f < FMT__COUNT ? format_names[f] : "?";
}
const char *field_format_desc(field_format f) {
  return (unsigned)f < FMT__COUNT ? format_descs[f] : "?";
}
bool field_format_from_name(const char *name, field_format *out) {
  int i = name_index(format_names, FMT__COUNT, name);
  if (i < 0)
    return false;
  *out = (field_format)i;
  return true;
}

const char *profile_type_name(profile_type t) {
  return (unsigned)t < PT__COUNT ? ptype_names[t] : "?";
}
bool profile_type_from_name(const char *name, profile_type *out) {
  int i = name_index(ptype_names, PT__COUNT, name);
  if (i < 0)
    return false;
  *out = (profile_type)i;
  return true;
}

const desc_type *desc_set_find(const desc_set *set, const char *type_id) {
  if (!set || !type_id)
    return NULL;
  for (size_t i = 0; i < set->n_types; i++)
    if (strcmp(set->types[i].id, type_id) == 0)
      return &set->types[i];
  return NULL;
}

const desc_field *desc_type_find_field(const desc_type *t, const char *id) {
  if (!t || !id)
    return NULL;
  for (size_t s = 0; s < t->n_sections; s++)
    for (size_t i = 0; i < t->sections[s].n_fields; i++)
      if (strcmp(t->sections[s].fields[i].id, id) == 0)
        return &t->sections[s].fields[i];
  return NULL;
}

const desc_choice *desc_field_choice(const desc_field *f, const char *value) {
  if (!f || !value)
    return NULL;
  for (size_t i = 0; i < f->n_choices; i++)
    if (strcmp(f->choices[i].value, value) == 0)
      return &f->choices[i];
  return NULL;
}

static void os_avail_free(os_avail *os) {
  for (int i = 0; i < OS__COUNT; i++) {
    free(os->since[i]);
    free(os->deprecated[i]);
  }
}

static void field_free(desc_field *f) {
  free(f->id);
  free(f->path);
  free(f->label);
  free(f->help);
  for (size_t i = 0; i < f->n_choices; i++) {
    free(f->choices[i].value);
    free(f->choices[i].label);
    free(f->choices[i].profile);
    free(f->choices[i].help);
  }
  free(f->choices);
  for (size_t i = 0; i < f->n_suggestions; i++)
    free(f->suggestions[i]);
  free(f->suggestions);
  val_free(f->def);
  expr_free(f->show);
  expr_free(f->required);
  expr_free(f->export_if);
  os_avail_free(&f->os);
  free(f->placeholder);
  for (size_t i = 0; i < f->n_profile; i++)
    free(f->profile[i]);
  free(f->profile);
  free(f->profile_value);
  for (size_t i = 0; i < f->n_also; i++) {
    free(f->also[i].key);
    val_free(f->also[i].value);
  }
  free(f->also);
  free(f->embed);
  free(f->embed_password);
  for (size_t i = 0; i < f->n_fields; i++)
    field_free(&f->fields[i]);
  free(f->fields);
  free(f->item_label);
  free(f->choices_from);
  free(f->file);
}

static void section_free(desc_section *s) {
  free(s->id);
  free(s->title);
  free(s->help);
  expr_free(s->show);
  for (size_t i = 0; i < s->n_fields; i++)
    field_free(&s->fields[i]);
  free(s->fields);
}

static void type_free(desc_type *t) {
  free(t->id);
  free(t->label);
  free(t->summary);
  free(t->vpn_type);
  free(t->dict);
  os_avail_free(&t->os);
  for (size_t i = 0; i < t->n_sections; i++)
    section_free(&t->sections[i]);
  free(t->sections);
  free(t->file);
}

void desc_set_free(desc_set *set) {
  if (!set)
    return;
  for (size_t i = 0; i < set->n_types; i++)
    type_free(&set->types[i]);
  free(set->types);
  free(set);
}
