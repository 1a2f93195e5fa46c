"""Forms: a person's own breathing pattern, and a session's ratings and record."""
from __future__ import annotations

import decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, HiddenField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import TextInput

RATING_CHOICES = [SelectChoice("", _l("Skip"))] + [SelectChoice(str(n)) for n in range(11)]
NOT_A_NUMBER = _l("Enter a number of seconds, like 4 or 5.5.")


class SecondsField(DecimalField):
    """Seconds as typed: "5.5" and "5,5" both work, blank is no value, and what
    was typed is shown again when the form comes back with a message."""

    widget = TextInput()

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(label, validators, places=None, invalid_value_message=NOT_A_NUMBER,
                         **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        if str(valuelist[0]).strip() == "":
            self.data = None
            return
        super().process_formdata([str(valuelist[0]).strip().replace(",", ".")])
        if not self.data.is_finite():
            self.data = None
            raise ValueError(NOT_A_NUMBER)

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        if self.data is None:
            return ""
        return f"{float(self.data):g}"


class CustomPatternForm(FlaskForm):
    inhale = SecondsField(_l("Breathe in"), validators=[
        InputRequired(_l("Enter how many seconds to breathe in, from 2 to 12."))])
    hold_in = SecondsField(_l("Hold after breathing in"), validators=[Optional()])
    exhale = SecondsField(_l("Breathe out"), validators=[
        InputRequired(_l("Enter how many seconds to breathe out, from 2 to 12."))])
    hold_out = SecondsField(_l("Rest after breathing out"), validators=[Optional()])

    def values(self) -> dict[str, decimal.Decimal | None]:
        return {name: self[name].data for name in ("inhale", "hold_in", "exhale", "hold_out")}


class SessionForm(FlaskForm):
    """The record a finished exercise posts. The script fills the hidden fields;
    the ratings are the person's own, each optional. The service checks values."""

    uuid = HiddenField()
    exercise = HiddenField()
    pattern = HiddenField()
    phases = HiddenField()
    planned_seconds = HiddenField()
    actual_seconds = HiddenField()
    started_at = HiddenField()
    completed = HiddenField()
    anxiety_before = RadioField(_l("How anxious do you feel?"), choices=RATING_CHOICES,
                                default="", validate_choice=False)
    intensity_before = RadioField(_l("How strong is the twitching?"), choices=RATING_CHOICES,
                                  default="", validate_choice=False)
    anxiety_after = RadioField(_l("How anxious do you feel now?"), choices=RATING_CHOICES,
                               default="", validate_choice=False)
    intensity_after = RadioField(_l("How strong is the twitching now?"), choices=RATING_CHOICES,
                                 default="", validate_choice=False)

    def record(self) -> dict[str, Any]:
        """The posted values in the shape services.record_session takes."""
        return {name: field.data for name, field in self._fields.items()
                if name not in ("csrf_token", "uuid")}
