"""The editors' guides (CONTRIBUTING.md in Swedish, CONTRIBUTING.en.md in English) hold true:
the same sections and messages in both, a short quick start, paths, heading ids and make
commands that exist, and every message in the table of common mistakes as the build prints
it today – each mistake is made in a copy of the project and the outputs are searched.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import ROOT, copy_project, run_build

from nspm import history
from nspm.source import Source

GUIDES = {"sv": ROOT / "CONTRIBUTING.md", "en": ROOT / "CONTRIBUTING.en.md"}
QUICK_START = {"sv": "snabbstart", "en": "quick-start"}
MISTAKES = {"sv": "vanliga-fel", "en": "common-mistakes"}
MAX_QUICK_START_WORDS = 400
EXAMPLE_PAGE = "stod/betanketid.md"  # the page the quick start's examples are taken from
NEW = ("ny-sida", "docs/en/a.md", "docs/en/b.md", "kontaktt")  # the guides' made-up examples
FAST = {"SKIP_PDF": "1"}


def text(lang: str) -> str:
    return GUIDES[lang].read_text(encoding="utf-8")


def section(lang: str, ident: str) -> str:
    """The text under the ``## … { #ident }`` heading, up to the next ``##``."""
    match = re.search(rf"^## .*\{{ #{ident} \}}\n(.*?)(?=^## |\Z)", text(lang), re.M | re.S)
    assert match, f"{GUIDES[lang].name} has no section {{ #{ident} }}"
    return match[1]


def messages(lang: str) -> list[str]:
    """The message column of the table of common mistakes."""
    rows = [r for r in section(lang, MISTAKES[lang]).splitlines() if r.startswith("| ")]
    cells = [row.strip("| ").split(" | ") for row in rows[2:]]  # after the header
    assert cells and all(len(c) == 3 and re.fullmatch(r"`[^`]+`", c[1]) for c in cells)
    return [c[1].strip("`") for c in cells]


def code_spans(lang: str) -> list[str]:
    return re.findall(r"`([^`\n]+)`", text(lang))


def test_both_guides_have_the_same_sections_and_messages():
    headings = {lang: re.findall(r"^(#+) ", text(lang), re.M) for lang in GUIDES}
    assert headings["sv"] == headings["en"]
    assert messages("sv") == messages("en")
    assert "CONTRIBUTING.en.md" in text("sv") and "CONTRIBUTING.md" in text("en")


@pytest.mark.parametrize("lang", GUIDES)
def test_the_quick_start_is_short_and_covers_the_common_edits(lang):
    quick = section(lang, QUICK_START[lang])
    assert len(re.findall(r"\S+", quick)) <= MAX_QUICK_START_WORDS
    for command in ("make serve", "make translations MARK=", "make test"):
        assert command in quick
    assert "nav_translations:" in quick and "nav:" in quick


@pytest.mark.parametrize("lang", GUIDES)
def test_paths_in_the_guide_exist(lang):
    paths = [
        span
        for span in code_spans(lang)
        if re.fullmatch(r"(docs|data|overrides|\.cspell)/[\w/.-]*|[\w.-]+\.(md|yml|json)", span)
        and not any(new in span for new in NEW)
    ]
    assert "docs/sv/stod/betanketid.md" in paths
    missing = [p for p in paths if not (ROOT / p).exists()]
    assert not missing, f"{GUIDES[lang].name} names paths that do not exist: {missing}"


@pytest.mark.parametrize("lang", GUIDES)
def test_heading_ids_in_the_quick_start_are_the_example_pages_ids(lang):
    ids = re.findall(r"\{ #([\w-]+) \}", section(lang, QUICK_START[lang]))
    assert ids
    for page_lang in ("sv", "en"):
        source = Source((ROOT / "docs" / page_lang / EXAMPLE_PAGE).read_text(encoding="utf-8"))
        heading_ids = [h.id for h in source.headings]
        assert set(ids) <= set(heading_ids[1:]), f"not a section's id in {page_lang}"


@pytest.mark.parametrize("lang", GUIDES)
def test_make_commands_in_the_guide_exist(lang):
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([\w-]+):", makefile, re.M))
    used = re.findall(r"make ([\w-]+)", text(lang))
    assert used and set(used) <= targets
    for variable in re.findall(r"make [\w-]+ ([A-Z_]+)=", text(lang)):
        assert f"$({variable})" in makefile


# Every message of the table, from real builds ---------------------------------------------


def edit(path, old: str, new: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert old in content, f"{path}: '{old}' not found"
    path.write_text(content.replace(old, new, 1), encoding="utf-8")


def record(translation, source) -> None:
    """Record ``translation`` as current, as `make translations MARK=…` does."""
    recorded = re.search(r"translation_of: (\w+)", translation.read_text(encoding="utf-8"))[1]
    edit(translation, recorded, history.blob_sha(source))


def page(title: str, body: str = "Text.", description: bool = True) -> str:
    meta = f"title: {title}\n" + ("description: Text.\n" if description else "")
    return f"---\n{meta}---\n\n# {title} {{ #ny-sida }}\n\n{body}\n"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> str:
    """What the build, the mkdocs.yml check and the spell check print for each mistake."""
    tmp = tmp_path_factory.mktemp("guide")
    found = []

    # 1. Mistakes in pages: one build reports them all.
    project = copy_project(tmp / "pages")
    docs = project / "docs"
    with open(docs / "sv" / EXAMPLE_PAGE, "a", encoding="utf-8") as f:
        f.write(
            "\nSe [kontakt](../kontaktt.md), [blanketterna](#blanketer), "
            "[stödet](nationellt-stodprogram/), [English](../../en/stod/betanketid.md), "
            "[polisen](http://polisen.se) och [020-39 00 00](tel:020390000).\n"
        )
    (docs / "sv" / "stod" / "ny-sida.md").write_text(page("Ny sida", description=False))
    found.append(run_build(project, tmp / "site", env=FAST).output)

    # 2. A new page in the menu without its English label.
    project = copy_project(tmp / "menu")
    for lang, title in (("sv", "Ny sida"), ("en", "New page")):
        (project / "docs" / lang / "stod" / "ny-sida.md").write_text(page(title))
    nav_line = "      - Betänketid: stod/betanketid.md\n"
    edit(project / "mkdocs.yml", nav_line, nav_line + "      - Ny sida: stod/ny-sida.md\n")
    found.append(run_build(project, tmp / "site", env=FAST).output)

    # 3. ... with its label, but not in the overview; twins' headings that differ.
    label = "            Startsida: Home\n"
    edit(project / "mkdocs.yml", label, label + "            Ny sida: New page\n")
    sv, en = (project / "docs" / lang / EXAMPLE_PAGE for lang in ("sv", "en"))
    with open(sv, "a", encoding="utf-8") as f:
        f.write("\n## Nytt avsnitt { #nytt-avsnitt }\n\nText.\n")
    record(en, sv)  # the translation recorded, the new heading forgotten
    other = project / "docs" / "en" / "stod" / "atervandandeprogrammet.md"
    ident = re.search(r"^## .*\{ #([\w-]+) \}", other.read_text(encoding="utf-8"), re.M)[1]
    edit(other, f"{{ #{ident} }}", "{ #another-id }")
    record(other, project / "docs" / "sv" / "stod" / "atervandandeprogrammet.md")
    found.append(run_build(project, tmp / "site", env=FAST).output)

    # 4. A text missing in one language in data/regions.yml.
    project = copy_project(tmp / "regions")
    edit(project / "data" / "regions.yml", ", en: Gotland County", "")
    found.append(run_build(project, tmp / "site", env=FAST).output)

    # 5. A tab in mkdocs.yml (make build and make serve check mkdocs.yml first).
    edit(project / "mkdocs.yml", "\n  - ", "\n\t- ")
    check = [sys.executable, "-m", "nspm.config_check", "mkdocs.yml"]
    result = subprocess.run(check, cwd=project, capture_output=True, text=True)
    found.append(result.stderr)

    # 6. The spell check of make lint-content.
    cspell = ROOT / "node_modules" / ".bin" / "cspell"
    assert cspell.exists(), "node_modules is missing: run `make test` (it installs it)"
    result = subprocess.run(
        [str(cspell), "--no-progress", "stdin"],
        cwd=ROOT,
        input="Kunskapsbankk\n",
        capture_output=True,
        text=True,
    )
    found.append(result.stdout + result.stderr)
    return "\n".join(found)


@pytest.mark.parametrize("message", messages("en"))
def test_each_message_in_the_table_is_what_the_build_prints(outputs, message):
    pattern = ".*?".join(re.escape(part) for part in message.split("…"))
    assert re.search(pattern, outputs), f"not printed for its mistake: {message}"
