#!/usr/bin/env python3
"""appvpn's editor against vim on the same YAML file, in an 80x24
pseudo-terminal (standard library only; run by bench/editor_vs_vim.sh).

The file is a Cisco AnyConnect configuration with N Safari domains. Each
round starts the program, then times five steps, each from the moment its
key is sent (the program's start for the first frame) to the last byte of
the screen it draws:

  step          appvpn                          vim -u NONE -N -n
  first frame   start                           start
  scroll        Down in the list                j
  type          one character of a new item     one character in insert mode
  commit        Enter (the item is kept)        Enter (a new line)
  save          ^S                              Enter of :w

Before the steps, untimed: appvpn goes to the list (seven Tabs: the
Domains section, whose first field is Safari Domains) and starts a new item (^N); vim goes to the list (/safari Enter)
and, after j, appends to the line (A). The typed item is "x.example.org"
for both; only its last character is timed.

"The last byte" is found the same way for both: the output after the key
has started and then stayed quiet for QUIET seconds (appvpn's test idle
markers are not needed for it and are not sent: APPVPN_TEST_IDLE is unset).
Medians of --rounds rounds, milliseconds.
"""
import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ui_pty  # noqa: E402

QUIET = 0.25  # seconds without output that end a step
LIMIT = 120.0  # a step that takes longer is a failure of the benchmark


_env_for = ui_pty.env_for


def env_plain(term="xterm-256color"):
    e = _env_for(term)
    e.pop("APPVPN_TEST_IDLE", None)
    return e


ui_pty.env_for = env_plain


def step(r, key, quiet=QUIET):
    """Sends key (None: the program's start) and returns the ms to the last
    byte of the answer: output must start, then stay quiet for `quiet`."""
    t0 = r.t0 if key is None else time.monotonic()
    mark = len(r.out)
    if key is not None:
        r.send(key)
    end = time.monotonic() + LIMIT
    while len(r.out) == mark:  # wait for the answer to begin
        if time.monotonic() > end:
            raise TimeoutError("no answer")
        if not r.pump(0.5) and os.waitpid(r.pid, os.WNOHANG)[0]:
            raise RuntimeError("%s exited" % r.pid)
    r.settle(quiet, LIMIT)
    return (r.last - t0) * 1000.0


def untimed(r, keys):
    for k in keys:
        r.send(k)
        r.settle(QUIET, LIMIT)


ITEM = b"x.example.org"

PROGRAMS = {
    "appvpn": dict(
        goto=[b"\t"] * 7,  # the Domains section; its first field is the list
        down=b"\x1b[B",
        start_item=[b"\x0e"] + [bytes([c]) for c in ITEM[:-1]],  # ^N, all but the last char
        commit=b"\r",
        save=[b"\x13"],  # ^S
        quit=[b"\x11", b"\x11"],
    ),
    "vim": dict(
        goto=[b"/safari\r"],
        down=b"j",
        start_item=[b"A", b"\r    - "] + [bytes([c]) for c in ITEM[:-1]],
        commit=b"\r",
        save=[b"\x1b", b":w"],  # then the timed Enter
        quit=[b":q!\r"],
    ),
}


def round_(name, argv):
    spec = PROGRAMS[name]
    r = ui_pty.Run(argv)
    res = {}
    try:
        res["first frame"] = step(r, None, quiet=max(QUIET, 0.5))
        untimed(r, spec["goto"])
        res["scroll"] = step(r, spec["down"])
        untimed(r, spec["start_item"])
        res["type"] = step(r, ITEM[-1:])
        res["commit"] = step(r, spec["commit"])
        if name == "vim":
            # Esc: let vim's own timeout for escape sequences pass before ':'
            r.send(b"\x1b")
            r.settle(1.2, LIMIT)
            untimed(r, [b":w"])
            res["save"] = step(r, b"\r", quiet=max(QUIET, 0.5))
        else:
            res["save"] = step(r, spec["save"][0], quiet=max(QUIET, 0.5))
    finally:
        r.finish(spec["quit"])
    return res


STEPS = ("first frame", "scroll", "type", "commit", "save")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("appvpn")
    ap.add_argument("files", nargs="+", help="LABEL=PATH, e.g. 100k=/tmp/d100000.yaml")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--vim", default="/usr/bin/vim")
    a = ap.parse_args()
    print("80x24 pty; wall time (ms) from the key to the last byte drawn, median of %d rounds"
          % a.rounds)
    print("%-6s %-12s %10s %10s %12s" % ("size", "step", "appvpn", "vim", "appvpn/vim"))
    for spec in a.files:
        label, path = spec.split("=", 1)
        # Each round works on a fresh copy (a save changes the file).
        work = path + ".pty.yaml"
        results = {"appvpn": [], "vim": []}
        for _ in range(a.rounds):
            for name, argv in (("appvpn", [a.appvpn, work]),
                               ("vim", [a.vim, "-u", "NONE", "-N", "-n", work])):
                if name == "vim" and not os.access(a.vim, os.X_OK):
                    continue
                with open(path, "rb") as src, open(work, "wb") as dst:
                    dst.write(src.read())
                results[name].append(round_(name, argv))
                with open(work, "rb") as f:  # the steps did what they say
                    if b"- " + ITEM + b"\n" not in f.read():
                        sys.exit("vim_pty: %s did not save the new item" % name)
        os.remove(work)
        for s in STEPS:
            ap_ = statistics.median(x[s] for x in results["appvpn"])
            if results["vim"]:
                vm = statistics.median(x[s] for x in results["vim"])
                print("%-6s %-12s %10.1f %10.1f %12.2f" % (label, s, ap_, vm, ap_ / vm))
            else:
                print("%-6s %-12s %10.1f %10s %12s" % (label, s, ap_, "-", "-"))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
