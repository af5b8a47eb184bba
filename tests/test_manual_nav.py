"""hooks/manual.py: step navigation, the steps × actors matrix, the process – and bad front matter.

Unit tests call the helpers directly; build tests render a small bilingual fixture site
(the real config, hooks and overrides, with its own docs) and assert on the HTML and on
the build's messages. ``make_site`` is shared with tests/test_glossary.py and test_search.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import copy_project, run_build

from nspm import manual

ACTORS = {
    "sv": {"alfa": "Alfaverket", "beta": "Betatjänsten"},
    "en": {"alfa": "Alpha Agency", "beta": "Beta Service"},
}
STEP_NAMES = {
    "sv": ["Ett", "Två", "Tre", "Fyra", "Fem", "Sex"],
    "en": ["One", "Two", "Three", "Four", "Five", "Six"],
}
# step → actors, the same in both languages unless a test changes it
STEP_ACTORS = {1: ["alfa"], 2: ["alfa", "beta"], 3: [], 4: ["beta"], 5: ["beta"], 6: ["alfa"]}


def page(title: str, body: str, **meta) -> str:
    lines = [f"title: {title}", f"description: {title} – a page of the test site."]
    lines += [f"{key}: {value}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body.strip() + "\n"


def fixture_docs(step_actors=None, overrides=None) -> dict[str, str]:
    """A small bilingual site: start page, glossary page, the manual with six steps."""
    step_actors = step_actors or {}
    docs: dict[str, str] = {}
    for lang in ("sv", "en"):
        sv = lang == "sv"
        start = (
            "# Om NSPM { #start }\n\nNSPM och NMT arbetar. Koden `NSPM`, [NSPM](ordlista.md)."
            if sv
            else "# About NSPM { #start }\n\nNSPM and NMT work. Code `NSPM`, [NSPM](ordlista.md)."
        )
        docs[f"{lang}/index.md"] = page(
            "Start" if sv else "Home",
            start + "\n\n## NSPM i rubriken { #rubrik }\n\nText om människohandel och ÅMP.\n",
        )
        docs[f"{lang}/ordlista.md"] = page(
            "Ordlista" if sv else "Glossary",
            f"# {'Ordlista' if sv else 'Glossary'} {{ #ordlista }}\n\n<!-- glossary:list -->",
        )
        docs[f"{lang}/manual/index.md"] = page(
            "Manualen" if sv else "The manual",
            f"# {'Manualen' if sv else 'The manual'} {{ #manual }}\n\n<!-- manual:steps -->\n\n"
            "1. [Ett](steg-1.md)\n2. [Två](steg-2.md)\n\n## Mer { #mer }\n\n"
            "[Aktörer](aktorer/index.md).",
        )
        docs[f"{lang}/manual/aktorer/index.md"] = page(
            "Aktörer" if sv else "Actors",
            f"# {'Aktörer' if sv else 'Actors'} {{ #aktorer }}\n\n<!-- manual:matrix -->",
        )
        for stem, name in ACTORS[lang].items():
            docs[f"{lang}/manual/aktorer/{stem}.md"] = page(
                name, f"# {name} {{ #{stem} }}\n\nText."
            )
        for number, name in enumerate(STEP_NAMES[lang], start=1):
            actors = step_actors.get((lang, number), STEP_ACTORS[number])
            docs[f"{lang}/manual/steg-{number}.md"] = page(
                f"{number}. {name}",
                f"# {name} {{ #steg }}\n\nText.",
                step=number,
                actors="[" + ", ".join(actors) + "]",
            )
    docs.update(overrides or {})
    return docs


# Small glossaries for the fixture site: its pages do not exist for the real glossary's links.
GLOSSARY = {
    "sv": "- abbr: NSPM\n  title: Nationella samordningen mot prostitution och människohandel\n"
    "  text: Samordnar arbetet.\n  link: index.md\n"
    "- abbr: NMT\n  title: Nationellt metodstödsteam\n  text: Ett nätverk.\n"
    "- abbr: ÅMP\n  title: Återvändandeprogrammet Människohandel Prostitution\n"
    "  text: Ett program.\n",
    "en": "- abbr: NSPM\n  title: National Coordination Against Prostitution and Trafficking in "
    "Human Beings\n  text: Coordinates the work.\n  link: index.md\n"
    "- abbr: NMT\n  title: National Task Force against Prostitution and Human Trafficking\n"
    "  text: A network.\n"
    "- abbr: ÅMP\n  title: Återvändandeprogrammet Människohandel Prostitution (the return "
    "programme)\n  text: A programme.\n",
}


def make_site(tmp_path: Path, docs: dict[str, str], *, data: dict[str, str] | None = None) -> Path:
    """The real project's config, hooks, overrides and data with ``docs`` as its pages.

    The real page tree (nav) is dropped, so MkDocs builds the tree from the files. The
    glossaries are the small ones above unless ``data`` (path → text) says otherwise.
    """
    project = copy_project(tmp_path / "project", docs=False)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.split("\nnav:\n", 1)[0] + "\n"
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    files = {f"data/glossary/{lang}.yml": text for lang, text in GLOSSARY.items()}
    files.update(data or {})
    files.update({f"docs/{rel}": text for rel, text in docs.items()})
    for rel, text in files.items():
        path = project / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return project


def build(tmp_path: Path, docs: dict[str, str]):
    project = make_site(tmp_path, docs)
    env = {"SKIP_PDF": "1", "SITE_URL": "https://example.org/nspm-kunskapsbank/"}
    return run_build(project, tmp_path / "site", env=env)


@pytest.fixture(scope="module")
def good_build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("manual-nav")
    result = build(tmp, fixture_docs())
    assert result.returncode == 0, result.output
    return result


# Unit tests of the helpers ------------------------------------------------------


def test_matrix_rows_flags_each_step_an_actor_acts_in():
    steps = [{"number": n, "actors": a} for n, a in ((1, ["x"]), (2, ["x", "y"]), (3, []))]
    actors = [{"id": "x"}, {"id": "y"}, {"id": "z"}]
    rows = manual.matrix_rows(steps, actors)
    assert [flags for _, flags in rows] == [
        [True, True, False],
        [False, True, False],
        [False, False, False],
    ]


def test_check_front_matter_names_file_line_and_known_ids():
    lines = {"title": 2, "step": 4, "actors": 5}
    problems = manual.check_front_matter(
        {"step": 7, "actors": ["alfa", "gamma"]}, lines, ["alfa", "beta"], "docs/sv/x.md"
    )
    assert problems[0].startswith("docs/sv/x.md:4: step 7 is not a number from 1 to 6")
    assert problems[1].startswith("docs/sv/x.md:5: unknown actor id(s) gamma;")
    assert "alfa, beta" in problems[1]


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"step": 0, "actors": []}, "step 0 is not a number"),
        ({"step": "2", "actors": []}, "step '2' is not a number"),
        ({"step": True, "actors": []}, "step True is not a number"),
        ({"step": 2}, "'actors' is missing"),
        ({"step": 2, "actors": "alfa"}, "'actors' must be a list"),
        ({"step": 2, "actors": ["alfa", "alfa"]}, "listed twice: alfa"),
    ],
)
def test_check_front_matter_rejects(meta, expected):
    problems = manual.check_front_matter(meta, {"step": 3}, ["alfa"], "p.md")
    assert len(problems) == 1 and expected in problems[0]


def test_check_front_matter_accepts_a_good_step():
    assert manual.check_front_matter({"step": 6, "actors": []}, {}, [], "p.md") == []


def test_insert_after_h1_and_short_title():
    md = "# Akut skydd { #x }\n\nText.\n\n# Another h1\n"
    out = manual.insert_after_h1(md, "<nav>N</nav>")
    assert out.startswith("# Akut skydd { #x }\n\n<nav>N</nav>\n\nText.")
    assert manual.insert_after_h1("Text only.", "<nav/>").startswith("<nav/>\n\nText only.")
    assert manual.short_title("2. Akut skydd") == "Akut skydd"
    assert manual.short_title("Akut skydd") == "Akut skydd"


# Build tests ------------------------------------------------------------------


def _stepnav(html: str) -> str:
    match = re.search(r'<nav class="nspm-stepnav".*?</nav>', html, re.DOTALL)
    assert match, "no step navigation on the page"
    return match.group(0)


@pytest.mark.parametrize(
    ("path", "position", "label"),
    [
        ("manual/steg-2/index.html", "Steg 2 av 6", "Manualens steg"),
        ("en/manual/steg-2/index.html", "Step 2 of 6", "Steps of the manual"),
    ],
)
def test_step_page_shows_position_previous_and_next(good_build, path, position, label):
    nav = _stepnav(good_build.html(path))
    assert f'aria-label="{label}"' in nav
    assert f">{position}</p>" in nav
    assert re.search(r'<a href="\.\./steg-1/" rel="prev">.*1\. (Ett|One)</a>', nav)
    assert re.search(r'<a href="\.\./steg-3/" rel="next">.*3\. (Tre|Three)</a>', nav)


def test_first_and_last_steps_have_one_neighbour(good_build):
    first = _stepnav(good_build.html("manual/steg-1/index.html"))
    last = _stepnav(good_build.html("en/manual/steg-6/index.html"))
    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="next"' not in last and 'rel="prev"' in last
    assert "Step 6 of 6" in last


def test_step_navigation_sits_under_the_h1_and_not_in_the_search_index(good_build):
    html = good_build.html("manual/steg-4/index.html")
    assert html.index("<h1") < html.index('class="nspm-stepnav"') < html.index("<p>Text.</p>")
    assert "data-search-exclude" in _stepnav(html)
    index = (good_build.site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Steg 4 av 6" not in index


def test_non_step_pages_have_no_step_navigation(good_build):
    for path in ("manual/index.html", "manual/aktorer/alfa/index.html", "index.html"):
        assert "nspm-stepnav" not in good_build.html(path)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_matrix_is_a_table_from_the_front_matter(good_build, lang):
    prefix = "" if lang == "sv" else "en/"
    html = good_build.html(f"{prefix}manual/aktorer/index.html")
    assert "<!-- manual:matrix -->" not in html
    table = re.search(r"<table>.*?</table>", html, re.DOTALL).group(0)
    assert "<caption>" in table
    heads = re.findall(r'<th scope="col">(.*?)</th>', table)
    assert len(heads) == 7  # the actor column and six steps
    assert 'href="../steg-2/"' in heads[2] and STEP_NAMES[lang][1] in heads[2]
    rows = re.findall(r'<tr>\s*<th scope="row">(.*?)</th>(.*?)</tr>', table, re.DOTALL)
    got = {}
    for head, cells in rows:
        name = re.sub(r"<[^>]+>", "", head)
        got[name] = ["nspm-matrix__yes" in c for c in re.findall(r"<td.*?</td>", cells)]
    names = ACTORS[lang]
    assert got == {
        names[actor]: [actor in STEP_ACTORS[n] for n in range(1, 7)] for actor in ("alfa", "beta")
    }
    yes = "agerar i steget" if lang == "sv" else "acts in this step"
    assert f'<span aria-hidden="true">✓</span><span class="nspm-sr-only">{yes}</span>' in table


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_overview_shows_the_steps_as_an_ordered_list(good_build, lang):
    prefix = "" if lang == "sv" else "en/"
    html = good_build.html(f"{prefix}manual/index.html")
    process = re.search(r'<ol class="nspm-process".*?</ol>', html, re.DOTALL).group(0)
    titles = re.findall(r'class="nspm-process__title">(.*?)</span>', process)
    assert titles == STEP_NAMES[lang]
    assert 'href="steg-1/"' in process
    # the plain fallback list after the marker is replaced, not shown twice
    article = re.search(r"<article.*?</article>", html, re.DOTALL).group(0)
    assert article.count('href="steg-2/"') == 1
    assert "<!-- manual:steps -->" not in html


def test_bad_front_matter_stops_the_build_naming_every_file_and_line(tmp_path):
    docs = fixture_docs(
        step_actors={("sv", 2): ["alfa", "gamma"], ("en", 5): ["alfa"]},
        overrides={
            "sv/manual/steg-3.md": page("3. Tre", "# Tre { #steg }", step=9, actors="[]"),
            "sv/manual/extra.md": page("Extra", "# Extra { #extra }", step=4, actors="[beta]"),
        },
    )
    result = build(tmp_path, docs)
    assert result.returncode != 0
    out = result.output
    # front matter: title (line 2), description (3), step (4), actors (5)
    assert "docs/sv/manual/steg-2.md:5: unknown actor id(s) gamma" in out
    assert "docs/sv/manual/steg-3.md:4: step 9 is not a number from 1 to 6" in out
    assert re.search(r"docs/sv/manual/(extra|steg-4)\.md:4: step 4 is also given by", out)
    assert (
        "docs/en/manual/steg-5.md:5: actors ['alfa'] but its twin docs/sv/manual/steg-5.md" in out
    )
    assert "4 problem(s) in the manual's front matter" in out


def test_no_step_pages_means_no_manual_features(tmp_path):
    docs = {k: v for k, v in fixture_docs().items() if "/manual/" not in k}
    result = build(tmp_path, docs)
    assert result.returncode == 0, result.output
    assert "nspm-stepnav" not in result.html("index.html")
