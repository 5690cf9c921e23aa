#!/usr/bin/env python3
"""Baseline: the same conversion in Python (PyYAML's C loader + plistlib).

Reads an appvpn configuration and writes a .mobileconfig with the same
structure appvpn writes for it (the keys the benchmark's configurations use).
usage: py_export.py IN.yaml OUT.mobileconfig [binary]
"""
import plistlib
import sys

import yaml

DOMAIN_KEYS = {"safari": "SafariDomains", "associated": "AssociatedDomains",
               "excluded": "ExcludedDomains", "mail": "MailDomains",
               "contacts": "ContactsDomains", "calendar": "CalendarDomains"}


def main():
    with open(sys.argv[1], "rb") as f:
        c = yaml.load(f, Loader=yaml.CSafeLoader)
    u = c["uuid"]
    vpn = {"RemoteAddress": c["server"], "AuthenticationMethod": "Certificate",
           "OnDemandEnabled": 1 if c.get("on_demand", {}).get("enabled") else 0,
           "ProviderType": c.get("provider_type", "app-proxy")}
    if c.get("account"):
        vpn["AuthName"] = c["account"]
    if c.get("credential", {}).get("uuid"):
        vpn["PayloadCertificateUUID"] = c["credential"]["uuid"]
    payload = {"PayloadType": "com.apple.vpn.managed.applayer", "PayloadVersion": 1,
               "PayloadIdentifier": c["identifier"] + ".vpn", "PayloadUUID": u["payload"],
               "PayloadDisplayName": c["name"], "UserDefinedName": c["name"],
               "VPNType": "VPN", "VPNSubType": c.get("subtype", ""), "VPNUUID": u["vpn"],
               "VPN": vpn}
    for k, key in DOMAIN_KEYS.items():
        if c.get("domains", {}).get(k):
            payload[key] = list(c["domains"][k])
    profile = {"PayloadContent": [payload], "PayloadDisplayName": c["name"],
               "PayloadIdentifier": c["identifier"], "PayloadType": "Configuration",
               "PayloadUUID": u["profile"], "PayloadVersion": 1}
    with open(sys.argv[2], "wb") as f:
        binary = len(sys.argv) > 3 and sys.argv[3] == "binary"
        plistlib.dump(profile, f, fmt=plistlib.FMT_BINARY if binary else plistlib.FMT_XML,
                      sort_keys=True)


main()
