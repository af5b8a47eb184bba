"""Unit tests for the pure rules of the links check (nspm/links.py), the page reader
(nspm/html.py) and the source reader's links and headings (nspm/source.py)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from nspm import html
from nspm import links as rules
from nspm.source import Link, Source

# Parsing built HTML --------------------------------------------------------------

PAGE = """<!doctype html>
<html lang="sv"><head>
<link rel="canonical" href="https://example.github.io/site/sida/">
<link rel="alternate" href="https://example.github.io/site/en/sida/" hreflang="en">
<link rel="stylesheet" href="../assets/x.css">
<script id="__config" type="application/json">{"base": "..", "x": "<a href='nope/'>"}</script>
<!-- <a href="commented/">not a link</a> -->
<style>a[href="style/"] { color: red }</style>
</head><body>
<h1 id="sida">Sida</h1>
<a href="../" class="md-header__button md-logo">home</a>
<a href="./" hreflang="en" class="md-select__link">English</a>
<p id='para'>Text with <a href="?q=1&amp;r=2#stod">a query</a> and <a name="old-anchor"></a>.</p>
<h2 id="stod" class="x">Stöd</h2>
<img src="bild.png" srcset="bild-1x.png 1x, bild-2x.png 2x" alt="">
<a href=plain/ data-x="a > b">bare value</a>
<a hidden>no href</a><a href="">empty</a>
<h3>no id</h3>
<script src="../assets/bundle.js"></script>
</body></html>
"""


def test_parse_page_finds_links_ids_and_headings():
    page = html.read(PAGE)
    urls = [(link.tag, link.attr, link.url) for link in page.links]
    assert urls == [
        ("link", "href", "https://example.github.io/site/sida/"),
        ("link", "href", "https://example.github.io/site/en/sida/"),
        ("link", "href", "../assets/x.css"),
        ("a", "href", "../"),
        ("a", "href", "./"),
        ("a", "href", "?q=1&r=2#stod"),
        ("img", "src", "bild.png"),
        ("img", "srcset", "bild-1x.png"),
        ("img", "srcset", "bild-2x.png"),
        ("a", "href", "plain/"),
        ("script", "src", "../assets/bundle.js"),
    ]
    assert page.ids == {"__config", "sida", "para", "old-anchor", "stod"}
    assert page.headings == ["sida", "stod"]


def test_parse_page_marks_switcher_alternates_and_hreflang():
    links = {link.url: link for link in html.read(PAGE).links}
    alternate = links["https://example.github.io/site/en/sida/"]
    assert alternate.alternate and alternate.hreflang == "en" and not alternate.switcher
    switcher = links["./"]
    assert switcher.switcher and switcher.hreflang == "en"
    logo = links["../"]
    assert not (logo.switcher or logo.alternate or logo.hreflang)
    assert not links["https://example.github.io/site/sida/"].alternate  # rel=canonical


def test_parse_page_counts_lines():
    lines = {link.url: link.line for link in html.read(PAGE).links}
    assert lines["../assets/x.css"] == 5
    assert lines["../assets/bundle.js"] == 19


class _Reference(HTMLParser):
    """The same extraction with the standard library's parser, as a reference."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.ids, self.headings = [], set(), []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if not value:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            if name in html.URL_ATTRIBUTES.get(tag, ()) and name != "srcset":
                self.links.append((tag, name, value.strip(), self.getpos()[0]))
        if tag in html.HEADINGS and values.get("id"):
            self.headings.append(values["id"])


def test_parse_page_agrees_with_html_parser():
    reference = _Reference()
    reference.feed(PAGE)
    page = html.read(PAGE)
    mine = [(x.tag, x.attr, x.url, x.line) for x in page.links if x.attr != "srcset"]
    assert mine == reference.links
    assert page.ids == reference.ids
    assert page.headings == reference.headings


# Schemes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://www.jamstalldhetsmyndigheten.se/",
        "https://example.se/a?b=c#d",
        "mailto:nspm@example.se",
        "tel:112",
    ],
)
def test_allowed_scheme_links(url):
    assert rules.check_scheme_link(url) is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://example.se/", "uses http, not https"),
        ("HTTP://example.se/", "uses http, not https"),
        ("//example.se/x", "protocol-relative"),
        ("javascript:alert(1)", "javascript: links are not allowed"),
        ("JavaScript:alert(1)", "javascript: links are not allowed"),
        ("java\nscript:alert(1)", "javascript: links are not allowed"),
        (" javascript:alert(1)", "javascript: links are not allowed"),
        ("data:text/html;base64,PHA+", "data: links are not allowed"),
        ("vbscript:msgbox", "vbscript: links are not allowed"),
        ("ftp://example.se/fil", "'ftp:' is not allowed"),
        ("file:///etc/passwd", "'file:' is not allowed"),
        ("https:/example.se", "no valid host name"),
        ("https://", "no valid host name"),
        ("https://exa mple.se/", "contains spaces"),
    ],
)
def test_refused_scheme_links(url, reason):
    verdict = rules.check_scheme_link(url)
    assert verdict is not None and reason in verdict.reason
    assert verdict.hint


def test_http_hint_names_the_https_address():
    assert "'https://example.se/x'" in rules.check_scheme_link("http://example.se/x").hint


def test_relative_links_have_no_scheme():
    assert rules.scheme_of("../sida/") is None
    assert rules.scheme_of("sida:2/") == "sida"  # a colon in the first segment is a scheme
    assert rules.check_scheme_link("../sida/") is None


@pytest.mark.parametrize(
    "url",
    [
        "mailto:nspm@jamstalldhetsmyndigheten.se",
        "mailto:a.b+c@sub.example.se",
        "mailto:a@example.se,b@example.se",
        "mailto:a@example.se?subject=Fr%C3%A5ga&body=Hej",
        "mailto:?to=a@example.se",
        "mailto:a@example.se?cc=b@example.se",
        "mailto:namn@exempel-myndighet.se",
    ],
)
def test_valid_mailto(url):
    assert rules.check_mailto(url) is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("mailto:", "no e-mail address"),
        ("mailto:?subject=Hej", "no e-mail address"),
        ("mailto:info@exempel", "not a valid e-mail address"),
        ("mailto:info.exempel.se", "not a valid e-mail address"),
        ("mailto:info@@exempel.se", "not a valid e-mail address"),
        ("mailto:in fo@exempel.se", "not a valid e-mail address"),
        ("mailto:.info@exempel.se", "not a valid e-mail address"),
        ("mailto:info@-exempel.se", "not a valid e-mail address"),
        ("mailto:info@exempel.se?cc=nope", "not a valid e-mail address"),
        ("mailto:info@exempel.se?foo=bar", "unknown field 'foo'"),
    ],
)
def test_invalid_mailto(url, reason):
    verdict = rules.check_mailto(url)
    assert verdict is not None and reason in verdict.reason


@pytest.mark.parametrize(
    "url",
    [
        "tel:112",
        "tel:11414",
        "tel:114%2014",
        "tel:1177",
        "tel:116000",
        "tel:+4620390000",
        "tel:+46-20-39%2000%2000",
        "tel:+46 20 39 00 00",
        "tel:+4420%207946%200000",
        "tel:+4620390000;ext=12",
    ],
)
def test_valid_tel(url):
    assert rules.check_tel(url) is None


@pytest.mark.parametrize(
    ("url", "reason", "hint"),
    [
        ("tel:", "has no number", "E.164"),
        ("tel:%20%20", "has no number", "E.164"),
        ("tel:abc", "characters other than digits", "E.164"),
        ("tel:112a", "characters other than digits", "E.164"),
        ("tel:12", "neither an E.164 number nor a Swedish short number", "E.164"),
        ("tel:1234567", "neither an E.164 number nor a Swedish short number", "E.164"),
        ("tel:08-1234", "neither an E.164 number nor a Swedish short number", "E.164"),
        ("tel:020-39%2000%2000", "national form", "'tel:+4620390000'"),
        ("tel:+46020390000", "drops the leading 0", "'tel:+4620390000'"),
        ("tel:+4620", "too short", "E.164"),
        ("tel:+1234567890123456", "too long", "E.164"),
        ("tel:+0123456789", "cannot start with 0", "E.164"),
        ("tel:+46+203900000", "'+' that is not at the start", "E.164"),
        ("tel:+4620390000;foo=1", "unknown parameters", "remove"),
    ],
)
def test_invalid_tel(url, reason, hint):
    verdict = rules.check_tel(url)
    assert verdict is not None and reason in verdict.reason
    assert hint in verdict.hint


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("tel:+4620390000", "020-39 00 00"),
        ("tel:+4620390000", "+46 20 39 00 00"),
        ("tel:+4620390000", "0046 20 39 00 00"),
        ("tel:11414", "114 14"),
        ("tel:112", "112"),
        ("tel:+4620390000", "Ring oss"),  # words, not a number: nothing to compare
        ("tel:112", None),
    ],
)
def test_tel_text_matches_the_number(url, text):
    assert rules.check_tel_text(url, text) is None


def test_tel_text_that_dials_another_number_is_refused():
    verdict = rules.check_tel_text("tel:+46203900000", "020-39 00 00")
    assert verdict is not None
    assert "'020-39 00 00' is not the number the link dials ('+46203900000')" in verdict.reason
    assert "'tel:+4620390000'" in verdict.hint
    assert rules.check_tel_text("tel:112", "114 14") is not None


def test_parse_page_keeps_the_text_of_tel_links():
    text = '<p><a href="tel:112">Ring <b>112</b>&nbsp;nu</a> <a href="../">Start</a></p>'
    links = html.read(text).links
    assert [(link.url, link.text) for link in links] == [("tel:112", "Ring 112 nu"), ("../", None)]


def test_normalise_tel_drops_separators():
    assert rules.normalise_tel("+46 (20)-39.00%2000") == "+4620390000"


# Resolving internal links ---------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "page_url", "path", "fragment"),
    [
        ("../kontakt/", "stod/betanketid/", "stod/kontakt/", ""),
        ("../../kontakt/#telefon", "stod/betanketid/", "kontakt/", "telefon"),
        ("#stod", "sida/", "sida/", "stod"),
        ("?q=1", "sida/", "sida/", ""),
        ("sida/", "", "sida/", ""),
        ("./", "en/", "en/", ""),
        ("../", "en/", "", ""),
        ("bild.png", "sida/", "sida/bild.png", ""),
        ("andra.html#x", "mapp/sida.html", "mapp/andra.html", "x"),
        ("/site/en/sida/", "sida/", "en/sida/", ""),
        ("/site", "sida/", "", ""),
        ("../%C3%B6vrigt/", "sida/", "övrigt/", ""),
        ("../#%C3%A5", "sida/", "", "å"),
    ],
)
def test_resolve(url, page_url, path, fragment):
    assert rules.resolve(url, page_url, "/site/") == rules.Target(path, fragment)


@pytest.mark.parametrize("url", ["../../../x/", "/annan/sida/", "/"])
def test_resolve_refuses_links_outside_the_site(url):
    with pytest.raises(rules.OutsideSite):
        rules.resolve(url, "stod/x/", "/site/")


def test_built_file_serves_folders_from_index_html():
    files = {"index.html", "sida/index.html", "assets/x.css", "en/index.html"}
    assert rules.built_file("", files) == "index.html"
    assert rules.built_file("sida/", files) == "sida/index.html"
    assert rules.built_file("sida", files) == "sida/index.html"
    assert rules.built_file("assets/x.css", files) == "assets/x.css"
    assert rules.built_file("saknas/", files) is None
    assert rules.built_file("assets/y.css", files) is None


def test_language_of():
    assert rules.language_of("en/sida/", "sv", ["sv", "en"]) == "en"
    assert rules.language_of("sida/", "sv", ["sv", "en"]) == "sv"
    assert rules.language_of("", "sv", ["sv", "en"]) == "sv"
    assert rules.language_of("english/", "sv", ["sv", "en"]) == "sv"


def test_as_site_path():
    prefix, base = rules.site_prefix("https://Example.github.io/site/")
    assert (prefix, base) == ("https://example.github.io/site/", "/site/")
    assert rules.as_site_path("https://example.github.io/site/en/#a", prefix) == "/site/en/#a"
    assert rules.as_site_path("https://EXAMPLE.github.io/site", prefix) == "/site"
    assert rules.as_site_path("https://example.github.io/other/", prefix) is None
    assert rules.as_site_path("http://example.github.io/site/", prefix) is None
    assert rules.as_site_path("mailto:a@example.se", prefix) is None
    assert rules.site_prefix(None) == ("", "/")


# Finding the source line ----------------------------------------------------------

SOURCE = """---
title: Sida
---

# Sida { #sida }

Se [kontakt](../kontakt.md#telefon) och [stöd](stod.md).
<a href="../saknas/">saknad</a>
Ring [112](tel:112).

## Vad är betänketid?

## Stöd
Text
## Stöd
[ref]: https://example.se/ref
"""
URL_OF = {"sv/kontakt.md": "kontakt/", "sv/mapp/stod.md": "mapp/stod/"}


def _find(url, target):
    return rules.find_in_source(
        Source(SOURCE), url, target, src_uri="sv/mapp/sida.md", page_url="mapp/sida/", url_of=URL_OF
    )


def test_find_in_source_exact_html_and_scheme_links():
    assert _find("../saknas/", rules.Target("mapp/saknas/", "")) == Link(8, "../saknas/", "href")
    assert _find("tel:112", None) == Link(9, "tel:112", "link")
    assert _find("https://example.se/ref", None).line == 16


def test_find_in_source_maps_rewritten_markdown_links():
    found = _find("../../kontakt/#telefon", rules.Target("kontakt/", "telefon"))
    assert found == Link(7, "../kontakt.md#telefon", "link")
    assert _find("../stod/", rules.Target("mapp/stod/", "")).line == 7


def test_find_in_source_says_none_for_generated_links():
    assert _find("../../assets/x.css", rules.Target("assets/x.css", "")) is None


def test_find_heading():
    source = Source(SOURCE)
    assert source.heading_line("sida") == 5
    assert source.heading_line("vad-ar-betanketid") == 11
    assert source.heading_line("stod") == 13
    assert source.heading_line("stod_1") == 15  # the second "## Stöd" (toc's own numbering)
    assert Source('<h2 id="x">X</h2>').heading_line("x") == 1
    assert source.heading_line("saknas") is None


# Messages ---------------------------------------------------------------------------


def test_problem_message_names_file_line_link_reason_and_fix():
    problem = rules.Problem("docs/sv/kontakt.md", 12, "tel:020", "bad number", "write +46")
    assert problem.message() == (
        "docs/sv/kontakt.md:12: link 'tel:020' – bad number. Fix: write +46."
    )


def test_generated_problems_are_reported_once_with_their_pages():
    def generated(file):
        return rules.Problem(
            file, None, "../x/", "missing", "fix", where="built file a line 3", key=("k",)
        )

    problems = [generated("docs/sv/a.md"), generated("docs/sv/b.md"), generated("docs/sv/c.md")]
    merged = rules.merge_generated(problems)
    assert len(merged) == 1
    message = merged[0].message()
    assert message.startswith("docs/sv/a.md (generated by template/hook; built file a")
    assert "The same link is on 2 more pages: docs/sv/b.md, docs/sv/c.md." in message


def test_source_problems_are_not_merged():
    problems = [rules.Problem("docs/sv/a.md", n, "x", "r", "h", key=("k",)) for n in (1, 2)]
    assert rules.merge_generated(problems) == problems


def test_closest_suggests_a_near_id():
    assert rules.closest("betanketd", {"betanketid", "kontakt"}) == "betanketid"
    assert rules.closest("zzz", {"betanketid"}) is None
