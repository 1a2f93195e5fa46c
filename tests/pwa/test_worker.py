"""/sw.js: served right, versioned by content (never the clock), precaching only public pages."""
import json
import re
import shutil
from pathlib import Path

import pytest

import webapp
from tests.fixtures.app import make_app
from webapp.core import templating
from webapp.pwa import precache

STATIC = Path(webapp.__file__).resolve().parent.parent / "static"


def worker_settings(client) -> dict:
    script = client.get("/sw.js").get_data(as_text=True)
    match = re.match(r'"use strict";\nself\.STEADY = (\{.*?\});\n', script, re.S)
    assert match, "the worker starts with its settings"
    return json.loads(match.group(1))


def test_worker_is_served_from_the_root_and_always_revalidated(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "application/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Service-Worker-Allowed"] == "/"
    again = client.get("/sw.js", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_worker_waits_for_the_person_before_taking_over(client):
    script = client.get("/sw.js").get_data(as_text=True)
    install = script.split('addEventListener("install"', 1)[1].split("});", 1)[0]
    assert "skipWaiting()" not in install
    assert 'data.type === "skip-waiting") self.skipWaiting()' in script


@pytest.fixture
def static_copy(tmp_path, monkeypatch):
    """A private copy of static/ that the next create_app() serves from."""
    folder = tmp_path / "static"
    shutil.copytree(STATIC, folder)
    monkeypatch.setitem(webapp.ROOT_FOLDERS, "static_folder", str(folder))
    return folder


def _version(database_url) -> str:
    app = make_app(database_url)
    try:
        return worker_settings(app.test_client())["version"]
    finally:
        app.extensions["steady_engine"].dispose()


def test_cache_version_follows_the_static_files_not_the_clock(database_url, static_copy,
                                                               monkeypatch):
    first = _version(database_url)
    assert _version(database_url) == first, "a restart with the same files keeps the cache"
    css = static_copy / "css" / "app.css"
    css.write_bytes(css.read_bytes() + b"\n.changed { color: inherit; }\n")
    assert _version(database_url) != first, "a changed stylesheet means a new cache"


def test_the_icon_source_does_not_change_the_version(database_url, static_copy):
    first = _version(database_url)
    (static_copy / "icons" / "source.png").write_bytes(b"redrawn")
    assert _version(database_url) == first


def test_precache_holds_the_shell_and_every_registered_offline_page(app, client):
    settings = worker_settings(client)
    listed = settings["shell"] + settings["extra"]
    for url in ("/", "/offline", "/install", "/manifest.webmanifest"):
        assert url in settings["shell"]
    with app.test_request_context("/"):
        registered = [url for provide in app.extensions[precache.OFFLINE_URLS] for url in provide()]
        assets = [templating.static_url(name)
                  for provide in app.extensions[precache.OFFLINE_ASSETS] for name in provide()]
        shell_assets = [templating.static_url(n) for n in ("css/app.css", "js/app.js", "js/pwa.js",
                                                           "icons/sprite.svg")]
    for url in registered + assets + shell_assets:
        assert url in listed
    assert not any(u.startswith(("/diary", "/account", "/api/")) for u in listed)
    assert not any("/static/js/sw" in u for u in listed), "the worker is not a page asset"


def test_every_precached_url_answers_200_to_a_stranger(client):
    settings = worker_settings(client)
    for url in settings["shell"] + settings["extra"]:
        with client.get(url) as response:
            assert response.status_code == 200, url
            assert "no-store" not in response.headers.get("Cache-Control", ""), url


def test_a_private_or_foreign_offline_url_is_never_precached(app, client):
    app.extensions[precache.OFFLINE_URLS].append(
        lambda: ["/diary/", "/diary/entry/1", "//elsewhere.example/x", "/api/v1/sync", "/learn"])
    listed = worker_settings(client)
    listed = listed["shell"] + listed["extra"]
    assert "/learn" in listed
    for url in ("/diary/", "/diary/entry/1", "//elsewhere.example/x", "/api/v1/sync"):
        assert url not in listed


def test_worker_knows_private_prefixes_and_outbox_posts(client):
    settings = worker_settings(client)
    assert settings["privatePrefixes"] == ["/diary"]
    assert settings["outboxPaths"] == ["/diary/new", "/diary/checkin", "/exercises/sessions"]
    assert settings["offline"] == "/offline"


def test_outbox_script_is_imported_only_when_it_exists(database_url, static_copy):
    outbox = static_copy / "js" / "outbox" / "sw-outbox.js"
    outbox.unlink(missing_ok=True)
    app = make_app(database_url)
    assert worker_settings(app.test_client())["outboxScript"] is None
    app.extensions["steady_engine"].dispose()

    outbox.parent.mkdir(parents=True, exist_ok=True)
    outbox.write_text("self.steadyOutbox = { flush: async () => {}, queueFormPost: fetch };\n")
    app = make_app(database_url)
    settings = worker_settings(app.test_client())
    app.extensions["steady_engine"].dispose()
    versioned = r"/static/js/outbox/sw-outbox\.js\?v=[0-9a-f]{10}"
    assert re.fullmatch(versioned, settings["outboxScript"])
    listed = settings["shell"] + settings["extra"]
    assert not any("sw-outbox" in url for url in listed)
