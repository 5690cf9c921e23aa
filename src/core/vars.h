/* Substitution variables: the catalogue the picker offers, and ${…} handling.
 * Default dialect: ${name}. Other MDMs' spellings can be translated.
 */
#ifndef APPVPN_CORE_VARS_H
#define APPVPN_CORE_VARS_H
#include <stdbool.h>
#include <stddef.h>

typedef struct var_info {
  const char *name;    /* "userUID" (without ${}) */
  const char *meaning; /* "login ID, in email-address form" */
  const char *group;   /* "user" or "device" */
} var_info;

/* The catalogue (static storage). */
const var_info *vars_catalog(size_t *n);
const var_info *vars_find(const char *name);

typedef struct var_binding {
  const char *name;  /* borrowed */
  const char *value; /* borrowed */
} var_binding;

/* Calls fn for every ${name} in s: offset of '$', length of the reference,
 * and the name (NUL-terminated copy valid during the call). */
void vars_each_ref(const char *s, void (*fn)(void *ud, size_t off, size_t len, const char *name),
                   void *ud);
bool vars_has_ref(const char *s);
/* Returns a new string with bound variables replaced; unbound ones are kept
 * as written and counted in *unresolved (may be NULL). Caller frees. */
char *vars_substitute(const char *s, const var_binding *b, size_t n, size_t *unresolved);
/* The MDMs whose variable spellings appvpn translates to and from: Ivanti
 * Neurons for MDM (`${userUID}`, appvpn's own), MobileIron Core / Ivanti
 * EPMM (`$USERID$`), Jamf Pro (`$USERNAME`), Microsoft Intune
 * (`{{username}}`) and Workspace ONE UEM (`{EnrollmentUser}`). */
typedef enum {
  DIALECT_IVANTI,
  DIALECT_CORE,
  DIALECT_JAMF,
  DIALECT_INTUNE,
  DIALECT_WS1,
  DIALECT__COUNT
} vars_dialect;
const char *vars_dialect_name(vars_dialect d); /* "ivanti", "core", "jamf", "intune", "ws1" */
bool vars_dialect_from_name(const char *name, vars_dialect *out);
/* How dialect d writes the variable `name` (without delimiters): the token
 * with its delimiters ("$USERID$"; for ivanti the name itself when known),
 * or NULL when d has no variable that means the same. Static storage. */
const char *vars_in_dialect(const char *name, vars_dialect d);
/* s with every ${name} written as dialect d writes it. When a variable has
 * no equivalent in d: NULL, and *missing (caller frees) names the first one;
 * with missing NULL such a variable is kept as written. Caller frees. */
char *vars_to_dialect(const char *s, vars_dialect d, char **missing);

/* Other dialects ($USERID$, $USERNAME, {{username}}, {EnrollmentUser}, …):
 * the equivalent reference with its delimiters ("${userUID}", static
 * storage), or NULL when no variable of ours means the same. `foreign` is
 * the whole token, delimiters included. */
const char *vars_translate(const char *foreign);
/* s with every foreign token vars_translate knows replaced by its ${name}
 * (the rest kept as written); *n_translated (may be NULL) counts them.
 * Caller frees. */
char *vars_translate_text(const char *s, size_t *n_translated);
/* The same, for the tokens of one dialect only (DIALECT__COUNT: any). */
char *vars_from_dialect(const char *s, vars_dialect only, size_t *n_translated);
/* The catalogue name closest to an unknown `name` (a likely typo: a few
 * edits, case ignored), or NULL when nothing is close. */
const char *vars_suggest(const char *name);

#endif
