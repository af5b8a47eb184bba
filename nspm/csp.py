"""A Content-Security-Policy <meta> on every page, with build-time hashes.

GitHub Pages cannot send headers, so ``<!-- csp:meta -->`` in overrides/main.html becomes
the policy: scripts and styles only from the site, the theme's inline scripts allowed by the
SHA-256 of their exact text. The templates pass each inline script through the
``csp_inline`` filter (overrides/partials/javascripts/, ``Pass.inline_script``), which keeps
its text for the page's policy, so the final page is not parsed again. A page's own content
may not bring a script, a <style> or a style= (a warning, so --strict stops); it is never
hashed.
"""

from __future__ import annotations

import base64
import hashlib

from mkdocs.exceptions import PluginError

from nspm import build, html, links

log = build.logger("csp")
MARKER = "<!-- csp:meta -->"
TEMPLATE = "partials/nspm/csp.html"
POLICY = (
    "default-src 'self'; script-src 'self'{hashes}; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'self'; object-src 'none'"
)


def check_content(current: build.Pass, page, parsed: html.Page) -> None:
    """Warn about anything in a page's own HTML that the policy would block."""
    for problem in content_problems(parsed):
        log.warning(
            f"{current.site.source(page.file.src_uri)}: {problem}. The Content-Security-Policy "
            "blocks it. Put scripts in overrides/assets/javascripts/ (extra_javascript) and "
            "styles in a stylesheet."
        )


def content_problems(parsed: html.Page) -> list[str]:
    found = {
        "an inline <script>": parsed.scripts,
        "an on…= event attribute (e.g. onclick)": parsed.event_attributes,
        "a javascript: URL": any(links.scheme_of(x.url) == "javascript" for x in parsed.links),
        "an inline <style>": parsed.styles,
        "a style= attribute": parsed.style_attributes,
    }
    return [f"{what} in the page content" for what, present in found.items() if present]


def begin_render(current: build.Pass) -> None:
    """Each page or template starts with no recorded scripts: none from a template without
    the marker, none from a render that failed (the preview goes on after one)."""
    current.state("csp").pop("scripts", None)


def add_policy(current: build.Pass, output: str, *, where: str) -> str:
    """``output`` with its policy in place of the marker, for the scripts its templates wrote."""
    scripts = current.state("csp").pop("scripts", [])
    if MARKER not in output:
        raise PluginError(
            f"csp: {where}: the marker {MARKER} is missing from the page head. Keep it in "
            "overrides/main.html's site_meta block, right after <meta charset>."
        )
    metas = current.state("csp").setdefault("metas", {})  # pages of one depth share theirs
    key = tuple(scripts)
    if key not in metas:
        metas[key] = current.render(TEMPLATE, policy=policy(scripts))
    return output.replace(MARKER, metas[key], 1)


def policy(scripts: list[str]) -> str:
    """The policy for a page whose templates wrote these inline scripts (img-src allows data:
    for Material's icons, data: SVGs in its CSS)."""
    hashes = "".join(f" {digest(script)}" for script in dict.fromkeys(scripts))
    return POLICY.format(hashes=hashes)


def digest(text: str) -> str:
    """A CSP source expression for ``text``, hashed as the browser does (UTF-8, LF)."""
    data = text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")
    return "'sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode("ascii") + "'"
