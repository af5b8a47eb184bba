"""The regional coordinators' regions, from one data file: data/regions.yml.

Its format is data/regions.schema.json; the rules a schema cannot say are checked here
(unique ids, every county in exactly one region, all 21 counties, a text in every language
of the site, phone-number length, no ``verified`` date in the future). It drives:

- ``<!-- regions:table -->``: the seven regions in the page's language (row ids = region
  ids, the same in every language); ``<!-- regions:lookup -->``: county → region, linking
  to the table rows, without JavaScript (needs the table on the same page);
- site/regions.json: the same data, language-neutral, written once at the site root.

A ``verified`` date older than 12 months is a warning naming the region, so the strict
build fails on stale contact data. NSPM_TODAY=YYYY-MM-DD pins "today" (tests).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from nspm import build, data

log = build.logger("regions")
DATA_FILE = "data/regions.yml"
SCHEMA_FILE = "data/regions.schema.json"
TEMPLATE = "hooks/regions.html"
MARKERS = ("table", "lookup")
STALE_AFTER_MONTHS = 12
COUNTY_CODES = [
    "SE-AB",
    "SE-AC",
    "SE-BD",
    "SE-C",
    "SE-D",
    "SE-E",
    "SE-F",
    "SE-G",
    "SE-H",
    "SE-I",
    "SE-K",
    "SE-M",
    "SE-N",
    "SE-O",
    "SE-S",
    "SE-T",
    "SE-U",
    "SE-W",
    "SE-X",
    "SE-Y",
    "SE-Z",
]
RegionsError = data.DataError


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

    def region_of(self, code: str) -> Region:
        return next(r for r in self.regions if any(c.code == code for c in r.counties))


# Loading ----------------------------------------------------------------------------------


def load(path: Path, display: str = DATA_FILE, languages=("sv", "en"), *, schema=None, cache=None):
    """Read and check the file; raise RegionsError (a DataError) listing every problem."""
    schema = schema or Path(path).resolve().parent.parent / SCHEMA_FILE
    if not Path(schema).is_file():
        schema = Path(__file__).resolve().parent.parent / SCHEMA_FILE
    loaded = data.load(
        Path(path),
        Path(schema),
        display=display,
        cache=cache,
        checks=lambda d: cross_checks(d, list(languages)),
    )
    return _build(loaded)


def today() -> dt.date:
    """Today; NSPM_TODAY=YYYY-MM-DD pins it (tests, reproducible builds)."""
    pinned = os.environ.get("NSPM_TODAY")
    if not pinned:
        return dt.date.today()
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", pinned):
        raise ValueError(f"NSPM_TODAY={pinned!r} is not a date YYYY-MM-DD – fix or unset it")
    return dt.date.fromisoformat(pinned)


def cross_checks(loaded: data.Data, languages: list[str]) -> list[data.Problem]:
    """The rules across records; malformed parts are the schema's (already reported)."""
    doc, problems = loaded.value, []
    if not isinstance(doc, dict):
        return problems

    def add(path, message, fix=""):
        problems.append(loaded.problem(path, message, fix))

    counties, regions = _items(doc.get("counties")), _items(doc.get("regions"))
    for path, text in _texts(doc):
        for lang in languages:
            if isinstance(text, dict) and text and lang not in text:
                add(
                    (*path, lang),
                    "missing",
                    f"add the {build.language_name(lang)} text as '{lang}: …' – every text needs "
                    f"each language of the site ({', '.join(languages)})",
                )
    first: dict[str, int] = {}
    names: dict[str, str] = {}
    for i, county in counties:
        code = county.get("code")
        if code not in COUNTY_CODES:
            continue
        if code in first:
            add(
                ("counties", i, "code"),
                f"county {code} is listed twice (first as counties[{first[code]}])",
                "delete the second entry",
            )
            continue
        first[code] = i
        name = county.get("name")
        names[code] = name.get("sv", code) if isinstance(name, dict) else code
    missing = [c for c in COUNTY_CODES if c not in first]
    if isinstance(doc.get("counties"), list) and missing:
        add(
            ("counties",),
            f"{len(missing)} of the 21 counties of Sweden missing: {', '.join(sorted(missing))}",
            "add one entry '- {code: …, name: {sv: …, en: …}}' per missing county",
        )
    ids: dict[str, int] = {}
    owner: dict[str, tuple[str, int]] = {}
    for i, region in regions:
        rid = region.get("id")
        if isinstance(rid, str) and rid in ids:
            add(
                ("regions", i, "id"),
                f"the id '{rid}' is already used by regions[{ids[rid]}]",
                "give every region its own id",
            )
        elif isinstance(rid, str):
            ids[rid] = i
        codes = region.get("counties")
        for j, code in enumerate(codes if isinstance(codes, list) else []):
            if code not in COUNTY_CODES:
                continue
            here = ("regions", i, "counties", j)
            if code in owner:
                add(
                    here,
                    f"county {code} is already in region '{owner[code][0]}' "
                    f"(line {owner[code][1]})",
                    "keep each county in exactly one region: remove it here or there",
                )
            else:
                owner[code] = (str(rid), loaded.line(*here))
            if isinstance(doc.get("counties"), list) and code not in first:
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
                f"{verified.isoformat()} lies in the future (today is {today()})",
                "write the date on which you checked the facts against the source",
            )
    if isinstance(doc.get("regions"), list):
        for code, i in first.items():
            if code not in owner:
                add(
                    ("counties", i, "code"),
                    f"county {code} ({names[code]}) belongs to no region",
                    "add its code to the 'counties' list of one region",
                )
    return problems


def _items(value) -> list[tuple[int, dict]]:
    return (
        [(i, x) for i, x in enumerate(value) if isinstance(x, dict)]
        if isinstance(value, list)
        else []
    )


def _texts(doc: dict):
    """(path, value) of every text that needs each language."""
    for i, county in _items(doc.get("counties")):
        yield ("counties", i, "name"), county.get("name")
    for i, region in _items(doc.get("regions")):
        for key in ("name", "seat"):
            if key in region:
                yield ("regions", i, key), region[key]
        if isinstance(region.get("contact"), dict) and "host" in region["contact"]:
            yield ("regions", i, "contact", "host"), region["contact"]["host"]


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def _build(loaded: data.Data) -> RegionsData:
    doc = loaded.value
    counties = {c["code"]: County(c["code"], dict(c["name"])) for c in doc["counties"]}
    regions = []
    for i, r in enumerate(doc["regions"]):
        c = r.get("contact")
        contact = Contact(c.get("host"), c.get("phone"), c.get("email"), c["source"]) if c else None
        regions.append(
            Region(
                r["id"],
                dict(r["name"]),
                tuple(counties[code] for code in r["counties"]),
                r.get("seat"),
                contact,
                r["source"],
                dt.date.fromisoformat(r["verified"]),
                loaded.line("regions", i),
            )
        )
    return RegionsData(tuple(counties.values()), tuple(regions), doc["contact_page"])


# Views --------------------------------------------------------------------------------


def stale_regions(regions: RegionsData, on: dt.date, months: int = STALE_AFTER_MONTHS) -> list:
    """Regions whose ``verified`` date lies more than ``months`` months before ``on``."""
    year, month = divmod(on.year * 12 + on.month - 1 - months, 12)
    for day in (on.day, 30, 29, 28):
        try:
            limit = dt.date(year, month + 1, day)
            break
        except ValueError:
            continue
    return [r for r in regions.regions if r.verified < limit]


def to_e164(phone: str) -> str:
    """A Swedish number as written ('020-35 40 40', '+46 20 35 40 40') → '+4620354040'."""
    digits = re.sub(r"[^0-9+]", "", phone)
    return "+46" + (digits[3:] if digits.startswith("+46") else digits[1:])


# å ä ö sort after z in Swedish: map them to the code points after "z", in order.
_SV_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}"})


def sort_key(text: str, lang: str) -> tuple:
    """Alphabetical order of the page language: Swedish puts å ä ö after z."""
    folded = text.casefold().translate(_SV_ORDER) if lang == "sv" else text.casefold()
    base = unicodedata.normalize("NFKD", folded)
    return ("".join(ch for ch in base if not unicodedata.combining(ch)), text)


def to_json(regions: RegionsData) -> dict[str, Any]:
    """The language-neutral export written to site/regions.json."""
    out = []
    for r in regions.regions:
        item: dict[str, Any] = {
            "id": r.id,
            "name": r.name,
            "counties": [{"code": c.code, "name": c.name} for c in r.counties],
        }
        if r.seat:
            item["seat"] = r.seat
        if r.contact:
            c = r.contact
            contact = {"host": c.host} if c.host else {}
            if c.phone:
                contact.update(phone=c.phone, phone_e164=c.phone_e164)
            if c.email:
                contact["email"] = c.email
            item["contact"] = {**contact, "source": c.source}
        out.append({**item, "source": r.source, "verified": r.verified.isoformat()})
    return {"regions": out, "contact_page": regions.contact_page}


def table_rows(regions: RegionsData, lang: str) -> list[dict[str, Any]]:
    """One dict per region, texts in ``lang``, counties sorted for that language."""
    rows = []
    for r in regions.regions:
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


def lookup_items(regions: RegionsData, lang: str) -> list[dict[str, str]]:
    """County → region, sorted alphabetically in ``lang``."""
    items = [
        {"county": c.name[lang], "code": c.code, "region": r.name[lang], "id": r.id}
        for r in regions.regions
        for c in r.counties
    ]
    return sorted(items, key=lambda item: sort_key(item["county"], lang))


# The hook's work -------------------------------------------------------------------------


def load_for(current: build.Pass) -> RegionsData:
    """This build's data (each content is checked once per process); stale dates warned
    about in the default language's pass."""
    site = current.site
    try:
        loaded = load(
            site.root / DATA_FILE,
            DATA_FILE,
            site.languages,
            schema=site.root / SCHEMA_FILE,
            cache=site.cache,
        )
        today_ = today()
    except ValueError as error:  # a malformed NSPM_TODAY
        raise PluginError(str(error)) from error
    shared = site.shared("regions")
    if current.is_default and not shared.get("reported"):
        shared["reported"] = True
        log.info(
            f"{DATA_FILE}: valid – {len(loaded.regions)} regions, {len(loaded.counties)} counties"
        )
        for region in stale_regions(loaded, today_):
            log.warning(
                f"{DATA_FILE}:{region.line}: region '{region.id}' was last verified on "
                f"{region.verified.isoformat()}, more than {STALE_AFTER_MONTHS} months before "
                f"{today_.isoformat()} – check its facts against the source and update 'verified'"
            )
    return loaded


def find_markers(markers, display: str) -> tuple[list, list[str]]:
    """A page's regions markers (nspm.source.Marker), and problems as 'file:line: text'."""
    found, problems = [], []
    known = ", ".join(f"<!-- regions:{n} -->" for n in MARKERS)
    for marker in markers:
        if marker.namespace not in ("regions", "region"):
            continue
        where = f"{display}:{marker.line}"
        if marker.namespace == "region" or marker.name not in MARKERS:
            problems.append(
                f"{where}: unknown marker '{marker.text}' – use one of {known} (each alone on "
                "its line)"
            )
        elif marker.rest:
            problems.append(
                f"{where}: '<!-- regions:{marker.name} -->' takes no options – remove "
                f"'{marker.rest}'"
            )
        elif marker.name in [m.name for m in found]:
            problems.append(
                f"{where}: '<!-- regions:{marker.name} -->' appears twice on this page – keep one "
                "(the row anchors must be unique)"
            )
        else:
            found.append(marker)
    names = [m.name for m in found]
    if "lookup" in names and "table" not in names:
        line = next(m.line for m in markers if m.name == "lookup")
        problems.append(
            f"{display}:{line}: '<!-- regions:lookup -->' links to the table rows – add "
            "'<!-- regions:table -->' to the same page"
        )
    return found, problems


def render(current: build.Pass, markdown: str, markers: list) -> str:
    regions = current.state("regions")["data"]
    macros, lang = current.macros(TEMPLATE), current.language
    for name in [m.name for m in markers]:
        if name == "table":
            html = macros.table(
                table_rows(regions, lang), current.t["regions"], regions.contact_page, lang
            )
        else:
            html = macros.lookup(lookup_items(regions, lang), current.t["regions"], lang)
        markdown = markdown.replace(f"<!-- regions:{name} -->", "\n" + compact(str(html)) + "\n", 1)
    return markdown


def compact(html: str) -> str:
    """One raw-HTML block for Markdown: no blank lines, no indentation."""
    return "\n".join(line.strip() for line in html.splitlines() if line.strip())


def raise_marker_problems(current: build.Pass) -> None:
    problems = current.state("regions").pop("problems", [])
    if problems:
        count = len(problems)
        head = f"{count} problem{'s' if count != 1 else ''} with regions markers:"
        raise PluginError("\n".join([head, *(f"  {p}" for p in problems)]))


def write_json(current: build.Pass) -> None:
    """site/regions.json, once, from the default language's pass."""
    if not current.is_default:
        return
    target = Path(current.config.site_dir) / "regions.json"
    text = (
        json.dumps(to_json(current.state("regions")["data"]), ensure_ascii=False, indent=2) + "\n"
    )
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
