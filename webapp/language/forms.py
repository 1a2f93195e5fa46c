"""The switcher's form: which language, and the page to go back to."""
from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import ValidationError

from webapp.language.choice import supported


def one_language_we_speak(form: Any, field: Any) -> None:
    """Exactly one value, naming a language Steady speaks (a browser sends one button)."""
    if len(field.raw_data or []) != 1 or supported(field.data) is None:
        raise ValidationError("unknown language")  # never shown: the page says it in words


class LanguageForm(FlaskForm):
    language = StringField(validators=[one_language_we_speak])
    next = HiddenField()
