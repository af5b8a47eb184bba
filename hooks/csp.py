"""A Content-Security-Policy <meta> on every page, with build-time hashes (nspm/csp.py)."""

from mkdocs.plugins import event_priority

from nspm import build, csp, html

P = build.PRIORITY


@event_priority(P["content"])
def on_page_content(content, page, config, files):
    current = build.current(config)
    csp.check_content(current, page, html.of_content(current, page, content))


def on_pre_page(page, config, files):
    csp.begin_render(build.current(config))


def on_pre_template(template, template_name, config):
    csp.begin_render(build.current(config))
    return template


@event_priority(P["csp"])
def on_post_page(output, page, config):
    return csp.add_policy(build.current(config), output, where=page.file.src_uri)


@event_priority(P["csp"])
def on_post_template(output, template_name, config):
    if csp.MARKER not in output:  # sitemap.xml and the like
        return output
    return csp.add_policy(build.current(config), output, where=template_name)
