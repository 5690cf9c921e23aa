/* The directory list. It draws its frame (a list, a detail line, a message
 * line and a key bar); keys, the terminal and scripts are the session's
 * (ui/session.h), the list keys, questions and inputs the shared widgets'
 * (ui/widgets.h), asked on the message line, nano style, so it works down to
 * a few lines. Opening a file hands the terminal (or, in the scripted test
 * mode, the rest of the key script) to the editor through ui_opts.open_file
 * and takes it back when the editor returns.
 */
/* Linux's renameat2(RENAME_NOREPLACE) is a GNU interface; dirfiles_rename()
 * falls back to POSIX elsewhere (and where the kernel or filesystem lacks it). */
#ifdef __linux__
#define _GNU_SOURCE
#endif
/* XSI: ncurses' wide-character input (get_wch), unless the ncurses build
 * flags have already chosen a level. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include "ui/dirlist.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

#include "core/text.h"
#include "core/util.h"
#include "core/uuid.h"
#include "core/validate.h"
#include "io/config_io.h"
#include "ui/dirfiles.h"
#include "ui/draw.h"
#include "ui/keys.h"
#include "ui/keytab.h"
#include "ui/recover.h"
#include "ui/ship.h"
#include "ui/session.h"
#include "ui/theme.h"
#include "ui/widgets.h"

#define DL_MIN_W 20
#define DL_MIN_H 5

typedef struct dl {
  const ui_opts *o;
  const char *dir;
  entry *v;
  size_t n, cur, top;
  ui_session ses; /* the terminal, the key source, the frame behind questions */
  ui_msg msg;     /* the message line */
  bool quit;
  bool help; /* the key help replaces the list until a key */
  int rc;
} dl;

/* ---------- the list ---------- */

/* Reads the directory again; the cursor stays on `keep` when it is there. */
static bool list_load(dl *d, const char *keep) {
  char *kept = keep ? xstrdup(keep) : (d->n ? xstrdup(d->v[d->cur].file) : NULL);
  dirfiles_free(d->v, d->n);
  d->v = NULL;
  d->n = 0;
  bool ok = dirfiles_load(d->o->set, d->dir, &d->v, &d->n);
  if (d->cur >= d->n)
    d->cur = d->n ? d->n - 1 : 0;
  for (size_t i = 0; kept && i < d->n; i++)
    if (!strcmp(d->v[i].file, kept))
      d->cur = i;
  free(kept);
  return ok;
}

/* ---------- drawing ---------- */

typedef struct layout {
  bool small;
  int list_y, rows;                    /* first list row, how many */
  int head_y, detail_y, msg_y, keys_y; /* -1 when left out */
  int file_w, name_w, type_w, server_w, status_w;
} layout;

/* Columns sized to what they hold; when they do not fit, type and server give
 * way before the file and configuration names. */
static layout get_layout(const dl *d) {
  layout l;
  memset(&l, 0, sizeof l);
  if (COLS < DL_MIN_W || LINES < DL_MIN_H) {
    l.small = true;
    return l;
  }
  bool roomy = LINES >= 10;
  l.keys_y = LINES - 1;
  l.msg_y = LINES - 2;
  l.detail_y = roomy ? LINES - 3 : -1;
  l.head_y = roomy ? 1 : -1;
  l.list_y = roomy ? 2 : 1;
  l.rows = (roomy ? l.detail_y : l.msg_y) - l.list_y;
  int avail = COLS - 2; /* the focus and problem marks */
  int want[5] = {5, 5, 5, 7, 7};
  for (size_t i = 0; i < d->n; i++) {
    const entry *en = &d->v[i];
    const char *cells[4] = {en->file, en->name, en->type, en->server};
    for (int c = 0; c < 4; c++) {
      int w = ui_cols(cells[c]) + 1;
      want[c] = w > want[c] ? w : want[c];
    }
    if (!en->usable || en->n_err || en->n_warn)
      want[4] = 11;
  }
  /* narrow terminals drop columns from the right, the file name stays */
  int ncol = avail >= 60 ? 5 : avail >= 34 ? 2 : 1;
  if (ncol < 5)
    want[2] = want[3] = want[4] = 0;
  if (ncol < 2)
    want[1] = 0;
  int sum = 0;
  for (int c = 0; c < 5; c++)
    sum += want[c];
  /* with too little room for both, the server goes (the detail line shows
   * it), then the type, before a name is cut */
  int left = avail - want[0] - want[1] - want[4];
  if (ncol == 5 && sum > avail && left < 20) {
    sum -= want[3];
    want[3] = 0;
    if (left < 8) {
      sum -= want[2];
      want[2] = 0;
    }
  }
  /* file and name stay whole while they can: type and server (the wider
   * first) give way down to a few columns, then file and name do */
  static const int order[2][2] = {{2, 3}, {0, 1}};
  static const int floor_w[2] = {7, 5};
  for (int g = 0; g < 2 && sum > avail; g++)
    while (sum > avail) {
      int a = order[g][0], b = order[g][1];
      int big = want[a] >= want[b] ? a : b;
      if (want[big] <= floor_w[g])
        break;
      want[big]--;
      sum--;
    }
  while (sum > avail) { /* still too wide: the widest gives way */
    int big = 0;
    for (int c = 1; c < 4; c++)
      if (want[c] > want[big])
        big = c;
    want[big]--;
    sum--;
  }
  int last = 3; /* spare room goes to the last text column shown */
  while (last > 0 && !want[last])
    last--;
  want[last] += avail - sum;
  l.file_w = want[0];
  l.name_w = want[1];
  l.type_w = want[2];
  l.server_w = want[3];
  l.status_w = want[4];
  return l;
}

static char *status_text(const entry *en) {
  if (!en->usable)
    return xstrdup("unusable");
  if (en->n_err)
    return xasprintf("%zu error%s", en->n_err, en->n_err == 1 ? "" : "s");
  if (en->n_warn)
    return xasprintf("%zu warning%s", en->n_warn, en->n_warn == 1 ? "" : "s");
  return xstrdup("valid");
}

/* The key bar, from the key table (ui/keytab.c). */
static void draw_keybar(dl *d, const layout *l) {
  const dirkey_def *defs[16];
  keyhint bar[16];
  bool ro = d->o->readonly;
  size_t n = dirkeys_bar(ro, defs, 16);
  for (size_t i = 0; i < n; i++)
    bar[i] = (keyhint){defs[i]->bar_key, ro ? defs[i]->view_label : defs[i]->bar_label};
  wg_keybar(l->keys_y, bar, n, WG_BAR_SPREAD);
}

static void draw(dl *d) {
  erase();
  layout l = get_layout(d);
  /* where the questions are asked (ui/widgets.h) */
  d->ses.msg_y = l.small ? -1 : l.msg_y;
  d->ses.above_y = l.small ? -1 : l.detail_y;
  d->ses.keys_y = l.small ? -1 : l.keys_y;
  if (l.small) {
    ui_put(0, 0, COLS, COLS >= 18 ? "terminal too small" : "too small", theme_attr(TH_NORMAL));
    curs_set(0);
    move(0, 0);
    return;
  }
  ui_fill(0, 0, COLS, theme_attr(TH_TITLE));
  char *t = xasprintf(" appvpn: %s (%zu configuration%s)%s", d->dir, d->n, d->n == 1 ? "" : "s",
                      d->o->readonly ? "  [read-only]" : "");
  ui_put_fit(d->ses.utf8, 0, 0, COLS, t, theme_attr(TH_TITLE));
  free(t);
  int xs[5], ws[5] = {l.file_w, l.name_w, l.type_w, l.server_w, l.status_w};
  xs[0] = 2;
  for (int i = 1; i < 5; i++)
    xs[i] = xs[i - 1] + ws[i - 1];
  if (l.head_y >= 0) {
    static const char *const heads[5] = {"File", "Name", "Type", "Server", "Status"};
    for (int i = 0; i < 5; i++)
      ui_put(l.head_y, xs[i], ws[i] - 1, heads[i], theme_attr(TH_LABEL) | A_BOLD);
  }
  if (d->help) {
    char *help = dirkeys_help(); /* from the key table (ui/keytab.c) */
    char *line = help;
    for (int i = 0; *line && i < LINES - 2; i++) {
      char *nl = strchr(line, '\n');
      if (nl)
        *nl = '\0';
      ui_fill(1 + i, 0, COLS, theme_attr(TH_NORMAL)); /* over the column heads */
      ui_put_fit(d->ses.utf8, 1 + i, 1, COLS - 2, line,
                 theme_attr(i ? TH_HELP : TH_LABEL) | (i ? 0 : A_BOLD));
      line = nl ? nl + 1 : line + strlen(line);
    }
    free(help);
    draw_keybar(d, &l);
    curs_set(0);
    return;
  }
  if (!d->n)
    ui_put_fit(d->ses.utf8, l.list_y, 2, COLS - 2,
               d->o->readonly ? "(no configurations here)"
                              : "(no configurations here: n makes a new one)",
               theme_attr(TH_DEFAULT));
  /* a message that needs more than two lines takes the list's last rows */
  int room = l.detail_y < 0 ? 0 : d->msg.text ? wg_message_rows(d->msg.text, 3) - 1 : 1;
  if (room < 1 && l.detail_y >= 0)
    room = 1;
  while (room > 1 && l.rows <= room - 1)
    room--; /* a row of the list stays */
  if (room > 1)
    l.rows -= room - 1;
  wg_list_scroll(&d->top, d->cur, l.rows > 0 ? (size_t)l.rows : 0);
  for (size_t i = d->top; i < d->n && i < d->top + (size_t)l.rows; i++) {
    const entry *en = &d->v[i];
    int y = l.list_y + (int)(i - d->top);
    bool cur = i == d->cur;
    int base = cur ? theme_attr(TH_FOCUS) : theme_attr(TH_NORMAL);
    if (cur)
      ui_fill(y, 0, COLS, base);
    ui_put(y, 0, 1, cur ? ">" : " ", base);
    char mark = !en->usable || en->n_err ? '!' : en->n_warn ? '?' : ' ';
    int mattr = cur ? base : theme_attr(mark == '!' ? TH_ERROR : TH_WARNING);
    if (mark != ' ')
      ui_put(y, 1, 1, mark == '!' ? "!" : "?", mattr | A_BOLD);
    const char *cells[4] = {en->file, en->name, en->type, en->server};
    for (int c = 0; c < 4; c++)
      if (ws[c] > 1)
        ui_put_fit(d->ses.utf8, y, xs[c], ws[c] - 1, cells[c],
                   c == 0 || cur ? base : theme_attr(TH_VALUE));
    if (ws[4] > 1) {
      char *s = status_text(en);
      ui_put_fit(d->ses.utf8, y, xs[4], ws[4], s,
                 cur           ? base
                 : mark == ' ' ? theme_attr(TH_DEFAULT)
                               : mattr);
      free(s);
    }
  }
  if (l.detail_y >= 0 && d->n) {
    /* what the row cannot show: the apps bound to the VPN, the first problem */
    const entry *en = &d->v[d->cur];
    strbuf b = STRBUF_INIT;
    if (en->has_save)
      strbuf_printf(&b, "%s.save holds unsaved changes (open to recover). ", en->file);
    if (l.type_w <= 1 && *en->type && en->usable) /* what the columns left out */
      strbuf_printf(&b, "%s%s%s. ", en->type, *en->server ? ", " : "", en->server);
    else if (l.server_w <= 1 && *en->server)
      strbuf_printf(&b, "Server %s. ", en->server);
    char *apps = dirfiles_apps(en, 3);
    strbuf_printf(&b, en->n_apps ? "Apps: %s." : "No apps bound.", apps);
    free(apps);
    if (en->problem)
      strbuf_printf(&b, " ! %s", en->problem);
    ui_put_fit(d->ses.utf8, l.detail_y, 1, COLS - 2, strbuf_str(&b), theme_attr(TH_HELP));
    strbuf_free(&b);
  }
  if (d->msg.text)
    wg_message(d->ses.utf8, l.msg_y, room, d->msg.text,
               theme_attr(d->msg.error ? TH_ERROR : TH_MESSAGE), NULL);
  draw_keybar(d, &l);
  curs_set(0);
  move(d->n ? l.list_y + (int)(d->cur - d->top) : l.list_y, 0);
}

static void frame(void *ctx) {
  draw(ctx);
}

/* Draws, then waits for the next key; K_EOF when the script ended or a
 * SIGHUP/SIGTERM arrived. */
static int next_key(dl *d) {
  for (;;) {
    draw(d);
    int k = session_key(&d->ses);
    if (k != K_RESIZE)
      return k;
  }
}

static bool term_start(dl *d) {
  return session_start(&d->ses, "directory list", false);
}

static void term_stop(dl *d) {
  session_stop(&d->ses);
}

/* y/n on the message line: true for y. */
static bool confirm(dl *d, const char *question) {
  return wg_ask(&d->ses, WG_LINE, question, "yn", NULL) == 'y';
}

/* One line of text on the message line; NULL when cancelled. Caller frees. */
static char *ask_line(dl *d, const char *question, const char *init) {
  return wg_input(&d->ses, WG_LINE, question, init);
}

/* A file name typed by the user, checked: no directories, ".yaml" added when
 * there is no .yaml/.yml ending. NULL (with a message) when unusable. */
static char *file_name_from(dl *d, const char *typed) {
  while (*typed == ' ')
    typed++;
  size_t n = strlen(typed);
  while (n && typed[n - 1] == ' ')
    n--;
  if (!n)
    return NULL;
  char *s = xstrndup(typed, n);
  if (strchr(s, '/') || s[0] == '.') {
    ui_msg_set(&d->msg, true, "%s: give a plain file name (no '/', not hidden)", s);
    free(s);
    return NULL;
  }
  if (!dirfiles_is_config_name(s)) {
    char *t = xasprintf("%s.yaml", s);
    free(s);
    s = t;
  }
  return s;
}

/* ---------- actions ---------- */

static bool refuse_view(dl *d);

/* b: every usable configuration of the list exported as one profile (ship.c),
 * signed when the settings file names an identity. */
static void act_bundle(dl *d) {
  if (refuse_view(d))
    return;
  const char **paths = xcalloc(d->n + 1, sizeof *paths);
  size_t n = 0;
  for (size_t i = 0; i < d->n; i++)
    if (d->v[i].usable)
      paths[n++] = dirfiles_path(d->dir, d->v[i].file);
  if (n == 0) {
    ui_msg_set(&d->msg, true, "no usable configuration to bundle");
    free(paths);
    return;
  }
  char *q = xasprintf("Bundle %zu configuration%s into:", n, n == 1 ? "" : "s");
  char *typed = ask_line(d, q, "bundle.mobileconfig");
  free(q);
  if (typed && *typed) {
    char *out = typed[0] == '/' ? xstrdup(typed) : dirfiles_path(d->dir, typed);
    char *msg = NULL;
    bool ok = ship_bundle(d->o->set, paths, n, out, &msg);
    ui_msg_set(&d->msg, !ok, "%s", msg ? msg : "");
    free(msg);
    free(out);
  } else {
    ui_msg_set(&d->msg, false, "bundle cancelled");
  }
  free(typed);
  for (size_t i = 0; i < n; i++)
    free((char *)paths[i]);
  free(paths);
}

static bool refuse_view(dl *d) {
  if (!d->o->readonly)
    return false;
  ui_msg_set(&d->msg, true, "read-only view: configurations can only be opened for viewing");
  return true;
}

/* Runs the editor on `file` in this terminal (or on the rest of the script). */
static void run_editor(dl *d, const char *file) {
  char *path = dirfiles_path(d->dir, file);
  ui_opts eo = *d->o;
  eo.path = path;
  if (d->ses.script_mode) {
    eo.keys = &d->ses.script;
    eo.dump_to = d->ses.dump ? d->ses.dump : stdout;
  }
  /* the editor sets up the terminal its own way; a screen kept across it
   * does not get its terminal modes back, so ours goes and comes back */
  term_stop(d);
  int rc = eo.open_file ? eo.open_file(&eo) : 2;
  if (!term_start(d)) {
    d->rc = 2;
    d->quit = true;
    free(path);
    return;
  }
  if (recover_signal()) {
    d->rc = rc;
    d->quit = true;
  } else if (rc != 0) {
    ui_msg_set(&d->msg, true, "%s: the editor stopped with status %d", file, rc);
  }
  free(path);
  list_load(d, file);
}

static void act_open(dl *d) {
  if (!d->n)
    return;
  entry *en = &d->v[d->cur];
  if (!en->usable) {
    ui_msg_set(&d->msg, true, "%s cannot be opened: %s", en->file,
               en->problem ? en->problem : "unusable");
    return;
  }
  char *file = xstrdup(en->file);
  run_editor(d, file);
  free(file);
}

static void act_new(dl *d) {
  if (refuse_view(d))
    return;
  char *def = dirfiles_unused(d->dir, "new.yaml", "");
  char *typed = ask_line(d, "New file name:", def);
  free(def);
  char *file = typed ? file_name_from(d, typed) : NULL;
  free(typed);
  if (!file)
    return;
  if (dirfiles_exists(d->dir, file)) {
    ui_msg_set(&d->msg, true, "%s already exists: choose another name", file);
    free(file);
    return;
  }
  run_editor(d, file); /* a file that does not exist yet: the editor asks the type */
  if (!d->quit && !dirfiles_exists(d->dir, file))
    ui_msg_set(&d->msg, false, "%s was not saved", file);
  free(file);
}

bool dirlist_make_clone(config *c) {
  diag_list d = DIAG_LIST_INIT;
  bool ok = model_make_clone(c, &d);
  diag_list_free(&d);
  return ok;
}

static bool identifier_taken(const dl *d, const char *id) {
  for (size_t i = 0; i < d->n; i++)
    if (!strcmp(d->v[i].identifier, id))
      return true;
  return false;
}

static void act_clone(dl *d) {
  if (!d->n || refuse_view(d))
    return;
  entry *en = &d->v[d->cur];
  if (!en->usable) {
    ui_msg_set(&d->msg, true, "%s cannot be cloned: %s", en->file,
               en->problem ? en->problem : "unusable");
    return;
  }
  char *def = dirfiles_unused(d->dir, en->file, "-copy");
  char *q = xasprintf("Clone %s to:", en->file);
  char *typed = ask_line(d, q, def);
  free(q);
  free(def);
  char *file = typed ? file_name_from(d, typed) : NULL;
  free(typed);
  if (!file)
    return;
  en = &d->v[d->cur];
  if (dirfiles_exists(d->dir, file)) {
    ui_msg_set(&d->msg, true, "%s already exists: nothing copied", file);
    free(file);
    return;
  }
  char *src = dirfiles_path(d->dir, en->file), *dst = dirfiles_path(d->dir, file);
  diag_list dg = DIAG_LIST_INIT;
  config *c = config_load(d->o->set, src, &dg);
  if (!c) {
    ui_msg_from_diags(&d->msg, &dg, "cannot read the original");
  } else if (!dirlist_make_clone(c)) {
    ui_msg_set(&d->msg, true, "no randomness for new UUIDs: nothing copied");
  } else {
    /* two configurations with one identifier would replace each other's profile */
    const val *id = val_get_path(c->root, "identifier");
    if (id && id->kind == VAL_STR)
      for (unsigned i = 2; identifier_taken(d, id->u.str) && i < 1000; i++) {
        const char *base = en->identifier;
        model_set(c, "identifier", val_new_str_take(xasprintf("%s.copy%u", base, i)), NULL);
        id = val_get_path(c->root, "identifier");
      }
    diag_list_clear(&dg);
    file_write_opts wo = {.exclusive = true}; /* a file that appeared meanwhile is kept */
    if (config_save_to(c, dst, &wo, &dg)) {
      size_t n_apps = en->n_apps;
      char *from = xstrdup(en->file);
      list_load(d, file);
      if (n_apps)
        ui_msg_set(
            &d->msg, false,
            "%s: a copy of %s with new UUIDs; it lists the same apps (bind each app to one VPN)",
            file, from);
      else
        ui_msg_set(&d->msg, false, "%s: a copy of %s with new UUIDs", file, from);
      free(from);
    } else {
      ui_msg_from_diags(&d->msg, &dg, "copy failed");
    }
  }
  config_free(c);
  diag_list_free(&dg);
  free(src);
  free(dst);
  free(file);
}

static void act_rename(dl *d) {
  if (!d->n || refuse_view(d))
    return;
  char *old = xstrdup(d->v[d->cur].file);
  char *q = xasprintf("Rename %s to:", old);
  char *typed = ask_line(d, q, old);
  free(q);
  char *file = typed ? file_name_from(d, typed) : NULL;
  free(typed);
  if (!file || !strcmp(file, old)) {
    free(file);
    free(old);
    return;
  }
  char *from = dirfiles_path(d->dir, old), *to = dirfiles_path(d->dir, file);
  if (dirfiles_rename(from, to) != 0) {
    if (errno == EEXIST)
      ui_msg_set(&d->msg, true, "%s already exists: not renamed", file);
    else
      ui_msg_set(&d->msg, true, "cannot rename %s: %s", old, strerror(errno));
  } else {
    /* unsaved changes from a hang-up follow the file */
    char *fs = recover_path(from), *ts = recover_path(to);
    struct stat st;
    if (stat(fs, &st) == 0)
      dirfiles_rename(fs, ts);
    free(fs);
    free(ts);
    list_load(d, file);
    ui_msg_set(&d->msg, false, "renamed %s to %s", old, file);
  }
  free(from);
  free(to);
  free(file);
  free(old);
}

static void act_delete(dl *d) {
  if (!d->n || refuse_view(d))
    return;
  entry *en = &d->v[d->cur];
  char *apps = dirfiles_apps(en, 3);
  char *q = en->n_apps ? xasprintf("Delete %s? %s will lose %s VPN (y/n)", en->file, apps,
                                   en->n_apps == 1 ? "its" : "their")
                       : xasprintf("Delete %s? No apps are bound to it (y/n)", en->file);
  free(apps);
  char *file = xstrdup(en->file);
  bool yes = confirm(d, q);
  free(q);
  if (yes) {
    char *p = dirfiles_path(d->dir, file);
    if (unlink(p) != 0) {
      ui_msg_set(&d->msg, true, "cannot delete %s: %s", file, strerror(errno));
    } else {
      diag_list dg = DIAG_LIST_INIT;
      recover_discard(p, &dg); /* its unsaved changes would be orphans */
      diag_list_free(&dg);
      list_load(d, NULL);
      ui_msg_set(&d->msg, false, "deleted %s", file);
    }
    free(p);
  } else {
    ui_msg_set(&d->msg, false, "nothing deleted");
  }
  free(file);
}

static void handle(dl *d, int k) {
  ui_msg_clear(&d->msg);
  if (d->help) {
    d->help = false;
    return;
  }
  layout l = get_layout(d);
  size_t page = l.rows > 1 ? (size_t)l.rows - 1 : 1;
  if (wg_list_key(&d->cur, d->n, page, k))
    return;
  switch (dirkeys_action(k)) { /* the keys are the table's (ui/keytab.c) */
  case DK_OPEN: act_open(d); return;
  case DK_NEW: act_new(d); return;
  case DK_CLONE: act_clone(d); return;
  case DK_RENAME: act_rename(d); return;
  case DK_DELETE: act_delete(d); return;
  case DK_BUNDLE: act_bundle(d); return;
  case DK_RELOAD:
    clearok(curscr, TRUE);
    list_load(d, NULL);
    return;
  case DK_HELP: d->help = true; return;
  case DK_QUIT: d->quit = true; return;
  case DK_NONE:
  case DK_MOVE: return;
  }
}

int dirlist_run(const ui_opts *o) {
  dl st;
  memset(&st, 0, sizeof st);
  dl *d = &st;
  d->o = o;
  d->dir = o->path;
  diag_list dg = DIAG_LIST_INIT;
  session_init(&d->ses);
  d->ses.min_w = DL_MIN_W;
  d->ses.min_h = DL_MIN_H;
  d->ses.draw = frame;
  d->ses.ctx = d;

  if (!session_theme(&d->ses, o->theme, &dg)) {
    diag_list_print(&dg, stderr);
    d->rc = 2;
    goto out;
  }
  if (o->script && (d->rc = session_load_script(&d->ses, o->script, o->dump)) != 0)
    goto out;
  if (!list_load(d, NULL)) {
    char *p = text_escape(d->dir);
    fprintf(stderr, "appvpn: %s: %s\n", p, strerror(errno));
    free(p);
    d->rc = 3;
    goto out;
  }
  if (!term_start(d)) {
    d->rc = 2;
    goto out;
  }
  if (o->readonly)
    ui_msg_set(&d->msg, false, "read-only view: Enter opens a configuration for viewing");
  while (!d->quit) {
    int k = next_key(d);
    if (k == K_EOF)
      break;
    if (COLS < DL_MIN_W || LINES < DL_MIN_H) {
      if (dirkeys_action(k) == DK_QUIT)
        d->quit = true;
      continue;
    }
    handle(d, k);
  }
  term_stop(d);

out:
  if (recover_signal() && !d->rc)
    d->rc = 128 + recover_signal();
  dirfiles_free(d->v, d->n);
  session_free(&d->ses);
  ui_msg_clear(&d->msg);
  diag_list_free(&dg);
  return d->rc;
}
