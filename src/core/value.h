/* The value tree: what a configuration file holds, in memory.
 *
 * A tree of maps (insertion-ordered), lists and scalars. Scalars read from
 * YAML start as VAL_STR with `plain` telling whether they were unquoted;
 * io/config typing turns them into VAL_BOOL / VAL_INT where the descriptor
 * says so. Every node remembers where it came from (line/col, 1-based; 0 when
 * made in memory) so diagnostics can point at it.
 *
 * Ownership: a container owns its children. Setters take ownership of the
 * node passed in; getters return borrowed pointers.
 */
#ifndef APPVPN_CORE_VALUE_H
#define APPVPN_CORE_VALUE_H
#include <stdbool.h>
#include <stddef.h>

typedef enum { VAL_NULL, VAL_STR, VAL_BOOL, VAL_INT, VAL_LIST, VAL_MAP } val_kind;

typedef struct val val;
/* The node's size is a memory cost: a configuration can hold a million list
 * items, each one node. So the header is two 32-bit words (kind, flags and
 * the source position as bit-fields; the union starts at offset 8), and a
 * string node made by val_new_strn keeps its text in the same allocation,
 * right after u.str (not after the whole union): a 20-byte domain costs one
 * 48-byte heap chunk (a 16-byte header, the whole union and the text took
 * 80). Bit-fields have no address: read and assign them, never take &.
 *
 * Safe by construction: every node is allocated at least sizeof(struct val)
 * bytes (a short string's text sits inside the unused part of the union;
 * a long one runs past the struct), so reading, copying or zeroing a node
 * as a whole struct never leaves its allocation. A copied string node's
 * u.str still points into the original node; copy a node with val_clone.
 *
 * Positions: line and col are 1-based and at most VAL_POS_MAX, far above
 * any position in a file the reader accepts (CONFIG_MAX_FILE, io/config_io.h;
 * io/yaml_read.c checks it at compile time). */
#define VAL_POS_BITS 28
#define VAL_POS_MAX ((1u << VAL_POS_BITS) - 1)
struct val {
  unsigned line : VAL_POS_BITS; /* source position of the node, 0 if none */
  val_kind kind : 4;            /* 4 bits: fits every val_kind signed or not */
  unsigned col : VAL_POS_BITS;
  bool plain : 1;      /* VAL_STR: was an unquoted YAML plain scalar */
  bool str_inline : 1; /* VAL_STR: u.str lives in the node's own allocation (never
                          free() it: use val_str_set_take / val_set_int) */
  union {
    char *str;   /* VAL_STR, owned, valid UTF-8 */
    bool b;      /* VAL_BOOL */
    long long i; /* VAL_INT */
    struct {
      val **v;
      size_t n, cap;
    } list; /* VAL_LIST */
    struct {
      char **k;
      val **v;
      size_t n, cap;
    } map; /* VAL_MAP */
  } u;
};

val *val_new_null(void);
val *val_new_str(const char *s);
val *val_new_strn(const char *s, size_t n);
val *val_new_str_take(char *s); /* takes ownership of s */
/* Replaces a VAL_STR's text (takes s), or turns a string node into an integer.
 * The only ways to change a string node in place. */
void val_str_set_take(val *v, char *s);
void val_set_int(val *v, long long i);
val *val_new_bool(bool b);
val *val_new_int(long long i);
val *val_new_list(void);
val *val_new_map(void);
void val_free(val *v);
val *val_clone(const val *v);
const char *val_kind_name(val_kind k);

/* Lists. */
void val_list_append(val *list, val *item);            /* takes item */
void val_list_insert(val *list, size_t at, val *item); /* takes item */
val *val_list_take(val *list, size_t at);              /* removes, returns owned */
void val_list_move(val *list, size_t from, size_t to);

/* Maps (keys unique; order kept). */
val *val_map_get(const val *map, const char *key);   /* NULL if absent or map is not a map */
void val_map_set(val *map, const char *key, val *v); /* takes v; replaces in place or appends */
bool val_map_remove(val *map, const char *key);
val *val_map_take(val *map, const char *key); /* removes, returns owned or NULL */

/* Dotted paths ("proxy.server"); every step must be a map key. */
val *val_get_path(const val *root, const char *path);
/* Creates intermediate maps. Returns false (and frees v) when a non-map is in the way. */
bool val_set_path(val *root, const char *path, val *v);
bool val_remove_path(val *root, const char *path); /* also removes maps left empty */

bool val_equal(const val *a, const val *b);
/* NULL, VAL_NULL, "", empty list or empty map. */
bool val_is_empty(const val *v);
/* Truthiness used by conditions: bool, non-empty string/list/map, non-zero int. */
bool val_truthy(const val *v);
/* Scalar as text ("true", "42", the string); NULL for containers/null. Caller frees. */
char *val_scalar_text(const val *v);

/* Typed scalars of key/value data (custom data, VendorConfig): a plain
 * (unquoted) string node spelling a real number (1.5, -2.0e3) or a UTC date
 * (2026-12-02T10:00:00Z). Quoted, the same text is a string. */
bool val_is_real(const val *v);
bool val_is_date(const val *v);

#endif
