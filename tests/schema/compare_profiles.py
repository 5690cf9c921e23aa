#!/usr/bin/env python3
"""Compares a profile with the profile appvpn exports after importing it.

usage: compare_profiles.py ORIGINAL EXPORTED WARNINGS
WARNINGS is the import's standard error. Payloads are matched by PayloadType
and PayloadUUID (the outer profile as itself). Every key of the original,
at every depth, must be in the export with an equal value of the same plist
type, unless a warning names it (or a dictionary or payload holding it):
"VPN.AuthPassword: not kept…", "PayloadContent[1]: a … payload; not
imported". Order is ignored (dictionaries; arrays keep theirs). No key may be
added that the original lacked, with one allowance: a payload's
PayloadVersion, which Apple requires.
Nothing is ignored as "regenerated": appvpn keeps every PayloadUUID and
PayloadIdentifier.
Prints one line per problem and, last, "keys compared: N"; exits 1 on any
problem.
"""
import datetime
import plistlib
import re
import sys

orig = plistlib.load(open(sys.argv[1], "rb"))
out = plistlib.load(open(sys.argv[2], "rb"))
warnings = open(sys.argv[3], encoding="utf-8", errors="replace").read().splitlines()
warnings = [w for w in warnings if ": warning: " in w]
problems = []
compared = 0


def named(path):
    """Is path (or a container holding it) named by a warning?"""
    parts = path.split(".")
    for i in range(len(parts), 0, -1):
        p = ".".join(parts[:i])
        pat = re.compile(r"(^|[\s:])" + re.escape(p) + r"($|[\s:;.,\[])")
        for w in warnings:
            if pat.search(w.split(": warning: ", 1)[1]):
                return True
    return False


def kind(v):
    if isinstance(v, bool):
        return "boolean"
    return {int: "integer", float: "real", str: "string", bytes: "data", list: "array",
            dict: "dictionary", datetime.datetime: "date"}.get(type(v), type(v).__name__)


def compare(where, rel, a, b):
    """where: the payload's label; rel: the key path inside it."""
    global compared
    if kind(a) != kind(b):
        problems.append(f"{where} {rel}: {kind(a)} became {kind(b)}")
        return
    if isinstance(a, dict):
        for k, v in a.items():
            sub = f"{rel}.{k}" if rel else k
            if k not in b:
                if not named(sub):
                    problems.append(f"{where} {sub}: dropped without a warning")
                continue
            compared += 1
            compare(where, sub, v, b[k])
        for k in b:
            if k not in a:
                sub = f"{rel}.{k}" if rel else k
                problems.append(f"{where} {sub}: added (the original has no such key)")
    elif isinstance(a, list):
        if len(a) != len(b):
            if not named(rel):
                problems.append(f"{where} {rel}: {len(a)} items became {len(b)}")
            return
        for i, (x, y) in enumerate(zip(a, b)):
            compare(where, f"{rel}[{i}]", x, y)
    elif a != b:
        if not named(rel):
            problems.append(f"{where} {rel}: {a!r} became {b!r}")


def payloads(p):
    return p.get("PayloadContent", []) if p.get("PayloadType") == "Configuration" else []


if orig.get("PayloadType") == "Configuration":
    o_outer = {k: v for k, v in orig.items() if k != "PayloadContent"}
    e_outer = {k: v for k, v in out.items() if k != "PayloadContent"}
    compare("profile", "", o_outer, e_outer)
    exported = list(payloads(out))
    for i, p in enumerate(payloads(orig)):
        match = [x for x in exported if x.get("PayloadType") == p.get("PayloadType")
                 and x.get("PayloadUUID") == p.get("PayloadUUID")]
        if not match:
            if not named(f"PayloadContent[{i}]"):
                problems.append(f"PayloadContent[{i}] ({p.get('PayloadType')}): dropped "
                                "without a warning")
            continue
        exported.remove(match[0])
        e = dict(match[0])
        if "PayloadVersion" not in p:
            e.pop("PayloadVersion", None)
        compare(f"PayloadContent[{i}]", "", p, e)
        compared += 1
    for x in exported:
        problems.append(f"payload {x.get('PayloadType')} {x.get('PayloadUUID')}: added")
else:
    compare("payload", "", orig, out)

for line in problems:
    print(f"{sys.argv[1]}: {line}")
print(f"keys compared: {compared}")
sys.exit(1 if problems else 0)
