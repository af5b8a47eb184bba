"""mkdocs.yml read before MkDocs reads it, so a YAML mistake gets its line and a plain hint.

MkDocs stops on a broken mkdocs.yml with YAML's own message ("while parsing a block mapping
… expected <block end>, but found '-'"). `make build` and `make serve` run this first:

    python -m nspm.config_check [mkdocs.yml]     # exit 1 with "mkdocs.yml:93: … – …"
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

INDENTED = (
    "this line is indented differently from the lines it belongs with: line it up with them "
    "(two spaces a level)"
)
HINTS = {
    "found character '\\t'": "a tab: YAML indents with spaces only – replace the tab by spaces",
    "mapping values are not allowed": "a ':' where YAML expects none: put a text that holds "
    "': ' in double quotes, or indent this line like the lines it belongs with",
    "could not find expected ':'": "a line without 'key: value': check its indentation – each "
    "level is indented two more spaces than the line it belongs under",
    "expected <block end>": INDENTED,
    "did not find expected key": INDENTED,
    "did not find expected '-'": "a list item without '- ' in front, or indented differently "
    "from the items above it",
    "found undefined alias": "a value starting with '*' must be in double quotes",
    "found unexpected end of stream": "a quote or bracket is not closed – close it on this line",
}


def check(path: Path) -> list[str]:
    """Problems of the file as 'file:line: what – hint'."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [f"{path}: cannot be read ({error})"]
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)  # !ENV tags are fine unresolved
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = " ".join(filter(None, [error.context, error.problem]))
        hint = next(
            (h for key, h in HINTS.items() if key in what),
            "check the indentation, colons and quotes on this line and the one above",
        )
        return [f"{path}:{mark.line + 1 if mark else 1}: {what} – {hint}"]
    problems = []
    for mapping in _mappings(node):
        seen = {}
        for key, _value in mapping.value:
            if key.value in seen:
                problems.append(
                    f"{path}:{key.start_mark.line + 1}: the key '{key.value}' is written twice in "
                    f"this block (first on line {seen[key.value]}) – YAML would keep only the last "
                    "one: delete or merge one of them"
                )
            seen.setdefault(key.value, key.start_mark.line + 1)
    return problems


def _mappings(node):
    if isinstance(node, yaml.MappingNode):
        yield node
        for _key, value in node.value:
            yield from _mappings(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _mappings(item)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    problems = check(Path(argv[0] if argv else "mkdocs.yml"))
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
