/* appvpn's binary property list writer (bplist00), linear in the size of the
 * tree.
 *
 * libplist's own writer (plist_to_bin) looks equal objects up in a fixed
 * table of 4096 buckets in the 2.2 release Debian 12 ships, which makes a
 * profile with a million Safari domains take minutes; its output also
 * differs between releases. This writer gives the same bytes with every
 * libplist: objects in depth-first order (a container before its children,
 * a dictionary's keys before its values), equal strings, integers and data
 * written once, the smallest reference and offset sizes that fit.
 *
 * It writes the types a profile holds: dictionary, array, string, integer,
 * boolean, data, real and date.
 */
#ifndef APPVPN_IO_BPLIST_H
#define APPVPN_IO_BPLIST_H
#include <stddef.h>
#include <plist/plist.h>

/* The bplist00 bytes of the tree at root (malloc'd, caller frees; *len set),
 * or NULL when the tree holds a node type this writer does not know. */
char *bplist_write(plist_t root, size_t *len);

#endif
