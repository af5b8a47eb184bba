"""hooks/csp.py: a Content-Security-Policy meta with build-time hashes on every page."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from conftest import run_build
from lxml import etree

from nspm import build, csp, html

FAST = {"SKIP_PDF": "1"}


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in policy.split("; ")}


def test_policy_hashes_each_script_once_and_allows_nothing_inline_else():
    d = directives(csp.policy(["var a=1", 'import "./m.js"', "var a=1"]))
    assert d["script-src"] == ["'self'", sha("var a=1"), sha('import "./m.js"')]
    assert d["style-src"] == ["'self'"]
    assert d["default-src"] == ["'self'"] and d["object-src"] == ["'none'"]
    assert "unsafe-inline" not in csp.policy(["x"])


def test_the_filter_keeps_each_script_for_the_next_policy_only():
    """Templates pass inline scripts through ``csp_inline``; the policy takes them once."""
    current = build.Pass(site=None, language="sv")
    assert current.inline_script("theme()") == "theme()"
    current.inline_script("more()")
    current.render = lambda template, policy: policy
    first = csp.add_policy(current, f"<head>{csp.MARKER}</head>", where="x.md")
    assert directives(first)["script-src"] == ["'self'", sha("theme()"), sha("more()")]
    second = csp.add_policy(current, csp.MARKER, where="y.md")
    assert directives(second)["script-src"] == ["'self'"]
    current.inline_script("from a render that failed()")
    csp.begin_render(current)
    third = csp.add_policy(current, csp.MARKER, where="z.md")
    assert directives(third)["script-src"] == ["'self'"]


@pytest.mark.parametrize(
    ("markup", "problem"),
    [
        ("<script>x()</script>", "inline <script>"),
        ('<a href="#" onclick="x()">a</a>', "event attribute"),
        ('<a href="javascript:x()">a</a>', "javascript: URL"),
        ('<p style="color:red">a</p>', "style= attribute"),
        ("<p>a</p><style>p{color:red}</style>", "inline <style>"),
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


def inline_code(text: str) -> tuple[list[str], list[str], list[str]]:
    """A whole built page's inline scripts (that run), <style> texts and style= attributes."""
    root = etree.fromstring(text, etree.HTMLParser(remove_comments=True))
    scripts = [s.text or "" for s in root.iter("script") if html.runs(s)]
    return scripts, [s.text or "" for s in root.iter("style")], root.xpath("//@style")


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
        scripts, styles, style_attributes = inline_code(text)
        assert scripts, f"{where}: Material's inline scripts expected"
        assert set(d["script-src"]) == {"'self'", *map(sha, scripts)}, (
            f"{where}: an inline script the policy does not hash – pass it through the "
            "csp_inline filter (overrides/partials/javascripts/)"
        )
        assert (styles, style_attributes) == ([], []), f"{where}: inline styles, not hashed"
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
    page = (tmp_path / "site" / "utbildning" / "index.html").read_text(encoding="utf-8")
    assert sha('alert("x")') not in page and "Content-Security-Policy" in page


def test_missing_marker_stops_the_build(fixture_project, tmp_path):
    main = fixture_project / "overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8").replace(csp.MARKER, ""), encoding="utf-8")
    build = run_build(fixture_project, tmp_path / "site", env=FAST)
    assert build.returncode != 0
    assert "the marker <!-- csp:meta --> is missing" in build.output
