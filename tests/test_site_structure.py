"""The foundation's promises, checked on a real strict build of the whole site."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from site_html import content_pages, parse

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_constructor("!ENV", lambda loader, node: None)
CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
from scripts.browser import SITE_URL  # noqa: E402 – mkdocs.yml's, the one place that sets it


def _sources(lang: str) -> set[str]:
    return {p.relative_to(DOCS / lang).as_posix() for p in (DOCS / lang).rglob("*.md")}


def _nav_paths(items) -> list[str]:
    out = []
    for item in items:
        if isinstance(item, str):
            out.append(item)
        else:
            for value in item.values():
                out.extend([value] if isinstance(value, str) else _nav_paths(value))
    return out


def _pairs(site: Path) -> list[tuple[Path, Path]]:
    """(Swedish page, English twin) for every Swedish content page."""
    sv = [p for p in content_pages(site) if p.relative_to(site).parts[0] != "en"]
    return [(p, site / "en" / p.relative_to(site)) for p in sv]


def test_every_source_page_has_a_twin_with_the_same_path():
    sv, en = _sources("sv"), _sources("en")
    assert sv, "no Swedish pages found"
    assert sv - en == set(), f"Swedish pages without an English twin: {sorted(sv - en)}"
    assert en - sv == set(), f"English pages without a Swedish twin: {sorted(en - sv)}"


def test_every_page_is_in_the_nav_and_the_nav_names_only_existing_pages():
    nav = set(_nav_paths(CONFIG["nav"]))
    assert nav == _sources("sv")


def test_every_built_page_has_its_twin(real_site):
    sv = {p.relative_to(real_site.site) for p, _ in _pairs(real_site.site)}
    en = {p.relative_to(real_site.site / "en") for p in content_pages(real_site.site / "en")}
    assert len(sv) == len(_sources("sv"))
    assert sv == en


def _heading_ids(page: Path) -> list[str]:
    doc = parse(page)
    return [a["id"] for t, a in doc.tags if re.fullmatch(r"h[1-6]", t) and a.get("id")]


def test_twins_share_their_heading_ids(real_site):
    mismatched = {}
    for sv, en in _pairs(real_site.site):
        if _heading_ids(sv) != _heading_ids(en):
            mismatched[str(sv.relative_to(real_site.site))] = (_heading_ids(sv), _heading_ids(en))
    assert mismatched == {}


def test_heading_ids_are_language_neutral_ascii(real_site):
    bad = {
        str(p.relative_to(real_site.site)): i
        for p in content_pages(real_site.site)
        for i in _heading_ids(p)
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", i)
    }
    assert bad == {}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_each_page_has_title_description_and_lang(real_site, lang):
    site = real_site.site if lang == "sv" else real_site.site / "en"
    pages = [
        p for p in content_pages(site) if lang == "en" or "en" not in p.relative_to(site).parts[:1]
    ]
    assert pages
    for page in pages:
        doc = parse(page)
        html = doc.find("html")[0]
        assert html.get("lang") == lang, page
        assert doc.title.strip(), f"{page}: empty <title>"
        descriptions = doc.find("meta", name="description")
        assert len(descriptions) == 1, page
        assert len(descriptions[0]["content"]) > 20, f"{page}: description too short"


def test_twins_have_descriptions_in_their_own_language(real_site):
    for sv, en in _pairs(real_site.site):
        d_sv = parse(sv).find("meta", name="description")[0]["content"]
        d_en = parse(en).find("meta", name="description")[0]["content"]
        assert d_sv != d_en, f"{sv}: the English description is the Swedish one"


def test_hreflang_alternates_are_absolute_and_include_x_default(real_site):
    for sv, en in _pairs(real_site.site):
        rel = sv.parent.relative_to(real_site.site).as_posix()
        path = "" if rel == "." else rel + "/"
        expected = {
            "sv": SITE_URL + path,
            "en": SITE_URL + "en/" + path,
            "x-default": SITE_URL + path,
        }
        for page in (sv, en):
            links = {
                a["hreflang"]: a["href"]
                for a in parse(page).find("link", rel="alternate")
                if a.get("hreflang")
            }
            assert links == expected, page
            canonical = parse(page).find("link", rel="canonical")
            assert len(canonical) == 1 and canonical[0]["href"].startswith(SITE_URL)


def test_sitemap_lists_both_languages(real_site):
    sitemap = (real_site.site / "sitemap.xml").read_text(encoding="utf-8")
    assert SITE_URL + "begrepp/" in sitemap
    assert SITE_URL + "en/begrepp/" in sitemap


# Nothing a page loads comes from another host --------------------------------

LOADED = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
    "object": "data",
}


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc or parts.scheme == "data"


def test_pages_load_nothing_from_other_hosts(real_site):
    offenders = []
    for page in real_site.pages():
        doc = parse(page)
        for tag, attrs in doc.tags:
            url = None
            if tag in LOADED:
                url = attrs.get(LOADED[tag])
            elif tag == "link" and attrs.get("rel") not in ("alternate", "canonical"):
                url = attrs.get("href")
            if tag == "img" and attrs.get("srcset"):
                offenders += [
                    (page, s) for s in attrs["srcset"].split(",") if not _is_local(s.strip())
                ]
            if url and not _is_local(url):
                offenders.append((page.relative_to(real_site.site), tag, url))
    assert offenders == []


def test_stylesheets_load_nothing_from_other_hosts(real_site):
    offenders = []
    for css in real_site.site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text):
            if not _is_local(url):
                offenders.append((css.name, url))
        offenders += [(css.name, u) for u in re.findall(r"@import\s+['\"](https?:[^'\"]+)", text)]
    assert offenders == []


def test_no_third_party_features_are_switched_on(real_site):
    """Web fonts, repo_url (GitHub API from the browser) and analytics are all off."""
    assert CONFIG["theme"]["font"] is False
    assert "repo_url" not in CONFIG
    assert "analytics" not in (CONFIG.get("extra") or {})
    for page in real_site.pages():
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page
        assert "googletagmanager" not in html, page
        # Material's "Made with Material for MkDocs" footer link
        assert "squidfunk" not in html, page
