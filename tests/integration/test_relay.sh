#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# relay.sh -- tbrelay in front of a real NSD: every mode, delay, loss, garbage.
#
# Starts an NSD on a high loopback port with a one-zone config written to a
# temporary folder, and one tbrelay (daemonized, as the testbed runs it)
# with one listener per mode on 127.0.0.2, ports above NSD's. Checks each
# mode's behaviour with dig, the delay and the loss figures, that garbage
# cannot crash it, its counters, SIGTERM, bad configurations (exit 2) and
# a busy address (exit 1); then runs a second relay, forward mode, under
# valgrind. Prints "ok"/"FAIL" per check and exits 1 if any check failed
# (77 when a needed program is missing). Every process it starts is killed
# by its pid on exit. TBRELAY=path tests another build (e.g. with ASan; the
# valgrind part is then skipped).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
relay=${TBRELAY:-$top/build/testbed/tbrelay} # TBRELAY: e.g. a sanitizer build

for p in nsd dig python3; do
    command -v "$p" >/dev/null || { echo "skip: $p not installed"; exit 77; }
done
[ -x "$relay" ] || make -s -C "$top" build/testbed/tbrelay

dir=$(mktemp -d /tmp/relay-test.XXXXXX)
pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do
        kill -TERM "$p" 2>/dev/null || true
    done
    for p in "${pids[@]}"; do
        wait "$p" 2>/dev/null || true
    done
    rm -rf "$dir"
}
trap cleanup EXIT

failures=0
ok() { echo "ok   - $*"; }
bad() { echo "FAIL - $*"; failures=$((failures + 1)); }
check() { # check DESCRIPTION COMMAND...
    local what=$1
    shift
    if "$@"; then ok "$what"; else bad "$what"; fi
}

# Ports: a block of 20 below the ephemeral range, starting from one chosen
# from our pid so that parallel runs do not collide, and moved on while
# any port of the block is taken (UDP or TCP, on either address): a port
# in use there once kept NSD from starting and failed every check.
base=$(python3 - "$$" <<'PY'
import socket, sys
# Blocks below the kernel's ephemeral range, whose ports come and go (and
# linger in TIME_WAIT) with every outgoing connection.
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
blocks = list(range(20000, low - 20, 20))
start = int(sys.argv[1]) % len(blocks)
def free(b):
    for port in range(b, b + 20):
        for ip in ("127.0.0.1", "127.0.0.2"):
            for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
                s = socket.socket(socket.AF_INET, kind)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    s.bind((ip, port))
                except OSError:
                    return False
                finally:
                    s.close()
    return True
for i in range(len(blocks)):
    b = blocks[(start + i) % len(blocks)]
    if free(b):
        print(b)
        break
else:
    sys.exit("no free block of 20 ports below %d" % low)
PY
)
nsd_port=$base
srv=127.0.0.2
port() { echo $((base + $1)); } # port N: listener N of the config below

# ---- backend: NSD with one small zone -----------------------------------
cat > "$dir/example.zone" <<'EOF'
$ORIGIN example.
$TTL 300
@    IN SOA ns1.example. hostmaster.example. 1 3600 900 604800 300
@    IN NS  ns1.example.
ns1  IN A   127.0.0.1
www  IN A   192.0.2.1
EOF
cat > "$dir/nsd.conf" <<EOF
server:
  ip-address: 127.0.0.1@$nsd_port
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
  tcp-timeout: 10
remote-control:
  control-enable: no
zone:
  name: example.
  zonefile: example.zone
EOF
nsd -d -c "$dir/nsd.conf" &
pids+=($!)
for _ in $(seq 1 50); do
    dig +tries=1 +time=1 -p "$nsd_port" @127.0.0.1 www.example >/dev/null 2>&1 && break
    sleep 0.1
done

# ---- the relay -----------------------------------------------------------
cat > "$dir/relay.conf" <<EOF
# LISTEN          BACKEND                MODE          DELAY JITTER LOSS
$srv@$(port 1)   127.0.0.1@$nsd_port   forward       0     0      0
$srv@$(port 2)   -                      blackhole     0     0      0
$srv@$(port 3)   127.0.0.1@$nsd_port   notcp         0     0      0
$srv@$(port 4)   127.0.0.1@$nsd_port   noaa          0     0      0
$srv@$(port 5)   127.0.0.1@$nsd_port   edns-formerr  0     0      0
$srv@$(port 6)   127.0.0.1@$nsd_port   edns-drop     0     0      0
$srv@$(port 7)   127.0.0.1@$nsd_port   edns1-ignore  0     0      0
$srv@$(port 8)   127.0.0.1@$nsd_port   tc-always     0     0      0
$srv@$(port 9)   127.0.0.1@$nsd_port   forward       100   0      0
$srv@$(port 10)  127.0.0.1@$nsd_port   forward       0     0      50
$srv@$(port 11)  127.0.0.1@$nsd_port   forward       20    15     0  # jitter
EOF
"$relay" -c "$dir/relay.conf" --pidfile "$dir/relay.pid" --stats "$dir/relay.stats" \
    --log "$dir/relay.log" --seed 7
check "daemon: parent returns after the pidfile is written" test -s "$dir/relay.pid"
rpid=$(cat "$dir/relay.pid")
pids+=("$rpid")
check "daemon: pid $rpid is a running tbrelay" \
    grep -q tbrelay "/proc/$rpid/comm"

# q PORT DIG-OPTIONS...: one query for www.example A, output of dig.
q() {
    local p=$1
    shift
    dig -p "$p" "@$srv" www.example A +norec +tries=1 +time=1 "$@" 2>&1 || true
}
has() { grep -qE -- "$1" <<< "$2"; }
hasnt() { ! grep -qE -- "$1" <<< "$2"; }
flags() { grep -E '^;; flags:' <<< "$1" | head -n 1; }

out=$(q "$(port 1)")
check "forward: NOERROR with an answer" has 'status: NOERROR.*' "$out"
check "forward: AA set" has 'flags:[^;]* aa' "$(flags "$out")"
check "forward: answer from the listener's address" has "SERVER: $srv#$(port 1)" "$out"
out=$(q "$(port 1)" +tcp)
check "forward: TCP answer with AA" has 'flags:[^;]* aa' "$(flags "$out")"

out=$(q "$(port 2)")
check "blackhole: UDP times out" has 'timed out|no servers could be reached' "$out"
out=$(q "$(port 2)" +tcp)
check "blackhole: TCP accepted but never answered" has 'timed out|no servers could be reached' "$out"
hasnt 'refused' "$out" || bad "blackhole: TCP connection was refused"

out=$(q "$(port 3)")
check "notcp: UDP answers" has 'status: NOERROR' "$out"
out=$(q "$(port 3)" +tcp)
check "notcp: TCP connection refused" has 'refused' "$out"

out=$(q "$(port 4)")
check "noaa: UDP answer" has 'status: NOERROR' "$out"
check "noaa: UDP answer lacks AA" hasnt ' aa' "$(flags "$out")"
out=$(q "$(port 4)" +tcp)
check "noaa: TCP answer lacks AA" hasnt ' aa' "$(flags "$out")"

out=$(q "$(port 5)" +edns=0)
check "edns-formerr: EDNS query gets FORMERR" has 'status: FORMERR' "$out"
check "edns-formerr: FORMERR has no OPT" hasnt 'OPT PSEUDOSECTION' "$out"
out=$(q "$(port 5)" +noedns)
check "edns-formerr: plain query gets NOERROR" has 'status: NOERROR' "$out"
out=$(q "$(port 5)" +edns=0 +tcp)
check "edns-formerr: EDNS query over TCP gets FORMERR" has 'status: FORMERR' "$out"

out=$(q "$(port 6)" +edns=0)
check "edns-drop: EDNS query times out" has 'timed out|no servers could be reached' "$out"
out=$(q "$(port 6)" +noedns)
check "edns-drop: plain query answered" has 'status: NOERROR' "$out"

out=$(dig -p "$nsd_port" @127.0.0.1 www.example +norec +edns=1 +noednsneg +tries=1 +time=1 2>&1 || true)
check "edns1-ignore: NSD itself answers EDNS1 with BADVERS" has 'status: BADVERS' "$out"
out=$(q "$(port 7)" +edns=1 +noednsneg)
check "edns1-ignore: EDNS1 through the relay gets NOERROR" has 'status: NOERROR' "$out"
out=$(q "$(port 7)" +edns=1 +noednsneg +tcp)
check "edns1-ignore: same over TCP" has 'status: NOERROR' "$out"

out=$(q "$(port 8)" +ignore)
check "tc-always: UDP answer has TC" has ' tc' "$(flags "$out")"
check "tc-always: truncated answer is header + question" has 'QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 0' "$out"
out=$(q "$(port 8)")
check "tc-always: dig retries over TCP and gets the answer" has 'www\.example\.[[:space:]]+300[[:space:]]+IN[[:space:]]+A' "$out"

# Delay and jitter, timed by a small sender (dig's "Query time" has the
# kernel tick's granularity, 4 ms here).
cat > "$dir/rtt.py" <<'EOF'
import socket, struct, sys, time
host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
q = struct.pack("!HHHHHH", 1, 0, 1, 0, 0, 0) + b"\x03www\x07example\x00\x00\x01\x00\x01"
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
rtts = []
for i in range(n):
    t = time.perf_counter()
    s.sendto(q, (host, port))
    s.recv(4096)
    rtts.append((time.perf_counter() - t) * 1000)
rtts.sort()
print("%d %d %d" % (rtts[0], rtts[n // 2], rtts[-1]))  # min median max, ms
EOF
read -r lo med hi < <(python3 "$dir/rtt.py" "$srv" "$(port 9)" 20 || echo "-1 -1 -1")
check "delay 100 ms: median UDP RTT $med ms within 95..150 (min $lo, max $hi)" \
    test "$med" -ge 95 -a "$med" -le 150
t=$(q "$(port 9)" +tcp | awk '/Query time:/ {print $4}')
check "delay 100 ms: TCP RTT ${t:-?} ms within 190..300 (handshake + query)" \
    test "${t:-0}" -ge 190 -a "${t:-0}" -le 300
read -r lo med hi < <(python3 "$dir/rtt.py" "$srv" "$(port 11)" 40 || echo "-1 -1 -1")
check "jitter 20+-15 ms: RTTs $lo..$hi ms (median $med) within 5..45, spread >= 10" \
    test "$lo" -ge 5 -a "$hi" -le 45 -a $((hi - lo)) -ge 10

# TCP streams: pipelined queries keep their order under jitter, a frame
# sent byte by byte is reassembled, a half-closed client gets its answer.
cat > "$dir/tcp.py" <<'EOF'
import socket, struct, sys
host, port, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def query(i):
    m = struct.pack("!HHHHHH", i, 0, 1, 0, 0, 0) + b"\x03www\x07example\x00\x00\x01\x00\x01"
    return struct.pack("!H", len(m)) + m
def read_ids(t, n):
    buf, ids = b"", []
    while len(ids) < n:
        d = t.recv(65536)
        if not d:
            break
        buf += d
        while len(buf) >= 2 and len(buf) >= 2 + struct.unpack("!H", buf[:2])[0]:
            ln = struct.unpack("!H", buf[:2])[0]
            ids.append(struct.unpack("!H", buf[2:4])[0])
            buf = buf[2 + ln:]
    return ids
t = socket.create_connection((host, port), timeout=3)
if mode == "pipeline":
    t.sendall(b"".join(query(i) for i in range(50)))
    print("ok" if read_ids(t, 50) == list(range(50)) else "bad order")
elif mode == "bytewise":
    for b in query(7) + query(8):
        t.send(bytes([b]))
    print("ok" if read_ids(t, 2) == [7, 8] else "bad")
elif mode == "halfclose":
    t.sendall(query(9) + query(10))
    t.shutdown(socket.SHUT_WR)
    ids = read_ids(t, 2)
    print("ok" if ids == [9, 10] and t.recv(10) == b"" else "bad %r" % ids)
EOF
check "tcp: 50 pipelined queries answered in order under jitter" \
    test "$(python3 "$dir/tcp.py" "$srv" "$(port 11)" pipeline 2>&1)" = ok
check "tcp: frames sent byte by byte are reassembled" \
    test "$(python3 "$dir/tcp.py" "$srv" "$(port 1)" bytewise 2>&1)" = ok
check "tcp: half-closed client gets its answers, then EOF" \
    test "$(python3 "$dir/tcp.py" "$srv" "$(port 9)" halfclose 2>&1)" = ok

# Loss: 200 UDP queries, 50 % loss; count the answers.
cat > "$dir/send.py" <<'EOF'
import socket, struct, sys, time
host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
qname = b"\x03www\x07example\x00"
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setblocking(False)
got = set()
def drain():
    while True:
        try:
            data = s.recv(4096)
        except BlockingIOError:
            return
        if len(data) >= 12:
            got.add(struct.unpack("!H", data[:2])[0])
for i in range(n):
    s.sendto(struct.pack("!HHHHHH", i, 0, 1, 0, 0, 0) + qname + b"\x00\x01\x00\x01", (host, port))
    time.sleep(0.002)
    drain()
end = time.time() + 1.0
while time.time() < end:
    time.sleep(0.02)
    drain()
print(len(got))
EOF
answered=$(python3 "$dir/send.py" "$srv" "$(port 10)" 200)
lost=$((200 - answered))
check "loss 50 %: $lost of 200 lost, within 70..130" test "$lost" -ge 70 -a "$lost" -le 130
answered=$(python3 "$dir/send.py" "$srv" "$(port 1)" 200)
check "no loss configured: $answered of 200 answered" test "$answered" -eq 200

# Garbage: random and hand-made malformed datagrams and TCP streams.
cat > "$dir/garbage.py" <<'EOF'
import os, random, socket, struct, sys
host, ports = sys.argv[1], [int(p) for p in sys.argv[2:]]
rnd = random.Random(1)
hdr = lambda qd, an, ns, ar: struct.pack("!HHHHHH", 7, 0, qd, an, ns, ar)
crafted = [
    b"", b"\x00", b"\x00" * 11, b"\x00" * 12,
    hdr(65535, 65535, 65535, 65535),                     # counts, no data
    hdr(1, 0, 0, 0) + b"\x3f" + b"a" * 10,               # label past end
    hdr(1, 0, 0, 0) + b"\xc0\x0c\x00\x01\x00\x01",       # pointer to itself
    hdr(1, 0, 0, 0) + b"\x80abc\x00\x00\x01\x00\x01",    # bad label type
    hdr(1, 0, 0, 0) + b"\x01a" * 200 + b"\x00\x00\x01\x00\x01",  # too long
    hdr(0, 0, 0, 1) + b"\x00\x00\x29\x10\x00\x00\x01\x00\x00\xff\xff",  # OPT rdlen past end
    hdr(0, 0, 0, 1) + b"\x00\x00\x29",                   # OPT cut short
    hdr(1, 0, 0, 1) + b"\x00\x00\x01\x00\x01" + b"\x00\x00\x29\x10\x00\x00\x05\x00\x00\x00\x00",  # OPT version 5
    struct.pack("!HHHHHH", 7, 0x8000, 1, 0, 0, 0) + b"\x00\x00\x01\x00\x01",  # a response
]
for p in ports:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for d in crafted:
        s.sendto(d, (host, p))
    for _ in range(300):
        s.sendto(os.urandom(rnd.randrange(0, 700)), (host, p))
    for d in crafted[3:]:                               # and over TCP
        try:
            t = socket.create_connection((host, p), timeout=1)
            t.sendall(struct.pack("!H", len(d)) + d + os.urandom(rnd.randrange(0, 300)))
            t.sendall(b"\xff\xff" + os.urandom(100))    # frame promising more
            t.close()
        except OSError:
            pass
EOF
# shellcheck disable=SC2046 # one argument per port
python3 "$dir/garbage.py" "$srv" $(for i in $(seq 1 11); do port "$i"; done) || true
sleep 0.3
check "garbage: relay still running" kill -0 "$rpid"
out=$(q "$(port 1)")
check "garbage: forward still answers" has 'status: NOERROR' "$out"
out=$(q "$(port 1)" +tcp)
check "garbage: forward still answers over TCP" has 'status: NOERROR' "$out"

# Counters on SIGUSR1.
rm -f "$dir/relay.stats"
kill -USR1 "$rpid"
for _ in $(seq 1 20); do [ -s "$dir/relay.stats" ] && break; sleep 0.1; done
# (at least the queries the sender missed: the garbage was subject to loss too)
n=$(grep "listen=$srv@$(port 10) " "$dir/relay.stats" | grep -oE 'udp_lost=[0-9]+' | cut -d= -f2)
check "stats: loss listener counted ${n:-no} drops (>= $lost)" test "${n:-0}" -ge "$lost"
line=$(grep "listen=$srv@$(port 1) " "$dir/relay.stats" || true)
check "stats: forward listener counted queries and TCP connections" \
    has 'udp_in=[1-9][0-9]* .*tcp_conns=[1-9]' "$line"
check "stats: one line per listener plus the total" \
    test "$(grep -c '^listen=' "$dir/relay.stats")" -eq 12

# A second relay on the same addresses cannot start: exit 1, no pidfile.
set +e
"$relay" -c "$dir/relay.conf" --pidfile "$dir/second.pid" 2> "$dir/second.err"
rc=$?
set -e
check "busy address: exit 1 ($rc)" test "$rc" -eq 1
check "busy address: the error names the address" grep -q "$srv@$(port 1)" "$dir/second.err"
check "busy address: no pidfile" test ! -e "$dir/second.pid"

# Bad configurations: every bad line reported as file:line, exit 2.
cat > "$dir/bad.conf" <<'EOF'
# comment, then five bad lines and one good one
127.0.0.2@99999 127.0.0.1 forward 0 0 0
127.0.0.2 127.0.0.1 nosuchmode 0 0 0
127.0.0.3 - forward 0 0 0
127.0.0.4 127.0.0.1 forward 0 0 100.5
127.0.0.5 127.0.0.1 forward 0 0
127.0.0.6 127.0.0.1 forward 0 0 0.5
EOF
set +e
"$relay" -c "$dir/bad.conf" --pidfile "$dir/bad.pid" --foreground 2> "$dir/bad.err"
rc=$?
set -e
check "bad config: exit 2 ($rc)" test "$rc" -eq 2
for n in 2 3 4 5 6; do
    check "bad config: line $n reported" grep -q "bad.conf:$n: " "$dir/bad.err"
done
check "bad config: good line not reported" bash -c "! grep -q 'bad.conf:7:' '$dir/bad.err'"
check "bad config: nothing started" test ! -e "$dir/bad.pid"
check "--check accepts the good config" "$relay" -c "$dir/relay.conf" --check

# SIGTERM: exits, removes its pidfile, writes final counters.
rm -f "$dir/relay.stats"
kill -TERM "$rpid"
# (the daemon's parent is init, which may reap it late: a zombie has exited)
gone() { [ ! -e "/proc/$1" ] || [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = Z ]; }
for _ in $(seq 1 30); do gone "$rpid" && break; sleep 0.1; done
check "SIGTERM: relay exited" gone "$rpid"
check "SIGTERM: pidfile removed" test ! -e "$dir/relay.pid"
check "SIGTERM: final counters written" test -s "$dir/relay.stats"

# Valgrind: forward mode (and a delayed listener), UDP, TCP and garbage.
if [ -n "${TBRELAY:-}" ]; then
    echo "skip - valgrind: TBRELAY is set"
elif command -v valgrind >/dev/null; then
    cat > "$dir/vg.conf" <<EOF
$srv@$(port 12)  127.0.0.1@$nsd_port  forward  0   0  0
$srv@$(port 13)  127.0.0.1@$nsd_port  forward  30  5  0
EOF
    valgrind --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all \
        --error-exitcode=99 --log-file="$dir/valgrind.log" \
        "$relay" -c "$dir/vg.conf" --foreground --log "$dir/vg-relay.log" &
    vpid=$!
    pids+=("$vpid")
    for _ in $(seq 1 100); do
        has 'status: NOERROR' "$(q "$(port 12)")" && break
        sleep 0.2
    done
    python3 "$dir/send.py" "$srv" "$(port 12)" 100 >/dev/null
    python3 "$dir/send.py" "$srv" "$(port 13)" 50 >/dev/null
    q "$(port 12)" +tcp >/dev/null
    q "$(port 13)" +tcp >/dev/null
    python3 "$dir/garbage.py" "$srv" "$(port 12)" "$(port 13)" || true
    # SIGTERM while a TCP query and a UDP query are held for their delay.
    python3 - "$srv" "$(port 13)" "$vpid" <<'EOF'
import os, signal, socket, struct, sys, time
host, port, pid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
m = struct.pack("!HHHHHH", 1, 0, 1, 0, 0, 0) + b"\x03www\x07example\x00\x00\x01\x00\x01"
t = socket.create_connection((host, port))
t.sendall(struct.pack("!H", len(m)) + m)
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(m, (host, port))
time.sleep(0.01)
os.kill(pid, signal.SIGTERM)
time.sleep(0.2)
EOF
    set +e
    wait "$vpid"
    rc=$?
    set -e
    check "valgrind: exit status $rc (99 = errors or leaks)" test "$rc" -eq 0
    check "valgrind: no errors" grep -q 'ERROR SUMMARY: 0 errors' "$dir/valgrind.log"
    check "valgrind: no leaks" grep -qE 'All heap blocks were freed|definitely lost: 0 bytes' "$dir/valgrind.log"
    if [ "$rc" -ne 0 ]; then sed 's/^/    /' "$dir/valgrind.log" | tail -n 40; fi
    grep -E 'ERROR SUMMARY|in use at exit|total heap usage' "$dir/valgrind.log" | sed 's/^==[0-9]*== /    valgrind: /'
else
    echo "skip - valgrind not installed"
fi

if [ "$failures" -gt 0 ]; then
    echo "relay: $failures checks failed (relay log:)"
    sed 's/^/    /' "$dir/relay.log" | tail -n 20
    exit 1
fi
echo "relay: all checks passed"
