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
    data_version,
    db,
    diary,
    errors,
    exercises,
    insights,
    language,
    learn,
    measures,
    page_cache,
    portability,
    pwa,
    recovery,
    reminders,
    safety,
    security,
    sharing,
)
from webapp.api import registry as sync_kinds
from webapp.auth import session
from webapp.core import assets, nav, translations
from webapp.core import templating as core_templating
from webapp.diary import demo as diary_demo
from webapp.diary import offline_views as diary_offline
from webapp.diary import screener_views
from webapp.diary import sync as diary_sync
from webapp.diary import templating as diary_templating
from webapp.exercises import offline as exercises_offline
from webapp.exercises import patterns, routines
from webapp.extensions import babel, compress, csrf, limiter
from webapp.insights import summary_demo, summary_questions
from webapp.language import choice as language_choice
from webapp.language import headers as language_headers
from webapp.language import templating as language_templating
from webapp.learn import library
from webapp.measures import alert_sources as measure_alerts
from webapp.measures import demo as measures_demo
from webapp.measures import instruments as measures_content
from webapp.measures import portable as measures_records
from webapp.measures import templating as measures_templating
from webapp.portability import records as portable_records
from webapp.practice import demo as practice_demo
from webapp.practice import portable as practice_records
from webapp.practice import routes as practice_routes
from webapp.practice import templating as practice_templating
from webapp.pwa import client_text as pwa_text
from webapp.pwa import precache
from webapp.recovery import demo as recovery_demo
from webapp.recovery import experiment_demo, experiment_records
from webapp.recovery import portable as recovery_records
from webapp.recovery import sync as recovery_sync
from webapp.recovery import views as recovery_views
from webapp.reminders import cli as reminders_cli
from webapp.reminders import demo as reminders_demo
from webapp.reminders import portable as reminder_records
from webapp.reminders import push
from webapp.safety import crisis, signs
from webapp.sharing import access_log
from webapp.validation import DatabaseIdConverter

ROOT_FOLDERS = {"template_folder": "../templates", "static_folder": "../static"}


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True, instance_path=_instance_path(),
                template_folder=ROOT_FOLDERS["template_folder"],
                static_folder=ROOT_FOLDERS["static_folder"])
    config.load(app, test_config)
    _trust_proxies(app)
    db.init_app(app)
    data_version.install(app.extensions["steady_sessionmaker"])  # writes bump their owners
    page_cache.init_app(app)  # pages kept until their owner's data changes
    _init_extensions(app)
    translations.init_app(app)  # templates' gettext: one catalogue lookup per request
    assets.init_app(app)  # /static/: content-hashed, imports versioned, compressed, immutable
    session.init_app(app)  # who is signed in, and the answer for anyone who is not
    security.init_app(app)
    language_headers.init_app(app)  # answers say their language (Content-Language, Vary)
    errors.init_app(app)
    push.init_app(app)  # a VAPID subject that is set must be real; production says if missing
    _register_blueprints(app)
    # Content kept as data, checked now: a broken file stops the start, naming file and field.
    library.init_app(app)  # the Learn articles, rendered once
    patterns.init_app(app)  # breathing patterns: their words, cues and counts
    routines.init_app(app)  # relaxation routines, step by step
    signs.init_app(app)  # the warning signs
    crisis.init_app(app)  # crisis numbers by region
    measures_content.init_app(app)  # the questionnaires' words (PHQ-4, GAD-7, PHQ-9)
    # The kinds of record a person owns: what the sync API accepts, what the export holds.
    diary_sync.register(app)
    sync_kinds.register_builtin_handlers(app)
    portable_records.register(app)
    recovery_sync.register(app)  # checks and parked worries
    recovery_records.register(app)
    experiment_records.register_records(app)  # experiments and their daily answers
    summary_questions.register_records(app)  # questions for the doctor
    reminder_records.register(app)  # reminder settings (push subscriptions stay on their device)
    measures_records.register_records(app)  # questionnaire responses
    practice_records.register_records(app)  # practice a therapist assigned
    access_log.register_export(app)  # who looked at a shared diary: exported, never imported
    # Alerts on the clients dashboard, beside the red flags: item 9, a reliable worsening,
    # two questionnaires missed in a row (one UNION ALL with every other source).
    measure_alerts.register()
    # What every template can use.
    app.context_processor(nav.inject)
    app.context_processor(screener_views.screener_context)
    core_templating.init_app(app)
    language_templating.init_app(app)  # the switcher, and dates by Babel (the |when filter)
    diary_templating.init_app(app)
    measures_templating.init_app(app)  # due questionnaires, a client's scores
    practice_templating.init_app(app)  # assigned practice: home screen, client page
    pwa_text.init_app(app)  # the words the offline scripts show, in the page's language
    # The service worker's lists: public pages kept offline, then a hash of static/.
    precache.offer_pages(app, library.offline_urls, diary_offline.offline_urls,
                         exercises_offline.offline_urls, recovery_views.offline_urls)
    precache.offer_assets(app, exercises_offline.offline_assets, recovery_views.offline_assets)
    precache.init_app(app)
    cli.init_app(app)
    cli.add_demo_filler(app, diary_demo.fill)
    cli.add_demo_filler(app, recovery_demo.fill)
    cli.add_demo_filler(app, experiment_demo.fill)
    cli.add_demo_filler(app, summary_demo.fill)
    cli.add_demo_filler(app, reminders_demo.fill)
    reminders_cli.init_app(app)  # send-reminders, for cron or a systemd timer
    cli.add_demo_filler(app, measures_demo.fill)
    cli.add_demo_filler(app, practice_demo.fill)  # after the share: practice from the therapist
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
    # Which language: the account's choice, this phone's cookie, the browser, English.
    babel.init_app(app, locale_selector=language_choice.for_request)
    compress.init_app(app)  # pages and JSON; static files are compressed once (assets)


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
    app.register_blueprint(reminders.bp)
    app.register_blueprint(measures.bp)
    app.register_blueprint(practice_routes.bp)
    app.register_blueprint(language.bp)
