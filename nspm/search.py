"""One search index per language, and Swedish compounds found by their parts.

static-i18n builds every language into one site and, by default, merges their search
entries into one index. Here each language gets its own: site/search/search_index.json
(the default language) and site/<lang>/search/search_index.json, each with its own lunr
language; the pages of a language search their own index (the ``base`` of Material's
``__config`` in overrides/main.html, from the build context's language folder).
mkdocs.yml sets ``reconfigure_search: false`` so static-i18n adds no language to the lunr
languages of the default index.

lunr only matches the start of a word, so "handel" would not find "människohandel". The
reviewed list data/search/compounds.<lang>.yml names compounds and their parts; every entry
that contains a compound gets the parts in an extra, unshown field ``parts``. No stemming:
Material adds "*" to every query word and lunr does not stem such words, so a stemmed index
would miss whole words; the language's pipeline is in data/languages/<lang>.yml. Words are
split at punctuation too (SEPARATOR), so "(ÅMP)" and "NSPM:s" are found by "ÅMP", "NSPM".
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from nspm import build, data

SEARCH_PLUGIN = "material/search"
COMPOUNDS_FILE = "data/search/compounds.{lang}.yml"
SCHEMA_FILE = "data/search/compounds.schema.json"
PARTS_FIELD = "parts"
PARTS_BOOST = 1.0
# White space, hyphens and punctuation; a full stop only when no digit follows ("1.5").
SEPARATOR = r"""[\s\-,:;!?=\[\]()"“”'’/]+|\.(?!\d)|&[a-z]+;"""
_WORD = re.compile(r"\w+")


def load_compounds(
    path: Path, display: str | None = None, cache=None, schema=None
) -> dict[str, list[str]]:
    """``compound: [part, …]``, lower case; every problem raised together (file, line)."""
    display = display or str(path)
    schema = schema or Path(__file__).resolve().parent.parent / SCHEMA_FILE
    compounds: dict[str, list[str]] = {}

    def rules(loaded: data.Data) -> list[data.Problem]:
        problems = []
        for word, parts in (loaded.value if isinstance(loaded.value, dict) else {}).items():
            if not isinstance(parts, list) or not all(isinstance(p, str) for p in parts):
                continue  # the schema's to report
            if word != word.lower() or not re.fullmatch(r"\w+", word):
                problems.append(
                    loaded.problem(
                        (word,),
                        f"'{word}' must be one lower-case word",
                        "write the compound in lower case, without spaces",
                    )
                )
            elif any(p != p.lower() or p not in word or p == word for p in parts):
                problems.append(
                    loaded.problem(
                        (word,),
                        f"parts of '{word}' must be lower-case words found inside it, not the "
                        "whole word",
                        "e.g. människohandel: [människo, handel]",
                    )
                )
            else:
                compounds[word] = parts
        return problems

    data.load(path, schema, display=display, cache=cache, checks=rules)
    return compounds


def compounds_of(current: build.Pass) -> dict[str, list[str]]:
    site, display = current.site, COMPOUNDS_FILE.format(lang=current.language)
    path = site.root / display
    return (
        load_compounds(path, display, site.cache, site.root / SCHEMA_FILE) if path.exists() else {}
    )


def compound_parts(text: str, compounds: dict[str, list[str]]) -> list[str]:
    """The parts of every listed compound in ``text`` (also inflected or inside a longer
    word: 'människohandelsoffer' contains 'människohandel'), each once, in list order."""
    words = {w.lower() for w in _WORD.findall(text)}
    found: list[str] = []
    for compound, parts in compounds.items():
        if any(compound in word for word in words):
            found += [part for part in parts if part not in found]
    return found


def build_index(
    entries, search_config: dict, *, lang: str, prefix: str, compounds, pipeline
) -> str:
    """The JSON of one language's index, in the format of Material's search plugin, with
    locations relative to the language's folder; other languages' entries left out."""
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
        "pipeline": pipeline,
        "fields": fields,
    }
    # UTF-8 as is (not \u00e4 escapes): about 11 % smaller for Swedish text
    return json.dumps(
        {"config": config, "docs": docs}, separators=(",", ":"), ensure_ascii=False, default=str
    )


def take(current: build.Pass) -> None:
    """This language's entries, before static-i18n merges the languages (on_post_build)."""
    plugin = current.config.plugins.get(SEARCH_PLUGIN)
    if plugin is None or not plugin.config.enabled:
        return
    search_config = {key: plugin.config[key] for key in ("lang", "separator", "pipeline", "fields")}
    current.state("search")["index"] = build_index(
        plugin.search_index.entries,
        search_config,
        lang=current.language,
        prefix=current.prefix,
        compounds=current.state("search").get("compounds", {}),
        pipeline=current.t["search"]["pipeline"],
    )


def write(current: build.Pass) -> None:
    """Write this language's index, over the merged one static-i18n writes."""
    index = current.state("search").get("index")
    if index is not None:
        path = Path(current.config.site_dir) / current.prefix / "search" / "search_index.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(index, encoding="utf-8")
