"""hooks/regions.py – the regional coordinators' regions, from one data file.

data/regions.yml (format: data/regions.schema.json) drives:

- ``<!-- regions:table -->``: a table of the seven regions in the page's language –
  counties, the police region's seat, the confirmed contact or a link to NSPM's own
  contact page. Each row's id is the region id (``#syd``), the same in both languages.
- ``<!-- regions:lookup -->``: county → region, a definition list sorted in the page's
  language whose entries link to the table rows. Works without JavaScript. Needs the
  table on the same page.
- ``site/regions.json``: the same data, language-neutral, written once at the site root
  (default-language build only, never into site/en/ or docs/).

A marker stands alone on its line, outside code blocks. Unknown ``regions:`` markers stop
the build with file and line. Bad data stops the build with one PluginError that lists
every problem (file, line, field, fix); see hooks/regions_data.py.

static-i18n runs every event once per language. The data is validated once per content
(cached by the SHA-256 of data file + schema): the English pass reuses the Swedish
result, while ``mkdocs serve`` rebuilds (``watch: [data]``) see every edit.
A ``verified`` date older than 12 months logs a warning naming the region – so the
strict build (``make build``, CI) fails on stale contact data; ``mkdocs serve`` shows it.
NSPM_TODAY=YYYY-MM-DD pins "today" (tests).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import regions_data
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger("regions")

DATA_FILE = "data/regions.yml"
TEMPLATE = "hooks/regions.html"
MARKERS = ("table", "lookup")

# Per-process cache: (digest, data or error). Per-build state: reset in on_pre_build.
_cache: dict[str, object] = {"digest": None, "result": None}
_build: dict[str, object] = {"data": None, "problems": []}


# Hooks ----------------------------------------------------------------------------


def on_pre_build(config) -> None:
    """Validate data/regions.yml (or reuse this content's result); warn on stale dates."""
    _build["data"] = None
    _build["problems"] = []
    data = _load(Path(config.config_file_path).parent)
    _build["data"] = data
    if _is_default_build(config):
        try:
            today = regions_data.today()
        except ValueError as exc:
            raise PluginError(str(exc)) from exc
        for region in regions_data.stale_regions(data, today):
            log.warning(
                f"{DATA_FILE}:{region.line}: region '{region.id}' was last verified on "
                f"{region.verified.isoformat()}, more than "
                f"{regions_data.STALE_AFTER_MONTHS} months before {today.isoformat()} – "
                "check its facts against the source and update 'verified'"
            )


def on_page_markdown(markdown: str, *, page, config, files) -> str | None:
    """Replace the regions markers of one page with HTML for the page's language."""
    if "regions" not in markdown and "region:" not in markdown:
        return None
    docs = Path(config.docs_dir)
    root = Path(config.config_file_path).parent
    if docs.is_relative_to(root):
        docs = docs.relative_to(root)
    display = (docs / page.file.src_uri).as_posix()
    lang = getattr(page.file, "locale", None) or config.theme["language"]
    found, problems = find_markers(markdown, display)
    _build["problems"].extend(problems)
    if not found or problems:
        return None
    env = config.theme.get_env()
    module = env.get_template(TEMPLATE).module
    data = _build["data"]
    html = {
        "table": lambda: module.table(regions_data.table_rows(data, lang), lang, data.contact_page),
        "lookup": lambda: module.lookup(regions_data.lookup_items(data, lang), lang),
    }
    lines = markdown.split("\n")
    for index, name in found:
        lines[index] = "\n" + _compact(str(html[name]())) + "\n"
    return "\n".join(lines)


def on_env(env, *, config, files):
    """Runs after every page's Markdown is converted, before any is written: stop on
    marker problems here, all pages' problems together."""
    _raise_marker_problems()
    return env


def on_post_build(config) -> None:
    """Write site/regions.json once, from the default-language build."""
    _raise_marker_problems()
    data = _build["data"]
    if data is None or not _is_default_build(config):
        return
    target = Path(config.site_dir) / "regions.json"
    text = json.dumps(regions_data.to_json(data), ensure_ascii=False, indent=2) + "\n"
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


# Helpers --------------------------------------------------------------------------

_MARKER = re.compile(
    r"^ {0,3}<!--\s*(?P<ns>regions?):(?P<name>\S*?)(?P<rest>(\s+\S.*?)?)\s*-->\s*$"
)
_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")


def find_markers(markdown: str, display: str) -> tuple[list[tuple[int, str]], list[str]]:
    """Markers of one page as (line index, name), and problems as 'file:line: text'."""
    found: list[tuple[int, str]] = []
    problems: list[str] = []
    fence = None
    for index, line in enumerate(markdown.split("\n")):
        m = _FENCE.match(line)
        if m:
            mark = m["fence"]
            if fence is None:
                fence = mark
            elif mark[0] == fence[0] and len(mark) >= len(fence):
                fence = None
            continue
        if fence is not None:
            continue
        m = _MARKER.match(line)
        if not m:
            continue
        where = f"{display}:{index + 1}"
        name, known = m["name"], ", ".join(f"<!-- regions:{n} -->" for n in MARKERS)
        if m["ns"] == "region" or name not in MARKERS:
            problems.append(
                f"{where}: unknown marker '{line.strip()}' – use one of {known} "
                "(each alone on its line)"
            )
        elif m["rest"]:
            problems.append(
                f"{where}: '<!-- regions:{name} -->' takes no options – "
                f"remove '{m['rest'].strip()}'"
            )
        elif any(n == name for _, n in found):
            problems.append(
                f"{where}: '<!-- regions:{name} -->' appears twice on this page – "
                "keep one (the row anchors must be unique)"
            )
        else:
            found.append((index, name))
    names = {n for _, n in found}
    if "lookup" in names and "table" not in names:
        line = next(i for i, n in found if n == "lookup") + 1
        problems.append(
            f"{display}:{line}: '<!-- regions:lookup -->' links to the table rows – "
            "add '<!-- regions:table -->' to the same page"
        )
    return found, problems


def _load(root: Path) -> regions_data.RegionsData:
    path = root / DATA_FILE
    try:
        raw = path.read_bytes() + regions_data.SCHEMA_PATH.read_bytes()
    except OSError as exc:
        raise PluginError(f"{DATA_FILE}: cannot be read ({exc.strerror})") from exc
    digest = regions_data.digest(raw)
    if _cache["digest"] != digest:
        try:
            result: object = regions_data.load(path, DATA_FILE)
            log.info(f"{DATA_FILE}: valid – {_summary(result)}")
        except regions_data.RegionsError as exc:
            result = exc
        except ValueError as exc:  # a malformed NSPM_TODAY
            raise PluginError(str(exc)) from exc
        _cache.update(digest=digest, result=result)
    result = _cache["result"]
    if isinstance(result, regions_data.RegionsError):
        raise PluginError(str(result))
    return result


def _summary(data) -> str:
    return f"{len(data.regions)} regions, {len(data.counties)} counties"


def _raise_marker_problems() -> None:
    problems = _build["problems"]
    if problems:
        count = len(problems)
        head = f"{count} problem{'s' if count != 1 else ''} with regions markers:"
        _build["problems"] = []
        raise PluginError("\n".join([head, *(f"  {p}" for p in problems)]))


def _is_default_build(config) -> bool:
    """True in the pass that builds the default language into site_dir itself."""
    i18n = config.plugins.get("i18n")
    return i18n is None or bool(i18n.is_default_language_build)


def _compact(html: str) -> str:
    """One raw-HTML block for Markdown: no blank lines, no indentation."""
    return "\n".join(line.strip() for line in html.splitlines() if line.strip())
