#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# transport.sh -- benchmark (make bench-transport): the crawler's transport
# against dnsperf, its per-server rate limit counted at the servers, and its
# behaviour under emulated latency and loss.
#
# 1. Brings up a 2,000-domain testbed and, against the TLD's NSD
#    (a.ns.se, 127.100.1.1), runs the same query mix (NS and DS of every
#    domain) with dnsperf and with build/tests/txbench (one process, one
#    libuv loop, the cache off so every query goes out), the same number
#    of queries outstanding, for BENCH_SECONDS each. Prints both rates and
#    the ratio.
# 2. Runs txbench with --server-qps 100 against the six root and TLD
#    servers at once while tcpdump captures what reaches them, and reports
#    the most queries any one server received in any one-second window
#    (sliding, not aligned), and the aggregate rate.
# 3. Brings the testbed up again with --latency 20 --jitter 10 --loss 1 and
#    reports queries/s and the share of queries that needed a retry.
# Ends with
#   RESULT transport qps=... dnsperf_qps=... ratio=... max_server_qps=...
#          latency_qps=... latency_retry_pct=...
# NSD, dnsperf and txbench share the machine's cores: both rates are
# measured under the same handicap, one after the other.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
tldbed="$top/testbed/tldbed"
txbench="$top/build/tests/txbench"
secs=${BENCH_SECONDS:-10}
outstanding=${BENCH_OUTSTANDING:-500}
domains=${BENCH_DOMAINS:-2000}
server=127.100.1.1

[ "$(id -u)" = 0 ] || { echo "transport.sh: needs root (testbed on port 53, tcpdump)"; exit 1; }
for p in dnsperf tcpdump; do
    command -v "$p" >/dev/null || { echo "transport.sh: $p not installed (make deps)"; exit 1; }
done
make -s -C "$top" all build/tests/txbench

dir=$(mktemp -d /tmp/bench-transport.XXXXXX)
tcpdump_pid=
cleanup() {
    [ -n "$tcpdump_pid" ] && kill "$tcpdump_pid" 2>/dev/null || true
    "$tldbed" down --dir "$dir" >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT

echo "== testbed: $domains domains"
"$tldbed" up --dir "$dir" --domains "$domains" --seed 3 >/dev/null 2>&1
awk '{ print $1 " NS"; print $1 " DS" }' "$dir/domains.txt" > "$dir/mix"
echo "query mix: $(wc -l < "$dir/mix") queries (NS and DS of every domain), server $server"

echo "== 1. dnsperf vs txbench, $outstanding outstanding, ${secs} s each"
dnsperf -s "$server" -d "$dir/mix" -l "$secs" -q "$outstanding" > "$dir/dnsperf.out" 2>&1
dnsperf_qps=$(awk '/Queries per second:/ { printf "%.0f", $4 }' "$dir/dnsperf.out")
grep -E 'Queries (sent|completed|lost)|Queries per second|Average Latency' "$dir/dnsperf.out"
"$txbench" --server "$server" --file "$dir/mix" --duration "$secs" \
    --inflight "$outstanding" > "$dir/tx.out"
cat "$dir/tx.out"
qps=$(sed -n 's/^TXBENCH qps=\([0-9]*\).*/\1/p' "$dir/tx.out")
ratio=$(awk -v a="$qps" -v b="$dnsperf_qps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
echo "transport $qps qps, dnsperf $dnsperf_qps qps: ratio $ratio"

echo "== 2. --server-qps 100 against 6 servers, counted by tcpdump"
servers="127.100.0.1 127.100.0.2 127.100.0.3 127.100.1.1 127.100.1.2 127.100.1.3"
filter="udp and dst port 53 and ($(echo $servers | sed 's/\([0-9.]*\)/dst host \1/g; s/ dst/ or dst/g'))"
tcpdump -i lo -n -B 16384 -w "$dir/cap.pcap" "$filter" 2> "$dir/tcpdump.err" &
tcpdump_pid=$!
sleep 1
args=()
for s in $servers; do args+=(--server "$s"); done
"$txbench" "${args[@]}" --file "$dir/mix" --duration 5 --inflight "$outstanding" \
    --server-qps 100 > "$dir/rate.out"
sleep 1
kill "$tcpdump_pid"; wait "$tcpdump_pid" 2>/dev/null || true; tcpdump_pid=
cat "$dir/rate.out"
grep -E 'captured|dropped' "$dir/tcpdump.err" || true
tcpdump -n -tt -r "$dir/cap.pcap" 2>/dev/null |
    awk '{ split($5, a, "."); print a[1] "." a[2] "." a[3] "." a[4], $1 }' |
    sort -k1,1 -k2,2n > "$dir/arrivals"
# Most arrivals at one server within any window [t, t + 1 s).
max_server_qps=$(awk '
    $1 != cur { cur = $1; lo = n = 0; delete ts }
    { ts[n++] = $2; while (ts[lo] <= $2 - 1.0) lo++;
      if (n - lo > best) { best = n - lo; who = $1 } }
    END { printf "%d %s\n", best, who }' "$dir/arrivals")
echo "most queries at one server in any 1-second window: $max_server_qps"
max_server_qps=${max_server_qps%% *}
awk '{ c[$1]++ } END { for (s in c) printf "  %s received %d\n", s, c[s] }' "$dir/arrivals" | sort

echo "== 3. latency 20 ms +- 10 ms, 1% loss (timeout 1000 ms, 2 tries)"
"$tldbed" down --dir "$dir" >/dev/null 2>&1
"$tldbed" up --dir "$dir" --domains "$domains" --seed 3 --latency 20 --jitter 10 --loss 1 >/dev/null 2>&1
"$txbench" --server "$server" --file "$dir/mix" --duration "$secs" \
    --inflight "$outstanding" --timeout 1000 > "$dir/lat.out"
cat "$dir/lat.out"
latency_qps=$(sed -n 's/^TXBENCH qps=\([0-9]*\).*/\1/p' "$dir/lat.out")
lat_answers=$(sed -n 's/^TXBENCH .*answers=\([0-9]*\).*/\1/p' "$dir/lat.out")
lat_timeouts=$(sed -n 's/^TXBENCH .*timeouts=\([0-9]*\).*/\1/p' "$dir/lat.out")
lat_retried=$(sed -n 's/^TXBENCH .*retried=\([0-9]*\).*/\1/p' "$dir/lat.out")
latency_retry_pct=$(awk -v r="$lat_retried" -v a="$lat_answers" -v t="$lat_timeouts" \
    'BEGIN { printf "%.2f", ((a + t) > 0 ? 100 * r / (a + t) : 0) }')
echo "with latency: $latency_qps qps, $latency_retry_pct % of queries retried, $lat_timeouts timed out after 2 tries"

echo "RESULT transport qps=$qps dnsperf_qps=$dnsperf_qps ratio=$ratio max_server_qps=$max_server_qps latency_qps=$latency_qps latency_retry_pct=$latency_retry_pct"
