"""`make translations`: which English pages are missing, stale or built differently.

    python scripts/translations.py                      # the report; exit 0
    python scripts/translations.py --strict             # exit 1 if missing, stale or unrecorded
    python scripts/translations.py --mark docs/en/a.md  # record the translation (MARK=…)
    python scripts/translations.py --diff docs/en/a.md  # what changed in Swedish since (DIFF=…)

Exit 2: the script could not run. Freshness is the build's rule (nspm/history.py), the page
structure the source reader's (nspm/source.py).
"""

from __future__ import annotations

import argparse
import difflib
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from mkdocs.utils.meta import get_data

from nspm import build, history
from nspm.source import FRONT_MATTER, Source, structure

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs-dir", type=Path, default=ROOT / "docs", help="default: docs/")
    parser.add_argument("--source", default="sv", help="the language translated from (sv)")
    parser.add_argument("--target", default="en", help="the translation's language (en)")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a page is not current")
    parser.add_argument("--mark", nargs="+", type=Path, metavar="PAGE", help="record as translated")
    parser.add_argument("--diff", type=Path, metavar="PAGE", help="source changes since recorded")
    args = parser.parse_args(argv)
    docs, source, target = args.docs_dir, args.source, args.target
    if not (docs / source).is_dir():
        return _error(f"{docs / source} is not a folder (use --docs-dir)")
    if args.mark:
        return mark(docs, source, target, args.mark)
    if args.diff:
        return diff(docs, source, target, args.diff)
    try:
        report = build_report(docs, source, target)
    except (OSError, UnicodeDecodeError) as error:
        return _error(error)
    print(render(report, docs, source, target))
    failing = report["missing"] or report["stale"] or report["unrecorded"]
    return 1 if args.strict and failing else 0


def front_matter(path: Path) -> dict:
    return get_data(path.read_text(encoding="utf-8-sig"))[1]


def compare(a_source: Source, b_source: Source, names=("Swedish", "English")) -> list[str]:
    """What differs between a page and its translation, as short sentences."""
    a, b = names
    x, y = structure(a_source), structure(b_source)
    sides = ((a, x, y), (b, y, x))  # (name, this page, the other)
    problems = []
    for name, this, other in sides:
        if only := [i for i in this.heading_ids if i not in other.heading_ids]:
            problems.append(f"heading ids only in {name}: " + ", ".join("#" + i for i in only))
    if not problems and x.heading_ids != y.heading_ids:
        problems.append("the same heading ids in a different order")
    for name, this, _ in sides:
        if this.headings_without_id:
            lines = ", ".join(map(str, this.headings_without_id))
            problems.append(f"{name} headings without an id '{{ #… }}' on line {lines}")
    for name, this, other in sides:
        if only := Counter(this.internal_links) - Counter(other.internal_links):
            problems.append(f"internal links only in {name}: " + ", ".join(sorted(only.elements())))
    for label in ("links", "tables", "admonitions"):
        if getattr(x, label) != getattr(y, label):
            problems.append(f"{label}: {a} {getattr(x, label)}, {b} {getattr(y, label)}")
    for name, this, other in sides:
        if only := Counter(this.markers) - Counter(other.markers):
            markers = ", ".join(f"<!-- {m} -->" for m in sorted(only.elements()))
            problems.append(f"markers only in {name}: {markers}")
    return problems


def build_report(docs: Path, source: str, target: str) -> dict:
    src_pages, dst_pages = _pages(docs / source), _pages(docs / target)
    found = history.read(docs)
    report = {"history": found, "counts": (len(src_pages), len(dst_pages))}
    report.update(missing=sorted(src_pages - dst_pages), orphans=sorted(dst_pages - src_pages))
    report.update(stale=[], unrecorded=[], structure=[])
    for rel in sorted(src_pages & dst_pages):
        src_file, dst_file = docs / source / rel, docs / target / rel
        recorded = front_matter(dst_file).get(history.KEY)
        state = history.freshness(recorded, src_file)
        key = f"{source}/{rel}"
        uncommitted = found.available and key in found.uncommitted
        changed = found.changed(key) if found.available and not uncommitted else None
        entry = {"rel": rel, "sha": history.blob_sha(src_file), "recorded": recorded}
        entry.update(uncommitted=uncommitted, changed=changed)
        if state in ("stale", "unrecorded"):
            report[state].append(entry)
        pair = [Source(f.read_text(encoding="utf-8-sig")) for f in (src_file, dst_file)]
        differences = compare(*pair, (build.language_name(source), build.language_name(target)))
        if differences:
            report["structure"].append((rel, differences))
    report["current"] = len(src_pages & dst_pages) - len(report["stale"] + report["unrecorded"])
    return report


def render(report: dict, docs: Path, source: str, target: str) -> str:
    s_name, t_name, d = build.language_name(source), build.language_name(target), _display(docs)
    lines = [
        f"Translations {d}/{source} → {d}/{target}: {report['counts'][0]} {s_name} pages, "
        f"{report['counts'][1]} {t_name} pages."
    ]
    if not report["history"].available:
        lines.append(f"(No git history – {report['history'].reason}: dates are not shown.)")

    def section(title: str, items: list, explain: str) -> None:
        lines.extend(["", f"{title} ({len(items)})" + (f" – {explain}" if items else "")])
        if not items:
            lines.append("  none")

    section(
        f"Missing {t_name} pages",
        report["missing"],
        f"translate each {s_name} page into the same path under {d}/{target}/",
    )
    lines.extend(f"  {d}/{target}/{rel}   (from {d}/{source}/{rel})" for rel in report["missing"])
    if report["orphans"]:
        section(
            f"{t_name} pages without a {s_name} source",
            report["orphans"],
            f"add the {s_name} page or remove the {t_name} one",
        )
        lines.extend(f"  {d}/{target}/{rel}" for rel in report["orphans"])
    section(
        f"Stale {t_name} pages",
        report["stale"],
        f"the {s_name} page changed after the recorded version: update the translation, then "
        f"record it with the MARK command shown",
    )
    for e in report["stale"]:
        page, when = f"{d}/{target}/{e['rel']}", ""
        if e["uncommitted"]:
            when = ", uncommitted"
        elif e["changed"]:
            when = f", {s_name} changed {history.day(e['changed'], 'sv_SE')['iso']}"
        lines.append(f"  {page}   (recorded {e['recorded'][:12]}{when})")
        lines.append(f"      what changed: make translations DIFF={page}")
        lines.append(f"      when done:    make translations MARK={page}")
        lines.append(f"      translation_of: {e['sha']}")
    section(
        f"{t_name} pages without '{history.KEY}'",
        report["unrecorded"],
        "record it once the page matches its source (the MARK command shown)",
    )
    for e in report["unrecorded"]:
        page = f"{d}/{target}/{e['rel']}"
        lines.append(f"  {page}   (make translations MARK={page})")
        lines.append(f"      translation_of: {e['sha']}")
    section(
        "Structural differences",
        report["structure"],
        "check that both languages have the same sections, links, tables and markers",
    )
    for rel, differences in report["structure"]:
        lines.append(f"  {d}/{target}/{rel}")
        lines.extend(f"      {text}" for text in differences)
    lines.extend(["", f"Up to date: {report['current']} {t_name} page(s)."])
    return "\n".join(lines)


def _source_of(docs: Path, source: str, target: str, page: Path) -> Path:
    """The Swedish twin of ``page``; ValueError when either is missing."""
    try:
        rel = page.resolve().relative_to((docs / target).resolve())
    except ValueError:
        raise ValueError(f"{page} is not under {_display(docs)}/{target}/") from None
    src_file = docs / source / rel
    if not page.is_file() or not src_file.is_file():
        raise ValueError(f"{page} or its source {src_file} does not exist")
    return src_file


def mark(docs: Path, source: str, target: str, pages: list[Path]) -> int:
    """Set `translation_of:` in each page to its Swedish twin's current blob id."""
    status = 0
    for page in pages:
        try:
            src_file = _source_of(docs, source, target, page)
        except ValueError as error:
            status = _error(error)
            continue
        sha = history.blob_sha(src_file)
        text = page.read_text(encoding="utf-8")
        updated = set_key(text, history.KEY, sha)
        if updated is None:
            status = _error(f"{page} has no front matter (--- lines)")
            continue
        if updated != text:
            page.write_text(updated, encoding="utf-8")
        print(f"{page}: {history.KEY}: {sha}")
    return status


def diff(docs: Path, source: str, target: str, page: Path) -> int:
    """The Swedish page's changes since the version the translation records (from git)."""
    try:
        src_file = _source_of(docs, source, target, page)
    except ValueError as error:
        return _error(error)
    recorded = front_matter(page).get(history.KEY)
    git, old = shutil.which("git"), None
    if git and recorded:
        cmd = [git, "cat-file", "-p", str(recorded)]
        old = subprocess.run(cmd, cwd=docs, capture_output=True, text=True, encoding="utf-8")
    if old is None or old.returncode != 0:
        return _error(
            f"the recorded version {recorded} of {src_file} is not in the git history "
            "(it was never committed); compare the pages by hand"
        )
    new = src_file.read_text(encoding="utf-8").splitlines(keepends=True)
    old_lines = old.stdout.splitlines(keepends=True)
    names = f"{src_file} (translated)", f"{src_file} (now)"
    sys.stdout.writelines(difflib.unified_diff(old_lines, new, *names))
    return 0


def set_key(text: str, key: str, value: str) -> str | None:
    """The page with ``key: value`` in its front matter, the rest unchanged; None: none."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None
    line = f"{key}: {value}"
    body, found = re.subn(rf"(?m)^{re.escape(key)}\s*:.*$", line, match.group(1), count=1)
    if not found:
        body += line + "\n"
    return text[: match.start(1)] + body + text[match.end(1) :]


def _error(message) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _pages(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*.md")}


def _display(docs: Path) -> str:
    try:
        return docs.resolve().relative_to(Path.cwd()).as_posix() or "."
    except ValueError:
        return str(docs)


if __name__ == "__main__":
    sys.exit(main())
