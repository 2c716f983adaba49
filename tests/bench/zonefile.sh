#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# zonefile.sh -- benchmark (make bench-zonefile): reading a TLD-sized zone
# file with crawler/zonefile, records parsed and delegations assembled.
#
# Generates, with a fixed seed, a zone like a signed TLD's AXFR dump with
# BENCH_DELEGATIONS delegations (default 1,500,000, about the size of .se):
# 2 or 3 NS each, 10 % in-bailiwick NS names with glue, DS and its RRSIG
# for 30 %, owners absolute, relative and blank, and an unsorted tail (DS
# sets and NS records whose owners came long before). Then reads it once
# with build/tests/zfbench (open, parse every record, collect NS/DS/glue
# per owner, iterate every delegation) and prints the figures. Ends with
#   RESULT zonefile delegations=... records=... seconds=... records_per_s=...
#          rss_mb=...
# No network, no root. The machine's other load is printed beside the
# figures: the read is single-threaded and memory-bound.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-build}
zfbench="$top/$build/tests/zfbench"
n=${BENCH_DELEGATIONS:-1500000}
seed=${BENCH_SEED:-1}

[ -x "$zfbench" ] || make -s -C "$top" BUILD="$build" "$build/tests/zfbench"

dir=$(mktemp -d /tmp/bench-zonefile.XXXXXX)
trap 'rm -rf "$dir"' EXIT

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== generating $n delegations (seed $seed)"
start=$(date +%s.%N)
"$zfbench" --generate "$n" --seed "$seed" --out "$dir/tld.zone"
end=$(date +%s.%N)
bytes=$(stat -c %s "$dir/tld.zone")
lines=$(wc -l < "$dir/tld.zone")
awk -v a="$start" -v b="$end" -v s="$bytes" -v l="$lines" 'BEGIN {
    printf "zone file: %.1f MiB, %d lines, written in %.1f s\n", s / 1048576, l, b - a }'

echo "== reading it (records parsed, delegations assembled and iterated)"
"$zfbench" --read "$dir/tld.zone" --origin se. > "$dir/read.out"
cat "$dir/read.out"
get() { awk -v k="$1" '$1 == "ZFBENCH" { for (i = 2; i <= NF; i++) {
    split($i, kv, "="); if (kv[1] == k) print kv[2] } }' "$dir/read.out"; }
records=$(get records)
delegations=$(get delegations)
seconds=$(get seconds)
rps=$(get records_per_s)
rss=$(get rss_mb)
mib_s=$(awk -v s="$bytes" -v t="$seconds" 'BEGIN { printf "%.0f", (t > 0 ? s / 1048576 / t : 0) }')
echo "$delegations delegations, $records records in $seconds s: $rps records/s, $mib_s MiB/s, peak RSS $rss MiB"
[ "$delegations" = "$n" ] || { echo "zonefile.sh: expected $n delegations"; exit 1; }
echo "RESULT zonefile delegations=$delegations records=$records seconds=$seconds records_per_s=$rps rss_mb=$rss"
