"""The menu (hooks/nav.py) and mkdocs.yml itself (nspm/config_check.py): what an editor who
adds a page is told, at which line, with which fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_build

from nspm import config_check

FAST = {"SKIP_PDF": "1"}
PAGE = "---\ntitle: Ny sida\ndescription: En ny sida.\n---\n\n# Ny sida {{ #ny-sida }}\n\n{text}\n"


def add_page(project: Path, rel: str) -> None:
    for lang, text in (("sv", "Text."), ("en", "Text.")):
        path = project / "docs" / lang / rel
        path.write_text(PAGE.format(text=text), encoding="utf-8")


def add_to_menu(project: Path, line: str, translation: str | None) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    anchor = "      - Betänketid: stod/betanketid.md\n"
    assert anchor in text
    text = text.replace(anchor, anchor + line)
    if translation:
        text = text.replace(
            "            Betänketid: Reflection period\n",
            "            Betänketid: Reflection period\n" + translation,
        )
    config.write_text(text, encoding="utf-8")


def line_of(project: Path, text: str) -> int:
    lines = (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def test_a_menu_label_without_a_translation_stops_the_build(fixture_project, tmp_path):
    add_page(fixture_project, "stod/ny-sida.md")
    add_to_menu(fixture_project, "      - Ny sida: stod/ny-sida.md\n", None)
    build = run_build(fixture_project, tmp_path / "site", env=FAST)
    assert build.returncode != 0
    nav_line = line_of(fixture_project, "- Ny sida: stod/ny-sida.md")
    block = line_of(fixture_project, "nav_translations:")
    assert (
        f"mkdocs.yml:{nav_line}: the menu label 'Ny sida' has no English label. Fix: add the line "
        f"'Ny sida: <the English label>' to nav_translations of the language 'en' "
        f"(mkdocs.yml:{block})"
    ) in build.output


def test_a_page_not_in_the_menu_is_reported_with_the_line_to_add(fixture_project, tmp_path):
    add_page(fixture_project, "stod/ny-sida.md")
    build = run_build(fixture_project, tmp_path / "site", env=FAST)
    assert build.returncode != 0
    section = line_of(fixture_project, "- Stöd till utsatta:")
    messages = [line for line in build.output.splitlines() if "not in the menu" in line]
    assert messages == [
        "WARNING -  nav: docs/sv/stod/ny-sida.md: the page is not in the menu. Fix: add the line "
        f"'- <its menu label>: stod/ny-sida.md' to nav: in mkdocs.yml under 'Stöd till utsatta' "
        f"(mkdocs.yml:{section}), and its label in every other language to nav_translations"
    ]
    assert "exist in the docs directory, but are not included" not in build.output  # one voice


def test_a_page_missing_from_its_sections_overview_is_reported(fixture_project, tmp_path):
    add_page(fixture_project, "stod/ny-sida.md")
    add_to_menu(
        fixture_project, "      - Ny sida: stod/ny-sida.md\n", "            Ny sida: New page\n"
    )
    build = run_build(fixture_project, tmp_path / "site", env=FAST)
    assert build.returncode != 0
    for lang in ("sv", "en"):
        assert (
            f"nav: docs/{lang}/stod/index.md: the overview of its section links to the section's "
            f"pages by hand, but not to {lang}/stod/ny-sida.md. Fix: add a link (or a card like "
            "the others) to 'ny-sida.md'"
        ) in build.output


@pytest.mark.parametrize(
    ("mistake", "expected"),
    [
        # one space too few in front of a nav entry
        ("      - Betänketid: stod/betanketid.md", "     - Betänketid: stod/betanketid.md"),
        # a tab instead of spaces
        ("      - Betänketid: stod/betanketid.md", "\t- Betänketid: stod/betanketid.md"),
        # text with ': ' not in quotes
        ("  - Ordlista: ordlista.md", "  - Ordlista: om: ordlista.md"),
    ],
)
def test_a_yaml_mistake_in_mkdocs_yml_gets_its_line_and_a_plain_hint(tmp_path, mistake, expected):
    from conftest import ROOT

    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert mistake in text
    path = tmp_path / "mkdocs.yml"
    path.write_text(text.replace(mistake, expected, 1), encoding="utf-8")
    line = next(n for n, x in enumerate(path.read_text().splitlines(), 1) if x == expected)
    [problem] = config_check.check(path)
    where, message = problem.split(": ", 1)
    assert re.fullmatch(rf"{re.escape(str(path))}:({line}|{line + 1})", where), problem
    hint = message.split(" – ", 1)[1]
    assert re.search(r"indent|tab|quotes", hint), problem


def test_a_key_written_twice_in_mkdocs_yml_is_a_mistake(tmp_path):
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: A\nstrict: true\nsite_name: B\n", encoding="utf-8")
    assert config_check.check(path) == [
        f"{path}:3: the key 'site_name' is written twice in this block (first on line 1) – YAML "
        "would keep only the last one: delete or merge one of them"
    ]
    assert config_check.main([str(path)]) == 1
    path.write_text("site_name: A\n", encoding="utf-8")
    assert config_check.main([str(path)]) == 0
