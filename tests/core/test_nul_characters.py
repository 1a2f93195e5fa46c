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
