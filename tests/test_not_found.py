"""nspm/not_found.py helpers, tested directly (the built 404 pages: test_content_facts.py)."""

from __future__ import annotations

import os

from mkdocs.config.base import LegacyConfig

from nspm import not_found

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
