/* Condition expressions of the descriptor language (show:, required:, export_if:).
 *
 * Grammar (docs/forms.md):
 *   expr    := and ('||' and)*
 *   and     := unary ('&&' unary)*
 *   unary   := '!' unary | '(' expr ')' | 'true' | 'false' | cmp   (constants: required: true)
 *   cmp     := path [ ('==' | '!=') literal | 'in' '[' literal (',' literal)* ']' ]
 *   path    := ['/'] ident ('.' ident)*        ident: [A-Za-z_][A-Za-z0-9_-]*
 *   literal := bareword | 'quoted' | "quoted" | integer | true | false
 * A bare path is true when its value is truthy (val_truthy). Inside a record
 * (an on-demand rule), paths resolve against the record; a leading '/'
 * resolves against the configuration's root. A missing value compares as
 * the field's default when the resolver supplies one, else as empty.
 *
 * Parsed once when descriptors load; evaluation has no side effects.
 */
#ifndef APPVPN_CORE_EXPR_H
#define APPVPN_CORE_EXPR_H
#include <stdbool.h>
#include "core/diag.h"
#include "core/value.h"

/* Limits (a condition is a line or two; anything near these is a mistake or
 * an attack): nesting of '(' and '!', and comparisons (operands) in one
 * condition, which also bounds the depth of the tree evaluation walks. */
#define EXPR_MAX_DEPTH 64
#define EXPR_MAX_OPERANDS 256

typedef struct expr expr;

/* Looks a path up for evaluation: returns the current value (borrowed) or
 * NULL. `rooted` is true for '/'-prefixed paths. */
typedef const val *(*expr_lookup_fn)(void *ctx, const char *path, bool rooted);

/* Parses `src`. On error (including the limits above) returns NULL and adds
 * a diagnostic at file:line:col (line/col are where `src` starts; the column
 * of the fault is added). */
expr *expr_parse(const char *src, const char *file, unsigned line, unsigned col, diag_list *diags);
void expr_free(expr *e);
bool expr_eval(const expr *e, expr_lookup_fn lookup, void *ctx);
/* The source text, as written (borrowed): used for "shown when …" messages. */
const char *expr_source(const expr *e);
/* Where the source was written: the file/line/col given to expr_parse (file
 * borrowed, may be NULL). Lets a compiled descriptor set re-parse it there. */
void expr_where(const expr *e, const char **file, unsigned *line, unsigned *col);
/* Calls fn for every path the expression reads (for dependency checks). */
void expr_each_path(const expr *e, void (*fn)(void *ctx, const char *path, bool rooted), void *ctx);

/* What must hold for e to be true, when e says it plainly: `path`,
 * `path == literal`, or a conjunction (&&) of these. Calls fn for each part
 * (literal NULL for a bare path: "set, on") and returns true; returns false,
 * calling nothing, for any other expression. Import uses it to set the
 * switches that reveal the fields it found (proxy.setup = manual, …). */
bool expr_requirements(const expr *e,
                       void (*fn)(void *ud, const char *path, bool rooted, const char *literal),
                       void *ud);

#endif
