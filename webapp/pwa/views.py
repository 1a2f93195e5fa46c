"""Routes of the offline shell. All are public: they hold nobody's data."""
from __future__ import annotations

import hashlib
import json
from contextlib import nullcontext

from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask_babel import force_locale, get_locale

from webapp.language.choice import supported
from webapp.pwa import manifest as app_manifest
from webapp.pwa import precache

bp = Blueprint("pwa", __name__)


def _revalidated(body: str, mimetype: str, extra_headers: dict[str, str] | None = None) -> Response:
    """A response the browser must revalidate each time; an ETag keeps that to a 304."""
    response = current_app.response_class(body, mimetype=mimetype)
    response.headers["Cache-Control"] = "no-cache"
    response.headers.update(extra_headers or {})
    response.set_etag(hashlib.sha256(body.encode()).hexdigest()[:20])
    response.make_conditional(request)  # answers a matching If-None-Match with a 304
    return response


@bp.route("/manifest.webmanifest")
def manifest() -> Response:
    """Anyone (browsers, when offering to install): the web app manifest, in the
    language its link names (``?lang=es``: browsers fetch it without cookies, so
    every page links it with its own language), else in the request's."""
    named = supported(request.args.get("lang"))
    with force_locale(named) if named else nullcontext():
        body = json.dumps(app_manifest.build(), ensure_ascii=False, indent=1)
        language = str(get_locale())
    return _revalidated(body, "application/manifest+json", {"Content-Language": language})


@bp.route("/sw.js")
def service_worker() -> Response:
    """Anyone (browsers, registering or checking for an update): the service worker.

    Served from the root so its scope is the whole site; no-cache so a new
    deployment is noticed on the next visit rather than a day later."""
    script = precache.worker_script(current_app, url_for("pwa.offline"))
    return _revalidated(script, "application/javascript", {"Service-Worker-Allowed": "/"})


@bp.route("/offline")
def offline() -> str:
    """Anyone: what still works without a connection. The worker shows it offline."""
    return render_template("pwa/offline.html")


@bp.route("/install")
def install() -> str:
    """Anyone: how to add Steady to the home screen on Android, iPhone and desktop."""
    return render_template("pwa/install.html")
