"""Dates and times a person reads, written by Babel in the page's language.

Each place that shows a date names a form ("date", "weekday_day_month", ...) and
every language says that form its own way: English exactly as the pages wrote
it before with strftime ("05 Dec 2026", "Monday 30 November"), Spanish as a
Spanish reader expects ("5 dic 2026", "lunes, 30 de noviembre"), and any other
language through a CLDR skeleton, which puts the same fields in that language's
order. Forms with a time join the date and the time as the language does.

Machine formats (ISO values in inputs, URLs, files and exports) are not for
this module: they stay ``isoformat()`` or ``strftime`` with digits only."""
from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import NamedTuple

from babel import Locale
from babel.dates import format_date, format_datetime, format_skeleton
from flask_babel import get_locale


class Form(NamedTuple):
    patterns: dict[str, str]  # CLDR patterns by language
    skeleton: str  # for a language without a pattern here


FORMS = {
    "date": Form({"en": "dd MMM y", "es": "d MMM y"}, "yMMMd"),
    "day_month": Form({"en": "dd MMM", "es": "d MMM"}, "MMMd"),
    "day_month_brief": Form({"en": "d MMM", "es": "d MMM"}, "MMMd"),  # a week's first day
    "date_long": Form({"en": "dd MMMM y", "es": "d 'de' MMMM 'de' y"}, "yMMMMd"),
    "day_month_long": Form({"en": "dd MMMM", "es": "d 'de' MMMM"}, "MMMMd"),
    "day_in_month": Form({"en": "d MMMM", "es": "d 'de' MMMM"}, "MMMMd"),  # starts with the day
    "weekday": Form({"en": "EEEE", "es": "EEEE"}, "EEEE"),
    "weekday_day_month": Form({"en": "EEEE dd MMMM", "es": "EEEE, d 'de' MMMM"}, "MMMMEEEEd"),
    "weekday_date": Form({"en": "EEEE dd MMMM y", "es": "EEEE, d 'de' MMMM 'de' y"},
                         "yMMMMEEEEd"),
    "short_weekday_day_month": Form({"en": "EEE dd MMM", "es": "EEE d MMM"}, "MMMEd"),
    "short_weekday_date": Form({"en": "EEE dd MMM y", "es": "EEE d MMM y"}, "yMMMEd"),
    "month_year": Form({"en": "MMMM y", "es": "LLLL 'de' y"}, "yMMMM"),
    "time": Form({"en": "HH:mm", "es": "H:mm"}, "Hm"),
    "date_brief": Form({"en": "d MMM y", "es": "d MMM y"}, "yMMMd"),
    "date_in_month": Form({"en": "d MMMM y", "es": "d 'de' MMMM 'de' y"}, "yMMMMd"),
    "weekday_day_in_month": Form({"en": "EEEE d MMMM", "es": "EEEE, d 'de' MMMM"}, "MMMMEEEEd"),
    "long": Form({"en": "MMMM d, y", "es": "d 'de' MMMM 'de' y"}, "yMMMMd"),
    "month_year_brief": Form({"en": "MMM yy", "es": "MMM yy"}, "yMMM"),
}
# A date form, then the time, joined the way the language joins them ("{1}, {0}").
WITH_TIME = {
    "date_time": "date",
    "day_month_time": "day_month",
    "short_weekday_day_month_time": "short_weekday_day_month",
    "short_weekday_date_time": "short_weekday_date",
}
FORMS.update({name: Form({}, "") for name in WITH_TIME})


def _locale(locale: str | Locale | None) -> Locale:
    if isinstance(locale, Locale):
        return locale
    if locale:
        return Locale.parse(locale)
    return get_locale() or Locale.parse("en")


@lru_cache(maxsize=8192)  # a chart's table says the same few hundred days on every view
def _say(value: date | datetime, form: str, locale: Locale) -> str:
    found = FORMS[form]
    pattern = found.patterns.get(locale.language)
    if pattern is None:
        return format_skeleton(found.skeleton, value, locale=locale)
    if isinstance(value, datetime):
        # An aware value keeps its own zone (templates convert it with |localtime first).
        return format_datetime(value, pattern, locale=locale)
    return format_date(value, pattern, locale=locale)


def show_date(value: date | datetime, form: str = "date", *, alone: bool = False,
              locale: str | Locale | None = None) -> str:
    """``value`` as a person reads it, in ``form`` (a key of FORMS), in the request's
    language (or ``locale``). ``alone``: it stands by itself, as a heading, so it
    starts with a capital ("Lunes, 30 de noviembre"). Any caller; reads only.
    The template filter ``when``: ``{{ day|when('weekday_date') }}``."""
    speaking = _locale(locale)
    if form in WITH_TIME:
        joined = speaking.datetime_formats["medium"]
        text = str(joined).format(_say(value, "time", speaking),
                                  _say(value, WITH_TIME[form], speaking))
    else:
        text = _say(value, form, speaking)
    return text[:1].upper() + text[1:] if alone else text
