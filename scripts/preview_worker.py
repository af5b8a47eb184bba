"""scripts/preview_worker.py – one language of `make serve`, kept warm (started by preview.py).

A worker builds ONE language of the site (all of MkDocs' and the hooks' events, as
`mkdocs build` does for that language) into its own folder and keeps the loaded config,
Files, Navigation and Jinja environment in memory. After that it re-renders single pages on
request: the changed page runs through every page event (on_pre_page … on_post_page) and
is written again, while the site's structure, which a change of a page's body cannot alter,
is reused. A change of a page's title or front matter, a new or removed file, or a change to
data/ or overrides/ gets a full build of the language with a freshly loaded config.

How the one-language build works: mkdocs-static-i18n normally builds the default language
and then, from its on_post_build, every other one. The worker sets the plugin's
``current_language`` before the build (so the language is built into ``<site>/<lang>/`` as
in the real build, with the language switch intact) and marks the plugin as ``building`` so
it does not chain the other language; the other worker builds that one.

Checks: MkDocs' own link validation and every hook's per-page checks run on the changed
page (their warnings are printed). The links hook's checker runs on the rendered links of
this language's pages: after a page edit on the edited page, before the reply; after a full
build on all of them, in a thread once the pages are served. Its twin checks need both
languages and are left to `make build`.

Speed: hooks render their templates with ``config.theme.get_env()``, which makes a new
Jinja environment (and compiles every template again) at each call; the worker gives them
one shared environment per build (_reuse_hook_env) – same output, a fraction of the time.

Protocol (preview.py ↔ worker): one JSON object per line. The worker answers every command
with ``{"ok": bool, "error": str, "seconds": float, "warnings": int, "full": bool}`` on
its original stdout; everything MkDocs or a hook prints goes to stderr.
Commands: ``{"cmd": "full"}``, ``{"cmd": "pages", "paths": ["/abs/docs/sv/x.md", …]}``,
``{"cmd": "quit"}``. On start it builds fully and sends
``{"ready": true, "docs_dir": …, "languages": […], "watch": […], "hooks": […], ...}``.
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

PREFIX = "preview"


# ----------------------------------------------------------------------------
# Entry point
# ----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config-file", required=True)
    parser.add_argument("--lang", required=True)
    parser.add_argument("--site-dir", required=True)
    parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="where preview.py serves")
    args = parser.parse_args(argv)

    # Keep the protocol channel to ourselves: anything printed goes to stderr.
    channel = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1, encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr

    # Ctrl+C in the terminal reaches every process of the group: preview.py stops us
    # (a "quit" command, or the end of stdin).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    counter = _setup_logging(args.lang)
    worker = Worker(args.config_file, args.lang, args.site_dir, counter, args.dev_addr)
    reply = worker.run(worker.full_build)
    reply.update(worker.describe())
    reply["ready"] = True
    channel.write(json.dumps(reply) + "\n")
    worker.run_after()
    for line in sys.stdin:
        command = json.loads(line)
        if command.get("cmd") == "quit":
            break
        if command.get("cmd") == "full":
            reply = worker.run(worker.full_build)
        elif command.get("cmd") == "pages":
            paths = command.get("paths", [])
            reply = worker.run(lambda paths=paths: worker.pages(paths))
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
    """While a page is re-rendered, only warnings and the preview's own lines are shown:
    the hooks' per-build INFO lines (data valid, PDF skipped, …) would repeat on every save."""

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


# ----------------------------------------------------------------------------
# The warm build of one language
# ----------------------------------------------------------------------------


class _Capture:
    """A plugin added to the loaded config: keeps what the build made, after every other plugin."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker

    def on_files(self, files, *, config):
        self.worker.files = files
        return files

    def on_nav(self, nav, *, config, files):
        self.worker.nav = nav
        return nav

    def on_env(self, env, *, config, files):
        self.worker.env = env
        return env


for _name in ("on_files", "on_nav", "on_env"):
    getattr(_Capture, _name).mkdocs_priority = -1000


class Worker:
    def __init__(
        self, config_file: str, lang: str, site_dir: str, counter: _Counter, dev_addr: str
    ) -> None:
        self.dev_addr = dev_addr
        self.serve_url = ""
        self.config_file = os.path.abspath(config_file)
        self.lang = lang
        self.site_dir = os.path.abspath(site_dir)
        self.counter = counter
        self.config = None
        self.files = None
        self.nav = None
        self.env = None
        self.log = logging.getLogger(f"mkdocs.{PREFIX}")
        self._full = False
        self.complete = False  # the last full build succeeded: pages can be re-rendered
        self.after = None  # work left for after the reply (the full link check)
        self._checking: threading.Thread | None = None
        self.snapshots: dict[str, tuple] = {}

    # Commands -----------------------------------------------------------------

    def run(self, action) -> dict:
        """Run one command; never raise (the worker keeps serving the last good state)."""
        started = time.perf_counter()
        before = self.counter.count
        self._full = False
        try:
            action()
            error = ""
        except BaseException as error_:  # noqa: BLE001 - reported to the editor, then go on
            if isinstance(error_, KeyboardInterrupt):
                raise
            error = _describe(error_)
        return {
            "ok": not error,
            "error": error,
            "seconds": round(time.perf_counter() - started, 4),
            "warnings": self.counter.count - before,
            "full": self._full,
        }

    def run_after(self) -> None:
        """Start the work left for after the reply in a thread (see full_build)."""
        action, self.after = self.after, None
        if action is not None:
            self._checking = threading.Thread(target=self._background, args=(action,), daemon=True)
            self._checking.start()

    def _background(self, action) -> None:
        try:
            action()
        except Exception as error:  # noqa: BLE001 - say so; the next build checks again
            self.log.warning("preview: the link check failed: %s", _describe(error))

    def wait_checks(self) -> None:
        """A full build rewrites the site: let a running check finish reading it first."""
        if self._checking is not None:
            self._checking.join()
            self._checking = None

    def full_build(self) -> None:
        """Load the config afresh and build this language completely."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.livereload import _serve_url

        self.wait_checks()
        self._full = True
        self.complete = False
        self.files = self.nav = self.env = None
        config = load_config(self.config_file, site_dir=self.site_dir, strict=False)
        # As `mkdocs serve`: the site's own address becomes the preview's (same mount path).
        host, port = self.dev_addr.rsplit(":", 1)
        self.mount_path = urlsplit(config.site_url or "/").path or "/"
        config.site_url = self.serve_url = _serve_url(host, int(port), self.mount_path)
        i18n = config.plugins.get("i18n")
        if i18n is not None:
            i18n.current_language = self.lang
            i18n.building = True  # do not chain the other languages from on_post_build
        config.plugins["nspm-preview-capture"] = _Capture(self)
        _reuse_hook_env(config.theme)
        self.config = config
        self.snapshots = {}
        config.plugins.on_startup(command="serve", dirty=False)
        build(config, serve_url=self.serve_url)
        self.snapshots = {f.abs_src_path: _snapshot(f.page) for f in self._pages()}
        self.complete = True
        # The whole language's link check runs once the pages are served (after the reply),
        # beside whatever comes next: it reads this build's pages, which a later page
        # re-render does not touch (the links hook starts a new set in on_pre_build).
        links = config.plugins.get("hooks/links.py")
        state = getattr(getattr(links, "_state", None), "languages", {}).get(self.lang)
        self.after = lambda: check_links(config, self.lang, self.log, summary=True, state=state)

    def pages(self, paths: list[str]) -> None:
        """Re-render the pages of ``paths`` that this language has; a full build if needed."""
        if not self.complete:  # the last full build failed: try again
            self.full_build()
            return
        by_path = {f.abs_src_path: f for f in self._pages()}
        wanted = [os.path.abspath(p) for p in paths]
        mine = [p for p in wanted if _in_language(p, self.config.docs_dir, self.lang)]
        if any(p not in by_path or not os.path.exists(p) for p in mine):
            self.log.info("preview: a page was added or removed – full build of '%s'", self.lang)
            self.full_build()
            return
        files = [by_path[p] for p in wanted if p in by_path]
        if not files:
            return
        self._render(files)
        changed = [f for f in files if _snapshot(f.page) != self.snapshots.get(f.abs_src_path)]
        QUIET.active = True
        try:
            if not changed:
                check_links(self.config, self.lang, self.log)
        finally:
            QUIET.active = False
        if changed:
            names = ", ".join(f.src_uri for f in changed)
            self.log.info(
                "preview: title or front matter of %s changed – full build of '%s' (the "
                "navigation and pages made from front matter may change)",
                names,
                self.lang,
            )
            self.full_build()

    def describe(self) -> dict:
        config = self.config
        if config is None:
            return {}
        i18n = config.plugins.get("i18n")
        languages = list(i18n.build_languages) if i18n is not None else [self.lang]
        default = i18n.default_language if i18n is not None else self.lang
        hooks = [name for name in config.plugins if name.endswith(".py")]
        root = os.path.dirname(self.config_file)
        return {
            "docs_dir": os.path.abspath(config.docs_dir),
            "mount_path": self.mount_path,
            "serve_url": self.serve_url,
            "languages": languages,
            "default": default,
            "watch": [os.path.abspath(p) for p in config.watch],
            "custom_dir": os.path.abspath(config.theme.custom_dir or root),
            "hooks": [os.path.abspath(os.path.join(root, h)) for h in hooks],
        }

    # Helpers ------------------------------------------------------------------

    def _pages(self):
        return [f for f in self.files.documentation_pages() if f.page is not None]

    def _render(self, files) -> None:
        """A build of a few pages with everything else kept: the events in MkDocs' order."""

        config, nav, env = self.config, self.nav, self.env
        QUIET.active = True
        try:
            self._render_events(files, config, nav, env)
        finally:
            QUIET.active = False
        self.log.info("preview: re-rendered %s", ", ".join(f"docs/{f.src_uri}" for f in files))

    def _render_events(self, files, config, nav, env) -> None:
        from mkdocs.commands.build import _build_page, _populate_page

        # on_pre_build resets each hook's per-build state (e.g. the links hook's pages of
        # this language, the regions hook's problems) so that only these pages count.
        config.plugins.on_pre_build(config=config)
        for file in files:
            _populate_page(file.page, config, self.files)
        env = config.plugins.on_env(env, config=config, files=self.files)
        doc_files = self.files.documentation_pages()
        for file in files:
            _build_page(file.page, config, doc_files, nav, env)
        for file in files:
            file.page.validate_anchor_links(
                files=self.files, log_level=config.validation.links.anchors
            )
        self.log.info("preview: re-rendered %s", ", ".join(f"docs/{f.src_uri}" for f in files))


def _reuse_hook_env(theme) -> None:
    """One Jinja environment for the hooks instead of a new one at every call.

    Hooks render their templates with ``config.theme.get_env()`` once per page; every call
    makes a new environment that compiles each template again (about 0.1 s per call here –
    most of a page's time). The preview hands MkDocs its own environment (the first call, as
    in `mkdocs build`) and every later caller one shared environment of the same theme,
    which compiles each template once per full build and still notices a changed template
    file (Jinja's auto_reload). The output is the same.
    """
    make = theme.get_env
    made: list = []

    def get_env():
        if len(made) < 2:
            made.append(make())
        return made[-1]

    theme.get_env = get_env


def _snapshot(page) -> tuple:
    """What a page shows elsewhere (navigation, generated lists): its title and front matter."""
    if page is None:
        return ()
    return (page.title, json.dumps(page.meta, sort_keys=True, default=str))


def _in_language(path: str, docs_dir: str, lang: str) -> bool:
    try:
        rel = Path(path).relative_to(os.path.abspath(docs_dir))
    except ValueError:
        return False
    return bool(rel.parts) and rel.parts[0] == lang


def check_links(
    config, lang: str, log: logging.Logger, *, summary: bool = False, state=None
) -> None:
    """The links hook's checks on the pages of this language rendered last.

    The links hook checks once every language of the build is done; a worker builds only
    one, so it runs the hook's checker on this language's pages here. Twin checks need both
    languages: `make build` runs them.
    """
    links = config.plugins.get("hooks/links.py")
    if links is None:
        return
    try:
        if state is None:
            state = links._state.languages.get(lang)
        if state is None or not state.pages:
            return
        problems = links._Checker(config, {lang: state}).run()
    except Exception as error:  # noqa: BLE001 - the hook is someone else's and may change
        log.warning(
            "preview: could not run the links hook's checks (%s); `make build` runs them",
            _describe(error),
        )
        return
    for problem in problems:
        logging.getLogger("mkdocs.plugins.nspm.links").warning(problem.message())
    if summary:
        log.info(
            "preview: links of the %d '%s' pages checked: %d problem(s)%s",
            len(state.pages),
            lang,
            len(problems),
            " – `make build` (strict) stops on them" if problems else "",
        )


def _describe(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    if not isinstance(error, Exception) or type(error).__module__.startswith("mkdocs"):
        return f"{type(error).__name__}: {text}"
    return f"{type(error).__name__}: {text}\n{traceback.format_exc()}"


if __name__ == "__main__":
    sys.exit(main())
