"""scripts/bench_stats.py – the arithmetic and the Markdown of scripts/bench.py (no MkDocs here).

Pure helpers, tested in tests/test_bench.py: medians of repeated runs, ratios, the marginal
cost per page, the targets of issue 9 as PASS/FAIL lines, the run order (alternating
variants), the Markdown tables, the PDF hook's log lines and the PNG chart (Pillow, which
WeasyPrint already pins – no plotting library).
"""

from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

# Targets (issue 9)
MAX_HOOK_OVERHEAD = 0.10  # hooks add at most 10 % to the build time
MAX_MARGINAL_EXCESS = 0.10  # marginal cost per page with hooks within 10 % of without
MAX_SCALING = 5.5  # 1000 pages per language in at most 5.5× the time of 200
MAX_FIRST_VISIT_GZIP = 70 * 1024  # a content page's first visit, gzip bytes
MAX_PDF_RATIO = 1.0  # the PDF export takes no longer than the HTML build
EPSILON = 1e-9  # 11 / 10 − 1 is 0.10000000000000009 in floating point


@dataclass
class Sample:
    """One build: its CPU time (user + sys of the process and its waited-for children) and wall."""

    cpu: float
    wall: float


def median(values: list[float]) -> float:
    if not values:
        raise ValueError("median of no values")
    return float(statistics.median(values))


def spread(values: list[float]) -> str:
    """``1.23 s (1.20–1.31, n=3)``; one value: ``1.23 s (n=1)``."""
    if not values:
        return "–"
    if len(values) == 1:
        return f"{values[0]:.2f} s (n=1)"
    return f"{median(values):.2f} s ({min(values):.2f}–{max(values):.2f}, n={len(values)})"


def ratio(numerator: float, denominator: float) -> float:
    if denominator <= 0:
        raise ValueError("ratio with a zero or negative denominator")
    return numerator / denominator


def marginal(t_n: float, t_0: float, n: int) -> float:
    """Marginal build cost per page: (t(N) − t(0)) / N, with N pages per language."""
    if n <= 0:
        raise ValueError("marginal cost needs N > 0 pages")
    return (t_n - t_0) / n


def alternating(variants: list[str], runs: int) -> list[tuple[int, str]]:
    """The run order: every variant once per round, ``runs`` rounds – A B A B A B."""
    return [(r, v) for r in range(runs) for v in variants]


def percent(value: float) -> str:
    return f"{value * 100:+.1f} %"


def kb(size: int) -> str:
    """Bytes as KB (1 KB = 1024 bytes), one decimal."""
    return f"{size / 1024:.1f} KB"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


# ----------------------------------------------------------------------------
# Targets
# ----------------------------------------------------------------------------


@dataclass
class Check:
    name: str
    ok: bool | None  # None: not measured in this run
    detail: str

    def line(self) -> str:
        status = {True: "PASS", False: "FAIL", None: "NOT MEASURED"}[self.ok]
        return f"{status}: {self.name} – {self.detail}"


def check_hook_overhead(with_hooks: float, without: float) -> Check:
    overhead = ratio(with_hooks, without) - 1
    return Check(
        "the hooks add at most 10 % to build time",
        overhead <= MAX_HOOK_OVERHEAD + EPSILON,
        f"{with_hooks:.2f} s with hooks / {without:.2f} s without = {percent(overhead)}",
    )


def check_marginal(with_hooks: float, without: float, pages: int) -> Check:
    excess = ratio(with_hooks, without) - 1
    return Check(
        f"marginal cost per page with hooks within 10 % of without ({pages} pages/language)",
        excess <= MAX_MARGINAL_EXCESS + EPSILON,
        f"{ms(with_hooks)} vs {ms(without)} per page = {percent(excess)}",
    )


def check_scaling(t_small: float, t_large: float, small: int, large: int, label: str) -> Check:
    factor = ratio(t_large, t_small)
    return Check(
        f"linear growth: {large} pages/language in at most {MAX_SCALING}× the time of {small} "
        f"({label})",
        factor <= MAX_SCALING + EPSILON,
        f"{t_large:.2f} s / {t_small:.2f} s = {factor:.2f}× (pages ×{large / small:g})",
    )


def check_first_visit(page: str, gzip_bytes: int) -> Check:
    return Check(
        f"a content page's first visit transfers at most 70 KB gzip ({page})",
        gzip_bytes <= MAX_FIRST_VISIT_GZIP,
        f"{kb(gzip_bytes)} gzip",
    )


def check_pdf(pdf: float, html: float, label: str) -> Check:
    return Check(
        f"the PDF export takes no longer than the HTML build ({label})",
        pdf <= html * MAX_PDF_RATIO,
        f"PDF {pdf:.2f} s vs HTML {html:.2f} s = {ratio(pdf, html):.2f}×",
    )


# ----------------------------------------------------------------------------
# The PDF hook's log
# ----------------------------------------------------------------------------

_PDF_LINE = re.compile(
    r"PDF \((?P<lang>[\w-]+)\):.*?rendered in (?P<wall>[\d.]+) s(?: \((?P<cpu>[\d.]+) s CPU\))?"
    r".*?(?:assembly|assembled in) (?P<assembly>[\d.]+) s"
)
_PDF_ADDED = re.compile(
    r"PDF export added (?P<added>[\d.]+) s to the build \(HTML build: (?P<html>[\d.]+) s"
)


def pdf_timings(log: str) -> dict:
    """What hooks/pdf.py logs: per language render wall/CPU and assembly; added and HTML seconds.

    ``{"languages": {"sv": {"wall": 6.6, "cpu": 1.8, "assembly": 0.15}, …},
    "added": 2.6, "html": 8.6}`` – keys missing when the log has no such line.
    """
    result: dict = {"languages": {}}
    for m in _PDF_LINE.finditer(log):
        result["languages"][m["lang"]] = {
            "wall": float(m["wall"]),
            "cpu": float(m["cpu"]) if m["cpu"] else None,
            "assembly": float(m["assembly"]),
        }
    added = _PDF_ADDED.search(log)
    if added:
        result["added"] = float(added["added"])
        result["html"] = float(added["html"])
    return result


# ----------------------------------------------------------------------------
# Markdown
# ----------------------------------------------------------------------------


def md_table(header: list[str], rows: list[list[str]], align: str | None = None) -> str:
    """A Markdown table; ``align`` per column: ``l`` or ``r`` (default: first l, rest r)."""
    align = align or "l" + "r" * (len(header) - 1)
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"row {row!r} has {len(row)} cells, the header {len(header)}")
    sep = ["---:" if a == "r" else "---" for a in align]
    lines = [header, sep, *rows]
    return "\n".join("| " + " | ".join(str(c) for c in line) + " |" for line in lines)


# ----------------------------------------------------------------------------
# Chart
# ----------------------------------------------------------------------------

FONT_FILE = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"  # fonts-noto-core (PDF)
COLOURS = [(0, 94, 184), (200, 70, 20), (40, 140, 60), (130, 60, 160)]


def _font(size: int):
    from PIL import ImageFont

    if Path(FONT_FILE).is_file():
        return ImageFont.truetype(FONT_FILE, size)
    return ImageFont.load_default(size)


def nice_step(span: float, ticks: int = 5) -> float:
    """A round tick step (1, 2 or 5 × 10^k) giving at most about ``ticks`` ticks over ``span``."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def write_chart(
    path: Path,
    series: dict[str, list[tuple[float, float]]],
    *,
    title: str,
    x_label: str,
    y_label: str,
    size: tuple[int, int] = (900, 560),
) -> None:
    """A line chart (PNG) of ``series``: name → [(x, y), …], points marked, legend top left."""
    from PIL import Image, ImageDraw

    width, height = size
    left, right, top, bottom = 80, 30, 75, 70
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font, small = _font(16), _font(13)
    points = [p for values in series.values() for p in values]
    x_max = max((x for x, _ in points), default=1) or 1
    y_max = max((y for _, y in points), default=1) or 1
    x_step, y_step = nice_step(x_max), nice_step(y_max)
    x_top = x_step * -(-x_max // x_step)
    y_top = y_step * -(-y_max // y_step)

    def at(x: float, y: float) -> tuple[float, float]:
        return (
            left + (width - left - right) * x / x_top,
            height - bottom - (height - top - bottom) * y / y_top,
        )

    draw.text((left, 10), title, fill="black", font=font)
    # Grid and axes
    y = 0.0
    while y <= y_top + 1e-9:
        px, py = at(0, y)
        draw.line([(left, py), (width - right, py)], fill=(225, 225, 225))
        draw.text((left - 8, py), f"{y:g}", fill="black", font=small, anchor="rm")
        y += y_step
    x = 0.0
    while x <= x_top + 1e-9:
        px, py = at(x, 0)
        draw.line([(px, top), (px, height - bottom)], fill=(235, 235, 235))
        draw.text((px, height - bottom + 8), f"{x:g}", fill="black", font=small, anchor="mt")
        x += x_step
    draw.line([at(0, 0), at(x_top, 0)], fill="black", width=2)
    draw.line([at(0, 0), at(0, y_top)], fill="black", width=2)
    draw.text(
        ((left + width - right) / 2, height - 25), x_label, fill="black", font=font, anchor="mm"
    )
    draw.text((12, top - 32), y_label, fill="black", font=small)
    # Series
    for i, (name, values) in enumerate(series.items()):
        colour = COLOURS[i % len(COLOURS)]
        line = [at(x, y) for x, y in sorted(values)]
        if len(line) > 1:
            draw.line(line, fill=colour, width=3)
        for px, py in line:
            draw.ellipse([px - 4, py - 4, px + 4, py + 4], fill=colour)
        ly = top + 10 + 22 * i
        draw.line([(left + 15, ly), (left + 45, ly)], fill=colour, width=3)
        draw.text((left + 52, ly), name, fill="black", font=small, anchor="lm")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "PNG")
