"""Translation freshness (hooks/translations.py, scripts/translations.py) on real git repos.

Each test that needs history makes a git repository in tmp_path with real `git` commands.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, run_build

from nspm import history as git_history
from nspm.source import Source
from scripts import translations

SCRIPT = [sys.executable, str(ROOT / "scripts" / "translations.py")]


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    proc = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def page(title: str, body: str, **extra: str) -> str:
    lines = [f"{key}: {value}" for key, value in extra.items()]
    front = "\n".join([f"title: {title}", f"description: {title} – a page.", *lines])
    return f"---\n{front}\n---\n\n# {title}\n\n{body}\n"


def make_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "docs" / "sv").mkdir(parents=True)
    (repo / "docs" / "en").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    return repo


def run_script(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*SCRIPT, "--docs-dir", str(repo / "docs"), *args],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=60,
    )


def build_not_strict(project: Path, site: Path, **env: str):
    """Build a fixture copy without strict mode (also off in its mkdocs.yml): these tests are
    about this hook's output, not about warnings other hooks may have about the content."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("\nstrict: true\n", "\nstrict: false\n"), encoding="utf-8")
    return run_build(project, site, strict=False, env={"SKIP_PDF": "1", **env})


# Helpers -----------------------------------------------------------------------


def test_blob_sha_equals_git_hash_object(tmp_path):
    repo = make_repo(tmp_path)
    path = repo / "docs" / "sv" / "a.md"
    path.write_text(page("Å ä ö", "Människohandel."), encoding="utf-8")
    assert git_history.blob_sha(path) == git(repo, "hash-object", str(path)).strip()


def test_blob_sha_ignores_windows_line_ends(tmp_path):
    unix, windows = tmp_path / "unix.md", tmp_path / "windows.md"
    unix.write_bytes("---\ntitle: Å\n---\n".encode())
    windows.write_bytes("---\r\ntitle: Å\r\n---\r\n".encode())
    assert git_history.blob_sha(windows) == git_history.blob_sha(unix)


def test_history_reads_last_change_of_each_file_in_one_log(tmp_path):
    repo = make_repo(tmp_path)
    (repo / "docs" / "sv" / "a.md").write_text(page("A", "Ett."), encoding="utf-8")
    (repo / "docs" / "sv" / "b.md").write_text(page("B", "Två."), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first", date="2026-01-10T12:00:00+01:00")
    (repo / "docs" / "sv" / "b.md").write_text(page("B", "Tre."), encoding="utf-8")
    git(repo, "commit", "-qam", "second", date="2026-03-05T23:30:00+01:00")

    history = git_history.read(repo / "docs")

    assert history.available
    assert history.changed("sv/a.md") == datetime(2026, 1, 10, 11, 0, tzinfo=UTC)
    assert history.changed("sv/b.md") == datetime(2026, 3, 5, 22, 30, tzinfo=UTC)
    assert git_history.day(history.changed("sv/b.md"), "sv_SE") == {
        "iso": "2026-03-05",
        "text": "5 mars 2026",
    }


def test_history_unavailable_outside_git_and_in_a_shallow_clone(tmp_path):
    plain = tmp_path / "plain"
    plain.mkdir()
    outside = git_history.read(plain)
    assert not outside.available
    assert "not inside a git checkout" in outside.reason

    repo = make_repo(tmp_path)
    for n in range(2):
        (repo / "docs" / "sv" / "a.md").write_text(page("A", f"Version {n}."), encoding="utf-8")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", f"c{n}")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    shallow = git_history.read(clone / "docs")
    assert not shallow.available
    assert "fetch-depth: 0" in shallow.reason


def test_freshness_current_stale_unrecorded(tmp_path):
    source = tmp_path / "sv.md"
    source.write_text(page("A", "Ett."), encoding="utf-8")
    sha = git_history.blob_sha(source)
    assert git_history.freshness(sha, source) == "current"
    assert git_history.freshness(sha[:10], source) == "current"
    assert git_history.freshness(None, source) == "unrecorded"
    source.write_text(page("A", "Ett ändrat."), encoding="utf-8")
    assert git_history.freshness(sha, source) == "stale"
    assert git_history.freshness(sha, tmp_path / "gone.md") == "missing-source"


def test_structure_compare_names_heading_ids_links_tables_and_markers():
    sv = (
        "---\ntitle: A\n---\n\n# A\n\n## Ett { #ett }\n\nSe [B](b.md#x) och [C](c.md).\n\n"
        "| a | b |\n| --- | --- |\n| 1 | 2 |\n\n## Två { #tva }\n\n<!-- regions:table -->\n"
    )
    en = (
        "---\ntitle: A\n---\n\n# A\n\n## One { #ett }\n\nSee [B](b.md#x).\n\n"
        "## Three\n\n## Two { #two }\n"
    )
    problems = translations.compare(Source(sv), Source(en))
    assert "heading ids only in Swedish: #tva" in problems
    assert "heading ids only in English: #two" in problems
    assert "English headings without an id '{ #… }' on line 11" in problems
    assert "internal links only in Swedish: c.md" in problems
    assert "links: Swedish 2, English 1" in problems
    assert "tables: Swedish 1, English 0" in problems
    assert "markers only in Swedish: <!-- regions:table -->" in problems
    assert translations.compare(Source(sv), Source(sv)) == []


# The report: make translations ---------------------------------------------------


def test_report_lists_missing_stale_unrecorded_and_structure(tmp_path):
    repo = make_repo(tmp_path)
    docs = repo / "docs"
    for name in ("current", "stale", "unrecorded", "structure", "missing"):
        (docs / "sv" / f"{name}.md").write_text(page(name, "## Ett { #ett }"), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Swedish pages", date="2026-02-01T10:00:00+01:00")

    def sha(name):
        return git_history.blob_sha(docs / "sv" / f"{name}.md")

    for name in ("current", "stale", "structure"):
        body = "## One { #ett }" if name != "structure" else "## One { #one }"
        text = page(name, body, translation_of=sha(name))
        (docs / "en" / f"{name}.md").write_text(text, encoding="utf-8")
    (docs / "en" / "unrecorded.md").write_text(page("u", "## One { #ett }"), encoding="utf-8")
    (docs / "en" / "orphan.md").write_text(page("o", "Only English."), encoding="utf-8")
    (docs / "sv" / "stale.md").write_text(page("stale", "## Ny { #ett }"), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Swedish change", date="2026-04-02T09:00:00+02:00")

    proc = run_script(repo)

    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Missing English pages (1)" in out
    assert "docs/en/missing.md   (from docs/sv/missing.md)" in out
    assert "English pages without a Swedish source (1)" in out
    assert re.search(
        r"Stale English pages \(1\).*\n  docs/en/stale.md .*Swedish changed 2026-04-02", out
    )
    assert f"translation_of: {sha('stale')}" in out
    assert "English pages without 'translation_of' (1)" in out
    assert f"translation_of: {sha('unrecorded')}" in out
    assert "heading ids only in Swedish: #ett" in out
    assert "heading ids only in English: #one" in out
    assert "Up to date: 2 English page(s)." in out  # current and structure

    strict = run_script(repo, "--strict")
    assert strict.returncode == 1
    assert strict.stdout == out


def test_report_without_git_still_finds_stale_pages(tmp_path):
    docs = tmp_path / "plain" / "docs"
    (docs / "sv").mkdir(parents=True)
    (docs / "en").mkdir(parents=True)
    (docs / "sv" / "a.md").write_text(page("A", "Ett."), encoding="utf-8")
    recorded = git_history.blob_sha(docs / "sv" / "a.md")
    (docs / "en" / "a.md").write_text(page("A", "One.", translation_of=recorded), "utf-8")
    (docs / "sv" / "a.md").write_text(page("A", "Ett, ändrat."), encoding="utf-8")

    proc = run_script(docs.parent)

    assert proc.returncode == 0, proc.stderr
    assert "No git history" in proc.stdout
    assert "Stale English pages (1)" in proc.stdout
    assert "Swedish changed" not in proc.stdout


def test_report_own_error_exits_2(tmp_path):
    proc = run_script(tmp_path)
    assert proc.returncode == 2
    assert "is not a folder" in proc.stderr


def test_mark_records_the_current_swedish_version_and_changes_only_that_line(tmp_path):
    repo = make_repo(tmp_path)
    docs = repo / "docs"
    (docs / "sv" / "a.md").write_text(page("A", "Ett."), encoding="utf-8")
    english = docs / "en" / "a.md"
    original = page("A", "One.", translation_of="0123456789abcdef")
    english.write_text(original, encoding="utf-8")

    proc = run_script(repo, "--mark", str(english))

    assert proc.returncode == 0, proc.stderr
    expected = original.replace("0123456789abcdef", git_history.blob_sha(docs / "sv" / "a.md"))
    assert english.read_text(encoding="utf-8") == expected
    # Without the key, it is added as the last front-matter line.
    bare = docs / "en" / "b.md"
    (docs / "sv" / "b.md").write_text(page("B", "Två."), encoding="utf-8")
    bare.write_text(page("B", "Two."), encoding="utf-8")
    assert run_script(repo, "--mark", str(bare)).returncode == 0
    sha = git_history.blob_sha(docs / "sv" / "b.md")
    assert bare.read_text(encoding="utf-8").startswith(
        f"---\ntitle: B\ndescription: B – a page.\ntranslation_of: {sha}\n---\n"
    )
    assert run_script(repo, "--mark", str(docs / "sv" / "b.md")).returncode == 2


# The notice in a real build ---------------------------------------------------------


@pytest.mark.slow
def test_stale_english_page_shows_notice_with_date_and_link(tmp_path):
    project = copy_project(tmp_path / "project")
    docs = project / "docs"
    # Start as an untranslated-looking site: no recorded versions.
    for english in (docs / "en").rglob("*.md"):
        text = english.read_text(encoding="utf-8")
        english.write_text(re.sub(r"(?m)^translation_of:.*\n", "", text), encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "site", date="2026-01-15T10:00:00+01:00")
    proc = run_script(
        project, "--mark", str(docs / "en" / "begrepp.md"), str(docs / "en" / "kontakt.md")
    )
    assert proc.returncode == 0, proc.stderr
    git(project, "commit", "-qam", "record translations", date="2026-01-16T10:00:00+01:00")
    swedish = docs / "sv" / "begrepp.md"
    swedish.write_text(swedish.read_text(encoding="utf-8") + "\nEn ny mening.\n", encoding="utf-8")
    git(project, "commit", "-qam", "Swedish change", date="2026-02-20T08:30:00+01:00")

    build = build_not_strict(project, tmp_path / "site")

    assert build.returncode == 0, build.output
    stale = build.html("en/begrepp/index.html")
    assert "<!-- translations:stale -->" in stale
    assert '<time datetime="2026-02-20">20 February 2026</time>' in stale
    assert re.search(
        r'<a href="\.\./\.\./begrepp/" hreflang="sv">Read the Swedish version</a>', stale
    )
    # The notice comes before the page's heading.
    assert stale.index("translations:stale") < stale.index("<h1")
    assert "translations:stale" not in build.html("en/kontakt/index.html")  # up to date
    assert "translations:stale" not in build.html("begrepp/index.html")  # Swedish page
    # Its "Last updated" date is its own file's last commit, not the Swedish one's.
    assert re.search(r'Last updated <time datetime="2026-01-16">', stale)


@pytest.mark.slow
def test_no_notice_and_an_info_line_without_git(tmp_path):
    project = copy_project(tmp_path / "project")
    docs = project / "docs"
    assert run_script(project, "--mark", str(docs / "en" / "begrepp.md")).returncode == 0
    swedish = docs / "sv" / "begrepp.md"
    swedish.write_text(swedish.read_text(encoding="utf-8") + "\nEn ny mening.\n", encoding="utf-8")

    build = build_not_strict(project, tmp_path / "site")

    assert build.returncode == 0, build.output
    assert "translations: no git history" in build.output
    assert "translations:stale" not in build.html("en/begrepp/index.html")


# The real content -------------------------------------------------------------------------


def test_every_english_page_records_which_swedish_version_it_translates():
    missing = []
    for english in sorted((ROOT / "docs" / "en").rglob("*.md")):
        rel = english.relative_to(ROOT / "docs" / "en")
        recorded = translations.front_matter(english).get(git_history.KEY)
        state = git_history.freshness(recorded, ROOT / "docs" / "sv" / rel)
        if state in ("unrecorded", "missing-source"):
            missing.append(f"docs/en/{rel.as_posix()}: {state}")
    assert not missing, (
        "English pages must record their Swedish source – run "
        "`make translations MARK=docs/en/<page>.md` once the page matches it:\n"
        + "\n".join(missing)
    )


def test_report_says_how_to_see_what_changed_and_shows_it(tmp_path):
    repo = make_repo(tmp_path)
    docs = repo / "docs"
    (docs / "sv" / "a.md").write_text(page("A", "## Ett { #ett }\n\nFörsta meningen."), "utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Swedish page")
    recorded = git_history.blob_sha(docs / "sv" / "a.md")
    (docs / "en" / "a.md").write_text(
        page("A", "## One { #ett }\n\nFirst.", translation_of=recorded), "utf-8"
    )
    (docs / "sv" / "a.md").write_text(page("A", "## Ett { #ett }\n\nAndra meningen."), "utf-8")

    report = run_script(repo)
    assert "docs/en/a.md   (recorded" in report.stdout and ", uncommitted)" in report.stdout
    assert "what changed: make translations DIFF=docs/en/a.md" in report.stdout
    assert "when done:    make translations MARK=docs/en/a.md" in report.stdout

    diff = run_script(repo, "--diff", str(docs / "en" / "a.md"))
    assert diff.returncode == 0, diff.stderr
    assert "-Första meningen." in diff.stdout and "+Andra meningen." in diff.stdout


@pytest.mark.slow
def test_a_swedish_only_heading_builds_strictly_and_english_readers_see_the_notice(tmp_path):
    """The editors' guide allows changing only the Swedish page: the English one is then a
    stale translation – its missing heading is no error, its readers see the notice."""
    project = copy_project(tmp_path / "project")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "site", date="2026-01-15T10:00:00+01:00")
    swedish = project / "docs" / "sv" / "samverkan.md"
    swedish.write_text(
        swedish.read_text(encoding="utf-8") + "\n## Nytt avsnitt { #nytt-avsnitt }\n\nText.\n",
        encoding="utf-8",
    )
    git(project, "commit", "-qam", "Swedish section", date="2026-02-20T08:30:00+01:00")
    kontakt = project / "docs" / "sv" / "kontakt.md"
    kontakt.write_text(kontakt.read_text(encoding="utf-8") + "\nEn ny mening.\n", encoding="utf-8")

    build = run_build(project, tmp_path / "site", env={"SKIP_PDF": "1"})  # strict

    assert build.returncode == 0, build.output
    notice = build.html("en/samverkan/index.html")
    assert "<!-- translations:stale -->" in notice
    assert '<time datetime="2026-02-20">20 February 2026</time>' in notice
    assert "nytt-avsnitt" not in notice  # the English page itself is unchanged
    assert "translation(s) are older than their source (docs/en" in build.output
    # an uncommitted Swedish change: no date that is not the change's, an honest sentence
    uncommitted = build.html("en/kontakt/index.html")
    assert "The Swedish version of this page has changed since this English text was" in uncommitted
    assert "<time" not in uncommitted.split("translations:stale", 1)[1].split("</div>", 1)[0]
