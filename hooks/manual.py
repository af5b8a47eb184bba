"""The manual: step navigation, the steps × actors table, the process (nspm/manual.py)."""

from mkdocs.plugins import event_priority

from nspm import build, manual


@event_priority(-150)  # after static-i18n has made the nav of this language (-100)
def on_nav(nav, config, files):
    manual.collect(build.current(config), nav, files)


def on_page_markdown(markdown, page, config, files):
    return manual.render(build.current(config), markdown, page)
