#!/usr/bin/env python3
"""The external links of the built site (opt-in: `make linkcheck`, needs the network; the
build itself never fetches anything). HEAD, else GET; retries on timeouts, 429 and 5xx; good
results cached in .cache/linkcheck.json for --max-age hours. Exits 1 when a link is broken.

    .venv/bin/python scripts/linkcheck.py [--site site] [--max-age 24] [--timeout 10]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from lxml import etree

from nspm.html import read
from nspm.links import scheme_of

ROOT = Path(__file__).resolve().parent.parent
USER_AGENT = "nspm-kunskapsbank-linkcheck/1"
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
CACHED = ("ok", "status", "detail", "final_url", "checked")  # a Result's fields but its url


@dataclass
class Result:
    """What one URL answered."""

    url: str
    ok: bool
    status: int | None
    detail: str
    final_url: str
    checked: str  # ISO time, UTC


def site_url_of(site: Path) -> str | None:
    """The site's own address, from the canonical link of its home page."""
    index = site / "index.html"
    if not index.exists():
        return None
    root = etree.fromstring(index.read_text(encoding="utf-8", errors="replace"), etree.HTMLParser())
    found = root.xpath('//link[@rel="canonical"]/@href') if root is not None else []
    return str(found[0]) if found else None


def collect(site: Path, own: str | None = None) -> dict[str, list[str]]:
    """Every external http(s) URL of the built site → the pages it is on (site-relative)."""
    found: dict[str, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        for link in read(page.read_text(encoding="utf-8", errors="replace")).links:
            url = link.url.split("#", 1)[0]
            if scheme_of(url) not in ("http", "https"):
                continue
            if own and url.startswith(own):
                continue  # the site's own address (canonical, hreflang): checked by the hook
            pages = found.setdefault(url, [])
            if rel not in pages:
                pages.append(rel)
    return found


def _attempt(url: str, timeout: float) -> tuple[int | None, str, str, bool]:
    """(status, final URL, detail, retry?) for one HEAD-then-GET try."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                if method == "GET":
                    response.read(1024)
                return response.status, response.geturl(), f"{method} {response.status}", False
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code not in (404, 410):
                continue  # many servers refuse or mishandle HEAD: ask with GET
            detail = f"{method} {error.code} {error.reason}"
            return error.code, url, detail, error.code in RETRY_STATUS
        except OSError as error:  # timeouts, refused connections, URLError
            reason = getattr(error, "reason", error)
            timed_out = isinstance(reason, TimeoutError) or "timed out" in str(reason)
            detail = f"timed out after {timeout:g} s" if timed_out else f"no answer: {reason}"
            return None, url, detail, True
    return None, url, "no answer", True  # pragma: no cover – the loop always returns


def check_url(url: str, *, timeout: float = 10, retries: int = 2, backoff: float = 0.5) -> Result:
    """Check one URL: HEAD, GET on failure, retry timeouts/connection errors/429/5xx."""
    for attempt in range(retries + 1):
        status, final, detail, retry = _attempt(url, timeout)
        if not retry or attempt == retries:
            break
        time.sleep(backoff * 2**attempt)
    ok = status is not None and 200 <= status < 400
    if ok and final != url:
        detail += f", redirected to {final}"
    return Result(url, ok, status, detail, final, datetime.now(UTC).isoformat(timespec="seconds"))


def load_cache(path: Path) -> dict[str, dict]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def save_cache(path: Path, results: dict[str, Result], old: dict[str, dict]) -> None:
    data = {**old, **{url: asdict(result) for url, result in results.items()}}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def fresh(entry: dict, max_age_hours: float) -> bool:
    """A cached result is reused only if it worked and is younger than max_age_hours."""
    try:
        checked = datetime.fromisoformat(entry["checked"])
    except (KeyError, ValueError):
        return False
    age = (datetime.now(UTC) - checked).total_seconds() / 3600
    return bool(entry.get("ok")) and age < max_age_hours


def report(found: dict[str, list[str]], results: dict[str, Result], cached: int) -> str:
    lines = []
    broken = [r for r in results.values() if not r.ok]
    moved = [r for r in results.values() if r.ok and r.final_url != r.url]
    for result in sorted(broken, key=lambda r: r.url):
        pages = found.get(result.url, [])
        shown = ", ".join(pages[:3]) + (f" and {len(pages) - 3} more" if len(pages) > 3 else "")
        lines.append(f"BROKEN  {result.url} – {result.detail} (on {shown})")
    for result in sorted(moved, key=lambda r: r.url):
        lines.append(f"MOVED   {result.url} → {result.final_url} (update the link)")
    lines.append(
        f"linkcheck: {len(results)} external URLs, {len(results) - len(broken)} ok "
        f"({len(moved)} redirected, {cached} from the cache), {len(broken)} broken"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site")
    parser.add_argument("--build", action="store_true", help="build the site anew first")
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "linkcheck.json")
    parser.add_argument("--max-age", type=float, default=24.0, help="hours a good result is kept")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
    parser.add_argument("--retries", type=int, default=2)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args(argv)

    if args.build or not (args.site / "index.html").exists():
        print(f"linkcheck: {args.site} has no built site; building it (SKIP_PDF=1)", flush=True)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SKIP_PDF": "1"}
        cmd = [sys.executable, "-m", "mkdocs", "build", "--clean", "-d", str(args.site)]
        subprocess.run(cmd, cwd=ROOT, env=env, check=True)
    found = collect(args.site, site_url_of(args.site))
    cache = load_cache(args.cache)
    results = {}
    for url in sorted(found):
        if url in cache and fresh(cache[url], args.max_age):
            results[url] = Result(url, *(cache[url][k] for k in CACHED))
    cached = len(results)
    todo = [url for url in sorted(found) if url not in results]
    check = partial(check_url, timeout=args.timeout, retries=args.retries)
    with ThreadPoolExecutor(max_workers=max(1, args.workers)) as pool:
        results.update((result.url, result) for result in pool.map(check, todo))
    save_cache(args.cache, results, cache)
    print(report(found, results, cached))
    return 1 if any(not r.ok for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
