"""Accessibility: a heading to skip to on every page; the date of the last automated check
(nspm/a11y.py). Material's own fixes are template overrides in overrides/partials/."""

from nspm import a11y, build


def on_page_markdown(markdown, page, config, files):
    if a11y.MARKER in markdown:
        return a11y.last_check(build.current(config), markdown)
    return None


def on_page_content(html, page, config, files):
    return a11y.skip_target(build.current(config), page, html)
