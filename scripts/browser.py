"""Serve a built site on 127.0.0.1 and drive Debian's Chromium: for `make screenshots`,
`make a11y-record` and the browser tests (their own probes are in tests/browser_checks.py).

The site is served under the path of ``site_url`` (mkdocs.yml), exactly as on its host,
from a plain ``http.server`` in a thread. Playwright drives /usr/bin/chromium; no browser
is ever downloaded.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.utils.yaml import yaml_load

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# site_url in mkdocs.yml (the one place that sets it); the built site is served under its path.
with open(ROOT / "mkdocs.yml", encoding="utf-8") as _config:
    SITE_URL = yaml_load(_config)["site_url"]
SITE_PATH = urlsplit(SITE_URL).path
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 – signature of the base class
        pass


class Server:
    """A static server for ``root`` (which holds the ``nspm-kunskapsbank`` folder) on a free
    port: ``origin`` is its address, ``base`` the site's."""

    def __init__(self, root: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.base = self.origin + SITE_PATH

    def start(self) -> None:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def launch(playwright):
    """Debian's Chromium, headless, with no background traffic of its own."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def is_local(url: str, origin: str) -> bool:
    """True for the test server's own URLs and for data:/blob:/about: URLs (no network)."""
    return urlsplit(url).scheme in ("data", "blob", "about") or url.startswith(origin + "/")


def block_other_hosts(context, origin: str, record: list[str]) -> None:
    """Abort (and record) every request for another host before it leaves the machine."""

    def handler(route):
        record.append(route.request.url)
        route.abort()

    context.route(lambda url: not is_local(url, origin), handler)
