"""The manual as PDF (hooks/pdf.py): one tagged PDF/UA-1 file per language, on the real site.

The `real_site` build makes the PDFs (unless SKIP_PDF=1 is set for the whole test run,
in which case these tests fail and say so). The SKIP_PDF test builds a copy of the project.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from conftest import copy_project, run_build

from scripts.browser import SITE_URL

STEPS = [
    "identifiering",
    "akut-skydd",
    "inledande-stod",
    "langsiktigt-stod",
    "straffrattsligt-forfarande",
    "ett-tryggt-atervandande",
]
MANUAL_PAGES = [
    "manual/index.html",
    *(f"manual/{step}/index.html" for step in STEPS),
    "manual/aktorer/index.html",
    *(
        f"manual/aktorer/{actor}/index.html"
        for actor in (
            "socialtjansten",
            "polismyndigheten",
            "aklagarmyndigheten",
            "migrationsverket",
            "arbetsmiljoverket",
            "halso-och-sjukvarden",
            "plattformen",
            "utrikesdepartementet",
        )
    ),
    "manual/om-manualen/index.html",
]
HELPLINE = "020-39 00 00"


@dataclass(frozen=True)
class Edition:
    lang: str
    root: str  # the language's folder in the site
    pdf: str  # path of the PDF in the site
    title: str
    link_text: str
    decimal: str  # decimal sign in the size


EDITIONS = [
    Edition(
        "sv",
        "",
        "pdf/manual-vid-misstanke-om-manniskohandel.pdf",
        "Manual vid misstanke om människohandel – kunskapsbankens utgåva",
        "Ladda ner manualen som PDF",
        ",",
    ),
    Edition(
        "en",
        "en/",
        "en/pdf/national-referral-mechanism.pdf",
        "National Referral Mechanism – the knowledge base edition",
        "Download the manual as PDF",
        ".",
    ),
]
IDS = [edition.lang for edition in EDITIONS]


@pytest.fixture(scope="module")
def pdfs(real_site) -> dict[str, pypdf.PdfReader]:
    readers = {}
    for edition in EDITIONS:
        path = real_site.site / edition.pdf
        assert path.is_file(), (
            f"{edition.pdf} was not built (is SKIP_PDF set for the test run?)\n"
            + real_site.output[-3000:]
        )
        readers[edition.lang] = pypdf.PdfReader(path)
    return readers


def _outline_titles(outline) -> list[str]:
    """Top-level bookmark titles (nested lists hold the children of the entry before them)."""
    return [item.title for item in outline if not isinstance(item, list)]


def _all_outline_titles(outline) -> list[str]:
    titles = []
    for item in outline:
        titles += _all_outline_titles(item) if isinstance(item, list) else [item.title]
    return titles


def _h1_text(html: str) -> str:
    """The page's own heading (in Material's <article>)."""
    article = html[html.index('<article class="md-content__inner') :]
    match = re.search(r"<h1[^>]*>(.*?)</h1>", article, re.S)
    assert match, "built page without <h1>"
    return " ".join(re.sub(r"<[^>]+>", "", match.group(1)).split())


@pytest.mark.parametrize("edition", EDITIONS, ids=IDS)
def test_pdf_is_tagged_pdf_ua_with_language_and_title(pdfs, edition):
    reader = pdfs[edition.lang]
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog, "the PDF is not tagged"
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == edition.lang
    assert reader.metadata.title == edition.title
    assert reader.metadata.author in ("Jämställdhetsmyndigheten", "Swedish Gender Equality Agency")
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    xmp = catalog["/Metadata"].get_object().get_data().decode("utf-8")
    assert "pdfuaid" in xmp and re.search(r"pdfuaid:part[^0-9]*1", xmp), "no PDF/UA-1 claim"
    assert len(reader.pages) > 10
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (
        210,
        297,
    ), "not A4"


@pytest.mark.parametrize("edition", EDITIONS, ids=IDS)
def test_bookmarks_list_the_six_steps_in_order(pdfs, real_site, edition):
    expected = [
        f"{number}. {_h1_text(real_site.html(f'{edition.root}manual/{step}/index.html'))}"
        for number, step in enumerate(STEPS, start=1)
    ]
    top = _outline_titles(pdfs[edition.lang].outline)
    steps = [title for title in top if re.match(r"\d\. ", title)]
    assert steps == expected
    # every actor page is a bookmark too
    everything = _all_outline_titles(pdfs[edition.lang].outline)
    for page in MANUAL_PAGES:
        title = _h1_text(real_site.html(edition.root + page))
        assert any(title in bookmark for bookmark in everything), f"no bookmark for {page}"


@pytest.mark.parametrize("edition", EDITIONS, ids=IDS)
def test_links_between_manual_pages_jump_inside_the_pdf(pdfs, edition):
    reader = pdfs[edition.lang]
    names = set(reader.named_destinations)
    internal, uris = [], []
    for page in reader.pages:
        for annotation in page.get("/Annots", None) or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A")
            if "/Dest" in annotation:
                internal.append(str(annotation["/Dest"]))
            elif action is not None and action.get_object().get("/S") == "/URI":
                uris.append(str(action.get_object()["/URI"]))
    assert len(internal) > 50, "too few links inside the PDF (contents, cross-references)"
    assert set(internal) <= names, sorted(set(internal) - names)[:5]
    # a link to a page of the manual jumps inside the PDF; only the cover's
    # "web version" line links the web manual (its start page)
    site = os.environ.get("SITE_URL") or SITE_URL
    site = site.rstrip("/") + "/"
    into_manual = {uri for uri in uris if uri.startswith(f"{site}{edition.root}manual/")}
    assert into_manual <= {f"{site}{edition.root}manual/"}, sorted(into_manual)
    assert any(uri.startswith("https://") for uri in uris)


@pytest.mark.parametrize("edition", EDITIONS, ids=IDS)
def test_text_holds_the_helpline(pdfs, edition):
    text = " ".join(page.extract_text() for page in pdfs[edition.lang].pages)
    assert HELPLINE in " ".join(text.replace("\u00a0", " ").split())


@pytest.mark.parametrize("edition", EDITIONS, ids=IDS)
def test_words_are_hyphenated_in_the_documents_language(pdfs, edition):
    """hyphens: auto with lang=sv/en: WeasyPrint (pyphen) breaks words with U+2010 at line ends."""
    text = "".join(page.extract_text() for page in pdfs[edition.lang].pages)
    assert text.count("\u2010\n") >= 10


@pytest.mark.parametrize("edition", EDITIONS, ids=IDS)
def test_every_font_is_embedded(pdfs, edition):
    fonts = {}
    for page in pdfs[edition.lang].pages:
        resources = page.get("/Resources", {})
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descendant = descendant.get_object()
                descriptor = descendant["/FontDescriptor"].get_object()
                fonts[str(descendant["/BaseFont"])] = {
                    key for key in ("/FontFile", "/FontFile2", "/FontFile3") if key in descriptor
                }
    assert fonts, "no fonts found"
    assert {name for name, files in fonts.items() if not files} == set(), "fonts not embedded"
    # only the project's fonts (overrides/pdf/fonts/), never one the machine happens to have
    families = {re.sub(r"^/?[A-Z]{6}\+", "", name).replace("-", "") for name in fonts}
    assert families <= {
        "NotoSans",
        "NotoSansBold",
        "NotoSansItalic",
        "NotoSansBoldItalic",
        "NotoSansSymbols2",
        "NotoSansMath",
    }, sorted(fonts)
    assert "NotoSans" in families


@pytest.mark.parametrize("edition", EDITIONS, ids=IDS)
def test_cover_says_what_this_edition_is(pdfs, edition):
    """The knowledge base's edition, built on a date, and the 2019 manual it is based on –
    never the agency's printed manual itself."""
    cover = " ".join(pdfs[edition.lang].pages[0].extract_text().split())
    if edition.lang == "sv":
        assert "Kunskapsbankens utgåva, byggd från webbplatsen den" in cover
        assert "andra omarbetade upplagan (Jämställdhetsmyndigheten, 2019)" in cover
    else:
        assert "The knowledge base edition, built from the website on" in cover
        assert "(Swedish Gender Equality Agency, 2019)" in cover


@pytest.mark.parametrize("edition", EDITIONS, ids=IDS)
def test_manual_pages_link_the_pdf_with_its_real_size(real_site, edition):
    size = (real_site.site / edition.pdf).stat().st_size
    for page in MANUAL_PAGES:
        html = real_site.html(edition.root + page)
        links = re.findall(
            r'<p class="nspm-pdf-link">\s*<a href="([^"]+)"[^>]*>(.*?)</a>', html, re.S
        )
        assert len(links) == 1, f"{edition.root}{page}: {len(links)} PDF links"
        href, text = links[0]
        text = " ".join(re.sub(r"<[^>]+>", "", text).replace("\u00a0", " ").split())
        target = posixpath.normpath(posixpath.join(posixpath.dirname(edition.root + page), href))
        assert target == edition.pdf, f"{edition.root}{page} links {href}"
        match = re.fullmatch(re.escape(edition.link_text) + r" \(([\d.,]+) (kB|MB)\)", text)
        assert match, f"{edition.root}{page}: link text {text!r}"
        number = float(match.group(1).replace(edition.decimal, "."))
        unit = 1_000_000 if match.group(2) == "MB" else 1000
        precision = 0.05 if unit == 1_000_000 else 0.5  # one decimal for MB, whole kB
        assert abs(size / unit - number) <= precision + 1e-9, (text, size)
        assert "<!-- pdf:size -->" not in html


def test_only_manual_pages_link_the_pdf(real_site):
    for page in ("index.html", "begrepp/index.html", "en/index.html", "en/begrepp/index.html"):
        assert "nspm-pdf-link" not in real_site.html(page), page


def test_print_template_is_not_published(real_site):
    assert not (real_site.site / "pdf" / "document.html").exists()
    assert not (real_site.site / "pdf" / "document.css").exists()
    assert sorted(p.name for p in (real_site.site / "pdf").iterdir()) == [
        "manual-vid-misstanke-om-manniskohandel.pdf"
    ]


def test_print_stylesheet_is_linked_from_every_page(real_site):
    for page in real_site.pages():
        html = page.read_text(encoding="utf-8")
        if "<html" not in html or 'http-equiv="refresh"' in html:
            continue  # redirects
        assert "assets/stylesheets/print.css" in html, page
    css = (real_site.site / "assets/stylesheets/print.css").read_text(encoding="utf-8")
    assert css.lstrip().startswith("/*") and "@media print" in css
    for selector in (".md-header", ".md-sidebar", ".md-footer", ".md-search", ".nspm-quick-exit"):
        assert selector in css, selector
    assert 'content: " (" attr(href) ")"' in css


@pytest.mark.slow
def test_skip_pdf_builds_no_pdf_and_no_link(tmp_path):
    project = copy_project(tmp_path / "project")
    build = run_build(project, tmp_path / "site", env={"SKIP_PDF": "1"})
    assert build.returncode == 0, build.output
    assert "PDF export skipped" in build.output
    assert list(Path(build.site).rglob("*.pdf")) == []
    for edition in EDITIONS:
        html = build.html(edition.root + "manual/index.html")
        assert "nspm-pdf-link" not in html and "pdf:size" not in html
