"""Commands: `flask --app wsgi db upgrade`, `create-user`, `demo`, `backup`, `restore`."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
from alembic import command
from alembic.config import Config
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy.orm import Session

from webapp import backup, db
from webapp.auth import services as accounts
from webapp.auth.models import ROLES, User
from webapp.security import password_problem
from webapp.sharing import demo as sharing_demo
from webapp.sharing import services as sharing

DEMO_PASSWORD = "steady-demo-pass"
DEMO_PERSON = "demo@steady.example"
DEMO_THERAPIST = "therapist@steady.example"
DEMO_FILLERS = "steady_demo_fillers"


def _alembic() -> Config:
    return db.alembic_config(
        db.get_engine().url.render_as_string(hide_password=False)
    )


db_group = AppGroup("db", help="Database schema (Alembic).")


@db_group.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Migrate the database to REVISION (default: the newest)."""
    with db.get_engine().begin() as conn:
        cfg = _alembic()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    click.echo("Database is at the newest schema." if revision == "head" else f"At {revision}.")


@db_group.command("revision")
@click.option("-m", "--message", required=True)
def db_revision(message: str) -> None:
    """Write a new migration from the difference between models and database."""
    command.revision(_alembic(), message=message, autogenerate=True)


@db_group.command("current")
def db_current() -> None:
    """Say whether the schema is current."""
    click.echo("current" if db.schema_is_current(db.get_engine()) else "behind: run db upgrade")


def _ensure_user(email: str, role: str, name: str, password: str, timezone: str) -> User:
    user = accounts.user_by_email(db.session, email)
    if user is None:
        user = accounts.register(db.session, email=email, password=password,
                                 display_name=name, timezone=timezone, role=role)
    return user


@click.command("create-user")
@with_appcontext
@click.option("--email", required=True)
@click.option("--name", "display_name", required=True)
@click.option("--role", type=click.Choice(ROLES), default="person", show_default=True)
@click.option("--timezone", default="UTC", show_default=True)
@click.password_option()
def create_user(email: str, display_name: str, role: str, timezone: str, password: str) -> None:
    """Create an account (for example a therapist's)."""
    problem = password_problem(password, [email, display_name])
    if problem:
        raise click.BadParameter(problem, param_hint="password")
    try:
        user = accounts.register(db.session, email=email, password=password,
                                 display_name=display_name, timezone=timezone, role=role)
    except accounts.AccountError as err:
        raise click.ClickException(str(err)) from err
    db.session.commit()
    click.echo(f"Created {user.role} {user.email}.")


@click.command("demo")
@with_appcontext
@click.option("--days", default=90, show_default=True, type=click.IntRange(0, 3660))
def demo(days: int) -> None:
    """Create the demo person and therapist (not in production), with N days of diary."""
    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("The demo accounts have a public password: not in production.")
    person = _ensure_user(DEMO_PERSON, "person", "Sam (demo)", DEMO_PASSWORD, "Europe/London")
    therapist = _ensure_user(DEMO_THERAPIST, "therapist", "Dr Rivera (demo)", DEMO_PASSWORD,
                             "Europe/London")
    # Sam shares with Dr Rivera (notes stay private), so the therapist side has a client.
    # The share comes first: a filler may add what a therapist sees (questionnaire alerts).
    code = sharing.code_for(db.session, therapist).code
    share = sharing.share_with_code(db.session, person, code, {
        "twitches": "y", "checkins": "y", "screenings": "y", "exercises": "y", "recovery": "y",
        "measures": "y"})
    sharing_demo.two_factor(db.session, therapist)
    for fill in current_app.extensions.get(DEMO_FILLERS, []):
        fill(db.session, person, days)
    # After the fillers, which replace the person's screenings: an unseen alert.
    sharing_demo.fill(db.session, person, therapist, share)
    db.session.commit()
    db.refresh_statistics(db.get_engine())
    click.echo(f"Demo ready: {DEMO_PERSON} and {DEMO_THERAPIST}, password {DEMO_PASSWORD}.")
    click.echo("The therapist signs in with a second step: on this computer the code page "
               "shows the current code. To try an authenticator app instead, add the key "
               f"{sharing_demo.DEMO_TOTP_SECRET}.")


def _echo_counts(counts: dict[str, int]) -> None:
    click.echo("\n".join(f"  {table}: {rows}" for table, rows in counts.items()))


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--force", is_flag=True, help="Replace PATH if it already exists.")
def backup_command(path: Path, force: bool) -> None:
    """Copy the database to PATH, safely while the app runs (SQLite's backup API, or pg_dump)."""
    engine = db.get_engine()
    try:
        live = backup.sqlite_file(engine.url)
        if live is not None:
            counts = backup.backup_sqlite(live, path, force=force)
        else:
            backup.backup_postgres(engine.url, path, force=force)
            counts = backup.live_counts(engine)
    except backup.BackupError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"Backup written to {path} and checked. Rows:")
    _echo_counts(counts)


@click.command("restore")
@with_appcontext
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database.")
def restore_command(path: Path, yes: bool) -> None:
    """Replace everything in the database with the backup at PATH."""
    engine = db.get_engine()
    try:
        live = backup.sqlite_file(engine.url)
        revision = (backup.sqlite_revision(path) if live
                    else backup.postgres_revision(engine.url, path))
        check = backup.compare_revision(revision, engine.url.render_as_string(hide_password=False))
        target = live or engine.url.render_as_string(hide_password=True)
        if not yes:
            click.confirm(f"Replace everything in {target} with the backup {path}? Anything "
                          "written since the backup was made is lost", abort=True)
        engine.dispose()  # this process keeps no connection open on the old contents
        if live is not None:
            counts = backup.restore_sqlite(path, live)
        else:
            backup.restore_postgres(engine.url, path)
            db.refresh_statistics(engine)  # pg_restore brings rows, not statistics
            counts = backup.live_counts(engine)
    except backup.BackupError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"Restored {path}. Rows:")
    _echo_counts(counts)
    if check.older:
        click.echo(f"The backup has an older schema ({check.revision}); run "
                   "`flask --app wsgi db upgrade` now, before starting the app.")


def add_demo_filler(app: Flask, fill: Callable[[Session, User, int], None]) -> None:
    """``flask demo`` calls fill(db, person, days) to add a feature's demo records."""
    app.extensions.setdefault(DEMO_FILLERS, []).append(fill)


def init_app(app: Flask) -> None:
    app.extensions.setdefault(DEMO_FILLERS, [])
    app.cli.add_command(db_group)
    app.cli.add_command(create_user)
    app.cli.add_command(demo)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
