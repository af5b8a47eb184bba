"""hooks/search.py: one index per language, compounds found by their parts; footer and print.

Unit tests call the helpers; build tests render the fixture site of test_manual_nav.py.
The browser tests (Chromium) are in tests/test_search_browser.py.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT
from test_manual_nav import build, fixture_docs

from nspm import data, search

COMPOUNDS = {"människohandel": ["människo", "handel"], "stödtelefon": ["stöd", "telefon"]}
# Swedish keeps lunr.sv's trimmer (it knows å ä ö); no stemmer (nspm/search.py).
SV = data.load(
    ROOT / "data/languages/sv.yml", ROOT / "data/languages.schema.json", display="sv.yml"
).value["search"]["pipeline"]


# Unit tests -------------------------------------------------------------------


def test_compound_parts_finds_compounds_inflected_and_inside_longer_words():
    assert search.compound_parts("Människohandelns offer", COMPOUNDS) == ["människo", "handel"]
    assert search.compound_parts("människohandelsoffer", COMPOUNDS) == ["människo", "handel"]
    assert search.compound_parts("Ring stödtelefonen om människohandel", COMPOUNDS) == [
        "människo",
        "handel",
        "stöd",
        "telefon",
    ]
    assert search.compound_parts("handel med människor", COMPOUNDS) == []


def test_build_index_keeps_one_language_and_adds_parts():
    entries = [
        {"location": "en/stod/", "title": "Support", "text": "trafficking"},
        {"location": "en/stod/#x", "title": "X", "text": "x"},
        {"location": "stod/", "title": "Stöd", "text": "<p>Om människohandel.</p>"},
    ]
    sv = json.loads(
        search.build_index(entries, {}, lang="sv", prefix="", compounds=COMPOUNDS, pipeline=SV)
    )
    assert sv["config"]["lang"] == ["sv"]
    assert sv["config"]["fields"]["parts"] == {"boost": search.PARTS_BOOST}
    assert sv["config"]["pipeline"] == ["trimmer", "stopWordFilter"]
    assert sv["config"]["separator"] == search.SEPARATOR
    stod = [d for d in sv["docs"] if d["location"] == "stod/"][0]
    assert stod["parts"] == "människo handel"
    assert stod["text"] == "<p>Om människohandel.</p>"  # the text shown is unchanged

    en = json.loads(
        search.build_index(entries, {}, lang="en", prefix="en/", compounds={}, pipeline=[])
    )
    assert en["config"]["lang"] == ["en"]
    assert [d["location"] for d in en["docs"]] == ["stod/", "stod/#x"]
    assert "parts" not in en["config"]["fields"]


def test_load_compounds_reports_file_and_line(tmp_path):
    path = tmp_path / "compounds.sv.yml"
    path.write_text(
        "människohandel: [människo, handel]\n"
        "Stödtelefon: [stöd, telefon]\n"
        "sexköp: [sex, kop]\n"
        "människohandel: [handel]\n"
        "organhandel: []\n",
        encoding="utf-8",
    )
    with pytest.raises(data.DataError) as err:
        search.load_compounds(path)
    message = str(err.value)
    assert f"{path}:2: Stödtelefon: 'Stödtelefon' must be one lower-case word" in message
    assert (
        f"{path}:3: sexköp: parts of 'sexköp' must be lower-case words found inside it" in message
    )
    assert f"{path}:4: människohandel: the key 'människohandel' is written twice" in message
    assert f"{path}:5: organhandel: needs at least 1 entries – fix: give its parts" in message


def test_the_real_compound_list_loads():
    compounds = search.load_compounds(ROOT / "data" / "search" / "compounds.sv.yml")
    assert compounds["människohandel"] == ["människo", "handel"]


# Build tests ------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    result = build(tmp_path_factory.mktemp("search"), fixture_docs())
    assert result.returncode == 0, result.output
    return result


def _index(site, prefix: str) -> dict:
    path = site.site / prefix / "search" / "search_index.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _page_of(location: str) -> str:
    return location.split("#")[0]


@pytest.mark.parametrize(("lang", "prefix"), [("sv", ""), ("en", "en/")])
def test_each_language_has_its_own_index_of_its_own_pages(site, lang, prefix):
    index = _index(site, prefix)
    assert index["config"]["lang"] == [lang]
    locations = {_page_of(d["location"]) for d in index["docs"]}
    # every location is a page of this language, relative to the language's folder
    for location in locations:
        assert (site.site / prefix / location / "index.html").is_file(), location
        assert not location.startswith("en/")
    built = {
        p.parent.relative_to(site.site / prefix).as_posix() + "/"
        for p in (site.site / prefix).rglob("index.html")
        if not (lang == "sv" and p.relative_to(site.site).parts[0] == "en")
        and "search" not in p.parts
    }
    assert {(loc or "./") for loc in locations} == built
    titles = {d["title"] for d in index["docs"]}
    assert ("Ordlista" in titles) == (lang == "sv")
    assert ("Glossary" in titles) == (lang == "en")


def test_swedish_entries_with_compounds_carry_their_parts(site):
    docs = _index(site, "")["docs"]
    entry = next(d for d in docs if "människohandel" in d["text"])
    assert "handel" in entry["parts"].split()
    assert _index(site, "")["config"]["fields"]["parts"]


@pytest.mark.parametrize(
    ("path", "base"),
    [
        ("index.html", "."),
        ("manual/steg-1/index.html", "../.."),
        ("en/index.html", "../en/"),
        ("en/manual/steg-1/index.html", "../../../en/"),
        ("404.html", "/nspm-kunskapsbank/"),
        ("en/404.html", "/nspm-kunskapsbank/en/"),
    ],
)
def test_pages_point_their_search_at_their_own_index(site, path, base):
    html = site.html(path)
    config = json.loads(re.search(r'id="__config"[^>]*>(.*?)</script>', html).group(1))
    assert config["base"] == base


# Footer contacts and print button (partials/nspm/*.html) ---------------------------


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_page_has_the_urgent_contacts_in_the_footer(site, lang):
    prefix = site.site / "en" if lang == "en" else site.site
    pages = [p for p in prefix.rglob("index.html") if lang == "en" or "en" not in p.parts]
    assert len(pages) >= 10
    heading = "Behöver du hjälp nu?" if lang == "sv" else "Need help now?"
    for page in pages:
        html = page.read_text(encoding="utf-8")
        section = re.search(r'<section class="nspm-contacts".*?</section>', html, re.DOTALL)
        assert section, page
        section = section.group(0)
        assert heading in section
        for tel, shown in (("112", "112"), ("11414", "114 14"), ("+4620390000", "020-39 00 00")):
            assert f'href="tel:{tel}">{shown}</a>' in section, (page, tel)
        # after Material's footer
        assert html.index('<footer class="md-footer">') < html.index('class="nspm-contacts"')


def test_tel_links_dial_the_numbers_they_show(site):
    html = site.html("index.html")
    for tel, shown in re.findall(r'href="tel:([^"]+)">([^<]+)</a>', html):
        digits = re.sub(r"\D", "", shown)
        national = "46" + digits[1:] if digits.startswith("0") else digits
        assert tel.lstrip("+") == national, (tel, shown)
        assert " " not in tel


@pytest.mark.parametrize(
    ("path", "label"), [("index.html", "Skriv ut"), ("en/index.html", "Print")]
)
def test_print_button_is_hidden_until_its_script_runs(site, path, label):
    html = site.html(path)
    button = f'class="md-button nspm-print" data-nspm-print hidden>{label}</button>'
    assert f'<button type="button" {button}' in html
    assert re.search(r'<script src="[./]*assets/javascripts/print\.js"></script>', html)
    assert (site.site / "assets" / "javascripts" / "print.js").is_file()
    css = (site.site / "assets" / "stylesheets" / "reader.css").read_text(encoding="utf-8")
    assert re.search(r"@media print\s*{\s*\.nspm-print", css)


@pytest.mark.parametrize(
    ("path", "lang"), [("manual/steg-2/index.html", "sv"), ("en/manual/steg-2/index.html", "en")]
)
def test_breadcrumbs_render_and_are_labelled(site, path, lang):
    html = site.html(path)
    nav = re.search(r'<nav class="md-path" aria-label="([^"]+)"\s*>(.*?)</nav>', html, re.DOTALL)
    assert nav and nav.group(1).strip()
    home = "Start" if lang == "sv" else "Home"
    assert re.search(
        rf'<a href="[./]+" class="md-path__link">\s*<span class="md-ellipsis">\s*{home}',
        nav.group(2),
    )
