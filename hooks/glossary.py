"""hooks/glossary.py – abbreviations explained on every page, in the page's language.

One glossary file per language, data/glossary/<lang>.yml, lists each abbreviation with its
expansion. On every page of that language the hook appends the definitions for Markdown's
``abbr`` extension (``*[NSPM]: Nationella samordningen …``), so each use in the text becomes
``<abbr title="…">NSPM</abbr>``. markdown_extensions are global, so the definitions are
added per page, per language, here – not through a global snippet.

Headings are left alone (their text feeds the table of contents, the page title and the
search index titles); code, link targets and attributes never are wrapped by ``abbr``.

The glossary page of each language (docs/<lang>/ordlista.md) holds the marker
``<!-- glossary:list -->``, replaced by the list rendered with overrides/hooks/glossary.html.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from pathlib import Path

import yaml
from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.hooks.glossary")
# libyaml when installed (faster); the nodes carry line numbers either way
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

GLOSSARY_FILE = "data/glossary/{lang}.yml"
MARKER = "<!-- glossary:list -->"
TEMPLATE = "hooks/glossary.html"

# Per-build state, keyed by language (every event runs once per language).
_glossaries: dict[str, list[Entry]] = {}


@dataclass(frozen=True)
class Entry:
    abbr: str
    title: str
    text: str
    link: str | None
    line: int

    @property
    def anchor(self) -> str:
        """Language-neutral id for the glossary page: ÅMP → amp."""
        plain = self.abbr.lower().translate(str.maketrans("åäö", "aao"))
        return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


# Hooks ------------------------------------------------------------------------


@event_priority(-150)
def on_config(config: MkDocsConfig) -> None:
    """Load every language's glossary (after static-i18n set this build's language at -100).

    All languages are loaded and compared in each build, so a glossary out of step with its
    twin fails the build whichever language is built.
    """
    _glossaries.clear()
    _glossaries.update(load_all(Path(config.config_file_path).parent, _languages(config)))
    if not any(isinstance(ext, HeadingGuardExtension) for ext in config.markdown_extensions):
        config.markdown_extensions.append(HeadingGuardExtension())


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Append this language's abbreviation definitions; render the glossary list."""
    lang = getattr(page.file, "locale", None) or config.theme["language"]
    entries = _glossaries.get(lang, [])
    if MARKER in markdown:
        env = config.theme.get_env()
        listing = env.get_template(TEMPLATE).module.glossary_list(entries, lang)
        markdown = markdown.replace(MARKER, str(listing).strip())
    return append_definitions(markdown, entries)


# Helpers ----------------------------------------------------------------------


def _languages(config: MkDocsConfig) -> list[str]:
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return [config.theme["language"]]
    return [language.locale for language in i18n.config.languages]


def append_definitions(markdown: str, entries: list[Entry]) -> str:
    """``markdown`` with one ``*[ABBR]: expansion`` line per entry at its end."""
    if not entries:
        return markdown
    lines = [f"*[{entry.abbr}]: {entry.title}" for entry in entries]
    return markdown.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"


def load_glossary(path: Path) -> list[Entry]:
    """Read one glossary file; every problem is collected, each naming file and line."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise PluginError(f"{path}: not valid YAML: {exc}") from exc
    if node is None or not isinstance(node, yaml.SequenceNode):
        line = node.start_mark.line + 1 if node is not None else 1
        raise PluginError(f"{path}:{line}: expected a list of entries (- abbr: …, title: …)")
    problems: list[str] = []
    entries: list[Entry] = []
    seen: set[str] = set()
    for item in node.value:
        line = item.start_mark.line + 1
        where = f"{path}:{line}"
        if not isinstance(item, yaml.MappingNode):
            problems.append(f"{where}: each entry needs 'abbr', 'title' and 'text'")
            continue
        fields = {
            k.value: v.value if isinstance(v, yaml.ScalarNode) else None for k, v in item.value
        }
        unknown = sorted(set(fields) - {"abbr", "title", "text", "link"})
        if unknown:
            problems.append(f"{where}: unknown key(s) {unknown}; use abbr, title, text, link")
        missing = [k for k in ("abbr", "title", "text") if not (fields.get(k) or "").strip()]
        if missing:
            problems.append(f"{where}: missing or empty {missing}")
            continue
        abbr, title = fields["abbr"].strip(), fields["title"].strip()
        if not re.fullmatch(r"\w+", abbr):
            problems.append(f"{where}: abbr '{abbr}' must be one word, without spaces")
            continue
        if "\n" in title or '"' in title:
            problems.append(f"{where}: title of '{abbr}' must be one line without '\"'")
            continue
        if abbr in seen:
            problems.append(f"{where}: '{abbr}' is listed twice; keep one entry")
            continue
        seen.add(abbr)
        entries.append(Entry(abbr, title, fields["text"].strip(), fields.get("link"), line))
    if problems:
        _fail(problems)
    return entries


def load_all(root: Path, languages: list[str]) -> dict[str, list[Entry]]:
    """Every language's glossary; the files must list the same abbreviations in order."""
    glossaries: dict[str, list[Entry]] = {}
    for lang in languages:
        path = root / GLOSSARY_FILE.format(lang=lang)
        if not path.exists():
            raise PluginError(f"{path}: missing – every language needs its glossary file")
        glossaries[lang] = load_glossary(path)
    problems = compare(glossaries, root)
    if problems:
        _fail(problems)
    return glossaries


def compare(glossaries: dict[str, list[Entry]], root: Path) -> list[str]:
    """Problems where a language's glossary differs from the first language's, position by
    position (the twins list the same abbreviations in the same order)."""
    if not glossaries:
        return []
    first, *others = glossaries
    problems = []
    for lang in others:
        mine, theirs = glossaries[lang], glossaries[first]
        for i in range(max(len(mine), len(theirs))):
            here = mine[i] if i < len(mine) else None
            there = theirs[i] if i < len(theirs) else None
            if here and there and here.abbr == there.abbr:
                continue
            entry, path, other_path = (
                (here, GLOSSARY_FILE.format(lang=lang), GLOSSARY_FILE.format(lang=first))
                if here
                else (there, GLOSSARY_FILE.format(lang=first), GLOSSARY_FILE.format(lang=lang))
            )
            other = (there if here else here) or None
            problems.append(
                f"{root / path}:{entry.line}: entry {i + 1} is '{entry.abbr}' here but "
                f"{repr(other.abbr) if other else 'missing'} in {other_path}; list the same "
                f"abbreviations in the same order in both files"
            )
    return problems


def _fail(problems: list[str]):
    for problem in problems:
        log.error(problem)
    raise PluginError(f"{len(problems)} glossary problem(s):\n" + "\n".join(problems))


class _HeadingGuard(Treeprocessor):
    """Mark heading text atomic so ``abbr`` (priority 7) leaves headings alone."""

    HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

    def run(self, root: etree.Element) -> None:
        for el in root.iter():
            if el.tag in self.HEADINGS:
                _atomize(el)


def _atomize(heading: etree.Element) -> None:
    if heading.text and not isinstance(heading.text, AtomicString):
        heading.text = AtomicString(heading.text)
    for child in heading.iter():
        if child is heading:
            continue
        if child.text and not isinstance(child.text, AtomicString):
            child.text = AtomicString(child.text)
        if child.tail and not isinstance(child.tail, AtomicString):
            child.tail = AtomicString(child.tail)


class HeadingGuardExtension(Extension):
    """Registers the heading guard after inline parsing (20) and before ``abbr`` (7)."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 – Markdown's API
        md.treeprocessors.register(_HeadingGuard(md), "glossary_heading_guard", 7.5)
