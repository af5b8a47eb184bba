"""Every page starts with valid front matter: a title and a description.

MkDocs silently ignores front matter that is not valid YAML and builds pages without a
title or description. Each problem is a warning at its line with the fix; a page whose
front matter MkDocs read well is not read again.
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
MISSING = (
    "missing – the file must start with a line '---', then 'title: …' and 'description: …' "
    "on their own lines, then a line '---'"
)
INVALID = (
    "not valid YAML ({problem}) – write 'key: value' lines; put text containing ': ' or "
    "starting with a quote, '#', '[' or '{{' in double quotes"
)
NOT_TEXT = (
    "'{name}' must be text – write '{name}: …' with {meaning} (in double quotes if it is only "
    "a number, a date, yes or no)"
)
BAD_ID = (
    f"'{history.KEY}' must be the Swedish source's version id (7–40 characters 0-9 a-f) – "
    "copy it from `make translations`"
)


def check_page(current: build.Pass, page) -> None:
    translated = not current.is_default
    meta = page.meta
    fine = all(isinstance(meta.get(k), str) and meta[k].strip() for k in REQUIRED)
    if translated and history.KEY in meta:
        recorded = meta[history.KEY]  # YAML reads an all-digit id as a number: check() refuses it
        fine = fine and isinstance(recorded, str) and SHA.match(recorded)
    if fine:
        return  # what MkDocs read is fine: no need to read the file again
    for line, problem in check(page.file.content_string, translated=translated):
        log.warning(f"{current.site.source(page.file.src_uri)}:{line}: front matter: {problem}")


def check(text: str, *, translated: bool = False) -> list[tuple[int, str]]:
    """Problems of one page's front matter as (line number, message), in line order."""
    front = Source(text).front_matter
    if not front.present:
        return [(1, MISSING)]
    if not front.closed:
        return [(1, "no closing '---' line – end the front matter with a line '---'")]
    if front.error:
        line, problem = front.error
        return [(line, INVALID.format(problem=problem))]
    problems = []
    for name, meaning in REQUIRED.items():
        line, node = front.keys.get(name, (front.end, None))
        if node is None:
            problems.append((line, f"'{name}' is missing – add a line '{name}: …' with {meaning}"))
        elif not _is_text(node):
            problems.append((line, NOT_TEXT.format(name=name, meaning=meaning)))
    line, node = front.keys.get(history.KEY, (0, None))
    if translated and node is not None and not (_is_text(node) and SHA.match(node.value)):
        problems.append((line, BAD_ID))
    return sorted(problems)


def _is_text(node) -> bool:
    return (
        isinstance(node, yaml.ScalarNode)
        and node.tag == "tag:yaml.org,2002:str"
        and bool(node.value.strip())
    )
