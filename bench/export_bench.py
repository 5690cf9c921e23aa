#!/usr/bin/env python3
"""Export speed: appvpn vs Python (PyYAML C loader + plistlib) vs the raw
libyaml+libplist floor, on configurations with 1k, 10k and 100k Safari
domains. Every figure is a median of wall-clock runs measured in this run;
results are ratios, never absolute targets.

usage: export_bench.py BUILD_DIR [RUNS]
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

build = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
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
    # Let appvpn rewrite it canonically so every tool reads the same file.
    subprocess.run([appvpn, "set", path, "description=benchmark"], check=True,
                   stderr=subprocess.DEVNULL)
    return path


def median_time(cmd, stdout_path=None):
    times = []
    for _ in range(runs):
        out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=out)
        times.append(time.perf_counter() - t0)
        if stdout_path:
            out.close()
    return statistics.median(times)


rows = []
for n in (1000, 10000, 100000):
    cfg = make_config(n)
    out = os.path.join(tmp, "out.plist")
    # Like the baselines, appvpn writes the file without fsync (to stdout);
    # `-o` adds the atomic, durable write (fsync of file and directory).
    t_app = median_time([appvpn, "-q", "export", cfg], stdout_path=out)
    t_app_o = median_time([appvpn, "-q", "export", cfg, "-o", out])
    t_py = median_time([sys.executable, os.path.join(here, "py_export.py"), cfg, out])
    t_raw = median_time([floor, cfg, out])
    rows.append((n, t_app, t_py, t_raw, t_app_o))

print(f"export benchmark, median of {runs} runs each (seconds)")
print(f"{'domains':>8} {'appvpn':>9} {'python':>9} {'raw C':>9} {'python/appvpn':>14} {'appvpn/raw':>11} {'appvpn -o':>10}")
for n, a, p, r, ao in rows:
    print(f"{n:>8} {a:9.4f} {p:9.4f} {r:9.4f} {p / a:14.2f} {a / r:11.2f} {ao:10.4f}")
n0, a0 = rows[0][0], rows[0][1]
n2, a2 = rows[-1][0], rows[-1][1]
# Linearity: time per domain at 100k over time per domain at 10k (1.0 = linear;
# the 1k point is dominated by process start-up, so 10k is the fairer base).
n1, a1 = rows[1][0], rows[1][1]
print(f"per-domain time 100k / 10k: {(a2 / n2) / (a1 / n1):.2f}  (1.00 = linear)")
print(f"per-domain time 100k / 1k:  {(a2 / n2) / (a0 / n0):.2f}  (start-up dominates at 1k)")
