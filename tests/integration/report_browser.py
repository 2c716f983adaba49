#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# report_browser.py -- opens report.html in Debian's headless Chromium
# through the DevTools protocol (a small stdlib websocket client): takes a
# screenshot, checks that every chart is present and visible (non-zero
# bounding box, not hidden), that there are no console errors (CSP
# violations included), and that the page requests nothing but itself.
#
# Usage: report_browser.py REPORT.html SCREENSHOT.png EXPECTED_CHARTS
# (a comma-separated list of table ids, derived by the caller from
# summary.json). Run it in a network namespace with only lo
# (tests/integration/test_report.sh does) so nothing could leave anyway.
# Exit 0 pass, 1 fail, 77 skip (no chromium).
import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time


class WS:
    """Just enough RFC 6455 for DevTools: text frames, masked sends."""

    def __init__(self, url):
        m = re.match(r"ws://([^:/]+):(\d+)(/.*)", url)
        host, port, path = m.group(1), int(m.group(2)), m.group(3)
        self.s = socket.create_connection((host, port), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        req = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
               "Upgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.s.sendall(req.encode())
        buf = b""
        while b"\r\n\r\n" not in buf:
            chunk = self.s.recv(4096)
            if not chunk:
                raise OSError("websocket handshake: connection closed")
            buf += chunk
        head, self.buf = buf.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise OSError("websocket handshake failed: %r" % head[:100])

    def send(self, text):
        data = text.encode()
        hdr = bytearray([0x81])
        n = len(data)
        if n < 126:
            hdr.append(0x80 | n)
        elif n < 65536:
            hdr.append(0x80 | 126)
            hdr += n.to_bytes(2, "big")
        else:
            hdr.append(0x80 | 127)
            hdr += n.to_bytes(8, "big")
        mask = os.urandom(4)
        hdr += mask
        self.s.sendall(bytes(hdr) + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.s.recv(1 << 16)
            if not chunk:
                raise OSError("websocket closed")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def recv(self):
        msg = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = int.from_bytes(self._read(2), "big")
            elif n == 127:
                n = int.from_bytes(self._read(8), "big")
            payload = self._read(n)
            op = b0 & 0x0F
            if op == 8:
                raise OSError("websocket closed by peer")
            if op in (9, 10):  # ping/pong: DevTools does not send them
                continue
            msg += payload
            if b0 & 0x80:
                return msg.decode()


class CDP:
    def __init__(self, ws):
        self.ws, self.next_id, self.events = ws, 0, []

    def call(self, method, params=None, session=None, timeout=60):
        self.next_id += 1
        mid = self.next_id
        msg = {"id": mid, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        end = time.time() + timeout
        while time.time() < end:
            m = json.loads(self.ws.recv())
            if m.get("id") == mid:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)
        raise TimeoutError(method)

    def wait_event(self, name, timeout=60):
        end = time.time() + timeout
        for e in self.events:
            if e.get("method") == name:
                return e
        while time.time() < end:
            m = json.loads(self.ws.recv())
            self.events.append(m)
            if m.get("method") == name:
                return m
        raise TimeoutError(name)

    def drain(self, seconds):
        self.ws.s.settimeout(seconds)
        try:
            while True:
                self.events.append(json.loads(self.ws.recv()))
        except (socket.timeout, TimeoutError):
            pass
        finally:
            self.ws.s.settimeout(60)


CHECK_JS = r"""
(() => {
  const out = {charts: [], chapters: [], scripts: document.scripts.length};
  for (const f of document.querySelectorAll('figure.chart')) {
    const svg = f.querySelector('svg');
    const r = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
    const cs = svg ? getComputedStyle(svg) : null;
    out.charts.push({id: f.dataset.chart, svg: !!svg, w: r.width, h: r.height,
      visible: !!cs && cs.display !== 'none' && cs.visibility === 'visible'
               && parseFloat(cs.opacity) > 0,
      texts: svg ? svg.querySelectorAll('text').length : 0});
  }
  for (const h of document.querySelectorAll('section.chapter > h2'))
    out.chapters.push(h.textContent);
  out.height = document.documentElement.scrollHeight;
  out.width = document.documentElement.scrollWidth;
  return JSON.stringify(out);
})()
"""


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        p = shutil.which(name)
        if p:
            return p
    return None


def main():
    if len(sys.argv) != 4:
        print(__doc__ or "usage: report_browser.py REPORT SHOT IDS")
        return 2
    report, shot = os.path.abspath(sys.argv[1]), sys.argv[2]
    expected = [x for x in sys.argv[3].split(",") if x]
    chrome = find_chromium()
    if chrome is None:
        print("skip: chromium not installed (Debian package chromium)")
        return 77
    prof = tempfile.mkdtemp(prefix="th-chromium.")
    proc = subprocess.Popen(
        [chrome, "--headless", "--no-sandbox", "--disable-gpu",
         "--remote-debugging-port=0", f"--user-data-dir={prof}",
         "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--window-size=1200,900", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    fails = []
    try:
        url = None
        end = time.time() + 60
        while time.time() < end:
            line = proc.stderr.readline()
            if not line:
                break
            m = re.search(r"(ws://\S+)", line)
            if m:
                url = m.group(1)
                break
        if url is None:
            print("FAIL: chromium printed no DevTools endpoint")
            return 1
        cdp = CDP(WS(url))
        target = cdp.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        sid = cdp.call("Target.attachToTarget",
                       {"targetId": target, "flatten": True})["sessionId"]
        for dom in ("Page", "Network", "Runtime", "Log"):
            cdp.call(f"{dom}.enable", session=sid)
        file_url = "file://" + report
        cdp.events.clear()
        cdp.call("Page.navigate", {"url": file_url}, session=sid)
        cdp.wait_event("Page.loadEventFired")
        cdp.drain(1.0)
        res = json.loads(cdp.call("Runtime.evaluate",
                                  {"expression": CHECK_JS, "returnByValue": True},
                                  session=sid)["result"]["value"])
        # A full-page screenshot: the viewport made as tall as the page.
        h = min(int(res["height"]), 16000)
        cdp.call("Emulation.setDeviceMetricsOverride",
                 {"width": 1200, "height": h, "deviceScaleFactor": 1,
                  "mobile": False}, session=sid)
        img = cdp.call("Page.captureScreenshot", {"format": "png"},
                       session=sid)["data"]
        with open(shot, "wb") as f:
            f.write(base64.b64decode(img))
        cdp.drain(0.5)

        requests = [e["params"]["request"]["url"] for e in cdp.events
                    if e.get("method") == "Network.requestWillBeSent"]
        errors = []
        for e in cdp.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                errors.append("console: " + json.dumps(p.get("args"))[:200])
            elif m == "Runtime.exceptionThrown":
                errors.append("exception: " + json.dumps(p)[:200])
            elif m == "Log.entryAdded" and p["entry"].get("level") == "error":
                errors.append("log: " + p["entry"].get("text", "")[:200])
        for r in requests:
            if r != file_url:
                fails.append(f"request leaves the page: {r[:120]}")
        if file_url not in requests:
            fails.append("the report itself was never requested")
        for e in errors:
            fails.append(e)
        if res["scripts"] != 0:
            fails.append(f"{res['scripts']} script elements in the report")
        got = {c["id"]: c for c in res["charts"]}
        for cid in expected:
            c = got.get(cid)
            if c is None:
                fails.append(f"chart {cid}: missing")
            elif not c["svg"] or c["w"] <= 0 or c["h"] <= 0 or not c["visible"]:
                fails.append(f"chart {cid}: not visible ({c})")
        extra = set(got) - set(expected)
        if extra:
            fails.append(f"unexpected charts: {sorted(extra)}")
        size = os.path.getsize(shot)
        if size < 10000:
            fails.append(f"screenshot only {size} bytes")
        visible = sum(1 for cid in expected if cid in got
                      and got[cid]["w"] > 0 and got[cid]["h"] > 0)
        print(f"browser: {visible}/{len(expected)} charts visible, "
              f"{len(res['chapters'])} chapters, {len(requests)} request(s), "
              f"{len(errors)} console error(s), screenshot {shot} "
              f"({size} bytes, 1200x{h})")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(prof, ignore_errors=True)
    for f in fails:
        print("FAIL:", f)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
