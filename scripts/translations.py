"""`make translations`: which English pages are missing, stale or built differently.

    python scripts/translations.py                      # the report; exit 0
    python scripts/translations.py --strict             # exit 1 if missing, stale or unrecorded
    python scripts/translations.py --mark docs/en/a.md  # record the translation (MARK=…)
    python scripts/translations.py --diff docs/en/a.md  # what changed in Swedish since (DIFF=…)

- missing: a Swedish page without its English twin (same path under docs/en/);
- without a Swedish source: an English page whose docs/sv/ twin does not exist;
- stale: the Swedish page changed since the version in the English page's
  ``translation_of``; unrecorded: an English page without it;
- structure: heading ids, internal links, link/table/admonition counts or markers differ.

Exit codes: 0 report shown; 1 only with --strict when something is missing, stale or
unrecorded; 2 the script could not run. The freshness rule is the build's
(nspm/history.py), the page structure the source reader's (nspm/source.py).
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

from nspm import history
from nspm.source import FRONT_MATTER, Source, structure

ROOT = Path(__file__).resolve().parent.parent
NAMES = {"sv": "Swedish", "en": "English"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs-dir", type=Path, default=ROOT / "docs", help="default: docs/")
    parser.add_argument("--source", default="sv", help="the language translated from (sv)")
    parser.add_argument("--target", default="en", help="the translation's language (en)")
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 if missing, stale or unrecorded"
    )
    parser.add_argument(
        "--mark",
        nargs="+",
        type=Path,
        metavar="PAGE",
        help="record the current Swedish version in these pages' translation_of",
    )
    parser.add_argument(
        "--diff",
        type=Path,
        metavar="PAGE",
        help="what changed in the Swedish page since this page's translation_of",
    )
    args = parser.parse_args(argv)
    docs, source, target = args.docs_dir, args.source, args.target
    if not (docs / source).is_dir():
        print(f"error: {docs / source} is not a folder (use --docs-dir)", file=sys.stderr)
        return 2
    if args.mark:
        return mark(docs, source, target, args.mark)
    if args.diff:
        return diff(docs, source, target, args.diff)
    try:
        report = build_report(docs, source, target)
    except (OSError, UnicodeDecodeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(render(report, docs, source, target))
    failing = report["missing"] or report["stale"] or report["unrecorded"]
    return 1 if args.strict and failing else 0


# The report -----------------------------------------------------------------------------


def front_matter(path: Path) -> dict:
    return get_data(path.read_text(encoding="utf-8-sig"))[1]


def compare(a_source: Source, b_source: Source, names=("Swedish", "English")) -> list[str]:
    """What differs between a page and its translation, as short sentences."""
    a, b = names
    x, y = structure(a_source), structure(b_source)
    problems = []
    only_a = [i for i in x.heading_ids if i not in y.heading_ids]
    only_b = [i for i in y.heading_ids if i not in x.heading_ids]
    if only_a:
        problems.append(f"heading ids only in {a}: " + ", ".join("#" + i for i in only_a))
    if only_b:
        problems.append(f"heading ids only in {b}: " + ", ".join("#" + i for i in only_b))
    if not only_a and not only_b and x.heading_ids != y.heading_ids:
        problems.append("the same heading ids in a different order")
    for name, lines in ((a, x.headings_without_id), (b, y.headings_without_id)):
        if lines:
            problems.append(
                f"{name} headings without an id '{{ #… }}' on line " + ", ".join(map(str, lines))
            )
    links_a, links_b = Counter(x.internal_links), Counter(y.internal_links)
    if links_a - links_b:
        problems.append(
            f"internal links only in {a}: " + ", ".join(sorted((links_a - links_b).elements()))
        )
    if links_b - links_a:
        problems.append(
            f"internal links only in {b}: " + ", ".join(sorted((links_b - links_a).elements()))
        )
    for label, m, n in (
        ("links", x.links, y.links),
        ("tables", x.tables, y.tables),
        ("admonitions", x.admonitions, y.admonitions),
    ):
        if m != n:
            problems.append(f"{label}: {a} {m}, {b} {n}")
    markers_a, markers_b = Counter(x.markers), Counter(y.markers)
    for name, only in ((a, markers_a - markers_b), (b, markers_b - markers_a)):
        if only:
            problems.append(
                f"markers only in {name}: "
                + ", ".join(f"<!-- {m} -->" for m in sorted(only.elements()))
            )
    return problems


def build_report(docs: Path, source: str, target: str) -> dict:
    src_pages, dst_pages = _pages(docs / source), _pages(docs / target)
    found = history.read(docs)
    report = {
        "history": found,
        "counts": (len(src_pages), len(dst_pages)),
        "missing": sorted(src_pages - dst_pages),
        "orphans": sorted(dst_pages - src_pages),
        "stale": [],
        "unrecorded": [],
        "structure": [],
        "current": 0,
    }
    names = (NAMES.get(source, source), NAMES.get(target, target))
    for rel in sorted(src_pages & dst_pages):
        src_file, dst_file = docs / source / rel, docs / target / rel
        recorded = front_matter(dst_file).get(history.KEY)
        state = history.freshness(recorded, src_file)
        key = f"{source}/{rel}"
        changed = None if not found.available or key in found.uncommitted else found.changed(key)
        entry = {
            "rel": rel,
            "sha": history.blob_sha(src_file),
            "recorded": recorded,
            "changed": changed,
            "uncommitted": found.available and key in found.uncommitted,
        }
        if state in ("stale", "unrecorded"):
            report[state].append(entry)
        else:
            report["current"] += 1
        differences = compare(
            Source(src_file.read_text(encoding="utf-8-sig")),
            Source(dst_file.read_text(encoding="utf-8-sig")),
            names,
        )
        if differences:
            report["structure"].append((rel, differences))
    return report


def render(report: dict, docs: Path, source: str, target: str) -> str:
    s_name, t_name = NAMES.get(source, source), NAMES.get(target, target)
    d = _display(docs)
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
        when = (
            ", uncommitted"
            if e["uncommitted"]
            else (
                f", {s_name} changed {history.day(e['changed'], 'sv_SE')['iso']}"
                if e["changed"]
                else ""
            )
        )
        lines.append(f"  {d}/{target}/{e['rel']}   (recorded {e['recorded'][:12]}{when})")
        lines.append(f"      what changed: make translations DIFF={d}/{target}/{e['rel']}")
        lines.append(f"      when done:    make translations MARK={d}/{target}/{e['rel']}")
        lines.append(f"      translation_of: {e['sha']}")
    section(
        f"{t_name} pages without '{history.KEY}'",
        report["unrecorded"],
        "record it once the page matches its source (the MARK command shown)",
    )
    for e in report["unrecorded"]:
        lines.append(
            f"  {d}/{target}/{e['rel']}   (make translations MARK={d}/{target}/{e['rel']})"
        )
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


# --mark and --diff ---------------------------------------------------------------------


def _twin(docs: Path, source: str, target: str, page: Path) -> tuple[Path, Path] | str:
    try:
        rel = page.resolve().relative_to((docs / target).resolve())
    except ValueError:
        return f"{page} is not under {_display(docs)}/{target}/"
    src_file = docs / source / rel
    if not page.is_file() or not src_file.is_file():
        return f"{page} or its source {src_file} does not exist"
    return page, src_file


def mark(docs: Path, source: str, target: str, pages: list[Path]) -> int:
    """Set `translation_of:` in each page to its Swedish twin's current blob id."""
    errors = 0
    for page in pages:
        found = _twin(docs, source, target, page)
        text = page.read_text(encoding="utf-8") if not isinstance(found, str) else ""
        updated = (
            None
            if isinstance(found, str)
            else set_key(text, history.KEY, history.blob_sha(found[1]))
        )
        if isinstance(found, str) or updated is None:
            why = found if isinstance(found, str) else f"{page} has no front matter (--- lines)"
            print(f"error: {why}", file=sys.stderr)
            errors += 1
            continue
        if updated != text:
            page.write_text(updated, encoding="utf-8")
        print(f"{page}: {history.KEY}: {history.blob_sha(found[1])}")
    return 2 if errors else 0


def diff(docs: Path, source: str, target: str, page: Path) -> int:
    """The Swedish page's changes since the version the translation records (from git)."""
    found = _twin(docs, source, target, page)
    if isinstance(found, str):
        print(f"error: {found}", file=sys.stderr)
        return 2
    recorded = front_matter(page).get(history.KEY)
    git = shutil.which("git")
    old = (
        subprocess.run(
            [git, "cat-file", "-p", str(recorded)],
            cwd=docs,
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
        if git and recorded
        else None
    )
    if old is None or old.returncode != 0:
        print(
            f"error: the recorded version {recorded} of {found[1]} is not in the git history "
            "(it was never committed); compare the pages by hand",
            file=sys.stderr,
        )
        return 2
    new = found[1].read_text(encoding="utf-8").splitlines(keepends=True)
    sys.stdout.writelines(
        difflib.unified_diff(
            old.stdout.splitlines(keepends=True),
            new,
            f"{found[1]} (translated)",
            f"{found[1]} (now)",
        )
    )
    return 0


def set_key(text: str, key: str, value: str) -> str | None:
    """The page with ``key: value`` in its front matter, nothing else changed (None: no
    front matter)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None
    head, body, rest = text[: match.start(1)], match.group(1), text[match.end(1) :]
    pattern = re.compile(rf"^{re.escape(key)}\s*:.*$", re.MULTILINE)
    line = f"{key}: {value}"
    body = pattern.sub(line, body, count=1) if pattern.search(body) else body + line + "\n"
    return head + body + rest


def _pages(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*.md")}


def _display(docs: Path) -> str:
    try:
        return docs.resolve().relative_to(Path.cwd()).as_posix() or "."
    except ValueError:
        return str(docs)


if __name__ == "__main__":
    sys.exit(main())
