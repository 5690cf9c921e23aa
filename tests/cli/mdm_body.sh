#!/usr/bin/env bash
# export --as graph|jamf|ivanti: bodies with the field names of the published
# APIs (Microsoft Graph iosCustomConfiguration; Jamf Pro Classic API
# configuration_profile), carrying exactly the profile export writes, with
# the MDM's own variable spelling.
. "$(dirname "$0")/lib.bash"

cp -r "$EX"/. "$T/"
cd "$T" || exit 3
c=cisco-anyconnect.yaml
"$APPVPN" -q set "$c" 'account=${userUID}' 'proxy.username=${userEmailAddress}' || fail "set"

run export "$c" --as graph -o graph.json
expect_rc 0 "--as graph"
"$APPVPN" -q export "$c" --dialect intune -o intune.mobileconfig
python3 - <<'PY' && pass || fail "graph body: iosCustomConfiguration fields, payload = the profile"
import base64, json, plistlib
b = json.load(open("graph.json"))
assert b["@odata.type"] == "#microsoft.graph.iosCustomConfiguration", b
for k in ("displayName", "description", "payloadName", "payloadFileName", "payload"):
    assert isinstance(b[k], str), k
assert b["displayName"] == "Sales AnyConnect" and b["payloadFileName"].endswith(".mobileconfig")
raw = base64.b64decode(b["payload"], validate=True)
assert raw == open("intune.mobileconfig", "rb").read()
p = plistlib.loads(raw)["PayloadContent"][0]
assert p["VPN"]["AuthName"] == "{{username}}", p["VPN"]["AuthName"]
assert set(b) == {"@odata.type", "displayName", "description", "payloadName", "payloadFileName", "payload"}
PY

run export "$c" --as jamf -o jamf.xml
expect_rc 0 "--as jamf"
"$APPVPN" -q export "$c" --dialect jamf -o jamf.mobileconfig
python3 - <<'PY' && pass || fail "jamf body: configuration_profile general/scope, payloads = the profile"
import xml.etree.ElementTree as ET, plistlib
r = ET.parse("jamf.xml").getroot()
assert r.tag == "configuration_profile"
g = r.find("general")
assert g.find("name").text == "Sales AnyConnect"
assert g.find("level").text == "Device Level"
assert g.find("deployment_method").text == "Install Automatically"
payload = g.find("payloads").text
assert payload.encode() == open("jamf.mobileconfig", "rb").read()
assert plistlib.loads(payload.encode())["PayloadContent"][0]["VPN"]["AuthName"] == "$USERNAME"
s = r.find("scope")
assert s.find("all_mobile_devices").text == "false"
assert [e.text for e in s.findall("mobile_device_groups/mobile_device_group/name")] == ["Sales iPhones"]
assert [e.text for e in s.findall("jss_user_groups/user_group/name")] == ["Sales"]
PY
"$APPVPN" -q set "$c" distribution.target=all
run export "$c" --as jamf
python3 -c 'import sys,xml.etree.ElementTree as ET; r=ET.fromstring(open(sys.argv[1]).read()); assert r.find("scope/all_mobile_devices").text=="true"' "$T/out" &&
  pass || fail "all devices"

run export "$c" --as ivanti -o ivanti.mobileconfig
expect_rc 0 "--as ivanti"
"$APPVPN" -q export "$c" -o plain.mobileconfig
same_file ivanti.mobileconfig plain.mobileconfig "ivanti: the profile itself, \${name} variables"
run export "$c" --as graph --dialect ivanti
expect_out 'payload' "--dialect overrides the MDM's own spelling"
python3 - "$T/out" <<'PY' && pass || fail "--dialect ivanti inside a graph body"
import base64, json, plistlib, sys
b = json.load(open(sys.argv[1]))
assert plistlib.loads(base64.b64decode(b["payload"]))["PayloadContent"][0]["VPN"]["AuthName"] == "${userUID}"
PY
run export "$c" --as intune; expect_rc 2 "an unknown --as"
run export "$c" --as graph --format binary; expect_rc 2 "--as with a binary profile"
finish
