"""Serve a built site on 127.0.0.1 and drive Debian's Chromium: for the browser tests,
`make screenshots` and `make a11y-record`.

The site is served under the path of ``site_url`` (mkdocs.yml), exactly as on its host,
from a plain ``http.server`` in a thread. Playwright drives /usr/bin/chromium; no browser
is ever downloaded.
"""

from __future__ import annotations

import functools
import http.server
import threading
from dataclasses import dataclass, field
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
LANGUAGES = ("sv", "en")
# Where the quick exit leads (overrides/partials/nspm/quick-exit.html).
NEUTRAL_SITE = "https://www.smhi.se/"

# Records every securitypolicyviolation event; injected into every page before its scripts.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`
  );
});
"""


def page_paths(docs: Path = ROOT / "docs") -> list[str]:
    """Every page's URL path below the site root, both languages, from the docs tree.

    ``docs/sv/stod/index.md`` → ``stod/``; ``docs/en/begrepp.md`` → ``en/begrepp/``.
    """
    paths = []
    for lang in LANGUAGES:
        prefix = "" if lang == "sv" else f"{lang}/"
        for md in sorted((docs / lang).rglob("*.md")):
            rel = md.relative_to(docs / lang).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "index":
                parts.pop()
            paths.append(prefix + "".join(f"{p}/" for p in parts))
    return paths


def built_page_paths(site: Path) -> list[str]:
    """The URL path of every built HTML page (``index.html`` → its folder)."""
    pages = sorted(site.rglob("*.html"))
    return [html.relative_to(site).as_posix().removesuffix("index.html") for html in pages]


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


@dataclass
class Probe:
    """Everything a page did on the network and the console while it was open."""

    origin: str
    left_host: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def attach(self, page) -> Probe:
        page.on("request", self._on_request)
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        page.on("response", self._on_response)
        page.on("console", self._on_console)
        page.on("pageerror", lambda e: self.console_errors.append(f"uncaught: {e}"))
        return self

    def _on_request(self, request) -> None:
        self.requests.append(request.url)
        if not is_local(request.url, self.origin):
            self.left_host.append(request.url)

    def _on_response(self, response) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url} (HTTP {response.status})")

    def _on_console(self, msg) -> None:
        if msg.type == "error":
            self.console_errors.append(msg.text)


def is_local(url: str, origin: str) -> bool:
    """True for the test server's own URLs and for data:/blob:/about: URLs (no network)."""
    scheme = urlsplit(url).scheme
    if scheme in ("data", "blob", "about"):
        return True
    return url.startswith(origin + "/")


def block_other_hosts(context, origin: str, record: list[str]) -> None:
    """Abort (and record) every request for another host before it leaves the machine."""

    def handler(route):
        record.append(route.request.url)
        route.abort()

    context.route(lambda url: not is_local(url, origin), handler)
