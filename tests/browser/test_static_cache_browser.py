"""Real Chromium: a first visit loads each static file once, under one URL, with
the service worker's precache counted in; a repeat visit asks the server for no
static file at all (immutable, content-hashed URLs, module imports included)."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.fixtures.app import make_app
from tests.fixtures.browser import PHONE, LiveServer
from tests.fixtures.database import migrate

pytestmark = pytest.mark.browser

FIRST_VISIT_BUDGET = 200 * 1024  # page, its modules and the whole precache, on the wire


class Recorder:
    """WSGI middleware: every request's path and query, status and bytes sent."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.seen: list[tuple[str, int, int]] = []
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        url = environ.get("PATH_INFO", "") + (
            "?" + environ["QUERY_STRING"] if environ.get("QUERY_STRING") else "")

        def recording(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            length = next((int(v) for k, v in headers if k.lower() == "content-length"), 0)
            with self.lock:
                self.seen.append((url, int(status.split()[0]), length))
            return start_response(status, headers, *rest)

        return self.app(environ, recording)

    def static(self) -> list[tuple[str, int, int]]:
        with self.lock:
            return [s for s in self.seen if s[0].startswith("/static/")]


@pytest.fixture
def recorded(tmp_path) -> Iterator[tuple[LiveServer, Recorder]]:
    url = f"sqlite:///{tmp_path / 'cache.sqlite3'}"
    migrate(url)
    app = make_app(url)
    recorder = Recorder(app.wsgi_app)
    app.wsgi_app = recorder  # type: ignore[method-assign]
    server = LiveServer(app)
    server.start()
    yield server, recorder
    server.stop()
    app.extensions["steady_engine"].dispose()


def test_a_repeat_visit_asks_for_no_static_file(browser: Browser, recorded) -> None:
    server, recorder = recorded
    context = browser.new_context(viewport=PHONE, base_url=server.url)
    page = context.new_page()
    page.goto("/")
    assert page.evaluate("navigator.serviceWorker.ready.then((r) => Boolean(r.active))")
    page.wait_for_load_state("networkidle")
    first = recorder.static()
    paths = [url for url, _status, _n in first]
    assert paths and all("?v=" in url for url in paths), paths
    assert len({u.split("?")[0] for u in paths}) == len(set(paths)), "a file under two URLs"
    total = sum(n for _url, _s, n in recorder.seen)
    print(f"first visit: {len(recorder.seen)} requests, {total} bytes on the wire")
    assert total <= FIRST_VISIT_BUDGET, total
    with recorder.lock:
        recorder.seen.clear()
    for path in ("/", "/learn", "/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    assert recorder.static() == [], "a repeat visit fetched static files again"
    context.close()
