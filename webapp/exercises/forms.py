"""The exercises' forms: flask-wtf supplies CSRF; the values are checked by
webapp.exercises.parsing, shared with the JSON POST, the sync API and the import,
so all of them accept the same input."""
from __future__ import annotations

from typing import Any

from flask import request
from flask_wtf import FlaskForm

RECORD_FIELDS = ("uuid", "exercise", "pattern", "phases", "planned_seconds", "actual_seconds",
                 "started_at", "completed")  # hidden, filled in by the player's script


class ExerciseForm(FlaskForm):
    """CSRF-checked form whose fields are read with submitted()."""


def submitted() -> dict[str, Any]:
    """The posted values, as text, without the CSRF token."""
    data = request.form.to_dict()
    data.pop("csrf_token", None)
    return data
