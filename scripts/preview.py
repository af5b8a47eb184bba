"""scripts/preview.py – `make serve`: the editor's preview, a saved change on screen in < 0.5 s.

`mkdocs serve` rebuilds both languages on every save; this preview keeps one warm worker
per language (scripts/preview_worker.py). A page body edit re-renders that page and its
twin; front matter, new or removed pages, data/ and overrides/ rebuild the language; hooks/,
nspm/ and mkdocs.yml restart the workers. Served with live reload where `mkdocs serve` is.

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

from mkdocs.utils.yaml import yaml_load

from nspm import config_check
from scripts.preview_mkdocs import PreviewServer

WORKER = "scripts.preview_worker"

log = logging.getLogger("preview")

# What the preview leaves out, announced when it starts.
SKIPS = [
    "the PDF export (SKIP_PDF=1); `make build` runs it",
    "the search index update and the re-check of links from other pages into an edited page "
    "after a page edit (both are redone at the next full build of the language); `make build` "
    "runs them",
    "stopping on warnings: it prints them and counts them after each change; `make build` "
    "stops on them (strict)",
]
FAILED = "%s: the %s build failed – the browser keeps the last good page:\n%s"
STRICT = " – {} warning(s) above: `make build` (strict) stops on them until fixed"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    parser.add_argument("-a", "--dev-addr", default="127.0.0.1:8000")
    parser.add_argument("--lang", default="", help="serve only this language (default: all)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="[preview] %(message)s", stream=sys.stderr)
    logging.getLogger("mkdocs.livereload").setLevel(logging.WARNING)
    os.environ["SKIP_PDF"] = "1"
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    problems = config_check.check(Path(args.config_file))
    if problems:
        log.error("\n".join(problems))
        return 1
    preview = Preview(os.path.abspath(args.config_file), args.dev_addr, args.lang.strip())
    # Ctrl+C and SIGTERM stop it, also when started in the background, where SIGINT is
    # inherited as ignored and Python would not install its own handler.
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.default_int_handler)
    try:
        return preview.run()
    except KeyboardInterrupt:
        return 0
    finally:
        preview.close()


class WorkerProcess:
    """One language's warm build (scripts/preview_worker.py) and its command channel."""

    def __init__(self, preview: Preview, lang: str, twins: bool) -> None:
        self.lang = lang
        self.site_dir = os.path.join(preview.tmp, lang)
        cmd = [sys.executable, "-m", WORKER, "--config-file", preview.config_file, "--lang", lang]
        cmd += ["--site-dir", self.site_dir, "--dev-addr", preview.dev_addr]
        self.proc = subprocess.Popen(
            cmd + (["--twins"] if twins else []),
            cwd=preview.project,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,  # replies; the worker's log goes to the terminal (stderr)
            text=True,
            encoding="utf-8",
            bufsize=1,
        )

    def send(self, command: dict) -> None:
        self.proc.stdin.write(json.dumps(command) + "\n")
        self.proc.stdin.flush()

    def receive(self) -> dict:
        line = self.proc.stdout.readline()
        if not line:
            code = self.proc.wait()
            return {"ok": False, "error": f"the {self.lang} worker stopped (exit code {code})"}
        return json.loads(line)

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                self.send({"cmd": "quit"})
                self.proc.stdin.close()
                self.proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired, ValueError):
                self.proc.kill()
                self.proc.wait()


def ask_all(workers: list[WorkerProcess], command: dict) -> dict[str, dict]:
    """Send ``command`` to every worker (they work in parallel), then collect the replies."""
    replies: dict[str, dict] = {}
    for worker in workers:
        try:
            worker.send(command)
        except (OSError, ValueError):
            replies[worker.lang] = {"ok": False, "error": f"the {worker.lang} worker is gone"}
    for worker in workers:
        if worker.lang not in replies:
            replies[worker.lang] = worker.receive()
    return replies


class Preview:
    """The workers, the server and what a change means."""

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
        self.default = ""

    def run(self) -> int:
        started = time.perf_counter()
        replies = self._start()
        if "docs_dir" not in self.info:
            for lang, reply in replies.items():
                log.error("The preview could not start (%s):\n%s", lang, reply.get("error"))
            return 1
        self._report("start", replies)
        host, port = self.dev_addr.rsplit(":", 1)
        mount_path = self.info["mount_path"]
        self.server = PreviewServer(self, host=host, port=int(port), mount_path=mount_path)
        for path in self.watched():
            self.server.watch(path)
        skips = list(SKIPS)
        if self.only:
            only = self.only
            skips.append(f"every language but '{only}' (LANG={only}); `make build` builds them all")
        for skipped in skips:
            log.info("Preview skips %s.", skipped)
        url = self.server.url.rstrip("/") + "/"
        served = [self.only] if self.only else self.languages
        pages = [f"{url}{'' if lang == self.default else lang + '/'}" for lang in served]
        seconds = time.perf_counter() - started
        log.info("Ready in %.1f s: %s (Ctrl+C stops)", seconds, "  ".join(pages))
        self.server.serve()
        return 0

    def _start(self) -> dict[str, dict]:
        """Start a worker per served language (in parallel); wait until each has built."""
        languages = self._config_languages()
        if self.only and self.only not in languages:
            raise SystemExit(f"--lang {self.only}: not one of {', '.join(languages)}")
        served = [self.only] if self.only else languages
        for lang in served:  # the first one also compares every page with its twins
            self.workers[lang] = WorkerProcess(self, lang, twins=lang == served[0])
        replies = {lang: worker.receive() for lang, worker in self.workers.items()}
        built = next((r for r in replies.values() if r.get("docs_dir")), None)
        if built:
            self.info = {k: v for k, v in built.items() if k not in ("ok", "error")}
            self.languages, self.default = built["languages"], built["default"]
        return replies

    def _config_languages(self) -> list[str]:
        """The i18n plugin's built languages, default first, read from mkdocs.yml (no hooks)."""
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
                return [default] + [x for x in built if x != default]
        return [(data.get("theme") or {}).get("language") or "en"]

    def watched(self) -> list[str]:
        info = self.info
        hook_dirs = [os.path.dirname(h) for h in info.get("hooks", [])]
        paths = {self.config_file, info["docs_dir"], *info.get("watch", []), *hook_dirs}
        paths.update((info.get("package", ""), info.get("custom_dir", "")))
        return sorted(p for p in paths if os.path.exists(p))

    def roots(self, rel: str) -> str:
        """The folder that holds ``rel`` (a path below the mount path)."""
        first = rel.split("/", 1)[0]
        lang = first if first in self.workers else self.default
        worker = self.workers.get(lang) or next(iter(self.workers.values()))
        return worker.site_dir

    def home(self, rel: str) -> str:
        """Where the site's root leads when the default language is not served ('' = here)."""
        if rel in ("", "index.html") and self.default not in self.workers and self.workers:
            return next(iter(self.workers)) + "/"
        return ""

    def error_page(self, code: int) -> bytes | None:
        page = Path(self.roots(""), f"{code}.html")
        return page.read_bytes() if page.is_file() else None

    def rebuild(self, changed: set[str]) -> None:
        """Called by the server after a save: decide what to redo, do it, say what it cost."""
        started = time.perf_counter()
        changed = {p for p in changed if not _ignored(p)}
        if not changed:
            return
        shown = ", ".join(sorted(os.path.relpath(p, self.project) for p in changed))
        kind, paths = self.classify(changed)
        if kind == "restart":
            problems = config_check.check(Path(self.config_file))
            if problems:
                log.error(
                    "%s: the preview keeps the last good build:\n%s", shown, "\n".join(problems)
                )
                return
            log.info("%s changed: restarting the build (hooks are loaded once per process)", shown)
            for worker in self.workers.values():
                worker.stop()
            self.workers.clear()
            replies = self._start()
        elif kind == "pages":
            replies = ask_all(list(self.workers.values()), {"cmd": "pages", "paths": paths})
        else:
            workers = [self.workers[lang] for lang in paths or self.workers if lang in self.workers]
            replies = ask_all(workers, {"cmd": "full"})
        self._report(shown, replies, time.perf_counter() - started)

    def classify(self, changed: set[str]) -> tuple[str, list[str]]:
        """('restart'|'full'|'pages', paths or languages) for a set of changed files."""
        hook_dirs = {os.path.dirname(h) for h in self.info.get("hooks", [])}
        package = self.info.get("package")
        for path in changed:
            if path == self.config_file or os.path.dirname(path) in hook_dirs:
                return "restart", []
            if package and Path(os.path.abspath(path)).is_relative_to(package):
                return "restart", []
        docs = self.info["docs_dir"]
        pages: set[str] = set()
        langs: set[str] = set()
        for path in changed:
            lang, _, rel = os.path.relpath(path, docs).replace(os.sep, "/").partition("/")
            if lang not in self.languages:  # also outside docs/ ('..')
                return "full", []
            if not path.endswith(".md"):
                langs.add(lang)
                continue
            pages.add(path)
            twins = [os.path.join(docs, other, rel) for other in self.languages if other != lang]
            pages.update(twin for twin in twins if os.path.exists(twin))
        if langs:
            return "full", sorted(langs)
        return "pages", sorted(pages)

    def _report(self, what: str, replies: dict[str, dict], seconds: float | None = None) -> None:
        for lang, reply in sorted(replies.items()):
            if not reply.get("ok"):
                log.error(FAILED, what, lang, reply.get("error"))
        if seconds is None:
            return
        done = ", ".join(
            f"{lang} {'full build' if r.get('full') else 'page'} {r.get('seconds', 0):.2f} s"
            for lang, r in sorted(replies.items())
        )
        warnings = sum(r.get("warnings", 0) for r in replies.values())
        note = STRICT.format(warnings) if warnings else ""
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
