#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# compare.py -- parity of `tldhealth check` with zonemaster-cli, per test case.
#
# Subcommands (stdlib only; see docs/parity.md):
#   pick TRUTH.tsv [--n 100] [--per-profile 3]
#       print "domain<TAB>profile" for the domains to compare: the first
#       PER-PROFILE domains of every profile of truth.tsv (in truth order),
#       then secure and unsigned domains, alternately, until N.
#   zm-profile DEFAULT.json TAGMAP LEVELS
#       print a zonemaster-cli profile: DEFAULT (its --dump-profile output)
#       with every old tag that 4.6.2 logs below INFO but whose current
#       counterpart is NOTICE or above raised to that level, so that
#       `--level INFO` shows it. Nothing else changes.
#   compare --picked FILE --zm DIR --th DIR --tagmap TAGMAP --levels LEVELS
#           [--global-prefix P]...
#       DIR/<domain>.json are zonemaster-cli --json (an array of messages)
#       and tldhealth check --json (an object with "messages") results.
#       Maps old tags with TAGMAP, rates every message by the catalogue's
#       level (LEVELS), and compares per test case the set of tags at
#       NOTICE and above. Prints agreement per test case, every
#       disagreement, the disagreement classes, the overall agreement and
#       a RESULT line.
import argparse
import ipaddress
import json
import os
import sys

MODULES = ("BASIC", "ADDRESS", "CONNECTIVITY", "CONSISTENCY", "DELEGATION",
           "SYNTAX", "ZONE")
RANK = {"DEBUG3": 0, "DEBUG2": 1, "DEBUG": 2, "INFO": 3, "NOTICE": 4,
        "WARNING": 5, "ERROR": 6, "CRITICAL": 7}
NOTICE = RANK["NOTICE"]
# Test cases zonemaster-cli 5.0.2 (engine 4.6.2) does not have: nothing to
# compare with, so they are left out of the agreement (and listed).
NOT_IN_OLD = ("CONNECTIVITY04", "ZONE11")


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
    inside a --global-prefix) and TAG[without=OTHER] (the same run has no
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
            elif v not in values:
                return False
        return True


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


def cmd_zm_profile(a):
    with open(a.default, encoding="utf-8") as f:
        text = f.read()
    # zonemaster-cli may print a "Loading profile" line before the JSON.
    prof = json.loads(text[text.index("{"):])
    levels = load_levels(a.levels)
    tl = prof.setdefault("test_levels", {})
    for (module, old_tag), rs in load_tagmap(a.tagmap).items():
        for r in rs:
            want = levels.get((r.testcase, r.new_tag))
            if not want or r.new_tag == "-":
                continue
            have = tl.get(module, {}).get(old_tag, "DEBUG")
            if RANK[have] < RANK["INFO"] and RANK[want] >= NOTICE:
                tl.setdefault(module, {})[old_tag] = want
                print(f"zm-profile: {module}:{old_tag} {have} -> {want}",
                      file=sys.stderr)
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


def cmd_compare(a):
    levels = load_levels(a.levels)
    rules = load_tagmap(a.tagmap)
    prefixes = [ipaddress.ip_network(p, strict=False) for p in a.global_prefix]
    picked = [r[:2] for r in read_tsv(a.picked)]
    all_cases = sorted({tc for tc, _ in levels},
                       key=lambda t: (MODULES.index(t.rstrip("0123456789")), t))
    cases = [tc for tc in all_cases if tc not in NOT_IN_OLD]

    def rate(tc, tag, level):
        lv = levels.get((tc, tag), level)
        return RANK.get(lv, 0)

    per_case = {tc: [0, 0] for tc in cases}
    diffs = []
    missing = []
    unmapped = {}
    level_diff = {}
    th_seen = set()
    for domain, profile in picked:
        zm = load_json(os.path.join(a.zm, domain + ".json"))
        th = load_json(os.path.join(a.th, domain + ".json"))
        if not isinstance(zm, list) or not isinstance(th, dict):
            missing.append((domain, profile,
                            "zonemaster-cli" if not isinstance(zm, list) else "tldhealth"))
            continue
        zs, ts = {}, {}
        present = {(m.get("module"), m.get("tag")) for m in zm}
        for m in zm:
            if m.get("module") not in MODULES + ("SYSTEM",):
                continue
            got = map_old(m, rules, prefixes, present)
            if got is None:
                continue
            if got[0] == "?":
                if m.get("module") != "SYSTEM":
                    k = f"{m.get('module')}:{got[1]}:{got[2]}"
                    unmapped[k] = unmapped.get(k, 0) + 1
                    tc, tag = got[1], got[2]
                else:
                    continue
            else:
                tc, tag = got
            if tc in per_case and rate(tc, tag, m.get("level")) >= NOTICE:
                zs.setdefault(tc, set()).add(tag)
        for m in th.get("messages", []):
            tc, tag = m.get("testcase"), m.get("tag")
            th_seen.add(tc)
            want = levels.get((tc, tag))
            if want and want != m.get("level"):
                k = f"{tc}:{tag} {m.get('level')} (catalogue {want})"
                level_diff[k] = level_diff.get(k, 0) + 1
            if tc in per_case and rate(tc, tag, m.get("level")) >= NOTICE:
                ts.setdefault(tc, set()).add(tag)
        for tc in cases:
            z, t = zs.get(tc, set()), ts.get(tc, set())
            per_case[tc][1] += 1
            if z == t:
                per_case[tc][0] += 1
            else:
                diffs.append((domain, profile, tc, sorted(z - t), sorted(t - z)))

    n_dom = len(picked) - len(missing)
    print(f"parity: {len(picked)} domains picked, {n_dom} with both results, "
          f"{len(cases)} test cases compared")
    print(f"not compared (absent from zonemaster-cli 5.0.2 / engine 4.6.2): "
          f"{', '.join(NOT_IN_OLD)}")
    print()
    print("agreement per test case (domains whose NOTICE+ tag sets are equal):")
    for tc in cases:
        ok, n = per_case[tc]
        note = "" if tc in th_seen else "   (tldhealth printed nothing for it)"
        print(f"  {tc:<15} {ok:>4}/{n:<4} {ok / n if n else 0:.3f}{note}")
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
    if unmapped:
        print()
        print("zonemaster-cli tags missing from the tagmap (kept as they are):")
        for k, n in sorted(unmapped.items()):
            print(f"  {k} x{n}")
    if level_diff:
        print()
        print("tldhealth levels that differ from the catalogue (rated by the catalogue):")
        for k, n in sorted(level_diff.items()):
            print(f"  {k} x{n}")
    ok = sum(v[0] for v in per_case.values())
    tot = sum(v[1] for v in per_case.values())
    frac = ok / tot if tot else 0.0
    print()
    print(f"overall: {ok}/{tot} (test case x domain) pairs agree")
    print(f"RESULT parity cases={len(cases)} agreement={frac:.3f}")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("pick")
    p.add_argument("truth")
    p.add_argument("--n", type=int, default=100)
    p.add_argument("--per-profile", type=int, default=3)
    p = sub.add_parser("zm-profile")
    p.add_argument("default")
    p.add_argument("tagmap")
    p.add_argument("levels")
    p = sub.add_parser("compare")
    p.add_argument("--picked", required=True)
    p.add_argument("--zm", required=True)
    p.add_argument("--th", required=True)
    p.add_argument("--tagmap", required=True)
    p.add_argument("--levels", required=True)
    p.add_argument("--global-prefix", action="append", default=[])
    a = ap.parse_args()
    return {"pick": cmd_pick, "zm-profile": cmd_zm_profile,
            "compare": cmd_compare}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
