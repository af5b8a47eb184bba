"""Languages are data: a third language is a docs/<lang>/ folder, one block in mkdocs.yml
and its data files. A small site in Swedish, English and Finnish goes through every hook
(links, search, glossary, regions, the PDF, hreflang, the 404 page, the site's texts).

The Finnish texts are the English ones marked "[fi]" (a test site: never published).
"""

from __future__ import annotations

import json
import re

import lxml.html
import pypdf
import pytest
import yaml
from conftest import copy_project, run_build
from mkdocs.utils.yaml import yaml_load

from scripts.browser import SITE_URL

FI = "[fi] "
PAGES = {
    "index.md": "# {home} {{ #start }}\n\nNSPM samordnar. Se [regionerna](regioner.md) och "
    "[ordlistan](ordlista.md).\n",
    "ordlista.md": "# Ordlista {{ #ordlista }}\n\n<!-- glossary:list -->\n",
    "regioner.md": "# Regioner {{ #regioner }}\n\n<!-- regions:table -->\n\n"
    "<!-- regions:lookup -->\n",
    "manual/index.md": "# {manual} {{ #manual }}\n\nText om manualen.\n\n## Steg {{ #steg }}\n\n"
    "Ring [112](tel:112).\n",
}


def finnish(value, key=""):
    """The English texts as Finnish ones: each marked "[fi]"."""
    if isinstance(value, dict):
        return {k: finnish(v, k) for k, v in value.items()}
    if key in ("locale", "pipeline", "filename"):
        return {"locale": "fi_FI", "pipeline": [], "filename": "fi-manual.pdf"}[key]
    return FI + value if isinstance(value, str) else value


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("three-languages")
    project = copy_project(tmp / "project", docs=False)
    with open(project / "mkdocs.yml", encoding="utf-8") as f:
        config = yaml_load(f)
    del config["nav"]
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    i18n["languages"].append({"locale": "fi", "name": "Suomi", "build": True})
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    data = project / "data"
    en = yaml.safe_load((data / "languages" / "en.yml").read_text(encoding="utf-8"))
    (data / "languages" / "fi.yml").write_text(yaml.safe_dump(finnish(en), allow_unicode=True))
    for lang in ("sv", "en", "fi"):  # the real glossary, without links to the real pages
        glossary = yaml.safe_load(
            (data / "glossary" / f"{lang}.yml").read_text(encoding="utf-8")
            if lang != "fi"
            else (data / "glossary" / "en.yml").read_text()
        )
        for entry in glossary:
            entry.pop("link", None)
            if lang == "fi":
                entry.update({k: FI + entry[k] for k in ("title", "term") if k in entry})
        (data / "glossary" / f"{lang}.yml").write_text(yaml.safe_dump(glossary, allow_unicode=True))
    regions = (data / "regions.yml").read_text(encoding="utf-8")
    regions = re.sub(r"en: ([^,}\n]+)", lambda m: f"en: {m[1]}, fi: '{FI}{m[1]}'", regions)
    (data / "regions.yml").write_text(regions, encoding="utf-8")
    for lang, home, manual in (
        ("sv", "Start", "Manualen"),
        ("en", "Home", "The manual"),
        ("fi", "Etusivu", "Käsikirja"),
    ):
        for rel, text in PAGES.items():
            path = project / "docs" / lang / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            front = f"---\ntitle: {rel}\ndescription: A page of the test site ({lang}).\n---\n\n"
            path.write_text(front + text.format(home=home, manual=manual), encoding="utf-8")
    result = run_build(project, tmp / "site", env={"NSPM_TODAY": "2026-11-28"})
    assert result.returncode == 0, result.output
    return result


def test_links_and_twins_are_checked_in_every_language(site):
    assert re.search(
        r"links: checked \d+ links on 15 pages \(en, fi, sv\) .*: 0 problem", site.output
    )


def test_each_language_has_its_own_search_index(site):
    index = json.loads((site.site / "fi" / "search" / "search_index.json").read_text("utf-8"))
    assert index["config"]["lang"] == ["fi"]
    assert {d["location"].split("#")[0] for d in index["docs"]} == {
        "",
        "ordlista/",
        "regioner/",
        "manual/",
    }
    assert '"base": "../fi/"' in site.html("fi/index.html")


def test_glossary_regions_and_texts_in_the_third_language(site):
    home = site.html("fi/index.html")
    assert f'<abbr title="{FI}National Coordination Against' in home
    assert "Leave this page quickly" in home and f"{FI}Leave this page quickly" in home
    assert f"{FI}Need help now?" in home  # the footer's contacts
    glossary = site.html("fi/ordlista/index.html")
    assert f'<dt id="nspm"><abbr title="{FI}National Coordination' in glossary
    regions = site.html("fi/regioner/index.html")
    assert f"<li>{FI}Gotland County</li>" in regions and f"{FI}Counties" in regions
    assert f"<dt>{FI}Gotland County</dt>" in regions
    assert f"{FI}Page not found" in site.html("fi/404.html")


def test_hreflang_names_every_language_and_x_default_is_the_default_one(site):
    head = lxml.html.fromstring(site.html("fi/regioner/index.html"))
    links = {x.get("hreflang"): x.get("href") for x in head.iter("link") if x.get("hreflang")}
    assert links == {
        "sv": SITE_URL + "regioner/",
        "x-default": SITE_URL + "regioner/",
        "en": SITE_URL + "en/regioner/",
        "fi": SITE_URL + "fi/regioner/",
    }


def test_the_manual_pdf_of_the_third_language(site):
    path = site.site / "fi" / "pdf" / "fi-manual.pdf"
    reader = pypdf.PdfReader(path)
    assert reader.trailer["/Root"]["/Lang"] == "fi"
    assert reader.metadata.title == f"{FI}National Referral Mechanism – the knowledge base edition"
    link = re.search(
        r'<a href="([^"]+)" type="application/pdf" download>(.*?)</a>',
        site.html("fi/manual/index.html"),
        re.S,
    )
    assert link[1] == "../pdf/fi-manual.pdf" and f"{FI}Download the manual as PDF" in link[2]
