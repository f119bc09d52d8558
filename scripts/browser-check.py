#!/usr/bin/env python3
"""Checks a built site in headless Chromium, over file:// and over HTTP (127.0.0.1 only):
pages render, the year table sorts on a header click, and screenshots at phone and desktop widths
are written for a person to look at.

    python3 scripts/browser-check.py public /tmp/screens [GONGKAI CONTENT]

With the path of the gongkai executable and a content folder, it also runs `gongkai serve` on a
copy of that content, opens a report page, edits the report's file and checks that the open page
reloads by itself and shows the edit; then breaks a template of a theme and checks that the page
shows why the rebuild failed.

Needs Debian's chromium and PyPI's websocket-client. Exits non-zero when a check fails.
"""
import functools, http.server, json, os, socket, subprocess, sys, tempfile, threading, time, urllib.request
import websocket

site, shots = os.path.abspath(sys.argv[1]), sys.argv[2]
os.makedirs(shots, exist_ok=True)
failures = []

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port

class Browser:
    def __init__(self):
        self.port = free_port()
        self.profile = tempfile.mkdtemp()
        self.proc = subprocess.Popen(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            f"--remote-debugging-port={self.port}", f"--user-data-dir={self.profile}", "--allow-file-access-from-files", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                tabs = json.load(urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json"))
                page = next(t for t in tabs if t["type"] == "page")
                break
            except Exception:
                time.sleep(0.1)
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30)
        self.id = 0

    def call(self, method, **params):
        self.id += 1
        self.ws.send(json.dumps({"id": self.id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.id:
                return msg.get("result", {})

    def open(self, url, width, height):
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=width < 600)
        self.call("Page.enable")
        self.call("Page.navigate", url=url)
        for _ in range(100):
            if self.eval("document.readyState") == "complete": return
            time.sleep(0.05)

    def eval(self, js):
        return self.call("Runtime.evaluate", expression=js, returnByValue=True).get("result", {}).get("value")

    def screenshot(self, path):
        import base64
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=False)["data"]
        open(path, "wb").write(base64.b64decode(data))

    def close(self):
        self.ws.close(); self.proc.terminate(); self.proc.wait()

def check(name, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + name + (f": {detail}" if detail else ""))
    if not condition: failures.append(name)

class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

handler = functools.partial(Quiet, directory=site)
server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
bases = {"file": "file://" + site + "/", "http": f"http://127.0.0.1:{server.server_address[1]}/"}
years = sorted(d for d in os.listdir(os.path.join(site, "years")))
import re
def distinct_received(year):
    html = open(os.path.join(site, "years", year, "index.html"), encoding="utf-8").read()
    return len(set(re.findall(r'</th><td class="num" data-sort="([^"]*)"', html)))
busiest = max(years, key=distinct_received)
report = next(os.path.join(root, "index.html")[len(site) + 1:] for root, dirs, files in sorted(os.walk(os.path.join(site, "agencies"))) if "report.json" in files)
pages = {"index": "index.html", "report": report, "year": f"years/{busiest}/index.html", "compare": "compare/received/index.html"}

def serve_check(browser, gongkai, content):
    import shutil
    work = tempfile.mkdtemp()
    shutil.copytree(content, os.path.join(work, "content"))
    os.makedirs(os.path.join(work, "theme", "templates"))
    log = open(os.path.join(work, "serve.log"), "w+")
    serve = subprocess.Popen([os.path.abspath(gongkai), "serve", "--port", "0", "--theme", "theme"], cwd=work, stdout=log, stderr=subprocess.STDOUT)
    try:
        port = None
        for _ in range(200):
            log.seek(0)
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", log.read())
            if found: port = found.group(1); break
            time.sleep(0.1)
        check("serve says where it listens", port is not None)
        if port is None: return
        page = next(os.path.join(root, "index.html")[len(os.path.join(work, "public")) + 1:]
                    for root, dirs, files in sorted(os.walk(os.path.join(work, "public", "agencies"))) if "report.json" in files)
        browser.open(f"http://127.0.0.1:{port}/{page}", 1280, 1000)
        browser.eval("window.notReloaded = true")
        source = json.load(open(os.path.join(work, "public", os.path.dirname(page), "report.json"), encoding="utf-8"))["source"]["path"]
        path = os.path.join(work, source)
        text = open(path, encoding="utf-8").read()
        open(path, "w", encoding="utf-8").write(text.replace("六、其他需要报告的事项", "六、其他需要报告的事项\n\n浏览器预览检查新增的一句。", 1))
        shown = False
        for _ in range(100):
            time.sleep(0.1)
            if browser.eval("window.notReloaded !== true && document.body.textContent.includes('浏览器预览检查新增的一句')"):
                shown = True; break
        check("serve: an open page reloads by itself after its report is edited, and shows the edit", shown)
        browser.screenshot(os.path.join(shots, "serve-reloaded.png"))
        open(os.path.join(work, "theme", "templates", "404.mustache"), "w").write("{{#broken}}")
        banner = None
        for _ in range(100):
            time.sleep(0.1)
            banner = browser.eval("(document.querySelector('[role=alert]') || {}).textContent")
            if banner: break
        check("serve: a failed rebuild is shown on the open page, with its cause", bool(banner) and "404.mustache" in banner, banner or "")
        browser.screenshot(os.path.join(shots, "serve-failed.png"))
    finally:
        serve.terminate(); serve.wait()
        shutil.rmtree(work, ignore_errors=True)

browser = Browser()
try:
    for scheme, base in bases.items():
        for name, path in pages.items():
            for label, width in (("phone", 390), ("desktop", 1280)):
                browser.open(base + path, width, 1600 if label == "phone" else 1000)
                title = browser.eval("document.title") or ""
                overflow = browser.eval("document.documentElement.scrollWidth > window.innerWidth + 1")
                check(f"{scheme} {name} {label} renders", "政府信息公开" in title or "年" in title, title)
                check(f"{scheme} {name} {label} has no page-wide horizontal scroll", overflow is False)
                browser.screenshot(os.path.join(shots, f"{scheme}-{name}-{label}.png"))
        # Sorting: click the 本年新收申请 header twice and read the column.
        browser.open(base + pages["year"], 1280, 1000)
        read = "Array.from(document.querySelectorAll('#year-table tbody tr')).map(r => r.cells[1].getAttribute('data-sort'))"
        before = browser.eval(read)
        browser.eval("document.querySelectorAll('#year-table thead th button')[1].click()")
        ascending = browser.eval(read)
        browser.eval("document.querySelectorAll('#year-table thead th button')[1].click()")
        descending = browser.eval(read)
        numbers = lambda xs: [float(x) for x in xs if x not in (None, "")]
        check(f"{scheme} year table sorts ascending on a click", numbers(ascending) == sorted(numbers(ascending)), str(ascending))
        check(f"{scheme} year table sorts descending on a second click", numbers(descending) == sorted(numbers(descending), reverse=True), str(descending))
        check(f"{scheme} header says how it is sorted", browser.eval("document.querySelectorAll('#year-table thead th')[1].getAttribute('aria-sort')") == "descending")
        print(f"     rows before: {before}")
    if len(sys.argv) > 4:
        serve_check(browser, sys.argv[3], sys.argv[4])
finally:
    browser.close()
    server.shutdown()
print(f"{len(failures)} failed")
sys.exit(1 if failures else 0)
