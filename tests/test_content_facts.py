"""The brochure's key facts stand in both languages, each on its right page.

Table-driven over the real built site (`real_site`): every row names a page (same path in
both languages) and what its rendered main content must say in Swedish and in English.
Assertions are on the page text with the tags stripped (and on link targets for tel:,
mailto: and the brochure's addresses), never on the Markdown.
"""

from __future__ import annotations

import html
import re

import pytest

# Page → facts. "sv"/"en": phrases in the page text; "links": hrefs both languages carry.
HELPLINE = "020-39 00 00"
# 020-39 00 00 dialled from anywhere: +46, then the number without its leading 0.
TEL = ["tel:+4620390000", "tel:11414", "tel:112"]
EMAIL = "nspm@jamstalldhetsmyndigheten.se"
# Services for people who are exposed themselves (content brief, section 9).
KVINNOFRIDSLINJEN = "020-50 50 50"
BRIS = "116 111"
EVONHUSET = "020-35 40 40"
EVONHUSET_EMAIL = "evonhuset@malmo.se"

FACTS = [
    (
        "index",
        {
            "sv": [HELPLINE, "kontorstid på vardagar", "114 14", "112", "socialjour"],
            "en": [HELPLINE, "office hours on weekdays", "114 14", "112", "socialjour"],
            # The page for people who are exposed themselves is one step from the home page.
            "links": [*TEL, "stod/om-du-ar-utsatt/"],
        },
    ),
    (
        "begrepp",
        {
            # The brochure: paying to exploit (utnyttja) an adult, not to "use" one.
            "sv": ["ersättning för att utnyttja en vuxen"],
            "en": ["compensation to exploit an adult"],
            "links": [],
        },
    ),
    (
        "kontakt",
        {
            "sv": [HELPLINE, "kontorstid på vardagar", "114 14", "112", EMAIL, "NMT"],
            "en": [HELPLINE, "office hours on weekdays", "114 14", "112", EMAIL, "NMT"],
            "links": [*TEL, f"mailto:{EMAIL}", "stod/regionkoordinatorer/#lan"],
        },
    ),
    (
        "om-nspm",
        {
            "sv": [
                "Nationella samordningen mot prostitution och människohandel",
                "Jämställdhetsmyndigheten",
                "sexuell exploatering av barn",
                "människohandel för alla ändamål",
                "sedan 2018",
                "Länsstyrelsen i Stockholm",
            ],
            "en": [
                "National Coordination Against Prostitution and Trafficking in Human Beings",
                "Swedish Gender Equality Agency",
                "sexual exploitation of children",
                "trafficking in human beings for all purposes",
                "since 2018",
                "County Administrative Board of Stockholm",
            ],
            "links": ["https://nspm.jamstalldhetsmyndigheten.se/"],
        },
    ),
    (
        "samverkan",
        {
            # NMT members, the nine agencies against work-related crime, the seven AKC cities.
            "sv": [
                "Nationellt metodstödsteam (NMT)",
                "Tullverket",
                "länsstyrelserna",
                "socialtjänsten",
                "hälso- och sjukvården",
                "arbetslivskriminalitet",
                "Arbetsförmedlingen",
                "Arbetsmiljöverket",
                "Ekobrottsmyndigheten",
                "Försäkringskassan",
                "Jämställdhetsmyndigheten",
                "Migrationsverket",
                "Polismyndigheten",
                "Skatteverket",
                "Åklagarmyndigheten",
                "Nio myndigheter",
                "(AKC)",
                *("Umeå", "Uppsala", "Örebro", "Stockholm", "Göteborg", "Norrköping", "Malmö"),
            ],
            "en": [
                "National Task Force against Prostitution and Human Trafficking (NMT",
                "Tullverket",
                "County Administrative Boards",
                "social services",
                "health care",
                "work-related crime",
                "Swedish Public Employment Service",
                "Swedish Work Environment Authority",
                "Swedish Economic Crime Authority",
                "Swedish Social Insurance Agency",
                "Swedish Gender Equality Agency",
                "Swedish Migration Agency",
                "Swedish Police Authority",
                "Swedish Tax Agency",
                "Swedish Prosecution Authority",
                "Nine agencies",
                "regional centres for preventing work-related crime (AKC)",
                *("Umeå", "Uppsala", "Örebro", "Stockholm", "Gothenburg", "Norrköping", "Malmö"),
            ],
            "links": [],
        },
    ),
    (
        "stod",
        {
            "sv": ["Om du är utsatt"],
            "en": ["If you are being exploited"],
            "links": ["om-du-ar-utsatt/"],
        },
    ),
    (
        "stod/om-du-ar-utsatt",
        {
            # Brief section 9: whom to call, what the agencies can do; the quick exit on top.
            "sv": [
                "Lämna sidan snabbt",
                "Skift",
                "112",
                "114 14",
                "socialjour",
                "utan att säga ditt namn",
                "Kvinnofridslinjen",
                KVINNOFRIDSLINJEN,
                "dygnet runt",
                "syns inte på telefonräkningen",
                "tolk",
                "Nationellt centrum för kvinnofrid (NCK)",
                "på uppdrag av regeringen",
                "Bris",
                BRIS,
                "under 18 år",
                "Mikamottagningarna i Stockholm, Göteborg, Borås och Umeå",
                "Evonhuset",
                "Malmö stad",
                EVONHUSET,
                "boende",
                "överfallslarm",
                "Migrationsverket",
                "sedan 1999",
                "Det är inte ett brott att sälja sex",
            ],
            "en": [
                "Leave this page quickly",
                "Shift",
                "112",
                "114 14",
                "socialjour",
                "without giving your name",
                "Kvinnofridslinjen",
                KVINNOFRIDSLINJEN,
                "around the clock",
                "does not show on the phone bill",
                "interpreter",
                "Nationellt centrum för kvinnofrid (NCK)",
                "on behalf of the government",
                "Bris",
                BRIS,
                "under 18",
                "Stockholm, Gothenburg, Borås and Umeå",
                "Evonhuset",
                "City of Malmö",
                EVONHUSET,
                "housing",
                "attack alarm",
                "Swedish Migration Agency",
                "since 1999",
                "Selling sex is not a crime",
            ],
            "links": [
                "tel:112",
                "tel:11414",
                "tel:+4620505050",
                "tel:116111",
                "tel:+4620354040",
                f"mailto:{EVONHUSET_EMAIL}",
                "om-webbplatsen/sakrare-surfning/",
            ],
        },
    ),
    (
        "stod/regionkoordinatorer",
        {
            "sv": [
                "socialtjänsten",
                "Jämställdhetsmyndigheten, länsstyrelserna och den kommun",
                "värdkommunen",
                "spetsgrupper",
                "Polismyndighetens regioner",
                "Stockholm, Bergslagen, Nord, Mitt, Öst, Väst och Syd",
                "Vilken region tillhör mitt län?",
            ],
            "en": [
                "regional coordinators against prostitution and trafficking",
                "social services",
                "Swedish Gender Equality Agency, the County Administrative Boards",
                "host municipality",
                "spetsgrupper",
                "Swedish Police Authority's regions",
                "Stockholm, Bergslagen, Nord, Mitt, Öst, Väst and Syd",
                "Which region is my county in?",
            ],
            "links": ["https://nspm.jamstalldhetsmyndigheten.se/"],
        },
    ),
    (
        "stod/atervandandeprogrammet",
        {
            "sv": [
                "Återvändandeprogrammet Människohandel Prostitution (ÅMP)",
                "IOM",
                "Helsingfors",
                "Jämställdhetsmyndigheten finansierar",
                "regionkoordinatorn",
            ],
            "en": [
                "return programme (Återvändandeprogrammet Människohandel Prostitution, ÅMP)",
                "IOM",
                "Helsinki",
                "Swedish Gender Equality Agency funds",
                "regional coordinator",
            ],
            "links": [],
        },
    ),
    (
        "stod/nationellt-stodprogram",
        {
            "sv": ["NSP", "Plattformen Civila Sverige mot Människohandel", "kompletterar"],
            "en": ["NSP", "Plattformen Civila Sverige mot Människohandel", "complements"],
            "links": [],
        },
    ),
    (
        "stod/betanketid",
        {
            "sv": [
                "1 augusti 2022",
                "30 dagar",
                "socialnämnden",
                "Migrationsverket",
                "Förundersökningsledaren",
                "bevispersoner",
                "Beslutet bör komma inom ett par dagar",
                "Kunskapsguiden.se",
            ],
            "en": [
                "1 August 2022",
                "30 days",
                "social welfare board",
                "Swedish Migration Agency",
                "förundersökningsledare",
                "witnesses",
                "The decision should come within a couple of days",
                "Kunskapsguiden.se",
            ],
            "links": [
                "https://www.migrationsverket.se/Kontakta-oss/Bestall-handlingar-fran-Migrationsverket/Blanketter.html",
                "https://kunskapsguiden.se/",
                "https://nspm.jamstalldhetsmyndigheten.se/",
            ],
        },
    ),
    (
        "utbildning",
        {
            "sv": ["webbutbildning", "Jämställdhetsmyndigheten"],
            "en": ["web course", "Swedish Gender Equality Agency"],
            "links": ["https://webbutbildning.jamstalldhetsmyndigheten.se/"],
        },
    ),
    (
        "om-webbplatsen",
        {
            "sv": ["Dnr ALLM 2023/219", "inga kakor", "spårning"],
            "en": ["Dnr ALLM 2023/219", "no cookies", "tracking"],
            "links": ["tillganglighet/", "sakrare-surfning/"],
        },
    ),
    (
        "om-webbplatsen/tillganglighet",
        {
            "sv": [
                "Jämställdhetsmyndigheten",
                "NSPM – kunskapsbank",
                "delvis förenlig",
                "2018:1937",
                "WeasyPrint",
                "EN 301 549 V3.2.1",
                "WCAG 2.1",
                EMAIL,
            ],
            "en": [
                "Swedish Gender Equality Agency",
                "NSPM – knowledge base",
                "partially compliant",
                "2018:1937",
                "WeasyPrint",
                "EN 301 549 V3.2.1",
                "WCAG 2.1",
                EMAIL,
            ],
            "links": ["https://www.digg.se/tdosanmalan", f"mailto:{EMAIL}"],
        },
    ),
]

# The four definitions: each is a section heading (h2) on the concepts page.
DEFINITIONS = {
    "sv": [
        "Sexuell exploatering av barn",
        "Prostitution",
        "Människohandel",
        "Människoexploatering",
    ],
    "en": [
        "Sexual exploitation of children",
        "Prostitution",
        "Trafficking in human beings",
        "Human exploitation",
    ],
}

NOT_FOUND = {
    "sv": ("404.html", "Sidan hittades inte", "Gå till startsidan"),
    "en": ("en/404.html", "Page not found", "Go to the home page"),
}


# Helpers ---------------------------------------------------------------------

BLOCK_TAGS = "p|li|h[1-6]|div|td|th|tr|br|ul|ol|dl|dt|dd|table|caption|section|nav|hr|figure"


def page_file(lang: str, page: str) -> str:
    """Built file of a page: ``index`` → index.html, ``kontakt`` → en/kontakt/index.html."""
    prefix = "" if lang == "sv" else "en/"
    return f"{prefix}index.html" if page == "index" else f"{prefix}{page}/index.html"


def main_content(page_html: str) -> str:
    """The page's article (Material's main content), without header, nav or footer."""
    match = re.search(r'<article class="md-content__inner[^"]*">(.*?)</article>', page_html, re.S)
    assert match, "no <article class=md-content__inner> in the page"
    return match[1]


def text_of(fragment: str) -> str:
    """Visible text: scripts and tags removed, entities decoded, whitespace collapsed."""
    fragment = re.sub(r"<(script|style)\b.*?</\1>", " ", fragment, flags=re.S)
    # Block tags separate words; inline tags (a, abbr, strong…) must not split "(AKC)".
    fragment = re.sub(rf"</?(?:{BLOCK_TAGS})\b[^>]*>", " ", fragment)
    text = html.unescape(re.sub(r"<[^>]+>", "", fragment))
    return " ".join(text.replace("\xa0", " ").split())


def hrefs(fragment: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', fragment)]


def html_lang(page_html: str) -> str | None:
    match = re.search(r"<html[^>]*\blang=\"([^\"]+)\"", page_html)
    return match[1] if match else None


def headings(fragment: str, level: int) -> list[str]:
    return [text_of(h) for h in re.findall(rf"<h{level}\b[^>]*>(.*?)</h{level}>", fragment, re.S)]


# Tests -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize(("page", "facts"), FACTS, ids=[row[0] for row in FACTS])
def test_key_facts_on_their_page(real_site, lang, page, facts):
    built = real_site.html(page_file(lang, page))
    assert html_lang(built) == lang
    content = main_content(built)
    text = text_of(content)
    missing = [fact for fact in facts[lang] if fact not in text]
    assert not missing, f"{page_file(lang, page)} does not say {missing}"
    links = hrefs(content)
    missing_links = [
        want for want in facts["links"] if not any(h == want or h.endswith(want) for h in links)
    ]
    assert not missing_links, f"{page_file(lang, page)} lacks links to {missing_links}"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_four_definitions_are_sections_of_the_concepts_page(real_site, lang):
    content = main_content(real_site.html(page_file(lang, "begrepp")))
    assert headings(content, 2)[:4] == DEFINITIONS[lang]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_page_for_exposed_readers_does_not_offer_the_professionals_helpline(real_site, lang):
    """NSPM's helpline is for professionals (brief 1.12, 9): the exposed reader's page must not
    send them there, in its text or its links (the footer, outside the article, lists it labelled
    as the helpline for professionals)."""
    content = main_content(real_site.html(page_file(lang, "stod/om-du-ar-utsatt")))
    assert HELPLINE not in text_of(content)
    assert "tel:+4620390000" not in hrefs(content)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_regional_coordinators_have_seven_tasks(real_site, lang):
    content = main_content(real_site.html(page_file(lang, "stod/regionkoordinatorer")))
    section = re.search(r'id="uppgifter".*?<ol>(.*?)</ol>', content, re.S)
    assert section, "no numbered task list under the heading #uppgifter"
    assert len(re.findall(r"<li>", section[1])) == 7


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_helpline_hours_are_only_the_confirmed_ones(real_site, lang):
    """9.00–16.30 comes from an old third-party page (UNCONFIRMED): no page may state it."""
    prefix = real_site.site / "en" if lang == "en" else real_site.site
    pages = [p for p in prefix.rglob("*.html") if lang == "en" or "en" not in p.parts]
    assert pages
    stating = [
        str(p.relative_to(real_site.site))
        for p in pages
        if re.search(r"16[.:]30", text_of(p.read_text(encoding="utf-8")))
    ]
    assert not stating, f"unconfirmed helpline hours on {stating}"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_not_found_page_in_each_language(real_site, lang):
    path, title, home_text = NOT_FOUND[lang]
    built = real_site.html(path)
    assert html_lang(built) == lang
    content = main_content(built)
    assert headings(content, 1) == [title]
    home = re.search(rf'<a href="([^"]+)">{re.escape(home_text)}</a>', content)
    assert home, f"{path}: no link '{home_text}'"
    assert home[1].startswith("/"), f"{path}: start-page link {home[1]!r} is not root-absolute"
    assert home[1].endswith("/en/") == (lang == "en")
    assert set(TEL) <= set(hrefs(content))


@pytest.mark.parametrize("path", ["404.html", "en/404.html"])
def test_not_found_page_assets_work_at_any_depth(real_site, path):
    """A 404 is served for any URL, so its styles, scripts and icons must not be relative."""
    built = real_site.html(path)
    loaded = re.findall(r'<link\b[^>]*\bhref="([^"]+)"', built)
    loaded += re.findall(r'<script\b[^>]*\bsrc="([^"]+)"', built)
    assert loaded
    relative = [url for url in loaded if not url.startswith(("/", "https://"))]
    assert not relative, f"{path} loads relative URLs {relative}"
