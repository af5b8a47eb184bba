""" "Senast uppdaterad" / "Last updated" on every page, from git (nspm/history.py)."""

from nspm import build, history


def on_page_context(context, page, config, nav):
    context["nspm_last_updated"] = history.last_updated(build.current(config), page)
    return context
