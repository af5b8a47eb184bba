"""Every page starts with valid front matter: a title and a description.

MkDocs silently ignores front matter that is not valid YAML, and builds a page without a
title or a meta description without a word. Here every page of the language being built
is checked – cheaply from what MkDocs read, and, when that shows a problem, again from the
source with line numbers – and each problem is a warning ``docs/en/begrepp.md:3: …`` with
what is wrong and how to fix it, so a strict build stops after reporting all of them.

Rules: the file starts with a ``---`` line and the front matter ends with ``---``; it is a
YAML mapping; ``title`` and ``description`` are non-empty text; on a translated page,
``translation_of`` (nspm/history.py), when present, is a 7–40 character hex id.
"""

from __future__ import annotations

import re

import yaml

from nspm import build, history
from nspm.source import Source

log = build.logger("front_matter")
SHA = re.compile(r"^[0-9a-f]{7,40}$")
REQUIRED = {
    "title": "the page title in the page's language (shown in the browser tab and in search)",
    "description": "one sentence about the page (shown by search engines)",
}


def check_page(current: build.Pass, page) -> None:
    translated = not current.is_default
    meta = page.meta
    if all(isinstance(meta.get(k), str) and meta[k].strip() for k in REQUIRED) and not (
        translated and history.KEY in meta and not SHA.match(str(meta[history.KEY]))
    ):
        return  # what MkDocs read is fine: no need to read the file again
    for line, problem in check(page.file.content_string, translated=translated):
        log.warning(f"{current.site.source(page.file.src_uri)}:{line}: front matter: {problem}")


def check(text: str, *, translated: bool = False) -> list[tuple[int, str]]:
    """Problems of one page's front matter as (line number, message), in line order."""
    front = Source(text).front_matter
    if not front.present:
        return [
            (
                1,
                "missing – the file must start with a line '---', then 'title: …' and "
                "'description: …' on their own lines, then a line '---'",
            )
        ]
    if not front.closed:
        return [(1, "no closing '---' line – end the front matter with a line '---'")]
    if front.error:
        line, problem = front.error
        return [
            (
                line,
                f"not valid YAML ({problem}) – write 'key: value' lines; put text containing "
                "': ' or starting with a quote, '#', '[' or '{' in double quotes",
            )
        ]
    problems = []
    for name, meaning in REQUIRED.items():
        if name not in front.keys:
            problems.append(
                (front.end, f"'{name}' is missing – add a line '{name}: …' with {meaning}")
            )
        elif not _is_text(front.keys[name][1]):
            problems.append(
                (
                    front.keys[name][0],
                    f"'{name}' must be text – write '{name}: …' with "
                    f"{meaning} (in double quotes if it is only a number, a date, yes or no)",
                )
            )
    if translated and history.KEY in front.keys:
        line, node = front.keys[history.KEY]
        if not (_is_text(node) and SHA.match(node.value)):
            problems.append(
                (
                    line,
                    f"'{history.KEY}' must be the Swedish source's version id (7–40 "
                    "characters 0-9 a-f) – copy it from `make translations`",
                )
            )
    return sorted(problems)


def _is_text(node) -> bool:
    return (
        isinstance(node, yaml.ScalarNode)
        and node.tag == "tag:yaml.org,2002:str"
        and bool(node.value.strip())
    )
