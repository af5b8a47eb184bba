"""Content lint (make lint-content, pre-commit): clean on the real content, and each linter
really catches the faults it is there for – without flagging Material's own syntax."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

RUMDL = [str(ROOT / ".venv" / "bin" / "rumdl"), "check", "--output-format", "concise"]
CSPELL = [str(ROOT / "node_modules" / ".bin" / "cspell"), "--no-progress", "--no-summary"]
YAMLLINT = [sys.executable, "-m", "yamllint", "--strict"]
CONFIGS = (".rumdl.toml", "cspell.json", ".cspell", ".yamllint.yml")


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture
def lint_project(tmp_path) -> Path:
    """A folder with the project's lint configs and an empty docs/sv, docs/en."""
    for name in CONFIGS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name)
        else:
            shutil.copy2(source, tmp_path / name)
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")  # for @cspell/dict-sv
    (tmp_path / "docs" / "sv").mkdir(parents=True)
    (tmp_path / "docs" / "en").mkdir(parents=True)
    return tmp_path


# The real content ----------------------------------------------------------------------


def test_markdown_lint_is_clean_on_the_content():
    proc = run([*RUMDL, "docs"], ROOT)
    assert proc.returncode == 0, "Markdown lint (rumdl):\n" + proc.stdout + proc.stderr


def test_spelling_is_clean_on_the_content():
    proc = run([*CSPELL, "docs/**/*.md"], ROOT)
    assert proc.returncode == 0, "Spell check (cspell):\n" + proc.stdout + proc.stderr


def test_yaml_lint_is_clean_on_the_repository():
    proc = run([*YAMLLINT, "."], ROOT)
    assert proc.returncode == 0, "YAML lint (yamllint):\n" + proc.stdout + proc.stderr


# The linters catch real faults -------------------------------------------------------------

MATERIAL_PAGE = """---
title: Betänketid
description: Om betänketid.
---

# Betänketid

## Vad är betänketid? { #betanketid }

!!! note "Bra att veta"

    Betänketiden är 30 dagar.

??? info "Mer"

    Socialnämnden ansöker hos Migrationsverket.

Se [kontakt](kontakt.md#stodtelefon){ hreflang="sv" }.
"""


def test_markdown_lint_accepts_material_syntax_and_flags_real_faults(lint_project):
    docs = lint_project / "docs" / "sv"
    (docs / "ok.md").write_text(MATERIAL_PAGE, encoding="utf-8")
    (docs / "kontakt.md").write_text(
        "---\ntitle: Kontakt\ndescription: Kontakt.\n---\n\n# Kontakt\n\n"
        "## Stödtelefon { #stodtelefon }\n\nRing 020-39 00 00.\n",
        encoding="utf-8",
    )
    assert run([*RUMDL, "docs"], lint_project).returncode == 0

    broken = MATERIAL_PAGE.replace("## Vad är", "#### Vad är").replace("\n\nSe [", "\nSe [")
    broken += "\n##Saknar mellanslag\n"
    (docs / "broken.md").write_text(broken, encoding="utf-8")
    proc = run([*RUMDL, "docs"], lint_project)
    assert proc.returncode != 0
    rules = set(re.findall(r"docs/sv/broken\.md:\d+:\d+: \[(MD\d+)\]", proc.stdout))
    assert {"MD001", "MD018"} <= rules, proc.stdout
    assert "ok.md" not in proc.stdout


def test_spelling_checks_swedish_and_english_pages_in_their_language(lint_project):
    sv = lint_project / "docs" / "sv" / "a.md"
    en = lint_project / "docs" / "en" / "a.md"
    sv.write_text(
        "---\ntitle: Stöd\ndescription: Stöd till utsatta.\n---\n\n# Stöd\n\n"
        "Människohandel är ett allvarligt brott. NSPM samordnar arbetet.\n",
        encoding="utf-8",
    )
    en.write_text(
        "---\ntitle: Support\ndescription: Support for victims.\n---\n\n# Support\n\n"
        "Trafficking in human beings is a serious crime. NSPM coordinates the work.\n",
        encoding="utf-8",
    )
    assert run([*CSPELL, "docs/**/*.md"], lint_project).returncode == 0

    sv.write_text(sv.read_text(encoding="utf-8").replace("Människohandel", "Mänsikohandel"))
    en.write_text(en.read_text(encoding="utf-8").replace("Trafficking", "Traficking"))
    proc = run([*CSPELL, "docs/**/*.md"], lint_project)
    assert proc.returncode != 0
    assert "docs/sv/a.md:8:1 - Unknown word (Mänsikohandel)" in proc.stdout
    assert "docs/en/a.md:8:1 - Unknown word (Traficking)" in proc.stdout


def test_yaml_lint_accepts_env_tags_and_flags_duplicate_keys(lint_project):
    good = 'site_url: !ENV [SITE_URL, "https://example.org/"]\nhooks:\n  - hooks/a.py\n'
    (lint_project / "mkdocs.yml").write_text(good, encoding="utf-8")
    assert run([*YAMLLINT, "mkdocs.yml"], lint_project).returncode == 0
    (lint_project / "mkdocs.yml").write_text(good + "site_url: again\n", encoding="utf-8")
    proc = run([*YAMLLINT, "mkdocs.yml"], lint_project)
    assert proc.returncode != 0
    assert "duplication of key" in proc.stdout


# pre-commit and the GitHub workflow ---------------------------------------------------------


def test_pre_commit_hooks_call_the_pinned_local_tools():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"rumdl", "cspell", "yamllint", "translations"} <= hooks.keys()
    for repo in config["repos"]:
        assert repo["repo"] == "local"  # nothing downloaded: tools come from requirements/npm
    for hook in hooks.values():
        tool = hook["entry"].split()[0]
        assert (ROOT / tool).exists(), f"{hook['id']}: {tool} is not installed"
    pins = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(r"(?m)^rumdl==\d+\.\d+\.\d+$", pins)
    assert re.search(r"(?m)^yamllint==\d+\.\d+\.\d+$", pins)


def test_workflow_is_least_privilege_sha_pinned_and_fetches_full_history():
    text = (ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert workflow["permissions"] == {}
    uses = re.findall(r"uses:\s*(\S+)", text)
    assert uses, "no actions"
    for action in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
    jobs = workflow["jobs"]
    assert jobs["test-and-build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    checkout = next(
        s
        for s in jobs["test-and-build"]["steps"]
        if s.get("uses", "").startswith("actions/checkout")
    )
    assert checkout["with"]["fetch-depth"] == 0
    runs = " ".join(s.get("run", "") for s in jobs["test-and-build"]["steps"])
    assert "make test" in runs and "make build" in runs
