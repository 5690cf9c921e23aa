#!/usr/bin/env bash
# Terminal cost of the editor against dialog and whiptail (80x24 pty):
# time to the first frame, bytes written per typed character, peak RSS.
# Usage: bench/ui_bench.sh [BUILD_DIR] [RUNS]   (never run by ctest)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-7}
app="$build/appvpn"
[ -x "$app" ] || { echo "ui_bench: no $app (build first)" >&2; exit 2; }
for p in dialog whiptail; do
  command -v "$p" >/dev/null || echo "ui_bench: $p not installed (setup.sh bench installs it); its column is left out" >&2
done
export TERM=xterm-256color LINES=24 COLUMNS=80 LANG=C.UTF-8 TZ=UTC
echo "== editor on examples/ikev2.yaml, every descriptor loaded"
python3 bench/ui_pty.py "$app" examples/ikev2.yaml --chars 50 --runs "$runs"
echo
echo "== 30 characters (fits appvpn's field without scrolling sideways)"
python3 bench/ui_pty.py "$app" examples/ikev2.yaml --chars 30 --runs 1 | sed -n '2,4p'
echo
# where appvpn's start-up time goes (no terminal involved)
python3 - "$app" <<'PY'
import statistics, subprocess, sys, time
app = sys.argv[1]
def ms(cmd, n=21):
    xs = []
    for _ in range(n):
        t = time.monotonic()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        xs.append((time.monotonic() - t) * 1000)
    return statistics.median(xs)
base = ms([app, "--version"])
types = ms([app, "types"])
val = ms([app, "validate", "examples/ikev2.yaml"])
print("start-up parts (median ms): exec+exit %.1f, + descriptors %.1f, + load and validate %.1f" %
      (base, types - base, val - types))
PY
