"""Drives appvpn in a pseudo-terminal for the real-terminal tests (pty_*.sh).

Standard library only. A Pty runs a program on the slave side of a pty of a
given size and keeps everything it writes; a small screen model (the subset
of xterm that curses uses: cursor addressing, erase, scroll regions,
insert/delete, SGR, the alternate screen, OSC strings) turns that output
back into rows of text, so tests can assert on what a user would see.

Synchronisation: with APPVPN_TEST_IDLE=1 the editor writes
"\\033]777;appvpn-idle\\007" each time a frame is on screen and it waits for
a key; wait_idle() waits for the next one instead of sleeping.
"""
import fcntl
import os
import re
import select
import signal
import struct
import sys
import termios
import time

IDLE = b"\033]777;appvpn-idle\007"


def pinned_env(extra=None, term="xterm-256color", cols=80, rows=24):
    """The environment every driver uses: pinned TERM, size, locale, zone."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "TERM": term,
        "LINES": str(rows),
        "COLUMNS": str(cols),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TZ": "UTC",
        "ESCDELAY": "25",
        "APPVPN_TEST_IDLE": "1",
    }
    if extra:
        env.update(extra)
    return env


class Screen:
    """Rows of text after applying terminal output (UTF-8, xterm subset)."""

    def __init__(self, cols, rows):
        self.cols, self.rows = cols, rows
        self.reset()
        self.tail = b""

    def reset(self):
        self.grid = [[" "] * self.cols for _ in range(self.rows)]
        self.y = self.x = 0
        self.top, self.bot = 0, self.rows - 1
        self.saved = (0, 0)
        self.wrap_next = False

    def type(self, text, timeout=10.0):
        """Types text one character at a time, each after the previous frame."""
        for ch in text:
            self.key(ch.encode(), timeout)
        return self

    def resize(self, cols, rows):
        old = self.grid
        self.cols, self.rows = cols, rows
        self.grid = [[" "] * cols for _ in range(rows)]
        for y in range(min(rows, len(old))):
            for x in range(min(cols, len(old[y]))):
                self.grid[y][x] = old[y][x]
        self.top, self.bot = 0, rows - 1
        self.y, self.x = min(self.y, rows - 1), min(self.x, cols - 1)

    def text(self):
        return ["".join(r).rstrip() for r in self.grid]

    def dump(self):
        return "\n".join(self.text())

    def find(self, pattern):
        """Index of the first row matching the regex, or -1."""
        for i, r in enumerate(self.text()):
            if re.search(pattern, r):
                return i
        return -1

    # -- output processing --
    def _scroll_up(self, n=1):
        for _ in range(n):
            del self.grid[self.top]
            self.grid.insert(self.bot, [" "] * self.cols)

    def _scroll_down(self, n=1):
        for _ in range(n):
            del self.grid[self.bot]
            self.grid.insert(self.top, [" "] * self.cols)

    def _lf(self):
        if self.y == self.bot:
            self._scroll_up()
        elif self.y < self.rows - 1:
            self.y += 1

    def _put(self, ch):
        if self.wrap_next:
            self.x = 0
            self._lf()
            self.wrap_next = False
        if 0 <= self.y < self.rows and 0 <= self.x < self.cols:
            self.grid[self.y][self.x] = ch
        if self.x == self.cols - 1:
            self.wrap_next = True
        else:
            self.x += 1

    def feed(self, data):
        data = self.tail + data
        self.tail = b""
        i, n = 0, len(data)
        while i < n:
            c = data[i]
            if c == 0x1B:
                j = self._escape(data, i)
                if j is None:  # incomplete: keep for the next chunk
                    self.tail = data[i:]
                    return
                i = j
                continue
            if c < 0x20 or c == 0x7F:
                self.wrap_next = False if c in (8, 13, 10) else self.wrap_next
                if c == 13:
                    self.x = 0
                elif c == 10 or c == 11 or c == 12:
                    self._lf()
                elif c == 8:
                    self.x = max(0, self.x - 1)
                elif c == 9:
                    self.x = min(self.cols - 1, (self.x // 8 + 1) * 8)
                i += 1
                continue
            # UTF-8 sequence
            ln = 1 if c < 0x80 else 2 if c >> 5 == 6 else 3 if c >> 4 == 14 else 4 if c >> 3 == 30 else 1
            if i + ln > n:
                self.tail = data[i:]
                return
            try:
                ch = data[i:i + ln].decode("utf-8")
            except UnicodeDecodeError:
                ch, ln = "?", 1
            self._put(ch)
            i += ln

    def _escape(self, d, i):
        n = len(d)
        if i + 1 >= n:
            return None
        c = chr(d[i + 1])
        if c == "[":
            j = i + 2
            while j < n and not (0x40 <= d[j] <= 0x7E):
                j += 1
            if j >= n:
                return None
            self._csi(d[i + 2:j].decode("latin-1"), chr(d[j]))
            return j + 1
        if c in "]PX^_":  # OSC/DCS/...: up to BEL or ST
            j = i + 2
            while j < n:
                if d[j] == 7:
                    return j + 1
                if d[j] == 0x1B and j + 1 < n and d[j + 1] == ord("\\"):
                    return j + 2
                j += 1
            return None
        if c in "()*+":
            return i + 3 if i + 2 < n else None
        if c == "7":
            self.saved = (self.y, self.x)
        elif c == "8":
            self.y, self.x = self.saved
        elif c == "M":
            if self.y == self.top:
                self._scroll_down()
            elif self.y > 0:
                self.y -= 1
        elif c == "D":
            self._lf()
        elif c == "E":
            self.x = 0
            self._lf()
        elif c == "c":
            self.reset()
        return i + 2

    def _csi(self, params, final):
        priv = params.startswith("?") or params.startswith(">")
        ps = params.lstrip("?>")
        args = [int(a) if a.isdigit() else 0 for a in ps.split(";")] if ps else []

        def a(k, default=1):
            return args[k] if len(args) > k and args[k] else default

        self.wrap_next = False
        if final in "Hf":
            self.y = min(self.rows - 1, a(0) - 1)
            self.x = min(self.cols - 1, a(1) - 1)
        elif final == "A":
            self.y = max(0, self.y - a(0))
        elif final in "Be":
            self.y = min(self.rows - 1, self.y + a(0))
        elif final in "Ca":
            self.x = min(self.cols - 1, self.x + a(0))
        elif final == "D":
            self.x = max(0, self.x - a(0))
        elif final == "E":
            self.y, self.x = min(self.rows - 1, self.y + a(0)), 0
        elif final == "F":
            self.y, self.x = max(0, self.y - a(0)), 0
        elif final in "G`":
            self.x = min(self.cols - 1, a(0) - 1)
        elif final == "d":
            self.y = min(self.rows - 1, a(0) - 1)
        elif final == "J":
            mode = a(0, 0)
            rng = range(self.y + 1, self.rows) if mode == 0 else range(0, self.y) if mode == 1 else range(self.rows)
            for y in rng:
                self.grid[y] = [" "] * self.cols
            if mode == 0:
                self.grid[self.y][self.x:] = [" "] * (self.cols - self.x)
            elif mode == 1:
                self.grid[self.y][:self.x + 1] = [" "] * (self.x + 1)
        elif final == "K":
            mode = a(0, 0)
            row = self.grid[self.y]
            if mode == 0:
                row[self.x:] = [" "] * (self.cols - self.x)
            elif mode == 1:
                row[:self.x + 1] = [" "] * (self.x + 1)
            else:
                self.grid[self.y] = [" "] * self.cols
        elif final == "X":
            k = min(a(0), self.cols - self.x)
            self.grid[self.y][self.x:self.x + k] = [" "] * k
        elif final == "@":
            row = self.grid[self.y]
            k = min(a(0), self.cols - self.x)
            self.grid[self.y] = (row[:self.x] + [" "] * k + row[self.x:])[:self.cols]
        elif final == "P":
            row = self.grid[self.y]
            k = min(a(0), self.cols - self.x)
            self.grid[self.y] = row[:self.x] + row[self.x + k:] + [" "] * k
        elif final in "LM" and self.top <= self.y <= self.bot:
            for _ in range(a(0)):
                if final == "L":
                    del self.grid[self.bot]
                    self.grid.insert(self.y, [" "] * self.cols)
                else:
                    del self.grid[self.y]
                    self.grid.insert(self.bot, [" "] * self.cols)
        elif final == "S":
            self._scroll_up(a(0))
        elif final == "T" and not priv:
            self._scroll_down(a(0))
        elif final == "r" and not priv:
            self.top = a(0) - 1
            self.bot = min(self.rows - 1, a(1, self.rows) - 1)
            self.y = self.x = 0
        elif final in "hl" and priv and any(p in (47, 1047, 1049) for p in args):
            # alternate screen on/off: curses starts and ends on a blank one
            self.grid = [[" "] * self.cols for _ in range(self.rows)]
        elif final == "s" and not priv:
            self.saved = (self.y, self.x)
        elif final == "u":
            self.y, self.x = self.saved


SGR_RE = re.compile(rb"\033\[([0-9;:]*)m")


def color_sgr_count(data):
    """How many SGR sequences set a color (30-38, 40-48, 90-97, 100-107)."""
    count = 0
    for m in SGR_RE.finditer(data):
        for p in m.group(1).replace(b":", b";").split(b";"):
            if p.isdigit():
                v = int(p)
                if 30 <= v <= 38 or 40 <= v <= 48 or 90 <= v <= 97 or 100 <= v <= 107:
                    count += 1
                    break
    return count


class Pty:
    def __init__(self, argv, cols=80, rows=24, env=None, cwd=None):
        self.cols, self.rows = cols, rows
        self.out = bytearray()
        self.idles = 0
        self.status = None
        self.screen = Screen(cols, rows)
        master, slave = os.openpty()
        self._winsz(slave, cols, rows)
        self.pid = os.fork()
        if self.pid == 0:  # child: the slave becomes its controlling terminal
            try:
                os.close(master)
                os.setsid()
                fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
                for fd in (0, 1, 2):
                    os.dup2(slave, fd)
                if slave > 2:
                    os.close(slave)
                if cwd:
                    os.chdir(cwd)
                os.execve(argv[0], argv, env if env is not None else pinned_env(cols=cols, rows=rows))
            except BaseException as e:  # never return into the test
                os.write(2, ("exec failed: %s\n" % e).encode())
            finally:
                os._exit(127)
        os.close(slave)
        self.fd = master

    @staticmethod
    def _winsz(fd, cols, rows):
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def _pump(self, timeout):
        """Reads what is there within timeout; False at end of output."""
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # EIO: the slave side closed
            return False
        if not data:
            return False
        self.out += data
        self.idles += data.count(IDLE)
        self.screen.feed(data)
        return True

    def wait_idle(self, timeout=10.0):
        """Waits for the next idle marker (a frame is complete, the program waits for a key)."""
        want = self.idles + 1
        # markers already read by an earlier pump count once
        end = time.monotonic() + timeout
        while self.idles < want:
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError("no idle marker within %.1fs; screen:\n%s" % (timeout, self.screen.dump()))
            if not self._pump(min(left, 0.5)):
                raise EOFError("program ended while waiting; screen:\n%s" % self.screen.dump())
        return self

    def wait_for(self, pattern, row=None, timeout=10.0):
        """Reads until a screen row (any, or the given one) matches the regex
        (for changes that come in several frames, like a resize); returns self."""
        end = time.monotonic() + timeout
        while True:
            if row is None and self.screen.find(pattern) >= 0:
                return self
            if row is not None and 0 <= row < self.screen.rows and re.search(pattern, self.screen.text()[row]):
                return self
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError("no row matches /%s/; screen:\n%s" % (pattern, self.screen.dump()))
            if not self._pump(min(left, 0.2)):
                raise EOFError("program ended while waiting for /%s/" % pattern)

    def mark(self):
        """Output offset: bytes_since(mark) counts what was written after it."""
        return len(self.out)

    def bytes_since(self, m):
        return bytes(self.out[m:])

    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        os.write(self.fd, data)
        return self

    def key(self, data, timeout=10.0):
        """Sends a key and waits for the frame it causes."""
        self.send(data)
        return self.wait_idle(timeout)

    def type(self, text, timeout=10.0):
        """Types text one character at a time, each after the previous frame."""
        for ch in text:
            self.key(ch.encode(), timeout)
        return self

    def resize(self, cols, rows):
        """TIOCSWINSZ on the pty (the kernel sends SIGWINCH to the program)."""
        self.cols, self.rows = cols, rows
        self._winsz(self.fd, cols, rows)
        self.screen.resize(cols, rows)
        return self

    def signal(self, sig):
        os.kill(self.pid, sig)
        return self

    def wait_exit(self, timeout=10.0):
        """Reads until the program exits; returns its exit code (128+N for signal N)."""
        end = time.monotonic() + timeout
        while True:
            pid, st = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                while self._pump(0.05):
                    if not select.select([self.fd], [], [], 0)[0]:
                        break
                self.status = os.waitstatus_to_exitcode(st)
                if self.status < 0:
                    self.status = 128 - self.status
                return self.status
            if time.monotonic() > end:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
                raise TimeoutError("program did not exit; screen:\n%s" % self.screen.dump())
            self._pump(0.05)

    def close(self):
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
        try:
            os.close(self.fd)
        except OSError:
            pass


class Checks:
    """Counts passes and failures like the shell tests (editor_lib.bash)."""

    def __init__(self):
        self.passes = self.failures = 0

    def check(self, ok, what, detail=""):
        if ok:
            self.passes += 1
        else:
            self.failures += 1
            sys.stderr.write("FAIL: %s\n%s\n" % (what, detail) if detail else "FAIL: %s\n" % what)
        return ok

    def finish(self):
        print("%d passed, %d failed" % (self.passes, self.failures))
        sys.exit(1 if self.failures else 0)
