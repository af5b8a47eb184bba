"""mkdocs.yml read before MkDocs reads it, so a YAML mistake gets its line and a plain hint.

MkDocs stops on a broken mkdocs.yml with YAML's own message ("while parsing a block mapping
… expected <block end>, but found '-'"). `make build` and `make serve` run this first:

    python -m nspm.config_check [mkdocs.yml]     # exit 1 with "mkdocs.yml:93: … – …"
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from nspm import data


def check(path: Path) -> list[str]:
    """Problems of the file as 'file:line: what – hint'."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [f"{path}: cannot be read ({error})"]
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)  # !ENV tags are fine unresolved
    except yaml.MarkedYAMLError as error:
        line, what, hint = data.syntax_error(error)
        return [f"{path}:{line}: {what} – {hint}"]
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
