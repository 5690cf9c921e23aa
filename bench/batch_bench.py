#!/usr/bin/env python3
"""Per-user batch export: `appvpn export --users` vs the same job in Python
(bench/py_batch.py: PyYAML C loader + csv + plistlib), 1k, 10k and 100k users,
into a fresh directory each run. Medians of wall-clock runs in this run;
ratios only. appvpn also validates every row and fsyncs every file before
moving them into place; the baseline does neither.

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
here = os.path.dirname(os.path.abspath(__file__))
tmp = tempfile.mkdtemp(prefix="appvpn-batch-bench-")

cfg = os.path.join(tmp, "vpn.yaml")
subprocess.run([appvpn, "new", "cisco-anyconnect", "-o", cfg, "--force",
                "--set", "name=Bench", "--set", "server=vpn.example.com",
                "--set", "account=${userUID}",
                "--set", "credential.uuid=11111111-2222-4333-8444-555555555555",
                "--set", "apps=[com.example.app]",
                "--set", "domains.safari=[crm.example.com, mail.example.com]"],
               check=True, stderr=subprocess.DEVNULL)


def timed(cmd, out):
    times = []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    shutil.rmtree(out, ignore_errors=True)
    return statistics.median(times)


print(f"batch export, median of {runs} runs each (seconds)")
print(f"{'users':>8} {'appvpn':>9} {'python':>9} {'python/appvpn':>14} {'appvpn us/user':>15}")
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
    per.append((n, t_app))
    print(f"{n:>8} {t_app:9.3f} {t_py:9.3f} {t_py / t_app:14.2f} {t_app / n * 1e6:15.1f}")
(n1, a1), (n2, a2) = per[1], per[2]
print(f"appvpn per-user time 100k / 10k: {(a2 / n2) / (a1 / n1):.2f}  (1.00 = linear)")
shutil.rmtree(tmp, ignore_errors=True)
