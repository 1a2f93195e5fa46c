"""/static/ as served: compressed by what the client accepts, versioned by the served
bytes (a module's URL changes when anything it imports changes), immutable when
versioned, revalidated when not, and nothing outside the folder."""
from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import brotli
import pytest

import webapp
from tests.fixtures.app import make_app

STATIC = Path(webapp.__file__).resolve().parent.parent / "static"


@pytest.fixture
def static_copy(tmp_path, monkeypatch):
    folder = tmp_path / "static"
    shutil.copytree(STATIC, folder)
    monkeypatch.setitem(webapp.ROOT_FOLDERS, "static_folder", str(folder))
    return folder


def _url(client, page: str, name: str) -> str:
    html = client.get(page).get_data(as_text=True)
    found = re.search(rf'"(/static/{re.escape(name)}\?v=\w+)[#"]', html)
    assert found, name
    return found.group(1)


def _import_of(client, module_url: str, name: str) -> str:
    source = client.get(module_url).get_data(as_text=True)
    found = re.search(rf'["\'](\./{re.escape(name)}\?v=\w+)["\']', source)
    assert found, (module_url, name)
    return found.group(1)


def test_a_change_deep_in_the_imports_changes_every_url_above_it(database_url, static_copy):
    app = make_app(database_url)
    client = app.test_client()
    app_js = _url(client, "/", "js/app.js")
    forms = _import_of(client, app_js, "outbox/forms.js")
    store = _import_of(client, "/static/js/" + forms[2:], "store.js")
    css = _url(client, "/", "css/app.css")
    app.extensions["steady_engine"].dispose()
    core = static_copy / "js" / "outbox" / "core.js"
    core.write_text(core.read_text(encoding="utf-8") + "\n// changed\n", encoding="utf-8")
    app = make_app(database_url)  # the next start of the same deployment
    client = app.test_client()
    assert _url(client, "/", "js/app.js") != app_js
    assert _import_of(client, _url(client, "/", "js/app.js"), "outbox/forms.js") != forms
    new_forms = "/static/js/" + _import_of(client, _url(client, "/", "js/app.js"),
                                                   "outbox/forms.js")[2:]
    assert _import_of(client, new_forms, "store.js") != store
    assert _url(client, "/", "css/app.css") == css  # a file nobody imports keeps its URL
    app.extensions["steady_engine"].dispose()


def test_brotli_then_gzip_then_plain_bytes(client):
    url = _url(client, "/", "css/app.css")
    plain = client.get(url, headers={"Accept-Encoding": ""})
    assert "Content-Encoding" not in plain.headers
    br = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert br.headers["Content-Encoding"] == "br"
    assert brotli.decompress(br.data) == plain.data and len(br.data) < len(plain.data) / 3
    gz = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip" and gzip.decompress(gz.data) == plain.data
    refused = client.get(url, headers={"Accept-Encoding": "br;q=0, gzip;q=0.5"})
    assert refused.headers["Content-Encoding"] == "gzip"
    for response in (plain, br, gz):
        assert "Accept-Encoding" in response.headers["Vary"]
        assert "immutable" in response.headers["Cache-Control"]
    icon = client.get(_url(client, "/", "icons/sprite.svg"), headers={"Accept-Encoding": "br"})
    assert icon.headers["Content-Encoding"] == "br"  # SVG is text


def test_an_old_or_missing_version_is_revalidated_not_kept(client):
    url = _url(client, "/", "css/app.css")
    bare = client.get("/static/css/app.css")
    assert bare.status_code == 200 and bare.headers["Cache-Control"] == "no-cache"
    old = client.get("/static/css/app.css?v=0000000000")
    assert old.headers["Cache-Control"] == "no-cache"
    again = client.get(url, headers={"If-None-Match": client.get(url).headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("path", ["/static/../webapp/config.py", "/static/%2e%2e/wsgi.py",
                                  "/static/js/", "/static/nothing.js",
                                  "/static/js/..%2f..%2fwsgi.py"])
def test_nothing_outside_static_is_served(client, path):
    assert client.get(path).status_code == 404


def test_pages_json_and_exports_are_compressed_too(client, person, log_twitch):
    for n in range(30):
        log_twitch(note=f"note {n} " + "x" * 40)
    page = client.get("/diary/", headers={"Accept-Encoding": "br, gzip"})
    assert page.headers["Content-Encoding"] == "br"
    assert "</html>" in brotli.decompress(page.data).decode()
    plain = client.get("/diary/export/entries.csv").data
    streamed = client.get("/diary/export/entries.csv", headers={"Accept-Encoding": "gzip, br"})
    assert streamed.headers["Content-Encoding"] == "br" and streamed.is_streamed
    assert brotli.decompress(streamed.data) == plain and plain.count(b"\n") == 31
