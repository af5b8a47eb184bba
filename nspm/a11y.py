"""Accessibility the templates cannot give (Material's own fixes are overrides/partials/).

- A page without headings gets an ``<h1 id="nspm-content">`` and toc entry, so Material
  renders its "skip to content" link; a raw-HTML h1 gets a target before the content.
- ``<!-- a11y:last-check -->`` becomes the date and method of the last automated check,
  from data/accessibility.yml (written by ``make a11y-record``).
"""

from __future__ import annotations

from mkdocs.structure.toc import AnchorLink, TableOfContents

from nspm import build, data

MARKER = "<!-- a11y:last-check -->"
DATA_FILE = "data/accessibility.yml"
SCHEMA_FILE = "data/accessibility.schema.json"
CONTENT_ID = "nspm-content"


def last_check(current: build.Pass, markdown: str) -> str:
    site = current.site
    path = site.root / DATA_FILE
    record = {"last_check": None}
    if path.is_file():
        record = data.load(path, site.root / SCHEMA_FILE, display=DATA_FILE, cache=site.cache).value
    text = current.render("hooks/a11y-last-check.html", t=current.t["last_check"], **record)
    return markdown.replace(MARKER, text)


def skip_target(current: build.Pass, page, html: str) -> str:
    """Content with a heading (and toc entry) to skip to, when the page has none."""
    if page.toc:
        return html
    title = page.title or current.config.site_name
    page.toc = TableOfContents([AnchorLink(title, CONTENT_ID, 1)])
    if "<h1" in html:  # a raw-HTML h1 without a toc entry: land just before the content
        return f'<span id="{CONTENT_ID}"></span>' + html
    return current.render("hooks/a11y-heading.html", id=CONTENT_ID, title=title) + html
