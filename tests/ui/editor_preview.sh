#!/usr/bin/env bash
# Preview: the masked profile; with errors left, a draft of what is set so
# far, headed by the errors (export itself still refuses).
. "$(dirname "$0")/editor_lib.bash"

cp -r "$EX"/. "$T/"
edit cisco-anyconnect.yaml <<'KEYS'
<C-p><Dump>
KEYS
check "preview exits 0" [ "$rc" -eq 0 ]
in_screen 1 "Preview \(secrets masked\)" "clean preview title"
in_screen 1 "<key>PayloadType</key>" "preview shows the profile"
not_in_screen 1 "proxy-secret" "password masked in the preview"

# Proxy setup manual without a port: an error; the preview is a draft.
"$APPVPN" set ipsec.yaml proxy.setup=manual proxy.server=proxy.example.com 2>/dev/null
edit ipsec.yaml <<'KEYS'
<C-p><Dump>
KEYS
in_screen 1 "Preview \(draft" "draft title"
in_screen 1 "Incomplete: export refuses" "draft says export refuses"
in_screen 1 "Proxy Port is required" "draft lists the error"
in_screen 1 "<key>IPSec</key>|<plist" "draft shows the profile so far"
finish
