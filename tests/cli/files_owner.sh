#!/usr/bin/env bash
# Writing on a shared machine (docs/files.md): owner, group and mode kept,
# the umask honoured, read-only files need --force, another user's symlink or
# file in a sticky world-writable directory is refused, a neighbouring .p12
# is never replaced without --force, stale temp files of a killed run go.
. "$(dirname "$0")/lib.bash"

cfg="$T/c.yaml"
cp "$EX/ipsec.yaml" "$cfg"
perms() { stat -c '%U:%G %a' "$1"; }
temps() { find "$T" -name '.*.appvpn-*' | wc -l; }

# umask 077: new configurations and exports are 0600; 022: 0644.
(umask 077 && "$APPVPN" new ipsec -o "$T/u77.yaml" && "$APPVPN" export "$cfg" -o "$T/u77.mobileconfig") 2>/dev/null
[ "$(stat -c %a "$T/u77.yaml")" = 600 ] && pass || fail "new under umask 077: $(stat -c %a "$T/u77.yaml")"
[ "$(stat -c %a "$T/u77.mobileconfig")" = 600 ] && pass || fail "export under umask 077: $(stat -c %a "$T/u77.mobileconfig")"
(umask 022 && "$APPVPN" export "$cfg" -o "$T/u22.mobileconfig")
[ "$(stat -c %a "$T/u22.mobileconfig")" = 644 ] && pass || fail "export under umask 022: $(stat -c %a "$T/u22.mobileconfig")"
# A secret (a password) is 0600 whatever the umask says.
cp "$EX/cisco-anyconnect.yaml" "$T/secret.yaml" && mkdir -p "$T/certs" && cp "$EX/certs/sales.p12" "$T/certs/"
(umask 002 && "$APPVPN" export "$T/secret.yaml" -o "$T/secret.mobileconfig")
[ "$(stat -c %a "$T/secret.mobileconfig")" = 600 ] && pass || fail "secret export: $(stat -c %a "$T/secret.mobileconfig")"

# A mode set by hand is kept by set (0640 stays 0640, 0604 stays 0604).
for m in 640 604 664; do
  chmod "$m" "$cfg"
  run set "$cfg" name="Mode $m"
  expect_rc 0 "set on a $m file"
  [ "$(stat -c %a "$cfg")" = "$m" ] && pass || fail "mode $m became $(stat -c %a "$cfg")"
done
chmod 644 "$cfg"

# Read-only: refused (as root too), then --force writes it and keeps 0444.
cp "$cfg" "$T/ro.yaml" && chmod 444 "$T/ro.yaml"
cp "$T/ro.yaml" "$T/ro.before"
run set "$T/ro.yaml" name=Changed
expect_rc 3 "set on a read-only file"
expect_err "ro\.yaml: it is read-only \(mode 0444\); --force writes it anyway" "set on a read-only file"
same_file "$T/ro.yaml" "$T/ro.before" "read-only file after a refused set"
run set "$T/ro.yaml" name=Changed --force
expect_rc 0 "set --force on a read-only file"
grep -q '^name: Changed$' "$T/ro.yaml" && pass || fail "set --force did not write"
[ "$(stat -c %a "$T/ro.yaml")" = 444 ] && pass || fail "set --force left mode $(stat -c %a "$T/ro.yaml")"
cp "$T/u22.mobileconfig" "$T/ro.mobileconfig" && chmod 444 "$T/ro.mobileconfig"
run export "$cfg" -o "$T/ro.mobileconfig"
expect_rc 3 "export over a read-only file"
run export "$cfg" -o "$T/ro.mobileconfig" --force
expect_rc 0 "export --force over a read-only file"
[ "$(stat -c %a "$T/ro.mobileconfig")" = 444 ] && pass || fail "export --force left mode $(stat -c %a "$T/ro.mobileconfig")"

# Writing through one's own symlink keeps the link and rewrites its target.
ln -s c.yaml "$T/link.yaml"
run set "$T/link.yaml" name=Linked
expect_rc 0 "set through a symlink"
[ -L "$T/link.yaml" ] && pass || fail "the symlink was replaced"
grep -q '^name: Linked$' "$cfg" && pass || fail "the link's target was not written"

# A hard link: the name written gets a new file; said so.
ln "$cfg" "$T/hard.yaml"
run set "$T/hard.yaml" name=Hard
expect_rc 0 "set on a hard link"
expect_err "hard\.yaml had 2 hard links" "set on a hard link"
rm -f "$T/hard.yaml"

# import never replaces a neighbouring .p12 that differs, unless --force.
mkdir "$T/imp"
"$APPVPN" export "$T/secret.yaml" -o "$T/imp.mobileconfig"
echo "someone else's identity" >"$T/imp/sales.p12"
run import "$T/imp.mobileconfig" -o "$T/imp/sales.yaml"
expect_rc 3 "import beside a different .p12"
expect_err "sales\.p12: it exists and holds something else; import --force replaces it" "import beside a .p12"
grep -q "someone else" "$T/imp/sales.p12" && pass || fail "import replaced the neighbouring .p12"
[ -e "$T/imp/sales.yaml" ] && fail "import wrote the configuration anyway" || pass
run import "$T/imp.mobileconfig" -o "$T/imp/sales.yaml" --force
expect_rc 0 "import --force beside a .p12"
same_file "$T/imp/sales.p12" "$EX/certs/sales.p12" "import --force .p12"
[ "$(stat -c %a "$T/imp/sales.p12")" = 600 ] && pass || fail ".p12 mode $(stat -c %a "$T/imp/sales.p12")"
# The same identity already there is no conflict.
run import "$T/imp.mobileconfig" -o "$T/imp/again.yaml"
expect_rc 0 "import beside the same .p12"

# Stale temp files of a killed writer (its pid gone, an hour old) are removed
# by the next save; a live writer's and a fresh one are not.
sleep 30 &
live=$!
dead=$(sh -c 'echo $$')
printf 'password: leaked\n' >"$T/.c.yaml.appvpn-$dead-0123abcd"
printf 'in use\n' >"$T/.c.yaml.appvpn-$live-0123abcd"
printf 'fresh\n' >"$T/.c.yaml.appvpn-$dead-89abcdef"
touch -d '1 hour ago' "$T/.c.yaml.appvpn-$dead-0123abcd" "$T/.c.yaml.appvpn-$live-0123abcd"
run set "$cfg" name=Clean
expect_rc 0 "set with stale temp files around"
[ -e "$T/.c.yaml.appvpn-$dead-0123abcd" ] && fail "a stale temp file was kept" || pass
[ -e "$T/.c.yaml.appvpn-$live-0123abcd" ] && pass || fail "a live writer's temp file was removed"
[ -e "$T/.c.yaml.appvpn-$dead-89abcdef" ] && pass || fail "a fresh temp file was removed"
kill "$live" 2>/dev/null
rm -f "$T"/.c.yaml.appvpn-*
[ "$(temps)" -eq 0 ] && pass || fail "temp files left: $(find "$T" -name '.*.appvpn-*')"

if [ "$(id -u)" -ne 0 ]; then
  echo "skipped: needs root (owner and group kept, a second user's symlink attack)"
  finish
  exit
fi

chmod 755 "$T"
AS_NOBODY=(setpriv --reuid=nobody --regid=nogroup --clear-groups)

# Root's set keeps another user's owner, group and mode.
cp "$cfg" "$T/alice.yaml" && chown nobody:nogroup "$T/alice.yaml" && chmod 640 "$T/alice.yaml"
run set "$T/alice.yaml" name="Set by root"
expect_rc 0 "root's set on nobody's file"
[ "$(perms "$T/alice.yaml")" = "nobody:nogroup 640" ] && pass || fail "root's set left $(perms "$T/alice.yaml")"
"${AS_NOBODY[@]}" cat "$T/alice.yaml" >/dev/null 2>&1 && pass || fail "the owner can no longer read the file"
# … and of an export written over theirs.
cp "$T/u22.mobileconfig" "$T/alice.mobileconfig" && chown nobody:nogroup "$T/alice.mobileconfig" && chmod 664 "$T/alice.mobileconfig"
run export "$cfg" -o "$T/alice.mobileconfig"
expect_rc 0 "root's export over nobody's file"
[ "$(perms "$T/alice.mobileconfig")" = "nobody:nogroup 664" ] && pass || fail "export left $(perms "$T/alice.mobileconfig")"

# A member of the file's group (not its owner) keeps group and 0660, and is
# told the owner changed.
gid=$(getent group users | cut -d: -f3)
mkdir -m 2770 "$T/team" && chgrp "$gid" "$T/team"
cp "$cfg" "$T/team/g.yaml" && chgrp "$gid" "$T/team/g.yaml" && chmod 660 "$T/team/g.yaml"
setpriv --reuid=nobody --regid=nogroup --groups="$gid" "$APPVPN" set "$T/team/g.yaml" name=Member >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "a group member's set"
[ "$(stat -c '%G %a' "$T/team/g.yaml")" = "users 660" ] && pass || fail "a group member's set left $(perms "$T/team/g.yaml")"
grep -q '^name: Member$' "$T/team/g.yaml" && pass || fail "the group member's change is missing"
expect_err "g\.yaml is now owned by nobody \(it was root's\)" "the owner change is said"

# The protected-symlink attack: nobody plants a link in a sticky
# world-writable directory (made here: /tmp may differ) to root's file.
mkdir -m 1777 "$T/pub"
echo "root's own file" >"$T/victim" && chmod 644 "$T/victim"
"${AS_NOBODY[@]}" ln -s "$T/victim" "$T/pub/evil.mobileconfig"
"${AS_NOBODY[@]}" ln -s "$T/victim" "$T/pub/evil.yaml"
run export "$cfg" -o "$T/pub/evil.mobileconfig"
expect_rc 3 "export -o another user's link in a sticky directory"
expect_err "is a symlink owned by nobody in the sticky world-writable directory .*protected_symlinks" "protected symlink"
run new ipsec -o "$T/pub/evil.yaml" --force
expect_rc 3 "new -o another user's link"
run set "$T/pub/evil.yaml" name=x
[ "$rc" -ne 0 ] && pass || fail "set through another user's link succeeded"
[ "$(cat "$T/victim")" = "root's own file" ] && pass || fail "the link's target was written: $(head -c 80 "$T/victim")"
[ -L "$T/pub/evil.mobileconfig" ] && pass || fail "the planted link was replaced"
# The same link owned by root (the follower) is followed.
ln -s "$T/victim" "$T/pub/mine.mobileconfig"
run export "$cfg" -o "$T/pub/mine.mobileconfig"
expect_rc 0 "export through one's own link in a sticky directory"
# A regular file planted there by nobody is not written either.
"${AS_NOBODY[@]}" sh -c "echo trap > '$T/pub/trap.mobileconfig'"
run export "$T/secret.yaml" -o "$T/pub/trap.mobileconfig"
expect_rc 3 "export over another user's file in a sticky directory"
expect_err "belongs to nobody .*protected_regular" "protected regular file"
[ "$(cat "$T/pub/trap.mobileconfig")" = trap ] && pass || fail "the planted file was written"

finish
