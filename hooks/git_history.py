"""hooks/git_history.py – when each file under docs/ last changed, from one `git log` call.

Not a hook itself: a helper imported by hooks/last_updated.py ("Senast uppdaterad") and
hooks/translations.py (stale-translation notice). Reading the whole history costs two git
processes per `mkdocs build`, however many pages there are: the result is kept on the
config object, which static-i18n reuses for every language of one build (a new
`mkdocs serve` rebuild loads a new config and so reads git again).

Without git – no git program, not a git checkout, or a shallow clone whose history would
give every page the date of its single commit – `History.available` is False and
`History.reason` says why; the hooks then fall back and log that at INFO level.
"""

from __future__ import annotations

import functools
import hashlib
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date

ATTRIBUTE = "_nspm_git_history"


@dataclass(frozen=True)
class History:
    """Last commit time of every file under one folder (keys: paths relative to it)."""

    available: bool
    reason: str = ""
    last_change: dict[str, datetime] = field(default_factory=dict)

    def changed(self, rel_path: str) -> datetime | None:
        """Time of the last commit touching ``rel_path`` (relative to the folder), or None."""
        return self.last_change.get(rel_path)


def for_config(config) -> History:
    """The history of ``config.docs_dir``, read once per build and kept on the config."""
    cached = getattr(config, ATTRIBUTE, None)
    if cached is None:
        cached = read_history(Path(config["docs_dir"]))
        setattr(config, ATTRIBUTE, cached)
    return cached


# Helpers -----------------------------------------------------------------------


def read_history(folder: Path, *, git: str | None = None) -> History:
    """Run git twice (shallow check, then one `git log` for the whole folder) and parse it."""
    git = git or shutil.which("git")
    if not git:
        return History(False, "the git program is not installed")
    if not folder.is_dir():
        return History(False, f"{folder} is not a folder")
    try:
        shallow = _git(git, folder, "rev-parse", "--is-shallow-repository")
    except _GitError as error:
        return History(False, f"{folder} is not inside a git checkout ({error})")
    if shallow.strip() == "true":
        return History(
            False,
            "the git clone is shallow, so its history is incomplete "
            "(run `git fetch --unshallow`; in GitHub Actions use fetch-depth: 0)",
        )
    try:
        log = _git(
            git,
            folder,
            "-c",
            "core.quotepath=off",
            "log",
            "--no-renames",
            "--relative",
            "--name-only",
            "--format=%x00%ct",
            "--",
            ".",
        )
    except _GitError as error:
        # An empty repository (no commit yet) lands here too.
        return History(False, f"git log failed ({error})")
    return History(True, "", parse_log(log))


def parse_log(output: str) -> dict[str, datetime]:
    """Parse `git log --name-only --format=%x00%ct` output: newest commit first, so the
    first time a path appears is its last change."""
    last: dict[str, datetime] = {}
    when: datetime | None = None
    for line in output.splitlines():
        if line.startswith("\x00"):
            when = datetime.fromtimestamp(int(line[1:]), tz=UTC)
        elif line and when is not None:
            last.setdefault(line, when)
    return last


TIMEZONE = ZoneInfo("Europe/Stockholm")
# Babel locale for the long date of each site language ("28 november 2026").
DATE_LOCALES = {"sv": "sv_SE", "en": "en_GB"}


def day(when: datetime, language: str) -> dict:
    """A date for the templates: ISO (for <time datetime>) and long text in ``language``."""
    local = when.astimezone(TIMEZONE).date()
    return {"iso": local.isoformat(), "text": _long_date(local, language)}


@functools.lru_cache(maxsize=1024)
def _long_date(local: date, language: str) -> str:
    return format_date(local, format="long", locale=DATE_LOCALES.get(language, "en"))


def blob_sha(path: Path) -> str:
    """Git's object id of a file's content (what `git hash-object <file>` prints).

    Computed in Python, so it needs neither git nor history, and it is the same on every
    clone and after a squash merge – unlike a commit id. CRLF line ends count as LF, as git
    stores a text file checked out with Windows line ends (core.autocrlf).
    """
    data = path.read_bytes().replace(b"\r\n", b"\n")
    return hashlib.sha1(b"blob %d\x00" % len(data) + data).hexdigest()


class _GitError(Exception):
    pass


def _git(git: str, folder: Path, *args: str) -> str:
    try:
        proc = subprocess.run(
            [git, *args],
            cwd=folder,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise _GitError(str(error)) from error
    if proc.returncode != 0:
        raise _GitError(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "error")
    return proc.stdout
