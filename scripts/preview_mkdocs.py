"""The MkDocs internals the preview (`make serve`) needs, in one place.

MkDocs 1.6 has no public API to render a few pages of a built site again, nor to know
which files changed, so the preview uses these private functions and attributes:
``mkdocs.commands.build._populate_page`` and ``_build_page`` (one page through every page
event), ``mkdocs.livereload._serve_url`` and ``_SCRIPT_TEMPLATE`` (the address and the
reload script of `mkdocs serve`), and ``LiveReloadServer``'s watch, build loop and request
handling. ``PINNED`` records their source as of the pinned MkDocs; ``changed()`` lists what
differs, and tests/test_preview.py fails on it, so an upgrade is noticed before it breaks
the preview.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import posixpath
import threading
import time

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
OBJECTS = {
    "build._populate_page": mkdocs_build._populate_page,
    "build._build_page": mkdocs_build._build_page,
    "livereload._serve_url": livereload._serve_url,
    "livereload._SCRIPT_TEMPLATE_STR": livereload._SCRIPT_TEMPLATE_STR,
    "LiveReloadServer.__init__": SERVER.__init__,
    "LiveReloadServer.watch": SERVER.watch,
    "LiveReloadServer._build_loop": SERVER._build_loop,
    "LiveReloadServer._serve_request": SERVER._serve_request,
    "LiveReloadServer._inject_js_into_html": SERVER._inject_js_into_html,
}


def fingerprint(obj) -> str:
    text = obj if isinstance(obj, str) else inspect.getsource(obj)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def changed() -> list[str]:
    """The private objects whose source differs from the pinned MkDocs'."""
    return [name for name, obj in OBJECTS.items() if fingerprint(obj) != PINNED[name]]


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


# The site's Content-Security-Policy blocks inline scripts it has not hashed, so MkDocs'
# inline reload script would never run: it is served as a file (script-src 'self'), with
# epoch and request id in its query string.
RELOAD_PATH = "/livereload.js"
RELOAD_JS = livereload._SCRIPT_TEMPLATE.substitute(
    epoch='parseInt(new URL(document.currentScript.src).searchParams.get("epoch"))',
    request_id='parseInt(new URL(document.currentScript.src).searchParams.get("id"))',
).encode()
IGNORED_EVENTS = {"opened", "closed_no_write"}  # reading a file (a build does) is no change


class PreviewServer(SERVER):
    """`mkdocs serve`'s server, which also knows WHICH files changed, notices at once
    (inotify, not a 0.5 s poll) and serves each language from its own folder."""

    def __init__(self, builder, *, roots, home, quiet: float, **kwargs) -> None:
        self._local = threading.local()
        super().__init__(builder, **kwargs)
        self.build_delay = quiet
        self.observer = watchdog.observers.Observer()
        self.roots, self.home = roots, home
        self._changed: set[str] = set()
        self._changed_lock = threading.Lock()

    def watch(self, path: str, func=None, *, recursive: bool = True) -> None:
        path = os.path.abspath(path)
        if path in self._watched_paths:
            self._watched_paths[path] += 1
            return
        self._watched_paths[path] = 1
        server, single = self, path if os.path.isfile(path) else None

        class Handler(watchdog.events.FileSystemEventHandler):
            def on_any_event(self, event):
                if event.is_directory or event.event_type in IGNORED_EVENTS:
                    return
                paths = {os.fsdecode(event.src_path)}
                if getattr(event, "dest_path", ""):
                    paths.add(os.fsdecode(event.dest_path))
                if single and single not in paths:
                    return
                with server._changed_lock:
                    server._changed.update(paths)
                with server._rebuild_cond:
                    server._want_rebuild = True
                    server._rebuild_cond.notify_all()

        target = os.path.dirname(path) if single else path
        self._watch_refs[path] = self.observer.schedule(
            Handler(), target, recursive=recursive and not single
        )

    def _build_loop(self):
        builder = self.builder

        def with_changes():
            with self._changed_lock:
                changed_paths, self._changed = self._changed, set()
            builder(changed_paths)

        self.builder = with_changes
        super()._build_loop()

    @property
    def root(self) -> str:  # the folder a request is served from: per request thread
        return getattr(self._local, "root", None) or self._root

    @root.setter
    def root(self, value: str) -> None:
        self._root = value

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        try:
            body_end = content.rindex(b"</body>")
        except ValueError:
            body_end = len(content)
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
            home = self.home(rel)
            if home:  # one language served (LANG=en): its home page, not a missing one
                start_response("302 Found", [("Location", self.mount_path + home)])
                return []
            self._local.root = self.roots(rel)
        return super()._serve_request(environ, start_response)
