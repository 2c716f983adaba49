#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# demo.sh -- `make demo`: the main job, as far as it exists, on the bundled testbed.
#
# Brings up the simulated .se hierarchy (2,000 domains), checks every domain
# against the testbed's independent validator and name servers, writes what
# it found to results/demo/, and brings the testbed down, leaving no process
# behind. The crawl, analysis and report join here as they land.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out="$top/results/demo"
tb="$top/testbed/run"
domains=${DEMO_DOMAINS:-2000}
mkdir -p "$out"

trap '"$top/testbed/tldbed" down --dir "$tb" >/dev/null 2>&1 || true' EXIT
start=$(date +%s)
"$top/testbed/tldbed" up --dir "$tb" --domains "$domains" > "$out/testbed.env"

# Profile mix of this testbed, from its truth file.
awk -F'\t' 'NR > 1 {n[$2]++; t++} END {for (p in n) printf "%s\t%d\t%.1f%%\n", p, n[p], 100 * n[p] / t}' \
    "$tb/truth.tsv" | sort -k2,2nr > "$out/profiles.tsv"
cp "$tb/truth.tsv" "$out/truth.tsv"
cp "$tb/se.zone" "$out/se.zone"

echo "checking $domains domains against the validator and every name server..."
bash "$top/tests/integration/testbed_truth.sh" "$tb" | tee "$out/testbed-check.txt"

{
    echo "tldhealth demo, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "testbed: $domains domains, $(grep -c . "$tb/addresses.txt") addresses," \
         "$(grep -c 'IN[[:space:]]*NS' "$out/se.zone") NS records in the se. AXFR"
    echo
    echo "profile mix:"
    column -t "$out/profiles.tsv" 2>/dev/null || cat "$out/profiles.tsv"
    echo
    echo "check against the validator and the name servers:"
    tail -n 5 "$out/testbed-check.txt"
    echo
    echo "elapsed: $(( $(date +%s) - start )) s"
} > "$out/summary.txt"
cat "$out/summary.txt"
echo
echo "demo results: $out/summary.txt"
