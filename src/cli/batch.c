/* Per-user batch export: `appvpn export FILE --users USERS.csv -o DIR/`.
 *
 * The CSV's header names variables (userUID, userEmailAddress, ...); each
 * row gives one profile with them substituted wherever a variable may stand,
 * validated per row. All or nothing: the profiles are written into a new
 * private directory first; only when every row exported are they moved into
 * DIR (which is then the whole new directory when it did not exist). With
 * --keep-going a bad row is reported and skipped. docs/batch.md has the rules.
 */
/* sync() is XSI (POSIX with the X/Open extension; macOS has it too); on
 * Linux, syncfs() flushes only the file system the profiles are on. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE
#endif
#include "cli/cli.h"
#include "core/kinds.h"
#include "core/csv.h"
#include "core/util.h"
#include "core/validate.h"
#include "core/vars.h"
#include "io/config_io.h"
#include "io/export.h"
#include "io/sign.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define USERS_MAX_FILE (256u << 20)

/* The file name a row gets: the template with {column} replaced by the
 * row's value; '/', '\', control characters and a leading '.' become '_'.
 * NULL (with a message) when the template names no column of the CSV or
 * the result is empty. Caller frees. */
static char *row_file_name(const char *tmpl, const csv_table *t, size_t row, diag_list *d,
                           const char *csv, unsigned line) {
  strbuf b = STRBUF_INIT;
  for (const char *p = tmpl; *p;) {
    if (*p != '{') {
      strbuf_putc(&b, *p++);
      continue;
    }
    const char *close = strchr(p, '}');
    if (!close) {
      strbuf_putc(&b, *p++);
      continue;
    }
    size_t n = (size_t)(close - p - 1), col = t->n_cols;
    for (size_t c = 0; c < t->n_cols; c++)
      if (strlen(t->header[c]) == n && !strncmp(t->header[c], p + 1, n))
        col = c;
    if (col == t->n_cols) {
      diag_add(d, DIAG_ERROR, NULL, 0, 0, NULL,
               "--name: {%.*s} is not a column of %s (columns: see its first line)", (int)n, p + 1,
               csv);
      strbuf_free(&b);
      return NULL;
    }
    strbuf_puts(&b, csv_cell(t, row, col));
    p = close + 1;
  }
  char *s = strbuf_take(&b);
  for (char *q = s; *q; q++)
    if (*q == '/' || *q == '\\' || (unsigned char)*q < 0x20 || *q == 0x7F)
      *q = '_';
  if (s[0] == '.')
    s[0] = '_';
  if (!*s) {
    diag_add(d, DIAG_ERROR, csv, line, 0, NULL, "this row's file name is empty (--name %s)", tmpl);
    free(s);
    return NULL;
  }
  return s;
}

/* A new file NAME in the directory open as dir_fd. */
static bool write_new(int dir_fd, const char *name, const char *data, size_t len, mode_t mode) {
  int fd = openat(dir_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0)
    return false;
  size_t done = 0;
  while (done < len) {
    ssize_t w = write(fd, data + done, len - done);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0) {
      close(fd);
      return false;
    }
    done += (size_t)w;
  }
  return close(fd) == 0;
}

/* Durable before visible. One fsync per file costs milliseconds each on a
 * busy disk (minutes for 100,000 users), so the whole batch is flushed at
 * once when every file is written, then moved into place: with syncfs() on
 * Linux (the profiles' file system only, not every disk of a shared host),
 * else with sync(). */
static void flush_all(int dir_fd) {
#if defined(__linux__)
  if (syncfs(dir_fd) == 0)
    return;
#endif
  (void)dir_fd;
  sync();
}

/* ---- the template path ---------------------------------------------------
 *
 * Most configurations hold variables only in text fields (account, proxy
 * user, domains). Then every user's XML profile is the same text with the
 * variables' values in place: the profile is exported (and validated) once,
 * and each row substitutes into those bytes, after checking its values
 * where they land (the field's format, text an XML profile can hold). A
 * variable in an integer or switch field, or outside a variables field, or
 * a binary profile, takes the per-row export instead. */

typedef struct var_use {
  const desc_field *f;
  char *path;
  const char *text; /* borrowed from the configuration */
} var_use;

typedef struct var_scan {
  var_use *u;
  size_t n, cap;
  bool eligible;
} var_scan;

static void note_use(var_scan *vs, const desc_field *f, const char *path, const val *v) {
  if (!v || v->kind != VAL_STR || !vars_has_ref(v->u.str))
    return;
  if (!f->variables || !kind_of(f)->vars_as_text) {
    vs->eligible = false;
    return;
  }
  if (vs->n == vs->cap) {
    vs->cap = vs->cap ? vs->cap * 2 : 8;
    vs->u = xrealloc(vs->u, vs->cap * sizeof *vs->u);
  }
  vs->u[vs->n++] = (var_use){f, xstrdup(path), v->u.str};
}

static bool scan_fn(void *ud, const model_ctx *ctx, const desc_section *s, const desc_field *f,
                    const char *path, const val *v) {
  (void)ctx, (void)s;
  var_scan *vs = ud;
  if (!v)
    return true;
  if (v->kind == VAL_LIST) {
    for (size_t i = 0; kind_of(f)->shape != KSHAPE_RECORDS && i < v->u.list.n; i++)
      note_use(vs, f, path, v->u.list.v[i]);
  } else if (v->kind == VAL_MAP) {
    for (size_t i = 0; i < v->u.map.n; i++) {
      if (vars_has_ref(v->u.map.k[i]))
        vs->eligible = false; /* a key is not substituted */
      note_use(vs, f, path, v->u.map.v[i]);
    }
  } else {
    note_use(vs, f, path, v);
  }
  return true;
}

/* Can an XML 1.0 profile hold s? (No C0 control but tab and line breaks,
 * no U+FFFE/U+FFFF; UTF-8 was checked when the CSV was read.) */
static const char *xml_unsafe(const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p == 0x7F)
      return "a control character";
    if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
      return "U+FFFE/U+FFFF";
  }
  return NULL;
}

static void put_xml_escaped(strbuf *b, const char *s) {
  for (;;) {
    size_t plain = strcspn(s, "&<>");
    strbuf_putn(b, s, plain);
    s += plain;
    switch (*s) {
    case '&': strbuf_puts(b, "&amp;"); break;
    case '<': strbuf_puts(b, "&lt;"); break;
    case '>': strbuf_puts(b, "&gt;"); break;
    default: return;
    }
    s++;
  }
}

/* The profile text cut once into pieces: literal bytes, each followed by
 * the value of a CSV column (col < 0: none; a variable no column binds stays
 * as written, part of the literal). A row is then the pieces in order. */
typedef struct piece {
  size_t off, len; /* literal tmpl[off, off + len) */
  long col;        /* then this column's value, XML-escaped; -1 none */
} piece;

typedef struct cut {
  const csv_table *t;
  piece *p;
  size_t n, cap, done;
} cut;

static void cut_fn(void *ud, size_t off, size_t len, const char *name) {
  cut *c = ud;
  for (size_t k = 0; k < c->t->n_cols; k++) {
    if (strcmp(c->t->header[k], name) != 0)
      continue;
    if (c->n == c->cap) {
      c->cap = c->cap ? c->cap * 2 : 8;
      c->p = xrealloc(c->p, c->cap * sizeof *c->p);
    }
    c->p[c->n++] = (piece){c->done, off - c->done, (long)k};
    c->done = off + len;
    return;
  }
}

/* The pieces of tmpl (tlen bytes) for the columns of t; *n pieces, the
 * last one a literal tail. Caller frees. */
static piece *template_cut(const char *tmpl, size_t tlen, const csv_table *t, size_t *n) {
  cut c = {t, NULL, 0, 0, 0};
  vars_each_ref(tmpl, cut_fn, &c);
  c.p = xrealloc(c.p, (c.n + 1) * sizeof *c.p);
  c.p[c.n++] = (piece){c.done, tlen - c.done, -1};
  *n = c.n;
  return c.p;
}

/* One row through the template: its values checked where they land, then
 * substituted into the profile text. false (errors in rd) when a value does
 * not fit its field. */
static bool row_from_template(const var_scan *vs, const char *tmpl, const piece *pc, size_t n_pc,
                              const csv_table *t, size_t row, const var_binding *vb, size_t n_vb,
                              strbuf *out, const char *csv, unsigned line, diag_list *rd) {
  bool good = true;
  for (size_t i = 0; i < vs->n; i++) {
    char *v = vars_substitute(vs->u[i].text, vb, n_vb, NULL);
    const char *why = xml_unsafe(v);
    if (!why && vs->u[i].f->format != FMT_NONE && !vars_has_ref(v))
      validate_format(vs->u[i].f->format, v, &why);
    if (why) {
      diag_add(rd, DIAG_ERROR, csv, line, 0, vs->u[i].path, "%s would be '%s': %s", vs->u[i].path,
               v, why);
      good = false;
    }
    free(v);
  }
  if (!good)
    return false;
  out->len = 0;
  for (size_t i = 0; i < n_pc; i++) {
    strbuf_putn(out, tmpl + pc[i].off, pc[i].len);
    if (pc[i].col >= 0)
      put_xml_escaped(out, csv_cell(t, row, (size_t)pc[i].col));
  }
  return true;
}

int cli_export_batch(const cli *c, const config *cfg, const export_opts *base, const char *csv,
                     const char *out_dir, const char *name_tmpl, bool keep_going, bool secret,
                     const sign_identity *signer) {
  diag_list d = DIAG_LIST_INIT;
  size_t len = 0;
  int code = EXIT_OK;
  char *text = file_read_stream(csv, USERS_MAX_FILE, &len, &d);
  csv_table t = {0};
  char *stage = NULL, *default_name = NULL;
  char **names = NULL;
  size_t *slots = NULL, n_slots = 0, written = 0, bad_rows = 0;
  if (!text) {
    cli_print_diags(c, &d);
    diag_list_free(&d);
    return EXIT_IO;
  }
  if (!csv_parse(text, len, csv, &t, &d)) {
    cli_print_diags(c, &d);
    code = EXIT_INVALID;
    goto out;
  }
  if (!name_tmpl)
    name_tmpl = default_name = xasprintf("{%s}.mobileconfig", t.n_cols ? t.header[0] : "");
  /* the staging directory: beside DIR when DIR is new, else inside it */
  size_t dl = strlen(out_dir);
  char *dir = xstrdup(out_dir);
  while (dl > 1 && dir[dl - 1] == '/')
    dir[--dl] = 0;
  struct stat st;
  bool dir_exists = stat(dir, &st) == 0;
  if (dir_exists && !S_ISDIR(st.st_mode)) {
    fprintf(stderr, "appvpn export: %s is not a directory (--users writes one file per row)\n",
            cli_esc(dir));
    free(dir);
    code = EXIT_USAGE;
    goto out;
  }
  stage = dir_exists ? xasprintf("%s/.appvpn-batch-XXXXXX", dir)
                     : xasprintf("%s.appvpn-batch-XXXXXX", dir);
  if (!mkdtemp(stage)) {
    fprintf(stderr, "appvpn export: cannot create a directory beside %s: %s\n", cli_esc(dir),
            strerror(errno));
    free(stage);
    stage = NULL;
    free(dir);
    code = EXIT_IO;
    goto out;
  }
  int stage_fd = open(stage, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (stage_fd < 0) {
    fprintf(stderr, "appvpn export: %s: %s\n", cli_esc(stage), strerror(errno));
    free(dir);
    code = EXIT_IO;
    goto out;
  }
  /* names[r]: row r's file name (owned; NULL when it has none); ok[r]: written */
  names = xcalloc(t.n_rows ? t.n_rows : 1, sizeof *names);
  bool *ok = xcalloc(t.n_rows ? t.n_rows : 1, sizeof *ok);
  n_slots = 16;
  while (n_slots < t.n_rows * 2)
    n_slots *= 2;
  slots = xcalloc(n_slots, sizeof *slots);
  var_binding *vb = xcalloc(t.n_cols ? t.n_cols : 1, sizeof *vb);
  /* the template path when the configuration allows it (see above) */
  var_scan vs = {NULL, 0, 0, base->format == EXPORT_XML};
  model_each_visible(cfg, scan_fn, &vs);
  char *tmpl = NULL;
  size_t tmpl_len = 0;
  strbuf filled = STRBUF_INIT;
  piece *pieces = NULL;
  size_t n_pieces = 0;
  if (vs.eligible) {
    export_opts eo = *base;
    eo.vars = NULL;
    eo.n_vars = 0;
    diag_list td = DIAG_LIST_INIT;
    /* the configuration itself does not export: the same for every row */
    if (!export_profile(cfg, &eo, &tmpl, &tmpl_len, &td))
      code = EXIT_INVALID;
    else
      pieces = template_cut(tmpl, tmpl_len, &t, &n_pieces);
    cli_print_diags(c, &td);
    diag_list_free(&td);
  }
  for (size_t r = 0; r < t.n_rows && code == EXIT_OK; r++) {
    diag_list rd = DIAG_LIST_INIT;
    names[r] = row_file_name(name_tmpl, &t, r, &rd, csv, t.line[r]);
    bool usable = names[r] != NULL;
    if (usable) {
      /* two rows, one file: an error for the second */
      size_t at =
          (size_t)(util_hash64(UTIL_HASH64_INIT, names[r], strlen(names[r])) & (n_slots - 1));
      while (slots[at] && strcmp(names[slots[at] - 1], names[r]))
        at = (at + 1) & (n_slots - 1);
      if (slots[at]) {
        diag_add(&rd, DIAG_ERROR, csv, t.line[r], 0, NULL,
                 "this row's file %s is also line %u's (make --name unique, e.g. '{userUID}')",
                 names[r], t.line[slots[at] - 1]);
        usable = false;
      } else {
        slots[at] = r + 1;
      }
    }
    char *bytes = NULL; /* owned, or filled's */
    size_t blen = 0;
    bool owned = true;
    if (usable && tmpl) {
      for (size_t k = 0; k < t.n_cols; k++)
        vb[k] = (var_binding){t.header[k], csv_cell(&t, r, k)};
      if (row_from_template(&vs, tmpl, pieces, n_pieces, &t, r, vb, t.n_cols, &filled, csv,
                            t.line[r], &rd)) {
        strbuf_putc(&filled, 0); /* filled.s is never NULL then */
        blen = filled.len - 1;
        bytes = filled.s;
        owned = false;
      }
    } else if (usable) {
      for (size_t k = 0; k < t.n_cols; k++)
        vb[k] = (var_binding){t.header[k], csv_cell(&t, r, k)};
      export_opts eo = *base;
      eo.vars = vb;
      eo.n_vars = t.n_cols;
      diag_list ed = DIAG_LIST_INIT;
      if (!export_profile(cfg, &eo, &bytes, &blen, &ed))
        for (size_t i = 0; i < ed.n; i++)
          if (ed.items[i].level == DIAG_ERROR)
            diag_add(&rd, DIAG_ERROR, csv, t.line[r], 0, ed.items[i].field, "%s", ed.items[i].msg);
      diag_list_free(&ed);
    }
    if (bytes && signer) {
      size_t slen = 0;
      char *sb = sign_data(signer, bytes, blen, &slen, &rd);
      if (owned)
        free(bytes);
      bytes = sb;
      owned = true;
      blen = slen;
    }
    if (bytes) {
      if (!write_new(stage_fd, names[r], bytes, blen, secret ? 0600 : 0644)) {
        char *p = xasprintf("%s/%s", stage, names[r]);
        fprintf(stderr, "appvpn export: writing %s: %s\n", cli_esc(p), strerror(errno));
        free(p);
        code = EXIT_IO;
      } else {
        ok[r] = true;
        written++;
      }
      if (owned)
        free(bytes);
    } else {
      bad_rows++;
    }
    cli_print_diags(c, &rd);
    diag_list_free(&rd);
  }
  free(vb);
  free(tmpl);
  free(pieces);
  strbuf_free(&filled);
  for (size_t i = 0; i < vs.n; i++)
    free(vs.u[i].path);
  free(vs.u);
  if (code == EXIT_OK && bad_rows && keep_going) {
    code = EXIT_INVALID; /* written, but some rows were skipped: not a clean run */
  } else if (code == EXIT_OK && bad_rows) {
    fprintf(stderr,
            "appvpn export: %zu of %zu row%s failed; nothing written (--keep-going "
            "writes the others)\n",
            bad_rows, t.n_rows, t.n_rows == 1 ? "" : "s");
    code = EXIT_INVALID;
  }
  if (code == EXIT_OK || (code == EXIT_INVALID && keep_going && written)) {
    /* durable first, then visible: every file synced, then moved */
    flush_all(stage_fd);
    if (!dir_exists) {
      /* a new directory, as mkdir would make it (mkdtemp made it 0700) */
      mode_t mask = umask(0);
      umask(mask);
      chmod(stage, 0777 & ~mask);
      if (rename(stage, dir) != 0) {
        fprintf(stderr, "appvpn export: %s: %s\n", cli_esc(dir), strerror(errno));
        code = EXIT_IO;
      } else {
        free(stage);
        stage = NULL;
      }
    } else {
      for (size_t r = 0; r < t.n_rows && code != EXIT_IO; r++) {
        if (!ok[r])
          continue;
        char *from = xasprintf("%s/%s", stage, names[r]), *to = xasprintf("%s/%s", dir, names[r]);
        if (rename(from, to) != 0) {
          fprintf(stderr, "appvpn export: %s: %s\n", cli_esc(to), strerror(errno));
          code = EXIT_IO;
        }
        free(from);
        free(to);
      }
    }
    if (code != EXIT_IO && !c->quiet)
      fprintf(stderr, "appvpn export: %zu profile%s written to %s\n", written,
              written == 1 ? "" : "s", cli_esc(dir));
  }
  close(stage_fd);
  free(ok);
  free(dir);
out:
  cli_tmpdir_remove(stage); /* what is left of the staging directory */
  for (size_t r = 0; names && r < t.n_rows; r++)
    free(names[r]);
  free(names);
  free(slots);
  free(default_name);
  csv_free(&t);
  free(text);
  diag_list_free(&d);
  return code;
}
