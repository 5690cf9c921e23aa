#!/usr/bin/env bash
# The variable picker: '$' in a field that takes variables opens a filtered
# list; Enter inserts ${name} at the cursor, Esc a plain '$'. Elsewhere '$'
# is just a character; integers refuse letters but take a variable.
. "$(dirname "$0")/editor_lib.bash"

f="$T/v.yaml"
"$APPVPN" new cisco-anyconnect -o "$f" --set name=Vars --set server=vpn.example.com \
  --set proxy.setup=manual >/dev/null 2>&1 || fail "appvpn new"

edit "$f" <<'KEYS'
<C-f>account<Enter><Enter>$<Dump>
userUIDLo<Dump>
<Enter><Dump>
@corp<Home>pre-<Enter><Dump>
<C-f>proxy.username<Enter><Enter>a$<Esc>b<Enter><Dump>
<C-f>description<Enter><Enter>costs $5<Enter><Dump>
<C-f>proxy.port<Enter><Enter>80x80<Dump>
<Enter>
<C-f>proxy.server<Enter><Enter>$userUID<Enter>.proxy.example.com<Enter>
<C-s>
KEYS
check "exit $rc $(cat "$T/err")" [ "$rc" -eq 0 ]
in_screen 1 "Variables" "\$ opens the picker"
in_screen 1 '\$\{userUID\} +login ID' "picker shows variables with their meaning"
in_screen 2 "Filter: userUIDLo" "typing filters"
in_screen 2 '\$\{userUIDLocalPart\}' "the filtered variable"
not_in_screen 2 '\$\{userEmailAddress\}' "others filtered out"
in_screen 3 'Account \.+ \$\{userUIDLocalPart\}' "Enter inserts \${name}"
in_screen 4 'Account \.+ pre-\$\{userUIDLocalPart\}@corp' "inserted at the cursor, text around it kept"
in_screen 5 'Authentication \.+ a\$b' "Esc inserts a plain \$"
in_screen 6 'Description \.+ costs \$5' "\$ is plain text where variables are not taken"
not_in_screen 6 "Filter:" "no picker in a field without variables"
in_screen 7 "Proxy Port takes digits only" "letters refused in an integer"
in_screen 7 'Proxy Port \.+ 8080' "digits kept"
yaml_has "$f" '^account: pre-\$\{userUIDLocalPart\}@corp$' "account saved with the variable"
yaml_has "$f" '^  username: a\$b$' "plain \$ saved"
yaml_has "$f" '^  port: 8080$' "port saved as a number"
yaml_has "$f" '^  server: \$\{userUID\}.proxy.example.com$' "variable in the proxy server"
yaml_has "$f" '^description: costs \$5$' "description saved"

# an integer field that takes variables accepts one from the picker
edit "$f" <<'KEYS'
<C-f>proxy.port<Enter><Enter><C-u>$userUID<Enter><Enter><Dump>
<C-s>
KEYS
in_screen 1 'Proxy Port \.+ \$\{userUID\}' "variable in an integer field"
yaml_has "$f" '^  port: \$\{userUID\}$' "integer variable saved"

# ^O offers a text field's well-known values (the legacy AnyConnect bundle id)
edit "$f" <<'KEYS'
<C-f>subtype<Enter><Enter><Dump>
<C-o><Dump>
applevpn<Enter><Enter><Dump>
<C-s>
KEYS
in_screen 1 "\^O Suggestions" "key bar offers suggestions"
in_screen 2 "com.cisco.anyconnect +the default" "default listed"
in_screen 2 "com.cisco.anyconnect.applevpn.plugin +well-known value" "legacy id listed"
in_screen 3 "^ com.cisco.anyconnect.applevpn.plugin$" "suggestion chosen (too long for its row: shown whole below it)"
yaml_has "$f" '^subtype: com.cisco.anyconnect.applevpn.plugin$' "suggestion saved"

# other MDMs' spellings: shown beside each variable, and found by the filter
edit "$f" <<'KEYS'
<C-f>account<Enter><Enter><C-u>$<Dump>
USERNAME<Dump>
<Enter><Enter><C-s>
KEYS
in_screen 1 'elsewhere: jamf \$DEPARTMENTNAME' "the focused variable's equivalents shown"
in_screen 2 '>\$\{userUID\}' "Jamf's \$USERNAME finds \${userUID}"
in_screen 2 'elsewhere: core \$USERID\$, jamf \$USERNAME, intune \{\{username\}\}, ws1' "its equivalents"
yaml_has "$f" '^account: \$\{userUID\}$' "and inserts appvpn's spelling"
finish
