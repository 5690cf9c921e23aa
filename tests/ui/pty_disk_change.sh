# Real terminal: the editor never loses a change made on disk, never exports
# over the open configuration, asks before replacing a file, re-masks a
# password revealed while typing, names what a save leaves out, and offers
# recovery of a new file that was hung up before its first save.
set -u
: "${APPVPN:?}" "${APPVPN_SRC:?}"
export TERM=xterm-256color LINES=24 COLUMNS=80 LANG=C.UTF-8 TZ=UTC
T=$(mktemp -d /tmp/appvpn-pty-XXXXXX)
trap 'rm -rf "$T"' EXIT
cp "$APPVPN_SRC/examples/ikev2.yaml" "$T/c.yaml"
cp "$APPVPN_SRC/examples/cisco-anyconnect.yaml" "$T/p.yaml"
exec python3 - "$T" <<'PY'
import os, sys, signal, subprocess
sys.path.insert(0, os.path.join(os.environ["APPVPN_SRC"], "tests", "ui"))
from ptydrive import Pty, Checks

c = Checks()
T = sys.argv[1]
f = os.path.join(T, "c.yaml")
app = os.environ["APPVPN"]

def start(path=f):
    p = Pty([app, path], cwd=T)
    p.wait_idle()
    return p

def outside_set(path, kv):
    subprocess.run([app, "-q", "set", path, kv], check=True)

# 1. ^S after an outside change: asks; Esc keeps the other change
p = start()
try:
    p.type("-Mine")
    p.key(b"\r")
    outside_set(f, "server=other.example.com")
    p.key(b"\x13")  # ^S
    s = p.screen
    c.check(s.find(r"c\.yaml changed on disk since you opened it") >= 0, "^S notices the change on disk", s.dump())
    c.check(s.find(r"r: reload it") >= 0 and s.find(r"o: overwrite it") >= 0 and s.find(r"a: save as") >= 0,
            "reload / overwrite / save as offered", s.dump())
    p.key(b"\033")
    c.check("server: other.example.com\n" in open(f).read(), "Esc: the outside change stays on disk")
    c.check("IKEv2-Mine" not in open(f).read(), "Esc: nothing written")
    # 2. again, save as another file: both changes survive, in two files
    p.key(b"\x13")
    p.key(b"a")
    p.key(b"\x15")  # ^U clears the proposed name
    p.type("mine.yaml")
    p.key(b"\r")
    mine = os.path.join(T, "mine.yaml")
    c.check(os.path.exists(mine) and "IKEv2-Mine" in open(mine).read(), "save as writes the edit to another file")
    c.check("server: other.example.com\n" in open(f).read(), "the outside change is still in c.yaml")
    c.check(p.screen.find(r"mine\.yaml") >= 0, "the editor now edits mine.yaml", p.screen.dump())
    p.send(b"\x11")
    c.check(p.wait_exit() == 0, "quit")
finally:
    p.close()

# 3. reload: drops the edit, shows what is on disk
p = start()
try:
    p.type("-Again")
    p.key(b"\r")
    outside_set(f, "name=Renamed Outside")
    p.key(b"\x13")
    p.key(b"r")
    s = p.screen
    c.check(s.find(r"Name \.+ Renamed Outside") >= 0, "reload shows the file on disk", s.dump())
    c.check(s.find(r"\[modified\]") < 0, "reloaded: not modified", s.dump())
    # 4. overwrite: asked, then written
    p.type("X")
    p.key(b"\r")
    outside_set(f, "server=third.example.com")
    p.key(b"\x13")
    p.key(b"o")
    c.check("name: Renamed OutsideX\n" in open(f).read(), "overwrite writes the edit")
    # 5. ^X onto the open configuration is refused, its YAML intact
    p.key(b"\x18")  # ^X
    p.key(b"\x15")
    p.type("c.yaml")
    p.key(b"\r")
    s = p.screen
    c.check(s.find(r"c\.yaml is the configuration being edited") >= 0, "^X onto the open file refused", s.dump())
    c.check(open(f).read().startswith("format: 1"), "the configuration is still YAML")
    # 6. ^X over another existing file asks; n keeps it
    other = os.path.join(T, "other.mobileconfig")
    open(other, "w").write("keep me\n")
    p.key(b"\x18")
    p.key(b"\x15")
    p.type("other.mobileconfig")
    p.key(b"\r")
    c.check(p.screen.find(r"other\.mobileconfig exists\. Replace it\?") >= 0, "^X over a file asks", p.screen.dump())
    p.key(b"n")
    c.check(open(other).read() == "keep me\n", "n: the file is kept")
    p.key(b"\x18")
    p.key(b"\x15")
    p.type("other.mobileconfig")
    p.key(b"\r")
    p.key(b"y")
    c.check(open(other).read().startswith("<?xml"), "y: the profile replaces it")
    p.send(b"\x11")
    p.wait_exit()
finally:
    p.close()

# 7. a password revealed while typing is masked again when the edit ends;
# switching proxy to none names what the save leaves out
pf = os.path.join(T, "p.yaml")
p = start(pf)
try:
    p.key(b"\x06")  # ^F
    p.type("proxy.password")
    p.key(b"\r")
    p.key(b"\r")    # edit
    p.type("zz")
    p.key(b"\x12")  # ^R while typing
    s = p.screen
    c.check(s.find(r"proxy-secretzz") >= 0, "^R while typing shows the text", s.dump())
    c.check(s.find(r"PASSWORD SHOWN while typing") >= 0, "the status line says so", s.dump())
    p.key(b"\r")
    s = p.screen
    c.check(s.find(r"proxy-secret") < 0, "masked again once the edit ends", s.dump())
    c.check(s.find(r"SHOWN") < 0, "status line no longer says shown", s.dump())
    p.key(b"\x06")
    p.type("proxy.setup")
    p.key(b"\r")
    p.key(b"\r")    # the choice list
    p.type("none")
    p.key(b"\r")
    p.key(b"\x13")
    s = p.screen
    c.check(s.find(r"hidden, so not written: proxy\.server") >= 0, "the save names the values it leaves out", s.dump())
    p.send(b"\x11")
    p.wait_exit()
finally:
    p.close()
c.check("proxy-secret" not in open(pf).read(), "the hidden password is not in the file")

# 8. a new file hung up before its first save is offered at the next start
n = os.path.join(T, "new.yaml")
p = start(n)
try:
    p.type("ikev2")
    p.key(b"\r")
    p.type("Branch")
    p.key(b"\r")
    p.signal(signal.SIGHUP)
    c.check(p.wait_exit() == 129, "SIGHUP exits 129")
finally:
    p.close()
c.check(not os.path.exists(n) and os.path.exists(n + ".save"), "new.yaml.save kept, new.yaml not made")
p = start(n)
try:
    s = p.screen
    c.check(s.find(r"new\.yaml\.save holds unsaved changes") >= 0, "recovery offered for the new file", s.dump())
    p.key(b"r")
    c.check(p.screen.find(r"Name \.+ Branch") >= 0, "the typed name is back", p.screen.dump())
    p.key(b"\x13")
    p.send(b"\x11")
    p.wait_exit()
finally:
    p.close()
c.check(os.path.exists(n) and "name: Branch\n" in open(n).read(), "saved after recovery")
c.check(not os.path.exists(n + ".save"), ".save gone once saved")
c.finish()
PY
