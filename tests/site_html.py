"""Small HTML readers for tests: collect tags and attributes from built pages (stdlib only)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path


class TagCollector(HTMLParser):
    """Collect every start tag as (tag, attrs dict), the <title> text and the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.title = ""
        self._in_title = False
        self._skip = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: (v or "") for k, v in attrs}))
        if tag == "title":
            self._in_title = True
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.text.append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [
            a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]


def parse(path: Path) -> TagCollector:
    collector = TagCollector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def content_pages(site: Path) -> list[Path]:
    """Every built content page (index.html of a page folder), both languages, no 404."""
    return sorted(
        p
        for p in site.rglob("index.html")
        if not any(part in ("assets", "search", "pdf") for part in p.relative_to(site).parts)
    )
