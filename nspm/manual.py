"""The manual's six steps and its actors, at a glance, in every language.

Step pages carry front matter ``step: 1..6`` and ``actors: [ids]``; an actor id is the file
stem of a page in docs/<lang>/manual/aktorer/. From the Files of the language being built:

- every step page gets "Steg 2 av 6" / "Step 2 of 6" with the previous and next step (a
  <nav> with an aria-label, under the page's h1);
- ``<!-- manual:matrix -->`` becomes a steps × actors table;
- ``<!-- manual:steps -->`` becomes the six steps as an ordered list styled as a process (a
  plain Markdown list right after the marker, the fallback for readers of the source, is
  replaced too).

Bad front matter (unknown actor, a step out of range, missing or given twice, twins that
disagree) stops the build with every problem, each naming file and line. The HTML comes
from the macros in overrides/hooks/manual.html.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

from nspm import build
from nspm.source import Source

log = build.logger("manual")
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
    file: object


@dataclass
class Step:
    number: int
    title: str
    actors: list[str]
    file: object
    source: str  # docs/sv/manual/akut-skydd.md


@dataclass
class Manual:
    steps: list[Step] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)


def front_matter(file) -> tuple[dict, dict[str, int]]:
    """A page's front matter and the line of each top-level key."""
    text = file.content_string
    return get_data(text)[1] or {}, Source(text).key_lines


def collect(current: build.Pass, nav, files) -> None:
    """Read the step pages' front matter (on_nav); stop on every problem at once."""
    lang, site = current.language, current.site
    titles = {page.file.src_uri: page.title for page in nav.pages if page.title}
    order = [page.file.src_uri for page in nav.pages]
    manual, problems, by_number = Manual(), [], {}
    for file in files.documentation_pages():
        rel = file.src_uri.removeprefix(f"{lang}/")
        if rel.startswith(ACTORS_DIR) and rel.count("/") == 2 and not rel.endswith("/index.md"):
            stem = rel[len(ACTORS_DIR) : -len(".md")]
            title = titles.get(file.src_uri) or front_matter(file)[0].get("title") or stem
            manual.actors.append(Actor(stem, str(title), file))
    manual.actors.sort(key=lambda a: order.index(a.file.src_uri) if a.file.src_uri in order else 99)
    known = [a.id for a in manual.actors]
    for file in files.documentation_pages():
        if not re.search(r"^step\s*:", file.content_string[:4000], flags=re.MULTILINE):
            continue  # cheap: only step pages' front matter is parsed
        meta, lines = front_matter(file)
        if "step" not in meta:
            continue
        source = site.source(file.src_uri)
        found = check_front_matter(meta, lines, known, source)
        problems += found
        if found:
            continue
        step = Step(
            meta["step"],
            titles.get(file.src_uri) or str(meta.get("title")),
            list(meta.get("actors") or []),
            file,
            source,
        )
        if step.number in by_number:
            problems.append(
                f"{source}:{lines.get('step', 1)}: step {step.number} is also given by "
                f"{by_number[step.number].source}; each step 1–{STEPS} belongs to one page"
            )
            continue
        by_number[step.number] = step
        problems += check_twins(current, step)
    missing = [n for n in range(1, STEPS + 1) if n not in by_number]
    if by_number and missing and not problems:
        problems.append(
            f"docs/{lang}/manual/: no page has step {', '.join(map(str, missing))}; the manual has "
            f"{STEPS} steps – add 'step: N' to the front matter of each step page"
        )
    if problems:
        raise PluginError(
            f"{len(problems)} problem(s) in the manual's front matter:\n" + "\n".join(problems)
        )
    manual.steps = [by_number[n] for n in sorted(by_number)]
    current.state("manual")["manual"] = manual


def check_front_matter(
    meta: dict, lines: dict[str, int], known: list[str], source: str
) -> list[str]:
    """Problems of one step page's ``step`` and ``actors``, each naming file and line."""
    problems, step = [], meta.get("step")
    if isinstance(step, bool) or not isinstance(step, int) or not 1 <= step <= STEPS:
        problems.append(
            f"{source}:{lines.get('step', 1)}: step {step!r} is not a number from 1 to {STEPS}"
        )
    actors, line = meta.get("actors"), lines.get("actors", lines.get("step", 1))
    if actors is None:
        problems.append(
            f"{source}:{line}: 'actors' is missing; list the ids of the actors who act in this "
            "step, e.g. actors: [socialtjansten, polismyndigheten]"
        )
    elif not isinstance(actors, list) or not all(isinstance(a, str) for a in actors):
        problems.append(f"{source}:{line}: 'actors' must be a list of actor ids")
    else:
        unknown = [a for a in actors if a not in known]
        if unknown:
            problems.append(
                f"{source}:{line}: unknown actor id(s) {', '.join(unknown)}; known ids (file names "
                f"in manual/aktorer/): {', '.join(known) or 'none'}"
            )
        twice = sorted({a for a in actors if actors.count(a) > 1})
        if twice:
            problems.append(f"{source}:{line}: actor(s) listed twice: {', '.join(twice)}")
    return problems


def check_twins(current: build.Pass, step: Step) -> list[str]:
    """Problems where a step page and its other-language twins disagree."""
    problems = []
    for other, twin in (getattr(step.file, "alternates", None) or {}).items():
        if other == current.language or twin is None or twin.src_uri == step.file.src_uri:
            continue
        meta, lines = front_matter(twin)
        where = current.site.source(twin.src_uri)
        if meta.get("step") != step.number:
            problems.append(
                f"{where}:{lines.get('step', 1)}: step {meta.get('step')!r} but its twin "
                f"{step.source} has step {step.number}; give both languages the same step"
            )
        elif sorted(meta.get("actors") or []) != sorted(step.actors):
            problems.append(
                f"{where}:{lines.get('actors', 1)}: actors {meta.get('actors')} but its twin "
                f"{step.source} has {step.actors}; list the same actors in both languages"
            )
    return problems


def render(current: build.Pass, markdown: str, page) -> str | None:
    """Step navigation on step pages; the matrix and the process where their markers are."""
    manual = current.state("manual").get("manual")
    if manual is None or not manual.steps:
        return None
    step = next((s for s in manual.steps if s.file.src_uri == page.file.src_uri), None)
    if step is None and MATRIX_MARKER not in markdown and STEPS_MARKER not in markdown:
        return None
    macros, t = current.macros(TEMPLATE), current.t["manual"]
    steps = [_view(s, page) for s in manual.steps]
    changed = markdown
    if step is not None:
        index = manual.steps.index(step)
        prev = steps[index - 1] if index > 0 else None
        nxt = steps[index + 1] if index + 1 < len(steps) else None
        changed = insert_after_h1(
            changed, str(macros.step_nav(steps[index], prev, nxt, STEPS, t)).strip()
        )
    if MATRIX_MARKER in changed:
        actors = [
            {"id": a.id, "title": a.title, "url": get_relative_url(a.file.url, page.file.url)}
            for a in manual.actors
        ]
        table = macros.matrix(steps, matrix_rows(steps, actors), t)
        changed = changed.replace(MATRIX_MARKER, str(table).strip())
    if STEPS_MARKER in changed:
        process = str(macros.process(steps, t)).strip()
        changed = _STEPS_BLOCK.sub(lambda _: process + "\n", changed, count=1)
    return changed if changed != markdown else None


def insert_after_h1(markdown: str, html: str) -> str:
    """``html`` as a block right after the page's first ``# `` heading (else at the top)."""
    match = re.search(r"^# [^\n]*\n", markdown, flags=re.MULTILINE)
    if match is None:
        return f"{html}\n\n{markdown}"
    return f"{markdown[: match.end()]}\n{html}\n\n{markdown[match.end() :].lstrip()}"


def short_title(title: str) -> str:
    """'2. Akut skydd' → 'Akut skydd' (the nav titles carry the number)."""
    return re.sub(r"^\s*\d+\.\s*", "", title)


def _view(step: Step, page) -> dict:
    return {
        "number": step.number,
        "title": short_title(step.title),
        "url": get_relative_url(step.file.url, page.file.url),
        "actors": step.actors,
    }


def matrix_rows(steps: list[dict], actors: list[dict]) -> list[tuple[dict, list[bool]]]:
    """Each actor with one flag per step: does the actor act in that step?"""
    return [(actor, [actor["id"] in step["actors"] for step in steps]) for actor in actors]
