"""Search: one index per language; Swedish compounds found by their parts (nspm/search.py)."""

from mkdocs.plugins import CombinedEvent, event_priority

from nspm import build, search

P = build.PRIORITY


@event_priority(P["after_i18n"] - 10)  # after hooks/context.py started the pass
def on_config(config):
    current = build.current(config)
    current.state("search")["compounds"] = search.compounds_of(current)


@event_priority(50)
def _take(config):
    search.take(build.current(config))  # before static-i18n merges the languages (-100)


@event_priority(-200)
def _write(config):
    search.write(build.current(config))  # over the merged index static-i18n writes


on_post_build = CombinedEvent(_take, _write)
