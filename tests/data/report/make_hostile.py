#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# make_hostile.py -- writes hostile.json: the analyzer's example summary with
# DNS-derived strings replaced by markup, quotes, control bytes and gnuplot
# tricks, as a hostile zone would put them there.
#
# Usage: make_hostile.py summary.json > hostile.json. The markers (th-xss-N,
# th-gnuplot-pwned) are what tests/integration/test_report.sh looks for.
import json
import sys

HOSTILE = [
    '<script>alert("th-xss-1")</script>',
    '"><img src=x onerror=alert(\'th-xss-2\')>',
    "x'; system(\"touch /tmp/th-gnuplot-pwned\") ; '",
    "`touch /tmp/th-gnuplot-pwned` @TH_MACRO \\' \\",
    "</svg><script>th-xss-3</script><svg>",
    "ctl\u0001\u001b[31m\u007f-end <b>pango</b> &amp; &",
    "nl\nset output '/tmp/th-gnuplot-pwned'\nplot 1",
    "r\u00e4ksm\u00f6rg\u00e5s-\u2603.example",
]

d = json.load(open(sys.argv[1]))
d["input"] = "zone " + HOSTILE[0]
d["generator"] = HOSTILE[1]
for i, m in enumerate(d["metrics"]):
    if m.get("headline"):
        m["title"] = m["title"] + " " + HOSTILE[i % len(HOSTILE)]
    m["definition"] = m.get("definition", "") + " " + HOSTILE[(i + 3) % len(HOSTILE)]
for c in d.get("compare", []):
    c["run"] = c["run"] + HOSTILE[4]
for m in d["metrics"]:
    for c in m.get("compare", []):
        c["run"] = c["run"] + HOSTILE[4]
for t in d["tables"]:
    t["title"] = t["title"] + " " + HOSTILE[5]
    t["columns"][0] = t["columns"][0] + HOSTILE[2]
    # Every string cell of the tables that carry names or versions,
    # and the first row of every other table.
    rows = t["rows"] if t["id"] in ("infrastructure_operators",
                                    "behaviour_versions",
                                    "outcomes_tags") else t["rows"][:1]
    for r, row in enumerate(rows):
        for k, typ in enumerate(t["types"]):
            if typ == "string":
                row[k] = HOSTILE[(r + k) % len(HOSTILE)]
json.dump(d, sys.stdout, indent=1, ensure_ascii=False)
sys.stdout.write("\n")
