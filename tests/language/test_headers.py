"""Answers say their language, and a cache between the app and the phone (or the
phone's own HTTP cache) never hands one language's page to someone reading the other."""
from __future__ import annotations

import json
import re

import pytest

from tests.fixtures.accounts import PASSWORD
from tests.language.conftest import SPANISH

PUBLIC = ["/", "/learn", "/learn/red-flags", "/offline", "/install", "/help", "/login",
          "/exercises", "/no-such-page"]


def vary(response) -> set[str]:
    return {v.strip().lower() for v in response.headers.get("Vary", "").split(",") if v.strip()}


@pytest.mark.parametrize("url", PUBLIC)
@pytest.mark.parametrize("language", ["en", "es"])
def test_public_pages_say_their_language_and_what_chose_it(client, url, language):
    response = client.get(url, headers={"Accept-Language": language})
    assert response.mimetype == "text/html"
    assert response.headers["Content-Language"] == language, url
    assert {"accept-language", "cookie"} <= vary(response), url


def test_signed_in_pages_keep_cookie_and_add_the_language(client, make_user, auth):
    user = make_user()
    auth.login(user.email, PASSWORD)
    for url in ("/", "/diary/", "/account"):
        response = client.get(url, headers={"Accept-Language": "es"})
        assert response.headers["Content-Language"] == "es", url
        assert {"accept-language", "cookie"} <= vary(response), url
        assert response.headers["Cache-Control"] == "no-store", url


def test_static_files_speak_no_language(client):
    html = client.get("/").get_data(as_text=True)
    stylesheet = re.search(r'href="(/static/css/app\.css\?v=[^"]+)"', html).group(1)
    response = client.get(stylesheet, headers={"Accept-Language": "es"})
    assert response.status_code == 200
    assert "Content-Language" not in response.headers
    assert "accept-language" not in vary(response)


def worker_settings(client, **headers) -> tuple[bytes, dict]:
    response = client.get("/sw.js", headers=headers)
    body = response.get_data()
    settings = re.match(rb'"use strict";\nself\.STEADY = (\{.*?\});\n', body, re.S)
    return body, json.loads(settings.group(1)) | {"_vary": sorted(vary(response))}


def test_the_worker_is_one_script_for_every_language(client):
    """Its bytes never depend on who asks: a language switch is not a new version
    (that would offer "A new version is ready"), and a proxy cannot mix it up."""
    english, settings = worker_settings(client, **{"Accept-Language": "en"})
    client.set_cookie("steady_lang", "es")
    spanish, _ = worker_settings(client, **{"Accept-Language": "es"})
    assert english == spanish
    assert "accept-language" not in settings["_vary"]
    assert settings["languages"] == ["en", "es"]
    assert set(settings["texts"]) == {"en", "es"}
    assert settings["texts"]["es"]["lang"] == "es" and settings["texts"]["en"]["lang"] == "en"


def manifest(client, query: str = "", **headers):
    response = client.get(f"/manifest.webmanifest{query}", headers=headers)
    assert response.status_code == 200
    return response, response.get_json(force=True)


def test_the_manifest_speaks_the_language_its_link_names(client):
    """Browsers fetch the manifest without cookies: the page's link names the language."""
    response, spanish = manifest(client, "?lang=es", **{"Accept-Language": "en"})
    assert spanish["lang"] == "es"
    assert response.headers["Content-Language"] == "es"
    assert spanish["description"] == SPANISH[next(k for k in SPANISH if k.startswith("Calm"))]
    names = [s["name"] for s in spanish["shortcuts"]]
    assert names == ["Anotar un tic", "Registro diario", "Respira ahora"]
    assert [s["short_name"] for s in spanish["shortcuts"]] == names
    _, english = manifest(client, "?lang=en", **{"Accept-Language": "es"})
    assert english["lang"] == "en" and english["shortcuts"][0]["name"] == "Log a twitch"


@pytest.mark.parametrize("query", ["?lang=fr", "?lang=<b>", "?lang=", "?lang=ES-es"])
def test_a_manifest_language_we_do_not_have_falls_back_to_the_request(client, query):
    response, found = manifest(client, query, **{"Accept-Language": "es"})
    assert found["lang"] == "es"
    assert {"accept-language", "cookie"} <= vary(response)


def test_pages_link_the_manifest_in_their_language(client):
    for language in ("en", "es"):
        html = client.get("/", headers={"Accept-Language": language}).get_data(as_text=True)
        assert f'<link rel="manifest" href="/manifest.webmanifest?lang={language}">' in html
