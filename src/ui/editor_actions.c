/* What the editor's commands do: Enter on a row, save, reload, export,
 * preview, the problems list, find, help and quit.
 */
#include "ui/editor_int.h"

#include "core/expr.h"
#include "ui/ship.h"

/* ---------- actions ---------- */

bool ed_refuse_view(editor *e) {
  if (!e->o->readonly)
    return false;
  ui_msg_set(&e->msg, true, "read-only view: nothing can be changed");
  return true;
}

const desc_type *ed_choose_type(editor *e, const desc_type *cur) {
  const desc_set *set = e->o->set;
  pick_item *it = xcalloc(set->n_types, sizeof *it);
  size_t sel = 0;
  for (size_t i = 0; i < set->n_types; i++) {
    it[i].label = set->types[i].label;
    it[i].desc = set->types[i].summary;
    it[i].key = set->types[i].id;
    if (&set->types[i] == cur)
      sel = i;
  }
  int r = ed_pick(e, "Connection type", it, set->n_types, sel, true);
  free(it);
  return r < 0 ? NULL : &set->types[r];
}

static void do_choice(editor *e, const form_row *r) {
  const desc_field *fd = r->field;
  diag_list d = DIAG_LIST_INIT;
  if (str_eq(fd->id, "type") && e->f->depth == 0) {
    const desc_type *t = ed_choose_type(e, e->cfg->type);
    if (t && t != e->cfg->type) {
      form_choose(e->f, t->id, &d);
      ui_msg_set(&e->msg, false, "type is now %s; values of other types are kept", t->label);
    }
  } else {
    pick_item *it = xcalloc(fd->n_choices ? fd->n_choices : 1, sizeof *it);
    model_ctx ctx = form_row_ctx(e->f, r);
    const val *v = model_value(&ctx, fd);
    size_t sel = 0;
    for (size_t i = 0; i < fd->n_choices; i++) {
      it[i].label = fd->choices[i].label ? fd->choices[i].label : fd->choices[i].value;
      it[i].desc = fd->choices[i].help;
      it[i].key = fd->choices[i].value;
      if (v && v->kind == VAL_STR && str_eq(v->u.str, fd->choices[i].value))
        sel = i;
    }
    int k = ed_pick(e, fd->label, it, fd->n_choices, sel, true);
    if (k >= 0)
      form_choose(e->f, fd->choices[k].value, &d);
    free(it);
  }
  ui_msg_from_diags(&e->msg, &d, NULL);
  diag_list_free(&d);
}

void ed_begin_edit(editor *e) {
  if (form_edit_begin(e->f)) {
    e->hscroll = 0;
    ui_msg_clear(&e->msg);
  }
}

bool ed_text_like(const desc_field *fd) {
  return field_ui_of(fd)->edit == FE_LINE;
}

/* Focus the ADD row of the focused row's list field. */
bool ed_focus_add_row(editor *e) {
  form *f = e->f;
  return form_focus_add(f);
}

void ed_act_enter(editor *e) {
  form *f = e->f;
  const form_row *r = form_focused(f);
  if (!r)
    return;
  const desc_field *fd = r->field;
  field_edit how = field_ui_of(fd)->edit;
  if (r->kind == FROW_ITEM && how == FE_RECORDS) {
    form_record_enter(f);
    return;
  }
  if (r->kind == FROW_FIELD && (how == FE_ITEMS || how == FE_RECORDS)) {
    form_move(f, 1);
    return;
  }
  if (ed_refuse_view(e))
    return;
  if (fd->readonly && r->kind == FROW_FIELD) {
    ui_msg_set(&e->msg, true, "%s is fixed: it was made once and must not change", fd->label);
    return;
  }
  if (r->kind == FROW_ADD && how == FE_RECORDS) {
    form_record_add(f);
    return;
  }
  if (r->kind == FROW_FIELD && how == FE_TOGGLE) {
    form_toggle(f);
    return;
  }
  if (r->kind == FROW_FIELD && (how == FE_PICK || str_eq(fd->id, "type"))) {
    do_choice(e, r);
    return;
  }
  ed_begin_edit(e);
}

typedef struct hidden_names {
  strbuf b;
  size_t n;
} hidden_names;

static void hidden_name_fn(void *ud, const char *path, const desc_field *f, const val *v,
                           const char *why) {
  (void)f, (void)v, (void)why;
  hidden_names *h = ud;
  if (h->n++ < 3)
    strbuf_printf(&h->b, "%s%s", h->n > 1 ? ", " : "", path);
}

/* Writes the configuration to path and says so, naming the values a save
 * leaves out because their field is hidden now. */
static bool save_to(editor *e, const char *path) {
  diag_list d = DIAG_LIST_INIT;
  /* The same lock as `appvpn set`: a save never interleaves with one. */
  file_lock *lk = path ? file_lock_take(path, FILE_LOCK_WAIT_MS, &d) : NULL;
  bool ok = (lk || !path) && config_save(e->cfg, path, &d);
  file_lock_release(lk);
  if (!ok) {
    ui_msg_from_diags(&e->msg, &d, "save failed");
    diag_list_free(&d);
    return false;
  }
  diag_list_free(&d);
  if (path != e->cfg->path) {
    free(e->cfg->path);
    e->cfg->path = xstrdup(path);
  }
  form_mark_saved(e->f);
  file_ident_read(e->cfg->path, &e->disk);
  if (e->recovered) {
    /* the recovered changes are on disk now: their FILE.save has done its work */
    recover_discard(e->cfg->path, &d);
    diag_list_free(&d);
    e->recovered = false;
  }
  hidden_names h = {STRBUF_INIT, 0};
  model_each_hidden(e->cfg, hidden_name_fn, &h);
  size_t ne = diag_count(&e->f->problems, DIAG_ERROR);
  strbuf m = STRBUF_INIT;
  strbuf_printf(&m, "saved %s", e->cfg->path);
  if (h.n) {
    strbuf_printf(&m, "; hidden, so not written: %s", strbuf_str(&h.b));
    if (h.n > 3)
      strbuf_printf(&m, " and %zu more", h.n - 3);
    strbuf_puts(&m, " (^Z undoes the last change)");
  }
  if (ne)
    strbuf_printf(&m, " (%zu error%s left: ^E lists them)", ne, ne == 1 ? "" : "s");
  ui_msg_set(&e->msg, h.n > 0, "%s", strbuf_str(&m));
  strbuf_free(&m);
  strbuf_free(&h.b);
  return true;
}

/* Replaces what is being edited by the file as it is on disk now. */
static void reload(editor *e) {
  diag_list d = DIAG_LIST_INIT;
  file_ident now;
  file_ident_read(e->cfg->path, &now);
  config *c = now.exists ? config_load(e->o->set, e->cfg->path, &d) : NULL;
  if (!c || !c->type) {
    config_free(c);
    ui_msg_from_diags(&e->msg, &d, now.exists ? "cannot reload" : "the file is gone from disk");
    diag_list_free(&d);
    return;
  }
  form_free(e->f);
  config_free(e->cfg);
  e->cfg = c;
  e->f = form_new(c);
  form_rebuild(e->f);
  e->disk = now;
  ui_msg_set(&e->msg, false, "reloaded %s from disk; your changes were dropped", c->path);
  diag_list_free(&d);
}

/* Asks before path is replaced: refuses the open configuration itself
 * (unless allow_self), asks when something else is there. */
static bool may_write(editor *e, const char *path, bool allow_self) {
  file_ident there, self;
  if (!file_ident_read(path, &there)) {
    ui_msg_set(&e->msg, true, "%s cannot be read: %s", path, strerror(errno));
    return false;
  }
  if (!there.exists)
    return true;
  file_ident_read(e->cfg->path, &self);
  if (file_ident_same_file(&there, &self) || file_ident_same_file(&there, &e->disk)) {
    if (allow_self)
      return true;
    ui_msg_set(&e->msg, true, "%s is the configuration being edited: choose another name", path);
    return false;
  }
  char *q = xasprintf("%s exists. Replace it?", path);
  int k = ed_ask(e, q, "yn", "y: replace it   n/Esc: cancel");
  free(q);
  if (k != 'y')
    ui_msg_set(&e->msg, false, "nothing written");
  return k == 'y';
}

static void save_as(editor *e) {
  char *path = ed_prompt_line(e, "Save as", e->cfg->path ? e->cfg->path : "");
  if (path && *path && may_write(e, path, true))
    save_to(e, path);
  else if (!path || !*path)
    ui_msg_set(&e->msg, false, "not saved");
  free(path);
}

void ed_act_save(editor *e) {
  if (ed_refuse_view(e))
    return;
  file_ident now;
  if (file_ident_read(e->cfg->path, &now) && file_ident_changed(&e->disk, &now)) {
    /* someone changed (or made, or removed) the file since it was opened */
    char *q = xasprintf("%s %s on disk since you opened it", e->cfg->path,
                        !now.exists      ? "was removed"
                        : e->disk.exists ? "changed"
                                         : "was created");
    int k =
        ed_ask(e, q, "roa",
               "r: reload it (drop your changes)   o: overwrite it   a: save as...   Esc: cancel");
    free(q);
    if (k == 'r')
      reload(e);
    else if (k == 'a')
      save_as(e);
    else if (k == 'o')
      save_to(e, e->cfg->path);
    else
      ui_msg_set(&e->msg, false, "not saved: the file on disk is as the other change left it");
    return;
  }
  save_to(e, e->cfg->path);
}

static char *problems_text(const diag_list *l, diag_level min) {
  strbuf b = STRBUF_INIT;
  for (size_t i = 0; i < l->n; i++) {
    if (l->items[i].level > min)
      continue;
    char *s = diag_format(&l->items[i]);
    strbuf_puts(&b, s);
    strbuf_putc(&b, '\n');
    free(s);
  }
  return strbuf_take(&b);
}

/* The sizes of the files the configuration embeds (a PKCS#12 identity), in
 * field order, as export would read them (relative to the configuration's
 * directory); -1 for a file that is not there. The preview does not read
 * them, so its <data> for them is empty. Returns how many. */
static size_t embed_sizes(editor *e, long long *out, size_t max) {
  size_t n = 0;
  const desc_type *t = e->cfg->type;
  for (size_t i = 0; t && i < t->n_sections; i++)
    for (size_t j = 0; j < t->sections[i].n_fields && n < max; j++) {
      const desc_field *fd = &t->sections[i].fields[j];
      const val *v = fd->embed ? form_get_path(e->f, fd->id) : NULL;
      if (!v || v->kind != VAL_STR || !*v->u.str)
        continue;
      const char *p = e->cfg->path ? e->cfg->path : "";
      const char *sl = strrchr(p, '/');
      char *full = v->u.str[0] == '/' || !sl ? xstrdup(v->u.str)
                                             : xasprintf("%.*s/%s", (int)(sl - p), p, v->u.str);
      struct stat st;
      out[n++] = stat(full, &st) == 0 && S_ISREG(st.st_mode) ? (long long)st.st_size : -1;
      free(full);
    }
  return n;
}

/* The preview's <data> elements (a certificate, a PKCS#12 identity) as
 * "<data: N bytes>" on one line: pages of base64 tell a reader nothing.
 * Empty ones are the embedded files, sized from `sizes`. */
static char *fold_data(const char *xml, const long long *sizes, size_t n_sizes) {
  strbuf b = STRBUF_INIT;
  const char *p = xml;
  size_t used = 0;
  for (const char *open; (open = strstr(p, "<data>"));) {
    const char *close = strstr(open, "</data>");
    if (!close)
      break;
    size_t chars = 0, pad = 0;
    for (const char *q = open + 6; q < close; q++)
      if ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') ||
          *q == '+' || *q == '/')
        chars++;
      else if (*q == '=')
        pad++;
    strbuf_putn(&b, p, (size_t)(open - p));
    long long file = !chars && used < n_sizes ? sizes[used++] : -1;
    if (chars)
      strbuf_printf(&b, "<data: %zu bytes>", (chars + pad) / 4 * 3 - pad);
    else if (file >= 0) /* a preview does not read files: the file's size */
      strbuf_printf(&b, "<data: %lld bytes>", file);
    else
      strbuf_puts(&b, "<data: the file's bytes, read on export>");
    p = close + 7;
  }
  strbuf_puts(&b, p);
  return strbuf_take(&b);
}

void ed_act_preview(editor *e) {
  export_opts eo;
  memset(&eo, 0, sizeof eo);
  eo.format = EXPORT_XML;
  eo.mask_secrets = true;
  eo.draft = true; /* show what there is; export itself still refuses */
  char *out = NULL;
  size_t len = 0;
  diag_list d = DIAG_LIST_INIT;
  bool made = export_profile(e->cfg, &eo, &out, &len, &d);
  if (out) {
    long long sizes[8];
    size_t n_sizes = embed_sizes(e, sizes, 8);
    char *folded = fold_data(out, sizes, n_sizes);
    free(out);
    out = folded;
  }
  if (made && !diag_count(&d, DIAG_ERROR)) {
    ed_text_view(e, "Preview (secrets masked)", out);
  } else if (out) {
    char *p = problems_text(&d, DIAG_ERROR);
    char *t = xasprintf("Incomplete: export refuses while these errors remain; what is set so "
                        "far would export as below.\n\n%s\n%s",
                        p, out);
    ed_text_view(e, "Preview (draft, secrets masked)", t);
    free(t);
    free(p);
  } else {
    char *p = problems_text(&d, DIAG_ERROR);
    char *t = xasprintf("Nothing to preview:\n\n%s", p);
    ed_text_view(e, "Preview", t);
    free(t);
    free(p);
  }
  free(out);
  diag_list_free(&d);
}

static char *default_export_path(editor *e) {
  const val *nm = form_get_path(e->f, "name");
  char *slug = model_slug(nm && nm->kind == VAL_STR ? nm->u.str : "");
  const char *p = e->cfg->path ? e->cfg->path : "";
  const char *sl = strrchr(p, '/');
  char *out = sl ? xasprintf("%.*s/%s.mobileconfig", (int)(sl - p), p, slug)
                 : xasprintf("%s.mobileconfig", slug);
  free(slug);
  return out;
}

void ed_act_export(editor *e) {
  if (ed_refuse_view(e))
    return;
  form_validate(e->f);
  size_t ne = diag_count(&e->f->problems, DIAG_ERROR);
  if (ne) {
    char *p = problems_text(&e->f->problems, DIAG_ERROR);
    char *t = xasprintf("Export refused: %zu error%s to fix first (^E jumps to each):\n\n%s", ne,
                        ne == 1 ? "" : "s", p);
    ed_text_view(e, "Export", t);
    free(t);
    free(p);
    ui_msg_set(&e->msg, true, "export refused: %zu error%s", ne, ne == 1 ? "" : "s");
    return;
  }
  char *def = default_export_path(e);
  char *path = ed_prompt_line(e, "Export profile to", def);
  free(def);
  if (!path || !*path) {
    free(path);
    ui_msg_set(&e->msg, false, "export cancelled");
    return;
  }
  if (!may_write(e, path, false)) {
    free(path);
    return;
  }
  export_opts eo;
  memset(&eo, 0, sizeof eo);
  eo.format = EXPORT_XML;
  char *out = NULL;
  size_t len = 0;
  diag_list d = DIAG_LIST_INIT;
  char *signed_note = NULL; /* signing from the settings file (ship.c) */
  if (!export_profile(e->cfg, &eo, &out, &len, &d)) {
    char *p = problems_text(&d, DIAG_ERROR);
    ed_text_view(e, "Export refused", p);
    free(p);
    ui_msg_from_diags(&e->msg, &d, "export failed");
  } else if (!ship_sign(&out, &len, &signed_note)) {
    ui_msg_set(&e->msg, true, "export refused: %s", signed_note);
  } else {
    /* Into a device or FIFO, never replacing one; never over the open
     * configuration itself (docs/files.md). */
    struct stat self;
    file_write_opts o = {.secret = model_has_secrets(e->cfg), .stream = true};
    if (e->cfg->path && stat(e->cfg->path, &self) == 0)
      o.refuse_same_as = &self;
    if (file_write(path, out, len, &o, &d))
      ui_msg_set(&e->msg, false, "exported %s%s%s", path, signed_note ? ", " : "",
                 signed_note ? signed_note : "");
    else
      ui_msg_from_diags(&e->msg, &d, "export failed");
  }
  free(signed_note);
  free(out);
  free(path);
  diag_list_free(&d);
}

void ed_act_problems(editor *e) {
  form_validate(e->f);
  const diag_list *l = &e->f->problems;
  if (!l->n) {
    ui_msg_set(&e->msg, false, "no problems");
    return;
  }
  pick_item *it = xcalloc(l->n, sizeof *it);
  char **labels = xcalloc(l->n, sizeof *labels);
  for (size_t i = 0; i < l->n; i++) {
    const diag *d = &l->items[i];
    labels[i] = xasprintf("%c %s",
                          d->level == DIAG_ERROR     ? '!'
                          : d->level == DIAG_WARNING ? '?'
                                                     : ' ',
                          d->msg);
    it[i].label = labels[i];
    it[i].desc = d->field;
    it[i].note = d->msg; /* in full under the list: the row may cut it */
  }
  int k = ed_pick(e, "Problems (Enter jumps to the field)", it, l->n, 0, false);
  if (k >= 0) {
    char *path = l->items[k].field ? xstrdup(l->items[k].field) : NULL;
    if (!path || !form_goto_path(e->f, path))
      ui_msg_set(&e->msg, true, "this problem is not about one field");
    free(path);
  }
  for (size_t i = 0; i < e->f->problems.n && i < l->n; i++)
    free(labels[i]);
  free(labels);
  free(it);
}

/* ^F: any setting of the type by its label or YAML key. */
void ed_act_find(editor *e) {
  const desc_type *t = e->cfg->type;
  form *f = e->f;
  /* inside a record: that record's fields; else every field of the type */
  const form_frame *fr = f->depth ? &f->stack[f->depth - 1] : NULL;
  size_t n = 0;
  if (fr)
    n = fr->field->n_fields;
  else
    for (size_t i = 0; i < t->n_sections; i++)
      n += t->sections[i].n_fields;
  /* values inside lists (outside records): found by what is typed */
  size_t nvals = 0;
  for (size_t i = 0; !fr && i < t->n_sections; i++)
    for (size_t j = 0; form_section_visible(f, i) && j < t->sections[i].n_fields; j++) {
      const desc_field *fd = &t->sections[i].fields[j];
      const val *v = field_ui_of(fd)->item_values ? form_get_path(f, fd->id) : NULL;
      if (v && v->kind == VAL_LIST)
        nvals += v->u.list.n;
    }
  size_t total = n + nvals;
  pick_item *it = xcalloc(total ? total : 1, sizeof *it);
  char **descs = xcalloc(n ? n : 1, sizeof *descs);
  char **paths = xcalloc(n ? n : 1, sizeof *paths);
  const desc_field **vfield = xcalloc(nvals ? nvals : 1, sizeof *vfield);
  size_t *vindex = xcalloc(nvals ? nvals : 1, sizeof *vindex);
  size_t k = 0;
  for (size_t i = 0; !fr && i < t->n_sections; i++)
    for (size_t j = 0; j < t->sections[i].n_fields; j++) {
      const desc_field *fd = &t->sections[i].fields[j];
      descs[k] = xasprintf("%s: %s", t->sections[i].title, fd->id);
      it[k].label = fd->label;
      it[k].desc = descs[k];
      it[k].key = fd->id;
      paths[k++] = xstrdup(fd->id);
    }
  for (size_t j = 0; fr && j < fr->field->n_fields; j++) {
    const desc_field *fd = &fr->field->fields[j];
    descs[k] = xasprintf("%s: %s", fr->field->label, fd->id);
    it[k].label = fd->label;
    it[k].desc = descs[k];
    it[k].key = fd->id;
    paths[k++] = xasprintf("%s.%s", fr->path, fd->id);
  }
  size_t kv = 0;
  for (size_t i = 0; !fr && i < t->n_sections; i++) {
    if (!form_section_visible(f, i))
      continue;
    for (size_t j = 0; j < t->sections[i].n_fields; j++) {
      const desc_field *fd = &t->sections[i].fields[j];
      const val *v = field_ui_of(fd)->item_values ? form_get_path(f, fd->id) : NULL;
      for (size_t m = 0; v && v->kind == VAL_LIST && m < v->u.list.n && kv < nvals; m++) {
        if (v->u.list.v[m]->kind != VAL_STR)
          continue;
        pick_item *p = &it[n + kv];
        p->label = v->u.list.v[m]->u.str;
        p->desc = fd->label;
        p->when_typed = true;
        vfield[kv] = fd;
        vindex[kv++] = m;
      }
    }
  }
  int r = ed_pick(e, "Find a setting (label or key) or a value in a list", it, n + kv, 0, true);
  if (r >= 0 && (size_t)r >= n) {
    char *ip = xasprintf("%s[%zu]", vfield[r - (int)n]->id, vindex[r - (int)n]);
    if (!form_goto_path(f, ip))
      ui_msg_set(&e->msg, true, "%s is hidden now (^T shows hidden fields)",
                 vfield[r - (int)n]->label);
    free(ip);
  } else if (r >= 0 && !form_goto_path(f, paths[r])) {
    ui_msg_set(&e->msg, true, "%s is hidden now (^T shows hidden fields)", it[r].label);
  }
  free(vfield);
  free(vindex);
  for (size_t i = 0; i < k; i++) {
    free(descs[i]);
    free(paths[i]);
  }
  free(descs);
  free(paths);
  free(it);
}

/* A field's show: condition in words, "Proxy Setup is Manual", when it is
 * a plain conjunction of fields and values; NULL otherwise. */
typedef struct cond_words {
  editor *e;
  const desc_field *rf; /* inside a record: its fields */
  strbuf b;
  bool bad;
} cond_words;

static void cond_part(void *ud, const char *path, bool rooted, const char *literal) {
  cond_words *w = ud;
  const desc_field *f = NULL;
  for (size_t i = 0; w->rf && !rooted && i < w->rf->n_fields; i++)
    if (str_eq(w->rf->fields[i].id, path))
      f = &w->rf->fields[i];
  if (!f)
    f = desc_type_find_field(w->e->cfg->type, path);
  if (!f) {
    w->bad = true;
    return;
  }
  if (w->b.len)
    strbuf_puts(&w->b, " and ");
  const desc_choice *c = literal ? desc_field_choice(f, literal) : NULL;
  if (!literal)
    strbuf_printf(&w->b, "%s is %s", f->label, field_ui_of(f)->when_set);
  else
    strbuf_printf(&w->b, "%s is %s", f->label, c && c->label ? c->label : literal);
}

char *ed_condition_words(editor *e, const desc_field *fd) {
  cond_words w = {e, e->f->depth ? e->f->stack[e->f->depth - 1].field : NULL, STRBUF_INIT, false};
  if (!expr_requirements(fd->show, cond_part, &w) || w.bad || !w.b.len) {
    strbuf_free(&w.b);
    return NULL;
  }
  return strbuf_take(&w.b);
}

/* Appends text wrapped at spaces to `width` columns, each line indented. */
static void wrap_into(strbuf *b, const char *text, int width) {
  const char *p = text;
  while (*p) {
    int n = (int)strlen(p);
    if (n > width) {
      n = width;
      while (n > 0 && p[n] != ' ')
        n--;
      if (!n)
        n = width;
    }
    strbuf_printf(b, "  %.*s\n", n, p);
    p += n;
    while (*p == ' ')
      p++;
  }
}

static const char HELP[] =
    "Moving\n"
    "  Up/Down, PgUp/PgDn, Home/End   move between fields\n"
    "  Tab / Shift-Tab (or Right/Left) next / previous section\n"
    "  Enter or Space                 edit, toggle, choose, open a record\n"
    "  Esc or Left (in a record)      back to the enclosing form\n"
    "\n"
    "Editing text\n"
    "  Enter / Esc                    keep / cancel the change\n"
    "  Left/Right, Home/End, ^A/^E    move the cursor\n"
    "  BS, Del, ^U (clear), ^K        delete\n"
    "  $                              variable picker (where variables work)\n"
    "  ^R                             show/hide a password while typing\n"
    "  ^O                             well-known values (e.g. legacy bundle ids)\n"
    "\n"
    "Lists, entries and records (on-demand rules)\n"
    "  ^N or Ins                      add (paste: spaces, commas, new lines)\n"
    "  ^D or Del                      delete the item (on a field: clear it)\n"
    "  ^U / ^B or Shift-Up/Down       move the item up / down (first rule wins)\n"
    "\n";
static const char HELP_MARKERS[] =
    "\n"
    "Markers: '>' focus, '!' error, '?' warning; dimmed rows are hidden fields.\n";

/* F1: what the focused field is (whole help, keys, availability, when it
 * shows), then the keys. */
void ed_act_help(editor *e) {
  strbuf b = STRBUF_INIT;
  const form_row *r = form_focused(e->f);
  if (r) {
    const desc_field *fd = r->field;
    char *h = ed_flat(fd->help ? fd->help : "");
    strbuf_printf(&b, "%s  (%s, %s)\n", fd->label, fd->path ? fd->path : fd->id,
                  field_kind_desc(fd->kind));
    /* wrap the help text to the box */
    int width = COLS - 6 > 20 ? COLS - 6 : 20;
    wrap_into(&b, h, width);
    free(h);
    /* the field's problem, in full (the message line may have cut it) */
    const char *pmsg = NULL;
    char prob = form_row_problem(e->f, r, &pmsg);
    if (prob && pmsg) {
      char *pm = xasprintf("%s: %s", prob == 'e' ? "Error" : "Warning", pmsg);
      char *pf = ed_flat(pm);
      wrap_into(&b, pf, width);
      free(pf);
      free(pm);
    }
    char *os = ed_os_text(&fd->os);
    if (*os)
      strbuf_printf(&b, "  Available: %s\n", os);
    free(os);
    if (fd->show) {
      char *said = ed_condition_words(e, fd);
      if (said)
        strbuf_printf(&b, "  Shown when %s (%s)\n", said, expr_source(fd->show));
      else
        strbuf_printf(&b, "  Shown when: %s\n", expr_source(fd->show));
      free(said);
    }
    if (fd->variables)
      strbuf_puts(&b, "  Takes variables: type $ for the list.\n");
    for (size_t i = 0; i < fd->n_profile; i++)
      strbuf_printf(&b, "  Profile key: %s\n", fd->profile[i]);
    strbuf_putc(&b, '\n');
  }
  strbuf_puts(&b, HELP);
  char *cmds = keytab_help(); /* the commands, from the key table */
  strbuf_puts(&b, cmds);
  free(cmds);
  strbuf_puts(&b, HELP_MARKERS);
  ed_text_view(e, "Keys and field help", strbuf_str(&b));
  strbuf_free(&b);
}

void ed_act_quit(editor *e) {
  if (e->f->dirty && !e->o->readonly) {
    char *q = xasprintf("Save changes to %s?", e->cfg->path ? e->cfg->path : "the file");
    int k = ed_ask(e, q, "ync", "y: save and quit   n: discard changes   c/Esc: keep editing");
    free(q);
    if (k == 'y') {
      ed_act_save(e);
      if (e->f->dirty)
        return;
    } else if (k != 'n') {
      return;
    }
  }
  e->quit = true;
}
