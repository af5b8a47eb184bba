"""Search: one index per language; Swedish compounds found by their parts (nspm/search.py)."""

from mkdocs.plugins import CombinedEvent, event_priority

from nspm import build, search

P = build.PRIORITY


@event_priority(P["after_context"])
def on_config(config):
    current = build.current(config)
    current.state("search")["compounds"] = search.compounds_of(current)


@event_priority(P["search_take"])
def _take(config):
    search.take(build.current(config))


@event_priority(P["search_write"])
def _write(config):
    search.write(build.current(config))


on_post_build = CombinedEvent(_take, _write)
