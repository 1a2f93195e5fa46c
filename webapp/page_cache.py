"""Pages remembered per account, so a page opened again shows what the last visit
built instead of building it again, and never once anything of theirs changed.

A remembered page is found by everything it was built from:

* the view and the whole address (query string included);
* the account and its data version (webapp/data_version.py), which goes up with
  any write to anything of theirs, from any process: a write on another server
  is seen at once, because the number is read from the account row every
  request loads anyway;
* the request's cookies (the signed session with its CSRF token and any pending
  message, the language and region choices) and the page's language;
* the minute on the clock, so "today", "now" and what is due roll over.

A page is remembered only when building it changed nothing: no write to the
database and no change to the session (a first CSRF token, a message shown once).
Therapists' pages are never remembered: every read of a client's records is
written to that person's access log. Each process keeps its own few hundred
pages (``PAGE_CACHE_SIZE``, 0 turns this off); a page that is not there is built.
A kept page without fresh ids is also kept compressed, once a phone asks for brotli
or gzip, so serving it again compresses nothing."""
from __future__ import annotations

import gzip
import re
import secrets
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import partial, wraps
from threading import Event, Lock
from typing import Any

import brotli
from flask import Flask, Response, current_app, g, request, session
from flask_babel import get_locale
from flask_login import current_user

from webapp import data_version
from webapp.auth import clock

EXTENSION = "steady_page_cache"
BUILDING = "steady_page_building"
ENCODINGS = ("br", "gzip")  # a kept page's compressed copies (preferred_encoding's)
# Stands for a new record's id in a kept page: each time the page is served, every
# one becomes a fresh UUID, so two copies of a form never share an id (the second
# save would count as a repeat of the first and be dropped).
FRESH = "00000000-fresh-" + secrets.token_hex(6)
_FRESH = re.compile(re.escape(FRESH))


# How long a request waits for another thread already building the same page.
WAIT_FOR_BUILDER_SECONDS = 5.0


class Pages:
    """A bounded store, the least recently used page going first when it is full.

    One build per page at a time: when the minute turns, the first request for a
    page builds it and the others asking for the same page meanwhile wait for it
    rather than each building their own copy at once."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._pages: OrderedDict[Hashable, str] = OrderedDict()
        self._encoded: dict[tuple[Hashable, str], bytes] = {}  # (key, coding): kept page's
        self._building: dict[Hashable, Event] = {}
        self._lock = Lock()

    def claim(self, key: Hashable) -> Event | None:
        """None: this caller builds the page (and calls ``done``). Otherwise the
        event another builder sets when it is done."""
        with self._lock:
            if key in self._building:
                return self._building[key]
            self._building[key] = Event()
            return None

    def done(self, key: Hashable, page: str | None) -> None:
        """The claimed build is over: keep ``page`` (None: nothing to keep)."""
        with self._lock:
            if page is not None:
                self._keep(key, page)
            event = self._building.pop(key, None)
        if event is not None:
            event.set()

    def get(self, key: Hashable) -> str | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def encoded(self, key: Hashable, page: str, encoding: str,
                encode: Callable[[bytes], bytes]) -> bytes:
        """The kept ``page`` compressed with ``encoding``, made once while it is kept."""
        with self._lock:
            found = self._encoded.get((key, encoding))
        if found is None:
            found = encode(page.encode())
            with self._lock:
                if self._pages.get(key) == page:
                    self._encoded[(key, encoding)] = found
        return found

    def _keep(self, key: Hashable, page: str) -> None:
        self._forget_encoded(key)
        self._pages[key] = page
        self._pages.move_to_end(key)
        while len(self._pages) > self.size:
            self._forget_encoded(self._pages.popitem(last=False)[0])

    def _forget_encoded(self, key: Hashable) -> None:
        for encoding in ENCODINGS:
            self._encoded.pop((key, encoding), None)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._encoded.clear()

    def __len__(self) -> int:
        return len(self._pages)


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = Pages(app.config["PAGE_CACHE_SIZE"])


def _key() -> Hashable | None:
    """What the page about to be built depends on, or None: build it, keep nothing."""
    if not current_app.config["PAGE_CACHE_SIZE"] or request.method not in ("GET", "HEAD"):
        return None
    if current_user.is_authenticated:
        if current_user.is_therapist:
            return None
        who: tuple[int, int] | None = (current_user.id, current_user.data_version)
    else:
        who = None
    minute = int(clock.now().timestamp() // 60)
    return (request.endpoint, request.full_path, who, request.headers.get("Cookie", ""),
            str(get_locale()), minute)


def new_uuid() -> str:
    """The id a form gives a record it may create: fresh every time the page is shown."""
    return FRESH if g.get(BUILDING) else str(uuid.uuid4())


def _served(page: str) -> str:
    return _FRESH.sub(lambda _: str(uuid.uuid4()), page) if FRESH in page else page


def _compress(encoding: str, data: bytes) -> bytes:
    """As Flask-Compress would for a page, with the app's levels."""
    config = current_app.config
    if encoding == "br":
        return bytes(brotli.compress(data, quality=config["COMPRESS_BR_LEVEL"]))
    return gzip.compress(data, compresslevel=config["COMPRESS_LEVEL"], mtime=0)


def _hit(pages: Pages, key: Hashable, page: str) -> Any:
    """A kept page, served. Without fresh ids it is the same bytes on every serve, so
    a phone that takes brotli or gzip gets a copy compressed once while the page is
    kept, not again on every serve (0.1 to 0.5 ms a page)."""
    from webapp.core.assets import preferred_encoding  # webapp.core imports this module

    config = current_app.config
    encoding = preferred_encoding(request.headers.get("Accept-Encoding", ""))
    if (encoding is None or encoding not in config["COMPRESS_ALGORITHM"] or FRESH in page
            or len(page) < config["COMPRESS_MIN_SIZE"]):
        return _served(page)
    response = Response(pages.encoded(key, page, encoding, partial(_compress, encoding)),
                        mimetype="text/html")
    response.headers["Content-Encoding"] = encoding  # Flask-Compress leaves it be
    return response


def _page_of(built: Any) -> str | None:
    """The HTML of a view's plain 200 answer, or None for anything else."""
    if isinstance(built, tuple) and len(built) == 2 and built[1] == 200:
        built = built[0]
    return built if isinstance(built, str) else None


def _built_without_side_effects() -> bool:
    return not session.modified and not data_version.wrote(g.get("db_session"))


def _build(view: Callable[..., Any], args: Any, kwargs: Any) -> tuple[Any, str | None]:
    """The view's answer, served, and the page to keep (None: keep nothing)."""
    setattr(g, BUILDING, True)
    try:
        built = view(*args, **kwargs)
    finally:
        g.pop(BUILDING, None)
    page = _page_of(built)
    kept = page if page is not None and _built_without_side_effects() else None
    if isinstance(built, tuple) and built and isinstance(built[0], str):
        return (_served(built[0]), *built[1:]), kept  # an answer's marks become ids too
    return (_served(built) if isinstance(built, str) else built), kept


def remembered(view: Callable[..., Any]) -> Callable[..., Any]:
    """Serve this view's page from memory when nothing it depends on has changed.
    Put it inside the access checks, which then run on every request."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        key = _key()
        if key is None:
            return view(*args, **kwargs)
        pages: Pages = current_app.extensions[EXTENSION]
        page = pages.get(key)
        if page is not None:
            return _hit(pages, key, page)
        other = pages.claim(key)
        if other is not None:  # someone is building it: wait, then build if nothing came
            other.wait(WAIT_FOR_BUILDER_SECONDS)
            page = pages.get(key)
            return _served(page) if page is not None else _build(view, args, kwargs)[0]
        kept = None
        try:
            built, kept = _build(view, args, kwargs)
        finally:
            pages.done(key, kept)
        return built

    wrapped.remembered = True  # type: ignore[attr-defined]  # outer decorators copy it
    return wrapped
