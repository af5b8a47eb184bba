"""Tests for scripts/linkcheck.py against a local HTTP server on 127.0.0.1 – never the internet."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from scripts import linkcheck

SLOW_SECONDS = 1.5  # the /slow page answers after this; the tests time out well before
TIMEOUT = 0.3


class _Handler(BaseHTTPRequestHandler):
    hits: Counter = Counter()

    def log_message(self, *args):  # keep pytest's output clean
        pass

    def _answer(self, body: bool) -> None:
        path = self.path
        _Handler.hits[(self.command, path)] += 1
        if path == "/ok":
            self._send(200, body)
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/missing":
            self._send(404, body)
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
            self._send(200, body)
        elif path == "/no-head":
            self._send(405 if self.command == "HEAD" else 200, body)
        elif path == "/flaky":
            first = sum(n for (_, p), n in _Handler.hits.items() if p == "/flaky") == 1
            self._send(503 if first else 200, body)
        else:
            self._send(404, body)

    def _send(self, status: int, body: bool) -> None:
        payload = b"<p>hej</p>"
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if body:
            self.wfile.write(payload)

    def do_HEAD(self):  # noqa: N802
        self._answer(body=False)

    def do_GET(self):  # noqa: N802
        self._answer(body=True)


@pytest.fixture
def server():
    _Handler.hits = Counter()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_200_is_ok_with_head_only(server):
    result = linkcheck.check_url(server + "/ok", timeout=TIMEOUT, retries=0)
    assert result.ok and result.status == 200 and result.detail == "HEAD 200"
    assert _Handler.hits == Counter({("HEAD", "/ok"): 1})


def test_301_is_followed_and_reported_as_moved(server):
    result = linkcheck.check_url(server + "/moved", timeout=TIMEOUT, retries=0)
    assert result.ok and result.status == 200
    assert result.final_url == server + "/ok"
    assert "redirected to" in result.detail


def test_404_is_broken_without_retries(server):
    result = linkcheck.check_url(server + "/missing", timeout=TIMEOUT, retries=2, backoff=0)
    assert not result.ok and result.status == 404
    assert _Handler.hits[("HEAD", "/missing")] == 1 and _Handler.hits[("GET", "/missing")] == 0


def test_timeout_is_broken_after_retries(server):
    started = time.monotonic()
    result = linkcheck.check_url(server + "/slow", timeout=TIMEOUT, retries=1, backoff=0)
    assert not result.ok and result.status is None
    assert result.detail == f"timed out after {TIMEOUT:g} s"
    assert _Handler.hits[("HEAD", "/slow")] == 2  # first try and one retry
    assert time.monotonic() - started < SLOW_SECONDS * 2


def test_get_when_head_is_refused(server):
    result = linkcheck.check_url(server + "/no-head", timeout=TIMEOUT, retries=0)
    assert result.ok and result.detail == "GET 200"


def test_server_error_is_retried(server):
    result = linkcheck.check_url(server + "/flaky", timeout=TIMEOUT, retries=2, backoff=0)
    assert result.ok, result


def test_connection_refused_is_broken(server):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again when the block ends: nobody listens
    result = linkcheck.check_url(f"http://127.0.0.1:{port}/", timeout=TIMEOUT, retries=0)
    assert not result.ok and result.detail.startswith("no answer")


def _site(tmp_path, server, paths):
    site = tmp_path / "site"
    (site / "en").mkdir(parents=True)
    links = "".join(f'<a href="{server}{p}">x</a>' for p in paths)
    head = '<link rel="canonical" href="https://example.github.io/site/">'
    own = '<a href="https://example.github.io/site/en/">en</a><a href="mailto:a@example.se">m</a>'
    (site / "index.html").write_text(f"<html><head>{head}</head><body>{links}{own}</body></html>")
    (site / "en" / "index.html").write_text(f'<a href="{server}/ok#part">x</a>')
    return site


def test_collect_finds_external_urls_and_their_pages(tmp_path, server):
    site = _site(tmp_path, server, ["/ok", "/missing"])
    found = linkcheck.collect(site, linkcheck.site_url_of(site))
    assert found == {
        server + "/ok": ["en/index.html", "index.html"],
        server + "/missing": ["index.html"],
    }


def test_main_reports_broken_links_and_caches_results(tmp_path, server, capsys):
    site = _site(tmp_path, server, ["/ok", "/moved", "/missing", "/slow"])
    cache = tmp_path / "cache" / "linkcheck.json"
    argv = ["--site", str(site), "--cache", str(cache), "--timeout", str(TIMEOUT), "--retries", "0"]
    assert linkcheck.main(argv) == 1
    out = capsys.readouterr().out
    assert f"BROKEN  {server}/missing – HEAD 404 Not Found (on index.html)" in out
    assert f"BROKEN  {server}/slow – timed out after {TIMEOUT:g} s (on index.html)" in out
    assert f"MOVED   {server}/moved → {server}/ok (update the link)" in out
    assert "linkcheck: 4 external URLs, 2 ok (1 redirected, 0 from the cache), 2 broken" in out

    saved = json.loads(cache.read_text())
    assert saved[server + "/ok"]["ok"] is True and saved[server + "/missing"]["status"] == 404

    # Second run: the good results come from the cache, the broken ones are asked again.
    before = Counter(_Handler.hits)
    assert linkcheck.main(argv) == 1
    out = capsys.readouterr().out
    assert "2 from the cache" in out
    assert _Handler.hits[("HEAD", "/ok")] == before[("HEAD", "/ok")]
    assert _Handler.hits[("HEAD", "/missing")] == before[("HEAD", "/missing")] + 1


def test_main_exits_0_when_every_link_works(tmp_path, server, capsys):
    site = _site(tmp_path, server, ["/ok", "/no-head"])
    cache = tmp_path / "linkcheck.json"
    assert linkcheck.main(["--site", str(site), "--cache", str(cache), "--timeout", "1"]) == 0
    assert "linkcheck: 2 external URLs, 2 ok" in capsys.readouterr().out


def test_old_or_broken_cache_entries_are_not_reused():
    now = linkcheck.datetime.now(linkcheck.UTC).isoformat()
    assert linkcheck.fresh({"ok": True, "checked": now}, 24)
    assert not linkcheck.fresh({"ok": False, "checked": now}, 24)
    assert not linkcheck.fresh({"ok": True, "checked": "2020-01-01T00:00:00+00:00"}, 24)
    assert not linkcheck.fresh({"ok": True}, 24)
