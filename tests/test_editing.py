"""Editors' workflow: front matter validated at build, the edit link of every page points to
its own source file, "Senast uppdaterad" / "Last updated" from git with a no-git fallback."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import ROOT, run_build
from mkdocs.config import load_config

from nspm import front_matter
from nspm import history as git_history

# The one place that sets the repository's address: mkdocs.yml (README.md, "Publishing").
EDIT_BASE = load_config(str(ROOT / "mkdocs.yml")).edit_uri
EDIT_RE = re.compile(r'<a href="([^"]+)" rel="edit">(Redigera sidan|Edit this page)</a>')
UPDATED_RE = re.compile(
    r'<p class="nspm-page-meta__updated" data-source="(git|build)">\s*'
    r"(Senast uppdaterad|Last updated|Webbplatsen byggdes|Site built on) "
    r'<time datetime="(\d{4}-\d{2}-\d{2})">([^<]+)</time>'
)


def build_not_strict(project: Path, site: Path, **env: str):
    """Build a fixture copy without strict mode (also off in its mkdocs.yml): these tests are
    about this hook's output, not about warnings other hooks may have about the content."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("\nstrict: true\n", "\nstrict: false\n"), encoding="utf-8")
    return run_build(project, site, strict=False, env={"SKIP_PDF": "1", **env})


# Front matter: unit ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: A\ndescription: B\n---\n\n# A\n", []),
        ("# A\n\nText.\n", [(1, "missing – the file must start with a line '---'")]),
        ("---\ntitle: A\ndescription: B\n\n# A\n", [(1, "no closing '---' line")]),
        ("---\ntitle: A\n---\n\n# A\n", [(3, "'description' is missing")]),
        ("---\ndescription: B\n---\n", [(3, "'title' is missing")]),
        ("---\ntitle: A\ndescription:\n---\n", [(3, "'description' must be text")]),
        ("---\ntitle: 2026\ndescription: B\n---\n", [(2, "'title' must be text")]),
        ("---\ntitle: A: B\ndescription: C\n---\n", [(2, "not valid YAML (mapping values")]),
        ("---\ntitle: A\ndescription: [B\n---\n", [(4, "not valid YAML")]),
    ],
)
def test_front_matter_problems_name_the_line(text, expected):
    problems = front_matter.check(text)
    assert [line for line, _ in problems] == [line for line, _ in expected]
    for (_, message), (_, start) in zip(problems, expected, strict=True):
        assert message.startswith(start), message


def test_translation_of_is_checked_on_translated_pages_only():
    text = "---\ntitle: A\ndescription: B\ntranslation_of: not-a-sha\n---\n"
    assert front_matter.check(text) == []
    [(line, message)] = front_matter.check(text, translated=True)
    assert line == 4
    assert "copy it from `make translations`" in message
    good = "---\ntitle: A\ndescription: B\ntranslation_of: 0a1b2c3d4e5f\n---\n"
    assert front_matter.check(good, translated=True) == []


def test_an_all_digit_translation_of_is_reported_although_mkdocs_read_it(caplog):
    """YAML reads 'translation_of: 1234567' as a number: the quick check must not pass it."""
    text = "---\ntitle: A\ndescription: B\ntranslation_of: 1234567\n---\n"
    file = SimpleNamespace(content_string=text, src_uri="en/a.md")
    page = SimpleNamespace(meta={"title": "A", "description": "B", "translation_of": 1234567})
    page.file = file
    current = SimpleNamespace(is_default=False, site=SimpleNamespace(source="docs/{}".format))
    front_matter.check_page(current, page)
    assert "docs/en/a.md:4: front matter: 'translation_of' must be" in caplog.text


@pytest.mark.slow
def test_build_reports_every_front_matter_problem_with_file_and_line(fixture_project, tmp_path):
    sv = fixture_project / "docs" / "sv" / "begrepp.md"
    text = sv.read_text(encoding="utf-8")
    sv.write_text(re.sub(r"(?m)^description:.*\n", "", text, count=1), encoding="utf-8")
    en = fixture_project / "docs" / "en" / "kontakt.md"
    text = en.read_text(encoding="utf-8")
    en.write_text(re.sub(r"(?m)^title:.*$", "title: Contact: us", text, count=1), "utf-8")

    build = run_build(fixture_project, tmp_path / "site", env={"SKIP_PDF": "1"})

    assert build.returncode != 0
    closing = sv.read_text(encoding="utf-8").split("\n")[1:].index("---") + 2
    assert f"docs/sv/begrepp.md:{closing}: front matter: 'description' is missing" in build.output
    assert "docs/en/kontakt.md:2: front matter: not valid YAML" in build.output


# Edit links and "last updated" on the real site ---------------------------------------


def _source_of(html: Path, site: Path) -> str:
    """docs/<lang>/<path>.md of a built page (site/en/x/index.html → en/x.md or en/x/index.md)."""
    rel = html.relative_to(site).as_posix()
    lang = "en" if rel.startswith("en/") else "sv"
    rel = rel.removeprefix("en/")
    stem = rel.removesuffix("index.html").rstrip("/")
    for candidate in (f"{stem}.md", f"{stem}/index.md" if stem else "index.md"):
        if (ROOT / "docs" / lang / candidate).is_file():
            return f"{lang}/{candidate}"
    raise AssertionError(f"no source for {rel}")


def _content_pages(build) -> list[Path]:
    pages = []
    for html in build.pages():
        rel = html.relative_to(build.site).as_posix()
        if rel.endswith("404.html") or rel.split("/")[0] in {"assets", "search", "pdf"}:
            continue
        if rel.startswith("en/") and rel.split("/")[1] in {"assets", "search", "pdf"}:
            continue
        pages.append(html)
    return pages


@pytest.mark.slow
def test_edit_link_goes_to_the_pages_own_file_in_its_own_language(real_site):
    sv = EDIT_RE.findall(real_site.html("begrepp/index.html"))
    en = EDIT_RE.findall(real_site.html("en/begrepp/index.html"))
    assert sv == [(EDIT_BASE + "sv/begrepp.md", "Redigera sidan")]
    assert en == [(EDIT_BASE + "en/begrepp.md", "Edit this page")]
    nested = EDIT_RE.findall(real_site.html("en/manual/aktorer/index.html"))
    assert nested == [(EDIT_BASE + "en/manual/aktorer/index.md", "Edit this page")]

    pages = _content_pages(real_site)
    assert len(pages) >= 2 * len(list((ROOT / "docs" / "sv").rglob("*.md")))
    for html in pages:
        text = html.read_text(encoding="utf-8")
        links = EDIT_RE.findall(text)
        assert len(links) == 1, html
        assert links[0][0] == EDIT_BASE + _source_of(html, real_site.site), html
        # Material's own icon button points to the same file.
        assert f'href="{links[0][0]}" title=' in text, html


def _last_commit_day(path: str) -> str | None:
    out = subprocess.run(
        ["git", "log", "-1", "--format=%ct", "--", f"docs/{path}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not out:
        return None
    from datetime import UTC, datetime

    return git_history.day(datetime.fromtimestamp(int(out), tz=UTC), "sv_SE")["iso"]


@pytest.mark.slow
def test_every_page_says_when_it_was_last_updated(real_site):
    history = git_history.read(ROOT / "docs")
    for html in _content_pages(real_site):
        text = html.read_text(encoding="utf-8")
        match = UPDATED_RE.search(text)
        assert match, html
        source, label, iso, _ = match.groups()
        lang = "en" if html.relative_to(real_site.site).as_posix().startswith("en/") else "sv"
        expected_day = _last_commit_day(_source_of(html, real_site.site))
        if history.available and expected_day:
            assert source == "git", html
            assert label == ("Senast uppdaterad" if lang == "sv" else "Last updated")
            assert iso == expected_day, html
        else:  # shallow clone, or a page never committed: the build date, labelled
            assert source == "build", html
            assert label == ("Webbplatsen byggdes" if lang == "sv" else "Site built on")


@pytest.mark.slow
def test_without_git_pages_show_the_build_date_labelled_as_such(fixture_project, tmp_path):
    # fixture_project is a copy outside any git checkout.
    build = build_not_strict(
        fixture_project, tmp_path / "site", SOURCE_DATE_EPOCH="1767225600"
    )  # 2026-01-01 00:00 UTC
    assert build.returncode == 0, build.output
    assert "last_updated: no git history" in build.output
    sv = UPDATED_RE.search(build.html("begrepp/index.html")).groups()
    en = UPDATED_RE.search(build.html("en/begrepp/index.html")).groups()
    assert sv == ("build", "Webbplatsen byggdes", "2026-01-01", "1 januari 2026")
    assert en == ("build", "Site built on", "2026-01-01", "1 January 2026")
    assert "Senast uppdaterad" not in build.html("begrepp/index.html")
