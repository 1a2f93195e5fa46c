"""Random and hostile query strings and path values at every page in the URL map,
for a person, a therapist and someone signed out: never a 500, never someone
else's words. (?page= with 20 digits once overflowed the database's OFFSET.)"""
from __future__ import annotations

import re
import uuid
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fixtures.accounts import post_form, sign_in_with_code
from tests.property.strategies import FORM_TEXT, NUMBER_WORDS, PROPERTY

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")
# Every query parameter a view reads today, and any other name.
KNOWN = ["page", "month", "day", "days", "period", "year", "q", "trigger", "area", "next",
         "reason", "saved", "deleted", "v", "key", "format", "id", "share", "region"]
SKIP = {"static", "auth.logout"}
WORDS = st.one_of(NUMBER_WORDS, FORM_TEXT.map(lambda t: t[:300]))
QUERIES = st.dictionaries(st.one_of(st.sampled_from(KNOWN), st.text(min_size=1, max_size=8)),
                          WORDS, min_size=1, max_size=4)
PATH_VALUES = st.one_of(NUMBER_WORDS.filter(str.strip), st.uuids().map(str),
                        st.text(min_size=1, max_size=20))


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"RATELIMIT_ENABLED": False}


def sign_in(app: Flask, user: Any) -> Any:
    client = app.test_client()
    sign_in_with_code(client, user.email, user.plain_password)
    return client


def get_routes(app: Flask) -> list[Any]:
    return sorted((r for r in app.url_map.iter_rules()
                   if "GET" in r.methods and r.endpoint not in SKIP), key=lambda r: r.rule)


def fill(rule: Any, values: list[str]) -> str:
    url = rule.rule
    for arg, value in zip(sorted(rule.arguments), values, strict=False):
        quoted = quote(value, safe="")
        url = re.sub(rf"<(?:[^:>]+:)?{arg}>", lambda _match, v=quoted: v, url)
    return url


def test_every_page_survives_hostile_query_strings(app, make_user):
    stranger = make_user(email="stranger@example.com")
    post_form(sign_in(app, stranger), "/diary/new", {
        "uuid": str(uuid.uuid4()), "areas": ["calf:left"], "occurred_at": "2026-01-02T10:00",
        "note": "STRANGER-SECRET"})
    clients = {"person": sign_in(app, make_user()),
               "therapist": sign_in(app, make_user(role="therapist")),
               "visitor": app.test_client()}
    routes = get_routes(app)
    assert len(routes) >= 20
    for rule in routes:
        for who, client in clients.items():
            hammer(rule, who, client)


def hammer(rule: Any, who: str, client: Any) -> None:
    """A few random query strings and path values at one page, as one actor."""

    @settings(PROPERTY, max_examples=max(5, PROPERTY.max_examples // 6))
    @given(query=QUERIES, path=st.lists(PATH_VALUES, min_size=3, max_size=3))
    def check(query: dict[str, str], path: list[str]) -> None:
        url = fill(rule, path) + "?" + urlencode(query)
        response = client.get(url)
        assert response.status_code < 500, (who, url[:200], response.status_code)
        if response.mimetype.startswith(("text/", "application/json")):
            assert "STRANGER-SECRET" not in response.get_data(as_text=True), (who, url[:200])

    check()


@pytest.mark.parametrize("who", ["person", "therapist"])
def test_every_page_survives_a_20_digit_value_in_every_parameter(app, make_user, who):
    client = sign_in(app, make_user(role=who))
    huge = "9" * 20
    for rule in get_routes(app):
        url = fill(rule, [huge] * 3) + "?" + urlencode({name: huge for name in KNOWN})
        assert client.get(url).status_code < 500, url
