"""Dates from git: when each page last changed, and whether a translation is older than its
source.

One `git log` for the whole docs folder per build (two git processes however many pages
there are), kept on the build context. Without history – no git, not a checkout, or a
shallow clone, whose one commit would date every page alike – ``History.available`` is
False and ``reason`` says why; pages then show the build date, labelled as such.

A translated page records in its front matter which version of its source it translates:
``translation_of: <git blob id of docs/<default>/<same path>.md>`` (`make translations`
prints it; `git hash-object` gives the same). A content id needs no history to compare and
survives squash merges; when the source's content no longer has that id, the translation
is stale.
"""

from __future__ import annotations

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

KEY = "translation_of"
TIMEZONE = ZoneInfo("Europe/Stockholm")


@dataclass(frozen=True)
class History:
    """Last commit time of every file under one folder (keys: paths relative to it), and
    the files with uncommitted changes."""

    available: bool
    reason: str = ""
    last_change: dict[str, datetime] = field(default_factory=dict)
    uncommitted: frozenset[str] = frozenset()

    def changed(self, rel_path: str) -> datetime | None:
        return self.last_change.get(rel_path)


def read(folder: Path) -> History:
    """Run git (shallow check, one `git log`, one `git status`) for ``folder``."""
    git = shutil.which("git")
    if not git:
        return History(False, "the git program is not installed")
    if not folder.is_dir():
        return History(False, f"{folder} is not a folder")
    try:
        if _git(git, folder, "rev-parse", "--is-shallow-repository").strip() == "true":
            return History(
                False,
                "the git clone is shallow, so its history is incomplete (run `git fetch "
                "--unshallow`; in GitHub Actions use fetch-depth: 0)",
            )
    except _GitError as error:
        return History(False, f"{folder} is not inside a git checkout ({error})")
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
        # --short gives paths relative to the folder (porcelain: to the repository's top)
        status = _git(
            git,
            folder,
            "-c",
            "core.quotepath=off",
            "-c",
            "color.status=false",
            "status",
            "--short",
            "--untracked-files=all",
            "--",
            ".",
        )
    except _GitError as error:  # an empty repository (no commit yet) lands here too
        return History(False, f"git log failed ({error})")
    dirty = {line[3:].split(" -> ")[-1].strip('"') for line in status.splitlines() if line}
    return History(True, "", parse_log(log), frozenset(dirty))


def parse_log(output: str) -> dict[str, datetime]:
    """`git log --name-only --format=%x00%ct`: newest first, so a path's first mention is
    its last change."""
    last: dict[str, datetime] = {}
    when = None
    for line in output.splitlines():
        if line.startswith("\x00"):
            when = datetime.fromtimestamp(int(line[1:]), tz=UTC)
        elif line and when is not None:
            last.setdefault(line, when)
    return last


def last_commit_time(folder: Path) -> int | None:
    """The time of the checkout's last commit (for SOURCE_DATE_EPOCH), or None."""
    git = shutil.which("git")
    try:
        return int(_git(git, folder, "log", "-1", "--format=%ct").strip()) if git else None
    except (_GitError, ValueError):
        return None


def build_time() -> datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.fromtimestamp(int(epoch), tz=UTC) if epoch.isdigit() else datetime.now(UTC)


def day(when: datetime, locale: str) -> dict:
    """A date for templates: ISO (for <time datetime>) and long text ("28 november 2026")."""
    local = when.astimezone(TIMEZONE).date()
    return {"iso": local.isoformat(), "text": long_date(local, locale)}


@functools.lru_cache(maxsize=1024)
def long_date(local: date, locale: str) -> str:
    return format_date(local, format="long", locale=locale)


def blob_sha(path: Path) -> str:
    """Git's object id of a file's content (`git hash-object`), computed without git; CRLF
    counts as LF, as git stores text checked out with Windows line ends."""
    data = path.read_bytes().replace(b"\r\n", b"\n")
    return hashlib.sha1(b"blob %d\x00" % len(data) + data).hexdigest()


def freshness(recorded, source: Path) -> str:
    """'missing-source', 'unrecorded', 'stale' or 'current' for one translated page."""
    if not source.is_file():
        return "missing-source"
    if not recorded or not isinstance(recorded, str):
        return "unrecorded"
    return "current" if blob_sha(source).startswith(recorded) else "stale"


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
