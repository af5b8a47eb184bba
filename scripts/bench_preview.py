"""scripts/bench_preview.py – how long until a saved change is on the served page.

Measures, in a temporary copy of the project (docs/ and everything else stay untouched),
the time from writing a file to the HTTP server returning the page that contains the
change (a unique token written into the file; the page is polled). For each server:

- `make serve`'s preview (scripts/preview.py) and plain `mkdocs serve` (the baseline:
  `SKIP_PDF=1 mkdocs serve --no-strict`, what `make serve` ran before the preview);
- at the real size and with --extra synthetic pages per language (default 200) added to
  the copy's docs/ and nav;
- edits: a Swedish page and its English twin (median of --edits saves each, ≥ 5), and one
  change each to data/regions.yml, an override template and mkdocs.yml.

Prints a Markdown table (for `make bench`); usable alone:

    .venv/bin/python scripts/bench_preview.py [--edits 5] [--extra 200] [--only preview]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PAGE = "stod/betanketid.md"  # the Swedish page and its English twin
PAGE_URL = "stod/betanketid/"
REGIONS_URL = "stod/regionkoordinatorer/"
TEMPLATE = "overrides/partials/nspm/page-meta.html"
TARGETS = {"real": 0.5, "extra": 1.0}  # seconds, for a page edit (issue 10)
TIMEOUT = 300.0  # seconds to wait for one change to show


# ----------------------------------------------------------------------------
# The project copy
# ----------------------------------------------------------------------------


def copy_project(dest: Path, extra: int = 0) -> Path:
    """The project's build inputs in ``dest``, with ``extra`` synthetic pages per language."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for name in ("hooks", "overrides", "data", "docs"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    if extra:
        add_pages(dest, extra)
    return dest


def add_pages(project: Path, count: int) -> None:
    """``count`` twin pages per language in docs/<lang>/bench/, listed in the nav."""
    words = {
        "sv": ("Exempelsida", "En sida som bara finns i mätningen.", "Avsnitt"),
        "en": ("Example page", "A page that exists only in the benchmark.", "Section"),
    }
    for lang, (title, description, section) in words.items():
        folder = project / "docs" / lang / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(count):
            body = "\n\n".join(
                f"## {section} {k} {{ #avsnitt-{k} }}\n\n" + (description + " ") * 12
                for k in range(1, 6)
            )
            (folder / f"sida-{n:03d}.md").write_text(
                f"---\ntitle: {title} {n}\ndescription: {description}\n---\n\n"
                f"# {title} {n} {{ #sida-{n:03d} }}\n\n{body}\n",
                encoding="utf-8",
            )
    nav = "\n".join(f"      - bench/sida-{n:03d}.md" for n in range(count))
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").rstrip("\n")
    config.write_text(text + "\n  - Bench:\n" + nav + "\n", encoding="utf-8")


def page_count(project: Path, lang: str = "sv") -> int:
    return sum(1 for _ in (project / "docs" / lang).rglob("*.md"))


# ----------------------------------------------------------------------------
# Servers
# ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 120.0) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


@dataclass
class Server:
    kind: str  # "preview" | "mkdocs serve"
    project: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None
    log: Path | None = None

    def command(self) -> list[str]:
        addr = f"127.0.0.1:{self.port}"
        if self.kind == "preview":
            return [PYTHON, str(ROOT / "scripts" / "preview.py"), "-f", "mkdocs.yml", "-a", addr]
        return [PYTHON, "-m", "mkdocs", "serve", "--no-strict", "-a", addr]

    def start(self, timeout: float = 600.0) -> str:
        """Start and wait until the home page is served; returns the site's base URL."""
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SKIP_PDF": "1"}
        self.log = self.project.parent / f"{self.kind.replace(' ', '-')}.log"
        out = self.log.open("w", encoding="utf-8")
        self.proc = subprocess.Popen(
            self.command(), cwd=self.project, env=env, stdout=out, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.kind} stopped:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=5) as r:
                    if r.status == 200:
                        time.sleep(1.0)  # let the first build settle
                        return r.geturl()
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.kind} did not start in {timeout:.0f} s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# ----------------------------------------------------------------------------
# Edits
# ----------------------------------------------------------------------------


def token() -> str:
    return f"benchtoken{time.time_ns()}"


def edit_page(path: Path, original: str, mark: str) -> None:
    path.write_text(original.rstrip("\n") + f"\n\n{mark}\n", encoding="utf-8")


def edit_regions(path: Path, original: str, mark: str) -> None:
    text, n = re.subn(
        r"(seat: \{sv: )([^,}]+)", lambda m: m[1] + m[2] + " " + mark, original, count=1
    )
    if n != 1:
        raise RuntimeError(f"{path}: no 'seat: {{sv: …}}' to change")
    path.write_text(text, encoding="utf-8")


def edit_template(path: Path, original: str, mark: str) -> None:
    path.write_text(original.rstrip("\n") + f"\n<span hidden>{mark}</span>\n", encoding="utf-8")


def edit_config(path: Path, original: str, mark: str) -> None:
    text, n = re.subn(
        r"^site_name: (.*)$", lambda m: f"site_name: {m[1]} {mark}", original, count=1, flags=re.M
    )
    if n != 1:
        raise RuntimeError(f"{path}: no site_name line to change")
    path.write_text(text, encoding="utf-8")


def time_change(path: Path, edit, url: str, original: str) -> tuple[float, str]:
    """Seconds from the write to the served page containing the change (and the token)."""
    mark = token()
    started = time.perf_counter()
    edit(path, original, mark)
    if not wait_for(url, lambda body: mark in body, TIMEOUT):
        raise RuntimeError(f"{path.name}: the change did not show at {url} in {TIMEOUT:.0f} s")
    return time.perf_counter() - started, mark


def wait_for(url: str, test, seconds: float) -> bool:
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        body = fetch(url)
        if body is not None and test(body):
            return True
        time.sleep(0.005)
    return False


def run_server(kind: str, project: Path, edits: int) -> dict[str, list[float]]:
    """Start ``kind`` on ``project``, time each change, stop it; seconds by change."""
    server = Server(kind, project)
    base = server.start()
    results: dict[str, list[float]] = {}
    scenarios = [
        ("Swedish page", project / "docs/sv" / PAGE, edit_page, PAGE_URL, edits),
        ("English twin", project / "docs/en" / PAGE, edit_page, "en/" + PAGE_URL, edits),
        ("data/regions.yml", project / "data/regions.yml", edit_regions, REGIONS_URL, 1),
        ("override template", project / TEMPLATE, edit_template, PAGE_URL, 1),
        ("mkdocs.yml", project / "mkdocs.yml", edit_config, PAGE_URL, 1),
    ]
    try:
        for label, path, edit, url, count in scenarios:
            original = path.read_text(encoding="utf-8")
            mark = ""
            try:
                for _ in range(count):
                    seconds, mark = time_change(path, edit, base + url, original)
                    results.setdefault(label, []).append(seconds)
                    time.sleep(0.3)  # an editor does not save twice in the same instant
            finally:
                path.write_text(original, encoding="utf-8")
            # The restored file is built again before the next measurement starts.
            wait_for(base + url, lambda body, mark=mark: mark not in body, TIMEOUT)
            time.sleep(0.5)
    finally:
        server.stop()
    return results


# ----------------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------------


def fmt(values: list[float] | None) -> str:
    if not values:
        return "–"
    median = statistics.median(values)
    if len(values) == 1:
        return f"{median:.2f} s"
    return f"{median:.2f} s (n={len(values)}, {min(values):.2f}–{max(values):.2f})"


def table(rows: list[tuple[str, int, dict, dict]]) -> str:
    lines = [
        "| Change | Pages per language | `mkdocs serve` (before) | `make serve` preview (after) "
        "| Target |",
        "|---|---:|---:|---:|---:|",
    ]
    for size, pages, baseline, preview in rows:
        for label in (
            "Swedish page",
            "English twin",
            "data/regions.yml",
            "override template",
            "mkdocs.yml",
        ):
            page_edit = label in ("Swedish page", "English twin")
            target = f"≤ {TARGETS[size]:.1f} s" if page_edit else "full rebuild"
            lines.append(
                f"| {label} | {pages} | {fmt(baseline.get(label))} | {fmt(preview.get(label))} "
                f"| {target} |"
            )
    return "\n".join(lines)


def _stop(signum, frame):
    raise KeyboardInterrupt  # run the finally blocks: stop the server, remove the copy


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _stop)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=5, help="saves per page (median; ≥ 5)")
    parser.add_argument(
        "--baseline-extra-edits",
        type=int,
        default=None,
        help="saves per page for `mkdocs serve` with the extra pages (default: --edits; each "
        "is a full build of both languages, minutes each)",
    )
    parser.add_argument("--extra", type=int, default=200, help="synthetic pages per language")
    parser.add_argument("--only", choices=("preview", "baseline"), help="measure one server only")
    parser.add_argument("--sizes", default="real,extra", help="real, extra or both")
    args = parser.parse_args(argv)
    kinds = {"preview": ["preview"], "baseline": ["mkdocs serve"]}.get(
        args.only, ["mkdocs serve", "preview"]
    )
    rows = []
    with tempfile.TemporaryDirectory(prefix="nspm-bench-preview-") as tmp:
        for size in [s.strip() for s in args.sizes.split(",") if s.strip()]:
            extra = args.extra if size == "extra" else 0
            results = {}
            pages = 0
            for kind in kinds:
                project = copy_project(Path(tmp) / f"{size}-{kind.replace(' ', '-')}" / "p", extra)
                pages = page_count(project)
                print(f"… {kind}, {pages} pages per language", file=sys.stderr, flush=True)
                edits = args.edits
                if kind != "preview" and size == "extra" and args.baseline_extra_edits:
                    edits = args.baseline_extra_edits
                results[kind] = run_server(kind, project, max(edits, 1))
            rows.append((size, pages, results.get("mkdocs serve", {}), results.get("preview", {})))
    print("### Preview latency: save → served page contains the change (median)\n")
    print(table(rows))
    print(
        "\nTime from writing the file to the HTTP server returning the page with the change "
        "(polled every 5 ms). Baseline: `SKIP_PDF=1 mkdocs serve --no-strict`. "
        "Full rebuilds are expected for data, templates and mkdocs.yml."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
