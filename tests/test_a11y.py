"""Accessibility on real and fixture builds (no browser needed): hooks/a11y.py, the
Material partials overridden in overrides/partials/, and hooks/alternates.py."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_build
from mkdocs.exceptions import PluginError

from nspm import a11y, alternates

FAST = {"SKIP_PDF": "1"}
THEME_BUNDLE = next(
    Path(sys.prefix).glob("lib/python3*/site-packages/material/templates/assets/javascripts/")
).glob("bundle.*.min.js")


# Skip link, names of landmarks ------------------------------------------------------


def test_every_page_has_a_skip_link_to_an_existing_id(real_site):
    for path in real_site.pages():
        html = path.read_text(encoding="utf-8")
        where = path.relative_to(real_site.site)
        link = re.search(r'<a href="#([^"]+)" class="md-skip">', html)
        assert link, f"{where}: no skip link"
        assert f'id="{link[1]}"' in html, f"{where}: skip link to missing #{link[1]}"


def test_search_dialog_and_breadcrumbs_are_named_per_language(real_site):
    sv = real_site.html("manual/akut-skydd/index.html")
    en = real_site.html("en/manual/akut-skydd/index.html")
    assert 'role="dialog" aria-label="Sök"' in sv
    assert 'role="dialog" aria-label="Search"' in en
    assert '<nav class="md-path" aria-label="Brödsmulor"' in sv
    assert '<nav class="md-path" aria-label="Breadcrumbs"' in en


def test_section_navs_are_named_by_their_visible_title(real_site):
    html = real_site.html("manual/akut-skydd/index.html")
    labelled = re.findall(
        r'<nav class="md-nav" data-md-level="\d+" aria-labelledby="([^"]+)"', html
    )
    assert labelled, "Material's section navs expected"
    for ident in labelled:
        assert ident.endswith("_title"), ident
        title = re.search(
            rf'<label class="md-nav__title" for="[^"]+" id="{ident}">(.*?)</label>', html, re.S
        )
        assert title and re.sub(r"<[^>]+>", "", title[1]).strip(), f"{ident} has no text"


def test_section_toggles_and_header_buttons_are_named_per_language(real_site):
    """The icon-only section toggle (it takes focus) and the phone layout's menu and search
    buttons (labels) get a Tab stop and a visually hidden name (overrides/partials/)."""
    sv = real_site.html("manual/akut-skydd/index.html")
    assert re.search(
        r'<label class="md-nav__link[^"]*" for="(__nav_[\d_]+)" '
        r'id="\1_label" tabindex="[^"]*">\s*<span class="md-nav__icon md-icon"></span>\s*'
        r'<span class="nspm-visually-hidden">Visa eller dölj undersidor: Manualen</span>',
        sv,
    ), "no named toggle for the manual's section"
    assert re.search(
        r'<label class="md-header__button md-icon" for="__drawer" tabindex="0">\s*<svg.*?</svg>'
        r'\s*<span class="nspm-visually-hidden">Meny</span>\s*</label>',
        sv,
        re.S,
    )
    assert re.search(
        r'for="__search" tabindex="0">\s*<svg.*?</svg>\s*'
        r'<span class="nspm-visually-hidden">Sök</span>',
        sv,
        re.S,
    )
    assert '<label class="md-overlay" for="__drawer"></label>' in sv


def test_built_header_buttons_are_named_per_language(real_site):
    sv, en = real_site.html("index.html"), real_site.html("en/index.html")
    assert re.search(r'<span class="nspm-visually-hidden">Meny</span>\s*</label>', sv)
    assert re.search(r'<span class="nspm-visually-hidden">Menu</span>\s*</label>', en)
    assert re.search(r'<span class="nspm-visually-hidden">Search</span>\s*</label>', en)


def test_page_without_headings_gets_a_heading_and_skip_link(fixture_project, tmp_path):
    for lang, title in (("sv", "Utbildning"), ("en", "Training")):
        page = fixture_project / "docs" / lang / "utbildning.md"
        front = f"---\ntitle: {title}\ndescription: {title}.\n---\n\n"
        page.write_text(front + "Bara en mening.\n", encoding="utf-8")
    build = run_build(fixture_project, tmp_path / "site", env=FAST)
    assert build.returncode == 0, build.output
    for path, title in (
        ("utbildning/index.html", "Utbildning"),
        ("en/utbildning/index.html", "Training"),
    ):
        html = build.html(path)
        assert f'<h1 id="{a11y.CONTENT_ID}">{title}</h1>' in html, path
        assert f'<a href="#{a11y.CONTENT_ID}" class="md-skip">' in html, path
        assert html.count("<h1") == 1, path


# The date and method of the last automated check --------------------------------------


def statement(build, lang: str) -> str:
    prefix = "" if lang == "sv" else "en/"
    return build.html(f"{prefix}om-webbplatsen/tillganglighet/index.html")


def with_marker(project: Path) -> None:
    """Make sure both statements carry the marker (the content team puts it there)."""
    for lang in ("sv", "en"):
        page = project / "docs" / lang / "om-webbplatsen" / "tillganglighet.md"
        text = page.read_text(encoding="utf-8")
        if a11y.MARKER not in text:
            page.write_text(text + f"\n{a11y.MARKER}\n", encoding="utf-8")


def test_last_check_is_rendered_from_the_data_file(fixture_project, tmp_path):
    with_marker(fixture_project)
    (fixture_project / "data" / "accessibility.yml").write_text(
        "last_check: 2026-11-27\naxe_core: 4.14.1\nbrowser: Chromium 156.0.8078.108\n"
        "pages: 66\nrules: [wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa, best-practice]\n",
        encoding="utf-8",
    )
    build = run_build(fixture_project, tmp_path / "site", env=FAST)
    assert build.returncode == 0, build.output
    sv, en = statement(build, "sv"), statement(build, "en")
    assert "Senaste automatiska kontroll: <strong>2026-11-27</strong>" in sv
    assert "alla 66 sidor" in sv and "axe-core 4.14.1" in sv and "Chromium 156.0.8078.108" in sv
    assert "WCAG 2.1 AA" in sv and "bästa praxis" in sv
    assert "Last automated check: <strong>2026-11-27</strong>" in en
    assert "all 66 pages" in en and "best practices" in en
    assert a11y.MARKER not in sv and a11y.MARKER not in en


def test_last_check_missing_file_says_so(fixture_project, tmp_path):
    with_marker(fixture_project)
    (fixture_project / "data" / "accessibility.yml").unlink(missing_ok=True)
    build = run_build(fixture_project, tmp_path / "site", env=FAST)
    assert build.returncode == 0, build.output
    assert "Ingen automatisk kontroll av tillgängligheten har registrerats ännu." in statement(
        build, "sv"
    )
    assert "No automated accessibility check has been recorded yet." in statement(build, "en")


def test_last_check_bad_file_stops_the_build(fixture_project, tmp_path):
    with_marker(fixture_project)
    (fixture_project / "data" / "accessibility.yml").write_text(
        "last_check: yesterday\npages: many\n", encoding="utf-8"
    )
    build = run_build(fixture_project, tmp_path / "site", env=FAST)
    assert build.returncode != 0
    for expected in (
        "data/accessibility.yml:1: last_check: 'yesterday' is not a date YYYY-MM-DD",
        "data/accessibility.yml:1: axe_core: missing",
        "data/accessibility.yml:2: pages: expected integer, found str 'many'",
        "make a11y-record",
    ):
        assert expected in build.output


def test_recorded_file_is_valid():
    from nspm import data

    record = data.load(ROOT / a11y.DATA_FILE, ROOT / a11y.SCHEMA_FILE, display=a11y.DATA_FILE)
    assert record.value["pages"] >= 60


# Material's alternate-sitemap lookup ----------------------------------------------------


def test_patch_bundle_removes_the_call_once():
    text = "a();ui({document$:ct});var x=1;"
    out = alternates.patch_bundle(text)
    assert alternates.CALL not in out and alternates.MARKER in out
    assert alternates.patch_bundle(out) == out


def test_patch_bundle_fails_clearly_when_the_theme_changed():
    with pytest.raises(PluginError, match=r"expected the call .* exactly once, found 0"):
        alternates.patch_bundle("function ui(){}", "bundle.x.min.js")


def test_installed_theme_still_has_the_call_and_built_bundle_does_not(real_site):
    theme = list(THEME_BUNDLE)
    assert len(theme) == 1 and theme[0].read_text(encoding="utf-8").count(alternates.CALL) == 1
    built = list((real_site.site / "assets" / "javascripts").glob("bundle.*.min.js"))
    assert len(built) == 1
    text = built[0].read_text(encoding="utf-8")
    assert alternates.CALL not in text and alternates.MARKER in text
    assert not (real_site.site / "en" / "assets").exists()
