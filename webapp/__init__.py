"""Steady: create_app() builds the app as a readable list of steps, nothing more.

Every start-up step is a named call below; no feature does start-up work from a
blueprint hook or an import."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp import (
    api,
    auth,
    cli,
    config,
    core,
    db,
    diary,
    errors,
    exercises,
    insights,
    learn,
    portability,
    pwa,
    recovery,
    safety,
    security,
    sharing,
)
from webapp.api import registry as sync_kinds
from webapp.auth import session
from webapp.core import nav
from webapp.core import templating as core_templating
from webapp.diary import demo as diary_demo
from webapp.diary import offline_views as diary_offline
from webapp.diary import screener_views
from webapp.diary import sync as diary_sync
from webapp.diary import templating as diary_templating
from webapp.exercises import offline as exercises_offline
from webapp.exercises import patterns, routines
from webapp.extensions import babel, csrf, limiter
from webapp.insights import summary_questions
from webapp.learn import library
from webapp.portability import records as portable_records
from webapp.pwa import client_text as pwa_text
from webapp.pwa import precache
from webapp.recovery import demo as recovery_demo
from webapp.recovery import experiment_demo, experiment_records
from webapp.recovery import portable as recovery_records
from webapp.recovery import sync as recovery_sync
from webapp.recovery import views as recovery_views
from webapp.safety import crisis, signs
from webapp.validation import DatabaseIdConverter

ROOT_FOLDERS = {"template_folder": "../templates", "static_folder": "../static"}


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True, instance_path=_instance_path(),
                template_folder=ROOT_FOLDERS["template_folder"],
                static_folder=ROOT_FOLDERS["static_folder"])
    config.load(app, test_config)
    _trust_proxies(app)
    db.init_app(app)
    _init_extensions(app)
    session.init_app(app)  # who is signed in, and the answer for anyone who is not
    security.init_app(app)
    errors.init_app(app)
    _register_blueprints(app)
    # Content kept as data, checked now: a broken file stops the start, naming file and field.
    library.init_app(app)  # the Learn articles, rendered once
    patterns.init_app(app)  # breathing patterns: their words, cues and counts
    routines.init_app(app)  # relaxation routines, step by step
    signs.init_app(app)  # the warning signs
    crisis.init_app(app)  # crisis numbers by region
    # The kinds of record a person owns: what the sync API accepts, what the export holds.
    diary_sync.register(app)
    sync_kinds.register_builtin_handlers(app)
    portable_records.register(app)
    recovery_sync.register(app)  # checks and parked worries
    recovery_records.register(app)
    experiment_records.register_records(app)  # experiments and their daily answers
    summary_questions.register_records(app)  # questions for the doctor
    # What every template can use.
    app.context_processor(nav.inject)
    app.context_processor(screener_views.screener_context)
    core_templating.init_app(app)
    diary_templating.init_app(app)
    pwa_text.init_app(app)  # the words the offline scripts show, in the page's language
    # The service worker's lists: public pages kept offline, then a hash of static/.
    precache.offer_pages(app, library.offline_urls, diary_offline.offline_urls,
                         exercises_offline.offline_urls, recovery_views.offline_urls)
    precache.offer_assets(app, exercises_offline.offline_assets)
    precache.init_app(app)
    cli.init_app(app)
    cli.add_demo_filler(app, diary_demo.fill)
    cli.add_demo_filler(app, recovery_demo.fill)
    cli.add_demo_filler(app, experiment_demo.fill)
    return app


def _instance_path() -> str:
    return str(Path(__file__).resolve().parent.parent / "instance")


def _trust_proxies(app: Flask) -> None:
    x_for, x_proto = app.config["PROXY_FIX_X_FOR"], app.config["PROXY_FIX_X_PROTO"]
    if x_for or x_proto:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=x_for, x_proto=x_proto)  # type: ignore[method-assign]


def _init_extensions(app: Flask) -> None:
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app)


def _register_blueprints(app: Flask) -> None:
    app.url_map.converters["int"] = DatabaseIdConverter  # before any route uses <int:...>
    app.register_blueprint(core.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(learn.bp)
    app.register_blueprint(diary.bp)
    app.register_blueprint(diary.offline_bp)
    app.register_blueprint(insights.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(exercises.bp)
    app.register_blueprint(pwa.bp)
    app.register_blueprint(sharing.bp)
    app.register_blueprint(portability.bp)
    app.register_blueprint(safety.bp)
    app.register_blueprint(recovery.bp)
