#!/usr/bin/env python3
"""Writes examples/cisco-anyconnect.yaml with its Safari domains replaced by
N domains (d0.example.com, d1.example.com, ...): the file the editor
benchmarks open (bench/ui_callgrind.sh, bench/editor_vs_vim.sh).

usage: make_domains.py SRC_DIR N OUT
"""
import re
import sys

src_dir, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
text = open(src_dir + "/examples/cisco-anyconnect.yaml").read()
text = text.replace("certs/sales.p12", src_dir + "/examples/certs/sales.p12")
doms = "".join("    - d%d.example.com\n" % i for i in range(n))
with open(out, "w") as f:
    f.write(re.sub(r"  safari:\n(    - .*\n)+", lambda m: "  safari:\n" + doms, text))
