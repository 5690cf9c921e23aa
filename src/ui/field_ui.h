/* How the editor shows and edits each field kind: one entry per kind
 * (field_ui.c), so a new kind is one entry there. The conversions, checks
 * and profile keys of a kind are core's and io's; this is only what the
 * screen does with it.
 */
#ifndef APPVPN_UI_FIELD_UI_H
#define APPVPN_UI_FIELD_UI_H
#include <stdbool.h>

#include "core/desc.h"

/* Which widget edits a field of the kind (Enter, Space or typing on its row). */
typedef enum field_edit {
  FE_LINE,   /* the one-line text input in the row (text, password, integer, file) */
  FE_TOGGLE, /* Enter/Space turn it on or off */
  FE_PICK,   /* Enter opens the choice picker */
  FE_ITEMS,  /* items typed as text below the row (list, map); typing adds one */
  FE_RECORDS /* records below the row, each opened as its own form */
} field_edit;

typedef struct field_ui {
  field_edit edit;
  bool masked;             /* the value shows as bullets unless revealed (^R) */
  const char *refused;     /* a typed character refused: printf format with the
                            * label and the variables hint (NULL: the length limit) */
  const char *item_prefix; /* drawn before each of its items ("- ") */
  bool item_values;        /* its items are values: ^F finds them, undo names "item N" */
  const char *add_help;    /* the help line on its "+ add" row */
  const char *item_help;   /* the help line on one of its items */
  const char *item_enter;  /* the key bar's word for Enter on an item */
  const char *when_set;    /* a condition that it is set, in words ("on", "set") */
} field_ui;

/* The entry of fd's kind (never NULL). */
const field_ui *field_ui_of(const desc_field *fd);

#endif
