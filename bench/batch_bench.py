#!/usr/bin/env python3
"""Per-user batch export: `appvpn export --users` vs the same job in Python
(bench/py_batch.py: PyYAML C loader + csv + plistlib), 1k, 10k and 100k users,
into a fresh directory each run, beside the floor (bench/file_floor.c: the
same number of files of the same size written by a bare C loop, nothing
else). Medians of wall-clock runs in this run; ratios only.

Both programs spend most of their time creating files, so the run is done
twice: on the disk that holds the system's temporary directory, and on a
memory file system (/dev/shm, when it is a tmpfs), where the file system
costs least and what each program does itself shows. appvpn also validates
every row and makes the files durable (one sync) before moving them into
place; the baseline and the floor do neither.

usage: batch_bench.py BUILD_DIR [RUNS]
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

build = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
appvpn = os.path.join(build, "appvpn")
floor = os.path.join(build, "bench", "file_floor")
here = os.path.dirname(os.path.abspath(__file__))


def is_tmpfs(path):
    try:
        with open("/proc/mounts") as m:
            return any(line.split()[1] == path and line.split()[2] == "tmpfs" for line in m)
    except OSError:
        return False


places = [("disk", None)]
if is_tmpfs("/dev/shm"):
    places.append(("tmpfs", "/dev/shm"))


def timed(cmd, out):
    times = []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run(["sync"])
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    shutil.rmtree(out, ignore_errors=True)
    return statistics.median(times)


summary = []
for place, base in places:
    tmp = tempfile.mkdtemp(prefix="appvpn-batch-bench-", dir=base)
    cfg = os.path.join(tmp, "vpn.yaml")
    subprocess.run([appvpn, "new", "cisco-anyconnect", "-o", cfg, "--force",
                    "--set", "name=Bench", "--set", "server=vpn.example.com",
                    "--set", "account=${userUID}",
                    "--set", "credential.uuid=11111111-2222-4333-8444-555555555555",
                    "--set", "apps=[com.example.app]",
                    "--set", "domains.safari=[crm.example.com, mail.example.com]"],
                   check=True, stderr=subprocess.DEVNULL)
    one = os.path.join(tmp, "one.mobileconfig")
    subprocess.run([appvpn, "-q", "export", cfg, "--var", "userUID=user0@example.com",
                    "-o", one], check=True)
    print(f"\nbatch export on {place} ({tmp}), median of {runs} runs each (seconds)")
    print(f"{'users':>8} {'appvpn':>8} {'python':>8} {'floor':>8} {'python/appvpn':>14}"
          f" {'appvpn/floor':>13} {'appvpn us/user':>15}")
    per = []
    for n in (1000, 10000, 100000):
        users = os.path.join(tmp, f"users-{n}.csv")
        with open(users, "w") as f:
            f.write("userUID,userEmailAddress\n")
            for i in range(n):
                f.write(f"user{i}@example.com,user{i}@example.com\n")
        out = os.path.join(tmp, "out")
        t_app = timed([appvpn, "-q", "export", cfg, "--users", users, "-o", out], out)
        t_py = timed([sys.executable, os.path.join(here, "py_batch.py"), cfg, users, out], out)
        t_fl = timed([floor, one, str(n), out], out)
        per.append((n, t_app))
        print(f"{n:>8} {t_app:8.3f} {t_py:8.3f} {t_fl:8.3f} {t_py / t_app:14.2f}"
              f" {t_app / t_fl:13.2f} {t_app / n * 1e6:15.1f}")
        summary.append((place, n, t_py / t_app, t_app / t_fl))
    (n1, a1), (n2, a2) = per[1], per[2]
    print(f"appvpn per-user time 100k / 10k: {(a2 / n2) / (a1 / n1):.2f}  (1.00 = linear)")
    shutil.rmtree(tmp, ignore_errors=True)

print("\nsummary: python/appvpn (higher is better for appvpn), appvpn/floor (1.00 = the floor)")
for place, n, r, fl in summary:
    print(f"  {place:>5} {n:>7} users: {r:6.2f}x   {fl:5.2f}x")
