#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# testbed.sh -- how long the testbed takes to come up, and what its servers weigh.
#
#   tests/bench/testbed.sh [DOMAINS]        (default 2000; e.g. 100000)
#
# Brings the testbed up in a temporary folder (generation included), then
# sums the resident and proportional memory of every server process (NSD
# main, xfrd and server children, unbound, the relay), checks that the
# validator answers, and brings it down. Ends with
# `RESULT testbed domains=... up_s=... rss_mb=... pss_mb=... processes=... zone_mb=...`.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-2000}
dir=$(mktemp -d /tmp/tldbed-bench.XXXXXX)
trap '"$top/testbed/tldbed" down --dir "$dir" >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT

make -s -C "$top" testbed-tools
t0=$(date +%s.%N)
"$top/testbed/tldbed" up --dir "$dir" --domains "$n" > /dev/null 2> "$dir/up.log"
t1=$(date +%s.%N)
gen=$(awk '/generating/ {g = 1} END {print g + 0}' "$dir/up.log")

# Every started process and its children (NSD forks xfrd and servers).
pids=$(cut -f2 "$dir/run/pids.tsv")
all=$(for p in $pids; do echo "$p"; pgrep -P "$p" || true; done | sort -u)
rss=0 pss=0 count=0
for p in $all; do
    r=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
    s=$(awk '/^Pss:/ {s += $2} END {print s + 0}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
    rss=$((rss + ${r:-0})); pss=$((pss + ${s:-0})); count=$((count + 1))
done
first=$(head -n 1 "$dir/domains.txt")
dig +time=5 +tries=1 @127.100.255.254 "$first" SOA > /dev/null ||
    echo "warning: the validator did not answer for $first"
zones=$(du -sm "$dir/zones" | cut -f1)
up_s=$(awk "BEGIN {printf \"%.1f\", $t1 - $t0}")
echo "testbed with $n domains: up (generation included: $([ "$gen" = 1 ] && echo yes || echo no)) in $up_s s"
echo "servers: $count processes, RSS $((rss / 1024)) MiB, PSS $((pss / 1024)) MiB; zone files $zones MiB"
echo "RESULT testbed domains=$n up_s=$up_s rss_mb=$((rss / 1024)) pss_mb=$((pss / 1024)) processes=$count zone_mb=$zones"
