"""Links: no broken, misdirected or unsafe link reaches a reader (nspm/links.py)."""

from mkdocs.plugins import event_priority

from nspm import build, links

P = build.PRIORITY


@event_priority(P["content"])
def on_page_content(content, page, config, files):
    links.collect_content(build.current(config), page, content)


@event_priority(P["template_links"])
def on_post_page(output, page, config):
    links.collect_template(build.current(config), page, output)


@event_priority(P["check"])
def on_post_build(config):
    links.report(config)
