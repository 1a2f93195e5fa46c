"""Migration lg01: accounts gain an optional language, and lose it again on the way down."""
from __future__ import annotations

from alembic import command
from sqlalchemy import inspect as inspect_db
from sqlalchemy import text

from tests.fixtures.database import migrate
from webapp import db


def columns(conn) -> dict[str, dict]:
    return {c["name"]: c for c in inspect_db(conn).get_columns("users")}


def test_lg01_adds_an_optional_language_and_takes_it_away(tmp_path):
    url = f"sqlite:///{tmp_path / 'lg01.sqlite3'}"
    migrate(url)
    cfg = db.alembic_config(url)
    engine = db.make_engine(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        language = columns(conn)["language"]
        assert language["nullable"] and language["type"].length == 8
        conn.execute(text("INSERT INTO users (email, password_hash, display_name, role, "
                          "timezone, session_token, created_at, updated_at) VALUES ('a@b.cd', "
                          "'x', 'A', 'person', 'UTC', 't', '2026-12-03', '2026-12-03')"))
        command.downgrade(cfg, "pr01")
        assert "language" not in columns(conn)
        command.upgrade(cfg, "lg01")
        assert conn.execute(text("SELECT language FROM users")).scalar_one() is None
    engine.dispose()
