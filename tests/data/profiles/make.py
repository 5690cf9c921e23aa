#!/usr/bin/env python3
"""Writes the hand-made profiles of this directory (run once; the .plist
files are committed). Each is a profile as an MDM or an administrator writes
it: one per authentication method and connection type, IKEv2 with every
option, typed VendorConfig, OnDemandMatchAppEnabled nested in the VPN
dictionary. The certificate embedded where there is one is ../id.p12
(password p12-pass)."""
import datetime
import os
import plistlib

HERE = os.path.dirname(os.path.abspath(__file__))
P12 = open(os.path.join(HERE, "..", "id.p12"), "rb").read()
n = 0


def uuid():
    global n
    n += 1
    return f"7A1C0000-0000-4000-8000-{n:012X}"


def profile(name, payload, extra=(), **outer):
    p = {"PayloadType": "Configuration", "PayloadVersion": 1,
         "PayloadIdentifier": f"com.example.test.{name}", "PayloadUUID": uuid(),
         "PayloadDisplayName": f"Test {name}", "PayloadContent": [payload, *extra]}
    p.update(outer)
    with open(os.path.join(HERE, f"{name}.mobileconfig"), "wb") as f:
        plistlib.dump(p, f)


def applayer(vpn_type, **keys):
    d = {"PayloadType": "com.apple.vpn.managed.applayer", "PayloadVersion": 1,
         "PayloadIdentifier": "com.example.test.payload." + uuid()[-4:], "PayloadUUID": uuid(),
         "PayloadDisplayName": "Per-app VPN", "UserDefinedName": "Corp VPN",
         "VPNType": vpn_type, "VPNUUID": uuid()}
    d.update(keys)
    return d


def pkcs12(u, **keys):
    d = {"PayloadType": "com.apple.security.pkcs12", "PayloadVersion": 1,
         "PayloadIdentifier": "com.example.test.identity", "PayloadUUID": u,
         "PayloadContent": P12, "Password": "p12-pass"}
    d.update(keys)
    return d


rules = [
    {"Action": "EvaluateConnection", "InterfaceTypeMatch": "WiFi",
     "DNSDomainMatch": ["corp.example.com"],
     "ActionParameters": [
         {"Domains": ["intranet.example.com"], "DomainAction": "ConnectIfNeeded",
          "RequiredDNSServers": ["10.0.0.53"],
          "RequiredURLStringProbe": "https://probe.example.com/ok"},
         {"Domains": ["public.example.com"], "DomainAction": "NeverConnect"}]},
    {"Action": "Disconnect", "SSIDMatch": ["Office"]},
    {"Action": "Connect"}]

# VPNType VPN, certificate (embedded .p12), nested OnDemandMatchAppEnabled.
cert = uuid()
profile("vpn-certificate", applayer(
    "VPN", VPNSubType="com.cisco.anyconnect", PayloadDescription="Sales traffic",
    PayloadOrganization="Example Corp",
    VPN={"RemoteAddress": "vpn.example.com", "AuthName": "alice",
         "AuthenticationMethod": "Certificate", "PayloadCertificateUUID": cert,
         "OnDemandEnabled": 1, "OnDemandRules": rules, "OnDemandMatchAppEnabled": True,
         "OnDemandUserOverrideDisabled": 1, "DisconnectOnIdle": 1, "DisconnectOnIdleTimer": 600},
    VendorConfig={"Group": "sales"},
    Proxies={"HTTPEnable": 1, "HTTPProxy": "proxy.example.com", "HTTPPort": 8080,
             "HTTPSEnable": 1, "HTTPSProxy": "proxy.example.com", "HTTPSPort": 8080,
             "HTTPProxyUsername": "alice", "HTTPProxyPassword": "proxy-pass",
             "SupplementalMatchDomains": ["example.com"]},
    SafariDomains=["crm.example.com"], AssociatedDomains=["links.example.com"],
    ExcludedDomains=["cdn.example.com"], SMBDomains=["files.example.com"],
    DNS={"DNSProtocol": "HTTPS", "ServerAddresses": ["10.0.0.53"],
         "ServerURL": "https://dns.example.com/dns-query", "DomainName": "corp.example.com",
         "SearchDomains": ["corp.example.com"], "SupplementalMatchDomains": ["corp.example.com"],
         "SupplementalMatchDomainsNoSearch": 1},
    CellularSliceUUID="DNN:enterprise"),
    [pkcs12(cert, PayloadCertificateFileName="alice.p12", PayloadDisplayName="Alice's identity")],
    PayloadDescription="Per-app VPN for sales", PayloadOrganization="Example Corp")

# VPNType VPN, password (stored), automatic proxy.
profile("vpn-password", applayer(
    "VPN", VPNSubType="net.juniper.sslvpn",
    VPN={"RemoteAddress": "https://sslvpn.example.com/staff", "AuthName": "bob",
         "AuthenticationMethod": "Password", "AuthPassword": "s3cret", "OnDemandEnabled": 0},
    VendorConfig={"Realm": "Staff", "Role": "Users"},
    Proxies={"ProxyAutoConfigEnable": 1,
             "ProxyAutoConfigURLString": "https://proxy.example.com/proxy.pac",
             "ProxyAutoDiscoveryEnable": 1},
    OnDemandMatchAppEnabled=True))

# VPNType VPN, password + certificate delivered separately, typed VendorConfig.
profile("vpn-password-certificate", applayer(
    "VPN", VPNSubType="com.paloaltonetworks.globalprotect.vpn",
    VPN={"RemoteAddress": "gp.example.com:8443", "AuthName": "carol",
         "AuthenticationMethod": "Password+Certificate",
         "PayloadCertificateUUID": "5F607182-93A4-45B6-87D8-E9F001122334",
         "ProviderType": "packet-tunnel"},
    VendorConfig={"AllowPortalProfile": 0, "FetchCertificate": True, "Portal": "gp.example.com",
                  "ConnectMethod": "on-demand", "Timeout": 2.5, "Retries": 3,
                  "Numeric": "0042", "Gateways": ["gw1.example.com", "gw2.example.com"],
                  "Options": {"Log": "verbose", "Level": 2, "Verbose": False},
                  "NotBefore": datetime.datetime(2026, 1, 1, 8, 0, 0)}))

# Custom SSL: catch-all vendor, provider bundle id, typed vendor data.
profile("custom-typed", applayer(
    "VPN", VPNSubType="com.example.vpn",
    VPN={"RemoteAddress": "vpn.example.com", "AuthenticationMethod": "Password",
         "ProviderBundleIdentifier": "com.example.vpn.extension", "ProviderType": "app-proxy",
         "ProviderDesignatedRequirement": 'anchor apple generic and identifier "com.example.vpn.extension"'},
    VendorConfig={"Region": "EU", "Port": 443, "PortText": "443", "Ratio": 0.75,
                  "Enabled": True, "EnabledText": "true", "List": [1, "two", False],
                  "Nested": {"Deep": {"Deeper": [1.5, "x"]}}}))

# IPSec (Cisco), certificate.
cert = uuid()
profile("ipsec-certificate", applayer(
    "IPSec",
    IPSec={"RemoteAddress": "ipsec.example.com", "AuthenticationMethod": "Certificate",
           "PayloadCertificateUUID": cert, "XAuthEnabled": 1, "XAuthName": "dave",
           "XAuthPassword": "xauth-pass", "PromptForVPNPIN": False, "OnDemandEnabled": 1,
           "OnDemandRules": [{"Action": "Connect", "InterfaceTypeMatch": "Cellular"}]},
    SafariDomains=["intranet.example.com"]),
    [pkcs12(cert)])

# IPSec, shared secret.
profile("ipsec-shared-secret", applayer(
    "IPSec",
    IPSec={"RemoteAddress": "10.0.1.42", "AuthenticationMethod": "SharedSecret",
           "LocalIdentifier": "staff", "LocalIdentifierType": "KeyID",
           "SharedSecret": b"group-secret", "XAuthEnabled": 1, "XAuthName": "erin",
           "XAuthPasswordEncryption": "Prompt"}))

# IPSec, hybrid (the group with [hybrid]).
profile("ipsec-hybrid", applayer(
    "IPSec",
    IPSec={"RemoteAddress": "ipsec.example.com", "AuthenticationMethod": "SharedSecret",
           "LocalIdentifier": "staff[hybrid]", "LocalIdentifierType": "KeyID",
           "XAuthEnabled": 1, "XAuthName": "frank"}))

# IKEv2, certificate, every option.
cert = uuid()
sa = {"EncryptionAlgorithm": "AES-256-GCM", "IntegrityAlgorithm": "SHA2-384",
      "DiffieHellmanGroup": 20, "LifeTimeInMinutes": 480}
profile("ikev2-certificate", applayer(
    "IKEv2",
    IKEv2={"RemoteAddress": "ikev2.example.com", "LocalIdentifier": "client.example.com",
           "RemoteIdentifier": "ikev2.example.com", "AuthenticationMethod": "Certificate",
           "PayloadCertificateUUID": cert, "CertificateType": "ECDSA256",
           "ServerCertificateIssuerCommonName": "Example CA",
           "ServerCertificateCommonName": "ikev2.example.com",
           "TLSMinimumVersion": "1.2", "TLSMaximumVersion": "1.2",
           "IKESecurityAssociationParameters": sa,
           "ChildSecurityAssociationParameters": dict(sa, DiffieHellmanGroup=19,
                                                      LifeTimeInMinutes=60),
           "DeadPeerDetectionRate": "High", "DisableMOBIKE": 1, "DisableRedirect": 1,
           "EnablePFS": 1, "EnableCertificateRevocationCheck": 1, "EnableFallback": 1,
           "NATKeepAliveOffloadEnable": 1, "NATKeepAliveInterval": 30, "MTU": 1380,
           "UseConfigurationAttributeInternalIPSubnet": 1,
           "PPKIdentifier": "ppk-1", "PPK": b"post-quantum-key", "PPKMandatory": 1,
           "OnDemandEnabled": 1, "OnDemandRules": [{"Action": "Connect"}],
           "OnDemandMatchAppEnabled": True,
           "DisconnectOnIdle": 1, "DisconnectOnIdleTimer": 120}),
    [pkcs12(cert, PayloadDisplayName="identity.p12")])

# IKEv2, shared secret.
profile("ikev2-shared-secret", applayer(
    "IKEv2",
    IKEv2={"RemoteAddress": "203.0.113.10", "LocalIdentifier": "client",
           "RemoteIdentifier": "gateway", "AuthenticationMethod": "SharedSecret",
           "SharedSecret": "ike-secret", "DeadPeerDetectionRate": "Medium"}))

# IKEv2, EAP (AuthenticationMethod None, username and password).
profile("ikev2-eap", applayer(
    "IKEv2",
    IKEv2={"RemoteAddress": "eap.example.com", "LocalIdentifier": "grace",
           "RemoteIdentifier": "eap.example.com", "AuthenticationMethod": "None",
           "ExtendedAuthEnabled": 1, "AuthName": "grace", "AuthPassword": "eap-pass",
           "ServerCertificateIssuerCommonName": "Example CA"}))
