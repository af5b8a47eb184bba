"""The manual's print document: built pages → one HTML document → PDF (WeasyPrint).

Nothing here knows about MkDocs events (nspm/pdf.py calls these functions; tests call them
directly). HTML is parsed with tinyhtml5, the HTML5 parser WeasyPrint itself uses, into
xml.etree elements and written back by ``serialize``. ``render_pdf`` runs in a worker
process that sees only the project's fonts (overrides/pdf/fonts/).
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree as ET

from babel.dates import format_date
from babel.numbers import format_decimal

# Elements of a built page that have no place on paper (or in the PDF).
DROP_TAGS = {"script", "noscript", "style", "template", "form", "input", "button", "nav"}
# Classes of elements to drop: Material's edit/view buttons, permalinks, the page
# footer parts, the site's quick exit and download link, and anything an author marks
# as screen-only with class "nspm-screen-only".
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
VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
RAW_TEXT_TAGS = {"script", "style"}
NAMESPACES = {
    "http://www.w3.org/2000/svg": "svg",
    "http://www.w3.org/1998/Math/MathML": "math",
}
ARTICLE_START = '<article class="md-content__inner'
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


@dataclass(frozen=True)
class Heading:
    """A heading of the print document, for its contents list."""

    id: str
    text: str
    level: int  # 1 = chapter, 2 = section within a chapter


@dataclass
class Chapter:
    """One manual page, ready to go into the print document."""

    id: str
    url: str
    title: str
    level: int
    html: str = ""
    headings: list[Heading] = field(default_factory=list)


# Pages ---------------------------------------------------------------------------


def chapter_id(url: str) -> str:
    """A document-wide id for a page: ``en/manual/akut-skydd/`` → ``p-en-manual-akut-skydd``."""
    path = url.split("#")[0].removesuffix("index.html").strip("/")
    return "p-" + (path.replace("/", "-").replace(".", "-") or "home")


def nesting_level(src_uri: str, prefix: str) -> int:
    """How deep a page sits below ``prefix``: 0 for a chapter, 1 for a page inside a sub-section.

    A sub-section's index page (``manual/aktorer/index.md``) is the chapter its
    siblings belong to, so it counts one level up.
    """
    parts = src_uri.removeprefix(prefix).split("/")
    depth = len(parts) - 1
    if parts[-1] in ("index.md", "README.md"):
        depth -= 1
    return max(depth, 0)


def parse_article(page_html: str, source: str) -> ET.Element:
    """The ``<article>`` of a built Material page (its content, without the site around it).

    Only the article is parsed (from its start tag to the page's last ``</article>``):
    parsing the whole page with its navigation would cost more than the rest together.
    """
    start = page_html.find(ARTICLE_START)
    end = page_html.rfind("</article>")
    if start < 0 or end < start:
        raise ValueError(
            f'{source}: no <article class="md-content__inner …"> in the built page – '
            "the page template no longer has Material's content block"
        )
    import tinyhtml5  # here: a build without the PDF does not pay for its import

    root = tinyhtml5.parse(
        page_html[start : end + len("</article>")], namespace_html_elements=False
    )
    return next(root.iter("article"))


def clean(article: ET.Element) -> None:
    """Remove what does not belong on paper (see DROP_TAGS and DROP_CLASSES); open ``<details>``."""
    for parent in list(article.iter()):
        for child in list(parent):
            if not isinstance(child.tag, str):
                continue
            classes = set(child.get("class", "").split())
            if child.tag in DROP_TAGS or classes & DROP_CLASSES or "hidden" in child.attrib:
                _remove_keeping_tail(parent, child)
            elif child.tag == "details":
                child.set("open", "")


def shift_headings(article: ET.Element, by: int) -> None:
    """Demote every heading by ``by`` levels (h1 → h2 for a page inside a sub-section)."""
    if by <= 0:
        return
    for element in article.iter():
        if element.tag in HEADINGS:
            element.tag = f"h{min(int(element.tag[1]) + by, 6)}"


def rewrite_ids_and_links(
    article: ET.Element,
    *,
    page_url: str,
    chapter_ids: dict[str, str],
    site_url: str | None,
) -> None:
    """Make ids unique in the document and links work inside the PDF.

    ``chapter_ids`` maps each page URL in the document (``manual/akut-skydd/``) to its
    chapter id. A link to one of those pages (with or without ``#fragment``) becomes
    ``#<chapter id>`` or ``#<chapter id>--<fragment>``; a link to any other page of
    the site becomes an absolute URL on ``site_url`` (or stays relative without one);
    image sources are made relative to the language's site root.
    """
    own = chapter_ids[page_url]
    for element in article.iter():
        if not isinstance(element.tag, str):
            continue
        if element.get("id"):
            element.set("id", f"{own}--{element.get('id')}")
        if element.tag == "a" and element.get("href") is not None:
            element.set("href", _rewrite_href(element.get("href"), page_url, chapter_ids, site_url))
        if element.tag in ("img", "source") and element.get("src"):
            src = element.get("src")
            if not urlsplit(src).scheme and not src.startswith("/"):
                element.set("src", _resolve(page_url, src))
            element.attrib.pop("srcset", None)
            element.attrib.pop("loading", None)


def headings_of(article: ET.Element, level: str = "h2") -> list[tuple[str, str]]:
    """(id, text) of every heading of one level, for the contents list."""
    return [
        (element.get("id", ""), text_of(element))
        for element in article.iter(level)
        if element.get("id")
    ]


def first_heading(article: ET.Element) -> ET.Element | None:
    for element in article.iter():
        if element.tag in HEADINGS:
            return element
    return None


def text_of(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def serialize_children(element: ET.Element) -> str:
    """The inner HTML of ``element``."""
    parts = [escape(element.text or "", quote=False)]
    for child in element:
        parts.append(serialize(child))
    return "".join(parts)


def serialize(element: ET.Element) -> str:
    """HTML for one element and its tail (SVG and MathML keep their namespace)."""
    tail = escape(element.tail or "", quote=False)
    if not isinstance(element.tag, str):  # comments and processing instructions
        return tail
    tag = element.tag
    attrs = dict(element.attrib)
    if tag.startswith("{"):
        namespace, tag = tag[1:].split("}", 1)
        if tag in NAMESPACES.values() and namespace in NAMESPACES:
            attrs.setdefault("xmlns", namespace)
    attributes = "".join(
        f' {name.split("}")[-1]}="{escape(str(value))}"' for name, value in attrs.items()
    )
    if tag in VOID_TAGS:
        return f"<{tag}{attributes}>{tail}"
    inner = (element.text or "") if tag in RAW_TEXT_TAGS else serialize_children(element)
    return f"<{tag}{attributes}>{inner}</{tag}>{tail}"


# Document facts -------------------------------------------------------------------


def format_size(size: int, locale: str) -> str:
    """A file size as readers write it: ``1,2 MB`` (sv) / ``1.2 MB`` (en); kB under 1 MB."""
    if size >= 1_000_000:
        return f"{format_decimal(size / 1_000_000, '#,##0.0', locale=locale)}\u00a0MB"
    return f"{format_decimal(max(size / 1000, 1), '#,##0', locale=locale)}\u00a0kB"


def format_edition_date(day: dt.date, locale: str) -> str:
    """``28 november 2026`` / ``28 November 2026``."""
    return format_date(day, format="d MMMM y", locale=locale)


# Helpers --------------------------------------------------------------------------


def _resolve(page_url: str, href: str) -> str:
    """``href`` (relative to the page) as a path relative to the language's site root."""
    base = posixpath.dirname(page_url.rstrip("/") + "/x") if page_url else ""
    joined = posixpath.normpath(posixpath.join(base, href)) if href else page_url
    if href.endswith("/") and not joined.endswith("/"):
        joined += "/"
    return "" if joined == "." else joined


def _rewrite_href(
    href: str, page_url: str, chapter_ids: dict[str, str], site_url: str | None
) -> str:
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//"):
        return href  # http(s), mailto, tel: unchanged
    if href.startswith("#"):
        return f"#{chapter_ids[page_url]}--{href[1:]}" if href[1:] else f"#{chapter_ids[page_url]}"
    target = _resolve(page_url, parts.path) if parts.path else page_url
    target_page = _normalise_page_url(target)
    if target_page in chapter_ids:
        own = chapter_ids[target_page]
        return f"#{own}--{parts.fragment}" if parts.fragment else f"#{own}"
    if site_url:
        absolute = urljoin(site_url.rstrip("/") + "/", target)
        return f"{absolute}#{parts.fragment}" if parts.fragment else absolute
    return href


def _normalise_page_url(path: str) -> str:
    path = path.removesuffix("index.html")
    if path and not path.endswith("/") and not posixpath.splitext(path)[1]:
        path += "/"
    return path


def _remove_keeping_tail(parent: ET.Element, child: ET.Element) -> None:
    """Remove ``child`` but keep the text that follows it."""
    if child.tail:
        index = list(parent).index(child)
        if index:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


# Chapters -------------------------------------------------------------------------


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
    """One built page → a chapter of the print document (cleaned, ids and links rewritten).

    ``number`` (a step's ``step:`` front matter) goes before the chapter's heading:
    "1. Identifiering", as in the nav.
    """
    article = parse_article(page_html, source)
    clean(article)
    heading = first_heading(article)
    if heading is None:
        raise ValueError(f"{source}: the page has no heading to start its chapter with")
    if number is not None:
        heading.text = f"{number}. {heading.text or ''}"
    shift_headings(article, level)
    rewrite_ids_and_links(article, page_url=page_url, chapter_ids=chapter_ids, site_url=site_url)
    mark_links_showing_their_url(article)
    own = chapter_ids[page_url]  # the id of the chapter's <section> in the document
    headings = [Heading(own, text_of(heading), level + 1)]
    if level == 0:
        headings += [Heading(id_, text, 2) for id_, text in headings_of(article, "h2")]
    return Chapter(
        id=own,
        url=page_url,
        title=text_of(heading),
        level=level,
        html=serialize_children(article).strip(),
        headings=headings,
    )


def mark_links_showing_their_url(article: ET.Element) -> None:
    """Links whose text already is their URL get class ``pdf-url-shown`` (no URL after them)."""
    for element in article.iter("a"):
        href = element.get("href", "")
        text = text_of(element)
        if (
            href.startswith(("http://", "https://"))
            and text
            and (text.rstrip("/") in (href.rstrip("/"), href.split("://", 1)[1].rstrip("/")))
        ):
            element.set("class", (element.get("class", "") + " pdf-url-shown").strip())


@dataclass
class TocEntry:
    """One line of the contents list; ``children`` are the lines indented under it."""

    id: str
    text: str
    children: list[TocEntry] = field(default_factory=list)


def contents(chapters: list[Chapter]) -> list[TocEntry]:
    """The contents list: chapters with their sections; a sub-section's pages under its index."""
    entries: list[TocEntry] = []
    for chapter in chapters:
        own, *sections = chapter.headings
        entry = TocEntry(own.id, own.text, [TocEntry(h.id, h.text) for h in sections])
        if chapter.level > 0 and entries:
            entries[-1].children.append(entry)
        else:
            entries.append(entry)
    return entries


# Rendering ------------------------------------------------------------------------


@dataclass(frozen=True)
class Rendered:
    """What render_pdf reports back from its worker."""

    pages: int
    seconds: float
    cpu_seconds: float
    problems: list[str]  # a link to a missing anchor, a missing image, a character no font has
    notes: list[str]  # its warnings, e.g. CSS it ignores


def start_worker(environment: dict[str, str]) -> None:
    """A worker's set-up: only the project's fonts (FONTCONFIG_FILE), the build's
    SOURCE_DATE_EPOCH (fontTools dates the font subsets with it), WeasyPrint imported."""
    os.environ.update(environment)
    import weasyprint  # noqa: F401


def render_pdf(document_html: str, base_url: str, target: str) -> Rendered:
    """Render the print document with WeasyPrint as PDF/UA-1 (tagged, /Lang, title).

    Runs in a worker process (hooks/pdf.py), so it takes and returns plain values: the
    page count, the seconds it took (wall clock and CPU) and WeasyPrint's errors (a link
    to a missing anchor, an image it cannot load) and warnings (CSS it ignores) for the
    build to report. Writes ``target`` atomically.
    """
    import logging
    import time

    from weasyprint import HTML  # imported here: only builds that make the PDF pay for it

    problems: list[str] = []
    notes: list[str] = []

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
        path = Path(target)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".pdf.part")
        document.write_pdf(partial, pdf_variant="pdf/ua-1")
        partial.replace(path)
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
