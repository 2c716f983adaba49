#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# testbed_truth.sh -- checks a running testbed against its truth.tsv.
#
#   tests/integration/testbed_truth.sh DIR
#
# For every domain of DIR/truth.tsv it asks the testbed's own servers
# whether the facts stated there hold:
#   - the unbound validator: secure -> NOERROR with AD; bogus -> SERVFAIL;
#     unsigned and island -> NOERROR without AD; indeterminate (and a zone
#     whose servers drop EDNS, which unbound cannot resolve) -> SERVFAIL or
#     no answer;
#   - every server address of the `servers` column, directly, with the
#     query semantics of the survey (RD=0, no EDNS): AA, NOAA, REFUSED,
#     TIMEOUT, CNAME (the alias resolves through a CNAME), UNKNOWN_HOST
#     (the name is NXDOMAIN), and the behaviour flags: notcp, edns-formerr,
#     edns-drop, edns1-ignore, tc-always, slow, openrec, axfr (rrl is not
#     probed: a burst would disturb other checks);
#   - the zone as the servers give it: SOA serials, child NS set, DNSKEY
#     algorithms, NSEC/NSEC3 parameters, signature expiry, MX, SPF, DMARC
#     and CAA; and the parent's NS and DS sets from the TLD server.
# It prints one line per profile (domains ok, mismatches), then the
# mismatches, and exits 1 if there is any, 2 on a usage error. It never
# starts or stops a server. With TLDBED_NETNS set, every query runs in that
# network namespace. TESTBED_TRUTH_JOBS (default 8) domains are checked at
# once.
set -uo pipefail

dir=${1:-}
if [ -z "$dir" ] || [ ! -f "$dir/truth.tsv" ]; then
    echo "usage: testbed_truth.sh DIR (a generated testbed with truth.tsv)" >&2
    exit 2
fi
command -v dig >/dev/null || { echo "testbed_truth: dig not found" >&2; exit 2; }

TB_VALIDATOR=$(awk '$2 == "validator" {print $1; exit}' "$dir/addresses.txt")
TB_TLD=$(awk '$2 == "tld" {print $1; exit}' "$dir/addresses.txt")
TB_HEADER=$(head -n 1 "$dir/truth.tsv")
TB_NETNS=${TLDBED_NETNS:-}
export TB_VALIDATOR TB_TLD TB_HEADER TB_NETNS
# Sorting and comparisons bytewise, as truth.tsv is written.
export LC_ALL=C

# One query: dig with the given timeout (seconds) and arguments.
tq() {
    local t=$1
    shift
    if [ -n "$TB_NETNS" ]; then
        ip netns exec "$TB_NETNS" dig +time="$t" +tries=1 "$@" 2>&1
    else
        dig +time="$t" +tries=1 "$@" 2>&1
    fi
}

# Several queries in one dig run (per-query options follow each name):
# ANS[qname./TYPE] gets the answer block of each, in the caller's ANS.
tqm() {
    local out block re=$'\n;([^\t ]+)[\t ]+IN[\t ]+([A-Z0-9]+)'
    out=$(tq "$@")
    ANS=()
    while [[ $out == *';; ->>HEADER<<-'* ]]; do
        out=${out#*';; ->>HEADER<<-'}
        block=";; ->>HEADER<<-${out%%';; ->>HEADER<<-'*}"
        [[ $block =~ $re ]] && ANS["${BASH_REMATCH[1],,}/${BASH_REMATCH[2]}"]=$block
    done
    return 0
}

# Parsers of a dig output; they set variables instead of printing, so
# that no subshell is forked per call (a check makes thousands).
# RC: the rcode, "" when no answer came.
get_rc() {
    local re='status: ([A-Z]+),'
    RC=""
    [[ $1 =~ $re ]] && RC=${BASH_REMATCH[1]}
    return 0
}

# Whether the header of a dig output has a flag (aa, ad, tc, ra).
has_flag() {
    local re=$'\n;; flags: ([a-z ]*);'
    [[ $1 =~ $re ]] && [[ " ${BASH_REMATCH[1]} " == *" $2 "* ]]
}

# RR: field $3 (1-based) of the records of type $2 in a dig output,
# unique, sorted bytewise, comma-separated, trailing dots removed;
# "" when there is none.
get_rr() {
    local line v i j
    local -a w vals=()
    while IFS= read -r line; do
        [[ -z $line || $line == \;* ]] && continue
        read -r -a w <<<"$line"
        [ "${w[3]:-}" = "$2" ] || continue
        v=${w[$(($3 - 1))]:-}
        v=${v%.}
        # Insertion into a sorted list without duplicates.
        for ((i = 0; i < ${#vals[@]}; i++)); do
            [[ ${vals[$i]} < $v ]] || break
        done
        [ "$i" -lt ${#vals[@]} ] && [ "${vals[$i]}" = "$v" ] && continue
        for ((j = ${#vals[@]}; j > i; j--)); do vals[j]=${vals[j - 1]}; done
        vals[i]=$v
    done <<<"$1"
    local IFS=,
    RR="${vals[*]}"
    return 0
}

# Check one truth.tsv row; prints "PROFILE<TAB>ok<TAB>DOMAIN" or
# "PROFILE<TAB>mismatch<TAB>DOMAIN<TAB>what differs".
check_row() {
    local -a hdr val
    # No field is empty ("-" stands for nothing), so tabs may collapse.
    IFS=$'\t' read -r -a hdr <<<"$TB_HEADER"
    IFS=$'\t' read -r -a val <<<"$1"
    declare -A f
    local i
    for i in "${!hdr[@]}"; do f[${hdr[$i]}]=${val[$i]:-}; done
    local d=${f[domain]} bad="" out want got x

    miss() { bad+="${bad:+; }$*"; }

    # 1. The validator.
    out=$(tq 20 "@$TB_VALIDATOR" "$d" SOA +dnssec)
    get_rc "$out"
    x=""
    has_flag "$out" ad && x=+ad
    case "${f[dnssec.status]}" in
    secure)
        [ "$RC$x" = NOERROR+ad ] || miss "validator: want NOERROR+ad, got ${RC:-timeout}$x" ;;
    bogus)
        [ "$RC" = SERVFAIL ] || miss "validator: want SERVFAIL (bogus), got ${RC:-timeout}$x" ;;
    unsigned | island)
        if [ "${f[edns.class]}" = drop ]; then
            # unbound needs EDNS for its queries and never gets an answer.
            [ "$RC" != NOERROR ] || miss "validator: resolved a zone whose servers drop EDNS"
        else
            [ "$RC$x" = NOERROR ] || miss "validator: want NOERROR without ad, got ${RC:-timeout}$x"
        fi ;;
    indeterminate)
        [ "$RC" != NOERROR ] || miss "validator: resolved an indeterminate domain" ;;
    *)
        miss "unknown dnssec.status '${f[dnssec.status]}'" ;;
    esac

    # 2. Every server address, directly: RD=0 and no EDNS, as a survey
    # asks; the first server that answers also gets the TCP, EDNS and
    # AXFR probes, a server with a behaviour flag gets its own.
    local e name rest addr cls flags t first="" serials="" probe
    local -a servers
    IFS=, read -r -a servers <<<"${f[servers]}"
    for e in "${servers[@]}"; do
        name=${e%%/*}
        rest=${e#*/}
        addr=${rest%%=*}
        cls=${rest#*=}
        flags=+
        if [[ $cls == *+* ]]; then
            flags="+${cls#*+}+"
            cls=${cls%%+*}
        fi
        if [ "$cls" = UNKNOWN_HOST ]; then
            out=$(tq 10 "@$TB_VALIDATOR" "$name" A)
            get_rc "$out"
            [ "$RC" = NXDOMAIN ] || miss "$name: want NXDOMAIN for the name, got ${RC:-timeout}"
            continue
        fi
        t=2
        [[ $flags == *+slow+* ]] && t=4
        if [ "$cls" = TIMEOUT ] || [[ $flags == *+edns-drop+* ]]; then
            out=$(tq 1 "@$addr" "$d" SOA +norec +edns=0)
            get_rc "$out"
            [ -z "$RC" ] || miss "$addr: want silence, got $RC"
            [ "$cls" = TIMEOUT ] && continue
        fi
        out=$(tq "$t" "@$addr" "$d" SOA +norec +noedns)
        get_rc "$out"
        x=""
        has_flag "$out" aa && x=+aa
        case "$cls" in
        REFUSED)
            [ "$RC" = REFUSED ] || miss "$addr: want REFUSED, got ${RC:-timeout}$x"
            continue ;;
        NOAA)
            [ "$RC$x" = NOERROR ] || miss "$addr: want NOERROR without aa, got ${RC:-timeout}$x" ;;
        AA | CNAME)
            [ "$RC$x" = NOERROR+aa ] || miss "$addr: want NOERROR+aa, got ${RC:-timeout}$x" ;;
        *)
            miss "$addr: unknown class '$cls'"
            continue ;;
        esac
        get_rr "$out" SOA 7
        [ -n "$RR" ] && serials+="${serials:+,}$RR"
        probe=no
        if [ -z "$first" ] && [ "$RC" = NOERROR ]; then
            probe=yes
            [ "$x" = +aa ] && first=$addr
        fi
        if [ "$cls" = CNAME ]; then
            out=$(tq 10 "@$TB_VALIDATOR" "$name" A)
            get_rr "$out" CNAME 1
            [ -n "$RR" ] || miss "$name: want a CNAME"
        fi
        if [[ $flags == *+slow+* ]]; then
            got=$(sed -n 's/^;; Query time: \([0-9]*\) msec.*/\1/p' <<<"$out")
            [ "${got:-0}" -ge 700 ] || miss "$addr: want a slow answer, took ${got:-?} ms"
        fi
        if [[ $flags == *+notcp+* ]]; then
            out=$(tq "$t" "@$addr" "$d" SOA +norec +noedns +tcp)
            get_rc "$out"
            [ -z "$RC" ] || miss "$addr: answered over TCP"
        elif [ $probe = yes ]; then
            out=$(tq "$t" "@$addr" "$d" SOA +norec +noedns +tcp)
            get_rc "$out"
            [ "$RC" = NOERROR ] || miss "$addr: no answer over TCP"
        fi
        if [[ $flags == *+edns-formerr+* ]]; then
            out=$(tq "$t" "@$addr" "$d" SOA +norec +edns=0)
            get_rc "$out"
            [ "$RC" = FORMERR ] || miss "$addr: want FORMERR to EDNS, got ${RC:-timeout}"
        elif [[ $flags == *+edns1-ignore+* ]] || { [ $probe = yes ] && [[ $flags != *+edns-drop+* ]]; }; then
            want=BADVERS
            [[ $flags == *+edns1-ignore+* ]] && want=NOERROR
            out=$(tq "$t" "@$addr" "$d" SOA +norec +edns=1 +noednsneg)
            get_rc "$out"
            [ "$RC" = "$want" ] || miss "$addr: EDNS version 1: want $want, got ${RC:-timeout}"
        fi
        if [[ $flags == *+tc-always+* ]]; then
            out=$(tq "$t" "@$addr" "$d" SOA +norec +noedns +ignore)
            has_flag "$out" tc || miss "$addr: want TC over UDP"
        fi
        if [[ $flags == *+openrec+* ]]; then
            out=$(tq 10 "@$addr" a.ns.se A +rec)
            get_rc "$out"
            get_rr "$out" A 5
            { [ "$RC" = NOERROR ] && has_flag "$out" ra && [ -n "$RR" ]; } ||
                miss "$addr: want open recursion"
        fi
        if [[ $flags == *+axfr+* ]] || [ $probe = yes ]; then
            out=$(tq 5 "@$addr" "$d" AXFR +notcp +tcp)
            got=$(grep -c $'\tSOA\t' <<<"$out")
            if [[ $flags == *+axfr+* ]]; then
                [ "$got" -ge 2 ] || miss "$addr: want AXFR for anyone"
            else
                [ "$got" -lt 2 ] || miss "$addr: gave AXFR"
            fi
        fi
    done
    # The same serial from several servers counts once.
    get_rr "$(tr ',' '\n' <<<"$serials" | sed 's/^/x 1 IN SOA a b /')" SOA 7
    want=${f[soa.serials]}
    [ "${RR:--}" = "$want" ] || miss "SOA serials: want $want, got ${RR:--}"

    # 3. The parent's view, from the TLD server.
    declare -A ANS
    tqm 2 "@$TB_TLD" +norec "$d" NS +noedns "$d" DS +edns=0
    get_rr "${ANS[$d./NS]:-}" NS 5
    [ "$RR" = "${f[delegation.ns_parent]}" ] ||
        miss "parent NS: want ${f[delegation.ns_parent]}, got $RR"
    get_rr "${ANS[$d./DS]:-}" DS 7
    [ "${RR:--}" = "${f[dnssec.ds_digest_types]}" ] ||
        miss "DS digest types: want ${f[dnssec.ds_digest_types]}, got ${RR:--}"

    # 4. The zone, from the first server answering with authority; DNSSEC
    # records only where the servers speak EDNS.
    if [ -n "$first" ]; then
        local -a dq=()
        case "${f[edns.class]}" in
        ok | ignores-version)
            dq=("$d" DNSKEY +dnssec "$d" NSEC3PARAM +dnssec "tbgen-nx.$d" A +dnssec) ;;
        esac
        tqm 4 "@$first" +norec +noedns "$d" NS "$d" MX "$d" TXT "_dmarc.$d" TXT \
            "$d" CAA "$d" SOA "${dq[@]}"
        get_rr "${ANS[$d./NS]:-}" NS 5
        [ "$RR" = "${f[delegation.ns_child]}" ] ||
            miss "child NS: want ${f[delegation.ns_child]}, got $RR"
        get_rr "${ANS[$d./MX]:-}" MX 5
        x=no; [ -n "$RR" ] && x=yes
        [ "$x" = "${f[mail.mx]}" ] || miss "MX: want ${f[mail.mx]}"
        x=no; [[ ${ANS[$d./TXT]:-} == *'"v=spf1'* ]] && x=yes
        [ "$x" = "${f[mail.spf]}" ] || miss "SPF: want ${f[mail.spf]}"
        x=no; [[ ${ANS[_dmarc.$d./TXT]:-} == *'"v=DMARC1'* ]] && x=yes
        [ "$x" = "${f[mail.dmarc]}" ] || miss "DMARC: want ${f[mail.dmarc]}"
        get_rr "${ANS[$d./CAA]:-}" CAA 5
        x=no; [ -n "$RR" ] && x=yes
        [ "$x" = "${f[zone.caa]}" ] || miss "CAA: want ${f[zone.caa]}"
        got=""
        for i in 8 9 10 11; do
            get_rr "${ANS[$d./SOA]:-}" SOA "$i"
            got+="${got:+,}$RR"
        done
        [ "$got" = "${f[soa.timers]}" ] || miss "SOA timers: want ${f[soa.timers]}, got $got"
        if [ ${#dq[@]} -gt 0 ]; then
            out=${ANS[$d./DNSKEY]:-}
            get_rr "$out" DNSKEY 7
            [ "${RR:--}" = "${f[dnssec.algorithms]}" ] ||
                miss "DNSKEY algorithms: want ${f[dnssec.algorithms]}, got ${RR:--}"
            get_rr "$out" RRSIG 9
            got=${RR%%,*}
            [ -n "$got" ] && got="${got:0:4}-${got:4:2}-${got:6:2}T${got:8:2}:${got:10:2}:${got:12:2}Z"
            [ "${got:--}" = "${f[dnssec.earliest_expiry]}" ] ||
                miss "RRSIG expiry: want ${f[dnssec.earliest_expiry]}, got ${got:--}"
            out=${ANS[$d./NSEC3PARAM]:-}
            get_rr "$out" NSEC3PARAM 7
            if [ -n "$RR" ]; then
                x=nsec3
                [ "$RR" = "${f[dnssec.nsec3_iterations]}" ] ||
                    miss "NSEC3 iterations: want ${f[dnssec.nsec3_iterations]}, got $RR"
                get_rr "$out" NSEC3PARAM 8
                got=${RR,,}
                [ "$got" = - ] && got=none
                [ "$got" = "${f[dnssec.nsec3_salt]}" ] ||
                    miss "NSEC3 salt: want ${f[dnssec.nsec3_salt]}, got $got"
                get_rr "${ANS[tbgen-nx.$d./A]:-}" NSEC3 6
                got=no; [ "$RR" = 1 ] && got=yes
                [ "$got" = "${f[dnssec.nsec3_optout]}" ] ||
                    miss "NSEC3 opt-out: want ${f[dnssec.nsec3_optout]}, flags $RR"
            elif [ "${f[dnssec.algorithms]}" != - ]; then
                x=nsec
            else
                x=none
            fi
            [ "$x" = "${f[dnssec.denial]}" ] || miss "denial: want ${f[dnssec.denial]}, got $x"
        fi
    elif [ "${f[delegation.ns_child]}" != - ]; then
        miss "no server answered with authority"
    fi

    if [ -z "$bad" ]; then
        printf '%s\tok\t%s\n' "${f[profile]}" "$d"
    else
        printf '%s\tmismatch\t%s\t%s\n' "${f[profile]}" "$d" "$bad"
    fi
}
export -f tq tqm get_rc has_flag get_rr check_row

results=$(mktemp)
trap 'rm -f "$results"' EXIT
start=$(date +%s)
# shellcheck disable=SC2016 # $1 is for the inner shell
tail -n +2 "$dir/truth.tsv" |
    xargs -d '\n' -P "${TESTBED_TRUTH_JOBS:-8}" -n 1 bash -c 'check_row "$1"' _ > "$results"

total=$(wc -l < "$results")
want=$(($(wc -l < "$dir/truth.tsv") - 1))
awk -F'\t' '{n[$1]++; if ($2 == "ok") ok[$1]++; else bad[$1]++}
    END {for (p in n) printf "%-22s %5d domains  %5d ok  %3d mismatch\n", p, n[p], ok[p], bad[p]}' \
    "$results" | sort
nbad=$(awk -F'\t' '$2 != "ok"' "$results" | wc -l)
if [ "$nbad" -gt 0 ]; then
    echo
    echo "mismatches:"
    awk -F'\t' '$2 != "ok" {printf "  %s (%s): %s\n", $3, $1, $4}' "$results" | head -n 100
fi
echo "testbed_truth: $total of $want domains checked, $nbad mismatches, in $(( $(date +%s) - start )) s"
[ "$nbad" = 0 ] && [ "$total" = "$want" ]
