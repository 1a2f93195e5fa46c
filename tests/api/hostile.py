"""A fixed corpus of hostile sync items: every field of every real kind, and every
part of the envelope, replaced in turn by a value a fuzzer (or a broken phone)
might send. Shared by the API tests and by anyone who wants to count answers.

The body is serialised with Python's json, which writes Infinity and NaN, and
with 1e999 spliced in as a literal: both decode to non-finite floats on the server."""
from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.fixtures.diary import local_now_str

HUGE_DIGITS = "9" * 20
INF_LITERAL = "__inf_literal__"  # written into the body as the JSON number 1e999

# Values that are wrong for (almost) any field, as JSON values.
HOSTILE_VALUES: list[Any] = [
    float("inf"), float("-inf"), float("nan"), INF_LITERAL, 1e308, -1e308, 10**30, -(10**30),
    -1, 0.5, True, False, None, [], {}, [[]], {"a": {"b": 1}}, [1, 2], [None], [{"x": 1}], 5,
    "inf", "-inf", "Infinity", "1e999", "-1e999", "NaN", "nan", HUGE_DIGITS, "-" + HUGE_DIGITS,
    "1" * 5000, "1e308", "0x10", "١٢", "１０", "", " ", "\x00", "a\x00b", "\x07\x1b[31m",
    "\ud800", "x" * 20000, "🙂" * 50, "tag,with,commas", "<script>alert(1)</script>",
    "9999-12-31T23:59+14:00", "0001-01-01T00:00-14:00", "9999-12-31", "0001-01-01",
    "2026-02-30", "1 OR 1=1",
]

FIELDS: dict[str, list[str]] = {
    "entry": ["occurred_at", "areas", "triggers", "custom_triggers", "intensity", "duration",
              "feel", "situation", "anxiety", "note"],
    "checkin": ["day", "anxiety", "mood", "sleep_hours", "sleep_quality", "caffeine", "water",
                "alcohol", "movement_minutes", "stressful_events", "twitchiness", "note"],
    "exercise_session": ["exercise", "pattern", "phases", "planned_seconds", "actual_seconds",
                         "anxiety_before", "anxiety_after", "intensity_before",
                         "intensity_after", "started_at", "completed"],
}
ENVELOPE = ["uuid", "kind", "op", "owner", "base_version", "data"]


def valid_data(kind: str) -> dict[str, Any]:
    """Data each kind stores when nothing is wrong with it."""
    now = datetime.now(UTC)
    if kind == "entry":
        return {"occurred_at": local_now_str(minutes_ago=60),
                "areas": ["calf:left"], "intensity": "4", "note": "after coffee"}
    if kind == "checkin":
        return {"day": (now - timedelta(days=1)).date().isoformat(), "anxiety": "3",
                "sleep_hours": "7"}
    return {"exercise": "breathe", "pattern": "calm", "planned_seconds": 60,
            "actual_seconds": 60, "started_at": (now - timedelta(minutes=5)).isoformat(),
            "completed": True}


def item(owner: Any, kind: str, data: dict[str, Any] | None = None, op: str = "create",
         **extra: Any) -> dict[str, Any]:
    return {"uuid": str(uuid.uuid4()), "kind": kind, "op": op, "owner": owner,
            "data": valid_data(kind) if data is None else data, **extra}


def corpus(owner: Any, stored: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Hostile items. ``stored`` maps kind -> the uuid of a stored record of that kind
    (version 1): the items for that kind are then edits of it, not creates."""
    stored = stored or {}
    items = []
    for kind, fields in FIELDS.items():
        for field in fields:
            for value in HOSTILE_VALUES:
                one = item(owner, kind, {**valid_data(kind), field: value})
                if kind in stored:
                    one.update(uuid=stored[kind], op="update", base_version=1)
                items.append(one)
    for field in ENVELOPE:
        for value in HOSTILE_VALUES:
            items.append({**item(owner, "entry"), field: value})
    return items


def dumps(body: Any) -> str:
    """JSON as a careless client might write it: Infinity/NaN allowed, 1e999 literal."""
    return json.dumps(body).replace(json.dumps(INF_LITERAL), "1e999")


def nested(depth: int, leaf: Any = 1) -> Any:
    """[[[...leaf...]]] built without recursion."""
    value = leaf
    for _ in range(depth):
        value = [value]
    return value
