/* The descriptor loader's fields: one field's keys read through a table of
 * the keys a field may have (which kinds accept each, and what it sets),
 * its default, its profile key paths, and a list of fields (a section's or
 * a records field's). */
#include "io/desc_load_int.h"

#include <stdio.h>

#include "core/kinds.h"
#include "core/util.h"

/* ---- fields --------------------------------------------------------------- */

static val *scalar_typed(const ynode *v) {
  long long i;
  if (v->plain && dl_is_true_word(v->s))
    return val_new_bool(true);
  if (v->plain && dl_is_false_word(v->s))
    return val_new_bool(false);
  if (v->plain && dl_parse_ll(v->s, &i))
    return val_new_int(i);
  return val_new_str(v->s);
}

static void parse_choices(loader *ld, const ynode *v, desc_field *f) {
  if (v->kind != YN_SEQ) {
    dl_lerr(ld, v, "'choices' must be a list of {value, label, profile, help}");
    return;
  }
  f->choices = xcalloc(v->n ? v->n : 1, sizeof *f->choices);
  for (size_t i = 0; i < v->n; i++) {
    const ynode *c = v->items[i];
    desc_choice ch = {0};
    if (c->kind == YN_SCALAR) {
      /* Shorthand: a bare value is its own label. */
      ch.value = xstrdup(c->s);
      ch.label = xstrdup(c->s);
    } else if (c->kind == YN_MAP) {
      for (size_t j = 0; j < ymap_len(c); j++) {
        const ynode *k = ymap_key(c, j), *x = ymap_val(c, j);
        char **slot = strcmp(k->s, "value") == 0     ? &ch.value
                      : strcmp(k->s, "label") == 0   ? &ch.label
                      : strcmp(k->s, "profile") == 0 ? &ch.profile
                      : strcmp(k->s, "help") == 0    ? &ch.help
                                                     : NULL;
        if (!slot) {
          dl_lerr(ld, k, "unknown key '%s' in a choice (expected value, label, profile, help)",
                  k->s);
          continue;
        }
        free(*slot);
        *slot = dl_scalar_dup(ld, x, k->s);
      }
      if (!ch.value)
        dl_lerr(ld, c, "a choice needs a value");
      else if (!ch.label)
        ch.label = xstrdup(ch.value);
    } else {
      dl_lerr(ld, c, "a choice is a value or a mapping {value, label, profile, help}");
    }
    if (!ch.value) {
      free(ch.label);
      free(ch.profile);
      free(ch.help);
      continue;
    }
    for (size_t j = 0; j < f->n_choices; j++)
      if (strcmp(f->choices[j].value, ch.value) == 0)
        dl_lerr(ld, c, "duplicate choice '%s'", ch.value);
    f->choices[f->n_choices++] = ch;
  }
}

static void parse_profile_also(loader *ld, const ynode *v, desc_field *f) {
  if (v->kind != YN_MAP) {
    dl_lerr(ld, v, "'profile_also' must be a mapping of profile keys to constants");
    return;
  }
  f->also = xcalloc(ymap_len(v) ? ymap_len(v) : 1, sizeof *f->also);
  for (size_t i = 0; i < ymap_len(v); i++) {
    const ynode *x = ymap_val(v, i);
    if (x->kind != YN_SCALAR) {
      dl_lerr(ld, x, "a profile_also value must be a constant");
      continue;
    }
    f->also[f->n_also].key = xstrdup(ymap_key(v, i)->s);
    f->also[f->n_also].value = scalar_typed(x);
    f->n_also++;
  }
}

static val *build_default(loader *ld, const ynode *v, const desc_field *f) {
  const char *id = f->id ? f->id : "?";
  switch (f->kind) {
  case FK_BOOL:
    if (v->kind == YN_SCALAR && v->plain && (dl_is_true_word(v->s) || dl_is_false_word(v->s)))
      return val_new_bool(dl_is_true_word(v->s));
    dl_lerr(ld, v, "default of bool field '%s' must be true or false", id);
    return NULL;
  case FK_INT: {
    long long i;
    if (v->kind != YN_SCALAR || !dl_parse_ll(v->s, &i)) {
      dl_lerr(ld, v, "default of integer field '%s' must be an integer", id);
      return NULL;
    }
    if ((f->has_min && i < f->min) || (f->has_max && i > f->max)) {
      dl_lerr(ld, v, "default %lld of '%s' is outside %lld..%lld", i, id, f->min, f->max);
      return NULL;
    }
    return val_new_int(i);
  }
  case FK_LIST: {
    if (v->kind != YN_SEQ) {
      dl_lerr(ld, v, "default of list field '%s' must be a list", id);
      return NULL;
    }
    val *l = val_new_list();
    for (size_t i = 0; i < v->n; i++) {
      if (v->items[i]->kind != YN_SCALAR) {
        dl_lerr(ld, v->items[i], "default of list field '%s' must be a list of strings", id);
        val_free(l);
        return NULL;
      }
      val_list_append(l, val_new_str(v->items[i]->s));
    }
    return l;
  }
  case FK_MAP: {
    if (v->kind != YN_MAP) {
      dl_lerr(ld, v, "default of map field '%s' must be a mapping", id);
      return NULL;
    }
    val *m = val_new_map();
    for (size_t i = 0; i < ymap_len(v); i++) {
      if (ymap_val(v, i)->kind != YN_SCALAR) {
        dl_lerr(ld, ymap_val(v, i), "default of map field '%s' must map strings to strings", id);
        val_free(m);
        return NULL;
      }
      val_map_set(m, ymap_key(v, i)->s, val_new_str(ymap_val(v, i)->s));
    }
    return m;
  }
  case FK_RECORDS: dl_lerr(ld, v, "records field '%s' takes no default", id); return NULL;
  case FK_CHOICE:
    if (v->kind != YN_SCALAR) {
      dl_lerr(ld, v, "default of choice field '%s' must be one of its values", id);
      return NULL;
    }
    if (!f->choices_from && !desc_field_choice(f, v->s)) {
      strbuf b = STRBUF_INIT;
      for (size_t i = 0; i < f->n_choices; i++)
        strbuf_printf(&b, "%s%s", i ? ", " : "", f->choices[i].value);
      dl_lerr(ld, v, "default '%s' of '%s' is not one of its choices (%s)", v->s, id,
              strbuf_str(&b));
      strbuf_free(&b);
      return NULL;
    }
    return val_new_str(v->s);
  default:
    if (v->kind != YN_SCALAR) {
      dl_lerr(ld, v, "default of %s field '%s' must be a single value", field_kind_name(f->kind),
              id);
      return NULL;
    }
    return val_new_str(v->s);
  }
}

/* Why a profile key path is malformed, or NULL. Paths are dotted keys,
 * optionally after "$dict." or (outside records) "@profile.". */
static const char *profile_path_problem(const char *p, bool in_record) {
  if (str_starts(p, "$dict."))
    p += 6;
  else if (str_starts(p, "@profile.")) {
    if (in_record)
      return "a record's keys are relative to the record; @profile. cannot be used here";
    p += 9;
  }
  if (!*p)
    return "empty key path";
  for (const char *q = p; *q; q++) {
    if (*q == '$' || *q == '@')
      return "'$dict.' and '@profile.' may only start a key path";
    if (*q == '.' && (q == p || q[1] == '.' || q[1] == '\0'))
      return "empty key in the path";
  }
  return NULL;
}

/* "a" and "a.b" cannot both be fields: one YAML key would be a value and a mapping. */
bool dl_ids_conflict(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > lb) {
    const char *t = a;
    a = b;
    b = t;
    la = lb;
  }
  return strncmp(a, b, la) == 0 && b[la] == '.';
}

/* ---- a field's keys: one table, walked once --------------------------------- */

/* One field being built: the field, its node, and the values a key leaves
 * for after the kind is known. */
typedef struct field_build {
  desc_field *f;
  const ynode *node;
  const char *parent_path; /* the records path ("on_demand.rules[]"), or NULL */
  int depth;
  const ynode *kind_v, *def_v, *fields_v, *choices_v, *min_v, *max_v, *profile_v, *also_v;
} field_build;

/* Reads key's value v into the field; true when the key took effect (what
 * the kind rule below is about). */
typedef bool (*field_key_parse)(loader *ld, field_build *b, const ynode *v, const char *key);
/* Runs once the kind is known, in table order, whether the key was given or not. */
typedef void (*field_key_then)(loader *ld, field_build *b);

#define KIND_BIT(k) (1u << (k))

typedef struct field_key {
  const char *key;
  field_key_parse parse;
  unsigned kinds;    /* the kinds that accept the key (KIND_BIT); 0: every kind */
  bool at_value;     /* the wrong-kind message points at the key's value, else at the field */
  const char *wrong; /* the wrong-kind message (args: the field's path, its kind's name) */
  field_key_then then;
} field_key;

static bool key_id(loader *ld, field_build *b, const ynode *v, const char *key) {
  set_str(&b->f->id, dl_scalar_dup(ld, v, key));
  if (b->f->id && !dl_valid_id(b->f->id))
    dl_lerr(ld, v, "field id '%s' is not a dotted name (letters, digits, _ and -)", b->f->id);
  return true;
}

static bool key_label(loader *ld, field_build *b, const ynode *v, const char *key) {
  set_str(&b->f->label, dl_scalar_dup(ld, v, key));
  return true;
}

static bool key_help(loader *ld, field_build *b, const ynode *v, const char *key) {
  set_str(&b->f->help, dl_scalar_dup(ld, v, key));
  return true;
}

static bool key_placeholder(loader *ld, field_build *b, const ynode *v, const char *key) {
  set_str(&b->f->placeholder, dl_scalar_dup(ld, v, key));
  return true;
}

static bool key_kind(loader *ld, field_build *b, const ynode *v, const char *key) {
  (void)ld, (void)key;
  b->kind_v = v;
  return true;
}

static bool key_default(loader *ld, field_build *b, const ynode *v, const char *key) {
  (void)ld, (void)key;
  b->def_v = v;
  return true;
}

static bool key_fields(loader *ld, field_build *b, const ynode *v, const char *key) {
  (void)ld, (void)key;
  b->fields_v = v;
  return true;
}

static bool key_choices(loader *ld, field_build *b, const ynode *v, const char *key) {
  (void)ld, (void)key;
  b->choices_v = v;
  return true;
}

static bool key_choices_from(loader *ld, field_build *b, const ynode *v, const char *key) {
  char *s = dl_scalar_dup(ld, v, key);
  if (s && strcmp(s, "types") != 0) {
    dl_lerr(ld, v, "unknown choices_from '%s' (expected types)", s);
    free(s);
    s = NULL;
  }
  set_str(&b->f->choices_from, s);
  return b->f->choices_from != NULL;
}

static bool key_suggestions(loader *ld, field_build *b, const ynode *v, const char *key) {
  desc_field *f = b->f;
  for (size_t j = 0; j < f->n_suggestions; j++)
    free(f->suggestions[j]);
  free(f->suggestions);
  f->suggestions = dl_get_str_list(ld, v, key, &f->n_suggestions);
  return f->n_suggestions > 0;
}

static bool key_required(loader *ld, field_build *b, const ynode *v, const char *key) {
  expr_free(b->f->required);
  b->f->required = dl_parse_cond(ld, v, key, true);
  return true;
}

static bool key_show(loader *ld, field_build *b, const ynode *v, const char *key) {
  expr_free(b->f->show);
  b->f->show = dl_parse_cond(ld, v, key, false);
  return true;
}

static bool key_export_if(loader *ld, field_build *b, const ynode *v, const char *key) {
  expr_free(b->f->export_if);
  b->f->export_if = dl_parse_cond(ld, v, key, false);
  return true;
}

static bool key_when_hidden(loader *ld, field_build *b, const ynode *v, const char *key) {
  const char *s = dl_scalar(ld, v, key);
  if (!s)
    return false;
  if (strcmp(s, "warning") == 0)
    b->f->when_hidden = HIDDEN_WARNING;
  else if (strcmp(s, "error") == 0)
    b->f->when_hidden = HIDDEN_ERROR;
  else if (strcmp(s, "ignore") == 0)
    b->f->when_hidden = HIDDEN_IGNORE;
  else
    dl_lerr(ld, v, "unknown when_hidden '%s' (expected warning, error, ignore)", s);
  return true;
}

static bool key_format(loader *ld, field_build *b, const ynode *v, const char *key) {
  const char *s = dl_scalar(ld, v, key);
  if (s && !field_format_from_name(s, &b->f->format)) {
    strbuf sb = STRBUF_INIT;
    for (int j = 1; j < FMT__COUNT; j++)
      strbuf_printf(&sb, "%s%s", j > 1 ? ", " : "", field_format_name((field_format)j));
    dl_lerr(ld, v, "unknown format '%s' (expected %s)", s, strbuf_str(&sb));
    strbuf_free(&sb);
  }
  return true;
}

static bool key_min(loader *ld, field_build *b, const ynode *v, const char *key) {
  long long ll;
  b->min_v = v;
  if (dl_get_int(ld, v, key, &ll)) {
    b->f->has_min = true;
    b->f->min = ll;
  }
  return true;
}

static bool key_max(loader *ld, field_build *b, const ynode *v, const char *key) {
  long long ll;
  b->max_v = v;
  if (dl_get_int(ld, v, key, &ll)) {
    b->f->has_max = true;
    b->f->max = ll;
  }
  return true;
}

static bool key_max_len(loader *ld, field_build *b, const ynode *v, const char *key) {
  long long ll;
  if (dl_get_int(ld, v, key, &ll)) {
    if (ll < 0)
      dl_lerr(ld, v, "'max_len' must not be negative");
    else
      b->f->max_len = (size_t)ll;
  }
  return true;
}

static bool key_variables(loader *ld, field_build *b, const ynode *v, const char *key) {
  bool bv;
  if (dl_get_bool(ld, v, key, &bv))
    b->f->variables = bv;
  return true;
}

static bool key_readonly(loader *ld, field_build *b, const ynode *v, const char *key) {
  bool bv;
  if (dl_get_bool(ld, v, key, &bv))
    b->f->readonly = bv;
  return true;
}

static bool key_os(loader *ld, field_build *b, const ynode *v, const char *key) {
  (void)key;
  dl_parse_os(ld, v, &b->f->os, false);
  return true;
}

static bool key_item_label(loader *ld, field_build *b, const ynode *v, const char *key) {
  set_str(&b->f->item_label, dl_scalar_dup(ld, v, key));
  return b->f->item_label != NULL;
}

static bool key_profile(loader *ld, field_build *b, const ynode *v, const char *key) {
  desc_field *f = b->f;
  b->profile_v = v;
  for (size_t j = 0; j < f->n_profile; j++)
    free(f->profile[j]);
  free(f->profile);
  f->profile = dl_get_str_list(ld, v, key, &f->n_profile);
  return true;
}

static bool key_profile_type(loader *ld, field_build *b, const ynode *v, const char *key) {
  const char *s = dl_scalar(ld, v, key);
  if (s && !profile_type_from_name(s, &b->f->ptype))
    dl_lerr(ld, v,
            "unknown profile_type '%s' (expected string, integer, boolean, int01, array, dict, "
            "data)",
            s);
  return true;
}

static bool key_profile_value(loader *ld, field_build *b, const ynode *v, const char *key) {
  set_str(&b->f->profile_value, dl_scalar_dup(ld, v, key));
  return true;
}

static bool key_profile_also(loader *ld, field_build *b, const ynode *v, const char *key) {
  (void)key;
  desc_field *f = b->f;
  b->also_v = v;
  for (size_t j = 0; j < f->n_also; j++) {
    free(f->also[j].key);
    val_free(f->also[j].value);
  }
  free(f->also);
  f->also = NULL;
  f->n_also = 0;
  parse_profile_also(ld, v, f);
  return true;
}

static bool key_embed(loader *ld, field_build *b, const ynode *v, const char *key) {
  char *s = dl_scalar_dup(ld, v, key);
  if (s && strcmp(s, "pkcs12") != 0) {
    dl_lerr(ld, v, "unknown embed '%s' (expected pkcs12)", s);
    free(s);
    s = NULL;
  }
  set_str(&b->f->embed, s);
  return b->f->embed != NULL;
}

static bool key_embed_password(loader *ld, field_build *b, const ynode *v, const char *key) {
  set_str(&b->f->embed_password, dl_scalar_dup(ld, v, key));
  return true;
}

/* After `choices`: the choices read, or a choice field without any. */
static void then_choices(loader *ld, field_build *b) {
  desc_field *f = b->f;
  if (b->choices_v && f->kind == FK_CHOICE)
    parse_choices(ld, b->choices_v, f);
  if (f->kind == FK_CHOICE && !f->n_choices && !f->choices_from && !b->choices_v)
    dl_lerr(ld, b->node, "choice field '%s' needs choices: or choices_from:", f->path);
}

static void then_max(loader *ld, field_build *b) {
  if (b->f->has_min && b->f->has_max && b->f->min > b->f->max)
    dl_lerr(ld, b->max_v, "'max' is below 'min'");
}

static void then_embed_password(loader *ld, field_build *b) {
  if (b->f->embed_password && !b->f->embed)
    dl_lerr(ld, b->node, "'embed_password' needs 'embed' ('%s')", b->f->path);
}

/* After `fields`: a records field's own fields, which it needs. */
static void then_fields(loader *ld, field_build *b) {
  desc_field *f = b->f;
  if (b->fields_v && f->kind == FK_RECORDS) {
    if (b->depth >= MAX_DEPTH) {
      dl_lerr(ld, b->fields_v, "records nested too deep");
    } else {
      char *sub = xasprintf("%s[]", f->path);
      dl_build_fields(ld, b->fields_v, sub, &f->fields, &f->n_fields, b->depth + 1);
      free(sub);
    }
  }
  if (kind_of(f)->shape == KSHAPE_RECORDS && !f->n_fields)
    dl_lerr(ld, b->fields_v ? b->fields_v : b->node, "records field '%s' needs fields:", f->path);
}

/* Every key a field may have (docs/forms.md). The kind rules and the `then`
 * steps run in this order once the kind is known. */
static const field_key field_keys[] = {
    {"choices", key_choices, KIND_BIT(FK_CHOICE), true,
     "'choices' is only for kind choice ('%s' is %s)", then_choices},
    {"choices_from", key_choices_from, KIND_BIT(FK_CHOICE), false,
     "'choices_from' is only for kind choice ('%s')", NULL},
    {"suggestions", key_suggestions, KIND_BIT(FK_TEXT), false,
     "'suggestions' is only for kind text ('%s')", NULL},
    {"min", key_min, KIND_BIT(FK_INT) | KIND_BIT(FK_LIST) | KIND_BIT(FK_RECORDS), true,
     "'min'/'max' are for integer, list and records fields", NULL},
    {"max", key_max, KIND_BIT(FK_INT) | KIND_BIT(FK_LIST) | KIND_BIT(FK_RECORDS), true,
     "'min'/'max' are for integer, list and records fields", then_max},
    {"embed", key_embed, KIND_BIT(FK_FILE), false, "'embed' is only for kind file ('%s')", NULL},
    {"embed_password", key_embed_password, 0, false, NULL, then_embed_password},
    {"item_label", key_item_label, KIND_BIT(FK_RECORDS), false,
     "'item_label' is only for records ('%s')", NULL},
    {"fields", key_fields, KIND_BIT(FK_RECORDS), true, "'fields' is only for kind records ('%s')",
     then_fields},
    {"id", key_id, 0, false, NULL, NULL},
    {"label", key_label, 0, false, NULL, NULL},
    {"help", key_help, 0, false, NULL, NULL},
    {"placeholder", key_placeholder, 0, false, NULL, NULL},
    {"kind", key_kind, 0, false, NULL, NULL},
    {"default", key_default, 0, false, NULL, NULL},
    {"required", key_required, 0, false, NULL, NULL},
    {"show", key_show, 0, false, NULL, NULL},
    {"export_if", key_export_if, 0, false, NULL, NULL},
    {"when_hidden", key_when_hidden, 0, false, NULL, NULL},
    {"format", key_format, 0, false, NULL, NULL},
    {"max_len", key_max_len, 0, false, NULL, NULL},
    {"variables", key_variables, 0, false, NULL, NULL},
    {"readonly", key_readonly, 0, false, NULL, NULL},
    {"os", key_os, 0, false, NULL, NULL},
    {"profile", key_profile, 0, false, NULL, NULL},
    {"profile_type", key_profile_type, 0, false, NULL, NULL},
    {"profile_value", key_profile_value, 0, false, NULL, NULL},
    {"profile_also", key_profile_also, 0, false, NULL, NULL},
};
#define N_FIELD_KEYS (sizeof field_keys / sizeof *field_keys)

/* Builds one field from its (use:-resolved) keys. `parent_path` is the
 * records path ("on_demand.rules[]") or NULL at the top level. */
void dl_build_field(loader *ld, const ynode *node, const char *parent_path, desc_field *f,
                    int depth) {
  rawmap r = {0};
  f->file = xstrdup(node->file);
  f->line = node->line;
  f->col = node->col;
  if (!dl_raw_merge(ld, node, ld->lib_fields, "field", &r, 0)) {
    /* Already reported; a placeholder keeps the struct consistent. */
    f->id = xstrdup("?");
    f->path = xstrdup("?");
    goto out;
  }

  field_build b = {.f = f, .node = node, .parent_path = parent_path, .depth = depth};
  bool given[N_FIELD_KEYS] = {false};
  const ynode *given_v[N_FIELD_KEYS] = {NULL};
  for (size_t i = 0; i < r.n; i++) {
    const ynode *k = r.items[i].k, *v = r.items[i].v;
    size_t j = 0;
    while (j < N_FIELD_KEYS && strcmp(k->s, field_keys[j].key) != 0)
      j++;
    if (j == N_FIELD_KEYS) {
      dl_lerr(ld, k, "unknown key '%s' in a field", k->s);
      continue;
    }
    given[j] = field_keys[j].parse(ld, &b, v, k->s);
    given_v[j] = v;
  }

  if (!f->id) {
    dl_lerr(ld, node, "a field needs an id");
    f->id = xstrdup("?");
  }
  f->path = parent_path ? xasprintf("%s.%s", parent_path, f->id) : xstrdup(f->id);
  if (!f->label)
    dl_lerr(ld, node, "field '%s' needs a label", f->path);

  f->kind = FK_TEXT; /* the default kind when none is given */
  if (b.kind_v) {
    const char *s = dl_scalar(ld, b.kind_v, "kind");
    if (s && !field_kind_from_name(s, &f->kind)) {
      strbuf sb = STRBUF_INIT;
      for (int j = 0; j < FK__COUNT; j++)
        strbuf_printf(&sb, "%s%s", j ? ", " : "", field_kind_name((field_kind)j));
      dl_lerr(ld, b.kind_v, "unknown kind '%s' (expected %s)", s, strbuf_str(&sb));
      strbuf_free(&sb);
    }
  }

  /* The kind rules, in table order; min and max share one message. */
  const char *said = NULL;
  for (size_t j = 0; j < N_FIELD_KEYS; j++) {
    const field_key *e = &field_keys[j];
    if (given[j] && e->kinds && !(e->kinds & KIND_BIT(f->kind)) && e->wrong != said) {
      dl_lerr(ld, e->at_value ? given_v[j] : node, e->wrong, f->path, field_kind_name(f->kind));
      said = e->wrong;
    }
    if (e->then)
      e->then(ld, &b);
  }

  for (size_t i = 0; i < f->n_profile; i++) {
    const char *why = profile_path_problem(f->profile[i], parent_path != NULL);
    if (why)
      dl_lerr(ld, b.profile_v, "bad profile key '%s': %s", f->profile[i], why);
  }
  for (size_t i = 0; i < ymap_len(b.also_v); i++) {
    const char *why = profile_path_problem(ymap_key(b.also_v, i)->s, parent_path != NULL);
    if (why)
      dl_lerr(ld, ymap_key(b.also_v, i), "bad profile key '%s': %s", ymap_key(b.also_v, i)->s, why);
  }

  if (b.def_v)
    f->def = build_default(ld, b.def_v, f);
out:
  free(r.items);
}

bool dl_build_fields(loader *ld, const ynode *list, const char *parent_path, desc_field **out,
                     size_t *n_out, int depth) {
  if (list->kind != YN_SEQ) {
    dl_lerr(ld, list, "'fields' must be a list of fields");
    return false;
  }
  desc_field *fs = xcalloc(list->n ? list->n : 1, sizeof *fs);
  for (size_t i = 0; i < list->n; i++)
    dl_build_field(ld, list->items[i], parent_path, &fs[i], depth);
  *out = fs;
  *n_out = list->n;
  if (parent_path) {
    /* Ids are unique among one record's fields. */
    for (size_t i = 0; i < list->n; i++)
      for (size_t j = 0; j < i; j++)
        if (fs[i].id[0] != '?' && strcmp(fs[i].id, fs[j].id) == 0) {
          dl_lerr(ld, list->items[i], "duplicate field id '%s' (first at %s:%u:%u)", fs[i].path,
                  fs[j].file, fs[j].line, fs[j].col);
          break;
        } else if (fs[i].id[0] != '?' && fs[j].id[0] != '?' &&
                   dl_ids_conflict(fs[i].id, fs[j].id)) {
          dl_lerr(ld, list->items[i],
                  "field id '%s' clashes with '%s': one key cannot hold a value and fields",
                  fs[i].path, fs[j].path);
          break;
        }
  }
  return true;
}
