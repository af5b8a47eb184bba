"""nspm/not_found.py helpers, tested directly (the built 404 pages: test_content_facts.py)."""

from __future__ import annotations

import os

from mkdocs.commands import build as mkdocs_build
from mkdocs.config.base import LegacyConfig

from nspm import not_found
from scripts.preview_mkdocs import fingerprint

HOME = [
    {"name": "Svenska", "link": "/site/", "lang": "sv"},
    {"name": "English", "link": "/site/en/", "lang": "en"},
]


def test_not_found_path_is_under_the_language_folder():
    expected = os.path.join("/tmp/site", "en", "404.html")
    assert not_found.not_found_path("/tmp/site", "en") == expected


def test_set_alternates_overrides_a_stale_per_page_attribute():
    extra = LegacyConfig(())
    # What mkdocs-static-i18n leaves behind after rendering the last page.
    extra["alternate"] = [{"name": "Svenska", "link": "begrepp/", "lang": "sv"}]
    extra.alternate = [{"name": "Svenska", "link": "begrepp/", "lang": "sv"}]
    not_found.set_alternates(extra, HOME)
    assert extra["alternate"] == HOME
    assert extra.alternate == HOME
    # Copies: later page renders must not change the saved start-page alternates.
    assert extra.alternate is not HOME


def test_the_private_mkdocs_function_the_404_pages_use_is_the_pinned_one():
    """nspm/not_found.py renders site/<lang>/404.html with MkDocs' private _build_template:
    after an upgrade of MkDocs, read its new source, then update the pin."""
    assert fingerprint(mkdocs_build._build_template) == "08bb80b43eb89376"
