"""The build context (nspm/build.py): starts each language's pass. Keep it first in mkdocs.yml.

Also: SOURCE_DATE_EPOCH from the last commit when unset (reproducible builds), the site's
texts for the templates (``nspm``), and one warning count for a strict build of every
language (static-i18n's inner builds would otherwise abort counting only their own).
"""

from mkdocs.plugins import CombinedEvent, event_priority

from nspm import build, history

P = build.PRIORITY


@event_priority(P["after_i18n"])
def on_config(config):
    current = build.start(config)
    history.source_date_epoch(current.site.root)
    current.site.strings  # noqa: B018 – check every language's texts before anything else


def on_env(env, config, files):
    return build.prepare(env, build.current(config))


@event_priority(P["before_chain"])
def _strict_off(config):
    """One strict check for the whole build: the languages static-i18n builds next do not
    abort on their own warnings; the first language's build counts them all."""
    if build.chains_languages(config) and config.strict:
        build.current(config).state("context")["strict"] = True
        config.strict = False


@event_priority(P["after_chain"])
def _strict_on(config):
    if build.current(config).state("context").get("strict"):
        config.strict = True


@event_priority(P["end"])
def _end(config):
    build.finish(config)


on_post_build = CombinedEvent(_strict_off, _strict_on, _end)
