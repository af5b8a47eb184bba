"""What `make bench` (scripts/bench/) computes from its measurements and what it builds with:
arithmetic, targets, run order, tables, the PDF log, synthetic pages, the copy and its child
configs, page weight, chart, event timer, and the report from recorded samples.

No timing is asserted here: `make bench` measures.
"""

from __future__ import annotations

import gzip
import inspect
import json
import re
import subprocess
import sys
import time

import pytest
import yaml
from mkdocs.config import load_config
from mkdocs.plugins import PluginCollection

from scripts import bench
from scripts.bench import preview

ROOT = bench.ROOT

# Arithmetic and targets ------------------------------------------------------------------


def test_median_and_spread():
    assert bench.median([3.0, 1.0, 2.0]) == 2.0
    assert bench.median([4.0, 1.0, 2.0, 3.0]) == 2.5
    assert bench.spread([1.0, 3.0, 2.0]) == "2.00 s (1.00–3.00, n=3)"
    assert bench.spread([1.5]) == "1.50 s (n=1)"
    assert bench.spread([]) == "–"
    with pytest.raises(ValueError):
        bench.median([])


def test_ratio_and_marginal_cost():
    assert bench.ratio(11.0, 10.0) == pytest.approx(1.1)
    assert bench.marginal(t_n=30.0, t_0=10.0, n=200) == pytest.approx(0.1)
    with pytest.raises(ValueError):
        bench.ratio(1.0, 0.0)
    with pytest.raises(ValueError):
        bench.marginal(1.0, 0.5, 0)


def test_runs_alternate_between_variants():
    assert bench.alternating(["A", "B"], 3) == [
        (0, "A"),
        (0, "B"),
        (1, "A"),
        (1, "B"),
        (2, "A"),
        (2, "B"),
    ]


def test_formats():
    assert bench.kb(70 * 1024) == "70.0 KB"
    assert bench.ms(0.0123) == "12.3 ms"
    assert bench.percent(0.1) == "+10.0 %"
    assert bench.percent(-0.05) == "-5.0 %"


def test_targets_hold_at_their_limit_and_fail_above_it():
    def ok(value, limit):
        return bench.target("t", value, limit, "").ok

    assert ok(bench.ratio(11.0, 10.0) - 1, bench.MAX_HOOK_OVERHEAD) is True  # 0.1000…09
    assert ok(bench.ratio(11.5, 10.0) - 1, bench.MAX_HOOK_OVERHEAD) is False
    assert ok(bench.ratio(0.011, 0.010) - 1, bench.MAX_MARGINAL_EXCESS) is True
    assert ok(bench.ratio(0.012, 0.010) - 1, bench.MAX_MARGINAL_EXCESS) is False
    assert ok(55.0 / 10.0, bench.MAX_SCALING) is True
    assert ok(56.0 / 10.0, bench.MAX_SCALING) is False
    assert ok(5.0 / 5.0, bench.MAX_PDF_RATIO) is True
    assert ok(5.1 / 5.0, bench.MAX_PDF_RATIO) is False
    assert ok(70 * 1024, bench.MAX_FIRST_VISIT_GZIP) is True
    assert ok(70 * 1024 + 1, bench.MAX_FIRST_VISIT_GZIP) is False
    assert bench.target("x", 2.0, 1.0, "why").line() == "FAIL: x – why"
    assert bench.target("x", None, 1.0, "why").line() == "NOT MEASURED: x – why"


def test_pdf_timings_from_the_hooks_log_lines():
    log = (
        "INFO    -  PDF (sv): pdf/manual.pdf – 19 pages, 120 kB; rendered in 6.6 s (1.8 s CPU) "
        "beside the build, assembled in 0.15 s; HTML build (sv): 3.1 s\n"
        "INFO    -  PDF (en): en/pdf/nrm.pdf – 22 pages, 132 kB, rendered in 2.3 s beside the "
        "build (assembly 0.20 s); HTML build (en): 5.5 s\n"
        "INFO    -  PDF export added 2.6 s to the build (HTML build: 8.6 s for sv, en)\n"
    )
    got = bench.pdf_timings(log)
    assert got["languages"]["sv"] == {"wall": 6.6, "cpu": 1.8, "assembly": 0.15}
    assert got["languages"]["en"] == {"wall": 2.3, "cpu": None, "assembly": 0.2}
    assert got["added"] == 2.6 and got["html"] == 8.6
    assert bench.pdf_timings("INFO - PDF export skipped (SKIP_PDF is set)") == {"languages": {}}


def test_markdown_table():
    table = bench.md_table(["Page", "Size"], [["a", "1 KB"], ["b", "2 KB"]])
    assert table.splitlines() == [
        "| Page | Size |",
        "| --- | ---: |",
        "| a | 1 KB |",
        "| b | 2 KB |",
    ]
    assert bench.md_table(["a", "b"], [["1", "2"]], "rl").splitlines()[1] == "| ---: | --- |"
    with pytest.raises(ValueError, match="2 cells"):
        bench.md_table(["a", "b", "c"], [["1", "2"]])


# The copy, its child configs and the synthetic pages ------------------------------------


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    """A copy with 3 synthetic pages per language and its four child configs."""
    project = bench.make_project(tmp_path_factory.mktemp("bench") / "project", 3)
    bench.write_variants(project, 3)
    return project


def test_the_copy_is_a_git_clone_with_the_working_tree_and_committed_pages(copy):
    assert (copy / "mkdocs.yml").read_bytes() == (ROOT / "mkdocs.yml").read_bytes()
    for name in ("hooks", "nspm", "overrides", "data"):
        assert sorted(p.name for p in (copy / name).iterdir() if p.name != "__pycache__") == sorted(
            p.name for p in (ROOT / name).iterdir() if p.name != "__pycache__"
        ), name
    git = ["git", "-C", str(copy), "log", "-1", "--format=%s", "--", "docs/sv/bench"]
    assert subprocess.run(git, capture_output=True, text=True).stdout.strip() == "bench pages"
    assert not (ROOT / "docs" / "sv" / "bench").exists()  # the checkout's docs/ untouched


def test_hooks_are_read_from_mkdocs_yml():
    config = bench.read_config(ROOT / "mkdocs.yml")
    assert config["site_url"].startswith("https://")  # !ENV resolved
    assert config["hooks"] and all((ROOT / hook).is_file() for hook in config["hooks"])


@pytest.mark.parametrize("prune", [False, True])
def test_child_config_without_hooks_keeps_only_the_context_and_replaces_the_features(copy, prune):
    parent = bench.read_config(copy / "mkdocs.yml")
    config = load_config(str(copy / bench.config_name(False, prune)))
    assert list(config.hooks) == [bench.CONTEXT]
    assert [name for name in config.plugins if name in parent["hooks"]] == [bench.CONTEXT]
    expected = [f for f in parent["theme"]["features"] if f != bench.PRUNE]
    assert config.theme["features"] == expected + [bench.PRUNE] * prune
    # theme is merged key by key: its other keys stay the parent's
    assert config.theme.dirs[0] == str(copy / parent["theme"]["custom_dir"])
    assert config.theme["palette"] == parent["theme"]["palette"]
    assert config.nav == parent["nav"] + [bench.nav_section(3)]
    assert english_labels(config)["Bench 01"] == "Bench 01"  # else the build stops
    assert config.markdown_extensions == load_config(str(copy / "mkdocs.yml")).markdown_extensions


@pytest.mark.parametrize("prune", [False, True])
def test_child_config_with_hooks_loads_every_hook_of_mkdocs_yml(copy, prune):
    parent = bench.read_config(copy / "mkdocs.yml")
    config = load_config(str(copy / bench.config_name(True, prune)))
    assert [name for name in config.plugins if name in parent["hooks"]] == parent["hooks"]
    assert config.theme["features"].count(bench.PRUNE) == int(prune)
    assert config.nav[-1] == {"Bench": [{"Bench 01": [bench.page_path(n) for n in range(3)]}]}


def test_child_config_written_as_yaml_holds_only_the_changes(copy):
    child = yaml.safe_load((copy / bench.config_name(False, False)).read_text(encoding="utf-8"))
    assert list(child) == ["INHERIT", "theme", "hooks", "nav", "plugins"]
    assert child["INHERIT"] == "mkdocs.yml" and child["hooks"] == [bench.CONTEXT]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_synthetic_page_is_realistic_markdown(lang):
    text = bench.synthetic_page(bench.GROUP - 1, bench.GROUP + 2, lang)
    front = re.match(r"---\n(.*?\n)---\n", text, re.DOTALL)
    meta = yaml.safe_load(front[1])
    assert set(meta) == {"title", "description"}
    assert all(isinstance(v, str) and v.strip() for v in meta.values())
    ids = re.findall(r"^#{1,3} .+ \{ #([\w-]+) \}$", text, re.MULTILINE)
    assert ids == ["sida-0019", "bakgrund", "tabell", "detaljer", "las-mer"]
    assert re.search(r"^\| .+ \|\n\| --- \| --- \| --- \|\n\| .+ \|$", text, re.MULTILINE)
    assert "*[EU]: " in text and " EU " in text
    assert "NSPM" in text  # expanded by the glossary hook
    links = re.findall(r"\]\(([^)]+)\)", text)
    assert links == ["../../stod/betanketid.md", "../del-02/sida-0020.md#tabell", "sida-0018.md"]


def test_synthetic_links_point_at_existing_pages(copy):
    for lang in bench.LANGUAGES:
        pages = sorted((copy / "docs" / lang / "bench").rglob("*.md"))
        assert [p.relative_to(copy / "docs" / lang).as_posix() for p in pages] == [
            bench.page_path(n) for n in range(3)
        ]
        for page in pages:
            for link in re.findall(r"\]\(([^)#]+)", page.read_text(encoding="utf-8")):
                assert (page.parent / link).resolve().is_file(), (page, link)


def test_synthetic_pages_in_nav_sections_of_twenty():
    sections = bench.nav_section(bench.GROUP + 3)["Bench"]
    assert [len(next(iter(s.values()))) for s in sections] == [bench.GROUP, 3]
    assert [p for s in sections for p in next(iter(s.values()))] == [
        bench.page_path(n) for n in range(bench.GROUP + 3)
    ]


def test_preview_copy_inherits_the_project_config(tmp_path):
    project = preview.make_copy(tmp_path / "p", 2)
    child = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    assert child["INHERIT"] == "mkdocs.project.yml"
    config = load_config(str(project / "mkdocs.yml"))
    assert config.nav[-1] == bench.nav_section(2)
    assert english_labels(config)["Bench"] == "Bench"
    changes = {label: (path, edit) for label, path, edit, _, _ in preview.changes(project, 5)}
    assert list(changes) == [
        "Swedish page",
        "English twin",
        "data/regions.yml",
        "override template",
        "mkdocs.yml",
    ]
    for path, edit in changes.values():
        original = (project / path).read_text(encoding="utf-8")
        assert "benchtoken1" in edit(original, "benchtoken1") != original
    edit_config = changes["mkdocs.yml"][1]
    text = edit_config((project / "mkdocs.yml").read_text(encoding="utf-8"), "benchtoken1")
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    edited = bench.read_config(project / "mkdocs.yml")
    assert edited["site_name"].endswith(" benchtoken1") and edited["nav"] == config.nav


# Page weight --------------------------------------------------------------------------


def test_resolve_relative_asset_paths():
    assert bench.resolve("stod/x/index.html", "../../assets/a.css") == "assets/a.css"
    assert bench.resolve("en/x/index.html", "../../assets/a.js?v=1") == "assets/a.js"
    assert bench.resolve("index.html", "https://example.org/a.js") is None
    assert bench.resolve("index.html", "//cdn.example.org/a.js") is None
    assert bench.resolve("index.html", "../outside.css") is None


def _site(tmp_path, langs):
    site = tmp_path / "site"
    (site / "en" / "x").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "en" / "search").mkdir()
    (site / "assets" / "a.css").write_text("body{color:red}" * 50, encoding="utf-8")
    (site / "assets" / "b.js").write_text("var a=1;" * 50, encoding="utf-8")
    (site / "assets" / "w.js").write_text("worker();" * 50, encoding="utf-8")
    lunr = site / bench.LUNR_DIR
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
    w = bench.weigh(site, "en/x/index.html")
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
        assert a.gzip == len(gzip.compress(data, compresslevel=6, mtime=0)) < a.raw
        assert a.brotli > 0
    assert w.total() == sum(a.gzip for a in w.assets)
    assert w.total("js", "raw") == 400 + 450
    assert w.total(size="brotli") == sum(a.brotli for a in w.assets)


def test_lunr_language_scripts_counted_for_a_swedish_index(tmp_path):
    site = _site(tmp_path, ["sv"])
    paths = [a.path for a in bench.weigh(site, "en/x/index.html").assets]
    assert f"{bench.LUNR_DIR}/lunr.stemmer.support.min.js" in paths
    assert f"{bench.LUNR_DIR}/lunr.sv.min.js" in paths
    assert f"{bench.LUNR_DIR}/lunr.multi.min.js" not in paths
    site2 = _site(tmp_path / "two", ["sv", "en"])
    paths = [a.path for a in bench.weigh(site2, "en/x/index.html").assets]
    assert f"{bench.LUNR_DIR}/lunr.multi.min.js" in paths


# Chart and event timer ------------------------------------------------------------------


def test_nice_tick_steps():
    assert [bench.nice_step(s) for s in (10, 55, 130, 0.9, 0)] == [2, 20, 50, 0.2, 1.0]


def test_chart_is_a_png(tmp_path):
    from PIL import Image

    path = tmp_path / "out" / "chart.png"
    series = {"with hooks": [(0, 3.0), (200, 20.0)], "without": [(0, 1.0), (200, 8.0)]}
    bench.write_chart(path, series, size=(400, 300))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(path) as image:
        assert image.size == (400, 300)
        assert len(image.getcolors(maxcolors=100000)) > 3  # lines drawn, not a blank image


def test_event_timer_counts_calls_and_subtracts_nested_ones(monkeypatch):
    clock = iter(range(100))  # a fake CPU clock: one tick per reading
    monkeypatch.setattr(time, "process_time", lambda: next(clock))
    timer = bench.EventTimer()

    def outer():
        return timer.call("hooks/b.py", "page_markdown", lambda: "inner") + "+outer"

    assert timer.call("i18n", "post_build", outer) == "inner+outer"
    assert timer.call("i18n", "post_build", outer) == "inner+outer"
    # each outer call reads the clock at 0 and 3, the inner one at 1 and 2
    assert timer.events["i18n"]["post_build"] == {"cpu": 4, "calls": 2}
    assert timer.events["hooks/b.py"]["page_markdown"] == {"cpu": 2, "calls": 2}
    with pytest.raises(ZeroDivisionError):
        timer.call("hooks/c.py", "config", lambda: 1 / 0)
    assert timer.events["hooks/c.py"]["config"]["calls"] == 1


def test_hook_timer_times_each_hook_event_of_a_real_build(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Start\n", encoding="utf-8")
    (tmp_path / "hooks").mkdir()
    hook = "def on_page_markdown(markdown, **kwargs):\n    return markdown + '\\n\\nadded'\n"
    (tmp_path / "hooks" / "h.py").write_text(hook, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nhooks: [hooks/h.py]\n", encoding="utf-8")
    timings = tmp_path / "t.json"
    build = ["build", "-f", "mkdocs.yml", "-d", str(tmp_path / "site")]
    cmd = [sys.executable, "-P", "-m", "scripts.bench", "hook-timer", str(timings), *build]
    subprocess.run(cmd, cwd=tmp_path, check=True, capture_output=True)
    assert "added" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    got = json.loads(timings.read_text(encoding="utf-8"))
    assert set(got["events"]["hooks/h.py"]) == {"import", "page_markdown"}
    assert got["events"]["hooks/h.py"]["page_markdown"]["calls"] == 1
    assert got["cpu"] >= sum(e["cpu"] for e in got["events"]["hooks/h.py"].values())


def test_the_timed_event_loop_is_the_one_of_the_pinned_mkdocs():
    """hook_timer copies PluginCollection.run_event's loop: this fails when MkDocs changes it."""
    source = inspect.getsource(PluginCollection.run_event)
    for line in (
        "pass_item = item is not None",
        "for method in self.events[name]:",
        "self._current_plugin = self._event_origins.get(method, '<unknown>')",
        "if result is not None:",
        "self._current_plugin = None",
    ):
        assert line in source


# The report -----------------------------------------------------------------------------


def test_report_from_recorded_samples(tmp_path):
    """report() on made-up samples: every section, and a PASS/FAIL line per target."""
    runner = bench.Runner(tmp_path / "work")
    cpu = {
        (0, True, "hooks"): 3.45,
        (0, True, "no-hooks"): 3.05,  # the context hook's 0.05 s (timed below) is subtracted
        (0, True, "pdf"): 3.65,
        (0, False, "hooks"): 2.8,
        (0, False, "no-hooks"): 2.7,
        (200, False, "hooks"): 23.0,
        (200, False, "no-hooks"): 22.9,
        (200, True, "hooks"): 12.8,
        (200, True, "no-hooks"): 12.7,
        (1000, True, "hooks"): 52.8,
        (1000, True, "no-hooks"): 71.12,
    }
    for key, value in cpu.items():
        runner.samples[key] = [bench.Sample(value, value * 2)] * 3
    runner.outputs[(0, True, "pdf")] = [
        "INFO - PDF (sv): x.pdf – 1 pages, 1 kB; rendered in 2.0 s (1.0 s CPU) beside the "
        "build, assembled in 0.1 s; HTML build (sv): 1 s\n"
        "INFO - PDF export added 1.5 s to the build (HTML build: 3.0 s for sv)\n"
    ] * 3
    events = {
        "hooks/a.py": {"post_page": {"cpu": 0.2, "calls": 64}},
        bench.CONTEXT: {"config": {"cpu": 0.05, "calls": 2}},
    }
    runner.timers[(0, True, "timer")] = [{"cpu": 3.0, "events": events}] * 3
    site = _site(tmp_path, ["en"])
    weights = {("sv", "content page"): bench.weigh(site, "en/x/index.html")}
    info = {"date": "d", "machine": "m", "commit": "x", "load_start": (1.0,) * 3}
    chart = tmp_path / "chart.png"
    text, checks = bench.report(
        runner, {**info, "load_end": (1.0,) * 3}, ["hooks/a.py"], weights, [200, 1000], chart
    )
    assert chart.is_file()
    lines = [c.line() for c in checks]
    assert lines[0] == (
        "FAIL: the hooks add at most 10 % to build time – "
        "3.45 s with hooks / 3.00 s without = +15.0 %"
    )
    assert sum(line.startswith("PASS: marginal cost per page") for line in lines) == 3
    assert any(
        line.startswith("PASS: linear growth") and "with hooks, navigation.prune on" in line
        for line in lines
    )
    assert any(line.startswith("FAIL: linear growth") and "= 5.60×" in line for line in lines)
    assert sum(line.startswith("NOT MEASURED: linear growth") for line in lines) == 2
    # PDF: 1.0 s render CPU (logged) + 3.65 − 3.45 s extra in the build, against 3.45 s HTML
    assert any(line.startswith("PASS: the PDF export") for line in lines)
    assert "1.00 + 0.20 = 1.20 s" in text
    assert any(line.startswith("PASS: a content page's first visit") for line in lines)
    for heading in ("### 1.", "### 2.", "### 3.", "### 4.", "### Targets"):
        assert heading in text
    assert "| `hooks/a.py` | 0.200 s | 6.7 % | post_page 0.200 s |" in text
    assert "| with the hooks | 3.45 s (3.45–3.45, n=3) | 6.90 s (6.90–6.90, n=3) |" in text


def english_labels(config) -> dict:
    languages = config.plugins["i18n"].config.languages
    return next(lang.nav_translations for lang in languages if lang.locale == "en")
