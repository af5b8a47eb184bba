""" "Senast uppdaterad" / "Last updated" on every page, and the notice on a translation that
is older than its source – both from git (nspm/history.py).

A page's date is the last commit that touched its own file, in Swedish time. Without git
history, and for a page never committed, the page shows the build date, labelled as such
("Webbplatsen byggdes" / "Site built on"). An English page whose Swedish source changed
after the version in its ``translation_of`` shows a notice with the date of that change –
or, when the change is not committed yet, says that the source has changed since.
The templates partials/nspm/page-meta.html and translation-notice.html render them.
"""

from __future__ import annotations

from pathlib import Path

from nspm import build, history


def history_of(current: build.Pass, concern: str) -> history.History:
    """The docs folder's history, read once per build (every language); without one, each
    concern says once what its readers see instead."""
    shared = current.site.shared("dates")
    if "history" not in shared:
        shared["history"] = history.read(current.site.docs)
    found = shared["history"]
    if not found.available and not shared.get(concern):
        shared[concern] = True
        build.logger(concern).info(f"no git history – {found.reason}. {WITHOUT_HISTORY[concern]}")
    return found


WITHOUT_HISTORY = {
    "last_updated": "Pages show the build date, labelled 'Webbplatsen byggdes' / 'Site built on', "
    "instead of 'Senast uppdaterad'.",
    "translations": "No stale-translation notices in this build; `make translations` still lists "
    "the stale pages.",
}


def last_updated(current: build.Pass, page) -> dict:
    found = history_of(current, "last_updated")
    changed = found.changed(page.file.src_uri) if found.available else None
    when = changed or history.build_time()
    return {"source": "git" if changed else "build", **history.day(when, current.t["locale"])}


def translation_notice(current: build.Pass, page) -> dict | None:
    """The notice on a translated page whose source changed after its translation."""
    if current.is_default:
        return None
    default = current.site.default
    rel = page.file.src_uri.removeprefix(f"{current.language}/")
    source = current.site.docs / default / rel
    state = history.freshness(page.meta.get(history.KEY), source)
    if state == "unrecorded":
        current.state("dates").setdefault("unrecorded", []).append(
            current.site.source(page.file.src_uri)
        )
    found = history_of(current, "translations")
    if state != "stale" or not found.available:
        return None
    key = f"{default}/{rel}"
    changed = None if key in found.uncommitted else found.changed(key)
    return {
        "source_language": default,
        "source_changed": history.day(changed, current.t["locale"]) if changed else None,
        "source_url": page.url.removeprefix(current.prefix),
    }


def report_unrecorded(current: build.Pass) -> None:
    pages = current.state("dates").get("unrecorded", [])
    if pages:
        build.logger("translations").info(
            f"{len(pages)} page(s) without '{history.KEY}' in the front matter, so no notice if "
            f"their source changes ({', '.join(pages[:3])}{', …' if len(pages) > 3 else ''}) – "
            "`make translations` prints the values to add."
        )


def source_date_epoch(root: Path) -> None:
    """Reproducible builds: unless SOURCE_DATE_EPOCH is set, take the last commit's time."""
    import os

    if not os.environ.get("SOURCE_DATE_EPOCH"):
        when = history.last_commit_time(root)
        if when is not None:
            os.environ["SOURCE_DATE_EPOCH"] = str(when)
