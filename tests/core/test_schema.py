from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect as inspect_db

from tests.fixtures.database import migrate
from webapp import db
from webapp.db import Base


def test_migrations_match_the_models(app):
    """A model change without a migration fails here, on each backend."""
    with app.extensions["steady_engine"].connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_schema_is_current_after_migrating(app):
    assert db.schema_is_current(app.extensions["steady_engine"])


def test_cli_create_user_and_demo(runner, db_session):
    from sqlalchemy import select

    from webapp.auth.models import User

    result = runner.invoke(args=["create-user", "--email", "t@example.com", "--name", "Dr T",
                                 "--role", "therapist",
                                 "--password", "gentle otters paddle at dawn"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["demo", "--days", "3"])
    assert result.exit_code == 0, result.output
    roles = dict(db_session.execute(select(User.email, User.role)).all())
    assert roles["t@example.com"] == "therapist"
    assert roles["demo@steady.example"] == "person"
    assert roles["therapist@steady.example"] == "therapist"


def test_demo_is_refused_in_production(database_url):
    from tests.fixtures.app import make_app

    app = make_app(database_url, ENV_NAME="production")
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code != 0 and "not in production" in result.output
    app.extensions["steady_engine"].dispose()


def test_every_migration_downgrades_and_upgrades_again(tmp_path):
    """Down to nothing and back up again: every migration's downgrade runs, and the
    chain (several sessions' migrations, re-chained at merges) has a single head."""
    url = f"sqlite:///{tmp_path / 'roundtrip.sqlite3'}"
    migrate(url)
    cfg = db.alembic_config(url)
    assert len(ScriptDirectory.from_config(cfg).get_heads()) == 1
    engine = db.make_engine(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
        assert [t for t in inspect_db(conn).get_table_names() if t != "alembic_version"] == []
        command.upgrade(cfg, "head")
        assert {"measure_responses", "reminder_settings", "practice_assignments",
                "share_access_log", "doctor_questions"} <= set(inspect_db(conn).get_table_names())
    engine.dispose()
