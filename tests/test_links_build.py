"""Build tests for hooks/links.py: one small bilingual fixture site per kind of link fault.

The fixture (tests/fixtures/links/) has the real validation settings, Material and
static-i18n; the tests copy it with hooks/context.py, hooks/links.py and the site's texts
into tmp_path, break one thing the way an editor would, build it and read the messages.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import MKDOCS, ROOT, Build, run_build

FIXTURE = Path(__file__).parent / "fixtures" / "links"
ENV = {"SKIP_PDF": "1"}


def _use_overrides(project: Path) -> None:
    """Point the fixture's theme at its overrides/ folder (custom_dir)."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("  font: false", "  font: false\n  custom_dir: overrides")
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    (project / "hooks").mkdir()
    for name in ("context.py", "links.py"):
        shutil.copy2(ROOT / "hooks" / name, project / "hooks" / name)
    shutil.copytree(ROOT / "data" / "languages", project / "data" / "languages")
    shutil.copy2(ROOT / "data" / "languages.schema.json", project / "data")
    return project


def _append(project: Path, path: str, text: str) -> int:
    """Append lines to a docs file; return the line number of the first one."""
    file = project / "docs" / path
    old = file.read_text(encoding="utf-8") if file.exists() else ""
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(old + text, encoding="utf-8")
    return old.count("\n") + 1


def _build(project: Path, tmp_path: Path, *, strict: bool = True, env: dict | None = None):
    return run_build(project, tmp_path / "site", strict=strict, env={**ENV, **(env or {})})


def _messages(output: str) -> list[str]:
    return [line for line in output.splitlines() if "links: docs/" in line]


def test_fixture_site_builds_clean(tmp_path):
    build = _build(_project(tmp_path), tmp_path)
    assert build.returncode == 0, build.output
    # 4 pages and the 404 page (Material renders it into the site root).
    assert re.search(r"links: checked \d+ links on 5 pages \(en, sv\) .*: 0 problem", build.output)
    assert _messages(build.output) == []


# One build per kind of fault: (file, text to append, expected message parts) ----------

FAULTS = {
    "missing page": (
        "sv/sida.md",
        '\nSe <a href="../saknas/">den saknade sidan</a>.\n',
        ["link '../saknas/'", "nothing is built at 'saknas/'", "Fix: check the path"],
    ),
    "address without https://": (
        "sv/sida.md",
        '\nLäs <a href="www.jamstalldhetsmyndigheten.se">mer</a>.\n',
        [
            "link 'www.jamstalldhetsmyndigheten.se'",
            "nothing is built at 'sida/www.jamstalldhetsmyndigheten.se'",
            "needs https:// in front: 'https://www.jamstalldhetsmyndigheten.se'",
        ],
    ),
    "missing asset": (
        "en/sida.md",
        '\n<img src="bild.png" alt="A picture">\n',
        ["link 'bild.png'", "nothing is built at 'en/sida/bild.png'"],
    ),
    "missing anchor": (
        "sv/sida.md",
        '\nSe <a href="../#telefon">telefon</a>.\n',
        ["link '../#telefon'", "docs/sv/index.md has no heading or element with id 'telefon'"],
    ),
    "cross-language link": (
        "sv/sida.md",
        '\nSe <a href="../en/sida/">den engelska sidan</a>.\n',
        [
            "link '../en/sida/'",
            "a Swedish page links to the English page 'en/sida/'",
            "link to the Swedish page 'sida/' instead",
        ],
    ),
    "cross-language Markdown link": (
        "en/sida.md",
        "\nSee [the Swedish page](../sv/sida.md).\n",
        [
            "link '../sv/sida.md'",
            "an English page links to the Swedish source file 'sv/sida.md'",
            "link to the English page instead ('en/sida.md', written relative to this file)",
        ],
    ),
    "wrong hreflang": (
        "sv/sida.md",
        '\n<a href="../en/" hreflang="sv">English</a>\n',
        ["link '../en/'", 'hreflang="sv" but the link leads to the English page'],
    ),
    "http link": (
        "en/index.md",
        "\nSee [the agency](http://www.jamstalldhetsmyndigheten.se/).\n",
        [
            "link 'http://www.jamstalldhetsmyndigheten.se/'",
            "external link uses http, not https",
            "use 'https://www.jamstalldhetsmyndigheten.se/'",
        ],
    ),
    "bad mailto": (
        "sv/index.md",
        "\nSkriv till [oss](mailto:nspm@exempel).\n",
        ["link 'mailto:nspm@exempel'", "'nspm@exempel' is not a valid e-mail address"],
    ),
    "bad tel": (
        "sv/index.md",
        "\nRing [stödtelefonen](tel:020-39-00-00).\n",
        ["link 'tel:020-39-00-00'", "is in national form", "'tel:+4620390000'"],
    ),
    "tel text dials another number": (
        "en/index.md",
        "\nCall [020-39 00 00](tel:+46203900000).\n",
        ["link 'tel:+46203900000'", "the link text '020-39 00 00' is not the number"],
    ),
    "javascript link": (
        "sv/sida.md",
        "\n[Klicka](javascript:alert(1))\n",
        ["link 'javascript:alert(1)'", "javascript: links are not allowed"],
    ),
    "data link": (
        "en/sida.md",
        '\n<a href="data:text/html,hej">data</a>\n',
        ["link 'data:text/html,hej'", "data: links are not allowed"],
    ),
    "absolute path outside the site": (
        "sv/sida.md",
        '\n<a href="/annan/">annan</a>\n',
        ["link '/annan/'", "not under the site's base path '/lanktest/'"],
    ),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_each_fault_stops_the_build_naming_file_line_link_and_reason(tmp_path, fault):
    path, text, expected = FAULTS[fault]
    project = _project(tmp_path)
    line = _append(project, path, text) + 1  # the text starts with an empty line
    build = _build(project, tmp_path)
    assert build.returncode != 0
    messages = _messages(build.output)
    assert len(messages) == 1, build.output
    assert f"links: docs/{path}:{line}: " in messages[0]
    for part in expected:
        assert part in messages[0]
    assert "Fix: " in messages[0]
    assert "Aborted with" in build.output


def test_missing_twin(tmp_path):
    project = _project(tmp_path)
    _append(project, "sv/extra.md", "# Extra { #extra }\n\nBara på svenska.\n")
    build = _build(project, tmp_path)
    assert build.returncode != 0
    assert _messages(build.output) == [
        "WARNING -  links: docs/sv/extra.md:1: link 'extra/' – the page has no English twin. "
        "Fix: create docs/en/extra.md (same path, translated), or remove the page."
    ]


def test_twin_heading_id_mismatch(tmp_path):
    project = _project(tmp_path)
    sv_line = _append(project, "sv/sida.md", "\n## Kontakt { #kontakt }\n") + 1
    en_line = _append(project, "en/sida.md", "\n## Contact { #contact }\n") + 1
    build = _build(project, tmp_path)
    assert build.returncode != 0
    messages = _messages(build.output)
    assert len(messages) == 1, build.output
    assert messages[0].startswith(f"WARNING -  links: docs/sv/sida.md:{sv_line}: link '#kontakt'")
    assert (
        f"the twins' headings at the same place differ: id 'kontakt' here, "
        f"'contact' in docs/en/sida.md:{en_line}"
    ) in messages[0]


def test_heading_only_in_one_twin(tmp_path):
    project = _project(tmp_path)
    line = _append(project, "en/sida.md", "\n## Extra { #extra }\n") + 1
    build = _build(project, tmp_path)
    assert build.returncode != 0
    assert _messages(build.output) == [
        f"WARNING -  links: docs/en/sida.md:{line}: link '#extra' – heading id 'extra' has no "
        "match in the Swedish twin docs/sv/sida.md. Fix: add the heading to the twin with the "
        "same explicit id, '{ #extra }', or remove it here."
    ]


def test_all_problems_of_a_build_are_reported_together(tmp_path):
    project = _project(tmp_path)
    for path, text, _expected in FAULTS.values():
        _append(project, path, text)
    build = _build(project, tmp_path)
    assert build.returncode != 0
    messages = _messages(build.output)
    assert len(messages) == len(FAULTS)
    for _path, _text, expected in FAULTS.values():
        assert any(expected[0] in message for message in messages), expected[0]
    assert f"{len(FAULTS)} problem(s)" in build.output


def test_a_build_without_strict_shows_the_problems_and_finishes(tmp_path):
    project = _project(tmp_path)
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(text.replace("strict: true", "strict: false"))
    _append(project, "sv/index.md", "\n[Gammal](http://example.se/)\n")
    build = _build(project, tmp_path, strict=False)
    assert build.returncode == 0, build.output
    assert len(_messages(build.output)) == 1
    assert (build.site / "en" / "index.html").exists()


MARKDOWN_FAULTS = {
    "missing page": (
        "[saknad](saknas.md)",
        ["link 'saknas.md'", "there is no page docs/sv/saknas.md", "did you mean 'sida.md'?"],
    ),
    "missing anchor": (
        "[ankare](index.md#nej)",
        [
            "link 'index.md#nej'",
            "docs/sv/index.md has no heading or element with id 'nej'",
            "use one of its ids (start, kontakt)",
        ],
    ),
    "folder link": (
        "[start](./)",
        ["link './'", "a link to a page names its Markdown file", "write 'index.md'"],
    ),
    "absolute link": (
        "[abs](/sida/)",
        ["link '/sida/'", "an absolute link breaks when the site is served at another address"],
    ),
}


@pytest.mark.parametrize("fault", MARKDOWN_FAULTS)
def test_markdown_link_faults_are_reported_once_at_their_line(tmp_path, fault):
    """The project's check, not MkDocs' generic warning, reports each Markdown link fault:
    the Markdown file and line, the link as written, the reason, the nearest fix – once."""
    text, expected = MARKDOWN_FAULTS[fault]
    project = _project(tmp_path)
    line = _append(project, "sv/sida.md", f"\nSe {text}.\n") + 1
    build = _build(project, tmp_path)
    assert build.returncode != 0
    messages = _messages(build.output)
    assert len(messages) == 1, build.output
    assert messages[0].startswith(f"WARNING -  links: docs/sv/sida.md:{line}: ")
    for part in expected:
        assert part in messages[0]
    assert (
        "contains a link" not in build.output and "unrecognized relative link" not in build.output
    )
    assert "Aborted with 1 warnings in strict mode!" in build.output


def test_warning_count_matches_what_is_printed(tmp_path):
    """static-i18n builds English inside the Swedish build: the abort counts both."""
    project = _project(tmp_path)
    _append(project, "sv/index.md", "\n[Gammal](http://example.se/)\n")
    _append(project, "en/index.md", "\n[Old](http://example.se/)\n[Older](http://example.org/)\n")
    build = _build(project, tmp_path)
    assert build.returncode != 0
    printed = [line for line in build.output.splitlines() if line.startswith("WARNING")]
    assert len(printed) == 3, build.output
    assert "Aborted with 3 warnings in strict mode!" in build.output


def test_markdown_anchor_is_reported_once_under_verbose(tmp_path):
    """MkDocs 1.6 skips its anchor check at -v; the project's check runs at any verbosity."""
    project = _project(tmp_path)
    line = _append(project, "sv/sida.md", "\nSe [ankare](index.md#nej).\n") + 1
    cmd = [*MKDOCS, "build", "-v", "--strict", "-f", str(project / "mkdocs.yml")]
    cmd += ["-d", str(tmp_path / "site")]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **ENV}
    proc = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=300)
    build = Build(project, tmp_path / "site", proc.returncode, proc.stdout + proc.stderr)
    assert build.returncode != 0
    by_hook = [m for m in _messages(build.output) if "#nej" in m]
    assert len(by_hook) == 1, build.output
    assert f"links: docs/sv/sida.md:{line}: link 'index.md#nej'" in by_hook[0]
    assert "docs/sv/index.md has no heading or element with id 'nej'" in by_hook[0]
    assert "does not contain an anchor" not in build.output


def test_link_from_a_template_is_reported_once_as_generated(tmp_path):
    project = _project(tmp_path)
    (project / "overrides").mkdir()
    (project / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n'
        "{% block extrahead %}{{ super() }}"
        '<link rel="stylesheet" href="{{ \'assets/saknas.css\' | url }}">{% endblock %}\n',
        encoding="utf-8",
    )
    _use_overrides(project)
    build = _build(project, tmp_path)
    assert build.returncode != 0
    messages = _messages(build.output)
    # The same template link on all four pages and the 404 page: one message for all.
    assert len(messages) == 1, build.output
    assert re.search(
        r"links: docs/en/index.md \(generated by template/hook; built file en/index.html line \d+\)"
        r": link '../assets/saknas.css' – nothing is built at 'assets/saknas.css'",
        messages[0],
    )
    assert (
        "The same link is on 4 more pages: docs/en/sida.md, docs/sv/index.md, docs/sv/sida.md "
        "and 1 more." in messages[0]
    )


def test_link_from_the_data_file_names_the_data_line(tmp_path):
    project = _project(tmp_path)
    (project / "data").mkdir(exist_ok=True)
    (project / "data" / "kontakt.yml").write_text(
        "namn: Stödtelefonen\ntelefon: tel:020-39\n", encoding="utf-8"
    )
    (project / "hooks" / "inject.py").write_text(
        "import os\n\nimport yaml\n\n\n"
        "def on_page_markdown(markdown, page, config, files):\n"
        "    folder = os.path.dirname(config.config_file_path)\n"
        "    with open(os.path.join(folder, 'data', 'kontakt.yml'), encoding='utf-8') as f:\n"
        "        data = yaml.safe_load(f)\n"
        "    if page.file.src_uri.endswith('index.md'):\n"
        "        return markdown + '\\n\\n[' + data['namn'] + '](' + data['telefon'] + ')\\n'\n",
        encoding="utf-8",
    )
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("  - hooks/links.py", "  - hooks/inject.py\n  - hooks/links.py")
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    build = _build(project, tmp_path)
    assert build.returncode != 0
    messages = _messages(build.output)
    assert len(messages) == 1, build.output
    assert (
        "links: docs/en/index.md (generated by template/hook; from data/kontakt.yml:2): "
        "link 'tel:020-39' – '020-39' is neither an E.164 number nor a Swedish short number"
    ) in messages[0]
    assert "The same link is on 1 more pages: docs/sv/index.md." in messages[0]


def test_relative_link_on_the_404_page(tmp_path):
    project = _project(tmp_path)
    (project / "overrides").mkdir()
    (project / "overrides" / "404.html").write_text(
        '{% extends "main.html" %}\n{% block content %}<h1>Sidan saknas</h1>\n'
        '<p><a href="sida/">Sida</a> <a href="{{ config.site_url }}sida/">Sida</a></p>\n'
        "{% endblock %}\n",
        encoding="utf-8",
    )
    _use_overrides(project)
    build = _build(project, tmp_path)
    assert build.returncode != 0
    messages = _messages(build.output) + [
        line for line in build.output.splitlines() if "links: the 404 page" in line
    ]
    assert len(messages) == 1, build.output
    assert re.search(
        r"links: the 404 page 404.html \(generated by template/hook; built file 404.html line \d+\)"
        r": link 'sida/' – a relative link on the 404 page breaks",
        messages[0],
    )


def test_only_one_language_built(tmp_path):
    build = _build(_project(tmp_path), tmp_path, env={"BUILD_ONLY_LOCALE": "sv"})
    assert build.returncode == 0, build.output
    assert "links: only sv built; twin checks skipped" in build.output
    assert re.search(r"links: checked \d+ links on 3 pages \(sv\)", build.output)
    assert not (build.site / "en").exists()


# The real site ------------------------------------------------------------------------


@pytest.mark.slow
def test_real_site_passes_the_link_checks(real_site):
    assert re.search(
        r"links: checked \d+ links on \d+ pages \(en, sv\) .*: 0 problem", real_site.output
    )
    assert [line for line in real_site.output.splitlines() if "links: docs/" in line] == []
