"""A NUL character in a form or a query string is dropped before any view reads
it: PostgreSQL refuses NUL in text, so it must never reach a query."""
from __future__ import annotations

import pytest

from tests.fixtures.accounts import PASSWORD, post_form


@pytest.mark.parametrize("url, data", [
    ("/login", {"email": "a\x00@example.com", "password": "x\x00y"}),
    ("/register", {"email": "nul\x00@example.com", "password": "x\x00", "display_name": "A\x00"}),
])
def test_signed_out_forms_never_fail_on_nul(client, url, data):
    assert post_form(client, url, data).status_code in (200, 302, 422)


def test_signed_in_forms_and_queries_never_fail_on_nul(client, person):
    assert post_form(client, "/share", {"code": "AB\x00CD1234"}).status_code in (200, 302, 422)
    assert post_form(client, "/account", {"display_name": "Sam\x00", "timezone": "UTC\x00"}
                     ).status_code in (200, 302)
    assert client.get("/diary/?q=calf%00&trigger=%00&area=%00").status_code == 200
    assert client.get("/diary/screener?reason=first%00area").status_code == 200
    assert client.get("/learn/search?q=twitch%00").status_code == 200


def test_the_typed_words_arrive_without_the_nul(client, make_user):
    user = make_user()
    response = post_form(client, "/login", {"email": user.email.replace("@", "\x00@"),
                                            "password": PASSWORD})
    assert response.status_code == 302  # the address the person meant


def multipart(parts: list[tuple[bytes, bytes]]) -> tuple[bytes, str]:
    boundary = "steadyboundary"
    body = b"".join(b"--" + boundary.encode() + b"\r\n" + header + b"\r\n\r\n" + value + b"\r\n"
                    for header, value in parts) + b"--" + boundary.encode() + b"--\r\n"
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize("url", ["/account/import", "/diary/new", "/login"])
def test_a_form_part_without_a_name_is_ignored_not_a_crash(client, person, url):
    """A broken Content-Disposition (here a bare carriage return as the name) leaves a
    part without a name; the CSRF check used to fail on it with a 500."""
    token = client.get("/api/csrf").get_json()["token"]
    body, kind = multipart([
        (b'Content-Disposition: form-data; name="csrf_token"', token.encode()),
        (b'Content-Disposition: form-data; name="\r"', b"inf"),
        (b'Content-Disposition: form-data; name="\x00note"', b"a\x00b"),
    ])
    response = client.post(url, data=body, content_type=kind)
    assert response.status_code in (200, 302, 400, 422), response.status_code
    missing_token, _ = multipart([(b'Content-Disposition: form-data; name="\r"', b"inf")])
    refused = client.post(url, data=missing_token, content_type=kind)
    assert refused.status_code == 400, refused.status_code  # no token: refused, with a page
