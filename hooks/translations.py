"""hooks/translations.py – tells the reader of an English page that its Swedish source changed.

Each translated page records in its front matter which version of its Swedish source it
translates:

    translation_of: 3f1c2a…   # git's blob id of docs/sv/<same path>.md when translated

`make translations` prints the value to paste (`git hash-object docs/sv/<path>.md` gives
the same). A content id, unlike a commit id, needs no history to compare and survives
squash merges and rebases. When the Swedish file's content no longer has that id, the
English page is stale: the reader sees a notice with the date of the last commit that
changed the Swedish page and a link to it (overrides/partials/nspm/translation-notice.html,
template variable ``nspm_translation``).

The date needs git history. Without it (no git, not a checkout, a shallow clone) the build
shows no notice and logs that once at INFO level. A page without `translation_of` gets no
notice and an INFO line; `make translations` lists it. The helpers below are shared with
scripts/translations.py (the editors' report).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import git_history  # hooks/ is on sys.path while MkDocs loads a hook
from mkdocs.utils.meta import get_data

log = logging.getLogger("mkdocs.plugins.nspm.translations")

KEY = "translation_of"


# Hooks -------------------------------------------------------------------------

# Per language build (static-i18n runs every event once per language): reset in on_pre_build.
_notices: dict[str, dict] = {}  # src_uri -> template data of the notice
_unrecorded: list[str] = []


def on_pre_build(config) -> None:
    _notices.clear()
    _unrecorded.clear()
    if config["theme"]["language"] == source_language(config):
        return
    history = git_history.for_config(config)
    if not history.available:
        log.info(
            "translations: no git history – %s. No stale-translation notices in this "
            "build; `make translations` still lists the stale pages.",
            history.reason,
        )


def on_page_markdown(markdown, page, config, files):
    source = source_language(config)
    language = config["theme"]["language"]
    prefix = f"{language}/"
    if language == source or not page.file.src_uri.startswith(prefix):
        return None
    rel = page.file.src_uri[len(prefix) :]
    state = freshness(page.meta.get(KEY), Path(config["docs_dir"]) / source / rel)
    if state == "unrecorded":
        _unrecorded.append(f"docs/{page.file.src_uri}")
    if state != "stale":
        return None
    history = git_history.for_config(config)
    changed = history.changed(f"{source}/{rel}") if history.available else None
    if changed is not None:
        _notices[page.file.src_uri] = {
            "stale": True,
            "source_language": source,
            "source_changed": git_history.day(changed, language),
            "source_url": source_url(page.url, language),
        }
    return None


def on_env(env, config, files):
    if _unrecorded:
        log.info(
            "translations: %d page(s) without '%s' in the front matter, so no notice if "
            "their Swedish source changes (%s) – `make translations` prints the values to add.",
            len(_unrecorded),
            KEY,
            ", ".join(_unrecorded[:3]) + (", …" if len(_unrecorded) > 3 else ""),
        )


def on_page_context(context, page, config, nav):
    context["nspm_translation"] = _notices.get(page.file.src_uri)
    return context


# Helpers -----------------------------------------------------------------------


def source_language(config) -> str:
    """The i18n plugin's default locale ("sv"), which every other language translates."""
    plugin = config["plugins"].get("i18n")
    for language in getattr(getattr(plugin, "config", None), "languages", None) or []:
        if language.default:
            return language.locale
    return config["theme"]["language"]


def source_url(url: str, language: str) -> str:
    """The Swedish twin's URL from the English page's (``en/begrepp/`` → ``begrepp/``)."""
    prefix = f"{language}/"
    return url[len(prefix) :] if url.startswith(prefix) else url


def freshness(recorded, source_file: Path) -> str:
    """ "missing-source", "unrecorded", "stale" or "current" for one translated page."""
    if not source_file.is_file():
        return "missing-source"
    if not recorded or not isinstance(recorded, str):
        return "unrecorded"
    return "current" if git_history.blob_sha(source_file).startswith(recorded) else "stale"


def front_matter(path: Path) -> dict:
    """A page's front matter as MkDocs reads it ({} when absent or not valid YAML)."""
    return get_data(path.read_text(encoding="utf-8-sig"))[1]


# Structure of a page: what should be the same in both languages ----------------

YAML_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
HEADING_ID_RE = re.compile(r"\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}\s*$")
INLINE_LINK_RE = re.compile(r"(?<!!)\[(?:[^\]]|\][^(])*?\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\)")
REF_DEF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
HTML_LINK_RE = re.compile(r"<a\s[^>]*href=\"([^\"]+)\"", re.IGNORECASE)
TABLE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$")
ADMONITION_RE = re.compile(r"^\s*(!!!|\?\?\?\+?)\s+\w")
MARKER_RE = re.compile(r"<!--\s*([a-z][a-z0-9_-]*:[^>]*?)\s*-->")
FENCE_RE = re.compile(r"^\s*(```|~~~)")


@dataclass
class Structure:
    heading_ids: list[str] = field(default_factory=list)
    headings_without_id: list[int] = field(default_factory=list)  # line numbers (h2–h6)
    links: int = 0
    internal_links: Counter = field(default_factory=Counter)
    tables: int = 0
    admonitions: int = 0
    markers: Counter = field(default_factory=Counter)


def structure(text: str) -> Structure:
    """Heading ids, links, tables, admonitions and hook markers of one Markdown page."""
    match = YAML_RE.match(text)
    body = text[match.end() :] if match else text
    offset = text[: match.end()].count("\n") if match else 0
    found = Structure()
    in_fence = False
    for number, line in enumerate(body.splitlines(), start=1 + offset):
        if FENCE_RE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if heading := HEADING_RE.match(line):
            if id_match := HEADING_ID_RE.search(heading.group(2)):
                found.heading_ids.append(id_match.group(1))
            elif len(heading.group(1)) >= 2:
                found.headings_without_id.append(number)
        targets = (
            INLINE_LINK_RE.findall(line) + REF_DEF_RE.findall(line) + HTML_LINK_RE.findall(line)
        )
        for target in targets:
            found.links += 1
            if _is_internal(target):
                found.internal_links[target] += 1
        found.tables += bool(TABLE_RULE_RE.match(line))
        found.admonitions += bool(ADMONITION_RE.match(line))
        found.markers.update(MARKER_RE.findall(line))
    return found


def compare(source: Structure, translation: Structure, names=("Swedish", "English")) -> list[str]:
    """What differs between a page and its translation, as short sentences."""
    a, b = names
    problems = []
    only_a = [i for i in source.heading_ids if i not in translation.heading_ids]
    only_b = [i for i in translation.heading_ids if i not in source.heading_ids]
    if only_a:
        problems.append(f"heading ids only in {a}: " + ", ".join("#" + i for i in only_a))
    if only_b:
        problems.append(f"heading ids only in {b}: " + ", ".join("#" + i for i in only_b))
    if not only_a and not only_b and source.heading_ids != translation.heading_ids:
        problems.append("the same heading ids in a different order")
    for name, lines in ((a, source.headings_without_id), (b, translation.headings_without_id)):
        if lines:
            problems.append(
                f"{name} headings without an id '{{ #… }}' on line "
                + ", ".join(str(n) for n in lines)
            )
    links_a = sorted((source.internal_links - translation.internal_links).elements())
    links_b = sorted((translation.internal_links - source.internal_links).elements())
    if links_a:
        problems.append(f"internal links only in {a}: " + ", ".join(links_a))
    if links_b:
        problems.append(f"internal links only in {b}: " + ", ".join(links_b))
    for label, x, y in (
        ("links", source.links, translation.links),
        ("tables", source.tables, translation.tables),
        ("admonitions", source.admonitions, translation.admonitions),
    ):
        if x != y:
            problems.append(f"{label}: {a} {x}, {b} {y}")
    markers_a = sorted((source.markers - translation.markers).elements())
    markers_b = sorted((translation.markers - source.markers).elements())
    if markers_a:
        problems.append(f"markers only in {a}: " + ", ".join(f"<!-- {m} -->" for m in markers_a))
    if markers_b:
        problems.append(f"markers only in {b}: " + ", ".join(f"<!-- {m} -->" for m in markers_b))
    return problems


def _is_internal(target: str) -> bool:
    return not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) and not target.startswith("//")
