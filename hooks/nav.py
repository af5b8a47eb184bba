"""The menu: every label translated, every page in it and in its section's overview
(nspm/nav.py)."""

from mkdocs.plugins import event_priority

from nspm import build, nav


@event_priority(build.PRIORITY["after_context"])
def on_config(config):
    nav.check_labels(build.current(config))


@event_priority(build.PRIORITY["after_nav"])
def on_nav(nav_, config, files):
    current = build.current(config)
    current.state("nav")["nav"] = nav_
    nav.check_pages(current, nav_, files)


def on_env(env, config, files):
    current = build.current(config)
    nav.check_overviews(current, current.state("nav")["nav"])
