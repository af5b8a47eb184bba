"""scripts/preview.py – `make serve`: the editor's preview, a saved change on screen in < 0.5 s.

`mkdocs serve` rebuilds both languages on every save (about 2 s for this site, 4.6 s at
200 pages per language; `--dirty` gets slower with every edit under mkdocs-static-i18n).
This preview instead keeps one warm worker process per language
(scripts/preview_worker.py) and, on a save:

- docs/<lang>/**.md (body only): re-renders that page in its language and its twin in the
  other language, through every MkDocs and hook event of a page, and reloads the browser;
- a page's title or front matter, a new or deleted file in docs/: a full build of that
  language (the navigation and pages generated from front matter may change);
- data/, overrides/ (and anything else in `watch:`): a full build of each language, in
  parallel, with the config loaded afresh;
- hooks/, nspm/ or mkdocs.yml: new worker processes (MkDocs does not reload hook modules),
  then a full build (a broken mkdocs.yml is reported with its line, nspm/config_check.py).

Pages are served with live reload (mkdocs.livereload.LiveReloadServer, watching with
inotify instead of polling) at the same address `mkdocs serve` uses: site_url's path on
http://127.0.0.1:8000/ (the root redirects there).

What the preview leaves out is printed when it starts ("Preview skips …; `make build` runs
it"); warnings that `make build --strict` would stop on are printed, never hidden.

    python scripts/preview.py [-f mkdocs.yml] [-a 127.0.0.1:8000] [--lang en]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nspm import config_check
from scripts.preview_mkdocs import PreviewServer

WORKER = "scripts.preview_worker"
QUIET = 0.02  # seconds without a further event before building (one save = several events)

log = logging.getLogger("preview")

# What the preview leaves out, announced when it starts: (what, what `make build` does).
SKIPS = [
    ("the PDF export (SKIP_PDF=1)", "runs it"),
    (
        "the search index update and the re-check of links from other pages into an edited "
        "page after a page edit (both are redone at the next full build of the language)",
        "runs them",
    ),
    (
        "stopping on warnings: it prints them and counts them after each change",
        "stops on them (strict)",
    ),
]


# ----------------------------------------------------------------------------
# Entry point
# ----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    parser.add_argument("-a", "--dev-addr", default="127.0.0.1:8000")
    parser.add_argument(
        "--lang", default="", help="serve only this language (e.g. en); default: every language"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="[preview] %(message)s", stream=sys.stderr)
    for name in ("mkdocs.livereload",):
        logging.getLogger(name).setLevel(logging.WARNING)

    os.environ["SKIP_PDF"] = "1"
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    problems = config_check.check(Path(args.config_file))
    if problems:
        log.error("\n".join(problems))
        return 1
    preview = Preview(os.path.abspath(args.config_file), args.dev_addr, args.lang.strip())

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        return preview.run()
    except KeyboardInterrupt:
        return 0
    finally:
        preview.close()


# ----------------------------------------------------------------------------
# Workers
# ----------------------------------------------------------------------------


class WorkerProcess:
    """One language's warm build (scripts/preview_worker.py) and its command channel."""

    def __init__(
        self, lang: str, config_file: str, site_dir: str, dev_addr: str, twins: bool
    ) -> None:
        self.lang = lang
        self.site_dir = site_dir
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                WORKER,
                "--config-file",
                config_file,
                "--lang",
                lang,
                "--site-dir",
                site_dir,
                "--dev-addr",
                dev_addr,
                *(["--twins"] if twins else []),
            ],
            cwd=os.path.dirname(config_file),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=None,  # the worker's log goes straight to the terminal
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        self.info: dict = {}

    def send(self, command: dict) -> None:
        self.proc.stdin.write(json.dumps(command) + "\n")
        self.proc.stdin.flush()

    def receive(self) -> dict:
        line = self.proc.stdout.readline()
        if not line:
            code = self.proc.wait()
            return {"ok": False, "error": f"the {self.lang} worker stopped (exit code {code})"}
        return json.loads(line)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> None:
        if self.alive():
            try:
                self.send({"cmd": "quit"})
                self.proc.stdin.close()
                self.proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired, ValueError):
                self.proc.kill()
                self.proc.wait()


def ask_all(workers: list[WorkerProcess], command: dict) -> dict[str, dict]:
    """Send ``command`` to every worker (they work in parallel), then collect the replies."""
    sent = []
    replies: dict[str, dict] = {}
    for worker in workers:
        try:
            worker.send(command)
            sent.append(worker)
        except (OSError, ValueError):
            replies[worker.lang] = {"ok": False, "error": f"the {worker.lang} worker is gone"}
    for worker in sent:
        replies[worker.lang] = worker.receive()
    return replies


# ----------------------------------------------------------------------------
# The preview: workers + server + what a change means
# ----------------------------------------------------------------------------


class Preview:
    def __init__(self, config_file: str, dev_addr: str, only: str) -> None:
        self.config_file = config_file
        self.project = os.path.dirname(config_file)
        self.dev_addr = dev_addr
        self.only = only
        self.tmp = tempfile.mkdtemp(prefix="nspm-preview-")
        self.workers: dict[str, WorkerProcess] = {}
        self.info: dict = {}
        self.server: PreviewServer | None = None
        self.languages: list[str] = []

    # Start ----------------------------------------------------------------

    def run(self) -> int:
        started = time.perf_counter()
        replies = self._start()
        if "docs_dir" not in self.info:
            for lang, reply in replies.items():
                log.error("The preview could not start (%s):\n%s", lang, reply.get("error"))
            return 1
        self._report("start", replies)
        host, port = self.dev_addr.rsplit(":", 1)
        self.server = PreviewServer(
            self.rebuild,
            roots=self.roots,
            home=self.home,
            quiet=QUIET,
            host=host,
            port=int(port),
            root=self.workers[self.served()[0]].site_dir,
            mount_path=self.info["mount_path"],
        )
        self.server.error_handler = self._error_page
        for path in self.watched():
            self.server.watch(path)
        self.announce(time.perf_counter() - started)
        self.server.serve()
        return 0

    def _start(self) -> dict[str, dict]:
        """Start a worker per served language (in parallel); wait until each has built."""
        default, languages = self._config_languages()
        if self.only and self.only not in languages:
            raise SystemExit(f"--lang {self.only}: not one of {', '.join(languages)}")
        served = [self.only] if self.only else languages
        for lang in served:  # the first one also compares every page with its twins
            site_dir = os.path.join(self.tmp, lang)
            self.workers[lang] = WorkerProcess(
                lang, self.config_file, site_dir, self.dev_addr, twins=lang == served[0]
            )
        replies = {lang: worker.receive() for lang, worker in self.workers.items()}
        for reply in replies.values():
            if reply.get("docs_dir"):
                self.info = {k: v for k, v in reply.items() if k not in ("ok", "error")}
                self.languages = reply["languages"]
                break
        return replies

    def _config_languages(self) -> tuple[str, list[str]]:
        """The i18n plugin's default and built languages, read from mkdocs.yml (no hooks)."""
        from mkdocs.utils.yaml import yaml_load

        try:
            with open(self.config_file, encoding="utf-8") as f:
                data = yaml_load(f) or {}
        except Exception as error:  # noqa: BLE001 - the workers will say what is wrong
            log.error("%s: %s", os.path.relpath(self.config_file), error)
            data = {}
        for plugin in data.get("plugins") or []:
            if isinstance(plugin, dict) and "i18n" in plugin:
                languages = (plugin["i18n"] or {}).get("languages") or []
                built = [x["locale"] for x in languages if x.get("build", True)]
                default = next((x["locale"] for x in languages if x.get("default")), built[0])
                return default, [default] + [x for x in built if x != default]
        lang = (data.get("theme") or {}).get("language") or "en"
        return lang, [lang]

    def served(self) -> list[str]:
        if self.only:
            return [self.only]
        return self.languages or list(self.workers)

    def watched(self) -> list[str]:
        paths = {self.config_file, self.info["docs_dir"], *self.info.get("watch", [])}
        paths.update(os.path.dirname(h) for h in self.info.get("hooks", []))
        paths.add(self.info.get("package", ""))
        if self.info.get("custom_dir"):
            paths.add(self.info["custom_dir"])
        return sorted(p for p in paths if os.path.exists(p))

    def announce(self, seconds: float) -> None:
        for skipped, build in SKIPS:
            log.info("Preview skips %s; `make build` %s.", skipped, build)
        if self.only:
            log.info(
                "Preview skips every language but '%s' (LANG=%s); `make build` builds them all.",
                self.only,
                self.only,
            )
        url = self.server.url.rstrip("/") + "/"
        pages = [f"{url}{'' if lang == self.default else lang + '/'}" for lang in self.served()]
        log.info("Ready in %.1f s: %s (Ctrl+C stops)", seconds, "  ".join(pages))

    @property
    def default(self) -> str:
        return self.info.get("default", "")

    # Serving ----------------------------------------------------------------

    def roots(self, rel: str) -> str:
        """The folder that holds ``rel`` (a path below the mount path)."""
        first = rel.split("/", 1)[0]
        if first in self.workers and first != self.default:
            return self.workers[first].site_dir
        if self.default in self.workers:
            return self.workers[self.default].site_dir
        return next(iter(self.workers.values())).site_dir

    def home(self, rel: str) -> str:
        """Where the site's root leads when the default language is not served ('' = here)."""
        if rel in ("", "index.html") and self.default not in self.workers and self.workers:
            return next(iter(self.workers)) + "/"
        return ""

    def _error_page(self, code: int) -> bytes | None:
        page = os.path.join(self.roots(""), f"{code}.html")
        if os.path.isfile(page):
            with open(page, "rb") as f:
                return f.read()
        return None

    # Changes --------------------------------------------------------------

    def rebuild(self, changed: set[str]) -> None:
        """Called by the server after a save: decide what to redo, do it, say what it cost."""
        started = time.perf_counter()
        changed = {p for p in changed if not _ignored(p)}
        if not changed:
            return
        shown = ", ".join(sorted(os.path.relpath(p, self.project) for p in changed))
        kind, paths = self.classify(changed)
        problems = config_check.check(Path(self.config_file)) if kind == "restart" else []
        if problems:
            log.error("%s: the preview keeps the last good build:\n%s", shown, "\n".join(problems))
            return
        if kind == "restart":
            log.info("%s changed: restarting the build (hooks are loaded once per process)", shown)
            replies = self._restart()
        elif kind == "pages":
            replies = ask_all(list(self.workers.values()), {"cmd": "pages", "paths": paths})
        else:
            langs = paths or list(self.workers)
            workers = [self.workers[lang] for lang in langs if lang in self.workers]
            replies = ask_all(workers, {"cmd": "full"})
        self._report(shown, replies, time.perf_counter() - started)

    def classify(self, changed: set[str]) -> tuple[str, list[str]]:
        """('restart'|'full'|'pages', paths or languages) for a set of changed files."""
        hook_dirs = {os.path.dirname(h) for h in self.info.get("hooks", [])}
        package = self.info.get("package")
        if package and any(_under(p, package) for p in changed):
            return "restart", []
        docs = self.info["docs_dir"]
        if any(p == self.config_file or os.path.dirname(p) in hook_dirs for p in changed):
            return "restart", []
        if any(not _under(p, docs) for p in changed):
            return "full", []
        pages: list[str] = []
        langs: set[str] = set()
        for path in changed:
            rel = os.path.relpath(path, docs).replace(os.sep, "/")
            lang = rel.split("/", 1)[0]
            if lang not in self.languages:
                return "full", []
            if not path.endswith(".md"):
                langs.add(lang)
                continue
            pages.append(path)
            for other in self.languages:
                twin = os.path.join(docs, other, rel.split("/", 1)[1])
                if other != lang and os.path.exists(twin):
                    pages.append(twin)
        if langs:
            return "full", sorted(langs)
        return "pages", sorted(set(pages))

    def _restart(self) -> dict[str, dict]:
        for worker in self.workers.values():
            worker.stop()
        self.workers.clear()
        return self._start()

    def _report(self, what: str, replies: dict[str, dict], seconds: float | None = None) -> None:
        warnings = sum(r.get("warnings", 0) for r in replies.values())
        for lang, reply in sorted(replies.items()):
            if not reply.get("ok"):
                log.error(
                    "%s: the %s build failed – the browser keeps the last good page:\n%s",
                    what,
                    lang,
                    reply.get("error"),
                )
        if seconds is None:
            return
        done = ", ".join(
            f"{lang} {'full build' if r.get('full') else 'page'} {r.get('seconds', 0):.2f} s"
            for lang, r in sorted(replies.items())
        )
        note = ""
        if warnings:
            note = (
                f" – {warnings} warning(s) above: `make build` (strict) stops on them until fixed"
            )
        failed = any(not r.get("ok") for r in replies.values())
        verdict = "FAILED (see above) after" if failed else "shown after"
        log.info("%s: %s %.2f s (%s)%s", what, verdict, seconds, done or "restarted", note)

    def close(self) -> None:
        if self.server is not None:
            with contextlib.suppress(Exception):  # closing anyway
                self.server.shutdown()
        for worker in self.workers.values():
            worker.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)


def _under(path: str, folder: str) -> bool:
    return os.path.commonpath([os.path.abspath(path), os.path.abspath(folder)]) == os.path.abspath(
        folder
    )


def _ignored(path: str) -> bool:
    """Editors' temporary and backup files and Python caches are no change of the site."""
    name = os.path.basename(path)
    return (
        name.startswith((".#", ".~"))
        or name.endswith(("~", ".swp", ".swx", ".tmp", ".pyc"))
        or name == "4913"  # vim's write test
        or "__pycache__" in path.split(os.sep)
    )


if __name__ == "__main__":
    sys.exit(main())
