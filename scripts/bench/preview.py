"""`make bench`, issue 10: seconds from saving a change (a unique token) to the served page
showing it, for `make serve`'s preview (scripts/preview.py) and plain `mkdocs serve`, each
on a copy of the project at the real size and with --extra synthetic pages per language.
The copy's mkdocs.yml inherits the project's (mkdocs.project.yml). Prints a Markdown table.

    python -m scripts.bench.preview [--edits 5] [--extra 200] [--only preview] [--sizes real]
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

import yaml

from scripts import bench

PAGE_URL = bench.REAL_PAGE.removesuffix(".md") + "/"
TARGETS = {"real": "≤ 0.5 s", "extra": "≤ 1.0 s"}  # a page edit (issue 10)
TIMEOUT = 300.0  # seconds for one change to show
TEMPLATE = "overrides/partials/nspm/page-meta.html"
SERVERS = ("baseline", "preview")


def fetch(url: str) -> tuple[str, str]:
    """The page at ``url`` and its address after redirects; empty when it is not served."""
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.read().decode("utf-8", "replace"), response.geturl()
    except OSError:
        return "", ""


def wait_for(url: str, mark: str, start: float, shown: bool = True) -> float:
    """Seconds from ``start`` until the page at ``url`` shows ``mark`` (``shown``) or not."""
    while (mark in fetch(url)[0]) != shown:
        if time.perf_counter() - start > TIMEOUT:
            raise RuntimeError(f"{url}: no change in {TIMEOUT:.0f} s")
        time.sleep(0.005)
    return time.perf_counter() - start


def changes(project: Path, saves: int) -> list:
    """(label, file, edit: text and token → new text, page URL, saves) of each change."""
    name = bench.read_config(project / "mkdocs.yml")["site_name"]

    def regions(text: str, mark: str) -> str:
        new, n = re.subn(r"(seat: \{sv: )([^,}]+)", rf"\g<1>\g<2> {mark}", text, count=1)
        if n != 1:
            raise RuntimeError("data/regions.yml has no 'seat: {sv: …}' to change")
        return new

    def append(line: str):
        return lambda text, mark: f"{text.rstrip()}\n\n{line.format(mark)}\n"

    def config(text: str, mark: str) -> str:
        return yaml.safe_dump({**yaml.safe_load(text), "site_name": f"{name} {mark}"})

    return [
        ("Swedish page", f"docs/sv/{bench.REAL_PAGE}", append("{}"), PAGE_URL, saves),
        ("English twin", f"docs/en/{bench.REAL_PAGE}", append("{}"), f"en/{PAGE_URL}", saves),
        ("data/regions.yml", "data/regions.yml", regions, "stod/regionkoordinatorer/", 1),
        ("override template", TEMPLATE, append("<span hidden>{}</span>"), PAGE_URL, 1),
        ("mkdocs.yml", "mkdocs.yml", config, PAGE_URL, 1),
    ]


def measure(kind: str, project: Path, saves: int) -> dict[str, list[float]]:
    """Start ``kind`` (preview or baseline) on ``project``; seconds from each save to the
    served page showing it, by change."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{s.getsockname()[1]}"
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--no-strict", "--dev-addr", address]
    if kind == "preview":
        cmd = [sys.executable, str(bench.ROOT / "scripts/preview.py"), "--dev-addr", address]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SKIP_PDF": "1"}
    log, results = project.with_suffix(".log"), defaultdict(list)
    with log.open("w") as out:
        server = subprocess.Popen(cmd, cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        start = time.perf_counter()
        while not (base := fetch(f"http://{address}/")[1]):  # the root redirects to site_url
            if server.poll() is not None or time.perf_counter() - start > TIMEOUT:
                raise RuntimeError(f"{kind} did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        time.sleep(1.0)  # let the first build settle
        for label, path, edit, url, count in changes(project, saves):
            file, mark = project / path, ""
            original = file.read_text(encoding="utf-8")
            try:
                for _ in range(count):
                    mark, start = f"benchtoken{time.time_ns()}", time.perf_counter()
                    file.write_text(edit(original, mark), encoding="utf-8")
                    results[label].append(wait_for(base + url, mark, start))
                    time.sleep(0.3)  # an editor does not save twice in the same instant
            finally:
                file.write_text(original, encoding="utf-8")
            wait_for(base + url, mark, time.perf_counter(), shown=False)
            time.sleep(0.5)  # the restored file is built before the next change
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    return results


def make_copy(dest: Path, extra: int) -> Path:
    """A copy whose mkdocs.yml inherits the project's config (moved to mkdocs.project.yml)
    and adds ``extra`` synthetic pages per language to the nav."""
    project = bench.make_project(dest, extra)
    (project / "mkdocs.yml").rename(project / "mkdocs.project.yml")
    parent = bench.read_config(project / "mkdocs.project.yml")
    section = bench.with_section(parent, extra) if extra else {}
    bench.write_yaml(project / "mkdocs.yml", {"INHERIT": "mkdocs.project.yml", **section})
    return project


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop the server, remove the copy
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=5, help="saves per page (median; ≥ 5)")
    parser.add_argument("--extra", type=int, default=200, help="synthetic pages per language")
    parser.add_argument("--only", choices=("preview", "baseline"), help="one server only")
    parser.add_argument("--sizes", default="real,extra", help="real, extra or both")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="nspm-bench-preview-") as tmp:
        for size in args.sizes.split(","):
            extra, results = args.extra if size == "extra" else 0, defaultdict(dict)
            for kind in [k for k in SERVERS if args.only in (None, k)]:
                project = make_copy(Path(tmp) / f"{size}-{kind}", extra)
                bench.log(f"{kind}, {size} size")
                results[kind] = measure(kind, project, args.edits)
            pages = sum(1 for _ in (project / "docs/sv").rglob("*.md"))
            for label, *_ in changes(project, 1):
                cells = [bench.spread(results[k].get(label, [])) for k in SERVERS]
                target = TARGETS[size] if label.endswith(("page", "twin")) else "full rebuild"
                rows.append([label, pages, *cells, target])
    header = ["Change", "Pages per language", "`mkdocs serve` (before)"]
    print("### Preview latency: save → served page contains the change (median)\n")
    print(bench.md_table([*header, "`make serve` preview (after)", "Target"], rows) + "\n")
    print(
        "Time from writing the file to the server returning the page with the change (polled "
        "every 5 ms). Baseline: `SKIP_PDF=1 mkdocs serve --no-strict`. Full rebuilds are "
        "expected for data, templates and mkdocs.yml."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
