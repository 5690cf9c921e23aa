# Real terminal at 20x6 (below the editor's minimum): the editor, the type
# picker of a new file and the directory list survive every key without
# crashing, say the terminal is too small where they must, and quit cleanly.
set -u
: "${APPVPN:?}" "${APPVPN_SRC:?}"
export TERM=xterm-256color LINES=6 COLUMNS=20 LANG=C.UTF-8 TZ=UTC
T=$(mktemp -d /tmp/appvpn-pty-XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir "$T/dir"
cp "$APPVPN_SRC/examples/ikev2.yaml" "$APPVPN_SRC/examples/ipsec.yaml" "$T/dir/"
exec python3 - "$T" <<'PY'
import os, sys
sys.path.insert(0, os.path.join(os.environ["APPVPN_SRC"], "tests", "ui"))
from ptydrive import Pty, Checks, pinned_env

c = Checks()
T = sys.argv[1]
app = os.environ["APPVPN"]
env = pinned_env(cols=20, rows=6)
# every kind of key: moves, function keys, Esc, text, control keys, UTF-8
keys = [b"\033[B", b"\033[A", b"\t", b"\033[Z", b"\033OP", b"\033", b"\033[15~", b"\033[6~", b"\033[5~",
        b"x", b"\xc3\xa9", b"\r", b"\x7f", b"\x05", b"\x10", b"\x06", b"\x14", b"\x0c", b"\033[C", b"\033[D"]

def run(target, quit_keys, what, expect_small=True, keys=keys):
    p = Pty([app, target], cols=20, rows=6, env=env)
    try:
        p.wait_idle()
        if not expect_small:
            c.check(p.screen.find(r"^> ikev2\.yaml") >= 0 and p.screen.find(r"^Enter Open") == 5,
                    "%s: fits 20x6" % what, p.screen.dump())
        if expect_small:
            c.check(p.screen.find(r"too small") >= 0, "%s: says too small at 20x6" % what, p.screen.dump())
        for k in keys:
            try:
                p.key(k)
            except EOFError as e:
                c.check(False, "%s: ended on key %r" % (what, k), str(e))
                return
        for k in quit_keys:  # each after the frame of the one before (or the exit)
            p.send(k)
            try:
                p.wait_idle(3)
            except (EOFError, TimeoutError):
                pass
        try:
            rc = p.wait_exit()
        except TimeoutError as e:
            rc = "none: %s" % e
        c.check(rc == 0, "%s: exits cleanly after every key (rc %s)" % (what, rc), p.screen.dump())
    finally:
        p.close()

run(os.path.join(T, "dir", "ikev2.yaml"), [b"\x11", b"n"], "editor")
# Esc cancels the type picker (and so the new file) and Enter would pick one: both left out
run(os.path.join(T, "new.yaml"), [b"\033"], "new file (type picker)", keys=[k for k in keys if k not in (b"\033", b"\r")])
c.check(not os.path.exists(os.path.join(T, "new.yaml")), "nothing written for the new file")
# Enter opens the editor (too small there): ^Q leaves it, q leaves the list
run(os.path.join(T, "dir"), [b"\x11", b"q"], "directory list", expect_small=False)
c.check(sorted(os.listdir(os.path.join(T, "dir"))) == ["ikev2.yaml", "ipsec.yaml"], "directory unchanged",
        str(os.listdir(os.path.join(T, "dir"))))
c.finish()
PY
