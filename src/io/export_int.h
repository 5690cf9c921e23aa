/* Private to profile export (io/export.c, io/export_embed.c): the exporter's
 * state and what the embedded payloads share with the walk. */
#ifndef APPVPN_IO_EXPORT_INT_H
#define APPVPN_IO_EXPORT_INT_H
#include <plist/plist.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/diag.h"
#include "core/model.h"
#include "io/export.h"

/* U+2022 BULLET x6: what previews show instead of a secret. */
#define SECRET_MASK "\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2"
/* A PKCS#12 bundle is a few KiB; anything this large is the wrong file. */
#define EMBED_MAX_BYTES (16u << 20)

/* The plist dictionaries of one record (one per profile key of its records
 * field, times the dictionaries of an enclosing record). */
typedef struct rec_slot {
  char *path;        /* concrete path of the record: "on_demand.rules[1]" */
  const val *record; /* the record's map in the configuration */
  plist_t *dicts;    /* borrowed: they live in the profile tree */
  size_t n, cap;
} rec_slot;

typedef struct kind_export {
  const config *c;
  const export_opts *opts;
  diag_list *diags;
  plist_t outer;   /* Configuration dict; NULL with payload_only */
  plist_t payload; /* com.apple.vpn.managed.applayer */
  plist_t extra;   /* array of embedded payloads, in field order */
  rec_slot *recs;
  size_t n_recs, cap_recs;
  bool failed;
  bool payload_moved; /* payload now belongs to outer's PayloadContent */
} exporter;

/* libplist 2.2 has only an unsigned constructor; it stores 8-byte integers
 * and writes them signed, so the cast keeps a negative value's meaning. */
static inline plist_t plist_int(long long n) {
  return plist_new_uint((uint64_t)n);
}

/* ---- io/export.c ---- */

void ex_error(exporter *x, const val *at, const char *field, const char *fmt, ...)
    DIAG_PRINTF(4, 5);
val *ex_subst_clone(const exporter *x, const val *v);
bool ex_put(exporter *x, plist_t base, const char *kp, plist_t item, const char *field,
            const val *at);
char *ex_root_text(const exporter *x, const char *path);

/* ---- io/export_embed.c ---- */

plist_t ex_embed_file(exporter *x, const desc_field *f, const char *path, const val *at,
                      const char *file);

#endif
