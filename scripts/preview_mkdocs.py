"""The MkDocs internals the preview (`make serve`) needs, in one place: MkDocs 1.6 has no
public API to render a few pages again, nor to say which files changed. The private objects
used are pinned in ``PINNED``: tests/test_preview.py fails when an upgrade changes one."""

from __future__ import annotations

import hashlib
import inspect
import os
import posixpath
import threading
import time
from operator import attrgetter
from types import SimpleNamespace

import watchdog.events
import watchdog.observers
from mkdocs import livereload
from mkdocs.commands import build as mkdocs_build

SERVER = livereload.LiveReloadServer
# sha256 of each private object's source in MkDocs 1.6.1 (first 16 hex digits). After an
# upgrade: read the new source of each changed one, adapt this module, then update its value.
PINNED = {
    "build._populate_page": "31a70ea4caef1e12",
    "build._build_page": "adcdbd14b2361126",
    "livereload._serve_url": "8250b914a822c167",
    "livereload._SCRIPT_TEMPLATE_STR": "40d60d94622012d9",
    "LiveReloadServer.__init__": "e79efeb939bfe4b4",
    "LiveReloadServer.watch": "5db077e3a3e7f8e3",
    "LiveReloadServer._build_loop": "0bea1402bb4a41bf",
    "LiveReloadServer._serve_request": "3b1515c96f563d17",
    "LiveReloadServer._inject_js_into_html": "3f6d2f64c23ebcdf",
}


def fingerprint(obj) -> str:
    text = obj if isinstance(obj, str) else inspect.getsource(obj)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def changed() -> list[str]:
    """The private objects whose source differs from the pinned MkDocs'."""
    owners = SimpleNamespace(build=mkdocs_build, livereload=livereload, LiveReloadServer=SERVER)
    return [name for name, pin in PINNED.items() if fingerprint(attrgetter(name)(owners)) != pin]


def serve_url(host: str, port: int, mount_path: str) -> str:
    return livereload._serve_url(host, port, mount_path)


def render_pages(files, config, nav, env, all_files) -> None:
    """Pages through every page event, the rest of the build kept: MkDocs' order."""
    for file in files:
        mkdocs_build._populate_page(file.page, config, all_files)
    env = config.plugins.on_env(env, config=config, files=all_files)
    doc_files = all_files.documentation_pages()
    for file in files:
        mkdocs_build._build_page(file.page, config, doc_files, nav, env)
    for file in files:
        file.page.validate_anchor_links(files=all_files, log_level=config.validation.links.anchors)


# Served as a file: the site's Content-Security-Policy blocks MkDocs' inline reload script.
RELOAD_PATH = "/livereload.js"
RELOAD_JS = livereload._SCRIPT_TEMPLATE.substitute(
    epoch='parseInt(new URL(document.currentScript.src).searchParams.get("epoch"))',
    request_id='parseInt(new URL(document.currentScript.src).searchParams.get("id"))',
).encode()
IGNORED_EVENTS = {"opened", "closed_no_write"}  # reading a file (a build does) is no change


class PreviewServer(SERVER):
    """`mkdocs serve`'s server, which also knows WHICH files changed, notices at once
    (inotify, not a 0.5 s poll) and serves each language from its own folder."""

    def __init__(self, preview, **kwargs) -> None:
        self._local = threading.local()
        self.preview = preview
        self._changed: set[str] = set()  # since the last build; guarded by _rebuild_cond
        super().__init__(self._build, root=preview.roots(""), **kwargs)
        self.build_delay = 0.02  # seconds without a further event (a save makes several)
        self.error_handler = preview.error_page
        self.observer = watchdog.observers.Observer()

    def _build(self) -> None:  # what _build_loop calls after a change: with the changed files
        with self._rebuild_cond:
            changed_paths, self._changed = self._changed, set()
        self.preview.rebuild(changed_paths)

    def watch(self, path: str) -> None:
        path = os.path.abspath(path)  # each path once (preview.py): no reference counting
        self._watched_paths[path] = 1
        single = path if os.path.isfile(path) else None

        def on_any_event(event):
            if event.is_directory or event.event_type in IGNORED_EVENTS:
                return
            paths = {os.fsdecode(p) for p in (event.src_path, event.dest_path) if p}
            if single and single not in paths:
                return
            with self._rebuild_cond:
                self._changed.update(paths)
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = on_any_event
        folder = os.path.dirname(path) if single else path
        self._watch_refs[path] = self.observer.schedule(handler, folder, recursive=not single)

    @property
    def root(self) -> str:  # the folder a request is served from: per request thread
        return getattr(self._local, "root", None) or self._root

    @root.setter
    def root(self, value: str) -> None:
        self._root = value

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        body_end = content.rfind(b"</body>")
        body_end = len(content) if body_end < 0 else body_end
        request_id = round(time.monotonic() * 1000)
        tag = f'<script src="{RELOAD_PATH}?epoch={epoch}&amp;id={request_id}"></script>'
        return content[:body_end] + tag.encode() + content[body_end:]

    def _serve_request(self, environ, start_response):
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if path == RELOAD_PATH:
            headers = [("Content-Type", "application/javascript"), ("Cache-Control", "no-store")]
            start_response("200 OK", [*headers, ("Content-Length", str(len(RELOAD_JS)))])
            return [RELOAD_JS]
        self._local.root = None
        if not path.startswith("/livereload/") and (path + "/").startswith(self.mount_path):
            rel = posixpath.normpath("/" + path[len(self.mount_path) :]).lstrip("/")
            if home := self.preview.home(rel):  # LANG=en: its home page, not a missing one
                start_response("302 Found", [("Location", self.mount_path + home)])
                return []
            self._local.root = self.preview.roots(rel)
        return super()._serve_request(environ, start_response)
