"""The manual section (Manual vid misstanke om människohandel): step names, step contents
and the `step`/`actors` front matter that the steps × actors matrix is generated from.

HTML checks run on the real strict build (`real_site`); front-matter checks read the
Markdown sources with yaml, since front matter is not rendered.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
LANGS = ("sv", "en")

# (source path under docs/<lang>/, official Swedish H1, English working label)
STEPS = [
    ("manual/identifiering.md", "Identifiering", "Identification"),
    ("manual/akut-skydd.md", "Akut skydd", "Immediate protection"),
    ("manual/inledande-stod.md", "Inledande stöd", "Initial support"),
    ("manual/langsiktigt-stod.md", "Långsiktigt stöd", "Long-term support"),
    ("manual/straffrattsligt-forfarande.md", "Straffrättsligt förfarande", "Criminal proceedings"),
    ("manual/ett-tryggt-atervandande.md", "Ett tryggt återvändande", "A safe return"),
]
ACTORS_DIR = "manual/aktorer"


class _Page(HTMLParser):
    """Collect the H1 texts, the text of the <article> and the links (tag, attrs, in article)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.h1: list[str] = []
        self.article: list[str] = []
        self.links: list[tuple[str, dict[str, str], bool]] = []
        self._h1 = None
        self._article = 0
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag in ("a", "link"):
            self.links.append((tag, attrs, self._article > 0))
        if tag == "h1":
            self._h1 = []
        if tag == "article":
            self._article += 1
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "h1" and self._h1 is not None:
            self.h1.append(_norm("".join(self._h1)))
            self._h1 = None
        if tag == "article" and self._article:
            self._article -= 1
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if self._h1 is not None:
            self._h1.append(data)
        if self._article and not self._skip:
            self.article.append(data)

    @property
    def text(self) -> str:
        return _norm(" ".join(self.article))

    def hrefs(self, tag: str = "a", *, article: bool = True, **attrs: str) -> list[str]:
        """hrefs of `tag` elements; for <a>, only those in the page's <article> by default."""
        return [
            a.get("href", "")
            for t, a, inside in self.links
            if t == tag and (inside or not article) and all(a.get(k) == v for k, v in attrs.items())
        ]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def _url(lang: str, src: str) -> str:
    """Site-relative URL of a page built from docs/<lang>/<src> (directory URLs)."""
    prefix = "" if lang == "sv" else "en/"
    stem = src.removesuffix(".md")
    stem = stem.removesuffix("index").rstrip("/")
    return f"{prefix}{stem}/" if stem else prefix


def _page(build, lang: str, src: str) -> _Page:
    page = _Page()
    page.feed(build.html(_url(lang, src) + "index.html"))
    return page


def _front_matter(lang: str, src: str) -> dict:
    text = (DOCS / lang / src).read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert match, f"docs/{lang}/{src}: no YAML front matter at the top of the file"
    return yaml.safe_load(match.group(1))


# Rendered HTML -------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "column"), [("sv", 1), ("en", 2)])
def test_step_pages_have_the_step_name_as_their_only_h1(real_site, lang, column):
    for step in STEPS:
        page = _page(real_site, lang, step[0])
        assert page.h1 == [step[column]], f"{lang}/{step[0]}: H1 is {page.h1}"


@pytest.mark.parametrize("lang", LANGS)
def test_step_pages_follow_each_other_in_order(real_site, lang):
    """Each step's rel=next points at the following step, so the six come 1 → 6 in the nav."""
    for (src, *_), (next_src, *_) in zip(STEPS, STEPS[1:], strict=False):
        here = _url(lang, src)
        nexts = _page(real_site, lang, src).hrefs("link", article=False, rel="next")
        assert len(nexts) == 1, f"{lang}/{src}: expected one rel=next, found {nexts}"
        assert urljoin("/" + here, nexts[0]) == "/" + _url(lang, next_src), (
            f"{lang}/{src}: rel=next is {nexts[0]}, expected the page of {next_src}"
        )


@pytest.mark.parametrize(("lang", "column"), [("sv", 1), ("en", 2)])
def test_overview_lists_the_six_steps_in_order_with_links(real_site, lang, column):
    page = _page(real_site, lang, "manual/index.md")
    here = "/" + _url(lang, "manual/index.md")
    step_urls = ["/" + _url(lang, src) for src, *_ in STEPS]
    linked = [u for u in (urljoin(here, h) for h in page.hrefs()) if u in step_urls]
    # The plain ordered list: the first link to each step comes in step order.
    firsts = list(dict.fromkeys(linked))
    assert firsts == step_urls, f"{lang}: steps linked in the order {firsts}"
    text = page.text
    positions = [text.find(step[column]) for step in STEPS]
    assert -1 not in positions, f"{lang}: a step name is missing from the overview"
    assert positions == sorted(positions), f"{lang}: step names out of order on the overview"


@pytest.mark.parametrize("lang", LANGS)
def test_step_2_holds_the_emergency_numbers_and_the_reflection_period(real_site, lang):
    page = _page(real_site, lang, "manual/akut-skydd.md")
    text = page.text
    for number in ("114 14", "112", "020-39 00 00"):
        assert number in text, f"{lang}: step 2 lacks {number}"
    for tel in ("tel:11414", "tel:112", "tel:+4620390000"):
        assert tel in page.hrefs(), f"{lang}: step 2 lacks a {tel} link"
    assert ("betänketid" if lang == "sv" else "reflection period") in text.lower()
    assert "30" in text
    here = "/" + _url(lang, "manual/akut-skydd.md")
    targets = {urljoin(here, h).split("#")[0] for h in page.hrefs()}
    assert "/" + _url(lang, "stod/betanketid.md") in targets, f"{lang}: no link to betänketid"


@pytest.mark.parametrize("lang", LANGS)
def test_step_6_holds_iom_and_the_return_programme(real_site, lang):
    page = _page(real_site, lang, "manual/ett-tryggt-atervandande.md")
    assert "IOM" in page.text
    assert "ÅMP" in page.text
    here = "/" + _url(lang, "manual/ett-tryggt-atervandande.md")
    targets = {urljoin(here, h).split("#")[0] for h in page.hrefs()}
    assert "/" + _url(lang, "stod/atervandandeprogrammet.md") in targets


def test_english_pages_call_the_manual_by_the_agency_s_english_title(real_site):
    """The agency's own English title is "National Referral Mechanism" (brief 3.1, 4); the old
    "manual for suspected human trafficking" read as a manual for suspected traffickers."""
    assert _page(real_site, "en", "manual/index.md").h1 == ["National Referral Mechanism"]
    offending = [
        str(path.relative_to(real_site.site))
        for path in (real_site.site / "en").rglob("*.html")
        if "manual for suspected" in path.read_text(encoding="utf-8").lower()
    ]
    assert not offending, f"the old English name of the manual is on {offending}"
    for src, *_ in STEPS:
        assert "National Referral Mechanism" in _page(real_site, "en", src).text, src


def test_english_overview_says_the_step_names_are_translations(real_site):
    text = _page(real_site, "en", "manual/index.md").text
    assert "descriptive translations" in text
    assert "official names of the steps are the Swedish ones" in text


# Markdown sources: the contract with the matrix and steps hooks ----------------


def _actor_ids(lang: str) -> set[str]:
    return {p.stem for p in (DOCS / lang / ACTORS_DIR).glob("*.md") if p.stem != "index"}


def test_both_languages_have_the_same_actor_pages():
    assert _actor_ids("sv") == _actor_ids("en")
    assert len(_actor_ids("sv")) == 8


@pytest.mark.parametrize(("number", "src"), [(n, s[0]) for n, s in enumerate(STEPS, start=1)])
def test_step_front_matter_is_the_same_in_both_languages(number, src):
    sv, en = _front_matter("sv", src), _front_matter("en", src)
    for lang, meta in (("sv", sv), ("en", en)):
        assert meta.get("step") == number, f"docs/{lang}/{src}: step is {meta.get('step')!r}"
        actors = meta.get("actors")
        assert isinstance(actors, list), f"docs/{lang}/{src}: actors must be a list"
        assert actors, f"docs/{lang}/{src}: actors is empty"
        assert len(actors) == len(set(actors)), f"docs/{lang}/{src}: duplicate actor ids"
        unknown = set(actors) - _actor_ids(lang)
        assert not unknown, f"docs/{lang}/{src}: no actor page for {sorted(unknown)}"
    assert sv["actors"] == en["actors"], f"{src}: actors differ between sv and en"


@pytest.mark.parametrize("lang", LANGS)
def test_hook_markers_are_in_place(lang):
    overview = (DOCS / lang / "manual/index.md").read_text(encoding="utf-8")
    actors = (DOCS / lang / ACTORS_DIR / "index.md").read_text(encoding="utf-8")
    assert overview.count("<!-- manual:steps -->") == 1
    assert actors.count("<!-- manual:matrix -->") == 1
