"""Template helpers: content-hashed static URLs and what pages may link to."""
from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, Response, current_app, request, url_for
from flask_babel import get_locale

_HASHES: dict[str, str] = {}


def static_hash(filename: str) -> str:
    """First 10 hex digits of the file's SHA-256, cached per process."""
    if filename not in _HASHES or current_app.debug:
        path = Path(current_app.static_folder or "") / filename
        _HASHES[filename] = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    return _HASHES[filename]


def static_url(filename: str) -> str:
    """A cache-busting URL: it changes exactly when the file's bytes change."""
    return url_for("static", filename=filename, v=static_hash(filename))


def _long_cache_for_versioned_static(response: Response) -> Response:
    if request.endpoint == "static" and request.args.get("v") and response.status_code == 200:
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(static_url=static_url, get_locale=get_locale)
    app.context_processor(lambda: {"url_endpoints": current_app.view_functions})
    app.after_request(_long_cache_for_versioned_static)
