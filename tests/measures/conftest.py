"""Questionnaire fixtures: take one through the form like a browser, and a
therapist whose client shares questionnaires with them."""
from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.core.test_private_routes import sharing_code, sign_in
from tests.fixtures.accounts import post_form

ALL_SCOPES = {"twitches": "y", "checkins": "y", "screenings": "y", "exercises": "y",
              "measures": "y"}


def answers_form(answers: list[int], key: str | None = None, **extra: Any) -> dict[str, Any]:
    data = {f"item{n}": str(a) for n, a in enumerate(answers, 1)}
    return {"uuid": key or str(uuid.uuid4()), **data, **extra}


def take_on(client: FlaskClient, instrument: str, answers: list[int], **extra: Any) -> Any:
    return post_form(client, f"/measures/{instrument}/take", answers_form(answers, **extra))


@pytest.fixture
def take(client: FlaskClient) -> Callable[..., Any]:
    """Post a questionnaire's form as the signed-in person; returns the response."""

    def _take(instrument: str, answers: list[int], **extra: Any) -> Any:
        return take_on(client, instrument, answers, **extra)

    return _take


def share_code_with(person_client: FlaskClient, code: str, **scopes: str) -> None:
    response = post_form(person_client, "/share", {"code": code, **(scopes or ALL_SCOPES)})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


def share_id_on(therapist_client: FlaskClient) -> str:
    listing = therapist_client.get("/clients").get_data(as_text=True)
    return re.search(r'href="/clients/(\d+)"', listing).group(1)


@pytest.fixture
def therapy(app: Flask, make_user: Callable[..., Any], client: FlaskClient,
            person: Any) -> dict[str, Any]:
    """The signed-in person (``client``) shares everything, questionnaires included,
    with a therapist (``therapist_client``)."""
    therapist = make_user(role="therapist", display_name="Dr Lee")
    therapist_client = sign_in(app, therapist)
    share_code_with(client, sharing_code(therapist_client))
    return {"therapist": therapist, "therapist_client": therapist_client,
            "share_id": share_id_on(therapist_client), "person": person}
