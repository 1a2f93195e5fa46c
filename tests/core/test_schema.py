from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

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
