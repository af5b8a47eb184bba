"""Unit tests of the print-document assembly (hooks/pdf_document.py, overrides/pdf/)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import jinja2
import pytest
from conftest import ROOT

from nspm import data, pdf
from nspm import print_document as doc

FONTS = ROOT / "overrides" / pdf.FONT_DIR


def labels(lang: str) -> dict:
    path = ROOT / "data" / "languages" / f"{lang}.yml"
    return data.load(path, ROOT / "data/languages.schema.json", display=path.name).value["pdf"]


@pytest.fixture
def project_fonts(tmp_path, monkeypatch):
    """Only the project's fonts, as the build's PDF workers see them (nspm/pdf.py)."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        f"<fontconfig><dir>{FONTS}</dir><cachedir>{tmp_path / 'fc'}</cachedir></fontconfig>"
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))


CHAPTER_IDS = {
    "en/manual/": "p-en-manual",
    "en/manual/akut-skydd/": "p-en-manual-akut-skydd",
    "en/manual/aktorer/": "p-en-manual-aktorer",
    "en/manual/aktorer/polismyndigheten/": "p-en-manual-aktorer-polismyndigheten",
}
SITE_URL = "https://example.org/kb/"


def built_page(body: str) -> str:
    """A page shaped like Material's output: navigation around the <article>."""
    return f"""<!doctype html><html lang="en"><head><script>var x = "<article>";</script></head>
<body><div class="nspm-quick-exit"><a href="https://www.smhi.se/">Leave</a></div>
<header class="md-header"><nav>Site navigation</nav></header>
<div class="md-content"><article class="md-content__inner md-typeset">
<a href="https://github.com/x/edit/docs/en/manual/akut-skydd.md" class="md-content__button">
<svg viewBox="0 0 24 24"><path d="M10 20H6"/></svg></a>
{body}
<div class="nspm-page-meta"><p>Last updated 1 May 2026</p></div>
<p class="nspm-pdf-link"><a href="../pdf/x.pdf">Download <!-- pdf:size --></a></p>
</article></div><footer class="md-footer">Previous / next</footer>
<script src="../assets/javascripts/bundle.js"></script></body></html>"""


STEP_BODY = """<h1 id="akut-skydd">Immediate protection</h1>
<p>Call <a href="tel:+4620390000">020-39 00 00</a> &amp; read
<a href="../aktorer/polismyndigheten/#uppdrag">the police's task</a>,
<a href="../">the overview</a>, <a href="#betanketid">below</a>,
<a href="../../begrepp/#offer">a concept</a> and <a href="https://example.com/x">a site</a>
or <a href="https://example.com/y">https://example.com/y</a>.</p>
<script>alert(1)</script><button type="button">Print</button>
<h2 id="betanketid">Reflection period</h2>
<p>Text<br>more <img src="../../../assets/i.svg" alt="" loading="lazy"></p>
<details class="note"><summary>More</summary><p>Hidden on screen</p></details>
<p class="nspm-screen-only">Only on screen</p>"""


def chapter(url="en/manual/akut-skydd/", body=STEP_BODY, level=0, number=None):
    return doc.build_chapter(
        built_page(body),
        source="docs/en/manual/akut-skydd.md",
        page_url=url,
        level=level,
        chapter_ids=CHAPTER_IDS,
        site_url=SITE_URL,
        number=number,
    )


def test_chapter_keeps_the_content_and_drops_the_site_around_it():
    html = chapter().html
    assert html.startswith('<h1 id="p-en-manual-akut-skydd--akut-skydd">Immediate protection</h1>')
    assert "020-39 00 00" in html and "&amp; read" in html
    for gone in (
        "Site navigation",
        "Leave",
        "md-content__button",
        "Last updated",
        "Download",
        "pdf:size",
        "Previous / next",
        "<script",
        "alert(1)",
        "<button",
        "Only on screen",
    ):
        assert gone not in html, gone
    assert "<br>" in html and "<br></br>" not in html  # void elements stay void
    assert '<details class="note" open="">' in html  # notes print open


def test_links_jump_inside_the_document_or_go_to_the_site():
    html = chapter().html
    assert 'href="#p-en-manual-aktorer-polismyndigheten--uppdrag"' in html  # other chapter + id
    assert 'href="#p-en-manual"' in html  # other chapter
    assert 'href="#p-en-manual-akut-skydd--betanketid"' in html  # same page
    assert 'id="p-en-manual-akut-skydd--betanketid"' in html
    assert 'href="https://example.org/kb/en/begrepp/#offer"' in html  # page outside the manual
    assert 'href="tel:+4620390000"' in html
    assert '<a href="https://example.com/x">a site</a>' in html  # URL shown by CSS
    assert 'class="pdf-url-shown" href="https://example.com/y"' in html or (
        'href="https://example.com/y" class="pdf-url-shown"' in html
    )
    # images: relative to the site root, the print document's base URL
    assert '<img src="assets/i.svg" alt="">' in html


def test_chapter_number_headings_and_nesting():
    step = chapter(number=2)
    assert step.title == "2. Immediate protection"
    assert [(h.id, h.text, h.level) for h in step.headings] == [
        ("p-en-manual-akut-skydd", "2. Immediate protection", 1),
        ("p-en-manual-akut-skydd--betanketid", "Reflection period", 2),
    ]
    actor = chapter(
        url="en/manual/aktorer/polismyndigheten/",
        body='<h1 id="polis">Police</h1><h2 id="uppdrag">Task</h2><h3 id="x">Detail</h3>',
        level=doc.nesting_level("manual/aktorer/polismyndigheten.md", "manual/"),
    )
    assert actor.level == 1
    assert '<h2 id="p-en-manual-aktorer-polismyndigheten--polis">Police</h2>' in actor.html
    assert "<h3 " in actor.html and "<h4 " in actor.html and "<h1" not in actor.html
    assert [h.text for h in actor.headings] == ["Police"]  # its sections are not listed


@pytest.mark.parametrize(
    ("src", "level"),
    [
        ("manual/index.md", 0),
        ("manual/identifiering.md", 0),
        ("manual/aktorer/index.md", 0),
        ("manual/aktorer/socialtjansten.md", 1),
    ],
)
def test_nesting_level(src, level):
    assert doc.nesting_level(src, "manual/") == level


def test_contents_nest_a_subsection_under_its_index():
    chapters = [
        doc.Chapter("a", "A", 0, headings=[doc.Heading("a", "A", 1)]),
        doc.Chapter("b", "B", 0, headings=[doc.Heading("b", "B", 1), doc.Heading("b--x", "X", 2)]),
        doc.Chapter("c", "C", 1, headings=[doc.Heading("c", "C", 2)]),
    ]
    toc = doc.contents(chapters)
    assert [(e.id, [child.id for child in e.children]) for e in toc] == [
        ("a", []),
        ("b", ["b--x", "c"]),
    ]


def test_a_page_without_the_article_is_a_clear_error():
    with pytest.raises(ValueError, match=r"docs/en/manual/x\.md: no <article"):
        doc.parse_article("<html><body><main>Nothing</main></body></html>", "docs/en/manual/x.md")


def test_serialize_keeps_svg_and_escapes_text():
    article = doc.parse_article(
        '<article class="md-content__inner"><p title="a &quot;b&quot;">x &lt; y'
        '<svg viewBox="0 0 1 1"><path d="M0"/></svg></p></article>',
        "test",
    )
    html = doc.serialize_children(article)
    assert html == (
        '<p title="a &quot;b&quot;">x &lt; y<svg viewBox="0 0 1 1" '
        'xmlns="http://www.w3.org/2000/svg"><path d="M0"></path></svg></p>'
    )


@pytest.mark.parametrize(
    ("size", "locale", "text"),
    [
        (1_234_567, "sv", "1,2\u00a0MB"),
        (1_234_567, "en", "1.2\u00a0MB"),
        (156_321, "sv", "156\u00a0kB"),
        (999, "en", "1\u00a0kB"),
    ],
)
def test_format_size(size, locale, text):
    assert doc.format_size(size, locale) == text


def test_edition_date_formats():
    assert doc.format_edition_date(dt.date(2026, 11, 28), "sv") == "28 november 2026"
    assert doc.format_edition_date(dt.date(2026, 11, 28), "en") == "28 November 2026"


def render_document(chapters, lang="en"):
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides"))
    fonts = [
        {"family": family, "weight": weight, "style": style, "url": (FONTS / name).as_uri()}
        for name, (family, weight, style) in pdf.FONTS.items()
    ]
    return env.get_template("pdf/document.html").render(
        lang=lang,
        labels=labels(lang),
        fonts=fonts,
        chapters=chapters,
        contents=doc.contents(chapters),
        edition="The knowledge base edition, built from the website on 28 November 2026",
        edition_iso="2026-11-28",
        web_url="https://example.org/kb/en/manual/",
    )


def test_print_document_has_cover_contents_and_chapters():
    chapters = [chapter(number=2)]
    html = render_document(chapters)
    assert html.startswith("<!DOCTYPE html>") or "<!DOCTYPE html>" in html[:600]
    assert '<html lang="en">' in html
    assert "<title>National Referral Mechanism – the knowledge base edition</title>" in html
    assert '<meta name="author" content="Swedish Gender Equality Agency">' in html
    assert '<meta name="dcterms.created" content="2026-11-28">' in html
    cover = html[html.index("<!-- pdf:cover -->") : html.index("<!-- pdf:contents -->")]
    for text in ("Swedish Gender Equality Agency", "Edition", "28 November 2026", "English"):
        assert text in cover, text
    # it says what it is: the knowledge base's edition, and the printed manual it is based on
    assert "The knowledge base edition, built from the website on 28 November 2026" in cover
    assert "Based on" in cover and "(Swedish Gender Equality Agency, 2019)" in cover
    for font in pdf.FONTS:  # only the project's fonts, declared by @font-face
        assert f'src: url("{(FONTS / font).as_uri()}")' in html
    toc = html[html.index("<!-- pdf:contents -->") : html.index("<!-- pdf:chapters -->")]
    assert '<a href="#p-en-manual-akut-skydd">2. Immediate protection</a>' in toc
    assert '<a href="#p-en-manual-akut-skydd--betanketid">Reflection period</a>' in toc
    assert '<section class="chapter chapter--level-0" id="p-en-manual-akut-skydd">' in html
    # the page words of the running footer are translated
    assert '"Page " counter(page) " of " counter(pages)' in html
    assert "target-counter(attr(href), page)" in html
    assert "hyphens: auto" in html and "size: A4" in html


ONE_CHAPTER = """<h1 id="akut-skydd">Immediate protection</h1>
<p>Call 020-39 00 00 or read <a href="#betanketid">below</a>.</p>
<h2 id="betanketid">Reflection period</h2><p>Text.</p>"""


def test_rendered_pdf_is_tagged_with_language_and_bookmarks(tmp_path, project_fonts):
    import pypdf

    html = render_document([chapter(body=ONE_CHAPTER, number=2)])
    target = tmp_path / "out" / "manual.pdf"
    rendered = doc.render_pdf(html, f"{tmp_path.as_posix()}/", str(target))
    assert rendered.problems == []
    assert all("HarfBuzz-Subset" in note for note in rendered.notes), rendered.notes
    assert rendered.pages == 3 and target.is_file()  # cover, contents, chapter
    assert rendered.seconds > 0 and rendered.cpu_seconds > 0
    assert not list(target.parent.glob("*.part"))
    reader = pypdf.PdfReader(target)
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == "en"
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles == ["Contents", "2. Immediate protection"]  # the cover title is no bookmark
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Page 3 of 3" in text and "Immediate protection" in text


def test_weasyprint_problems_are_returned_for_the_build_to_report(tmp_path, project_fonts):
    html = render_document([chapter(number=2)])  # links to chapters that are not there
    messages = doc.render_pdf(html, f"{tmp_path.as_posix()}/", str(tmp_path / "x.pdf")).problems
    assert any("No anchor #p-en-manual-aktorer-polismyndigheten--uppdrag" in m for m in messages)
    assert any("assets/i.svg" in m for m in messages)


def test_a_character_no_project_font_has_is_a_problem(tmp_path, project_fonts):
    """With only the project's fonts, a character none of them has prints as a box: the
    build must hear of it (WeasyPrint only warns)."""
    body = '<h1 id="x">Ж ✓ → ≤ å</h1><p>Text.</p>'
    html = render_document([chapter(body=body)])
    messages = doc.render_pdf(html, f"{tmp_path.as_posix()}/", str(tmp_path / "x.pdf")).problems
    notdef = [m for m in messages if ".notdef glyph" in m]
    assert len(notdef) == 1 and "U+0416" in notdef[0], messages  # only Ж: the rest is covered


def test_font_files_are_found_from_a_relative_custom_dir(tmp_path):
    """A config with INHERIT (the benchmark's) leaves custom_dir relative: the fonts are
    still the project's, as absolute file URIs for WeasyPrint."""
    fonts = tmp_path / "overrides" / pdf.FONT_DIR
    fonts.mkdir(parents=True)
    for name in pdf.FONTS:
        (fonts / name).write_bytes(b"")
    theme = SimpleNamespace(custom_dir="overrides")
    current = SimpleNamespace(
        site=SimpleNamespace(root=tmp_path), config=SimpleNamespace(theme=theme)
    )
    faces = pdf.font_faces(current)
    assert [f["url"] for f in faces] == [(fonts / name).as_uri() for name in pdf.FONTS]
