#!/usr/bin/env python3
"""Baseline for per-user batch export: the same job in Python (PyYAML's C
loader + plistlib): read the configuration and a users CSV, and for every row
write one .mobileconfig with ${column} replaced by the row's values.
usage: py_batch.py IN.yaml USERS.csv OUT_DIR
"""
import csv
import os
import plistlib
import re
import sys

import yaml

DOMAIN_KEYS = {"safari": "SafariDomains", "associated": "AssociatedDomains",
               "excluded": "ExcludedDomains"}
VAR = re.compile(r"\$\{([A-Za-z0-9_.-]+)\}")


def build(c):
    u = c["uuid"]
    vpn = {"RemoteAddress": c["server"], "AuthenticationMethod": "Certificate",
           "OnDemandEnabled": 1 if c.get("on_demand", {}).get("enabled") else 0}
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
    return {"PayloadContent": [payload], "PayloadDisplayName": c["name"],
            "PayloadIdentifier": c["identifier"], "PayloadType": "Configuration",
            "PayloadUUID": u["profile"], "PayloadVersion": 1}


def fill(v, row):
    if isinstance(v, str):
        return VAR.sub(lambda m: row.get(m.group(1), m.group(0)), v)
    if isinstance(v, list):
        return [fill(x, row) for x in v]
    if isinstance(v, dict):
        return {k: fill(x, row) for k, x in v.items()}
    return v


def main():
    with open(sys.argv[1], "rb") as f:
        c = yaml.load(f, Loader=yaml.CSafeLoader)
    profile = build(c)
    os.makedirs(sys.argv[3], exist_ok=True)
    with open(sys.argv[2], newline="") as f:
        for row in csv.DictReader(f):
            name = row[next(iter(row))].replace("/", "_") + ".mobileconfig"
            with open(os.path.join(sys.argv[3], name), "wb") as out:
                plistlib.dump(fill(profile, row), out, fmt=plistlib.FMT_XML, sort_keys=True)


main()
