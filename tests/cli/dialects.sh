#!/usr/bin/env bash
# Variable dialects, both ways: export --dialect writes every ${name} in the
# target MDM's spelling (or stops, naming the variable and the field), import
# --from-dialect reads it back, vars --translate takes whole text.
. "$(dirname "$0")/lib.bash"

cp -r "$EX"/. "$T/"
cd "$T" || exit 3
c=cisco-anyconnect.yaml
"$APPVPN" -q set "$c" 'account=${userUID}' 'proxy.username=${userEmailAddress}' || fail "set"

declare -A login=([ivanti]='${userUID}' [core]='$USERID$' [jamf]='$USERNAME' [intune]='{{username}}' [ws1]='{EnrollmentUser}')
declare -A mail=([ivanti]='${userEmailAddress}' [core]='$EMAIL$' [jamf]='$EMAIL' [intune]='{{mail}}' [ws1]='{EmailAddress}')
for d in ivanti core jamf intune ws1; do
  run export "$c" --dialect $d -o "$d.mobileconfig"
  expect_rc 0 "export --dialect $d"
  python3 - "$d.mobileconfig" "${login[$d]}" "${mail[$d]}" <<'PY' && pass || fail "$d: variables spelled for $d"
import plistlib, sys
p = plistlib.load(open(sys.argv[1], "rb"))["PayloadContent"][0]
assert p["VPN"]["AuthName"] == sys.argv[2], p["VPN"]["AuthName"]
assert p["Proxies"]["HTTPProxyUsername"] == sys.argv[3], p["Proxies"]
PY
  [ $d = ivanti ] && continue
  run import "$d.mobileconfig" -o "back-$d.yaml" --from-dialect $d
  expect_rc 0 "import --from-dialect $d"
  run diff ivanti.mobileconfig "back-$d.yaml"
  expect_rc 0 "$d: the round trip gives the configuration back: $(cat "$T/out")"
  # without --from-dialect the foreign spelling stays as text
  run import "$d.mobileconfig" -o "raw-$d.yaml"
  grep -qF -- "account: ${login[$d]}" "raw-$d.yaml" || grep -qF -- "account: \"${login[$d]}\"" "raw-$d.yaml" ||
    grep -qF -- "account: '${login[$d]}'" "raw-$d.yaml" && pass || fail "$d: kept as written without --from-dialect: $(grep account "raw-$d.yaml")"
done

# a variable the target has no word for stops the export, naming it and the field
"$APPVPN" -q set "$c" 'proxy.username=${deviceIMEI}'
run export "$c" --dialect jamf -o never.mobileconfig
expect_rc 1 "no equivalent"
expect_err 'proxy\.username holds \$\{deviceIMEI\}, which jamf has no variable for' "names variable and field"
[ ! -e never.mobileconfig ] && pass || fail "nothing written"
run export "$c" --dialect mobileiron; expect_rc 2 "an unknown dialect"

# vars --translate: whole text, any dialect, and back out with --to
run vars --translate 'vpn-$USERID$@corp/{{serialnumber}}'
expect_rc 0 "translate text"
expect_out '^vpn-\$\{userUID\}@corp/\$\{deviceSN\}$' "two tokens, two dialects, in place"
run vars --translate '${userUID} on ${deviceUDID}' --to ws1
expect_out '^\{EnrollmentUser\} on \{DeviceUid\}$' "--to ws1"
run vars --translate '${deviceIMEI}' --to intune
expect_rc 1 "no equivalent in intune"
expect_err 'deviceIMEI.*intune' "names it"
finish
