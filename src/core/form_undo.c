/* The editor's undo (core/form.h form_undo): each step keeps what one change
 * replaced, so a step is small whatever the lists hold; only a change of type
 * keeps a whole copy of the configuration.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/kinds.h"
#include "core/form_check.h"
#include "core/form_int.h"
#include "core/util.h"

/* The kept old values share a budget of value nodes besides the step limit;
 * the oldest go first. Only a type change keeps a whole configuration. */
#define FORM_UNDO_NODE_BUDGET 2000000u

static size_t count_nodes(const val *v) {
  if (!v)
    return 0;
  size_t n = 1;
  if (v->kind == VAL_LIST)
    for (size_t i = 0; i < v->u.list.n; i++)
      n += count_nodes(v->u.list.v[i]);
  else if (v->kind == VAL_MAP)
    for (size_t i = 0; i < v->u.map.n; i++)
      n += count_nodes(v->u.map.v[i]);
  return n;
}

void form_snap_free(struct form_snapshot *s) {
  free(s->cpath);
  val_free(s->old);
  val_free(s->old_ident);
  memset(s, 0, sizeof *s);
}

static void undo_drop_oldest(form *f) {
  if (f->clean_at != SIZE_MAX)
    f->clean_at = f->clean_at ? f->clean_at - 1 : SIZE_MAX;
  form_snap_free(&f->undo[0]);
  memmove(f->undo, f->undo + 1, (f->n_undo - 1) * sizeof *f->undo);
  f->n_undo--;
}

static val *clone_or_null(const val *v) {
  return v ? val_clone(v) : NULL;
}

static val *container_of(const form *f, const char *cpath) {
  return *cpath ? form_path_val(f->cfg->root, cpath) : f->cfg->root;
}

static char *snap_path(const struct form_snapshot *s) {
  return form_join_path(s->cpath, s->fd->id);
}

struct form_snapshot form_snap_root(form *f) {
  struct form_snapshot s = {0};
  s.kind = U_ROOT;
  s.old = val_clone(f->cfg->root);
  s.type = f->cfg->type;
  s.nodes = count_nodes(s.old);
  return s;
}

/* The field fd of container cpath, as it is now. */
struct form_snapshot form_snap_field(form *f, const char *cpath, const desc_field *fd) {
  struct form_snapshot s = {0};
  s.kind = U_FIELD;
  s.cpath = xstrdup(cpath);
  s.fd = fd;
  val *c = container_of(f, cpath);
  s.old = clone_or_null(c ? val_get_path(c, fd->id) : NULL);
  if (!*cpath && str_eq(fd->id, "name")) {
    s.ident = true;
    s.old_ident = clone_or_null(val_get_path(f->cfg->root, "identifier"));
  }
  s.nodes = count_nodes(s.old) + count_nodes(s.old_ident);
  return s;
}

/* A list or records field about to get items appended. */
struct form_snapshot form_snap_append(form *f, const char *cpath, const desc_field *fd) {
  val *c = container_of(f, cpath);
  val *l = c ? val_get_path(c, fd->id) : NULL;
  if (!l || l->kind != VAL_LIST || !l->u.list.n)
    return form_snap_field(f, cpath, fd);
  struct form_snapshot s = {0};
  s.kind = U_TRUNC;
  s.cpath = xstrdup(cpath);
  s.fd = fd;
  s.i = l->u.list.n;
  return s;
}

/* Where a concrete path's field sits: its container ("" or "…rules[1]"). */
static char *container_for(const char *path, const desc_field *fd) {
  size_t n = strlen(fd->id);
  const char *best = NULL;
  if (!strncmp(path, fd->id, n) && (!path[n] || path[n] == '.' || path[n] == '['))
    best = path;
  for (const char *p = strstr(path, "]."); p; p = strstr(p + 1, "]."))
    if (!strncmp(p + 2, fd->id, n) && (!p[2 + n] || p[2 + n] == '.' || p[2 + n] == '['))
      best = p + 2;
  if (!best)
    return NULL;
  return best == path ? xstrdup("") : xstrndup(path, (size_t)(best - path - 1));
}

/* What model_set(path, v) is about to replace. */
struct form_snapshot form_snap_for(form *f, const char *path, const val *v) {
  const desc_field *fd = str_eq(path, "type") ? NULL : model_field_for_path(f->cfg, path);
  char *cpath = fd ? container_for(path, fd) : NULL;
  if (!cpath)
    return form_snap_root(f);
  struct form_snapshot s;
  size_t pl = strlen(path);
  if (kind_of(fd)->shape == KSHAPE_LIST && pl && path[pl - 1] == ']') {
    const char *open = strrchr(path, '[');
    size_t i = (size_t)strtoull(open + 1, NULL, 10);
    val *c = container_of(f, cpath);
    val *l = c ? val_get_path(c, fd->id) : NULL;
    size_t n = l && l->kind == VAL_LIST ? l->u.list.n : 0;
    if (i >= n) {
      s = form_snap_append(f, cpath, fd);
    } else {
      s = (struct form_snapshot){0};
      s.kind = val_is_empty(v) ? U_INSERT : U_ITEM;
      s.cpath = xstrdup(cpath);
      s.fd = fd;
      s.i = i;
      s.old = val_clone(l->u.list.v[i]);
      s.nodes = count_nodes(s.old);
    }
  } else {
    s = form_snap_field(f, cpath, fd);
  }
  free(cpath);
  return s;
}

/* After the change a snapshot describes: the items' problems follow. */
void form_snap_changed(form *f, const struct form_snapshot *s) {
  if (s->kind == U_ROOT) {
    icache_drop_under(f, NULL);
    return;
  }
  char *lp = snap_path(s);
  val *c = container_of(f, s->cpath);
  val *l = c ? val_get_path(c, s->fd->id) : NULL;
  if (l && l->kind != VAL_LIST)
    l = NULL;
  if (kind_of(s->fd)->shape == KSHAPE_RECORDS) { /* lists inside records are named by index */
    icache_drop_under(f, lp);
    free(lp);
    return;
  }
  switch (s->kind) {
  case U_TRUNC: icache_appended(f, lp, l, s->i); break;
  case U_ITEM: icache_replaced(f, lp, l, s->i); break;
  case U_INSERT: icache_removed(f, lp, s->i); break;
  case U_MOVE: icache_moved(f, lp, s->i, s->j); break;
  default: icache_drop_under(f, lp); break;
  }
  free(lp);
}

/* Keeps the step unless it is inside an outer change (which keeps its own). */
void form_undo_push(form *f, struct form_snapshot *s) {
  if (f->op_depth) {
    form_snap_free(s);
    return;
  }
  if (f->clean_at != SIZE_MAX && f->n_undo < f->clean_at)
    f->clean_at = SIZE_MAX; /* the saved state was undone, then changed: unreachable */
  if (f->n_undo == FORM_UNDO_MAX)
    undo_drop_oldest(f);
  size_t total = s->nodes;
  for (size_t i = 0; i < f->n_undo; i++)
    total += f->undo[i].nodes;
  while (f->n_undo && total > FORM_UNDO_NODE_BUDGET) {
    total -= f->undo[0].nodes;
    undo_drop_oldest(f);
  }
  f->undo = xrealloc(f->undo, (f->n_undo + 1) * sizeof *f->undo);
  f->undo[f->n_undo++] = *s;
  memset(s, 0, sizeof *s);
}

/* Puts back what s replaced; the items' problems follow. Returns the path
 * to show (caller frees), NULL when the step no longer applies. */
static char *snap_restore(form *f, struct form_snapshot *s) {
  if (s->kind == U_ROOT) {
    val_free(f->cfg->root);
    f->cfg->root = s->old;
    s->old = NULL;
    icache_drop_under(f, NULL);
    return xstrdup("type");
  }
  val *c = container_of(f, s->cpath);
  if (!c || c->kind != VAL_MAP)
    return NULL;
  char *lp = snap_path(s);
  val *l = val_get_path(c, s->fd->id);
  bool list = l && l->kind == VAL_LIST;
  char *at = NULL;
  switch (s->kind) {
  case U_FIELD:
    if (s->old)
      val_set_path(c, s->fd->id, s->old);
    else
      val_remove_path(c, s->fd->id);
    s->old = NULL;
    if (s->ident) {
      if (s->old_ident)
        val_set_path(f->cfg->root, "identifier", s->old_ident);
      else
        val_remove_path(f->cfg->root, "identifier");
      s->old_ident = NULL;
    }
    icache_drop_under(f, lp);
    break;
  case U_TRUNC:
    if (!list)
      break;
    while (l->u.list.n > s->i)
      val_free(val_list_take(l, l->u.list.n - 1));
    icache_truncated(f, lp, s->i);
    at = xasprintf("%s[%zu]", lp, s->i); /* the first item taken away */
    break;
  case U_ITEM:
    if (!list || s->i >= l->u.list.n)
      break;
    val_free(l->u.list.v[s->i]);
    l->u.list.v[s->i] = s->old;
    s->old = NULL;
    icache_replaced(f, lp, l, s->i);
    at = xasprintf("%s[%zu]", lp, s->i);
    break;
  case U_INSERT:
    if (!l) {
      l = val_new_list();
      if (!val_set_path(c, s->fd->id, l))
        break;
    } else if (!list) {
      break;
    }
    val_list_insert(l, s->i, s->old);
    s->old = NULL;
    icache_inserted(f, lp, l, s->i);
    at = xasprintf("%s[%zu]", lp, s->i);
    break;
  case U_MOVE:
    if (!list || s->i >= l->u.list.n || s->j >= l->u.list.n)
      break;
    val_list_move(l, s->j, s->i);
    icache_moved(f, lp, s->j, s->i);
    at = xasprintf("%s[%zu]", lp, s->i);
    break;
  case U_ROOT: break;
  }
  if (kind_of(s->fd)->shape == KSHAPE_RECORDS)
    icache_drop_under(f, lp);
  if (!at)
    at = xstrdup(lp);
  free(lp);
  return at;
}

void form_mark_saved(form *f) {
  f->dirty = false;
  f->clean_at = f->n_undo;
}

void form_mark_unsaved(form *f) {
  f->dirty = true;
  f->clean_at = SIZE_MAX;
}

bool form_undo(form *f) {
  if (f->readonly || !f->n_undo)
    return false;
  if (f->editing)
    form_edit_cancel(f);
  struct form_snapshot sn = f->undo[--f->n_undo];
  if (sn.kind == U_ROOT && sn.type != f->cfg->type) {
    const char *sid = form_current_section(f) ? form_current_section(f)->id : NULL;
    char *keep = sid ? xstrdup(sid) : NULL;
    f->cfg->type = sn.type;
    form_frames_clear(f);
    f->section = 0;
    for (size_t i = 0; sn.type && i < sn.type->n_sections; i++)
      if (str_eq(sn.type->sections[i].id, keep))
        f->section = i;
    free(keep);
  }
  bool appended = sn.kind == U_TRUNC; /* focus goes where the items were added */
  char *lp = appended ? snap_path(&sn) : NULL;
  char *at = snap_restore(f, &sn);
  form_snap_free(&sn);
  /* open records that the undone change made (or moved) are closed */
  for (size_t i = 0; i < f->depth; i++) {
    const val *rec = form_path_val(f->cfg->root, f->stack[i].path);
    if (!rec || rec->kind != VAL_MAP) {
      form_frames_clear(f);
      break;
    }
  }
  form_changed(f);
  if (f->n_undo == f->clean_at)
    f->dirty = false; /* back to what the file holds */
  free(f->undone);
  f->undone = at;
  if (lp) {
    if (form_goto_path(f, lp))
      form_focus_add(f);
    free(lp);
  } else if (at) {
    form_goto_path(f, at);
  }
  return true;
}
