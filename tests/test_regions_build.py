"""Build tests of hooks/regions.py: small bilingual fixture sites built into tmp_path.

The fixture (tests/fixtures/regions/site) has its own mkdocs.yml with only the regions
hook; copy_project() brings the real hooks/, data/ and overrides/ next to it, and the
real template is copied into the fixture's own custom_dir. SKIP_PDF=1 and a pinned
NSPM_TODAY keep the builds fast and reproducible.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, run_build

FIXTURES = ROOT / "tests" / "fixtures" / "regions"
ENV = {"SKIP_PDF": "1", "NSPM_TODAY": "2026-11-28"}
SV_PAGE = "regioner/index.html"
EN_PAGE = "en/regioner/index.html"


def make_project(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "project", docs=False)
    shutil.copy2(FIXTURES / "site" / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(FIXTURES / "site" / "docs", project / "docs")
    theme = project / "overrides-regions" / "hooks"
    theme.mkdir(parents=True)
    shutil.copy2(ROOT / "overrides" / "hooks" / "regions.html", theme / "regions.html")
    return project


def build(project: Path, tmp_path: Path, *, strict=True, env=None):
    return run_build(project, tmp_path / "site", strict=strict, env={**ENV, **(env or {})})


def rows(html: str) -> dict[str, str]:
    """Table rows by region id."""
    return dict(re.findall(r'<tr id="([a-z-]+)">(.*?)</tr>', html, flags=re.S))


def lookup(html: str) -> dict[str, str]:
    """County name → region id, from the lookup's definition list."""
    block = html[html.index('<div class="nspm-regions-lookup">') :]
    pairs = re.findall(r'<dt>(.*?)</dt>\s*<dd><a href="#([a-z-]+)"', block)
    return dict(pairs)


def lookup_order(html: str) -> list[str]:
    block = html[html.index('<div class="nspm-regions-lookup">') :]
    return re.findall(r"<dt>(.*?)</dt>", block)


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file a build must not change (caches are untracked: .gitignore)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not {"__pycache__", ".cache"} & set(p.parts)
    }


def move_county(
    project: Path, code: str, source_line: str, new_source: str, target_line: str, new_target: str
) -> None:
    path = project / "data" / "regions.yml"
    text = path.read_text(encoding="utf-8")
    assert text.count(source_line) == 1 and text.count(target_line) == 1
    path.write_text(
        text.replace(source_line, new_source).replace(target_line, new_target), encoding="utf-8"
    )


@pytest.fixture(scope="module")
def good_build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("regions-good")
    project = make_project(tmp)
    before = tree_digest(project)
    result = build(project, tmp)
    assert result.returncode == 0, result.output
    return result, before, tree_digest(project)


def test_swedish_table(good_build):
    result, *_ = good_build
    html = result.html(SV_PAGE)
    table = rows(html)
    assert list(table) == ["stockholm", "bergslagen", "nord", "mitt", "ost", "vast", "syd"]
    assert "<caption>Regionkoordinatorernas sju regioner" in html
    assert "<li>Gotlands län</li><li>Stockholms län</li>" in table["stockholm"]
    assert (
        "<li>Blekinge län</li><li>Kalmar län</li><li>Kronobergs län</li><li>Skåne län</li>"
        in table["syd"]
    )
    assert "Värdkommun: Malmö stad" in table["syd"]
    assert '<a href="tel:+4620354040">020-35 40 40</a>' in table["syd"]
    # No confirmed contact: a link to NSPM's own page instead of an invented one.
    assert (
        'href="https://nspm.jamstalldhetsmyndigheten.se/">Kontaktuppgifter finns hos NSPM'
        in table["nord"]
    )
    assert "tel:" not in table["nord"]
    # Mitt's seat is not confirmed by a primary source.
    assert (
        '<span aria-hidden="true">–</span><span class="nspm-sr-only">Ingen uppgift</span>'
        in table["mitt"]
    )
    assert "Stockholm County" not in html


def test_english_table(good_build):
    result, *_ = good_build
    html = result.html(EN_PAGE)
    table = rows(html)
    assert list(table) == ["stockholm", "bergslagen", "nord", "mitt", "ost", "vast", "syd"]
    assert "<li>Gotland County</li><li>Stockholm County</li>" in table["stockholm"]
    assert (
        "<li>Blekinge County</li><li>Kalmar County</li>"
        "<li>Kronoberg County</li><li>Skåne County</li>" in table["syd"]
    )
    assert '<th scope="row" lang="sv">Öst</th>' in table["ost"]
    assert "<td>Gothenburg</td>" in table["vast"]
    assert "Host municipality: City of Malmö" in table["syd"]
    assert "Contact details at NSPM (in Swedish)" in table["nord"]
    assert "Stockholms län" not in html


def test_lookup_in_both_languages(good_build):
    result, *_ = good_build
    sv, en = result.html(SV_PAGE), result.html(EN_PAGE)
    assert lookup(sv)["Gotlands län"] == "stockholm"
    assert lookup(sv)["Skåne län"] == "syd"
    assert lookup(en)["Gotland County"] == "stockholm"
    assert len(lookup(sv)) == len(lookup(en)) == 21
    # Alphabetical in the page's language: Swedish å ä ö come after z.
    assert lookup_order(sv)[-3:] == ["Västra Götalands län", "Örebro län", "Östergötlands län"]
    assert lookup_order(en)[:3] == ["Blekinge County", "Dalarna County", "Gävleborg County"]
    assert "<script" not in sv[sv.index('<div class="nspm-regions">') : sv.index("</dl>")]


def test_regions_json_once_at_site_root(good_build, tmp_path):
    result, *_ = good_build
    exported = json.loads((result.site / "regions.json").read_text(encoding="utf-8"))
    assert not (result.site / "en" / "regions.json").exists()
    assert not list(result.project.rglob("regions.json"))  # never into docs/ or the project
    assert [r["id"] for r in exported["regions"]][-1] == "syd"
    gotland = exported["regions"][0]["counties"][1]
    assert gotland == {"code": "SE-I", "name": {"sv": "Gotlands län", "en": "Gotland County"}}
    assert exported["regions"][-1]["contact"]["phone_e164"] == "+4620354040"
    assert exported["contact_page"] == "https://nspm.jamstalldhetsmyndigheten.se/"


def test_validated_once_per_build_and_no_tracked_file_changed(good_build):
    result, before, after = good_build
    assert result.output.count("data/regions.yml: valid – 7 regions, 21 counties") == 1
    assert before == after
    # The index page links to the row anchor #syd: MkDocs' strict anchor validation found it.
    assert "regioner.md#syd" not in result.output


def test_moving_a_county_changes_both_tables_lookup_and_json(tmp_path):
    project = make_project(tmp_path)
    move_county(
        project,
        "SE-I",
        "counties: [SE-AB, SE-I]",
        "counties: [SE-AB]",
        "counties: [SE-F, SE-D, SE-E]",
        "counties: [SE-F, SE-D, SE-E, SE-I]",
    )
    result = build(project, tmp_path)
    assert result.returncode == 0, result.output
    sv, en = rows(result.html(SV_PAGE)), rows(result.html(EN_PAGE))
    assert "Gotlands län" not in sv["stockholm"] and "<li>Gotlands län</li>" in sv["ost"]
    assert "Gotland County" not in en["stockholm"] and "<li>Gotland County</li>" in en["ost"]
    assert lookup(result.html(SV_PAGE))["Gotlands län"] == "ost"
    assert lookup(result.html(EN_PAGE))["Gotland County"] == "ost"
    exported = json.loads((result.site / "regions.json").read_text(encoding="utf-8"))
    by_id = {r["id"]: [c["code"] for c in r["counties"]] for r in exported["regions"]}
    assert by_id["stockholm"] == ["SE-AB"] and by_id["ost"][-1] == "SE-I"


def test_malformed_data_stops_the_build_with_every_problem(tmp_path):
    project = make_project(tmp_path)
    shutil.copy2(FIXTURES / "malformed.yml", project / "data" / "regions.yml")
    result = build(project, tmp_path)
    assert result.returncode != 0
    assert "8 problems in data/regions.yml:" in result.output
    for expected in [
        "data/regions.yml:2: contact_page: 'http://nspm.jamstalldhetsmyndigheten.se/' is not "
        "an https:// web address",
        "data/regions.yml:6: regions[0].name.en: missing",
        "data/regions.yml:11: regions[1].id: the id 'stockholm' is already used",
        "data/regions.yml:13: regions[1].counties[1]: county SE-I is already in region 'stockholm'",
        "data/regions.yml:15: regions[1].contact.phone: '020/35 40 40' is not a Swedish phone",
        "data/regions.yml:16: regions[1].contact.email:",
        "data/regions.yml:19: regions[1].verified: '28/11/2026' is not a date in ISO form",
        "data/regions.yml:21: counties: 18 of the 21 counties of Sweden missing",
    ]:
        assert expected in result.output
    assert not (tmp_path / "site" / "regions.json").exists()
    assert not (tmp_path / "site" / "regioner").exists()


def test_yaml_syntax_error_stops_the_build(tmp_path):
    project = make_project(tmp_path)
    path = project / "data" / "regions.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "counties: [SE-AB, SE-I]", "counties: [SE-AB, SE-I"
        ),
        encoding="utf-8",
    )
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if "[SE-AB, SE-I" in t)
    result = build(project, tmp_path)
    assert result.returncode != 0
    match = re.search(r"data/regions\.yml:(\d+): \(YAML syntax\): ", result.output)
    assert match, result.output
    # PyYAML notices the unclosed list where the next key starts: at most one line later.
    assert line <= int(match[1]) <= line + 1


def test_unknown_markers_stop_the_build_with_file_and_line(tmp_path):
    project = make_project(tmp_path)
    page = project / "docs" / "sv" / "regioner.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\n<!-- regions:tabel -->\n", encoding="utf-8"
    )
    index = project / "docs" / "sv" / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8") + "\n<!-- regions:map -->\n", encoding="utf-8"
    )
    result = build(project, tmp_path)
    assert result.returncode != 0
    assert "2 problems with regions markers:" in result.output
    assert "docs/sv/regioner.md:11: unknown marker '<!-- regions:tabel -->'" in result.output
    assert "docs/sv/index.md:9: unknown marker '<!-- regions:map -->'" in result.output


def test_markers_written_without_spaces_are_rendered_too(tmp_path):
    """A marker as the check accepts it is replaced as written, never left in the page."""
    project = make_project(tmp_path)
    page = project / "docs" / "sv" / "regioner.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(
        text.replace("<!-- regions:table -->", "<!--regions:table-->").replace(
            "<!-- regions:lookup -->", "<!--  regions:lookup  -->"
        ),
        encoding="utf-8",
    )
    result = build(project, tmp_path)
    assert result.returncode == 0, result.output
    html = result.html("regioner/index.html")
    assert len(rows(html)) == 7 and "Gotlands län" in lookup(html)
    assert "regions:" not in html


def test_stale_verified_date_warns_per_region_and_fails_strict(tmp_path):
    project = make_project(tmp_path)
    path = project / "data" / "regions.yml"
    text = path.read_text(encoding="utf-8")
    old = "counties: [SE-N, SE-O]\n    seat: {sv: Göteborg, en: Gothenburg}\n"
    assert text.count(old) == 1
    start = text.index(old)
    end = text.index("verified: 2026-11-28", start)
    path.write_text(text[:end] + "verified: 2025-10-01" + text[end + 20 :], encoding="utf-8")
    strict = build(project, tmp_path)
    assert strict.returncode != 0
    relaxed = run_build(project, tmp_path / "site2", strict=False, env=ENV)
    assert relaxed.returncode == 0, relaxed.output
    warnings = [line for line in relaxed.output.splitlines() if "was last verified" in line]
    # Once per build (not once per language), and only the stale region.
    assert len(warnings) == 1, relaxed.output
    assert (
        "WARNING" in warnings[0] and "region 'vast' was last verified on 2025-10-01" in warnings[0]
    )
    assert re.search(r"data/regions\.yml:\d+: region 'vast'", warnings[0])


def test_stale_dates_use_injected_today(tmp_path):
    project = make_project(tmp_path)
    result = run_build(
        project, tmp_path / "site", strict=False, env={**ENV, "NSPM_TODAY": "2027-11-29"}
    )
    assert result.returncode == 0, result.output
    named = re.findall(r"region '([a-z]+)' was last verified", result.output)
    assert named == ["stockholm", "bergslagen", "nord", "mitt", "ost", "vast", "syd"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(url: str, predicate, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            last = _get(url)
            if predicate(last):
                return last
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} did not reach the expected state in {timeout} s")


def test_serve_rerenders_when_the_data_file_changes(tmp_path):
    """`mkdocs serve` (what `make serve` runs) rebuilds on a data edit – no stale cache."""
    project = make_project(tmp_path)
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **ENV},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        before = _wait_for(base + "regioner/", lambda html: '<tr id="ost">' in html)
        assert "Gotlands län" not in rows(before)["ost"]
        move_county(
            project,
            "SE-I",
            "counties: [SE-AB, SE-I]",
            "counties: [SE-AB]",
            "counties: [SE-F, SE-D, SE-E]",
            "counties: [SE-F, SE-D, SE-E, SE-I]",
        )
        after = _wait_for(
            base + "regioner/", lambda html: "Gotlands län" in rows(html).get("ost", "")
        )
        assert "Gotlands län" not in rows(after)["stockholm"]
        english = _get(base + "en/regioner/")
        assert "Gotland County" in rows(english)["ost"]
        exported = json.loads(_get(base + "regions.json"))
        assert exported["regions"][4]["counties"][-1]["code"] == "SE-I"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_real_config_watches_data_and_registers_the_hook():
    """The serve test above uses the fixture config; the real one must match it."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    watched = {Path(p).resolve() for p in config.watch}
    assert (ROOT / "data").resolve() in watched
    assert any(Path(h).name == "regions.py" for h in config.hooks)


@pytest.mark.slow
def test_real_site_has_both_tables_lookup_and_json(real_site):
    """The real site: the content page's markers, the real config and every other hook."""
    from nspm import regions as regions_data

    ids = ["stockholm", "bergslagen", "nord", "mitt", "ost", "vast", "syd"]
    sv = real_site.html("stod/regionkoordinatorer/index.html")
    en = real_site.html("en/stod/regionkoordinatorer/index.html")
    assert list(rows(sv)) == list(rows(en)) == ids
    assert "<li>Skåne län</li>" in rows(sv)["syd"] and "<li>Skåne County</li>" in rows(en)["syd"]
    assert lookup(sv)["Gotlands län"] == lookup(en)["Gotland County"] == "stockholm"
    assert not (real_site.site / "en" / "regions.json").exists()
    exported = json.loads((real_site.site / "regions.json").read_text(encoding="utf-8"))
    assert exported == regions_data.to_json(regions_data.load(ROOT / "data" / "regions.yml"))
