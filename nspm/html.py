"""Built HTML read with lxml (libxml2's HTML parser), once per page.

``read(html)`` gives what the links and CSP checks need of a page's content: links with their
line, ids, heading ids, and the inline code (scripts, style=, on…= attributes) a CSP forbids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

#: Attributes that hold a URL, per tag. Anything else (data-*, JSON in <script>) is no link.
URL_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("a", "area", "link"), ("href",)),
    **dict.fromkeys(("script", "iframe", "embed", "audio", "track", "input"), ("src",)),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
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


def read(html: str) -> Page:
    """Links (href, src, srcset …), ids, heading ids in order, and scripts of ``html``."""
    page = Page()
    root = etree.fromstring(html, _PARSER) if html.strip() else None
    if root is None:
        return page
    for element in root.iter(etree.Element):
        tag, attrib = element.tag, element.attrib
        if not attrib and tag not in ("script", "style"):
            continue  # most elements: nothing to read
        page.event_attributes += [name for name in attrib if name.startswith("on")]
        if "style" in attrib:
            page.style_attributes.append(attrib["style"])
        if tag == "script" and runs(element):
            page.scripts.append(element.text or "")
        if tag == "style":
            page.styles.append(element.text or "")
        ident = attrib.get("id")
        if ident:
            page.ids.add(ident)
            if tag in HEADINGS:
                page.headings.append(ident)
        if tag == "a" and attrib.get("name"):
            page.ids.add(attrib["name"])
        for name in URL_ATTRIBUTES.get(tag, ()):
            value = attrib.get(name, "").strip()
            if not value:
                continue
            hreflang = attrib.get("hreflang")
            marks = (
                SWITCHER_CLASS in attrib.get("class", "").split(),
                tag == "link" and "alternate" in attrib.get("rel", "").lower().split(),
                hreflang.strip() if hreflang is not None else None,
            )
            candidates = [c.split()[0] for c in value.split(",") if c.split()]
            for url in candidates if name == "srcset" else [value]:
                tel = tag == "a" and url[:4].lower() == "tel:"
                text = " ".join("".join(element.itertext()).split()) if tel else None
                page.links.append(Link(tag, name, url, element.sourceline or 1, *marks, text))
    return page


def runs(script) -> bool:
    """An inline <script> that a browser runs (not src=, not JSON or another data type)."""
    return "src" not in script.attrib and script.get("type", "").strip().lower() in JS_TYPES


def parsed(current, dest_uri: str) -> Page | None:
    """A page's content as ``of_content`` read it in this pass; None if it did not."""
    return current.state("html").get(dest_uri, (None, None))[1]


def of_content(current, page, content: str) -> Page:
    """The parse of a page's final content, made once and shared by the hooks that read it."""
    cache, key = current.state("html"), page.file.dest_uri
    if cache.get(key, (None,))[0] != content:
        cache[key] = (content, read(content))
    return cache[key][1]
