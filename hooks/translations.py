"""The notice on a translation that is older than its source (nspm/history.py)."""

from nspm import build, history


def on_page_context(context, page, config, nav):
    context["nspm_translation"] = history.translation_notice(build.current(config), page)
    return context


def on_post_build(config):
    history.report_unrecorded(build.current(config))
