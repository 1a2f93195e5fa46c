"""The diary's forms: flask-wtf supplies CSRF; the values are checked by
webapp.diary.parsing, shared with the sync API, so both accept the same input."""
from __future__ import annotations

from typing import Any

from flask import request
from flask_wtf import FlaskForm


class DiaryForm(FlaskForm):
    """CSRF-checked form whose fields are read with submitted()."""


def submitted() -> dict[str, Any]:
    """The posted values: lists for repeatable fields, strings for the rest."""
    data: dict[str, Any] = {}
    for key in request.form:
        values = request.form.getlist(key)
        data[key] = values if key in ("areas", "triggers", "flags") else values[0]
    data.pop("csrf_token", None)
    return data
