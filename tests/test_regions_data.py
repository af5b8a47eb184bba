"""Unit tests of nspm/regions.py (loader, validator, helpers, markers) and of the template
overrides/hooks/regions.html – no MkDocs build.

Bad cases edit one line of tests/fixtures/regions/good.yml, write the result to
tmp_path/data/regions.yml and assert the message's file, line, field and text.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jinja2
import jsonschema
import pytest

from nspm import data, regions
from nspm import regions as regions_data
from nspm.source import Source

ROOT = Path(__file__).resolve().parent.parent
TEXTS = {
    lang: data.load(
        ROOT / f"data/languages/{lang}.yml", ROOT / "data/languages.schema.json", display=lang
    ).value["regions"]
    for lang in ("sv", "en")
}

FIXTURES = ROOT / "tests" / "fixtures" / "regions"
GOOD = (FIXTURES / "good.yml").read_text(encoding="utf-8")
BRA = "https://bra.se/om-bra/nytt-fran-bra/arkiv/nyheter/2015-02-12-nu-delas-anmalda-brott-in-i-regioner.html"


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setenv("NSPM_TODAY", "2026-11-28")


def load_text(tmp_path: Path, text: str) -> dict:
    path = tmp_path / "data" / "regions.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return regions_data.load(path, "data/regions.yml")


def edit(old: str, new: str) -> str:
    assert GOOD.count(old) == 1, f"fixture edit is ambiguous or stale: {old!r}"
    return GOOD.replace(old, new)


def problems_of(tmp_path: Path, text: str) -> list[data.Problem]:
    with pytest.raises(data.DataError) as info:
        load_text(tmp_path, text)
    return info.value.problems


def assert_problem(problems, line: int, field: str, fragment: str) -> None:
    hits = [p for p in problems if p.line == line and p.field == field]
    assert hits, f"no problem at line {line} for {field}; got:\n" + "\n".join(map(str, problems))
    text = str(hits[0])
    assert text.startswith(f"data/regions.yml:{line}: {field}: "), text
    assert fragment in text, text
    assert " – fix: " in text, f"no fix hint: {text}"


# The good files ------------------------------------------------------------------


def test_schema_is_valid_json_schema_2020_12():
    schema = json.loads((ROOT / regions.SCHEMA_FILE).read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert len(schema["$defs"]["countyCode"]["enum"]) == 21


def test_good_fixture_loads(tmp_path):
    data = load_text(tmp_path, GOOD)
    assert [r["id"] for r in data["regions"]] == [
        "stockholm",
        "bergslagen",
        "nord",
        "mitt",
        "ost",
        "vast",
        "syd",
    ]
    assert len(data["counties"]) == 21
    gotland = next(r for r in data["regions"] if "SE-I" in [c["code"] for c in r["counties"]])
    assert gotland["id"] == "stockholm"
    assert data["regions"][0]["line"] == 7
    assert dt.date.fromisoformat(data["regions"][0]["verified"]) == dt.date(2026, 11, 28)


def test_real_data_file_holds_only_confirmed_facts():
    data = regions_data.load(ROOT / "data" / "regions.yml")
    by_id = {r["id"]: r for r in data["regions"]}
    assert list(by_id) == ["stockholm", "bergslagen", "nord", "mitt", "ost", "vast", "syd"]
    assert sorted(c["code"] for r in data["regions"] for c in r["counties"]) == sorted(
        c["code"] for c in data["counties"]
    )
    assert len(data["counties"]) == 21
    # Mitt's seat (Uppsala) rests on a secondary source only: not presented as a fact.
    assert by_id["mitt"].get("seat") is None
    # Only Syd has a confirmed host and organisational line (content brief §2, R53).
    assert [r["id"] for r in data["regions"] if r.get("contact")] == ["syd"]
    assert by_id["syd"]["contact"]["host"]["sv"] == "Malmö stad"
    assert by_id["syd"]["contact"]["phone_e164"] == "+4620354040"
    assert all(r["source"].startswith("https://") for r in data["regions"])
    assert data["contact_page"] == "https://nspm.jamstalldhetsmyndigheten.se/"


def test_json_export_is_language_neutral(tmp_path):
    exported = regions_data.to_json(load_text(tmp_path, GOOD))
    syd = exported["regions"][-1]
    assert syd["id"] == "syd"
    assert syd["name"] == {"sv": "Syd", "en": "Syd"}
    assert syd["counties"][0] == {"code": "SE-M", "name": {"sv": "Skåne län", "en": "Skåne County"}}
    assert syd["contact"]["phone_e164"] == "+4620354040"
    assert syd["verified"] == "2026-11-28"
    assert "seat" not in exported["regions"][3]  # mitt
    json.dumps(exported)  # serialisable as is


# YAML syntax and structure ---------------------------------------------------------


def test_yaml_syntax_error_names_the_line(tmp_path):
    problems = problems_of(tmp_path, edit("    seat: {sv: Stockholm", "   seat: {sv: Stockholm"))
    assert len(problems) == 1
    assert str(problems[0]).startswith("data/regions.yml:10: (YAML syntax): ")


def test_duplicate_key_is_reported(tmp_path):
    text = edit(
        "    verified: 2026-11-28\n\n  - id: bergslagen",
        "    verified: 2026-11-28\n    verified: 2026-11-27\n\n  - id: bergslagen",
    )
    assert_problem(problems_of(tmp_path, text), 13, "regions[0].verified", "written twice")


def test_file_must_be_utf8(tmp_path):
    path = tmp_path / "data" / "regions.yml"
    path.parent.mkdir(parents=True)
    path.write_bytes(GOOD.encode("utf-8").replace("Örebro".encode(), "Örebro".encode("latin-1"), 1))
    with pytest.raises(data.DataError) as info:
        regions_data.load(path, "data/regions.yml")
    assert str(info.value.problems[0]) == (
        "data/regions.yml:17: (encoding): is not UTF-8 – fix: save the file as UTF-8"
    )


def test_empty_file(tmp_path):
    assert_problem(problems_of(tmp_path, "# nothing\n"), 1, "(top level)", "found nothing")


def test_missing_required_field(tmp_path):
    text = edit(
        f"    source: {BRA}\n    verified: 2026-11-28\n\n  - id: bergslagen",
        "    verified: 2026-11-28\n\n  - id: bergslagen",
    )
    assert_problem(problems_of(tmp_path, text), 7, "regions[0].source", "missing")


def test_unknown_field(tmp_path):
    text = edit("    seat: {sv: Stockholm", "    sete: {sv: Stockholm")
    assert_problem(problems_of(tmp_path, text), 10, "regions[0].sete", "unknown field 'sete'")


def test_wrong_type(tmp_path):
    text = edit("counties: [SE-X, SE-C, SE-U]", "counties: SE-X")
    problems = problems_of(tmp_path, text)
    assert_problem(problems, 30, "regions[3].counties", "expected a list")
    # The counties Mitt no longer lists belong to no region: reported in the same run.
    assert_problem(problems, 66, "counties[3].code", "SE-C (Uppsala län) belongs to no region")


def test_number_where_text_is_expected(tmp_path):
    text = edit("phone: 020-35 40 40", "phone: 0203540404")
    assert_problem(
        problems_of(tmp_path, text), 56, "regions[6].contact.phone", "put the value in quotes"
    )


# Both languages -------------------------------------------------------------------


def test_text_needs_english(tmp_path):
    text = edit("name: {sv: Bergslagen, en: Bergslagen}", "name: {sv: Bergslagen}")
    assert_problem(problems_of(tmp_path, text), 15, "regions[1].name.en", "English text")


def test_text_must_not_be_empty(tmp_path):
    text = edit("name: {sv: Nord, en: Nord}", 'name: {sv: Nord, en: " "}')
    assert_problem(problems_of(tmp_path, text), 22, "regions[2].name.en", "not a non-empty text")


def test_county_name_needs_swedish(tmp_path):
    text = edit("{sv: Skåne län, en: Skåne County}", "{en: Skåne County}")
    assert_problem(problems_of(tmp_path, text), 74, "counties[11].name.sv", "Swedish text")


# Ids and counties -----------------------------------------------------------------


def test_region_ids_are_unique(tmp_path):
    text = edit("  - id: nord", "  - id: mitt")
    assert_problem(problems_of(tmp_path, text), 28, "regions[3].id", "already used by regions[2]")


def test_region_id_format(tmp_path):
    text = edit("  - id: nord", "  - id: Nord")
    assert_problem(problems_of(tmp_path, text), 21, "regions[2].id", "'Nord' is not a region id")


def test_county_code_must_be_iso_3166_2_se(tmp_path):
    problems = problems_of(tmp_path, edit("[SE-Z, SE-BD", "[SE-ZZ, SE-BD"))
    assert_problem(problems, 23, "regions[2].counties[0]", "'SE-ZZ' is not an ISO 3166-2:SE")
    assert_problem(problems, 83, "counties[20].code", "SE-Z (Jämtlands län) belongs to no region")


def test_county_in_two_regions(tmp_path):
    problems = problems_of(tmp_path, edit("[SE-AB, SE-I]", "[SE-AB, SE-I, SE-M]"))
    assert_problem(problems, 51, "regions[6].counties[0]", "already in region 'stockholm' (line 9)")


def test_county_in_no_region(tmp_path):
    problems = problems_of(tmp_path, edit("[SE-AB, SE-I]", "[SE-AB]"))
    assert_problem(problems, 72, "counties[9].code", "SE-I (Gotlands län) belongs to no region")


def test_all_21_counties_listed(tmp_path):
    problems = problems_of(
        tmp_path, edit("  - {code: SE-I, name: {sv: Gotlands län, en: Gotland County}}\n", "")
    )
    assert_problem(problems, 62, "counties", "1 of the 21 counties of Sweden missing: SE-I")
    assert_problem(problems, 9, "regions[0].counties[1]", "not in the top-level 'counties' list")


def test_county_listed_twice(tmp_path):
    line = "  - {code: SE-I, name: {sv: Gotlands län, en: Gotland County}}\n"
    problems = problems_of(tmp_path, edit(line, line * 2))
    assert_problem(problems, 73, "counties[10].code", "SE-I is listed twice")


# URLs, e-mail, phone, dates -------------------------------------------------------


def test_urls_must_be_https(tmp_path):
    text = edit("contact_page: https://", "contact_page: http://")
    assert_problem(problems_of(tmp_path, text), 4, "contact_page", "is not an https:// web address")


def test_source_must_be_a_url(tmp_path):
    text = edit(
        f"    source: {BRA}\n    verified: 2026-11-28\n\n  - id: bergslagen",
        "    source: BRÅ 2015\n    verified: 2026-11-28\n\n  - id: bergslagen",
    )
    assert_problem(problems_of(tmp_path, text), 11, "regions[0].source", "not an https:// web")


def test_email_good_and_bad(tmp_path):
    good = edit(
        "      phone: 020-35 40 40\n",
        "      phone: 020-35 40 40\n      email: nspm@jamstalldhetsmyndigheten.se\n",
    )
    data = load_text(tmp_path, good)
    assert data["regions"][-1]["contact"]["email"] == "nspm@jamstalldhetsmyndigheten.se"
    bad = good.replace("nspm@jamstalldhetsmyndigheten.se", "nspm(at)jamstalldhetsmyndigheten.se")
    assert_problem(
        problems_of(tmp_path, bad), 57, "regions[6].contact.email", "not an e-mail address"
    )


def test_phone_international_form_is_accepted(tmp_path):
    data = load_text(tmp_path, edit("phone: 020-35 40 40", 'phone: "+46 20 35 40 40"'))
    assert data["regions"][-1]["contact"]["phone_e164"] == "+4620354040"


def test_phone_characters(tmp_path):
    text = edit("phone: 020-35 40 40", 'phone: "020/35 40 40"')
    assert_problem(
        problems_of(tmp_path, text), 56, "regions[6].contact.phone", "not a Swedish phone"
    )


def test_phone_length(tmp_path):
    text = edit("phone: 020-35 40 40", "phone: 020-35 40")
    assert_problem(problems_of(tmp_path, text), 56, "regions[6].contact.phone", "has 7 digits")


def test_contact_needs_more_than_a_source(tmp_path):
    text = edit("      host: {sv: Malmö stad, en: City of Malmö}\n      phone: 020-35 40 40\n", "")
    assert_problem(problems_of(tmp_path, text), 54, "regions[6].contact", "holds only a source")


@pytest.mark.parametrize("bad", ["28/11/2026", "2026-02-30", "2026-11-28T10:00", "20261128"])
def test_verified_must_be_an_iso_date(tmp_path, bad):
    text = edit(
        "    verified: 2026-11-28\n\n  - id: bergslagen",
        f'    verified: "{bad}"\n\n  - id: bergslagen',
    )
    assert_problem(problems_of(tmp_path, text), 12, "regions[0].verified", "not a date in ISO form")


def test_verified_must_not_lie_in_the_future(tmp_path):
    text = edit(
        "    verified: 2026-11-28\n\n  - id: bergslagen",
        "    verified: 2026-11-29\n\n  - id: bergslagen",
    )
    assert_problem(problems_of(tmp_path, text), 12, "regions[0].verified", "lies in the future")


def test_all_problems_of_a_run_are_reported_together(tmp_path):
    with pytest.raises(data.DataError) as info:
        regions_data.load(FIXTURES / "malformed.yml", "data/regions.yml")
    message = str(info.value)
    assert message.startswith("8 problems in data/regions.yml:")
    lines = [p.line for p in info.value.problems]
    assert lines == sorted(lines) == [2, 6, 11, 13, 15, 16, 19, 21]


# Staleness and "today" ------------------------------------------------------------


def test_today_is_pinned_by_env(monkeypatch):
    monkeypatch.setenv("NSPM_TODAY", "2030-01-02")
    assert regions_data.today() == dt.date(2030, 1, 2)
    monkeypatch.setenv("NSPM_TODAY", "1/2/2030")
    with pytest.raises(ValueError, match="NSPM_TODAY='1/2/2030' is not a date YYYY-MM-DD"):
        regions_data.today()
    monkeypatch.delenv("NSPM_TODAY")
    assert regions_data.today() == dt.date.today()


def test_stale_after_twelve_months(tmp_path):
    data = load_text(tmp_path, GOOD)
    assert regions_data.stale_regions(data, dt.date(2027, 11, 28)) == []
    stale = regions_data.stale_regions(data, dt.date(2027, 11, 29))
    assert [r["id"] for r in stale] == [r["id"] for r in data["regions"]]
    one = load_text(
        tmp_path,
        edit(
            "    verified: 2026-11-28\n\n  - id: nord", "    verified: 2025-06-01\n\n  - id: nord"
        ),
    )
    assert [r["id"] for r in regions_data.stale_regions(one, dt.date(2026, 11, 28))] == [
        "bergslagen"
    ]


# Helpers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("020-35 40 40", "+4620354040"),
        ("08-123 456 78", "+46812345678"),
        ("+46 20 39 00 00", "+4620390000"),
    ],
)
def test_e164(written, e164):
    assert regions_data.to_e164(written) == e164


def test_swedish_and_english_alphabetical_order():
    names = ["Östergötland", "Ängelholm", "Åland", "Zeta", "Alpha", "Örebro"]
    assert sorted(names, key=lambda n: regions_data.sort_key(n, "sv")) == [
        "Alpha",
        "Zeta",
        "Åland",
        "Ängelholm",
        "Örebro",
        "Östergötland",
    ]
    assert sorted(names, key=lambda n: regions_data.sort_key(n, "en")) == [
        "Åland",
        "Alpha",
        "Ängelholm",
        "Örebro",
        "Östergötland",
        "Zeta",
    ]


def test_lookup_items_sorted_per_language(tmp_path):
    data = load_text(tmp_path, GOOD)
    sv = regions_data.lookup_items(data, "sv")
    en = regions_data.lookup_items(data, "en")
    assert [i["county"] for i in sv][-3:] == [
        "Västra Götalands län",
        "Örebro län",
        "Östergötlands län",
    ]
    assert [i["county"] for i in en][-2:] == ["Västmanland County", "Västra Götaland County"]
    assert {i["code"]: i["id"] for i in sv} == {i["code"]: i["id"] for i in en}


# Markers (hooks/regions.py) ----------------------------------------------------------


def test_markers_found_outside_code():
    md = (
        "# T\n\n<!-- regions:table -->\n\n"
        "```\n<!-- regions:nonsense -->\n```\n\n<!-- regions:lookup -->\n"
    )
    found, problems = regions.find_markers(Source(md).markers, "docs/sv/x.md")
    assert [(m.line, m.name) for m in found] == [(3, "table"), (9, "lookup")]
    assert problems == []


@pytest.mark.parametrize(
    ("md", "line", "fragment"),
    [
        ("a\n<!-- regions:tabel -->\n", 2, "unknown marker '<!-- regions:tabel -->'"),
        ("<!-- region:table -->\n", 1, "unknown marker '<!-- region:table -->'"),
        ("<!-- regions:table county -->\n", 1, "takes no options"),
        ("<!-- regions:table -->\n\n<!-- regions:table -->\n", 3, "appears twice"),
        ("x\n\n<!-- regions:lookup -->\n", 3, "add '<!-- regions:table -->' to the same page"),
    ],
)
def test_marker_problems_name_file_and_line(md, line, fragment):
    _, problems = regions.find_markers(Source(md).markers, "docs/sv/x.md")
    assert len(problems) == 1
    assert problems[0].startswith(f"docs/sv/x.md:{line}: ")
    assert fragment in problems[0]


def test_template_escapes_data(tmp_path):
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides"))
    module = env.get_template(regions.TEMPLATE).module
    data = load_text(
        tmp_path,
        edit("name: {sv: Nord, en: Nord}", 'name: {sv: "<script>x</script>", en: "A & B"}'),
    )
    sv = str(module.table(regions.table_rows(data, "sv"), TEXTS["sv"], data["contact_page"], "sv"))
    en = str(module.lookup(regions.lookup_items(data, "en"), TEXTS["en"], "en"))
    assert "<script>" not in sv and "&lt;script&gt;x&lt;/script&gt;" in sv
    assert "A &amp; B" in en
    assert '<tr id="syd">' in sv
    assert '<a href="tel:+4620354040">020-35 40 40</a>' in sv


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("macro", ["table", "lookup"])
def test_rendered_markup_matches_golden_file(tmp_path, macro, lang):
    """Exact markup for good.yml, as the hook inserts it (compacted).

    After a deliberate template change, review the new output and rewrite
    tests/fixtures/regions/golden/<macro>.<lang>.html with it.
    """
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides"))
    module = env.get_template(regions.TEMPLATE).module
    data = load_text(tmp_path, GOOD)
    if macro == "table":
        html = module.table(regions.table_rows(data, lang), TEXTS[lang], data["contact_page"], lang)
    else:
        html = module.lookup(regions.lookup_items(data, lang), TEXTS[lang], lang)
    golden = (FIXTURES / "golden" / f"{macro}.{lang}.html").read_text(encoding="utf-8")
    assert regions.compact(str(html)) + "\n" == golden
