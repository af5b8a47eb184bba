"""Stop Material's sitemap.xml requests for every hreflang alternate.

Material 9.8.1's bundle fetches ``sitemap.xml`` next to each ``<link rel="alternate">``; our
alternates are absolute (hreflang needs it), so readers would request 404s – and other
hosts when the site is served from a copy. The call is removed from the bundle's copy in
site_dir; if it is not found exactly once (a Material upgrade), the build stops.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

# The minified call in bundle.a5f9d56c.min.js of mkdocs-material 9.8.1.
CALL = "ui({document$:ct});"
MARKER = "nspm: ui({document$}) removed"
REPLACEMENT = f"/* {MARKER} by hooks/alternates.py */"


def patch_site(site_dir: str) -> None:
    assets = Path(site_dir) / "assets" / "javascripts"
    if not assets.is_dir():
        return  # other languages share the default language's assets, patched already
    bundles = sorted(assets.glob("bundle.*.min.js"))
    if len(bundles) != 1:
        raise PluginError(
            f"alternates: expected one Material bundle in {assets}, found "
            f"{[b.name for b in bundles]}. Check the theme's assets after an upgrade."
        )
    text = bundles[0].read_text(encoding="utf-8")
    patched = patch_bundle(text, bundles[0])
    if patched != text:
        bundles[0].write_text(patched, encoding="utf-8")


def patch_bundle(text: str, where: Path | str = "bundle.js") -> str:
    """``text`` without Material's alternate-sitemap lookup; idempotent."""
    if MARKER in text:
        return text
    count = text.count(CALL)
    if count != 1:
        raise PluginError(
            f"alternates: {where}: expected the call {CALL!r} exactly once, found {count}. "
            'mkdocs-material has changed: find the function that fetches "sitemap.xml" for each '
            "link[rel=alternate] in the new bundle and update CALL in nspm/alternates.py (or "
            "remove hooks/alternates.py if the theme no longer does it)."
        )
    return text.replace(CALL, REPLACEMENT)
