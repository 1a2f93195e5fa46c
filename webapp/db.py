"""Plain SQLAlchemy 2.x: the declarative Base, one engine per app, one session per app context."""
from __future__ import annotations

import os
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import DateTime, MetaData, Uuid, create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.types import TypeDecorator
from werkzeug.local import LocalProxy

from webapp import sqlite_writers

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite drops the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), uuid.UUID: Uuid()}


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


READ_ONLY = "steady_read_only"  # an execution option: this connection never writes


WRITING = "steady_writing"  # g: this request's reading part is over (start_writing)


def _wants_write_lock() -> bool:
    # SQLite: a deferred BEGIN that later writes fails with "database is locked"
    # when another writer got there first, busy timeout or not. Requests that may
    # write (and CLI work) take the write lock up front; reads stay concurrent.
    # A view marked ``writes_late`` reads first without it, until start_writing().
    if not has_request_context():
        return True
    if request.method in SAFE_METHODS:
        return False
    view = current_app.view_functions.get(request.endpoint or "")
    return not getattr(view, "writes_late", False) or bool(g.get(WRITING))


def writes_late(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a writing view (put it below the other decorators) that reads first,
    then calls ``start_writing()`` before its first write: on SQLite the write lock,
    which every other writer waits for, is then held only for the writing part,
    not while the request signs in, checks and parses."""
    setattr(view, "writes_late", True)  # noqa: B010 - copied to the wrappers by @wraps
    return view


def start_writing() -> None:
    """In a ``writes_late`` view: end the reading part's transaction (nothing was
    written in it; loaded objects stay loaded), so the next statement begins the
    writing one, with SQLite's write lock."""
    g.setdefault(WRITING, True)
    sess = get_session()
    if sess.in_transaction() and sess.get_bind().dialect.name == "sqlite":
        sess.commit()  # PostgreSQL locks rows, not the database: nothing to end there


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    turn = threading.Lock()  # this engine's writers take turns (webapp.sqlite_writers)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.turn, dbapi_conn.busy_timeout_ms = turn, busy_timeout_ms
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.get_execution_options().get(READ_ONLY) or not _wants_write_lock():
            conn.exec_driver_sql("BEGIN")
            return
        try:
            conn.connection.dbapi_connection.begin_writing()  # BEGIN IMMEDIATE, in turn
        except sqlite3.OperationalError as err:
            raise OperationalError("BEGIN IMMEDIATE", None, err) from err


def make_engine(url: str, *, echo: bool = False, busy_timeout_ms: int = 5000) -> Engine:
    """Build an engine with the per-backend settings Steady relies on."""
    if url.startswith("sqlite"):
        engine = create_engine(url, echo=echo, connect_args={
            "check_same_thread": False, "factory": sqlite_writers.Connection})
        _configure_sqlite(engine, busy_timeout_ms)
    else:
        engine = create_engine(url, echo=echo, pool_pre_ping=True)
    # A forked gunicorn worker must not share the parent's connections.
    os.register_at_fork(after_in_child=lambda: engine.dispose(close=False))
    return engine


def init_app(app: Flask) -> None:
    engine = make_engine(
        app.config["SQLALCHEMY_DATABASE_URI"],
        echo=app.config["SQLALCHEMY_ECHO"],
        busy_timeout_ms=app.config["SQLITE_BUSY_TIMEOUT_MS"],
    )
    app.extensions["steady_engine"] = engine
    app.extensions["steady_sessionmaker"] = sessionmaker(bind=engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def get_engine() -> Engine:
    return current_app.extensions["steady_engine"]


def get_session() -> Session:
    """The session of the current app context, opened on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["steady_sessionmaker"]()
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    sess = g.pop("db_session", None)
    if sess is not None:
        sess.close()


session: Session = LocalProxy(get_session)  # type: ignore[assignment]


def streamed(produce: Callable[[Session], Iterator[str]]) -> Iterator[str]:
    """A download written while it is sent: ``produce(session)`` runs with a
    session of its own, read only (no write lock), opened when the server asks for
    the first piece and closed after the last or when the download is abandoned.
    No Flask context is pushed: between pieces it holds nothing of the request's
    (``stream_with_context`` would keep the request's contexts pushed across
    yields). ``produce`` gets what it needs from the request before it starts."""
    maker = current_app.extensions["steady_sessionmaker"]

    def run() -> Iterator[str]:
        with maker() as own:
            own.connection(execution_options={READ_ONLY: True})
            yield from produce(own)

    return run()


def refresh_statistics(engine: Engine) -> None:
    """After a bulk load (the demo, a restore): PostgreSQL plans queries from table
    statistics, and until autovacuum gathers them it guessed a nested loop for the
    log-less offer's count and took 12 ms to load the signed-in user. SQLite keeps
    its plans without statistics, so only PostgreSQL is asked."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")


def ping() -> bool:
    """True when the database answers a trivial query."""
    try:
        with get_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception as exc:  # noqa: BLE001 - any failure means "not ok" for the health check
        current_app.logger.warning("database ping failed: %s", describe_failure(exc))
        return False


def describe_failure(exc: BaseException) -> str:
    """One log line for a database error: its class and the driver's first line."""
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0] if lines else ''}"[:300]


def alembic_config(url: str) -> Config:
    """Alembic settings built in code, so no alembic.ini has to be found."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.set_main_option(
        "file_template", "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s"
    )
    return cfg


def schema_is_current(engine: Engine) -> bool:
    """True when the database is at the newest Alembic revision."""
    url = engine.url.render_as_string(hide_password=False)
    script = ScriptDirectory.from_config(alembic_config(url))
    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    return current == set(script.get_heads())
