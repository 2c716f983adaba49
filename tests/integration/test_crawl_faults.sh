#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_crawl_faults.sh -- the crawl under faults, over a 200-domain
# testbed: kill -9 of a worker, of the sink and of the coordinator at
# random points (then resume), a hung worker (SIGSTOP) whose lease
# expires, SIGINT (a stopped, resumable run), a store on a small tmpfs
# that fills (a clear error, then resume once the tmpfs grows), and
# malformed zone files and lists (file:line errors). After each, every
# domain of the input is in the store exactly once, with the same
# dnssec.status, delegation.lame and delegation.unreachable as an
# uninterrupted crawl.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
tldbed="$top/testbed/tldbed"
bin="${TLDHEALTH:-$top/bin/tldhealth}"
n=${CRAWL_DOMAINS:-200}

[ "$(id -u)" = 0 ] || { echo "skip: needs root for port 53 and tmpfs"; exit 77; }
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }

dir=$(mktemp -d /tmp/tldbed-crawlf.XXXXXX)
mnt="$dir/mnt"
pid=
cleanup() {
    [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
    umount "$mnt" 2>/dev/null || true
    "$tldbed" down --dir "$dir" >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT

"$tldbed" up --dir "$dir" --domains "$n" --seed 17 >/dev/null 2>&1
opts=(--zone "$dir/se.zone" --workers 2 --hints "$dir/root.hints"
      --trust-anchor "$dir/root-anchor.ds" --global-prefix 127.100.0.0/16
      --timeout 1000 --server-qps 200 --inflight 16 --batch 8)
ndom=$(wc -l < "$dir/domains.txt")

# Every domain once, and the verdicts of the uninterrupted run.
verify() { # DB RUN
    "$bin" export --db "$1" --run "$2" --format jsonl > "$dir/$2.jsonl"
    python3 - "$dir/domains.txt" "$dir/$2.jsonl" "$dir/ref.jsonl" "$2" <<'PY'
import json, sys
want = {l.strip().rstrip(".").lower() for l in open(sys.argv[1]) if l.strip()}
def load(p):
    out = []
    for l in open(p):
        o = json.loads(l)
        f = o["facts"]
        out.append((o["domain"].rstrip(".").lower(),
                    (f["dnssec"]["status"], f["delegation"]["lame"],
                     f["delegation"]["unreachable"])))
    return out
got = load(sys.argv[2])
names = [d for d, _ in got]
dup = len(names) - len(set(names))
missing = want - set(names)
extra = set(names) - want
ref = dict(load(sys.argv[3])) if sys.argv[4] != "ref" else dict(got)
diff = [d for d, v in got if ref.get(d) != v]
for d in diff[:5]:
    print(f"DIFF {d}: {dict(got)[d]} vs uninterrupted {ref.get(d)}")
print(f"{sys.argv[4]}: {len(names)} records, {dup} duplicates, "
      f"{len(missing)} missing, {len(extra)} extra, {len(diff)} verdicts differ")
sys.exit(0 if not (dup or missing or extra or diff) else 1)
PY
    "$bin" runs --db "$1" | awk -v r="$2" -v n="$ndom" '
        $1 == r { found = 1
                  if ($2 != "done" || $4 != n) { print "FAIL: runs: " $0; exit 1 } }
        END { if (!found) { print "FAIL: run " r " not listed"; exit 1 } }'
}

# The pids of the coordinator's children of one kind (worker, sink).
kids() { # PID KIND
    for c in $(pgrep -P "$1" || true); do
        if tr '\0' ' ' < "/proc/$c/cmdline" 2>/dev/null | grep -q "^tldhealth $2 "; then
            echo "$c"
        fi
    done
    return 0
}
pause() { sleep "$(( RANDOM % 3 + 1 )).$(( RANDOM % 10 ))"; }

"$bin" crawl "${opts[@]}" --db "$dir/db" --run ref 2> "$dir/ref.err" ||
    { cat "$dir/ref.err"; exit 1; }
verify "$dir/db" ref

# kill -9 of a worker and of the sink: the crawl restarts them, re-issues
# what they held, and finishes by itself.
for kind in worker sink; do
    run="kill-$kind"
    "$bin" crawl "${opts[@]}" --db "$dir/db" --run "$run" 2> "$dir/$run.err" &
    pid=$!
    pause
    victim=$(kids "$pid" "$kind" | sed -n 1p)
    [ -n "$victim" ] || { echo "FAIL: no $kind to kill"; cat "$dir/$run.err"; exit 1; }
    kill -9 "$victim"
    wait "$pid" || { echo "FAIL: crawl after kill -9 of the $kind"; cat "$dir/$run.err"; exit 1; }
    grep -q "$kind $victim ended" "$dir/$run.err" ||
        { echo "FAIL: the $kind's death went unnoticed"; cat "$dir/$run.err"; exit 1; }
    verify "$dir/db" "$run"
done

# kill -9 of the coordinator: its children die with it (no orphans), and
# the same crawl again resumes the run.
run=kill-coordinator
"$bin" crawl "${opts[@]}" --db "$dir/db" --run "$run" 2> "$dir/$run.err" &
pid=$!
pause
children=$(pgrep -P "$pid" | tr '\n' ' ')
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
sleep 1
for c in $children; do
    # Dead is dead: a zombie left to an init that does not reap counts.
    if grep -qs '^State:[[:space:]]*[^Z[:space:]]' "/proc/$c/status"; then
        echo "FAIL: child $c outlived the coordinator"; exit 1
    fi
done
"$bin" crawl "${opts[@]}" --db "$dir/db" --run "$run" 2> "$dir/$run.2.err" ||
    { echo "FAIL: resume after kill -9"; cat "$dir/$run.2.err"; exit 1; }
grep "already stored" "$dir/$run.2.err"
verify "$dir/db" "$run"
echo "no orphans after kill -9 of the coordinator ($children)"

# A hung worker: stopped, its lease expires and the other worker takes
# the batch; at the end it is killed.
run=hung
"$bin" crawl "${opts[@]}" --lease 3 --db "$dir/db" --run "$run" 2> "$dir/$run.err" &
pid=$!
sleep 1
victim=$(kids "$pid" worker | sed -n 1p)
kill -STOP "$victim"
wait "$pid" || { echo "FAIL: crawl with a hung worker"; cat "$dir/$run.err"; exit 1; }
grep -q "leases expired, re-issued" "$dir/$run.err" ||
    { echo "FAIL: no lease expired"; cat "$dir/$run.err"; exit 1; }
if grep -qs '^State:[[:space:]]*[^Z[:space:]]' "/proc/$victim/status"; then
    echo "FAIL: hung worker left behind"; exit 1
fi
verify "$dir/db" "$run"

# SIGINT: a clean stop (exit 130, run stopped), then resume.
run=sigint
"$bin" crawl "${opts[@]}" --db "$dir/db" --run "$run" 2> "$dir/$run.err" &
pid=$!
sleep 2
kill -INT "$pid"
rc=0; wait "$pid" || rc=$?
[ "$rc" = 130 ] || { echo "FAIL: SIGINT exit status $rc"; cat "$dir/$run.err"; exit 1; }
"$bin" runs --db "$dir/db" | awk -v r="$run" '$1 == r && $2 != "stopped" { print "FAIL: " $0; exit 1 }'
[ -z "$(pgrep -P "$pid" || true)" ]
"$bin" crawl "${opts[@]}" --db "$dir/db" --run "$run" 2> "$dir/$run.2.err" ||
    { echo "FAIL: resume after SIGINT"; cat "$dir/$run.2.err"; exit 1; }
verify "$dir/db" "$run"

# A store on a small tmpfs: the crawl stops with "store is full", nothing
# committed is lost, and it resumes once the tmpfs has room.
mkdir -p "$mnt"
if mount -t tmpfs -o size=512k,mode=0700 tmpfs "$mnt" 2>/dev/null; then
    run=full
    rc=0
    "$bin" crawl "${opts[@]}" --db "$mnt/db" --run "$run" 2> "$dir/$run.err" || rc=$?
    [ "$rc" = 1 ] && grep -q "store is full" "$dir/$run.err" ||
        { echo "FAIL: full store: rc $rc"; cat "$dir/$run.err"; exit 1; }
    before=$("$bin" export --db "$mnt/db" --run "$run" --format jsonl | wc -l)
    [ "$before" -gt 0 ] && [ "$before" -lt "$ndom" ] ||
        { echo "FAIL: full store kept $before of $ndom"; exit 1; }
    mount -o remount,size=64m "$mnt"
    "$bin" crawl "${opts[@]}" --db "$mnt/db" --run "$run" 2> "$dir/$run.2.err" ||
        { echo "FAIL: resume after space was freed"; cat "$dir/$run.2.err"; exit 1; }
    grep -q "$before already stored" "$dir/$run.2.err" ||
        { echo "FAIL: resume did not keep the $before stored"; cat "$dir/$run.2.err"; exit 1; }
    verify "$mnt/db" "$run"
    echo "full store: stopped with $before of $ndom stored, resumed to all"
else
    echo "tmpfs: cannot mount here, full-store case not run"
fi

# Malformed zone files: each error named with its file and line.
bad=0
for f in "$top"/tests/data/zonefile/bad/*.zone; do
    read -r _ _ reason line _ < "$f"
    [ "$line" = 0 ] && continue
    rc=0
    timeout 60 "$bin" crawl "${opts[@]:2}" --zone "$f" --db "$dir/baddb" --run bad \
        > /dev/null 2> "$dir/bad.err" || rc=$?
    if [ "$rc" -ge 124 ] || ! grep -q "^$f:$line: .*($reason)" "$dir/bad.err"; then
        echo "FAIL: $f: rc $rc, want $f:$line ($reason):"; cat "$dir/bad.err"; bad=1
    fi
    rm -rf "$dir/baddb"
done
# A malformed list: bad names are reported by line and skipped.
printf 'ok-name.se\nbad..name.se\n%s\n# comment\ntoo many words\n' \
    "$(head -n 1 "$dir/domains.txt")" > "$dir/bad.list"
rc=0
"$bin" crawl "${opts[@]:2}" --list "$dir/bad.list" --db "$dir/baddb" --run badlist \
    > /dev/null 2> "$dir/badlist.err" || rc=$?
grep -q "bad.list:2:" "$dir/badlist.err" && grep -q "bad.list:5:" "$dir/badlist.err" &&
    grep -q "2 lines skipped" "$dir/badlist.err" ||
    { echo "FAIL: malformed list (rc $rc)"; cat "$dir/badlist.err"; bad=1; }
[ "$bad" = 0 ] || exit 1
echo "malformed inputs: file:line errors"
echo "test_crawl_faults: ok"
