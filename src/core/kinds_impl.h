/* Private to core: the kind operations core/kinds.c's table points at,
 * defined in the file that owns each layer (convert in core/model.c,
 * check in core/validate.c). Nothing outside core/kinds.c calls them
 * directly: callers go through the table (core/kinds.h). */
#ifndef APPVPN_CORE_KINDS_IMPL_H
#define APPVPN_CORE_KINDS_IMPL_H
#include "core/kinds.h"

/* core/model.c */
bool kind_convert_text(const struct kind_conv *cv, const desc_field *f, val **slot,
                       const char *path);
bool kind_convert_choice(const struct kind_conv *cv, const desc_field *f, val **slot,
                         const char *path);
bool kind_convert_bool(const struct kind_conv *cv, const desc_field *f, val **slot,
                       const char *path);
bool kind_convert_int(const struct kind_conv *cv, const desc_field *f, val **slot,
                      const char *path);
bool kind_convert_list(const struct kind_conv *cv, const desc_field *f, val **slot,
                       const char *path);
bool kind_convert_map(const struct kind_conv *cv, const desc_field *f, val **slot,
                      const char *path);
bool kind_convert_records(const struct kind_conv *cv, const desc_field *f, val **slot,
                          const char *path);

/* core/validate.c */
void kind_check_text(struct kind_check *st, const model_ctx *ctx, const desc_field *f,
                     const char *path, const val *v);
void kind_check_file(struct kind_check *st, const model_ctx *ctx, const desc_field *f,
                     const char *path, const val *v);
void kind_check_int(struct kind_check *st, const model_ctx *ctx, const desc_field *f,
                    const char *path, const val *v);
void kind_check_choice(struct kind_check *st, const model_ctx *ctx, const desc_field *f,
                       const char *path, const val *v);
void kind_check_bool(struct kind_check *st, const model_ctx *ctx, const desc_field *f,
                     const char *path, const val *v);
void kind_check_list(struct kind_check *st, const model_ctx *ctx, const desc_field *f,
                     const char *path, const val *v);
void kind_check_map(struct kind_check *st, const model_ctx *ctx, const desc_field *f,
                    const char *path, const val *v);
void kind_check_records(struct kind_check *st, const model_ctx *ctx, const desc_field *f,
                        const char *path, const val *v);

#endif
