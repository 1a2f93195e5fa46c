"""SQLite writers taking turns without sleeping through each other's turns.

SQLite lets one connection write at a time. A writer that finds the database
locked waits in SQLite's busy handler, which sleeps between tries for 1, 2, 5, 10
and up to 100 ms, so a lock freed after 3 ms can stand idle far longer while the
waiters sleep; under load, writes then queue for a second or more.

Writers here take turns in two steps instead:

* in one process, a lock per engine: the next writer wakes the moment the one
  before ends its transaction;
* between processes (gunicorn's workers), the one writer per process that holds
  that lock tries ``BEGIN IMMEDIATE`` every millisecond.

Both give up after the busy timeout with SQLite's own "database is locked", which
the sync API answers as retry and pages as "try again". A process that dies frees
everything it held: its turn lived in its memory, and SQLite's lock is the file's.
"""
from __future__ import annotations

import sqlite3
import threading
import time

POLL_S = 0.001


class Connection(sqlite3.Connection):
    """A sqlite3 connection that takes its engine's turn before a write transaction
    and gives it back when the transaction ends (commit, rollback or close)."""

    turn: threading.Lock | None = None
    busy_timeout_ms = 5000
    _holding = False

    def begin_writing(self) -> None:
        """``BEGIN IMMEDIATE``, in turn; sqlite3.OperationalError after the timeout."""
        timeout = self.busy_timeout_ms / 1000
        deadline = time.monotonic() + timeout
        if self.turn is not None and not self._holding:
            if not self.turn.acquire(timeout=timeout):
                raise sqlite3.OperationalError("database is locked")
            self._holding = True
        try:
            self._begin_immediate(deadline)
        except BaseException:
            self._give_turn()
            raise

    def _begin_immediate(self, deadline: float) -> None:
        self.execute("PRAGMA busy_timeout=0")  # a busy database answers at once
        try:
            while True:
                try:
                    self.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as err:
                    if "locked" not in str(err) or time.monotonic() >= deadline:
                        raise
                time.sleep(POLL_S)
        finally:
            self.execute(f"PRAGMA busy_timeout={int(self.busy_timeout_ms)}")

    def _give_turn(self) -> None:
        if self._holding and self.turn is not None:
            self._holding = False
            self.turn.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._give_turn()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._give_turn()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._give_turn()
