"""One language of `make serve`, kept warm (started by scripts/preview.py).

It builds ONE language as `mkdocs build` does, into its own folder, and keeps the config,
Files, Navigation and Jinja environment to re-render single pages through every page event,
with the links check (nspm/links.py; --twins: against the twins too) on them. Protocol: one
JSON object a line; in: ``{"cmd": "full" | "pages" (with "paths") | "quit"}``; out: ``{"ok",
"error", "seconds", "warnings", "full"}`` (the first, once built, also describes the site).
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
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.plugins import event_priority

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
    worker = Worker(args)
    reply = {**worker.run({"cmd": "full"}), **worker.describe(), "ready": True}
    while True:
        channel.write(json.dumps(reply) + "\n")
        worker.run_after()
        command = json.loads(sys.stdin.readline() or '{"cmd": "quit"}')
        if command.get("cmd") == "quit":
            return 0
        reply = worker.run(command)


class _Output(logging.StreamHandler):
    """The log on stderr, counting WARNING+ records (what `mkdocs build --strict` stops on).
    ``quiet`` while a page is re-rendered: the hooks' INFO lines would repeat on every save."""

    quiet = False
    count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.count += 1
        elif self.quiet and PREFIX not in record.name:
            return
        super().emit(record)


class Worker:
    """One language's warm build; also a plugin of the config it loads, to keep what the
    build made (its on_nav and on_env run after every other plugin's)."""

    def __init__(self, args) -> None:
        self.args, self.lang = args, args.lang
        self.output = _Output(sys.stderr)
        self.output.setFormatter(logging.Formatter(f"[{self.lang}] %(levelname)-7s -  %(message)s"))
        for name in ("mkdocs", "mkdocs_static_i18n"):
            logger = logging.getLogger(name)
            logger.handlers[:] = [self.output]
            logger.setLevel(logging.INFO)
            logger.propagate = False
        self.config_file = os.path.abspath(args.config_file)
        self.config = self.files = self.nav = self.env = None
        self.log = logging.getLogger(f"mkdocs.{PREFIX}")
        self.complete = False  # the last full build succeeded: pages can be re-rendered
        self._checking: threading.Thread | None = None

    def run(self, command: dict) -> dict:
        """One command; never raises (the worker keeps serving the last good state)."""
        started, before, self._full = time.perf_counter(), self.output.count, False
        if command.get("cmd") not in ("full", "pages"):
            return {"ok": False, "error": f"unknown command {command!r}"}
        try:
            if command["cmd"] == "full":
                self.full_build()
            else:
                self.pages(command.get("paths", []))
            error = ""
        except Exception as error_:  # noqa: BLE001 – reported to the editor, then go on
            error = _describe(error_)
        return {
            "ok": not error,
            "error": error,
            "seconds": round(time.perf_counter() - started, 4),
            "warnings": self.output.count - before,
            "full": self._full,
        }

    def run_after(self) -> None:
        """Once a full build's reply is sent: the whole language's links check, in a thread."""
        if self._full and self.complete:
            self._full = False
            self._checking = threading.Thread(target=self.check, daemon=True)
            self._checking.start()

    def full_build(self) -> None:
        """Load the config afresh and build this language completely."""
        if self._checking is not None:
            self._checking.join()  # a full build rewrites the pages the check reads
        self._full, self.complete = True, False
        site_dir = os.path.abspath(self.args.site_dir)
        config = load_config(self.config_file, site_dir=site_dir, strict=False)
        host, port = self.args.dev_addr.rsplit(":", 1)
        self.mount_path = urlsplit(config.site_url or "/").path or "/"
        config.site_url = preview_mkdocs.serve_url(host, int(port), self.mount_path)
        build.single_language(config, self.lang)
        config.plugins["nspm-preview-capture"] = self
        self.config = config
        config.plugins.on_startup(command="serve", dirty=False)
        mkdocs_build(config, serve_url=config.site_url)
        self.snapshots = {f.abs_src_path: _snapshot(f.page) for f in self._pages()}
        self.complete = True

    def pages(self, paths: list[str]) -> None:
        """Re-render the pages of ``paths`` in this language; a full build when needed."""
        if not self.complete:
            return self.full_build()
        by_path = {f.abs_src_path: f for f in self._pages()}
        wanted = [os.path.abspath(p) for p in paths]
        folder = os.path.join(os.path.abspath(self.config.docs_dir), self.lang)
        mine = [p for p in wanted if Path(p).is_relative_to(folder)]
        if any(p not in by_path or not os.path.exists(p) for p in mine):
            self.log.info(f"preview: a page was added or removed – full build of '{self.lang}'")
            return self.full_build()
        files = [by_path[p] for p in wanted if p in by_path]
        if not files:
            return
        self.output.quiet = True
        build.resume(self.config, self.lang)
        try:
            self.config.plugins.on_pre_build(config=self.config)
            preview_mkdocs.render_pages(files, self.config, self.nav, self.env, self.files)
        finally:
            build.finish(self.config)
            self.output.quiet = False
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

    def check(self, only: set[str] | None = None) -> None:
        """The links check (nspm/links.py) on the pages rendered last (None: every page)."""
        try:
            problems, count = links.check(
                self.config, [self.lang], only=only, twins=self.args.twins
            )
        except Exception as error:  # noqa: BLE001 – say so; `make build` checks again
            self.log.warning(f"preview: the links check failed: {_describe(error)}")
            return
        for problem in problems:
            links.log.warning(problem.message())
        if only is None:
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
        hooks = [os.path.join(root, h) for h in config.plugins if h.endswith(".py")]
        return {
            "docs_dir": os.path.abspath(config.docs_dir),
            "mount_path": self.mount_path,
            "languages": context.languages,
            "default": context.default,
            "watch": [os.path.abspath(p) for p in config.watch],
            "custom_dir": os.path.abspath(config.theme.custom_dir or root),
            "hooks": [os.path.abspath(h) for h in hooks],
            "package": os.path.dirname(os.path.abspath(nspm.__file__)),
        }

    @event_priority(-1000)
    def on_nav(self, nav, *, config, files):
        self.nav = nav

    @event_priority(-1000)
    def on_env(self, env, *, config, files):
        self.files, self.env = files, env

    def _pages(self):
        return [f for f in self.files.documentation_pages() if f.page is not None]


def _snapshot(page) -> tuple:
    """What a page shows elsewhere (navigation, generated lists): title and front matter."""
    return () if page is None else (page.title, json.dumps(page.meta, sort_keys=True, default=str))


def _describe(error: BaseException) -> str:
    text = f"{type(error).__name__}: {str(error) or type(error).__name__}"
    if type(error).__module__.startswith(("mkdocs", "nspm")):
        return text
    return f"{text}\n{traceback.format_exc()}"


if __name__ == "__main__":
    sys.exit(main())
