/* The model's one write path: model_set and the paths it resolves (records
 * by index, list items, map keys, groups), with the identity it keeps in
 * step (names, identifiers, UUIDs) for `new`, the editor, clone and import.
 * Values are typed by core/model_convert.c like a loaded file's. */
#include "core/model_int.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/kinds.h"
#include "core/uuid.h"
#include "core/vars.h"

/* ---- paths and setting values ------------------------------------------------ */

typedef struct seg {
  char *name;
  bool indexed;
  size_t index;
} seg;

static void segs_free(seg *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(s[i].name);
  free(s);
}

/* "a.b[1].c" -> {a}, {b,[1]}, {c}. NULL when malformed. */
static seg *path_split(const char *path, size_t *n_out) {
  seg *segs = NULL;
  size_t n = 0;
  const char *p = path;
  if (!path || !*path)
    return NULL;
  for (;;) {
    const char *end = p;
    while (*end && *end != '.' && *end != '[')
      end++;
    if (end == p)
      goto bad;
    segs = xrealloc(segs, (n + 1) * sizeof *segs);
    seg *s = &segs[n++];
    s->name = xstrndup(p, (size_t)(end - p));
    s->indexed = false;
    s->index = 0;
    if (*end == '[') {
      const char *q = end + 1;
      if (*q < '0' || *q > '9')
        goto bad;
      char *close;
      errno = 0;
      unsigned long long idx = strtoull(q, &close, 10);
      if (*close != ']' || errno || idx > 1000000)
        goto bad;
      s->indexed = true;
      s->index = (size_t)idx;
      end = close + 1;
    }
    if (!*end)
      break;
    if (*end != '.')
      goto bad;
    p = end + 1;
  }
  *n_out = n;
  return segs;
bad:
  segs_free(segs, n);
  return NULL;
}

/* Field for an id among the top-level fields (rf == NULL) or a record's. */
static const desc_field *find_in(const config *c, const desc_field *rf, const char *id) {
  return rf ? record_child(rf, id) : desc_type_find_field(c->type, id);
}

/* "custom_data.Realm": a key inside a map field. Returns the map field and
 * sets *key to where the key starts in id, or NULL. */
static const desc_field *find_map_key(const config *c, const desc_field *rf, const char *id,
                                      const char **key) {
  for (const char *dot = strrchr(id, '.'); dot;) {
    char *prefix = xstrndup(id, (size_t)(dot - id));
    const desc_field *f = find_in(c, rf, prefix);
    free(prefix);
    if (f && kind_of(f)->shape == KSHAPE_MAP) {
      *key = dot + 1;
      return f;
    }
    if (dot == id)
      break;
    const char *p = dot - 1;
    while (p > id && *p != '.')
      p--;
    dot = *p == '.' ? p : NULL;
  }
  return NULL;
}

const desc_field *model_field_for_path(const config *c, const char *path) {
  if (!c || !c->type)
    return NULL;
  size_t n;
  seg *segs = path_split(path, &n);
  if (!segs)
    return NULL;
  const desc_field *rf = NULL, *found = NULL;
  strbuf acc = STRBUF_INIT;
  for (size_t i = 0; i < n; i++) {
    if (acc.len)
      strbuf_putc(&acc, '.');
    strbuf_puts(&acc, segs[i].name);
    bool last = i + 1 == n;
    if (!segs[i].indexed && !last)
      continue;
    const desc_field *f = find_in(c, rf, strbuf_str(&acc));
    const char *key;
    if (!f && last && !segs[i].indexed)
      f = find_map_key(c, rf, strbuf_str(&acc), &key);
    if (!f)
      break;
    if (segs[i].indexed && kind_of(f)->shape != KSHAPE_RECORDS &&
        !(last && kind_of(f)->shape == KSHAPE_LIST))
      break;
    if (last) {
      found = f;
      break;
    }
    rf = f;
    strbuf_free(&acc);
  }
  strbuf_free(&acc);
  segs_free(segs, n);
  return found;
}

/* Stores v (typed) at id in container; removes the value when v is empty. */
static bool store(val *container, const desc_field *f, val *v) {
  if (val_is_empty(v)) {
    val_free(v);
    val_remove_path(container, f->id);
    return true;
  }
  return val_set_path(container, f->id, v);
}

static bool set_map_key(config *c, val *container, const desc_field *mf, const char *key, val *v,
                        const char *fpath, diag_list *diags) {
  (void)c;
  conv cv = {NULL, diags, false};
  val *map = val_get_path(container, mf->id);
  if (val_is_empty(v)) {
    val_free(v);
    if (map && map->kind == VAL_MAP) {
      val_map_remove(map, key);
      if (map->u.map.n == 0)
        val_remove_path(container, mf->id);
    }
    return true;
  }
  char *kwhy = text_problem(key, TEXT_LINE);
  if (kwhy) {
    diag_addc(diags, DIAG_ERROR, text_problem_code(key, strlen(key), TEXT_LINE), NULL, 0, 0, fpath,
              "the key: %s", kwhy);
    free(kwhy);
    val_free(v);
    return false;
  }
  /* One key's text (`set custom_data.Port=443`, an editor entry) stays text;
   * typed values come as such (a flow list or map, a value of the model's). */
  if (v->kind == VAL_STR)
    v->plain = false;
  if (!model_convert_data(&cv, &v, fpath, 0)) {
    val_free(v);
    return false;
  }
  if (!map || map->kind == VAL_NULL) {
    map = val_new_map();
    if (!val_set_path(container, mf->id, map)) {
      diag_addc(diags, DIAG_ERROR, DC_WRONG_TYPE, NULL, 0, 0, fpath,
                "cannot set '%s': a value in the way is not key: value lines", fpath);
      val_free(v);
      return false;
    }
  }
  if (map->kind != VAL_MAP) {
    diag_addc(diags, DIAG_ERROR, DC_WRONG_TYPE, NULL, 0, 0, fpath,
              "'%s' holds %s, not key: value pairs", fpath, shape_name(map));
    val_free(v);
    return false;
  }
  val_map_set(map, key, v);
  return true;
}

/* What model_set created on its way down, undone when it fails, so a refused
 * "rules[2].action=bogus" does not leave an empty rule behind. */
typedef struct set_undo {
  val *container;
  const desc_field *f;
  val *list;
  bool list_made, rec_made;
} set_undo;

static void set_undo_push(set_undo **u, size_t *n, val *container, const desc_field *f, val *list,
                          bool list_made, bool rec_made) {
  if (*n && (*u)[*n - 1].list == list) {
    (*u)[*n - 1].rec_made |= rec_made;
    return;
  }
  *u = xrealloc(*u, (*n + 1) * sizeof **u);
  (*u)[(*n)++] = (set_undo){container, f, list, list_made, rec_made};
}

static void set_undo_run(set_undo *u, size_t n) {
  while (n--) {
    val *list = u[n].list;
    if (u[n].rec_made && list->u.list.n) {
      val *last = list->u.list.v[list->u.list.n - 1];
      if (last->kind == VAL_MAP && last->u.map.n == 0)
        val_free(val_list_take(list, list->u.list.n - 1));
    }
    if (u[n].list_made && list->u.list.n == 0)
      val_remove_path(u[n].container, u[n].f->id);
  }
}

/* ---- identity: names, identifiers, UUIDs ------------------------------------ */

char *model_slug(const char *name) {
  strbuf b = STRBUF_INIT;
  bool dash = false;
  for (const unsigned char *p = (const unsigned char *)(name ? name : ""); *p; p++) {
    if (*p < 0x80 &&
        ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))) {
      if (dash && b.len)
        strbuf_putc(&b, '-');
      dash = false;
      strbuf_putc(&b, (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p));
    } else {
      dash = true;
    }
  }
  if (!b.len)
    strbuf_puts(&b, "vpn");
  return strbuf_take(&b);
}

char *model_identifier_for(const char *name) {
  char *s = model_slug(name);
  char *id = xasprintf("com.example.vpn.%s", s);
  free(s);
  return id;
}

static const char *const uuid_paths[] = {"uuid.profile", "uuid.payload", "uuid.vpn",
                                         "uuid.credential"};

bool model_new_uuids(config *c, bool replace, diag_list *diags) {
  for (size_t i = 0; i < sizeof uuid_paths / sizeof *uuid_paths; i++) {
    if (!model_field_for_path(c, uuid_paths[i]))
      continue;
    if (!replace && !val_is_empty(val_get_path(c->root, uuid_paths[i])))
      continue;
    char u[UUID_STR_LEN];
    if (!uuid_make_v4(u)) {
      diag_addc(diags, DIAG_ERROR, DC_INTERNAL, NULL, 0, 0, NULL,
                "cannot make UUIDs: no random bytes from the system");
      return false;
    }
    if (!model_set(c, uuid_paths[i], val_new_str(u), diags))
      return false;
  }
  return true;
}

bool model_init_new(config *c, const char *default_name, diag_list *diags) {
  if (!model_new_uuids(c, false, diags))
    return false;
  if (default_name && val_is_empty(val_get_path(c->root, "name")) &&
      !model_set(c, "name", val_new_str(default_name), diags))
    return false;
  return true;
}

bool model_make_clone(config *c, diag_list *diags) {
  const val *id = val_get_path(c->root, "identifier");
  char *new_id = id && id->kind == VAL_STR && *id->u.str ? xasprintf("%s.copy", id->u.str) : NULL;
  const val *nm = val_get_path(c->root, "name");
  char *name =
      xasprintf("%s (copy)", nm && nm->kind == VAL_STR && *nm->u.str ? nm->u.str : "configuration");
  bool ok = model_new_uuids(c, true, diags) &&
            model_set(c, "name", val_new_str_take(name), diags) &&
            (!new_id || model_set(c, "identifier", val_new_str(new_id), diags));
  free(new_id);
  return ok;
}

/* After `name` changed from old_name: an identifier that was derived from the
 * old name (or is empty) follows the new one; one typed by hand stays. */
static void follow_name(config *c, const char *old_name) {
  const val *nm = val_get_path(c->root, "name");
  if (!nm || nm->kind != VAL_STR || !*nm->u.str || !model_field_for_path(c, "identifier"))
    return;
  const val *id = val_get_path(c->root, "identifier");
  char *was = model_identifier_for(old_name);
  bool derived = val_is_empty(id) || (id->kind == VAL_STR && !strcmp(id->u.str, was));
  free(was);
  if (derived)
    val_set_path(c->root, "identifier", val_new_str_take(model_identifier_for(nm->u.str)));
}

static bool model_set_value(config *c, const char *path, val *v, diag_list *diags);

bool model_is_group(const config *c, const char *path) {
  if (!c || !c->type || !path || !*path || strchr(path, '[') || model_field_for_path(c, path))
    return false;
  size_t n = strlen(path);
  for (size_t s = 0; s < c->type->n_sections; s++)
    for (size_t i = 0; i < c->type->sections[s].n_fields; i++) {
      const char *id = c->type->sections[s].fields[i].id;
      if (!strncmp(id, path, n) && id[n] == '.')
        return true;
    }
  return false;
}

/* A whole group ("proxy", "on_demand", "credential"): nothing unsets it; a
 * map replaces it, each key stored through model_set as if the map stood in
 * the file. All or nothing: on any error the configuration is as before. */
static bool set_group(config *c, const char *path, val *v, diag_list *diags) {
  if (v->kind == VAL_MAP && v->u.map.n == 0) {
    val_free(v);
    v = val_new_null();
  }
  if (val_is_empty(v)) {
    val_free(v);
    val_remove_path(c->root, path);
    return true;
  }
  if (v->kind != VAL_MAP) {
    diag_add(diags, DIAG_ERROR, NULL, 0, 0, path,
             "'%s' is a group of settings: give it as a map ('%s={key: value, ...}') or "
             "nothing to remove it",
             path, path);
    val_free(v);
    return false;
  }
  val *saved = val_clone(c->root);
  val_remove_path(c->root, path);
  bool ok = true;
  while (v->u.map.n) {
    char *key = xstrdup(v->u.map.k[0]);
    val *item = val_map_take(v, key);
    char *sub = xasprintf("%s.%s", path, key);
    if (!model_field_for_path(c, sub) && !model_is_group(c, sub)) {
      diag_add(diags, DIAG_ERROR, NULL, 0, 0, sub, "'%s' is not a setting of %s", sub,
               type_label(c));
      val_free(item);
      ok = false;
    } else if (!model_set(c, sub, item, diags)) {
      ok = false;
    }
    free(sub);
    free(key);
  }
  val_free(v);
  if (ok) {
    val_free(saved);
  } else {
    val_free(c->root);
    c->root = saved;
  }
  return ok;
}

bool model_set(config *c, const char *path, val *v, diag_list *diags) {
  if (c && v && model_is_group(c, path))
    return set_group(c, path, v, diags);
  if (!c || !path || strcmp(path, "name") != 0)
    return model_set_value(c, path, v, diags);
  const val *old = val_get_path(c->root, "name");
  char *old_name = old && old->kind == VAL_STR ? xstrdup(old->u.str) : NULL;
  bool ok = model_set_value(c, path, v, diags);
  if (ok)
    follow_name(c, old_name);
  free(old_name);
  return ok;
}

static bool model_set_value(config *c, const char *path, val *v, diag_list *diags) {
  bool ok = false;
  set_undo *undo = NULL;
  size_t n_undo = 0;
  size_t n = 0;
  seg *segs = NULL;
  strbuf acc = STRBUF_INIT;
  conv cv = {NULL, diags, false};
  if (!c || !v) {
    val_free(v);
    return false;
  }
  /* `type` switches the descriptor even when a form shows it as a field. */
  if (path && (strcmp(path, "type") == 0 || strcmp(path, "format") == 0)) {
    if (strcmp(path, "format") == 0) {
      diag_addc(diags, DIAG_ERROR, DC_READ_ONLY, NULL, 0, 0, path,
                "'format' is written by appvpn; it cannot be set");
      goto out;
    }
    const desc_type *t = v->kind == VAL_STR ? desc_set_find(c->set, v->u.str) : NULL;
    if (!t) {
      char *ids = model_known_types(c->set);
      char *txt = val_scalar_text(v);
      diag_addc(diags, DIAG_ERROR, DC_UNKNOWN_TYPE, NULL, 0, 0, "type",
                "unknown type '%s' (known types: %s)", txt ? txt : shape_name(v), ids);
      free(txt);
      free(ids);
      goto out;
    }
    config_set_type(c, t);
    ok = true;
    goto out;
  }
  if (!c->type) {
    diag_addc(diags, DIAG_ERROR, DC_TYPE_MISSING, NULL, 0, 0, path,
              "set the connection type first");
    goto out;
  }
  segs = path_split(path, &n);
  if (!segs) {
    diag_addc(diags, DIAG_ERROR, DC_UNKNOWN_KEY, NULL, 0, 0, NULL,
              "'%s' is not a valid setting path", path ? path : "");
    goto out;
  }
  val *container = c->root;
  const desc_field *rf = NULL;
  strbuf where = STRBUF_INIT; /* concrete path so far, for messages */
  for (size_t i = 0; i < n; i++) {
    if (acc.len)
      strbuf_putc(&acc, '.');
    strbuf_puts(&acc, segs[i].name);
    bool last = i + 1 == n;
    if (!segs[i].indexed && !last)
      continue;
    const desc_field *f = find_in(c, rf, strbuf_str(&acc));
    char *fpath = join_path(strbuf_str(&where), strbuf_str(&acc));
    const char *key = NULL;
    const desc_field *mf =
        !f && last && !segs[i].indexed ? find_map_key(c, rf, strbuf_str(&acc), &key) : NULL;
    if (mf) {
      /* One key of a key/value map: text, or removed when empty. */
      ok = set_map_key(c, container, mf, key, v, fpath, diags);
      v = NULL;
      free(fpath);
      strbuf_free(&where);
      goto out;
    }
    if (!f) {
      diag_addc(diags, DIAG_ERROR, DC_UNKNOWN_KEY, NULL, 0, 0, fpath, "'%s' is not a setting of %s",
                fpath, type_label(c));
      free(fpath);
      strbuf_free(&where);
      goto out;
    }
    if (!segs[i].indexed) { /* last: the whole value */
      val *slot_holder = val_new_map();
      val_map_set(slot_holder, "v", v);
      v = NULL;
      bool good = val_is_empty(slot_holder->u.map.v[0]) ||
                  model_convert_value(&cv, f, &slot_holder->u.map.v[0], fpath);
      val *typed = val_map_take(slot_holder, "v");
      val_free(slot_holder);
      if (good && !store(container, f, typed)) {
        diag_addc(diags, DIAG_ERROR, DC_WRONG_TYPE, NULL, 0, 0, fpath,
                  "cannot set '%s': a value in the way is not key: value lines", fpath);
      } else if (!good) {
        val_free(typed);
      } else {
        ok = true;
      }
      free(fpath);
      strbuf_free(&where);
      goto out;
    }
    /* An indexed step: a record (or, last, a list item). */
    if (kind_of(f)->shape != KSHAPE_RECORDS && !(last && kind_of(f)->shape == KSHAPE_LIST)) {
      diag_addc(diags, DIAG_ERROR, DC_WRONG_TYPE, NULL, 0, 0, fpath, "'%s' is not a list", fpath);
      free(fpath);
      strbuf_free(&where);
      goto out;
    }
    val *list = val_get_path(container, f->id);
    if (list && list->kind == VAL_NULL) {
      val_remove_path(container, f->id);
      list = NULL;
    }
    if (!list) {
      list = val_new_list();
      if (!val_set_path(container, f->id, list)) {
        diag_addc(diags, DIAG_ERROR, DC_WRONG_TYPE, NULL, 0, 0, fpath,
                  "cannot set '%s': a value in the way is not key: value lines", fpath);
        free(fpath);
        strbuf_free(&where);
        goto out;
      }
      set_undo_push(&undo, &n_undo, container, f, list, true, false);
    }
    if (list->kind != VAL_LIST) {
      diag_addc(diags, DIAG_ERROR, DC_WRONG_TYPE, NULL, 0, 0, fpath, "'%s' holds %s, not a list",
                fpath, shape_name(list));
      free(fpath);
      strbuf_free(&where);
      goto out;
    }
    size_t idx = segs[i].index, count = list->u.list.n;
    char *ipath = xasprintf("%s[%zu]", fpath, idx);
    free(fpath);
    /* Index == count appends: "rules[2].action" on two rules adds a third. */
    if (idx > count || (idx == count && last && v->kind == VAL_NULL)) {
      diag_addc(diags, DIAG_ERROR, DC_UNKNOWN_KEY, NULL, 0, 0, ipath,
                "'%s' does not exist (%zu item%s)", ipath, count, count == 1 ? "" : "s");
      free(ipath);
      strbuf_free(&where);
      goto out;
    }
    if (last) {
      if (v->kind == VAL_NULL) { /* removes the item */
        val_free(val_list_take(list, idx));
        if (list->u.list.n == 0)
          val_remove_path(container, f->id);
        ok = true;
      } else {
        /* Type the item through a one-item list of the field's kind (its
         * text checked here, so a message names the item's own path). */
        if (!model_clean_text(&cv, v, ipath, TEXT_LINE)) {
          free(ipath);
          strbuf_free(&where);
          goto out;
        }
        val *one = val_new_list();
        val_list_append(one, v);
        v = NULL;
        bool good = model_convert_value(&cv, f, &one, ipath);
        if (good) {
          val *item = val_list_take(one, 0);
          if (idx == count)
            val_list_append(list, item);
          else {
            val_free(list->u.list.v[idx]);
            list->u.list.v[idx] = item;
          }
          ok = true;
        }
        val_free(one);
      }
      free(ipath);
      strbuf_free(&where);
      goto out;
    }
    if (idx == count) {
      val_list_append(list, val_new_map());
      set_undo_push(&undo, &n_undo, container, f, list, false, true);
    }
    val *rec = list->u.list.v[idx];
    if (rec->kind != VAL_MAP) {
      diag_addc(diags, DIAG_ERROR, DC_WRONG_TYPE, NULL, 0, 0, ipath, "'%s' holds %s, not an entry",
                ipath, shape_name(rec));
      free(ipath);
      strbuf_free(&where);
      goto out;
    }
    container = rec;
    rf = f;
    strbuf_free(&where);
    strbuf_puts(&where, ipath);
    free(ipath);
    strbuf_free(&acc);
  }
  strbuf_free(&where);
out:
  if (!ok)
    set_undo_run(undo, n_undo);
  free(undo);
  strbuf_free(&acc);
  segs_free(segs, n);
  val_free(v);
  return ok;
}
