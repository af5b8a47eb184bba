"""Regions: the regional coordinators' tables and site/regions.json from data/regions.yml
(nspm/regions.py)."""

import re

from nspm import build, regions
from nspm.source import Source

ANY_MARKER = re.compile(r"<!--\s*regions?:")  # also the misspelt ones, to report them


def on_pre_build(config):
    regions.load_for(build.current(config))  # the data checked before any page


def on_page_markdown(markdown, page, config, files):
    if not ANY_MARKER.search(markdown):
        return None
    current = build.current(config)
    markers = Source(page.file.content_string).markers
    found, problems = regions.find_markers(markers, current.site.source(page.file.src_uri))
    current.state("regions").setdefault("problems", []).extend(problems)
    return regions.render(current, markdown, found) if found and not problems else None


def on_env(env, config, files):
    regions.raise_marker_problems(build.current(config))  # all pages' problems together


def on_post_build(config):
    regions.write_json(build.current(config))
