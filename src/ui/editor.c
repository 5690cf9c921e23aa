/* The interactive editor: keys turned into actions through the key table
 * (ui/keytab.h) and into calls on the form state (core/form.c), editing
 * text, set-up and the run loop (ui_run). Keys arrive decoded from the
 * session (ui/session.h: terminal or script); pickers, prompts and questions
 * are the shared widgets (ui/widgets.h); how each field kind is edited is
 * ui/field_ui.c. Drawing and the commands' actions are in editor_draw.c and
 * editor_actions.c (shared declarations: editor_int.h).
 */
#include "ui/editor_int.h"

static void edit_insert_key(editor *e, int k) {
  strbuf b = STRBUF_INIT;
  strbuf_put_utf8(&b, k);
  if (!form_edit_insert(e->f, b.s, b.len)) {
    const form_row *r = form_focused(e->f);
    const char *refused = r ? field_ui_of(r->field)->refused : NULL;
    if (refused)
      ui_msg_set(&e->msg, true, refused, r->field->label,
                 r->field->variables ? " (or a ${variable})" : "");
    else if (r && r->field->max_len)
      ui_msg_set(&e->msg, true, "at most %zu bytes", r->field->max_len);
    if (!e->ses.script_mode)
      beep();
  }
  strbuf_free(&b);
}

static void var_picker(editor *e) {
  size_t n;
  const var_info *cat = vars_catalog(&n);
  pick_item *it = xcalloc(n ? n : 1, sizeof *it);
  char **labels = xcalloc(n ? n : 1, sizeof *labels);
  char **descs = xcalloc(n ? n : 1, sizeof *descs);
  char **keys = xcalloc(n ? n : 1, sizeof *keys);
  for (size_t i = 0; i < n; i++) {
    labels[i] = xasprintf("${%s}", cat[i].name);
    it[i].label = labels[i];
    /* the same variable in the other MDMs' spellings: shown under the list
     * for the focused one, and found by the filter (USERNAME finds ${userUID}) */
    strbuf d = STRBUF_INIT, k = STRBUF_INIT;
    for (int dl = DIALECT_CORE; dl < DIALECT__COUNT; dl++) {
      const char *sp = vars_in_dialect(cat[i].name, (vars_dialect)dl);
      if (!sp)
        continue;
      strbuf_printf(&d, "%s%s %s",
                    d.len ? ", " : "elsewhere: ", vars_dialect_name((vars_dialect)dl), sp);
      strbuf_printf(&k, "%s%s", k.len ? " " : "", sp);
    }
    if (!d.len)
      strbuf_puts(&d, "no equivalent in other MDMs");
    descs[i] = strbuf_take(&d);
    keys[i] = k.len ? strbuf_take(&k) : NULL;
    strbuf_free(&k);
    it[i].desc = cat[i].meaning;
    it[i].note = descs[i];
    it[i].key = keys[i];
  }
  int k = ed_pick(e, "Variables (type to filter; Esc types a plain $)", it, n, 0, true);
  if (k >= 0) {
    if (!form_edit_insert(e->f, labels[k], strlen(labels[k])))
      ui_msg_set(&e->msg, true, "a variable cannot go here");
  } else {
    edit_insert_key(e, '$');
  }
  for (size_t i = 0; i < n; i++) {
    free(labels[i]);
    free(descs[i]);
    free(keys[i]);
  }
  free(labels);
  free(descs);
  free(keys);
  free(it);
}

/* ^O on a text field with well-known values (legacy bundle ids, …): pick one
 * to replace the text. */
static void suggestions_picker(editor *e) {
  const form_row *r = form_focused(e->f);
  if (!r || r->kind != FROW_FIELD)
    return;
  const desc_field *fd = r->field;
  size_t n = 0;
  pick_item *it = xcalloc(fd->n_suggestions + 1, sizeof *it);
  char *def = fd->def ? val_scalar_text(fd->def) : NULL;
  if (def) {
    it[n].label = def;
    it[n++].desc = "the default";
  }
  for (size_t i = 0; i < fd->n_suggestions; i++)
    if (!str_eq(fd->suggestions[i], def)) {
      it[n].label = fd->suggestions[i];
      it[n++].desc = "well-known value";
    }
  if (!n) {
    ui_msg_set(&e->msg, false, "%s has no suggested values", fd->label);
  } else {
    int k = ed_pick(e, fd->label, it, n, 0, true);
    if (k >= 0) {
      form_edit_kill(e->f);
      form_edit_insert(e->f, it[k].label, strlen(it[k].label));
    }
  }
  free(def);
  free(it);
}

static void commit_edit(editor *e) {
  diag_list d = DIAG_LIST_INIT;
  bool kept = form_edit_commit(e->f, &d);
  if (kept && !d.n)
    ui_msg_clear(&e->msg); /* what was said while typing no longer applies */
  else
    ui_msg_from_diags(&e->msg, &d, NULL);
  diag_list_free(&d);
}

static bool handle_global(editor *e, int k);

static void handle_edit(editor *e, int k) {
  form *f = e->f;
  const form_row *r = form_focused(f);
  switch (k) {
  case K_ENTER:
    if (e->paste) {
      if (f->edit_new)
        form_edit_insert(f, "\n", 1);
      else
        form_edit_insert(f, " ", 1);
    } else {
      commit_edit(e);
    }
    return;
  case K_ESC: form_edit_cancel(f); return;
  case K_FN(KEY_LEFT): form_edit_left(f); return;
  case K_FN(KEY_RIGHT): form_edit_right(f); return;
  case K_FN(KEY_HOME):
  case K_CTRL('A'): form_edit_home(f); return;
  case K_FN(KEY_END):
  case K_CTRL('E'): form_edit_end(f); return;
  case K_BS: form_edit_backspace(f); return;
  case K_FN(KEY_DC):
  case K_CTRL('D'): form_edit_delete(f); return;
  case K_CTRL('U'): form_edit_kill(f); return;
  case K_CTRL('K'):
    while (f->cur < f->len)
      form_edit_delete(f);
    return;
  case K_CTRL('R'):
  case K_FN(KEY_F(7)):
    /* only the text being typed; it is masked again when the edit ends */
    if (e->o->readonly)
      ui_msg_set(&e->msg, true, "read-only view: secrets stay masked");
    else
      e->reveal_edit = !e->reveal_edit;
    return;
  case K_FN(KEY_UP):
  case K_FN(KEY_DOWN):
  case K_TAB:
    commit_edit(e);
    if (!f->editing)
      form_move(f, k == K_FN(KEY_UP) ? -1 : 1);
    return;
  case K_PASTE_BEGIN: e->paste = true; return;
  case K_PASTE_END: e->paste = false; return;
  case K_CTRL('O'): suggestions_picker(e); return;
  default: break;
  }
  if (k == '$' && !e->paste && r && r->field->variables) {
    var_picker(e);
    return;
  }
  if (k == K_TAB && e->paste) {
    form_edit_insert(f, " ", 1);
    return;
  }
  if (wg_printable(k) && !K_IS_FN(k)) {
    edit_insert_key(e, k);
    return;
  }
  /* commands still work while editing: keep the text first */
  if (k == K_CTRL('S') || k == K_CTRL('Q') || k == K_CTRL('P') || k == K_CTRL('X') ||
      k == K_CTRL('G') || k == K_CTRL('F') || K_IS_FN(k)) {
    commit_edit(e);
    handle_global(e, k);
  }
}

/* Commands available everywhere (the key table's global entries); true when
 * k was one. */
static bool handle_global(editor *e, int k) {
  switch (keytab_action(k, true)) {
  case KA_SAVE: ed_act_save(e); return true;
  case KA_EXPORT: ed_act_export(e); return true;
  case KA_PREVIEW: ed_act_preview(e); return true;
  case KA_PROBLEMS: ed_act_problems(e); return true;
  case KA_HIDDEN:
    e->f->show_hidden = !e->f->show_hidden;
    form_rebuild(e->f);
    ui_msg_set(&e->msg, false,
               e->f->show_hidden
                   ? "hidden fields shown (dimmed, with the condition that shows them)"
                   : "hidden fields not shown");
    return true;
  case KA_REVEAL:
    if (e->o->readonly) {
      ui_msg_set(&e->msg, true, "read-only view: secrets stay masked");
    } else {
      e->reveal = !e->reveal;
      ui_msg_set(&e->msg, false, e->reveal ? "passwords shown" : "passwords masked");
    }
    return true;
  case KA_HELP: ed_act_help(e); return true;
  case KA_QUIT: ed_act_quit(e); return true;
  case KA_FIND: ed_act_find(e); return true;
  case KA_REDRAW: clearok(curscr, TRUE); return true;
  case KA_INTERRUPT:
    ui_msg_set(&e->msg, false, "^C does not quit: ^Q quits, Esc leaves a record, ^Z undoes");
    return true;
  default: return false;
  }
}

/* What the undo took back, where focus now is: "Safari Domains, item 3:
 * undone (2 more changes can be undone)". */
static void undo_message(editor *e) {
  form *f = e->f;
  const desc_field *fd = f->undone ? model_field_for_path(e->cfg, f->undone) : NULL;
  strbuf what = STRBUF_INIT;
  if (fd) {
    strbuf_puts(&what, fd->label);
    const char *lb = strrchr(f->undone, '[');
    size_t n = strlen(f->undone);
    if (field_ui_of(fd)->item_values && lb && f->undone[n - 1] == ']')
      strbuf_printf(&what, ", item %llu", strtoull(lb + 1, NULL, 10) + 1);
    strbuf_puts(&what, ": ");
  } else if (f->undone && str_eq(f->undone, "type")) {
    strbuf_puts(&what, "Connection type: ");
  }
  ui_msg_set(&e->msg, false, "%sundone (%zu more change%s can be undone)", strbuf_str(&what),
             f->n_undo, f->n_undo == 1 ? "" : "s");
  strbuf_free(&what);
}

static void handle_nav(editor *e, int k) {
  form *f = e->f;
  const form_row *r = form_focused(f);
  ui_msg_clear(&e->msg);
  if (handle_global(e, k))
    return;
  layout l = ed_get_layout();
  int page = l.rows > 1 ? l.rows - 1 : 1;
  if (k == K_PASTE_BEGIN) {
    if (!r || ed_refuse_view(e))
      return;
    if (field_ui_of(r->field)->edit == FE_ITEMS)
      ed_focus_add_row(e);
    ed_begin_edit(e);
    if (f->editing)
      e->paste = true;
    return;
  }
  if (k == K_PASTE_END) {
    e->paste = false;
    return;
  }
  key_action act = keytab_action(k, false);
  switch (act) {
  case KA_UP: form_move(f, -1); return;
  case KA_DOWN: form_move(f, 1); return;
  case KA_PGUP: form_move(f, -page); return;
  case KA_PGDN: form_move(f, page); return;
  case KA_FIRST: form_focus_first(f); return;
  case KA_LAST: form_focus_last(f); return;
  case KA_NEXT_SECTION: form_next_section(f, 1); return;
  case KA_PREV_SECTION: form_next_section(f, -1); return;
  case KA_LEFT:
    if (!form_record_leave(f))
      form_next_section(f, -1);
    return;
  case KA_LEAVE: form_record_leave(f); return;
  case KA_UNDO:
    if (ed_refuse_view(e))
      return;
    if (form_undo(f))
      undo_message(e);
    else
      ui_msg_set(&e->msg, false, "nothing to undo");
    return;
  case KA_ENTER: ed_act_enter(e); return;
  case KA_DELETE:
    if (!r || ed_refuse_view(e))
      return;
    if (r->kind == FROW_ITEM && field_ui_of(r->field)->edit == FE_RECORDS) {
      /* a record can hold a whole sub-form (nested parameters): ask first */
      char *lab = form_row_text(f, r, false, NULL);
      char *q = xasprintf("Delete %s %s?", r->field->label, lab);
      if (ed_ask(e, q, "yn", "y: delete   n/Esc: keep") == 'y' && form_item_delete(f))
        ui_msg_set(&e->msg, false, "deleted %s", lab);
      free(q);
      free(lab);
    } else if (r->kind == FROW_ITEM) {
      form_item_delete(f);
    } else if (r->kind == FROW_FIELD && !r->field->readonly && !str_eq(r->field->id, "type")) {
      char *p = xstrdup(r->path);
      const char *label = r->field->label; /* r dies with the rebuild */
      if (form_unset(f, p))
        ui_msg_set(&e->msg, false, "%s cleared", label);
      free(p);
    }
    return;
  case KA_MOVE_UP:
  case KA_MOVE_DOWN:
    if (!r || ed_refuse_view(e))
      return;
    if (!form_item_move(f, act == KA_MOVE_UP ? -1 : 1) && r->kind == FROW_ITEM)
      ui_msg_set(&e->msg, false, "already at the %s", act == KA_MOVE_UP ? "top" : "bottom");
    return;
  case KA_ADD:
    if (!r || ed_refuse_view(e))
      return;
    if (field_ui_of(r->field)->edit == FE_RECORDS) {
      ed_focus_add_row(e);
      form_record_add(f);
    } else if (field_ui_of(r->field)->edit == FE_ITEMS && ed_focus_add_row(e)) {
      ed_begin_edit(e);
    }
    return;
  default: break;
  }
  /* typing on a text field (or a list's add row) starts editing it */
  if (wg_printable(k) && !K_IS_FN(k) && r && k != ' ') {
    bool list = field_ui_of(r->field)->edit == FE_ITEMS;
    bool ok = (r->kind == FROW_FIELD && (ed_text_like(r->field) || list)) ||
              (r->kind != FROW_FIELD && list);
    if (!ok)
      return;
    if (ed_refuse_view(e))
      return;
    if (r->kind == FROW_FIELD && list && !ed_focus_add_row(e)) /* typing on a list adds to it */
      return;
    ed_begin_edit(e);
    if (f->editing)
      handle_edit(e, k);
  }
}

/* ---------- set-up ---------- */

static bool term_start(editor *e) {
  return session_start(&e->ses, "editor", true);
}

static void term_stop(editor *e) {
  session_stop(&e->ses);
}

static void frame(void *ctx) {
  ed_draw_main(ctx);
}

static config *new_config(editor *e, const desc_type *t) {
  config *c = config_new(e->o->set, t);
  free(c->path);
  c->path = xstrdup(e->o->path);
  diag_list d = DIAG_LIST_INIT;
  model_init_new(c, NULL, &d); /* UUIDs, as `appvpn new` makes them; the user types the name */
  if (d.n)
    ui_msg_from_diags(&e->msg, &d, NULL);
  diag_list_free(&d);
  return c;
}

/* FILE.save left by a hang-up: recover it (as unsaved changes), discard it,
 * or keep it for later (ui/recover.h). */
static void offer_recovery(editor *e) {
  if (!e->cfg->path || !recover_exists(e->cfg->path))
    return;
  if (e->o->readonly) {
    ui_msg_set(&e->msg, false,
               "%s.save holds unsaved changes (open without --view to recover them)", e->cfg->path);
    return;
  }
  char *q = xasprintf("%s.save holds unsaved changes from an earlier session", e->cfg->path);
  int k = ed_ask(e, q, "rdk", "r: recover them   d: discard them   k/Esc: keep for later");
  free(q);
  diag_list d = DIAG_LIST_INIT;
  if (k == 'r') {
    config *c = recover_load(e->o->set, e->cfg->path, &d);
    if (c) {
      form_free(e->f);
      config_free(e->cfg);
      e->cfg = c;
      e->f = form_new(c);
      form_mark_unsaved(e->f); /* the changes are in memory now; quitting asks to save them */
      e->recovered = true;     /* FILE.save stays until they are saved */
      form_rebuild(e->f);
      ui_msg_set(&e->msg, false, "recovered unsaved changes: ^S saves them to %s", c->path);
    } else {
      ui_msg_from_diags(&e->msg, &d, "cannot recover");
    }
  } else if (k == 'd') {
    if (recover_discard(e->cfg->path, &d))
      ui_msg_set(&e->msg, false, "discarded %s.save", e->cfg->path);
    else
      ui_msg_from_diags(&e->msg, &d, NULL);
  } else {
    ui_msg_set(&e->msg, false, "kept %s.save for later", e->cfg->path);
  }
  diag_list_free(&d);
}

/* A new file hung up before its first save left only FILE.save: offered
 * before the type question (the .save knows its type). True when asked. */
static bool offer_new_recovery(editor *e) {
  if (e->o->readonly || !recover_exists(e->o->path))
    return false;
  diag_list d = DIAG_LIST_INIT;
  config *c = recover_load(e->o->set, e->o->path, &d);
  if (!c || !c->type) {
    config_free(c);
    diag_list_free(&d);
    return false; /* the usual offer after the type question reports it */
  }
  e->cfg = c;
  e->f = form_new(c);
  form_rebuild(e->f);
  char *q = xasprintf("%s.save holds unsaved changes from an earlier session (the file was "
                      "never saved)",
                      e->o->path);
  int k = ed_ask(e, q, "rdk", "r: recover them   d: discard them   k/Esc: keep for later");
  free(q);
  if (k == 'r') {
    form_mark_unsaved(e->f);
    e->recovered = true; /* FILE.save stays until they are saved */
    ui_msg_set(&e->msg, false, "recovered unsaved changes: ^S saves them to %s", c->path);
  } else {
    form_free(e->f);
    config_free(e->cfg);
    e->f = NULL;
    e->cfg = NULL;
    diag_list_clear(&d);
    if (k == 'd' && !recover_discard(e->o->path, &d))
      ui_msg_from_diags(&e->msg, &d, NULL);
  }
  diag_list_free(&d);
  return true;
}

/* After SIGHUP/SIGTERM: unsaved changes (an edit in progress included) go to
 * FILE.save. Returns the line for stderr (caller frees) or NULL. */
static char *hangup_keep(editor *e) {
  if (!e->f || e->o->readonly)
    return NULL;
  if (e->f->editing)
    commit_edit(e);
  if (!e->f->dirty)
    return NULL;
  diag_list d = DIAG_LIST_INIT;
  char *msg;
  if (recover_write(e->cfg, &d)) {
    msg = xasprintf("appvpn: unsaved changes kept in %s.save", e->cfg->path);
  } else {
    char *s = d.n ? diag_format(&d.items[0]) : xstrdup("unknown error");
    msg = xasprintf("appvpn: unsaved changes lost: %s", s);
    free(s);
  }
  diag_list_free(&d);
  return msg;
}

/* A .mobileconfig (XML, binary or signed plist) given to the editor. */
static bool looks_like_profile(const char *path) {
  size_t n = strlen(path);
  if (n > 13 && !strcmp(path + n - 13, ".mobileconfig"))
    return true;
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return false;
  char head[64] = {0};
  size_t got = fread(head, 1, sizeof head - 1, fp);
  fclose(fp);
  return got >= 6 &&
         (!memcmp(head, "bplist", 6) || strstr(head, "<?xml") || strstr(head, "<plist") ||
          (unsigned char)head[0] == 0x30); /* a DER (signed) profile */
}

int ui_run(const ui_opts *o) {
  if (!o || !o->set || !o->path) {
    fprintf(stderr, "appvpn: no file to edit\n");
    return 2;
  }
  editor ed;
  memset(&ed, 0, sizeof ed);
  editor *e = &ed;
  e->o = o;
  int rc = 0;
  diag_list d = DIAG_LIST_INIT;

  session_init(&e->ses);
  e->ses.min_w = MIN_W;
  e->ses.min_h = MIN_H;
  e->ses.draw = frame;
  e->ses.ctx = e;

  struct stat st;
  bool exists = stat(o->path, &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) {
    char *p = text_escape(o->path);
    fprintf(stderr, "appvpn: %s is a directory (ui_open shows its list)\n", p);
    free(p);
    return 2;
  }
  if (!exists && o->readonly) {
    char *p = text_escape(o->path);
    fprintf(stderr, "appvpn: %s: %s\n", p, strerror(errno));
    free(p);
    return 3;
  }

  if (!session_theme(&e->ses, o->theme, &d)) {
    diag_list_print(&d, stderr);
    rc = 2;
    goto out;
  }
  if (o->keys) {
    /* opened from the directory list: read on in its script */
    session_borrow(&e->ses, o->keys, o->dump_to);
  } else if (o->script && (rc = session_load_script(&e->ses, o->script, o->dump)) != 0) {
    goto out;
  }
  if (exists) {
    /* before the load: a change made after this point is noticed at ^S */
    file_ident_read(o->path, &e->disk);
    e->cfg = config_load(o->set, o->path, &d);
    if (!e->cfg) {
      diag_list_print(&d, stderr);
      rc = access(o->path, R_OK) ? 3 : 1;
      if (rc == 1 && looks_like_profile(o->path)) {
        char *p = text_escape(o->path);
        fprintf(stderr,
                "appvpn: %s is a profile, not a configuration: `appvpn import %s -o NAME.yaml` "
                "turns it into one to edit\n",
                p, p);
        free(p);
      }
      goto out;
    }
    if (!e->cfg->type && o->readonly) {
      diag_list_print(&d, stderr);
      char *p = text_escape(o->path);
      fprintf(stderr, "appvpn: %s: unknown connection type\n", p);
      free(p);
      rc = 1;
      goto out;
    }
  }
  if (!term_start(e)) {
    rc = 2;
    goto out;
  }

  bool offered = !exists && offer_new_recovery(e);
  /* a form needs a type: ask for it (new file, or a file with an unknown type) */
  if (!e->cfg || !e->cfg->type) {
    config tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.set = o->set;
    tmp.root = val_new_map();
    /* a throwaway read-only form keeps the screen drawable behind the picker */
    config *keep = e->cfg;
    config *shown = keep ? keep : &tmp;
    e->cfg = shown;
    const desc_type *first = o->set->n_types ? &o->set->types[0] : NULL;
    const desc_type *saved = shown->type;
    shown->type = first;
    e->f = form_new(shown);
    e->f->readonly = true;
    diag_list_clear(&e->f->problems); /* nothing typed yet: no problems to show */
    e->choosing = true;
    const desc_type *t = first ? ed_choose_type(e, NULL) : NULL;
    e->choosing = false;
    form_free(e->f);
    e->f = NULL;
    shown->type = saved;
    e->cfg = keep;
    val_free(tmp.root);
    if (!t) {
      term_stop(e);
      fprintf(stderr, "appvpn: no connection type chosen; nothing was written\n");
      rc = 0;
      goto out;
    }
    if (e->cfg)
      config_set_type(e->cfg, t);
    else
      e->cfg = new_config(e, t);
  }
  if (!e->f) {
    e->f = form_new(e->cfg);
    e->f->readonly = o->readonly;
    if (!exists)
      form_mark_unsaved(e->f);
    form_rebuild(e->f);
  }
  if (d.n && !o->readonly) {
    char *first = diag_format(&d.items[0]);
    ui_msg_set(&e->msg, false, "loaded with %zu warning%s: %s", d.n, d.n == 1 ? "" : "s", first);
    free(first);
  }
  if (!exists && !e->recovered)
    ui_msg_set(&e->msg, false, "new %s configuration: fill in the fields, ^S saves",
               e->cfg->type->label);
  if (!offered)
    offer_recovery(e);

  while (!e->quit) {
    ed_draw_main(e);
    int k = ed_next_key(e);
    if (k == K_EOF)
      break; /* a finished script discards unsaved changes */
    if (k == K_RESIZE)
      continue;
    if (COLS < MIN_W || LINES < MIN_H) {
      if (k == K_CTRL('Q') || k == K_FN(KEY_F(10)))
        ed_act_quit(e);
      continue;
    }
    if (e->f->editing)
      handle_edit(e, k);
    else
      handle_nav(e, k);
    if (!e->f->editing)
      e->reveal_edit = false; /* the edit ended: its password is masked again */
  }
  char *kept = recover_signal() ? hangup_keep(e) : NULL;
  term_stop(e);
  if (kept) {
    char *k = text_escape(kept);
    fprintf(stderr, "%s\n", k);
    free(k);
  }
  free(kept);

out:
  if (recover_signal())
    rc = 128 + recover_signal();
  form_free(e->f);
  config_free(e->cfg);
  if (o->keys)
    session_return(&e->ses, o->keys); /* the directory list owns the script and the dump */
  session_free(&e->ses);
  ui_msg_clear(&e->msg);
  diag_list_free(&d);
  return rc;
}
