"""The manual's six steps and its actors at a glance, in every language (hooks/manual.py).

Step pages carry ``step: 1..6`` and ``actors: [ids]`` (file stems in manual/aktorer/). Each gets
"Step 2 of 6" with the previous and next step; markers become a steps × actors table and the
steps as a process (overrides/hooks/manual.html). Bad front matter stops the build.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

from nspm import build
from nspm.source import Source

STEPS = 6
TEMPLATE = "hooks/manual.html"
ACTORS_DIR = "manual/aktorer/"
MATRIX_MARKER = "<!-- manual:matrix -->"
STEPS_MARKER = "<!-- manual:steps -->"
# The marker, then optionally a plain ordered list (the fallback without this hook).
_STEPS_BLOCK = re.compile(
    re.escape(STEPS_MARKER) + r"[ \t]*\n(?:[ \t]*\n)*(?:[ \t]*\d+\.[^\n]*\n?)*"
)


def front_matter(file) -> tuple[dict, dict[str, int]]:
    """A page's front matter and the line of each top-level key."""
    text = file.content_string
    keys = Source(text).front_matter.keys
    return get_data(text)[1], {name: line for name, (line, _) in keys.items()}


def collect(current: build.Pass, nav, files) -> None:
    """The actors and steps (dicts for the templates, with their ``file``); stop on every
    problem in the step pages' front matter at once."""
    lang, site = current.language, current.site
    titles = {page.file.src_uri: page.title for page in nav.pages if page.title}
    order = [page.file.src_uri for page in nav.pages]
    actors, problems, by_number = [], [], {}
    for file in files.documentation_pages():
        rel = file.src_uri.removeprefix(f"{lang}/")
        if rel.startswith(ACTORS_DIR) and rel.count("/") == 2 and not rel.endswith("/index.md"):
            stem = rel[len(ACTORS_DIR) : -len(".md")]
            title = titles.get(file.src_uri) or front_matter(file)[0].get("title") or stem
            actors.append({"id": stem, "title": str(title), "file": file})
    actors.sort(key=lambda a: order.index(a["file"].src_uri) if a["file"].src_uri in order else 99)
    known = [actor["id"] for actor in actors]
    for file in files.documentation_pages():
        if not re.search(r"^step\s*:", file.content_string[:4000], flags=re.MULTILINE):
            continue  # cheap: only step pages' front matter is parsed
        meta, lines = front_matter(file)
        if "step" not in meta:
            continue
        source, number = site.source(file.src_uri), meta["step"]
        found = check_front_matter(meta, lines, known, source)
        if not found and number in by_number:
            found = [
                f"{source}:{lines.get('step', 1)}: step {number} is also given by "
                f"{by_number[number]['source']}; each step 1–{STEPS} belongs to one page"
            ]
        problems += found
        if found:
            continue
        by_number[number] = step = {
            "number": number,
            "title": short_title(titles.get(file.src_uri) or str(meta.get("title"))),
            "actors": list(meta.get("actors") or []),
            "file": file,
            "source": source,
        }
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
    current.state("manual").update(steps=[by_number[n] for n in sorted(by_number)], actors=actors)


def check_front_matter(meta: dict, lines: dict, known: list[str], source: str) -> list[str]:
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


def check_twins(current: build.Pass, step: dict) -> list[str]:
    """Problems where a step page and its other-language twins disagree."""
    problems, file = [], step["file"]
    for other, twin in getattr(file, "alternates", {}).items():
        if other == current.language or twin.src_uri == file.src_uri:
            continue
        meta, lines = front_matter(twin)
        where = current.site.source(twin.src_uri)
        if meta.get("step") != step["number"]:
            problems.append(
                f"{where}:{lines.get('step', 1)}: step {meta.get('step')!r} but its twin "
                f"{step['source']} has step {step['number']}; give both languages the same step"
            )
        elif sorted(meta.get("actors") or []) != sorted(step["actors"]):
            problems.append(
                f"{where}:{lines.get('actors', 1)}: actors {meta.get('actors')} but its twin "
                f"{step['source']} has {step['actors']}; list the same actors in both languages"
            )
    return problems


def render(current: build.Pass, markdown: str, page) -> str | None:
    """Step navigation on step pages; the matrix and the process where their markers are."""
    state = current.state("manual")
    if not state.get("steps"):
        return None
    here = page.file
    uris = [step["file"].src_uri for step in state["steps"]]
    index = uris.index(here.src_uri) if here.src_uri in uris else None
    if index is None and MATRIX_MARKER not in markdown and STEPS_MARKER not in markdown:
        return None
    macros, t = current.macros(TEMPLATE), current.t["manual"]
    steps = [{**s, "url": get_relative_url(s["file"].url, here.url)} for s in state["steps"]]
    changed = markdown
    if index is not None:
        prev = steps[index - 1] if index > 0 else None
        nxt = steps[index + 1] if index + 1 < len(steps) else None
        nav = str(macros.step_nav(steps[index], prev, nxt, STEPS, t)).strip()
        changed = insert_after_h1(changed, nav)
    if MATRIX_MARKER in changed:
        actors = [{**a, "url": get_relative_url(a["file"].url, here.url)} for a in state["actors"]]
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


def matrix_rows(steps: list[dict], actors: list[dict]) -> list[tuple[dict, list[bool]]]:
    """Each actor with one flag per step: does the actor act in that step?"""
    return [(actor, [actor["id"] in step["actors"] for step in steps]) for actor in actors]
