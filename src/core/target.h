/* Target systems: which devices a configuration is meant for (the
 * `targets` setting, `export --target`, `validate --target`), and what the
 * descriptors' availability data says about its settings there. */
#ifndef APPVPN_CORE_TARGET_H
#define APPVPN_CORE_TARGET_H
#include <stdbool.h>
#include <stddef.h>
#include "core/desc.h"
#include "core/diag.h"
#include "core/model.h"

typedef struct target {
  os_id os;
  char version[16]; /* "17", "17.2"; "" when no version was given */
} target;

typedef struct target_list {
  target *v;
  size_t n;
} target_list;

/* Adds the targets in spec ("ios", "ios:17", "macos:14,watchos") to l, all
 * or none. False with a message (caller frees *why) when one is no system appvpn
 * knows or its version is no dotted number. */
bool target_list_add(target_list *l, const char *spec, char **why);
/* The configuration's `targets` setting added to l; its faults are errors
 * at the setting's line. */
bool target_list_from_config(target_list *l, const config *c, diag_list *diags);
bool target_list_has(const target_list *l, os_id os);
void target_list_free(target_list *l);

/* What the targets do not support: the connection type itself, and every set
 * setting whose descriptor says it is not available there (or only from a
 * later version than the target's), as errors when strict, else warnings;
 * deprecations are warnings. When macOS is targeted, every app without a
 * designated requirement in app_mapping is a warning (macOS cannot bind it).
 * Returns the number of problems added. */
size_t target_check(const config *c, const target_list *l, bool strict, diag_list *diags);

#endif
