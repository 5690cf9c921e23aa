#!/usr/bin/env bash
# The directory list's questions are never cut: a delete question naming a
# long file and the apps that lose their VPN takes a second line.
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
finish
