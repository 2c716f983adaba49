#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# zonemaster.sh -- parity of `tldhealth check` with zonemaster-cli on the testbed.
#
# Picks at least 100 testbed domains (three of every profile of truth.tsv,
# filled up with secure and unsigned ones: compare.py pick), runs
# `tldhealth check` and zonemaster-cli (Debian's 5.0.2, engine 4.6.2; two
# at a time) on each, maps the old tags to the current names with
# tests/parity/tagmap.tsv and compares, per test case of the compared
# modules, the set of tags at NOTICE and above (catalogue levels,
# tests/parity/levels.tsv). Prints agreement per test case and per module
# and ends with `RESULT parity cases=N agreement=F`. docs/parity.md explains
# the method and the disagreements.
#
# Compared modules: $PARITY_MODULES (e.g. "BASIC ADDRESS NAMESERVER"),
# default every module tldhealth implements, taken from its own JSON output
# of this run (compare.py modules), that levels.tsv has rows for.
# zonemaster-cli runs its full default set of test cases, as a user's run
# would (earlier modules change later results in 4.6.2, section 6.2 B);
# PARITY_ZM_ALL=0 narrows it to the compared modules (docs/parity.md
# section 2).
#
# Testbed: the one that is up (read-only), else one of its own in a
# temporary directory, brought down at the end (tests/parity/common.sh).
# Environment: TLDHEALTH (binary), PARITY_DOMAINS (100), PARITY_JOBS (2,
# zonemaster-cli runs at once), PARITY_OUT (keep the raw results there),
# PARITY_MODULES, PARITY_ZM_ALL, TLDBED_DIR (a testbed that is up
# elsewhere). `python3 tests/parity/compare.py selftest` checks the
# comparison offline.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/parity/common.sh
. "$here/common.sh"

n=${PARITY_DOMAINS:-100}
jobs=${PARITY_JOBS:-2}
prefix=127.100.0.0/16

command -v zonemaster-cli >/dev/null || parity_die "zonemaster-cli not found: run 'make deps'"
bin=$(parity_binary)

out=${PARITY_OUT:-}
if [ -z "$out" ]; then
    out=$(mktemp -d /tmp/parity.XXXXXX)
    rm_out=1
else
    mkdir -p "$out"
    rm_out=0
fi
cleanup() {
    parity_testbed_down
    if [ "$rm_out" = 1 ]; then rm -rf "$out"; fi
}
trap cleanup EXIT

parity_testbed_up
hints="$TB_DIR/root.hints"
[ -s "$TB_DIR/truth.tsv" ] || parity_die "no truth.tsv in $TB_DIR"
ipv6=(--no-ipv6)
[ "$TB_IPV6" = yes ] && ipv6=()

python3 "$here/compare.py" pick "$TB_DIR/truth.tsv" --n "$n" > "$out/picked.tsv"
echo "parity: testbed $TB_DIR ($(head -n 1 "$TB_DIR/params")), $(wc -l < "$out/picked.tsv") domains," \
    "$(cut -f2 "$out/picked.tsv" | sort -u | wc -l) profiles"
echo "parity: tldhealth $bin; $(zonemaster-cli --version 2>/dev/null | head -n 2 | tr '\n' ' ')"

mkdir -p "$out/zm" "$out/th"
t0=$(date +%s.%N)
while read -r d _; do
    "$bin" check --json --level INFO --hints "$hints" --trust-anchor "$TB_DIR/root-anchor.ds" --global-prefix "$prefix" \
        --timeout 1000 "${ipv6[@]}" "$d" < /dev/null > "$out/th/$d.json" 2> "$out/th/$d.err" ||
        echo "parity: tldhealth check failed on $d" >&2
done < "$out/picked.tsv"
t1=$(date +%s.%N)

# The compared modules: given, or those tldhealth printed messages of (and
# levels.tsv has rows for: a module is compared once its levels are there).
if [ -n "${PARITY_MODULES:-}" ]; then
    modules=$PARITY_MODULES
else
    modules=$(python3 "$here/compare.py" modules "$out/th" --levels "$here/levels.tsv") ||
        parity_die "no tldhealth results to take the modules from (see $out/th/*.err)"
fi
echo "parity: modules $modules"

# zonemaster-cli's default profile (narrowed to the test cases of the
# same modules when PARITY_ZM_ALL=0), with the levels raised that 4.6.2 logs
# below INFO but the catalogue rates NOTICE or above (BASIC NS_NO_RESPONSE):
# --level INFO must show them. Levels decide nothing else in 4.6.2.
narrow=(--narrow)
[ "${PARITY_ZM_ALL:-1}" = 1 ] && narrow=()
zonemaster-cli --dump-profile 2>/dev/null > "$out/zm-default.json"
python3 "$here/compare.py" zm-profile "$out/zm-default.json" "$here/tagmap.tsv" \
    "$here/levels.tsv" --modules "$modules" "${narrow[@]}" > "$out/zm-profile.json"

t2=$(date +%s.%N)
cut -f1 "$out/picked.tsv" | xargs -P "$jobs" -I{} sh -c \
    'zonemaster-cli --profile "$1" --hints "$2" --json --level INFO $4 "$3" \
         > "$5/zm/$3.json" 2> "$5/zm/$3.err" || echo "parity: zonemaster-cli failed on $3" >&2' \
    sh "$out/zm-profile.json" "$hints" {} "${ipv6[*]:-}" "$out"
t3=$(date +%s.%N)
echo "parity: zonemaster-cli $(awk "BEGIN {printf \"%.0f\", $t3 - $t2}") s ($jobs at a time)," \
    "tldhealth $(awk "BEGIN {printf \"%.0f\", $t1 - $t0}") s (one at a time)"
echo

python3 "$here/compare.py" compare --picked "$out/picked.tsv" --zm "$out/zm" --th "$out/th" \
    --tagmap "$here/tagmap.tsv" --levels "$here/levels.tsv" --global-prefix "$prefix" \
    --modules "$modules"
