#!/usr/bin/env python3
"""Terminal cost of appvpn's editor against dialog and whiptail, in a
pseudo-terminal at 80x24 (standard library only; run by bench/ui_bench.sh).

For each program:
  first frame  time from exec to the last byte of the first screen (output
               then quiet for QUIET_FIRST seconds); median of --runs runs.
  bytes/char   bytes written to the terminal per character typed into an
               empty text field: each character is sent after the previous
               one's output has settled (quiet for QUIET_KEY seconds);
               appvpn's idle markers (APPVPN_TEST_IDLE) are not counted.
  peak RSS     VmHWM of the program (/proc/PID/status) just before it quits,
               KiB: after exec, so the forking Python is not counted (its
               ru_maxrss would be).
"""
import argparse
import fcntl
import os
import select
import signal
import statistics
import struct
import sys
import termios
import time

IDLE = b"\033]777;appvpn-idle\007"
QUIET_FIRST = 0.3
QUIET_KEY = 0.05


def env_for(term="xterm-256color"):
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "TERM": term,
        "LINES": "24",
        "COLUMNS": "80",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TZ": "UTC",
        "ESCDELAY": "25",
        "APPVPN_TEST_IDLE": "1",
    }


class Run:
    def __init__(self, argv, cwd=None):
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.t0 = time.monotonic()
        self.pid = os.fork()
        if self.pid == 0:
            try:
                os.close(master)
                os.setsid()
                fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
                for fd in (0, 1, 2):
                    os.dup2(slave, fd)
                if cwd:
                    os.chdir(cwd)
                os.execve(argv[0], argv, env_for())
            finally:
                os._exit(127)
        os.close(slave)
        self.fd = master
        self.out = bytearray()
        self.last = self.t0  # time of the last output byte
        self.rusage = None

    def pump(self, timeout):
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            return False
        if not data:
            return False
        self.out += data
        self.last = time.monotonic()
        return True

    def settle(self, quiet, limit=10.0):
        """Reads until no output came for `quiet` seconds."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            if not self.pump(quiet):
                return
        raise TimeoutError("output never settled")

    def send(self, b):
        os.write(self.fd, b)

    def peak_rss(self):
        with open("/proc/%d/status" % self.pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return 0

    def finish(self, quit_keys):
        for k in quit_keys:
            try:
                self.send(k)
            except OSError:
                break
            self.settle(QUIET_KEY)
        end = time.monotonic() + 5
        while time.monotonic() < end:
            pid, status, ru = os.wait4(self.pid, os.WNOHANG)
            if pid:
                self.rusage = ru
                break
            self.pump(0.05)
        if self.rusage is None:
            os.kill(self.pid, signal.SIGKILL)
            _, _, self.rusage = os.wait4(self.pid, 0)
        os.close(self.fd)


def programs(appvpn, example):
    # the same question in each: one line of text, empty at first
    return {
        "appvpn": dict(argv=[appvpn, example],
                       # Enter edits the focused Name field, ^U empties it
                       prepare=[b"\r", b"\x15"],
                       quit=[b"\033", b"\x11"]),
        "dialog": dict(argv=["/usr/bin/dialog", "--inputbox", "Name", "8", "60", ""],
                       prepare=[], quit=[b"\033", b"\033"]),
        "whiptail": dict(argv=["/usr/bin/whiptail", "--inputbox", "Name", "8", "60", ""],
                         prepare=[], quit=[b"\033", b"\033"]),
    }


def measure(spec, chars, runs):
    firsts = []
    per_char = rss = None
    for i in range(runs):
        r = Run(spec["argv"])
        r.settle(QUIET_FIRST)
        firsts.append((r.last - r.t0) * 1000.0)
        if i == 0:
            for k in spec["prepare"]:
                r.send(k)
                r.settle(QUIET_KEY)
            mark = len(r.out)
            text = (b"abcdefghijklmnopqrstuvwxyz" * 4)[:chars]
            for ch in text:
                r.send(bytes([ch]))
                r.settle(QUIET_KEY)
            typed = bytes(r.out[mark:]).replace(IDLE, b"")
            per_char = len(typed) / chars
            rss = r.peak_rss()
            r.finish(spec["quit"])
        else:
            r.finish(spec["quit"])
    return statistics.median(firsts), per_char, rss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("appvpn")
    ap.add_argument("example")
    ap.add_argument("--chars", type=int, default=50)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--only", default="appvpn,dialog,whiptail")
    a = ap.parse_args()
    res = {}
    for name, spec in programs(a.appvpn, a.example).items():
        if name not in a.only.split(","):
            continue
        if not os.access(spec["argv"][0], os.X_OK):
            print("%s: not installed (setup.sh bench installs it)" % name, file=sys.stderr)
            continue
        res[name] = measure(spec, a.chars, a.runs)

    def ratio(k, i):
        if "appvpn" not in res or k not in res or not res[k][i]:
            return "-"
        return "%.2f" % (res["appvpn"][i] / res[k][i])

    names = [n for n in ("appvpn", "dialog", "whiptail") if n in res]
    print("80x24 pty, TERM=xterm-256color; %d chars typed; first frame: median of %d runs" % (a.chars, a.runs))
    print("%-26s" % "metric" + "".join("%11s" % n for n in names) + "%15s%17s  %s" % ("appvpn/dialog", "appvpn/whiptail", "target"))
    rows = (("first frame (ms)", 0, "%.1f", "<= dialog"),
            ("bytes per typed char", 1, "%.2f", "<= 2"),
            ("peak RSS (KiB)", 2, "%d", "<= 2x whiptail"))
    for label, i, fmt, target in rows:
        print("%-26s" % label + "".join("%11s" % (fmt % res[n][i]) for n in names) +
              "%15s%17s  %s" % (ratio("dialog", i), ratio("whiptail", i), target))
    if "appvpn" in res:
        ok = []
        a_ = res["appvpn"]
        if "dialog" in res:
            ok.append(("first frame no slower than dialog", a_[0] <= res["dialog"][0]))
        ok.append(("<= 2 bytes per typed char", a_[1] <= 2.0))
        if "whiptail" in res:
            ok.append(("peak RSS <= 2x whiptail", a_[2] <= 2 * res["whiptail"][2]))
        for what, good in ok:
            print("%-40s %s" % (what, "met" if good else "NOT met"))


if __name__ == "__main__":
    main()
