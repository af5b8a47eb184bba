""" "Senast uppdaterad" / "Last updated" on every page, from git (nspm/dates.py)."""

from nspm import build, dates


def on_page_context(context, page, config, nav):
    context["nspm_last_updated"] = dates.last_updated(build.current(config), page)
    return context
