#include "io/plist_util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "io/bplist.h"

char *plist_serialize(plist_t node, bool binary, size_t *len) {
  char *raw = NULL;
  uint32_t n = 0;
  if (binary) {
    /* appvpn's own writer: linear, and the same bytes with every libplist */
    size_t bl = 0;
    char *b = bplist_write(node, &bl);
    if (b) {
      if (len)
        *len = bl;
      return b;
    }
    plist_to_bin(node, &raw, &n);
  } else {
    plist_to_xml(node, &raw, &n);
  }
  if (!raw)
    return NULL;
  /* Copy so callers own plain malloc memory and never need libplist's free. */
  char *out = xmalloc((size_t)n + 1);
  memcpy(out, raw, n);
  out[n] = 0;
  plist_mem_release(raw);
  if (len)
    *len = n;
  return out;
}

plist_t plist_dict_child(plist_t dict, const char *key) {
  plist_t child = plist_dict_get_item(dict, key);
  if (!child) {
    child = plist_new_dict();
    plist_dict_set_item(dict, key, child);
    return child;
  }
  return plist_get_node_type(child) == PLIST_DICT ? child : NULL;
}

void plist_mem_release(char *p) {
  /* libplist 2.3 added plist_mem_free and 2.6 removed the per-format free
   * functions; 2.2 (Debian 12) has only those. CMake tells which is there. */
#if defined(APPVPN_HAVE_PLIST_MEM_FREE)
  plist_mem_free(p);
#else
  plist_to_xml_free(p);
#endif
}
