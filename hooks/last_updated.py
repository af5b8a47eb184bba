"""hooks/last_updated.py – "Senast uppdaterad" / "Last updated" on every page, from git.

The date is the last commit that touched the page's own source file (docs/sv/… or
docs/en/…), in Swedish time, read from one `git log` for the whole docs folder
(hooks/git_history.py). CI needs the full history (actions/checkout with fetch-depth: 0).

Fallback: without git history (no git, not a checkout, a shallow clone) and for a page
that has never been committed, the page shows the date the site was built, labelled as
such ("Webbplatsen byggdes" / "Site built on"), and the build logs one INFO line saying
why. SOURCE_DATE_EPOCH, when set, is used as the build date (reproducible builds).

The hook only computes; overrides/partials/nspm/page-meta.html renders, from the template
variable ``nspm_last_updated`` = {"source": "git" | "build", "iso": "2026-11-28",
"text": "28 november 2026"}.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime

import git_history  # hooks/ is on sys.path while MkDocs loads a hook

log = logging.getLogger("mkdocs.plugins.nspm.last_updated")

# Hooks -------------------------------------------------------------------------


def on_pre_build(config) -> None:
    history = git_history.for_config(config)
    if not history.available:
        log.info(
            "last_updated: no git history – %s. Pages show the build date, labelled "
            "'Webbplatsen byggdes' / 'Site built on', instead of 'Senast uppdaterad'.",
            history.reason,
        )


def on_page_context(context, page, config, nav):
    history = git_history.for_config(config)
    language = config["theme"]["language"]
    changed = history.changed(page.file.src_uri) if history.available else None
    context["nspm_last_updated"] = describe(changed, language)
    return context


# Helpers -----------------------------------------------------------------------


def describe(changed: datetime | None, language: str, *, now: datetime | None = None) -> dict:
    """What the template shows: a git date, or the build date when ``changed`` is None."""
    source = "git" if changed is not None else "build"
    when = changed if changed is not None else (now or build_time())
    return {"source": source, **git_history.day(when, language)}


def build_time() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC)
