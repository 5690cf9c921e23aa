/* The key tables of the form and of the directory list.
 *
 * The form's key table: one entry per line of docs/editor.md's key table.
 * The same entries decide what a key does (keytab_action), which commands the
 * key bar offers (keytab_bar), the command list of the F1 help (keytab_help)
 * and the documentation's table (keytab_markdown; a unit test compares it
 * with docs/editor.md). Adding a key: add an entry here and a case for its
 * action in the editor's dispatch (editor.c: run_action).
 *
 * The directory list's key table (dirkeys_*) works the same way for the list
 * (ui/dirlist.c): its keys, the bar of the list and of --view, F1's key list
 * and docs/editor.md's directory-list table come from it. Adding a key there:
 * an entry in keytab.c's DIR_TABLE and, for a new action, a case in
 * dirlist.c's handle.
 */
#ifndef APPVPN_UI_KEYTAB_H
#define APPVPN_UI_KEYTAB_H
#include <stdbool.h>
#include <stddef.h>

typedef enum {
  KA_NONE,
  KA_UP,
  KA_DOWN,
  KA_PGUP,
  KA_PGDN,
  KA_FIRST,
  KA_LAST,
  KA_NEXT_SECTION,
  KA_PREV_SECTION,
  KA_LEFT,
  KA_LEAVE,
  KA_ENTER,
  KA_HELP,
  KA_SAVE,
  KA_PREVIEW,
  KA_PROBLEMS,
  KA_EXPORT,
  KA_HIDDEN,
  KA_REVEAL,
  KA_FIND,
  KA_QUIT,
  KA_REDRAW,
  KA_INTERRUPT,
  KA_UNDO,
  KA_ADD,
  KA_DELETE,
  KA_MOVE_UP,
  KA_MOVE_DOWN
} key_action;

#define KEYTAB_MAX_KEYS 6

typedef struct key_def {
  struct {
    int key;
    key_action act;
  } keys[KEYTAB_MAX_KEYS]; /* what each key does (0-terminated) */
  const char *fn_text;     /* the documentation's "key" column */
  const char *plain_text;  /* its "plain" column (Ctrl keys) */
  const char *what;        /* its "what" column */
  bool global;             /* also while editing text (after keeping the text) */
  const char *bar_key;     /* key bar: the key as shown ("^S") and its label; */
  const char *bar_label;   /* NULL: not on the bar */
  int bar_order;           /* place on the bar (1 first) */
  bool bar_edits;          /* changes the configuration: not on the --view bar */
  const char *help;        /* F1's short text; NULL: not in its command list */
  int help_order;          /* place in F1's command list (two columns) */
} key_def;

const key_def *keytab_all(size_t *n);
/* What key k does on the form (not while editing text): KA_NONE if nothing.
 * With global_only, only the commands that also work while editing. */
key_action keytab_action(int k, bool global_only);
/* The key bar of the form, in order: *n entries written to out (at most max). */
size_t keytab_bar(bool readonly, const key_def **out, size_t max);
/* F1's command list (caller frees). */
char *keytab_help(void);
/* docs/editor.md's key table, header included (caller frees). */
char *keytab_markdown(void);

/* ---------- the directory list ---------- */

typedef enum {
  DK_NONE,
  DK_MOVE, /* the list keys of every list (wg_list_key) */
  DK_OPEN,
  DK_NEW,
  DK_CLONE,
  DK_RENAME,
  DK_DELETE,
  DK_BUNDLE,
  DK_HELP,
  DK_RELOAD,
  DK_QUIT
} dirkey_action;

typedef struct dirkey_def {
  int keys[KEYTAB_MAX_KEYS]; /* the keys (0-terminated; none for DK_MOVE) */
  dirkey_action act;
  const char *key_text;   /* the documentation's "key" column; F1 shows it
                             without backticks, the last ", " read " or " */
  const char *what;       /* its "does" column */
  const char *bar_key;    /* key bar: the key as shown ("Enter"); NULL: not on a bar */
  const char *bar_label;  /* its label on the list's bar (NULL: not on it) */
  const char *view_label; /* its label on the --view bar (NULL: not on it) */
  int bar_order;          /* place on the bar (1 first) */
  const char *help;       /* F1's text; NULL: not in its key list */
} dirkey_def;

const dirkey_def *dirkeys_all(size_t *n);
/* What key k does in the directory list: DK_NONE if nothing (the list keys
 * are wg_list_key's: DK_NONE here too). */
dirkey_action dirkeys_action(int k);
/* The list's key bar (--view's with readonly), in order: *n entries written
 * to out (at most max); the label to show is bar_label, or view_label when
 * readonly. */
size_t dirkeys_bar(bool readonly, const dirkey_def **out, size_t max);
/* F1's text for the list, one line per '\n' (caller frees). */
char *dirkeys_help(void);
/* docs/editor.md's directory-list key table, header included (caller frees). */
char *dirkeys_markdown(void);

#endif
