/* Private to profile import (io/import.c, io/import_field.c): the importer's
 * state and what reading fields shares with reading the whole profile. */
#ifndef APPVPN_IO_IMPORT_INT_H
#define APPVPN_IO_IMPORT_INT_H
#include <plist/plist.h>
#include <stdbool.h>

#include "core/diag.h"
#include "core/model.h"
#include "io/import.h"

#define APPLAYER "com.apple.vpn.managed.applayer"
#define PKCS12 "com.apple.security.pkcs12"

typedef struct kind_import {
  const desc_set *set;
  const import_opts *opts;
  const char *name;
  diag_list *diags;
  config *cfg;
  plist_t outer;   /* the Configuration dictionary, NULL for a bare payload */
  plist_t payload; /* the applayer payload */
  plist_t *taken;  /* plist nodes some field has read */
  size_t n_taken, cap_taken;
  val **found; /* (record map or NULL, field) pairs that got a value */
  const desc_field **found_f;
  size_t n_found, cap_found;
} importer;

/* ---- io/import.c ---- */

void im_warn(importer *im, const char *field, const char *fmt, ...) DIAG_PRINTF(3, 4);
bool im_is_taken(const importer *im, plist_t n);
void im_take(importer *im, plist_t n);
void im_found(importer *im, val *record, const desc_field *f);

/* ---- io/import_field.c ---- */

/* A string node's text when it is clean one-line text; else NULL. */
const char *im_str_of(plist_t n);
/* A custom-data node as a typed value (NULL with *why when it cannot be one). */
val *im_data_val(plist_t n, int depth, const char **why);
/* The fields (a type's or a record's) from the profile dictionary base into
 * target (the root or a record): every other field first, the maps last. */
void im_import_fields(importer *im, const desc_field *fields, size_t n, plist_t base, val *target,
                      val *record);

#endif
