"""scripts/bench.py – `make bench`: build time, hook overhead, scaling, PDF and page weight.

Every build runs in a temporary copy of the project (a local git clone, so the hooks read
real history, with the working tree's mkdocs.yml, hooks/, overrides/, data/ and docs/ laid
over it); docs/ and site/ of the checkout are never touched. Variants differ only in the
config file they build with (same folder, so paths resolve the same):

- ``hooks``    the project's mkdocs.yml (SKIP_PDF=1)
- ``no-hooks`` the same with ``hooks: []`` (SKIP_PDF=1); markers the hooks would replace
               stay in the HTML as harmless comments
- ``pdf``      the project's mkdocs.yml with the PDF export (SKIP_PDF unset)
- ``-<hook>``  (--remove-each) the project's hooks but one

Each measurement is the median of --runs rounds, variants alternating within a round
(A B A B A B). Time is measured twice per build: CPU (user + sys of `mkdocs build` and the
processes it waited for, from wait4 – robust on a shared machine) and wall clock. The
targets are judged on CPU time; the tables show both. The PDF renders in a forkserver
worker that wait4 does not see, so its CPU time is read from the line hooks/pdf.py logs.

1. hook overhead on the real site, and per hook (scripts/bench_hooktimer.py: each hook's
   exclusive event time inside one build);
2. marginal cost per page: N synthetic pages per language (scripts/bench_project.py) with
   and without the hooks, with and without ``navigation.prune``;
3. the PDF export against the HTML build;
4. page weight of four kinds of page and each language's search index.

Writes bench-results/results.md (the report), results.json and build-time.png; prints
the report and PASS/FAIL per target. Exits 0 when targets fail (it is a report); exits 1
only when a build fails.

    .venv/bin/python scripts/bench.py [--runs 3] [--sizes 200,1000] [--full] [--remove-each]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_project as proj  # noqa: E402
import bench_stats as st  # noqa: E402
import bench_weight as weight  # noqa: E402

ROOT = proj.ROOT
PYTHON = sys.executable
TIMER = Path(__file__).resolve().parent / "bench_hooktimer.py"
BUILD_TIMEOUT = 1800  # seconds for one build

# Kinds of page for the page weight (site-relative, Swedish; English under en/).
PAGES = {
    "start page": "index.html",
    "content page": "stod/betanketid/index.html",
    "manual step": "manual/identifiering/index.html",
    "regions page": "stod/regionkoordinatorer/index.html",
}
CONTENT_PAGE = "content page"
SEARCH_INDEXES = {"sv": "search/search_index.json", "en": "en/search/search_index.json"}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------
# Projects and builds
# ----------------------------------------------------------------------------


def make_project(dest: Path, pages: int) -> Path:
    """A git clone of the checkout with its working files and ``pages`` synthetic pages."""
    subprocess.run(
        ["git", "clone", "-q", "--local", "--no-checkout", str(ROOT), str(dest)], check=True
    )
    subprocess.run(["git", "checkout", "-q", "HEAD", "--", "."], cwd=dest, check=True)
    for name in proj.INPUTS:
        shutil.rmtree(dest / name, ignore_errors=True)
    proj.copy_project(dest)
    if pages:
        proj.add_pages(dest, pages)
        git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost"]
        subprocess.run([*git, "add", "docs"], cwd=dest, check=True)
        subprocess.run(
            [*git, "commit", "-q", "--no-verify", "-m", "bench pages"], cwd=dest, check=True
        )
    return dest


def write_configs(project: Path, hooks: list[str], remove_each: bool) -> None:
    """The config file of each variant, next to mkdocs.yml (``mkdocs.<variant>.yml``)."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    for prune in (False, True):
        suffix = ".prune" if prune else ""
        base = (
            proj.add_feature(text, "navigation.prune")
            if prune
            else proj.remove_feature(text, "navigation.prune")
        )
        (project / f"mkdocs.hooks{suffix}.yml").write_text(base, encoding="utf-8")
        (project / f"mkdocs.no-hooks{suffix}.yml").write_text(
            proj.set_hooks(base, []), encoding="utf-8"
        )
    if remove_each:
        for hook in hooks:
            others = [h for h in hooks if h != hook]
            (project / f"mkdocs.-{hook_name(hook)}.yml").write_text(
                proj.set_hooks(text, others), encoding="utf-8"
            )


def hook_name(hook: str) -> str:
    return Path(hook).stem


def config_of(variant: str, prune: bool) -> str:
    if variant in ("pdf", "timer"):
        variant = "hooks"
    return f"mkdocs.{variant}{'.prune' if prune and not variant.startswith('-') else ''}.yml"


def run_build(project: Path, variant: str, prune: bool, site: Path, logs: Path) -> tuple:
    """Build one variant; (Sample, output text, timer JSON or None). Raises if it fails."""
    config = config_of(variant, prune)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SKIP_PDF": "1"}
    if variant == "pdf":
        env.pop("SKIP_PDF")
    timer_json = logs / f"timer-{time.time_ns()}.json"
    if variant == "timer":
        cmd = [PYTHON, str(TIMER), "-f", config, "-d", str(site), "--json", str(timer_json)]
    else:
        cmd = [PYTHON, "-m", "mkdocs", "build", "--clean", "-f", config, "-d", str(site)]
    shutil.rmtree(site, ignore_errors=True)
    log_file = logs / f"build-{time.time_ns()}.log"
    with log_file.open("w", encoding="utf-8") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            proc.kill()
            raise
        wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    output = log_file.read_text(encoding="utf-8", errors="replace")
    if proc.returncode != 0:
        raise RuntimeError(
            f"build failed ({variant}, {project.name}, exit {proc.returncode}):\n{output[-4000:]}"
        )
    timings = json.loads(timer_json.read_text(encoding="utf-8")) if variant == "timer" else None
    sample = st.Sample(cpu=usage.ru_utime + usage.ru_stime, wall=wall)
    return sample, output, timings


def warnings_of(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("WARNING")]


class Runner:
    """Runs builds, keeps every sample, and notes the warnings the builds printed."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.logs = work / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.samples: dict[tuple, list[st.Sample]] = {}
        self.outputs: dict[tuple, list[str]] = {}
        self.timers: dict[tuple, list[dict]] = {}
        self.warnings: dict[str, set[str]] = {}
        self.failed: dict[str, str] = {}  # removal variant → why its build failed

    def rotate(
        self,
        project: Path,
        pages: int,
        prune: bool,
        variants: list[str],
        runs: int,
        keep: str | None = None,
    ) -> None:
        """``runs`` rounds of ``variants`` in turn (A B A B …); ``keep``: keep that site."""
        for round_, variant in st.alternating(variants, runs):
            key = (pages, prune, variant)
            site = self.work / "sites" / f"{pages}-{prune}-{variant}"
            log(f"{pages} pages/language, prune={prune}, {variant}, round {round_ + 1}/{runs}")
            if variant in self.failed:
                continue
            try:
                sample, output, timings = run_build(project, variant, prune, site, self.logs)
            except RuntimeError as error:
                if not variant.startswith("-"):
                    raise
                # Another hook may need the removed one: note it, measure the rest.
                self.failed[variant] = str(error).splitlines()[-1][:200]
                log(f"  failed: {self.failed[variant]}")
                continue
            log(f"  cpu {sample.cpu:.2f} s, wall {sample.wall:.2f} s")
            self.samples.setdefault(key, []).append(sample)
            self.outputs.setdefault(key, []).append(output)
            if timings is not None:
                self.timers.setdefault(key, []).append(timings)
            for line in warnings_of(output):
                self.warnings.setdefault(line, set()).add(f"{pages}/{variant}")
            if variant != keep:
                shutil.rmtree(site, ignore_errors=True)

    def cpu(self, pages: int, prune: bool, variant: str) -> list[float]:
        return [s.cpu for s in self.samples.get((pages, prune, variant), [])]

    def wall(self, pages: int, prune: bool, variant: str) -> list[float]:
        return [s.wall for s in self.samples.get((pages, prune, variant), [])]

    def has(self, pages: int, prune: bool, variant: str) -> bool:
        return bool(self.samples.get((pages, prune, variant)))


# ----------------------------------------------------------------------------
# Machine
# ----------------------------------------------------------------------------


def machine() -> dict:
    cpu_model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, TypeError):
        pass
    versions = {}
    for package in (
        "mkdocs",
        "mkdocs-material",
        "mkdocs-static-i18n",
        "Markdown",
        "pymdown-extensions",
        "Jinja2",
        "weasyprint",
    ):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", *proj.INPUTS, "mkdocs.yml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "ram": mem,
        "cpu": cpu_model,
        "python": platform.python_version(),
        "os": platform.platform(),
        "versions": versions,
        "commit": commit + (" + uncommitted changes" if dirty else ""),
        "load_start": os.getloadavg(),
    }


# ----------------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------------


def hook_table(timers: list[dict], hooks: list[str]) -> tuple[str, dict]:
    """Per-hook exclusive CPU (median over the timer runs) as a table, and the figures."""
    figures = {}
    for hook in hooks:
        per_run, events = [], {}
        for timing in timers:
            data = timing["events"].get(hook, {})
            per_run.append(sum(e["cpu"] for e in data.values()))
            for event, e in data.items():
                events.setdefault(event, []).append(e["cpu"])
        figures[hook] = {
            "cpu": st.median(per_run),
            "events": {k: st.median(v) for k, v in events.items()},
        }
    build_cpu = st.median([t["total"]["cpu"] for t in timers])
    rows = []
    for hook, fig in sorted(figures.items(), key=lambda kv: -kv[1]["cpu"]):
        top = sorted(fig["events"].items(), key=lambda kv: -kv[1])[:2]
        rows.append(
            [
                f"`{hook}`",
                f"{fig['cpu']:.3f} s",
                f"{fig['cpu'] / build_cpu * 100:.1f} %",
                ", ".join(f"{k} {v:.3f} s" for k, v in top if v >= 0.0005) or "–",
            ]
        )
    total = sum(f["cpu"] for f in figures.values())
    rows.append(
        [
            "**all hooks**",
            f"**{total:.3f} s**",
            f"**{total / build_cpu * 100:.1f} %**",
            f"in-process build CPU {build_cpu:.2f} s",
        ]
    )
    return st.md_table(["Hook", "CPU (exclusive)", "of the build", "Main events"], rows), figures


def report(
    r: Runner,
    args,
    info: dict,
    hooks: list[str],
    weights: dict,
    index_sizes: dict,
    sizes: list[int],
    prunes: list[bool],
    chart: Path,
) -> tuple[str, list[st.Check], dict]:
    out: list[str] = []
    checks: list[st.Check] = []
    figures: dict = {"machine": info}
    med = st.median

    out.append(f"## Benchmark run of {info['date']}\n")
    out.append(
        f"Machine: {info['nproc']} cores ({info['cpu']}), {info['ram']} RAM; Python "
        f"{info['python']}; {', '.join(f'{k} {v}' for k, v in info['versions'].items())}. "
        f"Commit {info['commit']}. Load average at start "
        f"{' / '.join(f'{x:.1f}' for x in info['load_start'])}, at end "
        f"{' / '.join(f'{x:.1f}' for x in info['load_end'])} (1/5/15 min). The machine may "
        f"be shared with other builds, so the targets are judged on CPU time.\n"
    )
    out.append(
        f"Medians of {args.runs} alternating runs (A B A B …); 1000-page cases: "
        f"{args.runs_large} runs. CPU = user + sys of `mkdocs build` and the processes it "
        f"waited for; wall = clock time. Ranges are min–max.\n"
    )

    # 1. Hook overhead ---------------------------------------------------------------
    out.append("### 1. Hook overhead – the real site, SKIP_PDF=1\n")
    rows = []
    variants = ["hooks", "no-hooks"] + (
        [f"-{hook_name(h)}" for h in hooks] if args.remove_each else []
    )
    with_cpu, without_cpu = med(r.cpu(0, False, "hooks")), med(r.cpu(0, False, "no-hooks"))
    with_wall, without_wall = med(r.wall(0, False, "hooks")), med(r.wall(0, False, "no-hooks"))
    removal = {}
    for variant in variants:
        if r.has(0, False, variant):
            label = {"hooks": "with the hooks", "no-hooks": "`hooks: []`"}.get(
                variant, f"without `hooks/{variant[1:]}.py`"
            )
            cpu = med(r.cpu(0, False, variant))
            if variant.startswith("-"):
                removal[f"hooks/{variant[1:]}.py"] = with_cpu - cpu
            rows.append(
                [
                    label,
                    st.spread(r.cpu(0, False, variant)),
                    st.percent(cpu / with_cpu - 1) if variant != "hooks" else "",
                    st.spread(r.wall(0, False, variant)),
                ]
            )
    rows.append(
        [
            "**hooks add**",
            f"**{st.percent(with_cpu / without_cpu - 1)}**",
            "",
            f"{st.percent(with_wall / without_wall - 1)}",
        ]
    )
    for variant, why in r.failed.items():
        rows.append([f"without `hooks/{variant[1:]}.py`", "build failed", "", f"`{why}`"])
    out.append(st.md_table(["Build", "CPU", "CPU vs with hooks", "Wall"], rows) + "\n")
    checks.append(st.check_hook_overhead(with_cpu, without_cpu))
    figures["hooks"] = {"cpu": [with_cpu, without_cpu], "wall": [with_wall, without_wall]}
    if removal:
        figures["removal"] = removal
    timers = r.timers.get((0, False, "timer"), [])
    if timers:
        table, per_hook = hook_table(timers, hooks)
        figures["per_hook"] = per_hook
        out.append(
            f"Per hook, real site (scripts/bench_hooktimer.py: each hook's own event time inside "
            f"one build, nested events subtracted; median of {len(timers)}):\n"
        )
        out.append(table + "\n")
    for pages in sizes:
        big = r.timers.get((pages, False, "timer"), [])
        if big:
            table, per_hook = hook_table(big, hooks)
            figures[f"per_hook_{pages}"] = per_hook
            out.append(
                f"Per hook with {pages} synthetic pages per language, no prune "
                f"(n={len(big)}) – which hooks grow with the page count and the nav:\n"
            )
            out.append(table + "\n")

    # 2. Scaling -----------------------------------------------------------------------
    out.append("### 2. Build time against pages – marginal cost per page\n")
    rows = []
    series: dict[str, list[tuple[float, float]]] = {}
    scaling: dict = {}
    for prune in prunes:
        base = {
            v: (med(r.cpu(0, prune, v)) if r.has(0, prune, v) else None)
            for v in ("hooks", "no-hooks")
        }
        for pages in [0, *sizes]:
            if not r.has(pages, prune, "hooks"):
                continue
            cells = [str(pages), "on" if prune else "off"]
            for v in ("hooks", "no-hooks"):
                cells.append(st.spread(r.cpu(pages, prune, v)) if r.has(pages, prune, v) else "–")
            for v in ("hooks", "no-hooks"):
                cells.append(
                    f"{med(r.wall(pages, prune, v)):.1f} s" if r.has(pages, prune, v) else "–"
                )
            margins = {}
            for v in ("hooks", "no-hooks"):
                if pages and r.has(pages, prune, v) and base[v] is not None:
                    margins[v] = st.marginal(med(r.cpu(pages, prune, v)), base[v], pages)
                    cells.append(st.ms(margins[v]))
                else:
                    cells.append("–")
            rows.append(cells)
            scaling[(pages, prune)] = margins
            for v in ("hooks", "no-hooks"):
                if r.has(pages, prune, v):
                    name = f"{'with' if v == 'hooks' else 'without'} hooks" + (
                        ", navigation.prune" if prune else ""
                    )
                    series.setdefault(name, []).append((pages, med(r.cpu(pages, prune, v))))
            if len(margins) == 2 and margins["no-hooks"] > 0:
                check = st.check_marginal(margins["hooks"], margins["no-hooks"], pages)
                check.name += ", navigation.prune " + ("on" if prune else "off")
                checks.append(check)
    out.append(
        st.md_table(
            [
                "Pages/language (synthetic)",
                "navigation.prune",
                "CPU with hooks",
                "CPU without",
                "Wall with",
                "Wall without",
                "Marginal with hooks",
                "Marginal without",
            ],
            rows,
            "rlrrrrrr",
        )
        + "\n"
    )
    out.append(
        "0 synthetic pages = the real site (its own pages: "
        f"{count_pages('sv')} Swedish, {count_pages('en')} English). Marginal cost = "
        "(t(N) − t(0)) / N, CPU time, per synthetic page per language (each is built twice: "
        "Swedish and English).\n"
    )
    small, large = (sizes[0], sizes[-1]) if len(sizes) > 1 else (None, None)
    for prune in prunes:
        for v in ("hooks", "no-hooks"):
            if small and r.has(small, prune, v) and r.has(large, prune, v):
                label = f"{'with' if v == 'hooks' else 'without'} hooks, {prune_label(prune)}"
                checks.append(
                    st.check_scaling(
                        med(r.cpu(small, prune, v)),
                        med(r.cpu(large, prune, v)),
                        small,
                        large,
                        label,
                    )
                )
        if small and not r.has(large, prune, "hooks"):
            checks.append(
                st.Check(
                    f"linear growth: {large} pages/language in at most {st.MAX_SCALING}× "
                    f"the time of {small} ({prune_label(prune)})",
                    None,
                    f"the {large}-page case without prune is not in the default run (`--full`)",
                )
            )
    figures["series"] = series
    st.write_chart(
        chart,
        series,
        title="NSPM: build time against synthetic pages per language",
        x_label="synthetic pages per language (added to the real site)",
        y_label="CPU seconds (median)",
    )
    shown = chart.resolve().relative_to(ROOT) if chart.resolve().is_relative_to(ROOT) else chart
    out.append(f"Chart: `{shown}` (CPU time against synthetic pages per language).\n")

    # 3. PDF ---------------------------------------------------------------------------
    out.append("### 3. PDF export against the HTML build – the real site\n")
    pdf_runs = [st.pdf_timings(o) for o in r.outputs.get((0, False, "pdf"), [])]
    pdf_runs = [p for p in pdf_runs if p["languages"]]
    if pdf_runs:
        langs = sorted({lang for p in pdf_runs for lang in p["languages"]})
        rows = []
        for lang in langs:
            got = [p["languages"][lang] for p in pdf_runs if lang in p["languages"]]
            cpu_values = [g["cpu"] for g in got if g["cpu"] is not None]
            rows.append(
                [
                    f"PDF ({lang}) render",
                    st.spread(cpu_values) if cpu_values else "not logged",
                    st.spread([g["wall"] for g in got]),
                ]
            )
        render_cpu = med([sum(g["cpu"] or 0 for g in p["languages"].values()) for p in pdf_runs])
        # The main process's extra CPU with the PDF on: assembly, keeping pages, waiting.
        main_extra = max(0.0, med(r.cpu(0, False, "pdf")) - with_cpu)
        pdf_cpu = render_cpu + main_extra
        added = [p["added"] for p in pdf_runs if "added" in p]
        rows.append(
            [
                "PDF export, both languages (render in the workers + the build's extra CPU)",
                f"{render_cpu:.2f} + {main_extra:.2f} = {pdf_cpu:.2f} s",
                f"adds {med(added):.2f} s to the build" if added else "–",
            ]
        )
        rows.append(["HTML build, SKIP_PDF=1", f"{with_cpu:.2f} s", f"{with_wall:.2f} s"])
        rows.append(
            [
                "Whole build with the PDF (the `mkdocs build` process)",
                st.spread(r.cpu(0, False, "pdf")),
                st.spread(r.wall(0, False, "pdf")),
            ]
        )
        out.append(st.md_table(["", "CPU", "Wall"], rows) + "\n")
        out.append(
            "The PDF renders in worker processes (hooks/pdf.py, a forkserver that preloads "
            "WeasyPrint) beside the build. wait4 cannot see them, so their CPU time is the one "
            "hooks/pdf.py logs (0.1 s resolution; the forkserver's own WeasyPrint import is not "
            "in it); the build's extra CPU (assembly of the print document) is the whole build "
            "with the PDF minus the build with SKIP_PDF=1. Wall: what hooks/pdf.py logs as the "
            "time the PDF export added to the build.\n"
        )
        checks.append(st.check_pdf(pdf_cpu, with_cpu, "CPU, both languages"))
        figures["pdf"] = {
            "render_cpu": render_cpu,
            "main_extra_cpu": main_extra,
            "html_cpu": with_cpu,
            "added_wall": added,
        }
    else:
        checks.append(
            st.Check(
                "the PDF export takes no longer than the HTML build",
                None,
                "hooks/pdf.py logged no PDF timing line",
            )
        )

    # 4. Page weight -------------------------------------------------------------------
    out.append("### 4. Page weight – first visit, the real site with the PDF (gzip level 6)\n")
    rows = []
    for (lang, kind), w in weights.items():

        def pair(k, w=w):
            return f"{st.kb(w.total(k, compressed=False))} / {st.kb(w.total(k))}"

        rows.append(
            [
                f"{kind} ({lang})",
                f"`{w.page}`",
                pair("html"),
                pair("css"),
                pair("js"),
                pair("index"),
                f"**{st.kb(w.total())}**",
            ]
        )
        if kind == CONTENT_PAGE:
            checks.append(st.check_first_visit(w.page, w.total()))
        if w.missing:
            rows[-1][1] += " (missing: " + ", ".join(w.missing) + ")"
    out.append(
        st.md_table(
            [
                "Page",
                "File",
                "HTML raw / gzip",
                "CSS raw / gzip",
                "JS raw / gzip",
                "Search index raw / gzip",
                "First visit (gzip)",
            ],
            rows,
            "llrrrrr",
        )
        + "\n"
    )
    out.append(
        "First visit = the HTML + every stylesheet, icon and script it references + what "
        "Material's search loads at page load (worker, lunr language scripts, the language's "
        "index) – the files Chromium fetched for a content page in each language when this "
        "was checked. A later page reuses the cached CSS, JS and index: only its HTML is new.\n"
    )
    content = weights.get(("sv", CONTENT_PAGE))
    if content:
        out.append(f"What the Swedish content page's first visit is made of (`{content.page}`):\n")

        def br(size):
            return st.kb(size) if size is not None else "–"

        rows = [
            [f"`{a.path}`", a.kind, st.kb(a.raw), st.kb(a.gzip), br(a.brotli)]
            for a in sorted(content.assets, key=lambda a: -a.gzip)
        ]
        rows.append(
            [
                "**total**",
                "",
                st.kb(content.total(compressed=False)),
                f"**{st.kb(content.total())}**",
                br(content.total_brotli()),
            ]
        )
        out.append(st.md_table(["File", "Kind", "Raw", "gzip", "brotli"], rows, "llrrr") + "\n")
        theme = sum(a.gzip for a in content.assets if is_material(a.path))
        search = sum(
            a.gzip
            for a in content.assets
            if a.kind == "index" or "/workers/" in a.path or "/lunr/" in a.path
        )
        over = theme > st.MAX_FIRST_VISIT_GZIP
        out.append(
            f"Material's own files (bundle, main and palette CSS, search worker, lunr): "
            f"{st.kb(theme)} gzip{' – over the 70 KB budget by themselves' if over else ''}. "
            f"The search (worker, lunr, index) alone: {st.kb(search)} gzip.\n"
        )
        figures["content_breakdown"] = {"material_gzip": theme, "search_gzip": search}
    rows = [
        [lang, f"`{SEARCH_INDEXES[lang]}`", st.kb(raw), st.kb(gz)]
        for lang, (raw, gz) in index_sizes.items()
    ]
    out.append(st.md_table(["Language", "Search index", "Raw", "gzip"], rows, "llrr") + "\n")
    figures["weights"] = {
        f"{k[0]} {k[1]}": {"assets": [asdict(a) for a in w.assets], "total_gzip": w.total()}
        for k, w in weights.items()
    }
    figures["search_index"] = index_sizes

    # Warnings -------------------------------------------------------------------------
    if r.warnings:
        out.append("### Warnings the benchmark builds printed\n")
        for line, where in sorted(r.warnings.items())[:20]:
            out.append(f"- `{line}` ({', '.join(sorted(where))})")
        out.append("")

    out.append("### Targets\n")
    out.append("```\n" + "\n".join(c.line() for c in checks) + "\n```\n")
    return "\n".join(out), checks, figures


def is_material(path: str) -> bool:
    """A file of Material's theme (hashed bundle/CSS, search worker, lunr), not of the site."""
    return bool(re.search(r"\.[0-9a-f]{8}\.min\.(js|css)$|/lunr/", path))


def prune_label(prune: bool) -> str:
    return f"navigation.prune {'on' if prune else 'off'}"


def count_pages(lang: str) -> int:
    return sum(1 for _ in (ROOT / "docs" / lang).rglob("*.md"))


# ----------------------------------------------------------------------------
# Main
# ----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="rounds per measurement (≥ 3)")
    parser.add_argument("--runs-large", type=int, default=3, help="rounds for 1000+ pages (≥ 3)")
    parser.add_argument("--sizes", default="200,1000", help="synthetic pages per language")
    parser.add_argument(
        "--full",
        action="store_true",
        help="also the largest size without navigation.prune (slow: minutes a build)",
    )
    parser.add_argument(
        "--remove-each", action="store_true", help="also build with each hook removed in turn"
    )
    parser.add_argument("--out", default=str(ROOT / "bench-results"), help="output folder")
    parser.add_argument("--allow-few-runs", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if min(args.runs, args.runs_large) < 3 and not args.allow_few_runs:
        parser.error("--runs and --runs-large must be at least 3 (medians of alternating runs)")
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    info = machine()
    started = time.perf_counter()
    hooks = proj.hooks_of((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    log(f"hooks: {', '.join(hooks)}")
    with tempfile.TemporaryDirectory(prefix="nspm-bench-") as tmp:
        work = Path(tmp)
        runner = Runner(work)
        projects = {}
        for pages in [0, *sizes]:
            log(f"preparing a copy with {pages} synthetic pages per language")
            projects[pages] = make_project(work / f"project-{pages}", pages)
            write_configs(projects[pages], hooks, args.remove_each and pages == 0)
        try:
            real = projects[0]
            variants = ["hooks", "no-hooks", "pdf", "timer"]
            if args.remove_each:
                variants += [f"-{hook_name(h)}" for h in hooks]
            runner.rotate(real, 0, False, variants, args.runs, keep="pdf")
            weigh_site = work / "sites" / "0-False-pdf"
            weights = {
                (lang, kind): weight.weigh(weigh_site, ("en/" if lang == "en" else "") + page)
                for lang in ("sv", "en")
                for kind, page in PAGES.items()
            }
            index_sizes = weight.index_sizes(weigh_site, SEARCH_INDEXES)
            shutil.rmtree(weigh_site, ignore_errors=True)
            runner.rotate(real, 0, True, ["hooks", "no-hooks"], args.runs)
            prunes = [False, True]
            for pages in sizes:
                large = pages >= 1000
                runs = args.runs_large if large else args.runs
                for prune in prunes:
                    if large and not prune and not args.full:
                        continue
                    variants = ["hooks", "no-hooks"]
                    runner.rotate(projects[pages], pages, prune, variants, runs)
                    if not prune and pages == sizes[0]:
                        runner.rotate(projects[pages], pages, prune, ["timer"], 1)
        except RuntimeError as error:
            print(f"bench: {error}", file=sys.stderr)
            return 1
        info["load_end"] = os.getloadavg()
        info["minutes"] = (time.perf_counter() - started) / 60
        chart = out_dir / "build-time.png"
        text, checks, figures = report(
            runner, args, info, hooks, weights, index_sizes, sizes, prunes, chart
        )
    text += f"\nThe whole run took {info['minutes']:.1f} min.\n"
    (out_dir / "results.md").write_text(text, encoding="utf-8")
    (out_dir / "results.json").write_text(
        json.dumps(figures, indent=1, default=str), encoding="utf-8"
    )
    print(text)
    failed = [c for c in checks if c.ok is False]
    if failed:
        print(f"{len(failed)} target(s) FAIL:", file=sys.stderr)
        for c in failed:
            print("  " + c.line(), file=sys.stderr)
    log(f"report: {out_dir / 'results.md'}, chart: {chart}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
