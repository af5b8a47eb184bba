"""Search in Debian's Chromium: each language finds its own pages, and Swedish compounds.

The real site is built (strict) for, and served from, http://127.0.0.1:<port>/nspm-kunskapsbank/;
Material's own search box and worker are driven like a reader would: type, wait for results.
Requests to other hosts are aborted and fail the test.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from conftest import ROOT

from scripts.browser import SITE_PATH, block_other_hosts, launch

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(served_site):
    server, _site = served_site
    return server


@pytest.fixture(scope="module")
def browser(served):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def browser_page(browser, served):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.blocked = []
    block_other_hosts(context, served.origin, context.blocked)
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.fetched = fetched
    yield page
    context.close()
    assert context.blocked == [], f"requests to other hosts: {context.blocked}"


def search(page, base: str, path: str, query: str) -> list[str]:
    """Open ``path``, type ``query`` into the search box; the result pages' paths."""
    page.fetched.clear()
    page.goto(base + path)
    page.locator("input[data-md-component=search-query]").click()
    page.keyboard.type(query)
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return m && /\\d/.test(m.textContent); }",
        timeout=15000,
    )
    # results come as each letter is typed: wait until the count stops changing
    shown, text = None, meta.inner_text()
    while shown != text:
        shown = text
        page.wait_for_timeout(400)
        text = meta.inner_text()
    total = int(re.search(r"\d+", text).group(0))
    # Material renders ten results, then four more each time the list is scrolled to its end
    # (again): scroll away from the end and back until all `total` results are there.
    items = page.locator(".md-search-result__item")
    for _ in range(100):
        if items.count() >= total:
            break
        for top in ("0", "e.scrollHeight"):
            page.eval_on_selector(".md-search__scrollwrap", f"e => e.scrollTo(0, {top})")
            page.wait_for_timeout(100)
    assert items.count() == total, f"{items.count()} of {total} results shown"
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
    return [urlsplit(h).path.removeprefix(SITE_PATH) for h in hrefs]


def index_fetched(page) -> list[str]:
    return [urlsplit(u).path for u in page.fetched if u.endswith("search_index.json")]


def test_betanketid_on_a_swedish_page_finds_swedish_pages_only(served, browser_page):
    results = search(browser_page, served.base, "stod/betanketid/", "betänketid")
    assert "stod/betanketid/" in results
    assert results and not any(r.startswith("en/") for r in results), results
    assert index_fetched(browser_page) == [f"{SITE_PATH}search/search_index.json"]


def test_reflection_on_an_english_page_finds_english_pages_only(served, browser_page):
    results = search(browser_page, served.base, "en/stod/betanketid/", "reflection")
    assert "en/stod/betanketid/" in results
    assert all(r.startswith("en/") for r in results), results
    assert index_fetched(browser_page) == [f"{SITE_PATH}en/search/search_index.json"]


def test_an_english_word_is_not_found_from_a_swedish_page(served, browser_page):
    """'reflection' occurs only on English pages: the Swedish index has nothing to show."""
    browser_page.goto(served.base + "stod/betanketid/")
    browser_page.locator("input[data-md-component=search-query]").click()
    browser_page.keyboard.type("reflection")
    browser_page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return m && m.textContent.trim() === 'Inga sökresultat'; }",
        timeout=15000,
    )
    assert browser_page.locator(".md-search-result__item").count() == 0


def compound_only_pages() -> list[str]:
    """Swedish pages that speak of människohandel but never of "handel" as a word of its own."""
    pages = []
    for md in sorted((ROOT / "docs" / "sv").rglob("*.md")):
        text = md.read_text(encoding="utf-8").lower()
        if "människohandel" in text and not re.search(r"(?<![\w-])handel\b", text):
            rel = md.relative_to(ROOT / "docs" / "sv").with_suffix("").as_posix()
            rel = rel.removesuffix("index").removesuffix("/")
            pages.append(f"{rel}/" if rel else "")
    return pages


def test_handel_on_a_swedish_page_finds_the_manniskohandel_pages(served, browser_page):
    expected = compound_only_pages()
    assert len(expected) >= 5, expected
    results = set(search(browser_page, served.base, "", "handel"))
    missing = [p for p in expected if p not in results]
    assert not missing, f"'handel' did not find: {missing}"
    assert not any(r.startswith("en/") for r in results)


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        ("en/", "ÅMP", "en/stod/atervandandeprogrammet/"),
        ("en/", "Åklagarmyndigheten", "en/manual/aktorer/aklagarmyndigheten/"),
        ("", "ÅMP", "stod/atervandandeprogrammet/"),
    ],
)
def test_words_starting_with_a_swedish_letter_are_found(
    served, browser_page, path, query, expected
):
    """lunr's English trimmer would cut "Å" off "ÅMP"; the English index does without it."""
    assert expected in search(browser_page, served.base, path, query)


def test_result_links_of_an_english_search_open_english_pages(served, browser_page):
    search(browser_page, served.base, "en/", "trafficking")
    browser_page.locator(".md-search-result__item > a").first.click()
    browser_page.wait_for_load_state()
    assert urlsplit(browser_page.url).path.startswith(f"{SITE_PATH}en/")
    assert browser_page.locator("html").get_attribute("lang") == "en"


# The print button (partials/nspm/print-button.html, print.js) --------------------------


@pytest.mark.parametrize(("path", "label"), [("stod/betanketid/", "Skriv ut"), ("en/", "Print")])
def test_print_button_prints_and_hides_without_js_and_in_print(browser, served, path, label):
    blocked: list[str] = []
    context = browser.new_context()
    block_other_hosts(context, served.origin, blocked)
    context.add_init_script("window.__printed = 0; window.print = () => window.__printed++;")
    page = context.new_page()
    page.goto(served.base + path)
    button = page.get_by_role("button", name=label)
    assert button.is_visible()
    button.click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    assert button.is_hidden()
    context.close()

    no_js = browser.new_context(java_script_enabled=False)
    block_other_hosts(no_js, served.origin, blocked)
    page = no_js.new_page()
    page.goto(served.base + path)
    assert page.locator("button[data-nspm-print]").count() == 1
    assert page.locator("button[data-nspm-print]").is_hidden()
    no_js.close()
    assert blocked == []


# The manual's matrix on a phone (hooks/manual.py, reader.css) ---------------------------


@pytest.mark.parametrize("path", ["manual/aktorer/", "en/manual/aktorer/"])
def test_matrix_scrolls_in_its_box_and_never_widens_the_page(browser, served, path):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    blocked: list[str] = []
    block_other_hosts(context, served.origin, blocked)
    page = context.new_page()
    page.goto(served.base + path)
    table = page.locator(".nspm-matrix table")
    assert table.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # the table itself is wider than the phone: it scrolls inside Material's scroll box
    box = page.locator(".nspm-matrix .md-typeset__scrollwrap")
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")
    context.close()
    assert blocked == []
