/* Small libplist helpers shared by profile export (and anything else that
 * writes plists): serialization into malloc'd
 * buffers the caller frees with free().
 */
#ifndef APPVPN_IO_PLIST_UTIL_H
#define APPVPN_IO_PLIST_UTIL_H
#include <stdbool.h>
#include <stddef.h>
#include <plist/plist.h>

#include "core/diag.h"

/* Limits on a property list read from outside (import), checked before
 * libplist sees the bytes: its parsers recurse once per level and a binary
 * plist may share objects (expanding to far more nodes than it holds). */
#define PLIST_MAX_FILE (128u << 20) /* bytes (a million domains export to about 45 MB) */
#define PLIST_MAX_DEPTH 64          /* nested elements (XML) or arrays/dictionaries (binary) */
#define PLIST_MAX_NODES 8000000     /* elements (XML) or objects visited, shared ones each time */

/* XML (binary == false) or binary plist bytes, NUL-terminated (the NUL is
 * not counted in *len). Returns NULL when libplist produced nothing.
 * Caller frees with free(). */
char *plist_serialize(plist_t node, bool binary, size_t *len);

/* Checks profile bytes (XML or binary, told apart by the "bplist00"
 * header) against the limits above without building anything: the XML's
 * element nesting (comments, CDATA, processing instructions and the DOCTYPE
 * skipped; a closing tag must match its opening one) or the binary
 * plist's trailer, offset table and object graph (walked without
 * recursion, shared objects counted at each use, cycles caught by the
 * depth limit). False with an error naming the limit (and the XML's
 * line:col) in diags. */
bool plist_check_input(const char *bytes, size_t len, const char *name, diag_list *diags);

/* Dictionary at `key` in dict, created (and inserted) when absent. Returns
 * NULL when the key holds something that is not a dictionary. Borrowed. */
plist_t plist_dict_child(plist_t dict, const char *key);

/* Profile bytes (XML, or binary read through its XML form: libplist's
 * dictionary iteration aborts on binary keys holding NUL bytes, which XML
 * cannot hold) as a tree; NULL when they are neither. Caller frees (plist_free).
 * Check the bytes with plist_check_input first. */
plist_t plist_parse_any(const char *bytes, size_t len);

/* Frees a buffer that libplist allocated (plist_to_xml, plist_to_bin), with
 * whichever free function the installed libplist (2.2 to 2.7) provides. */
void plist_mem_release(char *p);

#endif
