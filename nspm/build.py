"""The build context: the one place that knows which language is being built, and the only
module that reads mkdocs-static-i18n's internals (README.md, "The build context"). It builds
every language with the same config object, so every event runs once per language.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from babel import Locale
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from nspm import data

# When each concern's events run (MkDocs runs higher numbers first; its default is 0 and
# static-i18n runs on_config, on_files, on_nav and on_post_build at -100). Hooks use these
# names only, so the order of the whole build reads here.
PRIORITY = {
    "after_i18n": -110,  # on_config: static-i18n has set this pass's language (context.py)
    "after_context": -120,  # on_config: the pass has started
    "after_nav": -150,  # on_nav: static-i18n has made this language's nav
    "content": -90,  # on_page_content: read the content after the hooks that change it
    "csp": -100,  # on_post_page: the final HTML, after every hook that changes it
    "template_links": -150,  # on_post_page: the page's template links, after the CSP
    "pdf_start": 100,  # on_post_build: start this language's PDF first
    "search_take": 50,  # on_post_build: this language's index, before static-i18n merges
    "check": -50,  # on_post_build: links, after the hooks wrote their files
    "before_chain": -90,  # on_post_build: just before static-i18n builds the next language
    "search_write": -200,  # on_post_build: over the merged index static-i18n wrote
    "after_chain": -300,  # on_post_build: after static-i18n has built every language
    "end": -1000,  # on_post_build: the pass ends
}
ATTRIBUTE = "_nspm_site"
LANGUAGE_FILE = "data/languages/{lang}.yml"
LANGUAGE_SCHEMA = "data/languages.schema.json"


logger = get_plugin_logger  # logger(concern): messages prefixed "<concern>: ", counted by --strict


@cache
def language_name(code: str) -> str:
    """'Swedish' for 'sv', in English (the developers' messages are in English)."""
    try:
        return Locale.parse(code).get_display_name("en") or code
    except (ValueError, TypeError):
        return code


@dataclass
class Site:
    """One build of every language, kept on the config object; ``shared(concern)`` is a
    dict per concern for the whole build."""

    config: object
    default: str
    languages: list[str]
    passes: dict[str, Pass] = field(default_factory=dict)  # the latest pass of each language
    stack: list[Pass] = field(default_factory=list)  # the passes whose events are running
    _shared: dict[str, dict] = field(default_factory=dict)
    _display: dict[str, str] = field(default_factory=dict)
    _env: object = None

    @cached_property
    def root(self) -> Path:
        return Path(self.config.config_file_path or "mkdocs.yml").resolve().parent

    @property
    def docs(self) -> Path:
        return Path(self.config.docs_dir)

    @cached_property
    def cache(self) -> Path:
        return self.root / ".cache" / "nspm"

    def shared(self, concern: str) -> dict:
        return self._shared.setdefault(concern, {})

    def display(self, path: str | os.PathLike) -> str:
        """A path as editors see it: relative to the project (``docs/sv/x.md``)."""
        key = os.fspath(path)
        if key not in self._display:
            shown = Path(os.path.abspath(key))  # resolve() (a stat per folder) only if outside
            if not shown.is_relative_to(self.root):
                shown = shown.resolve()
            inside = shown.is_relative_to(self.root)
            self._display[key] = (shown.relative_to(self.root) if inside else Path(key)).as_posix()
        return self._display[key]

    def source(self, src_uri: str) -> str:
        """``docs/sv/x.md`` for a page's src_uri ``sv/x.md``."""
        return self.display(self.docs / src_uri)

    def prefix(self, lang: str) -> str:
        """The language's folder in the site: '' for the default language, 'en/' else."""
        return "" if lang == self.default else f"{lang}/"

    @cached_property
    def strings(self) -> dict[str, dict]:
        """Every built language's texts (data/languages/<lang>.yml), checked together."""
        loaded, problems, schema = {}, [], self.root / LANGUAGE_SCHEMA
        for lang in self.languages:
            file = LANGUAGE_FILE.format(lang=lang)
            path = self.root / file
            if not path.is_file():
                raise PluginError(
                    f"{file}: missing – every language needs its texts; copy "
                    f"{LANGUAGE_FILE.format(lang=self.default)} and translate it"
                )
            loaded[lang] = data.load(path, schema, display=file, cache=self.cache)
        for other in loaded.values():
            problems += data.same_keys(loaded[self.default], other)
        if problems:
            raise data.DataError(problems)
        return {lang: d.value for lang, d in loaded.items()}


@dataclass
class Pass:
    """One language's pass through every event: its language, texts (``t``), a dict per
    concern (``state``, new each pass) and the hooks' Jinja environment."""

    site: Site
    language: str
    _state: dict[str, dict] = field(default_factory=dict)

    @property
    def config(self):
        return self.site.config

    @property
    def is_default(self) -> bool:
        return self.language == self.site.default

    @property
    def last(self) -> bool:
        return self.language == self.site.languages[-1]

    @property
    def prefix(self) -> str:
        return self.site.prefix(self.language)

    @property
    def t(self) -> dict:
        return self.site.strings[self.language]

    @cached_property
    def names(self) -> dict[str, str]:
        """Every built language's name in this language ('Swedish' in English), from Babel."""
        names = Locale.parse(self.t["locale"]).languages
        return {code: names.get(code, code) for code in self.site.languages}

    def state(self, concern: str) -> dict:
        return self._state.setdefault(concern, {})

    def inline_script(self, text):
        """The templates' ``csp_inline`` filter: keeps an inline script's text for the page's
        Content-Security-Policy (nspm/csp.py) and writes it unchanged."""
        self.state("csp").setdefault("scripts", []).append(str(text))
        return text

    @property
    def env(self):
        """The hooks' Jinja environment: made once per build, so each template is compiled
        once for every language; its ``nspm`` global is the pass asking."""
        if self.site._env is None:
            self.site._env = self.config.theme.get_env()
        return prepare(self.site._env, self)

    def render(self, template: str, **context) -> str:
        return self.env.get_template(template).render(config=self.config, **context).strip()

    def macros(self, template: str):
        """The macros of a template (``overrides/hooks/x.html``), loaded once per pass."""
        cache = self.state("macros")
        if template not in cache:
            cache[template] = self.env.get_template(template).module
        return cache[template]


def prepare(env, current: Pass):
    """Give a Jinja environment the ``nspm`` global (the pass: texts, language, prefix) and
    the ``csp_inline`` filter."""
    env.globals["nspm"] = current
    env.filters["csp_inline"] = current.inline_script
    return env


def start(config) -> Pass:
    """Begin the pass of the language static-i18n is building now (hooks/context.py, after
    static-i18n's on_config); a new build when the config object is new."""
    i18n = config.plugins.get("i18n")
    if i18n is not None:
        languages, default = list(i18n.build_languages), i18n.default_language
        language = i18n.current_language or default
    else:
        language = default = config.theme["language"]
        languages = [language]
    site = getattr(config, ATTRIBUTE, None)
    if site is None or site.languages != languages:
        site = Site(config, default, languages)
        setattr(config, ATTRIBUTE, site)
    current = site.passes[language] = Pass(site, language)
    if site.stack and site.stack[-1].language == language:
        site.stack.pop()  # the same language again (the preview)
    site.stack.append(current)
    return current


def finish(config) -> None:
    """End the pass whose on_post_build is ending (static-i18n's chain unwinds to the
    default language's pass, whose last post_build events follow)."""
    site_of(config).stack.pop()


def resume(config, language: str) -> Pass:
    """Run events again in a language's last pass (the preview re-renders a page); end it
    with ``finish``."""
    current = site_of(config).passes[language]
    current.site.stack.append(current)
    return current


def site_of(config) -> Site:
    """The build of every language that ``config`` made (or is making)."""
    site = getattr(config, ATTRIBUTE, None)
    if site is None:
        raise PluginError("no build has started with this config (hooks/context.py)")
    return site


def current(config) -> Pass:
    """The pass whose events are running."""
    site = getattr(config, ATTRIBUTE, None)
    if site is None or not site.stack:
        raise PluginError(
            "the build context is missing: list hooks/context.py first under 'hooks:' in "
            "mkdocs.yml (it starts each language's pass)"
        )
    return site.stack[-1]


def chains_languages(config) -> bool:
    """True in the pass after which static-i18n builds the other languages."""
    i18n = config.plugins.get("i18n")
    return i18n is not None and not i18n.building and len(i18n.build_languages) > 1


def nav_translations(config) -> dict[str, dict[str, str]]:
    """Each non-default built language's menu labels (nav_translations in mkdocs.yml)."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return {}
    return {
        lang.locale: dict(lang.nav_translations or {})
        for lang in i18n.config.languages
        if lang.build and not lang.default
    }


def single_language(config, language: str) -> None:
    """Build only ``language`` into its own folder, as in the full build (the preview)."""
    i18n = config.plugins.get("i18n")
    if i18n is not None:
        i18n.current_language = language
        i18n.building = True  # static-i18n then does not chain the other languages
