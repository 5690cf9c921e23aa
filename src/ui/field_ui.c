/* The editor's table of field kinds: see field_ui.h. */
#include "ui/field_ui.h"

#define ITEM_HELP "Enter edits this item. ^U/^B move it up/down, ^D deletes."

static const field_ui KINDS[] = {
    [FK_TEXT] = {.edit = FE_LINE, .item_prefix = "", .when_set = "set"},
    [FK_PASSWORD] = {.edit = FE_LINE, .masked = true, .item_prefix = "", .when_set = "set"},
    [FK_BOOL] = {.edit = FE_TOGGLE, .item_prefix = "", .when_set = "on"},
    [FK_CHOICE] = {.edit = FE_PICK, .item_prefix = "", .when_set = "set"},
    [FK_INT] = {.edit = FE_LINE,
                .refused = "%s takes digits only%s",
                .item_prefix = "",
                .when_set = "set"},
    [FK_LIST] = {.edit = FE_ITEMS,
                 .item_prefix = "- ",
                 .item_values = true,
                 .add_help = "Enter adds items; type or paste several separated by spaces, "
                             "commas or new lines.",
                 .item_help = ITEM_HELP,
                 .item_enter = "Edit",
                 .when_set = "set"},
    [FK_MAP] = {.edit = FE_ITEMS,
                .item_prefix = "",
                .add_help = "Enter adds an entry: KEY = VALUE.",
                .item_help = ITEM_HELP,
                .item_enter = "Edit",
                .when_set = "set"},
    [FK_RECORDS] = {.edit = FE_RECORDS,
                    .item_prefix = "",
                    .add_help = "Enter adds a record and opens it.",
                    .item_help = "Enter opens this record. ^U/^B move it up/down (the first "
                                 "matching rule wins), ^D deletes.",
                    .item_enter = "Open",
                    .when_set = "set"},
    [FK_FILE] = {.edit = FE_LINE, .item_prefix = "", .when_set = "set"},
};
_Static_assert(sizeof KINDS / sizeof *KINDS == FK__COUNT, "one entry per field kind");

const field_ui *field_ui_of(const desc_field *fd) {
  return &KINDS[fd && (unsigned)fd->kind < FK__COUNT ? fd->kind : FK_TEXT];
}
