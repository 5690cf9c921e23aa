/* `appvpn DIR`: the list of the configurations in a directory (name, type,
 * server, problems) with open, new, clone, rename and delete
 * (docs/editor.md "Directory list"). Opening runs the editor on the file and
 * comes back to the list when it quits.
 */
#ifndef APPVPN_UI_DIRLIST_H
#define APPVPN_UI_DIRLIST_H
#include <stdbool.h>
#include "core/desc.h"
#include "core/model.h"
#include "ui/editor.h"

/* Runs the list for o->path (a directory) until the user quits; honours
 * o->readonly (only viewing) and the scripted test mode. Returns the process
 * exit code like ui_run (128+N after signal N). */
int dirlist_run(const ui_opts *o);

/* The copy `clone` writes: fresh uuid.profile/payload/vpn/credential (the
 * copy must not take over the original's apps through VPNUUID), name
 * "<name> (copy)" and identifier "<identifier>.copy". False (c unchanged in
 * its UUIDs) when no randomness was available. */
bool dirlist_make_clone(config *c);

#endif
