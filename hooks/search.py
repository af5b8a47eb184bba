"""hooks/search.py – one search index per language, Swedish compounds found by their parts.

static-i18n builds Swedish into site/ and English into site/en/ with the same config, and by
default merges both languages into one index at site/search/. This hook instead writes each
language's own index into its own folder:

- site/search/search_index.json     Swedish pages only, lunr language ["sv"]
- site/en/search/search_index.json  English pages only, lunr language ["en"]

and points each English page's search (Material's ``__config.base``) at site/en/, so the
search worker fetches ``en/search/search_index.json`` and resolves result links below en/.
mkdocs.yml sets ``reconfigure_search: false`` so static-i18n does not add "en" to the lunr
languages of the Swedish index.

lunr only matches the start of a word, so "handel" would not find "människohandel". The
reviewed list data/search/compounds.<lang>.yml names the field's compounds and their parts;
each index entry that contains a compound gets the parts in an extra, unshown field
``parts``, which lunr searches like the text.

No stemming: Material adds "*" to every query word and lunr does not stem such words, so a
stemmed index would miss whole words (see PIPELINES). Words are split at punctuation too
(SEPARATOR), so "(ÅMP)" and "NSPM:s" are found by "ÅMP" and "NSPM".
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path, PurePosixPath

import yaml
from jinja2.utils import htmlsafe_json_dumps
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.hooks.search")
# libyaml when installed (faster); the nodes carry line numbers either way
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SEARCH_PLUGIN = "material/search"
COMPOUNDS_FILE = "data/search/compounds.{lang}.yml"
PARTS_FIELD = "parts"
PARTS_BOOST = 1.0
# lunr's pipeline per language, with the functions of lunr.<lang>. No stemmer: Material
# appends "*" to every query term and lunr skips the pipeline for such terms, so a stemmed
# index misses whole words ("reflection*" does not match the stem "reflect"); the trailing
# "*" already finds longer inflected forms. Swedish keeps lunr.sv's trimmer (it knows å ä ö);
# lunr's English trimmer does not, and would turn "Åklagarmyndigheten" into "klagar…".
PIPELINES = {"sv": ["trimmer", "stopWordFilter"], "en": ["stopWordFilter"]}
DEFAULT_PIPELINE = ["stopWordFilter"]
# Words are split at white space, hyphens and punctuation (Material's default splits at white
# space and hyphens only, so "(ÅMP)" and "NSPM:s" would not be found by "ÅMP" and "NSPM");
# a full stop only when no digit follows ("1.5" stays one word); HTML entities.
SEPARATOR = r"""[\s\-,:;!?=\[\]()"“”'’/]+|\.(?!\d)|&[a-z]+;"""

# Per-build state, keyed by language (every event runs once per language).
_indexes: dict[str, str] = {}
_compounds: dict[str, dict[str, list[str]]] = {}
# Languages whose build is running: static-i18n builds English from inside the Swedish
# build's on_post_build, so when Swedish ends, config.theme["language"] still says "en".
_building: list[str] = []


# Hooks ------------------------------------------------------------------------


@event_priority(-150)
def on_config(config: MkDocsConfig) -> None:
    """Load (and check) the compounds list of the language being built.

    Runs after static-i18n's on_config (-100), which sets the language of this build.
    """
    lang = _language(config)
    if lang == _default_language(config):
        _building.clear()
    _building.append(lang)
    path = Path(config.config_file_path).parent / COMPOUNDS_FILE.format(lang=lang)
    _compounds[lang] = load_compounds(path) if path.exists() else {}
    _indexes.pop(lang, None)


@event_priority(50)
def _take_index(config: MkDocsConfig) -> None:
    """Take this language's entries before static-i18n merges the languages (at -100)."""
    plugin = config.plugins.get(SEARCH_PLUGIN)
    if plugin is None or not plugin.config.enabled:
        return
    lang = _language(config)
    search_config = {key: plugin.config[key] for key in ("lang", "separator", "pipeline", "fields")}
    _indexes[lang] = build_index(
        plugin.search_index.entries,
        search_config,
        lang=lang,
        prefix=_prefix(config),
        compounds=_compounds.get(lang, {}),
    )


@event_priority(-200)
def _write_index(config: MkDocsConfig) -> None:
    """Write this language's index last, over the merged one static-i18n writes to site/."""
    if not _building:
        return
    lang = _building.pop()
    if lang not in _indexes:
        return
    prefix = "" if lang == _default_language(config) else f"{lang}/"
    path = Path(config.site_dir) / prefix / "search" / "search_index.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_indexes[lang], encoding="utf-8")
    # The language's "not found" page (hooks/not_found.py writes it in on_post_build, so
    # on_post_page never sees it) searches the language's index too.
    not_found = Path(config.site_dir) / prefix / "404.html"
    if prefix and not_found.is_file():
        html = not_found.read_text(encoding="utf-8")
        rebased = rebase_search(html, prefix)
        if rebased != html:
            not_found.write_text(rebased, encoding="utf-8")


on_post_build = CombinedEvent(_take_index, _write_index)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str | None:
    """Point an English page's search at site/en/ (its own index and result links)."""
    prefix = _prefix(config)
    if not prefix:
        return None
    return rebase_search(output, prefix)


# Helpers ----------------------------------------------------------------------


def _language(config: MkDocsConfig) -> str:
    return config.theme["language"]


def _default_language(config: MkDocsConfig) -> str:
    i18n = config.plugins.get("i18n")
    if i18n is not None:
        for language in i18n.config.languages:
            if language.default:
                return language.locale
    return _language(config)


def _prefix(config: MkDocsConfig) -> str:
    """'' for the default language (site root), 'en/' for English."""
    lang = _language(config)
    return "" if lang == _default_language(config) else f"{lang}/"


def load_compounds(path: Path) -> dict[str, list[str]]:
    """Read a compounds file: ``compound: [part, part, …]``, all lower case.

    Every problem of the file is collected and raised together, naming file and line.
    """
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise PluginError(f"{path}: not valid YAML: {exc}") from exc
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise PluginError(
            f"{path}:{node.start_mark.line + 1}: expected a mapping 'compound: [part, …]'"
        )
    problems: list[str] = []
    compounds: dict[str, list[str]] = {}
    for key, value in node.value:
        where = f"{path}:{key.start_mark.line + 1}"
        word = key.value if isinstance(key, yaml.ScalarNode) else None
        if not word or word != word.lower() or not re.fullmatch(r"\w+", word):
            problems.append(f"{where}: '{word}' must be one lower-case word")
            continue
        if word in compounds:
            problems.append(f"{where}: '{word}' is listed twice; keep one entry")
            continue
        if not isinstance(value, yaml.SequenceNode) or not value.value:
            problems.append(f"{where}: '{word}' needs a list of its parts, e.g. [människo, handel]")
            continue
        parts = [p.value for p in value.value if isinstance(p, yaml.ScalarNode)]
        bad = [p for p in parts if not p or p != p.lower() or p not in word or p == word]
        if bad or len(parts) != len(value.value):
            problems.append(
                f"{where}: parts of '{word}' must be lower-case words found inside it, "
                f"not the whole word: {bad}"
            )
            continue
        compounds[word] = parts
    if problems:
        for problem in problems:
            log.error(problem)
        raise PluginError(f"{len(problems)} problem(s) in {path}:\n" + "\n".join(problems))
    return compounds


_WORD = re.compile(r"\w+")


def compound_parts(text: str, compounds: dict[str, list[str]]) -> list[str]:
    """The parts of every listed compound found in ``text`` (also inflected or inside a longer
    word: 'människohandelsoffer' contains 'människohandel'), each once, in list order."""
    words = {w.lower() for w in _WORD.findall(text)}
    found: list[str] = []
    for compound, parts in compounds.items():
        if any(compound in word for word in words):
            for part in parts:
                if part not in found:
                    found.append(part)
    return found


def build_index(
    entries: list[dict],
    search_config: dict,
    *,
    lang: str,
    prefix: str,
    compounds: dict[str, list[str]],
) -> str:
    """The JSON of one language's index, in the format of Material's search plugin.

    Locations are made relative to the language's own folder (``en/stod/`` → ``stod/``);
    entries of other languages (another prefix) are left out.
    """
    docs = []
    for entry in entries:
        location = entry["location"]
        if prefix:
            if not location.startswith(prefix):
                continue
            location = location[len(prefix) :]
        doc = {**entry, "location": location}
        parts = compound_parts(f"{entry.get('title', '')} {entry.get('text', '')}", compounds)
        if parts:
            doc[PARTS_FIELD] = " ".join(parts)
        docs.append(doc)
    fields = dict(search_config.get("fields") or {})
    if compounds:
        fields.setdefault(PARTS_FIELD, {"boost": PARTS_BOOST})
    config = {
        **search_config,
        "lang": [lang],
        "separator": SEPARATOR,
        "pipeline": PIPELINES.get(lang, DEFAULT_PIPELINE),
        "fields": fields,
    }
    # UTF-8 as is (not \u00e4 escapes): about 11 % smaller for Swedish text
    data = {"config": config, "docs": docs}
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False, default=str)


_CONFIG_SCRIPT = re.compile(
    r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL
)


def rebase_search(html: str, prefix: str) -> str:
    """Append ``prefix`` (``en/``) to ``base`` in Material's ``__config`` script.

    Material's search fetches ``search/search_index.json`` relative to ``base`` and resolves
    result locations against it; nothing else on the page uses it (no instant navigation,
    no versions). Asset URLs are not affected: they are written into the HTML directly.
    """
    match = _CONFIG_SCRIPT.search(html)
    if match is None:
        return html
    data = json.loads(match.group(2))
    base = str(PurePosixPath(data["base"]) / prefix.strip("/")) + "/"
    data["base"] = base
    new = htmlsafe_json_dumps(data, dumps=json.dumps, sort_keys=True)
    return html[: match.start(2)] + str(new) + html[match.end(2) :]
