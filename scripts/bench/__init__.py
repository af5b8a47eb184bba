"""`make bench` (issue 9): build time, hook overhead, scaling, the PDF and page weight,
in copies of the project, alternating between variants (child configs); BENCHMARKS.md says
how. preview.py measures the preview's latency (issue 10). Writes results.md, results.json
and build-time.png, prints each target as PASS/FAIL; exits with 1 only if a build fails.

    python -m scripts.bench [--runs 3] [--sizes 200,1000] [--full] [--out bench-results]
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import math
import os
import platform
import posixpath
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict, namedtuple
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from statistics import median  # StatisticsError (a ValueError) when empty
from string import Template

import brotli
import lxml.html
import yaml
from mkdocs.utils.yaml import yaml_load

ROOT = Path(__file__).resolve().parents[2]
INPUTS = ("mkdocs.yml", "hooks", "nspm", "overrides", "data", "docs")  # what a build reads
LANGUAGES = ("sv", "en")
GROUP = 20  # synthetic pages per nav section
REAL_PAGE = "stod/betanketid.md"  # a real page in both languages
TEMPLATES = {lang: Path(__file__).with_name(f"page.{lang}.md") for lang in LANGUAGES}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def spread(values: list[float]) -> str:
    """``1.23 s (1.20–1.31, n=3)``."""
    if len(values) < 2:
        return f"{values[0]:.2f} s (n=1)" if values else "–"
    return f"{median(values):.2f} s ({min(values):.2f}–{max(values):.2f}, n={len(values)})"


def md_table(header: list[str], rows: list[list], align: str | None = None) -> str:
    """A Markdown table; ``align`` per column, ``l`` or ``r`` (default: first l, rest r)."""
    align = align or "l" + "r" * (len(header) - 1)
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"row {row!r} has {len(row)} cells, the header {len(header)}")
    lines = [header, ["---:" if a == "r" else "---" for a in align], *rows]
    return "\n".join("| " + " | ".join(str(c) for c in line) + " |" for line in lines)


def page_path(n: int) -> str:
    """Docs-relative path of synthetic page ``n``, e.g. ``bench/del-01/sida-0003.md``."""
    return f"bench/del-{n // GROUP + 1:02d}/sida-{n:04d}.md"


def synthetic_page(n: int, count: int, lang: str) -> str:
    """Page ``n`` of ``count`` in ``lang`` (page.<lang>.md): an editor's page, with relative
    links to a real page and to the next (with an anchor) and previous synthetic page."""
    here = posixpath.dirname(page_path(n))
    links = {"real": REAL_PAGE, "next": page_path((n + 1) % count)}
    links["previous"] = page_path((n - 1) % count)
    return Template(TEMPLATES[lang].read_text(encoding="utf-8")).substitute(
        n=n, id=f"{n:04d}", **{k: posixpath.relpath(v, here) for k, v in links.items()}
    )


def nav_section(count: int) -> dict:
    """The synthetic pages' nav section, ``GROUP`` pages a subsection (prune has work)."""
    return {
        "Bench": [
            {f"Bench {g // GROUP + 1:02d}": [page_path(n) for n in range(g, min(g + GROUP, count))]}
            for g in range(0, count, GROUP)
        ]
    }


def with_section(parent: dict, count: int) -> dict:
    """The synthetic section at the end of the parent's nav, and its labels in every other
    language (a label without nav_translations stops the build)."""
    section = nav_section(count)
    labels = ["Bench", *(label for group in section["Bench"] for label in group)]
    plugins = copy.deepcopy(parent["plugins"])
    for plugin in plugins:
        for language in (
            plugin.get("i18n", {}).get("languages", []) if isinstance(plugin, dict) else []
        ):
            if not language.get("default"):
                language.setdefault("nav_translations", {}).update({x: x for x in labels})
    return {"nav": parent["nav"] + [section], "plugins": plugins}


def git(cwd: Path, *args: str) -> None:
    name = ["-c", "user.name=bench", "-c", "user.email=bench@localhost"]
    subprocess.run(["git", *name, *args], cwd=cwd, check=True)


def make_project(dest: Path, pages: int = 0) -> Path:
    """A local git clone of the checkout in ``dest`` (the hooks read history), the working
    tree's build inputs laid over it, ``pages`` synthetic pages per language committed."""
    git(ROOT, "clone", "-q", "--local", str(ROOT), str(dest))
    for name in INPUTS:
        source, target = ROOT / name, dest / name
        if target.is_dir():
            shutil.rmtree(target)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy2(source, target)
    if pages:
        for lang in LANGUAGES:
            for n in range(pages):
                target = dest / "docs" / lang / page_path(n)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(synthetic_page(n, pages, lang), encoding="utf-8")
        git(dest, "add", "docs")
        git(dest, "commit", "-q", "--no-verify", "-m", "bench pages")
    return dest


def read_config(path: Path) -> dict:
    """A config file as MkDocs reads it: ``!ENV`` tags resolved, ``INHERIT`` merged."""
    with path.open("rb") as file:
        return yaml_load(file)


def write_yaml(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


PRUNE = "navigation.prune"
VARIANTS = {"hooks": "with hooks", "no-hooks": "without hooks"}  # pdf, timer: with hooks
CONTEXT = "hooks/context.py"  # the templates' `nspm` global: the one hook "without hooks" keeps
PAGES = {  # kinds of page weighed, path in the default language (others under <lang>/)
    "start page": "index.html",
    "content page": "stod/betanketid/index.html",
    "manual step": "manual/identifiering/index.html",
    "regions page": "stod/regionkoordinatorer/index.html",
}
LUNR_DIR = "assets/javascripts/lunr/min"
MATERIAL_FILE = re.compile(r"\.[0-9a-f]{8}\.min\.(js|css)$|/lunr/")  # Material's own, hashed
SEARCH_FILE = re.compile(r"/workers/|/lunr/")  # the search worker and lunr
# Targets (issue 9): the measured value must be at most the limit.
MAX_HOOK_OVERHEAD = 0.10  # the hooks add at most 10 % to the build's CPU time
MAX_MARGINAL_EXCESS = 0.10  # marginal cost per page with hooks within 10 % of without
MAX_SCALING = 5.5  # the largest size in at most 5.5× the time of the smallest (1000 vs 200)
MAX_FIRST_VISIT_GZIP = 70 * 1024  # bytes, a content page
MAX_PDF_RATIO = 1.0  # the PDF's CPU time against the HTML build's


# One build: CPU (user + sys of it and the processes it waited for) and wall seconds.
Sample = namedtuple("Sample", "cpu wall")


@dataclass
class Check:
    name: str
    ok: bool | None  # None: not measured in this run
    detail: str

    def line(self) -> str:
        status = {True: "PASS", False: "FAIL", None: "NOT MEASURED"}[self.ok]
        return f"{status}: {self.name} – {self.detail}"


def target(name: str, value: float | None, limit: float, detail: str) -> Check:
    """A target met when ``value`` ≤ ``limit``, with float slack (11 / 10 − 1 > 0.1)."""
    return Check(name, None if value is None else value <= limit + 1e-9, detail)


def ratio(numerator: float, denominator: float) -> float:
    if denominator <= 0:
        raise ValueError("ratio with a zero or negative denominator")
    return numerator / denominator


def marginal(t_n: float, t_0: float, n: int) -> float:
    """Build cost per added page: (t(N) − t(0)) / N, N pages per language."""
    if n <= 0:
        raise ValueError("marginal cost needs N > 0 pages")
    return (t_n - t_0) / n


def alternating(variants: list[str], runs: int) -> list[tuple[int, str]]:
    """Every variant once per round, ``runs`` rounds: A B A B A B."""
    return [(r, v) for r in range(runs) for v in variants]


def percent(value: float) -> str:
    return f"{value * 100:+.1f} %"


def kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def config_name(hooks: bool, prune: bool) -> str:
    return f"mkdocs.{'hooks' if hooks else 'no-hooks'}{'.prune' if prune else ''}.yml"


def write_variants(project: Path, pages: int) -> None:
    """The copy's child configs: with or without the hooks × navigation.prune off or on,
    the synthetic pages' section at the end of the nav. "Without" keeps the build context
    (the templates read their texts from it); its own cost is measured by the timer."""
    parent = read_config(project / "mkdocs.yml")
    features = [f for f in parent["theme"]["features"] if f != PRUNE]
    for hooks in (True, False):
        for prune in (False, True):
            child = {"INHERIT": "mkdocs.yml", "theme": {"features": features + [PRUNE] * prune}}
            if not hooks:
                child["hooks"] = [CONTEXT]
            if pages:
                child.update(with_section(parent, pages))
            write_yaml(project / config_name(hooks, prune), child)


def timed_run(cmd: list[str], cwd: Path, env: dict, log_file: Path) -> tuple[Sample, str]:
    """Run ``cmd``: its CPU and wall time and its output; RuntimeError when it fails."""
    before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    with log_file.open("w", encoding="utf-8") as out:
        proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    wall, usage = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    output = log_file.read_text(encoding="utf-8", errors="replace")
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd[1:])} in {cwd} failed:\n{output[-4000:]}")
    cpu = usage.ru_utime - before.ru_utime + usage.ru_stime - before.ru_stime
    return Sample(cpu, wall), output


class Runner:
    """Builds variants in alternating rounds, keeping each build's sample, output and timings:
    ``hooks``, ``no-hooks``, ``pdf`` (the others: SKIP_PDF=1), ``timer`` (events timed)."""

    def __init__(self, work: Path) -> None:
        self.work, self.logs = work, work / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.samples: dict[tuple, list[Sample]] = defaultdict(list)
        self.outputs: dict[tuple, list[str]] = defaultdict(list)
        self.timers: dict[tuple, list[dict]] = defaultdict(list)

    def rotate(self, project: Path, pages: int, prune: bool, variants: list, runs: int) -> None:
        """``runs`` rounds of ``variants`` in turn, each into its own site folder."""
        for i, variant in alternating(variants, runs):
            key, config = (pages, prune, variant), config_name(variant != "no-hooks", prune)
            site, timings = self.work / "sites" / "-".join(map(str, key)), self.logs / "t.json"
            build = ["build", "--clean", "-f", config, "-d", str(site)]
            cmd = [sys.executable, "-m", "mkdocs", *build]
            if variant == "timer":  # -P: this package from the checkout, not from the copy
                cmd = [sys.executable, "-P", "-m", __name__, "hook-timer", str(timings), *build]
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SKIP_PDF": "1"}
            if variant == "pdf":
                del env["SKIP_PDF"]
            sample, output = timed_run(cmd, project, env, self.logs / f"{time.time_ns()}.log")
            log(f"{key} round {i + 1}/{runs}: cpu {sample.cpu:.2f} s, wall {sample.wall:.2f} s")
            self.samples[key].append(sample)
            self.outputs[key].append(output)
            if variant == "timer":
                self.timers[key].append(json.loads(timings.read_text(encoding="utf-8")))

    def values(self, key: tuple, what: str = "cpu") -> list[float]:
        return [getattr(s, what) for s in self.samples.get(key, [])]

    def median(self, key: tuple, what: str = "cpu") -> float | None:
        return median(self.values(key, what)) if self.samples.get(key) else None

    def row(self, label: str, key: tuple) -> list[str]:
        return [label, spread(self.values(key)), spread(self.values(key, "wall"))]


class EventTimer:
    """Exclusive CPU time and calls per plugin and event: events nested in another (static-
    i18n builds English inside its own ``on_post_build``) are subtracted from it."""

    def __init__(self) -> None:
        self.events = defaultdict(lambda: defaultdict(lambda: {"cpu": 0.0, "calls": 0}))
        self._nested: list[float] = []  # CPU of the calls inside each open call

    def call(self, plugin: str, event: str, method, *args, **kwargs):
        self._nested.append(0.0)
        start = time.process_time()
        try:
            return method(*args, **kwargs)
        finally:
            cpu = time.process_time() - start
            entry = self.events[plugin][event]
            entry["cpu"] += cpu - self._nested.pop()
            entry["calls"] += 1
            if self._nested:
                self._nested[-1] += cpu


def hook_timer(json_file: str, *mkdocs_args: str) -> int:
    """`mkdocs <args>` in this process with MkDocs' PluginCollection.run_event timed per
    plugin and hook, the hooks' imports as event ``import``; JSON ``{"cpu", "events"}``."""
    from mkdocs.__main__ import cli
    from mkdocs.config import config_options
    from mkdocs.plugins import PluginCollection

    sys.path.insert(0, os.getcwd())  # the copy first, as for `python -m mkdocs`
    timer, load_hook = EventTimer(), config_options.Hooks._load_hook

    def run_event(self, name, item=None, **kwargs):  # MkDocs 1.6's loop, each method timed
        pass_item = item is not None
        for method in self.events[name]:
            self._current_plugin = plugin = self._event_origins.get(method, "<unknown>")
            result = timer.call(plugin, name, method, *((item,) if pass_item else ()), **kwargs)
            item = item if result is None else result
        self._current_plugin = None
        return item

    def timed_load_hook(self, name, path):
        return timer.call(name, "import", load_hook, self, name, path)

    PluginCollection.run_event, config_options.Hooks._load_hook = run_event, timed_load_hook
    start = time.process_time()
    cli.main(list(mkdocs_args), standalone_mode=False)
    timings = {"cpu": time.process_time() - start, "events": timer.events}
    Path(json_file).write_text(json.dumps(timings), encoding="utf-8")
    return 0


def hook_table(timers: list[dict], hooks: list[str]) -> str:
    """Each hook's exclusive CPU (median over the timed builds), largest first."""
    build_cpu, per_hook = median([t["cpu"] for t in timers]), {}
    for hook in hooks:
        runs = [t["events"].get(hook, {}) for t in timers]
        names = {event for run in runs for event in run}
        events = {e: median([run[e]["cpu"] for run in runs if e in run]) for e in names}
        per_hook[hook] = (median([sum(e["cpu"] for e in run.values()) for run in runs]), events)
    rows = []
    for hook, (cpu, events) in sorted(per_hook.items(), key=lambda kv: -kv[1][0]):
        top = sorted(events.items(), key=lambda kv: -kv[1])[:2]
        main = ", ".join(f"{e} {s:.3f} s" for e, s in top if s >= 0.0005) or "–"
        rows.append([f"`{hook}`", f"{cpu:.3f} s", f"{cpu / build_cpu * 100:.1f} %", main])
    total = sum(cpu for cpu, _ in per_hook.values())
    share = f"**{total / build_cpu * 100:.1f} %**"
    rows.append(["**all hooks**", f"**{total:.3f} s**", share, f"build CPU {build_cpu:.2f} s"])
    return md_table(["Hook", "CPU (exclusive)", "of the build", "Main events"], rows)


_PDF_LINE = re.compile(
    r"PDF \((?P<lang>[\w-]+)\):.*?rendered in (?P<wall>[\d.]+) s(?: \((?P<cpu>[\d.]+) s CPU\))?"
    r".*?(?:assembly|assembled in) (?P<assembly>[\d.]+) s"
)
_PDF_ADDED = re.compile(r"PDF export added ([\d.]+) s to the build \(HTML build: ([\d.]+) s")


def pdf_timings(output: str) -> dict:
    """hooks/pdf.py's log lines: ``{"languages": {lang: {"wall", "cpu", "assembly"}},
    "added", "html"}`` in seconds; a key is missing when its line is."""
    result: dict = {"languages": {}}
    for m in _PDF_LINE.finditer(output):
        seconds = {k: float(m[k]) if m[k] else None for k in ("wall", "cpu", "assembly")}
        result["languages"][m["lang"]] = seconds
    if added := _PDF_ADDED.search(output):
        result["added"], result["html"] = float(added[1]), float(added[2])
    return result


@dataclass
class Asset:
    path: str  # site-relative
    kind: str  # html, css, icon, js, index
    raw: int
    gzip: int  # level 6, a web server's
    brotli: int  # quality 11, for comparison


@dataclass
class PageWeight:
    page: str
    assets: list[Asset] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # referenced, not in the site

    def total(self, kind: str | None = None, size: str = "gzip") -> int:
        return sum(getattr(a, size) for a in self.assets if kind in (None, a.kind))


def resolve(page: str, href: str) -> str | None:
    """Site-relative path of ``href`` on ``page``; None for another host or outside the site."""
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//", href, re.IGNORECASE):
        return None
    href = href.split("#", 1)[0].split("?", 1)[0]
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
    return None if joined.startswith("..") else joined.lstrip("/")


def weigh(site: Path, page: str) -> PageWeight:
    """What a first visit of ``page`` downloads: the HTML, its stylesheets, icons and scripts,
    and what Material's search loads at once – worker, lunr languages, the language's index."""
    html = lxml.html.parse(str(site / page)).getroot()
    wanted = [("html", page)]
    for el in html.xpath("//link[@rel='stylesheet' or @rel='icon'] | //script[@src]"):
        kind = "js" if el.tag == "script" else "css" if el.get("rel") == "stylesheet" else "icon"
        wanted.append((kind, resolve(page, el.get("src") or el.get("href"))))
    config = json.loads("".join(html.xpath("//script[@id='__config']/text()")) or "{}")
    if config.get("search"):
        wanted.append(("js", resolve(page, config["search"])))
        index = resolve(page, (config.get("base") or ".").rstrip("/") + "/search/search_index.json")
        langs = []
        if index and (site / index).is_file():
            langs = json.loads((site / index).read_bytes()).get("config", {}).get("lang", [])
        other = [lang for lang in langs if lang != "en"]
        lunr = ["stemmer.support", *other] if other else []  # what Material's worker imports
        lunr += ["multi"] if len(langs) > 1 else []
        wanted += [("js", f"{LUNR_DIR}/lunr.{x}.min.js") for x in lunr] + [("index", index)]
    result, unique = PageWeight(page), {}
    for kind, path in wanted:
        if path:
            unique.setdefault(path, kind)
    for path, kind in unique.items():
        if not (site / path).is_file():
            result.missing.append(path)
            continue
        data = (site / path).read_bytes()
        sizes = len(data), len(gzip.compress(data, 6, mtime=0)), len(brotli.compress(data))
        result.assets.append(Asset(path, kind, *sizes))
    return result


def nice_step(span: float, ticks: int = 5) -> float:
    """A round tick step (1, 2 or 5 × 10^k) giving about ``ticks`` ticks over ``span``."""
    if span <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(span / ticks))
    return next((f * power for f in (1, 2, 5) if span / ticks <= f * power), 10 * power)


def write_chart(path: Path, series: dict, size=(900, 560)) -> None:
    """The PNG line chart of CPU time against pages (``series``: name → [(x, y), …]),
    drawn with Pillow (WeasyPrint's)."""
    from PIL import Image, ImageDraw, ImageFont

    noto = ROOT / "overrides/pdf/fonts/NotoSans-Regular.ttf"  # the PDF's, in the repository
    font = {px: ImageFont.truetype(noto, px) for px in (13, 16)}
    (width, height), (left, right, top, bottom) = size, (80, 30, 75, 70)
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    xs = sorted({x for values in series.values() for x, _ in values}) or [0]
    y_max = max((y for values in series.values() for _, y in values), default=1)
    y_step = nice_step(y_max)
    y_top = y_step * max(1, math.ceil(y_max / y_step))

    def at(x: float, y: float, dx: float = 0, dy: float = 0) -> tuple[float, float]:
        plot_x, plot_y = (width - left - right) * x / (xs[-1] or 1), (height - top - bottom) * y
        return left + plot_x + dx, height - bottom - plot_y / y_top + dy

    def text(xy, words, px=13, **kwargs):
        draw.text(xy, words, fill="black", font=font[px], **kwargs)

    text((left, 10), "NSPM: build time against synthetic pages per language", 16)
    text(((left + width - right) / 2, height - 25), "synthetic pages per language", 16, anchor="mm")
    text((12, top - 32), "CPU seconds (median)")
    for i in range(round(y_top / y_step) + 1):
        draw.line([at(0, i * y_step), at(xs[-1], i * y_step)], fill=(225, 225, 225))
        text(at(0, i * y_step, dx=-8), f"{i * y_step:g}", anchor="rm")
    for x in xs:
        text(at(x, 0, dy=8), str(x), anchor="mt")
    draw.line([at(0, y_top), at(0, 0), at(xs[-1], 0)], fill="black", width=2)
    colours = [(0, 94, 184), (200, 70, 20), (40, 140, 60), (130, 60, 160)]
    for i, (name, values) in enumerate(series.items()):
        colour, legend_y = colours[i % len(colours)], top + 10 + 22 * i
        line = [at(*p) for p in sorted(values)]
        draw.line(line, fill=colour, width=3)
        for px, py in line:
            draw.ellipse([px - 4, py - 4, px + 4, py + 4], fill=colour)
        draw.line([(left + 15, legend_y), (left + 45, legend_y)], fill=colour, width=3)
        text((left + 52, legend_y), name, anchor="lm")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "PNG")


def machine() -> dict:
    """Cores, CPU, RAM, versions, commit and load: what the figures depend on."""
    cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    ram = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1]) / 1024**2
    packages = "mkdocs mkdocs-material mkdocs-static-i18n Markdown pymdown-extensions Jinja2"
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in [*packages.split(), "weasyprint"])
    describe = ["git", "-C", ROOT, "describe", "--always", "--dirty= + uncommitted changes"]
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores ({cpu[1] if cpu else '?'}), {ram:.1f} GiB RAM; "
        f"Python {platform.python_version()}; {versions}",
        "commit": subprocess.run(describe, capture_output=True, text=True).stdout.strip(),
        "load_start": os.getloadavg(),
    }


def report(r: Runner, info: dict, hooks: list[str], weights: dict, sizes: list[int], chart: Path):
    """The Markdown report and its checks, from the recorded builds."""
    real, bare, pdf = ((0, True, v) for v in ("hooks", "no-hooks", "pdf"))
    timers = r.timers.get((0, True, "timer"), [])
    context = median([sum(e["cpu"] for e in t["events"].get(CONTEXT, {}).values()) for t in timers])
    cpu, cpu0, wall, wall0 = (r.median(k, what) for what in ("cpu", "wall") for k in (real, bare))
    load = [" / ".join(f"{x:.1f}" for x in info[k]) for k in ("load_start", "load_end")]
    without = cpu0 - context  # `hooks: []`: the build context's own timed CPU subtracted
    over = ratio(cpu, without) - 1
    rows = [r.row("with the hooks", real), r.row(f"only `{CONTEXT}`", bare)]
    less = f"`hooks: []` (the above less {CONTEXT}'s timed {context:.3f} s)"
    rows.append([less, f"{without:.2f} s", "–"])
    rows.append(["**hooks add**", f"**{percent(over)}**", percent(wall / wall0 - 1)])
    out = [
        f"## Benchmark run of {info['date']}\n",
        f"Machine: {info['machine']}. Commit {info['commit']}. Load average at start "
        f"{load[0]}, at end {load[1]} (1/5/15 min).\n",
        f"Medians of {len(r.values(real))} alternating runs (A B A B …); ranges are min–max. "
        "CPU (user + sys of `mkdocs build` and the processes it waited for) judges the targets; "
        "wall (clock) time changes with other load on the machine.\n",
        "### 1. Hook overhead – the real site as configured (navigation.prune on), SKIP_PDF=1\n",
        md_table(["Build", "CPU", "Wall"], rows) + "\n",
    ]
    detail = f"{cpu:.2f} s with hooks / {without:.2f} s without = {percent(over)}"
    checks = [target("the hooks add at most 10 % to build time", over, MAX_HOOK_OVERHEAD, detail)]
    for pages in [0, *sizes]:
        if timers := r.timers.get((pages, True, "timer")):
            where = f"{pages} synthetic pages per language" if pages else "the real site"
            out.append(f"Per hook, {where} (exclusive event time, median of {len(timers)}):\n")
            out.append(hook_table(timers, hooks) + "\n")

    out.append("### 2. Build time against pages – marginal cost per page\n")
    rows, series, small, large = [], defaultdict(list), sizes[0], sizes[-1]
    for prune, on in ((False, "off"), (True, "on")):
        t0 = {v: r.median((0, prune, v)) for v in VARIANTS}
        for pages in [0, *sizes]:
            t = {v: r.median((pages, prune, v)) for v in VARIANTS}
            cost = {v: marginal(t[v], t0[v], pages) for v in VARIANTS if pages and t[v] and t0[v]}
            if t["hooks"]:
                row = [pages, on, *(spread(r.values((pages, prune, v))) for v in VARIANTS)]
                row += [f"{r.median((pages, prune, v), 'wall'):.1f} s" for v in VARIANTS]
                rows.append(row + [ms(cost[v]) if v in cost else "–" for v in VARIANTS])
                for v, name in VARIANTS.items():
                    series[name + (", navigation.prune" if prune else "")].append((pages, t[v]))
            if len(cost) == 2 and cost["no-hooks"] > 0:
                over = ratio(cost["hooks"], cost["no-hooks"]) - 1
                name = "marginal cost per page with hooks within 10 % of without"
                name += f" ({pages} pages/language), navigation.prune {on}"
                detail = f"{ms(cost['hooks'])} vs {ms(cost['no-hooks'])} per page = {percent(over)}"
                checks.append(target(name, over, MAX_MARGINAL_EXCESS, detail))
        for v in VARIANTS if large > small else ():
            a, b = r.median((small, prune, v)), r.median((large, prune, v))
            name = f"linear growth: {large} pages/language in at most {MAX_SCALING}× the time of "
            name += f"{small} ({VARIANTS[v]}, navigation.prune {on})"
            detail = f"the {large}-page case without prune is not in the default run (`--full`)"
            if a and b:
                detail = f"{b:.2f} s / {a:.2f} s = {b / a:.2f}× (pages ×{large / small:g})"
            checks.append(target(name, b / a if a and b else None, MAX_SCALING, detail))
    write_chart(chart, series)
    shown = chart.resolve().relative_to(ROOT) if chart.resolve().is_relative_to(ROOT) else chart
    header = ["Pages/language (synthetic)", "navigation.prune", "CPU with hooks", "CPU without"]
    header += ["Wall with", "Wall without", "Marginal with hooks", "Marginal without"]
    out.append(md_table(header, rows, "rlrrrrrr") + "\n")
    out.append(
        "0 synthetic pages = the real site. Marginal cost = (t(N) − t(0)) / N, CPU time, per "
        f"synthetic page per language (each is built in every language). Chart: `{shown}`.\n"
    )

    out.append("### 3. PDF export against the HTML build – the real site\n")
    logged = [p for p in map(pdf_timings, r.outputs.get(pdf, [])) if p["languages"]]
    name = "the PDF export takes no longer than the HTML build (CPU, all languages)"
    if not logged:
        checks.append(target(name, None, MAX_PDF_RATIO, "hooks/pdf.py logged no PDF timing line"))
    else:
        rows = []
        for lang in sorted({lang for p in logged for lang in p["languages"]}):
            got = [p["languages"][lang] for p in logged if lang in p["languages"]]
            cpus = [g["cpu"] for g in got if g["cpu"] is not None]
            rows.append([f"PDF ({lang}) render", spread(cpus), spread([g["wall"] for g in got])])
        render = median([sum(g["cpu"] or 0 for g in p["languages"].values()) for p in logged])
        extra = max(0.0, r.median(pdf) - cpu)  # the build's own share: the print document
        added = [p["added"] for p in logged if "added" in p]
        total = f"{render:.2f} + {extra:.2f} = {render + extra:.2f} s"
        adds = f"adds {median(added):.2f} s to the build" if added else "–"
        rows.append(["PDF export (render in the workers + the build's extra CPU)", total, adds])
        rows.append(["HTML build, SKIP_PDF=1", f"{cpu:.2f} s", f"{wall:.2f} s"])
        rows.append(r.row("Whole build with the PDF (the `mkdocs build` process)", pdf))
        out.append(md_table(["", "CPU", "Wall"], rows) + "\n")
        factor = ratio(render + extra, cpu)
        detail = f"PDF {render + extra:.2f} s vs HTML {cpu:.2f} s = {factor:.2f}×"
        checks.append(target(name, factor, MAX_PDF_RATIO, detail))

    out.append("### 4. Page weight – first visit, the real site with the PDF (gzip level 6)\n")
    rows = []
    for (lang, kind), w in weights.items():
        cells = [f"{kb(w.total(k, 'raw'))} / {kb(w.total(k))}" for k in ("html", "css", "js")]
        cells.append(f"{kb(w.total('index', 'raw'))} / {kb(w.total('index'))}")
        missing = f" (missing: {', '.join(w.missing)})" if w.missing else ""
        rows.append([f"{kind} ({lang})", f"`{w.page}`{missing}", *cells, f"**{kb(w.total())}**"])
        if kind == "content page":
            name = f"a content page's first visit transfers at most 70 KB gzip ({w.page})"
            checks.append(target(name, w.total(), MAX_FIRST_VISIT_GZIP, f"{kb(w.total())} gzip"))
    header = ["Page", "File", "HTML raw / gzip", "CSS raw / gzip", "JS raw / gzip"]
    out.append(
        md_table([*header, "Search index raw / gzip", "First visit (gzip)"], rows, "llrrrrr")
    )
    content = weights[LANGUAGES[0], "content page"]
    assets = sorted(content.assets, key=lambda a: -a.gzip)
    rows = [[f"`{a.path}`", a.kind, kb(a.raw), kb(a.gzip), kb(a.brotli)] for a in assets]
    rows.append(["**total**", "", *(kb(content.total(size=s)) for s in ("raw", "gzip", "brotli"))])
    theme = sum(a.gzip for a in assets if MATERIAL_FILE.search(a.path))
    search = sum(a.gzip for a in assets if a.kind == "index" or SEARCH_FILE.search(a.path))
    out += [
        f"\nWhat the first visit of `{content.page}` is made of:\n",
        md_table(["File", "Kind", "Raw", "gzip", "brotli"], rows, "llrrr") + "\n",
        f"Material's own files (bundle, main and palette CSS, search worker, lunr): {kb(theme)} "
        f"gzip. The search (worker, lunr, index): {kb(search)} gzip.\n",
        "### Targets\n\n```\n" + "\n".join(c.line() for c in checks) + "\n```\n",
    ]
    return "\n".join(out), checks


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["hook-timer"]:
        return hook_timer(*argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="rounds per measurement (≥ 3)")
    parser.add_argument("--sizes", default="200,1000", help="synthetic pages per language")
    parser.add_argument("--full", action="store_true", help="also 1000+ pages without prune")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results", help="output folder")
    args = parser.parse_args(argv)
    if args.runs < 3:
        parser.error("--runs must be at least 3 (medians of alternating runs)")
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    info, started = machine(), time.perf_counter()
    hooks = read_config(ROOT / "mkdocs.yml")["hooks"]
    with tempfile.TemporaryDirectory(prefix="nspm-bench-") as tmp:
        r, projects = Runner(Path(tmp)), {}
        for pages in [0, *sizes]:
            log(f"a copy with {pages} synthetic pages per language")
            projects[pages] = make_project(Path(tmp) / f"project-{pages}", pages)
            write_variants(projects[pages], pages)
        try:
            r.rotate(projects[0], 0, True, [*VARIANTS, "pdf", "timer"], args.runs)
            site = r.work / "sites" / "0-True-pdf"
            weights = {
                (lang, kind): weigh(site, ("" if lang == LANGUAGES[0] else f"{lang}/") + page)
                for lang in LANGUAGES
                for kind, page in PAGES.items()
            }
            r.rotate(projects[0], 0, False, list(VARIANTS), args.runs)
            for pages in sizes:
                for prune in (False, True):
                    if prune or pages < 1000 or args.full:
                        r.rotate(projects[pages], pages, prune, list(VARIANTS), args.runs)
                    if prune and pages == sizes[0]:
                        r.rotate(projects[pages], pages, prune, ["timer"], 1)
        except RuntimeError as error:
            print(f"bench: {error}", file=sys.stderr)
            return 1
    info["load_end"] = os.getloadavg()
    args.out.mkdir(parents=True, exist_ok=True)
    text, checks = report(r, info, hooks, weights, sizes, args.out / "build-time.png")
    text += f"\nThe whole run took {(time.perf_counter() - started) / 60:.1f} min.\n"
    (args.out / "results.md").write_text(text, encoding="utf-8")
    recorded = {
        "machine": info,
        "builds": {" ".join(map(str, k)): [s._asdict() for s in v] for k, v in r.samples.items()},
        "pdf": [pdf_timings(o) for o in r.outputs.get((0, True, "pdf"), [])],
        "hook_timer": {str(k[0]): v for k, v in r.timers.items()},
        "weights": {" ".join(k): asdict(w) for k, w in weights.items()},
        "targets": [asdict(c) for c in checks],
    }
    (args.out / "results.json").write_text(json.dumps(recorded, indent=1), encoding="utf-8")
    print(text)
    return 0
