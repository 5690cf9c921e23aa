/* Private to the descriptor loader (io/desc_load.c, io/desc_load_field.c):
 * the YAML node tree every message is placed by, the loader's state, and the
 * helpers that read nodes into descriptors. */
#ifndef APPVPN_IO_DESC_LOAD_INT_H
#define APPVPN_IO_DESC_LOAD_INT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/desc.h"
#include "core/desc_blob.h"
#include "core/diag.h"
#include "core/expr.h"
#include "io/desc_load.h"

#define MAX_DEPTH DESC_MAX_DEPTH /* nesting of YAML nodes and of use:/records */

/* ---- YAML node tree ---------------------------------------------------- */

typedef enum { YN_SCALAR, YN_SEQ, YN_MAP } yn_kind;

typedef struct ynode ynode;
struct ynode {
  yn_kind kind;
  char *s;    /* YN_SCALAR */
  bool plain; /* unquoted scalar */
  unsigned line, col;
  const char *file; /* borrowed from the loader's file table */
  ynode **items;    /* YN_SEQ: items; YN_MAP: key, value, key, value … */
  size_t n;         /* number of entries in items */
};

static inline size_t ymap_len(const ynode *m) {
  return m && m->kind == YN_MAP ? m->n / 2 : 0;
}

static inline const ynode *ymap_key(const ynode *m, size_t i) {
  return m->items[2 * i];
}

static inline const ynode *ymap_val(const ynode *m, size_t i) {
  return m->items[2 * i + 1];
}

static inline const ynode *ymap_get(const ynode *m, const char *key) {
  for (size_t i = 0; i < ymap_len(m); i++)
    if (ymap_key(m, i)->kind == YN_SCALAR && strcmp(ymap_key(m, i)->s, key) == 0)
      return ymap_val(m, i);
  return NULL;
}

/* ---- loader state -------------------------------------------------------- */

typedef struct cond_pos {
  const expr *e;
  const ynode *at;
} cond_pos;

typedef struct loader {
  diag_list *diags;
  const ynode *lib_fields;   /* _common.yaml fields: (map), may be NULL */
  const ynode *lib_sections; /* _common.yaml sections: (map), may be NULL */
  cond_pos *conds;           /* where each parsed condition was written */
  size_t n_conds, cap_conds;
} loader;

typedef struct kv {
  const ynode *k, *v;
} kv;

typedef struct rawmap {
  kv *items;
  size_t n, cap;
} rawmap;

static inline void set_str(char **slot, char *s) {
  free(*slot);
  *slot = s;
}

/* ---- io/desc_load_yaml.c ---- */

void dl_ynode_free(ynode *n);
/* file's text as a node tree (a mapping), or NULL after reporting why. */
ynode *dl_parse_yaml(loader *ld, const char *file, const char *text, size_t len);

/* ---- io/desc_load.c ---------------------------------------------------------- */

void dl_lerr(loader *ld, const ynode *at, const char *fmt, ...) DIAG_PRINTF(3, 4);
bool dl_get_bool(loader *ld, const ynode *v, const char *key, bool *out);
bool dl_get_int(loader *ld, const ynode *v, const char *key, long long *out);
char **dl_get_str_list(loader *ld, const ynode *v, const char *key, size_t *n);
bool dl_is_false_word(const char *s);
bool dl_is_true_word(const char *s);
expr *dl_parse_cond(loader *ld, const ynode *v, const char *key, bool false_is_null);
bool dl_parse_ll(const char *s, long long *out);
void dl_parse_os(loader *ld, const ynode *v, os_avail *os, bool deprecated);
bool dl_raw_merge(loader *ld, const ynode *node, const ynode *lib, const char *what, rawmap *out,
                  int depth);
const char *dl_scalar(loader *ld, const ynode *v, const char *key);
char *dl_scalar_dup(loader *ld, const ynode *v, const char *key);
bool dl_valid_id(const char *s);

/* ---- io/desc_load_field.c ------------------------------------------------------ */

void dl_build_field(loader *ld, const ynode *node, const char *parent_path, desc_field *f,
                    int depth);
bool dl_build_fields(loader *ld, const ynode *list, const char *parent_path, desc_field **out,
                     size_t *n_out, int depth);
bool dl_ids_conflict(const char *a, const char *b);

#endif
