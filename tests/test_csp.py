"""hooks/csp.py: a Content-Security-Policy meta with build-time hashes on every page."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from conftest import run_build

from nspm import csp, html

FAST = {"SKIP_PDF": "1"}


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in policy.split("; ")}


def test_policy_hashes_inline_scripts_only():
    page = (
        "<script>var a=1</script>"
        '<script src="x.js"></script>'
        '<script id="__config" type="application/json">{"a": 1}</script>'
        '<script type="module">import "./m.js"</script>'
        "<script>var a=1</script>"
    )
    d = directives(csp.policy(page))
    assert d["script-src"] == ["'self'", sha("var a=1"), sha('import "./m.js"')]
    assert d["style-src"] == ["'self'"]
    assert d["default-src"] == ["'self'"] and d["object-src"] == ["'none'"]
    assert "unsafe-inline" not in csp.policy(page)


def test_policy_never_hashes_scripts_from_page_content():
    content = "<p>x</p><script>alert(1)</script>"
    page = f"<head><script>theme()</script></head><body>{content}</body>"
    d = directives(csp.policy(page, banned=html.read(content).scripts))
    assert d["script-src"] == ["'self'", sha("theme()")]


def test_policy_hashes_style_elements_and_attributes():
    d = directives(csp.policy('<style>a{b:c}</style><div style="color: red">'))
    assert d["style-src"] == ["'self'", sha("a{b:c}"), "'unsafe-hashes'", sha("color: red")]


@pytest.mark.parametrize(
    ("markup", "problem"),
    [
        ("<script>x()</script>", "inline <script>"),
        ('<a href="#" onclick="x()">a</a>', "event attribute"),
        ('<a href="javascript:x()">a</a>', "javascript: URL"),
        ('<p style="color:red">a</p>', "style= attribute"),
    ],
)
def test_content_problems(markup, problem):
    assert any(problem in p for p in csp.content_problems(html.read(markup)))


def test_content_problems_none_for_plain_markup():
    markup = '<p><a href="x/">one</a> <code>&lt;script&gt;</code></p>'
    assert csp.content_problems(html.read(markup)) == []


def test_an_attribute_value_holding_a_tag_end_hides_no_handler():
    """A '>' inside an attribute value ends no tag for a real parser: the handler after it
    is still found (a regular expression over the HTML missed it)."""
    markup = '<a title="a > b" onclick="x()" href="#">a</a>'
    assert any("event attribute" in p for p in csp.content_problems(html.read(markup)))


_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def test_every_built_page_has_a_matching_policy(real_site):
    pages = real_site.pages()
    assert len(pages) > 60
    for path in pages:
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(real_site.site)
        metas = _META.findall(text)
        assert len(metas) == 1, f"{where}: {len(metas)} CSP metas"
        assert csp.MARKER not in text, where
        assert text.index("Content-Security-Policy") < text.index("<script"), (
            f"{where}: the policy must come before the first script"
        )
        d = directives(metas[0])
        inline = {sha(s) for s in html.inline_code(text)[0]}
        assert inline, f"{where}: Material's inline scripts expected"
        assert set(d["script-src"]) == {"'self'", *inline}, where
        assert d["connect-src"] == ["'self'"] and d["base-uri"] == ["'self'"], where
        assert "'unsafe-inline'" not in metas[0] and "'unsafe-eval'" not in metas[0], where


def test_script_in_a_page_stops_the_build(fixture_project, tmp_path):
    page = fixture_project / "docs" / "sv" / "utbildning.md"
    page.write_text(
        page.read_text(encoding="utf-8") + '\n<script>alert("x")</script>\n', encoding="utf-8"
    )
    build = run_build(fixture_project, tmp_path / "site", env=FAST)
    assert build.returncode != 0
    assert "docs/sv/utbildning.md: an inline <script> in the page content" in build.output
    assert "Content-Security-Policy blocks it" in build.output


def test_missing_marker_stops_the_build(fixture_project, tmp_path):
    main = fixture_project / "overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8").replace(csp.MARKER, ""), encoding="utf-8")
    build = run_build(fixture_project, tmp_path / "site", env=FAST)
    assert build.returncode != 0
    assert "the marker <!-- csp:meta --> is missing" in build.output
