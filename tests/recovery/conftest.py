"""Recovery fixtures: log a check and park a worry through the forms, like a browser."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.fixtures.accounts import post_form


@pytest.fixture
def log_check(client: FlaskClient) -> Callable[..., Any]:
    """Post the ledger's log form; returns (response, uuid)."""

    def _log(**fields: Any) -> tuple[Any, str]:
        data = {"uuid": str(uuid.uuid4()), "kind": "body", "action": "save"}
        data.update(fields)
        return post_form(client, "/recovery/", data), data["uuid"]

    return _log


@pytest.fixture
def park(client: FlaskClient) -> Callable[..., Any]:
    """Post the worry form; returns (response, uuid)."""

    def _park(text: str = "What if it never stops?", **fields: Any) -> tuple[Any, str]:
        data = {"uuid": str(uuid.uuid4()), "text": text, **fields}
        return post_form(client, "/recovery/worry", data), data["uuid"]

    return _park
