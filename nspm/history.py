"""Dates from git: "Senast uppdaterad" / "Last updated" on every page, and the notice on a
translation older than its source.

One `git log` and one `git status` of docs/ per build (whatever the number of pages). A
page's date is its file's last commit, in Swedish time; without history (no git, not a
checkout, a shallow clone) or before its first commit, the page shows the build date,
labelled as such. A translation records the git blob id of its source in
``translation_of``; when the source's content no longer has that id, it is stale.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date

from nspm import build

KEY = "translation_of"
TIMEZONE = ZoneInfo("Europe/Stockholm")
LOG = "-c core.quotepath=off log --no-renames --relative --name-only --format=%x00%ct -- ."
# --short gives paths relative to the folder (porcelain: to the repository's top)
STATUS = "-c core.quotepath=off -c color.status=false status --short --untracked-files=all -- ."
WITHOUT_HISTORY = {
    "last_updated": "Pages show the build date, labelled 'Webbplatsen byggdes' / 'Site built on', "
    "instead of 'Senast uppdaterad'.",
    "translations": "No stale-translation notices in this build; `make translations` still lists "
    "the stale pages.",
}


@dataclass(frozen=True)
class History:
    """Last commit time of every file under one folder (paths relative to it), and the
    files with uncommitted changes; ``reason`` says why there is no history."""

    available: bool
    reason: str = ""
    last_change: dict[str, datetime] = field(default_factory=dict)
    uncommitted: frozenset[str] = frozenset()

    def changed(self, rel_path: str) -> datetime | None:
        return self.last_change.get(rel_path)


class GitError(Exception):
    pass


def git(folder: Path, *args: str) -> str:
    """Run git in ``folder``; its output, or GitError with git's last line of error."""
    try:
        proc = subprocess.run(["git", *args], cwd=folder, capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GitError(str(error)) from error
    error = proc.stderr.decode("utf-8", "replace").strip()
    if proc.returncode != 0:
        raise GitError(error.splitlines()[-1] if error else "error")
    return proc.stdout.decode("utf-8")


def read(folder: Path) -> History:
    """The history of ``folder``: a shallow check, one `git log`, one `git status`."""
    if not shutil.which("git"):
        return History(False, "the git program is not installed")
    if not folder.is_dir():
        return History(False, f"{folder} is not a folder")
    try:
        shallow = git(folder, "rev-parse", "--is-shallow-repository").strip() == "true"
    except GitError as error:
        return History(False, f"{folder} is not inside a git checkout ({error})")
    if shallow:
        return History(
            False,
            "the git clone is shallow, so its history is incomplete (run `git fetch "
            "--unshallow`; in GitHub Actions use fetch-depth: 0)",
        )
    try:
        log, status = git(folder, *LOG.split()), git(folder, *STATUS.split())
    except GitError as error:  # an empty repository (no commit yet) lands here too
        return History(False, f"git log failed ({error})")
    # The log lists newest first: a path's first mention is its last change.
    last: dict[str, datetime] = {}
    when = None
    for line in log.splitlines():
        if line.startswith("\x00"):
            when = datetime.fromtimestamp(int(line[1:]), tz=UTC)
        elif line and when is not None:
            last.setdefault(line, when)
    dirty = {line[3:].split(" -> ")[-1].strip('"') for line in status.splitlines() if line}
    return History(True, "", last, frozenset(dirty))


def build_time() -> datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.fromtimestamp(int(epoch), tz=UTC) if epoch.isdigit() else datetime.now(UTC)


def source_date_epoch(root: Path) -> None:
    """Reproducible builds: unless SOURCE_DATE_EPOCH is set, the last commit's time."""
    if not os.environ.get("SOURCE_DATE_EPOCH"):
        with contextlib.suppress(GitError, ValueError):
            os.environ["SOURCE_DATE_EPOCH"] = str(int(git(root, "log", "-1", "--format=%ct")))


def day(when: datetime, locale: str) -> dict:
    """A date for templates: ISO (for <time datetime>) and long text ("28 november 2026")."""
    local = when.astimezone(TIMEZONE).date()
    return {"iso": local.isoformat(), "text": long_date(local, locale)}


@functools.lru_cache(maxsize=1024)
def long_date(local: date, locale: str) -> str:
    return format_date(local, format="long", locale=locale)


def blob_sha(path: Path) -> str:
    """`git hash-object` of a file, without git; CRLF counts as LF (as git stores it)."""
    data = path.read_bytes().replace(b"\r\n", b"\n")
    return hashlib.sha1(b"blob %d\x00" % len(data) + data).hexdigest()


def freshness(recorded, source: Path) -> str:
    """'missing-source', 'unrecorded', 'stale' or 'current' for one translated page."""
    if not source.is_file():
        return "missing-source"
    if not recorded or not isinstance(recorded, str):
        return "unrecorded"
    return "current" if blob_sha(source).startswith(recorded) else "stale"


# The hooks' side: hooks/last_updated.py and hooks/translations.py ---------------------


def history_of(current: build.Pass, concern: str) -> History:
    """The docs folder's history, read once per build; without one, each concern says
    once what its readers see instead."""
    shared = current.site.shared("dates")
    if "history" not in shared:
        shared["history"] = read(current.site.docs)
    found = shared["history"]
    if not found.available and not shared.get(concern):
        shared[concern] = True
        build.logger(concern).info(f"no git history – {found.reason}. {WITHOUT_HISTORY[concern]}")
    return found


def last_updated(current: build.Pass, page) -> dict:
    changed = history_of(current, "last_updated").changed(page.file.src_uri)
    when = changed or build_time()
    return {"source": "git" if changed else "build", **day(when, current.t["locale"])}


def translation_notice(current: build.Pass, page) -> dict | None:
    """The notice on a translation whose source changed since; no date while the change
    is not committed."""
    if current.is_default:
        return None
    default, rel = current.site.default, page.file.src_uri.removeprefix(f"{current.language}/")
    state = freshness(page.meta.get(KEY), current.site.docs / default / rel)
    if state == "unrecorded":
        unrecorded = current.state("dates").setdefault("unrecorded", [])
        unrecorded.append(current.site.source(page.file.src_uri))
    found = history_of(current, "translations")
    if state != "stale" or not found.available:
        return None
    key = f"{default}/{rel}"
    changed = None if key in found.uncommitted else found.changed(key)
    return {
        "source_language": default,
        "source_changed": day(changed, current.t["locale"]) if changed else None,
        "source_url": page.url.removeprefix(current.prefix),
    }


def report_unrecorded(current: build.Pass) -> None:
    pages = current.state("dates").get("unrecorded", [])
    if pages:
        build.logger("translations").info(
            f"{len(pages)} page(s) without '{KEY}' in the front matter, so no notice if "
            f"their source changes ({', '.join(pages[:3])}{', …' if len(pages) > 3 else ''}) – "
            "`make translations` prints the values to add."
        )
