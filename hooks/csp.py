"""hooks/csp.py – a Content-Security-Policy <meta> on every page, with build-time hashes.

GitHub Pages cannot send headers, so the policy travels in the page itself:
``<!-- csp:meta -->`` in overrides/main.html (right after ``<meta charset>``, before any
script) becomes overrides/partials/nspm/csp.html. Scripts and styles come only from the
site itself; the theme's inline scripts are allowed by the SHA-256 of their exact text in
the final HTML, never by 'unsafe-inline'. The hook runs last (priority -100), after every
hook that changes the HTML, and once per language like every hook.

Page content (Markdown, raw HTML in it) may not bring its own script: an inline
``<script>``, an ``on…=`` event attribute, a ``javascript:`` URL or a ``style=`` attribute
in a page is a build error (log.warning, so --strict stops), and such a script is never
hashed – markup slipped into a pull request cannot run.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import re

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.csp")

MARKER = "<!-- csp:meta -->"
TEMPLATE = "partials/nspm/csp.html"

_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
_STYLE = re.compile(r"<style\b[^>]*>(?P<body>.*?)</style\s*>", re.S | re.I)
_STYLE_ATTR = re.compile(r"""<[a-zA-Z][^>]*?\sstyle\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""")
_TYPE = re.compile(r"""\btype\s*=\s*["']?(?P<type>[^"'\s>]+)""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_EVENT_ATTR = re.compile(r"<[a-zA-Z][^>]*?\son[a-z]+\s*=", re.I)
_JS_URL = re.compile(r"""\b(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)
# Script types a browser runs; anything else (application/json, …) is data, not code.
JS_TYPES = {"", "text/javascript", "module", "application/javascript"}


# The build's Jinja environment (one language), from on_env: a new one per page would
# compile the template again.
_state: dict = {}


def on_env(env, config, files):
    _state["env"] = env
    return env


@event_priority(-100)
def on_page_content(html, page, config, files):
    for problem in content_problems(html):
        log.warning(
            "%s: %s. The Content-Security-Policy blocks it (hooks/csp.py). Put scripts in "
            "overrides/assets/javascripts/ (extra_javascript) and styles in a stylesheet.",
            source_path(page, config),
            problem,
        )
    return html


@event_priority(-100)
def on_post_page(output, page, config):
    return add_policy(output, config, where=page.file.src_uri, exclude=page.content or "")


@event_priority(-100)
def on_post_template(output_content, template_name, config):
    if MARKER not in output_content:
        return output_content
    return add_policy(output_content, config, where=template_name)


# Helpers ----------------------------------------------------------------------------


def source_path(page, config) -> str:
    """The page's Markdown file relative to the project, e.g. docs/sv/utbildning.md."""
    root = os.path.dirname(config.config_file_path or ".")
    return os.path.relpath(page.file.abs_src_path or page.file.src_uri, root)


def add_policy(output: str, config, *, where: str, exclude: str = "") -> str:
    if MARKER not in output:
        raise PluginError(
            f"hooks/csp.py: {where}: the marker {MARKER} is missing from the page head. "
            "Keep it in overrides/main.html's site_meta block, right after <meta charset>."
        )
    env = _state.get("env") or config.theme.get_env()
    meta = env.get_template(TEMPLATE).render(policy=policy(output, exclude))
    return output.replace(MARKER, meta.strip(), 1)


def policy(output: str, exclude: str = "") -> str:
    """The policy for one page's final HTML; scripts also found in ``exclude`` get no hash."""
    banned = set(inline_scripts(exclude))
    scripts = [digest(s) for s in dict.fromkeys(inline_scripts(output)) if s not in banned]
    styles = [digest(s) for s in dict.fromkeys(m["body"] for m in _STYLE.finditer(output))]
    attrs = [digest(a) for a in dict.fromkeys(style_attributes(output))]
    style_src = ["'self'", *styles, *(["'unsafe-hashes'", *attrs] if attrs else [])]
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *scripts],
        "style-src": style_src,
        # Material's icons in its CSS are data: SVG images (mask-image).
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def inline_scripts(text: str) -> list[str]:
    """The text of every inline script a browser would run, in document order."""
    found = []
    for m in _SCRIPT.finditer(text):
        if _SRC.search(m["attrs"]):
            continue
        kind = _TYPE.search(m["attrs"])
        if (kind["type"].lower() if kind else "") in JS_TYPES:
            found.append(m["body"])
    return found


def style_attributes(text: str) -> list[str]:
    return [m["dq"] if m["dq"] is not None else m["sq"] for m in _STYLE_ATTR.finditer(text)]


def digest(text: str) -> str:
    """CSP source expression for ``text`` (as the browser hashes it: UTF-8, LF newlines)."""
    data = text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")
    return "'sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode("ascii") + "'"


def content_problems(html: str) -> list[str]:
    """What in a page's own HTML the policy would block (and must not be hashed)."""
    problems = []
    if inline_scripts(html):
        problems.append("an inline <script> in the page content")
    if _EVENT_ATTR.search(html):
        problems.append("an on…= event attribute (e.g. onclick) in the page content")
    if _JS_URL.search(html):
        problems.append("a javascript: URL in the page content")
    if style_attributes(html):
        problems.append("a style= attribute in the page content")
    return problems
