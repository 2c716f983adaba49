#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# check_truth.py -- compare `tldhealth check --json` results with truth.tsv.
#
# Usage: check_truth.py TRUTH.tsv RESULTS.jsonl
# For every domain: the facts the engine derives (dnssec.*: status and
# bogus reason, algorithms, DS digest types, denial, NSEC3 parameters,
# earliest signature expiry; delegation.lame,
# delegation.unreachable, ns_match, ns_parent, ns_child, soa.consistent,
# soa.serials, ns.ipv4, ns.ipv6, mail.mx, mail.spf, each server's class)
# must equal the generator's, and each profile must raise the tags its
# fault implies (table below, checked by hand against the catalogue).
# Prints disagreements and a summary; exits 1 on any.
import csv
import json
import sys

# Tags a profile must produce (module test cases of issue 4). A tuple
# means "any of these". BASIC02 names failing servers only when none works
# (its step 7), so partly lame domains show in CONNECTIVITY01 instead; the
# ns-nxdomain profile's unresolvable name is NAMESERVER06's.
EXPECTED_TAGS = {
    "lame-refused": ["CN01_UNEXPECTED_RCODE_SOA_QUERY_UDP"],
    "lame-noaa": ["CN01_SOA_RECORD_NOT_AA_UDP", "IS_NOT_AUTHORITATIVE"],
    "lame-full": ["B02_NO_WORKING_NS", "CANNOT_CONTINUE"],
    "unreachable-partial": ["CN01_NO_RESPONSE_UDP"],
    "unreachable-full": ["B02_NO_WORKING_NS", "CANNOT_CONTINUE"],
    "ns-mismatch": [("EXTRA_NAME_PARENT", "EXTRA_NAME_CHILD")],
    "soa-drift": ["MULTIPLE_SOA_SERIALS"],
    "single-ns": ["NOT_ENOUGH_NS_DEL"],
    "glue-mismatch": ["IN_BAILIWICK_ADDR_MISMATCH"],
    "ns-cname": ["NS_IS_CNAME"],
    "no-tcp": [("CN02_NO_RESPONSE_TCP", "CN02_NO_RESPONSE_SOA_QUERY_TCP")],
    # Nameserver module (issue 5), from what each fault does to a server:
    "open-recursive": ["IS_A_RECURSOR"],
    "open-axfr": ["AXFR_AVAILABLE"],
    "edns-formerr": ["NO_EDNS_SUPPORT"],
    "edns-drop": ["BREAKS_ON_EDNS"],
    "edns1-ignore": ["N10_UNEXPECTED_RCODE"],
    "tc-always": ["MISSING_OPT_IN_TRUNCATED"],
    "ns-nxdomain": ["CAN_NOT_BE_RESOLVED"],
    # DNSSEC module (issue 5):
    "unsigned": ["DS07_NOT_SIGNED"],
    "island": ["DS07_NO_DS_FOR_SIGNED_ZONE"],
    "ds-mismatch": ["DS02_NO_VALID_DNSKEY_FOR_ANY_DS"],
    "ds-unsigned": ["DS11_DS_BUT_UNSIGNED_ZONE"],
    "expired-signatures": ["DS08_DNSKEY_RRSIG_EXPIRED", "DS09_SOA_RRSIG_EXPIRED"],
    "nsec3-salted": ["DS03_ILLEGAL_SALT_LENGTH"],
    "nsec3-iter100": ["DS03_ILLEGAL_ITERATION_VALUE"],
    "nsec3-optout": ["DS03_NSEC3_OPT_OUT_ENABLED_NON_TLD"],
}
# Tags no healthy profile may produce (an ERROR or worse there is a bug).
HEALTHY = {"secure", "unsigned", "island", "nsec3-salted", "nsec3-iter100",
           "nsec3-optout", "open-axfr"}


def yesno(v):
    return "yes" if v else "no"


def main():
    truth = {r["domain"]: r for r in csv.DictReader(open(sys.argv[1]), delimiter="\t")}
    results = {}
    for line in open(sys.argv[2]):
        line = line.strip()
        if line:
            o = json.loads(line)
            results[o["domain"]] = o
    bad = 0
    checked = 0
    per_fact = {}
    implemented = set()
    for o in results.values():
        for m in o["messages"]:
            implemented.add(m["testcase"])

    def fail(domain, what):
        nonlocal bad
        bad += 1
        if bad <= 40:
            print(f"DIFF {domain} ({truth[domain]['profile']}): {what}")

    for domain, t in sorted(truth.items()):
        if domain not in results:
            fail(domain, "no result")
            continue
        checked += 1
        o = results[domain]
        f = o["facts"]
        d = f["delegation"]
        served = d["ns_child"] is not None
        got = {
            "delegation.lame": d["lame"],
            "delegation.unreachable": d["unreachable"],
            "delegation.ns_parent": ",".join(d["ns_parent"]),
            "ns.ipv4": str(f["ns"]["ipv4"]),
            "ns.ipv6": str(f["ns"]["ipv6"]),
        }
        if t["delegation.ns_match"] != "-":
            got["delegation.ns_match"] = yesno(d["ns_match"]) if served else "-"
            got["delegation.ns_child"] = ",".join(d["ns_child"] or [])
        if t["soa.consistent"] != "-":
            got["soa.consistent"] = yesno(f["soa"]["consistent"])
            got["soa.serials"] = ",".join(str(s) for s in f["soa"]["serials"])
        if t["mail.mx"] != "-":
            got["mail.mx"] = yesno(f["mail"]["mx"])
            got["mail.spf"] = yesno(f["mail"]["spf"])
        if t.get("mail.dmarc", "-") != "-":
            got["mail.dmarc"] = yesno(f["mail"]["dmarc"])
            got["zone.caa"] = yesno(f["zone"]["caa"])
        if t.get("soa.timers", "-") != "-":
            s = f["soa"]
            got["soa.timers"] = ",".join(
                str(s[k]) for k in ("refresh", "retry", "expire", "minimum"))
        dn = f["dnssec"]
        got["dnssec.status"] = dn["status"]
        if t["dnssec.bogus_reason"] != "-":
            # tldhealth lists every reason; truth names the one it built.
            r = t["dnssec.bogus_reason"]
            got["dnssec.bogus_reason"] = r if r in dn["bogus_reasons"] else \
                ",".join(dn["bogus_reasons"]) or "-"
        if t["dnssec.algorithms"] != "-":
            got["dnssec.algorithms"] = ",".join(str(a) for a in dn["algorithms"]) or "-"
        got["dnssec.ds_digest_types"] = ",".join(
            str(a) for a in dn["ds_digest_types"]) or "-"
        if t["dnssec.denial"] != "-":
            got["dnssec.denial"] = dn["denial"] or "-"
        if t["dnssec.nsec3_iterations"] != "-":
            got["dnssec.nsec3_iterations"] = str(dn["nsec3_iterations"])
            got["dnssec.nsec3_salt"] = dn["nsec3_salt"] or "none"
            got["dnssec.nsec3_optout"] = yesno(dn["nsec3_optout"])
        if t["dnssec.earliest_expiry"] != "-":
            got["dnssec.earliest_expiry"] = dn["earliest_expiry"] or "-"
        # EDNS compliance per server address (engine/ednscomp): an
        # authoritative server passes every Flag Day test (open recursion
        # and open AXFR are no EDNS faults); a server with an EDNS, TCP or
        # truncation fault, or a lame or silent one, fails some. Rate-limited and slow servers are left out (timing).
        edns = {e["address"]: e["verdict"] for e in f["edns"]["servers"]}
        want_e, got_e = [], []
        for srv in t["servers"].split(","):
            name_addr, _, cls = srv.partition("=")
            addr = name_addr.rsplit("/", 1)[1]
            flags = set(cls.split("+")[1:])
            cls = cls.split("+")[0]
            if addr == "-" or addr not in edns or flags & {"rrl", "slow"}:
                continue
            ok = cls in ("AA", "CNAME") and not flags & {
                "edns-formerr", "edns-drop", "edns1-ignore", "notcp",
                "tc-always"}
            want_e.append(f"{addr}={'ok' if ok else 'not-ok'}")
            got_e.append(f"{addr}={'ok' if edns[addr] == 'ok' else 'not-ok'}")
        got["edns.servers"] = ",".join(sorted(set(got_e)))
        t["edns.servers"] = ",".join(sorted(set(want_e)))
        got["servers"] = ",".join(sorted(
            f"{s['name']}/{s['address'] or '-'}={s['udp']}" for s in f["servers"]))
        want_servers = ",".join(sorted(
            s.split("+")[0] for s in t["servers"].split(",")))
        for k, v in got.items():
            w = want_servers if k == "servers" else t[k]
            per_fact.setdefault(k, [0, 0])
            per_fact[k][1] += 1
            if v == w:
                per_fact[k][0] += 1
            else:
                fail(domain, f"{k}: got {v!r}, truth {w!r}")
        tags = {m["tag"] for m in o["messages"]}
        for want in EXPECTED_TAGS.get(t["profile"], []):
            alts = want if isinstance(want, tuple) else (want,)
            if not any(a in tags for a in alts):
                fail(domain, f"missing tag {'|'.join(alts)}; got {sorted(tags)}")
        # A SHA-1 DS is deprecated (DNSSEC01, ERROR): when DNSSEC01 ran
        # (not after CANNOT_CONTINUE or DS07_NOT_SIGNED), the tag must come
        # exactly for the domains whose parent publishes one.
        sha1 = "1" in t["dnssec.ds_digest_types"].split(",")
        ran01 = any(m["testcase"] == "DNSSEC01" for m in o["messages"])
        if ran01 and sha1 != ("DS01_DS_ALGO_DEPRECATED" in tags):
            fail(domain, f"DS01_DS_ALGO_DEPRECATED {'missing' if sha1 else 'without a SHA-1 DS'}")
        if t["profile"] in HEALTHY:
            worst = [m["tag"] for m in o["messages"]
                     if m["level"] in ("ERROR", "CRITICAL")
                     and m["tag"] != "DS01_DS_ALGO_DEPRECATED"]
            if worst:
                fail(domain, f"healthy profile with {worst}")
    for k, (ok, n) in sorted(per_fact.items()):
        print(f"fact {k}: {ok}/{n} agree")
    print(f"test cases seen in results: {len(implemented)}")
    print(f"check_truth: {checked} domains, {bad} disagreements")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
