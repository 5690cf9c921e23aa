# Real terminal: SIGHUP with unsaved changes writes FILE.save (mode 0600, the
# file itself untouched) and exits 129 with the terminal restored; the next
# start offers recover / discard / keep. SIGTERM in the middle of typing keeps
# the typed text too. No changes: nothing is written.
set -u
: "${APPVPN:?}" "${APPVPN_SRC:?}"
export TERM=xterm-256color LINES=24 COLUMNS=80 LANG=C.UTF-8 TZ=UTC
T=$(mktemp -d /tmp/appvpn-pty-XXXXXX)
trap 'rm -rf "$T"' EXIT
cp "$APPVPN_SRC/examples/ikev2.yaml" "$T/c.yaml"
cp "$APPVPN_SRC/examples/ikev2.yaml" "$T/orig.yaml"
exec python3 - "$T" <<'PY'
import os, sys, signal, stat, filecmp
sys.path.insert(0, os.path.join(os.environ["APPVPN_SRC"], "tests", "ui"))
from ptydrive import Pty, Checks

c = Checks()
T = sys.argv[1]
f = os.path.join(T, "c.yaml")
save = f + ".save"
app = os.environ["APPVPN"]

def start(path=f):
    p = Pty([app, path])
    p.wait_idle()
    return p

# 1. edit the name, hang up
p = start()
try:
    p.type("-Two")          # typing on the Name row edits it
    p.key(b"\r")
    c.check(p.screen.find(r"c\.yaml \[modified\]") >= 0, "the edit marks the file modified", p.screen.dump())
    p.signal(signal.SIGHUP)
    rc = p.wait_exit()
    c.check(rc == 129, "SIGHUP exits 129 (got %s)" % rc)
    c.check(b"\033[?1049l" in bytes(p.out[-300:]), "terminal restored (alternate screen left)")
finally:
    p.close()
c.check(os.path.exists(save), "FILE.save written")
if os.path.exists(save):
    c.check(stat.S_IMODE(os.stat(save).st_mode) == 0o600, "FILE.save has mode 0600 (%o)" % stat.S_IMODE(os.stat(save).st_mode))
    c.check("name: Watch IKEv2-Two\n" in open(save).read(), "FILE.save holds the change", open(save).read()[:300])
c.check(filecmp.cmp(f, os.path.join(T, "orig.yaml"), shallow=False), "FILE itself untouched")

# 2. restart: keep for later (Esc), the .save stays
p = start()
try:
    s = p.screen
    c.check(s.find(r"c\.yaml\.save holds unsaved changes") >= 0, "restart offers recovery", s.dump())
    c.check(s.find(r"r: recover them +d: discard them +k/Esc: keep for later") >= 0, "three choices shown", s.dump())
    p.key(b"\033")
    c.check(s.find(r"kept .*c\.yaml\.save for later") >= 0 and os.path.exists(save), "Esc keeps it for later", s.dump())
    c.check(s.find(r"Name \.+ Watch IKEv2$") >= 0, "the file's own content is shown", s.dump())
    p.send(b"\x11")
    c.check(p.wait_exit() == 0, "quit without changes")
finally:
    p.close()

# 3. restart: recover; the content is the .save's, marked modified; save it
p = start()
try:
    s = p.screen
    p.key(b"r")
    c.check(s.find(r"Name \.+ Watch IKEv2-Two$") >= 0, "recovered content shown", s.dump())
    c.check(s.find(r"c\.yaml \[modified\]") >= 0, "recovered content is marked modified", s.dump())
    c.check(os.path.exists(save), "the .save stays until the recovered changes are saved")
    p.key(b"\x13")  # ^S
    c.check(not os.path.exists(save), "the .save is gone once its changes are saved")
    p.send(b"\x11")
    c.check(p.wait_exit() == 0, "save and quit")
finally:
    p.close()
c.check("name: Watch IKEv2-Two\n" in open(f).read(), "the recovered change is saved to FILE")

# 4. SIGTERM while typing: the text being typed is kept too
p = start()
try:
    p.type("-Three")
    c.check(p.screen.find(r"^Enter OK") == 23, "editing in progress", p.screen.dump())
    p.signal(signal.SIGTERM)
    rc = p.wait_exit()
    c.check(rc == 143, "SIGTERM exits 143 (got %s)" % rc)
finally:
    p.close()
c.check(os.path.exists(save) and "name: Watch IKEv2-Two-Three\n" in open(save).read(), "typed text kept in FILE.save")

# 5. discard deletes the .save and keeps FILE
p = start()
try:
    p.key(b"d")
    c.check(p.screen.find(r"discarded") >= 0, "discard confirmed", p.screen.dump())
    c.check(not os.path.exists(save), "discard deletes FILE.save")
    # 6. no changes: a hang-up writes nothing
    p.signal(signal.SIGHUP)
    c.check(p.wait_exit() == 129, "unmodified hang-up exits 129")
finally:
    p.close()
c.check(not os.path.exists(save), "no FILE.save without changes")
c.check("name: Watch IKEv2-Two\n" in open(f).read(), "FILE keeps its saved content")

# 7. hang-up inside the editor opened from the directory list
p = Pty([app, T])
try:
    p.wait_idle()
    c.check(p.screen.find(r"^> c\.yaml") >= 0, "list shows c.yaml", p.screen.dump())
    p.key(b"\r")
    c.check(p.screen.find(r"Name \.+ Watch IKEv2-Two$") >= 0, "Enter opens the editor", p.screen.dump())
    p.type("-Four")
    p.key(b"\r")
    p.signal(signal.SIGHUP)
    c.check(p.wait_exit() == 129, "hang-up from the list exits 129")
finally:
    p.close()
c.check(os.path.exists(save) and "name: Watch IKEv2-Two-Four\n" in open(save).read(), "editor under the list keeps the change")
p = Pty([app, T])
try:
    p.wait_idle()
    c.check(p.screen.find(r"c\.yaml\.save holds unsaved changes") >= 0, "the list points at the .save", p.screen.dump())
    p.send(b"q")
    c.check(p.wait_exit() == 0, "list quits")
finally:
    p.close()
c.finish()
PY
