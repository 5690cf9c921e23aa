#!/usr/bin/env python3
"""Binary export: appvpn's own bplist00 writer vs Python's plistlib (PyYAML C
loader + plistlib FMT_BINARY) vs libplist's plist_to_bin (raw libyaml +
libplist, no model), on configurations with 10k, 100k and 500k Safari
domains. Medians of wall-clock runs measured in this run; ratios only.

usage: binary_bench.py BUILD_DIR [RUNS] [FLOOR_LIMIT]
FLOOR_LIMIT: seconds allowed to libplist's writer per run (default 120; at
1M domains it needs more); 0 leaves it out above 100k domains.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

build = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
floor_limit = float(sys.argv[3]) if len(sys.argv) > 3 else 120
appvpn = os.path.join(build, "appvpn")
floor = os.path.join(build, "bench", "raw_floor")
here = os.path.dirname(os.path.abspath(__file__))
tmp = tempfile.mkdtemp(prefix="appvpn-bench-")


def make_config(n):
    path = os.path.join(tmp, f"domains-{n}.yaml")
    subprocess.run([appvpn, "new", "cisco-anyconnect", "-o", path, "--force",
                    "--set", "name=Bench", "--set", "server=vpn.example.com",
                    "--set", "account=${userUID}",
                    "--set", "credential.uuid=11111111-2222-4333-8444-555555555555",
                    "--set", "apps=[com.example.app]"],
                   check=True, stderr=subprocess.DEVNULL)
    with open(path, "a") as f:
        f.write("domains:\n  safari:\n")
        for i in range(n):
            f.write(f"    - host{i}.d{i % 97}.example.com\n")
    return path


def median_time(cmd, limit=None, n_runs=None):
    times = []
    for _ in range(n_runs or runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, timeout=limit)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


print(f"binary export, median of {runs} runs each (seconds)")
print(f"{'domains':>8} {'appvpn':>9} {'python':>9} {'libplist':>9} {'python/appvpn':>14} {'libplist/appvpn':>16}")
per = []
cfgs = {}
for n in (10000, 100000, 1000000):
    cfg = cfgs[n] = make_config(n)
    out = os.path.join(tmp, "out.plist")
    t_app = median_time([appvpn, "-q", "export", cfg, "--format", "binary", "-o", out])
    t_py = median_time([sys.executable, os.path.join(here, "py_export.py"), cfg, out, "binary"])
    try:
        if floor_limit == 0 and n > 100000:
            t_lib = float("nan")  # left out
        else:
            t_lib = median_time([floor, cfg, out, "binary"], limit=floor_limit or None,
                                n_runs=1 if n > 100000 else None)
    except subprocess.TimeoutExpired:
        t_lib = float("inf")
    per.append((n, t_app))
    print(f"{n:>8} {t_app:9.4f} {t_py:9.4f} {t_lib:9.4f} {t_py / t_app:14.2f} {t_lib / t_app:16.2f}")
(n1, a1), (n2, a2) = per[1], per[2]
print(f"appvpn per-domain time 1M / 100k: {(a2 / n2) / (a1 / n1):.2f}  (1.00 = linear)")

n = 1000000
out = os.path.join(tmp, "out.plist")
t_app = median_time([appvpn, "-q", "export", cfgs[n], "-o", out])
t_py = median_time([sys.executable, os.path.join(here, "py_export.py"), cfgs[n], out, "xml"])
print(f"\nXML export at 1M domains: appvpn {t_app:.3f} s, python {t_py:.3f} s, "
      f"python/appvpn {t_py / t_app:.2f}")
for f in os.listdir(tmp):
    os.remove(os.path.join(tmp, f))
os.rmdir(tmp)
