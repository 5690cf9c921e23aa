/* Loading descriptors (the forms directory's YAML files) into a desc_set.
 *
 * Each file is parsed with libyaml's document API into a small node tree that
 * keeps the file name and the 1-based line:col of every node, so that every
 * problem can be reported where it is. `use:` is resolved on that tree: the
 * library node's keys first, then the using node's keys replacing them. The
 * merged keys are then turned into desc_* structs. Loading goes on after an
 * error (to report as many as possible); any error makes the result NULL.
 */
#include "io/desc_load.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "core/kinds.h"
#include "core/desc_blob.h"
#include "core/embedded.h"
#include "core/util.h"
#include "io/desc_load_int.h"

/* ---- loader state -------------------------------------------------------- */

/* Adds an error unless the very same one is already listed: a library entry
 * is built once on its own and again for every type that uses it, and its
 * problems should be reported once. */
static void add_unique(diag_list *l, const char *file, unsigned line, unsigned col,
                       const char *msg) {
  for (size_t i = 0; i < l->n; i++) {
    const diag *d = &l->items[i];
    if (d->level == DIAG_ERROR && d->line == line && d->col == col && str_eq(d->file, file) &&
        str_eq(d->msg, msg))
      return;
  }
  diag_addc(l, DIAG_ERROR, DC_FORMS, file, line, col, NULL, "%s", msg);
}

void dl_lerr(loader *ld, const ynode *at, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = xvasprintf(fmt, ap);
  va_end(ap);
  add_unique(ld->diags, at ? at->file : NULL, at ? at->line : 0, at ? at->col : 0, msg);
  free(msg);
}

/* ---- scalar helpers ---------------------------------------------------------- */

const char *dl_scalar(loader *ld, const ynode *v, const char *key) {
  if (v->kind != YN_SCALAR) {
    dl_lerr(ld, v, "'%s' must be a single value", key);
    return NULL;
  }
  return v->s;
}

char *dl_scalar_dup(loader *ld, const ynode *v, const char *key) {
  const char *s = dl_scalar(ld, v, key);
  return s ? xstrdup(s) : NULL;
}

bool dl_is_true_word(const char *s) {
  return strcmp(s, "true") == 0;
}
bool dl_is_false_word(const char *s) {
  return strcmp(s, "false") == 0;
}

bool dl_get_bool(loader *ld, const ynode *v, const char *key, bool *out) {
  const char *s = dl_scalar(ld, v, key);
  if (!s)
    return false;
  if (v->plain && dl_is_true_word(s))
    *out = true;
  else if (v->plain && dl_is_false_word(s))
    *out = false;
  else {
    dl_lerr(ld, v, "'%s' must be true or false, not '%s'", key, s);
    return false;
  }
  return true;
}

bool dl_parse_ll(const char *s, long long *out) {
  if (!s || !*s)
    return false;
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || *end)
    return false;
  *out = v;
  return true;
}

bool dl_get_int(loader *ld, const ynode *v, const char *key, long long *out) {
  const char *s = dl_scalar(ld, v, key);
  if (!s)
    return false;
  if (!dl_parse_ll(s, out)) {
    dl_lerr(ld, v, "'%s' must be an integer, not '%s'", key, s);
    return false;
  }
  return true;
}

/* A list of strings; a single scalar counts as a list of one. */
char **dl_get_str_list(loader *ld, const ynode *v, const char *key, size_t *n) {
  *n = 0;
  if (v->kind == YN_SCALAR) {
    char **out = xmalloc(sizeof *out);
    out[0] = xstrdup(v->s);
    *n = 1;
    return out;
  }
  if (v->kind != YN_SEQ) {
    dl_lerr(ld, v, "'%s' must be a list", key);
    return NULL;
  }
  char **out = xcalloc(v->n ? v->n : 1, sizeof *out);
  for (size_t i = 0; i < v->n; i++) {
    const char *s = dl_scalar(ld, v->items[i], key);
    if (s)
      out[(*n)++] = xstrdup(s);
  }
  return out;
}

/* An identifier path: ident ('.' ident)*, as in conditions. */
bool dl_valid_id(const char *s) {
  if (!s || !*s)
    return false;
  for (;;) {
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
      return false;
    while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
           *s == '_' || *s == '-')
      s++;
    if (*s == '\0')
      return true;
    if (*s != '.')
      return false;
    s++;
  }
}

static bool valid_version(const char *s) {
  if (strcmp(s, "n/a") == 0)
    return true;
  if (!(*s >= '0' && *s <= '9'))
    return false;
  for (; *s; s++) {
    if (*s == '.' && s[1] >= '0' && s[1] <= '9')
      continue;
    if (!(*s >= '0' && *s <= '9'))
      return false;
  }
  return true;
}

static int os_index(const char *name) {
  for (int i = 0; i < OS__COUNT; i++)
    if (strcmp(os_names[i], name) == 0)
      return i;
  return -1;
}

void dl_parse_os(loader *ld, const ynode *v, os_avail *os, bool deprecated) {
  if (v->kind != YN_MAP) {
    dl_lerr(ld, v, "'os' must be a mapping like {ios: \"14.0\", macos: n/a}");
    return;
  }
  for (size_t i = 0; i < ymap_len(v); i++) {
    const ynode *k = ymap_key(v, i), *x = ymap_val(v, i);
    if (!deprecated && strcmp(k->s, "deprecated") == 0) {
      dl_parse_os(ld, x, os, true);
      continue;
    }
    int o = os_index(k->s);
    if (o < 0) {
      dl_lerr(ld, k, "unknown os '%s' (expected ios, macos, visionos, watchos%s)", k->s,
              deprecated ? "" : " or deprecated");
      continue;
    }
    const char *ver = dl_scalar(ld, x, k->s);
    if (!ver)
      continue;
    if (!valid_version(ver) || (deprecated && strcmp(ver, "n/a") == 0)) {
      dl_lerr(ld, x, "'%s' is not a version like \"14.0\"%s", ver, deprecated ? "" : " or n/a");
      continue;
    }
    char **slot = deprecated ? &os->deprecated[o] : &os->since[o];
    free(*slot);
    *slot = xstrdup(ver);
  }
}

/* ---- use: resolution --------------------------------------------------------- */

static void raw_set(rawmap *r, const ynode *k, const ynode *v) {
  for (size_t i = 0; i < r->n; i++)
    if (strcmp(r->items[i].k->s, k->s) == 0) {
      r->items[i].k = k;
      r->items[i].v = v;
      return;
    }
  if (r->n == r->cap) {
    r->cap = r->cap ? 2 * r->cap : 16;
    r->items = xrealloc(r->items, r->cap * sizeof *r->items);
  }
  r->items[r->n].k = k;
  r->items[r->n].v = v;
  r->n++;
}

/* The keys of `node`, with a `use:` replaced by the library entry's keys
 * (which the node's own keys then override). */
bool dl_raw_merge(loader *ld, const ynode *node, const ynode *lib, const char *what, rawmap *out,
                  int depth) {
  if (node->kind != YN_MAP) {
    dl_lerr(ld, node, "a %s must be a mapping", what);
    return false;
  }
  const ynode *use = ymap_get(node, "use");
  if (use) {
    const char *name = dl_scalar(ld, use, "use");
    const ynode *base = name ? ymap_get(lib, name) : NULL;
    if (!name)
      return false;
    if (!base) {
      dl_lerr(ld, use, "unknown %s '%s' in use: (not in _common.yaml)", what, name);
      return false;
    }
    if (depth >= MAX_DEPTH) {
      dl_lerr(ld, use, "use: chain too long at '%s'", name);
      return false;
    }
    if (!dl_raw_merge(ld, base, lib, what, out, depth + 1))
      return false;
  }
  for (size_t i = 0; i < ymap_len(node); i++)
    if (strcmp(ymap_key(node, i)->s, "use") != 0)
      raw_set(out, ymap_key(node, i), ymap_val(node, i));
  return true;
}

/* ---- conditions ---------------------------------------------------------- */

expr *dl_parse_cond(loader *ld, const ynode *v, const char *key, bool false_is_null) {
  const char *s = dl_scalar(ld, v, key);
  if (!s)
    return NULL;
  if (false_is_null && v->plain && dl_is_false_word(s))
    return NULL;
  /* Quoted scalars start one column after the quote. */
  diag_list tmp = DIAG_LIST_INIT;
  expr *e = expr_parse(s, v->file, v->line, v->col + (v->plain ? 0 : 1), &tmp);
  for (size_t i = 0; i < tmp.n; i++)
    add_unique(ld->diags, tmp.items[i].file, tmp.items[i].line, tmp.items[i].col, tmp.items[i].msg);
  diag_list_free(&tmp);
  if (e) {
    if (ld->n_conds == ld->cap_conds) {
      ld->cap_conds = ld->cap_conds ? 2 * ld->cap_conds : 64;
      ld->conds = xrealloc(ld->conds, ld->cap_conds * sizeof *ld->conds);
    }
    ld->conds[ld->n_conds].e = e;
    ld->conds[ld->n_conds].at = v;
    ld->n_conds++;
  }
  return e;
}

static const ynode *cond_where(const loader *ld, const expr *e) {
  for (size_t i = 0; i < ld->n_conds; i++)
    if (ld->conds[i].e == e)
      return ld->conds[i].at;
  return NULL;
}

/* ---- sections and types ------------------------------------------------------ */

static void build_section(loader *ld, const ynode *node, desc_section *s) {
  rawmap r = {0};
  if (!dl_raw_merge(ld, node, ld->lib_sections, "section", &r, 0)) {
    s->id = xstrdup("?");
    goto out;
  }
  const ynode *fields_v = NULL;
  for (size_t i = 0; i < r.n; i++) {
    const ynode *k = r.items[i].k, *v = r.items[i].v;
    if (strcmp(k->s, "id") == 0)
      set_str(&s->id, dl_scalar_dup(ld, v, k->s));
    else if (strcmp(k->s, "title") == 0)
      set_str(&s->title, dl_scalar_dup(ld, v, k->s));
    else if (strcmp(k->s, "help") == 0)
      set_str(&s->help, dl_scalar_dup(ld, v, k->s));
    else if (strcmp(k->s, "show") == 0) {
      expr_free(s->show);
      s->show = dl_parse_cond(ld, v, k->s, false);
    } else if (strcmp(k->s, "fields") == 0)
      fields_v = v;
    else
      dl_lerr(ld, k, "unknown key '%s' in a section (expected id, title, help, show, fields)",
              k->s);
  }
  if (!s->id) {
    dl_lerr(ld, node, "a section needs an id");
    s->id = xstrdup("?");
  }
  if (!s->title)
    dl_lerr(ld, node, "section '%s' needs a title", s->id);
  if (fields_v)
    dl_build_fields(ld, fields_v, NULL, &s->fields, &s->n_fields, 0);
out:
  free(r.items);
}

/* Path checks need the whole type: a condition may name a later field. */
typedef struct path_check {
  loader *ld;
  const desc_type *t;
  const desc_field *record; /* scope for relative paths, NULL = top level */
  const ynode *at;
  const char *what;
} path_check;

static bool scope_has(const desc_type *t, const desc_field *record, const char *path, bool rooted) {
  if (record && !rooted) {
    for (size_t i = 0; i < record->n_fields; i++)
      if (strcmp(record->fields[i].id, path) == 0)
        return true;
    return false;
  }
  return desc_type_find_field(t, path) != NULL;
}

static void check_one_path(void *ud, const char *path, bool rooted) {
  path_check *pc = ud;
  if (scope_has(pc->t, pc->record, path, rooted))
    return;
  if (pc->record && !rooted)
    dl_lerr(pc->ld, pc->at,
            "%s names '%s', which is no field of %s[] (use '/%s' for a top-level field)", pc->what,
            path, pc->record->path, path);
  else
    dl_lerr(pc->ld, pc->at, "%s names '%s', which is no field of type '%s'", pc->what, path,
            pc->t->id);
}

static void check_cond(path_check *pc, const expr *e, const ynode *fallback, const char *what) {
  if (!e)
    return;
  pc->at = cond_where(pc->ld, e);
  if (!pc->at)
    pc->at = fallback;
  pc->what = what;
  expr_each_path(e, check_one_path, pc);
}

/* Checks the {path} references of a template (profile_value, item_label). */
static void check_template(path_check *pc, const char *tpl, const ynode *at, const char *what) {
  if (!tpl)
    return;
  pc->at = at;
  pc->what = what;
  for (const char *p = strchr(tpl, '{'); p; p = strchr(p + 1, '{')) {
    const char *end = strchr(p, '}');
    if (!end) {
      dl_lerr(pc->ld, at, "%s: '{' without '}'", what);
      return;
    }
    if (end == p + 1)
      continue; /* {} is the field's own value */
    bool rooted = p[1] == '/';
    char *path = xstrndup(p + 1 + rooted, (size_t)(end - p - 1 - rooted));
    check_one_path(pc, path, rooted);
    free(path);
  }
}

static void check_field_paths(loader *ld, const desc_type *t, const desc_field *record,
                              const desc_field *f) {
  path_check pc = {ld, t, record, NULL, NULL};
  /* The field's own position, for messages about non-condition keys. */
  ynode at = {0};
  at.file = f->file;
  at.line = f->line;
  at.col = f->col;
  check_cond(&pc, f->show, &at, "show:");
  check_cond(&pc, f->required, &at, "required:");
  check_cond(&pc, f->export_if, &at, "export_if:");
  check_template(&pc, f->profile_value, &at, "profile_value");
  if (f->embed_password) {
    pc.at = &at;
    pc.what = "embed_password";
    check_one_path(&pc, f->embed_password, false);
  }
  if (kind_of(f)->shape == KSHAPE_RECORDS) {
    path_check rc = {ld, t, f, NULL, NULL};
    check_template(&rc, f->item_label, &at, "item_label");
    for (size_t i = 0; i < f->n_fields; i++)
      check_field_paths(ld, t, f, &f->fields[i]);
  }
}

static void check_type(loader *ld, const desc_type *t, const ynode *type_node) {
  /* Field ids are unique across the whole type: they are the YAML keys. */
  for (size_t s = 0; s < t->n_sections; s++) {
    const desc_section *sec = &t->sections[s];
    for (size_t i = 0; i < sec->n_fields; i++) {
      const desc_field *f = &sec->fields[i];
      const desc_field *first = desc_type_find_field(t, f->id);
      if (first && first != f && f->id[0] != '?') {
        ynode here = {0};
        here.file = f->file;
        here.line = f->line;
        here.col = f->col;
        dl_lerr(ld, &here, "duplicate field id '%s' in type '%s' (first at %s:%u:%u)", f->id, t->id,
                first->file, first->line, first->col);
      }
      for (size_t s2 = 0; s2 <= s; s2++)
        for (size_t j = 0; j < (s2 == s ? i : t->sections[s2].n_fields); j++) {
          const desc_field *g = &t->sections[s2].fields[j];
          if (f->id[0] != '?' && g->id[0] != '?' && dl_ids_conflict(f->id, g->id)) {
            ynode here = {0};
            here.file = f->file;
            here.line = f->line;
            here.col = f->col;
            dl_lerr(ld, &here,
                    "field id '%s' clashes with '%s': one key cannot hold a value and fields",
                    f->id, g->id);
          }
        }
    }
  }
  for (size_t s = 0; s < t->n_sections; s++) {
    const desc_section *sec = &t->sections[s];
    path_check pc = {ld, t, NULL, NULL, NULL};
    check_cond(&pc, sec->show, type_node, "show:");
    for (size_t i = 0; i < sec->n_fields; i++)
      check_field_paths(ld, t, NULL, &sec->fields[i]);
  }
}

static const char *const vpn_types[] = {"VPN", "IPSec", "IKEv2"};

static bool build_type(loader *ld, const ynode *root, desc_type *t) {
  const ynode *sections_v = NULL;
  bool has_order = false;
  t->file = xstrdup(root->file);
  t->line = root->line;
  t->col = root->col;
  for (size_t i = 0; i < ymap_len(root); i++) {
    const ynode *k = ymap_key(root, i), *v = ymap_val(root, i);
    const char *key = k->s;
    long long ll;
    if (strcmp(key, "form") == 0) {
      if (dl_get_int(ld, v, key, &ll) && ll != 1)
        dl_lerr(ld, v, "unsupported form version %lld (this appvpn reads form 1)", ll);
    } else if (strcmp(key, "type") == 0) {
      set_str(&t->id, dl_scalar_dup(ld, v, key));
      if (t->id && !dl_valid_id(t->id))
        dl_lerr(ld, v, "type id '%s' is not a name (letters, digits, _ and -)", t->id);
    } else if (strcmp(key, "label") == 0) {
      set_str(&t->label, dl_scalar_dup(ld, v, key));
    } else if (strcmp(key, "summary") == 0) {
      set_str(&t->summary, dl_scalar_dup(ld, v, key));
    } else if (strcmp(key, "vpn_type") == 0) {
      set_str(&t->vpn_type, dl_scalar_dup(ld, v, key));
      bool ok = false;
      for (size_t j = 0; t->vpn_type && j < sizeof vpn_types / sizeof *vpn_types; j++)
        ok |= strcmp(t->vpn_type, vpn_types[j]) == 0;
      if (t->vpn_type && !ok)
        dl_lerr(ld, v, "unknown vpn_type '%s' (expected VPN, IPSec, IKEv2)", t->vpn_type);
    } else if (strcmp(key, "dict") == 0) {
      set_str(&t->dict, dl_scalar_dup(ld, v, key));
    } else if (strcmp(key, "os") == 0) {
      dl_parse_os(ld, v, &t->os, false);
    } else if (strcmp(key, "order") == 0) {
      if (dl_get_int(ld, v, key, &ll)) {
        if (ll < INT_MIN || ll > INT_MAX)
          dl_lerr(ld, v, "'order' out of range");
        else {
          t->order = (int)ll;
          has_order = true;
        }
      }
    } else if (strcmp(key, "sections") == 0) {
      sections_v = v;
    } else {
      dl_lerr(ld, k,
              "unknown key '%s' in a type (expected form, type, label, summary, vpn_type, "
              "dict, os, order, sections)",
              key);
    }
  }
  if (!has_order)
    t->order = INT_MAX; /* unordered types go last */
  if (!t->id) {
    dl_lerr(ld, root, "a type file needs 'type:' (the type id)");
    t->id = xstrdup("?");
  }
  if (!t->label)
    dl_lerr(ld, root, "type '%s' needs a label", t->id);
  if (!t->vpn_type)
    dl_lerr(ld, root, "type '%s' needs a vpn_type (VPN, IPSec or IKEv2)", t->id);
  if (!t->dict && t->vpn_type)
    t->dict = xstrdup(t->vpn_type);
  if (!sections_v) {
    dl_lerr(ld, root, "type '%s' needs sections:", t->id);
  } else if (sections_v->kind != YN_SEQ) {
    dl_lerr(ld, sections_v, "'sections' must be a list");
  } else {
    t->sections = xcalloc(sections_v->n ? sections_v->n : 1, sizeof *t->sections);
    for (size_t i = 0; i < sections_v->n; i++) {
      desc_section *sec = &t->sections[t->n_sections++];
      build_section(ld, sections_v->items[i], sec);
      for (size_t j = 0; j + 1 < t->n_sections; j++)
        if (sec->id[0] != '?' && str_eq(t->sections[j].id, sec->id)) {
          dl_lerr(ld, sections_v->items[i], "duplicate section id '%s' in type '%s'", sec->id,
                  t->id ? t->id : "?");
          break;
        }
    }
  }
  check_type(ld, t, root);
  return true;
}

static void load_library(loader *ld, const ynode *root) {
  for (size_t i = 0; i < ymap_len(root); i++) {
    const ynode *k = ymap_key(root, i), *v = ymap_val(root, i);
    long long ll;
    if (strcmp(k->s, "form") == 0) {
      if (dl_get_int(ld, v, k->s, &ll) && ll != 1)
        dl_lerr(ld, v, "unsupported form version %lld (this appvpn reads form 1)", ll);
    } else if (strcmp(k->s, "fields") == 0 || strcmp(k->s, "sections") == 0) {
      if (v->kind != YN_MAP) {
        dl_lerr(ld, v, "'%s' of the library must be a mapping of names", k->s);
        continue;
      }
      if (k->s[0] == 'f')
        ld->lib_fields = v;
      else
        ld->lib_sections = v;
    } else {
      dl_lerr(ld, k, "unknown key '%s' in _common.yaml (expected form, fields, sections)", k->s);
    }
  }
  /* Build every entry once on its own, so that an entry no type uses is
   * checked too. Paths are checked per type, where they mean something. */
  desc_set *tmp = xcalloc(1, sizeof *tmp);
  desc_type *t = tmp->types = xcalloc(1, sizeof *tmp->types);
  tmp->n_types = 1;
  t->sections = xcalloc(1 + ymap_len(ld->lib_sections), sizeof *t->sections);
  desc_section *all = &t->sections[t->n_sections++];
  all->fields = xcalloc(ymap_len(ld->lib_fields) + 1, sizeof *all->fields);
  for (size_t i = 0; i < ymap_len(ld->lib_fields); i++)
    dl_build_field(ld, ymap_val(ld->lib_fields, i), NULL, &all->fields[all->n_fields++], 0);
  for (size_t i = 0; i < ymap_len(ld->lib_sections); i++)
    build_section(ld, ymap_val(ld->lib_sections, i), &t->sections[t->n_sections++]);
  desc_set_free(tmp);
}

/* ---- entry points ------------------------------------------------------------- */

static int type_cmp(const void *a, const void *b) {
  const desc_type *x = a, *y = b;
  if (x->order != y->order)
    return x->order < y->order ? -1 : 1;
  return strcmp(x->id, y->id);
}

static void fill_type_choices(desc_set *set, desc_field *fs, size_t n) {
  for (size_t i = 0; i < n; i++) {
    desc_field *f = &fs[i];
    if (f->choices_from && strcmp(f->choices_from, "types") == 0) {
      for (size_t j = 0; j < f->n_choices; j++) {
        free(f->choices[j].value);
        free(f->choices[j].label);
        free(f->choices[j].profile);
        free(f->choices[j].help);
      }
      free(f->choices);
      f->choices = xcalloc(set->n_types ? set->n_types : 1, sizeof *f->choices);
      f->n_choices = set->n_types;
      for (size_t t = 0; t < set->n_types; t++) {
        f->choices[t].value = xstrdup(set->types[t].id);
        f->choices[t].label = xstrdup(set->types[t].label ? set->types[t].label : set->types[t].id);
        if (set->types[t].summary)
          f->choices[t].help = xstrdup(set->types[t].summary);
      }
    }
    fill_type_choices(set, f->fields, f->n_fields);
  }
}

static const char *base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

desc_set *desc_load_sources(const desc_source *src, size_t n, diag_list *diags) {
  loader ld = {0};
  ld.diags = diags;
  size_t errors_before = diag_count(diags, DIAG_ERROR);
  ynode **roots = xcalloc(n ? n : 1, sizeof *roots);
  desc_set *set = xcalloc(1, sizeof *set);
  set->types = xcalloc(n ? n : 1, sizeof *set->types);

  for (size_t i = 0; i < n; i++)
    roots[i] = dl_parse_yaml(&ld, src[i].name, src[i].text, src[i].len);
  /* The library first, whatever order the files came in. */
  bool have_lib = false;
  for (size_t i = 0; i < n; i++)
    if (roots[i] && strcmp(base_name(src[i].name), "_common.yaml") == 0) {
      if (have_lib)
        dl_lerr(&ld, roots[i], "a second _common.yaml");
      else
        load_library(&ld, roots[i]);
      have_lib = true;
    }
  for (size_t i = 0; i < n; i++) {
    if (!roots[i] || strcmp(base_name(src[i].name), "_common.yaml") == 0)
      continue;
    desc_type *t = &set->types[set->n_types++];
    build_type(&ld, roots[i], t);
    for (size_t j = 0; j + 1 < set->n_types; j++)
      if (strcmp(set->types[j].id, t->id) == 0) {
        dl_lerr(&ld, roots[i], "duplicate type '%s' (also in %s)", t->id, set->types[j].file);
        break;
      }
  }
  if (set->n_types == 0 && diag_count(diags, DIAG_ERROR) == errors_before)
    diag_addc(diags, DIAG_ERROR, DC_FORMS, NULL, 0, 0, NULL,
              "no connection types (no forms/*.yaml besides _common.yaml)");

  qsort(set->types, set->n_types, sizeof *set->types, type_cmp);
  for (size_t t = 0; t < set->n_types; t++)
    for (size_t s = 0; s < set->types[t].n_sections; s++)
      fill_type_choices(set, set->types[t].sections[s].fields, set->types[t].sections[s].n_fields);

  for (size_t i = 0; i < n; i++)
    dl_ynode_free(roots[i]);
  free(roots);
  free(ld.conds);
  if (diag_count(diags, DIAG_ERROR) > errors_before) {
    desc_set_free(set);
    return NULL;
  }
  return set;
}

desc_set *desc_load_embedded(diag_list *diags) {
  /* The build compiled forms/ into a blob (appvpn_formc): reading it is much
   * cheaper than parsing the YAML at every start. */
  size_t len = 0;
  const unsigned char *blob = desc_blob_embedded(&len);
  return desc_blob_read(blob, len, diags);
}

static int str_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A regular file's bytes (NULL with errno set otherwise: EINVAL for a
 * FIFO, a device or anything else that is not a regular file, EFBIG past
 * DESC_MAX_FILE). O_NONBLOCK: opening a FIFO without a writer must not hang. */
static char *read_file(const char *path, size_t *len) {
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
  if (fd < 0)
    return NULL;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    errno = EINVAL;
    return NULL;
  }
  strbuf b = STRBUF_INIT;
  char buf[8192];
  ssize_t got;
  while ((got = read(fd, buf, sizeof buf)) != 0) {
    if (got < 0) {
      if (errno == EINTR)
        continue;
      break;
    }
    if (b.len + (size_t)got > DESC_MAX_FILE) {
      errno = EFBIG;
      got = -1;
      break;
    }
    strbuf_putn(&b, buf, (size_t)got);
  }
  int saved = errno;
  close(fd);
  *len = b.len;
  if (got < 0) {
    strbuf_free(&b);
    errno = saved;
    return NULL;
  }
  return strbuf_take(&b);
}

desc_set *desc_load_dir(const char *dir, diag_list *diags) {
  DIR *d = opendir(dir);
  if (!d) {
    diag_addc(diags, DIAG_ERROR, DC_FORMS, dir, 0, 0, NULL, "cannot open the forms directory: %s",
              strerror(errno));
    return NULL;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *de;
  while ((de = readdir(d))) {
    size_t len = strlen(de->d_name);
    if (len <= 5 || strcmp(de->d_name + len - 5, ".yaml") != 0 || de->d_name[0] == '.')
      continue;
    if (n == cap) {
      cap = cap ? 2 * cap : 16;
      names = xrealloc(names, cap * sizeof *names);
    }
    names[n++] = xasprintf("%s/%s", dir, de->d_name);
  }
  closedir(d);
  if (n)
    qsort(names, n, sizeof *names, str_cmp);

  desc_source *src = xcalloc(n ? n : 1, sizeof *src);
  char **texts = xcalloc(n ? n : 1, sizeof *texts);
  size_t k = 0;
  bool io_error = false;
  for (size_t i = 0; i < n; i++) {
    size_t len = 0;
    texts[i] = read_file(names[i], &len);
    if (!texts[i]) {
      diag_addc(diags, DIAG_ERROR, DC_FORMS, names[i], 0, 0, NULL, "cannot read: %s",
                errno == EINVAL ? "not a regular file"
                : errno == EFBIG
                    ? "larger than the limit for a descriptor file (" DESC_MAX_FILE_TEXT ")"
                    : strerror(errno));
      io_error = true;
      continue;
    }
    src[k].name = names[i];
    src[k].text = texts[i];
    src[k].len = len;
    k++;
  }
  desc_set *set = NULL;
  if (!io_error) {
    if (k == 0)
      diag_addc(diags, DIAG_ERROR, DC_FORMS, dir, 0, 0, NULL,
                "no descriptors (*.yaml) in this directory");
    else
      set = desc_load_sources(src, k, diags);
  }
  for (size_t i = 0; i < n; i++) {
    free(names[i]);
    free(texts[i]);
  }
  free(names);
  free(texts);
  free(src);
  return set;
}

desc_set *desc_load_default(diag_list *diags) {
  const char *dir = getenv("APPVPN_FORMS_DIR");
  if (dir && *dir)
    return desc_load_dir(dir, diags);
  return desc_load_embedded(diags);
}
