# Real terminal: escape sequences for arrows and function keys are decoded
# (CSI and SS3 forms), a lone Esc closes a popup once ESCDELAY has passed,
# and ^Q quits with the terminal restored.
set -u
: "${APPVPN:?}" "${APPVPN_SRC:?}"
export TERM=xterm-256color LINES=24 COLUMNS=80 LANG=C.UTF-8 TZ=UTC
T=$(mktemp -d /tmp/appvpn-pty-XXXXXX)
trap 'rm -rf "$T"' EXIT
cp "$APPVPN_SRC/examples/ikev2.yaml" "$T/c.yaml"
exec python3 - "$T/c.yaml" <<'PY'
import os, sys
sys.path.insert(0, os.path.join(os.environ["APPVPN_SRC"], "tests", "ui"))
from ptydrive import Pty, Checks

c = Checks()
p = Pty([os.environ["APPVPN"], sys.argv[1]])
try:
    p.wait_idle()
    s = p.screen
    c.check(s.find(r"^> General ") == 1 and s.find(r"│> Name \.+ Watch IKEv2") == 2, "first frame: General section, Name focused", s.dump())
    c.check(s.find(r"^\^S Save .*\^Q Quit") == 23, "key bar on the last row", s.dump())
    # cursor keys in both forms terminals send (normal and application mode)
    p.key(b"\033[B")
    c.check(s.find(r"│> VPN Name") == 3, "ESC [ B moves down", s.dump())
    p.key(b"\033OB")
    c.check(s.find(r"│> Description") == 4, "ESC O B moves down", s.dump())
    p.key(b"\033[A")
    c.check(s.find(r"│> VPN Name") == 3, "ESC [ A moves up", s.dump())
    p.key(b"\033[C")  # Right: next section
    c.check(s.find(r"^> Connection ") == 2, "ESC [ C: next section", s.dump())
    p.key(b"\033[D")
    c.check(s.find(r"^> General ") == 1, "ESC [ D: previous section", s.dump())
    # F1 as SS3 (xterm) opens the help popup, a lone Esc closes it
    p.key(b"\033OP")
    c.check(s.find(r"Keys") == 1 and s.find(r"│ Moving") >= 0, "ESC O P (F1) opens the help", s.dump())
    p.key(b"\033")
    c.check(s.find(r"│ Moving") < 0 and s.find(r"^> General ") == 1, "lone Esc closes the popup", s.dump())
    # F1 in the CSI form (ESC [ 11 ~) and F3 preview (ESC O R), Esc again
    p.key(b"\033[11~")
    c.check(s.find(r"│ Moving") >= 0, "ESC [ 11 ~ (F1) opens the help", s.dump())
    p.key(b"\033")
    p.key(b"\033OR")
    c.check(s.find(r"Preview") >= 0 and s.find(r"PayloadType") >= 0, "ESC O R (F3) previews the profile", s.dump())
    p.key(b"\033")
    c.check(s.find(r"PayloadType") < 0, "Esc closes the preview", s.dump())
    # End / Home (ESC [ F, ESC [ H)
    p.key(b"\033[F")
    c.check(s.find(r"│>   \+ add") >= 0, "ESC [ F (End) goes to the last field", s.dump())
    p.key(b"\033[H")
    c.check(s.find(r"│> Name ") == 2, "ESC [ H (Home) goes to the first field", s.dump())
    p.send(b"\x11")  # ^Q, nothing changed: quits at once
    rc = p.wait_exit()
    c.check(rc == 0, "^Q exits 0 (got %s)" % rc)
    tail = bytes(p.out[-200:])
    c.check(b"\033[?1049l" in tail, "the terminal leaves the alternate screen at exit", repr(tail))
finally:
    p.close()
c.finish()
PY
