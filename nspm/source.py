"""One reader of a page's Markdown source: front matter, code fences, headings, markers and
links, each with its line in the file (what an editor sees in docs/<lang>/…md). Used by the
links check, the translations report and notice, the regions and manual hooks and the
front-matter check.
"""

from __future__ import annotations

import re
from collections import namedtuple
from functools import cached_property
from html import unescape
from types import SimpleNamespace

import yaml
from markdown.extensions.toc import slugify

# The pattern MkDocs 1.6 uses (mkdocs/utils/meta.py), so we read what it reads.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
EXPLICIT_ID = re.compile(r"\s*\{[^}\n]*#([\w-]+)[^}\n]*\}\s*$")
MARKER = re.compile(
    r"^ {0,3}<!--\s*(?P<ns>[a-z][\w-]*):(?P<name>\S*?)(?P<rest>(\s+\S.*?)?)\s*-->\s*$"
)
_INLINE = re.compile(r"(!?)\[(?:[^\]\\]|\\.)*\]\(\s*(<[^>\n]*>|[^)\s]+)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s*(<[^>\n]*>|\S+)")
_AUTOLINK = re.compile(r"<((?:[A-Za-z][A-Za-z0-9+.\-]*:|[^\s<>@]+@)[^\s<>]*)>")
_HTML_ATTR = re.compile(
    r"\b(?:href|src|srcset|poster|action)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+))", re.I
)
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$")
_ADMONITION = re.compile(r"^\s*(!!!|\?\?\?\+?)\s+\w")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# A link target as written; kind: "link" (Markdown link, reference or autolink), "image"
# (Markdown image), "href" (HTML href), "html" (another URL attribute) or "text" (plain text).
Link = namedtuple("Link", "line target kind")
Heading = namedtuple("Heading", "line level text id explicit")
Marker = namedtuple("Marker", "line namespace name rest text")
# error: (line, YAML's problem); keys: each top-level key → (its line, its YAML node);
# end: the line of the closing '---'.
FrontMatter = namedtuple("FrontMatter", "present closed error keys end")


class Source:
    """One Markdown file's text, read lazily part by part."""

    def __init__(self, text: str):
        self.text = text.replace("\r\n", "\n").removeprefix("\ufeff")

    @cached_property
    def front_matter(self) -> FrontMatter:
        present, match = self.text.startswith("---"), FRONT_MATTER.match(self.text)
        if not match:  # none (so "closed" holds), or one without its closing line
            return FrontMatter(present, not present, None, {}, 0)
        keys, error = {}, None
        try:
            node = yaml.compose(match.group(1), Loader=LOADER)
        except yaml.MarkedYAMLError as problem:
            mark = problem.problem_mark or problem.context_mark
            error = ((mark.line + 2) if mark else 1, str(problem.problem))
        else:
            if isinstance(node, yaml.MappingNode):
                keys = {
                    str(key.value): (key.start_mark.line + 2, value) for key, value in node.value
                }
            elif node is not None:
                error = (2, "not 'key: value' lines")
        return FrontMatter(True, True, error, keys, self.body_line - 1)

    @cached_property
    def body_line(self) -> int:
        """The first line after the front matter (1 without one)."""
        match = FRONT_MATTER.match(self.text)
        return self.text[: match.end()].count("\n") + 1 if match else 1

    @cached_property
    def prose(self) -> list[tuple[int, str]]:
        """(line number, text) of every body line outside fenced code."""
        found, fence = [], None
        body = self.text.split("\n")[self.body_line - 1 :]
        for number, line in enumerate(body, start=self.body_line):
            match = FENCE.match(line)
            mark = match.group(1) if match else ""
            if mark and fence is None:
                fence = mark
            elif mark and mark[0] == fence[0] and len(mark) >= len(fence):
                fence = None
            elif fence is None:
                found.append((number, line))
        return found

    @cached_property
    def headings(self) -> list[Heading]:
        """ATX headings with the id MkDocs gives them: the explicit ``{ #id }``, else the
        toc extension's slug of the text (``_1``, ``_2`` … when repeated)."""
        found, seen = [], set()
        for number, line in self.prose:
            match = HEADING.match(line)
            if not match:
                continue
            text, explicit = match.group(2), EXPLICIT_ID.search(match.group(2))
            if explicit:
                ident, text = explicit.group(1), text[: explicit.start()]
            else:
                ident = base = slugify(re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", text), "-")
                counter = 0
                while ident in seen:
                    counter += 1
                    ident = f"{base}_{counter}"
            seen.add(ident)
            found.append(Heading(number, len(match.group(1)), text.strip(), ident, bool(explicit)))
        return found

    def heading_line(self, ident: str) -> int | None:
        """The line of the heading (or of an HTML element) that carries ``ident``."""
        for heading in self.headings:
            if heading.id == ident:
                return heading.line
        attribute = re.compile(r"\bid\s*=\s*[\"']" + re.escape(ident) + r"[\"']")
        return next((n for n, line in self.prose if attribute.search(line)), None)

    @cached_property
    def markers(self) -> list[Marker]:
        """Hook markers (``<!-- regions:table -->``) alone on their line, outside code."""
        found = []
        for number, line in self.prose:
            match = MARKER.match(line)
            if match:
                found.append(
                    Marker(number, match["ns"], match["name"], match["rest"].strip(), line.strip())
                )
        return found

    @cached_property
    def links(self) -> list[Link]:
        """Every link target written in the source, in order."""
        found = []
        for number, line in self.prose:  # each pattern only where its marks are (fast)
            for match in _INLINE.finditer(line) if "](" in line else ():
                kind = "image" if match.group(1) else "link"
                found.append(Link(number, match.group(2).strip("<>"), kind))
            match = _REFERENCE.match(line) if "]:" in line else None
            if match:
                found.append(Link(number, match.group(1).strip("<>"), "link"))
            for match in _AUTOLINK.finditer(line) if "<" in line else ():
                target = match.group(1)
                if "@" in target and not _SCHEME.match(target):
                    target = "mailto:" + target
                found.append(Link(number, target, "link"))
            for match in _HTML_ATTR.finditer(line) if "=" in line else ():
                value = next(g for g in match.groups() if g is not None)
                kind = "href" if match.group(0).lower().startswith("href") else "html"
                found.append(Link(number, unescape(value), kind))
        return found


def is_internal(target: str) -> bool:
    return not _SCHEME.match(target) and not target.startswith("//")


def structure(source: Source) -> SimpleNamespace:
    """What should be the same in a page and its translation."""
    lines = [line for _, line in source.prose]
    links = [link.target for link in source.links if link.kind in ("link", "href")]
    return SimpleNamespace(
        heading_ids=[h.id for h in source.headings if h.explicit],
        headings_without_id=[h.line for h in source.headings if not h.explicit and h.level > 1],
        links=len(links),
        internal_links=sorted(target for target in links if is_internal(target)),
        tables=sum(1 for line in lines if _TABLE_RULE.match(line)),
        admonitions=sum(1 for line in lines if _ADMONITION.match(line)),
        markers=sorted(f"{m.namespace}:{m.name} {m.rest}".rstrip() for m in source.markers),
    )
