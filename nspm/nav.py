"""The menu: every page in it, in every language, and in its section's overview.

A menu label without its label in another language (``nav_translations``) stops the
build; a page of the default language missing from ``nav:``, or from its section's
overview (an index page that links to more than half of its section's pages), is a
warning with the line to add. MkDocs' own check of pages not in the menu is off.
"""

from __future__ import annotations

import contextlib
import posixpath
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page

from nspm import build, data, html
from nspm.links import OutsideSite, resolve

log = build.logger("nav")


def config_lines(config) -> tuple[dict[str, int], dict[str, int]]:
    """Lines in mkdocs.yml: of each nav label, and of each language's nav_translations."""
    path = Path(config.config_file_path or "mkdocs.yml")
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return {}, {}
    labels: dict[str, int] = {}
    languages: dict[tuple, dict] = {}  # plugins[i].i18n.languages[j] → {key: (line, value node)}
    for where, line, node in data.walk(root):
        if len(where) > 1 and where[0] == "nav" and isinstance(where[-1], str):
            labels.setdefault(where[-1], line)  # a menu label: any key under nav
        elif len(where) == 6 and where[0] == "plugins" and where[2:4] == ("i18n", "languages"):
            languages.setdefault(where[:5], {})[where[5]] = (line, node)
    blocks = {
        keys["locale"][1].value: keys.get("nav_translations", keys["locale"])[0]
        for keys in languages.values()
        if "locale" in keys
    }
    return labels, blocks


def check_labels(current: build.Pass) -> None:
    """Every menu label has a label in every other built language (once per build)."""
    config = current.config
    translations = build.nav_translations(config)
    if not current.is_default or not config.nav or not translations:
        return
    titles = dict.fromkeys(_titles(config.nav))
    missing = [(lang, t) for lang, known in translations.items() for t in titles if t not in known]
    if not missing:
        return
    labels, blocks = config_lines(config)  # read only when there is something to report
    file = current.site.display(config.config_file_path or "mkdocs.yml")
    problems = [
        f"{file}:{labels.get(title, 1)}: the menu label '{title}' has no "
        f"{build.language_name(lang)} label. Fix: add the line '{title}: <the "
        f"{build.language_name(lang)} label>' to nav_translations of the language "
        f"'{lang}' ({file}:{blocks.get(lang, 1)})"
        for lang, title in missing
    ]
    raise PluginError(
        f"{len(problems)} menu label(s) without a translation:\n" + "\n".join(problems)
    )


def check_pages(current: build.Pass, nav, files) -> None:
    """Pages of the default language that are not in the menu (on_nav)."""
    config = current.config
    if not config.nav or not current.is_default:
        return
    in_nav = {page.file.src_uri for page in nav.pages}
    file = current.site.display(config.config_file_path or "mkdocs.yml")
    labels = None
    for doc in files.documentation_pages():
        if doc.src_uri in in_nav or not doc.src_uri.startswith(f"{current.language}/"):
            continue
        if labels is None:  # read once, and only when there is something to report
            labels, _ = config_lines(config)
        rel = doc.src_uri.removeprefix(f"{current.language}/")
        folder = posixpath.dirname(doc.src_uri)
        siblings = [p for p in nav.pages if posixpath.dirname(p.file.src_uri) == folder]
        where = ""
        if "/" in rel and siblings and siblings[0].parent is not None:
            title = siblings[0].parent.title
            where = f" under '{title}' ({file}:{labels.get(title, 1)})"
        log.warning(
            f"{current.site.source(doc.src_uri)}: the page is not in the menu. Fix: add the line "
            f"'- <its menu label>: {rel}' to nav: in {file}{where}, and its label in every other "
            "language to nav_translations"
        )


def check_overviews(current: build.Pass, nav) -> None:
    """A section's index page that links to its pages by hand links to all of them (on_env,
    when every page's content is known)."""
    for section in _sections(nav.items):
        index = _index(section)
        content = html.parsed(current, index.file.dest_uri) if index is not None else None
        if content is None:
            continue
        members = {}
        for child in section.children:
            page = child if isinstance(child, Page) else _index(child)
            if page is not None and page is not index:
                members[page.url] = page
        linked = set()
        for link in content.links:
            with contextlib.suppress(OutsideSite):
                linked.add(resolve(link.url, index.url).path)
        if len(members) < 2 or 2 * len(linked & members.keys()) <= len(members):
            continue  # not an overview of its section: it links to half its pages or fewer
        folder = posixpath.dirname(index.file.src_uri)
        for url, page in members.items():
            if url not in linked:
                log.warning(
                    f"{current.site.source(index.file.src_uri)}: the overview of its section "
                    f"links to the section's pages by hand, but not to {page.file.src_uri}. Fix: "
                    "add a link (or a card like the others) to "
                    f"'{posixpath.relpath(page.file.src_uri, folder)}'"
                )


def _sections(items):
    for item in items:
        if isinstance(item, Section):
            yield item
            yield from _sections(item.children)


def _index(section) -> Page | None:
    children = section.children if isinstance(section, Section) else []
    return next((c for c in children if isinstance(c, Page) and c.is_index), None)


def _titles(items):
    for item in items:
        if isinstance(item, dict):
            for title, value in item.items():
                yield title
                if isinstance(value, list):
                    yield from _titles(value)
