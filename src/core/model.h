/* The model: one configuration in memory, bound to its descriptor.
 *
 * `root` holds every value the user has set, including values of fields that
 * are currently hidden (switching proxy.setup back to manual, or the type
 * back to a vendor, restores them for the session). What is *saved* and
 * *exported* is only what is visible: see model_each_visible().
 *
 * Paths. Descriptor field ids are relative to their parent; concrete paths
 * name one value and index records: "on_demand.rules[1].connection[0].domains".
 */
#ifndef APPVPN_CORE_MODEL_H
#define APPVPN_CORE_MODEL_H
#include <stdbool.h>
#include "core/desc.h"
#include "core/diag.h"
#include "core/value.h"

typedef struct config {
  char *path;            /* file it was loaded from / saved to (owned), may be NULL */
  val *root;             /* VAL_MAP, owned */
  const desc_set *set;   /* borrowed */
  const desc_type *type; /* borrowed; NULL when `type` is missing or unknown */
} config;

/* A new, empty configuration of `type` (root holds `format` and `type` only). */
config *config_new(const desc_set *set, const desc_type *type);
/* Wraps an already parsed tree (takes root). Resolves the type from root.type
 * and converts scalars to the kinds the descriptor declares (strings to
 * bool/int), reporting wrong types with the value's line:col in `file`.
 * Returns NULL (and frees root) only when root is not a mapping. */
config *config_from_tree(const desc_set *set, val *root, const char *file, diag_list *diags);
void config_free(config *c);

/* Changes the connection type; values of other types stay in root. */
void config_set_type(config *c, const desc_type *type);

/* Evaluation context: the record a field lives in (NULL for top level). */
typedef struct model_ctx {
  const config *cfg;
  const val *record;              /* the record map for fields inside FK_RECORDS, else NULL */
  const desc_field *record_field; /* the FK_RECORDS field owning `record` */
} model_ctx;

/* The stored value of a field (borrowed), or NULL when unset. */
const val *model_get(const model_ctx *ctx, const desc_field *f);
/* The stored value, or the field's default, or NULL. */
const val *model_value(const model_ctx *ctx, const desc_field *f);
/* True when the section's and the field's show: conditions hold. */
bool model_section_visible(const config *c, const desc_section *s);
bool model_field_visible(const model_ctx *ctx, const desc_field *f);
bool model_field_required(const model_ctx *ctx, const desc_field *f);
/* Condition lookup usable with expr_eval; ctx is a model_ctx*. Resolves
 * relative paths in ctx->record (with field defaults), rooted ones in root. */
const val *model_lookup(void *ctx, const char *path, bool rooted);

/* Visits every visible field of the type, depth first in descriptor order,
 * records included (once per record). `path` is the concrete path; `value`
 * is model_value() (the stored value, else the default; NULL when neither).
 * Return false from fn to skip a records field's children. */
typedef bool (*model_visit_fn)(void *ud, const model_ctx *ctx, const desc_section *s,
                               const desc_field *f, const char *path, const val *value);
void model_each_visible(const config *c, model_visit_fn fn, void *ud);

/* The one write path: every change to a configuration (the editor, `new`,
 * `set`, clone, import) stores its value here. Sets a value by concrete path
 * (e.g. "proxy.port", "on_demand.rules[0].action", "domains.safari[3]" — an
 * index one past the end appends — or "custom_data.Realm"), converting text
 * to the field's kind and checking its shape. An empty value (or "") unsets;
 * a null at a list index removes the item. Setting `name` keeps a derived
 * identifier in step (model_identifier_for). Takes v. Returns false with a diagnostic when the path
 * names no field of the type (unless it is a known top-level key like name/uuid) or the value has
 * the wrong shape. */
bool model_set(config *c, const char *path, val *v, diag_list *diags);
/* ---- identity: made in one place for `new`, the editor, clone and import ---- */
/* "Sales CRM" -> "sales-crm" (ASCII letters and digits, runs of anything else
 * one '-'; "vpn" when nothing is left). Caller frees. */
char *model_slug(const char *name);
/* The identifier derived from a name: "com.example.vpn.sales-crm". Caller
 * frees. model_set("name") keeps a derived (or empty) identifier in step. */
char *model_identifier_for(const char *name);
/* Fresh random UUIDs for the type's uuid.* fields (profile, payload, vpn,
 * credential): all of them when replace (clone), else only the unset ones. */
bool model_new_uuids(config *c, bool replace, diag_list *diags);
/* A new configuration's identity: unset UUIDs made, and default_name (when
 * not NULL) as name when none is set, which derives the identifier. */
bool model_init_new(config *c, const char *default_name, diag_list *diags);
/* A copy's identity: every UUID new, "NAME (copy)", identifier + ".copy". */
bool model_make_clone(config *c, diag_list *diags);

/* True when path is not a setting itself but the group of settings whose
 * keys start with "path." (proxy, on_demand, credential): model_set then
 * takes a whole map for it (replacing the group) or nothing (removing it). */
bool model_is_group(const config *c, const char *path);

/* Finds the descriptor field for a concrete path; NULL if none. */
const desc_field *model_field_for_path(const config *c, const char *path);

/* Visits every value stored for a field of the type that is hidden now (its
 * section's or its own show: condition fails): what a save leaves out. `why`
 * is the condition that would show it (source text). Top level first, then
 * inside visible records, in descriptor order. */
typedef void (*model_hidden_fn)(void *ud, const char *path, const desc_field *f, const val *v,
                                const char *why);
void model_each_hidden(const config *c, model_hidden_fn fn, void *ud);

/* Keys in root that no descriptor of any type knows (kept on save). Calls fn
 * with each key path and value. */
void model_each_unknown(const config *c, void (*fn)(void *ud, const char *path, const val *v),
                        void *ud);
/* True when any visible password field holds a value (the file gets mode 0600). */
bool model_has_secrets(const config *c);

/* The tree a save writes (caller frees): `format` first, then the visible,
 * set fields of the type in descriptor order (dotted ids grouped into maps,
 * records with their visible fields and their unknown keys), then the keys no
 * type knows, in their original order. Values of hidden fields and of other
 * types are left out. Without a type, every key is kept as it is. */
val *model_save_tree(const config *c);

#endif
