"""Data files (data/*.yml): YAML with the line of every value, checked against a JSON Schema.

Each problem names file, line and field, what is wrong and how to fix it (the schema's
``x-fix``); a file's problems come together in one DataError. A file that passed with its
schema is remembered in .cache/nspm/valid/: later builds skip jsonschema until either changes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs.exceptions import PluginError

YAML_FIX = "check the indentation, colons and quotes on this line and the one above"
# Plain words for YAML's syntax errors (the data files' and mkdocs.yml's, nspm/config_check.py)
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
_parsed: dict[str, Data] = {}  # by digest: each content is parsed once per process


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file, pointing at a line."""

    file: str
    line: int
    field: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}: {self.field}: {self.message}"
        return f"{text} – fix: {self.fix}" if self.fix else text


class DataError(PluginError):
    """All problems of a check, in file and line order."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.field))
        files = ", ".join(sorted({p.file for p in self.problems}))
        super().__init__(listing(self.problems, f"in {files}"))


def listing(problems: list, where: str) -> str:
    """'2 problems in data/x.yml:' (``where``), then one indented line per problem."""
    head = f"{len(problems)} problem{'s' if len(problems) != 1 else ''} {where}:"
    return "\n".join([head, *(f"  {p}" for p in problems)])


@dataclass
class Data:
    """A data file's value, and where each value stands in the file."""

    value: Any
    display: str
    lines: dict[tuple, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line(self, *path) -> int:
        """The line of ``path`` (keys and list indexes), or of its nearest parent."""
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    def problem(self, path: tuple, message: str, fix: str = "") -> Problem:
        return Problem(self.display, self.line(*path), field_name(path), message, fix)


class _Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):
    """Safe YAML that keeps dates as text (``2026-11-28`` is checked as written)."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_str)


def load(path: Path, schema: Path, *, display: str, cache: Path | None = None, checks=None) -> Data:
    """Read, parse and check ``path`` against ``schema`` and ``checks`` (Data → the problems a
    schema cannot see); raise DataError with every problem."""
    try:
        raw, schema_raw = path.read_bytes(), schema.read_bytes()
    except OSError as error:
        where = display if error.filename == str(path) else str(schema)
        problem = Problem(where, 1, "(file)", f"cannot be read: {error.strerror}")
        raise DataError([problem]) from error
    digest = hashlib.sha256(raw + b"\0" + schema_raw).hexdigest()
    result = _parsed.get(digest)
    if result is None or result.display != display:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            problem = Problem(display, line, "(encoding)", "is not UTF-8", "save the file as UTF-8")
            raise DataError([problem])  # noqa: B904 – the position is the message, no traceback
        result = parse(text, display)
    elif checks is None:
        return result
    marker = cache / "valid" / digest if cache else None
    known_valid = marker is not None and marker.exists()
    problems = list(result.problems)
    if not known_valid:
        problems += schema_problems(json.loads(schema_raw), result)
    if checks is not None:
        problems += checks(result)
    if problems:
        raise DataError(problems)
    if marker is not None and not known_valid:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    _parsed[digest] = result
    return result


def parse(text: str, display: str) -> Data:
    """YAML text → Data with the line of every value; raise DataError on a syntax error. Keys
    written twice are kept in ``problems`` (``load`` reports them with the schema's)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        value = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        line, what, hint = syntax_error(error)
        raise DataError([Problem(display, line, "(YAML syntax)", what, hint)]) from error
    finally:
        loader.dispose()
    result = Data(value, display, {path: line for path, line, _node in walk(node)})
    for path, line, first in duplicate_keys(node):
        message = (
            f"the key '{path[-1]}' is written twice in this block (first on line {first}); YAML "
            "would silently keep only the last one"
        )
        problem = Problem(display, line, field_name(path), message, "delete one of the two lines")
        result.problems.append(problem)
    return result


def syntax_error(error: yaml.MarkedYAMLError) -> tuple[int, str, str]:
    """A YAML syntax error as (line, what YAML says, a hint in plain words)."""
    mark = error.problem_mark or error.context_mark
    what = " ".join(filter(None, [error.context, error.problem]))
    hint = next((h for key, h in HINTS.items() if key in what), YAML_FIX)
    return (mark.line + 1 if mark else 1), what, hint


def walk(node, path: tuple = (), key_line=None):
    """(path, line, node) of every value in a YAML node tree, parents first."""
    if node is None:
        return
    yield path, (node.start_mark.line if key_line is None else key_line) + 1, node
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from walk(value, (*path, key.value), key.start_mark.line)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from walk(item, (*path, index))


def duplicate_keys(node):
    """(path, line, first line) of each key written twice in a block (YAML would silently
    keep only the last one): for the data files and mkdocs.yml (nspm/config_check.py)."""
    for path, _line, mapping in walk(node):
        if isinstance(mapping, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key, _value in mapping.value:
                if key.value in seen:
                    yield (*path, key.value), key.start_mark.line + 1, seen[key.value]
                seen.setdefault(key.value, key.start_mark.line + 1)


def field_name(path) -> str:
    """``regions[1].contact.phone`` for ('regions', 1, 'contact', 'phone')."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def schema_problems(schema: dict, result: Data) -> list[Problem]:
    """JSON Schema problems as Problems: one per field, with the schema's ``x-fix`` hint."""
    from jsonschema import Draft202012Validator  # only when a file changed (see above)

    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    found: dict[tuple, Problem] = {}
    for error in validator.iter_errors(result.value):
        for problem in _describe(schema, error, result):
            found.setdefault((problem.line, problem.field), problem)
    return list(found.values())


def _describe(schema: dict, error, result: Data) -> list[Problem]:
    path = tuple(error.absolute_path)
    here = error.schema if isinstance(error.schema, dict) else {}
    value, kind, wanted = error.instance, error.validator, error.validator_value
    fix = here.get("x-fix", "")
    if kind == "required":
        return [
            result.problem((*path, name), "missing", _missing_fix(schema, name, here))
            for name in wanted
            if isinstance(value, dict) and name not in value
        ]
    if kind == "additionalProperties":
        allowed = sorted(here.get("properties", {}))
        hint = f"check the spelling or remove it; allowed here: {', '.join(allowed)}"
        return [
            result.problem((*path, key), f"unknown field '{key}'", hint)
            for key in value
            if key not in allowed
        ]
    if kind == "type":
        message = f"expected {_NAMES.get(wanted, str(wanted))}, found {_kind(value)}"
        if wanted == "string" and isinstance(value, int | float):
            message += " (YAML read it as a number)"
            fix = 'put the value in quotes, e.g. "020-35 40 40"'
        fix = fix or _TYPE_FIX.get(wanted, "")
    elif kind == "minProperties" and "x-message" in here:
        message = here["x-message"]
    elif kind in ("pattern", "format", "minLength", "enum", "const"):
        message = f"{_show(value)} is not {here.get('description', 'valid')}"
    elif kind == "minItems":
        message = f"needs at least {wanted} entries"
    else:
        message = error.message
    return [result.problem(path, message, fix)]


def _missing_fix(schema: dict, name: str, here: dict) -> str:
    sub = here.get("properties", {}).get(name, {})
    ref = sub.get("$ref", "")
    if ref.startswith("#/$defs/"):
        sub = schema.get("$defs", {}).get(ref.rsplit("/", 1)[1], {})
    hint = sub.get("x-fix") or schema.get("x-missing", {}).get(name)
    return f"add '{name}:' to this block" + (f" – {hint}" if hint else "")


def same_keys(first: Data, other: Data, path: tuple = ()) -> list[Problem]:
    """Problems where ``other`` lacks a key of ``first`` or has one ``first`` lacks (the
    twins of a per-language data file hold the same keys)."""
    a, b = first.value, other.value
    for part in path:
        a, b = a[part], b[part]
    if not isinstance(a, dict) or not isinstance(b, dict) or first is other:
        return []
    missing, extra = f"missing (it is in {first.display})", f"not in {first.display}"
    problems = [other.problem((*path, k), missing, "translate it") for k in a if k not in b]
    problems += [
        other.problem((*path, k), extra, "remove it or add it there") for k in b if k not in a
    ]
    for key in a.keys() & b.keys():
        problems += same_keys(first, other, (*path, key))
    return problems


_NAMES = {"object": "a block of fields", "array": "a list", "string": "a text"}  # JSON types
_TYPE_FIX = {
    "array": "write a list, e.g. [SE-M, SE-K], or one '- item' per line",
    "object": "write the fields indented on the lines below, or as {key: value, …}",
    "string": "put the value in quotes",
}


def _kind(value) -> str:
    if value is None:
        return "nothing (empty value)"
    if isinstance(value, dict | list):
        return _NAMES["object" if isinstance(value, dict) else "array"]
    return f"{type(value).__name__} {_show(value)}"


def _show(value) -> str:
    return f"'{value}'" if isinstance(value, str) else repr(value)
