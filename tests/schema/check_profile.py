#!/usr/bin/env python3
"""Checks an exported profile against Apple's payload schemas (tests/schema/apple).

Every key of the outer profile, of the com.apple.vpn.managed.applayer payload
and of its nested dictionaries must be defined by the schema, with the
schema's plist type; values from a rangelist must be one of the listed
values; required keys must be present. The applayer payload takes the keys of
com.apple.vpn.managed plus its own (as its schema says), and the common
payload keys. The newer schema's VPN.RemoteAddress, VPN.AuthName and
VPN.AuthPassword (strings) are accepted too, and OnDemandMatchAppEnabled
inside the VPN, IPSec or IKEv2 dictionary (as Apple's own applayer example
has it). Two documented allowances:
VendorConfig is the vendor's own dictionary (its keys are whatever the VPN
app reads: custom data), and the payload-level ProviderType that custom-ssl's
"Include ProviderType in main and sub VPN dictionary" writes must equal
VPN.ProviderType.

A bundle (--bundle N) holds N applayer payloads, with unique PayloadUUIDs,
VPNUUIDs and PayloadIdentifiers. A com.apple.vpn.managed.appmapping payload
is checked against its schema, at most one per profile (macOS takes one), and
each of its entries must name the VPNUUID of an applayer payload in the
profile.

usage: check_profile.py PROFILE [--payload-only] [--bundle N]
Prints one line per problem; exits 1 when there is any.
"""
import datetime
import os
import plistlib
import sys

import yaml

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "apple")
TYPES = {"<string>": str, "<integer>": int, "<boolean>": bool, "<array>": list,
         "<dictionary>": dict, "<data>": bytes, "<real>": float, "<date>": object}
NEWER_VPN_KEYS = [
    {"key": k, "type": "<string>", "presence": "optional"}
    for k in ("RemoteAddress", "AuthName", "AuthPassword")]
# OnDemandMatchAppEnabled inside the VPN/IPSec/IKEv2 dictionary: where Apple's
# own applayer example puts it (the schema has it at the payload's top level).
NESTED_MATCH_APP = {"key": "OnDemandMatchAppEnabled", "type": "<boolean>", "presence": "optional"}


def load(name):
    with open(os.path.join(HERE, name + ".yaml")) as f:
        return yaml.safe_load(f)["payloadkeys"]


problems = []


def check_value(path, spec, value):
    t = spec.get("type")
    want = TYPES.get(t)
    if want is None:
        problems.append(f"{path}: schema type {t} unknown to the checker")
        return
    ok = isinstance(value, want) and not (want is int and isinstance(value, bool))
    if not ok:
        problems.append(f"{path}: {type(value).__name__} where the schema says {t}")
        return
    if "rangelist" in spec and t in ("<string>", "<integer>"):
        if value not in spec["rangelist"]:
            problems.append(f"{path}: {value!r} not in {spec['rangelist']}")
    if t == "<dictionary>" and spec.get("subkeys"):
        if path.endswith(".VendorConfig"):
            sub = [x for x in spec["subkeys"] if x["key"] in value]
            check_dict(path, sub, {k: v for k, v in value.items() if k in {x["key"] for x in sub}})
            for k, v in value.items():
                if not isinstance(v, (str, int, bool, float, list, dict, datetime.datetime)):
                    problems.append(f"{path}.{k}: unexpected {type(v).__name__}")
            return
        sub = spec["subkeys"]
        if len(sub) == 1 and sub[0]["key"] == "ANY":
            return
        check_dict(path, sub, value)
    if t == "<array>" and spec.get("subkeys"):
        item = spec["subkeys"][0]
        for i, v in enumerate(value):
            check_value(f"{path}[{i}]", item, v)


def check_dict(path, specs, d):
    by_key = {s["key"]: s for s in specs}
    for k, v in d.items():
        if k not in by_key:
            problems.append(f"{path}.{k}: not a key of the schema")
            continue
        check_value(f"{path}.{k}", by_key[k], v)
    for s in specs:
        if s.get("presence") == "required" and s["key"] not in d and s["key"] != "ANY":
            problems.append(f"{path}.{s['key']}: required by the schema, missing")


def main():
    prof = plistlib.load(open(sys.argv[1], "rb"))
    payload_only = "--payload-only" in sys.argv
    common = load("CommonPayloadKeys")
    vpn_keys = load("com.apple.vpn.managed")
    for s in vpn_keys:
        if s["key"] == "VPN":
            s["subkeys"] = s.get("subkeys", []) + NEWER_VPN_KEYS
        if s["key"] in ("VPN", "IPSec", "IKEv2"):
            s["subkeys"] = s.get("subkeys", []) + [NESTED_MATCH_APP]
    applayer = common + vpn_keys + load("com.apple.vpn.managed.applayer")
    # Keys defined twice (common + vpn): the later definition wins.
    applayer = list({s["key"]: s for s in applayer}.values())

    payloads = [prof] if payload_only else prof.get("PayloadContent", [])
    if not payload_only:
        top = [s for s in load("TopLevel") if s["key"] != "PayloadContent"]
        outer = {k: v for k, v in prof.items() if k != "PayloadContent"}
        check_dict("profile", top, outer)
        if prof.get("PayloadType") != "Configuration":
            problems.append("profile.PayloadType: not Configuration")
    expected = int(sys.argv[sys.argv.index("--bundle") + 1]) if "--bundle" in sys.argv else 1
    seen = mappings = 0
    mapped = []
    for i, p in enumerate(payloads):
        if p.get("PayloadType") == "com.apple.vpn.managed.applayer":
            seen += 1
            p = dict(p)
            if "ProviderType" in p:
                if p["ProviderType"] != p.get("VPN", {}).get("ProviderType"):
                    problems.append(f"payload[{i}].ProviderType: differs from VPN.ProviderType")
                del p["ProviderType"]
            check_dict(f"payload[{i}]", applayer, p)
            sub = p.get("VPNSubType")
            if p.get("VPNType") == "VPN" and not sub:
                problems.append(f"payload[{i}]: VPNType VPN requires VPNSubType")
            ike = p.get("IKEv2", {})
            if "CertificateType" in ike and not ike.get("ServerCertificateIssuerCommonName"):
                problems.append(f"payload[{i}].IKEv2: CertificateType requires "
                                "ServerCertificateIssuerCommonName")
        elif p.get("PayloadType") == "com.apple.security.pkcs12":
            # Not in this schema set: check the common keys and the data.
            check_dict(f"payload[{i}]", common + [
                {"key": "PayloadContent", "type": "<data>", "presence": "required"},
                {"key": "Password", "type": "<string>", "presence": "optional"},
                {"key": "PayloadCertificateFileName", "type": "<string>", "presence": "optional"},
            ], p)
        elif p.get("PayloadType") == "com.apple.vpn.managed.appmapping":
            mappings += 1
            check_dict(f"payload[{i}]", common + load("com.apple.vpn.managed.appmapping"), p)
            for k, e in enumerate(p.get("AppLayerVPNMapping", [])):
                mapped.append((f"payload[{i}].AppLayerVPNMapping[{k}]", e.get("VPNUUID")))
        else:
            problems.append(f"payload[{i}]: unexpected PayloadType {p.get('PayloadType')}")
    if seen != expected:
        problems.append(f"{seen} applayer payloads, expected {expected}")
    if mappings > 1:
        problems.append(f"{mappings} appmapping payloads: macOS takes one per profile")
    layers = [p for p in payloads if p.get("PayloadType") == "com.apple.vpn.managed.applayer"]
    vpns = [p.get("VPNUUID") for p in layers]
    for what in ("VPNUUID", "PayloadIdentifier"):
        vals = [p.get(what) for p in layers]
        if len(set(vals)) != len(vals):
            problems.append(f"applayer {what}s are not unique")
    for where, u in mapped:
        if u not in vpns:
            problems.append(f"{where}.VPNUUID: {u} is no applayer payload's VPNUUID")
    uuids = [p.get("PayloadUUID") for p in payloads] + ([] if payload_only else [prof.get("PayloadUUID")])
    if len(set(uuids)) != len(uuids):
        problems.append("PayloadUUIDs are not unique")
    for line in problems:
        print(f"{sys.argv[1]}: {line}")
    sys.exit(1 if problems else 0)


main()
