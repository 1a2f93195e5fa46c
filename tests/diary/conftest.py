import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.fixtures.accounts import post_form


def local_now_str(zone: str = "UTC", minutes_ago: int = 5) -> str:
    return (datetime.now(ZoneInfo(zone)) - timedelta(minutes=minutes_ago)).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def log_twitch(client):
    """Post the twitch form like a browser; returns (response, uuid)."""

    def _log(**fields):
        data = {"uuid": str(uuid.uuid4()), "occurred_at": local_now_str(), "areas": ["calf:left"]}
        data.update(fields)
        response = post_form(client, "/diary/new", data)
        return response, data["uuid"]

    return _log
