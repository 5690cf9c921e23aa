# Real terminal: a resize (TIOCSWINSZ, the kernel's SIGWINCH) redraws at the
# new size; below the minimum the editor says the terminal is too small and
# enlarging it again brings the form back. The directory list does the same.
set -u
: "${APPVPN:?}" "${APPVPN_SRC:?}"
export TERM=xterm-256color LINES=24 COLUMNS=80 LANG=C.UTF-8 TZ=UTC
T=$(mktemp -d /tmp/appvpn-pty-XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir "$T/dir"
cp "$APPVPN_SRC/examples/ikev2.yaml" "$APPVPN_SRC/examples/ipsec.yaml" "$T/dir/"
exec python3 - "$T/dir" <<'PY'
import os, sys
sys.path.insert(0, os.path.join(os.environ["APPVPN_SRC"], "tests", "ui"))
from ptydrive import Pty, Checks

c = Checks()
d = sys.argv[1]
p = Pty([os.environ["APPVPN"], os.path.join(d, "ikev2.yaml")])
try:
    p.wait_idle()
    s = p.screen
    c.check(s.find(r"^\^S Save") == 23, "80x24: key bar on row 24", s.dump())
    p.resize(100, 30).wait_for(r"^\^S Save", row=29)
    c.check(s.find(r"^\^S Save") == 29, "100x30: key bar moves to row 30", s.dump())
    c.check(s.find(r"ikev2\.yaml \| no problems") == 28, "100x30: status line above it", s.dump())
    c.check(s.find(r"│> Name \.+ Watch IKEv2$") == 2, "100x30: the value has room now", s.dump())
    p.resize(30, 8).wait_for(r"too small")
    c.check(s.find(r"too small") >= 0, "30x8: says the terminal is too small", s.dump())
    p.key(b"\033[B")  # keys below the minimum do nothing harmful
    p.resize(80, 24).wait_for(r"^\^S Save", row=23)
    c.check(s.find(r"too small") < 0 and s.find(r"^\^S Save") == 23, "80x24 again: the form is back", s.dump())
    c.check(s.find(r"│> Name ") == 2, "80x24 again: focus unchanged", s.dump())
    p.send(b"\x11")
    c.check(p.wait_exit() == 0, "quits cleanly")
finally:
    p.close()

p = Pty([os.environ["APPVPN"], d])
try:
    p.wait_idle()
    s = p.screen
    c.check(s.find(r"^> ikev2\.yaml +Watch IKEv2 +IKEv2") == 2, "list at 80x24", s.dump())
    p.resize(40, 8).wait_for(r"^Enter Open", row=7)
    c.check(s.find(r"^  ipsec\.yaml") >= 0 and s.find(r"^Enter Open") == 7, "list at 40x8", s.dump())
    p.resize(15, 4).wait_for(r"too small")
    c.check(s.find(r"too small") == 0, "list at 15x4: too small", s.dump())
    p.resize(80, 24).wait_for(r"^Enter Open", row=23)
    c.check(s.find(r"^> ikev2\.yaml") == 2 and s.find(r"^Enter Open") == 23, "list back at 80x24", s.dump())
    p.send(b"q")
    c.check(p.wait_exit() == 0, "list quits cleanly")
finally:
    p.close()
c.finish()
PY
