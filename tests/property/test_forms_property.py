"""Random and hostile values at every form in the URL map: never a 500; a refused
form answers with a message, re-renders what was typed, and stores nothing.

The forms are found, not listed: every POST route outside /api/ is posted to, with
the field names its own page's <form> carries (a route without a page of its own
names the page its form lives on in FORM_PAGES), so a new form is covered the day it
is added."""
from __future__ import annotations

import io
import re
import uuid
from collections.abc import Callable
from functools import cache, partial
from html.parser import HTMLParser
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape
from sqlalchemy import func, select

from tests.fixtures.accounts import post_form, sign_in_with_code
from tests.property.strategies import FORM_TEXT, FORM_VALUE, PROPERTY
from webapp import db
from webapp.db import Base

# A failing example can hold 20,000-character strings; say what failed, not that.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")
# Routes whose form lives on another page, and what each posts to there.
FORM_PAGES = {
    "exercises.save_session": "/exercises/breathe/calm",
    "diary.delete_entry": "/diary/entry/{entry}/delete",
    "diary.restore_entry": "/diary/entry/{entry}",
    "sharing.update": "/share",
    "sharing.revoke": "/share",
    "sharing.rotate_code": "/clients",
    "language.choose": "/",  # the switcher at the foot of every page
}
SIGNED_OUT = {"auth.login", "auth.register", "auth.register_therapist"}
THERAPIST_PREFIXES = ("/clients",)
SKIP = {"auth.logout"}  # it takes no input, and would end the session the examples share
# A password field is never shown again (by design); hidden fields carry what the
# page itself put there; a choice re-renders as a choice, not as the text typed.
NOT_ECHOED = {"password", "hidden", "radio", "checkbox", "select", "file", "submit", "button"}
MESSAGE = re.compile(r'role="alert"|class="error"|class="toast |<h1[^>]*>')


@pytest.fixture
def app_config() -> dict[str, Any]:
    return {"RATELIMIT_ENABLED": False}


class FormFields(HTMLParser):
    """For every POST form on a page, by action: name -> input type, and what a
    browser would send untouched (hidden values, filled inputs, checked boxes)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: dict[str, tuple[dict[str, str], dict[str, list[str]]]] = {}
        self._action: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._action = a.get("action", "")
            self.forms.setdefault(self._action, ({}, {}))
        elif tag in ("input", "textarea", "select") and self._action is not None and a.get("name"):
            kinds, defaults = self.forms[self._action]
            kind = a.get("type", "text").lower() if tag == "input" else tag
            kinds.setdefault(a["name"], kind)
            sent = tag == "input" and kind not in ("radio", "checkbox", "file", "submit")
            if sent or (kind in ("radio", "checkbox") and "checked" in a):
                defaults.setdefault(a["name"], []).append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._action = None


def form_on(html: str, url: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    parser = FormFields()
    parser.feed(html)
    path = url.split("?")[0]
    for action, form in parser.forms.items():
        if action in ("", path) or action.split("?")[0] == path:
            return form
    return {}, {}


@cache
def _counting_every_table() -> Any:
    """One statement: each table's row count (one statement per table made counting
    a third of this file's time)."""
    return select(*(select(func.count()).select_from(t).scalar_subquery().label(t.name)
                    for t in Base.metadata.sorted_tables))


def row_counts(app: Flask) -> dict[str, int]:
    with app.app_context():
        return dict(db.session.execute(_counting_every_table()).one()._mapping)


def sign_in(app: Flask, user: Any) -> FlaskClient:
    client = app.test_client()
    sign_in_with_code(client, user.email, user.plain_password)
    return client


@pytest.fixture
def people(app: Flask, make_user) -> dict[str, Any]:
    """A person with an entry and a share, their therapist, and a stranger whose
    recognisable note must never appear."""
    stranger = make_user(email="stranger@example.com", display_name="Stranger")
    theirs = sign_in(app, stranger)
    post_form(theirs, "/diary/new", {"uuid": str(uuid.uuid4()), "areas": ["calf:left"],
                                     "occurred_at": "2026-01-02T10:00",
                                     "note": "STRANGER-SECRET"})
    person, therapist = make_user(), make_user(role="therapist")
    person_client, therapist_client = sign_in(app, person), sign_in(app, therapist)
    entry = str(uuid.uuid4())
    saved = post_form(person_client, "/diary/new", {"uuid": entry, "areas": ["calf:left"],
                                                    "occurred_at": "2026-01-02T10:00"})
    assert saved.status_code == 302
    post_form(therapist_client, "/clients/code", {}, form_page="/clients")
    code = re.search(r'class="share-code">([A-Z0-9]{4})-([A-Z0-9]{4})<',
                     therapist_client.get("/clients").get_data(as_text=True))
    assert code, "the therapist page shows no code"
    shared = post_form(person_client, "/share", {"code": code.expand(r"\1\2"),
                                                 "twitches": "y"})
    assert shared.status_code == 302
    share = re.search(r'action="/share/(\d+)"', person_client.get("/share").get_data(as_text=True))
    assert share
    return {"person": person_client, "therapist": therapist_client,
            "values": {"entry": entry, "share": share.group(1)}}


def url_for_rule(rule: Any, values: dict[str, str]) -> str:
    url = rule.rule
    for arg in rule.arguments:
        if arg == "share_id":
            value = values["share"]
        elif arg == "entry_uuid":
            value = values["entry"]
        elif "uuid" in arg or arg == "key":
            value = str(uuid.uuid4())
        else:
            value = "1"
        url = re.sub(rf"<(?:[^:>]+:)?{arg}>", value, url)
    return url


def post_routes(app: Flask) -> list[Any]:
    """Every form's route; those that remove the entry or share the others use, last."""
    return sorted((r for r in app.url_map.iter_rules()
                   if "POST" in r.methods and not r.rule.startswith("/api/")
                   and r.endpoint not in SKIP),
                  key=lambda r: (any(w in r.rule for w in ("delete", "revoke")), r.rule))


def form_strategy(fields: dict[str, str]) -> st.SearchStrategy[dict[str, Any]]:
    """Hostile values for one to three of the form's own fields (the rest are sent as
    the page left them, so a refusal of one field does not hide another), and now and
    then a field the form does not have."""
    names = sorted(n for n in fields if n != "csrf_token") or ["field"]

    @st.composite
    def draw_form(draw: st.DrawFn) -> dict[str, Any]:
        sent: dict[str, Any] = {}
        for name in draw(st.sets(st.sampled_from(names), min_size=1, max_size=3)):
            if fields.get(name) == "file":
                sent[name] = (io.BytesIO(draw(st.binary(max_size=3000))), "upload.json")
            else:
                sent[name] = draw(FORM_VALUE)
        if draw(st.integers(0, 4)) == 0:
            extra = draw(st.text(min_size=1, max_size=12))
            sent.setdefault(extra if extra != "csrf_token" else "x", draw(FORM_TEXT))
        return sent

    return draw_form()


def token_for(client: FlaskClient) -> str:
    return client.get("/api/csrf").get_json()["token"]


def check_answer(app: Flask, endpoint: str, fields: dict[str, str], sent: dict[str, Any],
                 response: Any, before: dict[str, int]) -> None:
    where = f"{endpoint}: {response.status_code}"
    assert response.status_code < 500, where
    page = response.get_data(as_text=True)
    assert "STRANGER-SECRET" not in page, where
    if response.status_code < 400:
        return  # taken (a redirect, or a result page): what it stored is the route's business
    assert row_counts(app) == before, f"{where}: a refused form stored something"
    assert MESSAGE.search(page), f"{where}: refused without a message"
    if response.status_code != 422:
        return
    for name, value in sent.items():
        first = value[0] if isinstance(value, list) and value else value
        if fields.get(name, "hidden") in NOT_ECHOED or not isinstance(first, str):
            continue
        first = first.replace("\x00", "")  # dropped on arrival: PostgreSQL refuses NUL
        typed = first.strip()
        if typed and len(typed) <= 2000:
            assert str(escape(typed)) in page or str(escape(first)) in page, (
                f"{where}: what was typed in {name!r} is not on the page again")


def run_for(app: Flask, client_for: Callable[[], FlaskClient], rule: Any,
            values: dict[str, str]) -> None:
    url = url_for_rule(rule, values)
    page_url = FORM_PAGES.get(rule.endpoint, url if "GET" in rule.methods else None)
    client = client_for()
    page = client.get(page_url.format(**values)).get_data(as_text=True) if page_url else ""
    fields, defaults = form_on(page, url) if page else ({}, {})

    @PROPERTY
    @given(sent=form_strategy(fields), dropped=st.sets(st.sampled_from(sorted(defaults) or [""])))
    def check(sent: dict[str, Any], dropped: set[str]) -> None:
        nonlocal client
        if rule.endpoint in SIGNED_OUT:  # a success signs someone in: start afresh
            client = client_for()
        before = row_counts(app)
        data = {**defaults, **sent, "csrf_token": token_for(client)}
        if "uuid" in defaults and "uuid" not in sent:  # a fresh form, as a page load gives
            data["uuid"] = str(uuid.uuid4())
        for name in dropped - set(sent):
            data.pop(name, None)
        response = client.post(url, data=data)
        check_answer(app, rule.endpoint, fields, sent, response, before)

    check()


PARTS = 4  # the forms in four tests, so parallel workers share them


@pytest.mark.parametrize("part", range(PARTS))
def test_every_form_survives_hostile_values(app, people, part):
    routes = post_routes(app)
    assert len(routes) >= 10, [r.rule for r in routes]
    for rule in routes[part::PARTS]:
        if rule.endpoint in SIGNED_OUT:
            client_for = app.test_client
        else:
            role = "therapist" if rule.rule.startswith(THERAPIST_PREFIXES) else "person"
            client_for = partial(people.__getitem__, role)
        run_for(app, client_for, rule, people["values"])
