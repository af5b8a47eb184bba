"""scripts/bench_weight.py – what a reader's browser downloads on a first visit to one page.

For a built page: the HTML, every stylesheet (``<link rel="stylesheet" href>``), icon
(``<link rel="icon">``) and script (``<script src>``) it references, and what Material's
search loads at page load: the search worker (``__config.search``), the lunr language
scripts the worker imports for the index's languages, and the search index at
``__config.base`` + ``search/search_index.json``. Sizes raw and gzip (level 6, zlib's
default, as a web server compresses). Only files of the site itself are counted – the site
loads nothing from another host (hooks/csp.py). Checked once against Chromium's network
log for a content page in each language (the same files).
"""

from __future__ import annotations

import gzip
import json
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

GZIP_LEVEL = 6
LUNR_DIR = "assets/javascripts/lunr/min"


@dataclass
class Asset:
    path: str  # relative to the site's root
    kind: str  # html, css, icon, js, index
    raw: int
    gzip: int
    brotli: int | None = None  # quality 11, for comparison (None: no brotli module)


@dataclass
class PageWeight:
    page: str
    assets: list[Asset] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # referenced but not in the site

    def total(self, kind: str | None = None, *, compressed: bool = True) -> int:
        return sum(
            (a.gzip if compressed else a.raw) for a in self.assets if kind is None or a.kind == kind
        )

    def total_brotli(self) -> int | None:
        sizes = [a.brotli for a in self.assets]
        return None if None in sizes else sum(sizes)


class _Refs(HTMLParser):
    """Stylesheets, scripts and Material's __config of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.css: list[str] = []
        self.icons: list[str] = []
        self.js: list[str] = []
        self.config_text: str | None = None
        self._in_config = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        rel = (a.get("rel") or "").lower().split()
        if tag == "link" and "stylesheet" in rel and a.get("href"):
            self.css.append(a["href"])
        elif tag == "link" and "icon" in rel and a.get("href"):
            self.icons.append(a["href"])
        elif tag == "script":
            if a.get("src"):
                self.js.append(a["src"])
            elif a.get("id") == "__config":
                self._in_config = True
                self.config_text = ""

    def handle_data(self, data):
        if self._in_config:
            self.config_text += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_config = False


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def brotli_size(data: bytes) -> int | None:
    """Brotli (quality 11) size, for comparison; None without the brotli module."""
    try:
        import brotli  # pinned for WeasyPrint's fonttools
    except ImportError:
        return None
    return len(brotli.compress(data, quality=11))


def resolve(page: str, href: str) -> str | None:
    """Site-relative path of ``href`` on the page at site-relative ``page``; None if external."""
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//", href, re.IGNORECASE):
        return None
    href = href.split("#", 1)[0].split("?", 1)[0]
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
    return None if joined.startswith("..") else joined.lstrip("/")


def page_refs(html: str) -> tuple[list[str], list[str], list[str], dict]:
    """(stylesheet hrefs, icon hrefs, script srcs, Material's __config) of a page's HTML."""
    parser = _Refs()
    parser.feed(html)
    config = json.loads(parser.config_text) if parser.config_text else {}
    return parser.css, parser.icons, parser.js, config


def search_files(page: str, config: dict, site: Path) -> list[tuple[str, str]]:
    """(kind, site path) of what the search loads: worker, lunr languages, index."""
    if not config.get("search"):
        return []
    files = []
    worker = resolve(page, config["search"])
    if worker:
        files.append(("js", worker))
    base = config.get("base") or "."
    index = resolve(page, base.rstrip("/") + "/search/search_index.json")
    if index:
        langs = []
        index_file = site / index
        if index_file.is_file():
            langs = (
                json.loads(index_file.read_text(encoding="utf-8")).get("config", {}).get("lang", [])
            )
        other = [lang for lang in langs if lang != "en"]
        if other:  # Material's worker: stemmer support, each language, multi for several
            files.append(("js", f"{LUNR_DIR}/lunr.stemmer.support.min.js"))
            files += [("js", f"{LUNR_DIR}/lunr.{lang}.min.js") for lang in other]
        if len(langs) > 1:
            files.append(("js", f"{LUNR_DIR}/lunr.multi.min.js"))
        files.append(("index", index))
    return files


def weigh(site: Path, page: str) -> PageWeight:
    """The first-visit weight of ``page`` (site-relative, e.g. ``stod/betanketid/index.html``)."""
    html_bytes = (site / page).read_bytes()
    css, icons, js, config = page_refs(html_bytes.decode("utf-8"))
    wanted = [("html", page)]
    wanted += [("css", p) for p in (resolve(page, h) for h in css) if p]
    wanted += [("icon", p) for p in (resolve(page, h) for h in icons) if p]
    wanted += [("js", p) for p in (resolve(page, s) for s in js) if p]
    wanted += search_files(page, config, site)
    result = PageWeight(page)
    seen = set()
    for kind, path in wanted:
        if path in seen:
            continue
        seen.add(path)
        file = site / path
        if not file.is_file():
            result.missing.append(path)
            continue
        data = file.read_bytes()
        result.assets.append(Asset(path, kind, len(data), gzip_size(data), brotli_size(data)))
    return result


def index_sizes(site: Path, languages: dict[str, str]) -> dict[str, tuple[int, int]]:
    """(raw, gzip) of each language's search index; ``languages`` maps a language to its path."""
    sizes = {}
    for lang, path in languages.items():
        file = site / path
        if file.is_file():
            data = file.read_bytes()
            sizes[lang] = (len(data), gzip_size(data))
    return sizes
