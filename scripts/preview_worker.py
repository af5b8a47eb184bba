"""One language of `make serve`, kept warm (started by scripts/preview.py).

A worker builds ONE language of the site – every MkDocs and hook event, as `mkdocs build`
does for that language – into its own folder, and keeps the loaded config, Files,
Navigation and Jinja environment. Then it re-renders single pages on request: a changed
page runs through every page event and is written again, the site's structure reused. A
changed title or front matter, a new or removed page, or a change to data/ or overrides/
gets a full build of the language with a freshly loaded config.

Checks: every hook's per-page checks run on the changed page, and the links check
(nspm/links.py) on the pages rendered: after a page edit on those pages, before the reply;
after a full build on every page of the language, in a thread once the pages are served.
The worker started with --twins also compares its pages with their twins in the other
languages (from their sources), as `make build` does.

Protocol (preview.py ↔ worker): one JSON object per line. Every command is answered with
``{"ok", "error", "seconds", "warnings", "full"}`` on the original stdout; whatever MkDocs
or a hook prints goes to stderr. Commands: ``{"cmd": "full"}``, ``{"cmd": "pages",
"paths": [...]}``, ``{"cmd": "quit"}``. Once built it sends ``{"ready": true, ...}``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
import time
import traceback
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

import nspm
from nspm import build, links
from scripts import preview_mkdocs

PREFIX = "preview"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config-file", required=True)
    parser.add_argument("--lang", required=True)
    parser.add_argument("--site-dir", required=True)
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="where preview.py serves")
    parser.add_argument("--twins", action="store_true", help="compare the pages with their twins")
    args = parser.parse_args(argv)
    channel = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1, encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # the channel is ours alone
    sys.stdout = sys.stderr
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # preview.py stops us ("quit", or end of stdin)
    worker = Worker(args, _setup_logging(args.lang))
    reply = worker.run(worker.full_build)
    channel.write(json.dumps({**reply, **worker.describe(), "ready": True}) + "\n")
    worker.run_after()
    for line in sys.stdin:
        command = json.loads(line)
        if command.get("cmd") == "quit":
            break
        if command.get("cmd") == "full":
            reply = worker.run(worker.full_build)
        elif command.get("cmd") == "pages":
            reply = worker.run(partial(worker.pages, command.get("paths", [])))
        else:
            reply = {"ok": False, "error": f"unknown command {command!r}"}
        channel.write(json.dumps(reply) + "\n")
        worker.run_after()
    return 0


class _Counter(logging.Handler):
    """Counts WARNING+ records (what `mkdocs build --strict` would stop on)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class _Quiet(logging.Filter):
    """While a page is re-rendered, only warnings and the preview's own lines are shown: the
    hooks' per-build INFO lines would repeat on every save."""

    active = False

    def filter(self, record: logging.LogRecord) -> bool:
        return not self.active or record.levelno >= logging.WARNING or PREFIX in record.name


QUIET = _Quiet()


def _setup_logging(lang: str) -> _Counter:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(QUIET)
    handler.setFormatter(logging.Formatter(f"[{lang}] %(levelname)-7s -  %(message)s"))
    counter = _Counter()
    for name in ("mkdocs", "mkdocs_static_i18n"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler, counter]
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return counter


class _Capture:
    """A plugin added to the loaded config: keeps what the build made, after every other."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker

    def on_files(self, files, *, config):
        self.worker.files = files

    def on_nav(self, nav, *, config, files):
        self.worker.nav = nav

    def on_env(self, env, *, config, files):
        self.worker.env = env


for _name in ("on_files", "on_nav", "on_env"):
    getattr(_Capture, _name).mkdocs_priority = -1000


class Worker:
    def __init__(self, args, counter: _Counter) -> None:
        self.args, self.counter, self.lang = args, counter, args.lang
        self.config_file = os.path.abspath(args.config_file)
        self.site_dir = os.path.abspath(args.site_dir)
        self.config = self.files = self.nav = self.env = None
        self.log = logging.getLogger(f"mkdocs.{PREFIX}")
        self.complete = False  # the last full build succeeded: pages can be re-rendered
        self.after = None  # work for after the reply (the whole language's links check)
        self._full = False
        self._checking: threading.Thread | None = None
        self.snapshots: dict[str, tuple] = {}

    def run(self, action) -> dict:
        """One command; never raises (the worker keeps serving the last good state)."""
        started, before, self._full = time.perf_counter(), self.counter.count, False
        try:
            action()
            error = ""
        except Exception as error_:  # noqa: BLE001 – reported to the editor, then go on
            error = _describe(error_)
        return {
            "ok": not error,
            "error": error,
            "seconds": round(time.perf_counter() - started, 4),
            "warnings": self.counter.count - before,
            "full": self._full,
        }

    def run_after(self) -> None:
        action, self.after = self.after, None
        if action is not None:
            self._checking = threading.Thread(target=action, daemon=True)
            self._checking.start()

    def full_build(self) -> None:
        """Load the config afresh and build this language completely."""
        if self._checking is not None:
            self._checking.join()  # a full build rewrites the pages the check reads
        self._full, self.complete = True, False
        config = load_config(self.config_file, site_dir=self.site_dir, strict=False)
        host, port = self.args.dev_addr.rsplit(":", 1)
        self.mount_path = urlsplit(config.site_url or "/").path or "/"
        config.site_url = preview_mkdocs.serve_url(host, int(port), self.mount_path)
        build.single_language(config, self.lang)
        config.plugins["nspm-preview-capture"] = _Capture(self)
        self.config = config
        config.plugins.on_startup(command="serve", dirty=False)
        mkdocs_build(config, serve_url=config.site_url)
        self.snapshots = {f.abs_src_path: _snapshot(f.page) for f in self._pages()}
        self.complete = True
        self.after = lambda: self.check(summary=True)

    def pages(self, paths: list[str]) -> None:
        """Re-render the pages of ``paths`` in this language; a full build when needed."""
        if not self.complete:
            return self.full_build()
        by_path = {f.abs_src_path: f for f in self._pages()}
        wanted = [os.path.abspath(p) for p in paths]
        mine = [p for p in wanted if _in_language(p, self.config.docs_dir, self.lang)]
        if any(p not in by_path or not os.path.exists(p) for p in mine):
            self.log.info(f"preview: a page was added or removed – full build of '{self.lang}'")
            return self.full_build()
        files = [by_path[p] for p in wanted if p in by_path]
        if not files:
            return None
        QUIET.active = True
        build.resume(self.config, self.lang)
        try:
            self.config.plugins.on_pre_build(config=self.config)
            preview_mkdocs.render_pages(files, self.config, self.nav, self.env, self.files)
        finally:
            build.finish(self.config)
            QUIET.active = False
        self.log.info("preview: re-rendered " + ", ".join(f"docs/{f.src_uri}" for f in files))
        changed = [f for f in files if _snapshot(f.page) != self.snapshots.get(f.abs_src_path)]
        if changed:
            self.log.info(
                f"preview: title or front matter of {', '.join(f.src_uri for f in changed)} "
                f"changed – full build of '{self.lang}' (the navigation and pages made from "
                "front matter may change)"
            )
            return self.full_build()
        self.check(only={f.page.file.dest_uri for f in files})
        return None

    def check(self, *, only: set[str] | None = None, summary: bool = False) -> None:
        """The links check (nspm/links.py) on this language's pages rendered last."""
        try:
            problems, count = links.check(
                self.config, [self.lang], only=only, twins=self.args.twins
            )
        except Exception as error:  # noqa: BLE001 – say so; `make build` checks again
            self.log.warning(f"preview: the links check failed: {_describe(error)}")
            return
        for problem in problems:
            logging.getLogger("mkdocs.plugins.links").warning(f"links: {problem.message()}")
        if summary:
            self.log.info(
                f"preview: links of the {count} '{self.lang}' pages checked: {len(problems)} "
                f"problem(s){' – `make build` (strict) stops on them' if problems else ''}"
            )

    def describe(self) -> dict:
        config = self.config
        if config is None:
            return {}
        context = build.site_of(config)
        root = os.path.dirname(self.config_file)
        return {
            "docs_dir": os.path.abspath(config.docs_dir),
            "mount_path": self.mount_path,
            "languages": context.languages,
            "default": context.default,
            "watch": [os.path.abspath(p) for p in config.watch],
            "custom_dir": os.path.abspath(config.theme.custom_dir or root),
            "hooks": [
                os.path.abspath(os.path.join(root, h)) for h in config.plugins if h.endswith(".py")
            ],
            "package": os.path.dirname(os.path.abspath(nspm.__file__)),
        }

    def _pages(self):
        return [f for f in self.files.documentation_pages() if f.page is not None]


def _snapshot(page) -> tuple:
    """What a page shows elsewhere (navigation, generated lists): title and front matter."""
    return () if page is None else (page.title, json.dumps(page.meta, sort_keys=True, default=str))


def _in_language(path: str, docs_dir: str, lang: str) -> bool:
    try:
        rel = Path(path).relative_to(os.path.abspath(docs_dir))
    except ValueError:
        return False
    return bool(rel.parts) and rel.parts[0] == lang


def _describe(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    if type(error).__module__.startswith(("mkdocs", "nspm")):
        return f"{type(error).__name__}: {text}"
    return f"{type(error).__name__}: {text}\n{traceback.format_exc()}"


if __name__ == "__main__":
    sys.exit(main())
