"""What helps me: sessions per exercise and the median change in anxiety and in
twitch intensity, computed in SQL, with an honest "too few sessions" below three."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from webapp import db
from webapp.auth.models import User
from webapp.exercises import services as exercises
from webapp.insights.helps import MIN_SESSIONS, what_helps


def session(app, user_id: int, exercise: str = "breathe", pattern: str | None = "calm",
            ratings: tuple = (None, None, None, None)) -> None:
    """One session; ratings are anxiety before, after, intensity before, after."""
    names = ("anxiety_before", "anxiety_after", "intensity_before", "intensity_after")
    with app.app_context():
        user = db.session.get(User, user_id)
        started = datetime.now(UTC) - timedelta(hours=1)
        exercises.record_session(db.session, user, uuid.uuid4(), {
            "exercise": exercise, "pattern": pattern, "planned_seconds": 120,
            "actual_seconds": 120, "completed": True,
            "started_at": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
            **{n: r for n, r in zip(names, ratings, strict=True) if r is not None}})
        db.session.commit()


def helps_for(app, user_id: int):
    with app.app_context():
        return what_helps(db.session, db.session.get(User, user_id))


def test_medians_counts_and_too_few(app, make_user):
    other = make_user()
    me = make_user()
    # calm breathing: anxiety changes -4, -1, -2, 0 (median of the middle two: -1.5), the
    # intensity rated in three: -3, -1, +2 (median -1); one session without ratings
    for ratings in ((8, 4, 6, 3), (5, 4, None, None), (6, 4, 4, 3), (3, 3, 2, 4)):
        session(app, me.id, ratings=ratings)
    session(app, me.id)
    # grounding: two rated sessions, too few to say
    session(app, me.id, "grounding", None, (9, 2, None, None))
    session(app, me.id, "grounding", None, (7, 6, None, None))
    # box breathing: anxiety changes +1, -5, -6 (median -5), intensity never rated
    for before, after in ((2, 3), (8, 3), (9, 3)):
        session(app, me.id, pattern="box", ratings=(before, after, None, None))
    for _ in range(3):  # someone else's huge drops never count
        session(app, other.id, pattern="box", ratings=(10, 0, 10, 0))
    rows = {(h.exercise, h.pattern): h for h in helps_for(app, me.id)}
    calm, box, grounding = rows["breathe", "calm"], rows["breathe", "box"], rows["grounding", None]
    assert (calm.sessions, calm.anxiety_rated, calm.anxiety_change) == (5, 4, -1.5)
    assert (calm.intensity_rated, calm.intensity_change) == (3, -1.0)
    assert (box.sessions, box.anxiety_rated, box.anxiety_change) == (3, 3, -5.0)
    assert (box.intensity_rated, box.shown("intensity")) == (0, None)
    assert grounding.sessions == 2 and not grounding.enough and grounding.shown("anxiety") is None
    assert grounding.anxiety_change == -4.0  # the median of -7 and -1, kept but not shown
    assert [(h.exercise, h.pattern) for h in helps_for(app, me.id)] == [
        ("breathe", "box"), ("breathe", "calm"), ("grounding", None)]  # enough first, biggest drop
    assert MIN_SESSIONS == 3


def test_no_sessions(app, make_user):
    assert helps_for(app, make_user().id) == []


def test_the_page_shows_sessions_medians_and_too_few(app, person, client, stranger):
    for ratings in ((8, 4, 6, 3), (5, 4, None, None), (6, 4, 4, 3)):
        session(app, person.id, ratings=ratings)
    session(app, person.id, "grounding", None, (9, 2, None, None))
    html = client.get("/diary/insights").get_data(as_text=True)
    assert "What helps you" in html
    assert "3 sessions" in html and "Anxiety: down 2.0 (median of 3)" in html
    assert "Twitch intensity: too few rated sessions (2)" in html
    assert "1 session" in html
    assert "Too few sessions to say yet: 1 rated before and after, and it takes 3." in html


def test_the_page_without_sessions(person, client):
    html = client.get("/diary/insights").get_data(as_text=True)
    assert "Rate how you feel before and after an exercise" in html
