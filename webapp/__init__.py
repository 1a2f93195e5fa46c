"""Steady: create_app() builds the app as a readable list of steps, nothing more."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp import cli, config, db, errors, security
from webapp.extensions import babel, csrf, limiter, login_manager

ROOT_FOLDERS = {"template_folder": "../templates", "static_folder": "../static"}


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True, instance_path=_instance_path(),
                **ROOT_FOLDERS)
    config.load(app, test_config)
    _trust_proxies(app)
    db.init_app(app)
    _init_extensions(app)
    security.init_app(app)
    errors.init_app(app)
    _register_blueprints(app)
    cli.init_app(app)
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
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"


def _register_blueprints(app: Flask) -> None:
    from webapp import (
        api,
        auth,
        core,
        diary,
        exercises,
        insights,
        learn,
        portability,
        pwa,
        safety,
        sharing,
    )
    from webapp.core import nav, templating
    from webapp.diary.parsing import DatabaseIdConverter

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
    app.context_processor(nav.inject)
    templating.init_app(app)
