#include "io/plist_util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

plist_t plist_sorted_copy(plist_t node) {
  if (!node)
    return NULL;
  switch (plist_get_node_type(node)) {
  case PLIST_DICT: {
    size_t n = 0, cap = 8;
    char **keys = xmalloc(cap * sizeof *keys);
    plist_dict_iter it = NULL;
    plist_dict_new_iter(node, &it);
    for (;;) {
      char *key = NULL;
      plist_t item = NULL;
      plist_dict_next_item(node, it, &key, &item);
      if (!key)
        break;
      if (n == cap)
        keys = xrealloc(keys, (cap *= 2) * sizeof *keys);
      keys[n++] = key;
    }
    free(it);
    qsort(keys, n, sizeof *keys, cmp_str);
    plist_t out = plist_new_dict();
    for (size_t i = 0; i < n; i++) {
      plist_dict_set_item(out, keys[i], plist_sorted_copy(plist_dict_get_item(node, keys[i])));
      free(keys[i]);
    }
    free(keys);
    return out;
  }
  case PLIST_ARRAY: {
    plist_t out = plist_new_array();
    uint32_t n = plist_array_get_size(node);
    for (uint32_t i = 0; i < n; i++)
      plist_array_append_item(out, plist_sorted_copy(plist_array_get_item(node, i)));
    return out;
  }
  default:
    return plist_copy(node);
  }
}

char *plist_serialize(plist_t node, bool binary, size_t *len) {
  char *raw = NULL;
  uint32_t n = 0;
  if (binary)
    plist_to_bin(node, &raw, &n);
  else
    plist_to_xml(node, &raw, &n);
  if (!raw)
    return NULL;
  /* Copy so callers own plain malloc memory and never need libplist's free. */
  char *out = xmalloc((size_t)n + 1);
  memcpy(out, raw, n);
  out[n] = 0;
  if (binary)
    plist_to_bin_free(raw);
  else
    plist_to_xml_free(raw);
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
