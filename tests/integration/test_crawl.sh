#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_crawl.sh -- `tldhealth crawl` over a 300-domain testbed, from the
# zone file and from the domain list: every domain of the input exactly
# once in the store, its facts equal to the testbed's truth
# (check_truth.py) and to an uninterrupted `check --json` of the same
# domain for the deterministic facts; a second crawl of a finished run
# does nothing.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
tldbed="$top/testbed/tldbed"
bin="${TLDHEALTH:-$top/bin/tldhealth}"
n=${CRAWL_DOMAINS:-300}

[ "$(id -u)" = 0 ] || { echo "skip: needs root for port 53"; exit 77; }
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }

dir=$(mktemp -d /tmp/tldbed-crawl.XXXXXX)
cleanup() {
    "$tldbed" down --dir "$dir" >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT

"$tldbed" up --dir "$dir" --domains "$n" --seed 13 >/dev/null 2>&1
opts=(--hints "$dir/root.hints" --trust-anchor "$dir/root-anchor.ds"
      --global-prefix 127.100.0.0/16 --timeout 1000 --inflight 32)

# Every domain once: the export against domains.txt, and the run's
# counts (runs) against the same.
same_set() { # RUN
    "$bin" export --db "$dir/db" --run "$1" --format jsonl > "$dir/$1.jsonl"
    python3 - "$dir/domains.txt" "$dir/$1.jsonl" "$1" <<'PY'
import json, sys
want = [l.strip().rstrip(".").lower() for l in open(sys.argv[1]) if l.strip()]
got = [json.loads(l)["domain"].rstrip(".").lower() for l in open(sys.argv[2])]
dup = len(got) - len(set(got))
missing = set(want) - set(got)
extra = set(got) - set(want)
print(f"{sys.argv[3]}: {len(got)} records, {len(set(want))} domains, "
      f"{dup} duplicates, {len(missing)} missing, {len(extra)} extra")
sys.exit(0 if not dup and not missing and not extra else 1)
PY
    "$bin" runs --db "$dir/db" | awk -v r="$1" -v n="$(wc -l < "$dir/domains.txt")" '
        $1 == r { found = 1
                  if ($2 != "done" || $4 != n) { print "FAIL: runs: " $0; exit 1 } }
        END { if (!found) { print "FAIL: run " r " not listed"; exit 1 } }'
}

# Facts against the truth. The EDNS compliance set goes to each address
# once per worker (crawler/srvset): other domains on that address carry
# a partial set, so edns.servers is compared from the check run below
# and left out here (docs/crawl.md).
truth() { # RUN
    python3 "$top/tests/integration/check_truth.py" "$dir/truth.tsv" \
        "$dir/$1.jsonl" > "$dir/$1.truth" || true
    if grep DIFF "$dir/$1.truth" | grep -v ': edns.servers: ' | grep .; then
        echo "FAIL: $1: facts differ from the truth"
        exit 1
    fi
    echo "$1: facts agree with truth.tsv ($(grep -c 'edns.servers' "$dir/$1.truth" || true) edns.servers lines left out)"
}

for mode in zone list; do
    if [ "$mode" = zone ]; then in=(--zone "$dir/se.zone"); else in=(--list "$dir/domains.txt"); fi
    "$bin" crawl "${in[@]}" --db "$dir/db" --run "$mode" --workers 2 "${opts[@]}" \
        2> "$dir/$mode.err" || { echo "FAIL: crawl --$mode"; cat "$dir/$mode.err"; exit 1; }
    tail -n 2 "$dir/$mode.err"
    same_set "$mode"
    truth "$mode"
done

# A finished run crawled again: nothing to do, nothing added.
"$bin" crawl --zone "$dir/se.zone" --db "$dir/db" --run zone --workers 2 "${opts[@]}" \
    2> "$dir/again.err"
grep -q "$(wc -l < "$dir/domains.txt") already stored" "$dir/again.err" ||
    { echo "FAIL: resume of a finished run"; cat "$dir/again.err"; exit 1; }
same_set zone
echo "resume: a finished run is left as it is"

# A remote worker over TCP with CURVE keys (tldhealth keygen): the
# crawl's one local worker and the remote one share the run.
if "$bin" keygen "$dir/coord.key" > /dev/null && "$bin" keygen "$dir/worker.key" > /dev/null; then
    [ "$(stat -c %a "$dir/coord.key")" = 600 ] || { echo "FAIL: key file mode"; exit 1; }
    port=$(( 20000 + RANDOM % 20000 ))
    "$bin" crawl --list "$dir/domains.txt" --db "$dir/db" --run remote --workers 1 \
        --batch 4 "${opts[@]:0:8}" --inflight 8 --listen "tcp://127.0.0.1:$port" \
        --curve-key "$dir/coord.key" 2> "$dir/remote.err" &
    cpid=$!
    "$bin" worker --connect "tcp://127.0.0.1:$port" --curve-key "$dir/worker.key" \
        --server-key "$dir/coord.key.pub" "${opts[@]:0:8}" --inflight 8 2> "$dir/rworker.err" &
    wpid=$!
    wait "$cpid" || { echo "FAIL: crawl with a remote worker"; cat "$dir/remote.err"; exit 1; }
    wait "$wpid" || { echo "FAIL: remote worker"; cat "$dir/rworker.err"; exit 1; }
    grep -q "2 workers took part (1 remote)" "$dir/remote.err" ||
        { echo "FAIL: the remote worker did not take part"; cat "$dir/remote.err"; exit 1; }
    same_set remote
    # Not loopback and no key: refused.
    rc=0
    "$bin" crawl --list "$dir/domains.txt" --db "$dir/db" --run x \
        --listen tcp://0.0.0.0:1 "${opts[@]:0:8}" 2> "$dir/nokey.err" || rc=$?
    [ "$rc" = 2 ] && grep -q "not loopback" "$dir/nokey.err" ||
        { echo "FAIL: non-loopback --listen without a key (rc $rc)"; exit 1; }
    echo "remote worker over CURVE took part; non-loopback without keys refused"
else
    echo "keygen: no CURVE in this libzmq, remote worker not tested"
fi

# The same facts as an uninterrupted `check --json` of each domain,
# where they do not depend on timing: DNSSEC status, lame and
# unreachable classes, the NS sets.
xargs -P 8 -n 1 "$bin" check --json --level DEBUG "${opts[@]:0:8}" \
    < "$dir/domains.txt" > "$dir/check.jsonl"
python3 - "$dir/check.jsonl" "$dir/zone.jsonl" "$dir/list.jsonl" <<'PY'
import json, sys
def load(p):
    out = {}
    for l in open(p):
        o = json.loads(l)
        f = o["facts"]
        out[o["domain"].rstrip(".").lower()] = (
            f["dnssec"]["status"], f["delegation"]["lame"],
            f["delegation"]["unreachable"],
            tuple(sorted(f["delegation"]["ns_parent"] or [])),
            tuple(sorted(f["delegation"]["ns_child"] or [])))
    return out
ref = load(sys.argv[1])
bad = 0
for p in sys.argv[2:]:
    got = load(p)
    diff = [d for d in ref if got.get(d) != ref[d]]
    for d in diff[:10]:
        print(f"DIFF {p.rsplit('/', 1)[1]} {d}: crawl {got.get(d)}, check {ref[d]}")
    print(f"{p.rsplit('/', 1)[1]}: {len(ref) - len(diff)}/{len(ref)} equal to check --json")
    bad += len(diff)
sys.exit(1 if bad else 0)
PY
echo "test_crawl: ok"
