#!/usr/bin/env bash
# The directory list's questions are never cut: a delete question naming a
# long file and the apps that lose their VPN takes a second line; its columns
# keep file and configuration names whole, the server and type giving way.
. "$(dirname "$0")/editor_lib.bash"

D="$T/dir"
mkdir "$D"
sed "s#certs/sales.p12#$EX/certs/sales.p12#" "$EX/cisco-anyconnect.yaml" \
  >"$D/a-rather-long-configuration-file-name-for-sales.yaml"
printf 'd<Dump>n<C-q>\n' >"$T/keys.txt"
"$APPVPN" --test-script "$T/keys.txt" --test-dump "$T/dump.txt" "$D" >"$T/out" 2>"$T/err"
rc=$?
check "exit $rc $(cat "$T/err")" [ "$rc" -eq 0 ]
in_screen 1 "^Delete a-rather-long-configuration-file-name-for-sales\.yaml\?$" "question, first line"
in_screen 1 "^com\.salesforce\.chatter and com\.example\.crm will lose their VPN \(y/n\)" "question, second line"
check "the file stays after n" [ -f "$D/a-rather-long-configuration-file-name-for-sales.yaml" ]
# the examples at 80 columns: every file and configuration name whole; the
# server column goes and the detail line says it
D2="$T/examples"
mkdir "$D2"
for f in "$EX"/*.yaml; do cp "$f" "$D2/"; done
printf '<Dump><C-q>\n' >"$T/keys.txt"
"$APPVPN" --test-script "$T/keys.txt" --test-dump "$T/dump.txt" "$D2" >"$T/out" 2>"$T/err"
rc=$?
check "examples: exit $rc $(cat "$T/err")" [ "$rc" -eq 0 ]
not_in_screen 1 "\.ya…|\.yaml…|yam…" "no file name cut"
in_screen 1 "^  microsoft-tunnel\.yaml +Tunnel for Line-of-Business Apps +Microsoft" "the longest names whole"
in_screen 1 "^ !cisco-anyconnect\.yaml +Sales AnyConnect " "file and name whole"
in_screen 1 "^  File +Name +Type +Status$" "the server column gives way"
in_screen 1 "^ Server [a-z.]+\. Apps: " "the detail line names the server"
# at 40x12 the delete question takes three lines, and a rename puts its
# question above the name being typed
printf '<Resize 40x12>d<Dump>n<Down>r<Dump><Esc><C-q>\n' >"$T/keys.txt"
"$APPVPN" --test-script "$T/keys.txt" --test-dump "$T/dump.txt" "$D2" >"$T/out" 2>"$T/err"
in_screen 1 "^Delete aruba-via\.yaml\?$" "40 columns: question, first line"
in_screen 1 "^com\.example\.campus will lose its VPN$" "40 columns: question, second line"
in_screen 1 "^\(y/n\)$" "40 columns: question, third line"
in_screen 2 "^Rename cisco-anyconnect\.yaml to:$" "rename: the question above"
in_screen 2 "^cisco-anyconnect\.yaml$" "rename: the whole name below it"
# a long message at 40x12 takes the list's last rows instead of being cut
printf '<Resize 40x12>c<Enter><Dump><C-q>\n' >"$T/keys.txt"
"$APPVPN" --test-script "$T/keys.txt" --test-dump "$T/dump.txt" "$D2" >"$T/out" 2>"$T/err"
in_screen 1 "^ aruba-via-copy\.yaml: a copy of$" "clone message, first line"
in_screen 1 "^ lists the same apps \(bind each app to$" "clone message, third line"
in_screen 1 "^ one VPN\)$" "clone message, whole"
check "the copy was written" [ -f "$D2/aruba-via-copy.yaml" ]
finish
