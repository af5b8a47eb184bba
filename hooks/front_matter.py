"""hooks/front_matter.py – every page starts with valid front matter: title and description.

MkDocs silently ignores front matter that is not valid YAML, and builds a page without a
title or a meta description without a word. This hook checks the source of every page of
the language being built and logs one warning per problem – `docs/en/begrepp.md:3: …`,
with what is wrong and how to fix it – so `mkdocs build --strict` stops after reporting
all of them, while `mkdocs serve` keeps previewing.

Rules: the file starts with a `---` line and the front matter ends with `---`; it is a
YAML mapping; `title` and `description` are non-empty text. On a translated page (not the
default language), `translation_of` – the Swedish source version it translates, see
hooks/translations.py – is optional but, when present, is a 7–40 character hex id.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import yaml

log = logging.getLogger("mkdocs.plugins.nspm.front_matter")

# The same pattern MkDocs 1.6 uses (mkdocs/utils/meta.py), so we check what it reads.
YAML_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
# libyaml's parser when PyYAML has it (much faster); the same line numbers either way.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SHA_RE = re.compile(r"^[0-9a-f]{7,40}$")
REQUIRED = {
    "title": "the page title in the page's language (shown in the browser tab and in search)",
    "description": "one sentence about the page (shown by search engines)",
}


# Hooks -------------------------------------------------------------------------


def on_page_markdown(markdown, page, config, files):
    path = Path(page.file.abs_src_path)
    text = path.read_text(encoding="utf-8-sig")
    translated = page.file.src_uri.split("/", 1)[0] != default_language(config)
    for line, problem in check(text, translated=translated):
        log.warning("%s:%d: front matter: %s", display_path(path, config), line, problem)
    return None


# Helpers -----------------------------------------------------------------------


def default_language(config) -> str:
    """The i18n plugin's default locale ("sv"); the theme language if it is absent."""
    plugin = config["plugins"].get("i18n")
    for language in getattr(getattr(plugin, "config", None), "languages", None) or []:
        if language.default:
            return language.locale
    return config["theme"]["language"]


def display_path(path: Path, config) -> str:
    """``docs/en/begrepp.md`` – relative to the folder of mkdocs.yml when possible."""
    root = Path(config["config_file_path"] or ".").resolve().parent
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def check(text: str, *, translated: bool = False) -> list[tuple[int, str]]:
    """Problems of one page's front matter as (line number, message), in line order."""
    text = text.replace("\r\n", "\n")
    if not text.startswith("---"):
        return [
            (
                1,
                "missing – the file must start with a line '---', then 'title: …' and "
                "'description: …' on their own lines, then a line '---'",
            )
        ]
    match = YAML_RE.match(text)
    if not match:
        return [(1, "no closing '---' line – end the front matter with a line '---'")]
    body = match.group(1)
    closing_line = 2 + body.count("\n")
    try:
        node = yaml.compose(body, Loader=LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark else 1
        return [
            (
                line,
                f"not valid YAML ({error.problem}) – write 'key: value' lines; put text "
                "containing ': ' or starting with a quote, '#', '[' or '{' in double quotes",
            )
        ]
    if node is None or not isinstance(node, yaml.MappingNode):
        return [(2, "must be 'key: value' lines (a YAML mapping)")]
    problems: list[tuple[int, str]] = []
    keys = {key.value: (key, value) for key, value in node.value}
    for name, meaning in REQUIRED.items():
        if name not in keys:
            problems.append(
                (closing_line, f"'{name}' is missing – add a line '{name}: …' with {meaning}")
            )
            continue
        key, value = keys[name]
        if not _is_text(value):
            problems.append(
                (
                    key.start_mark.line + 2,
                    f"'{name}' must be text – write '{name}: …' with {meaning} (in double "
                    "quotes if it is only a number, a date, yes or no)",
                )
            )
    if translated and "translation_of" in keys:
        key, value = keys["translation_of"]
        if not (_is_text(value) and SHA_RE.match(value.value)):
            problems.append(
                (
                    key.start_mark.line + 2,
                    "'translation_of' must be the Swedish source's version id (7–40 characters "
                    "0-9 a-f) – copy it from `make translations`",
                )
            )
    return sorted(problems)


def _is_text(node) -> bool:
    return (
        isinstance(node, yaml.ScalarNode)
        and node.tag == "tag:yaml.org,2002:str"
        and bool(str(node.value).strip())
    )
