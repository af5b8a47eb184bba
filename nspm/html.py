"""Built HTML read with a real parser (lxml, libxml2's HTML parser), once per page.

``read(html)`` gives what the links check and the CSP check need from a page's content:
links with their line, ids, heading ids, and the script-like markup the policy forbids in
content. ``inline_code(html)`` gives a whole page's inline scripts and styles, which its
Content-Security-Policy must hash.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

#: Attributes that hold a URL, per tag. Anything else (data-*, JSON in <script>) is no link.
URL_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "input": ("src",),
    "form": ("action",),
    "object": ("data",),
}
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: Material's language switcher (partials/languages.html) may link to the other language.
SWITCHER_CLASS = "md-select__link"
#: Script types a browser runs; anything else (application/json, …) is data, not code.
JS_TYPES = frozenset({"", "text/javascript", "module", "application/javascript"})
_PARSER = etree.HTMLParser(remove_comments=True, no_network=True)


@dataclass(frozen=True)
class Link:
    """One URL in a built page: where it sits and what marks it."""

    tag: str
    attr: str
    url: str
    line: int
    switcher: bool = False
    alternate: bool = False
    hreflang: str | None = None
    text: str | None = None  # the visible text, kept for tel: links only


@dataclass
class Page:
    """What the checks keep of one page's HTML."""

    links: list[Link] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    headings: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)  # inline scripts a browser would run
    styles: list[str] = field(default_factory=list)  # <style> elements
    style_attributes: list[str] = field(default_factory=list)
    event_attributes: list[str] = field(default_factory=list)  # onclick=…


def _root(html: str):
    return etree.fromstring(html, _PARSER) if html.strip() else None


def read(html: str) -> Page:
    """Links (href, src, srcset …), ids, heading ids in order, and scripts of ``html``."""
    page, root = Page(), _root(html)
    if root is None:
        return page
    for element in root.iter(etree.Element):
        tag, attrib = element.tag, element.attrib
        ident = attrib.get("id")
        if ident:
            page.ids.add(ident)
            if tag in HEADINGS:
                page.headings.append(ident)
        if tag == "a" and attrib.get("name"):
            page.ids.add(attrib["name"])
        for name, value in attrib.items():
            if name.startswith("on"):
                page.event_attributes.append(name)
            elif name == "style":
                page.style_attributes.append(value)
        if tag == "script" and "src" not in attrib:
            if attrib.get("type", "").strip().lower() in JS_TYPES:
                page.scripts.append(element.text or "")
        elif tag == "style":
            page.styles.append(element.text or "")
        for name in URL_ATTRIBUTES.get(tag, ()):
            value = attrib.get(name)
            if not value or not value.strip():
                continue
            urls = (
                [c.split()[0] for c in value.split(",") if c.split()]
                if name == "srcset"
                else [value.strip()]
            )
            rel = attrib.get("rel", "").lower().split()
            hreflang = attrib.get("hreflang")
            for url in urls:
                text = None
                if tag == "a" and url[:4].lower() == "tel:":
                    text = " ".join("".join(element.itertext()).split())
                page.links.append(
                    Link(
                        tag,
                        name,
                        url,
                        element.sourceline or 1,
                        SWITCHER_CLASS in attrib.get("class", "").split(),
                        tag == "link" and "alternate" in rel,
                        hreflang.strip() if hreflang is not None else None,
                        text,
                    )
                )
    return page


def inline_code(html: str) -> tuple[list[str], list[str], list[str]]:
    """A whole page's inline scripts (that run), <style> texts and style= attributes."""
    root = _root(html)
    if root is None:
        return [], [], []
    scripts = [
        element.text or ""
        for element in root.iter("script")
        if "src" not in element.attrib and element.get("type", "").strip().lower() in JS_TYPES
    ]
    styles = [element.text or "" for element in root.iter("style")]
    return scripts, styles, [str(value) for value in root.xpath("//@style")]


def of_content(current, page, content: str) -> Page:
    """The parse of a page's final content, made once and shared by the hooks that read it
    (links, CSP) in on_page_content."""
    cache = current.state("html")
    known = cache.get(page.file.dest_uri)
    if known is None or known[0] != content:
        known = cache[page.file.dest_uri] = (content, read(content))
    return known[1]
