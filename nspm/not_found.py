"""A "page not found" page in each language.

static-i18n builds every language into one site, so MkDocs would overwrite site/404.html
in each pass: it renders the default language's, and each other pass renders its own into
site/<lang>/404.html. Both get a language switch to each language's start page.
"""

from __future__ import annotations

import copy
import os

from mkdocs.commands.build import _build_template
from mkdocs.utils import write_file

from nspm import build

TEMPLATE = "404.html"


def start(current: build.Pass) -> None:
    """The start pages' alternates (static-i18n set them in on_config; pages change them)."""
    config = current.config
    current.state("not_found")["alternate"] = copy.deepcopy(config.extra.get("alternate"))
    if current.is_default:
        config.theme.static_templates.add(TEMPLATE)
    else:
        config.theme.static_templates.discard(TEMPLATE)


def set_alternates(extra, alternates: list) -> None:
    """Point the language switch (and hreflang links) at each language's start page.

    ``extra`` is a dict-like config: static-i18n sets per-page alternates both as a key and
    as an attribute, and Jinja's ``config.extra.alternate`` reads the attribute first."""
    extra["alternate"] = copy.deepcopy(alternates)
    extra.alternate = copy.deepcopy(alternates)


def render(current: build.Pass, env, files, nav) -> None:
    """site/<lang>/404.html, rendered by MkDocs' function for its error pages (a private
    one: tests/test_not_found.py fails when the pinned MkDocs changes it)."""
    if current.is_default:
        return
    config = current.config
    output = _build_template(TEMPLATE, env.get_template(TEMPLATE), files, config, nav)
    write_file(output.encode("utf-8"), not_found_path(config.site_dir, current.language))


def not_found_path(site_dir: str, language: str) -> str:
    return os.path.join(site_dir, language, TEMPLATE)
