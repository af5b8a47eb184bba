"""hooks/not_found.py – a "page not found" page in each language.

MkDocs renders the theme's 404.html into the site root once per build. With
mkdocs-static-i18n every language is built into the same site_dir, so the last
language built would overwrite site/404.html and no site/<lang>/404.html would exist.
This hook:

- lets MkDocs render 404.html only in the default language's build (site/404.html);
- renders overrides/404.html through the theme's Jinja environment in every other
  language's build and writes it to site/<lang>/404.html;
- gives both 404 pages a language switch that points at each language's start page
  (otherwise they would carry the alternates of the last page rendered).

Each language build runs these events once; state is reset in on_pre_build.
"""

from __future__ import annotations

import copy
import logging
import os
from urllib.parse import urlsplit

from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils import write_file

log = logging.getLogger("mkdocs.hooks.not_found")

TEMPLATE = "404.html"

# Per-build state, keyed by name; reset in on_pre_build.
_state: dict = {}


def on_pre_build(config: MkDocsConfig) -> None:
    _state.clear()
    language = config.theme["language"]
    _state["language"] = language
    _state["is_default"] = language == default_language(config)
    # The i18n plugin has set the start-page alternates in on_config; pages change them later.
    _state["alternate"] = copy.deepcopy(config.extra.get("alternate"))
    if _state["is_default"]:
        config.theme.static_templates.add(TEMPLATE)
    else:
        config.theme.static_templates.discard(TEMPLATE)


def on_env(env, config: MkDocsConfig, files):
    _state["env"] = env
    _state["files"] = files
    return env


def on_nav(nav, config: MkDocsConfig, files):
    _state["nav"] = nav
    return nav


def on_pre_template(template, template_name: str, config: MkDocsConfig):
    if template_name == TEMPLATE and _state.get("alternate") is not None:
        set_alternates(config.extra, _state["alternate"])
    return template


def on_post_build(config: MkDocsConfig) -> None:
    if _state.get("is_default", True):
        return
    output = render_not_found(config, _state["env"], _state["files"], _state["nav"])
    path = not_found_path(config.site_dir, _state["language"])
    write_file(output.encode("utf-8"), path)
    log.debug("Wrote %s", path)


# Helpers ---------------------------------------------------------------------


def default_language(config: MkDocsConfig) -> str:
    """The i18n plugin's default locale, or the theme language without the plugin."""
    plugin = config.plugins.get("i18n")
    return getattr(plugin, "default_language", None) or config.theme["language"]


def set_alternates(extra, alternates: list) -> None:
    """Point the language switch (and hreflang links) at each language's start page.

    ``extra`` is a dict-like config object: mkdocs-static-i18n assigns per-page
    alternates both as a key and as an attribute (``config.extra.alternate = …``), and
    Jinja's ``config.extra.alternate`` reads the attribute first, so set both.
    """
    extra["alternate"] = copy.deepcopy(alternates)
    extra.alternate = copy.deepcopy(alternates)


def not_found_path(site_dir: str, language: str) -> str:
    """Where a non-default language's 404 page goes: <site_dir>/<language>/404.html."""
    return os.path.join(site_dir, language, TEMPLATE)


def render_not_found(config: MkDocsConfig, env, files, nav) -> str:
    """Render 404.html the way MkDocs renders its error templates (root-absolute base_url)."""
    template = env.get_template(TEMPLATE)
    template = config.plugins.on_pre_template(template, template_name=TEMPLATE, config=config)
    base_url = urlsplit(config.site_url or "/").path
    context = get_context(nav, files, config, base_url=base_url)
    context = config.plugins.on_template_context(context, template_name=TEMPLATE, config=config)
    output = template.render(context)
    return config.plugins.on_post_template(output, template_name=TEMPLATE, config=config)
