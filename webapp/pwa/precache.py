"""What the service worker precaches, and the cache version that names it.

The version is a hash of every static file's bytes plus the precache list, never
the clock: two starts of the same deployment agree (restarting gunicorn does not
make every phone download the shell again), and any change to a file or to the
list gives a new cache, so a running page never sees its cache change under it.

create_app offers each feature's public offline pages and assets with
``offer_pages(app, provide)`` (``provide()`` returns paths such as
``/learn/red-flags``) and ``offer_assets(app, provide)`` (static file names such
as ``audio/calm.mp3``); they are called once, when the list is first built.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, url_for

from webapp.core.assets import assets_for
from webapp.core.templating import static_url
from webapp.language.choice import SUPPORTED
from webapp.pwa.client_text import worker_texts
from webapp.pwa.manifest import PAGE_ICONS

OFFLINE_URLS = "steady_offline_urls"
OFFLINE_ASSETS = "steady_offline_assets"
STATIC_KEY = "steady_pwa_static"
PRECACHE_KEY = "steady_pwa_precache"

# The service worker, in parts kept small, served as one script (/sw.js).
WORKER_PARTS = ("js/sw.js", "js/reminders/sw-push.js")
OUTBOX_SCRIPT = "js/outbox/sw-outbox.js"
OUTBOX_PARTS = ("js/outbox/compare.js", "js/outbox/core.js")  # classic scripts it loads
PAGE_SCRIPT = "js/app.js"  # every page's module (base.html)
STYLESHEET = "css/app.css"
# The icon generator's input is not served to anyone, so it must not bump the version.
NOT_HASHED = ("icons/source",)
SHELL_ASSETS = (STYLESHEET, "icons/sprite.svg", *PAGE_ICONS)
# Pages with a person's data: cached only in their opt-in private cache.
DEFAULT_PRIVATE_PREFIXES = ("/diary",)
# Form posts the outbox may queue when the network fails.
OUTBOX_PATHS = ("/diary/new", "/diary/checkin", "/exercises/sessions")


@dataclass(frozen=True)
class StaticTree:
    """What the app saw under static/ when it started."""

    digest: str
    worker_source: str
    has_outbox: bool


@dataclass(frozen=True)
class Precache:
    version: str
    shell: tuple[str, ...]  # install fails without these: the app must open offline
    extra: tuple[str, ...]  # feature pages and assets, best effort
    outbox_url: str | None
    private_prefixes: tuple[str, ...]


def static_digest(folder: Path) -> str:
    """SHA-256 over every file's relative path and bytes, in a stable order."""
    total = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if name.startswith(NOT_HASHED):
            continue
        total.update(f"{name}\0{hashlib.sha256(path.read_bytes()).hexdigest()}\n".encode())
    return total.hexdigest()


def init_app(app: Flask) -> None:
    """At app start: hash static/ once and make room for the features' offline lists."""
    folder = Path(app.static_folder or "")
    app.extensions[STATIC_KEY] = StaticTree(
        digest=static_digest(folder),
        worker_source="\n".join((folder / part).read_text(encoding="utf-8")
                                 for part in WORKER_PARTS),
        has_outbox=(folder / OUTBOX_SCRIPT).is_file(),
    )
    app.extensions.setdefault(OFFLINE_URLS, [])
    app.extensions.setdefault(OFFLINE_ASSETS, [])


def offer_pages(app: Flask, *providers: Callable[[], list[str]]) -> None:
    """Public pages a feature wants kept for offline use (each provider needs an app context)."""
    app.extensions.setdefault(OFFLINE_URLS, []).extend(providers)


def offer_assets(app: Flask, *providers: Callable[[], list[str]]) -> None:
    """Static files (names under static/) a feature's offline pages load."""
    app.extensions.setdefault(OFFLINE_ASSETS, []).extend(providers)


def is_private(path: str, prefixes: tuple[str, ...]) -> bool:
    path = path.split("?", 1)[0]
    return any(path == p or path.startswith(p.rstrip("/") + "/") for p in prefixes)


def private_prefixes(app: Flask) -> tuple[str, ...]:
    return tuple(app.config.get("PWA_PRIVATE_PREFIXES", DEFAULT_PRIVATE_PREFIXES))


def _feature_urls(app: Flask, prefixes: tuple[str, ...]) -> list[str]:
    urls = []
    for provide in app.extensions[OFFLINE_URLS]:
        for url in provide():
            if not url.startswith("/") or url.startswith("//") or url.startswith("/api/"):
                app.logger.warning("Offline URL %r is not a local page; not precached", url)
            elif is_private(url, prefixes):
                app.logger.warning("Offline URL %r is private; not precached", url)
            else:
                urls.append(url)
    offered = [name for provide in app.extensions[OFFLINE_ASSETS] for name in provide()]
    # Each offered module with every module it imports, under the URLs pages use.
    return urls + [static_url(name) for name in assets_for(app).closure(offered)]


def _unique(urls: list[str], skip: tuple[str, ...] = ()) -> tuple[str, ...]:
    return tuple(dict.fromkeys(u for u in urls if u not in skip))


def build(app: Flask) -> Precache:
    """The precache list and its version, computed as an anonymous visitor would see it."""
    tree: StaticTree = app.extensions[STATIC_KEY]
    prefixes = private_prefixes(app)
    # A bare request context: no session, so nothing user-specific can slip in. And an
    # app context of its own: pushed inside a request, a request context shares that
    # request's g, and the language chosen for one would become the other's.
    with app.app_context(), app.test_request_context("/"):
        pages = [url_for("core.home"), url_for("pwa.offline"), url_for("pwa.install"),
                 url_for("pwa.manifest")]
        if "safety.help_now" in app.view_functions:
            # The crisis numbers must open offline too: install fails without them.
            pages.append(url_for("safety.help_now"))
        # Only what the offline promise needs: the shell's files and the page script
        # with the modules it imports (a feature's own modules come with its pages).
        scripts = assets_for(app).closure([PAGE_SCRIPT])
        shell = _unique(pages + [static_url(n) for n in (*SHELL_ASSETS, *scripts)])
        extra = _unique(_feature_urls(app, prefixes), skip=shell)
        outbox_url = static_url(OUTBOX_SCRIPT) if tree.has_outbox else None
    listing = "\n".join((tree.digest, *shell, *extra, *prefixes))
    version = hashlib.sha256(listing.encode()).hexdigest()[:12]
    return Precache(version, shell, extra, outbox_url, prefixes)


def current(app: Flask) -> Precache:
    """Built on first use, once every feature has registered its offline URLs.

    In debug mode static files are edited while the server runs, so it is
    rebuilt each time, as static_url() rehashes there too."""
    if app.debug:
        init_app(app)
        app.extensions.pop(PRECACHE_KEY, None)
    if PRECACHE_KEY not in app.extensions:
        app.extensions[PRECACHE_KEY] = build(app)
    return app.extensions[PRECACHE_KEY]


def worker_script(app: Flask, offline_url: str) -> str:
    """The service worker: this deployment's settings and the words it shows in every
    language, then the hand-written worker. The same bytes for everyone who asks."""
    tree: StaticTree = app.extensions[STATIC_KEY]
    pre = current(app)
    settings = {
        "version": pre.version,
        "shell": pre.shell,
        "extra": pre.extra,
        "offline": offline_url,
        "privatePrefixes": pre.private_prefixes,
        "outboxPaths": OUTBOX_PATHS,
        "outboxScript": pre.outbox_url,
        "outboxParts": [static_url(name) for name in OUTBOX_PARTS] if pre.outbox_url else [],
        "stylesheet": static_url(STYLESHEET),
        "languages": SUPPORTED,
        "texts": worker_texts(),  # by language: the worker picks the pages' (static/js/sw.js)
    }
    return f'"use strict";\nself.STEADY = {json.dumps(settings, indent=1)};\n{tree.worker_source}'
