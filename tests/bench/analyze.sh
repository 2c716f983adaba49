#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# analyze.sh -- benchmark (make bench-analyze): `tldhealth analyze` over a
# run of BENCH_RECORDS synthetic records (default 1,500,000, about .se).
#
# build/tests/anagen writes the run into a fresh store in /tmp (records
# shaped like a crawl's, docs/store.md "Sizes"; 1.5 million take about
# 3 GB), then analyze reads it once, cold from the page cache's point of
# view only as far as the kernel allows. Target: under 60 s for 1.5
# million. Ends with
#   RESULT analyze records=... seconds=... records_per_s=... rss_mb=...
# BENCH_KEEP=DIR keeps (and reuses) the generated store in DIR.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-build}
anagen="$top/$build/tests/anagen"
bin="${TLDHEALTH:-$top/bin/tldhealth}"
n=${BENCH_RECORDS:-1500000}
seed=${BENCH_SEED:-1}

[ -x "$anagen" ] || make -s -C "$top" BUILD="$build" "$build/tests/anagen"
[ -x "$bin" ] || make -s -C "$top" bin/tldhealth
command -v /usr/bin/time >/dev/null || { echo "skip: /usr/bin/time missing"; exit 77; }

if [ -n "${BENCH_KEEP:-}" ]; then
    dir=$BENCH_KEEP
    mkdir -p "$dir"
else
    dir=$(mktemp -d /tmp/bench-analyze.XXXXXX)
    trap 'rm -rf "$dir"' EXIT
fi
db="$dir/store.mdb"

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ ! -e "$dir/generated-$n-$seed" ]; then
    rm -rf "$db"
    echo "== generating $n records (seed $seed)"
    start=$(date +%s.%N)
    "$anagen" --db "$db" --run bench --records "$n" --seed "$seed"
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "generated in %.1f s\n", b - a }'
    touch "$dir/generated-$n-$seed"
fi
du -sh "$db"

echo "== analyze"
/usr/bin/time -v "$bin" analyze --db "$db" --run bench --out "$dir/out" \
    2> "$dir/time.err" || { cat "$dir/time.err"; exit 1; }
grep '^analyze:' "$dir/time.err"
secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":");
    s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$dir/time.err")
rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$dir/time.err")
records=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["domains"])' "$dir/out/summary.json")
[ "$records" = "$n" ] || { echo "FAIL: summary.json counts $records domains, $n written"; exit 1; }
ls "$dir/out" | wc -l | xargs echo "files written:"
awk -v n="$records" -v s="$secs" -v r="$rss" 'BEGIN {
    printf "RESULT analyze records=%d seconds=%.2f records_per_s=%.0f rss_mb=%d\n",
        n, s, (s > 0 ? n / s : 0), r }'
