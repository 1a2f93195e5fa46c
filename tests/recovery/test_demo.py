"""The demo person's recovery data: eight weeks of checks that become fewer, with
more of them let pass, worry time at 18:30 and two worries waiting for it."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from webapp import db
from webapp.auth.models import User
from webapp.cli import DEMO_PERSON
from webapp.recovery.models import CheckItem, ParkedWorry, RecoverySettings


def test_demo_ledger_trends_down_with_more_urges_let_pass(app, runner):
    result = runner.invoke(args=["demo", "--days", "20"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        person = db.session.scalar(select(User).where(User.email == DEMO_PERSON))
        checks = db.session.scalars(select(CheckItem).where(CheckItem.user_id == person.id)).all()
        days = sorted({c.local_day for c in checks})
        assert days[-1] - days[0] >= timedelta(days=50)  # eight weeks, whatever --days says
        first = [c for c in checks if c.local_day < days[0] + timedelta(days=14)]
        last = [c for c in checks if c.local_day > days[-1] - timedelta(days=14)]
        assert len(first) > 2 * len(last) > 0

        def let_pass(rows: list[CheckItem]) -> float:
            return sum(c.outcome == "resisted" for c in rows) / len(rows)

        assert let_pass(last) > let_pass(first)
        assert any(c.timer_result for c in checks) and any(c.kind == "other" for c in checks)
        settings = db.session.scalar(select(RecoverySettings).where(
            RecoverySettings.user_id == person.id))
        assert (settings.worry_start, settings.worry_length) == (18 * 60 + 30, 15)
        worries = db.session.scalars(select(ParkedWorry).where(
            ParkedWorry.user_id == person.id)).all()
        assert [w.status for w in worries] == ["open", "open"]
    # Running the demo again replaces, never doubles.
    assert runner.invoke(args=["demo", "--days", "20"]).exit_code == 0
    with app.app_context():
        again = db.session.scalars(select(ParkedWorry).where(
            ParkedWorry.user_id == person.id)).all()
        assert len(again) == 2
