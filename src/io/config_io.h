/* Configuration files: YAML load (libyaml) and deterministic, atomic save. */
#ifndef APPVPN_IO_CONFIG_IO_H
#define APPVPN_IO_CONFIG_IO_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "core/diag.h"
#include "core/model.h"
#include "core/value.h"
#include "io/fileio.h"

/* Limits on input: an order of magnitude above real use (a configuration with
 * a million Safari domains is about 30 MB and 1M values, and opens), and
 * what any appvpn command writes every other one reads; past them, hostile
 * input is refused with a message instead of exhausting memory (about 1 GB
 * at the limits). The same for profiles (io/plist_util.h). */
#define CONFIG_MAX_FILE (128u << 20) /* bytes */
#define CONFIG_MAX_FILE_TEXT "128 MiB"
#define CONFIG_MAX_DEPTH 64
#define CONFIG_MAX_NODES 8000000

/* Parses one YAML document into a value tree with line/col marks. Rejects,
 * with file:line:col: syntax errors, several documents, anchors and aliases,
 * tags other than the core ones, non-scalar or duplicate keys, invalid UTF-8,
 * depth/size over the limits. Returns NULL on error. Caller frees. */
val *yaml_parse(const char *text, size_t len, const char *file, diag_list *diags);
/* Reads, parses and types a configuration file. NULL when unusable (errors
 * in diags); warnings (unknown keys, …) may be added on success too.
 * Unusable means any error: unreadable, bad YAML, missing/unknown type, a
 * newer format, a value of the wrong shape, or a value set for a hidden
 * field whose when_hidden is error. c->path is set to path / name. */
config *config_load(const desc_set *set, const char *path, diag_list *diags);
config *config_load_text(const desc_set *set, const char *text, size_t len, const char *name,
                         diag_list *diags);
/* The YAML text save would write: known keys in descriptor order (only
 * visible fields), then unknown keys as they were. Caller frees. */
char *config_to_yaml(const config *c, size_t *len);
/* Saves to path (c->path when path is NULL) through file_write (io/fileio.h):
 * atomic, owner, group and mode kept, only ever a regular file; a new file
 * gets 0666 less the umask, and at most 0600 when it holds a secret. */
bool config_save(const config *c, const char *path, diag_list *diags);
/* config_save with options (o->force for a read-only file, o->exclusive to
 * create only); o->secret and o->stream are decided here. o may be NULL. */
bool config_save_to(const config *c, const char *path, const file_write_opts *o, diag_list *diags);

#endif
