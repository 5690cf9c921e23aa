/* Configuration files: load (read, parse, type) and save (deterministic YAML,
 * atomic write).
 *
 * The writer is hand-written rather than libyaml's emitter so the output is
 * fixed byte for byte: block style, 2-space indent, list items indented under
 * their key, strings quoted only when a YAML 1.1 reader would take them for
 * something else. load -> save -> load -> save gives the same bytes.
 */
#include "io/config_io.h"
#include "core/text.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/util.h"

/* ---- loading ----------------------------------------------------------------- */

config *config_load_text(const desc_set *set, const char *text, size_t len, const char *name,
                         diag_list *diags) {
  size_t errors = diag_count(diags, DIAG_ERROR);
  val *root = yaml_parse(text, len, name, diags);
  if (!root)
    return NULL;
  config *c = config_from_tree(set, root, name, diags);
  if (c && diag_count(diags, DIAG_ERROR) > errors) {
    /* A value that could not be typed (or no type at all) makes the file
     * unusable: saving it would lose or mangle what the user wrote. */
    config_free(c);
    return NULL;
  }
  /* Relative paths in the file (credential.file) resolve against `name`. */
  if (c && name)
    c->path = xstrdup(name);
  return c;
}

config *config_load(const desc_set *set, const char *path, diag_list *diags) {
  size_t len = 0;
  char *text = file_read_all(path, CONFIG_MAX_FILE, &len, diags);
  if (!text)
    return NULL;
  config *c = config_load_text(set, text, len, path, diags);
  free(text);
  return c;
}

/* ---- YAML writer ---------------------------------------------------------------- */

static bool is_null_word(const char *s) {
  return !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

static bool is_bool_word(const char *s) {
  static const char *const words[] = {"y",  "Y",  "yes",  "Yes",  "YES",  "n",     "N",     "no",
                                      "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
                                      "on", "On", "ON",   "off",  "Off",  "OFF"};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (!strcmp(s, words[i]))
      return true;
  return false;
}

static bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

/* Would YAML 1.1 (or 1.2) read s as an int or float? Covers decimal with
 * underscores, 0x/0o/0b, sexagesimal (1:30), floats, exponents, .inf/.nan.
 * "10.0.0.53" is not a number and stays plain. */
static bool is_number_like(const char *s) {
  const char *p = s;
  if (*p == '+' || *p == '-')
    p++;
  if (!*p)
    return false;
  static const char *const special[] = {".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"};
  for (size_t i = 0; i < sizeof special / sizeof special[0]; i++)
    if (!strcmp(p, special[i]))
      return true;
  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X' || p[1] == 'o' || p[1] == 'b') && p[2]) {
    for (const char *q = p + 2; *q; q++)
      if (!isxdigit((unsigned char)*q) && *q != '_')
        return false;
    return true;
  }
  const char *q = p;
  bool digits = false;
  while (is_digit(*q) || *q == '_')
    digits |= is_digit(*q++);
  while (*q == ':' && digits) {
    q++;
    if (!is_digit(*q))
      return false;
    while (is_digit(*q))
      q++;
  }
  if (*q == '.') {
    q++;
    while (is_digit(*q) || *q == '_')
      digits |= is_digit(*q++);
  }
  if (!digits)
    return false;
  if (*q == 'e' || *q == 'E') {
    q++;
    if (*q == '+' || *q == '-')
      q++;
    if (!is_digit(*q))
      return false;
    while (is_digit(*q))
      q++;
  }
  return *q == 0;
}

/* 2001-12-14…: a YAML 1.1 timestamp. */
static bool is_date_like(const char *s) {
  return is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3]) && s[4] == '-' &&
         is_digit(s[5]);
}

/* Characters a plain scalar cannot carry (controls, NEL, line/paragraph
 * separators, BOM, the noncharacters U+FFFE/U+FFFF that YAML does not allow
 * in a stream, bytes that are not UTF-8); *len receives the length of what
 * is at s (1 for a stray byte) and *cp its code point (0xFFFD for a stray
 * byte: the model keeps such bytes out, but the writer must not trust it). */
static bool needs_escape(const unsigned char *s, size_t *len, unsigned *cp) {
  /* a NUL is no continuation byte: at most the bytes up to it are read */
  size_t avail = 1;
  while (avail < 4 && s[avail - 1] && (s[avail] & 0xC0) == 0x80)
    avail++;
  *len = text_utf8_next(s, avail, cp);
  if (*len == 0) {
    *len = 1;
    *cp = 0xFFFD;
    return true;
  }
  unsigned c = *cp;
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029 || c == 0xFEFF ||
         c == 0xFFFE || c == 0xFFFF;
}

/* Can s be written as a plain scalar at all (whatever a reader makes of it)? */
static bool plain_possible(const char *s) {
  size_t n = strlen(s);
  if (n == 0)
    return false;
  if (s[0] == ' ' || s[n - 1] == ' ')
    return false;
  if (strchr("-?:,[]{}#&*!|>'\"%@`", s[0]))
    return false;
  if (!strncmp(s, "...", 3) || s[n - 1] == ':')
    return false;
  for (size_t i = 0; i < n;) {
    size_t len = 1;
    unsigned cp;
    unsigned char c = (unsigned char)s[i];
    /* printable ASCII (most of what is saved) needs no decoding */
    if ((c < 0x20 || c >= 0x7F) && needs_escape((const unsigned char *)s + i, &len, &cp))
      return false;
    if ((s[i] == ':' && s[i + 1] == ' ') || (s[i] == ' ' && s[i + 1] == '#'))
      return false;
    i += len;
  }
  return true;
}

/* Would a YAML 1.1 reader take the plain scalar s for something other than text? */
static bool resolves_to_non_string(const char *s) {
  /* every such word or number starts with one of these: a domain name
   * ("crm.example.com") is ruled out by its first character */
  if (!s[0] || !strchr("=<~nNtTfFyYoO0123456789.+-_", s[0]))
    return false;
  return !strcmp(s, "=") || !strcmp(s, "<<") || is_null_word(s) || is_bool_word(s) ||
         is_number_like(s) || is_date_like(s);
}

static void put_quoted(strbuf *b, const char *s) {
  strbuf_putc(b, '"');
  for (size_t i = 0; s[i];) {
    const unsigned char *u = (const unsigned char *)s + i;
    size_t len;
    unsigned cp;
    if (!needs_escape(u, &len, &cp)) {
      if (s[i] == '"' || s[i] == '\\')
        strbuf_putc(b, '\\');
      strbuf_putn(b, s + i, len);
    } else if (cp == '\n') {
      strbuf_puts(b, "\\n");
    } else if (cp == '\t') {
      strbuf_puts(b, "\\t");
    } else if (cp == '\r') {
      strbuf_puts(b, "\\r");
    } else if (cp <= 0xFF) {
      strbuf_printf(b, "\\x%02X", cp); /* C0, DEL, C1 (NEL): YAML's \xNN is U+00NN */
    } else {
      strbuf_printf(b, "\\u%04X", cp);
    }
    i += len;
  }
  strbuf_putc(b, '"');
}

/* Text is quoted only when needed. A plain scalar the model did not type (an
 * unknown key's `2`, `yes`) is written plain again, so a newer appvpn reads
 * back what it wrote. */
static void put_string(strbuf *b, const char *s, bool keep_plain) {
  if (plain_possible(s) && (keep_plain || !resolves_to_non_string(s)))
    strbuf_puts(b, s);
  else
    put_quoted(b, s);
}

static void put_scalar(strbuf *b, const val *v) {
  switch (v->kind) {
  case VAL_NULL: strbuf_puts(b, "null"); break;
  case VAL_BOOL: strbuf_puts(b, v->u.b ? "true" : "false"); break;
  case VAL_INT: strbuf_printf(b, "%lld", v->u.i); break;
  case VAL_STR: put_string(b, v->u.str, v->plain); break;
  default: break;
  }
}

static void pad(strbuf *b, unsigned n) {
  for (unsigned i = 0; i < n; i++)
    strbuf_putc(b, ' ');
}

static void emit_map(strbuf *b, const val *m, unsigned indent, bool first_inline);
static void emit_list(strbuf *b, const val *l, unsigned indent);

/* Whatever follows "key:" or "-". */
static void emit_after(strbuf *b, const val *v, unsigned indent) {
  if (v->kind == VAL_MAP && v->u.map.n) {
    strbuf_putc(b, '\n');
    emit_map(b, v, indent + 2, false);
  } else if (v->kind == VAL_LIST && v->u.list.n) {
    strbuf_putc(b, '\n');
    emit_list(b, v, indent + 2);
  } else if (v->kind == VAL_MAP) {
    strbuf_puts(b, " {}\n");
  } else if (v->kind == VAL_LIST) {
    strbuf_puts(b, " []\n");
  } else {
    strbuf_putc(b, ' ');
    put_scalar(b, v);
    strbuf_putc(b, '\n');
  }
}

static void emit_map(strbuf *b, const val *m, unsigned indent, bool first_inline) {
  for (size_t i = 0; i < m->u.map.n; i++) {
    if (i || !first_inline)
      pad(b, indent);
    put_string(b, m->u.map.k[i], false);
    strbuf_putc(b, ':');
    emit_after(b, m->u.map.v[i], indent);
  }
}

static void emit_list(strbuf *b, const val *l, unsigned indent) {
  for (size_t i = 0; i < l->u.list.n; i++) {
    const val *item = l->u.list.v[i];
    pad(b, indent);
    strbuf_putc(b, '-');
    if (item->kind == VAL_MAP && item->u.map.n) {
      /* "- key: value" with the record's other keys aligned under it. */
      strbuf_putc(b, ' ');
      emit_map(b, item, indent + 2, true);
    } else {
      emit_after(b, item, indent);
    }
  }
}

char *config_to_yaml(const config *c, size_t *len) {
  val *tree = model_save_tree(c);
  strbuf b = STRBUF_INIT;
  emit_map(&b, tree, 0, false);
  val_free(tree);
  if (len)
    *len = b.len;
  return strbuf_take(&b);
}

/* ---- saving ---------------------------------------------------------------------- */

bool config_save_to(const config *c, const char *path, const file_write_opts *o, diag_list *diags) {
  const char *target = path ? path : c->path;
  if (!target) {
    diag_addc(diags, DIAG_ERROR, DC_FILE_WRITE, NULL, 0, 0, NULL,
              "cannot save: no file name given");
    return false;
  }
  file_write_opts w = {0};
  if (o)
    w = *o;
  w.secret = model_has_secrets(c);
  w.stream = false; /* a save is atomic: never into a device or FIFO */
  size_t len = 0;
  char *text = config_to_yaml(c, &len);
  bool ok = file_write(target, text, len, &w, diags);
  free(text);
  return ok;
}

bool config_save(const config *c, const char *path, diag_list *diags) {
  return config_save_to(c, path, NULL, diags);
}
