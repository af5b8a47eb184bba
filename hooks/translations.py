"""The notice on a translation that is older than its source (nspm/dates.py)."""

from nspm import build, dates


def on_page_context(context, page, config, nav):
    context["nspm_translation"] = dates.translation_notice(build.current(config), page)
    return context


def on_post_build(config):
    dates.report_unrecorded(build.current(config))
