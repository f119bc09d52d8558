#!/usr/bin/env python3
"""Checks a built site in headless Chromium, over file:// and over HTTP (127.0.0.1 only):
pages render, the year table sorts on a header click, and screenshots at phone and desktop widths
are written for a person to look at.

    python3 scripts/browser-check.py public /tmp/screens [GONGKAI CONTENT]

It also searches over HTTP: types 政府信息公开, 行政复议, 洛阳 and an agency's full name into the
search page and compares the reports listed with those whose report.json contains the words,
filters by year, and opens a linked search. With the path of the gongkai executable and a content
folder, it builds the content without Pagefind and checks that the search page says there is no
index, and runs `gongkai serve` on a
copy of that content, opens a report page, edits the report's file and checks that the open page
reloads by itself and shows the edit; then breaks a template of a theme and checks that the page
shows why the rebuild failed.

Needs Debian's chromium and PyPI's websocket-client. Exits non-zero when a check fails.
"""
import functools, http.server, json, os, socket, subprocess, sys, tempfile, threading, time, urllib.parse, urllib.request
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

def expected_reports(query, year=None):
    """The reports whose agency, region, section titles or narrative contain every part of `query`
    (cut at spaces), read from each report.json: what the search page must list."""
    found = set()
    for root, dirs, files in os.walk(os.path.join(site, "agencies")):
        if "report.json" not in files: continue
        report = json.load(open(os.path.join(root, "report.json"), encoding="utf-8"))
        region = report.get("region") or {}
        text = " ".join([report.get("agency") or ""] + [region.get(k) or "" for k in ("province", "city", "county")]
                        + [s["title"] + " " + (s.get("markdown") or "") for s in report["sections"]])
        if all(part in text for part in query.split()) and (year is None or report["year"] == year):
            found.add(os.path.relpath(root, site) + "/")
    return found

def search_check(browser, base):
    def listed():
        for _ in range(100):
            state = browser.eval("document.getElementById('search-status').textContent")
            if state and state != "正在搜索……" and not state.startswith("搜索需要"):
                # The results are added after the status says how many there are.
                time.sleep(0.2); break
            time.sleep(0.05)
        links = browser.eval("Array.from(document.querySelectorAll('#search-results h2 a')).map(a => a.getAttribute('href'))") or []
        return state, {l[len("../"):-len("index.html")] for l in links}
    def type_query(text):
        browser.eval("document.getElementById('search-status').textContent = ''; document.getElementById('q').value = ''; document.getElementById('q').focus()")
        browser.call("Input.insertText", text=text)
        for kind in ("keyDown", "keyUp"):
            browser.call("Input.dispatchKeyEvent", type=kind, key="Enter", code="Enter", windowsVirtualKeyCode=13, text="\r" if kind == "keyDown" else "")
    chosen = json.load(open(os.path.join(site, report[:-len("index.html")], "report.json"), encoding="utf-8"))
    agency = chosen["agency"]
    browser.open(base + "search/index.html", 1280, 1000)
    for query in ("政府信息公开", "行政复议", "洛阳", agency):
        type_query(query)
        state, shown = listed()
        want = expected_reports(query)
        check(f"search: typing {query} lists the reports that contain it", shown == want and len(want) > 0,
              f"{state}; shown {sorted(shown)}; expected {sorted(want)}")
        check(f"search: {query} puts itself in the URL", browser.eval("new URLSearchParams(location.search).get('q')") == query)
    browser.screenshot(os.path.join(shots, "search-desktop.png"))
    year = chosen["year"]
    browser.eval("document.getElementById('search-status').textContent = ''")
    browser.eval(f"var y = document.getElementById('year'); y.value = '{year}'; y.dispatchEvent(new Event('change'))")
    state, shown = listed()
    want = expected_reports(agency, year)
    check(f"search: the year filter {year} keeps only that year's reports", shown == want and len(want) > 0, f"{state}; shown {sorted(shown)}; expected {sorted(want)}")
    # A link with a query and a filter opens on its results.
    year = int(busiest)
    browser.open(base + "search/index.html?q=" + urllib.parse.quote("政府信息公开") + f"&year={year}", 390, 1600)
    state, shown = listed()
    want = expected_reports("政府信息公开", year)
    check("search: a linked search (search/?q=…&year=…) shows its results", shown == want and len(want) > 1, f"{state}; shown {sorted(shown)}")
    marks = browser.eval("Array.from(document.querySelectorAll('#search-results mark')).map(m => m.textContent)") or []
    check("search: results show a snippet with the words marked", "政府信息公开" in marks, str(marks[:5]))
    overflow = browser.eval("document.documentElement.scrollWidth > window.innerWidth + 1")
    check("search: the results page has no page-wide horizontal scroll on a phone", overflow is False)
    browser.screenshot(os.path.join(shots, "search-phone.png"))
    # The site served from a sub-path: results link to the reports under it.
    parent = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), functools.partial(Quiet, directory=os.path.dirname(site)))
    threading.Thread(target=parent.serve_forever, daemon=True).start()
    sub = f"http://127.0.0.1:{parent.server_address[1]}/{os.path.basename(site)}/"
    browser.open(sub + "search/index.html?q=" + urllib.parse.quote("洛阳"), 1280, 1000)
    state, shown = listed()
    links = browser.eval("Array.from(document.querySelectorAll('#search-results h2 a')).map(a => a.href)") or []
    reachable = [urllib.request.urlopen(link).status == 200 for link in links if link.startswith(sub + "agencies/")]
    check("search from a sub-path links to the reports under it", len(reachable) == len(expected_reports("洛阳")) and all(reachable), f"{state}; {links}")
    parent.shutdown()

def no_index_check(browser, gongkai, content):
    """A site built without Pagefind: its search page says there is no index."""
    import shutil
    work = tempfile.mkdtemp()
    try:
        out = os.path.join(work, "public")
        built = subprocess.run([os.path.abspath(gongkai), "build", "--content", os.path.abspath(content), "--output", out],
                               env=dict(os.environ, GONGKAI_PAGEFIND="/nonexistent/pagefind"), capture_output=True, text=True)
        check("a build without Pagefind succeeds and says so once", built.returncode == 0 and built.stderr.count("未找到 Pagefind") == 1, built.stderr)
        handler = functools.partial(Quiet, directory=out)
        bare = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
        threading.Thread(target=bare.serve_forever, daemon=True).start()
        browser.open(f"http://127.0.0.1:{bare.server_address[1]}/search/index.html?q=" + urllib.parse.quote("行政复议"), 1280, 1000)
        said = ""
        for _ in range(100):
            said = browser.eval("document.getElementById('search-status').textContent") or ""
            if "索引" in said: break
            time.sleep(0.05)
        check("search page of a site built without Pagefind says there is no index", "没有搜索索引" in said, said)
        bare.shutdown()
    finally:
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
        if scheme == "http":
            search_check(browser, base)
        else:
            browser.open(base + "search/index.html?q=" + urllib.parse.quote("行政复议"), 1280, 1000)
            time.sleep(0.3)
            said = browser.eval("document.getElementById('search-status').textContent") or ""
            check("file: the search page says that search needs a web server", "服务器" in said, said)
    if len(sys.argv) > 4:
        no_index_check(browser, sys.argv[3], sys.argv[4])
        serve_check(browser, sys.argv[3], sys.argv[4])
finally:
    browser.close()
    server.shutdown()
print(f"{len(failures)} failed")
sys.exit(1 if failures else 0)
