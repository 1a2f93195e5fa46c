"""A share's end date is the person's own day: "today" is accepted in their evening,
and the share runs until midnight where they live, not until UTC's midnight.

The zone is picked so that the person's date is not UTC's date at the hour the test
runs (12 hours behind before noon UTC, 14 ahead after), which is when a rule written
in UTC's day goes wrong."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from alembic import command
from sqlalchemy import select, text

from tests.fixtures.accounts import post_form
from tests.fixtures.database import migrate
from tests.sharing.support import ALL_PARTS, code_of, signed_in
from webapp import db
from webapp.db import utcnow
from webapp.sharing.models import Share


def far_zone() -> str:
    return "Etc/GMT+12" if utcnow().hour < 12 else "Etc/GMT-14"


def their_today(zone: str) -> date:
    return utcnow().astimezone(ZoneInfo(zone)).date()


def start_sharing(app, make_user, zone: str, ends_on: str):
    therapist = make_user(role="therapist", display_name="Dr Lee")
    make_user(display_name="Bystander")  # another person, who shares nothing
    person = make_user(display_name="Robin", timezone=zone)
    t_client, p_client = signed_in(app, therapist), signed_in(app, person)
    response = post_form(p_client, "/share", {**ALL_PARTS, "code": code_of(t_client),
                                              "ends_on": ends_on})
    return response, t_client, p_client, person


def test_a_person_can_end_sharing_on_their_own_today_and_it_lasts_to_their_midnight(
        app, make_user):
    zone = far_zone()
    today = their_today(zone)
    assert today != utcnow().date()
    response, t_client, _, person = start_sharing(app, make_user, zone, today.isoformat())
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    with app.app_context():
        found = db.session.scalar(select(Share).where(Share.person_id == person.id))
        midnight = datetime.combine(today + timedelta(days=1), time(0), ZoneInfo(zone))
        assert found.ends_on == today and found.ends_at == midnight.astimezone(UTC)
        assert not found.ended(midnight - timedelta(minutes=1)) and found.ended(midnight)
        share_id = found.id
    assert t_client.get(f"/clients/{share_id}").status_code == 200
    assert "Robin" in t_client.get("/clients").get_data(as_text=True)


def test_their_yesterday_is_refused_and_the_form_keeps_it(app, make_user):
    zone = far_zone()
    yesterday = (their_today(zone) - timedelta(days=1)).isoformat()
    response, _, _, person = start_sharing(app, make_user, zone, yesterday)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The end date has passed" in html and f'value="{yesterday}"' in html
    with app.app_context():
        assert db.session.scalar(select(Share).where(Share.person_id == person.id)) is None


def test_the_min_on_the_date_field_is_their_today(app, make_user):
    zone = far_zone()
    _, _, p_client, _ = start_sharing(app, make_user, zone, "")
    assert f'min="{their_today(zone).isoformat()}"' in p_client.get("/share").get_data(
        as_text=True)


def test_se01_fills_the_end_moment_from_each_persons_zone(tmp_path):
    url = f"sqlite:///{tmp_path / 'se01.sqlite3'}"
    migrate(url)
    cfg = db.alembic_config(url)
    engine = db.make_engine(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "ts01")
        for n, (zone, role) in enumerate([("UTC", "therapist"), ("America/Los_Angeles", "person"),
                                          ("Asia/Tokyo", "person")], 1):
            conn.execute(text(
                "INSERT INTO users (id, email, password_hash, display_name, role, timezone, "
                "session_token, created_at, updated_at) VALUES (:id, :email, 'x', 'A', :role, "
                ":zone, :token, '2026-12-01', '2026-12-01')"),
                {"id": n, "email": f"u{n}@example.com", "role": role, "zone": zone,
                 "token": f"t{n}"})
        for share_id, person, ends_on in [(1, 2, "2026-12-10"), (2, 3, "2026-12-10"),
                                          (3, 3, None)]:
            conn.execute(text(
                "INSERT INTO shares (id, person_id, therapist_id, share_twitches, share_checkins,"
                " share_notes, share_screenings, share_exercises, share_recovery, share_measures,"
                " ends_on, created_at, updated_at) VALUES (:id, :person, 1, 1, 1, 0, 1, 1, 0, 0,"
                " :ends_on, '2026-12-01', '2026-12-01')"),
                {"id": share_id, "person": person, "ends_on": ends_on})
        command.upgrade(cfg, "head")
        ends = dict(conn.execute(text("SELECT id, ends_at FROM shares")).all())
        assert {k: v and v[:16] for k, v in ends.items()} == {
            1: "2026-12-11 08:00", 2: "2026-12-10 15:00", 3: None}
        command.downgrade(cfg, "ts01")
        assert conn.execute(text("SELECT ends_on FROM shares WHERE id = 1")).scalar_one() \
            == "2026-12-10"
    engine.dispose()
