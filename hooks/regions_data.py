"""Loader and validator for data/regions.yml – pure functions, no MkDocs imports.

hooks/regions.py calls :func:`load` once per build; the tests call it directly.
Every problem is a :class:`Problem` that names the file, the line, the field, what is
wrong and how to fix it. :func:`load` collects all of them and raises one
:class:`RegionsError`, so an editor sees every mistake of a run at once.

Validation has two layers:

1. data/regions.schema.json (JSON Schema 2020-12, checked with ``jsonschema``): the
   shape of each record, both languages of every text, county codes, https URLs,
   e-mail and phone formats, ISO dates. Each ``$defs`` entry carries ``x-fix``, the hint
   shown to the editor.
2. The rules a schema cannot say (:func:`_cross_checks`): unique ids, every county in
   exactly one region, all 21 counties covered, phone numbers of a plausible length,
   no ``verified`` date in the future, no key written twice in one mapping.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "data" / "regions.schema.json"
LANGUAGES = ("sv", "en")
STALE_AFTER_MONTHS = 12


# Public types -----------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the data file, pointing at a line."""

    file: str
    line: int
    field: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}: {self.field}: {self.message}"
        return f"{text} – fix: {self.fix}" if self.fix else text


class RegionsError(Exception):
    """All problems found in one run, in file order."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.line, p.field))
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in {self.problems[0].file}:"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


@dataclass(frozen=True)
class County:
    code: str
    name: dict[str, str]


@dataclass(frozen=True)
class Contact:
    """Organisational contact facts for a region; only what a source confirms."""

    host: dict[str, str] | None
    phone: str | None
    email: str | None
    source: str

    @property
    def phone_e164(self) -> str | None:
        return to_e164(self.phone) if self.phone else None


@dataclass(frozen=True)
class Region:
    id: str
    name: dict[str, str]
    counties: tuple[County, ...]
    seat: dict[str, str] | None
    contact: Contact | None
    source: str
    verified: dt.date
    line: int


@dataclass(frozen=True)
class RegionsData:
    counties: tuple[County, ...]
    regions: tuple[Region, ...]
    contact_page: str
    digest: str

    def region_of(self, code: str) -> Region:
        return next(r for r in self.regions if any(c.code == code for c in r.counties))


# Entry points -------------------------------------------------------------------


def load(path: Path, display: str = "data/regions.yml") -> RegionsData:
    """Read, parse and validate ``path``; raise :class:`RegionsError` listing every problem."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RegionsError(
            [Problem(display, 1, "(file)", f"cannot be read: {exc.strerror}", "create the file")]
        ) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise RegionsError(
            [Problem(display, line, "(encoding)", "is not UTF-8", "save the file as UTF-8")]
        ) from exc
    return parse(text, display, digest(raw))


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def parse(text: str, display: str = "data/regions.yml", sha: str = "") -> RegionsData:
    """Validate YAML text and return the typed data (see :func:`load`)."""
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            doc = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(filter(None, [exc.context, exc.problem]))
        raise RegionsError(
            [
                Problem(
                    display,
                    line,
                    "(YAML syntax)",
                    what,
                    "check indentation, colons and quotes on this line and the one above",
                )
            ]
        ) from exc
    lines: dict[tuple, int] = {}
    problems: list[Problem] = []
    if node is not None:
        _index(node, (), lines, problems, display)
    schema = _schema()
    problems += _schema_problems(schema, doc, lines, display)
    problems += _cross_checks(schema, doc, lines, display)
    if problems:
        raise RegionsError(problems)
    return _build(doc, lines, sha or digest(text.encode("utf-8")))


def today() -> dt.date:
    """Today's date; NSPM_TODAY=YYYY-MM-DD pins it (tests, reproducible builds)."""
    pinned = os.environ.get("NSPM_TODAY")
    if not pinned:
        return dt.date.today()
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", pinned):
        raise ValueError(f"NSPM_TODAY={pinned!r} is not a date YYYY-MM-DD – fix or unset it")
    return dt.date.fromisoformat(pinned)


def stale_regions(data: RegionsData, on: dt.date, months: int = STALE_AFTER_MONTHS) -> list:
    """Regions whose ``verified`` date lies more than ``months`` months before ``on``."""
    limit = _months_before(on, months)
    return [r for r in data.regions if r.verified < limit]


def to_e164(phone: str) -> str:
    """A Swedish number as written ('020-35 40 40', '+46 20 35 40 40') → '+4620354040'."""
    digits = re.sub(r"[^0-9+]", "", phone)
    national = digits[3:] if digits.startswith("+46") else digits[1:]
    return "+46" + national


def sort_key(text: str, lang: str) -> tuple:
    """Alphabetical order of the page language: Swedish puts å ä ö after z."""
    folded = text.casefold()
    if lang == "sv":
        folded = folded.translate(_SV_ORDER)
    base = unicodedata.normalize("NFKD", folded)
    return ("".join(ch for ch in base if not unicodedata.combining(ch)), text)


def to_json(data: RegionsData) -> dict[str, Any]:
    """The language-neutral export written to site/regions.json."""
    regions = []
    for r in data.regions:
        item: dict[str, Any] = {
            "id": r.id,
            "name": r.name,
            "counties": [{"code": c.code, "name": c.name} for c in r.counties],
        }
        if r.seat:
            item["seat"] = r.seat
        if r.contact:
            contact: dict[str, Any] = {}
            if r.contact.host:
                contact["host"] = r.contact.host
            if r.contact.phone:
                contact["phone"] = r.contact.phone
                contact["phone_e164"] = r.contact.phone_e164
            if r.contact.email:
                contact["email"] = r.contact.email
            contact["source"] = r.contact.source
            item["contact"] = contact
        item["source"] = r.source
        item["verified"] = r.verified.isoformat()
        regions.append(item)
    return {"regions": regions, "contact_page": data.contact_page}


def table_rows(data: RegionsData, lang: str) -> list[dict[str, Any]]:
    """One plain dict per region, texts in ``lang``, counties sorted for that language."""
    rows = []
    for r in data.regions:
        c = r.contact
        rows.append(
            {
                "id": r.id,
                "name": r.name[lang],
                "counties": sorted(
                    (x.name[lang] for x in r.counties), key=lambda n: sort_key(n, lang)
                ),
                "seat": r.seat[lang] if r.seat else None,
                "host": c.host[lang] if c and c.host else None,
                "phone": c.phone if c else None,
                "tel": c.phone_e164 if c else None,
                "email": c.email if c else None,
                "contact_source": c.source if c else None,
                "source": r.source,
                "verified": r.verified.isoformat(),
            }
        )
    return rows


def lookup_items(data: RegionsData, lang: str) -> list[dict[str, str]]:
    """County → region, sorted alphabetically in ``lang``."""
    items = [
        {"county": c.name[lang], "code": c.code, "region": r.name[lang], "id": r.id}
        for r in data.regions
        for c in r.counties
    ]
    return sorted(items, key=lambda item: sort_key(item["county"], lang))


# Helpers ------------------------------------------------------------------------

# å ä ö sort after z in Swedish; map them to the code points after "z" in order.
_SV_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}"})


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as strings, so ISO format can be checked as written."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _index(node, path: tuple, lines: dict, problems: list, display: str, key_line=None) -> None:
    """Record the 1-based line of every path; report keys written twice."""
    lines[path] = (key_line if key_line is not None else node.start_mark.line) + 1
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                problems.append(
                    Problem(
                        display,
                        line,
                        _field((*path, key)),
                        f"the key '{key}' is written twice in this block (first on line "
                        f"{seen[key]}); YAML would silently keep only the last one",
                        "delete one of the two lines",
                    )
                )
            else:
                seen[key] = line
            _index(value_node, (*path, key), lines, problems, display, key_node.start_mark.line)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, (*path, i), lines, problems, display)


def _line(lines: dict, path) -> int:
    path = tuple(path)
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)


def _field(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _schema() -> dict:
    """The schema, read on every run: `mkdocs serve` must see edits to it too."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _schema_problems(schema: dict, doc, lines: dict, display: str) -> list[Problem]:
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    problems = []
    for err in validator.iter_errors(doc):
        path = tuple(err.absolute_path)
        fix = err.schema.get("x-fix", "") if isinstance(err.schema, dict) else ""
        value = err.instance
        kind = err.validator
        if kind == "required":
            for prop in err.validator_value:
                if isinstance(value, dict) and prop not in value:
                    problems.append(
                        Problem(
                            display,
                            _line(lines, path),
                            _field((*path, prop)),
                            "missing",
                            _missing_fix(
                                schema, prop, err.schema.get("properties", {}).get(prop, {})
                            ),
                        )
                    )
            continue
        if kind == "additionalProperties":
            allowed = sorted(err.schema.get("properties", {}))
            for key in value:
                if key not in allowed:
                    problems.append(
                        Problem(
                            display,
                            _line(lines, (*path, key)),
                            _field((*path, key)),
                            f"unknown field '{key}'",
                            f"check the spelling or remove it; allowed here: {', '.join(allowed)}",
                        )
                    )
            continue
        if kind == "type":
            message = f"expected {_a(err.validator_value)}, found {_describe(value)}"
            if err.validator_value == "string" and isinstance(value, int | float):
                message += " (YAML read it as a number)"
                fix = 'put the value in quotes, e.g. "020-35 40 40"'
            fix = fix or _TYPE_FIX.get(err.validator_value, "")
        elif kind == "minProperties":
            message = "holds only a source; give the confirmed host, phone or email too"
            fix = "add the confirmed contact facts, or remove the whole contact block"
        elif kind in ("pattern", "format", "minLength", "enum"):
            desc = err.schema.get("description", "valid")
            message = f"{_show(value)} is not {desc}"
        elif kind == "minItems":
            message = f"needs at least {err.validator_value} entries"
        else:
            message = err.message
        problems.append(Problem(display, _line(lines, path), _field(path), message, fix))
    # One value can fail several keywords (pattern and format for '28/11/2026'): one
    # problem per field is enough to fix it.
    unique: dict[tuple, Problem] = {}
    for p in problems:
        unique.setdefault((p.line, p.field), p)
    return list(unique.values())


def _missing_fix(schema: dict, prop: str, sub: dict) -> str:
    if prop in LANGUAGES:
        lang = {"sv": "Swedish", "en": "English"}[prop]
        return f"add the {lang} text as '{prop}: …' – every text needs both sv and en"
    hint = _resolve(schema, sub).get("x-fix")
    return f"add '{prop}:' to this block" + (f" – {hint}" if hint else "")


def _resolve(schema: dict, sub: dict) -> dict:
    ref = sub.get("$ref", "")
    if ref.startswith("#/$defs/"):
        return schema["$defs"].get(ref.rsplit("/", 1)[1], {})
    return sub


def _cross_checks(schema: dict, doc, lines: dict, display: str) -> list[Problem]:
    """Rules across records. Runs even when the schema failed: it skips malformed parts
    (the schema has reported those) so one run still lists every problem."""
    problems: list[Problem] = []

    def add(path, message, fix=""):
        problems.append(Problem(display, _line(lines, path), _field(path), message, fix))

    if not isinstance(doc, dict):
        return problems
    valid_codes = set(schema["$defs"]["countyCode"]["enum"])
    counties = _list(doc.get("counties"))
    regions = _list(doc.get("regions"))

    # Counties: unique codes, all 21 present.
    first_code: dict[str, int] = {}
    names: dict[str, str] = {}
    for i, county in counties:
        code = county.get("code")
        if code not in valid_codes:
            continue
        if code in first_code:
            add(
                ("counties", i, "code"),
                f"county {code} is listed twice (first as counties[{first_code[code]}])",
                "delete the second entry",
            )
        else:
            first_code[code] = i
            name = county.get("name")
            names[code] = name.get("sv", code) if isinstance(name, dict) else code
    missing = sorted(valid_codes - set(first_code))
    if isinstance(doc.get("counties"), list) and missing:
        add(
            ("counties",),
            f"{len(missing)} of the 21 counties of Sweden missing: {', '.join(missing)}",
            "add one entry '- {code: …, name: {sv: …, en: …}}' per missing county",
        )

    # Regions: unique ids; every county in exactly one region.
    first_id: dict[str, int] = {}
    owner: dict[str, tuple[str, int]] = {}
    for i, region in regions:
        rid = region.get("id")
        if isinstance(rid, str):
            if rid in first_id:
                add(
                    ("regions", i, "id"),
                    f"the id '{rid}' is already used by regions[{first_id[rid]}]",
                    "give every region its own id",
                )
            else:
                first_id[rid] = i
        codes = region.get("counties")
        for j, code in enumerate(codes if isinstance(codes, list) else []):
            if code not in valid_codes:
                continue
            here = ("regions", i, "counties", j)
            if code in owner:
                other, other_line = owner[code]
                add(
                    here,
                    f"county {code} is already in region '{other}' (line {other_line})",
                    "keep each county in exactly one region: remove it here or there",
                )
            else:
                owner[code] = (str(rid), _line(lines, here))
            if isinstance(doc.get("counties"), list) and code not in first_code:
                add(
                    here,
                    f"county {code} is not in the top-level 'counties' list",
                    f"add '- {{code: {code}, name: {{sv: …, en: …}}}}' to 'counties'",
                )
        contact = region.get("contact")
        phone = contact.get("phone") if isinstance(contact, dict) else None
        if isinstance(phone, str) and re.fullmatch(r"(\+46 ?|0)[1-9][0-9 -]*", phone):
            national = to_e164(phone)[3:]
            if not 7 <= len(national) <= 9:
                add(
                    ("regions", i, "contact", "phone"),
                    f"'{phone}' has {len(national) + 1} digits; a Swedish number has 8 to 10 "
                    "(counting the leading 0)",
                    "copy the number again from the source, e.g. 020-35 40 40",
                )
        verified = _date(region.get("verified"))
        if verified and verified > today():
            add(
                ("regions", i, "verified"),
                f"{verified.isoformat()} lies in the future (today is {today().isoformat()})",
                "write the date on which you checked the facts against the source",
            )
    if regions or isinstance(doc.get("regions"), list):
        for code, i in first_code.items():
            if code not in owner:
                add(
                    ("counties", i, "code"),
                    f"county {code} ({names[code]}) belongs to no region",
                    "add its code to the 'counties' list of one region",
                )
    return problems


def _list(value) -> list[tuple[int, dict]]:
    """(index, item) for the mapping items of a list; anything else is the schema's job."""
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _date(value) -> dt.date | None:
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _build(doc: dict, lines: dict, sha: str) -> RegionsData:
    counties = {c["code"]: County(c["code"], dict(c["name"])) for c in doc["counties"]}
    regions = []
    for i, r in enumerate(doc["regions"]):
        c = r.get("contact")
        contact = (
            Contact(
                host=dict(c["host"]) if c.get("host") else None,
                phone=c.get("phone"),
                email=c.get("email"),
                source=c["source"],
            )
            if c
            else None
        )
        regions.append(
            Region(
                id=r["id"],
                name=dict(r["name"]),
                counties=tuple(counties[code] for code in r["counties"]),
                seat=dict(r["seat"]) if r.get("seat") else None,
                contact=contact,
                source=r["source"],
                verified=dt.date.fromisoformat(r["verified"]),
                line=_line(lines, ("regions", i)),
            )
        )
    return RegionsData(tuple(counties.values()), tuple(regions), doc["contact_page"], sha)


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


_TYPE_FIX = {
    "array": "write a list, e.g. [SE-M, SE-K], or one '- item' per line",
    "object": "write the fields indented on the lines below, or as {key: value, …}",
    "string": "put the value in quotes",
}


def _a(kind) -> str:
    names = {"object": "a block of fields", "array": "a list", "string": "a text"}
    return names.get(kind, str(kind))


def _describe(value) -> str:
    if value is None:
        return "nothing (empty value)"
    if isinstance(value, dict):
        return "a block of fields"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {_show(value)}"


def _show(value) -> str:
    return repr(value) if not isinstance(value, str) else f"'{value}'"
