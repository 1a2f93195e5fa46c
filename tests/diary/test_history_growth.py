"""Pages and exports that do not grow with history: /diary/ does the same work for
30 days of diary as for 10 years (statements, and on SQLite the database engine's
own step count, which rises with every row read), and an export streams in the
same memory whatever its length. Counted, never timed."""
from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from tests.fixtures.accounts import AuthActions
from webapp import db
from webapp.auth.models import User
from webapp.diary import demo
from webapp.page_cache import EXTENSION as PAGES

SHORT, YEARS, LONG = 30, 1000, 3650


@pytest.fixture
def two_diaries(app, make_user):
    """People with the same demo habits for 30 days, about three years and ten years."""
    people = {}
    for days in (SHORT, YEARS, LONG):
        made = make_user(email=f"days{days}@example.com")
        with app.app_context():
            demo.fill(db.session, db.session.get(User, made.id), days)
            db.session.commit()
        people[days] = made
    return people


class Work:
    def __init__(self) -> None:
        self.statements = 0
        self.steps = 0


@contextmanager
def measured(app) -> Iterator[Work]:
    """Statements run, and SQLite's virtual-machine steps (in thousands)."""
    work = Work()
    engine = app.extensions["steady_engine"]
    app.extensions[PAGES].clear()  # what building the page costs, not a repeat visit

    def count(_step: Any = None) -> int:
        work.steps += 1
        return 0

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            work.statements += 1
        if engine.dialect.name == "sqlite":
            conn.connection.driver_connection.set_progress_handler(count, 1000)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield work
    finally:
        event.remove(engine, "before_cursor_execute", before)
        if engine.dialect.name == "sqlite":
            with engine.connect() as conn:
                conn.connection.driver_connection.set_progress_handler(None, 1000)


@pytest.mark.parametrize("url", ["/diary/", "/diary/insights", "/diary/summary", "/"])
def test_a_page_costs_the_same_at_30_days_and_ten_years(app, client, two_diaries, url):
    auth = AuthActions(client)
    work = {}
    for days in (SHORT, YEARS, LONG):
        auth.login(two_diaries[days].email)
        client.get(url)  # warm: the first request of a session does extra once
        with measured(app) as work[days]:
            response = client.get(url)
        assert response.status_code == 200
        auth.logout()
    assert work[LONG].statements == work[YEARS].statements == work[SHORT].statements <= 7
    if app.extensions["steady_engine"].dialect.name == "sqlite":
        # Past the longest stretch any part of a page counts back (the taper's 90-day
        # baseline, the summary's 90 days and the 90 before, insights' 12 weeks), more
        # years of rows add no work at all.
        steps = {days: w.steps for days, w in work.items()}
        assert steps[LONG] <= steps[YEARS] * 1.1 + 1, steps


@pytest.mark.parametrize("url", ["/diary/export/entries.csv", "/diary/export/checkins.csv",
                                 "/account/export.json"])
def test_exports_stream_in_the_same_memory_at_any_length(app, client, two_diaries, url):
    auth = AuthActions(client)
    peaks, sizes = {}, {}
    for days in (YEARS, LONG):  # both well past one batch of rows
        auth.login(two_diaries[days].email)
        tracemalloc.start()
        response = client.get(url, buffered=False)
        sizes[days] = sum(len(chunk) for chunk in response.response)
        response.close()
        peaks[days] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        auth.logout()
    assert sizes[LONG] > 3 * sizes[YEARS]  # over three times the history and the file
    assert peaks[LONG] < 1.5 * peaks[YEARS], (peaks, sizes)  # the same memory
