"""`make translations`: which English pages are missing, stale or built differently.

Usage:
    python scripts/translations.py              # the report; exit 0 when it could be made
    python scripts/translations.py --strict     # exit 1 if a page is missing, stale or unrecorded
    python scripts/translations.py --mark docs/en/begrepp.md [...]
        # after translating: record the Swedish page's current version in the English
        # page's front matter (changes only the `translation_of:` line)

Categories:
- missing: a Swedish page without its English twin (same path under docs/en/);
- without a Swedish source: an English page whose docs/sv/ twin does not exist;
- stale: the Swedish page's content changed since the version recorded in the English
  page's `translation_of` (the line to paste is printed);
- unrecorded: an English page without `translation_of`;
- structure: heading ids, internal links, link/table/admonition counts or hook markers differ.

Exit codes: 0 report shown; 1 only with --strict when something is missing, stale or
unrecorded; 2 the script itself could not run (bad arguments, unreadable files).
The freshness rules are shared with the build (hooks/translations.py).
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str):
    """Import hooks/<name>.py (hooks/ is not a package; MkDocs loads it by path)."""
    hooks = ROOT / "hooks"
    if str(hooks) not in sys.path:
        sys.path.insert(0, str(hooks))
    spec = importlib.util.spec_from_file_location(f"nspm_{name}", hooks / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


tr = _load("translations")
git_history = tr.git_history

NAMES = {"sv": "Swedish", "en": "English"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs-dir", type=Path, default=ROOT / "docs", help="default: docs/")
    parser.add_argument("--source", default="sv", help="the language translated from (sv)")
    parser.add_argument("--target", default="en", help="the translation's language (en)")
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 if a page is missing, stale or unrecorded"
    )
    parser.add_argument(
        "--mark",
        nargs="+",
        type=Path,
        metavar="PAGE",
        help="record the current Swedish version in these English pages' translation_of",
    )
    args = parser.parse_args(argv)
    docs = args.docs_dir
    if not (docs / args.source).is_dir():
        print(f"error: {docs / args.source} is not a folder (use --docs-dir)", file=sys.stderr)
        return 2
    if args.mark:
        return mark(docs, args.source, args.target, args.mark)
    try:
        report = build_report(docs, args.source, args.target)
    except (OSError, UnicodeDecodeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(render(report, docs, args.source, args.target))
    failing = report["missing"] or report["stale"] or report["unrecorded"]
    return 1 if args.strict and failing else 0


# Report ------------------------------------------------------------------------


def build_report(docs: Path, source: str, target: str) -> dict:
    src_pages = _pages(docs / source)
    dst_pages = _pages(docs / target)
    history = git_history.read_history(docs)
    report: dict = {
        "history": history,
        "counts": (len(src_pages), len(dst_pages)),
        "missing": sorted(src_pages - dst_pages),
        "orphans": sorted(dst_pages - src_pages),
        "stale": [],
        "unrecorded": [],
        "structure": [],
        "current": 0,
    }
    for rel in sorted(src_pages & dst_pages):
        src_file, dst_file = docs / source / rel, docs / target / rel
        recorded = tr.front_matter(dst_file).get(tr.KEY)
        state = tr.freshness(recorded, src_file)
        sha = git_history.blob_sha(src_file)
        changed = history.changed(f"{source}/{rel}") if history.available else None
        entry = {"rel": rel, "sha": sha, "recorded": recorded, "changed": changed}
        if state == "stale":
            report["stale"].append(entry)
        elif state == "unrecorded":
            report["unrecorded"].append(entry)
        else:
            report["current"] += 1
        differences = tr.compare(
            tr.structure(src_file.read_text(encoding="utf-8-sig")),
            tr.structure(dst_file.read_text(encoding="utf-8-sig")),
            (NAMES.get(source, source), NAMES.get(target, target)),
        )
        if differences:
            report["structure"].append((rel, differences))
    return report


def render(report: dict, docs: Path, source: str, target: str) -> str:
    s_name, t_name = NAMES.get(source, source), NAMES.get(target, target)
    d = _display(docs)
    lines = [
        f"Translations {d}/{source} → {d}/{target}: {report['counts'][0]} {s_name} pages, "
        f"{report['counts'][1]} {t_name} pages.",
    ]
    history = report["history"]
    if not history.available:
        lines.append(f"(No git history – {history.reason}: dates are not shown.)")

    def section(title: str, items: list, explain: str) -> None:
        lines.append("")
        lines.append(f"{title} ({len(items)})" + (f" – {explain}" if items else ""))
        if not items:
            lines.append("  none")

    section(
        f"Missing {t_name} pages",
        report["missing"],
        f"translate each {s_name} page into the same path under {d}/{target}/",
    )
    for rel in report["missing"]:
        lines.append(f"  {d}/{target}/{rel}   (from {d}/{source}/{rel})")
    if report["orphans"]:
        section(
            f"{t_name} pages without a {s_name} source",
            report["orphans"],
            f"add the {s_name} page or remove the {t_name} one",
        )
        for rel in report["orphans"]:
            lines.append(f"  {d}/{target}/{rel}")
    section(
        f"Stale {t_name} pages",
        report["stale"],
        f"the {s_name} page changed after the recorded version: update the translation, "
        f"then set the line shown (or run `make translations MARK={d}/{target}/<page>.md`)",
    )
    for e in report["stale"]:
        when = f", {s_name} changed {_date(e['changed'])}" if e["changed"] else ""
        lines.append(f"  {d}/{target}/{e['rel']}   (recorded {e['recorded'][:12]}{when})")
        lines.append(f"      translation_of: {e['sha']}")
    section(
        f"{t_name} pages without '{tr.KEY}'",
        report["unrecorded"],
        "add the line shown to the front matter once the page matches its source",
    )
    for e in report["unrecorded"]:
        lines.append(f"  {d}/{target}/{e['rel']}")
        lines.append(f"      translation_of: {e['sha']}")
    section(
        "Structural differences",
        report["structure"],
        "check that both languages have the same sections, links, tables and markers",
    )
    for rel, differences in report["structure"]:
        lines.append(f"  {d}/{target}/{rel}")
        lines.extend(f"      {text}" for text in differences)
    lines.append("")
    lines.append(f"Up to date: {report['current']} {t_name} page(s).")
    return "\n".join(lines)


# --mark --------------------------------------------------------------------------

KEY_LINE_RE = re.compile(rf"^{tr.KEY}\s*:.*$", re.MULTILINE)


def mark(docs: Path, source: str, target: str, pages: list[Path]) -> int:
    """Set `translation_of:` in each English page to its Swedish twin's current blob id."""
    target_dir = (docs / target).resolve()
    errors = 0
    for page in pages:
        path = page.resolve()
        try:
            rel = path.relative_to(target_dir)
        except ValueError:
            print(f"error: {page} is not under {_display(docs)}/{target}/", file=sys.stderr)
            errors += 1
            continue
        src_file = docs / source / rel
        if not path.is_file() or not src_file.is_file():
            print(f"error: {page} or its source {src_file} does not exist", file=sys.stderr)
            errors += 1
            continue
        text = path.read_text(encoding="utf-8")
        updated = set_key(text, tr.KEY, git_history.blob_sha(src_file))
        if updated is None:
            print(f"error: {page} has no front matter (--- lines) to add it to", file=sys.stderr)
            errors += 1
            continue
        if updated != text:
            path.write_text(updated, encoding="utf-8")
        print(f"{page}: {tr.KEY}: {git_history.blob_sha(src_file)}")
    return 2 if errors else 0


def set_key(text: str, key: str, value: str) -> str | None:
    """The page with ``key: value`` in its front matter, nothing else changed (None: no
    front matter)."""
    match = tr.YAML_RE.match(text)
    if not match:
        return None
    start = match.start(1)
    head, body, rest = text[:start], match.group(1), text[start + len(match.group(1)) :]
    line = f"{key}: {value}"
    pattern = re.compile(rf"^{re.escape(key)}\s*:.*$", re.MULTILINE)
    body = pattern.sub(line, body, count=1) if pattern.search(body) else body + line + "\n"
    return head + body + rest


def _pages(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*.md")}


def _date(when) -> str:
    return git_history.day(when, "sv")["iso"]


def _display(docs: Path) -> str:
    try:
        return docs.resolve().relative_to(Path.cwd()).as_posix() or "."
    except ValueError:
        return str(docs)


if __name__ == "__main__":
    sys.exit(main())
