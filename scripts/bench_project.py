"""scripts/bench_project.py – temporary copies of the project for scripts/bench.py.

Everything here works on a copy in a temporary folder: docs/, site/ and mkdocs.yml of the
checkout are never touched. mkdocs.yml holds ``!ENV`` tags, so the copy's config is edited
as text (a YAML round trip would lose them): the ``hooks:`` list, the theme's features and
the nav's end are found by their indentation.

Synthetic pages are realistic Markdown in both languages: front matter (title,
description), headings with explicit language-neutral ids, paragraphs, a table, relative
links to other synthetic pages (with an anchor) and to real pages, an abbreviation of the
glossary (NSPM, expanded by hooks/glossary.py) and one defined on the page (``*[EU]: …``).
They go to docs/<lang>/bench/del-NN/sida-NNNN.md, ``GROUP`` pages per nav section, as an
editor would group them, so ``navigation.prune`` has sections to prune.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ("hooks", "overrides", "data", "docs")  # what a build reads besides mkdocs.yml
GROUP = 20  # synthetic pages per nav section
LANGUAGES = ("sv", "en")

WORDS = {
    "sv": {
        "title": "Exempelsida",
        "description": "En påhittad sida som bara finns i mätningen av byggtiden",
        "intro": (
            "Den här sidan finns bara i mätningen. Den liknar en vanlig sida i kunskapsbanken: "
            "NSPM beskriver ett arbetssätt, vem som gör vad och var man läser mer."
        ),
        "background": "Bakgrund",
        "paragraph": (
            "Yrkesverksamma inom socialtjänsten, polisen och hälso- och sjukvården möter "
            "personer som kan vara utsatta. Samverkan mellan myndigheter och "
            "civilsamhället gör att stödet kommer i gång snabbare och håller längre."
        ),
        "table": "Översikt i tabellform",
        "columns": ("Steg", "Ansvarig", "Tid"),
        "rows": (
            ("Identifiering", "Socialtjänsten", "Direkt"),
            ("Akut skydd", "Polismyndigheten", "Samma dag"),
            ("Inledande stöd", "Socialtjänsten", "Första veckan"),
            ("Långsiktigt stöd", "Kommunen", "Månader"),
        ),
        "details": "Detaljer",
        "eu": "Regler inom EU påverkar också arbetet, till exempel om uppehållstillstånd.",
        "eu_title": "Europeiska unionen",
        "more": "Läs mer",
        "next": "Nästa exempelsida",
        "previous": "Föregående exempelsida",
        "real": "Betänketid",
        "see": "Läs också om",
    },
    "en": {
        "title": "Example page",
        "description": "A made-up page that exists only in the build-time benchmark",
        "intro": (
            "This page exists only in the benchmark. It resembles an ordinary page of the "
            "knowledge base: NSPM describes a way of working, who does what and where to "
            "read more."
        ),
        "background": "Background",
        "paragraph": (
            "Professionals in social services, the police and health care meet people who "
            "may be victims. Cooperation between agencies and civil society gets support "
            "started sooner and makes it last longer."
        ),
        "table": "Overview as a table",
        "columns": ("Step", "Responsible", "Time"),
        "rows": (
            ("Identification", "Social services", "At once"),
            ("Immediate protection", "Swedish Police Authority", "The same day"),
            ("Initial support", "Social services", "The first week"),
            ("Long-term support", "The municipality", "Months"),
        ),
        "details": "Details",
        "eu": "Rules within the EU also affect the work, for example on residence permits.",
        "eu_title": "European Union",
        "more": "Read more",
        "next": "Next example page",
        "previous": "Previous example page",
        "real": "the reflection period",
        "see": "See also",
    },
}
REAL_PAGE = "stod/betanketid.md"  # a real page in both languages, linked from every page


# ----------------------------------------------------------------------------
# Copies
# ----------------------------------------------------------------------------


def copy_project(dest: Path, source: Path = ROOT) -> Path:
    """The project's build inputs (mkdocs.yml, hooks, overrides, data, docs) in ``dest``.

    The copy is a git checkout of nothing, so hooks that read git history (last_updated,
    translations) take their no-history path; both variants of a comparison share it.
    """
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "mkdocs.yml", dest / "mkdocs.yml")
    for name in INPUTS:
        if (source / name).exists():
            shutil.copytree(
                source / name, dest / name, ignore=shutil.ignore_patterns("__pycache__")
            )
    return dest


# ----------------------------------------------------------------------------
# mkdocs.yml as text
# ----------------------------------------------------------------------------


def _block(text: str, key: str) -> tuple[int, int]:
    """Offsets of the top-level ``key:`` block: its line and the indented lines below it.

    Blank lines inside count; trailing blank lines and column-0 comments (the next
    section's heading) do not.
    """
    match = re.search(rf"^{re.escape(key)}:[^\n]*(?:\n|$)", text, re.MULTILINE)
    if match is None:
        raise ValueError(f"mkdocs.yml has no top-level '{key}:'")
    end = pos = match.end()
    for line in text[match.end() :].splitlines(keepends=True):
        if line.strip() and not line[0].isspace():
            break
        pos += len(line)
        if line.strip():
            end = pos
    return match.start(), end


def hooks_of(text: str) -> list[str]:
    """The hook paths listed under ``hooks:``, in order (comments skipped)."""
    start, end = _block(text, "hooks")
    return re.findall(r"^\s+-\s+(\S+)", text[start:end], re.MULTILINE)


def set_hooks(text: str, hooks: list[str]) -> str:
    """``text`` with the ``hooks:`` list replaced by ``hooks`` (``hooks: []`` when empty)."""
    start, end = _block(text, "hooks")
    block = "hooks: []\n" if not hooks else "hooks:\n" + "".join(f"  - {h}\n" for h in hooks)
    return text[:start] + block + text[end:]


def add_feature(text: str, feature: str) -> str:
    """``text`` with ``feature`` added to ``theme.features`` (once)."""
    match = re.search(r"^(\s+)features:\n((?:\1\s+(?:-[^\n]*|#[^\n]*)\n)+)", text, re.MULTILINE)
    if match is None:
        raise ValueError("mkdocs.yml has no theme.features list")
    items = match.group(2)
    if re.search(rf"^\s+-\s+{re.escape(feature)}\s*$", items, re.MULTILINE):
        return text
    indent = re.match(r"\s+", items).group(0)
    return text[: match.end()] + f"{indent}- {feature}\n" + text[match.end() :]


def remove_feature(text: str, feature: str) -> str:
    """``text`` without ``feature`` in ``theme.features`` (unchanged if it is not there)."""
    return re.sub(rf"^[ \t]+-[ \t]+{re.escape(feature)}[ \t]*\n", "", text, flags=re.MULTILINE)


def append_nav(text: str, entries: str) -> str:
    """``text`` with ``entries`` (YAML lines indented for the top-level nav) at the nav's end."""
    start, end = _block(text, "nav")
    head, tail = text[:end], text[end:]
    if not head.endswith("\n"):
        head += "\n"
    return head + entries + tail


# ----------------------------------------------------------------------------
# Synthetic pages
# ----------------------------------------------------------------------------


def page_path(n: int) -> str:
    """Docs-relative path of synthetic page ``n`` (0-based), e.g. ``bench/del-01/sida-0003.md``."""
    return f"bench/del-{n // GROUP + 1:02d}/sida-{n:04d}.md"


def _link(from_path: str, to_path: str) -> str:
    return posixpath.relpath(to_path, posixpath.dirname(from_path))


def synthetic_page(n: int, count: int, lang: str) -> str:
    """The Markdown of synthetic page ``n`` of ``count`` in ``lang``."""
    w = WORDS[lang]
    path = page_path(n)
    nxt, prev = page_path((n + 1) % count), page_path((n - 1) % count)
    head = " | ".join(w["columns"])
    rows = "\n".join(f"| {step} | {who} | {when} |" for step, who, when in w["rows"][: 2 + n % 3])
    return (
        f"---\ntitle: {w['title']} {n}\ndescription: {w['description']} ({n}).\n---\n\n"
        f"# {w['title']} {n} {{ #sida-{n:04d} }}\n\n"
        f"{w['intro']} {w['see']} [{w['real']}]({_link(path, REAL_PAGE)}).\n\n"
        f"## {w['background']} {{ #bakgrund }}\n\n{w['paragraph']}\n\n{w['paragraph']}\n\n"
        f"## {w['table']} {{ #tabell }}\n\n| {head} |\n| --- | --- | --- |\n{rows}\n\n"
        f"### {w['details']} {{ #detaljer }}\n\n{w['eu']} {w['paragraph']}\n\n"
        f"## {w['more']} {{ #las-mer }}\n\n"
        f"- [{w['next']}]({_link(path, nxt)}#tabell)\n"
        f"- [{w['previous']}]({_link(path, prev)})\n\n"
        f"*[EU]: {w['eu_title']}\n"
    )


def nav_entries(count: int) -> str:
    """The nav lines for ``count`` synthetic pages: one section, ``GROUP`` pages a subsection."""
    if not count:
        return ""
    lines = ["  - Bench:"]
    for n in range(count):
        if n % GROUP == 0:
            lines.append(f"      - Bench {n // GROUP + 1:02d}:")
        lines.append(f"          - {page_path(n)}")
    return "\n".join(lines) + "\n"


def add_pages(project: Path, count: int) -> None:
    """``count`` synthetic twin pages per language in the copy's docs/, listed in its nav."""
    if not count:
        return
    for lang in LANGUAGES:
        for n in range(count):
            target = project / "docs" / lang / page_path(n)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(synthetic_page(n, count, lang), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        append_nav(config.read_text(encoding="utf-8"), nav_entries(count)), encoding="utf-8"
    )


def configure(project: Path, *, hooks: list[str] | None = None, prune: bool = False) -> None:
    """Set the copy's hooks (None: keep them) and turn ``navigation.prune`` on if asked."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if hooks is not None:
        text = set_hooks(text, hooks)
    if prune:
        text = add_feature(text, "navigation.prune")
    config.write_text(text, encoding="utf-8")
