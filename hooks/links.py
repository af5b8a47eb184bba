"""Links: no broken, misdirected or unsafe link reaches a reader (nspm/links.py)."""

from mkdocs.plugins import event_priority

from nspm import build, links


@event_priority(build.PRIORITY["content"])
def on_page_content(content, page, config, files):
    links.collect_content(build.current(config), page, content)


@event_priority(build.PRIORITY["template_links"])
def on_post_page(output, page, config):
    links.collect_template(build.current(config), page, output)


@event_priority(build.PRIORITY["check"])
def on_post_build(config):
    links.report(config)
