"""Template helpers: content-hashed static URLs and what pages may link to."""
from __future__ import annotations

from flask import Flask, current_app, url_for
from flask_babel import get_locale

from webapp.core.assets import static_hash


def static_url(filename: str) -> str:
    """A cache-busting URL: it changes exactly when the served bytes change (for a
    module, when anything it imports changes too; see webapp/core/assets.py)."""
    return url_for("static", filename=filename, v=static_hash(filename))


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(static_url=static_url, get_locale=get_locale)
    app.context_processor(lambda: {"url_endpoints": current_app.view_functions})
