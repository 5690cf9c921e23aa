/* Descriptors: the declarative description of every connection type.
 *
 * Loaded from forms/ (*.yaml files) (io/desc_load.c) and then read-only. One
 * descriptor drives the editor's screens, validation, the YAML keys and the
 * profile mapping. The language is documented in docs/forms.md and
 * appvpn-forms(5).
 *
 * Ownership: a desc_set owns everything reachable from it; all pointers
 * handed out by the lookup functions are borrowed and live as long as the set.
 */
#ifndef APPVPN_CORE_DESC_H
#define APPVPN_CORE_DESC_H
#include <stdbool.h>
#include <stddef.h>
#include "core/diag.h"
#include "core/expr.h"
#include "core/value.h"

/* X-macro: enum, YAML name, what the editor calls it. */
#define FIELD_KINDS(X)                                                                             \
  X(FK_TEXT, "text", "text")                                                                       \
  X(FK_PASSWORD, "password", "password (masked)")                                                  \
  X(FK_BOOL, "bool", "on/off")                                                                     \
  X(FK_CHOICE, "choice", "one of a list")                                                          \
  X(FK_INT, "integer", "whole number")                                                             \
  X(FK_LIST, "list", "list of strings")                                                            \
  X(FK_MAP, "map", "key/value pairs")                                                              \
  X(FK_RECORDS, "records", "list of records")                                                      \
  X(FK_FILE, "file", "file path")

/* clang-format off */
typedef enum {
#define X(e, name, desc) e,
  FIELD_KINDS(X)
#undef X
  FK__COUNT
} field_kind;
/* clang-format on */

/* X-macro: format checks. */
#define FIELD_FORMATS(X)                                                                           \
  X(FMT_NONE, "none", "")                                                                          \
  X(FMT_HOST, "host", "a host name or IP address")                                                 \
  X(FMT_IP, "ip", "an IPv4 or IPv6 address")                                                       \
  X(FMT_PORT, "port", "a port number 1-65535")                                                     \
  X(FMT_URL, "url", "an http:// or https:// URL")                                                  \
  X(FMT_SERVER, "server", "a host name or IP address with an optional :port and /path, or a URL")  \
  X(FMT_RDNS, "rdns", "a reverse-DNS identifier (com.example.app)")                                \
  X(FMT_DOMAIN, "domain", "a domain name (www.example.com)")                                       \
  X(FMT_UUID, "uuid", "a UUID")                                                                    \
  X(FMT_SSID, "ssid", "a Wi-Fi network name (1-32 bytes)")

/* clang-format off */
typedef enum {
#define X(e, name, desc) e,
  FIELD_FORMATS(X)
#undef X
  FMT__COUNT
} field_format;
/* clang-format on */

/* How a value is written into the profile. */
#define PROFILE_TYPES(X)                                                                           \
  X(PT_AUTO, "auto")                                                                               \
  X(PT_STRING, "string")                                                                           \
  X(PT_INTEGER, "integer")                                                                         \
  X(PT_BOOLEAN, "boolean")                                                                         \
  X(PT_INT01, "int01")                                                                             \
  X(PT_ARRAY, "array")                                                                             \
  X(PT_DICT, "dict")                                                                               \
  X(PT_DATA, "data")

/* clang-format off */
typedef enum {
#define X(e, name) e,
  PROFILE_TYPES(X)
#undef X
  PT__COUNT
} profile_type;
/* clang-format on */

typedef enum { OS_IOS, OS_MACOS, OS_VISIONOS, OS_WATCHOS, OS__COUNT } os_id;
extern const char *const os_names[OS__COUNT];  /* "ios", "macos", ... */
extern const char *const os_labels[OS__COUNT]; /* "iOS", "macOS", ... */

typedef struct os_avail {
  char *since[OS__COUNT];      /* "14.0", "n/a" (not available), or NULL (no statement) */
  char *deprecated[OS__COUNT]; /* "13.4" or NULL */
} os_avail;

typedef struct desc_choice {
  char *value;   /* as saved in YAML: "connect-if-needed" */
  char *label;   /* as shown: "Allow when needed" */
  char *profile; /* as exported: "ConnectIfNeeded"; NULL = same as value */
  char *help;    /* may be NULL */
} desc_choice;

/* A constant written beside a field's value (profile_also). */
typedef struct desc_const {
  char *key; /* profile key path, may start with "$dict." or "@profile." */
  val *value;
} desc_const;

typedef enum { HIDDEN_WARNING, HIDDEN_ERROR, HIDDEN_IGNORE } hidden_policy;

typedef struct desc_field desc_field;
struct desc_field {
  char *id;   /* dotted path relative to the parent (root or record) */
  char *path; /* full dotted path for messages: "on_demand.rules[].action" */
  char *label;
  char *help; /* may be NULL */
  field_kind kind;
  desc_choice *choices;
  size_t n_choices;
  char **suggestions; /* FK_TEXT: well-known values offered by the editor */
  size_t n_suggestions;
  val *def;        /* default value (typed), or NULL */
  expr *show;      /* NULL = always shown */
  expr *required;  /* NULL = optional */
  expr *export_if; /* NULL = exported whenever shown and set */
  field_format format;
  bool has_min, has_max;
  long long min, max;        /* FK_INT range; FK_LIST/FK_RECORDS item count */
  size_t max_len;            /* FK_TEXT/FK_PASSWORD: 0 = no limit */
  bool variables;            /* accepts ${…} variables (and opens the picker on '$') */
  bool readonly;             /* shown, not editable in the editor (uuids) */
  hidden_policy when_hidden; /* a value set while the field is hidden */
  os_avail os;
  char *placeholder; /* shown in an empty field, may be NULL */

  /* Profile mapping (docs/forms.md "Export"). */
  char **profile; /* key paths; empty = not exported */
  size_t n_profile;
  profile_type ptype;  /* PT_AUTO: from kind */
  char *profile_value; /* template: "{}" this field, "{path}" another; NULL = value */
  desc_const *also;    /* written when this field is exported */
  size_t n_also;
  char *embed;          /* "pkcs12": the file is embedded as a payload (FK_FILE) */
  char *embed_password; /* path of the field holding the file's password */

  desc_field *fields; /* FK_RECORDS: the record's fields */
  size_t n_fields;
  char *item_label;   /* FK_RECORDS: template for a one-line summary */
  char *choices_from; /* FK_CHOICE: "types" = one choice per loaded type; else NULL */

  char *file; /* where it was declared */
  unsigned line, col;
};

typedef struct desc_section {
  char *id;
  char *title;
  char *help;
  expr *show; /* NULL = always */
  desc_field *fields;
  size_t n_fields;
} desc_section;

typedef struct desc_type {
  char *id;       /* "cisco-anyconnect" */
  char *label;    /* "Cisco AnyConnect" */
  char *summary;  /* one line for `appvpn types` */
  char *vpn_type; /* VPNType: VPN, IPSec, IKEv2 */
  char *dict;     /* what "$dict." stands for: VPN, IPSec, IKEv2 */
  os_avail os;    /* where this type can be used */
  desc_section *sections;
  size_t n_sections;
  int order; /* `order:` of the type file: position in lists */
  char *file;
  unsigned line, col;
} desc_type;

typedef struct desc_set {
  desc_type *types;
  size_t n_types;
} desc_set;

const char *field_kind_name(field_kind k);
const char *field_kind_desc(field_kind k);
bool field_kind_from_name(const char *name, field_kind *out);
const char *field_format_name(field_format f);
const char *field_format_desc(field_format f);
bool field_format_from_name(const char *name, field_format *out);
const char *profile_type_name(profile_type t);
bool profile_type_from_name(const char *name, profile_type *out);

const desc_type *desc_set_find(const desc_set *set, const char *type_id);
/* A field by full dotted id among the type's top-level fields (not inside records). */
const desc_field *desc_type_find_field(const desc_type *t, const char *id);
/* The choice whose value is `value`, or NULL. */
const desc_choice *desc_field_choice(const desc_field *f, const char *value);
/* Frees everything the set owns, and the set. */
void desc_set_free(desc_set *set);

#endif
