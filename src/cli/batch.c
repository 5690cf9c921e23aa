/* Per-user batch export: `appvpn export FILE --users USERS.csv -o DIR/`.
 *
 * The CSV's header names variables (userUID, userEmailAddress, ...); each
 * row gives one profile with them substituted wherever a variable may stand,
 * validated per row. All or nothing: the profiles are written into a new
 * private directory first; only when every row exported are they moved into
 * DIR (which is then the whole new directory when it did not exist). With
 * --keep-going a bad row is reported and skipped. docs/batch.md has the rules.
 */
#include "cli/cli.h"
#include "core/csv.h"
#include "core/util.h"
#include "io/config_io.h"
#include "io/export.h"

#include <dirent.h>
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

static uint64_t hash_name(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++) {
    h ^= (unsigned char)*s;
    h *= 1099511628211ull;
  }
  return h;
}

static bool write_new(const char *path, const char *data, size_t len, mode_t mode) {
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
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

/* Removes a staging directory and what it holds. */
static void remove_tree(const char *dir) {
  DIR *d = opendir(dir);
  struct dirent *de;
  while (d && (de = readdir(d)) != NULL) {
    if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
      continue;
    char *p = xasprintf("%s/%s", dir, de->d_name);
    unlink(p);
    free(p);
  }
  if (d)
    closedir(d);
  rmdir(dir);
}

/* Durable before visible. One fsync per file costs milliseconds each on a
 * busy disk (minutes for 100,000 users), so the whole batch is flushed with
 * one sync() once every file is written, then moved into place. */
static void flush_all(void) {
  sync();
}

int cli_export_batch(const cli *c, const config *cfg, const export_opts *base, const char *csv,
                     const char *out_dir, const char *name_tmpl, bool keep_going, bool secret) {
  diag_list d = DIAG_LIST_INIT;
  size_t len = 0;
  int code = EXIT_OK;
  char *text = file_read_all(csv, USERS_MAX_FILE, &len, &d);
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
            dir);
    free(dir);
    code = EXIT_USAGE;
    goto out;
  }
  stage = dir_exists ? xasprintf("%s/.appvpn-batch-XXXXXX", dir)
                     : xasprintf("%s.appvpn-batch-XXXXXX", dir);
  if (!mkdtemp(stage)) {
    fprintf(stderr, "appvpn export: cannot create a directory beside %s: %s\n", dir,
            strerror(errno));
    free(stage);
    stage = NULL;
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
  for (size_t r = 0; r < t.n_rows && code != EXIT_IO; r++) {
    diag_list rd = DIAG_LIST_INIT;
    names[r] = row_file_name(name_tmpl, &t, r, &rd, csv, t.line[r]);
    bool usable = names[r] != NULL;
    if (usable) {
      /* two rows, one file: an error for the second */
      size_t at = (size_t)(hash_name(names[r]) & (n_slots - 1));
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
    char *bytes = NULL;
    size_t blen = 0;
    if (usable) {
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
    if (bytes) {
      char *p = xasprintf("%s/%s", stage, names[r]);
      if (!write_new(p, bytes, blen, secret ? 0600 : 0644)) {
        fprintf(stderr, "appvpn export: writing %s: %s\n", p, strerror(errno));
        code = EXIT_IO;
      } else {
        ok[r] = true;
        written++;
      }
      free(p);
      free(bytes);
    } else {
      bad_rows++;
    }
    cli_print_diags(c, &rd);
    diag_list_free(&rd);
  }
  free(vb);
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
    flush_all();
    if (!dir_exists) {
      /* a new directory, as mkdir would make it (mkdtemp made it 0700) */
      mode_t mask = umask(0);
      umask(mask);
      chmod(stage, 0777 & ~mask);
      if (rename(stage, dir) != 0) {
        fprintf(stderr, "appvpn export: %s: %s\n", dir, strerror(errno));
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
          fprintf(stderr, "appvpn export: %s: %s\n", to, strerror(errno));
          code = EXIT_IO;
        }
        free(from);
        free(to);
      }
    }
    if (code != EXIT_IO && !c->quiet)
      fprintf(stderr, "appvpn export: %zu profile%s written to %s\n", written,
              written == 1 ? "" : "s", dir);
  }
  free(ok);
  free(dir);
out:
  if (stage) {
    remove_tree(stage);
    free(stage);
  }
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
