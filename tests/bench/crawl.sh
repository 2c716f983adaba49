#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# crawl.sh -- benchmark (make bench-crawl): `tldhealth crawl` end to end
# over the testbed, next to the ceiling dnsperf sets on the same servers.
#
# 1. Brings up a testbed of BENCH_DOMAINS domains (default 100,000: about
#    3 minutes and 1.3 GB to build).
# 2. dnsperf against the TLD's NSD (a.ns.se, 127.100.1.1) with the NS and
#    DS questions of every domain, BENCH_SECONDS long: the rate the
#    servers give on this machine.
# 3. crawl --zone se.zone into a fresh store (--server-qps BENCH_SERVER_QPS,
#    default 0: the testbed
#    is ours; --timeout 1000), wall clock measured here: domains/s,
#    queries per domain, queries/s, peak RSS of coordinator, sink and
#    workers (VmHWM, read by the coordinator), store bytes per domain
#    (data.mdb over the records).
#    ceiling = dnsperf qps / queries per domain.
# 4. The same crawl over a testbed of BENCH_LATENCY_DOMAINS domains
#    (default 5,000) built with --latency 20 --jitter 10 --loss 1.
# Ends with
#   RESULT crawl domains_per_s=... queries_per_domain=...
#          ceiling_domains_per_s=... rss_mb=... store_bytes_per_domain=...
#          domains=... latency_domains_per_s=... latency_queries_per_domain=...
# Everything shares the machine's cores: NSD, dnsperf and the crawl.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
tldbed="$top/testbed/tldbed"
bin="$top/bin/tldhealth"
domains=${BENCH_DOMAINS:-100000}
ldomains=${BENCH_LATENCY_DOMAINS:-5000}
secs=${BENCH_SECONDS:-10}
workers=${BENCH_WORKERS:-$(nproc)}
# 512 domains in flight per worker: with 1024 the last batches' domains,
# started behind a full queue, kept the run going 8-16 s after the rest
# (20,000-domain crawl: 539.5/536.9 against 492.1/479.5 domains/s; the
# latency testbed 303.2/268.2 against 287.0/216.2).
inflight=${BENCH_INFLIGHT:-512}
sqps=${BENCH_SERVER_QPS:-0}

[ "$(id -u)" = 0 ] || { echo "crawl.sh: needs root (testbed on port 53)"; exit 1; }
command -v dnsperf >/dev/null || { echo "crawl.sh: dnsperf not installed (make deps)"; exit 1; }
make -s -C "$top" all

dir=$(mktemp -d /tmp/bench-crawl.XXXXXX)
cleanup() {
    "$tldbed" down --dir "$dir/tb" >/dev/null 2>&1 || true
    "$tldbed" down --dir "$dir/tbl" >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT

# crawl TESTBED RUN: one crawl; sets wall, summary.
crawl() {
    local tb=$1 run=$2 start end
    start=$(date +%s.%N)
    "$bin" crawl --zone "$tb/se.zone" --db "$dir/db-$run" --run "$run" \
        --workers "$workers" --inflight "$inflight" --server-qps "$sqps" \
        --timeout 1000 --hints "$tb/root.hints" \
        --trust-anchor "$tb/root-anchor.ds" --global-prefix 127.100.0.0/16 \
        --progress 10 2> "$dir/$run.err"
    end=$(date +%s.%N)
    grep -E '^crawl: (run|[0-9])' "$dir/$run.err" | tail -n 4
    wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
    summary=$(grep '^crawl: run .* done:' "$dir/$run.err")
}

echo "== testbed: $domains domains"
t0=$(date +%s)
"$tldbed" up --dir "$dir/tb" --domains "$domains" --seed 3 >/dev/null 2>&1
echo "testbed up in $(( $(date +%s) - t0 )) s"

echo "== dnsperf: NS and DS of every domain at 127.100.1.1, ${secs} s"
awk '{ print $1 " NS"; print $1 " DS" }' "$dir/tb/domains.txt" > "$dir/mix"
dnsperf -s 127.100.1.1 -d "$dir/mix" -l "$secs" -q 500 > "$dir/dnsperf.out" 2>&1
dnsperf_qps=$(awk '/Queries per second:/ { printf "%.0f", $4 }' "$dir/dnsperf.out")
echo "dnsperf: $dnsperf_qps queries/s"

echo "== crawl: $domains domains, $workers workers, $inflight domains in flight each"
crawl "$dir/tb" bench
n=$(echo "$summary" | sed -n 's/.* done: \([0-9]*\) domains crawled.*/\1/p')
queries=$(echo "$summary" | sed -n 's/.*s), \([0-9]*\) queries.*/\1/p')
rss=$(echo "$summary" | sed -n 's/.*coordinator \([0-9.]*\) sink \([0-9.]*\) worker \([0-9.]*\).*/\1 \2 \3/p')
dps=$(awk -v n="$n" -v w="$wall" 'BEGIN { printf "%.1f", n / w }')
qpd=$(awk -v q="$queries" -v n="$n" 'BEGIN { printf "%.1f", q / n }')
qps=$(awk -v q="$queries" -v w="$wall" 'BEGIN { printf "%.0f", q / w }')
ceiling=$(awk -v d="$dnsperf_qps" -v q="$qpd" 'BEGIN { printf "%.0f", d / q }')
rss_max=$(echo "$rss" | awk '{ m = $1; if ($2 > m) m = $2; if ($3 > m) m = $3; printf "%.0f", m }')
bytes=$(stat -c %s "$dir/db-bench/data.mdb")
bpd=$(awk -v b="$bytes" -v n="$n" 'BEGIN { printf "%.0f", b / n }')
echo "crawl: $n domains in $wall s wall: $dps domains/s, $qps queries/s, $qpd queries per domain"
echo "ceiling: $dnsperf_qps / $qpd = $ceiling domains/s"
echo "peak RSS MB (coordinator sink worker): $rss"
echo "store: $bytes bytes, $bpd per domain"
"$tldbed" down --dir "$dir/tb" >/dev/null 2>&1

echo "== latency 20 ms, jitter 10 ms, loss 1 %: $ldomains domains"
"$tldbed" up --dir "$dir/tbl" --domains "$ldomains" --seed 3 \
    --latency 20 --jitter 10 --loss 1 >/dev/null 2>&1
crawl "$dir/tbl" latency
ln=$(echo "$summary" | sed -n 's/.* done: \([0-9]*\) domains crawled.*/\1/p')
lq=$(echo "$summary" | sed -n 's/.*s), \([0-9]*\) queries.*/\1/p')
ldps=$(awk -v n="$ln" -v w="$wall" 'BEGIN { printf "%.1f", n / w }')
lqpd=$(awk -v q="$lq" -v n="$ln" 'BEGIN { printf "%.1f", q / n }')
echo "latency: $ln domains in $wall s: $ldps domains/s, $lqpd queries per domain"

echo "RESULT crawl domains_per_s=$dps queries_per_domain=$qpd ceiling_domains_per_s=$ceiling rss_mb=$rss_max store_bytes_per_domain=$bpd domains=$n queries_per_s=$qps dnsperf_qps=$dnsperf_qps latency_domains_per_s=$ldps latency_queries_per_domain=$lqpd"
