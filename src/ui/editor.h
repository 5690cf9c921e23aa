/* The interactive editor (ncurses): `appvpn FILE`, `appvpn edit FILE`,
 * `appvpn --view FILE`, and the scripted test mode (docs/editor.md).
 */
#ifndef APPVPN_UI_EDITOR_H
#define APPVPN_UI_EDITOR_H
#include <stdbool.h>
#include <stdio.h>
#include "core/desc.h"

typedef struct ui_opts {
  const desc_set *set; /* loaded descriptors (borrowed) */
  const char *path;    /* file or directory to open */
  bool readonly;       /* --view: help-desk read-only view */
  const char *theme;   /* --theme NAME or NULL (NO_COLOR env honoured) */
  const char *script;  /* --test-script FILE: scripted test mode (no tty) */
  const char *dump;    /* --test-dump FILE: where <Dump> writes screens (default stdout) */
  /* Set by the directory list when it opens a file in the scripted test mode:
   * the editor reads on in the same parsed script (advancing keys->pos) and
   * dumps to the same stream; both borrowed. NULL otherwise. */
  struct key_script *keys;
  FILE *dump_to;
  /* How the directory list opens a file (ui_open sets it to ui_run): the
   * list and the editor do not call each other. */
  int (*open_file)(const struct ui_opts *o);
} ui_opts;

/* Runs the editor until the user quits (or the test script ends). Returns the
 * process exit code (0 ok, 2 usage, 3 I/O); never calls exit(). Errors are
 * printed to stderr after the terminal is restored. */
int ui_run(const ui_opts *o);
/* `appvpn PATH`: the directory list for a directory (dirlist_run), else the
 * editor (ui_run). Same return value. */
int ui_open(const ui_opts *o);

#endif
