"""hooks/manual.py – the manual's six steps and its actors, at a glance, in both languages.

Step pages carry front matter ``step: 1..6`` and ``actors: [ids]``; an actor id is the file
stem of a page in docs/<lang>/manual/aktorer/ (``socialtjansten``, ``polismyndigheten``, …).
From that front matter, read from the Files collection of the language being built:

- every step page gets "Steg 2 av 6" / "Step 2 of 6" with the previous and next step
  (a <nav> with an aria-label, under the page's h1);
- ``<!-- manual:matrix -->`` (manual/aktorer/index.md) becomes a steps × actors table;
- ``<!-- manual:steps -->`` (manual/index.md) becomes the six steps as an ordered list
  styled as a process. A plain Markdown list right after the marker is the fallback for
  readers of the source and is replaced too.

Bad front matter (unknown actor, step out of range or missing, a step twice, Swedish and
English twins that disagree) stops the build with every problem, each naming file and line.
HTML comes from the macros in overrides/hooks/manual.html.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

log = logging.getLogger("mkdocs.plugins.hooks.manual")

STEPS = 6
TEMPLATE = "hooks/manual.html"
ACTORS_DIR = "manual/aktorer/"
MATRIX_MARKER = "<!-- manual:matrix -->"
STEPS_MARKER = "<!-- manual:steps -->"
# The marker, then optionally a plain ordered list (the fallback without this hook).
_STEPS_BLOCK = re.compile(
    re.escape(STEPS_MARKER) + r"[ \t]*\n(?:[ \t]*\n)*(?:[ \t]*\d+\.[^\n]*\n?)*"
)


@dataclass
class Actor:
    id: str
    title: str
    file: File


@dataclass
class Step:
    number: int
    title: str
    actors: list[str]
    file: File
    source: str  # path for messages, e.g. docs/sv/manual/akut-skydd.md


@dataclass
class Manual:
    steps: list[Step] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)


# Per-build state, keyed by language (every event runs once per language).
_manuals: dict[str, Manual] = {}
# The macros of overrides/hooks/manual.html, loaded once per build from the build's own
# Jinja environment (on_env); theme.get_env() would build a new one on every call (~60 ms).
_modules: dict[str, object] = {}
_envs: dict[str, object] = {}


# Hooks ------------------------------------------------------------------------


@event_priority(-150)
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> None:
    """Read the step pages' front matter (after static-i18n's on_nav at -100)."""
    lang = config.theme["language"]
    root = Path(config.config_file_path).parent
    manual, problems = collect(nav, files, lang, root)
    if problems:
        for problem in problems:
            log.error(problem)
        raise PluginError(
            f"{len(problems)} problem(s) in the manual's front matter:\n" + "\n".join(problems)
        )
    _manuals[lang] = manual
    _modules.pop(lang, None)


def on_env(env, config: MkDocsConfig, files: Files):
    """Keep this build's Jinja environment for the macros."""
    _envs[config.theme["language"]] = env
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Step navigation on step pages; the matrix and the process where their markers are."""
    manual = _manuals.get(config.theme["language"])
    if manual is None or not manual.steps:
        return None
    lang = config.theme["language"]
    step = next((s for s in manual.steps if s.file.src_uri == page.file.src_uri), None)
    if step is None and MATRIX_MARKER not in markdown and STEPS_MARKER not in markdown:
        return None
    module = _macros(config)
    changed = markdown
    if step is not None:
        nav_html = str(
            module.step_nav(_view_step(step, page), *_neighbours(manual, step, page), STEPS, lang)
        ).strip()
        changed = insert_after_h1(changed, nav_html)
    if MATRIX_MARKER in changed:
        steps = [_view_step(s, page) for s in manual.steps]
        rows = matrix_rows(steps, [_view_actor(a, page) for a in manual.actors])
        table = module.matrix(steps, rows, lang)
        changed = changed.replace(MATRIX_MARKER, str(table).strip())
    if STEPS_MARKER in changed:
        process = str(module.process([_view_step(s, page) for s in manual.steps], lang)).strip()
        changed = _STEPS_BLOCK.sub(lambda _: process + "\n", changed, count=1)
    return changed if changed != markdown else None


# Helpers ----------------------------------------------------------------------


def _macros(config: MkDocsConfig):
    lang = config.theme["language"]
    if lang not in _modules:
        env = _envs.get(lang) or config.theme.get_env()
        _modules[lang] = env.get_template(TEMPLATE).module
    return _modules[lang]


def collect(nav: Navigation, files: Files, lang: str, root: Path) -> tuple[Manual, list[str]]:
    """The language's manual from its Files and nav, and every problem found."""
    titles = {page.file.src_uri: page.title for page in nav.pages if page.title}
    manual = Manual()
    for file in files.documentation_pages():
        rel = _relative(file, lang)
        if rel.startswith(ACTORS_DIR) and rel.count("/") == 2 and not rel.endswith("/index.md"):
            stem = rel[len(ACTORS_DIR) : -len(".md")]
            title = titles.get(file.src_uri) or _front_matter(file)[0].get("title") or stem
            manual.actors.append(Actor(stem, str(title), file))
    order = [page.file.src_uri for page in nav.pages]
    manual.actors.sort(key=lambda a: order.index(a.file.src_uri) if a.file.src_uri in order else 99)
    known = [a.id for a in manual.actors]

    problems: list[str] = []
    by_number: dict[int, Step] = {}
    for file in files.documentation_pages():
        if not re.search(r"^step\s*:", file.content_string[:4000], flags=re.MULTILINE):
            continue  # cheap: only step pages' front matter is parsed
        source = _source(file, root)
        meta, lines = _front_matter(file)
        if "step" not in meta:
            continue
        step_problems = check_front_matter(meta, lines, known, source)
        problems += step_problems
        if step_problems:
            continue
        number = meta["step"]
        step = Step(
            number,
            titles.get(file.src_uri) or str(meta.get("title", number)),
            list(meta.get("actors") or []),
            file,
            source,
        )
        if number in by_number:
            problems.append(
                f"{source}:{lines.get('step', 1)}: step {number} is also given by "
                f"{by_number[number].source}; each step 1–{STEPS} belongs to one page"
            )
            continue
        by_number[number] = step
        problems += check_twins(step, file, lang, root)
    if by_number:
        missing = [n for n in range(1, STEPS + 1) if n not in by_number]
        if missing and not problems:
            folder = f"docs/{lang}/manual/"
            problems.append(
                f"{folder}: no page has step {', '.join(map(str, missing))}; the manual has "
                f"{STEPS} steps – add 'step: N' to the front matter of each step page"
            )
    manual.steps = [by_number[n] for n in sorted(by_number)]
    return manual, problems


def check_front_matter(
    meta: dict, lines: dict[str, int], known: list[str], source: str
) -> list[str]:
    """Problems of one step page's ``step`` and ``actors``, each naming file and line."""
    problems = []
    step = meta.get("step")
    if isinstance(step, bool) or not isinstance(step, int) or not 1 <= step <= STEPS:
        problems.append(
            f"{source}:{lines.get('step', 1)}: step {step!r} is not a number from 1 to {STEPS}"
        )
    actors = meta.get("actors")
    line = lines.get("actors", lines.get("step", 1))
    if actors is None:
        problems.append(
            f"{source}:{line}: 'actors' is missing; list the ids of the actors who act in "
            f"this step, e.g. actors: [socialtjansten, polismyndigheten]"
        )
    elif not isinstance(actors, list) or not all(isinstance(a, str) for a in actors):
        problems.append(f"{source}:{line}: 'actors' must be a list of actor ids")
    else:
        unknown = [a for a in actors if a not in known]
        if unknown:
            problems.append(
                f"{source}:{line}: unknown actor id(s) {', '.join(unknown)}; known ids (file "
                f"names in manual/aktorer/): {', '.join(known) or 'none'}"
            )
        twice = sorted({a for a in actors if actors.count(a) > 1})
        if twice:
            problems.append(f"{source}:{line}: actor(s) listed twice: {', '.join(twice)}")
    return problems


def check_twins(step: Step, file: File, lang: str, root: Path) -> list[str]:
    """Problems where a step page and its other-language twin disagree."""
    problems = []
    for other_lang, twin in (getattr(file, "alternates", None) or {}).items():
        if other_lang == lang or twin is None or twin.src_uri == file.src_uri:
            continue
        meta, lines = _front_matter(twin)
        twin_source = _source(twin, root)
        if meta.get("step") != step.number:
            problems.append(
                f"{twin_source}:{lines.get('step', 1)}: step {meta.get('step')!r} but its twin "
                f"{step.source} has step {step.number}; give both languages the same step"
            )
        elif sorted(meta.get("actors") or []) != sorted(step.actors):
            problems.append(
                f"{twin_source}:{lines.get('actors', 1)}: actors {meta.get('actors')} but its "
                f"twin {step.source} has {step.actors}; list the same actors in both languages"
            )
    return problems


def _front_matter(file: File) -> tuple[dict, dict[str, int]]:
    """Front matter of a page and the line of each top-level key."""
    text = file.content_string
    _, meta = get_data(text)
    lines: dict[str, int] = {}
    if text.startswith("---"):
        for number, line in enumerate(text.splitlines()[1:], start=2):
            if line.strip() in ("---", "..."):
                break
            key = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
            if key:
                lines.setdefault(key.group(1), number)
    return meta or {}, lines


def _relative(file: File, lang: str) -> str:
    """``sv/manual/x.md`` → ``manual/x.md``."""
    uri = file.src_uri
    return uri[len(lang) + 1 :] if uri.startswith(f"{lang}/") else uri


def _source(file: File, root: Path) -> str:
    if file.abs_src_path:
        return os.path.relpath(file.abs_src_path, root)
    return file.src_uri


def insert_after_h1(markdown: str, html: str) -> str:
    """``html`` as a block right after the page's first ``# `` heading (else at the top)."""
    match = re.search(r"^# [^\n]*\n", markdown, flags=re.MULTILINE)
    if match is None:
        return f"{html}\n\n{markdown}"
    return f"{markdown[: match.end()]}\n{html}\n\n{markdown[match.end() :].lstrip()}"


def short_title(title: str) -> str:
    """'2. Akut skydd' → 'Akut skydd' (the nav titles carry the number)."""
    return re.sub(r"^\s*\d+\.\s*", "", title)


def _view_step(step: Step, page: Page) -> dict:
    return {
        "number": step.number,
        "title": short_title(step.title),
        "url": get_relative_url(step.file.url, page.file.url),
        "actors": step.actors,
    }


def _view_actor(actor: Actor, page: Page) -> dict:
    return {
        "id": actor.id,
        "title": actor.title,
        "url": get_relative_url(actor.file.url, page.file.url),
    }


def _neighbours(manual: Manual, step: Step, page: Page) -> tuple[dict | None, dict | None]:
    index = manual.steps.index(step)
    prev = manual.steps[index - 1] if index > 0 else None
    nxt = manual.steps[index + 1] if index + 1 < len(manual.steps) else None
    return (
        _view_step(prev, page) if prev else None,
        _view_step(nxt, page) if nxt else None,
    )


def matrix_rows(steps: list[dict], actors: list[dict]) -> list[tuple[dict, list[bool]]]:
    """Each actor with one flag per step: does the actor act in that step?"""
    return [(actor, [actor["id"] in step["actors"] for step in steps]) for actor in actors]
