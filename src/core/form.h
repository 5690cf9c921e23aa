/* The editor's form state: which rows are on screen, which one has focus,
 * the nesting of record sub-forms, and the text being edited. No terminal
 * here: src/ui draws a form and turns keys into these calls, and the unit
 * tests drive it directly.
 *
 * A form shows one section of the configuration's type at a time (or, once
 * a record is opened, the fields of that record). The view is a short list of
 * segments, one per field (its row, its items, its "+ add" row), recomputed
 * after every change so conditional fields appear and disappear as values
 * change. Rows themselves are made on demand (form_row_at) for what is on
 * screen: a list of a million domains costs one segment, not a million rows,
 * and no key's work depends on how long a list is.
 *
 * Ownership: the form borrows the config (the caller keeps it alive and frees
 * it after form_free); rows and strings handed out are owned by the form and
 * valid until the next call that changes the form.
 */
#ifndef APPVPN_CORE_FORM_H
#define APPVPN_CORE_FORM_H
#include "core/desc.h"
#include "core/diag.h"
#include "core/model.h"
#include "core/value.h"
#include <stdbool.h>
#include <stddef.h>

typedef enum {
  FROW_FIELD, /* a field: "Label ....... value" */
  FROW_ITEM,  /* one item of a list / map / records field (below its field) */
  FROW_ADD    /* "+ add …" after the items of a list / map / records field */
} form_row_kind;

typedef struct form_row {
  form_row_kind kind;
  const desc_field *field; /* the field (for items: the list/map/records field) */
  char *path;              /* FIELD/ADD: the field's concrete path; ITEM: "path[i]" */
  size_t index;            /* ITEM: position in the list or map */
  bool hidden;             /* listed only because hidden fields are shown: not focusable */
  const char *why_hidden;  /* hidden: the condition that is false (borrowed) */
} form_row;

/* One field of the view with what follows it: the field's row, then (for a
 * visible list / map / records field) n_items item rows and, unless read-only,
 * its ADD row. Row numbers are global: the field's row is `start`. */
typedef struct form_seg {
  const desc_field *field;
  char *path;             /* the field's concrete path */
  bool hidden;            /* listed only because hidden fields are shown */
  const char *why_hidden; /* hidden: the condition that is false (borrowed) */
  size_t n_items;
  bool add;
  size_t start;
} form_seg;

/* One opened record (an on-demand rule, a connection parameter set). */
typedef struct form_frame {
  const desc_field *field; /* the FK_RECORDS field */
  char *path;              /* the record's concrete path: "on_demand.rules[1]" */
  size_t focus, top;       /* where the parent view was, restored on leave */
} form_frame;

typedef struct form {
  config *cfg;       /* borrowed */
  size_t section;    /* index into cfg->type->sections */
  form_frame *stack; /* opened records, outermost first */
  size_t depth;
  form_seg *segs; /* the view (see form_seg) */
  size_t n_segs, cap_segs;
  size_t n_rows;                 /* rows of all segments */
  struct form_row_cache *rcache; /* rows made by form_row_at (private) */
  unsigned long gen;             /* bumped by every rebuild: cached rows expire */
  struct form_icache *icache;    /* item problems per list field (private) */
  size_t n_icache;
  size_t focus;       /* index into rows (a focusable row when any exists) */
  size_t top;         /* first row on screen (the ui keeps focus visible) */
  bool show_hidden;   /* list hidden fields too (dimmed, with the reason) */
  bool dirty;         /* changed since load/save: hook for quit prompts and recovery */
  bool readonly;      /* --view: every change is refused */
  diag_list problems; /* validate_config after the last change */

  /* Undo: what each change replaced (the old value at its path, a list's
   * length before an append, …; newest last). */
  struct form_snapshot *undo;
  char *undone;    /* the path the last form_undo changed back (its message) */
  size_t clean_at; /* n_undo when the file on disk was last the same; SIZE_MAX: never */
  size_t n_undo;
  unsigned op_depth; /* nesting of changing calls: one snapshot per outermost */

  /* The text being edited (UTF-8); cursor is a byte offset at a character start. */
  bool editing;
  bool edit_new; /* editing a new list/map item (the ADD row) */
  char *buf;
  size_t len, cap, cur;
} form;

/* A form on cfg, showing its first visible section. cfg->type must be set. */
form *form_new(config *cfg);
void form_free(form *f);

/* Recomputes rows (visibility) keeping focus on the same row when it still
 * exists. Called by every change below; call it after changing cfg directly. */
void form_rebuild(form *f);
/* Re-runs validate_config into f->problems. */
void form_validate(form *f);

/* Sections. */
bool form_section_visible(const form *f, size_t i);
const desc_section *form_current_section(const form *f);
/* Moves to the next/previous visible section (wraps); leaves any open record. */
void form_next_section(form *f, int dir);
/* Moves to section i (must be visible); false otherwise. */
bool form_goto_section(form *f, size_t i);

/* Row i (0 ≤ i < n_rows), made on demand; NULL past the end. The pointer
 * stays valid until the form changes or a few hundred other rows were asked
 * for (the focused row's until focus moves). */
const form_row *form_row_at(const form *f, size_t i);
/* The row number showing `path` as a row of this kind, or (size_t)-1. */
size_t form_find_row(const form *f, form_row_kind kind, const char *path);
/* Focus. */
const form_row *form_focused(const form *f); /* NULL when no row can take focus */
/* Focus on the ADD row of the focused row's list; false when it has none. */
bool form_focus_add(form *f);
bool form_row_focusable(const form_row *r);
/* Moves focus by delta focusable rows (clamped). Returns true when it moved. */
bool form_move(form *f, int delta);
void form_focus_first(form *f);
void form_focus_last(form *f);
/* Shows the field (or item) named by a concrete path (from diag.field):
 * switches section, opens records on the way. False if no row shows it. */
bool form_goto_path(form *f, const char *path);

/* Values. The evaluation context of a row's field. */
model_ctx form_row_ctx(const form *f, const form_row *r);
/* The value at a concrete path (borrowed) or NULL; paths index lists: "a.b[2].c". */
const val *form_get_path(const form *f, const char *path);
/* Display text of a row's value (caller frees): masked passwords ("••••••")
 * unless reveal; choice labels; "[x]"/"[ ]"; item counts; the default when
 * unset (is_default set). */
char *form_row_text(const form *f, const form_row *r, bool reveal, bool *is_default);
/* The worst problem of a row (exact path, or anything under it): 'e' error,
 * 'w' warning, 0 none; *msg (may be NULL) gets the first message (borrowed). */
char form_row_problem(const form *f, const form_row *r, const char **msg);
/* One-line summary of record i of a records field (caller frees). */
char *form_record_label(const form *f, const desc_field *rf, const char *item_path, size_t i);

/* Changes (all refused when readonly; all set dirty, rebuild and validate).
 * Text is converted to the field's kind ("" removes the value). */
bool form_set_text(form *f, const char *path, const char *text, diag_list *diags);
bool form_set_value(form *f, const char *path, val *v, diag_list *diags); /* takes v */
bool form_unset(form *f, const char *path);
/* Bool row: flips it. */
bool form_toggle(form *f);
/* Choice row (or the `type` field): stores value. Changing `type` keeps
 * common values and switches the sections (config_set_type). */
bool form_choose(form *f, const char *value, diag_list *diags);

/* Takes back the last change (up to FORM_UNDO_MAX of them, fewer when the
 * kept old values would exceed a budget of 2M value nodes). False when
 * there is nothing to undo. Focus goes to what was changed back. */
#define FORM_UNDO_MAX 100
bool form_undo(form *f);
/* The configuration is now what the file holds (loaded or saved): dirty is
 * cleared, and undoing back to this point clears it again. */
void form_mark_saved(form *f);
/* Nothing that undo can reach is what the file holds (a new file, recovered
 * changes): dirty stays set until a save. */
void form_mark_unsaved(form *f);

/* Items of the focused list/map/records field (focus on an ITEM or ADD row). */
/* Appends items parsed from text: lists split on commas, spaces and newlines
 * (newlines only for SSIDs); maps take "key = value" lines. Returns how many. */
size_t form_items_add(form *f, const char *text, diag_list *diags);
bool form_item_delete(form *f);
bool form_item_move(form *f, int dir);
/* Records: appends an empty record and opens it. */
bool form_record_add(form *f);
/* Opens the focused record item; leaves the innermost open record. */
bool form_record_enter(form *f);
bool form_record_leave(form *f);

/* Editing the focused row (text, password, integer, file, list/map item, ADD). */
bool form_edit_begin(form *f);
/* Inserts UTF-8 text at the cursor; integer fields take only digits (a
 * leading '-', or a ${var} where the field takes variables). */
bool form_edit_insert(form *f, const char *s, size_t n);
void form_edit_backspace(form *f);
void form_edit_delete(form *f);
void form_edit_left(form *f);
void form_edit_right(form *f);
void form_edit_home(form *f);
void form_edit_end(form *f);
void form_edit_kill(form *f); /* Ctrl-U: clears the text */
/* Stores the text (via form_set_text / form_items_add). Leaves edit mode
 * even when the value was rejected (diags say why). */
bool form_edit_commit(form *f, diag_list *diags);
void form_edit_cancel(form *f);

#endif
