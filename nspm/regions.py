"""The regional coordinators' regions, from data/regions.yml (format: data/regions.schema.json):
``<!-- regions:table -->``, ``<!-- regions:lookup -->`` (county → table row) and site/regions.json.

Checked beyond the schema: unique ids, each of the 21 counties in exactly one region, every text
in every language, phone-number length, no future ``verified`` date; one over 12 months old is a
warning (NSPM_TODAY=YYYY-MM-DD pins "today")."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import os
import re
import unicodedata
from pathlib import Path

from mkdocs.exceptions import PluginError

from nspm import build, data
from nspm.links import dialled as to_e164  # the tel: rules' own: '020-35 40 40' → '+4620354040'

log = build.logger("regions")
DATA_FILE = "data/regions.yml"
SCHEMA_FILE = "data/regions.schema.json"
TEMPLATE = "hooks/regions.html"
MARKERS = ("table", "lookup")
STALE_AFTER_MONTHS = 12
# The keys of site/regions.json, in its order.
REGION_KEYS = ("id", "name", "counties", "seat", "contact", "source", "verified")
CONTACT_KEYS = ("host", "phone", "phone_e164", "email", "source")


def load(path: Path, display: str = DATA_FILE, languages=("sv", "en"), *, cache=None) -> dict:
    """The checked file, each region as in site/regions.json plus its ``line``; raise
    DataError listing every problem."""
    schema = Path(path).parent.parent / SCHEMA_FILE
    if not schema.is_file():
        schema = Path(__file__).resolve().parent.parent / SCHEMA_FILE

    def checks(loaded: data.Data) -> list[data.Problem]:
        codes = json.loads(schema.read_text(encoding="utf-8"))["$defs"]["countyCode"]["enum"]
        return cross_checks(loaded, list(languages), codes)

    loaded = data.load(Path(path), schema, display=display, cache=cache, checks=checks)
    names = {county["code"]: county["name"] for county in loaded.value["counties"]}
    regions = []
    for i, region in enumerate(loaded.value["regions"]):
        counties = [{"code": code, "name": names[code]} for code in region["counties"]]
        region = {**region, "counties": counties, "line": loaded.line("regions", i)}
        if "contact" in region:
            contact = region["contact"]
            phone = {"phone_e164": to_e164(contact["phone"])} if "phone" in contact else {}
            region["contact"] = _pick({**contact, **phone}, CONTACT_KEYS)
        regions.append(region)
    return {**loaded.value, "regions": regions}


def today() -> dt.date:
    """Today; NSPM_TODAY=YYYY-MM-DD pins it (tests, reproducible builds)."""
    pinned = os.environ.get("NSPM_TODAY")
    if pinned and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", pinned):
        raise ValueError(f"NSPM_TODAY={pinned!r} is not a date YYYY-MM-DD – fix or unset it")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()


def cross_checks(loaded: data.Data, languages: list[str], codes: list[str]) -> list[data.Problem]:
    """The rules across records; malformed parts are the schema's (already reported)."""
    doc, problems = loaded.value, []
    if not isinstance(doc, dict):
        return problems

    def add(path, message, fix):
        problems.append(loaded.problem(path, message, fix))

    def needs_languages(path, text):
        for lang in languages:
            if isinstance(text, dict) and text and lang not in text:
                add(
                    (*path, lang),
                    "missing",
                    f"add the {build.language_name(lang)} text as '{lang}: …' – every text needs "
                    f"each language of the site ({', '.join(languages)})",
                )

    has_counties = isinstance(doc.get("counties"), list)
    first: dict[str, int] = {}  # county code → index in 'counties'
    for i, county in _items(doc.get("counties")):
        needs_languages(("counties", i, "name"), county.get("name"))
        code = county.get("code")
        if code in codes and code in first:
            add(
                ("counties", i, "code"),
                f"county {code} is listed twice (first as counties[{first[code]}])",
                "delete the second entry",
            )
        elif code in codes:
            first[code] = i
    missing = [code for code in codes if code not in first]
    if has_counties and missing:
        add(
            ("counties",),
            f"{len(missing)} of the 21 counties of Sweden missing: {', '.join(sorted(missing))}",
            "add one entry '- {code: …, name: {sv: …, en: …}}' per missing county",
        )
    ids: dict[str, int] = {}
    owner: dict[str, tuple[str, int]] = {}  # county code → (region id, line)
    for i, region in _items(doc.get("regions")):
        for key in ("name", "seat"):
            needs_languages(("regions", i, key), region.get(key))
        contact = region.get("contact") if isinstance(region.get("contact"), dict) else {}
        needs_languages(("regions", i, "contact", "host"), contact.get("host"))
        rid = region.get("id")
        if isinstance(rid, str) and rid in ids:
            add(
                ("regions", i, "id"),
                f"the id '{rid}' is already used by regions[{ids[rid]}]",
                "give every region its own id",
            )
        elif isinstance(rid, str):
            ids[rid] = i
        listed = region.get("counties")
        for j, code in enumerate(listed if isinstance(listed, list) else []):
            if code not in codes:
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
            if has_counties and code not in first:
                add(
                    here,
                    f"county {code} is not in the top-level 'counties' list",
                    f"add '- {{code: {code}, name: {{sv: …, en: …}}}}' to 'counties'",
                )
        phone = contact.get("phone")
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
    for code, i in first.items():
        if code not in owner and isinstance(doc.get("regions"), list):
            name = doc["counties"][i].get("name")
            name = name.get("sv", code) if isinstance(name, dict) else code
            add(
                ("counties", i, "code"),
                f"county {code} ({name}) belongs to no region",
                "add its code to the 'counties' list of one region",
            )
    return problems


def _items(value) -> list[tuple[int, dict]]:
    listed = enumerate(value if isinstance(value, list) else [])
    return [(i, item) for i, item in listed if isinstance(item, dict)]


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def stale_regions(regions: dict, on: dt.date) -> list[dict]:
    """Regions whose ``verified`` date lies more than STALE_AFTER_MONTHS months before ``on``."""
    year, month = divmod(on.year * 12 + on.month - 1 - STALE_AFTER_MONTHS, 12)
    limit = dt.date(year, month + 1, min(on.day, calendar.monthrange(year, month + 1)[1]))
    return [r for r in regions["regions"] if dt.date.fromisoformat(r["verified"]) < limit]


# å ä ö sort after z in Swedish: map them to the code points after "z", in order.
_SV_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}"})


def sort_key(text: str, lang: str) -> tuple:
    """Alphabetical order of the page language: Swedish puts å ä ö after z."""
    folded = text.casefold().translate(_SV_ORDER) if lang == "sv" else text.casefold()
    base = unicodedata.normalize("NFKD", folded)
    return ("".join(ch for ch in base if not unicodedata.combining(ch)), text)


def _pick(mapping: dict, keys) -> dict:
    return {key: mapping[key] for key in keys if key in mapping}


def to_json(regions: dict) -> dict:
    """The language-neutral export written to site/regions.json."""
    exported = [_pick(region, REGION_KEYS) for region in regions["regions"]]
    return {"regions": exported, "contact_page": regions["contact_page"]}


def table_rows(regions: dict, lang: str) -> list[dict]:
    """One dict per region, texts in ``lang``, counties sorted for that language."""
    rows = []
    for r in regions["regions"]:
        contact = r.get("contact", {})
        counties = [county["name"][lang] for county in r["counties"]]
        rows.append(
            {
                "id": r["id"],
                "name": r["name"][lang],
                "counties": sorted(counties, key=lambda name: sort_key(name, lang)),
                "seat": r["seat"][lang] if "seat" in r else None,
                "host": contact["host"][lang] if "host" in contact else None,
                "phone": contact.get("phone"),
                "tel": contact.get("phone_e164"),
                "email": contact.get("email"),
                "contact_source": contact.get("source"),
                "source": r["source"],
                "verified": r["verified"],
            }
        )
    return rows


def lookup_items(regions: dict, lang: str) -> list[dict[str, str]]:
    """County → region, sorted alphabetically in ``lang``."""
    items = [
        {"county": c["name"][lang], "code": c["code"], "region": r["name"][lang], "id": r["id"]}
        for r in regions["regions"]
        for c in r["counties"]
    ]
    return sorted(items, key=lambda item: sort_key(item["county"], lang))


def load_for(current: build.Pass) -> dict:
    """This build's data, read and checked once for every language; stale dates warned
    about once, in the default language's pass."""
    site, shared = current.site, current.site.shared("regions")
    if "data" not in shared:
        try:
            shared["today"] = today()
        except ValueError as error:  # a malformed NSPM_TODAY
            raise PluginError(str(error)) from error
        shared["data"] = load(site.root / DATA_FILE, DATA_FILE, site.languages, cache=site.cache)
    loaded, today_ = shared["data"], shared["today"]
    if current.is_default and not shared.get("reported"):
        shared["reported"] = True
        counts = f"{len(loaded['regions'])} regions, {len(loaded['counties'])} counties"
        log.info(f"{DATA_FILE}: valid – {counts}")
        for region in stale_regions(loaded, today_):
            log.warning(
                f"{DATA_FILE}:{region['line']}: region '{region['id']}' was last verified on "
                f"{region['verified']}, more than {STALE_AFTER_MONTHS} months before "
                f"{today_.isoformat()} – check its facts against the source and update 'verified'"
            )
    return loaded


def find_markers(markers, display: str) -> tuple[list, list[str]]:
    """A page's regions markers (nspm.source.Marker), and problems as 'file:line: text'."""
    found, problems = {}, []
    known = ", ".join(f"<!-- regions:{n} -->" for n in MARKERS)
    for marker in markers:
        if marker.namespace not in ("regions", "region"):
            continue
        tag = f"'<!-- regions:{marker.name} -->'"
        if marker.namespace == "region" or marker.name not in MARKERS:
            problem = (
                f"unknown marker '{marker.text}' – use one of {known} (each alone on its line)"
            )
        elif marker.rest:
            problem = f"{tag} takes no options – remove '{marker.rest}'"
        elif marker.name in found:
            problem = (
                f"{tag} appears twice on this page – keep one (the row anchors must be unique)"
            )
        else:
            found[marker.name] = marker
            continue
        problems.append(f"{display}:{marker.line}: {problem}")
    if "lookup" in found and "table" not in found:
        problems.append(
            f"{display}:{found['lookup'].line}: '<!-- regions:lookup -->' links to the table "
            "rows – add '<!-- regions:table -->' to the same page"
        )
    return list(found.values()), problems


def render(current: build.Pass, markdown: str, markers: list) -> str:
    regions, lang, t = load_for(current), current.language, current.t["regions"]
    macros = current.macros(TEMPLATE)
    for marker in markers:  # the marker as written: '<!--regions:table-->' is one too
        if marker.name == "table":
            html = macros.table(table_rows(regions, lang), t, regions["contact_page"], lang)
        else:
            html = macros.lookup(lookup_items(regions, lang), t, lang)
        markdown = markdown.replace(marker.text, "\n" + compact(str(html)) + "\n", 1)
    return markdown


def compact(html: str) -> str:
    """One raw-HTML block for Markdown: no blank lines, no indentation."""
    return "\n".join(line.strip() for line in html.splitlines() if line.strip())


def raise_marker_problems(current: build.Pass) -> None:
    problems = current.state("regions").pop("problems", [])
    if problems:
        raise PluginError(data.listing(problems, "with regions markers"))


def write_json(current: build.Pass) -> None:
    """site/regions.json, once, from the default language's pass."""
    if not current.is_default:
        return
    target = Path(current.config.site_dir) / "regions.json"
    text = json.dumps(to_json(load_for(current)), ensure_ascii=False, indent=2) + "\n"
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
