"""Screenshots of the running app for the README.

Usage (with `make run` serving the demo on http://localhost:8069):
    $VENV/bin/python tools/screenshots.py [--url http://localhost:8069] [--out docs/screenshots]

Logs in as each demo user through the login form, then drives headless Chromium
through its DevTools protocol (websocket-client, from requirements.txt).
"""

import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import websocket

DESKTOP = (1366, 768)
PHONE = (375, 812)
ROOT = "/odoo/action-emulation_campaign.emulation_action_landing"
SHOTS = [
    # (file, login, path, wait for this CSS selector, size, then: click the first row
    # holding this text and wait for the form (None: stay), notebook tab to open)
    (
        "campaign_form",
        "tinh",
        "/odoo/action-emulation_campaign.emulation_campaign_action",
        ".o_list_view",
        DESKTOP,
        "",
        "periods",
    ),
    (
        "submissions_kanban",
        "tinh",
        "/odoo/action-emulation_campaign.emulation_submission_action?view_type=kanban",
        ".o_kanban_view",
        DESKTOP,
        None,
        None,
    ),
    (
        "figures_pivot",
        "tinh",
        "/odoo/action-emulation_campaign.emulation_figure_action_open",
        ".o_pivot",
        DESKTOP,
        None,
        None,
    ),
    (
        "units_hierarchy",
        "tinh",
        "/odoo/action-emulation_campaign.emulation_unit_action?view_type=hierarchy",
        ".o_hierarchy_view",
        DESKTOP,
        None,
        None,
    ),
    # A commune's officer opens the app on the unit's reports, then this year's draft.
    ("reporter_reports", "duytrinh", ROOT, ".o_list_view", DESKTOP, None, None),
    ("submission_form", "duytrinh", ROOT, ".o_list_view", DESKTOP, "2026", None),
    # The approver above the communes (since the 2025 reform, the city's) opens the app on
    # the reports to review, then one of them.
    ("approver_to_review", "tinh", ROOT, ".o_list_view", DESKTOP, None, None),
    ("approver_review_form", "tinh", ROOT, ".o_list_view", DESKTOP, "", None),
    # An approved report of a commune, as the approver above it: Take Approval Back beside Return.
    (
        "approver_approved_form",
        "tinh",
        "/odoo/emulation.submission/{Hội CCB phường Hội An – 2026}",
        ".o_form_view",
        DESKTOP,
        None,
        None,
    ),
    # On a phone.
    ("phone_reporter_reports", "duytrinh", ROOT, ".o_kanban_view, .o_list_view", PHONE, None, None),
    ("phone_submission_form", "duytrinh", ROOT, ".o_kanban_view, .o_list_view", PHONE, "2026", None),
    ("phone_approver_review_form", "tinh", ROOT, ".o_kanban_view, .o_list_view", PHONE, "", None),
    ("phone_province_to_review", "tinh", ROOT, ".o_kanban_view, .o_list_view", PHONE, None, None),
]


def login(base, user):
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/web/login", timeout=30).read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"login": user, "password": user, "csrf_token": token}).encode()
    opener.open(f"{base}/web/login", data, timeout=30)
    return next(c.value for c in jar if c.name == "session_id")


def find_report(base, session, name):
    """The id of the report of this name, as the logged-in user reads it."""
    body = json.dumps(
        {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": "emulation.submission",
                "method": "search",
                "args": [[["name", "=", name]]],
                "kwargs": {"limit": 1},
            },
        }
    ).encode()
    request = urllib.request.Request(
        f"{base}/web/dataset/call_kw",
        body,
        {"Content-Type": "application/json", "Cookie": f"session_id={session}"},
    )
    return json.load(urllib.request.urlopen(request, timeout=30))["result"][0]


class Chrome:
    def __init__(self, width=1366, height=768):
        self.profile = tempfile.mkdtemp()
        self.proc = subprocess.Popen(
            [
                shutil.which("chromium") or "chromium",
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={self.profile}",
                f"--window-size={width},{height}",
                "--remote-debugging-port=9333",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _attempt in range(50):
            try:
                tabs = json.load(urllib.request.urlopen("http://127.0.0.1:9333/json", timeout=2))
                break
            except OSError:
                time.sleep(0.2)
        page = next(t for t in tabs if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.counter = 0

    def call(self, method, **params):
        self.counter += 1
        self.ws.send(json.dumps({"id": self.counter, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.counter:
                return message.get("result", {})

    def wait_for(self, selector, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = self.call(
                "Runtime.evaluate", expression=f"!!document.querySelector({json.dumps(selector)})", returnByValue=True
            )
            if found.get("result", {}).get("value"):
                return True
            time.sleep(0.3)
        raise TimeoutError(selector)

    def click(self, selector):
        self.call("Runtime.evaluate", expression=f"document.querySelector({json.dumps(selector)}).click()")

    def shot(self, path):
        time.sleep(1.5)  # let animations settle
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "docs", "screenshots"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    host = urllib.parse.urlparse(args.url).hostname
    chrome = Chrome()
    try:
        chrome.call("Page.enable")
        for name, user, path, selector, (width, height), row, tab in SHOTS:
            chrome.call(
                "Emulation.setDeviceMetricsOverride",
                width=width,
                height=height,
                deviceScaleFactor=1,
                mobile=width < 576,
            )
            chrome.call("Network.clearBrowserCookies")
            session = login(args.url, user)
            chrome.call("Network.setCookie", name="session_id", value=session, domain=host, path="/")
            if "{" in path:  # a report by its name: /odoo/emulation.submission/{name}
                name_wanted = path[path.index("{") + 1 : path.index("}")]
                path = path[: path.index("{")] + str(find_report(args.url, session, name_wanted))
            chrome.call("Page.navigate", url=args.url + path)
            chrome.wait_for(selector)
            if row is not None:  # open the first record showing this text
                rows = ".o_list_view .o_data_row, .o_kanban_view .o_kanban_record:not(.o_kanban_ghost)"
                chrome.wait_for(rows)
                chrome.call(
                    "Runtime.evaluate",
                    expression=f"(r => (r.querySelector('.o_data_cell') || r).click())"
                    f"([...document.querySelectorAll({json.dumps(rows)})]"
                    f".find(r => r.innerText.includes({json.dumps(row)})))",
                )
                chrome.wait_for(".o_form_view .o_form_sheet")
            if tab:
                chrome.click(f".o_notebook_headers a[name={tab}]")
            chrome.shot(os.path.join(args.out, f"{name}.png"))
            print(f"{name}.png")
    finally:
        chrome.close()


if __name__ == "__main__":
    main()
