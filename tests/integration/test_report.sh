#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_report.sh -- `tldhealth report` from summary.json fixtures: the
# analyzer's example and hostile.json (its strings replaced by markup,
# quotes, control bytes and gnuplot tricks). Expected chapters, tables and
# charts are read from the fixture itself, never from the report. Checks:
# every chart as SVG, PNG and PDF; report.html has every chapter, table and
# chart, the CSP, no script and no raw hostile marker; no gnuplot trick ran;
# report.pdf is a PDF whose text holds every chapter title and the hostile
# strings as literal text; a malformed summary fails with a clear error;
# then report_browser.py in headless Chromium, inside a network namespace
# of our own with only lo.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
bin="${TLDHEALTH:-$top/bin/tldhealth}"
data="$top/tests/data/report"

for tool in gnuplot pdfinfo pdftotext python3; do
    command -v "$tool" >/dev/null || { echo "skip: $tool missing (make deps)"; exit 77; }
done

dir=$(mktemp -d /tmp/th-report.XXXXXX)
ns=""
cleanup() {
    [ -n "$ns" ] && ip netns del "$ns" 2>/dev/null || true
    rm -rf "$dir"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

# The gnuplot tricks in hostile.json would create this file.
pwned=/tmp/th-gnuplot-pwned
rm -f "$pwned"

# What the fixture promises, read with Python's json module.
expect() {
    python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
what = sys.argv[2]
if what == "charts":
    print(",".join(t["id"] for t in d["tables"] if t.get("chart", "none") != "none"))
elif what == "tables":
    print(",".join(t["id"] for t in d["tables"]))
elif what == "titles":
    for c in d["chapters"]:
        print(c["title"])
    print("Method and definitions")
    print("Data appendix")
PY
}

# The HTML read back with Python's html.parser: chapter titles (entities
# decoded), figures, tables, scripts, the CSP, and the text of every cell.
check_html() {
    python3 - "$1" "$2" <<'PY'
import html.parser, json, sys
from collections import Counter

class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.h2, self.charts, self.tables = [], [], [], []
        self.tags, self.csp, self.text, self.svg_in_fig = Counter(), None, [], 0
        self.cur_fig = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] += 1
        self.stack.append(tag)
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.csp = a.get("content")
        if tag == "figure" and "chart" in (a.get("class") or ""):
            self.charts.append(a.get("data-chart"))
            self.cur_fig = a.get("data-chart")
        if tag == "svg" and self.cur_fig:
            self.svg_in_fig += 1
        if tag == "table" and a.get("data-table"):
            self.tables.append(a["data-table"])
        for k in a:
            if k.startswith("on"):
                self.tags["event-handler:" + k] += 1
    def handle_endtag(self, tag):
        if tag == "figure":
            self.cur_fig = None
        while self.stack and self.stack.pop() != tag:
            pass
    def handle_data(self, d):
        if self.stack and self.stack[-1] == "h2":
            self.h2.append(d)
        self.text.append(d)

summary = json.load(open(sys.argv[2]))
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
errs = []
want_h2 = [c["title"] for c in summary["chapters"]] + ["Method and definitions", "Data appendix"]
if p.h2 != want_h2:
    errs.append(f"chapters {p.h2} != {want_h2}")
want_charts = [t["id"] for t in summary["tables"] if t.get("chart", "none") != "none"]
if sorted(p.charts) != sorted(want_charts):
    errs.append(f"charts {sorted(p.charts)} != {sorted(want_charts)}")
if p.svg_in_fig != len(want_charts):
    errs.append(f"{p.svg_in_fig} inline SVGs for {len(want_charts)} charts")
if sorted(set(p.tables)) != sorted(t["id"] for t in summary["tables"]):
    errs.append("appendix tables differ from the summary's")
want_csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
if p.csp != want_csp:
    errs.append(f"CSP {p.csp!r}")
for bad in ("script", "img", "iframe", "object", "embed", "link", "foreignobject"):
    if p.tags[bad]:
        errs.append(f"{p.tags[bad]} <{bad}> elements")
handlers = [k for k in p.tags if k.startswith("event-handler:")]
if handlers:
    errs.append(f"event handler attributes {handlers}")
# Every string cell must come back as the same text (controls and broken
# UTF-8 as U+FFFD), proving it was escaped, not dropped.
text = "".join(p.text)
def norm(s):
    return "".join("\ufffd" if (ord(c) < 0x20 and c not in "\t\n") or ord(c) == 0x7f else c for c in s)
missing = 0
for t in summary["tables"]:
    for row in t["rows"]:
        for k, typ in enumerate(t["types"]):
            if typ == "string" and row[k] is not None and norm(row[k]) not in text:
                missing += 1
                if missing < 4:
                    errs.append(f"{t['id']}: cell {row[k]!r} not in the page text")
for e in errs:
    print("html:", e)
print(f"html: {len(p.h2)} chapters, {len(p.charts)} charts, {len(set(p.tables))} tables, {missing} cells missing")
sys.exit(1 if errs else 0)
PY
}

ip_ns=0
if [ "$(id -u)" = 0 ] && command -v ip >/dev/null; then
    ns="th-report-$$"
    if ip netns add "$ns" 2>/dev/null && ip netns exec "$ns" ip link set lo up; then
        ip_ns=1
    else
        ns=""
    fi
fi

for fixture in summary hostile; do
    json="$data/$fixture.json"
    out="$dir/$fixture"
    echo "--- $fixture.json"
    "$bin" report --summary "$json" --out "$out" > "$dir/$fixture.stdout" ||
        fail "report --summary $json exited non-zero"
    grep -qx "$out/report.html" "$dir/$fixture.stdout" || fail "report.html path not printed"
    grep -qx "$out/report.pdf" "$dir/$fixture.stdout" || fail "report.pdf path not printed"

    charts=$(expect "$json" charts)
    n=0
    for id in ${charts//,/ }; do
        for ext in svg png pdf dat gp; do
            [ -s "$out/charts/$id.$ext" ] || fail "$id.$ext missing or empty"
        done
        head -c 8 "$out/charts/$id.png" | od -An -c | grep -q 'P   N   G' || fail "$id.png is not a PNG"
        head -c 5 "$out/charts/$id.pdf" | grep -q '%PDF-' || fail "$id.pdf is not a PDF"
        grep -q '<svg' "$out/charts/$id.svg" || fail "$id.svg has no <svg>"
        # Data files hold numbers only: no label reaches gnuplot's data parser.
        grep -v '^#' "$out/charts/$id.dat" | grep -q '[^0-9eE.+ ?-]' && fail "$id.dat holds non-numbers"
        n=$((n + 1))
    done
    echo "charts: $n of $(echo "$charts" | tr , '\n' | grep -c .) as SVG, PNG and PDF"

    check_html "$out/report.html" "$json" || fail "report.html"
    # Raw hostile markers must not survive anywhere in the page.
    if grep -aiE '<script|<img|<b>pango|</svg><script' "$out/report.html"; then
        fail "unescaped hostile string in report.html"
    fi
    [ -e "$pwned" ] && fail "a gnuplot label ran a command ($pwned exists)"

    pdfinfo "$out/report.pdf" > "$dir/$fixture.pdfinfo" || fail "report.pdf is not a valid PDF"
    pages=$(awk '/^Pages:/ {print $2}' "$dir/$fixture.pdfinfo")
    pdftotext "$out/report.pdf" "$dir/$fixture.txt"
    while IFS= read -r title; do
        grep -qF "$title" "$dir/$fixture.txt" || fail "report.pdf lacks chapter '$title'"
    done < <(expect "$json" titles)
    echo "pdf: $pages pages, every chapter title present"
    if [ "$fixture" = hostile ]; then
        # Literal text in the PDF: pango printed the markup, it did not run it.
        for m in '<script>alert("th-xss-1")</script>' '<b>pango</b> &amp; &'; do
            grep -qF "$m" "$dir/$fixture.txt" || fail "report.pdf lacks the literal text $m"
        done
    fi

    if [ "$ip_ns" = 1 ]; then
        rc=0
        ip netns exec "$ns" python3 "$top/tests/integration/report_browser.py" \
            "$out/report.html" "$out/screenshot.png" "$charts" || rc=$?
        [ "$rc" = 77 ] && echo "browser: skipped (no chromium)"
        [ "$rc" = 0 ] || [ "$rc" = 77 ] || fail "browser check"
    else
        echo "browser: skipped (needs root for a network namespace)"
    fi
done

# From a testbed run, when an analyzer is at hand (this binary once the
# analyzer is merged, or TLDHEALTH_ANALYZE): the testbed in our namespace,
# `check --db` over its domains, `analyze`, then `report`. The hostile
# version string of NSD instance i01 (read from the testbed's own nsd.conf)
# must reach the report as text and never as markup.
ana="${TLDHEALTH_ANALYZE:-$bin}"
if ! "$ana" help 2>/dev/null | grep -q '^ *analyze '; then
    echo "testbed run: skipped (no 'tldhealth analyze' in $ana; set TLDHEALTH_ANALYZE)"
elif [ "$ip_ns" != 1 ]; then
    echo "testbed run: skipped (needs root for a network namespace)"
else
    tb="$dir/tb"
    ndom="${REPORT_DOMAINS:-300}"
    tb_down() { ip netns exec "$ns" "$top/testbed/tldbed" down --dir "$tb" >/dev/null 2>&1 || true; }
    trap 'tb_down; cleanup' EXIT
    ip netns exec "$ns" "$top/testbed/tldbed" up --dir "$tb" --domains "$ndom" --seed 1 >/dev/null 2>&1 ||
        fail "testbed did not come up"
    xargs -a "$tb/domains.txt" -P 2 -n 1 ip netns exec "$ns" "$ana" check --db "$dir/store" --run rtest \
        --hints "$tb/root.hints" --trust-anchor "$tb/root-anchor.ds" \
        --global-prefix 127.100.0.0/16 --timeout 1000 > /dev/null 2>&1 || true
    tb_down
    "$ana" analyze --db "$dir/store" --run rtest --out "$dir/ana" > /dev/null ||
        fail "analyze failed"
    "$bin" report --summary "$dir/ana/summary.json" --out "$dir/tbrep" > /dev/null ||
        fail "report from the testbed run failed"
    check_html "$dir/tbrep/report.html" "$dir/ana/summary.json" || fail "report.html of the testbed run"
    grep -aiE '<script|<img|<b>NSD' "$dir/tbrep/report.html" && fail "unescaped hostile string from the testbed"
    version=$(sed -n 's/^[[:space:]]*version: "\(.*\)"$/\1/p' "$tb/nsd/i01/nsd.conf")
    [ -n "$version" ] || fail "the testbed's i01 instance has no hostile version"
    python3 - "$dir/tbrep/report.html" "$version" <<'PY' || fail "hostile version string not shown as text"
import html, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
text = html.unescape(re.sub(r"<[^>]*>", "", page))
sys.exit(0 if sys.argv[2] in text else 1)
PY
    rc=0
    ip netns exec "$ns" python3 "$top/tests/integration/report_browser.py" "$dir/tbrep/report.html" \
        "$dir/tbrep/screenshot.png" "$(expect "$dir/ana/summary.json" charts)" || rc=$?
    [ "$rc" = 0 ] || [ "$rc" = 77 ] || fail "browser check of the testbed run"
    echo "testbed run: $ndom domains, report rendered, version string '$version' shown as text"
fi

# A malformed summary: a clear error naming the path, no report.
printf '{"schema":1,"run":"r","domains":1,"chapters":[],"metrics":[],"tables":[{"id":"x"}]}' > "$dir/bad.json"
if "$bin" report --summary "$dir/bad.json" --out "$dir/bad" 2> "$dir/bad.err"; then
    fail "a malformed summary rendered"
fi
grep -q 'bad.json: \$.tables\[0\].chapter: missing' "$dir/bad.err" || { cat "$dir/bad.err"; fail "unclear error"; }
[ -e "$dir/bad/report.html" ] && fail "a report was written from a malformed summary"
echo "malformed: $(cat "$dir/bad.err")"
echo "test_report: ok"
