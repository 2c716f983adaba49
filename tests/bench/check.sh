#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# check.sh -- benchmark: `tldhealth check` against zonemaster-cli, one domain at a time.
#
# Checks the domains of the parity comparison (tests/parity/compare.py pick:
# three of every testbed profile, filled to BENCH_DOMAINS, default 100,
# with secure and unsigned ones) ONE AT A TIME with each tool, alternating
# tool by tool per domain, and prints the median wall-clock seconds per
# domain of each, and ratio = zonemaster_s / tldhealth_s (how many times
# faster tldhealth is). Two runs:
#   1. on the bare testbed (the one that is up, used read-only; else one of
#      its own in a temporary directory);
#   2. on a testbed of its own brought up with --latency 20 --jitter 10
#      --loss 1 (every root, TLD and name server address behind the relay).
#      Only one testbed can listen on 127.100.0.0/16: when someone else's
#      is up, this run is skipped and its figures are NA.
# Ends with
#   RESULT check tldhealth_s=... zonemaster_s=... ratio=... tldhealth_latency_s=... zonemaster_latency_s=...
#
# Fairness: both tools run with their DEFAULT timeouts and retries
# (tldhealth: --timeout 5000 --retries 1 and its --budget; zonemaster-cli:
# its profile's resolver defaults, timeout 5 s, retry 2, retrans 3 s), no
# --timeout anywhere. Both run the same modules: zonemaster-cli's profile is
# its default one with test_cases narrowed to the modules tldhealth
# implements (those it prints messages of for a secure and an unsigned
# domain, or $PARITY_MODULES: tests/parity/common.sh parity_modules), by
# the same `compare.py zm-profile --narrow` as the parity script;
# BENCH_ZM_ALL=1 keeps Zonemaster's full default set. Both print JSON at
# level INFO. Each domain is one process start, as a user running the
# command would see it.
# Environment: TLDHEALTH (binary), BENCH_DOMAINS (100), BENCH_PER_PROFILE
# (3), BENCH_LATENCY=0 (skip run 2), BENCH_ZM_ALL=1, PARITY_MODULES,
# TLDBED_DIR (a testbed that is up elsewhere).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/parity/common.sh
. "$top/tests/parity/common.sh"

n=${BENCH_DOMAINS:-100}
command -v zonemaster-cli >/dev/null || { echo "skip: zonemaster-cli not installed"; exit 77; }
bin=$(parity_binary)

out=$(mktemp -d /tmp/check-bench.XXXXXX)
cleanup() {
    parity_testbed_down
    rm -rf "$out"
}
trap cleanup EXIT

now() { date +%s.%N; }

# zonemaster-cli's start-up alone (Perl and its modules), for reading the
# medians: the median of three `zonemaster-cli --version`.
for _ in 1 2 3; do
    t0=$(now)
    zonemaster-cli --version >/dev/null 2>&1 || true
    t1=$(now)
    awk "BEGIN {print $t1 - $t0}"
done | sort -n | sed -n 2p | awk '{printf "check: zonemaster-cli start-up (--version) %.3f s\n", $1}'

# run_set LABEL: every picked domain with both tools; LABEL.times gets
# "tool domain seconds" lines. Prints the medians and sets MED_TH, MED_ZM.
run_set() {
    local label=$1 hints="$TB_DIR/root.hints" d p t0 t1 ipv6=(--no-ipv6)
    [ "$TB_IPV6" = yes ] && ipv6=()
    python3 "$top/tests/parity/compare.py" pick "$TB_DIR/truth.tsv" --n "$n" \
        --per-profile "${BENCH_PER_PROFILE:-3}" > "$out/$label.picked"
    echo "check: $label: testbed $TB_DIR ($(head -n 1 "$TB_DIR/params")), $(wc -l < "$out/$label.picked") domains"
    : > "$out/$label.times"
    while read -r d p; do
        t0=$(now)
        zonemaster-cli --profile "$out/zm-profile.json" --hints "$hints" --json --level INFO \
            "${ipv6[@]}" "$d" < /dev/null > "$out/zm.json" 2>/dev/null || echo "check: zonemaster-cli failed on $d" >&2
        t1=$(now)
        echo "zonemaster $d $(awk "BEGIN {print $t1 - $t0}") $p" >> "$out/$label.times"
        t0=$(now)
        "$bin" check --json --level INFO --hints "$hints" --trust-anchor "${hints%/*}/root-anchor.ds" "${ipv6[@]}" "$d" < /dev/null > "$out/th.json" 2>/dev/null ||
            echo "check: tldhealth failed on $d" >&2
        t1=$(now)
        echo "tldhealth $d $(awk "BEGIN {print $t1 - $t0}") $p" >> "$out/$label.times"
    done < "$out/$label.picked"
    python3 - "$out/$label.times" "$label" "$out/$label.medians" <<'EOF'
import statistics, sys
t = {"tldhealth": [], "zonemaster": []}
prof = {}
for line in open(sys.argv[1]):
    tool, d, s, p = line.split()
    t[tool].append(float(s))
    prof.setdefault(p, {}).setdefault(tool, []).append(float(s))
label = sys.argv[2]
for tool in ("tldhealth", "zonemaster"):
    v = sorted(t[tool])
    print(f"check: {label}: {tool:<10} median {statistics.median(v):7.3f} s  "
          f"mean {statistics.mean(v):7.3f} s  max {v[-1]:7.3f} s  total {sum(v):8.1f} s")
slow = sorted(prof.items(), key=lambda kv: -statistics.median(kv[1]["zonemaster"]))[:6]
print(f"check: {label}: slowest profiles (median s, zonemaster / tldhealth): " +
      ", ".join(f"{p} {statistics.median(v['zonemaster']):.1f}/{statistics.median(v['tldhealth']):.2f}"
                for p, v in slow))
with open(sys.argv[3], "w") as f:
    print(f"{statistics.median(t['tldhealth']):.4f} {statistics.median(t['zonemaster']):.4f}", file=f)
EOF
    read -r MED_TH MED_ZM < "$out/$label.medians"
}

parity_testbed_up

# The modules tldhealth implements, and zonemaster-cli's default profile
# narrowed to their test cases (as tests/parity/zonemaster.sh does).
python3 "$top/tests/parity/compare.py" pick "$TB_DIR/truth.tsv" --n "$n" > "$out/modules.picked"
mapfile -t probe < <(awk -F'\t' '$2 == "secure" && !s { print $1; s = 1 }
                                 $2 == "unsigned" && !u { print $1; u = 1 }' "$out/modules.picked")
modules=$(parity_modules "$bin" "$TB_DIR/root.hints" "$out/modules" "${probe[@]}") ||
    parity_die "cannot tell the modules tldhealth implements (set PARITY_MODULES)"
narrow=(--narrow)
[ "${BENCH_ZM_ALL:-0}" = 1 ] && narrow=()
zonemaster-cli --dump-profile 2>/dev/null > "$out/zm-default.json"
python3 "$top/tests/parity/compare.py" zm-profile "$out/zm-default.json" \
    "$top/tests/parity/tagmap.tsv" "$top/tests/parity/levels.tsv" --modules "$modules" \
    "${narrow[@]}" > "$out/zm-profile.json" 2>/dev/null
echo "check: tldhealth $bin; zonemaster-cli $(zonemaster-cli --version 2>/dev/null | sed -n 's/.*Engine version: *//p' | head -n 1) engine," \
    "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["test_cases"]))' "$out/zm-profile.json") test cases" \
    "(modules $modules${BENCH_ZM_ALL:+, BENCH_ZM_ALL=$BENCH_ZM_ALL})"

run_set bare
th_s=$MED_TH
zm_s=$MED_ZM
ratio=$(awk "BEGIN {printf \"%.1f\", $zm_s / $th_s}")
echo "check: bare: ratio zonemaster/tldhealth $ratio"

th_l=NA
zm_l=NA
if [ "${BENCH_LATENCY:-1}" = 0 ]; then
    echo "check: latency run skipped (BENCH_LATENCY=0)"
else
    parity_testbed_down
    if parity_testbed_up --own-only --latency 20 --jitter 10 --loss 1; then
        run_set latency
        th_l=$MED_TH
        zm_l=$MED_ZM
        echo "check: latency: ratio zonemaster/tldhealth $(awk "BEGIN {printf \"%.1f\", $zm_l / $th_l}")"
    else
        echo "check: latency run skipped: another testbed is up (only one can listen on 127.100.0.0/16)"
    fi
fi
echo "RESULT check tldhealth_s=$th_s zonemaster_s=$zm_s ratio=$ratio tldhealth_latency_s=$th_l zonemaster_latency_s=$zm_l"
