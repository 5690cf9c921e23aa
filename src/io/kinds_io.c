/* The profile side of the field-kind table (io/kinds_io.h). */
#include "io/kinds_io.h"

const kind_io_ops field_kinds_io[FK__COUNT] = {
    [FK_TEXT] = {.to_profile = kind_to_profile_value, .from_profile = kind_from_profile_text},
    [FK_PASSWORD] = {.to_profile = kind_to_profile_secret, .from_profile = kind_from_profile_text},
    [FK_BOOL] = {.to_profile = kind_to_profile_value, .from_profile = kind_from_profile_bool},
    [FK_CHOICE] = {.to_profile = kind_to_profile_choice, .from_profile = kind_from_profile_choice},
    [FK_INT] = {.to_profile = kind_to_profile_int, .from_profile = kind_from_profile_int},
    [FK_LIST] = {.to_profile = kind_to_profile_value, .from_profile = kind_from_profile_list},
    [FK_MAP] = {.to_profile = kind_to_profile_value, .from_profile = NULL},
    [FK_RECORDS] = {.to_profile = NULL, .from_profile = NULL},
    [FK_FILE] = {.to_profile = kind_to_profile_value, .from_profile = kind_from_profile_text},
};
