"""What the browser tests look for, beside scripts/browser.py (the server and Chromium):
every page's path, a probe of each page's network and console, the CSP listener."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from conftest import ROOT

from scripts.browser import is_local

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
