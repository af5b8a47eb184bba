"""A "page not found" page in each language: site/404.html, site/<lang>/404.html
(nspm/not_found.py)."""

from nspm import build, not_found


def on_pre_build(config):
    not_found.start(build.current(config))


def on_env(env, config, files):
    build.current(config).state("not_found")["env"] = env


def on_nav(nav, config, files):
    state = build.current(config).state("not_found")
    state["nav"], state["files"] = nav, files


def on_pre_template(template, template_name, config):
    alternate = build.current(config).state("not_found").get("alternate")
    if template_name == not_found.TEMPLATE and alternate is not None:
        not_found.set_alternates(config.extra, alternate)
    return template


def on_post_build(config):
    current = build.current(config)
    state = current.state("not_found")
    not_found.render(current, state["env"], state["files"], state["nav"])
