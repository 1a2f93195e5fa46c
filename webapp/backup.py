"""Backups of the whole database, safe while the app runs.

SQLite keeps recent commits in the write-ahead log (`steady.sqlite3-wal`) until a
checkpoint folds them into the main file, so a plain file copy of a running
database misses them and still passes `integrity_check`. SQLite's online backup
API reads through a connection, WAL included, as one consistent snapshot.
PostgreSQL has pg_dump and pg_restore for the same job.

Each function raises BackupError with a sentence for the operator; the CLI
commands in webapp.cli print it and exit non-zero."""
from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import URL, Engine, make_url

from webapp.db import alembic_config

BUSY_TIMEOUT_S = 30.0


class BackupError(RuntimeError):
    """Nothing was written (or replaced); the message says why and what to do."""


@dataclass(frozen=True)
class RevisionCheck:
    revision: str | None
    head: str
    older: bool  # the backup predates the code: restore, then `flask db upgrade`


def sqlite_file(url: str | URL) -> Path | None:
    """The database file of a SQLite URL; None for any other database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    if not parsed.database or parsed.database == ":memory:":
        raise BackupError("An in-memory SQLite database has nothing to back up.")
    return Path(parsed.database)


def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode=ro" if read_only else str(path)
    conn = sqlite3.connect(uri, uri=read_only, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    return conn


def _check(conn: sqlite3.Connection, what: str) -> None:
    try:
        result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as err:
        raise BackupError(f"{what} is not a readable SQLite database ({err}).") from None
    if result != ["ok"]:
        raise BackupError(f"{what} failed SQLite's integrity check: {'; '.join(result[:5])}")


def sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per table of Steady's own tables, for the operator to compare."""
    names = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name != 'alembic_version' ORDER BY name")]
    return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def backup_sqlite(source: Path, target: Path, *, force: bool = False) -> dict[str, int]:
    """Copy the live database at `source` to `target` as one consistent snapshot
    that holds every transaction committed before the copy began. Writers keep
    going meanwhile. Returns the copy's row counts after checking its integrity."""
    if not source.exists():
        raise BackupError(f"There is no database at {source}.")
    if target.exists() and not force:
        raise BackupError(f"{target} already exists. Choose a new name, or add --force "
                          "to replace it.")
    if target.exists() and target.resolve() == source.resolve():
        raise BackupError("The backup cannot replace the live database itself.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    src, dst = _connect(source), _connect(partial)
    try:
        src.backup(dst)  # all pages in one step: one read snapshot, never restarted
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        _check(dst, "The backup")
        counts = sqlite_counts(dst)
    except sqlite3.Error as err:
        raise BackupError(f"The backup failed: {err}") from None
    finally:
        src.close()
        dst.close()
    if not counts:
        partial.unlink(missing_ok=True)
        raise BackupError(f"{source} has no tables yet: run `flask --app wsgi db upgrade` first.")
    os.replace(partial, target)  # a failed backup never leaves a half file under the name
    return counts


def live_counts(engine: Engine) -> dict[str, int]:
    """Rows per table of the live database (after a pg_dump: counted just after it)."""
    names = sorted(n for n in inspect(engine).get_table_names() if n != "alembic_version")
    with engine.connect() as conn:
        return {n: conn.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in names}


def _script(url: str) -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config(url))


def compare_revision(revision: str | None, url: str) -> RevisionCheck:
    """Whether a backup at `revision` may be restored under this code: the same
    schema, or an older one that `flask db upgrade` brings up to date."""
    script = _script(url)
    head = script.get_current_head() or ""
    if revision == head:
        return RevisionCheck(revision, head, older=False)
    if revision is None:
        raise BackupError("The backup has no schema revision (no alembic_version table), "
                          "so it is not a Steady backup. Nothing was restored.")
    known = {rev.revision for rev in script.walk_revisions()}
    if revision not in known:
        raise BackupError(f"The backup is at schema revision {revision}, which this version "
                          f"of Steady does not know (it is at {head}): it was made by a newer "
                          "Steady. Restore it with that version. Nothing was restored.")
    return RevisionCheck(revision, head, older=True)


def sqlite_revision(path: Path) -> str | None:
    """The schema revision stored in a SQLite backup, after checking it is one."""
    if not path.is_file():
        raise BackupError(f"There is no backup file at {path}.")
    conn = _connect(path, read_only=True)
    try:
        _check(conn, str(path))
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError:
            return None
        return row[0] if row else None
    finally:
        conn.close()


def restore_sqlite(backup: Path, live: Path) -> dict[str, int]:
    """Replace the live database's contents with the backup's, page by page through
    SQLite (so the live file keeps its WAL mode and open connections see the new
    contents). Returns the restored row counts."""
    if backup.resolve() == live.resolve():
        raise BackupError("The backup and the live database are the same file.")
    live.parent.mkdir(parents=True, exist_ok=True)
    src, dst = _connect(backup, read_only=True), _connect(live)
    try:
        src.backup(dst)
        _check(dst, "The restored database")
        return sqlite_counts(dst)
    except sqlite3.Error as err:
        raise BackupError(f"The restore failed: {err}") from None
    finally:
        src.close()
        dst.close()


# PostgreSQL: pg_dump and pg_restore do the work; the password goes through the
# environment, never the command line (where `ps` would show it).

def _libpq(url: str | URL) -> tuple[str, dict[str, str]]:
    parsed = make_url(url)
    env = {"PGPASSWORD": parsed.password} if parsed.password else {}
    plain = URL.create("postgresql", username=parsed.username, host=parsed.host,
                       port=parsed.port, database=parsed.database, query=parsed.query)
    return plain.render_as_string(hide_password=False), env


@dataclass(frozen=True)
class Command:
    argv: list[str]
    env: dict[str, str]

    def shown(self) -> str:
        """The command as an operator would type it, the password left as a blank."""
        prefix = "PGPASSWORD=... " if self.env else ""
        return prefix + shlex.join(self.argv)


def pg_dump_command(url: str | URL, target: Path) -> Command:
    dsn, env = _libpq(url)
    return Command(["pg_dump", "--format=custom", f"--file={target}", f"--dbname={dsn}"], env)


def pg_restore_command(url: str | URL, backup: Path) -> Command:
    dsn, env = _libpq(url)
    return Command(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                    "--exit-on-error", f"--dbname={dsn}", str(backup)], env)


def _program(command: Command, what: str) -> str:
    """The program's full path, or BackupError with the exact command to run by hand."""
    program = shutil.which(command.argv[0])
    if program is None:
        raise BackupError(
            f"{command.argv[0]} is not on PATH, so Steady cannot {what} itself. Install the "
            "PostgreSQL client tools (Debian: apt-get install postgresql-client, the same "
            f"major version as the server or newer) and run:\n\n    {command.shown()}\n")
    return program


def _run(command: Command, what: str) -> str:
    program = _program(command, what)
    done = subprocess.run([program, *command.argv[1:]], env={**os.environ, **command.env},
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command.argv[0]} failed (exit {done.returncode}):\n"
                          f"{done.stderr.strip()}\n\nThe command was:\n    {command.shown()}")
    return done.stdout


def backup_postgres(url: str | URL, target: Path, *, force: bool = False) -> None:
    """pg_dump the database into `target` (custom format, for pg_restore)."""
    if target.exists() and not force:
        raise BackupError(f"{target} already exists. Choose a new name, or add --force "
                          "to replace it.")
    _program(pg_dump_command(url, target), "make the dump")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        _run(pg_dump_command(url, partial), "make the dump")
        listing = _run(Command(["pg_restore", "--list", str(partial)], {}), "check the dump")
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    if "TABLE DATA" not in listing:
        partial.unlink(missing_ok=True)
        raise BackupError("The dump holds no table data: is the schema migrated?")
    os.replace(partial, target)


def postgres_revision(url: str | URL, backup: Path) -> str | None:
    """The alembic revision recorded in a pg_dump file, read with pg_restore."""
    if not backup.is_file():
        raise BackupError(f"There is no backup file at {backup}.")
    _program(pg_restore_command(url, backup), "restore the dump")
    script = _run(Command(["pg_restore", "--data-only", "--table=alembic_version",
                           "--file=-", str(backup)], {}), "read the dump")
    lines = script.splitlines()
    for number, line in enumerate(lines):
        if line.startswith("COPY ") and "alembic_version" in line and number + 1 < len(lines):
            value = lines[number + 1].strip()
            return None if value == "\\." else value
    return None


def restore_postgres(url: str | URL, backup: Path) -> None:
    """pg_restore --clean the dump into the database, in one transaction."""
    _program(pg_restore_command(url, backup), "restore the dump")
    _run(pg_restore_command(url, backup), "restore the dump")
