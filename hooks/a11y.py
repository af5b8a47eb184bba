"""hooks/a11y.py – accessibility fixes on top of Material 9.8.1, and the date of the last check.

- Skip link on every page: Material renders "Hoppa till innehållet" only when page.toc has
  an entry. A page without headings gets an ``<h1 id="nspm-content">`` with its title (the
  same heading Material would render without an id) and a matching toc entry, so the skip
  link points at the start of the main content. Pages rendered from a template without a
  toc (the 404 pages) get the skip link to their first ``<h1>``.
- Accessible names Material leaves out (axe: aria-dialog-name, landmark-unique): the search
  dialog gets ``aria-label`` (the theme's own "search" string); the breadcrumb ``nav``
  gets its own label instead of repeating the main navigation's; each navigation
  section's ``nav`` is named by its visible title instead of by its toggle (a label that
  holds only an icon when the section has an index page, so every such nav was nameless);
  that toggle, which can take keyboard focus, gets a visually hidden name ("Visa eller
  dölj undersidor: Aktörernas ansvar"). The phone layout's menu and search buttons (labels)
  get a Tab stop and a name, so a keyboard opens them on a narrow screen too.
- ``<!-- a11y:last-check -->`` in a page's Markdown becomes the date and method of the last
  automated accessibility check, from data/accessibility.yml (written by
  ``make a11y-record`` after the browser suite passed; the build only reads it),
  rendered by overrides/hooks/a11y-last-check.html. Without the file the text says that
  no automated check has been recorded yet; a file with wrong content stops the build.
"""

from __future__ import annotations

import datetime
import html
import re
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.structure.toc import AnchorLink, TableOfContents

MARKER = "<!-- a11y:last-check -->"
DATA_FILE = "data/accessibility.yml"
CONTENT_ID = "nspm-content"
# Breadcrumb label per language (Material reuses "Navigation", the main menu's label).
PATH_LABELS = {"sv": "Brödsmulor", "en": "Breadcrumbs"}
# Names of the header's icon-only buttons for the menu drawer and search (phone layout).
MENU_LABELS = {"sv": "Meny", "en": "Menu"}
# Before a section's title in the name of its icon-only expand/collapse toggle.
TOGGLE_PREFIX = {"sv": "Visa eller dölj undersidor:", "en": "Show or hide the pages under"}
REQUIRED_KEYS = {
    "last_check": datetime.date,
    "axe_core": str,
    "browser": str,
    "pages": int,
    "rules": list,
}


# Per-build state (one language), reset in on_env: the build's Jinja environment (a new
# one per call would compile every template again) and the theme's "search" string.
_state: dict = {}


def on_env(env, config, files):
    _state.clear()
    _state["env"] = env
    _state["search"] = search_label(config)
    return env


def on_page_markdown(markdown, page, config, files):
    if MARKER not in markdown:
        return markdown
    path = Path(config.config_file_path).parent / DATA_FILE
    # No file yet: the statement says honestly that no check has been recorded.
    data = load_check(path) if path.is_file() else {"last_check": None}
    text = render(config, "hooks/a11y-last-check.html", lang=language(page, config), **data)
    return markdown.replace(MARKER, text)


def on_page_content(html_text, page, config, files):
    if any(True for _ in page.toc):
        return html_text
    page.toc = TableOfContents([AnchorLink(page.title or config.site_name, CONTENT_ID, 1)])
    if "<h1" in html_text:
        # A raw-HTML h1 without a toc entry: point the skip link just before the content.
        target = render(config, "hooks/a11y-skip-target.html", id=CONTENT_ID)
    else:
        title = page.title or config.site_name
        target = render(config, "hooks/a11y-heading.html", id=CONTENT_ID, title=title)
    return target + html_text


def on_post_page(output, page, config):
    lang = language(page, config)
    search = search_label(config)
    output = label_landmarks(output, search, PATH_LABELS.get(lang), TOGGLE_PREFIX.get(lang, ""))
    return header_buttons(output, MENU_LABELS.get(lang, "Menu"), search)


def on_post_template(output_content, template_name, config):
    if not template_name.endswith(".html"):
        return output_content
    lang = config.theme["language"]
    search = search_label(config)
    output = label_landmarks(
        output_content, search, PATH_LABELS.get(lang), TOGGLE_PREFIX.get(lang, "")
    )
    output = header_buttons(output, MENU_LABELS.get(lang, "Menu"), search)
    return add_skip_link(output, config)


# Helpers ----------------------------------------------------------------------------


def language(page, config) -> str:
    locale = getattr(page.file, "locale", None) if page is not None else None
    return locale or config.theme["language"]


def jinja_env(config):
    """The build's environment (from on_env), or a new one outside a build."""
    return _state.get("env") or config.theme.get_env()


def render(config, template: str, **context) -> str:
    return jinja_env(config).get_template(template).render(config=config, **context).strip()


def search_label(config) -> str:
    """The theme's own translation of "search" for the language being built."""
    if "search" in _state:
        return _state["search"]
    env = jinja_env(config)
    tmpl = env.from_string(
        '{% import "partials/language.html" as lang with context %}{{ lang.t("search") }}'
    )
    return tmpl.render(config=config).strip()


_SEARCH = re.compile(r'(<div class="md-search" data-md-component="search" role="dialog")(>)')
_PATH = re.compile(r'(<nav class="md-path" aria-label=")[^"]*(")')
_SECTION = re.compile(
    r'<nav class="md-nav" data-md-level="\d+" aria-labelledby="(?P<id>[\w-]+)_label"[^>]*>\s*'
    r'<label class="md-nav__title" for="(?P=id)">'
)


def label_landmarks(
    text: str, search: str, path: str | None, toggle_prefix: str = TOGGLE_PREFIX["en"]
) -> str:
    """Add the accessible names Material 9.8.1 leaves out (see the module docstring)."""
    text = _SEARCH.sub(lambda m: f'{m[1]} aria-label="{html.escape(search)}"{m[2]}', text)
    if path:
        text = _PATH.sub(lambda m: f"{m[1]}{html.escape(path)}{m[2]}", text)
    text = _SECTION.sub(_label_section, text)
    return name_toggles(text, toggle_prefix)


_HEADER_BUTTON = re.compile(
    r'<label class="md-header__button md-icon" for="(?P<for>__drawer|__search)">'
    r"(?P<body>.*?)</label>",
    re.S,
)


def header_buttons(text: str, menu: str, search: str) -> str:
    """Make the phone layout's menu and search buttons (labels) reachable by Tab, named.

    Material opens them on Enter when a label has focus, but leaves them out of the Tab
    order, so without a mouse the menu and search could not be opened on a narrow screen
    (or at 400 % zoom). They are hidden on wide screens, and with them their Tab stops.
    """

    def fix(m: re.Match) -> str:
        name = menu if m["for"] == "__drawer" else search
        hidden = f'<span class="nspm-visually-hidden">{html.escape(name)}</span>'
        return (
            f'<label class="md-header__button md-icon" for="{m["for"]}" tabindex="0">'
            f"{m['body']}{hidden}</label>"
        )

    return _HEADER_BUTTON.sub(fix, text)


_TITLE = re.compile(
    r'<label class="md-nav__title" for="(?P<id>[\w-]+)"[^>]*>(?P<title>.*?)</label>', re.S
)
_TOGGLE = re.compile(
    r'(<label class="md-nav__link ?" for="(?P<id>[\w-]+)" id="(?P=id)_label" tabindex="[^"]*">'
    r'\s*<span class="md-nav__icon md-icon"></span>)(\s*</label>)'
)


def name_toggles(text: str, prefix: str) -> str:
    """Give each icon-only section toggle a visually hidden name (it can take focus)."""
    titles = {
        m["id"]: " ".join(re.sub(r"<[^>]+>", " ", m["title"]).split())
        for m in _TITLE.finditer(text)
    }

    def name(m: re.Match) -> str:
        title = titles.get(m["id"])
        if not title:
            return m[0]
        hidden = f'<span class="nspm-visually-hidden">{html.escape(prefix)} {title}</span>'
        return m[1] + hidden + m[3]

    return _TOGGLE.sub(name, text)


def _label_section(m: re.Match) -> str:
    """Name a section's nav by its visible title instead of the icon-only toggle."""
    ident = m["id"]
    title = f'<label class="md-nav__title" for="{ident}"'
    return (
        m[0]
        .replace(f'aria-labelledby="{ident}_label"', f'aria-labelledby="{ident}_title"', 1)
        .replace(title, f'{title} id="{ident}_title"', 1)
    )


_EMPTY_SKIP = re.compile(r'(<div data-md-component="skip">)\s*(</div>)')
_FIRST_H1 = re.compile(r"<h1>")


def add_skip_link(text: str, config) -> str:
    """A skip link to the first ``<h1>`` of a page rendered without a toc (the 404 pages)."""
    if not _EMPTY_SKIP.search(text) or not _FIRST_H1.search(text):
        return text
    link = render(config, "hooks/a11y-skip-link.html", id=CONTENT_ID)
    text = _EMPTY_SKIP.sub(lambda m: f"{m[1]}\n        {link}\n    {m[2]}", text, count=1)
    return _FIRST_H1.sub(f'<h1 id="{CONTENT_ID}">', text, count=1)


def load_check(path: Path) -> dict:
    """The last automated check from ``path``; every problem in one PluginError."""
    fix = "run `make a11y-record` (it runs the browser suite and writes the file when it passes)"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise PluginError(f"{DATA_FILE}: not valid YAML ({err}) – {fix}.") from err
    if not isinstance(data, dict):
        raise PluginError(f"{DATA_FILE}: expected a mapping of keys, got {type(data).__name__}.")
    problems = []
    for key, kind in REQUIRED_KEYS.items():
        if key not in data:
            problems.append(f"{DATA_FILE}: key '{key}' is missing")
        elif not isinstance(data[key], kind) or isinstance(data[key], bool):
            problems.append(
                f"{DATA_FILE}: key '{key}' should be {kind.__name__}, got {data[key]!r}"
            )
    if problems:
        raise PluginError("\n".join(problems) + f"\nFix: {fix}.")
    return data
