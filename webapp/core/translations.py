"""Templates' gettext without Flask-Babel's per-string lookups: each `_()` in a
template used to find the domain, the locale (formatted to a string) and the
catalogue again, dozens of times per page. The catalogue is looked up once per
request and kept in `g`, keyed by the locale object Flask-Babel chose, so a
`force_locale` block or a `refresh()` still gets the right language."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any
from weakref import WeakKeyDictionary

from flask import Flask, g
from flask_babel import get_translations

_MADE: WeakKeyDictionary[Any, dict[Any, Any]] = WeakKeyDictionary()


def request_translations() -> Any:
    """The request's catalogue, looked up on first use (any caller, reads only)."""
    if not g:
        return get_translations()
    locale = getattr(getattr(g, "_flask_babel", None), "babel_locale", None)
    memo = g.get("_steady_translations")
    if memo is not None and locale is not None and memo[0] is locale:
        return memo[1]
    found = get_translations()  # also settles g._flask_babel.babel_locale
    g._steady_translations = (getattr(g._flask_babel, "babel_locale", None), found)
    return found


def once_per_catalogue(key: Any, make: Callable[[], Any]) -> Any:
    """``make()``'s words, made once per catalogue (so per language: a catalogue
    never changes while the server runs) and ``key``, then reused (any caller)."""
    made = _MADE.setdefault(request_translations(), {})
    if key not in made:
        made[key] = make()
    return made[key]


def init_app(app: Flask) -> None:
    """Replace the gettext callables Flask-Babel installed in the Jinja environment."""
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
        newstyle=True)
