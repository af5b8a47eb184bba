"""The manual: step navigation, the steps × actors table, the process (nspm/manual.py)."""

from mkdocs.plugins import event_priority

from nspm import build, manual


@event_priority(build.PRIORITY["after_nav"])
def on_nav(nav, config, files):
    manual.collect(build.current(config), nav, files)


def on_page_markdown(markdown, page, config, files):
    return manual.render(build.current(config), markdown, page)
