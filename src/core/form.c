/* The editor's form state without a terminal (core/form.h): the view as one
 * segment per field, its rows, focus, sections and records, the edit buffer
 * and the changes made through model_set. Undo is in form_undo.c, checks in
 * form_check.c. Over 800 lines because the rows, focus and changes all work
 * on the view's segments, rebuilt after every change; a split would expose
 * that state beyond this file.
 */
#include "core/form.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/kinds.h"
#include "core/form_check.h"
#include "core/form_int.h"
#include "core/util.h"
#include "core/validate.h"

/* ---------- paths ---------- */

/* Resolves "a.b[2].c" in root; containers are walked by key and index. */
val *form_path_val(val *root, const char *path) {
  val *cur = root;
  const char *p = path;
  while (*p && cur) {
    size_t n = strcspn(p, ".[");
    if (n) {
      if (cur->kind != VAL_MAP)
        return NULL;
      char *k = xstrndup(p, n);
      cur = val_map_get(cur, k);
      free(k);
      p += n;
    }
    while (cur && *p == '[') {
      char *end;
      unsigned long i = strtoul(p + 1, &end, 10);
      if (*end != ']' || cur->kind != VAL_LIST || i >= cur->u.list.n)
        return NULL;
      cur = cur->u.list.v[i];
      p = end + 1;
    }
    if (*p == '.')
      p++;
  }
  return cur;
}

char *form_join_path(const char *prefix, const char *id) {
  return prefix && *prefix ? xasprintf("%s.%s", prefix, id) : xstrdup(id);
}

const val *form_get_path(const form *f, const char *path) {
  return form_path_val(f->cfg->root, path);
}

/* ---------- views and rows ---------- */

const char *form_view_prefix(const form *f) {
  return f->depth ? f->stack[f->depth - 1].path : "";
}

static void view_fields(const form *f, const desc_field **fields, size_t *n) {
  if (f->depth) {
    *fields = f->stack[f->depth - 1].field->fields;
    *n = f->stack[f->depth - 1].field->n_fields;
  } else if (f->cfg->type && f->section < f->cfg->type->n_sections) {
    *fields = f->cfg->type->sections[f->section].fields;
    *n = f->cfg->type->sections[f->section].n_fields;
  } else {
    *fields = NULL;
    *n = 0;
  }
}

static model_ctx view_ctx(const form *f) {
  model_ctx c = {f->cfg, NULL, NULL};
  if (f->depth) {
    c.record = form_path_val(f->cfg->root, f->stack[f->depth - 1].path);
    c.record_field = f->stack[f->depth - 1].field;
  }
  return c;
}

model_ctx form_row_ctx(const form *f, const form_row *r) {
  (void)r;
  return view_ctx(f);
}

/* ---------- segments and rows ---------- */

static void segs_free(form *f) {
  for (size_t i = 0; i < f->n_segs; i++)
    free(f->segs[i].path);
  f->n_segs = 0;
  f->n_rows = 0;
  f->gen++; /* rows made before describe another view */
}

static form_seg *seg_add(form *f) {
  if (f->n_segs == f->cap_segs) {
    f->cap_segs = f->cap_segs ? f->cap_segs * 2 : 16;
    f->segs = xrealloc(f->segs, f->cap_segs * sizeof *f->segs);
  }
  form_seg *s = &f->segs[f->n_segs++];
  memset(s, 0, sizeof *s);
  return s;
}

/* The segment holding row i (i < n_rows): a binary search over the starts. */
static const form_seg *seg_of(const form *f, size_t i) {
  size_t lo = 0, hi = f->n_segs;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (f->segs[mid].start <= i)
      lo = mid;
    else
      hi = mid;
  }
  return &f->segs[lo];
}

static bool row_focusable_ix(const form *f, size_t i) {
  if (i >= f->n_rows)
    return false;
  const form_seg *s = seg_of(f, i);
  return !(i == s->start && s->hidden);
}

bool form_row_focusable(const form_row *r) {
  return r && !r->hidden;
}

/* Rows made on demand: slot i % N holds row i until another row needs the
 * slot or the view changes; the focused row has a slot of its own, so a
 * pointer to it survives walking other rows. */
#define ROW_SLOTS 512
struct form_row_cache {
  struct row_slot {
    form_row row;
    size_t index;
    unsigned long gen; /* 0: empty */
  } slot[ROW_SLOTS], focus;
};

static void row_make(const form *f, size_t i, form_row *r) {
  const form_seg *s = seg_of(f, i);
  size_t off = i - s->start;
  free(r->path);
  memset(r, 0, sizeof *r);
  r->field = s->field;
  if (off == 0) {
    r->kind = FROW_FIELD;
    r->path = xstrdup(s->path);
    r->hidden = s->hidden;
    r->why_hidden = s->why_hidden;
  } else if (off <= s->n_items) {
    r->kind = FROW_ITEM;
    r->index = off - 1;
    const val *v = NULL;
    if (kind_of(s->field)->shape == KSHAPE_MAP) {
      model_ctx ctx = view_ctx(f);
      v = model_get(&ctx, s->field);
    }
    r->path = v && v->kind == VAL_MAP && r->index < v->u.map.n
                  ? xasprintf("%s.%s", s->path, v->u.map.k[r->index])
                  : xasprintf("%s[%zu]", s->path, r->index);
  } else {
    r->kind = FROW_ADD;
    r->path = xstrdup(s->path);
  }
}

const form_row *form_row_at(const form *f, size_t i) {
  if (i >= f->n_rows)
    return NULL;
  form *m = (form *)f; /* the cache is not part of the form's value */
  if (!m->rcache)
    m->rcache = xcalloc(1, sizeof *m->rcache);
  struct row_slot *sl = i == f->focus ? &m->rcache->focus : &m->rcache->slot[i % ROW_SLOTS];
  if (sl->gen != f->gen || sl->index != i) {
    row_make(f, i, &sl->row);
    sl->gen = f->gen;
    sl->index = i;
  }
  return &sl->row;
}

static void rcache_free(form *f) {
  if (!f->rcache)
    return;
  for (size_t i = 0; i < ROW_SLOTS; i++)
    free(f->rcache->slot[i].row.path);
  free(f->rcache->focus.row.path);
  free(f->rcache);
  f->rcache = NULL;
}

/* Item j of a segment's map, by key; SIZE_MAX when not there. */
static size_t map_index(const form *f, const form_seg *s, const char *key) {
  model_ctx ctx = view_ctx(f);
  const val *v = model_get(&ctx, s->field);
  for (size_t j = 0; v && v->kind == VAL_MAP && j < v->u.map.n && j < s->n_items; j++)
    if (str_eq(v->u.map.k[j], key))
      return j;
  return SIZE_MAX;
}

size_t form_find_row(const form *f, form_row_kind kind, const char *path) {
  if (!path)
    return SIZE_MAX;
  for (size_t k = 0; k < f->n_segs; k++) {
    const form_seg *s = &f->segs[k];
    if (kind == FROW_FIELD && str_eq(s->path, path))
      return s->start;
    if (kind == FROW_ADD && s->add && str_eq(s->path, path))
      return s->start + 1 + s->n_items;
    if (kind != FROW_ITEM || !s->n_items)
      continue;
    size_t n = strlen(s->path);
    if (strncmp(path, s->path, n) != 0)
      continue;
    if (kind_of(s->field)->shape == KSHAPE_MAP && path[n] == '.') {
      size_t j = map_index(f, s, path + n + 1);
      if (j != SIZE_MAX)
        return s->start + 1 + j;
    } else if (kind_of(s->field)->shape != KSHAPE_MAP && path[n] == '[' && path[n + 1] >= '0' &&
               path[n + 1] <= '9') {
      char *end;
      unsigned long long j = strtoull(path + n + 1, &end, 10);
      if (end[0] == ']' && !end[1] && j < s->n_items)
        return s->start + 1 + (size_t)j;
    }
  }
  return SIZE_MAX;
}

static void focus_fix(form *f, size_t want) {
  if (!f->n_rows) {
    f->focus = 0;
    return;
  }
  if (want >= f->n_rows)
    want = f->n_rows - 1;
  for (size_t i = want; i < f->n_rows; i++)
    if (row_focusable_ix(f, i)) {
      f->focus = i;
      return;
    }
  for (size_t i = want + 1; i-- > 0;)
    if (row_focusable_ix(f, i)) {
      f->focus = i;
      return;
    }
  f->focus = 0;
}

/* Rebuilds the view; focus goes to the row (kind, path) when it still exists.
 * Work: one step per field of the view, whatever the lists hold. */
static void rebuild_to(form *f, form_row_kind kind, const char *path, size_t fallback) {
  segs_free(f);
  const desc_field *fields;
  size_t n;
  view_fields(f, &fields, &n);
  model_ctx ctx = view_ctx(f);
  const char *prefix = form_view_prefix(f);
  for (size_t i = 0; i < n; i++) {
    const desc_field *fd = &fields[i];
    bool vis = model_field_visible(&ctx, fd);
    if (!vis && !f->show_hidden)
      continue;
    form_seg *s = seg_add(f);
    s->field = fd;
    s->path = form_join_path(prefix, fd->id);
    s->start = f->n_rows;
    f->n_rows++;
    if (!vis) {
      s->hidden = true;
      s->why_hidden = fd->show ? expr_source(fd->show) : NULL;
      continue;
    }
    if (kind_of(fd)->shape != KSHAPE_LIST && kind_of(fd)->shape != KSHAPE_MAP &&
        kind_of(fd)->shape != KSHAPE_RECORDS)
      continue;
    const val *v = model_get(&ctx, fd);
    if (v && v->kind == VAL_LIST && kind_of(fd)->shape != KSHAPE_MAP)
      s->n_items = v->u.list.n;
    else if (v && v->kind == VAL_MAP && kind_of(fd)->shape == KSHAPE_MAP)
      s->n_items = v->u.map.n;
    s->add = !f->readonly;
    f->n_rows += s->n_items + (s->add ? 1 : 0);
  }
  size_t at = form_find_row(f, kind, path);
  focus_fix(f, at != SIZE_MAX ? at : fallback);
}

void form_rebuild(form *f) {
  const form_row *r = form_focused(f);
  if (!r) {
    rebuild_to(f, FROW_FIELD, NULL, 0);
    return;
  }
  char *p = xstrdup(r->path);
  form_row_kind k = r->kind;
  size_t at = f->focus;
  rebuild_to(f, k, p, at);
  free(p);
}

/* Everything, from scratch (the items' cache too): after a load or a save. */
void form_validate(form *f) {
  icache_drop_under(f, NULL);
  form_check(f);
}

/* After any change of values. */
void form_changed(form *f) {
  f->dirty = true;
  if (!f->depth && !form_section_visible(f, f->section))
    form_next_section(f, 1); /* the change hid the section we are in */
  form_rebuild(f);
  form_check(f);
}

/* ---------- lifecycle ---------- */

bool form_section_visible(const form *f, size_t i) {
  return f->cfg->type && i < f->cfg->type->n_sections &&
         model_section_visible(f->cfg, &f->cfg->type->sections[i]);
}

const desc_section *form_current_section(const form *f) {
  if (!f->cfg->type || f->section >= f->cfg->type->n_sections)
    return NULL;
  return &f->cfg->type->sections[f->section];
}

form *form_new(config *cfg) {
  form *f = xcalloc(1, sizeof *f);
  f->cfg = cfg;
  size_t n = cfg->type ? cfg->type->n_sections : 0;
  for (size_t i = 0; i < n; i++)
    if (form_section_visible(f, i)) {
      f->section = i;
      break;
    }
  rebuild_to(f, FROW_FIELD, NULL, 0);
  form_validate(f);
  return f;
}

void form_frames_clear(form *f) {
  for (size_t i = 0; i < f->depth; i++)
    free(f->stack[i].path);
  f->depth = 0;
}

void form_free(form *f) {
  if (!f)
    return;
  segs_free(f);
  free(f->segs);
  rcache_free(f);
  icache_free(f);
  form_frames_clear(f);
  free(f->stack);
  free(f->buf);
  diag_list_free(&f->problems);
  for (size_t i = 0; i < f->n_undo; i++)
    form_snap_free(&f->undo[i]);
  free(f->undo);
  free(f->undone);
  free(f);
}

/* ---------- sections and focus ---------- */

bool form_goto_section(form *f, size_t i) {
  if (!form_section_visible(f, i))
    return false;
  if (f->editing)
    form_edit_cancel(f);
  form_frames_clear(f);
  f->section = i;
  f->top = 0;
  rebuild_to(f, FROW_FIELD, NULL, 0);
  return true;
}

void form_next_section(form *f, int dir) {
  size_t n = f->cfg->type ? f->cfg->type->n_sections : 0;
  for (size_t step = 1; step <= n; step++) {
    size_t i = (f->section + n + (size_t)((long)dir * (long)step % (long)n + (long)n)) % n;
    if (form_section_visible(f, i)) {
      form_goto_section(f, i);
      return;
    }
  }
}

const form_row *form_focused(const form *f) {
  if (row_focusable_ix(f, f->focus))
    return form_row_at(f, f->focus);
  return NULL;
}

bool form_move(form *f, int delta) {
  size_t at = f->focus;
  int step = delta > 0 ? 1 : -1;
  int left = delta > 0 ? delta : -delta;
  size_t i = at;
  while (left > 0) {
    size_t j = i;
    bool found = false;
    while ((step > 0 && j + 1 < f->n_rows) || (step < 0 && j > 0)) {
      j = step > 0 ? j + 1 : j - 1;
      if (row_focusable_ix(f, j)) {
        found = true;
        break;
      }
    }
    if (!found)
      break;
    i = j;
    left--;
  }
  if (i == at)
    return false;
  f->focus = i;
  return true;
}

void form_focus_first(form *f) {
  focus_fix(f, 0);
}

bool form_focus_add(form *f) {
  if (!row_focusable_ix(f, f->focus))
    return false;
  const form_seg *s = seg_of(f, f->focus);
  if (!s->add)
    return false;
  f->focus = s->start + 1 + s->n_items;
  return true;
}

void form_focus_last(form *f) {
  for (size_t i = f->n_rows; i-- > 0;)
    if (row_focusable_ix(f, i)) {
      f->focus = i;
      return;
    }
}

/* Matches a field id against the start of a path: "" when it names the field
 * itself, the rest ("[2]…" or ".x") when it is below it, NULL otherwise. */
static const char *path_under(const char *path, const char *id) {
  size_t n = strlen(id);
  if (strncmp(path, id, n) != 0)
    return NULL;
  if (!path[n] || path[n] == '[' || path[n] == '.')
    return path + n;
  return NULL;
}

static bool focus_path(form *f, const char *path) {
  size_t at = form_find_row(f, FROW_ITEM, path);
  if (at != SIZE_MAX) {
    f->focus = at;
    return true;
  }
  for (size_t k = 0; k < f->n_segs; k++)
    if (!f->segs[k].hidden && path_under(path, f->segs[k].path)) {
      f->focus = f->segs[k].start;
      return true;
    }
  return false;
}

/* Inside the current view, opens records along `path` and focuses its row. */
static bool goto_in_view(form *f, const char *path) {
  for (;;) {
    const form_seg *hit = NULL;
    const char *rest = NULL;
    for (size_t k = 0; k < f->n_segs; k++) {
      const form_seg *sg = &f->segs[k];
      if (sg->hidden)
        continue;
      rest = path_under(path, sg->path);
      if (rest) {
        hit = sg;
        f->focus = sg->start;
        break;
      }
    }
    if (!hit)
      return false;
    if (kind_of(hit->field)->shape != KSHAPE_RECORDS || *rest != '[')
      return focus_path(f, path);
    const char *close = strchr(rest, ']');
    if (!close || close[1] != '.')
      return focus_path(f, path);
    char *rec = xstrndup(path, (size_t)(close + 1 - path));
    bool ok = false;
    size_t at = form_find_row(f, FROW_ITEM, rec);
    if (at != SIZE_MAX) {
      f->focus = at;
      ok = form_record_enter(f);
    }
    free(rec);
    if (!ok)
      return focus_path(f, path);
  }
}

bool form_goto_path(form *f, const char *path) {
  if (!path || !f->cfg->type)
    return false;
  if (f->editing)
    form_edit_cancel(f);
  for (size_t s = 0; s < f->cfg->type->n_sections; s++) {
    const desc_section *sec = &f->cfg->type->sections[s];
    bool has = false;
    for (size_t i = 0; i < sec->n_fields && !has; i++)
      has = path_under(path, sec->fields[i].id) != NULL;
    if (!has || !form_section_visible(f, s))
      continue;
    form_goto_section(f, s);
    if (goto_in_view(f, path))
      return true;
  }
  return false;
}

/* ---------- display ---------- */

static char *scalar_text(const val *v) {
  char *s = v ? val_scalar_text(v) : NULL;
  return s ? s : xstrdup("");
}

static char *list_text(const val *v) {
  if (!v || v->kind != VAL_LIST)
    return scalar_text(v);
  strbuf b = STRBUF_INIT;
  for (size_t i = 0; i < v->u.list.n; i++) {
    char *s = scalar_text(v->u.list.v[i]);
    if (i)
      strbuf_puts(&b, ", ");
    strbuf_puts(&b, s);
    free(s);
  }
  return strbuf_take(&b);
}

char *form_record_label(const form *f, const desc_field *rf, const char *item_path, size_t i) {
  val *rec = form_path_val(f->cfg->root, item_path);
  strbuf b = STRBUF_INIT;
  strbuf_printf(&b, "%zu. ", i + 1);
  size_t start = b.len;
  const char *t = rf->item_label;
  if (t) {
    while (*t) {
      const char *open = strchr(t, '{');
      const char *close = open ? strchr(open, '}') : NULL;
      if (!open || !close) {
        strbuf_puts(&b, t);
        break;
      }
      strbuf_putn(&b, t, (size_t)(open - t));
      char *p = xstrndup(open + 1, (size_t)(close - open - 1));
      const val *v = rec ? form_path_val(rec, p) : NULL;
      if (!v) /* unset: the sub-field's default, as the rule would behave */
        for (size_t k = 0; k < rf->n_fields; k++)
          if (str_eq(rf->fields[k].id, p))
            v = rf->fields[k].def;
      char *s = list_text(v);
      if (!*s && b.len > start && b.s[b.len - 1] == ' ' && *(close + 1) == ' ')
        close++; /* an empty placeholder leaves no double space */
      strbuf_puts(&b, s);
      free(s);
      free(p);
      t = close + 1;
    }
  }
  /* trim what empty placeholders left */
  while (b.len > start && b.s[b.len - 1] == ' ')
    b.s[--b.len] = 0;
  if (b.len == start)
    strbuf_puts(&b, "(new)");
  return strbuf_take(&b);
}

static bool is_type_field(const desc_field *fd) {
  return fd && str_eq(fd->id, "type");
}

char *form_row_text(const form *f, const form_row *r, bool reveal, bool *is_default) {
  if (is_default)
    *is_default = false;
  const desc_field *fd = r->field;
  if (r->kind == FROW_ADD)
    return xstrdup(kind_of(fd)->shape == KSHAPE_RECORDS ? "+ add record" : "+ add");
  if (r->hidden)
    return r->why_hidden ? xasprintf("(shown when %s)", r->why_hidden) : xstrdup("(hidden)");
  model_ctx ctx = view_ctx(f);
  if (r->kind == FROW_ITEM) {
    if (kind_of(fd)->shape == KSHAPE_RECORDS)
      return form_record_label(f, fd, r->path, r->index);
    const val *lv = model_get(&ctx, fd);
    if (kind_of(fd)->shape == KSHAPE_MAP && lv && lv->kind == VAL_MAP && r->index < lv->u.map.n) {
      char *s = scalar_text(lv->u.map.v[r->index]);
      char *out = xasprintf("%s = %s", lv->u.map.k[r->index], s);
      free(s);
      return out;
    }
    if (lv && lv->kind == VAL_LIST && r->index < lv->u.list.n)
      return scalar_text(lv->u.list.v[r->index]);
    return xstrdup("");
  }
  const val *v = model_get(&ctx, fd);
  if (!v || v->kind == VAL_NULL) {
    v = fd->def;
    if (v && is_default)
      *is_default = true;
  }
  if (is_type_field(fd)) {
    const desc_type *t = f->cfg->type;
    return xstrdup(t ? t->label : "");
  }
  return kind_of(fd)->display(fd, v, reveal);
}

char form_row_problem(const form *f, const form_row *r, const char **msg) {
  char worst = 0;
  if (msg)
    *msg = NULL;
  if (r->kind == FROW_ADD || r->hidden)
    return 0;
  for (size_t i = 0; i < f->problems.n; i++) {
    const diag *d = &f->problems.items[i];
    if (!d->field || d->level == DIAG_NOTE)
      continue;
    const char *rest = path_under(d->field, r->path);
    if (!rest)
      continue;
    /* A list field's row owns its own messages; items own theirs. */
    if (r->kind == FROW_FIELD && *rest && kind_of(r->field)->shape == KSHAPE_LIST)
      continue;
    char lv = d->level == DIAG_ERROR ? 'e' : 'w';
    if (!worst || (lv == 'e' && worst == 'w')) {
      worst = lv;
      if (msg)
        *msg = d->msg;
    }
  }
  /* An item's problem also shows on its list field's row. */
  if (r->kind == FROW_FIELD && kind_of(r->field)->shape == KSHAPE_LIST)
    for (size_t i = 0; i < f->problems.n; i++) {
      const diag *d = &f->problems.items[i];
      const char *rest = d->field ? path_under(d->field, r->path) : NULL;
      if (rest && *rest && d->level != DIAG_NOTE) {
        char lv = d->level == DIAG_ERROR ? 'e' : 'w';
        if (!worst || (lv == 'e' && worst == 'w')) {
          worst = lv;
          if (msg)
            *msg = d->msg;
        }
      }
    }
  return worst;
}

/* ---------- changes ---------- */

static bool refuse_readonly(form *f, diag_list *diags) {
  if (!f->readonly)
    return false;
  if (diags)
    diag_add(diags, DIAG_ERROR, NULL, 0, 0, NULL, "read-only view: nothing can be changed");
  return true;
}

/* Every change goes through model_set (the one write path, core/model.h):
 * the editor converts and checks values exactly as `set` and `new` do. */
bool form_set_value(form *f, const char *path, val *v, diag_list *diags) {
  if (refuse_readonly(f, diags)) {
    val_free(v);
    return false;
  }
  struct form_snapshot sn = form_snap_for(f, path, v);
  bool ok = model_set(f->cfg, path, v, diags);
  if (ok) {
    form_snap_changed(f, &sn);
    form_changed(f);
    form_undo_push(f, &sn);
  } else {
    form_snap_free(&sn);
  }
  return ok;
}

bool form_unset(form *f, const char *path) {
  if (f->readonly || val_is_empty(form_path_val(f->cfg->root, path)))
    return false;
  return form_set_value(f, path, val_new_null(), NULL);
}

static val *text_val(const char *text) {
  val *v = val_new_str(text);
  v->plain = true; /* typed text: the field's kind decides (true/false, numbers) */
  return v;
}

bool form_set_text(form *f, const char *path, const char *text, diag_list *diags) {
  return form_set_value(f, path, text_val(text), diags);
}

bool form_toggle(form *f) {
  const form_row *r = form_focused(f);
  if (!r || r->kind != FROW_FIELD || r->field->kind != FK_BOOL || r->field->readonly || f->readonly)
    return false;
  model_ctx ctx = view_ctx(f);
  const val *v = model_value(&ctx, r->field);
  bool on = v && val_truthy(v);
  char *p = xstrdup(r->path);
  bool ok = form_set_value(f, p, val_new_bool(!on), NULL);
  free(p);
  return ok;
}

bool form_choose(form *f, const char *value, diag_list *diags) {
  if (refuse_readonly(f, diags))
    return false;
  const form_row *r = form_focused(f);
  if (!r || r->kind != FROW_FIELD)
    return false;
  if (is_type_field(r->field)) {
    const desc_type *t = desc_set_find(f->cfg->set, value);
    if (!t) {
      if (diags)
        diag_add(diags, DIAG_ERROR, NULL, 0, 0, "type", "unknown connection type '%s'", value);
      return false;
    }
    if (t == f->cfg->type)
      return true;
    const char *sid = form_current_section(f) ? form_current_section(f)->id : NULL;
    char *keep = sid ? xstrdup(sid) : NULL;
    struct form_snapshot sn = form_snap_root(f);
    config_set_type(f->cfg, t);
    icache_drop_under(f, NULL);
    form_undo_push(f, &sn);
    form_frames_clear(f);
    f->section = 0;
    for (size_t i = 0; i < t->n_sections; i++)
      if (str_eq(t->sections[i].id, keep))
        f->section = i;
    free(keep);
    rebuild_to(f, FROW_FIELD, "type", 0);
    f->dirty = true;
    form_check(f);
    return true;
  }
  if (r->field->kind != FK_CHOICE || r->field->readonly)
    return false;
  char *p = xstrdup(r->path);
  bool ok = form_set_value(f, p, val_new_str(value), diags);
  free(p);
  return ok;
}

/* The path of the focused ITEM/ADD row's list or map field (caller frees). */
static char *items_path(const form *f, const form_row *r) {
  /* ITEM rows name the item; the field path is the view prefix + id */
  return r->kind == FROW_ITEM ? form_join_path(form_view_prefix(f), r->field->id)
                              : xstrdup(r->path);
}

/* The list or map of the focused ITEM/ADD row's field; NULL when unset. */
static val *items_of(form *f, const form_row *r) {
  char *fp = items_path(f, r);
  val *v = form_path_val(f->cfg->root, fp);
  free(fp);
  if (v && v->kind != (kind_of(r->field)->shape == KSHAPE_MAP ? VAL_MAP : VAL_LIST))
    return NULL;
  return v;
}

static size_t items_count(const val *c) {
  return !c ? 0 : c->kind == VAL_LIST ? c->u.list.n : c->kind == VAL_MAP ? c->u.map.n : 0;
}

static char *trim_dup(const char *s, size_t n) {
  while (n && isspace((unsigned char)*s))
    s++, n--;
  while (n && isspace((unsigned char)s[n - 1]))
    n--;
  return xstrndup(s, n);
}

size_t form_items_add(form *f, const char *text, diag_list *diags) {
  if (refuse_readonly(f, diags))
    return 0;
  const form_row *r = form_focused(f);
  if (!r || r->kind == FROW_FIELD ||
      (kind_of(r->field)->shape != KSHAPE_LIST && kind_of(r->field)->shape != KSHAPE_MAP))
    return 0;
  const desc_field *fd = r->field;
  char *fp = items_path(f, r);
  struct form_snapshot sn = kind_of(fd)->shape == KSHAPE_MAP
                                ? form_snap_field(f, form_view_prefix(f), fd)
                                : form_snap_append(f, form_view_prefix(f), fd);
  f->op_depth++;
  size_t added = 0;
  const char *seps =
      kind_of(fd)->shape == KSHAPE_MAP || fd->format == FMT_SSID ? "\r\n" : ", \t\r\n;";
  const char *p = text;
  while (*p) {
    size_t n = strcspn(p, seps);
    char *tok = trim_dup(p, n);
    p += n;
    if (*p)
      p++;
    if (!*tok) {
      free(tok);
      continue;
    }
    char *at = NULL;
    val *v = NULL;
    if (kind_of(fd)->shape == KSHAPE_MAP) {
      char *eq = strchr(tok, '=');
      char *k = eq ? trim_dup(tok, (size_t)(eq - tok)) : NULL;
      if (!k || !*k) {
        if (diags)
          diag_add(diags, DIAG_ERROR, NULL, 0, 0, fd->path, "write an entry as KEY = VALUE");
        free(k);
        free(tok);
        continue;
      }
      at = xasprintf("%s.%s", fp, k);
      v = val_new_str_take(trim_dup(eq + 1, strlen(eq + 1)));
      free(k);
      free(tok);
    } else {
      /* one past the end appends */
      at = xasprintf("%s[%zu]", fp, items_count(form_path_val(f->cfg->root, fp)));
      v = val_new_str_take(tok);
    }
    if (model_set(f->cfg, at, v, diags))
      added++;
    free(at);
  }
  free(fp);
  f->op_depth--;
  if (added) {
    form_snap_changed(f, &sn);
    form_changed(f);
    form_undo_push(f, &sn);
  } else {
    form_snap_free(&sn);
  }
  return added;
}

bool form_item_delete(form *f) {
  if (f->readonly)
    return false;
  const form_row *r = form_focused(f);
  if (!r || r->kind != FROW_ITEM)
    return false;
  val *c = items_of(f, r);
  if (!c || r->index >= items_count(c))
    return false;
  char *fp = items_path(f, r);
  char *at = c->kind == VAL_LIST ? xasprintf("%s[%zu]", fp, r->index)
                                 : xasprintf("%s.%s", fp, c->u.map.k[r->index]);
  free(fp);
  bool ok = form_set_value(f, at, val_new_null(), NULL);
  free(at);
  return ok;
}

bool form_item_move(form *f, int dir) {
  if (f->readonly)
    return false;
  const form_row *r = form_focused(f);
  if (!r || r->kind != FROW_ITEM)
    return false;
  val *c = items_of(f, r);
  if (!c)
    return false;
  size_t i = r->index, n = c->kind == VAL_LIST ? c->u.list.n : c->u.map.n;
  if ((dir < 0 && i == 0) || (dir > 0 && i + 1 >= n))
    return false;
  size_t j = dir < 0 ? i - 1 : i + 1;
  struct form_snapshot sn = {0};
  if (c->kind == VAL_LIST) {
    sn.kind = U_MOVE;
    sn.cpath = xstrdup(form_view_prefix(f));
    sn.fd = r->field;
    sn.i = i;
    sn.j = j;
  } else {
    sn = form_snap_field(f, form_view_prefix(f), r->field);
  }
  if (c->kind == VAL_LIST) {
    val_list_move(c, i, j);
  } else {
    char *tk = c->u.map.k[i];
    val *tv = c->u.map.v[i];
    c->u.map.k[i] = c->u.map.k[j];
    c->u.map.v[i] = c->u.map.v[j];
    c->u.map.k[j] = tk;
    c->u.map.v[j] = tv;
  }
  /* focus follows the moved item */
  char *fp = form_join_path(form_view_prefix(f), r->field->id);
  char *np =
      c->kind == VAL_LIST ? xasprintf("%s[%zu]", fp, j) : xasprintf("%s.%s", fp, c->u.map.k[j]);
  free(fp);
  f->dirty = true;
  form_snap_changed(f, &sn);
  rebuild_to(f, FROW_ITEM, np, f->focus);
  free(np);
  form_check(f);
  form_undo_push(f, &sn);
  return true;
}

static void frame_push(form *f, const desc_field *rf, const char *path) {
  f->stack = xrealloc(f->stack, (f->depth + 1) * sizeof *f->stack);
  form_frame *fr = &f->stack[f->depth++];
  fr->field = rf;
  fr->path = xstrdup(path);
  fr->focus = f->focus;
  fr->top = f->top;
  f->top = 0;
  rebuild_to(f, FROW_FIELD, NULL, 0);
}

bool form_record_add(form *f) {
  if (f->readonly)
    return false;
  const form_row *r = form_focused(f);
  if (!r || r->kind == FROW_FIELD || kind_of(r->field)->shape != KSHAPE_RECORDS)
    return false;
  const desc_field *rf = r->field;
  char *fp = items_path(f, r);
  char *ip = xasprintf("%s[%zu]", fp, items_count(form_path_val(f->cfg->root, fp)));
  struct form_snapshot sn = form_snap_append(f, form_view_prefix(f), rf);
  free(fp);
  bool ok = model_set(f->cfg, ip, val_new_map(), NULL);
  if (ok) {
    f->dirty = true;
    form_snap_changed(f, &sn);
    form_rebuild(f);
    frame_push(f, rf, ip);
    form_check(f);
    form_undo_push(f, &sn);
  } else {
    form_snap_free(&sn);
  }
  free(ip);
  return ok;
}

bool form_record_enter(form *f) {
  const form_row *r = form_focused(f);
  if (!r || r->kind != FROW_ITEM || kind_of(r->field)->shape != KSHAPE_RECORDS)
    return false;
  char *ip = xstrdup(r->path);
  frame_push(f, r->field, ip);
  free(ip);
  return true;
}

bool form_record_leave(form *f) {
  if (!f->depth)
    return false;
  if (f->editing)
    form_edit_cancel(f);
  form_frame fr = f->stack[--f->depth];
  free(fr.path);
  f->top = fr.top;
  rebuild_to(f, FROW_FIELD, NULL, fr.focus);
  return true;
}

/* ---------- editing ---------- */

static bool editable_text(const desc_field *fd) {
  return kind_of(fd)->line_input;
}

static void buf_set(form *f, const char *s) {
  f->len = strlen(s);
  if (f->len + 1 > f->cap) {
    f->cap = f->len + 64;
    f->buf = xrealloc(f->buf, f->cap);
  }
  memcpy(f->buf, s, f->len + 1);
  f->cur = f->len;
}

bool form_edit_begin(form *f) {
  const form_row *r = form_focused(f);
  if (!r || f->readonly || r->field->readonly)
    return false;
  const desc_field *fd = r->field;
  char *init = NULL;
  if (r->kind == FROW_FIELD) {
    if (!editable_text(fd) || is_type_field(fd))
      return false;
    model_ctx ctx = view_ctx(f);
    init = scalar_text(model_get(&ctx, fd));
  } else if (r->kind == FROW_ITEM &&
             (kind_of(fd)->shape == KSHAPE_LIST || kind_of(fd)->shape == KSHAPE_MAP)) {
    init = form_row_text(f, r, true, NULL);
  } else if (r->kind == FROW_ADD &&
             (kind_of(fd)->shape == KSHAPE_LIST || kind_of(fd)->shape == KSHAPE_MAP)) {
    init = xstrdup("");
  } else {
    return false;
  }
  buf_set(f, init);
  free(init);
  f->editing = true;
  f->edit_new = r->kind == FROW_ADD;
  return true;
}

/* Integer fields: digits, a leading '-', or a variable where allowed. */
static bool int_text_ok(const desc_field *fd, const char *s) {
  if (fd->variables && s[0] == '$')
    return true;
  if (*s == '-')
    s++;
  for (; *s; s++)
    if (!isdigit((unsigned char)*s))
      return false;
  return true;
}

bool form_edit_insert(form *f, const char *s, size_t n) {
  const form_row *r = form_focused(f);
  if (!f->editing || !r || !n)
    return false;
  const desc_field *fd = r->field;
  if (r->kind == FROW_FIELD && fd->max_len && f->len + n > fd->max_len)
    return false;
  if (f->len + n + 1 > f->cap) {
    f->cap = (f->len + n + 1) * 2;
    f->buf = xrealloc(f->buf, f->cap);
  }
  memmove(f->buf + f->cur + n, f->buf + f->cur, f->len - f->cur + 1);
  memcpy(f->buf + f->cur, s, n);
  f->len += n;
  f->cur += n;
  if (r->kind == FROW_FIELD && fd->kind == FK_INT && !int_text_ok(fd, f->buf)) {
    f->cur -= n;
    memmove(f->buf + f->cur, f->buf + f->cur + n, f->len - f->cur - n + 1);
    f->len -= n;
    return false;
  }
  return true;
}

static size_t utf8_prev(const char *s, size_t at) {
  if (!at)
    return 0;
  at--;
  while (at && ((unsigned char)s[at] & 0xC0) == 0x80)
    at--;
  return at;
}

static size_t utf8_next(const char *s, size_t len, size_t at) {
  if (at >= len)
    return len;
  at++;
  while (at < len && ((unsigned char)s[at] & 0xC0) == 0x80)
    at++;
  return at;
}

static void buf_cut(form *f, size_t from, size_t to) {
  memmove(f->buf + from, f->buf + to, f->len - to + 1);
  f->len -= to - from;
  f->cur = from;
}

void form_edit_backspace(form *f) {
  if (f->editing && f->cur)
    buf_cut(f, utf8_prev(f->buf, f->cur), f->cur);
}

void form_edit_delete(form *f) {
  if (f->editing && f->cur < f->len) {
    size_t at = f->cur;
    buf_cut(f, at, utf8_next(f->buf, f->len, at));
  }
}

void form_edit_left(form *f) {
  if (f->editing)
    f->cur = utf8_prev(f->buf, f->cur);
}
void form_edit_right(form *f) {
  if (f->editing)
    f->cur = utf8_next(f->buf, f->len, f->cur);
}
void form_edit_home(form *f) {
  if (f->editing)
    f->cur = 0;
}
void form_edit_end(form *f) {
  if (f->editing)
    f->cur = f->len;
}
void form_edit_kill(form *f) {
  if (f->editing) {
    f->len = f->cur = 0;
    f->buf[0] = 0;
  }
}

void form_edit_cancel(form *f) {
  f->editing = false;
  f->edit_new = false;
}

bool form_edit_commit(form *f, diag_list *diags) {
  const form_row *r = form_focused(f);
  if (!f->editing || !r) {
    form_edit_cancel(f);
    return false;
  }
  f->editing = false;
  char *text = xstrndup(f->buf, f->len);
  const desc_field *fd = r->field;
  bool ok = false;
  if (r->kind == FROW_FIELD) {
    char *p = xstrdup(r->path);
    model_ctx ctx = view_ctx(f);
    char *old = scalar_text(model_get(&ctx, fd));
    ok = str_eq(old, text) ? true : form_set_text(f, p, text, diags);
    free(old);
    free(p);
  } else if (r->kind == FROW_ADD) {
    ok = form_items_add(f, text, diags) > 0;
  } else {
    /* an existing item: empty text removes it, else it is replaced in place */
    char *t = trim_dup(text, strlen(text));
    val *c = items_of(f, r);
    size_t i = r->index;
    char *fp = items_path(f, r);
    struct form_snapshot sn = {0};
    bool snapped = false;
    if (!*t) {
      ok = form_item_delete(f); /* keeps its own undo step */
    } else if (c && c->kind == VAL_LIST && i < c->u.list.n) {
      char *at = xasprintf("%s[%zu]", fp, i);
      val *nv = val_new_str(t);
      sn = form_snap_for(f, at, nv);
      snapped = true;
      ok = model_set(f->cfg, at, nv, diags);
      free(at);
    } else if (c && c->kind == VAL_MAP && i < c->u.map.n) {
      sn = form_snap_field(f, form_view_prefix(f), fd);
      snapped = true;
      char *eq = strchr(t, '=');
      char *k = eq ? trim_dup(t, (size_t)(eq - t)) : NULL;
      val *same = k ? val_map_get(c, k) : NULL;
      if (!k || !*k) {
        if (diags)
          diag_add(diags, DIAG_ERROR, NULL, 0, 0, fd->path, "write an entry as KEY = VALUE");
      } else if (same && same != c->u.map.v[i]) {
        if (diags)
          diag_add(diags, DIAG_ERROR, NULL, 0, 0, fd->path, "key '%s' is already there", k);
      } else {
        char *old_key = xstrdup(c->u.map.k[i]);
        char *at = xasprintf("%s.%s", fp, k);
        ok = model_set(f->cfg, at, val_new_str_take(trim_dup(eq + 1, strlen(eq + 1))), diags);
        free(at);
        if (ok && strcmp(old_key, k) != 0) {
          /* renamed: the old key goes, the new one takes its place in the order */
          val_map_remove(c, old_key);
          for (size_t j = c->u.map.n - 1; j > i; j--) {
            char *tk = c->u.map.k[j];
            val *tv = c->u.map.v[j];
            c->u.map.k[j] = c->u.map.k[j - 1];
            c->u.map.v[j] = c->u.map.v[j - 1];
            c->u.map.k[j - 1] = tk;
            c->u.map.v[j - 1] = tv;
          }
        }
        free(old_key);
      }
      free(k);
    }
    if (snapped && ok) {
      form_snap_changed(f, &sn);
      form_changed(f);
      form_undo_push(f, &sn);
    } else if (snapped) {
      form_snap_free(&sn);
    }
    free(fp);
    free(t);
  }
  f->edit_new = false;
  free(text);
  return ok;
}
