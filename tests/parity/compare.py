#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# compare.py -- parity of `tldhealth check` with zonemaster-cli, per test case.
#
# Subcommands (stdlib only; see docs/parity.md):
#   pick TRUTH.tsv [--n 100] [--per-profile 3]
#       print "domain<TAB>profile" for the domains to compare: the first
#       PER-PROFILE domains of every profile of truth.tsv (in truth order),
#       then secure and unsigned domains, alternately, until N.
#   modules PATH... [--levels LEVELS]
#       print the modules tldhealth implements, space-separated, in the
#       catalogue's order: those of the messages in its `check --json
#       --level INFO` output (PATH: files, or directories of *.json). With
#       LEVELS, only those that levels.tsv has rows for (the others are
#       named on stderr: a module is compared once its levels are there).
#   zm-profile DEFAULT.json TAGMAP LEVELS [--modules M] [--narrow]
#       print a zonemaster-cli profile: DEFAULT (its --dump-profile output)
#       with every old tag that 4.6.2 logs below INFO but whose current
#       counterpart is NOTICE or above raised to that level, so that
#       `--level INFO` shows it. With --modules, only tags of those modules
#       are raised, and every compared test case missing from DEFAULT's
#       test_cases is reported on stderr; with --narrow too, test_cases
#       keeps only the test cases of those modules (Basic always runs).
#   compare --picked FILE --zm DIR --th DIR --tagmap TAGMAP --levels LEVELS
#           [--modules M] [--global-prefix P]...
#       DIR/<domain>.json are zonemaster-cli --json (an array of messages)
#       and tldhealth check --json (an object with "messages") results.
#       Maps old tags with TAGMAP, rates every message by the catalogue's
#       level (LEVELS), and compares per test case of the modules M
#       (default: the modules tldhealth printed messages of that LEVELS
#       has rows for, as `modules --levels`; every module given in M must
#       have rows) the set of tags at NOTICE and above. Prints agreement per test case
#       and per module, every disagreement, the disagreement classes, the
#       overall agreement and, last, a RESULT line.
#   selftest
#       offline check of the mapping, the comparison, the module parameter
#       and the profile narrowing on small made-up results; exit 0 or 1.
#
# M is a list of module names, separated by spaces or commas, e.g.
# "BASIC ADDRESS NAMESERVER" (case does not matter).
import argparse
import ipaddress
import json
import os
import sys

# Zonemaster's modules in the catalogue's order (section 1.2 of
# shared/reference/zonemaster-testcases.md; engine 4.6.2 runs DNSSEC before
# Delegation, share/modules.txt).
ALL_MODULES = ("BASIC", "ADDRESS", "CONNECTIVITY", "CONSISTENCY",
               "DELEGATION", "DNSSEC", "NAMESERVER", "SYNTAX", "ZONE")
RANK = {"DEBUG3": 0, "DEBUG2": 1, "DEBUG": 2, "INFO": 3, "NOTICE": 4,
        "WARNING": 5, "ERROR": 6, "CRITICAL": 7}
NOTICE = RANK["NOTICE"]
# Test cases zonemaster-cli 5.0.2 (engine 4.6.2) does not have: nothing to
# compare with, so they are left out of the agreement (and listed).
# NAMESERVER15 (software version) is newer than 4.6.2, whose Nameserver.pm
# stops at nameserver13 (its NAMESERVER14 is a description without code).
# DNSSEC: 4.6.2's DNSSEC.pm (v1.1.58) has every test case the catalogue
# has, DNSSEC01-11 and 13-18 (DNSSEC12 is in neither, so not compared).
NOT_IN_OLD = ("CONNECTIVITY04", "ZONE11", "NAMESERVER15")
# The current DNSSEC module stops after DNSSEC07 and DNSSEC11 when the zone
# is not signed (DS07_NOT_SIGNED); 4.6.2 stops only after
# NEITHER_DNSKEY_NOR_DS and runs everything after DS_BUT_NOT_DNSKEY
# (DNSSEC.pm all(), lines 211-291). When a 4.6.2 run has the message on the
# left, its messages of that module's other test cases are dropped: those
# test cases would not have run.
GATES = {("DNSSEC", "DS_BUT_NOT_DNSKEY"): ("DNSSEC07", "DNSSEC11")}
# Basic test cases that 4.6.2 always runs (not in its profile's test_cases).
ALWAYS_RUN = ("BASIC01", "BASIC02")


def module_of(tc):
    """ "NAMESERVER02" -> "NAMESERVER"."""
    return tc.rstrip("0123456789")


def parse_modules(text):
    """A module list ("basic, Nameserver ZONE") in the catalogue's order."""
    want = {w.upper() for w in text.replace(",", " ").split()}
    bad = sorted(want - set(ALL_MODULES))
    if bad:
        raise SystemExit(f"compare.py: unknown module(s) {', '.join(bad)}; "
                         f"known: {' '.join(ALL_MODULES)}")
    if not want:
        raise SystemExit("compare.py: empty module list")
    return [m for m in ALL_MODULES if m in want]


def modules_from_th(paths):
    """The modules of the messages in tldhealth JSON results (files, or
    directories of *.json), in the catalogue's order."""
    seen = set()
    files = []
    for p in paths:
        if os.path.isdir(p):
            files += [os.path.join(p, f) for f in sorted(os.listdir(p))
                      if f.endswith(".json")]
        else:
            files.append(p)
    for f in files:
        th = load_json(f)
        if isinstance(th, dict):
            for m in th.get("messages", []):
                seen.add(m.get("module"))
    return [m for m in ALL_MODULES if m in seen]


def read_tsv(path):
    """Rows of a tab-separated file, without '#' comments and blank lines."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            rows.append(line.split("\t"))
    return rows


def load_levels(path):
    levels = {}
    for r in read_tsv(path):
        if r[0] == "testcase":
            continue
        levels[(r[0], r[1])] = r[2]
    return levels


class Rule:
    """One tagmap row. old_tag may carry conditions, ';'-separated:
    TAG[arg=v1|v2] (an argument has one of the values; @global: an address
    inside a --global-prefix; LO..HI: an integer from LO to HI) and TAG[without=OTHER] (the same run has no
    message OTHER of the same module)."""

    def __init__(self, row, lineno):
        if len(row) < 4:
            raise ValueError(f"tagmap line {lineno}: want 5 columns, got {row}")
        self.module, old, self.testcase, self.new_tag = row[0], row[1], row[2], row[3]
        self.note = row[4] if len(row) > 4 else ""
        self.conds = []
        if "[" in old:
            old, cond = old.split("[", 1)
            if not cond.endswith("]"):
                raise ValueError(f"tagmap line {lineno}: bad condition {cond!r}")
            for c in cond[:-1].split(";"):
                if "=" not in c:
                    raise ValueError(f"tagmap line {lineno}: bad condition {c!r}")
                k, vals = c.split("=", 1)
                self.conds.append((k, set(vals.split("|"))))
        self.old_tag = old

    def matches(self, args, prefixes, present):
        for k, values in self.conds:
            if k == "without":
                if any((self.module, v) in present for v in values):
                    return False
                continue
            if k not in args:
                return False
            v = str(args[k])
            if "@global" in values:
                try:
                    a = ipaddress.ip_address(v)
                except ValueError:
                    return False
                if not any(a.version == p.version and a in p for p in prefixes):
                    return False
            elif v not in values and not any(_in_range(v, r) for r in values):
                return False
        return True


def _in_range(v, r):
    """True if v is an integer inside r ("LO..HI")."""
    lo, sep, hi = r.partition("..")
    try:
        return bool(sep) and int(lo) <= int(v) <= int(hi)
    except ValueError:
        return False


def load_tagmap(path):
    rules = {}
    for n, r in enumerate(read_tsv(path), 1):
        if r[0] == "old_module":
            continue
        rule = Rule(r, n)
        rules.setdefault((rule.module, rule.old_tag), []).append(rule)
    # Conditional rows first, in file order; the plain row is the fallback.
    for k in rules:
        rules[k].sort(key=lambda x: not x.conds)
    return rules


def map_old(msg, rules, prefixes, present):
    """(testcase, tag) of a zonemaster-cli message by the current names,
    None if the table drops it, or ('?', ...) if the table does not know it."""
    module, tc, tag = msg.get("module"), msg.get("testcase", ""), msg.get("tag")
    cands = rules.get((module, tag))
    if not cands:
        return ("?", tc, tag)
    if tc and tc != "UNSPECIFIED":
        same = [r for r in cands if r.testcase == tc]
        if same:
            cands = same
    args = msg.get("args") or {}
    for r in cands:
        if r.matches(args, prefixes, present):
            if r.new_tag == "-":
                return None
            return (r.testcase, r.new_tag)
    return None


def cmd_pick(a):
    rows = []
    with open(a.truth, encoding="utf-8") as f:
        head = f.readline().rstrip("\n").split("\t")
        di, pi = head.index("domain"), head.index("profile")
        for line in f:
            r = line.rstrip("\n").split("\t")
            if len(r) > pi:
                rows.append((r[di], r[pi]))
    chosen, seen = [], set()
    count = {}
    for d, p in rows:
        if count.get(p, 0) < a.per_profile:
            count[p] = count.get(p, 0) + 1
            chosen.append((d, p))
            seen.add(d)
    fill = {"secure": [], "unsigned": []}
    for d, p in rows:
        if p in fill and d not in seen:
            fill[p].append(d)
    turn = 0
    while len(chosen) < a.n and (fill["secure"] or fill["unsigned"]):
        p = ("secure", "unsigned")[turn % 2]
        turn += 1
        if fill[p]:
            chosen.append((fill[p].pop(0), p))
    for d, p in chosen:
        print(f"{d}\t{p}")
    return 0


def comparable(mods, levels, log):
    """mods less those without levels.tsv rows (reported with log)."""
    have = {module_of(tc) for tc, _ in levels}
    skip = [m for m in mods if m not in have]
    if skip:
        log(f"compare.py: tldhealth also printed messages of {' '.join(skip)}: "
            "not compared (no levels.tsv rows yet)")
    return [m for m in mods if m in have]


def cmd_modules(a):
    mods = modules_from_th(a.paths)
    if a.levels:
        mods = comparable(mods, load_levels(a.levels),
                          lambda t: print(t, file=sys.stderr))
    if not mods:
        print("compare.py: no tldhealth messages found in "
              f"{' '.join(a.paths)}", file=sys.stderr)
        return 1
    print(" ".join(mods))
    return 0


def compared_cases(levels, modules):
    """(test cases of the modules in levels.tsv, those also in 4.6.2), in
    the catalogue's order."""
    have = {module_of(tc) for tc, _ in levels}
    lacking = [m for m in modules if m not in have]
    if lacking:
        raise SystemExit(f"compare.py: no levels.tsv rows for {' '.join(lacking)}: "
                         "add the module's tags and catalogue levels first")
    cases = sorted({tc for tc, _ in levels if module_of(tc) in modules},
                   key=lambda t: (ALL_MODULES.index(module_of(t)), t))
    return cases, [tc for tc in cases if tc not in NOT_IN_OLD]


def zm_profile(prof, rules, levels, modules=None, narrow=False, log=None):
    """The zonemaster-cli profile (a dict, changed in place and returned):
    levels raised (see the header), test_cases narrowed with narrow."""
    tl = prof.setdefault("test_levels", {})
    for (module, old_tag), rs in rules.items():
        if modules is not None and module not in modules and module != "SYSTEM":
            continue
        for r in rs:
            want = levels.get((r.testcase, r.new_tag))
            if not want or r.new_tag == "-":
                continue
            have = tl.get(module, {}).get(old_tag, "DEBUG")
            if RANK[have] < RANK["INFO"] and RANK[want] >= NOTICE:
                tl.setdefault(module, {})[old_tag] = want
                if log:
                    log(f"zm-profile: {module}:{old_tag} {have} -> {want}")
    if modules is not None:
        default = [t.upper() for t in prof.get("test_cases", [])]
        _, cases = compared_cases(levels, modules)
        for tc in cases:
            if tc not in default and tc not in ALWAYS_RUN and log:
                log(f"zm-profile: {tc} is compared but not in zonemaster-cli's "
                    "default test_cases")
        if narrow:
            keep = set(modules) | {"BASIC"}
            prof["test_cases"] = [t for t in prof.get("test_cases", [])
                                  if module_of(t.upper()) in keep]
            if log:
                log(f"zm-profile: test_cases narrowed to {' '.join(sorted(keep, key=ALL_MODULES.index))}: "
                    f"{len(prof['test_cases'])} of {len(default)}")
    return prof


def cmd_zm_profile(a):
    with open(a.default, encoding="utf-8") as f:
        text = f.read()
    # zonemaster-cli may print a "Loading profile" line before the JSON.
    prof = json.loads(text[text.index("{"):])
    modules = parse_modules(a.modules) if a.modules else None
    if a.narrow and modules is None:
        raise SystemExit("compare.py zm-profile: --narrow needs --modules")
    zm_profile(prof, load_tagmap(a.tagmap), load_levels(a.levels), modules,
               a.narrow, log=lambda t: print(t, file=sys.stderr))
    json.dump(prof, sys.stdout, indent=1, sort_keys=True)
    print()
    return 0


def load_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return None
    # zonemaster-cli prints nothing but the JSON with --json; be lenient
    # about a diagnostic line before it all the same.
    for start in range(len(text)):
        if text[start] in "[{":
            break
    else:
        return None
    try:
        return json.loads(text[start:])
    except ValueError:
        return None


def compare(picked, zm_dir, th_dir, levels, rules, prefixes, modules):
    """The comparison as a dict (see cmd_compare for what is printed)."""
    all_cases, cases = compared_cases(levels, modules)

    def rate(tc, tag, level):
        lv = levels.get((tc, tag), level)
        return RANK.get(lv, 0)

    res = {"modules": modules, "cases": cases,
           "not_in_old": [tc for tc in all_cases if tc in NOT_IN_OLD],
           "per_case": {tc: [0, 0] for tc in cases}, "diffs": [],
           "missing": [], "unmapped": {}, "level_diff": {}, "th_seen": set()}
    per_case = res["per_case"]
    for domain, profile in picked:
        zm = load_json(os.path.join(zm_dir, domain + ".json"))
        th = load_json(os.path.join(th_dir, domain + ".json"))
        if not isinstance(zm, list) or not isinstance(th, dict):
            res["missing"].append((domain, profile,
                                   "zonemaster-cli" if not isinstance(zm, list) else "tldhealth"))
            continue
        zs, ts = {}, {}
        present = {(m.get("module"), m.get("tag")) for m in zm}
        gated = {mod: keep for (mod, tag), keep in GATES.items()
                 if (mod, tag) in present}
        for m in zm:
            if m.get("module") not in ALL_MODULES + ("SYSTEM",):
                continue
            got = map_old(m, rules, prefixes, present)
            if got is None:
                continue
            if got[0] == "?":
                if m.get("module") not in modules:
                    continue
                k = f"{m.get('module')}:{got[1]}:{got[2]}"
                res["unmapped"][k] = res["unmapped"].get(k, 0) + 1
                tc, tag = got[1], got[2]
            else:
                tc, tag = got
            if module_of(tc) in gated and tc not in gated[module_of(tc)]:
                continue
            if tc in per_case and rate(tc, tag, m.get("level")) >= NOTICE:
                zs.setdefault(tc, set()).add(tag)
        for m in th.get("messages", []):
            tc, tag = m.get("testcase"), m.get("tag")
            if module_of(tc or "") not in modules:
                continue
            res["th_seen"].add(tc)
            want = levels.get((tc, tag))
            if want and want != m.get("level"):
                k = f"{tc}:{tag} {m.get('level')} (catalogue {want})"
                res["level_diff"][k] = res["level_diff"].get(k, 0) + 1
            if tc in per_case and rate(tc, tag, m.get("level")) >= NOTICE:
                ts.setdefault(tc, set()).add(tag)
        for tc in cases:
            z, t = zs.get(tc, set()), ts.get(tc, set())
            per_case[tc][1] += 1
            if z == t:
                per_case[tc][0] += 1
            else:
                res["diffs"].append((domain, profile, tc, sorted(z - t), sorted(t - z)))
    per_mod = {}
    for tc, (ok, n) in per_case.items():
        v = per_mod.setdefault(module_of(tc), [0, 0, 0])
        v[0] += ok
        v[1] += n
        v[2] += 1
    res["per_module"] = per_mod
    res["ok"] = sum(v[0] for v in per_case.values())
    res["total"] = sum(v[1] for v in per_case.values())
    return res


def cmd_compare(a):
    levels = load_levels(a.levels)
    rules = load_tagmap(a.tagmap)
    prefixes = [ipaddress.ip_network(p, strict=False) for p in a.global_prefix]
    picked = [r[:2] for r in read_tsv(a.picked)]
    if a.modules:
        modules, how = parse_modules(a.modules), "given"
    else:
        modules = comparable(
            modules_from_th([os.path.join(a.th, d + ".json") for d, _ in picked]),
            levels, print)
        how = "those tldhealth printed messages of"
        if not modules:
            raise SystemExit("compare.py: no tldhealth results to take the modules from; "
                             "give --modules")
    r = compare(picked, a.zm, a.th, levels, rules, prefixes, modules)
    per_case, diffs, missing = r["per_case"], r["diffs"], r["missing"]
    cases = r["cases"]

    n_dom = len(picked) - len(missing)
    print(f"parity: {len(picked)} domains picked, {n_dom} with both results, "
          f"{len(cases)} test cases compared")
    print(f"modules compared ({how}): {' '.join(modules)}")
    print(f"not compared (absent from zonemaster-cli 5.0.2 / engine 4.6.2): "
          f"{', '.join(r['not_in_old']) or '-'}")
    print()
    print("agreement per test case (domains whose NOTICE+ tag sets are equal):")
    for tc in cases:
        ok, n = per_case[tc]
        note = "" if tc in r["th_seen"] else "   (tldhealth printed nothing for it)"
        print(f"  {tc:<15} {ok:>4}/{n:<4} {ok / n if n else 0:.3f}{note}")
    print()
    print("agreement per module ((test case x domain) pairs):")
    for mod in modules:
        ok, n, k = r["per_module"].get(mod, [0, 0, 0])
        print(f"  {mod:<15} {ok:>5}/{n:<5} {ok / n if n else 0:.3f}   ({k} test cases)")
    print()
    if missing:
        print(f"missing results ({len(missing)}, left out):")
        for d, p, who in missing:
            print(f"  {d} ({p}): no parsable {who} output")
        print()
    print(f"disagreements ({len(diffs)}):")
    for d, p, tc, zo, to in diffs:
        print(f"  DIFF {d} ({p}) {tc} zonemaster_only={','.join(zo) or '-'} "
              f"tldhealth_only={','.join(to) or '-'}")
    print()
    classes = {}
    for d, p, tc, zo, to in diffs:
        k = (tc, ",".join(zo) or "-", ",".join(to) or "-")
        c = classes.setdefault(k, [0, set()])
        c[0] += 1
        c[1].add(p)
    print(f"disagreement classes ({len(classes)}):")
    for (tc, zo, to), (n, ps) in sorted(classes.items(),
                                        key=lambda kv: (-kv[1][0], kv[0])):
        print(f"  {n:>4} x {tc} zonemaster_only={zo} tldhealth_only={to} "
              f"profiles={','.join(sorted(ps))}")
    if r["unmapped"]:
        print()
        print("zonemaster-cli tags missing from the tagmap (kept as they are):")
        for k, n in sorted(r["unmapped"].items()):
            print(f"  {k} x{n}")
    if r["level_diff"]:
        print()
        print("tldhealth levels that differ from the catalogue (rated by the catalogue):")
        for k, n in sorted(r["level_diff"].items()):
            print(f"  {k} x{n}")
    ok, tot = r["ok"], r["total"]
    frac = ok / tot if tot else 0.0
    print()
    print(f"overall: {ok}/{tot} (test case x domain) pairs agree")
    print(f"RESULT parity cases={len(cases)} agreement={frac:.3f}")
    return 0


# ---- selftest ---------------------------------------------------------------

def _zm(module, tc, tag, level, **args):
    return {"module": module, "testcase": tc, "tag": tag, "level": level,
            "args": args, "timestamp": 0.1}


def _th(tc, tag, level, **args):
    return {"module": module_of(tc), "testcase": tc, "tag": tag,
            "level": level, "args": args}


# Made-up results of three domains. Every domain has the messages a
# healthy run prints at INFO for BASIC01/02 on both sides, so that only the
# lines below make a difference.
_BASE_ZM = [_zm("BASIC", "BASIC01", "HAS_PARENT", "INFO", pname="se"),
            _zm("BASIC", "BASIC02", "HAS_NAMESERVERS", "INFO", ns="ns1.x.se")]
_BASE_TH = [_th("BASIC01", "B01_PARENT_FOUND", "INFO"),
            _th("BASIC01", "B01_CHILD_FOUND", "INFO"),
            _th("BASIC02", "B02_AUTH_RESPONSE_SOA", "INFO")]
_SELFTEST = {
    # Agrees everywhere: same tags, a 4.6.2 BASIC NS_FAILED dropped because
    # another server works ([without=HAS_NAMESERVERS]), an INFO tag on
    # one side only (below NOTICE), NAMESERVER15 tldhealth-only (not in
    # 4.6.2: not compared).
    "agree.se": (
        [_zm("BASIC", "BASIC02", "NS_FAILED", "ERROR", ns="ns2.x.se", rcode="REFUSED"),
         _zm("NAMESERVER", "NAMESERVER01", "IS_A_RECURSOR", "ERROR", ns="ns1.x.se/127.100.2.1"),
         _zm("NAMESERVER", "NAMESERVER02", "NO_EDNS_SUPPORT", "WARNING", ns="ns1.x.se/127.100.2.1"),
         _zm("NAMESERVER", "NAMESERVER02", "NO_RESPONSE", "DEBUG", ns="ns2", domain="x.se"),
         _zm("NAMESERVER", "NAMESERVER04", "SAME_SOURCE_IP", "INFO", names="ns1")],
        [_th("NAMESERVER01", "IS_A_RECURSOR", "ERROR", ns="ns1.x.se/127.100.2.1"),
         _th("NAMESERVER02", "NO_EDNS_SUPPORT", "WARNING", ns="ns1.x.se/127.100.2.1"),
         _th("NAMESERVER15", "N15_SOFTWARE_VERSION", "NOTICE", ns_list="ns1")]),
    # tc-always: tldhealth's UDP-only DO query sees TC without OPT; 4.6.2
    # reuses NAMESERVER02's answer (TCP after fallback). Also an ADDRESS
    # disagreement, which counts only when ADDRESS is compared.
    "tc.se": (
        [_zm("ADDRESS", "ADDRESS02", "NAMESERVER_IP_WITHOUT_REVERSE", "WARNING", ns="ns1")],
        [_th("NAMESERVER13", "MISSING_OPT_IN_TRUNCATED", "WARNING", ns="ns1.x.se/127.100.2.1")]),
    # edns1-ignore: NOERROR to EDNS version 1; 4.6.2 calls it an erroneous
    # response, tldhealth (the specification) an unexpected RCODE. And a
    # Nameserver tag unknown to the map.
    "edns1.se": (
        [_zm("NAMESERVER", "NAMESERVER10", "N10_EDNS_RESPONSE_ERROR", "WARNING", ns_ip_list="127.100.2.1"),
         _zm("NAMESERVER", "NAMESERVER10", "N10_MADE_UP", "WARNING")],
        [_th("NAMESERVER10", "N10_UNEXPECTED_RCODE", "WARNING", rcode="NOERROR", ns_ip_list="127.100.2.1")]),
}

# DNSSEC (compared on its own, so that the module lists above stay as they
# are): the 4.6.2 gate after DS_BUT_NOT_DNSKEY, messages of all() with
# testcase UNSPECIFIED, the splits by argument (ranges too), and one
# expected class: 4.6.2 has no salt check.
_SELFTEST_DNSSEC = {
    "dsu.se": (
        [_zm("DNSSEC", "DNSSEC07", "DS_BUT_NOT_DNSKEY", "ERROR", child="ns1", parent="p1"),
         _zm("DNSSEC", "DNSSEC05", "NO_RESPONSE_DNSKEY", "ERROR", ns="ns1.x.se/127.100.2.1"),
         _zm("DNSSEC", "DNSSEC14", "NO_RESPONSE_DNSKEY", "ERROR", ns="ns1.x.se/127.100.2.1"),
         _zm("DNSSEC", "DNSSEC11", "DS11_DS_BUT_UNSIGNED_ZONE", "ERROR")],
        [_th("DNSSEC07", "DS07_NOT_SIGNED", "WARNING"),
         _th("DNSSEC11", "DS11_DS_BUT_UNSIGNED_ZONE", "ERROR")]),
    "unsigned.se": (
        [_zm("DNSSEC", "DNSSEC07", "NEITHER_DNSKEY_NOR_DS", "NOTICE", child="ns1", parent="p1"),
         _zm("DNSSEC", "UNSPECIFIED", "NOT_SIGNED", "NOTICE", zone="unsigned.se")],
        [_th("DNSSEC07", "DS07_NOT_SIGNED", "WARNING")]),
    "salted.se": (
        [_zm("DNSSEC", "DNSSEC07", "DNSKEY_AND_DS", "INFO", child="ns1", parent="p1"),
         _zm("DNSSEC", "DNSSEC01", "DS01_DS_ALGO_RESERVED", "ERROR", ds_algo_num=200, keytag=1),
         _zm("DNSSEC", "DNSSEC01", "DS01_DS_ALGO_RESERVED", "ERROR", ds_algo_num=6, keytag=1),
         _zm("DNSSEC", "DNSSEC03", "ITERATIONS_OK", "WARNING", count=10),
         _zm("DNSSEC", "DNSSEC05", "ALGORITHM_NOT_RECOMMENDED", "WARNING", algo_num=5, keytag=1),
         _zm("DNSSEC", "DNSSEC05", "ALGORITHM_OK", "INFO", algo_num=13, keytag=2)],
        [_th("DNSSEC07", "DS07_DS_FOR_SIGNED_ZONE", "INFO"),
         _th("DNSSEC01", "DS01_DS_ALGO_RESERVED", "ERROR", ds_algo_num=200),
         _th("DNSSEC01", "DS01_DS_ALGO_OK", "INFO", ds_algo_num=6),
         _th("DNSSEC03", "DS03_ILLEGAL_ITERATION_VALUE", "WARNING"),
         _th("DNSSEC03", "DS03_ILLEGAL_SALT_LENGTH", "WARNING"),
         _th("DNSSEC05", "DS05_ALGO_DEPRECATED", "ERROR"),
         _th("DNSSEC05", "DS05_ALGO_OK", "INFO")]),
}


def cmd_selftest(a):
    import tempfile
    here = os.path.dirname(os.path.abspath(__file__))
    levels = load_levels(os.path.join(here, "levels.tsv"))
    rules = load_tagmap(os.path.join(here, "tagmap.tsv"))
    fails = []
    n = [0]

    def check(what, got, want):
        n[0] += 1
        if got != want:
            fails.append(f"{what}: got {got!r}, want {want!r}")

    # Every tagmap row names a test case and tag of levels.tsv (or '-'),
    # unless its note says the catalogue does not list the tag there.
    cases = {tc for tc, _ in levels}
    for (mod, old), rs in rules.items():
        for r in rs:
            if r.testcase != "-" and r.new_tag != "-":
                n[0] += 1
                if r.testcase not in cases or (
                        (r.testcase, r.new_tag) not in levels
                        and "not listed for" not in r.note):
                    fails.append(f"tagmap {mod}:{old} -> {r.testcase}:{r.new_tag} "
                                 "is not in levels.tsv")

    with tempfile.TemporaryDirectory() as d:
        zdir, tdir = os.path.join(d, "zm"), os.path.join(d, "th")
        os.mkdir(zdir)
        os.mkdir(tdir)
        picked = []
        for dom, (zm, th) in _SELFTEST.items():
            picked.append((dom, "p-" + dom.split(".")[0]))
            with open(os.path.join(zdir, dom + ".json"), "w") as f:
                json.dump(_BASE_ZM + zm, f)
            with open(os.path.join(tdir, dom + ".json"), "w") as f:
                json.dump({"domain": dom, "messages": _BASE_TH + th, "facts": {}}, f)
        picked.append(("gone.se", "p-gone"))  # no results: left out

        # The module list from tldhealth's output: ADDRESS is not in it.
        mods = modules_from_th([tdir])
        check("modules from tldhealth output", mods, ["BASIC", "NAMESERVER"])
        check("parse_modules", parse_modules("nameserver, Basic"), ["BASIC", "NAMESERVER"])
        skipped = []
        check("comparable", comparable(["BASIC", "DNSSEC", "NAMESERVER"],
                                       {("BASIC01", "X"): "INFO", ("NAMESERVER01", "Y"): "INFO"},
                                       skipped.append), ["BASIC", "NAMESERVER"])
        check("comparable reports", len(skipped), 1)

        r = compare(picked, zdir, tdir, levels, rules, [], mods)
        ns_cases = [f"NAMESERVER{i:02d}" for i in list(range(1, 14))]
        check("compared cases", r["cases"], ["BASIC01", "BASIC02", "BASIC03"] + ns_cases)
        check("not in 4.6.2", r["not_in_old"], ["NAMESERVER15"])
        check("missing", r["missing"], [("gone.se", "p-gone", "zonemaster-cli")])
        check("diffs", sorted((x[0], x[2], tuple(x[3]), tuple(x[4])) for x in r["diffs"]),
              [("edns1.se", "NAMESERVER10", ("N10_EDNS_RESPONSE_ERROR", "N10_MADE_UP"),
                ("N10_UNEXPECTED_RCODE",)),
               ("tc.se", "NAMESERVER13", (), ("MISSING_OPT_IN_TRUNCATED",))])
        check("unmapped", r["unmapped"], {"NAMESERVER:NAMESERVER10:N10_MADE_UP": 1})
        check("NAMESERVER per module", r["per_module"]["NAMESERVER"], [3 * 13 - 2, 3 * 13, 13])
        check("BASIC per module", r["per_module"]["BASIC"], [9, 9, 3])
        check("overall", (r["ok"], r["total"]), (3 * 16 - 2, 3 * 16))

        # ADDRESS given: its disagreement counts, NAMESERVER's do not.
        r = compare(picked, zdir, tdir, levels, rules, [],
                    parse_modules("BASIC ADDRESS"))
        check("ADDRESS diffs", [(x[0], x[2], x[3], x[4]) for x in r["diffs"]],
              [("tc.se", "ADDRESS02", ["NAMESERVER_IP_WITHOUT_REVERSE"], [])])
        check("ADDRESS unmapped", r["unmapped"], {})

    with tempfile.TemporaryDirectory() as d:
        zdir, tdir = os.path.join(d, "zm"), os.path.join(d, "th")
        os.mkdir(zdir)
        os.mkdir(tdir)
        picked = []
        for dom, (zm, th) in _SELFTEST_DNSSEC.items():
            picked.append((dom, "p-" + dom.split(".")[0]))
            with open(os.path.join(zdir, dom + ".json"), "w") as f:
                json.dump(_BASE_ZM + zm, f)
            with open(os.path.join(tdir, dom + ".json"), "w") as f:
                json.dump({"domain": dom, "messages": _BASE_TH + th, "facts": {}}, f)
        mods = modules_from_th([tdir])
        check("DNSSEC modules from tldhealth output", mods, ["BASIC", "DNSSEC"])
        r = compare(picked, zdir, tdir, levels, rules, [], mods)
        ds_cases = [f"DNSSEC{i:02d}" for i in list(range(1, 12)) + list(range(13, 19))]
        check("DNSSEC compared cases", r["cases"], ["BASIC01", "BASIC02", "BASIC03"] + ds_cases)
        check("DNSSEC not in 4.6.2", r["not_in_old"], [])
        check("DNSSEC diffs", [(x[0], x[2], x[3], x[4]) for x in r["diffs"]],
              [("salted.se", "DNSSEC03", [], ["DS03_ILLEGAL_SALT_LENGTH"])])
        check("DNSSEC unmapped", r["unmapped"], {})
        check("DNSSEC per module", r["per_module"]["DNSSEC"], [3 * 17 - 1, 3 * 17, 17])
    present = {("DNSSEC", "ALGORITHM_OK")}
    for num, want in ((5, "DS01_DS_ALGO_OK"), (100, "DS01_DS_ALGO_UNASSIGNED"),
                      (128, "DS01_DS_ALGO_RESERVED"), (252, "DS01_DS_ALGO_RESERVED"),
                      (254, "DS01_DS_ALGO_PRIVATE"), (255, "DS01_DS_ALGO_UNASSIGNED")):
        check(f"DS01 digest type {num}",
              map_old(_zm("DNSSEC", "DNSSEC01", "DS01_DS_ALGO_RESERVED", "ERROR",
                          ds_algo_num=num), rules, [], present), ("DNSSEC01", want))
    check("DNSSEC05 server without keys",
          map_old(_zm("DNSSEC", "DNSSEC05", "NO_RESPONSE_DNSKEY", "ERROR"), rules, [], present),
          ("DNSSEC05", "DS05_SERVER_NO_DNSSEC"))
    check("DNSSEC05 zone without keys",
          map_old(_zm("DNSSEC", "DNSSEC05", "NO_RESPONSE_DNSKEY", "ERROR"), rules, [], set()),
          ("DNSSEC05", "DS05_ZONE_NO_DNSSEC"))
    check("DNSSEC03 zero iterations",
          map_old(_zm("DNSSEC", "DNSSEC03", "ITERATIONS_OK", "DEBUG", count=0), rules, [], set()),
          ("DNSSEC03", "DS03_LEGAL_ITERATION_VALUE"))
    prof = {"test_cases": ["dnssec03", "dnssec05"], "test_levels": {
        "DNSSEC": {"ITERATIONS_OK": "DEBUG", "NO_RESPONSE": "DEBUG", "KEY_DETAILS": "DEBUG"}}}
    zm_profile(prof, rules, levels, ["BASIC", "DNSSEC"])
    check("DNSSEC raised levels", {k: prof["test_levels"]["DNSSEC"][k] for k in
                                   ("ITERATIONS_OK", "NO_RESPONSE", "KEY_DETAILS")},
          {"ITERATIONS_OK": "WARNING", "NO_RESPONSE": "WARNING", "KEY_DETAILS": "DEBUG"})

    # The profile: narrowed to the compared modules (Basic kept), one level
    # raised, a compared test case missing from the default list reported.
    prof = {"test_cases": ["basic03", "address01", "dnssec01", "nameserver01",
                           "nameserver13", "zone01"],
            "test_levels": {"BASIC": {"NS_NO_RESPONSE": "DEBUG"},
                            "NAMESERVER": {"NO_RESPONSE": "DEBUG"}}}
    logged = []
    zm_profile(prof, rules, levels, ["BASIC", "NAMESERVER"], narrow=True,
               log=logged.append)
    check("narrowed test_cases", prof["test_cases"],
          ["basic03", "nameserver01", "nameserver13"])
    check("raised level", prof["test_levels"]["BASIC"]["NS_NO_RESPONSE"], "WARNING")
    check("DEBUG kept", prof["test_levels"]["NAMESERVER"]["NO_RESPONSE"], "DEBUG")
    check("reported missing", sorted(x.split()[1] for x in logged if "not in" in x),
          [f"NAMESERVER{i:02d}" for i in range(2, 13)])
    prof = {"test_cases": ["basic03", "dnssec01", "nameserver01"], "test_levels": {}}
    zm_profile(prof, rules, levels, ["BASIC", "NAMESERVER"], narrow=False)
    check("not narrowed", prof["test_cases"], ["basic03", "dnssec01", "nameserver01"])

    for f in fails:
        print(f"selftest: FAIL {f}")
    print(f"selftest: {n[0] - len(fails)}/{n[0]} checks passed")
    return 1 if fails else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("pick")
    p.add_argument("truth")
    p.add_argument("--n", type=int, default=100)
    p.add_argument("--per-profile", type=int, default=3)
    p = sub.add_parser("modules")
    p.add_argument("paths", nargs="+")
    p.add_argument("--levels")
    p = sub.add_parser("zm-profile")
    p.add_argument("default")
    p.add_argument("tagmap")
    p.add_argument("levels")
    p.add_argument("--modules")
    p.add_argument("--narrow", action="store_true")
    p = sub.add_parser("compare")
    p.add_argument("--picked", required=True)
    p.add_argument("--zm", required=True)
    p.add_argument("--th", required=True)
    p.add_argument("--tagmap", required=True)
    p.add_argument("--levels", required=True)
    p.add_argument("--modules")
    p.add_argument("--global-prefix", action="append", default=[])
    sub.add_parser("selftest")
    a = ap.parse_args()
    return {"pick": cmd_pick, "modules": cmd_modules, "zm-profile": cmd_zm_profile,
            "compare": cmd_compare, "selftest": cmd_selftest}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
