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
    return [
        f"{path}:{line}: the key '{key[-1]}' is written twice in this block (first on line "
        f"{first}) – YAML would keep only the last one: delete or merge one of them"
        for key, line, first in data.duplicate_keys(node)
    ]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    problems = check(Path(argv[0] if argv else "mkdocs.yml"))
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
