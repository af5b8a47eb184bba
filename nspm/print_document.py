"""The manual's print document: built pages → chapters of one HTML document → PDF.

Nothing here knows about MkDocs events (nspm/pdf.py and the tests call it). Pages are parsed
with tinyhtml5, the HTML5 parser WeasyPrint uses, and written back with ElementTree's HTML
serializer. ``render_pdf`` runs in a worker process that sees only the project's fonts.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import posixpath
import time
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree as ET

from babel.dates import format_date
from babel.numbers import format_decimal

# What has no place on paper: these elements, and those with one of these classes (Material's
# buttons, permalinks and footer, the quick exit, the PDF link, what authors mark screen-only).
DROP_TAGS = {"script", "noscript", "style", "template", "form", "input", "button", "nav"}
DROP_CLASSES = {
    "md-content__button",
    "headerlink",
    "md-source-file",
    "md-feedback",
    "md-top",
    "nspm-quick-exit",
    "nspm-pdf-link",
    "nspm-page-meta",
    "nspm-screen-only",
}
ARTICLE_START = '<article class="md-content__inner'
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


@dataclass
class Heading:
    """A heading of the print document; in the contents list, the entries indented under it."""

    id: str
    text: str
    level: int  # 1 = chapter, 2 = section within a chapter
    children: list[Heading] = field(default_factory=list)


@dataclass
class Chapter:
    """One manual page, ready to go into the print document."""

    id: str
    title: str
    level: int
    html: str = ""
    headings: list[Heading] = field(default_factory=list)


@dataclass(frozen=True)
class Rendered:
    """What render_pdf reports back from its worker."""

    pages: int
    seconds: float
    cpu_seconds: float
    problems: list[str]  # a link to a missing anchor, a missing image, a character no font has
    notes: list[str]  # its warnings, e.g. CSS it ignores


def chapter_id(url: str) -> str:
    """A document-wide id for a page: ``en/manual/akut-skydd/`` → ``p-en-manual-akut-skydd``."""
    path = url.split("#")[0].removesuffix("index.html").strip("/")
    return "p-" + (path.replace("/", "-").replace(".", "-") or "home")


def nesting_level(src_uri: str, prefix: str) -> int:
    """How deep a page sits below ``prefix``: 0 for a chapter, 1 inside a sub-section (whose
    index page is the chapter its siblings belong to)."""
    parts = src_uri.removeprefix(prefix).split("/")
    depth = len(parts) - 1
    if parts[-1] in ("index.md", "README.md"):
        depth -= 1
    return max(depth, 0)


def parse_article(page_html: str, source: str) -> ET.Element:
    """The ``<article>`` of a built Material page; only it is parsed, as the site around it
    would cost more to parse than all the rest."""
    start = page_html.find(ARTICLE_START)
    end = page_html.rfind("</article>")
    if start < 0 or end < start:
        raise ValueError(
            f'{source}: no <article class="md-content__inner …"> in the built page – '
            "the page template no longer has Material's content block"
        )
    import tinyhtml5  # here: a build without the PDF does not pay for its import

    fragment = page_html[start : end + len("</article>")]
    return next(tinyhtml5.parse(fragment, namespace_html_elements=False).iter("article"))


def clean(article: ET.Element) -> None:
    """Remove what does not belong on paper, keeping the text after it; open ``<details>``."""
    for parent in list(article.iter()):
        previous = None
        for child in list(parent):
            classes = set(child.get("class", "").split())
            if child.tag in DROP_TAGS or classes & DROP_CLASSES or "hidden" in child.attrib:
                if previous is None:
                    parent.text = (parent.text or "") + (child.tail or "")
                else:
                    previous.tail = (previous.tail or "") + (child.tail or "")
                parent.remove(child)
                continue
            previous = child
            if child.tag == "details":
                child.set("open", "")


def text_of(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def serialize_children(element: ET.Element) -> str:
    """The inner HTML of ``element``; SVG and MathML keep their namespace as ``xmlns``."""
    for child in element.iter():
        if not isinstance(child.tag, str):  # a comment: ElementTree writes only its tail
            child.tag = child.text = None
        elif child.tag.startswith("{"):
            namespace, child.tag = child.tag[1:].split("}")
            child.attrib = {name.split("}")[-1]: value for name, value in child.attrib.items()}
            if child.tag in ("svg", "math"):
                child.attrib.setdefault("xmlns", namespace)
    inner = [ET.tostring(child, encoding="unicode", method="html") for child in element]
    return escape(element.text or "", quote=False) + "".join(inner)


def format_size(size: int, locale: str) -> str:
    """A file size as readers write it: ``1,2 MB`` (sv) / ``1.2 MB`` (en); kB under 1 MB."""
    if size >= 1_000_000:
        return f"{format_decimal(size / 1_000_000, '#,##0.0', locale=locale)}\u00a0MB"
    return f"{format_decimal(max(size / 1000, 1), '#,##0', locale=locale)}\u00a0kB"


def format_edition_date(day: dt.date, locale: str) -> str:
    """``28 november 2026`` / ``28 November 2026``."""
    return format_date(day, format="d MMMM y", locale=locale)


def _resolve(page_url: str, href: str) -> str:
    """``href`` (relative to the page) as a path from the site root."""
    joined = posixpath.normpath(posixpath.join(page_url.rstrip("/"), href)) if href else page_url
    if href.endswith("/") and not joined.endswith("/"):
        joined += "/"
    return "" if joined == "." else joined


def _rewrite_href(href: str, page_url: str, chapter_ids: dict, site_url: str | None) -> str:
    """A link into the document (``#<chapter id>--<id>``), to the site, or unchanged."""
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//"):
        return href  # http(s), mailto, tel: unchanged
    target = _resolve(page_url, parts.path)
    chapter = chapter_ids.get(_page_url(target))
    if chapter:
        return f"#{chapter}--{parts.fragment}" if parts.fragment else f"#{chapter}"
    if site_url:
        absolute = urljoin(site_url.rstrip("/") + "/", target)
        return f"{absolute}#{parts.fragment}" if parts.fragment else absolute
    return href


def _page_url(path: str) -> str:
    """The page URL a path leads to: ``x/index.html`` and ``x`` → ``x/``."""
    path = path.removesuffix("index.html")
    if path and not path.endswith("/") and not posixpath.splitext(path)[1]:
        path += "/"
    return path


def _shows_url(href: str, text: str) -> bool:
    """Whether a link's text already is its URL (CSS then prints no URL after it)."""
    bare = href.split("://", 1)[-1]
    return bool(text) and text.rstrip("/") in (href.rstrip("/"), bare.rstrip("/"))


def build_chapter(
    page_html: str,
    *,
    source: str,
    page_url: str,
    level: int,
    chapter_ids: dict[str, str],
    site_url: str | None,
    number: int | str | None = None,
) -> Chapter:
    """One built page → a chapter: cleaned, headings demoted by ``level``, ids made unique
    and links rewritten; ``number`` (a step's) goes before its heading, as in the nav."""
    article = parse_article(page_html, source)
    clean(article)
    heading = next((element for element in article.iter() if element.tag in HEADINGS), None)
    if heading is None:
        raise ValueError(f"{source}: the page has no heading to start its chapter with")
    if number is not None:
        heading.text = f"{number}. {heading.text or ''}"
    own = chapter_ids[page_url]  # the id of the chapter's <section> in the document
    headings = [Heading(own, text_of(heading), level + 1)]
    for element in article.iter():
        if element.tag in HEADINGS:
            element.tag = f"h{min(int(element.tag[1]) + level, 6)}"
        if element.get("id"):
            element.set("id", f"{own}--{element.get('id')}")
            if element.tag == "h2" and level == 0:
                headings.append(Heading(element.get("id"), text_of(element), 2))
        if element.tag == "a" and element.get("href") is not None:
            href = _rewrite_href(element.get("href"), page_url, chapter_ids, site_url)
            element.set("href", href)
            if href.startswith(("http://", "https://")) and _shows_url(href, text_of(element)):
                element.set("class", (element.get("class", "") + " pdf-url-shown").strip())
        if element.tag in ("img", "source") and element.get("src"):
            src = element.get("src")
            if not urlsplit(src).scheme and not src.startswith("/"):
                element.set("src", _resolve(page_url, src))
            element.attrib.pop("srcset", None)
            element.attrib.pop("loading", None)
    return Chapter(own, headings[0].text, level, serialize_children(article).strip(), headings)


def contents(chapters: list[Chapter]) -> list[Heading]:
    """The contents list: chapters with their sections; a sub-section's pages under its index."""
    entries: list[Heading] = []
    for chapter in chapters:
        own, *sections = chapter.headings
        entry = Heading(own.id, own.text, own.level, list(sections))
        if chapter.level > 0 and entries:
            entries[-1].children.append(entry)
        else:
            entries.append(entry)
    return entries


def start_worker(environment: dict[str, str]) -> None:
    """A worker's set-up: only the project's fonts (FONTCONFIG_FILE), the build's
    SOURCE_DATE_EPOCH (fontTools dates the font subsets with it), WeasyPrint imported."""
    os.environ.update(environment)
    import weasyprint  # noqa: F401


def render_pdf(document_html: str, base_url: str, target: str) -> Rendered:
    """Render the print document as PDF/UA-1 to ``target`` (atomically), in a worker: plain
    values in; the page count, times and WeasyPrint's errors and warnings out."""
    from weasyprint import HTML  # here: only builds that make the PDF pay for its import

    problems, notes = [], []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = record.getMessage()
            serious = record.levelno >= logging.ERROR or ".notdef glyph" in message
            (problems if serious else notes).append(message)

    logger = logging.getLogger("weasyprint")
    handler = Collect(level=logging.WARNING)
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        started, cpu = time.perf_counter(), time.process_time()
        document = HTML(string=document_html, base_url=base_url).render()
        partial = Path(target).with_suffix(".pdf.part")
        partial.parent.mkdir(parents=True, exist_ok=True)
        document.write_pdf(partial, pdf_variant="pdf/ua-1")
        partial.replace(target)
        return Rendered(
            len(document.pages),
            time.perf_counter() - started,
            time.process_time() - cpu,
            list(dict.fromkeys(problems)),  # a missing glyph is reported for every use
            list(dict.fromkeys(notes)),
        )
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
