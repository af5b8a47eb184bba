"""The pure helpers of `make bench` (scripts/bench_*.py): arithmetic, targets, Markdown, the
config edits of the temporary copy, the synthetic pages, the page weight and the chart.

No timing is asserted here: `make bench` measures, these tests check what it computes from
its measurements and what it builds with.
"""

from __future__ import annotations

import json
import re
import sys

import pytest
from conftest import ROOT
from mkdocs.utils.yaml import yaml_load

sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "hooks"))

import bench_hooktimer  # noqa: E402
import bench_project as proj  # noqa: E402
import bench_stats as st  # noqa: E402
import bench_weight as weight  # noqa: E402
import front_matter  # noqa: E402

CONFIG = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def load(text: str) -> dict:
    return yaml_load(text)


# Arithmetic ----------------------------------------------------------------------------


def test_median_and_spread():
    assert st.median([3.0, 1.0, 2.0]) == 2.0
    assert st.median([4.0, 1.0, 2.0, 3.0]) == 2.5
    assert st.spread([1.0, 3.0, 2.0]) == "2.00 s (1.00–3.00, n=3)"
    assert st.spread([1.5]) == "1.50 s (n=1)"
    assert st.spread([]) == "–"
    with pytest.raises(ValueError):
        st.median([])


def test_ratio_and_marginal_cost():
    assert st.ratio(11.0, 10.0) == pytest.approx(1.1)
    assert st.marginal(t_n=30.0, t_0=10.0, n=200) == pytest.approx(0.1)
    with pytest.raises(ValueError):
        st.ratio(1.0, 0.0)
    with pytest.raises(ValueError):
        st.marginal(1.0, 0.5, 0)


def test_runs_alternate_between_variants():
    assert st.alternating(["A", "B"], 3) == [
        (0, "A"),
        (0, "B"),
        (1, "A"),
        (1, "B"),
        (2, "A"),
        (2, "B"),
    ]


def test_formats():
    assert st.kb(70 * 1024) == "70.0 KB"
    assert st.ms(0.0123) == "12.3 ms"
    assert st.percent(0.1) == "+10.0 %"
    assert st.percent(-0.05) == "-5.0 %"


# Targets ---------------------------------------------------------------------------------


def test_hook_overhead_target_boundary():
    assert st.check_hook_overhead(11.0, 10.0).ok is True
    failed = st.check_hook_overhead(11.5, 10.0)
    assert failed.ok is False
    assert failed.line().startswith("FAIL: the hooks add at most 10 %")
    assert "+15.0 %" in failed.line()


def test_marginal_scaling_pdf_and_weight_targets():
    assert st.check_marginal(0.011, 0.010, 200).ok is True
    assert st.check_marginal(0.012, 0.010, 200).ok is False
    assert st.check_scaling(10.0, 55.0, 200, 1000, "x").ok is True
    fail = st.check_scaling(10.0, 56.0, 200, 1000, "x")
    assert fail.ok is False and "5.60×" in fail.detail
    assert st.check_pdf(5.0, 5.0, "cpu").ok is True
    assert st.check_pdf(5.1, 5.0, "cpu").ok is False
    assert st.check_first_visit("p", 70 * 1024).ok is True
    assert st.check_first_visit("p", 70 * 1024 + 1).ok is False


def test_unmeasured_target_is_neither_pass_nor_fail():
    assert st.Check("x", None, "why").line() == "NOT MEASURED: x – why"


# The PDF hook's log ------------------------------------------------------------------------


def test_pdf_timings_from_the_hooks_log_lines():
    log = (
        "INFO    -  PDF (sv): pdf/manual.pdf – 19 pages, 120 kB; rendered in 6.6 s (1.8 s CPU) "
        "beside the build, assembled in 0.15 s; HTML build (sv): 3.1 s\n"
        "INFO    -  PDF (en): en/pdf/nrm.pdf – 22 pages, 132 kB, rendered in 2.3 s beside the "
        "build (assembly 0.20 s); HTML build (en): 5.5 s\n"
        "INFO    -  PDF export added 2.6 s to the build (HTML build: 8.6 s for sv, en)\n"
    )
    got = st.pdf_timings(log)
    assert got["languages"]["sv"] == {"wall": 6.6, "cpu": 1.8, "assembly": 0.15}
    assert got["languages"]["en"] == {"wall": 2.3, "cpu": None, "assembly": 0.2}
    assert got["added"] == 2.6 and got["html"] == 8.6
    assert st.pdf_timings("INFO - PDF export skipped (SKIP_PDF is set)") == {"languages": {}}


# Markdown -------------------------------------------------------------------------------


def test_markdown_table():
    table = st.md_table(["Page", "Size"], [["a", "1 KB"], ["b", "2 KB"]])
    assert table.splitlines() == [
        "| Page | Size |",
        "| --- | ---: |",
        "| a | 1 KB |",
        "| b | 2 KB |",
    ]
    with pytest.raises(ValueError, match="2 cells"):
        st.md_table(["a", "b", "c"], [["1", "2"]])


# Config edits of the temporary copy -----------------------------------------------------


def test_hooks_are_read_and_removed_from_the_real_config():
    hooks = proj.hooks_of(CONFIG)
    assert hooks == load(CONFIG)["hooks"]
    assert hooks and all(h.startswith("hooks/") for h in hooks)
    emptied = load(proj.set_hooks(CONFIG, []))
    assert emptied["hooks"] == []
    original = load(CONFIG)
    for key in ("nav", "plugins", "theme", "markdown_extensions", "validation"):
        assert emptied[key] == original[key], key


def test_one_hook_removed_keeps_the_others_in_order():
    hooks = proj.hooks_of(CONFIG)
    rest = load(proj.set_hooks(CONFIG, hooks[1:]))["hooks"]
    assert rest == hooks[1:]


def test_navigation_prune_added_once_and_removed():
    base = proj.remove_feature(CONFIG, "navigation.prune")
    assert "navigation.prune" not in load(base)["theme"]["features"]
    pruned = proj.add_feature(base, "navigation.prune")
    features = load(pruned)["theme"]["features"]
    assert features.count("navigation.prune") == 1
    assert features[:-1] == load(base)["theme"]["features"]
    assert proj.add_feature(pruned, "navigation.prune") == pruned
    assert proj.remove_feature(pruned, "navigation.prune") == base


def test_synthetic_pages_appended_to_the_nav_in_sections():
    count = proj.GROUP + 3
    nav = load(proj.append_nav(CONFIG, proj.nav_entries(count)))["nav"]
    assert nav[:-1] == load(CONFIG)["nav"]
    sections = nav[-1]["Bench"]
    assert [len(next(iter(s.values()))) for s in sections] == [proj.GROUP, 3]
    listed = [p for s in sections for p in next(iter(s.values()))]
    assert listed == [proj.page_path(n) for n in range(count)]
    assert proj.nav_entries(0) == ""


def test_block_detection_stops_at_the_next_section_comment():
    text = "a: 1\nhooks:\n  - x.py\n  # note\n  - y.py\n\n# Next section\nb: 2\n"
    assert proj.hooks_of(text) == ["x.py", "y.py"]
    assert proj.set_hooks(text, []) == "a: 1\nhooks: []\n\n# Next section\nb: 2\n"
    with pytest.raises(ValueError, match="nav"):
        proj.append_nav(text, "  - x.md\n")


# Synthetic pages -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_synthetic_page_is_realistic_markdown(lang):
    text = proj.synthetic_page(proj.GROUP - 1, proj.GROUP + 2, lang)
    assert front_matter.check(text, translated=lang == "en") == []
    meta = load(text.split("---\n")[1])
    assert meta["title"] and meta["description"]
    ids = re.findall(r"^#{1,3} .+ \{ #([\w-]+) \}$", text, re.MULTILINE)
    assert ids == ["sida-0019", "bakgrund", "tabell", "detaljer", "las-mer"]
    assert re.search(r"^\| .+ \|\n\| --- \| --- \| --- \|$", text, re.MULTILINE)
    assert "*[EU]: " in text and " EU " in text
    assert "NSPM" in text  # expanded by hooks/glossary.py
    links = re.findall(r"\]\(([^)]+)\)", text)
    assert links == ["../../stod/betanketid.md", "../del-02/sida-0020.md#tabell", "sida-0018.md"]


def test_synthetic_links_point_at_existing_pages(tmp_path):
    project = tmp_path / "p"
    (project / "docs" / "sv" / "stod").mkdir(parents=True)
    (project / "docs" / "en" / "stod").mkdir(parents=True)
    for lang in ("sv", "en"):
        (project / "docs" / lang / proj.REAL_PAGE).write_text("x", encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_name: x\nnav:\n  - index.md\n", encoding="utf-8")
    proj.add_pages(project, 3)
    for lang in ("sv", "en"):
        pages = sorted((project / "docs" / lang / "bench").rglob("*.md"))
        assert [p.relative_to(project / "docs" / lang).as_posix() for p in pages] == [
            proj.page_path(n) for n in range(3)
        ]
        for page in pages:
            for link in re.findall(r"\]\(([^)#]+)", page.read_text(encoding="utf-8")):
                assert (page.parent / link).resolve().is_file(), (page, link)
    nav = load((project / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    assert nav[-1] == {"Bench": [{"Bench 01": [proj.page_path(n) for n in range(3)]}]}


# Page weight ------------------------------------------------------------------------------


def test_resolve_relative_asset_paths():
    assert weight.resolve("stod/x/index.html", "../../assets/a.css") == "assets/a.css"
    assert weight.resolve("en/x/index.html", "../../assets/a.js?v=1") == "assets/a.js"
    assert weight.resolve("index.html", "https://example.org/a.js") is None
    assert weight.resolve("index.html", "//cdn.example.org/a.js") is None
    assert weight.resolve("index.html", "../outside.css") is None


def _site(tmp_path, langs):
    site = tmp_path / "site"
    (site / "en" / "x").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "en" / "search").mkdir()
    (site / "assets" / "a.css").write_text("body{color:red}" * 50, encoding="utf-8")
    (site / "assets" / "b.js").write_text("var a=1;" * 50, encoding="utf-8")
    (site / "assets" / "w.js").write_text("worker();" * 50, encoding="utf-8")
    lunr = site / weight.LUNR_DIR
    lunr.mkdir(parents=True)
    for name in ("lunr.stemmer.support.min.js", "lunr.sv.min.js", "lunr.multi.min.js"):
        (lunr / name).write_text("lunr", encoding="utf-8")
    index = {"config": {"lang": langs}, "docs": [{"location": "", "text": "x" * 500}]}
    (site / "en" / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
    config = {"base": "../../en/", "search": "../../assets/w.js"}
    html = (
        '<html><head><link rel="stylesheet" href="../../assets/a.css">'
        '<link rel="icon" href="../../assets/i.svg">'
        '<link rel="stylesheet" href="https://other.example/x.css"></head><body>'
        f'<script id="__config" type="application/json">{json.dumps(config)}</script>'
        '<script src="../../assets/b.js"></script><script src="../../assets/gone.js"></script>'
        "</body></html>"
    )
    (site / "en" / "x" / "index.html").write_text(html, encoding="utf-8")
    return site


def test_first_visit_weight_counts_html_css_js_worker_and_index(tmp_path):
    site = _site(tmp_path, ["en"])
    w = weight.weigh(site, "en/x/index.html")
    assert [(a.kind, a.path) for a in w.assets] == [
        ("html", "en/x/index.html"),
        ("css", "assets/a.css"),
        ("js", "assets/b.js"),
        ("js", "assets/w.js"),
        ("index", "en/search/search_index.json"),
    ]
    assert w.missing == ["assets/i.svg", "assets/gone.js"]
    for a in w.assets:
        data = (site / a.path).read_bytes()
        assert a.raw == len(data)
        assert a.gzip == weight.gzip_size(data) < a.raw
    assert w.total() == sum(a.gzip for a in w.assets)
    assert w.total("js", compressed=False) == 400 + 450
    assert w.total_brotli() == sum(a.brotli for a in w.assets)  # brotli is pinned


def test_lunr_language_scripts_counted_for_a_swedish_index(tmp_path):
    site = _site(tmp_path, ["sv"])
    paths = [a.path for a in weight.weigh(site, "en/x/index.html").assets]
    assert f"{weight.LUNR_DIR}/lunr.stemmer.support.min.js" in paths
    assert f"{weight.LUNR_DIR}/lunr.sv.min.js" in paths
    assert f"{weight.LUNR_DIR}/lunr.multi.min.js" not in paths
    site2 = _site(tmp_path / "two", ["sv", "en"])
    paths = [a.path for a in weight.weigh(site2, "en/x/index.html").assets]
    assert f"{weight.LUNR_DIR}/lunr.multi.min.js" in paths


def test_index_sizes(tmp_path):
    site = _site(tmp_path, ["en"])
    sizes = weight.index_sizes(site, {"en": "en/search/search_index.json", "sv": "nope.json"})
    raw = (site / "en/search/search_index.json").stat().st_size
    assert list(sizes) == ["en"] and sizes["en"][0] == raw and sizes["en"][1] < raw


# Chart ----------------------------------------------------------------------------------------


def test_nice_tick_steps():
    assert [st.nice_step(s) for s in (10, 55, 130, 0.9, 0)] == [2, 20, 50, 0.2, 1.0]


def test_chart_is_a_png(tmp_path):
    from PIL import Image

    path = tmp_path / "out" / "chart.png"
    st.write_chart(
        path,
        {"with hooks": [(0, 3.0), (200, 20.0)], "without": [(0, 1.0), (200, 8.0)]},
        title="t",
        x_label="pages",
        y_label="s",
        size=(400, 300),
    )
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(path) as image:
        assert image.size == (400, 300)
        assert len(image.getcolors(maxcolors=100000)) > 3  # lines drawn, not a blank image


# Hook timer -----------------------------------------------------------------------------------


def test_event_timer_counts_calls_and_subtracts_nested_ones():
    timer = bench_hooktimer.EventTimer()

    def inner():
        return "inner"

    def outer():
        return timer.call("hooks/b.py", "page_markdown", inner) + "+outer"

    assert timer.call("i18n", "post_build", outer) == "inner+outer"
    assert timer.call("i18n", "post_build", outer) == "inner+outer"
    got = timer.as_dict()
    assert got["i18n"]["post_build"]["calls"] == 2
    assert got["hooks/b.py"]["page_markdown"]["calls"] == 2
    assert set(got) == {"i18n", "hooks/b.py"}
    with pytest.raises(ZeroDivisionError):
        timer.call("hooks/c.py", "config", lambda: 1 / 0)
    assert timer.as_dict()["hooks/c.py"]["config"]["calls"] == 1


# The report -----------------------------------------------------------------------------------


def test_report_from_recorded_samples(tmp_path):
    """bench.report() on made-up samples: every section, and a PASS/FAIL line per target."""
    import argparse

    import bench

    runner = bench.Runner(tmp_path / "work")
    cpu = {
        (0, False, "hooks"): 3.0,
        (0, False, "no-hooks"): 2.9,
        (0, False, "pdf"): 3.2,
        (0, True, "hooks"): 2.8,
        (0, True, "no-hooks"): 2.7,
        (200, False, "hooks"): 23.0,
        (200, False, "no-hooks"): 22.9,
        (200, True, "hooks"): 12.8,
        (200, True, "no-hooks"): 12.7,
        (1000, True, "hooks"): 52.8,
        (1000, True, "no-hooks"): 52.7,
    }
    cpu[(0, False, "-a")] = 2.95
    for key, value in cpu.items():
        runner.samples[key] = [st.Sample(value, value * 2)] * 3
    runner.failed["-b"] = "ERROR - something needs hooks/b.py"
    pdf_log = (
        "INFO - PDF (sv): x.pdf – 1 pages, 1 kB; rendered in 2.0 s (1.0 s CPU) beside the "
        "build, assembled in 0.1 s; HTML build (sv): 1 s\n"
        "INFO - PDF export added 1.5 s to the build (HTML build: 3.0 s for sv)\n"
    )
    runner.outputs[(0, False, "pdf")] = [pdf_log] * 3
    event = {"post_page": {"cpu": 0.2, "wall": 0.3, "calls": 64}}
    runner.timers[(0, False, "timer")] = [
        {"total": {"cpu": 3.0, "wall": 4.0}, "events": {"hooks/a.py": event}}
    ] * 3
    site = _site(tmp_path, ["en"])
    weights = {("en", bench.CONTENT_PAGE): weight.weigh(site, "en/x/index.html")}
    args = argparse.Namespace(runs=3, runs_large=3, remove_each=True)
    info = {
        "date": "d",
        "nproc": 2,
        "cpu": "c",
        "ram": "r",
        "python": "p",
        "versions": {"mkdocs": "1"},
        "commit": "x",
        "load_start": (1.0, 1.0, 1.0),
        "load_end": (1.0, 1.0, 1.0),
    }
    chart = tmp_path / "chart.png"
    text, checks, figures = bench.report(
        runner,
        args,
        info,
        ["hooks/a.py", "hooks/b.py"],
        weights,
        {},
        [200, 1000],
        [False, True],
        chart,
    )
    assert chart.is_file()
    lines = [c.line() for c in checks]
    assert any(line.startswith("PASS: the hooks add at most 10 %") for line in lines)
    assert any(line.startswith("PASS: linear growth") and "prune on" in line for line in lines)
    assert any(line.startswith("NOT MEASURED: linear growth") for line in lines)
    # PDF: 1.0 s render CPU (logged) + 3.2 − 3.0 s extra in the build, against 3.0 s HTML
    assert any(line.startswith("PASS: the PDF export") for line in lines)
    assert "1.00 + 0.20 = 1.20 s" in text
    assert any(line.startswith("PASS: a content page's first visit") for line in lines)
    for heading in ("### 1.", "### 2.", "### 3.", "### 4.", "### Targets"):
        assert heading in text
    assert "`hooks/a.py`" in text
    assert figures["pdf"]["render_cpu"] == 1.0
    assert figures["removal"] == {"hooks/a.py": pytest.approx(0.05)}
    assert "| without `hooks/a.py` | 2.95 s (2.95–2.95, n=3) | -1.7 % |" in text
    assert "| without `hooks/b.py` | build failed |" in text


def test_variant_config_files(tmp_path):
    import bench

    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    hooks = proj.hooks_of(CONFIG)
    bench.write_configs(tmp_path, hooks, remove_each=True)
    assert load((tmp_path / bench.config_of("hooks", False)).read_text())["hooks"] == hooks
    assert load((tmp_path / bench.config_of("pdf", False)).read_text())["hooks"] == hooks
    assert load((tmp_path / bench.config_of("no-hooks", False)).read_text())["hooks"] == []
    pruned = load((tmp_path / bench.config_of("no-hooks", True)).read_text())
    assert pruned["hooks"] == [] and "navigation.prune" in pruned["theme"]["features"]
    first = f"-{bench.hook_name(hooks[0])}"
    assert load((tmp_path / bench.config_of(first, False)).read_text())["hooks"] == hooks[1:]
