/* The one place that chooses between the directory list and the editor. */
#include <string.h>
#include <sys/stat.h>

#include "ui/dirlist.h"
#include "ui/editor.h"

int ui_open(const ui_opts *o) {
  if (!o)
    return 2;
  ui_opts mine = *o;
  mine.open_file = ui_run;
  struct stat st;
  if (mine.path && stat(mine.path, &st) == 0 && S_ISDIR(st.st_mode))
    return dirlist_run(&mine);
  return ui_run(&mine);
}
