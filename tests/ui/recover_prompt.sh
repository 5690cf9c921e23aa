# Recovery prompt (scripted): a FILE.save next to FILE is offered at start:
# r loads it as unsaved changes, d deletes it, k/Esc keeps it; --view only
# mentions it; an unusable .save is reported and kept.
. "$(dirname "$0")/editor_lib.bash"

cp "$EX/ikev2.yaml" c.yaml
cp c.yaml orig.yaml
sed 's/^name: Watch IKEv2$/name: Recovered Name/' c.yaml >c.yaml.save
chmod 600 c.yaml.save
cp c.yaml.save save.orig

# keep for later (k), then Esc: nothing changes
edit c.yaml <<'KEYS'
<Dump>k<Dump><C-q>
KEYS
check "keep exits 0" [ "$rc" -eq 0 ]
in_screen 1 "c\.yaml\.save holds unsaved changes from an earlier session" "prompt"
in_screen 1 "r: recover them +d: discard them +k/Esc: keep for later" "choices"
in_screen 2 "kept c\.yaml\.save for later" "k keeps"
in_screen 2 "Name \.+ Watch IKEv2$" "FILE's content shown"
check ".save kept" cmp -s c.yaml.save save.orig
edit c.yaml <<'KEYS'
<Esc><C-q>
KEYS
check ".save kept after Esc" cmp -s c.yaml.save save.orig
check "FILE untouched" cmp -s c.yaml orig.yaml

# --view: a message, no prompt, nothing deleted
edit c.yaml --view <<'KEYS'
<Dump><C-q>
KEYS
in_screen 1 "c\.yaml\.save holds unsaved changes \(open without --view to recover them\)" "view only mentions it"
not_in_screen 1 "r: recover them" "no prompt in view"
check ".save kept in view" cmp -s c.yaml.save save.orig

# recover: content from .save, modified; quitting without saving asks, and the
# .save stays (it is deleted only when its changes are saved, or on "d")
edit c.yaml <<'KEYS'
r<Dump><C-q><Dump>n
KEYS
check "recover exits 0" [ "$rc" -eq 0 ]
in_screen 1 "Name \.+ Recovered Name$" "recovered content"
in_screen 1 "c\.yaml \[modified\]" "marked modified"
in_screen 1 "recovered unsaved changes: \^S saves them to c\.yaml" "message"
in_screen 2 "Save changes to c\.yaml\?" "quitting asks to save the recovered changes"
check ".save kept: the recovered changes were not saved" cmp -s c.yaml.save save.orig
check "FILE untouched without ^S" cmp -s c.yaml orig.yaml

# recover and save
cp save.orig c.yaml.save
edit c.yaml <<'KEYS'
r<C-s><C-q>
KEYS
yaml_has c.yaml "^name: Recovered Name$" "^S writes the recovered content to FILE"
check ".save deleted once its changes are saved" [ ! -e c.yaml.save ]
check "saved file keeps the rest" "$APPVPN" -q validate c.yaml

# discard
cp save.orig c.yaml.save
edit c.yaml <<'KEYS'
d<Dump><C-q>
KEYS
in_screen 1 "discarded c\.yaml\.save" "d discards"
in_screen 1 "Name \.+ Recovered Name$" "FILE's (saved) content shown"
check ".save deleted" [ ! -e c.yaml.save ]

# an unusable .save: reported, kept
printf 'format: 1\ntype: [oops\n' >c.yaml.save
edit c.yaml <<'KEYS'
r<Dump><C-q>
KEYS
in_screen 1 "c\.yaml\.save:[0-9]+:[0-9]+: error" "unusable .save reported with its position"
check "unusable .save kept" [ -s c.yaml.save ]

# a new file never saved: the offer comes first (the .save knows its type)
rm -f c.yaml.save
cp save.orig new.yaml.save
edit new.yaml <<'KEYS'
<Dump>r<Dump><C-s><C-q>
KEYS
in_screen 1 "new\.yaml\.save holds unsaved changes" "offered for a new file too, before the type question"
not_in_screen 1 "Connection type" "no type question when the .save is offered"
in_screen 2 "Name \.+ Recovered Name$" "recovered into the new file"
yaml_has new.yaml "^name: Recovered Name$" "and saved"
check "new.yaml.save gone once saved" [ ! -e new.yaml.save ]

# a new file, its .save kept for later: then the usual type question
cp save.orig new2.yaml.save
edit new2.yaml <<'KEYS'
k<Dump><Esc>
KEYS
in_screen 1 "Connection type" "kept for later: the type question follows"
check "new2.yaml.save kept" cmp -s new2.yaml.save save.orig
finish
