"""The editor's preview (`make serve` = scripts/preview.py) on a copy of the project.

Each test saves a file the way an editor does and polls the served page until the change
is there (generous timeouts: the machine is shared; timings belong in
scripts/bench_preview.py, never in a test).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, copy_project

PREVIEW = ROOT / "scripts" / "preview.py"
WAIT = 240.0  # seconds: a full rebuild on a loaded machine
PAGE = "stod/betanketid.md"


class Preview:
    """A running preview on a free port, its output in a file."""

    def __init__(self, project: Path, *args: str, sigint_ignored: bool = False) -> None:
        self.project = project
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.log = project.parent / f"preview-{self.port}.log"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        env.pop("SKIP_PDF", None)  # the preview must set it itself
        self.proc = subprocess.Popen(
            [
                sys.executable,
                str(PREVIEW),
                "-f",
                "mkdocs.yml",
                "-a",
                f"127.0.0.1:{self.port}",
                *args,
            ],
            cwd=project,
            env=env,
            stdout=self.log.open("w", encoding="utf-8"),
            stderr=subprocess.STDOUT,
            # as a shell without job control starts a background command (CI, make &)
            preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
            if sigint_ignored
            else None,
        )
        self.base = self._wait_ready()

    def _wait_ready(self) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"the preview stopped:\n{self.output()}"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=10) as r:
                    if r.status == 200:
                        return r.geturl()
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        pytest.fail(f"the preview did not start in {WAIT} s:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def get(self, path: str) -> str:
        try:
            with urllib.request.urlopen(self.base + path, timeout=60) as r:
                return r.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return f"HTTP {error.code}"
        except (urllib.error.URLError, OSError):
            return ""

    def wait_page(self, path: str, text: str, absent: str | None = None) -> str:
        """The served page once it contains ``text`` (and not ``absent``); fails after WAIT s."""
        deadline = time.monotonic() + WAIT
        body = ""
        while time.monotonic() < deadline:
            body = self.get(path)
            if text in body and (absent is None or absent not in body):
                return body
            time.sleep(0.1)
        pytest.fail(f"{path} never showed {text!r}; preview output:\n{self.output()[-6000:]}")

    def wait_output(self, pattern: str, since: int = 0) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            found = re.search(pattern, self.output()[since:])
            if found:
                return found[0]
            time.sleep(0.1)
        pytest.fail(f"no output line like {pattern!r}:\n{self.output()[since:][-6000:]}")

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            pytest.fail("the preview did not stop within 60 s of Ctrl+C")


def edit(path: Path, old: str, new: str) -> str:
    """Replace ``old`` once in ``path``; returns the original text."""
    original = path.read_text(encoding="utf-8")
    assert original.count(old) >= 1, f"{path}: {old!r} not found"
    path.write_text(original.replace(old, new, 1), encoding="utf-8")
    return original


def append(path: Path, text: str) -> str:
    original = path.read_text(encoding="utf-8")
    path.write_text(original.rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")
    return original


def processes_mentioning(text: str) -> list[int]:
    """Live processes whose command line contains ``text``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if text in cmdline:
            found.append(int(entry.name))
    return found


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("preview") / "project")
    running = Preview(project)
    yield running
    running.stop()


def test_preview_announces_what_it_skips(preview):
    out = preview.output()
    assert "Preview skips the PDF export (SKIP_PDF=1); `make build` runs it." in out
    assert "twin checks" not in out  # the preview compares twins as `make build` does
    # Both languages are served: the Swedish home and the English one.
    assert 'lang="sv"' in preview.get("")
    assert 'lang="en"' in preview.get("en/")


def test_swedish_page_edit_shows(preview):
    path = preview.project / "docs/sv" / PAGE
    token = f"svtoken{time.time_ns()}"
    original = append(path, f"Ändrat stycke {token}.")
    try:
        body = preview.wait_page(PAGE.removesuffix(".md") + "/", token)
        assert "livereload" in body  # the page reloads itself in the browser
        assert token not in preview.get("en/" + PAGE.removesuffix(".md") + "/")
    finally:
        path.write_text(original, encoding="utf-8")


def test_english_twin_edit_shows(preview):
    path = preview.project / "docs/en" / PAGE
    token = f"entoken{time.time_ns()}"
    original = append(path, f"Changed paragraph {token}.")
    try:
        preview.wait_page("en/" + PAGE.removesuffix(".md") + "/", token)
    finally:
        path.write_text(original, encoding="utf-8")


def test_regions_data_change_shows_in_both_languages(preview):
    path = preview.project / "data/regions.yml"
    token = f"Seattoken{time.time_ns()}"
    original = edit(path, "seat: {sv: Örebro, en: Örebro}", f"seat: {{sv: {token}, en: {token}}}")
    try:
        preview.wait_page("stod/regionkoordinatorer/", token)
        preview.wait_page("en/stod/regionkoordinatorer/", token)
    finally:
        path.write_text(original, encoding="utf-8")


def test_template_change_shows(preview):
    path = preview.project / "overrides/partials/nspm/page-meta.html"
    token = f"templatetoken{time.time_ns()}"
    original = append(path, f"<span hidden>{token}</span>")
    try:
        preview.wait_page(PAGE.removesuffix(".md") + "/", token)
        preview.wait_page("en/", token)
    finally:
        path.write_text(original, encoding="utf-8")


def test_hook_change_is_loaded_afresh(preview):
    """MkDocs loads a hook module once per process: the preview must pick up a changed hook."""
    hook = preview.project / "hooks/preview_probe.py"
    probe = "def on_page_content(html, page, config, files):\n    return html + '<p>{}</p>'\n"
    hook.write_text(probe.format("probe-one"), encoding="utf-8")
    config = preview.project / "mkdocs.yml"
    original = edit(config, "\nhooks:\n", "\nhooks:\n  - hooks/preview_probe.py\n")
    try:
        preview.wait_page("", "probe-one")
        hook.write_text(probe.format("probe-two"), encoding="utf-8")
        preview.wait_page("", "probe-two")
    finally:
        config.write_text(original, encoding="utf-8")
        hook.unlink()
        preview.wait_page("", "</html>", absent="probe-")


def test_problems_of_the_changed_page_are_printed(preview):
    path = preview.project / "docs/sv" / PAGE
    since = len(preview.output())
    token = f"brokentoken{time.time_ns()}"
    original = append(
        path, f"Se [saknad sida](finns-inte.md) och [osäker länk](http://example.com/{token})."
    )
    try:
        preview.wait_page(PAGE.removesuffix(".md") + "/", token)
        # MkDocs' own link validation names the page and the missing target …
        preview.wait_output(r"WARNING.*sv/stod/betanketid\.md.*finns-inte\.md", since)
        # … and the links hook's per-page rules (https only) run on the edited page.
        preview.wait_output(rf"WARNING.*links: docs/sv/stod/betanketid\.md:\d+: .*{token}", since)
        preview.wait_output(r"warning\(s\) above: `make build` \(strict\) stops on them", since)
    finally:
        path.write_text(original, encoding="utf-8")


def test_one_language_and_clean_stop(tmp_path):
    project = copy_project(tmp_path / "project")
    running = Preview(project, "--lang", "en")
    try:
        assert running.base.endswith("/en/"), running.base
        assert "Preview skips every language but 'en'" in running.output()
        path = project / "docs/en" / PAGE
        token = f"onlyen{time.time_ns()}"
        append(path, f"Changed {token}.")
        running.wait_page(PAGE.removesuffix(".md") + "/", token)
        assert processes_mentioning(str(project / "mkdocs.yml")), "no worker process found"
    finally:
        code = running.stop()
    assert code == 0, running.output()[-3000:]
    assert not processes_mentioning(str(project / "mkdocs.yml")), "a worker outlived the preview"
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", running.port), timeout=2).close()


def test_ctrl_c_stops_a_preview_started_in_the_background(tmp_path):
    """Started with SIGINT ignored (inherited from a background shell), Ctrl+C still stops it."""
    running = Preview(copy_project(tmp_path / "project"), "--lang", "en", sigint_ignored=True)
    assert running.stop() == 0, running.output()[-3000:]


def test_browser_reloads_itself_after_a_save(preview):
    """Live reload works under the site's Content-Security-Policy (hooks/csp.py)."""
    from browser_checks import CSP_LISTENER
    from playwright.sync_api import sync_playwright

    from scripts.browser import launch

    path = preview.project / "docs/sv" / PAGE
    url = preview.base + PAGE.removesuffix(".md") + "/"
    token = f"browsertoken{time.time_ns()}"
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page()
            page.add_init_script(CSP_LISTENER)
            logs: list[str] = []
            page.on("console", lambda msg: logs.append(msg.text))
            page.goto(url)
            page.wait_for_function("() => document.readyState === 'complete'")
            original = append(path, f"Ändrat i webbläsaren {token}.")
            try:
                page.wait_for_function(
                    f"() => document.body && document.body.innerText.includes({token!r})",
                    timeout=WAIT * 1000,
                )
            finally:
                path.write_text(original, encoding="utf-8")
            assert "Enabled live reload" in logs
            assert page.evaluate("window.__cspViolations") == []
        finally:
            browser.close()


def test_title_change_and_new_page_rebuild_the_language(preview):
    """A new title may change the navigation, a new page the site: that language is rebuilt."""
    path = preview.project / "docs/sv" / PAGE
    token = f"Titeltoken{time.time_ns()}"
    original = path.read_text(encoding="utf-8")
    assert original.startswith("---\n") and "\ntitle: " in original
    path.write_text(re.sub(r"(?m)^title: .*$", f"title: {token}", original, count=1), "utf-8")
    new = preview.project / "docs/sv/ny-sida.md"
    try:
        body = preview.wait_page(PAGE.removesuffix(".md") + "/", f"<title>{token}")
        assert "livereload" in body
        front = "---\ntitle: Ny sida\ndescription: En ny sida.\n---\n\n"
        new.write_text(f"{front}# Ny sida {{ #ny }}\n\n{token}\n", encoding="utf-8")
        preview.wait_page("ny-sida/", token)
    finally:
        path.write_text(original, encoding="utf-8")
        new.unlink(missing_ok=True)
    assert re.search(r"title or front matter of sv/stod/betanketid\.md changed", preview.output())


def test_what_a_change_means(tmp_path):
    """preview.classify: page edits re-render the page and its existing twin; a page or file
    without a place in a language folder, data and templates rebuild; hooks and the config
    restart the workers (MkDocs keeps hook modules loaded)."""
    from scripts import preview as preview_module

    project = copy_project(tmp_path / "project")
    p = preview_module.Preview(str(project / "mkdocs.yml"), "127.0.0.1:1", "")
    try:
        docs = str(project / "docs")
        p.info = {
            "docs_dir": docs,
            "hooks": [str(project / "hooks/links.py")],
            "package": str(ROOT / "nspm"),
        }
        p.languages = ["sv", "en"]
        sv, en = f"{docs}/sv/{PAGE}", f"{docs}/en/{PAGE}"
        assert p.classify({sv}) == ("pages", sorted([sv, en]))
        assert p.classify({en}) == ("pages", sorted([sv, en]))
        assert p.classify({f"{docs}/sv/finns-inte.md"}) == ("pages", [f"{docs}/sv/finns-inte.md"])
        assert p.classify({f"{docs}/en/bild.png"}) == ("full", ["en"])
        assert p.classify({str(project / "data/regions.yml")}) == ("full", [])
        assert p.classify({str(project / "overrides/main.html"), sv}) == ("full", [])
        assert p.classify({str(project / "hooks/links.py")}) == ("restart", [])
        assert p.classify({str(ROOT / "nspm/links.py")}) == ("restart", [])
        assert p.classify({str(project / "mkdocs.yml"), sv}) == ("restart", [])
        assert preview_module._ignored(f"{docs}/sv/.betanketid.md.swp")
        assert not preview_module._ignored(sv)
    finally:
        p.close()


def test_twin_problems_are_printed_as_the_build_prints_them(preview):
    """A heading id only in the English page (its translation is current): the preview says
    what `make build` says (nspm/links.py compares twins from their sources)."""
    path = preview.project / "docs/en" / PAGE
    since = len(preview.output())
    original = append(path, "## Only here { #only-in-english }\n\nText.")
    try:
        preview.wait_output(
            r"WARNING.*links: docs/en/stod/betanketid\.md:\d+: link '#only-in-english' – "
            r"heading id 'only-in-english' has no match in the Swedish twin "
            r"docs/sv/stod/betanketid\.md",
            since,
        )
    finally:
        path.write_text(original, encoding="utf-8")


def test_the_adapter_matches_the_pinned_mkdocs():
    """scripts/preview_mkdocs.py uses MkDocs' private functions: an upgrade that changes one
    must be read before the preview relies on it."""
    from scripts import preview_mkdocs

    assert preview_mkdocs.changed() == []
