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

plist_t plist_parse_any(const char *bytes, size_t len) {
  plist_t root = NULL;
  if (len >= 8 && !memcmp(bytes, "bplist00", 8) && len < UINT32_MAX) {
    plist_t bin = NULL;
    plist_from_bin(bytes, (uint32_t)len, &bin);
    if (bin) {
      char *xml = NULL;
      uint32_t xl = 0;
      plist_to_xml(bin, &xml, &xl);
      plist_free(bin);
      if (xml)
        plist_from_xml(xml, xl, &root);
      plist_mem_release(xml);
    }
  } else if (len < UINT32_MAX) {
    plist_from_xml(bytes, (uint32_t)len, &root);
  }
  return root;
}

/* ---- checking input before libplist parses it ------------------------------ */

static void where(const char *s, size_t off, unsigned *line, unsigned *col) {
  *line = 1, *col = 1;
  for (size_t i = 0; i < off; i++) {
    if (s[i] == '\n')
      ++*line, *col = 1;
    else if (((unsigned char)s[i] & 0xC0) != 0x80)
      ++*col;
  }
}

/* Offset of needle in s[from..n), or n. */
static size_t find(const char *s, size_t n, size_t from, const char *needle) {
  size_t k = strlen(needle);
  for (size_t i = from; i + k <= n; i++)
    if (s[i] == needle[0] && memcmp(s + i, needle, k) == 0)
      return i;
  return n;
}

static bool starts(const char *s, size_t n, size_t i, const char *w) {
  size_t k = strlen(w);
  return i + k <= n && memcmp(s + i, w, k) == 0;
}

static bool name_char(char c) {
  return c && !strchr(" \t\r\n/>", c);
}

static bool check_xml(const char *s, size_t n, const char *name, diag_list *diags) {
  struct {
    size_t off, len;
  } open[PLIST_MAX_DEPTH];
  size_t depth = 0, nodes = 0;
  const char *problem = NULL;
  size_t at = 0, i = 0;
  while (i < n) {
    const char *lt = memchr(s + i, '<', n - i);
    if (!lt)
      break;
    i = at = (size_t)(lt - s);
    size_t end;
    if (starts(s, n, i, "<!--")) {
      end = find(s, n, i + 4, "-->");
      if (end == n) {
        problem = "an unterminated comment";
        break;
      }
      i = end + 3;
    } else if (starts(s, n, i, "<![CDATA[")) {
      end = find(s, n, i + 9, "]]>");
      if (end == n) {
        problem = "an unterminated CDATA section";
        break;
      }
      i = end + 3;
    } else if (starts(s, n, i, "<?")) {
      end = find(s, n, i + 2, "?>");
      if (end == n) {
        problem = "an unterminated processing instruction";
        break;
      }
      i = end + 2;
    } else if (starts(s, n, i, "<!")) {
      /* DOCTYPE: to its first '>' (an internal subset is then read as
       * content, which can only count more, never less) */
      end = find(s, n, i + 2, ">");
      i = end + 1;
    } else if (starts(s, n, i, "</")) {
      size_t b = i + 2, e = b;
      while (e < n && name_char(s[e]))
        e++;
      if (!depth || open[depth - 1].len != e - b || memcmp(s + open[depth - 1].off, s + b, e - b)) {
        problem = "a closing tag that matches no open element";
        break;
      }
      depth--;
      end = find(s, n, e, ">");
      i = end + 1;
    } else {
      size_t b = i + 1, e = b;
      while (e < n && name_char(s[e]))
        e++;
      /* to the tag's '>' outside quoted attribute values */
      char quote = 0;
      for (end = e; end < n; end++) {
        if (quote) {
          if (s[end] == quote)
            quote = 0;
        } else if (s[end] == '"' || s[end] == '\'') {
          quote = s[end];
        } else if (s[end] == '>') {
          break;
        }
      }
      if (end == n) {
        problem = "an unterminated tag";
        break;
      }
      if (++nodes > PLIST_MAX_NODES) {
        problem = "too many elements";
        break;
      }
      if (s[end - 1] != '/') {
        if (depth == PLIST_MAX_DEPTH) {
          problem = "elements nested too deep";
          break;
        }
        open[depth].off = b;
        open[depth].len = e - b;
        depth++;
      }
      i = end + 1;
    }
  }
  if (!problem)
    return true;
  unsigned line, col;
  where(s, at, &line, &col);
  if (!strcmp(problem, "too many elements"))
    diag_addc(diags, DIAG_ERROR, DC_TOO_COMPLEX, name, line, col, NULL,
              "not imported: the profile has more than %u elements", (unsigned)PLIST_MAX_NODES);
  else if (!strcmp(problem, "elements nested too deep"))
    diag_addc(diags, DIAG_ERROR, DC_TOO_COMPLEX, name, line, col, NULL,
              "not imported: the profile nests elements deeper than %d levels", PLIST_MAX_DEPTH);
  else
    diag_addc(diags, DIAG_ERROR, DC_NOT_A_PROFILE, name, line, col, NULL,
              "not a property list profile: %s", problem);
  return false;
}

static uint64_t be_uint(const unsigned char *p, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++)
    v = (v << 8) | p[i];
  return v;
}

typedef struct bp_item {
  uint64_t obj;
  unsigned depth;
} bp_item;

static bool check_bin(const char *bytes, size_t len, const char *name, diag_list *diags) {
  const unsigned char *b = (const unsigned char *)bytes;
  const char *bad = NULL;
  bp_item *stack = NULL;
  size_t n_stack = 0, cap = 0, visits = 0;
  bool ok = false;
  if (len < 8 + 32 + 1) {
    bad = "too short for a binary property list";
    goto out;
  }
  const unsigned char *t = b + len - 32;
  size_t off_size = t[6], ref_size = t[7];
  uint64_t n_obj = be_uint(t + 8, 8), top = be_uint(t + 16, 8), table = be_uint(t + 24, 8);
  size_t data_end = len - 32;
  if (off_size < 1 || off_size > 8 || ref_size < 1 || ref_size > 8 || table < 8 ||
      table > data_end || n_obj == 0 || top >= n_obj || n_obj > (data_end - table) / off_size) {
    bad = "its trailer is damaged";
    goto out;
  }
  if (n_obj > PLIST_MAX_NODES) {
    diag_addc(diags, DIAG_ERROR, DC_TOO_COMPLEX, name, 0, 0, NULL,
              "not imported: the profile has more than %u objects", (unsigned)PLIST_MAX_NODES);
    goto out;
  }
  cap = 64;
  stack = xmalloc(cap * sizeof *stack);
  stack[n_stack++] = (bp_item){top, 1};
  visits = 1; /* every object pushed is visited once: counted at the push */
  while (n_stack) {
    bp_item it = stack[--n_stack];
    uint64_t off = be_uint(b + table + it.obj * off_size, off_size);
    if (off < 8 || off >= table) {
      bad = "an object lies outside the data";
      goto out;
    }
    unsigned marker = b[off], type = marker >> 4;
    if (type != 0xA && type != 0xC && type != 0xD)
      continue; /* scalars hold no references */
    uint64_t count = marker & 0xF, p = off + 1;
    if (count == 0xF) {
      if (p >= table || (b[p] >> 4) != 1 || (b[p] & 0xF) > 3) {
        bad = "a container's size is damaged";
        goto out;
      }
      size_t ilen = (size_t)1 << (b[p] & 0xF);
      if (p + 1 + ilen > table) {
        bad = "a container's size is damaged";
        goto out;
      }
      count = be_uint(b + p + 1, ilen);
      p += 1 + ilen;
    }
    uint64_t refs = type == 0xD ? 2 * count : count;
    if (count > data_end || refs > (table - p) / ref_size) {
      bad = "a container runs past the data";
      goto out;
    }
    if (refs && it.depth >= PLIST_MAX_DEPTH) {
      diag_addc(diags, DIAG_ERROR, DC_TOO_COMPLEX, name, 0, 0, NULL,
                "not imported: the profile nests arrays and dictionaries deeper than %d levels",
                PLIST_MAX_DEPTH);
      goto out;
    }
    for (uint64_t r = 0; r < refs; r++) {
      uint64_t obj = be_uint(b + p + r * ref_size, ref_size);
      if (obj >= n_obj) {
        bad = "a reference points at no object";
        goto out;
      }
      if (++visits > PLIST_MAX_NODES) {
        diag_addc(diags, DIAG_ERROR, DC_TOO_COMPLEX, name, 0, 0, NULL,
                  "not imported: the profile expands to more than %u values (shared objects "
                  "count each time they are used)",
                  (unsigned)PLIST_MAX_NODES);
        goto out;
      }
      if (n_stack == cap) {
        cap *= 2;
        stack = xrealloc(stack, cap * sizeof *stack);
      }
      stack[n_stack++] = (bp_item){obj, it.depth + 1};
    }
  }
  ok = true;
out:
  if (bad)
    diag_addc(diags, DIAG_ERROR, DC_NOT_A_PROFILE, name, 0, 0, NULL,
              "not a binary property list: %s", bad);
  free(stack);
  return ok;
}

bool plist_check_input(const char *bytes, size_t len, const char *name, diag_list *diags) {
  if (len > PLIST_MAX_FILE) {
    diag_addc(diags, DIAG_ERROR, DC_FILE_TOO_LARGE, name, 0, 0, NULL,
              "not imported: the profile is %zu bytes; the limit is %u", len,
              (unsigned)PLIST_MAX_FILE);
    return false;
  }
  if (len >= 8 && !memcmp(bytes, "bplist00", 8))
    return check_bin(bytes, len, name, diags);
  return check_xml(bytes, len, name, diags);
}
