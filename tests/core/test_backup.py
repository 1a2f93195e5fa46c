"""`flask backup` and `flask restore`: a backup taken while people are writing
holds every write acknowledged before it started, and restores."""
from __future__ import annotations

import shutil
import sqlite3
import threading
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Self

import pytest
from sqlalchemy import delete, select

from tests.fixtures.app import make_app
from tests.fixtures.database import PG_URL, wipe_postgres
from webapp import backup, db
from webapp.auth import services as accounts
from webapp.auth.models import User
from webapp.db import utcnow
from webapp.diary import services
from webapp.diary.models import Entry

WRITERS = 4


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "live.sqlite3"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


def _person(app, email: str = "writer@example.com") -> int:
    with app.app_context():
        user = accounts.register(db.session, email=email, password="a long enough pass 42",
                                 display_name="Writer", timezone="UTC")
        db.session.commit()
        return user.id


def _log(app, user_id: int, note: str = "") -> uuid.UUID:
    """One twitch, committed: when this returns, the write is acknowledged."""
    key = uuid.uuid4()
    with app.app_context():
        user = db.session.get(User, user_id)
        when = (utcnow() - timedelta(minutes=5)).isoformat()
        services.create_entry(db.session, user, key, {"occurred_at": when, "areas": ["calf:left"],
                                                      "note": note})
        db.session.commit()
    return key


def _uuids(url: str) -> set[uuid.UUID]:
    engine = db.make_engine(url)
    try:
        with engine.connect() as conn:
            return set(conn.scalars(select(Entry.uuid)))
    finally:
        engine.dispose()


class Writers:
    """Threads that keep logging twitches, recording each acknowledged one."""

    def __init__(self, app, user_id: int) -> None:
        self.app, self.user_id = app, user_id
        self.acknowledged: list[uuid.UUID] = []
        self.errors: list[BaseException] = []
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(WRITERS)]

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                self.acknowledged.append(_log(self.app, self.user_id))
            except BaseException as err:  # noqa: BLE001 - reported by the test
                self.errors.append(err)
                return

    def __enter__(self) -> Self:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(30)


def test_backup_while_writing_holds_every_acknowledged_write_and_restores(sqlite_url, tmp_path):
    app = make_app(sqlite_url)
    user_id = _person(app)
    target = tmp_path / "backups" / "steady-backup.sqlite3"
    with Writers(app, user_id) as writers:
        while len(writers.acknowledged) < 150 and not writers.errors:
            threading.Event().wait(0.01)
        acknowledged = set(writers.acknowledged)  # every one committed before the backup began
        result = app.test_cli_runner().invoke(args=["backup", str(target)])
        during = len(writers.acknowledged)
    assert not writers.errors
    assert result.exit_code == 0, result.output
    assert during > len(acknowledged), "the writers kept going while the backup ran"
    assert "checked" in result.output and "entries:" in result.output

    in_backup = _uuids(f"sqlite:///{target}")
    assert acknowledged <= in_backup
    assert not Path(f"{target}-wal").exists(), "the backup is one self-contained file"
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    fresh = tmp_path / "restored" / "steady.sqlite3"
    restored_app = make_app(f"sqlite:///{fresh}")
    result = restored_app.test_cli_runner().invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    assert f"entries: {len(in_backup)}" in result.output
    assert _uuids(f"sqlite:///{fresh}") == in_backup
    with restored_app.app_context():
        assert db.schema_is_current(db.get_engine())
    restored_app.extensions["steady_engine"].dispose()
    app.extensions["steady_engine"].dispose()


def test_backup_refuses_to_overwrite_without_force(sqlite_url, tmp_path):
    app = make_app(sqlite_url)
    _log(app, _person(app))
    target = tmp_path / "backup.sqlite3"
    target.write_text("an older backup")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code != 0
    assert "already exists" in result.output and "--force" in result.output
    assert target.read_text() == "an older backup"
    assert runner.invoke(args=["backup", str(target), "--force"]).exit_code == 0
    assert len(_uuids(f"sqlite:///{target}")) == 1
    app.extensions["steady_engine"].dispose()


def _backup_at_revision(app, tmp_path: Path, revision: str) -> Path:
    target = tmp_path / f"backup-{revision}.sqlite3"
    assert app.test_cli_runner().invoke(args=["backup", str(target)]).exit_code == 0
    with sqlite3.connect(target) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    return target


def test_restore_asks_first_and_refuses_a_newer_or_foreign_file(sqlite_url, tmp_path):
    app = make_app(sqlite_url)
    user_id = _person(app)
    kept = _log(app, user_id, note="in the backup")
    target = tmp_path / "backup.sqlite3"
    runner = app.test_cli_runner()
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    later = _log(app, user_id, note="written after the backup")

    answer_no = runner.invoke(args=["restore", str(target)], input="n\n")
    assert answer_no.exit_code != 0 and "Replace everything" in answer_no.output
    assert _uuids(sqlite_url) == {kept, later}

    newer = _backup_at_revision(app, tmp_path, "ffffffffffff")
    result = runner.invoke(args=["restore", str(newer), "--yes"])
    assert result.exit_code != 0 and "newer Steady" in result.output
    not_sqlite = tmp_path / "notes.txt"
    not_sqlite.write_text("not a database at all " * 100)
    result = runner.invoke(args=["restore", str(not_sqlite), "--yes"])
    assert result.exit_code != 0 and "not a readable SQLite database" in result.output
    missing = runner.invoke(args=["restore", str(tmp_path / "missing.sqlite3"), "--yes"])
    assert missing.exit_code != 0 and "no backup file" in missing.output
    assert _uuids(sqlite_url) == {kept, later}

    result = runner.invoke(args=["restore", str(target)], input="y\n")
    assert result.exit_code == 0, result.output
    assert _uuids(sqlite_url) == {kept}
    app.extensions["steady_engine"].dispose()


def test_restore_of_an_older_schema_says_to_upgrade(sqlite_url, tmp_path):
    app = make_app(sqlite_url)
    _person(app)
    with app.app_context():
        script = backup._script(sqlite_url)
    oldest = list(script.walk_revisions())[-1].revision
    older = _backup_at_revision(app, tmp_path, oldest)
    result = app.test_cli_runner().invoke(args=["restore", str(older), "--yes"])
    assert result.exit_code == 0, result.output
    assert "older schema" in result.output and "db upgrade" in result.output
    app.extensions["steady_engine"].dispose()


def test_postgres_without_pg_dump_prints_the_command_to_run(tmp_path, monkeypatch):
    app = make_app("postgresql+psycopg://steady:s3cret-pw@db.invalid:5432/steady")
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump here
    target = tmp_path / "steady.dump"
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code != 0
    assert "pg_dump is not on PATH" in result.output
    assert "pg_dump --format=custom" in result.output
    assert "postgresql://steady@db.invalid:5432/steady" in result.output
    assert "s3cret-pw" not in result.output and not target.exists()
    restore = app.test_cli_runner().invoke(args=["restore", str(target), "--yes"])
    assert restore.exit_code != 0 and "no backup file" in restore.output
    target.write_bytes(b"PGDMP")
    restore = app.test_cli_runner().invoke(args=["restore", str(target), "--yes"])
    assert restore.exit_code != 0 and "pg_restore --clean" in restore.output
    assert "s3cret-pw" not in restore.output


@pytest.mark.skipif(not PG_URL, reason="TEST_DATABASE_URL is not set")
def test_postgres_backup_and_restore_with_pg_dump(postgres_migrated, tmp_path):
    wipe_postgres(postgres_migrated)
    app = make_app(postgres_migrated)
    user_id = _person(app)
    kept = _log(app, user_id, note="in the dump")
    target = tmp_path / "steady.dump"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["backup", str(target)])
    if shutil.which("pg_dump") is None:
        assert result.exit_code != 0 and "pg_dump --format=custom" in result.output
        return
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"PGDMP") and "entries: 1" in result.output
    assert runner.invoke(args=["backup", str(target)]).exit_code != 0  # no silent overwrite
    with app.app_context():
        db.session.execute(delete(Entry))
        db.session.commit()
    result = runner.invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    assert _uuids(postgres_migrated) == {kept}
    app.extensions["steady_engine"].dispose()
