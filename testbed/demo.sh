#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# demo.sh -- `make demo`: the main job on the bundled testbed, end to end.
#
# Brings up the simulated .se hierarchy (2,000 domains), crawls every
# delegation of its se. zone into a store, analyzes the run, writes the
# report to results/demo/ and brings the testbed down, leaving no process
# behind (the crawl's children die with it; the testbed stops by pid).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
bin="${TLDHEALTH:-$top/bin/tldhealth}"
out="$top/results/demo"
tb="$top/testbed/run"
domains=${DEMO_DOMAINS:-2000}
run=demo
mkdir -p "$out"
rm -rf "$out/tldhealth.mdb"

trap '"$top/testbed/tldbed" down --dir "$tb" >/dev/null 2>&1 || true' EXIT
start=$(date +%s)
step() { echo "[$(( $(date +%s) - start )) s] $*"; }

step "testbed: $domains domains"
"$top/testbed/tldbed" up --dir "$tb" --domains "$domains" > "$out/testbed.env"
cp "$tb/truth.tsv" "$tb/se.zone" "$out/"

step "crawl: every delegation of se.zone"
"$bin" crawl --zone "$tb/se.zone" --db "$out/tldhealth.mdb" --run "$run" \
    --hints "$tb/root.hints" --trust-anchor "$tb/root-anchor.ds" \
    --global-prefix 127.100.0.0/16 --timeout 1000 2> >(tee "$out/crawl.log" >&2)
"$bin" runs --db "$out/tldhealth.mdb"

step "analyze and report"
"$bin" report --db "$out/tldhealth.mdb" --run "$run" --out "$out/report"

step "done"
"$top/testbed/tldbed" down --dir "$tb" >/dev/null
echo
echo "summary: $out/report/data/summary.json (and one CSV per table beside it)"
echo "report:  $out/report/report.html"
echo "         $out/report/report.pdf"
