#include "ui/keytab.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "ui/keys.h"

static const key_def TABLE[] = {
    {{{K_FN(KEY_UP), KA_UP},
      {K_FN(KEY_DOWN), KA_DOWN},
      {K_FN(KEY_PPAGE), KA_PGUP},
      {K_FN(KEY_NPAGE), KA_PGDN},
      {K_FN(KEY_HOME), KA_FIRST},
      {K_FN(KEY_END), KA_LAST}},
     "Up/Down, PgUp/PgDn, Home/End",
     "",
     "move between rows (hidden rows are skipped)",
     false,
     NULL,
     NULL,
     0,
     false,
     NULL,
     0},
    {{{K_TAB, KA_NEXT_SECTION},
      {K_FN(KEY_BTAB), KA_PREV_SECTION},
      {K_FN(KEY_RIGHT), KA_NEXT_SECTION},
      {K_FN(KEY_LEFT), KA_LEFT}},
     "Tab / Shift-Tab",
     "Right / Left",
     "next / previous section",
     false,
     NULL,
     NULL,
     0,
     false,
     NULL,
     0},
    {{{K_ENTER, KA_ENTER}, {' ', KA_ENTER}},
     "Enter, Space",
     "",
     "edit text, toggle on/off, open a choice list, open a record, add on a `+ add` row",
     false,
     NULL,
     NULL,
     0,
     false,
     NULL,
     0},
    {{{K_ESC, KA_LEAVE}},
     "Esc",
     "Left",
     "leave a record (back to the enclosing form)",
     false,
     NULL,
     NULL,
     0,
     false,
     NULL,
     0},
    {{{K_FN(KEY_F(1)), KA_HELP}, {K_CTRL('G'), KA_HELP}},
     "F1",
     "^G",
     "help: the focused field in full (help, YAML key, availability, condition, profile keys), "
     "then the keys",
     true,
     "F1/^G",
     "Help",
     7,
     false,
     "this help",
     7},
    {{{K_FN(KEY_F(2)), KA_SAVE}, {K_CTRL('S'), KA_SAVE}},
     "F2",
     "^S",
     "save",
     true,
     "^S",
     "Save",
     1,
     true,
     "save",
     1},
    {{{K_FN(KEY_F(3)), KA_PREVIEW}, {K_CTRL('P'), KA_PREVIEW}},
     "F3",
     "^P",
     "preview the profile",
     true,
     "^P",
     "Preview",
     3,
     false,
     "preview profile",
     3},
    {{{K_FN(KEY_F(4)), KA_PROBLEMS}, {K_CTRL('E'), KA_PROBLEMS}},
     "F4",
     "^E",
     "problems list; Enter jumps to the field",
     true,
     "^E",
     "Problems",
     4,
     false,
     "problems list",
     4},
    {{{K_FN(KEY_F(5)), KA_EXPORT}, {K_CTRL('X'), KA_EXPORT}},
     "F5",
     "^X",
     "export the profile",
     true,
     "^X",
     "Export",
     2,
     true,
     "export profile",
     2},
    {{{K_FN(KEY_F(6)), KA_HIDDEN}, {K_CTRL('T'), KA_HIDDEN}},
     "F6",
     "^T",
     "show hidden fields too (dimmed, \"shown when Proxy Setup is Manual\")",
     true,
     "^T",
     "Hidden",
     6,
     false,
     "show hidden fields",
     5},
    {{{K_FN(KEY_F(7)), KA_REVEAL}, {K_CTRL('R'), KA_REVEAL}},
     "F7",
     "^R",
     "reveal passwords (not in `--view`)",
     true,
     NULL,
     NULL,
     0,
     false,
     "reveal passwords",
     6},
    {{{K_FN(KEY_F(8)), KA_FIND}, {K_CTRL('F'), KA_FIND}},
     "F8",
     "^F",
     "find a setting by label or YAML key (inside a record: its fields), or a value "
     "in a list (an item of Safari Domains, …) once typed",
     true,
     "^F",
     "Find",
     5,
     false,
     "find a setting",
     9},
    {{{K_FN(KEY_F(10)), KA_QUIT}, {K_CTRL('Q'), KA_QUIT}},
     "F10",
     "^Q",
     "quit (asks save / discard / cancel when there are unsaved changes)",
     true,
     "^Q",
     "Quit",
     8,
     false,
     "quit",
     8},
    {{{K_CTRL('L'), KA_REDRAW}},
     "",
     "^L",
     "redraw the screen",
     true,
     NULL,
     NULL,
     0,
     false,
     "redraw the screen",
     10},
    {{{K_CTRL('C'), KA_INTERRUPT}},
     "",
     "^C",
     "does not quit: says which keys quit or go back",
     true,
     NULL,
     NULL,
     0,
     false,
     NULL,
     0},
    {{{K_CTRL('Z'), KA_UNDO}},
     "",
     "^Z",
     "undo the last change (says which, goes there); again for the one before (up to 100)",
     false,
     NULL,
     NULL,
     0,
     true,
     "undo the last change (again and again)",
     11},
    {{{K_FN(KEY_IC), KA_ADD}, {K_CTRL('N'), KA_ADD}},
     "Ins",
     "^N",
     "add an item / record to the focused list",
     false,
     NULL,
     NULL,
     0,
     true,
     NULL,
     0},
    {{{K_FN(KEY_DC), KA_DELETE}, {K_CTRL('D'), KA_DELETE}},
     "Del",
     "^D",
     "delete the focused item; on a field: clear its value (back to the default)",
     false,
     NULL,
     NULL,
     0,
     true,
     NULL,
     0},
    {{{K_FN(KEY_SR), KA_MOVE_UP},
      {K_CTRL('U'), KA_MOVE_UP},
      {K_FN(KEY_SF), KA_MOVE_DOWN},
      {K_CTRL('B'), KA_MOVE_DOWN}},
     "Shift-Up / Shift-Down",
     "^U / ^B",
     "move the focused item up / down (the first matching rule wins)",
     false,
     NULL,
     NULL,
     0,
     true,
     NULL,
     0},
};

#define N_TABLE (sizeof TABLE / sizeof TABLE[0])

const key_def *keytab_all(size_t *n) {
  *n = N_TABLE;
  return TABLE;
}

key_action keytab_action(int k, bool global_only) {
  for (size_t i = 0; i < N_TABLE; i++) {
    if (global_only && !TABLE[i].global)
      continue;
    for (size_t j = 0; j < KEYTAB_MAX_KEYS && TABLE[i].keys[j].key; j++)
      if (TABLE[i].keys[j].key == k)
        return TABLE[i].keys[j].act;
  }
  return KA_NONE;
}

size_t keytab_bar(bool readonly, const key_def **out, size_t max) {
  size_t n = 0;
  for (int order = 1; n < max; order++) {
    bool any = false;
    for (size_t i = 0; i < N_TABLE; i++)
      if (TABLE[i].bar_order >= order)
        any = true;
    if (!any)
      break;
    for (size_t i = 0; i < N_TABLE && n < max; i++)
      if (TABLE[i].bar_order == order && TABLE[i].bar_label && !(readonly && TABLE[i].bar_edits))
        out[n++] = &TABLE[i];
  }
  return n;
}

/* "F2  = ^S  save" or "^L  redraw the screen". */
static char *help_cell(const key_def *d) {
  return *d->fn_text ? xasprintf("%-4s= %-4s%s", d->fn_text, d->plain_text, d->help)
                     : xasprintf("%-4s%s", d->plain_text, d->help);
}

char *keytab_help(void) {
  const key_def *cells[N_TABLE];
  size_t n = 0;
  for (int order = 1; order <= (int)N_TABLE; order++)
    for (size_t i = 0; i < N_TABLE; i++)
      if (TABLE[i].help && TABLE[i].help_order == order)
        cells[n++] = &TABLE[i];
  strbuf b = STRBUF_INIT;
  strbuf_puts(&b, "Commands (function key = plain key)\n");
  for (size_t i = 0; i < n; i += 2) {
    char *l = help_cell(cells[i]);
    if (i + 1 < n) {
      char *r = help_cell(cells[i + 1]);
      strbuf_printf(&b, "  %-31s%s\n", l, r);
      free(r);
    } else {
      strbuf_printf(&b, "  %s\n", l);
    }
    free(l);
  }
  return strbuf_take(&b);
}

char *keytab_markdown(void) {
  strbuf b = STRBUF_INIT;
  strbuf_puts(&b, "| key | plain | what |\n|---|---|---|\n");
  for (size_t i = 0; i < N_TABLE; i++) {
    const key_def *d = &TABLE[i];
    strbuf_printf(&b, "|%s%s%s|%s%s%s| %s |\n", *d->fn_text ? " " : " ", d->fn_text,
                  *d->fn_text ? " " : "", *d->plain_text ? " " : " ", d->plain_text,
                  *d->plain_text ? " " : "", d->what);
  }
  return strbuf_take(&b);
}

/* ---------- the directory list ---------- */

static const dirkey_def DIR_TABLE[] = {
    {{0}, DK_MOVE, "Up/Down PgUp/PgDn Home/End", "move in the list", NULL, NULL, NULL, 0, "move"},
    {{K_ENTER, 'o', K_CTRL('O')},
     DK_OPEN,
     "Enter, `o`, ^O",
     "open the file in the editor; quitting it comes back to the list",
     "Enter",
     "Open",
     "View",
     1,
     "open in the editor (--view: view)"},
    {{'n', K_CTRL('N'), K_FN(KEY_IC)},
     DK_NEW,
     "`n`, ^N, Ins",
     "new: asks a file name (`.yaml` added), refuses an existing one; the editor then asks the "
     "type",
     "n",
     "New",
     NULL,
     2,
     "new file (the editor asks the type)"},
    {{'c', K_CTRL('K')},
     DK_CLONE,
     "`c`, ^K",
     "clone: asks the new file name (`NAME-copy.yaml`); the copy gets fresh "
     "`uuid.profile/payload/vpn/credential`, the name `NAME (copy)` and the identifier `ID.copy` "
     "(`.copy2`… when taken): a copy with the same VPNUUID would take over the original's apps",
     "c",
     "Clone",
     NULL,
     3,
     "clone: a copy with new UUIDs and identifier"},
    {{'r', K_CTRL('R')},
     DK_RENAME,
     "`r`, ^R",
     "rename the file (not the configuration's name); never replaces an existing file "
     "(`renameat2` RENAME_NOREPLACE, else link + unlink); a `FILE.save` follows",
     "r",
     "Rename",
     NULL,
     4,
     "rename the file (never overwrites)"},
    {{'d', K_CTRL('D'), K_FN(KEY_DC)},
     DK_DELETE,
     "`d`, ^D, Del",
     "delete after a y/n question that names the apps losing their VPN (\"com.x.crm will lose "
     "its VPN\"); removes its `FILE.save` too",
     "d",
     "Delete",
     NULL,
     5,
     "delete (says which apps lose their VPN)"},
    {{'b'},
     DK_BUNDLE,
     "`b`",
     "bundle: every usable configuration of the list exported as one profile (asks the file, "
     "`bundle.mobileconfig` in DIR), signed as the editor's export is; conflicts (two with one "
     "VPN UUID, an app bound twice) are refused as `export A B …` refuses them",
     NULL,
     NULL,
     NULL,
     0,
     "bundle: every usable configuration in one profile"},
    {{K_FN(KEY_F(1)), K_CTRL('G'), '?'},
     DK_HELP,
     "F1, ^G, `?`",
     "the keys; any key closes them",
     "F1",
     "Help",
     "Help",
     7,
     NULL},
    {{K_CTRL('L')},
     DK_RELOAD,
     "^L",
     "read the directory again",
     NULL,
     NULL,
     NULL,
     0,
     "read the directory again"},
    {{'q', K_CTRL('Q'), K_FN(KEY_F(10))},
     DK_QUIT,
     "`q`, ^Q, F10",
     "quit",
     "q",
     "Quit",
     "Quit",
     6,
     "quit"},
};

#define N_DIR_TABLE (sizeof DIR_TABLE / sizeof DIR_TABLE[0])

const dirkey_def *dirkeys_all(size_t *n) {
  *n = N_DIR_TABLE;
  return DIR_TABLE;
}

dirkey_action dirkeys_action(int k) {
  for (size_t i = 0; i < N_DIR_TABLE; i++)
    for (size_t j = 0; j < KEYTAB_MAX_KEYS && DIR_TABLE[i].keys[j]; j++)
      if (DIR_TABLE[i].keys[j] == k)
        return DIR_TABLE[i].act;
  return DK_NONE;
}

size_t dirkeys_bar(bool readonly, const dirkey_def **out, size_t max) {
  size_t n = 0;
  for (int order = 1; order <= (int)N_DIR_TABLE; order++)
    for (size_t i = 0; i < N_DIR_TABLE && n < max; i++)
      if (DIR_TABLE[i].bar_order == order && DIR_TABLE[i].bar_key &&
          (readonly ? DIR_TABLE[i].view_label : DIR_TABLE[i].bar_label))
        out[n++] = &DIR_TABLE[i];
  return n;
}

/* "Enter, `o`, ^O" as F1 shows it: "Enter, o or ^O". */
static char *help_keys(const char *s) {
  const char *last = NULL;
  for (const char *p = strstr(s, ", "); p; p = strstr(p + 1, ", "))
    last = p;
  strbuf b = STRBUF_INIT;
  for (const char *p = s; *p; p++) {
    if (p == last) {
      strbuf_puts(&b, " or ");
      p++;
    } else if (*p != '`') {
      strbuf_putn(&b, p, 1);
    }
  }
  return strbuf_take(&b);
}

char *dirkeys_help(void) {
  strbuf b = STRBUF_INIT;
  strbuf_puts(&b, "Keys in the directory list\n");
  for (size_t i = 0; i < N_DIR_TABLE; i++) {
    if (!DIR_TABLE[i].help)
      continue;
    char *k = help_keys(DIR_TABLE[i].key_text);
    strbuf_printf(&b, "  %-28s%s\n", k, DIR_TABLE[i].help);
    free(k);
  }
  strbuf_puts(&b, "Marks: '!' errors or unusable, '?' warnings. Any key closes this help.\n");
  return strbuf_take(&b);
}

char *dirkeys_markdown(void) {
  strbuf b = STRBUF_INIT;
  strbuf_puts(&b, "| key | does |\n|---|---|\n");
  for (size_t i = 0; i < N_DIR_TABLE; i++)
    strbuf_printf(&b, "| %s | %s |\n", DIR_TABLE[i].key_text, DIR_TABLE[i].what);
  return strbuf_take(&b);
}
