"""Shared fixtures: real builds of the site or of small fixture sites into tmp folders.

Builds run `mkdocs build` in a subprocess, as an editor or CI would, so every hook
runs exactly as in production (once per language) and its messages can be asserted.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]


@dataclass
class Build:
    """The result of one `mkdocs build`: where it went and what it said."""

    project: Path
    site: Path
    returncode: int
    output: str

    def html(self, path: str) -> str:
        """Text of a built file, e.g. ``build.html("en/begrepp/index.html")``."""
        return (self.site / path).read_text(encoding="utf-8")

    def pages(self) -> list[Path]:
        return sorted(self.site.rglob("*.html"))


def run_build(project: Path, site: Path, *, strict: bool = True, env: dict | None = None) -> Build:
    """Build ``project`` (a folder holding mkdocs.yml) into ``site``."""
    cmd = [*MKDOCS, "build", "--clean", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    if strict:
        cmd.append("--strict")
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    proc = subprocess.run(
        cmd, cwd=project, env=full_env, capture_output=True, text=True, timeout=900
    )
    return Build(project, site, proc.returncode, proc.stdout + proc.stderr)


def copy_project(dest: Path, *, docs: bool = True) -> Path:
    """Copy the real project's build inputs (config, hooks, overrides, data, docs) to ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for name in ("hooks", "overrides", "data", *(("docs",) if docs else ())):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Build:
    """The real site, built once per test session into a temporary folder.

    The PDF export runs too unless SKIP_PDF=1 is set in the environment.
    """
    site = tmp_path_factory.mktemp("real-site") / "site"
    build = run_build(ROOT, site)
    assert build.returncode == 0, f"strict build of the real site failed:\n{build.output}"
    return build


@pytest.fixture
def fixture_project(tmp_path) -> Path:
    """A copy of the real project in tmp_path, to break on purpose."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """The real site, built once (strict, with the PDF) for and served from
    http://127.0.0.1:<port>/nspm-kunskapsbank/ – shared by every browser test module.

    Yields (server, site folder)."""
    from scripts.browser import CHROMIUM, SITE_PATH, Server

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing – install it: sudo apt-get install -y chromium")
    root = tmp_path_factory.mktemp("browser-root")
    server = Server(root)
    site = root / SITE_PATH.strip("/")
    build = run_build(ROOT, site, env={"SITE_URL": server.base})
    assert build.returncode == 0, f"strict build for the browser tests failed:\n{build.output}"
    server.start()
    yield server, site
    server.stop()
