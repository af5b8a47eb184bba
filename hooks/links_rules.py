"""Pure helpers for hooks/links.py: parse built HTML, classify and check links, find sources.

Nothing here touches MkDocs objects, so every rule is tested directly (tests/test_links_rules.py).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import parse_qsl, unquote, urlsplit

# ----------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------

#: Attributes that hold a URL, per tag. Anything else (data-*, JSON in <script>) is not a link.
URL_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "input": ("src",),
    "form": ("action",),
    "object": ("data",),
}

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

#: Schemes that run code or smuggle content: never allowed, in any attribute.
UNSAFE_SCHEMES = frozenset({"javascript", "data", "vbscript"})

#: Material's language switcher (partials/languages.html) – may link to the other language.
SWITCHER_CLASS = "md-select__link"

#: Swedish short numbers: 112, 1177, 114 14, 113 13, 116 000, 116 111 … (3–6 digits, leading 1).
SWEDISH_SHORT_NUMBER = re.compile(r"1\d{2,5}")
TEL_SEPARATORS = re.compile(r"[\s\-.()]")
TEL_ALLOWED = re.compile(r"[0-9+\s\-.()]*")
TEL_TEXT = re.compile(r"\+?[0-9\s\-.()\u2011\u2013]+")

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[^\W_](?:(?:[^\W_]|-){0,61}[^\W_])?"
EMAIL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+[^\W\d_]{{2,63}}")
MAILTO_FIELDS = frozenset({"subject", "body", "cc", "bcc", "to"})

LANGUAGE_NAMES = {"sv": "Swedish", "en": "English"}

_TAB_NEWLINE = {9: None, 10: None, 13: None}


# ----------------------------------------------------------------------------
# Parsing built HTML
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """One URL in a built page: where it sits and what marks it."""

    tag: str
    attr: str
    url: str
    line: int
    switcher: bool = False
    alternate: bool = False
    hreflang: str | None = None
    text: str | None = None  # the visible text, kept for tel: links only


@dataclass
class PageLinks:
    """What hooks/links.py keeps of one built page."""

    links: list[Link] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    headings: list[str] = field(default_factory=list)


_ATTRS = r"""([^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*)"""
_TAG = re.compile(
    r"<!--.*?-->"
    rf"|<(script|style)\b{_ATTRS}>.*?</\1\s*>"
    rf"|<([a-zA-Z][a-zA-Z0-9-]*){_ATTRS}>",
    re.S | re.I,
)
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


def parse_page(html: str) -> PageLinks:
    """Links, ids and heading ids (h1–h6, in order) of one built HTML page.

    A regular-expression scanner (comments, script and style bodies skipped), several times
    faster than html.parser on Material's pages; attribute values are unescaped like a browser.
    """
    page = PageLinks()
    line, last = 1, 0
    for match in _TAG.finditer(html):
        special, special_attributes, tag, attributes = match.groups()
        if special:
            tag, attributes = special, special_attributes
        elif tag is None:
            continue  # a comment
        tag = tag.lower()
        wanted = URL_ATTRIBUTES.get(tag)
        if wanted is None and "id" not in attributes:
            continue  # neither a link nor an anchor: most of Material's <div>, <span>, <li>
        found: list[tuple[str, str]] = []
        element_id = hreflang = rel = classes = None
        for name, double, single, bare in _ATTRIBUTE.findall(attributes):
            value = double or single or bare
            if not value:
                continue  # no value, or an empty one: neither a link nor an anchor
            name = name.lower()
            if "&" in value:
                value = unescape(value)
            if name == "id" or (name == "name" and tag == "a"):
                page.ids.add(value)
                if name == "id":
                    element_id = value
            elif wanted and name in wanted:
                found.append((name, value))
            elif name == "hreflang":
                hreflang = value.strip()
            elif name == "rel":
                rel = value
            elif name == "class":
                classes = value
        if tag in HEADINGS and element_id:
            page.headings.append(element_id)
        if not found:
            continue
        line += html.count("\n", last, match.start())
        last = match.start()
        switcher = bool(classes) and SWITCHER_CLASS in classes.split()
        alternate = tag == "link" and bool(rel) and "alternate" in rel.lower().split()
        for name, value in found:
            urls = srcset_urls(value) if name == "srcset" else [value.strip()]
            for url in urls:
                text = None
                if tag == "a" and scheme_of(url) == "tel":
                    text = link_text(html, match.end())
                link = Link(tag, name, url, line, switcher, alternate, hreflang, text)
                page.links.append(link)
    return page


def link_text(html: str, start: int) -> str:
    """The visible text of an <a> element whose start tag ends at ``start``."""
    end = html.find("</a", start)
    inner = html[start : end if end >= 0 else start]
    return " ".join(unescape(re.sub(r"<[^>]*>", "", inner)).split())


def srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset ("a.png 1x, b.png 2x")."""
    urls = []
    for candidate in value.split(","):
        parts = candidate.split()
        if parts:
            urls.append(parts[0])
    return urls


# ----------------------------------------------------------------------------
# Scheme rules (external links, mailto:, tel:, unsafe schemes)
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """Why a link is wrong and how to fix it."""

    reason: str
    hint: str


def scheme_of(url: str) -> str | None:
    """The lower-case scheme of a URL, or None for a relative one.

    Like a browser, it ignores tabs and line breaks anywhere and control characters and
    spaces in front, so 'java\\nscript:' is still javascript:.
    """
    url = url.translate(_TAB_NEWLINE).lstrip("".join(map(chr, range(33))))
    match = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", url)
    return match.group(1).lower() if match else None


def check_scheme_link(url: str) -> Verdict | None:
    """A link with a scheme (or '//host'): https only, valid mailto:/tel:, nothing unsafe."""
    if url.startswith("//"):
        return Verdict(
            "protocol-relative link (no scheme)",
            f"write the full address with https: 'https:{url}'",
        )
    scheme = scheme_of(url)
    if scheme is None:
        return None
    if scheme in UNSAFE_SCHEMES:
        return Verdict(
            f"{scheme}: links are not allowed (unsafe)",
            "remove it; link to a page, a file in docs/ or an https:// address instead",
        )
    if scheme == "https":
        return check_https(url)
    if scheme == "http":
        return Verdict(
            "external link uses http, not https",
            f"use 'https{url[4:]}' (check that the site answers on https)",
        )
    if scheme == "mailto":
        return check_mailto(url)
    if scheme == "tel":
        return check_tel(url)
    return Verdict(
        f"the scheme '{scheme}:' is not allowed",
        "only https:, mailto: and tel: links are allowed; link to an https:// page instead",
    )


def check_https(url: str) -> Verdict | None:
    """An https URL needs a host name and no spaces."""
    if re.search(r"\s", url):
        return Verdict("the address contains spaces", "remove the spaces or write them as %20")
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 – raises ValueError for a bad port
    except ValueError:
        host = None
    if not host or "." not in host and host != "localhost":
        return Verdict(
            "the https address has no valid host name",
            "write the whole address, e.g. 'https://www.example.se/page'",
        )
    return None


def check_mailto(url: str) -> Verdict | None:
    """mailto: needs at least one valid address; only subject, body, cc, bcc, to after '?'."""
    rest = url[len("mailto:") :]
    addresses, _, query = rest.partition("?")
    hint = "write it as 'mailto:name@example.se' (one address, no spaces, a full domain)"
    to = [unquote(a).strip() for a in addresses.split(",") if a.strip()]
    extra: list[str] = []
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key.lower() not in MAILTO_FIELDS:
            return Verdict(
                f"mailto: has an unknown field '{key}'", "use only subject, body, cc, bcc"
            )
        if key.lower() in ("cc", "bcc", "to"):
            extra.extend(a.strip() for a in value.split(",") if a.strip())
    if not to and not extra:
        return Verdict("mailto: has no e-mail address", hint)
    for address in (*to, *extra):
        if not EMAIL.fullmatch(address):
            return Verdict(f"'{address}' is not a valid e-mail address", hint)
    return None


def normalise_tel(number: str) -> str:
    """The digits of a tel: number (and a leading '+'), without visual separators."""
    return TEL_SEPARATORS.sub("", unquote(number).replace("\u2011", "-").replace("\u2013", "-"))


def check_tel(url: str) -> Verdict | None:
    """tel: takes an E.164 number (+ and 7–15 digits) or a Swedish short number (112, 11414, 1177).

    Visual separators (space, '-', '.', '(', ')') are dropped before the check. A national
    number with a leading 0 is refused with the E.164 form as the fix (020-39 00 00 →
    +4620390000), because a reader abroad cannot call it.
    """
    raw = unquote(url[len("tel:") :])
    number, _, params = raw.partition(";")
    fix = "write the number in E.164 form, e.g. 'tel:+4620390000', or a Swedish short number"
    if params and not re.fullmatch(r"ext=\d{1,6}", params):
        return Verdict(f"tel: has unknown parameters ';{params}'", "remove them")
    if not number.strip():
        return Verdict("tel: has no number", fix)
    if not TEL_ALLOWED.fullmatch(number):
        return Verdict(
            "tel: contains characters other than digits, '+' and separators", fix + " (112)"
        )
    digits = normalise_tel(number)
    if "+" in digits[1:]:
        return Verdict("tel: has a '+' that is not at the start", fix)
    if digits.startswith("+"):
        national = digits[1:]
        if not national or national[0] == "0":
            return Verdict("the country code of a tel: number cannot start with 0", fix)
        if national.startswith("460"):
            return Verdict(
                "a Swedish number in E.164 form drops the leading 0 of the area code",
                f"write 'tel:+46{national[3:]}'",
            )
        if len(national) < 7:
            return Verdict(f"the tel: number '{number}' is too short for E.164", fix)
        if len(national) > 15:
            return Verdict(f"the tel: number '{number}' is too long (E.164 allows 15 digits)", fix)
        return None
    if SWEDISH_SHORT_NUMBER.fullmatch(digits):
        return None
    if digits.startswith("0") and 7 <= len(digits) <= 12:
        return Verdict(
            f"the tel: number '{number}' is in national form",
            f"write it in E.164 form: 'tel:+46{digits[1:]}'",
        )
    return Verdict(f"'{number}' is neither an E.164 number nor a Swedish short number", fix)


def _dialled(number: str) -> str:
    """A number as dialled from abroad: 020-39 00 00 → +4620390000; short numbers stay."""
    digits = normalise_tel(number)
    if digits.startswith("00"):
        return "+" + digits[2:]
    if digits.startswith("0"):
        return "+46" + digits[1:]
    return digits


def check_tel_text(url: str, text: str | None) -> Verdict | None:
    """A link whose text is a phone number must dial that number (020-39 00 00 ↔ +4620390000)."""
    if not text or not TEL_TEXT.fullmatch(text) or not re.search(r"\d", text):
        return None  # words ("Ring oss"), not a number: nothing to compare
    number = unquote(url[len("tel:") :]).partition(";")[0]
    shown, dialled = _dialled(text), _dialled(number)
    if shown == dialled:
        return None
    return Verdict(
        f"the link text '{text}' is not the number the link dials ('{number}')",
        f"write 'tel:{shown}' if the text is right, or correct the text",
    )


# ----------------------------------------------------------------------------
# Internal links: resolving against the built site
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """An internal link resolved to a path under the site root (posix, no leading '/')."""

    path: str  # "stod/betanketid/" or "assets/x.css"; "" for the site root
    fragment: str


class OutsideSite(ValueError):
    """The link climbs above the site root or points outside the site's base path."""


def page_folder(page_url: str) -> str:
    """The folder a page's relative links start from ("stod/x/" for "stod/x/" and "stod/x.html")."""
    if page_url.endswith("/") or page_url == "":
        return page_url
    return page_url.rsplit("/", 1)[0] + "/" if "/" in page_url else ""


def site_prefix(site_url: str | None) -> tuple[str, str]:
    """(origin+base, base path) of the site, e.g. ('https://h.io/site/', '/site/')."""
    if not site_url:
        return "", "/"
    parts = urlsplit(site_url)
    base = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{base}", base


def as_site_path(url: str, prefix: str) -> str | None:
    """For an absolute URL inside this site ('https://h.io/site/x/#a'): '/site/x/#a'; else None."""
    if not prefix or scheme_of(url) not in ("http", "https"):
        return None
    parts = urlsplit(url)
    origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
    if (origin + parts.path).startswith(prefix) or origin + parts.path + "/" == prefix:
        return url[len(origin) :]
    return None


def resolve(url: str, page_url: str, base: str = "/") -> Target:
    """Resolve a relative ('../x/#a') or root-absolute ('/base/x/') URL against a page URL."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    fragment = unquote(parts.fragment)
    if path.startswith("/"):
        if not (path + ("/" if not path.endswith("/") else "")).startswith(base):
            raise OutsideSite(f"the absolute path is not under the site's base path '{base}'")
        joined = path[len(base) :] if len(path) >= len(base) else ""
    elif not path:
        return Target(page_url, fragment)
    else:
        joined = page_folder(page_url) + path
    stack: list[str] = []
    segments = joined.split("/")
    for segment in segments:
        if segment in ("", "."):
            continue
        if segment == "..":
            if not stack:
                raise OutsideSite("the relative link climbs above the site root")
            stack.pop()
        else:
            stack.append(segment)
    result = "/".join(stack)
    if stack and (joined.endswith("/") or segments[-1] in ("", ".", "..")):
        result += "/"
    return Target(result, fragment)


def built_file(path: str, files: set[str]) -> str | None:
    """The built file a site path is served from (folder URLs → index.html), or None."""
    if path == "" or path.endswith("/"):
        candidate = path + "index.html"
        return candidate if candidate in files else None
    if path in files:
        return path
    if path + "/index.html" in files:
        return path + "/index.html"
    return None


def language_of(path: str, default: str, languages: list[str]) -> str:
    """The language of a site path: its first folder if that is a language, else the default."""
    first = path.split("/", 1)[0]
    return first if first in languages and first != default else default


def closest(word: str, options: set[str] | list[str]) -> str | None:
    """The most similar option (for "did you mean …?")."""
    matches = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return matches[0] if matches else None


# ----------------------------------------------------------------------------
# Finding a link in the Markdown source
# ----------------------------------------------------------------------------

_MD_INLINE = re.compile(r"\]\(\s*(<[^>\n]*>|[^)\s]+)")
_MD_REFERENCE = re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s*(<[^>\n]*>|\S+)")
_MD_AUTOLINK = re.compile(r"<((?:[A-Za-z][A-Za-z0-9+.\-]*:|[^\s<>@]+@)[^\s<>]*)>")
_HTML_ATTR = re.compile(
    r"\b(?:href|src|srcset|poster|action)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+))", re.I
)


@dataclass(frozen=True)
class SourceLink:
    """A link target written in a Markdown source, with its line and its syntax."""

    line: int
    target: str
    form: str  # "md" (Markdown link or reference) or "html" (raw HTML attribute)


def source_links(text: str) -> list[SourceLink]:
    """Every link target written in a Markdown source, in order."""
    found: list[SourceLink] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _MD_INLINE.finditer(line):
            found.append(SourceLink(number, match.group(1).strip("<>"), "md"))
        match = _MD_REFERENCE.match(line)
        if match:
            found.append(SourceLink(number, match.group(1).strip("<>"), "md"))
        for match in _MD_AUTOLINK.finditer(line):
            target = match.group(1)
            if scheme_of(target) is None and "@" in target:
                target = "mailto:" + target
            found.append(SourceLink(number, target, "md"))
        for match in _HTML_ATTR.finditer(line):
            value = next(g for g in match.groups() if g is not None)
            found.append(SourceLink(number, unescape(value), "html"))
    return found


def docs_path(target: str, src_uri: str) -> str | None:
    """The docs-relative path a relative link in src_uri points to ('../en/x.md' → 'en/x.md')."""
    path = unquote(urlsplit(target).path)
    if not path or scheme_of(target) or target.startswith("/"):
        return None
    folder = src_uri.rsplit("/", 1)[0] + "/" if "/" in src_uri else ""
    stack: list[str] = []
    for segment in (folder + path).split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if not stack:
                return None
            stack.pop()
        else:
            stack.append(segment)
    return "/".join(stack)


def md_link_site_path(target: str, src_uri: str, url_of: dict[str, str]) -> Target | None:
    """Where a relative Markdown link ('../x.md#a') in src_uri ('sv/y/z.md') lands, if known."""
    src = docs_path(target, src_uri)
    if src is None:
        return None
    fragment = unquote(urlsplit(target).fragment)
    for candidate in (src, src + "/index.md", src.removesuffix("/") + ".md"):
        if candidate in url_of:
            return Target(url_of[candidate], fragment)
    return None


def find_in_source(
    text: str,
    url: str,
    target: Target | None,
    *,
    src_uri: str,
    page_url: str,
    url_of: dict[str, str],
) -> SourceLink | None:
    """The first place in a Markdown source that produces the built link ``url``.

    Matches the exact text first, then relative Markdown links that MkDocs rewrote
    ('../x.md#a' → '../../x/#a'); last, any line that contains the URL as plain text.
    """
    links = source_links(text)
    for link in links:
        if link.target == url or unquote(link.target) == unquote(url):
            return link
    if target is not None:
        for link in links:
            if link.form != "md":
                continue
            if link.target.startswith("#"):
                lands = Target(page_url, unquote(link.target[1:]))
            else:
                lands = md_link_site_path(link.target, src_uri, url_of)
            if lands == target:
                return link
    for number, line in enumerate(text.splitlines(), start=1):
        if url in line or unquote(url) in line:
            return SourceLink(number, url, "text")
    return None


def find_heading(text: str, heading_id: str) -> int | None:
    """The line of the heading (or element) that carries ``heading_id`` in a Markdown source."""
    from markdown.extensions.toc import slugify

    explicit = re.compile(r"\{[^}\n]*#" + re.escape(heading_id) + r"(?![\w-])[^}\n]*\}")
    attribute = re.compile(r"\bid\s*=\s*[\"']" + re.escape(heading_id) + r"[\"']")
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if explicit.search(line) or attribute.search(line):
            return number
    # An id made by the toc extension: the slug of the heading text, '_1', '_2' … when repeated.
    base = re.sub(r"_\d+$", "", heading_id)
    for number, line in enumerate(lines, start=1):
        match = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if match and slugify(match.group(1), "-") in (heading_id, base):
            return number
    return None


# ----------------------------------------------------------------------------
# Reporting
# ----------------------------------------------------------------------------


@dataclass
class Problem:
    """One link fault, ready to print."""

    file: str  # "docs/sv/kontakt.md"
    line: int | None  # line in the Markdown source, None when a template or hook made the link
    link: str
    reason: str
    hint: str
    where: str = ""  # e.g. "data/regions.yml:12" or "built file en/x/index.html line 80"
    pages: list[str] = field(default_factory=list)  # more pages with the same generated fault

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.link, self.reason)

    def message(self) -> str:
        if self.line is not None:
            place = f"{self.file}:{self.line}"
        else:
            place = f"{self.file} (generated by template/hook"
            place += f"; {self.where})" if self.where else ")"
        text = f"links: {place}: link '{self.link}' – {self.reason}. Fix: {self.hint}."
        if self.pages:
            shown = ", ".join(self.pages[:3])
            more = f" and {len(self.pages) - 3} more" if len(self.pages) > 3 else ""
            text += f" The same link is on {len(self.pages)} more pages: {shown}{more}."
        return text


def merge_generated(problems: list[Problem], keys: list[tuple]) -> list[Problem]:
    """Report a template's fault once, listing the other pages, instead of once per page."""
    merged: list[Problem] = []
    first: dict[tuple, Problem] = {}
    for problem, key in zip(problems, keys, strict=True):
        if problem.line is None and key in first:
            if problem.file != first[key].file and problem.file not in first[key].pages:
                first[key].pages.append(problem.file)
            continue
        if problem.line is None:
            first[key] = problem
        merged.append(problem)
    return merged
