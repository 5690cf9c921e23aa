/* Small libplist helpers shared by profile export (and anything else that
 * writes plists): serialization into malloc'd
 * buffers the caller frees with free().
 */
#ifndef APPVPN_IO_PLIST_UTIL_H
#define APPVPN_IO_PLIST_UTIL_H
#include <stdbool.h>
#include <stddef.h>
#include <plist/plist.h>

/* XML (binary == false) or binary plist bytes, NUL-terminated (the NUL is
 * not counted in *len). Returns NULL when libplist produced nothing.
 * Caller frees with free(). */
char *plist_serialize(plist_t node, bool binary, size_t *len);

/* Dictionary at `key` in dict, created (and inserted) when absent. Returns
 * NULL when the key holds something that is not a dictionary. Borrowed. */
plist_t plist_dict_child(plist_t dict, const char *key);

/* Frees a buffer that libplist allocated (plist_to_xml, plist_to_bin), with
 * whichever free function the installed libplist (2.2 to 2.7) provides. */
void plist_mem_release(char *p);

#endif
