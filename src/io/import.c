/* Profile import: the descriptors' profile mapping read backwards.
 *
 * Every field with profile keys takes the value found at its first key that
 * is present (choices by their profile spelling, profile_value templates
 * matched back, records from arrays of dictionaries). A key is taken once:
 * the dictionary-valued fields (custom data → VendorConfig) run last and get
 * only what no other field claimed. What no field claims is reported. The
 * switches no profile key carries (proxy.setup, slicing.enabled, …) are set
 * from the show: conditions of the fields that were found.
 */
#include "io/import.h"

#include <plist/plist.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/text.h"
#include "core/util.h"
#include "core/uuid.h"
#include "core/vars.h"
#include "io/config_io.h"
#include "io/export.h"
#include "io/import_int.h"
#include "io/kinds_io.h"
#include "io/plist_util.h"

void im_warn(importer *im, const char *field, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  diag_addv(im->diags, DIAG_WARNING, im->name, 0, 0, field, fmt, ap);
  va_end(ap);
}

bool im_is_taken(const importer *im, plist_t n) {
  for (size_t i = 0; i < im->n_taken; i++)
    if (im->taken[i] == n)
      return true;
  return false;
}

void im_take(importer *im, plist_t n) {
  if (!n || im_is_taken(im, n))
    return;
  if (im->n_taken == im->cap_taken) {
    im->cap_taken = im->cap_taken ? im->cap_taken * 2 : 64;
    im->taken = xrealloc(im->taken, im->cap_taken * sizeof *im->taken);
  }
  im->taken[im->n_taken++] = n;
}

void im_found(importer *im, val *record, const desc_field *f) {
  if (im->n_found == im->cap_found) {
    im->cap_found = im->cap_found ? im->cap_found * 2 : 32;
    im->found = xrealloc(im->found, im->cap_found * sizeof *im->found);
    im->found_f = xrealloc(im->found_f, im->cap_found * sizeof *im->found_f);
  }
  im->found[im->n_found] = record;
  im->found_f[im->n_found++] = f;
}

/* ---- switches: what reveals the imported fields ---------------------------- */

typedef struct reveal {
  importer *im;
  val *record;
  bool changed;
} reveal;

static void reveal_one(void *ud, const char *path, bool rooted, const char *literal) {
  reveal *r = ud;
  val *target = r->record && !rooted ? r->record : r->im->cfg->root;
  if (val_get_path(target, path))
    return; /* already set: the profile said */
  if (target == r->im->cfg->root) {
    val *v = val_new_str(literal ? literal : "true");
    v->plain = true; /* converted to the field's kind */
    if (model_set(r->im->cfg, path, v, r->im->diags))
      r->changed = true;
  } else {
    val_set_path(target, path, literal ? val_new_str(literal) : val_new_bool(true));
    r->changed = true;
  }
}

static void set_switches(importer *im) {
  const desc_type *t = im->cfg->type;
  for (int round = 0; round < 4; round++) {
    reveal r = {im, NULL, false};
    for (size_t i = 0; i < im->n_found; i++) {
      r.record = im->found[i];
      expr_requirements(im->found_f[i]->show, reveal_one, &r);
    }
    for (size_t s = 0; s < t->n_sections; s++) {
      bool any = false;
      for (size_t i = 0; i < im->n_found && !any; i++)
        for (size_t k = 0; k < t->sections[s].n_fields && !any; k++)
          any = im->found_f[i] == &t->sections[s].fields[k];
      r.record = NULL;
      if (any)
        expr_requirements(t->sections[s].show, reveal_one, &r);
    }
    if (!r.changed)
      break;
  }
}

/* ---- type, leftovers, entry point -------------------------------------------- */

/* The connection type of a payload: VPNType, then the VPN subtype a vendor's
 * descriptor names (default or well-known alternative); a VPN subtype no
 * vendor claims is the catch-all type whose subtype has no default. */
/* Another MDM's variables in v read back as ${name}. */
static void from_dialect(val *v, vars_dialect d) {
  if (v->kind == VAL_STR) {
    if (strchr(v->u.str, '$') || strchr(v->u.str, '{'))
      val_str_set_take(v, vars_from_dialect(v->u.str, d, NULL));
  } else if (v->kind == VAL_LIST || v->kind == VAL_MAP) {
    size_t n = v->kind == VAL_LIST ? v->u.list.n : v->u.map.n;
    for (size_t i = 0; i < n; i++)
      from_dialect(v->kind == VAL_LIST ? v->u.list.v[i] : v->u.map.v[i], d);
  }
}

/* What the profile gave, stored again through model_set (the one write path
 * every change takes): a value the model refuses (wrong shape, text a
 * configuration cannot hold) is named in a warning and left out. */
static void replay(importer *im) {
  config *built = im->cfg;
  im->cfg = config_new(built->set, built->type);
  im->cfg->path = built->path;
  built->path = NULL;
  for (size_t s = 0; s < built->type->n_sections; s++) {
    const desc_section *sec = &built->type->sections[s];
    for (size_t i = 0; i < sec->n_fields; i++) {
      const desc_field *f = &sec->fields[i];
      const val *v = val_get_path(built->root, f->id);
      if (!v)
        continue;
      diag_list d = DIAG_LIST_INIT;
      val *nv = val_clone(v);
      if (im->opts && im->opts->translate)
        from_dialect(nv, im->opts->dialect);
      if (!model_set(im->cfg, f->id, nv, &d))
        for (size_t k = 0; k < d.n; k++)
          im_warn(im, f->id, "not imported: %s", d.items[k].msg);
      diag_list_free(&d);
      /* A value the other settings hide is not saved: name its key now. */
      model_ctx top = {im->cfg, NULL, NULL};
      if (f->n_profile && val_get_path(im->cfg->root, f->id) && !model_field_visible(&top, f)) {
        const char *kp = f->profile[0];
        char *shown = str_starts(kp, "$dict.") && im->cfg->type->dict
                          ? xasprintf("%s.%s", im->cfg->type->dict, kp + strlen("$dict."))
                          : xstrdup(str_starts(kp, "@profile.") ? kp + strlen("@profile.") : kp);
        const char *why = f->show ? expr_source(f->show) : NULL;
        im_warn(im, f->id, "%s: not kept: %s is used only when %s", shown, f->id,
                why ? why : "other settings show it");
        free(shown);
        val_remove_path(im->cfg->root, f->id);
      }
    }
  }
  config_free(built);
}

static const desc_type *detect_type(const importer *im) {
  const char *vt = im_str_of(plist_dict_get_item(im->payload, "VPNType"));
  const char *sub = im_str_of(plist_dict_get_item(im->payload, "VPNSubType"));
  const desc_type *only = NULL, *catch_all = NULL;
  size_t n_same = 0;
  for (size_t i = 0; vt && i < im->set->n_types; i++) {
    const desc_type *t = &im->set->types[i];
    if (!str_eq(t->vpn_type, vt))
      continue;
    n_same++;
    only = t;
    const desc_field *sf = desc_type_find_field(t, "subtype");
    if (!sf)
      continue;
    if (!sf->def)
      catch_all = t;
    else if (sub && sf->def->kind == VAL_STR && !strcmp(sf->def->u.str, sub))
      return t;
    for (size_t k = 0; sub && k < sf->n_suggestions; k++)
      if (!strcmp(sf->suggestions[k], sub))
        return t;
  }
  if (n_same == 1)
    return only;
  return catch_all;
}

static bool structural(const char *key) {
  static const char *const keys[] = {"PayloadType", "PayloadVersion", "PayloadIdentifier",
                                     "PayloadUUID", "PayloadContent", "VPNType"};
  for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
    if (!strcmp(key, keys[i]))
      return true;
  return false;
}

static void report_left(importer *im, plist_t dict, const char *prefix) {
  plist_dict_iter it = NULL;
  plist_dict_new_iter(dict, &it);
  for (;;) {
    char *key = NULL;
    plist_t item = NULL;
    plist_dict_next_item(dict, it, &key, &item);
    if (!key)
      break;
    char *path = prefix ? xasprintf("%s.%s", prefix, key) : xstrdup(key);
    if (!(prefix == NULL && structural(key)) && !im_is_taken(im, item)) {
      if (plist_get_node_type(item) == PLIST_DICT && plist_dict_get_size(item) == 0)
        im_warn(im, NULL, "%s: an empty dictionary; not kept", path);
      else if (plist_get_node_type(item) == PLIST_DICT)
        report_left(im, item, path);
      else
        im_warn(im, NULL, "%s: appvpn has no setting for this key; not imported", path);
    }
    free(path);
    free(key);
  }
  free(it);
}

/* A plist scalar as a configuration value (NULL for containers and data). */
static val *scalar_val(plist_t n) {
  switch (plist_get_node_type(n)) {
  case PLIST_STRING:
  case PLIST_BOOLEAN:
  case PLIST_UINT:
  case PLIST_REAL: {
    const char *why = NULL;
    return im_data_val(n, 0, &why);
  }
  default: return NULL;
  }
}

/* Keys of `made` (what export writes) that `orig` lacks, as absent.PREFIX.KEY
 * = the value (dictionaries compared down, arrays not). */
static void collect_absent(val *absent, plist_t orig, plist_t made, const char *prefix) {
  plist_dict_iter it = NULL;
  plist_dict_new_iter(made, &it);
  for (;;) {
    char *key = NULL;
    plist_t item = NULL;
    plist_dict_next_item(made, it, &key, &item);
    if (!key)
      break;
    char *path = *prefix ? xasprintf("%s.%s", prefix, key) : xstrdup(key);
    plist_t o = orig ? plist_dict_get_item(orig, key) : NULL;
    if (!o) {
      val *v = scalar_val(item);
      if (v)
        val_map_set(absent, path, v);
    } else if (plist_get_node_type(o) == PLIST_DICT && plist_get_node_type(item) == PLIST_DICT) {
      collect_absent(absent, o, item, path);
    }
    free(path);
    free(key);
  }
  free(it);
}

/* Keys export would add that the profile did not have (defaults, names
 * derived from other settings) are recorded in `absent`, so that export
 * leaves them out while they keep that value. */
static void note_absent(importer *im) {
  export_opts eo = {.format = EXPORT_XML, .draft = true, .mask_secrets = true};
  diag_list d = DIAG_LIST_INIT;
  char *bytes = NULL;
  size_t len = 0;
  plist_t made = NULL;
  if (!export_profile(im->cfg, &eo, &bytes, &len, &d) || len >= UINT32_MAX)
    goto out;
  plist_from_xml(bytes, (uint32_t)len, &made);
  if (!made)
    goto out;
  val *absent = val_new_map();
  plist_t content = plist_dict_get_item(made, "PayloadContent");
  for (uint32_t i = 0; content && i < plist_array_get_size(content); i++) {
    plist_t p = plist_array_get_item(content, i);
    const char *type = im_str_of(plist_dict_get_item(p, "PayloadType"));
    if (str_eq(type, APPLAYER)) {
      collect_absent(absent, im->payload, p, "");
    } else if (str_eq(type, PKCS12) && im->outer) {
      plist_t oc = plist_dict_get_item(im->outer, "PayloadContent");
      const char *uuid = im_str_of(plist_dict_get_item(p, "PayloadUUID"));
      for (uint32_t k = 0; oc && k < plist_array_get_size(oc); k++) {
        plist_t op = plist_array_get_item(oc, k);
        if (str_eq(im_str_of(plist_dict_get_item(op, "PayloadUUID")), uuid))
          collect_absent(absent, op, p, "@embedded");
      }
    }
  }
  if (im->outer) {
    plist_dict_remove_item(made, "PayloadContent");
    collect_absent(absent, im->outer, made, "@profile");
  }
  if (absent->u.map.n)
    val_set_path(im->cfg->root, "absent", absent);
  else
    val_free(absent);
out:
  plist_free(made);
  free(bytes);
  diag_list_free(&d);
}

config *import_profile(const desc_set *set, const char *bytes, size_t len, const char *name,
                       const import_opts *opts, diag_list *diags) {
  importer im = {.set = set, .opts = opts, .name = name, .diags = diags};
  plist_t root = NULL;
  if (!plist_check_input(bytes, len, name, diags))
    return NULL;
  root = plist_parse_any(bytes, len);
  if (!root || plist_get_node_type(root) != PLIST_DICT) {
    diag_add(diags, DIAG_ERROR, name, 0, 0, NULL,
             "not a property list profile (XML or binary .mobileconfig)");
    goto out;
  }
  if (str_eq(im_str_of(plist_dict_get_item(root, "PayloadType")), APPLAYER)) {
    im.payload = root;
  } else {
    im.outer = root;
    plist_t content = plist_dict_get_item(root, "PayloadContent");
    for (uint32_t i = 0; content && plist_get_node_type(content) == PLIST_ARRAY &&
                         i < plist_array_get_size(content);
         i++) {
      plist_t it = plist_array_get_item(content, i);
      if (str_eq(im_str_of(plist_dict_get_item(it, "PayloadType")), APPLAYER)) {
        if (im.payload) {
          diag_add(diags, DIAG_ERROR, name, 0, 0, NULL,
                   "the profile holds several per-app VPN payloads; appvpn keeps one per file");
          goto out;
        }
        im.payload = it;
      }
    }
  }
  if (!im.payload) {
    diag_add(diags, DIAG_ERROR, name, 0, 0, NULL, "no per-app VPN payload (%s) in this profile",
             APPLAYER);
    goto out;
  }
  const desc_type *t = detect_type(&im);
  if (!t) {
    const char *vt = im_str_of(plist_dict_get_item(im.payload, "VPNType"));
    diag_add(diags, DIAG_ERROR, name, 0, 0, "type", "VPNType %s is not a type appvpn edits",
             vt ? vt : "(missing)");
    goto out;
  }
  im.cfg = config_new(set, t);
  free(im.cfg->path);
  im.cfg->path = xstrdup(name);
  for (size_t s = 0; s < t->n_sections; s++)
    im_import_fields(&im, t->sections[s].fields, t->sections[s].n_fields, NULL, im.cfg->root, NULL);
  set_switches(&im);
  /* UserDefinedName and the payload's PayloadDescription equal to the
   * profile's name and description are the defaults export writes: no
   * separate vpn_name / payload_description then. */
  static const char *const same_as[][2] = {{"vpn_name", "name"},
                                           {"payload_description", "description"},
                                           {"payload_organization", "organization"},
                                           {"payload_name", "name"}};
  for (size_t i = 0; i < sizeof same_as / sizeof *same_as; i++) {
    const val *a = val_get_path(im.cfg->root, same_as[i][0]);
    const val *b = val_get_path(im.cfg->root, same_as[i][1]);
    if (a && b && a->kind == VAL_STR && b->kind == VAL_STR && !strcmp(a->u.str, b->u.str))
      val_remove_path(im.cfg->root, same_as[i][0]);
  }
  {
    const val *pid = val_get_path(im.cfg->root, "payload_identifier");
    const val *id = val_get_path(im.cfg->root, "identifier");
    if (pid && id && pid->kind == VAL_STR && id->kind == VAL_STR) {
      char *made = xasprintf("%s.vpn", id->u.str);
      if (!strcmp(made, pid->u.str))
        val_remove_path(im.cfg->root, "payload_identifier");
      free(made);
    }
  }
  /* A bare payload has no wrapper: its identifier is the payload's without
   * ".vpn", and the profile gets a new UUID (it never had one). */
  if (!im.outer) {
    const char *pid = im_str_of(plist_dict_get_item(im.payload, "PayloadIdentifier"));
    size_t pl = pid ? strlen(pid) : 0;
    if (pl > 4 && !strcmp(pid + pl - 4, ".vpn") && !val_get_path(im.cfg->root, "identifier")) {
      val_set_path(im.cfg->root, "identifier", val_new_strn(pid, pl - 4));
      val_remove_path(im.cfg->root, "payload_identifier");
    }
    char u[UUID_STR_LEN];
    if (!val_get_path(im.cfg->root, "uuid.profile") && uuid_make_v4(u)) {
      val_set_path(im.cfg->root, "uuid.profile", val_new_str(u));
      im_warn(&im, "uuid.profile",
              "a bare payload has no profile around it: made a new profile UUID");
    }
  }
  replay(&im);
  note_absent(&im);
  /* the pkcs12 payload taken by the credential, the applayer payload itself */
  im_take(&im, im.payload);
  report_left(&im, im.payload, NULL);
  if (im.outer) {
    report_left(&im, im.outer, NULL);
    plist_t content = plist_dict_get_item(im.outer, "PayloadContent");
    for (uint32_t i = 0; content && i < plist_array_get_size(content); i++) {
      plist_t it = plist_array_get_item(content, i);
      if (!im_is_taken(&im, it))
        im_warn(&im, NULL, "PayloadContent[%u]: a %s payload; not imported", i,
                im_str_of(plist_dict_get_item(it, "PayloadType"))
                    ? im_str_of(plist_dict_get_item(it, "PayloadType"))
                    : "typeless");
    }
  }
out:
  plist_free(root);
  free(im.taken);
  free(im.found);
  free(im.found_f);
  return im.cfg;
}
