"""hooks/alternates.py – stop Material's per-alternate sitemap.xml requests.

Material 9.8.1's bundle.js calls ``ui({document$})`` on every page. That function takes
every ``<link rel="alternate">`` in the page and fetches ``sitemap.xml`` next to it, to
keep readers on the same page when they switch language. Our alternates are the page
URLs themselves, absolute to site_url (partials/nspm/head-meta.html, required for
hreflang), so a reader's browser would request ``…/en/begrepp/sitemap.xml`` (404) for
each alternate – and, on any host other than site_url (a preview, a mirror), send those
requests to another host.

The lookup is redundant here: mkdocs-static-i18n already points the language switcher
at the same page in the other language. So after the build this hook removes the one
call ``ui({document$:ct});`` from the copied bundle in site_dir (the installed theme is
not touched; the build never edits tracked files). If the call is not found exactly
once – e.g. after upgrading mkdocs-material – the build stops and says what to re-check.
The file keeps its hashed name; its source map then no longer matches, which only
affects debugging in developer tools.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

# The minified call in bundle.a5f9d56c.min.js of mkdocs-material 9.8.1.
CALL = "ui({document$:ct});"
REPLACEMENT = "/* nspm: ui({document$}) removed by hooks/alternates.py */"
MARKER = "nspm: ui({document$}) removed"


def on_post_build(config, **kwargs):
    assets = Path(config.site_dir) / "assets" / "javascripts"
    if not assets.is_dir():
        # Languages other than the default are built into site_dir/<lang>/ and share
        # the default language's assets, which that build has already patched.
        return
    bundles = sorted(assets.glob("bundle.*.min.js"))
    if len(bundles) != 1:
        raise PluginError(
            f"hooks/alternates.py: expected one Material bundle in {assets}, found "
            f"{[b.name for b in bundles]}. Check the theme's assets after an upgrade."
        )
    bundle = bundles[0]
    bundle.write_text(patch_bundle(bundle.read_text(encoding="utf-8"), bundle), encoding="utf-8")


def patch_bundle(text: str, where: Path | str = "bundle.js") -> str:
    """``text`` without Material's alternate-sitemap lookup; idempotent."""
    if MARKER in text:
        return text
    count = text.count(CALL)
    if count != 1:
        raise PluginError(
            f"hooks/alternates.py: {where}: expected the call {CALL!r} exactly once, found "
            f"{count}. mkdocs-material has changed: find the function that fetches "
            '"sitemap.xml" for each link[rel=alternate] in the new bundle and update CALL '
            "in hooks/alternates.py (or remove this hook if the theme no longer does it)."
        )
    return text.replace(CALL, REPLACEMENT)
