"""hooks/links.py – no broken, misdirected or unsafe link reaches a reader.

MkDocs' own `validation:` checks Markdown links to documentation files. This hook checks
what it cannot see, on the rendered HTML of every page (so links made by templates, hooks
and the data file count too):

- every internal href/src lands on a built file, and every #fragment on an id of that page;
- a page links only within its own language (except Material's language switcher, the
  hreflang alternates and any link that carries an explicit hreflang attribute);
- every page has its twin in the other language, and the twins share their heading ids;
- external links use https; mailto: holds a valid address; tel: an E.164 number or a Swedish
  short number; no javascript:, data: or vbscript: links. Nothing is fetched (see
  scripts/linkcheck.py for that).

static-i18n builds Swedish, then English from its on_post_build, each with every hook event.
Pages are collected per language in on_post_page; when the last language of the build has
finished, everything is checked at once and each problem is logged as a warning on
``mkdocs.plugins.nspm.links`` (so a --strict build fails, and `mkdocs serve` only shows them).
"""

from __future__ import annotations

import logging
import os
import posixpath
import time
from dataclasses import dataclass, field
from urllib.parse import unquote

from links_rules import (
    LANGUAGE_NAMES,
    OutsideSite,
    PageLinks,
    Problem,
    as_site_path,
    built_file,
    check_scheme_link,
    check_tel_text,
    closest,
    docs_path,
    find_heading,
    find_in_source,
    language_of,
    merge_generated,
    parse_page,
    resolve,
    scheme_of,
    site_prefix,
)
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.plugins.nspm.links")


@dataclass
class _Page:
    lang: str
    src_uri: str  # "sv/stod/betanketid.md"
    abs_src_path: str
    url: str  # "stod/betanketid/" (site-relative, with the language folder for English)
    dest_uri: str  # "stod/betanketid/index.html"
    parsed: PageLinks
    not_found: bool = False  # the language's 404 page (a template, served at any address)


@dataclass
class _Language:
    pages: dict[str, _Page] = field(default_factory=dict)  # by dest_uri
    url_of: dict[str, str] = field(default_factory=dict)  # src_uri → url, from MkDocs' Files
    done: bool = False


@dataclass
class _State:
    languages: dict[str, _Language] = field(default_factory=dict)
    seconds: float = 0.0


_state = _State()


# ----------------------------------------------------------------------------
# Hooks
# ----------------------------------------------------------------------------


def on_pre_build(config):
    """Start afresh for the build of one language; a new outer build forgets every language."""
    i18n = config.plugins.get("i18n")
    if i18n is None or not getattr(i18n, "building", False):
        _state.languages.clear()
        _state.seconds = 0.0
    _state.languages[_current_language(config)] = _Language()


def on_env(env, config, files):
    """Remember where MkDocs puts each source file, to find Markdown links in the source."""
    started = time.process_time()
    language = _state.languages.setdefault(_current_language(config), _Language())
    language.url_of = {f.src_uri: f.url.removeprefix("./") for f in files}  # home: "./" → ""
    _state.seconds += time.process_time() - started


@event_priority(-150)  # after the hooks that change the HTML (csp.py: -100), before pdf.py (-200)
def on_post_page(output, page, config):
    """Collect links, ids and heading ids of the rendered page (the output is not changed)."""
    started = time.process_time()
    lang = getattr(page.file, "locale", None) or _current_language(config)
    language = _state.languages.setdefault(lang, _Language())
    language.pages[page.file.dest_uri] = _Page(
        lang=lang,
        src_uri=page.file.src_uri,
        abs_src_path=page.file.abs_src_path or "",
        url=page.url,
        dest_uri=page.file.dest_uri,
        parsed=parse_page(output),
    )
    _state.seconds += time.process_time() - started
    return None


@event_priority(-50)  # after the other hooks wrote their files, before static-i18n's next language
def on_post_build(config):
    """When the last language of the build is done, check everything and report every problem."""
    started = time.process_time()
    lang = _current_language(config)
    language = _state.languages.setdefault(lang, _Language())
    _collect_not_found_page(config, lang, language)
    language.done = True
    expected = set(_build_languages(config))
    finished = {lang for lang, data in _state.languages.items() if data.done}
    if not expected <= finished:
        _state.seconds += time.process_time() - started
        return
    problems = _Checker(config, _state.languages).run()
    for problem in problems:
        log.warning(problem.message())
    _state.seconds += time.process_time() - started
    pages = sum(len(lang.pages) for lang in _state.languages.values())
    links = sum(
        len(p.parsed.links) for lang in _state.languages.values() for p in lang.pages.values()
    )
    summary = (
        f"links: checked {links} links on {pages} pages ({', '.join(sorted(finished))}) "
        f"in {_state.seconds:.2f} s CPU: {len(problems)} problem(s)"
    )
    log.info(summary)


def check_collected(config, languages: list[str] | None = None) -> list[Problem]:
    """The problems of the pages collected so far (all languages, or only ``languages``).

    For tools that render part of a build themselves (scripts/preview_worker.py); twin checks
    need both languages and are skipped when only one is given.
    """
    chosen = {
        lang: data
        for lang, data in _state.languages.items()
        if languages is None or lang in languages
    }
    return _Checker(config, chosen).run()


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _collect_not_found_page(config, lang: str, language: _Language) -> None:
    """The language's 404 page (rendered from a template, not a page): site/[en/]404.html."""
    _all, default = _all_languages(config)
    dest = "404.html" if lang == default else f"{lang}/404.html"
    path = os.path.join(config.site_dir, dest)
    if dest in language.pages or not os.path.isfile(path):
        return
    with open(path, encoding="utf-8", errors="replace") as f:
        parsed = parse_page(f.read())
    language.pages[dest] = _Page(lang, "", "", dest, dest, parsed, not_found=True)


def _current_language(config) -> str:
    i18n = config.plugins.get("i18n")
    current = getattr(i18n, "current_language", None) if i18n else None
    return current or config.theme.get("language") or "en"


def _build_languages(config) -> list[str]:
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "build_languages", None):
        return list(i18n.build_languages)
    return [_current_language(config)]


def _all_languages(config) -> tuple[list[str], str]:
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "all_languages", None):
        return list(i18n.all_languages), i18n.default_language
    lang = _current_language(config)
    return [lang], lang


def _language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def _article(code: str) -> str:
    return "an" if _language_name(code)[:1].lower() in "aeiou" else "a"


class _Checker:
    """Checks every collected page against the built site in one pass over the links."""

    def __init__(self, config, languages: dict[str, _Language]) -> None:
        self.config = config
        self.languages = languages
        self.root = config.site_dir
        self.project = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
        self.all_languages, self.default = _all_languages(config)
        self.prefix, self.base = site_prefix(config.site_url)
        self.files = self._site_files()
        self.pages = {
            dest: page for data in languages.values() for dest, page in data.pages.items()
        }
        self._ids_on_disk: dict[str, set[str]] = {}
        self._sources: dict[str, str] = {}
        self._data_files: list[tuple[str, list[str]]] | None = None
        links = config.validation.links
        self.mkdocs_checks_files = links.not_found >= logging.WARNING
        self.mkdocs_checks_dirs = links.unrecognized_links >= logging.WARNING
        absolute = links.absolute_links  # a log level, or "relative_to_docs" (MkDocs resolves)
        self.mkdocs_checks_absolute = isinstance(absolute, int) and absolute >= logging.WARNING
        # MkDocs 1.6 skips anchor validation when its log level is DEBUG (`mkdocs build -v`).
        verbose = logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() <= logging.DEBUG
        self.mkdocs_checks_anchors = links.anchors >= logging.WARNING and not verbose

    # Collect --------------------------------------------------------------

    def run(self) -> list[Problem]:
        found: list[tuple[Problem, tuple]] = []
        for data in self.languages.values():
            for page in data.pages.values():
                for link in page.parsed.links:
                    result = self._check_link(page, link)
                    if result is not None:
                        found.append(result)
        found.extend(self._check_twins())
        found.sort(key=lambda item: item[0].sort_key())
        problems = [p for p, _ in found]
        return merge_generated(problems, [key for _, key in found])

    def _site_files(self) -> set[str]:
        files = set()
        for folder, _dirs, names in os.walk(self.root):
            rel = os.path.relpath(folder, self.root).replace(os.sep, "/")
            prefix = "" if rel == "." else rel + "/"
            files.update(prefix + name for name in names)
        return files

    # One link ---------------------------------------------------------------

    def _check_link(self, page: _Page, link) -> tuple[Problem, tuple] | None:
        url = link.url
        if not url:
            return None
        site_path = as_site_path(url, self.prefix)
        if site_path is None and (url.startswith("//") or scheme_of(url)):
            verdict = check_scheme_link(url)
            if verdict is None and scheme_of(url) == "tel":
                verdict = check_tel_text(url, link.text)
            if verdict is None:
                return None
            return self._problem(page, link, None, verdict.reason, verdict.hint, "scheme")
        if page.not_found and not (site_path or url.startswith(("/", "#"))):
            reason = "a relative link on the 404 page breaks: the page is served at any address"
            hint = "make it root-absolute in the template, e.g. {{ config.site_url | d('/') }}…"
            return self._problem(page, link, None, reason, hint, "relative-404")
        try:
            target = resolve(site_path or url, page.url, self.base)
        except OutsideSite as error:
            hint = (
                "link to a page of this site with a relative link, or to another site with https://"
            )
            return self._problem(page, link, None, str(error), hint, "outside")
        built = built_file(target.path, self.files)
        if built is not None:
            is_page = built.endswith(".html")
        else:
            name = posixpath.basename(target.path.rstrip("/"))
            is_page = (
                target.path.endswith(("/", ".html", ".md")) or not target.path or "." not in name
            )
        target_lang = (
            language_of(target.path, self.default, self.all_languages) if is_page else None
        )
        marked = link.switcher or link.alternate or link.hreflang is not None
        if target_lang and target_lang != page.lang and not marked:
            twin = self._twin_url(target.path, target_lang, page.lang)
            reason = (
                f"{_article(page.lang)} {_language_name(page.lang)} page links to the "
                f"{_language_name(target_lang)} page '{target.path or '/'}'"
            )
            hint = (
                f"link to the {_language_name(page.lang)} page '{twin}' instead, or, to send the "
                "reader to the other language on purpose, write the link in HTML with "
                f'hreflang="{target_lang}"'
            )
            return self._problem(page, link, target, reason, hint, "language")
        if marked and link.hreflang and target_lang:
            said = self.default if link.hreflang == "x-default" else link.hreflang
            if said in self.all_languages and said != target_lang:
                name = _language_name(target_lang)
                reason = f'hreflang="{link.hreflang}" but the link leads to the {name} page'
                hint = f'set hreflang="{target_lang}" or link to the {_language_name(said)} page'
                return self._problem(page, link, target, reason, hint, "hreflang")
        if target_lang and target_lang not in self.languages:
            return None  # that language is not part of this build (build_only_locale)
        if built is None and target.path.endswith(".md"):
            # A Markdown link MkDocs could not resolve: does it point into another language?
            source = docs_path(url, page.src_uri) or ""
            other = source.split("/", 1)[0]
            if other in self.all_languages and other != page.lang:
                rest = source.split("/", 1)[-1]
                reason = (
                    f"{_article(page.lang)} {_language_name(page.lang)} page links to the "
                    f"{_language_name(other)} source file '{source}'"
                )
                hint = (
                    f"link to the {_language_name(page.lang)} page instead "
                    f"('{page.lang}/{rest}', written relative to this file)"
                )
                return self._problem(page, link, target, reason, hint, "language")
        if built is None:
            guess = closest(
                target.path,
                {f.removesuffix("index.html") for f in self.files if f.endswith(".html")},
            )
            reason = f"nothing is built at '{target.path or '/'}'"
            hint = "check the path"
            if url.lower().startswith("www."):
                hint = f"an address on another site needs https:// in front: 'https://{url}'"
            elif guess is not None:
                hint += f" (did you mean '{guess}'?)"
            hint += "; in Markdown, link the source file ([text](page.md)) so MkDocs resolves it"
            return self._problem(page, link, target, reason, hint, "missing")
        if target.fragment and built.endswith(".html"):
            ids = self._ids(built)
            if target.fragment not in ids:
                shown = self.pages[built].parsed.headings if built in self.pages else sorted(ids)
                guess = closest(target.fragment, ids)
                name = self._display(self.pages[built]) if built in self.pages else built
                reason = f"{name} has no heading or element with id '{target.fragment}'"
                hint = f"use one of its ids ({', '.join(shown[:8]) or 'none'})"
                if guess is not None:
                    hint = f"did you mean '#{guess}'? Otherwise {hint}"
                return self._problem(page, link, target, reason, hint, "anchor")
        return None

    def _ids(self, built: str) -> set[str]:
        if built in self.pages:
            return self.pages[built].parsed.ids
        if built not in self._ids_on_disk:
            with open(os.path.join(self.root, built), encoding="utf-8", errors="replace") as f:
                self._ids_on_disk[built] = parse_page(f.read()).ids
        return self._ids_on_disk[built]

    def _twin_url(self, path: str, from_lang: str, to_lang: str) -> str:
        if from_lang != self.default:
            path = path.removeprefix(from_lang + "/")
        return path if to_lang == self.default else f"{to_lang}/{path}"

    # Twins ------------------------------------------------------------------

    def _key(self, page: _Page) -> str:
        if page.lang == self.default:
            return page.dest_uri
        return page.dest_uri.removeprefix(page.lang + "/")

    def _check_twins(self) -> list[tuple[Problem, tuple]]:
        built = [lang for lang in self.all_languages if lang in self.languages]
        if len(built) < 2:
            if self.languages:
                log.info("links: only %s built; twin checks skipped", ", ".join(built))
            return []
        by_key = {
            lang: {self._key(p): p for p in self.languages[lang].pages.values() if not p.not_found}
            for lang in built
        }
        found = []
        for lang in built:
            for key, page in sorted(by_key[lang].items()):
                for other in built:
                    twin = by_key[other].get(key)
                    if other == lang:
                        continue
                    if twin is None:
                        twin_src = self._twin_source(page.src_uri, lang, other)
                        reason = f"the page has no {_language_name(other)} twin"
                        hint = f"create {twin_src} (same path, translated), or remove the page"
                        link = key.removesuffix("index.html") or "/"
                        problem = Problem(self._display(page), 1, link, reason, hint)
                        found.append((problem, ("twin", page.dest_uri)))
                    elif built.index(lang) < built.index(other):
                        found.extend(self._compare_headings(page, twin))
        return found

    def _compare_headings(self, page: _Page, twin: _Page) -> list[tuple[Problem, tuple]]:
        """Heading ids (h1–h6) of twins: each id on one side must be on the other side too."""
        mine, theirs = page.parsed.headings, twin.parsed.headings
        only_mine = [i for i in mine if i not in set(theirs)]
        only_theirs = [i for i in theirs if i not in set(mine)]
        found = []
        if len(mine) == len(theirs):  # same outline: pair the ids at the same place
            for a, b in zip(mine, theirs, strict=True):
                if a in only_mine and b in only_theirs:
                    only_mine.remove(a)
                    only_theirs.remove(b)
                    found.append(self._heading_pair(page, a, twin, b))
        for side, other, ids in ((page, twin, only_mine), (twin, page, only_theirs)):
            for heading_id in ids:
                line = find_heading(self._source(side), heading_id)
                reason = (
                    f"heading id '{heading_id}' has no match in the "
                    f"{_language_name(other.lang)} twin {self._display(other)}"
                )
                hint = (
                    f"add the heading to the twin with the same explicit id, "
                    f"'{{ #{heading_id} }}', or remove it here"
                )
                where = "" if line else f"heading in built file {side.dest_uri}"
                problem = Problem(self._display(side), line, "#" + heading_id, reason, hint, where)
                found.append((problem, ("heading", side.dest_uri, heading_id)))
        return found

    def _heading_pair(self, page: _Page, a: str, twin: _Page, b: str) -> tuple[Problem, tuple]:
        line = find_heading(self._source(page), a)
        twin_line = find_heading(self._source(twin), b)
        there = self._display(twin) + (f":{twin_line}" if twin_line else "")
        reason = f"the twins' headings at the same place differ: id '{a}' here, '{b}' in {there}"
        hint = (
            "give both headings the same language-neutral id, e.g. "
            f"'{{ #{a} }}' at the end of the heading line in both files"
        )
        where = "" if line else f"heading in built file {page.dest_uri}"
        problem = Problem(self._display(page), line, "#" + a, reason, hint, where)
        return problem, ("heading", page.dest_uri, a)

    def _twin_source(self, src_uri: str, lang: str, other: str) -> str:
        rest = src_uri.removeprefix(lang + "/")
        docs = os.path.relpath(self.config.docs_dir, self.project).replace(os.sep, "/")
        return f"{docs}/{other}/{rest}"

    # Where a problem comes from -------------------------------------------------

    def _problem(self, page: _Page, link, target, reason: str, hint: str, kind: str):
        source = find_in_source(
            self._source(page),
            link.url,
            target,
            src_uri=page.src_uri,
            page_url=page.url,
            url_of=self.languages[page.lang].url_of,
        )
        if source is not None and self._mkdocs_reports(kind, source):
            return None
        if source is not None:
            problem = Problem(self._display(page), source.line, link.url, reason, hint)
            return problem, ("source", page.dest_uri, link.url, reason)
        data = self._find_in_data(link.url)
        where = f"from {data}" if data else f"built file {page.dest_uri} line {link.line}"
        problem = Problem(self._display(page), None, link.url, reason, hint, where=where)
        resolved = (target.path, target.fragment) if target is not None else link.url
        return problem, ("generated", kind, resolved, reason)

    def _mkdocs_reports(self, kind: str, source) -> bool:
        """True when MkDocs' own validation already warns about this Markdown link."""
        if source.form != "md" or scheme_of(source.target):
            return False
        if source.target.startswith("/"):
            return kind == "outside" and self.mkdocs_checks_absolute
        if kind == "anchor":
            return self.mkdocs_checks_anchors
        if kind == "missing":
            path = unquote(source.target.split("#", 1)[0])
            has_suffix = "." in posixpath.basename(path.rstrip("/"))
            return self.mkdocs_checks_files if has_suffix else self.mkdocs_checks_dirs
        return False

    def _source(self, page: _Page) -> str:
        if page.abs_src_path not in self._sources:
            try:
                with open(page.abs_src_path, encoding="utf-8") as f:
                    self._sources[page.abs_src_path] = f.read()
            except OSError:
                self._sources[page.abs_src_path] = ""
        return self._sources[page.abs_src_path]

    def _display(self, page: _Page) -> str:
        if page.not_found:
            return f"the 404 page {page.dest_uri}"
        if not page.abs_src_path:
            return page.src_uri
        return os.path.relpath(page.abs_src_path, self.project).replace(os.sep, "/")

    def _find_in_data(self, url: str) -> str | None:
        """'data/regions.yml:12' when a data file holds the link as written."""
        if self._data_files is None:
            self._data_files = []
            folder = os.path.join(self.project, "data")
            for current, _dirs, names in os.walk(folder):
                for name in sorted(names):
                    path = os.path.join(current, name)
                    try:
                        with open(path, encoding="utf-8") as f:
                            lines = f.read().splitlines()
                    except (OSError, UnicodeDecodeError):
                        continue
                    rel = os.path.relpath(path, self.project).replace(os.sep, "/")
                    self._data_files.append((rel, lines))
        for rel, lines in self._data_files:
            for number, line in enumerate(lines, start=1):
                if url in line:
                    return f"{rel}:{number}"
        return None
