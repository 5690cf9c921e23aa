/* The form's problems after a change, without re-checking every item of
 * every list (form.c's private helper; see form_check.c). */
#ifndef APPVPN_CORE_FORM_CHECK_H
#define APPVPN_CORE_FORM_CHECK_H
#include "core/form.h"

/* Re-runs validation into f->problems; list items come from the cache. */
void form_check(form *f);
void icache_free(form *f);
/* Forgets the items of lists at or under path (NULL: every list). */
void icache_drop_under(form *f, const char *path);
/* The list at lpath (field fd, value list) changed in one of these ways. */
void icache_appended(form *f, const char *lpath, const val *list, size_t from);
void icache_replaced(form *f, const char *lpath, const val *list, size_t i);
void icache_removed(form *f, const char *lpath, size_t i);
void icache_inserted(form *f, const char *lpath, const val *list, size_t i);
void icache_truncated(form *f, const char *lpath, size_t n);
void icache_moved(form *f, const char *lpath, size_t from, size_t to);

#endif
