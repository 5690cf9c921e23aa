# Real terminal: the default theme colours the screen; NO_COLOR=1, a
# terminal without colours (TERM=vt100) and --theme mono send no colour
# sequences at all, and the focus stays visible (reverse video).
set -u
: "${APPVPN:?}" "${APPVPN_SRC:?}"
export TERM=xterm-256color LINES=24 COLUMNS=80 LANG=C.UTF-8 TZ=UTC
T=$(mktemp -d /tmp/appvpn-pty-XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir "$T/dir"
cp "$APPVPN_SRC/examples/ikev2.yaml" "$T/dir/c.yaml"
exec python3 - "$T/dir" <<'PY'
import os, sys, re
sys.path.insert(0, os.path.join(os.environ["APPVPN_SRC"], "tests", "ui"))
from ptydrive import Pty, Checks, pinned_env, color_sgr_count

c = Checks()
d = sys.argv[1]

def session(target, extra=None, term="xterm-256color", args=()):
    """Output of: first frame, Down, F1 help, Esc, quit."""
    p = Pty([os.environ["APPVPN"]] + list(args) + [target], env=pinned_env(extra, term=term))
    try:
        p.wait_idle()
        for k in (b"\033[B", b"\033OP", b"\033", b"\033[A"):
            p.key(k)
        p.send(b"q" if os.path.isdir(target) else b"\x11")
        rc = p.wait_exit()
        return rc, bytes(p.out), p.screen
    finally:
        p.close()

for target, what in ((os.path.join(d, "c.yaml"), "editor"), (d, "directory list")):
    rc, out, _ = session(target)
    c.check(rc == 0, "%s: default theme exits 0" % what)
    c.check(color_sgr_count(out) >= 5, "%s: default theme sends colour (%d SGR colour sequences)" % (what, color_sgr_count(out)))
    for extra, term, args, label in (({"NO_COLOR": "1"}, "xterm-256color", (), "NO_COLOR=1"),
                                     (None, "vt100", (), "TERM=vt100"),
                                     (None, "xterm-256color", ("--theme", "mono"), "--theme mono")):
        rc, out, _ = session(target, extra, term, args)
        c.check(rc == 0, "%s, %s: exits 0" % (what, label))
        c.check(color_sgr_count(out) == 0, "%s, %s: no colour sequences (found %d)" % (what, label, color_sgr_count(out)))
        c.check(re.search(rb"\033\[(0;)?7m|\033\[[0-9;]*;7m", out) is not None, "%s, %s: focus in reverse video" % (what, label))
c.finish()
PY
