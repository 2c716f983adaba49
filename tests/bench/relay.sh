#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# relay.sh -- benchmark: dnsperf against NSD directly and through tbrelay.
#
# Starts one NSD (one server process, rate limiting off) on a high loopback
# port and one tbrelay in forward mode with no delay in front of it, runs
# dnsperf for BENCH_SECONDS (default 10) against each, and prints both
# rates, the relay's CPU time per query, and the machine-readable line
#     RESULT relay qps=... direct_qps=... ratio=... relay_cpu_us=...
# Every process it starts is killed by its pid on exit. dnsperf, NSD and
# the relay share the machine's cores, so the ratio is a floor: on a busy
# machine the relay competes with the very server it measures.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
relay="$top/build/testbed/tbrelay"
secs=${BENCH_SECONDS:-10}
clients=${BENCH_CLIENTS:-4}
outstanding=${BENCH_OUTSTANDING:-200}

for p in nsd dnsperf dig; do
    command -v "$p" >/dev/null || { echo "skip: $p not installed"; exit 77; }
done
make -s -C "$top" build/testbed/tbrelay

dir=$(mktemp -d /tmp/relay-bench.XXXXXX)
pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    rm -rf "$dir"
}
trap cleanup EXIT

base=$((30000 + ($$ % 1000) * 10))
cat > "$dir/bench.zone" <<'EOF'
$ORIGIN bench.
$TTL 300
@    IN SOA ns1.bench. hostmaster.bench. 1 3600 900 604800 300
@    IN NS  ns1.bench.
ns1  IN A   127.0.0.1
EOF
for i in $(seq 1 200); do echo "host$i IN A 192.0.2.$((i % 250 + 1))"; done >> "$dir/bench.zone"
cat > "$dir/nsd.conf" <<EOF
server:
  ip-address: 127.0.0.1@$base
  username: ""
  database: ""
  chroot: ""
  zonesdir: "$dir"
  zonelistfile: "$dir/zone.list"
  xfrdfile: "$dir/xfrd.state"
  pidfile: "$dir/nsd.pid"
  logfile: "$dir/nsd.log"
  server-count: 1
  rrl-ratelimit: 0
remote-control:
  control-enable: no
zone:
  name: bench.
  zonefile: bench.zone
EOF
# Queries: names that exist, names that do not, the apex.
for i in $(seq 1 400); do
    echo "host$((i % 200 + 1)).bench A"
    [ $((i % 4)) = 0 ] && echo "nx$i.bench A"
    [ $((i % 8)) = 0 ] && echo "bench SOA"
done > "$dir/queries.txt"

nsd -d -c "$dir/nsd.conf" &
pids+=($!)
echo "127.0.0.2@$((base + 1)) 127.0.0.1@$base forward 0 0 0" > "$dir/relay.conf"
"$relay" -c "$dir/relay.conf" --foreground --log "$dir/relay.log" &
rpid=$!
pids+=("$rpid")
for spec in "127.0.0.1 $base" "127.0.0.2 $((base + 1))"; do
    # shellcheck disable=SC2086 # split the spec into fields
    set -- $spec
    for _ in $(seq 1 50); do
        dig +tries=1 +time=1 -p "$2" "@$1" bench SOA >/dev/null 2>&1 && break
        sleep 0.1
    done
done

# perf ADDR PORT: queries per second dnsperf measured.
perf() {
    dnsperf -s "$1" -p "$2" -d "$dir/queries.txt" -l "$secs" -c "$clients" \
        -q "$outstanding" 2>&1 | tee "$dir/dnsperf.$2.txt" |
        awk '/Queries per second/ {printf "%d\n", $4}'
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

direct=$(perf 127.0.0.1 "$base")
echo "direct (NSD):       $direct qps"
t0=$(cpu_ticks "$rpid")
relayed=$(perf 127.0.0.2 "$((base + 1))")
t1=$(cpu_ticks "$rpid")
echo "through tbrelay:    $relayed qps"
grep -E 'Queries (completed|lost)|Average Latency' "$dir/dnsperf.$((base + 1)).txt" | sed 's/^ */    /'
hz=$(getconf CLK_TCK)
completed=$(awk '/Queries completed/ {print $3}' "$dir/dnsperf.$((base + 1)).txt")
cpu_us=$(awk -v t="$((t1 - t0))" -v hz="$hz" -v n="${completed:-0}" \
    'BEGIN {printf "%.2f", (n > 0 ? t * 1e6 / hz / n : 0)}')
cpu_pct=$(awk -v t="$((t1 - t0))" -v hz="$hz" -v s="$secs" 'BEGIN {printf "%.0f", t * 100 / hz / s}')
echo "tbrelay CPU:        $cpu_us us per query ($cpu_pct % of one core)"
ratio=$(awk -v a="$relayed" -v b="$direct" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
echo "RESULT relay qps=$relayed direct_qps=$direct ratio=$ratio relay_cpu_us=$cpu_us"
