"""Links: no broken, misdirected or unsafe link reaches a reader – the rules and the check.

Links are read from every page's content, template links from each language's first page and
404 page. Once every language is built, each link is checked (target, #fragment, language,
scheme) and each page against its twins. A problem is reported once (MkDocs' own link
validation is off), with the Markdown file and line, the link, the reason and a fix.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import posixpath
import re
import time
from collections import namedtuple
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from nspm import build, history
from nspm import html as parse
from nspm.source import Link, Source

log = build.logger("links")
UNSAFE_SCHEMES = frozenset({"javascript", "data", "vbscript"})
SWEDISH_SHORT_NUMBER = re.compile(r"1\d{2,5}")  # 112, 1177, 114 14, 116 000, 116 111
TEL_SEPARATORS = re.compile(r"[\s\-.()]")
TEL_ALLOWED = re.compile(r"[0-9+\s\-.()]*")
TEL_TEXT = re.compile(r"\+?[0-9\s\-.()\u2011\u2013]+")
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[^\W_](?:(?:[^\W_]|-){0,61}[^\W_])?"
EMAIL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+[^\W\d_]{{2,63}}")
MAILTO_FIELDS = frozenset({"subject", "body", "cc", "bcc", "to"})
E164_FIX = "write the number in E.164 form, e.g. 'tel:+4620390000', or a Swedish short number"
MARKDOWN = ("link", "image")  # source link kinds MkDocs resolves (and rewrites)

Verdict = namedtuple("Verdict", "reason hint")  # why a link is wrong and how to fix it
# An internal link resolved to a site path (posix, no leading '/'), and its fragment.
Target = namedtuple("Target", "path fragment")
# One built page (or 404 page) of one language: src_uri 'sv/stod/x.md' ('' for a 404 page),
# url 'stod/x/' (site-relative, with the language folder); template: links of the whole page.
Page = namedtuple(
    "Page",
    "lang src_uri abs_src_path url dest_uri parsed template not_found",
    defaults=(False, False),
)


def scheme_of(url: str) -> str | None:
    """The lower-case scheme, or None; like a browser, 'java\\nscript:' is javascript:."""
    url = url.translate({9: None, 10: None, 13: None}).lstrip("".join(map(chr, range(33))))
    match = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", url)
    return match.group(1).lower() if match else None


def check_scheme_link(url: str, text: str | None = None) -> Verdict | None:
    """https only, valid mailto: and tel: (and its link text), nothing unsafe; None if relative."""
    if url.startswith("//"):
        return Verdict("protocol-relative link (no scheme)", f"write it with https: 'https:{url}'")
    scheme = scheme_of(url)
    if scheme is None:
        return None
    if scheme in UNSAFE_SCHEMES:
        return Verdict(
            f"{scheme}: links are not allowed (unsafe)",
            "remove it; link to a page, a file in docs/ or an https:// address instead",
        )
    if scheme == "http":
        return Verdict(
            "external link uses http, not https",
            f"use 'https{url[4:]}' (check that the site answers on https)",
        )
    if scheme == "mailto":
        return check_mailto(url)
    if scheme == "tel":
        return check_tel(url) or check_tel_text(url, text)
    if scheme != "https":
        return Verdict(
            f"the scheme '{scheme}:' is not allowed",
            "only https:, mailto: and tel: links are allowed; link to an https:// page instead",
        )
    if re.search(r"\s", url):
        return Verdict("the address contains spaces", "remove the spaces or write them as %20")
    host = None
    with contextlib.suppress(ValueError):
        parts = urlsplit(url)
        parts.port  # noqa: B018 – raises ValueError for a bad port
        host = parts.hostname
    if not host or ("." not in host and host != "localhost"):
        return Verdict(
            "the https address has no valid host name",
            "write the whole address, e.g. 'https://www.example.se/page'",
        )
    return None


def check_mailto(url: str) -> Verdict | None:
    """At least one valid address; only subject, body, cc, bcc and to after '?'."""
    addresses, _, query = url[len("mailto:") :].partition("?")
    hint = "write it as 'mailto:name@example.se' (one address, no spaces, a full domain)"
    found = [unquote(a).strip() for a in addresses.split(",") if a.strip()]
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key.lower() not in MAILTO_FIELDS:
            return Verdict(
                f"mailto: has an unknown field '{key}'", "use only subject, body, cc, bcc"
            )
        if key.lower() in ("cc", "bcc", "to"):
            found += [a.strip() for a in value.split(",") if a.strip()]
    if not found:
        return Verdict("mailto: has no e-mail address", hint)
    for address in found:
        if not EMAIL.fullmatch(address):
            return Verdict(f"'{address}' is not a valid e-mail address", hint)
    return None


def normalise_tel(number: str) -> str:
    """The digits of a number (and a leading '+'), without visual separators."""
    return TEL_SEPARATORS.sub("", unquote(number).replace("\u2011", "-").replace("\u2013", "-"))


def check_tel(url: str) -> Verdict | None:
    """E.164 (+ and 7–15 digits) or a Swedish short number. A national number with a leading
    0 is refused with its E.164 form as the fix: a reader abroad cannot call it."""
    number, _, params = unquote(url[len("tel:") :]).partition(";")
    if params and not re.fullmatch(r"ext=\d{1,6}", params):
        return Verdict(f"tel: has unknown parameters ';{params}'", "remove them")
    if not number.strip():
        return Verdict("tel: has no number", E164_FIX)
    if not TEL_ALLOWED.fullmatch(number):
        return Verdict("tel: contains characters other than digits, '+' and separators", E164_FIX)
    digits = normalise_tel(number)
    if "+" in digits[1:]:
        return Verdict("tel: has a '+' that is not at the start", E164_FIX)
    if digits.startswith("+"):
        national = digits[1:]
        if not national or national[0] == "0":
            return Verdict("the country code of a tel: number cannot start with 0", E164_FIX)
        if national.startswith("460"):
            return Verdict(
                "a Swedish number in E.164 form drops the leading 0 of the area code",
                f"write 'tel:+46{national[3:]}'",
            )
        if len(national) < 7:
            return Verdict(f"the tel: number '{number}' is too short for E.164", E164_FIX)
        if len(national) > 15:
            return Verdict(
                f"the tel: number '{number}' is too long (E.164 allows 15 digits)", E164_FIX
            )
        return None
    if SWEDISH_SHORT_NUMBER.fullmatch(digits):
        return None
    if digits.startswith("0") and 7 <= len(digits) <= 12:
        return Verdict(
            f"the tel: number '{number}' is in national form",
            f"write it in E.164 form: 'tel:+46{digits[1:]}'",
        )
    return Verdict(f"'{number}' is neither an E.164 number nor a Swedish short number", E164_FIX)


def dialled(number: str) -> str:
    """A number as dialled from abroad: 020-39 00 00 → +4620390000; short numbers stay."""
    digits = normalise_tel(number)
    if digits.startswith("00"):
        return "+" + digits[2:]
    return "+46" + digits[1:] if digits.startswith("0") else digits


def check_tel_text(url: str, text: str | None) -> Verdict | None:
    """A link whose text is a phone number must dial that number."""
    if not text or not TEL_TEXT.fullmatch(text) or not re.search(r"\d", text):
        return None  # words ("Ring oss"), not a number: nothing to compare
    number = unquote(url[len("tel:") :]).partition(";")[0]
    if dialled(text) == dialled(number):
        return None
    return Verdict(
        f"the link text '{text}' is not the number the link dials ('{number}')",
        f"write 'tel:{dialled(text)}' if the text is right, or correct the text",
    )


class OutsideSite(ValueError):
    """The link climbs above the site root or leaves the site's base path."""


def site_prefix(site_url: str | None) -> tuple[str, str]:
    """(origin + base, base path): ('https://h.io/site/', '/site/'); MkDocs ends it with '/'."""
    if not site_url:
        return "", "/"
    parts = urlsplit(site_url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path}", parts.path


def as_site_path(url: str, prefix: str) -> str | None:
    """'/site/x/#a' for an absolute URL inside this site ('https://h.io/site/x/#a'), else None."""
    if not prefix or scheme_of(url) not in ("http", "https"):
        return None
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc.lower()}"  # urlsplit lower-cases the scheme
    return url[len(origin) :] if (origin + parts.path + "/").startswith(prefix) else None


def normalise(path: str) -> str | None:
    """A posix path with '.' and '..' applied, relative ('' for the top); None if it climbs
    above the top."""
    path = posixpath.normpath(path.lstrip("/") or ".")
    if path == ".." or path.startswith("../"):
        return None
    return "" if path == "." else path


def resolve(url: str, page_url: str, base: str = "/") -> Target:
    """A relative ('../x/#a') or root-absolute ('/base/x/') URL, seen from ``page_url``."""
    parts = urlsplit(url)
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if not path:
        return Target(page_url, fragment)
    if path.startswith("/"):
        if not (path.rstrip("/") + "/").startswith(base):
            raise OutsideSite(f"the absolute path is not under the site's base path '{base}'")
        joined = path[len(base) :] if len(path) >= len(base) else ""
    else:
        joined = posixpath.dirname(page_url) + "/" + path
    resolved = normalise(joined)
    if resolved is None:
        raise OutsideSite("the relative link climbs above the site root")
    slash = "/" if resolved and joined.rsplit("/", 1)[-1] in ("", ".", "..") else ""
    return Target(resolved + slash, fragment)


def docs_path(target: str, src_uri: str) -> str | None:
    """The docs path a relative link in ``src_uri`` points to: '../en/x.md' → 'en/x.md'."""
    path = unquote(urlsplit(target).path)
    resolved = normalise(posixpath.dirname(src_uri) + "/" + path)
    if not path or resolved is None:
        return None
    return resolved + ("/" if path.endswith("/") and resolved else "")


def built_file(path: str, files: set[str]) -> str | None:
    """The built file a site path is served from (folders from index.html), or None."""
    folder = path == "" or path.endswith("/")
    candidates = [path + "index.html"] if folder else [path, path + "/index.html"]
    return next((c for c in candidates if c in files), None)


def language_of(path: str, default: str, languages: list[str]) -> str:
    """A site path's language: its first folder if that is a language, else the default."""
    first = path.split("/", 1)[0]
    return first if first in languages and first != default else default


def closest(word: str, options) -> str | None:
    """The most similar option, for "did you mean …?"."""
    matches = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _a(lang: str) -> str:
    name = build.language_name(lang)
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def _files(root) -> set[str]:
    """Every file under ``root``, as a posix path relative to it."""
    found = set()
    for folder, _dirs, names in os.walk(root):
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        found.update(("" if rel == "." else rel + "/") + name for name in names)
    return found


@dataclass
class Problem:
    """One link fault, ready to print."""

    file: str  # "docs/sv/kontakt.md"
    line: int | None  # None when a template or hook made the link
    link: str
    reason: str
    hint: str
    where: str = ""  # "data/regions.yml:12" or "built file en/x/index.html line 80"
    pages: list[str] = field(default_factory=list)  # more pages with the same generated fault
    key: tuple = ()  # what makes generated faults on different pages the same fault

    def message(self) -> str:
        if self.line is not None:
            place = f"{self.file}:{self.line}"
        else:
            where = f"; {self.where})" if self.where else ")"
            place = f"{self.file} (generated by template/hook{where}"
        text = f"{place}: link '{self.link}' – {self.reason}. Fix: {self.hint}."
        if self.pages:
            shown = ", ".join(self.pages[:3])
            more = f" and {len(self.pages) - 3} more" if len(self.pages) > 3 else ""
            text += f" The same link is on {len(self.pages)} more pages: {shown}{more}."
        return text


def merge_generated(problems: list[Problem]) -> list[Problem]:
    """Report a template's fault once, listing the other pages, instead of once per page."""
    merged, first = [], {}
    for problem in problems:
        same = first.setdefault(problem.key, problem) if problem.line is None else problem
        if same is problem:
            merged.append(problem)
        elif problem.file != same.file and problem.file not in same.pages:
            same.pages.append(problem.file)
    return merged


def find_in_source(source: Source, url: str, target, src_uri: str, page_url: str, url_of: dict):
    """Where a source writes the link that became ``url``: as is, as the Markdown link MkDocs
    rewrote ('../x.md#a' → '../../x/#a'), or else as text."""
    plain = unquote(url)
    for link in source.links:
        if link.target == url or unquote(link.target) == plain:
            return link
    for link in source.links if target is not None else ():
        if link.kind not in MARKDOWN or scheme_of(link.target) or link.target.startswith("/"):
            continue
        if link.target.startswith("#"):
            lands = page_url
        else:
            path = docs_path(link.target, src_uri) or ""
            candidates = (path, path + "/index.md", path.rstrip("/") + ".md")
            lands = next((url_of[c] for c in candidates if c in url_of), None)
        if lands is not None and Target(lands, unquote(urlsplit(link.target).fragment)) == target:
            return link
    for number, line in source.prose:
        if url in line or plain in line:
            return Link(number, url, "text")
    return None


def collect_content(current: build.Pass, page, content: str) -> None:
    """Keep a page's content links (on_page_content)."""
    file = page.file
    parsed = parse.of_content(current, page, content)
    record = Page(
        current.language, file.src_uri, file.abs_src_path or "", page.url, file.dest_uri, parsed
    )
    current.state("links").setdefault("pages", {})[file.dest_uri] = record


def collect_template(current: build.Pass, page, output: str) -> None:
    """The first page of a language: its template links too (on_post_page)."""
    state = current.state("links")
    record = state.get("pages", {}).get(page.file.dest_uri)
    if state.get("template") or record is None:
        return
    whole = parse.read(output)
    own = {(x.tag, x.attr, x.url) for x in record.parsed.links}
    extra = [x for x in whole.links if (x.tag, x.attr, x.url) not in own]
    parsed = parse.Page(links=extra, ids=whole.ids - record.parsed.ids)
    state["template"] = record._replace(parsed=parsed, template=True)


def collect_not_found(current: build.Pass) -> None:
    """The language's 404 page, rendered from a template (site/[en/]404.html)."""
    dest = f"{current.prefix}404.html"
    path = Path(current.config.site_dir, dest)
    if path.is_file():
        parsed = parse.read(path.read_text(encoding="utf-8"))
        current.state("links")["not_found"] = Page(
            current.language, "", "", dest, dest, parsed, template=True, not_found=True
        )


def check(config, languages: list[str], *, only=None, twins: bool = True):
    """The preview's check of ``languages`` (``only``: these built pages): (problems, pages)."""
    checker = Checker(build.site_of(config), languages)
    if only is not None:
        checker.pages = {dest: page for dest, page in checker.pages.items() if dest in only}
        checker.extra = []
    return checker.run(twins=twins), len(checker.pages)


def report(config) -> None:
    """Check every language once the last one is built; a warning per problem."""
    started = time.process_time()
    current = build.current(config)
    collect_not_found(current)
    if not current.last:
        return
    checker = Checker(current.site, current.site.languages)
    problems = checker.run()
    for problem in problems:
        log.warning(problem.message())
    log.info(
        f"checked {checker.count} links on {checker.page_count} pages "
        f"({', '.join(sorted(checker.languages))}) in {time.process_time() - started:.2f} s "
        f"CPU: {len(problems)} problem(s)"
    )


class Checker:
    """Every collected link of ``languages`` (those built) against the built site, in one pass."""

    def __init__(self, site: build.Site, languages: list[str]) -> None:
        self.site, self.root, self.all = site, site.config.site_dir, list(site.languages)
        self.languages = [lang for lang in self.all if lang in languages and lang in site.passes]
        self.prefix, self.base = site_prefix(site.config.site_url)
        self.pages: dict[str, Page] = {}
        self.extra: list[Page] = []  # template and 404 pages
        for lang in self.languages:
            state = site.passes[lang].state("links")
            self.pages.update(state.get("pages", {}))
            self.extra += [state[k] for k in ("template", "not_found") if k in state]
        self.files = _files(self.root)
        self.docs = {f.removesuffix(".md") for f in _files(site.docs) if f.endswith(".md")}
        self.template_ids = {p.lang: p.parsed.ids for p in self.extra if not p.not_found}
        self.count = 0
        self.page_count = len(self.pages) + sum(1 for p in self.extra if p.not_found)
        self._sources: dict[str, Source] = {}
        self._disk_ids: dict[str, set[str]] = {}

    def run(self, *, twins: bool = True) -> list[Problem]:
        found: list[Problem] = []
        for page in self.pages.values():
            for link in self._file(page.abs_src_path).links:
                verdict = self._markdown_link(page, link.target) if link.kind in MARKDOWN else None
                if verdict is not None:
                    found.append(Problem(self._display(page), link.line, link.target, *verdict))
        written = {(p.file, p.line, p.link) for p in found}  # Markdown links, from the source
        for page in [*self.pages.values(), *self.extra]:
            self.count += len(page.parsed.links)
            for link in page.parsed.links:
                problem = self._link(page, link)
                if problem and (problem.file, problem.line, problem.link) not in written:
                    found.append(problem)
        found += self._also_on_other_pages(found)
        if twins:
            found += self._twins()
        return merge_generated(sorted(found, key=lambda p: (p.file, p.line or 0, p.link, p.reason)))

    def _link(self, page: Page, link: parse.Link) -> Problem | None:
        url = link.url
        site_path = as_site_path(url, self.prefix)
        if site_path is None and (url.startswith("//") or scheme_of(url)):
            verdict = check_scheme_link(url, link.text)
            return verdict and self._problem(page, link, None, verdict, "scheme")
        if page.not_found and not (site_path or url.startswith(("/", "#"))):
            verdict = Verdict(
                "a relative link on the 404 page breaks: the page is served at any address",
                "make it root-absolute in the template, e.g. {{ config.site_url | d('/') }}…",
            )
            return self._problem(page, link, None, verdict, "relative-404")
        try:
            target = resolve(site_path or url, page.url, self.base)
        except OutsideSite as error:
            hint = (
                "link to a page of this site with a relative link, or to another site with https://"
            )
            return self._problem(page, link, None, Verdict(str(error), hint), "outside")
        built = built_file(target.path, self.files)
        if built:
            is_page = built.endswith(".html")
        else:
            name = posixpath.basename(target.path.rstrip("/"))
            is_page = target.path.endswith(("/", ".html", ".md")) or "." not in name
        target_lang = language_of(target.path, self.site.default, self.all) if is_page else None
        marked = link.switcher or link.alternate or link.hreflang is not None
        if target_lang and target_lang != page.lang and not marked:
            prefix = self.site.prefix
            twin = prefix(page.lang) + target.path.removeprefix(prefix(target_lang))
            verdict = Verdict(
                f"{_a(page.lang)} page links to the {build.language_name(target_lang)} page "
                f"'{target.path or '/'}'",
                f"link to the {build.language_name(page.lang)} page '{twin}' instead, or, to send "
                "the reader to the other language on purpose, write the link in HTML with "
                f'hreflang="{target_lang}"',
            )
            return self._problem(page, link, target, verdict, "language")
        said = self.site.default if link.hreflang == "x-default" else link.hreflang
        if link.hreflang and target_lang and said in self.all and said != target_lang:
            verdict = Verdict(
                f'hreflang="{link.hreflang}" but the link leads to the '
                f"{build.language_name(target_lang)} page",
                f'set hreflang="{target_lang}" or link to the {build.language_name(said)} page',
            )
            return self._problem(page, link, target, verdict, "hreflang")
        if target_lang and target_lang not in self.languages:
            return None  # that language is not part of this check (one language built)
        if built is None:
            pages = {f.removesuffix("index.html") for f in self.files if f.endswith(".html")}
            guess = closest(target.path, pages)
            hint = "check the path"
            if url.lower().startswith("www."):
                hint = f"an address on another site needs https:// in front: 'https://{url}'"
            elif guess is not None:
                hint += f" (did you mean '{guess}'?)"
            hint += "; in Markdown, link the source file ([text](page.md)) so MkDocs resolves it"
            verdict = Verdict(f"nothing is built at '{target.path or '/'}'", hint)
            return self._problem(page, link, target, verdict, "missing")
        if target.fragment and built.endswith(".html"):
            ids, headings, name = self._ids(built)
            if target.fragment not in ids:
                guess = closest(target.fragment, ids)
                hint = f"use one of its ids ({', '.join(headings[:8]) or 'none'})"
                if guess is not None:
                    hint = f"did you mean '#{guess}'? Otherwise {hint}"
                reason = f"{name} has no heading or element with id '{target.fragment}'"
                return self._problem(page, link, target, Verdict(reason, hint), "anchor")
        return None

    def _markdown_link(self, page: Page, target: str) -> Verdict | None:
        """A Markdown link names an existing Markdown file of the page's language."""
        if scheme_of(target) or target.startswith(("#", "//")):
            return None
        if target.startswith("/"):
            return Verdict(
                "an absolute link breaks when the site is served at another address",
                "link the page's Markdown file relative to this file, e.g. '../kontakt.md'",
            )
        path = docs_path(target, page.src_uri) or ""
        lang, _, rest = path.partition("/")
        if lang in self.all and lang != page.lang:
            return Verdict(
                f"{_a(page.lang)} page links to the {build.language_name(lang)} source file "
                f"'{path}'",
                f"link to the {build.language_name(page.lang)} page instead ('{page.lang}/{rest}', "
                "written relative to this file)",
            )
        plain = path.rstrip("/")
        if not plain or ("." in posixpath.basename(plain) and not plain.endswith(".md")):
            return None  # a file such as a picture: the check of the built site sees it
        name = plain.removesuffix(".md")
        if plain.endswith(".md") and name in self.docs:
            return None
        folder, fragment = posixpath.dirname(page.src_uri), urlsplit(target).fragment
        anchor = f"#{fragment}" if fragment else ""
        for candidate in (f"{plain}/index", plain):
            if not plain.endswith(".md") and candidate in self.docs:
                fix = posixpath.relpath(candidate + ".md", folder) + anchor
                return Verdict("a link to a page names its Markdown file", f"write '{fix}'")
        mine = [d for d in self.docs if d.startswith(f"{page.lang}/")]
        guess = closest(name, mine)
        hint = "link an existing page's Markdown file, relative to this file"
        if guess is not None:
            hint = f"did you mean '{posixpath.relpath(guess + '.md', folder)}'? Otherwise {hint}"
        reason = f"there is no page {self.site.source(name + '.md')}"
        if not plain.endswith(".md"):
            reason = f"a link to a page names its Markdown file, and {reason}"
        return Verdict(reason, hint)

    def _ids(self, built: str) -> tuple[set[str], list[str], str]:
        """A built page's ids, its heading ids (for the hint) and its name for messages."""
        page = self.pages.get(built)
        if page is not None:
            ids = page.parsed.ids | self.template_ids.get(page.lang, set())
            return ids, page.parsed.headings, self._display(page)
        if built not in self._disk_ids:
            text = Path(self.root, built).read_text(encoding="utf-8", errors="replace")
            self._disk_ids[built] = parse.read(text).ids
        return self._disk_ids[built], sorted(self._disk_ids[built]), built

    @cached_property
    def _url_of(self) -> dict[str, str]:
        return {p.src_uri: p.url for p in self.pages.values()}

    def _problem(self, page: Page, link: parse.Link, target, verdict: Verdict, kind: str):
        """The problem at the source line that wrote the link, else as generated."""
        if not page.template:
            resolved = None
            with contextlib.suppress(OutsideSite):
                resolved = resolve(link.url, page.url, self.base)
            source = self._file(page.abs_src_path)
            written = find_in_source(
                source, link.url, resolved, page.src_uri, page.url, self._url_of
            )
            if written is not None:
                shown = written.target if written.kind != "text" else link.url
                return Problem(self._display(page), written.line, shown, *verdict)
        data = self._in_data(link.url)
        if data:
            where = f"from {data}"
        elif page.template:
            where = f"built file {page.dest_uri} line {link.line}"
        else:
            where = "made by a hook in the page's content"
        key = (kind, target if target is not None else link.url, verdict.reason)
        return Problem(self._display(page), None, link.url, *verdict, where, key=key)

    def _also_on_other_pages(self, found: list[Problem]) -> list[Problem]:
        """A template link that fails on a language's first page fails on its other pages
        too: name them (read from the built files, only when there is such a fault)."""
        more = []
        for problem in list(found):
            if problem.line is not None or not isinstance(problem.key[1], Target):
                continue
            target, seen = problem.key[1].path, {p.file for p in found if p.key == problem.key}
            for page in self.pages.values():
                if self._display(page) in seen:
                    continue
                rel = posixpath.relpath(target, page.url.rstrip("/") or ".") if target else "./"
                if f'="{rel}"' in Path(self.root, page.dest_uri).read_text(encoding="utf-8"):
                    more.append(replace(problem, file=self._display(page), pages=[]))
        return more

    def _display(self, page: Page) -> str:
        if page.not_found:
            return f"the 404 page {page.dest_uri}"
        return self.site.display(page.abs_src_path) if page.abs_src_path else page.src_uri

    @cached_property
    def _data(self) -> list[tuple[str, list[str]]]:
        """Each data file as written: (its path for messages, its lines)."""
        found = []
        for folder, _dirs, names in os.walk(self.site.root / "data"):
            for name in sorted(n for n in names if n.endswith((".yml", ".yaml"))):
                path = Path(folder, name)
                with contextlib.suppress(OSError, UnicodeDecodeError):
                    found.append((self.site.display(path), path.read_text("utf-8").splitlines()))
        return found

    def _in_data(self, url: str) -> str | None:
        """'data/regions.yml:12' when a data file holds the link as written."""
        for rel, lines in self._data:
            for number, line in enumerate(lines, start=1):
                if url in line:
                    return f"{rel}:{number}"
        return None

    def _twins(self) -> list[Problem]:
        """Each checked page against its twins in the other languages, from the sources, so
        one language's pass (the preview) checks the same as the whole build."""
        if len(self.all) < 2:
            log.info(f"only {', '.join(self.all)} built; twin checks skipped")
            return []
        default, docs = self.site.default, self.site.docs
        found, stale, compared = [], [], set()
        for page in sorted(self.pages.values(), key=lambda p: p.src_uri):
            rel = page.src_uri.removeprefix(f"{page.lang}/")
            mine = Path(page.abs_src_path)
            for other in self.all:
                if other == page.lang:
                    continue
                twin = docs / other / rel
                if not twin.is_file():
                    problem = Problem(
                        self._display(page),
                        1,
                        page.url.removeprefix(self.site.prefix(page.lang)) or "/",
                        f"the page has no {build.language_name(other)} twin",
                        f"create {self.site.display(twin)} (same path, translated), or remove "
                        "the page",
                    )
                    found.append(problem)
                    continue
                if default not in (page.lang, other):
                    continue  # translations are compared with the source, not with each other
                source, translation = (mine, twin) if page.lang == default else (twin, mine)
                if (source, translation) in compared:
                    continue
                compared.add((source, translation))
                recorded = self._file(translation).front_matter.keys.get(history.KEY, (0, None))[1]
                if history.freshness(getattr(recorded, "value", None), source) == "stale":
                    stale.append(self.site.display(translation))
                else:
                    found += self._headings(source, translation)
        if stale:
            log.info(
                f"{len(stale)} translation(s) are older than their source ({', '.join(stale[:3])}"
                f"{', …' if len(stale) > 3 else ''}): their readers see the notice, and their "
                "headings are compared again once they are translated – `make translations` lists "
                "what changed"
            )
        return found

    def _file(self, path) -> Source:
        """The Markdown source at ``path`` (an empty one if it cannot be read), read once."""
        key = str(path)
        if key not in self._sources:
            try:
                self._sources[key] = Source(Path(path).read_text(encoding="utf-8"))
            except OSError:
                self._sources[key] = Source("")
        return self._sources[key]

    def _headings(self, a: Path, b: Path) -> list[Problem]:
        """Heading ids of twins (h1–h6): each id on one side is on the other side too."""
        sa, sb = self._file(a), self._file(b)
        ids_a, ids_b = [h.id for h in sa.headings], [h.id for h in sb.headings]
        only_a = [i for i in ids_a if i not in ids_b]
        only_b = [i for i in ids_b if i not in ids_a]
        da, db = self.site.display(a), self.site.display(b)
        found = []
        if len(ids_a) == len(ids_b):  # the same outline: pair the ids at the same place
            for x, y in zip(ids_a, ids_b, strict=True):
                if x in only_a and y in only_b:
                    only_a.remove(x)
                    only_b.remove(y)
                    line = sb.heading_line(y)
                    reason = (
                        f"the twins' headings at the same place differ: id '{x}' here, '{y}' in "
                        f"{db}{':' + str(line) if line else ''}"
                    )
                    hint = (
                        "give both headings the same language-neutral id, e.g. "
                        f"'{{ #{x} }}' at the end of the heading line in both files"
                    )
                    found.append(Problem(da, sa.heading_line(x), f"#{x}", reason, hint))
        for side, other, path, source, ids in ((da, db, b, sa, only_a), (db, da, a, sb, only_b)):
            lang = build.language_name(path.relative_to(self.site.docs).parts[0])
            for ident in ids:
                reason = f"heading id '{ident}' has no match in the {lang} twin {other}"
                hint = (
                    f"add the heading to the twin with the same explicit id, '{{ #{ident} }}', "
                    "or remove it here"
                )
                line = source.heading_line(ident) or 1
                found.append(Problem(side, line, f"#{ident}", reason, hint))
        return found
