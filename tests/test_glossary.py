"""hooks/glossary.py: abbreviations explained with <abbr> per language; the glossary pages."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from conftest import ROOT, run_build
from test_manual_nav import build, fixture_docs, make_site

from nspm import build as context
from nspm import data, glossary

SV_NSPM = "Nationella samordningen mot prostitution och människohandel"
EN_NSPM = "National Coordination Against Prostitution and Trafficking in Human Beings"


def render(text: str, entries) -> str:
    """Markdown → HTML with the site's relevant extensions and this hook's definitions."""
    md = markdown.Markdown(
        extensions=["abbr", "attr_list", "toc", "admonition", glossary.HeadingGuardExtension()],
        extension_configs={"abbr": {"glossary": glossary.definitions(entries)}},
    )
    return md.convert(text)


ENTRIES = [
    glossary.Entry("NSPM", SV_NSPM, "Text.", None, 1),
    glossary.Entry("ÅMP", "Återvändandeprogrammet Människohandel Prostitution", "Text.", None, 5),
    glossary.Entry(None, None, "A word.", None, 8, term="Betänketid", id="betanketid"),
]


# Unit tests -------------------------------------------------------------------


def test_definitions_are_the_abbreviations_only():
    assert glossary.definitions(ENTRIES) == {
        "NSPM": SV_NSPM,
        "ÅMP": "Återvändandeprogrammet Människohandel Prostitution",
    }
    assert glossary.definitions([]) == {}


def test_a_pages_own_definition_wins_over_the_glossary():
    html = render("NSPM här.\n\n*[NSPM]: Något annat\n", ENTRIES)
    assert '<abbr title="Något annat">NSPM</abbr> här.' in html


def test_abbreviations_in_text_are_wrapped():
    html = render("NSPM finansierar ÅMP. NSPMs och XNSPM är andra ord.", ENTRIES)
    assert f'<abbr title="{SV_NSPM}">NSPM</abbr> finansierar' in html
    assert '<abbr title="Återvändandeprogrammet Människohandel Prostitution">ÅMP</abbr>' in html
    assert "NSPMs" in html and "XNSPM" in html and html.count("<abbr") == 2


def test_headings_code_and_link_targets_are_left_alone():
    text = (
        "# Om NSPM { #om-nspm }\n\n"
        "## Vad gör NSPM? { #vad }\n\n"
        'Koden `NSPM` och [läs om NSPM](https://example.org/NSPM/ "NSPM").\n\n'
        "    NSPM i ett kodblock\n"
    )
    html = render(text, ENTRIES)
    assert '<h1 id="om-nspm">Om NSPM</h1>' in html
    assert '<h2 id="vad">Vad gör NSPM?</h2>' in html
    assert "<code>NSPM</code>" in html
    assert "<pre><code>NSPM i ett kodblock" in html
    assert 'href="https://example.org/NSPM/"' in html and 'title="NSPM"' in html
    # the link text is prose and is explained
    assert f'>läs om <abbr title="{SV_NSPM}">NSPM</abbr></a>' in html
    assert html.count("<abbr") == 1


def test_entry_anchor_is_language_neutral_ascii():
    assert ENTRIES[1].anchor == "amp"
    assert ENTRIES[0].anchor == "nspm"
    assert ENTRIES[2].anchor == "betanketid"  # a word's id, the same in every language


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(path: Path):
    return glossary.load(path, "data/glossary/sv.yml", ROOT / glossary.SCHEMA_FILE)


def test_load_glossary_collects_every_problem_with_its_line(tmp_path):
    path = write(
        tmp_path,
        "sv.yml",
        "- abbr: NSPM\n  title: Ett\n  text: Text.\n"  # line 1: fine
        "- abbr: NSPM\n  title: Två\n  text: Text.\n"  # line 4: twice
        "- abbr: A B\n  title: Tre\n  text: Text.\n"  # line 7: a space
        "- abbr: NMT\n  text: Text.\n"  # line 10: no title
        "- abbr: FUK\n  title: Fyra\n  text: Text.\n  url: x.md\n",  # line 12: unknown key
    )
    with pytest.raises(data.DataError) as err:
        load(path)
    message = str(err.value)
    assert "data/glossary/sv.yml:4: [1]: 'NSPM' is listed twice" in message
    assert (
        "data/glossary/sv.yml:7: [2].abbr: 'A B' is not an abbreviation (one word, no spaces)"
        in message
    )
    assert "data/glossary/sv.yml:10: [3].title: missing" in message
    assert "data/glossary/sv.yml:15: [4].url: unknown field 'url'" in message
    assert message.startswith("4 problems in data/glossary/sv.yml:")


def test_a_word_needs_its_id(tmp_path):
    path = write(tmp_path, "sv.yml", "- term: Betänketid\n  text: Tid att tänka.\n")
    with pytest.raises(data.DataError) as err:
        load(path)
    assert "needs 'abbr' and 'title' (an abbreviation) or 'term' and 'id'" in str(err.value)


def test_languages_must_list_the_same_abbreviations(tmp_path):
    (tmp_path / "data" / "glossary").mkdir(parents=True)
    entry = "- abbr: {0}\n  title: T\n  text: Text.\n"
    write(tmp_path / "data" / "glossary", "sv.yml", entry.format("NSPM") + entry.format("NMT"))
    write(tmp_path / "data" / "glossary", "en.yml", entry.format("NSPM") + entry.format("IOM"))
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    site = context.Site(
        type("C", (), {"config_file_path": str(tmp_path / "mkdocs.yml"), "docs_dir": "docs"})(),
        "sv",
        ["sv", "en"],
    )
    site.root = tmp_path  # the glossary schema is the project's
    (tmp_path / "data" / "glossary.schema.json").write_text(
        (ROOT / glossary.SCHEMA_FILE).read_text()
    )
    with pytest.raises(data.DataError) as err:
        glossary.load_all(site)
    assert (
        "data/glossary/en.yml:4: [1]: entry 2 is 'IOM' here but 'NMT' in data/glossary/sv.yml"
        in str(err.value)
    )


def test_the_real_glossaries_load_and_match():
    from mkdocs.config import load_config

    site = context.Site(load_config(str(ROOT / "mkdocs.yml")), "sv", ["sv", "en"])
    glossaries = glossary.load_all(site)
    abbrs = [e.abbr for e in glossaries["sv"] if e.abbr]
    assert abbrs == [e.abbr for e in glossaries["en"] if e.abbr]
    assert {"NSPM", "NMT", "ÅMP", "NSP", "IOM", "AKC", "NRM"} <= set(abbrs)
    assert [e.key for e in glossaries["sv"]] == [e.key for e in glossaries["en"]]
    terms = {e.id for e in glossaries["sv"] if e.term}
    assert {
        "betanketid",
        "malsagandebitrade",
        "socialjour",
        "spetsgrupp",
        "forundersokning",
    } <= terms
    en = {e.abbr: e.title for e in glossaries["en"]}
    sv = {e.abbr: e.title for e in glossaries["sv"]}
    # the agency's own English names (content brief §4)
    assert en["NSPM"] == EN_NSPM
    assert en["NMT"] == "National Task Force against Prostitution and Human Trafficking"
    assert sv["NMT"] == "Nationellt metodstödsteam"
    # every link of the glossary points at a page of its language
    for lang, entries in glossaries.items():
        for entry in entries:
            if entry.link:
                target = ROOT / "docs" / lang / entry.link.split("#")[0]
                assert target.is_file(), f"{lang}: {entry.key} links to missing {target}"


# Build tests ------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    result = build(tmp_path_factory.mktemp("glossary"), fixture_docs())
    assert result.returncode == 0, result.output
    return result


@pytest.mark.parametrize(("path", "title"), [("index.html", SV_NSPM), ("en/index.html", EN_NSPM)])
def test_each_language_explains_with_its_own_glossary(site, path, title):
    html = site.html(path)
    article = re.search(r"<article.*?</article>", html, re.DOTALL).group(0)
    assert f'<abbr title="{title}">NSPM</abbr> ' in article
    other = EN_NSPM if title == SV_NSPM else SV_NSPM
    assert other not in html
    # not in headings, code, the <title> or the table of contents
    assert not re.search(r"<h[1-6][^>]*>[^<]*<abbr", html)
    assert "<code>NSPM</code>" in article
    assert "<abbr" not in re.search(r"<title>.*?</title>", html, re.DOTALL).group(0)
    assert "<abbr" not in re.search(
        r'<nav class="md-nav md-nav--secondary".*?</nav>', html, re.DOTALL
    ).group(0)


@pytest.mark.parametrize(
    ("path", "title"), [("ordlista/index.html", SV_NSPM), ("en/ordlista/index.html", EN_NSPM)]
)
def test_glossary_page_lists_the_entries(site, path, title):
    html = site.html(path)
    assert "<!-- glossary:list -->" not in html
    dl = re.search(r"<dl>.*?</dl>", html, re.DOTALL).group(0)
    assert re.findall(r'<dt id="([^"]+)">', dl) == ["nspm", "nmt", "amp"]
    assert f"<strong>{title}.</strong>" in dl
    assert 'href="../">' in dl  # the entry's link, resolved by MkDocs


def test_glossary_mismatch_stops_the_build(tmp_path):
    project = make_site(
        tmp_path,
        fixture_docs(),
        data={"data/glossary/en.yml": "- abbr: NSPM\n  title: T\n  text: Text.\n"},
    )
    env = {"SKIP_PDF": "1", "SITE_URL": "https://example.org/nspm-kunskapsbank/"}
    result = run_build(project, tmp_path / "site", env=env)
    assert result.returncode != 0
    assert "data/glossary/sv.yml:" in result.output
    assert "entry 2 is 'NMT' here but missing in data/glossary/en.yml" in result.output
