"""A return address ("next") only ever leads to a page on this site."""
from __future__ import annotations

import re
from html import unescape

import pytest

from tests.fixtures.accounts import PASSWORD, csrf_from, post_form
from webapp.security import is_local_path

HOSTILE = [
    "https://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/x\\y",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/%0a",  # encoded is fine as a path, so it is allowed below; a raw one is not
    "/ /evil.example",
    "/\x00",
    "/\x7f/evil.example",
    "/\u2028/evil.example",
    "evil.example",
    "diary",
    "",
    "/" + "a" * 5000,
]
SAFE = ["/", "/account", "/diary/?day=2026-11-30", "/learn/red-flags#signs", "/%0a"]


@pytest.mark.parametrize("target", [h for h in HOSTILE if h not in SAFE])
def test_hostile_return_addresses_are_refused(target):
    assert not is_local_path(target)


@pytest.mark.parametrize("target", SAFE)
def test_local_paths_are_kept(target):
    assert is_local_path(target)


@pytest.mark.parametrize("target", [h for h in HOSTILE if h not in SAFE])
def test_login_never_sends_anyone_off_site(client, make_user, target):
    user = make_user()
    page = client.get("/login", query_string={"next": target})
    assert page.status_code == 200
    response = client.post("/login", data={
        "csrf_token": csrf_from(page.get_data(as_text=True)), "email": user.email,
        "password": PASSWORD, "next": target})
    assert response.status_code == 302
    assert response.location == "/"


def test_login_keeps_a_local_next(client, make_user):
    user = make_user()
    response = post_form(client, "/login", {"email": user.email, "password": PASSWORD,
                                            "next": "/account"})
    assert response.location == "/account"


@pytest.mark.parametrize("target", ["https://evil.example/", "/\t/evil.example", "/\n/x",
                                    "/\\evil.example"])
def test_the_screener_result_link_stays_on_site(client, person, target):
    page = client.get("/diary/screener", query_string={"next": target})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    addresses = re.findall(r'(?:href|action)="([^"]*)"|name="next" value="([^"]*)"', html)
    for address in (unescape(a or b) for a, b in addresses):
        if address.startswith("#") or address.startswith("tel:") or address.startswith("sms:"):
            continue
        assert is_local_path(address) or address.startswith("https://") and \
            "evil.example" not in address.split("?")[0], address
    result_link = re.search(r'name="next" value="([^"]*)"', html)
    assert result_link is None or is_local_path(unescape(result_link.group(1)))
