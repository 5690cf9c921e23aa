/* Validation from the descriptors: required fields, formats, ranges, Apple's
 * constraints, OS deprecations, unknown variables. One diagnostic per
 * problem, pointing at the value's line:col in c->path when known, with the
 * concrete field path: "FILE:LINE:COL: error: message [proxy.port]".
 */
#ifndef APPVPN_CORE_VALIDATE_H
#define APPVPN_CORE_VALIDATE_H
#include <stdbool.h>
#include "core/diag.h"
#include "core/model.h"

void validate_config(const config *c, diag_list *diags);
/* One field's value (editor: as you type). Adds diagnostics for that value only. */
void validate_field(const model_ctx *ctx, const desc_field *f, const char *path, const val *value,
                    diag_list *diags);
/* validate_config, except that the items of each visible list field (FK_LIST)
 * are left to `items`: it is called with the list's concrete path and value
 * and adds the items' diagnostics to `out` (the editor keeps them per list
 * and re-checks only the items a change touched). */
typedef void (*validate_items_fn)(void *ud, const model_ctx *ctx, const desc_field *f,
                                  const char *path, const val *list, diag_list *out);
void validate_config_items(const config *c, validate_items_fn items, void *ud, diag_list *diags);
/* The checks of items from..to-1 of a list field's value at `path`. */
void validate_list_items(const config *c, const desc_field *f, const char *path, const val *list,
                         size_t from, size_t to, diag_list *diags);
/* Format check of one string; on failure returns false and *why (static text). */
bool validate_format(field_format fmt, const char *s, const char **why);

#endif
