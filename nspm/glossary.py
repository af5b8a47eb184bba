"""The glossary (data/glossary/<lang>.yml, format data/glossary.schema.json), per language.

The abbreviations are the ``glossary`` of Markdown's ``abbr`` extension, so they are
explained on every page (headings left alone; a page's own ``*[X]: …`` wins). On the
glossary page ``<!-- glossary:list -->`` and ``<!-- glossary:terms -->`` become the
abbreviations and the terms (overrides/hooks/glossary.html).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from itertools import zip_longest

from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from nspm import build, data
from nspm.regions import sort_key

GLOSSARY_FILE = "data/glossary/{lang}.yml"
SCHEMA_FILE = "data/glossary.schema.json"
TEMPLATE = "hooks/glossary.html"
MARKERS = {"<!-- glossary:list -->": "abbreviations", "<!-- glossary:terms -->": "terms"}


@dataclass(frozen=True)
class Entry:
    abbr: str | None
    title: str | None
    text: str
    link: str | None
    line: int
    term: str | None = None
    id: str | None = None

    @property
    def key(self) -> str:
        return self.abbr or self.id or ""

    @property
    def anchor(self) -> str:
        """A language-neutral id for the glossary page: ÅMP → amp."""
        if self.id:
            return self.id
        plain = (self.abbr or "").lower().translate(str.maketrans("åäö", "aao"))
        return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def load(path, display: str, schema, cache=None) -> list[Entry]:
    """One language's entries; raises DataError with the schema's and the rules' problems."""
    loaded = data.load(path, schema, display=display, cache=cache, checks=_rules)
    entries = []
    for i, item in enumerate(loaded.value):
        fields = {key: item.get(key) for key in ("abbr", "title", "link", "term", "id")}
        entries.append(Entry(text=item["text"].strip(), line=loaded.line(i), **fields))
    return entries


def _rules(loaded: data.Data) -> list[data.Problem]:
    """Each entry is an abbreviation with its title or a word with its id, listed once."""
    problems, seen = [], set()
    for i, item in enumerate(loaded.value if isinstance(loaded.value, list) else []):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            continue  # the schema's to report
        key = item.get("abbr") or item.get("id")
        if item.get("abbr") and not item.get("title"):
            problem = ((i, "title"), "missing", "write what the abbreviation stands for")
        elif not item.get("abbr") and not (item.get("term") and item.get("id")):
            problem = (
                (i,),
                "needs 'abbr' and 'title' (an abbreviation) or 'term' and 'id' (a word)",
                "see the file's header",
            )
        elif key in seen:
            problem = ((i,), f"'{key}' is listed twice", "keep one entry")
        else:
            seen.add(key)
            continue
        problems.append(loaded.problem(*problem))
    return problems


def load_all(site: build.Site) -> dict[str, list[Entry]]:
    """Every language's glossary; the files must list the same entries in the same order."""
    glossaries, problems = {}, []
    files = {lang: GLOSSARY_FILE.format(lang=lang) for lang in site.languages}
    for lang, file in files.items():
        if not (site.root / file).exists():
            fix = "every language needs its glossary file"
            problems.append(data.Problem(file, 1, "(file)", "missing", fix))
            continue
        try:
            glossaries[lang] = load(site.root / file, file, site.root / SCHEMA_FILE, site.cache)
        except data.DataError as error:
            problems += error.problems
    first = site.languages[0]
    for lang in site.languages[1:]:
        if lang not in glossaries or first not in glossaries:
            continue
        for i, (here, there) in enumerate(zip_longest(glossaries[lang], glossaries[first])):
            if here and there and here.key == there.key:
                continue
            file, other_file = files[lang], files[first]
            if not here:  # the entry is only in the first language's file
                file, other_file = other_file, file
            entry = here or there
            found = repr(there.key) if here and there else "missing"
            message = f"entry {i + 1} is '{entry.key}' here but {found} in {other_file}"
            fix = "list the same entries in the same order in every language's file"
            problems.append(data.Problem(file, entry.line, f"[{i}]", message, fix))
    if problems:
        raise data.DataError(problems)
    return glossaries


def on_page_markdown(current: build.Pass, markdown: str) -> str:
    """Render the glossary lists where their markers are."""
    entries = current.site.shared("glossary")["entries"][current.language]
    for marker, kind in MARKERS.items():
        if marker in markdown:
            chosen = [e for e in entries if bool(e.abbr) == (kind == "abbreviations")]
            if kind == "terms":
                chosen.sort(key=lambda e: sort_key(e.term, current.language))
            listing = current.macros(TEMPLATE).glossary_list(chosen, current.t["glossary"])
            markdown = markdown.replace(marker, str(listing).strip())
    return markdown


def definitions(entries: list[Entry]) -> dict[str, str]:
    """The ``abbr`` extension's glossary: abbreviation → what it stands for."""
    return {entry.abbr: entry.title for entry in entries if entry.abbr}


class _HeadingGuard(Treeprocessor):
    """Mark heading text atomic, so ``abbr`` (priority 7) leaves headings alone."""

    def run(self, root: etree.Element) -> None:
        for heading in root.iter():
            if heading.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
                for element in heading.iter():
                    for name in ("text", "tail") if element is not heading else ("text",):
                        value = getattr(element, name)
                        if value and not isinstance(value, AtomicString):
                            setattr(element, name, AtomicString(value))


class HeadingGuardExtension(Extension):
    """Registers the heading guard after inline parsing (20) and before ``abbr`` (7)."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 – Markdown's API
        md.treeprocessors.register(_HeadingGuard(md), "glossary_heading_guard", 7.5)
